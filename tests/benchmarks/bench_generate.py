"""Benchmark: how close persona generation keeps a server to its capacity.

The fake Ollama server runs in its own process (so the client and server do not share a GIL)
with ``N`` parallel slots and a fixed latency ``L`` per request; its ideal throughput is
``N / L`` requests per second. The generator sends the same requests the generate job would
(real prompts from the sample data, the Persona schema, JSON validation, journalling) and we
report:

- achieved requests/s as a share of ``N / L`` (target >= 95%);
- client overhead per request: the client process's CPU time divided by the requests (building
  the request, HTTP, JSON validation, journalling; target <= 2 ms).

Run with ``make bench`` (or ``python -m tests.benchmarks.bench_generate [--quick]``).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

from persona_batch.core.config import GenerateSettings
from persona_batch.core.io import Journal
from persona_batch.core.persona import Persona
from persona_batch.core.work import WorkItem
from persona_batch.llm.client import OllamaHost
from persona_batch.llm.generator import Generator, Outcome
from persona_batch.personas.prompts import build_items
from tests.benchmarks.measure import fake_ollama_process
from tests.paths import ROOT, SAMPLE_CSV


def _items(count: int) -> list[WorkItem]:
    frame = pl.read_csv(SAMPLE_CSV)
    frame = pl.concat([frame] * (count // frame.height + 1)).head(count)
    frame = frame.with_columns(pl.Series("respondent_id", range(count)))
    settings = GenerateSettings(id_column="respondent_id")
    return build_items(frame, settings, "qwen2.5:7b", Persona.model_json_schema())


def measure(slots: int, latency: float, count: int, concurrency: int = 0) -> dict[str, float]:
    """One run; ``concurrency=0`` is the job's default (slots from OLLAMA_NUM_PARALLEL, plus one)."""
    with fake_ollama_process(slots, latency) as url:
        items = _items(count)
        os.environ["OLLAMA_NUM_PARALLEL"] = str(slots)
        settings = GenerateSettings(concurrency=concurrency, request_timeout=60)
        in_flight = settings.in_flight()
        with tempfile.TemporaryDirectory() as tmp:
            journal = Journal(Path(tmp) / "journal.jsonl")

            def on_outcome(item: WorkItem, outcome: Outcome) -> None:
                if outcome.error is None:
                    journal.append(outcome.record())

            generator = Generator(settings, "qwen2.5:7b", [OllamaHost(url, 60)], on_outcome)
            started, cpu = time.perf_counter(), time.process_time()
            outcomes = generator.run(items)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            journal.close()
    failed = sum(1 for o in outcomes.values() if o.error)
    achieved = count / elapsed
    ideal = slots / latency
    return {
        "slots": slots,
        "latency_s": latency,
        "in_flight": in_flight,
        "requests": count,
        "failed": failed,
        "seconds": round(elapsed, 3),
        "achieved_rps": round(achieved, 2),
        "ideal_rps": round(ideal, 2),
        "share_of_capacity": round(achieved / ideal, 4),
        "client_cpu_ms_per_request": round(cpu / count * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, for a smoke run")
    args = parser.parse_args()
    count = 120 if args.quick else 400
    runs = [
        measure(slots=1, latency=0.0001, count=count),
        measure(slots=4, latency=0.05, count=count),
        measure(slots=4, latency=0.05, count=count, concurrency=4),
        measure(slots=4, latency=0.2, count=count // 2),
        measure(slots=8, latency=0.05, count=count),
    ]
    table = Table(title="generate: share of server capacity (fake Ollama in its own process)")
    for heading in (
        "slots N",
        "latency L",
        "in flight",
        "requests",
        "achieved/s",
        "ideal N/L",
        "share",
        "client CPU/request",
        "target",
    ):
        table.add_column(heading, justify="right")
    for r in runs:
        if r["latency_s"] < 0.001:  # a round-trip probe, not a capacity run
            table.add_row(
                str(r["slots"]),
                "~0",
                str(r["in_flight"]),
                str(r["requests"]),
                f"{r['achieved_rps']:.0f}",
                "-",
                "-",
                f"{r['client_cpu_ms_per_request']:.2f} ms",
                "sequential, no latency",
            )
            continue
        ok = r["share_of_capacity"] >= 0.95 and r["client_cpu_ms_per_request"] <= 2.0
        table.add_row(
            str(r["slots"]),
            f"{r['latency_s'] * 1000:g} ms",
            str(r["in_flight"]),
            str(r["requests"]),
            f"{r['achieved_rps']:.1f}",
            f"{r['ideal_rps']:.1f}",
            f"{r['share_of_capacity']:.1%}",
            f"{r['client_cpu_ms_per_request']:.2f} ms",
            "PASS" if ok else "MISS (>=95%, <=2 ms)",
        )
    Console(width=150).print(table)
    out = ROOT / "out" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "generate.json").write_text(json.dumps(runs, indent=2))
    Console().print(f"results: {out / 'generate.json'}")


if __name__ == "__main__":
    main()
