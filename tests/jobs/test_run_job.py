"""`persona run`: the nightly job end to end against a real HTTP server speaking Ollama's API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.config import load_config
from persona_batch.core.errors import EXIT_TERMINATED, ConfigError, LockedError
from persona_batch.core.io import RunLock, read_json
from persona_batch.jobs.run import build_report, run_job
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import ROOT, SAMPLE_CSV

pytestmark = pytest.mark.slow
DAY = date(2026, 11, 22)
runner = CliRunner()


@pytest.fixture
def server() -> Iterator[FakeOllama]:
    with FakeOllama(models=["qwen2.5:7b"], slots=4) as srv:
        yield srv


def _job_file(tmp_path: Path, extra: str = "") -> Path:
    source = tmp_path / "research.csv"
    if not source.exists():
        pl.read_csv(SAMPLE_CSV).head(30).write_csv(source)
    job = tmp_path / "nightly.toml"
    job.write_text(
        f"""
[job]
name = "nightly"
inputs = ["{source}"]
output_dir = "{tmp_path / "out"}"

[anonymise]
strategy = "replace"
workers = 1

[generate]
id_column = "respondent_id"
group_by = "segment"
per_group = 2
backoff_seconds = 0.01
{extra}
"""
    )
    return job


def _chats(server: FakeOllama) -> int:
    return sum(1 for r in server.requests if r.path == "/api/chat")


def test_nightly_writes_every_file_and_reruns_as_a_no_op(
    server: FakeOllama, tmp_path: Path
) -> None:
    config = load_config(_job_file(tmp_path))
    result = run_job(config.with_hosts(server.url), DAY)
    folder = tmp_path / "out" / "2026-11-22"
    assert result.status == "success" and result.folder == folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        "report.html",
        "research.anonymised.parquet",
        "research.personas.parquet",
    ]
    manifest = read_json(folder / "manifest.json")
    assert manifest["status"] == "success" and manifest["counts"]["rows"] == 30
    assert (
        manifest["counts"]["personas"]
        == pl.read_parquet(folder / "research.personas.parquet").height
    )
    assert manifest["models"] == {
        "qwen2.5:7b": FakeOllama(models=["qwen2.5:7b"]).models["qwen2.5:7b"].digest
    }
    assert manifest["inputs"][0]["sha256"] and manifest["inputs"][0]["column_plan"]
    assert set(manifest["stages_seconds"]) >= {"anonymise", "generate"}
    html = (folder / "report.html").read_text()
    for section in ('id="pii"', 'id="latency"', 'id="failures"', 'id="stages"', "<svg"):
        assert section in html
    sent = _chats(server)
    again = run_job(config.with_hosts(server.url), DAY)
    assert again.status == "skipped" and _chats(server) == sent


def test_no_raw_pii_in_any_file_of_the_run(server: FakeOllama, tmp_path: Path) -> None:
    config = load_config(_job_file(tmp_path))
    folder = run_job(config.with_hosts(server.url), DAY).folder
    source = pl.read_csv(tmp_path / "research.csv")
    secrets = [
        v
        for c in ("participant", "email", "phone", "card_number", "iban")
        for v in source[c].drop_nulls().to_list()
    ]
    for path in folder.iterdir():
        text = (
            path.read_bytes().decode("utf-8", "replace")
            if path.suffix != ".parquet"
            else str(pl.read_parquet(path).to_dicts())
        )
        assert not [s for s in secrets if s in text], path.name


def test_partial_run_then_rerun_resumes(tmp_path: Path) -> None:
    config = load_config(_job_file(tmp_path, "max_attempts = 1"))
    with FakeOllama(
        models=["qwen2.5:7b"], slots=1, fault_schedule={0: "fail_503", 1: "fail_503"}
    ) as srv:
        first = run_job(config.with_hosts(srv.url), DAY)
        assert first.status == "partial" and first.inputs[0].failed == 2
        assert read_json(first.folder / "manifest.json")["status"] == "partial"
        anonymised_at = (first.folder / "research.anonymised.parquet").stat().st_mtime_ns
        srv.reset()
        srv.fault_schedule = {}
        second = run_job(config.with_hosts(srv.url), DAY)
        assert second.status == "success" and _chats(srv) == 2
        assert second.inputs[0].resumed == {"anonymise": True, "generate": True}
        assert (first.folder / "research.anonymised.parquet").stat().st_mtime_ns == anonymised_at


def test_a_second_run_at_once_is_refused_and_a_dead_lock_is_taken_over(
    server: FakeOllama, tmp_path: Path
) -> None:
    config = load_config(_job_file(tmp_path))
    folder = tmp_path / "out" / "2026-11-22"
    with RunLock(folder, 3600), pytest.raises(LockedError, match="another run"):
        run_job(config.with_hosts(server.url), DAY)
    dead = subprocess.run(["true"], check=True)
    assert dead.returncode == 0
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".lock").write_text(
        json.dumps({"host": os.uname().nodename, "pid": 2**22 + 12345, "started": 0})
    )
    assert run_job(config.with_hosts(server.url), DAY).status == "success"
    assert not (folder / ".lock").exists()


def test_dry_run_writes_nothing(server: FakeOllama, tmp_path: Path) -> None:
    config = load_config(_job_file(tmp_path))
    result = run_job(config.with_hosts(server.url), DAY, dry_run=True)
    assert result.status == "dry-run" and "qwen2.5:7b" in result.message
    assert not (tmp_path / "out").exists() and _chats(server) == 0


def test_bad_job_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[job]\nname = "x"\ninputs = ["nothing-*.csv"]\n\n[generate]\nper_group = 0\n')
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2 and "bad.toml:6: key 'generate.per_group'" in result.output
    bad.write_text('[job]\ninputs = ["nothing-*.csv"]\n')
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2 and "'nothing-*.csv' matches no file" in result.output
    with pytest.raises(ConfigError, match=r"job.inputs is empty"):
        run_job(load_config(None), DAY)


def test_shipped_nightly_job_validates() -> None:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = runner.invoke(app, ["validate", "jobs/nightly.toml"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0 and "valid job 'nightly', 1 input(s)" in result.output


def test_cli_run_json_logs_and_report_rebuild(server: FakeOllama, tmp_path: Path) -> None:
    job = _job_file(tmp_path)
    result = runner.invoke(
        app, ["run", str(job), "--date", "2026-11-22", "--host", server.url, "--log-format", "json"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {line["event"] for line in lines} >= {"stage.start", "stage.done", "run.done"}
    source = pl.read_csv(tmp_path / "research.csv")
    assert not any(
        v in result.stderr for v in source["email"].to_list() + source["participant"].to_list()
    )
    folder = tmp_path / "out" / "2026-11-22"
    (folder / "report.html").unlink()
    rebuilt = runner.invoke(app, ["report", str(folder)])
    assert rebuilt.exit_code == 0 and (folder / "report.html").exists()
    missing = runner.invoke(app, ["report", str(tmp_path)])
    assert missing.exit_code == 1 and "no manifest.json here" in missing.output
    assert build_report(folder).read_text().count("<section") >= 4


_RUN_DATE = "2026-11-22"
_JOURNAL = ".research.personas.parquet.journal.jsonl"


def _run_command(tmp_path: Path) -> list[str]:
    job = _job_file(tmp_path, "concurrency = 1")
    return [sys.executable, "-m", "persona_batch", "run", str(job), "--date", _RUN_DATE]


def _run_until_journalled(
    command: list[str], srv: FakeOllama, journal: Path, lines: int = 3
) -> subprocess.Popen[bytes]:
    """`persona run` in a subprocess, returned once its journal holds ``lines`` requests."""
    proc = subprocess.Popen(
        [*command, "--host", srv.url],
        env={**os.environ, "CI": "true"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and len(journal.read_text().splitlines()) >= lines:
            break
        time.sleep(0.05)
    return proc


def _rerun_sends_only_the_rest(
    command: list[str], srv: FakeOllama, folder: Path, done: int
) -> None:
    srv.reset()
    rerun = subprocess.run(
        [*command, "--host", srv.url],
        env={**os.environ, "CI": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    personas = pl.read_parquet(folder / "research.personas.parquet").height
    assert _chats(srv) == personas - done


def test_killed_nightly_run_resumes_and_its_lock_does_not_stick(tmp_path: Path) -> None:
    """SIGKILL `persona run` mid-generation; the rerun takes over the lock and finishes the job."""
    command = _run_command(tmp_path)
    folder = tmp_path / "out" / _RUN_DATE
    journal = folder / _JOURNAL
    with FakeOllama(models=["qwen2.5:7b"], slots=1, latency=0.3) as srv:
        proc = _run_until_journalled(command, srv, journal)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert (folder / ".lock").exists() and not (folder / "manifest.json").exists()
        _rerun_sends_only_the_rest(command, srv, folder, len(journal.read_text().splitlines()))
    manifest = read_json(folder / "manifest.json")
    assert manifest["status"] == "success" and manifest["inputs"][0]["resumed"]["generate"] is True
    assert not (folder / ".lock").exists() and not journal.exists()


def test_sigterm_stops_a_nightly_run_releases_its_lock_and_the_rerun_goes_on(
    tmp_path: Path,
) -> None:
    """SIGTERM `persona run` mid-generation: exit 143 with one line, the lock released, nothing
    published, the journal kept; the rerun sends only what was not done."""
    command = _run_command(tmp_path)
    folder = tmp_path / "out" / _RUN_DATE
    journal = folder / _JOURNAL
    with FakeOllama(models=["qwen2.5:7b"], slots=1, latency=0.3) as srv:
        proc = _run_until_journalled(command, srv, journal)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
        text = stderr.decode()
        assert proc.returncode == EXIT_TERMINATED, text
        assert "stopped (SIGTERM)" in text and "Traceback" not in text
        assert not (folder / ".lock").exists() and not (folder / "manifest.json").exists()
        assert not (folder / "research.personas.parquet").exists()
        assert not list(folder.glob(".*.tmp"))
        done = len(journal.read_text().splitlines())
        assert done >= 3
        _rerun_sends_only_the_rest(command, srv, folder, done)
    assert read_json(folder / "manifest.json")["status"] == "success"
