"""The thin CLI: every command has help; errors are one line and a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.errors import EXIT_USAGE
from tests.paths import DATA, JOBS, SAMPLE_CSV

runner = CliRunner()


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    if hasattr(group, "commands"):
        for name, command in group.commands.items():
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("path", _commands(typer.main.get_command(app)), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    docs = result.output.split("Usage:")[1]
    assert len(docs.strip().splitlines()) > 2


def test_version() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0 and "persona_batch 0.1.0" in result.output


def test_missing_input_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "privacy",
            "anonymise",
            "-i",
            str(tmp_path / "nope.csv"),
            "-o",
            str(tmp_path / "o.parquet"),
        ],
    )
    assert result.exit_code == 1
    assert "nope.csv: no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_input_equal_to_output_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pl.DataFrame({"a": ["x"]}).write_parquet(path)
    result = runner.invoke(app, ["privacy", "anonymise", "-i", str(path), "-o", str(path)])
    assert result.exit_code == 1 and "same file as --input" in result.output


def test_unknown_strategy(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "privacy",
            "anonymise",
            "-i",
            str(SAMPLE_CSV),
            "-o",
            str(tmp_path / "o.parquet"),
            "-s",
            "shred",
        ],
    )
    assert (
        result.exit_code == EXIT_USAGE
        and "'shred' is not one of redact, replace, hash, mask" in result.output
    )


def test_missing_output_and_input_are_usage_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["privacy", "anonymise", "-i", str(SAMPLE_CSV)]).exit_code == 2
    assert runner.invoke(app, ["privacy", "scan"]).exit_code == 2
    assert (
        runner.invoke(app, ["privacy", "scan", "-i", str(SAMPLE_CSV), "-f", "xml"]).exit_code == 2
    )


def test_bad_job_file(tmp_path: Path) -> None:
    job = tmp_path / "job.toml"
    job.write_text("[anonymise]\nworkers = -1\n")
    result = runner.invoke(app, ["privacy", "scan", "-c", str(job), "-i", str(SAMPLE_CSV)])
    assert result.exit_code == EXIT_USAGE and "job.toml:2: key 'anonymise.workers'" in result.output


@pytest.mark.slow
def test_hash_without_key_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONA_HASH_KEY", raising=False)
    out = tmp_path / "o.parquet"
    result = runner.invoke(
        app,
        [
            "privacy",
            "anonymise",
            "-i",
            str(DATA / "transcripts"),
            "-o",
            str(out),
            "-s",
            "hash",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == EXIT_USAGE and "PERSONA_HASH_KEY" in result.output
    assert not out.exists()


@pytest.mark.slow
def test_anonymise_prints_plan_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "o.parquet"
    result = runner.invoke(
        app,
        [
            "privacy",
            "anonymise",
            "-c",
            str(JOBS / "anonymise.toml"),
            "-i",
            str(DATA / "research_sample.jsonl"),
            "-o",
            str(out),
            "--workers",
            "1",
            "--batch-rows",
            "20",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Column plan" in result.output and "Anonymised 50 rows" in result.output
    assert pl.read_parquet(out).height == 50


@pytest.mark.slow
def test_scan_json_and_table() -> None:
    result = runner.invoke(
        app,
        [
            "privacy",
            "scan",
            "-i",
            str(SAMPLE_CSV),
            "--rows",
            "30",
            "--format",
            "json",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rows_scanned"] == 30
    emails = next(f for f in report["findings"] if f["column"] == "email")
    assert emails["entity_type"] == "EMAIL_ADDRESS" and emails["cells"] == 30
    source = pl.read_csv(SAMPLE_CSV).head(30)
    assert not any(
        v in result.output for v in source["email"].to_list() + source["participant"].to_list()
    )
    table = runner.invoke(
        app, ["privacy", "scan", "-i", str(SAMPLE_CSV), "--rows", "5", "--workers", "1"]
    )
    assert table.exit_code == 0 and "PII in research_sample.csv (5 rows scanned)" in table.output


@pytest.mark.slow
def test_generate_prints_model_and_exits_4_on_partial_failure(tmp_path: Path) -> None:
    from persona_batch.testing.fake_ollama import FakeOllama

    source = tmp_path / "in.csv"
    pl.read_csv(SAMPLE_CSV).head(6).write_csv(source)
    out = tmp_path / "p.parquet"
    args = ["generate", "-i", str(source), "-o", str(out), "--workers", "1", "--concurrency", "1"]
    with FakeOllama(models=["llama3.2:3b"], slots=1) as srv:
        ok = runner.invoke(app, [*args, "--host", srv.url])
        assert ok.exit_code == 0, ok.output
        assert "Model: llama3.2:3b (best installed by preference (llama3.2:3b))" in ok.output
        assert "6 personas" in ok.output
        srv.fault_schedule = {
            i: "fail_503" for i in range(srv.generation_count, srv.generation_count + 40)
        }
        job = tmp_path / "job.toml"
        job.write_text("[generate]\nmax_attempts = 1\nbackoff_seconds = 0\n")
        partial = runner.invoke(
            app, [*args, "--host", srv.url, "-c", str(job), "-o", str(tmp_path / "q.parquet")]
        )
        assert partial.exit_code == 1 and "6 failed: Ollama answered 503" in partial.output
        srv.fault_schedule = {srv.generation_count: "fail_503"}
        some = runner.invoke(
            app, [*args, "--host", srv.url, "-c", str(job), "-o", str(tmp_path / "r.parquet")]
        )
        assert some.exit_code == 4 and "1 failed: Ollama answered 503" in some.output


def test_generate_unreachable_host_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "generate",
            "-i",
            str(SAMPLE_CSV),
            "-o",
            str(tmp_path / "p.parquet"),
            "--host",
            "127.0.0.1:9",
        ],
    )
    assert result.exit_code == 1
    assert (
        "cannot reach Ollama at http://127.0.0.1:9: start it with `ollama serve`" in result.output
    )


def test_progress_bars_draw_and_nest_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from persona_batch.core import progress

    monkeypatch.setattr(progress, "interactive", lambda: True)
    with progress.progress_bar("rows", 3) as outer:
        shown = progress._shown
        assert shown is not None and shown.live.is_started
        for _ in range(2):
            with progress.progress_bar("requests", 2, unit="requests") as inner:
                inner(2, "1/s")
                assert [t.description for t in shown.tasks] == ["rows", "requests"]
                assert shown.tasks[1].fields == {"info": "1/s", "unit": "requests"}
            outer(1)
        assert [t.description for t in shown.tasks] == ["rows"]
        assert shown.tasks[0].completed == 2
    assert progress._shown is None and not shown.live.is_started


def test_progress_is_quiet_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from persona_batch.core import progress

    monkeypatch.setenv("CI", "true")
    assert not progress.interactive()


@pytest.mark.slow
def test_synthesise_and_validate_commands(tmp_path: Path) -> None:
    from persona_batch.testing.fake_ollama import FakeOllama

    source = tmp_path / "in.csv"
    pl.read_csv(SAMPLE_CSV).head(30).write_csv(source)
    out = tmp_path / "synthetic.parquet"
    with FakeOllama(models=["qwen2.5:7b"]) as srv:
        made = runner.invoke(
            app,
            [
                "synthesise",
                "-i",
                str(source),
                "-o",
                str(out),
                "-n",
                "6",
                "--host",
                srv.url,
                "--workers",
                "1",
            ],
        )
    assert made.exit_code in {0, 5}, made.output
    assert "records ->" in made.output and "Validation of synthetic.parquet" in made.output
    generated = int(made.output.split(" of 6 records")[0].split()[-1])
    assert pl.read_parquet(out).height == generated >= 1
    table = runner.invoke(
        app,
        [
            "synthesise",
            "validate",
            "--original",
            str(source),
            "--synthetic",
            str(out),
            "--workers",
            "1",
        ],
    )
    assert table.exit_code == made.exit_code and "schema" in table.output
    as_json = runner.invoke(
        app,
        [
            "synthesise",
            "validate",
            "--original",
            str(source),
            "--synthetic",
            str(out),
            "-f",
            "json",
            "--workers",
            "1",
        ],
    )
    assert json.loads(as_json.output)["passed"] is (made.exit_code == 0)
    assert (
        runner.invoke(
            app,
            [
                "synthesise",
                "validate",
                "--original",
                str(source),
                "--synthetic",
                str(out),
                "-f",
                "xml",
            ],
        ).exit_code
        == 2
    )
