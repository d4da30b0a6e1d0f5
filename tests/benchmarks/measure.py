"""What the benchmarks measure with: CPU snapshots, stopwatches, RSS polling, generated input.

Shared by ``bench_anonymise.py`` and ``bench_scale.py``; run those as modules from the
repository's root (``python -m tests.benchmarks.bench_scale``), as ``make bench`` does.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import psutil

from tests.paths import DATA

MAKE_SAMPLE = DATA / "make_sample.py"
SEED = 20261123
"""The generated input's seed: every benchmark measures the same rows."""
POLL_SECONDS = 0.05


def load_generator() -> ModuleType:
    """``data/make_sample.py`` as a module (``data/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("make_sample", MAKE_SAMPLE)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {MAKE_SAMPLE}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_input(folder: Path, rows: int, seed: int = SEED) -> Path:
    """A ``rows``-row CSV with long interview notes (``make_sample.py``); its path."""
    paths: dict[str, Path] = load_generator().write_sample(folder, rows, seed, long_notes=True)
    return paths["csv"]


@dataclass(frozen=True)
class CpuSnapshot:
    """Wall clock, the machine's busy CPU seconds and this benchmark's own (tree) CPU seconds.

    Between two snapshots, busy minus own is what other processes used: on a shared machine
    that is the noise in a measurement, reported next to it.
    """

    wall: float
    busy: float
    own: float

    @classmethod
    def take(cls) -> CpuSnapshot:
        machine = psutil.cpu_times()
        busy = machine.user + machine.nice + machine.system
        busy += getattr(machine, "irq", 0.0) + getattr(machine, "softirq", 0.0)
        me = psutil.Process()
        mine = me.cpu_times()  # children_*: every descendant already waited for
        own = mine.user + mine.system + mine.children_user + mine.children_system
        for child in me.children(recursive=True):  # live ones (loky workers)
            try:
                times = child.cpu_times()
            except psutil.NoSuchProcess:
                continue
            own += times.user + times.system
        return cls(time.perf_counter(), busy, own)

    def other_load(self, later: CpuSnapshot) -> float:
        """Share of all CPUs used by other processes from ``self`` to ``later``."""
        capacity = (later.wall - self.wall) * (os.cpu_count() or 1)
        other = (later.busy - self.busy) - (later.own - self.own)
        return max(0.0, other) / capacity if capacity > 0 else 0.0


class Stopwatch:
    """``time.perf_counter`` seconds of a ``with`` block, and other processes' CPU share."""

    seconds: float = 0.0
    other_load: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._before = CpuSnapshot.take()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._started
        self.other_load = self._before.other_load(CpuSnapshot.take())


class TreeRssPoller(threading.Thread):
    """Polls a process and all its descendants; keeps the peak of their summed RSS."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0
        self.samples = 0
        self.max_processes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for process in tree:
                try:
                    total += process.memory_info().rss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self.peak = max(self.peak, total)
            self.max_processes = max(self.max_processes, len(tree))
            self.samples += 1
            self._stop_event.wait(POLL_SECONDS)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


_ANONYMISE_CHILD = """
import sys
from pathlib import Path
from persona_batch.core.config import AnonymiseSettings, GateSettings, JobConfig
from persona_batch.privacy.job import run_anonymise
csv, out, workers, batch_rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
config = JobConfig(
    anonymise=AnonymiseSettings(workers=workers, batch_rows=batch_rows),
    gate=GateSettings(on_residual="redact"),  # measure, do not stop on a detection miss
)
print(run_anonymise(config.privacy, Path(csv), Path(out)).rows)
"""
_GENERATE_CHILD = """
import sys
from pathlib import Path
from persona_batch.core.config import JobConfig
from persona_batch.personas.generate_job import run_generate
csv, out, workers, batch_rows, host, mode = sys.argv[1:7]
grouped = {"group_by": "segment", "per_group": 2} if mode == "grouped" else {}
config = JobConfig.model_validate({
    "anonymise": {"workers": int(workers), "batch_rows": int(batch_rows)},
    "generate": {**grouped, "concurrency": 16},
    "gate": {"on_residual": "redact"},
})
result = run_generate(config.with_hosts(host).personas, Path(csv), Path(out))
print(result.manifest["counts"]["source_rows"])
"""
_SERVER = """
import sys
from persona_batch.testing.fake_ollama import FakeOllama
srv = FakeOllama(models=["qwen2.5:7b"], slots={slots}, latency={latency}, max_queue=100000).start()
print(srv.url, flush=True)
sys.stdin.read()
srv.stop()
"""


@contextmanager
def fake_ollama_process(slots: int, latency: float) -> Iterator[str]:
    """A fake Ollama server (one model, ``qwen2.5:7b``) in its own process; yields its URL."""
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER.format(slots=slots, latency=latency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip()
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=10)


@dataclass
class MemoryRun:
    """Peak summed RSS of a fresh subprocess running the job, and of its descendants."""

    rows: int
    csv_bytes: int
    peak_rss_bytes: int
    seconds: float
    samples: int
    max_processes: int
    other_load: float = 0.0


def measure_memory(
    csv: Path,
    output: Path,
    rows: int,
    workers: int,
    batch_rows: int,
    generate_host: str | None = None,
    grouped: bool = True,
) -> MemoryRun:
    """Run a job in a fresh interpreter and poll its process tree's RSS.

    The anonymise job, or with ``generate_host`` the generate job against that Ollama: grouped
    by ``segment`` (two personas per group), or one persona per row. Raises when the job fails
    or reads another number of rows than ``rows``.
    """
    command = [sys.executable, "-c"]
    if generate_host is None:
        command += [_ANONYMISE_CHILD, str(csv), str(output), str(workers), str(batch_rows)]
    else:
        command += [_GENERATE_CHILD, str(csv), str(output), str(workers), str(batch_rows)]
        command += [generate_host, "grouped" if grouped else "per-row"]
    with Stopwatch() as watch:
        job = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        poller = TreeRssPoller(job.pid)
        poller.start()
        stdout, stderr = job.communicate()
    poller.stop()
    if job.returncode != 0:
        raise RuntimeError(f"memory run on {csv} failed (exit {job.returncode}):\n{stderr}")
    written = int(stdout.strip().splitlines()[-1])
    if written != rows:
        raise RuntimeError(f"memory run wrote {written} rows, expected {rows}")
    return MemoryRun(
        rows=rows,
        csv_bytes=csv.stat().st_size,
        peak_rss_bytes=poller.peak,
        seconds=watch.seconds,
        samples=poller.samples,
        max_processes=poller.max_processes,
        other_load=watch.other_load,
    )
