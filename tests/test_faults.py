"""Faults leave nothing behind: a killed job's loky workers exit, its temporary file is removed by
the next run, and SIGTERM stops a job with exit 143, no traceback and no file.

Each test runs `persona privacy anonymise` in a subprocess on a file long enough to be caught
mid-run, with two workers. The waits are deadlines for a condition, not timings.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import psutil
import pytest

from persona_batch.core.errors import EXIT_TERMINATED
from persona_batch.core.io import remove_stale_temps
from tests.paths import SAMPLE_CSV

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def long_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "long.csv"
    sample = pl.read_csv(SAMPLE_CSV)
    pl.concat([sample] * 4).write_csv(path)
    return path


def _start(source: Path, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "persona_batch", "privacy", "anonymise"]
    command += ["-i", str(source), "-o", str(out), "--workers", "2", "--batch-rows", "100"]
    env = {**os.environ, "CI": "true"}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _workers(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [c for c in children if "loky" in " ".join(_cmdline(c))]


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
        return []


def _busy_workers(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """Wait until the job has two loky workers and a temporary output file."""
    assert _wait_for(lambda: len(_workers(proc)) >= 2, 180), "no loky workers started"
    return _workers(proc)


def _gone(processes: list[psutil.Process]) -> bool:
    alive = []
    for p in processes:
        try:
            if p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            continue
    return not alive


def _temps(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.*.tmp"))


def test_workers_exit_when_the_job_is_killed_and_the_rerun_cleans_up(
    long_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    proc = _start(long_csv, out)
    workers = _busy_workers(proc)
    assert _wait_for(lambda: bool(_temps(out)), 120)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # the workers notice their job is gone and exit, mid-task, instead of computing on
    assert _wait_for(lambda: _gone(workers), 10), [w.pid for w in workers]  # the issue: 10 s
    stale = _temps(out)
    assert stale and not out.exists()  # SIGKILL leaves the temporary file; nothing published
    rerun = _start(long_csv, out)
    _, stderr = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, stderr.decode()
    assert out.exists() and _temps(out) == []  # the dead run's file went with the rerun
    assert pl.read_parquet(out).height == pl.read_csv(long_csv).height


def test_sigterm_stops_with_143_one_line_and_no_file(long_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    proc = _start(long_csv, out)
    workers = _busy_workers(proc)
    assert _wait_for(lambda: bool(_temps(out)), 120)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    text = stderr.decode()
    assert proc.returncode == EXIT_TERMINATED, text
    assert "stopped (SIGTERM)" in text and "run the same command again" in text
    assert "Traceback" not in text
    assert not out.exists() and _temps(out) == []
    assert _wait_for(lambda: _gone(workers), 30)


def test_a_live_runs_temporary_file_is_never_removed(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    mine = tmp_path / f".out.parquet.{os.getpid()}.abc123.tmp"
    dead_pid = _a_dead_pid()
    dead = tmp_path / f".out.parquet.{dead_pid}.def456.tmp"
    other = tmp_path / f".other.parquet.{dead_pid}.def456.tmp"
    legacy = tmp_path / ".out.parquet.k3j4h5.tmp"  # no pid in its name: we cannot tell
    for path in (mine, dead, other, legacy):
        path.write_text("x")
    assert remove_stale_temps(target) == [dead]
    assert mine.exists() and other.exists() and legacy.exists() and not dead.exists()


def _a_dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)  # fmt: skip
    pid = int(done.stdout)
    assert not psutil.pid_exists(pid)
    return pid
