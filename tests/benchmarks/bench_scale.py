"""Benchmark of the anonymise job's scale-out: loky against Dask, and memory against input size.

Run with ``.venv/bin/python -m tests.benchmarks.bench_scale [--rows N] [--memory]``. Not a
test: nothing is asserted, every figure is printed, and the script exits 0 whatever they are.

**(a) engine overhead.** One generated input (``data/make_sample.py``'s ``write_sample``, fixed
seed, ``long_notes=True``, default 1,000 rows) in a temporary directory. A Dask scheduler and
``--workers`` one-thread workers are started as separate processes on a free loopback port
(as ``tests/cluster.sh`` does, with ``DASK_TEMPORARY_DIRECTORY`` in the temporary directory).
Then ``run_anonymise`` with ``workers=--workers``, four times in this process, alternating
engines so that a drifting load on a shared machine hits both alike: loky cold (loky starts its
workers, each loads the spaCy model), Dask cold (each Dask worker loads the model), loky warm
and Dask warm (the same calls again), the Dask runs with
``JobConfig(engine=EngineSettings(backend="dask", ...))``. The Dask cluster's start-up is timed on
its own and is outside every job time. Printed: rows/s of each and the ratios Dask / loky
(cold and warm): on one machine the ratio is the Dask engine's overhead, since both run the
same tasks on the same number of processes. Also whether the four outputs are identical and
how many detectors each Dask worker built.

**(b) memory, with ``--memory``.** Two CSVs of about ``--small-mb`` (100) and ``--large-mb``
(1,000) MB, made by writing the generated rows' CSV body (polars) over and over after one
header, each deleted after its runs. Two jobs run on each, each in a fresh ``python -c``
subprocess (loky, ``workers=--workers``, ``batch_rows=--batch-rows``, default 20,000): the
anonymise job, and the generate job grouped by ``segment`` with two personas per group against
a fake Ollama in its own process (4 slots, 50 ms), which streams the input through its group
sampler and anonymises only the rows it keeps. A thread polls the job's process and all its
descendants every 50 ms with psutil and keeps the peak of their summed RSS. Printed: peaks,
wall times and the ratio large / small per job. Repeated rows make detection cheap (a batch
analyses each distinct text once), so these runs measure what batching bounds (the frame, the
apply step, Parquet writing), not detection speed. Summed RSS counts shared pages once per
process, alike for both runs. (b) takes about 20 minutes on a 2-core machine, (a) under 2,
hence the flag.

**(c) long cells, with ``--cell-mb N``.** Two CSVs of two rows each, one of whose cells is
1 MB, then N MB, of the generated rows' notes joined (so the text is real prose with its PII,
not one string repeated): the anonymise job on each in a fresh process, one worker (a cell is
one task). Printed: peak RSS, seconds, MB/s and the ratios N MB / 1 MB. The cell is cut into
windows and spaCy parses a bounded number of characters at once, so the peak should stay
flat while the time grows with the cell. A 50 MB cell takes about an hour on one core.

Every run also shows its **other load**: the share of the machine's CPU that processes outside
this benchmark used meanwhile (psutil). Near 0% the figure is clean; at 20% or more, run again
on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import psutil

from persona_batch.core.config import AnonymiseSettings, EngineSettings, GateSettings, JobConfig
from persona_batch.privacy import engine
from persona_batch.privacy.job import run_anonymise
from persona_batch.testing.dask_cluster import LocalCluster
from tests.benchmarks.measure import (
    CpuSnapshot,
    MemoryRun,
    fake_ollama_process,
    measure_memory,
    write_input,
)

MB = 1_000_000


@dataclass
class Timed:
    """One job run: what it read and how long it took."""

    name: str
    rows: int
    seconds: float
    output: Path
    other_load: float
    """Share of the machine's CPU that processes outside this benchmark used meanwhile."""

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds


def _detectors_here() -> int:
    """On a worker: how many detectors this process holds."""
    from persona_batch.privacy import detect

    return len(detect._DETECTORS)


def time_job(name: str, csv: Path, output: Path, workers: int, on: EngineSettings) -> Timed:
    config = JobConfig(
        anonymise=AnonymiseSettings(workers=workers),
        engine=on,
        gate=GateSettings(on_residual="redact"),  # measure, do not stop on a detection miss
    )
    before = CpuSnapshot.take()
    result = run_anonymise(config.privacy, csv, output)
    after = CpuSnapshot.take()
    return Timed(
        name, result.rows, after.wall - before.wall, result.output, before.other_load(after)
    )


def engine_overhead(rows: int, workers: int, folder: Path) -> None:
    """(a): the same job on loky and on a local Dask cluster, cold and warm."""
    csv = write_input(folder, rows)
    print(f"input: {rows:,} generated rows (long notes), {csv.stat().st_size / MB:.1f} MB CSV")
    cluster = LocalCluster(workers, folder)
    dask = cluster.engine
    runs: dict[str, Timed] = {}
    try:
        print(f"dask cluster: scheduler + {workers} workers up in {cluster.start():.1f} s")
        for kind in ("cold", "warm"):  # alternating, so a drifting load hits both engines alike
            for name in ("loky", "dask"):
                on = dask if name == "dask" else EngineSettings()
                output = folder / f"{name}-{kind}.parquet"
                runs[f"{name}, {kind}"] = time_job(f"{name}, {kind}", csv, output, workers, on)
        builds = sorted(cluster.client.run(_detectors_here).values())
    finally:
        engine.close_clients()  # the job's own client, before its scheduler goes
        cluster.stop()
    print(f"\n{'run':<12} {'rows':>7} {'seconds':>9} {'rows/s':>8} {'other load':>11}")
    for run in runs.values():
        print(
            f"{run.name:<12} {run.rows:>7,} {run.seconds:>9.2f} {run.rows_per_s:>8.1f} "
            f"{run.other_load:>11.0%}"
        )
    for kind in ("cold", "warm"):
        ratio = runs[f"dask, {kind}"].rows_per_s / runs[f"loky, {kind}"].rows_per_s
        print(f"dask / loky rows/s, {kind}: {ratio:.3f}x")
    frames = [pl.read_parquet(run.output) for run in runs.values()]
    identical = all(frame.equals(frames[0]) for frame in frames[1:])
    print(f"outputs identical across the four runs: {'yes' if identical else 'NO'}")
    print(f"detectors held per dask worker after both dask runs: {builds}")


# --------------------------------------------------------------------------- memory


def write_repeated(base: Path, target: Path, size_bytes: int) -> int:
    """``target``: ``base``'s header, then its rows over and over to about ``size_bytes``."""
    frame = pl.read_csv(base, infer_schema=False)
    header = frame.head(0).write_csv()
    body = frame.write_csv(include_header=False).encode()
    copies = max(1, round((size_bytes - len(header)) / len(body)))
    with target.open("wb") as handle:
        handle.write(header.encode())
        for _ in range(copies):
            handle.write(body)
    return frame.height * copies


def memory_scaling(args: argparse.Namespace, folder: Path) -> None:
    """(b): peak RSS of each job on a small and a large input, each in a fresh process."""
    base = write_input(folder / "base", args.rows)
    runs: dict[str, list[MemoryRun]] = {"anonymise": [], "generate, grouped": []}
    with fake_ollama_process(slots=4, latency=0.05) as url:
        for megabytes in (args.small_mb, args.large_mb):
            csv = folder / f"repeated-{megabytes}mb.csv"
            rows = write_repeated(base, csv, megabytes * MB)
            print(f"memory runs: {csv.stat().st_size / MB:,.0f} MB, {rows:,} rows ...", flush=True)
            try:
                for job, host in (("anonymise", None), ("generate, grouped", url)):
                    output = folder / "out.parquet"
                    runs[job].append(
                        measure_memory(csv, output, rows, args.workers, args.batch_rows, host)
                    )
                    output.unlink(missing_ok=True)
            finally:
                csv.unlink(missing_ok=True)
    print(
        f"\n{'job':<18} {'input MB':>9} {'rows':>10} {'peak RSS MB':>12} {'seconds':>9} "
        f"{'processes':>10} {'other load':>11}"
    )
    for job, measured in runs.items():
        for run in measured:
            print(
                f"{job:<18} {run.csv_bytes / MB:>9,.0f} {run.rows:>10,} "
                f"{run.peak_rss_bytes / MB:>12,.0f} {run.seconds:>9.1f} {run.max_processes:>10} "
                f"{run.other_load:>11.0%}"
            )
    runs["generate, per row"] = per_row_memory(args, base, folder)
    for job, (small, large) in runs.items():
        print(
            f"{job}: peak RSS {large.csv_bytes / MB:,.1f} MB / {small.csv_bytes / MB:,.1f} MB "
            f"input: {large.peak_rss_bytes / small.peak_rss_bytes:.2f}x "
            f"(input {large.csv_bytes / small.csv_bytes:.1f}x)"
        )


def long_cells(args: argparse.Namespace, folder: Path) -> None:
    """(c): the anonymise job on one 1 MB cell and one ``--cell-mb`` MB cell, fresh processes."""
    base = write_input(folder / "base", args.rows)
    notes = "\n".join(
        str(v) for c in ("interview_notes", "survey_answer") for v in pl.read_csv(base)[c]
    )
    runs = []
    for megabytes in (1, args.cell_mb):
        text = (notes * (megabytes * MB // max(len(notes), 1) + 1))[: megabytes * MB]
        csv = folder / f"cell-{megabytes}mb.csv"
        pl.DataFrame(
            {"id": ["long", "short"], "notes": [text, "Call Maria on 0612 345 678"]}
        ).write_csv(csv)
        print(f"long cell: {megabytes} MB ...", flush=True)
        output = folder / "out.parquet"
        try:
            runs.append(measure_memory(csv, output, 2, 1, args.batch_rows))
        finally:
            csv.unlink(missing_ok=True)
            output.unlink(missing_ok=True)
    print(f"\n{'cell MB':>8} {'peak RSS MB':>12} {'seconds':>9} {'MB/s':>7} {'other load':>11}")
    for megabytes, run in zip((1, args.cell_mb), runs, strict=True):
        print(
            f"{megabytes:>8} {run.peak_rss_bytes / MB:>12,.0f} {run.seconds:>9.1f} "
            f"{megabytes / run.seconds:>7.3f} {run.other_load:>11.0%}"
        )
    small, large = runs
    print(
        f"long cell: peak RSS {args.cell_mb} MB / 1 MB: "
        f"{large.peak_rss_bytes / small.peak_rss_bytes:.2f}x, time {large.seconds / small.seconds:.1f}x"
    )


def per_row_memory(args: argparse.Namespace, base: Path, folder: Path) -> list[MemoryRun]:
    """(b, last): one persona per row on ``--rows`` and 10x as many, in batches of a tenth.

    Every row is a request here, so the inputs are small (a fake Ollama with 8 slots and 10 ms
    answers them); what grows tenfold is the number of batches streamed through.
    """
    runs = []
    batch_rows = max(1, args.rows // 10)
    with fake_ollama_process(slots=8, latency=0.01) as url:
        for copies in (1, 10):
            csv = folder / f"per-row-{copies}x.csv"
            rows = write_repeated(base, csv, base.stat().st_size * copies)
            print(f"memory run, per row: {rows:,} rows ...", flush=True)
            try:
                output = folder / "out.parquet"
                runs.append(
                    measure_memory(csv, output, rows, args.workers, batch_rows, url, grouped=False)
                )
                output.unlink(missing_ok=True)
            finally:
                csv.unlink(missing_ok=True)
    for run in runs:
        print(
            f"{'generate, per row':<18} {run.csv_bytes / MB:>9,.1f} {run.rows:>10,} "
            f"{run.peak_rss_bytes / MB:>12,.0f} {run.seconds:>9.1f} {run.max_processes:>10} "
            f"{run.other_load:>11.0%}"
        )
    return runs


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000, help="generated rows (default 1000)")
    parser.add_argument("--workers", type=int, default=2, help="loky and Dask workers")
    parser.add_argument("--memory", action="store_true", help="also run (b), the memory runs")
    parser.add_argument("--small-mb", type=int, default=100, help="(b) small input, MB")
    parser.add_argument("--large-mb", type=int, default=1_000, help="(b) large input, MB")
    parser.add_argument("--batch-rows", type=int, default=20_000, help="(b) batch_rows")
    parser.add_argument("--cell-mb", type=int, default=0, help="(c) a long cell of N MB vs 1 MB")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    print(f"machine: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        started = time.perf_counter()
        print("\n(a) engine overhead: loky vs Dask on one machine")
        engine_overhead(args.rows, args.workers, folder / "engines")
        print(f"(a) took {time.perf_counter() - started:.0f} s")
        if args.memory:
            started = time.perf_counter()
            print("\n(b) peak RSS against input size")
            memory_scaling(args, folder / "memory")
            print(f"(b) took {time.perf_counter() - started:.0f} s")
        else:
            print("\n(b) memory runs skipped: pass --memory (about 100 MB and 1 GB of CSV)")
        if args.cell_mb:
            started = time.perf_counter()
            print(f"\n(c) peak RSS and time on a {args.cell_mb} MB cell against a 1 MB one")
            long_cells(args, folder / "cells")
            print(f"(c) took {time.perf_counter() - started:.0f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
