"""Scoring inside the generate job: heuristic columns, the judge, hybrid refine, `persona score`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.config import (
    AnonymiseSettings,
    GenerateSettings,
    JobConfig,
    JudgeSettings,
    VerifySettings,
)
from persona_batch.core.io import read_metadata
from persona_batch.personas.generate_job import run_generate, run_score
from persona_batch.quality.judge import CRITERIA, Verdict
from persona_batch.testing.fake_ollama import FakeOllama

from .conftest import SAMPLE_CSV

pytestmark = pytest.mark.slow
runner = CliRunner()
QUALITY = ["quality_score", "quality_level", "quality_flags", "quality_evidence"]


@pytest.fixture
def server() -> Iterator[FakeOllama]:
    with FakeOllama(models=["llama3.2:3b", "qwen2.5:7b"]) as srv:
        yield srv


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "small.csv"
    pl.read_csv(SAMPLE_CSV).head(12).write_csv(path)
    return path


def _job(judge: str | None = None, **generate: object) -> JobConfig:
    return JobConfig(
        anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=30)),
        generate=GenerateSettings.model_validate({"backoff_seconds": 0.01, **generate}),
        judge=JudgeSettings(model=judge),
    )


def _chats(server: FakeOllama) -> list[dict[str, object]]:
    return [r.body for r in server.requests if r.path == "/api/chat" and isinstance(r.body, dict)]


def test_generate_scores_every_persona(server: FakeOllama, small_csv: Path, tmp_path: Path) -> None:
    result = run_generate(_job(), small_csv, tmp_path / "p.parquet", (server.url,))
    frame = pl.read_parquet(result.output)
    assert set(QUALITY) <= set(frame.columns)
    assert frame["quality_score"].is_between(0, 100).all()
    quality = read_metadata(result.output)["persona_batch.manifest"]["quality"]
    assert sum(quality["levels"].values()) == 12 and quality["diversity"]["personas"] == 12


def test_judge_rates_at_temperature_zero_on_anonymised_text(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    result = run_generate(
        _job(judge="llama3.2:3b"), small_csv, tmp_path / "p.parquet", (server.url,)
    )
    frame = pl.read_parquet(result.output)
    assert frame["judge_model"].unique().to_list() == ["llama3.2:3b"]
    assert frame["judge_error"].null_count() == 12
    assert frame["judge_score"].is_between(0, 100).all()
    assert set(frame["judge_scores"].struct.fields) == set(CRITERIA)
    judged = [c for c in _chats(server) if c["model"] == "llama3.2:3b"]
    assert len(judged) == 12
    assert all(c["format"] == Verdict.model_json_schema() for c in judged)
    assert all(c["options"]["temperature"] == 0 for c in judged)  # type: ignore[index]
    sent = json.dumps(judged)
    source = pl.read_csv(small_csv)
    assert not any(v in sent for v in source["email"].to_list() + source["participant"].to_list())
    assert result.manifest["judge"]["judged"] == 12


def test_reordered_judge_flags_disagreements_and_keeps_the_first_pass(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    job = _job(judge="llama3.2:3b").model_copy(
        update={"judge": JudgeSettings(model="llama3.2:3b", reorder=True)}
    )
    result = run_generate(job, small_csv, tmp_path / "p.parquet", (server.url,))
    frame = pl.read_parquet(result.output)
    judged = [c for c in _chats(server) if c["model"] == "llama3.2:3b"]
    assert len(judged) == 24  # each persona twice
    systems = [c["messages"][0]["content"] for c in judged]  # type: ignore[index]
    positions = [[s.index(f"- {c}:") for c in CRITERIA] for s in systems]
    assert sum(p == sorted(p) for p in positions) == 12  # first pass: the usual order
    assert sum(p == sorted(p, reverse=True) for p in positions) == 12  # second: reversed
    first = frame["judge_scores"].to_list()
    flagged = frame["judge_disagreement"].to_list()
    assert len(flagged) == 12 and all(isinstance(d, list) for d in flagged)
    assert all(set(d) <= set(CRITERIA) for d in flagged)
    assert frame["judge_score"].to_list() == [
        round(sum(r[c] - 1 for c in CRITERIA) / (4 * len(CRITERIA)) * 100, 1) for r in first
    ]  # the first pass's verdict, not a mean of the two
    assert result.manifest["judge"]["disagreements"] == sum(1 for d in flagged if d)


def test_bad_judge_json_is_retried_then_recorded(small_csv: Path, tmp_path: Path) -> None:
    def responder(body: dict[str, object]) -> str | None:
        is_judge = body.get("model") == "llama3.2:3b"
        return '{"coherence": {"score": 9' if is_judge and "row-3" in json.dumps(body) else None

    with FakeOllama(models=["llama3.2:3b", "qwen2.5:7b"], responder=responder) as srv:
        job = _job(judge="llama3.2:3b", max_attempts=2)
        frame = pl.read_parquet(
            run_generate(job, small_csv, tmp_path / "p.parquet", (srv.url,)).output
        )
    errors = frame["judge_error"].to_list()
    assert errors[2] == "reply is not a valid verdict at 'reply': json_invalid (after 2 attempts)"
    assert frame["judge_score"][2] is None and frame["gen_error"][2] is None
    assert sum(e is not None for e in errors) == 1


def test_hybrid_refine_redoes_low_scorers(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    job = _job(draft_model="llama3.2:3b", refine_model="qwen2.5:7b", refine_below=100)
    result = run_generate(job, small_csv, tmp_path / "p.parquet", (server.url,))
    frame = pl.read_parquet(result.output)
    assert frame["refined"].all() and (frame["gen_model"] == "qwen2.5:7b").all()
    assert (frame["draft_gen_model"] == "llama3.2:3b").all()
    assert frame["draft_quality_score"].null_count() == 0
    refine = result.manifest["refine"]
    assert refine["refined"] == 12 and refine["mean_score_before"] is not None
    models = [c["model"] for c in _chats(server)]
    assert models.count("llama3.2:3b") == 12 and models.count("qwen2.5:7b") == 12
    none = run_generate(
        _job(draft_model="llama3.2:3b", refine_model="qwen2.5:7b", refine_below=0),
        small_csv,
        tmp_path / "q.parquet",
        (server.url,),
    )
    assert (
        not pl.read_parquet(none.output)["refined"].any()
        and none.manifest["refine"]["refined"] == 0
    )


def test_refine_and_judge_summaries_add_up_over_batches(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    job = _job(
        judge="llama3.2:3b", draft_model="llama3.2:3b", refine_model="qwen2.5:7b", refine_below=100
    )
    job = job.model_copy(
        update={"anonymise": job.anonymise.model_copy(update={"batch_rows": 5})}
    )  # 12 rows: batches of 5, 5 and 2
    result = run_generate(job, small_csv, tmp_path / "p.parquet", (server.url,))
    frame = pl.read_parquet(result.output)
    refine, judge = result.manifest["refine"], result.manifest["judge"]
    assert refine["refined"] == 12 and judge["judged"] == 12 and judge["failed"] == 0
    mean = pytest.approx
    assert refine["mean_score_before"] == mean(frame["draft_quality_score"].mean(), abs=0.01)
    assert refine["mean_score_after"] == mean(frame["quality_score"].mean(), abs=0.01)
    assert judge["mean_score"] == mean(frame["judge_score"].mean(), abs=0.01)
    assert result.manifest["quality"]["mean_score"] == mean(frame["quality_score"].mean(), abs=0.01)


def test_score_command_rescores_an_output(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "p.parquet"
    run_generate(_job(), small_csv, out, (server.url,))
    first = pl.read_parquet(out)
    rescored = run_score(_job(), out, tmp_path / "again.parquet")
    assert_frame_equal(pl.read_parquet(rescored.output), first)
    cli = runner.invoke(app, ["score", "-i", str(out), "--preset", "strict"])
    assert cli.exit_code == 0, cli.output
    strict = pl.read_parquet(out)
    assert (strict["quality_score"] <= first["quality_score"]).all()
    missing = runner.invoke(app, ["score", "-i", str(out), "--sources", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1 and "nope.csv" in missing.output


def test_refine_flags_must_come_together(small_csv: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["generate", "-i", str(small_csv), "-o", str(tmp_path / "p.parquet"), "--draft-model", "x"],
    )
    assert result.exit_code == 2 and "go together" in result.output


def test_validate_rejects_a_job_with_a_draft_model_and_no_refine_model(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,notes\n1,hello\n")
    job = tmp_path / "job.toml"
    job.write_text(f'[job]\ninputs = ["{source}"]\n[generate]\ndraft_model = "llama3.2:3b"\n')
    result = runner.invoke(app, ["validate", str(job)])
    assert result.exit_code == 2 and "go together" in result.output
    assert str(job) in result.output  # the file named, as for any bad key
