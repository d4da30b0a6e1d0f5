"""The chaos suite: `persona run` killed with SIGKILL at a seeded point of every stage (the
anonymise batches, each file's rename, generation, scoring, refine, the judge, the report); each
rerun must give the uninterrupted run's data (timings aside), every row once, no stray process
or temporary file, and the lock released.

The kills come from inside (:mod:`persona_batch.core.failpoints`), so each lands at its stage and not
wherever a timer happens to fall. How often a run passes each point is counted on the
uninterrupted run, and the seeded schedule picks a pass of each. The fake server answers the
same prompt the same way, so the data can be compared exactly.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import psutil
import pytest
from polars.testing import assert_frame_equal

from persona_batch.core import failpoints
from persona_batch.core.config import AnonymiseSettings, GenerateSettings, JobConfig, load_config
from persona_batch.core.io import read_json
from persona_batch.jobs.run import run_job
from persona_batch.personas.generate_job import run_generate
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import SAMPLE_CSV

pytestmark = pytest.mark.slow

SEED = 20261202
DAY = date(2026, 11, 30)
ROWS = 16
POINTS = ("sink.write", "request.generate", "score", "request.refine", "request.judge")
POINTS += ("report", "publish")  # fmt: skip
MODELS = ["qwen2.5:7b", "llama3.2:3b"]


def _job_file(folder: Path, source: Path) -> Path:
    job = folder / "chaos.toml"
    job.write_text(
        f"""
[job]
name = "chaos"
inputs = ["{source}"]
output_dir = "{folder / "out"}"

[anonymise]
workers = 2
batch_rows = 4

[generate]
id_column = "respondent_id"
concurrency = 2
backoff_seconds = 0.01
draft_model = "llama3.2:3b"
refine_model = "qwen2.5:7b"
refine_below = 100

[judge]
model = "llama3.2:3b"
"""
    )
    return job


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOllama]:
    with FakeOllama(models=MODELS, slots=2) as srv:
        yield srv


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "research.csv"
    pl.read_csv(SAMPLE_CSV).head(ROWS).write_csv(path)
    return path


@pytest.fixture(scope="module")
def clean(
    tmp_path_factory: pytest.TempPathFactory, source: Path, server: FakeOllama
) -> tuple[Path, dict[str, int]]:
    """The uninterrupted run (in this process), and how often it passed each point."""
    folder = tmp_path_factory.mktemp("clean")
    failpoints._schedule = dict.fromkeys(POINTS, 10**9)  # count every pass, kill none
    failpoints._hits.clear()
    try:
        result = run_job((load_config(_job_file(folder, source))).with_hosts(server.url), DAY)
        passes = {p: failpoints._hits[p] for p in POINTS}
    finally:
        failpoints._schedule = None
        failpoints._hits.clear()
    assert result.status == "success"
    assert all(passes.values()), passes  # the job reaches every point, or it tests nothing
    return result.folder, passes


def _schedule(passes: dict[str, int]) -> list[tuple[str, int]]:
    """One seeded pass of each point, and the first and last anonymise batch and rename."""
    rng = random.Random(SEED)
    kills = [(point, rng.randint(1, passes[point])) for point in POINTS]
    kills += [("sink.write", 1), ("publish", 1), ("publish", passes["publish"])]
    return sorted(set(kills), key=kills.index)


def _persona_run(
    job: Path, url: str, mark: str, kill: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true", "CHAOS_MARK": mark, failpoints.ENV: kill}
    command = [sys.executable, "-m", "persona_batch", "run", str(job), "--date", DAY.isoformat()]
    return subprocess.run(
        [*command, "--host", url], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def _strays(mark: str) -> list[int]:
    """Processes still alive from a run marked ``mark`` (its loky workers inherit the mark)."""
    found = []
    for process in psutil.process_iter(["pid"]):
        try:
            if process.environ().get("CHAOS_MARK") == mark and process.status() != "zombie":
                found.append(process.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def _no_strays_within(mark: str, seconds: float) -> list[int]:
    """The marked processes still alive after ``seconds`` (a deadline, not a timing)."""
    deadline = time.monotonic() + seconds
    while (strays := _strays(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return strays


def _leftovers(folder: Path) -> list[str]:
    """What an uninterrupted, successful run leaves nothing of: temporary files, journals, lock."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _same_data(got: Path, want: Path) -> None:
    for name in ("research.anonymised.parquet", "research.personas.parquet"):
        a, b = pl.read_parquet(got / name), pl.read_parquet(want / name)
        timings = [c for c in a.columns if c.endswith("latency_ms")]  # all that may differ
        assert_frame_equal(a.drop(timings), b.drop(timings))
    personas = pl.read_parquet(got / "research.personas.parquet")
    ids = personas["source_ids"].list.first().to_list()
    assert len(ids) == ROWS and len(set(ids)) == ROWS  # no row lost, none twice
    manifest, expected = read_json(got / "manifest.json"), read_json(want / "manifest.json")
    assert manifest["status"] == expected["status"] == "success"
    assert manifest["counts"] == expected["counts"]
    assert (got / "report.html").exists()


def test_a_kill_at_any_stage_then_a_rerun_gives_the_uninterrupted_runs_data(
    tmp_path: Path, source: Path, server: FakeOllama, clean: tuple[Path, dict[str, int]]
) -> None:
    want, passes = clean
    seen: dict[str, list[int]] = {"killed run": [], "rerun": []}
    for n, (point, count) in enumerate(_schedule(passes)):
        folder = tmp_path / f"kill-{n}"
        folder.mkdir()
        job, mark = _job_file(folder, source), uuid.uuid4().hex
        killed = _persona_run(job, server.url, mark, f"{point}={count}")
        seen["killed run"].append(killed.returncode)
        assert killed.returncode == -signal.SIGKILL, (point, count, killed.stderr[-2000:])
        assert _no_strays_within(mark, 10) == [], (point, count)
        rerun = _persona_run(job, server.url, mark)
        seen["rerun"].append(rerun.returncode)
        assert rerun.returncode == 0, (point, count, rerun.stderr[-2000:])
        day = folder / "out" / DAY.isoformat()
        _same_data(day, want)
        assert _leftovers(day) == [], (point, count)
        assert _no_strays_within(mark, 10) == [], (point, count)
    print(f"chaos: {len(seen['rerun'])} kills, exit codes {seen}, rows lost 0, duplicates 0")


def _files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _size_limit(limit: int) -> Callable[[], None]:
    """A child process whose files may not grow past ``limit`` bytes: a full disk, for it alone
    (Python ignores SIGXFSZ, so a write past it fails with EFBIG)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_stops_the_next_night_clearly_and_leaves_the_last_one_alone(
    source: Path, server: FakeOllama, clean: tuple[Path, dict[str, int]]
) -> None:
    last_night = clean[0]
    before = _files(last_night)
    job = last_night.parent.parent / "chaos.toml"
    tonight = DAY + timedelta(days=1)
    folder = last_night.parent / tonight.isoformat()
    command = [
        sys.executable,
        "-m",
        "persona_batch",
        "run",
        str(job),
        "--date",
        tonight.isoformat(),
    ]
    done = subprocess.run(
        [*command, "--host", server.url],
        env={**os.environ, "CI": "true"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        preexec_fn=_size_limit(8_000),
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "cannot finish writing (file too large)" in done.stderr, done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert "Traceback" not in done.stderr and len(errors) == 1 and str(folder) in errors[0]
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*.tmp"))
    assert not (folder / "manifest.json").exists() and not (folder / ".lock").exists()
    assert not (folder / "research.personas.parquet").exists()
    assert _files(last_night) == before


def test_a_full_disk_never_replaces_the_previous_file(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out.parquet"
    command = [sys.executable, "-m", "persona_batch", "privacy", "anonymise", "-i", str(source)]
    command += ["-o", str(out), "--workers", "1"]
    env = {**os.environ, "CI": "true"}
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    full = subprocess.run(
        [*command, "--strategy", "replace"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_size_limit(len(before) // 2),
    )
    assert full.returncode == 1 and f"{out}: cannot finish writing" in full.stderr, full.stderr
    assert "Traceback" not in full.stderr
    assert out.read_bytes() == before and not list(tmp_path.glob(".*.tmp"))


def _two_host_job(retry: float = 30.0) -> JobConfig:
    generate = GenerateSettings(
        id_column="respondent_id",
        concurrency=2,
        backoff_seconds=0.01,
        backoff_max_seconds=0.05,
        request_timeout=5.0,
        host_retry_seconds=retry,
    )
    return JobConfig(anonymise=AnonymiseSettings(workers=1), generate=generate)


def _served(srv: FakeOllama) -> int:
    return sum(1 for r in srv.requests if r.path == "/api/chat")


def test_a_host_that_dies_mid_run_and_comes_back_is_used_again(
    tmp_path: Path, source: Path
) -> None:
    with (
        FakeOllama(models=MODELS, slots=2, latency=0.1) as a,
        FakeOllama(models=MODELS, slots=2, latency=0.4) as b,
    ):
        urls = (a.url, b.url)

        def outage() -> None:
            while _served(a) < 2:
                time.sleep(0.01)
            a.stop()  # mid-request: its connections are cut
            time.sleep(0.6)
            a.start()  # the same port: a restarted Ollama

        chaos = threading.Thread(target=outage, daemon=True)
        chaos.start()
        result = run_generate(
            _two_host_job(retry=0.2).with_hosts(*urls).personas, source, tmp_path / "p.parquet"
        )
        chaos.join()
    personas = pl.read_parquet(result.output)
    assert personas.height == ROWS and personas["gen_error"].null_count() == ROWS
    stats = result.manifest["generation"]["host_stats"]
    assert stats[urls[0]]["set_aside"] >= 1 and stats[urls[0]]["came_back"] >= 1, stats
    assert stats[urls[0]]["failed"] >= 3 and stats[urls[1]]["set_aside"] == 0, stats
    assert result.failed == 0


def test_a_host_ten_times_slower_does_not_hold_the_run_back(tmp_path: Path, source: Path) -> None:
    with (
        FakeOllama(models=MODELS, slots=2, latency=0.05) as fast,
        FakeOllama(models=MODELS, slots=2, latency=0.5) as slow,
    ):
        result = run_generate(
            _two_host_job().with_hosts(fast.url, slow.url).personas, source, tmp_path / "p.parquet"
        )
        served = {"fast": _served(fast), "slow": _served(slow)}
    personas = pl.read_parquet(result.output)
    assert personas.height == ROWS and result.failed == 0
    # the slow host gets only what it can take while the fast one works through the rest
    assert served["slow"] * 3 <= served["fast"], served
    assert personas["gen_host"].value_counts().height == 2, served
