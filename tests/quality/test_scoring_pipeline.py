"""Scoring inside the generate job: heuristic columns, hybrid refine, the refine and judge
summaries over batches, `persona score` (the judge itself: test_judge.py)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.io import read_metadata
from persona_batch.personas.generate_job import run_generate, run_score
from persona_batch.testing.fake_ollama import FakeOllama

from .conftest import chats, scoring_job

pytestmark = pytest.mark.slow
runner = CliRunner()
QUALITY = ["quality_score", "quality_level", "quality_flags", "quality_evidence"]


def test_generate_scores_every_persona(server: FakeOllama, small_csv: Path, tmp_path: Path) -> None:
    result = run_generate(
        scoring_job().with_hosts(server.url).personas, small_csv, tmp_path / "p.parquet"
    )
    frame = pl.read_parquet(result.output)
    assert set(QUALITY) <= set(frame.columns)
    assert frame["quality_score"].is_between(0, 100).all()
    quality = read_metadata(result.output)["persona_batch.manifest"]["quality"]
    assert sum(quality["levels"].values()) == 12 and quality["diversity"]["personas"] == 12


def test_hybrid_refine_redoes_low_scorers(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    job = scoring_job(draft_model="llama3.2:3b", refine_model="qwen2.5:7b", refine_below=100)
    result = run_generate(job.with_hosts(server.url).personas, small_csv, tmp_path / "p.parquet")
    frame = pl.read_parquet(result.output)
    assert frame["refined"].all() and (frame["gen_model"] == "qwen2.5:7b").all()
    assert (frame["draft_gen_model"] == "llama3.2:3b").all()
    assert frame["draft_quality_score"].null_count() == 0
    refine = result.manifest["refine"]
    assert refine["refined"] == 12 and refine["mean_score_before"] is not None
    models = [c["model"] for c in chats(server)]
    assert models.count("llama3.2:3b") == 12 and models.count("qwen2.5:7b") == 12
    none = run_generate(
        scoring_job(draft_model="llama3.2:3b", refine_model="qwen2.5:7b", refine_below=0)
        .with_hosts(server.url)
        .personas,
        small_csv,
        tmp_path / "q.parquet",
    )
    assert (
        not pl.read_parquet(none.output)["refined"].any()
        and none.manifest["refine"]["refined"] == 0
    )


def test_refine_and_judge_summaries_add_up_over_batches(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    job = scoring_job(
        judge="llama3.2:3b", draft_model="llama3.2:3b", refine_model="qwen2.5:7b", refine_below=100
    )
    job = job.model_copy(
        update={"anonymise": job.anonymise.model_copy(update={"batch_rows": 5})}
    )  # 12 rows: batches of 5, 5 and 2
    result = run_generate(job.with_hosts(server.url).personas, small_csv, tmp_path / "p.parquet")
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
    run_generate(scoring_job().with_hosts(server.url).personas, small_csv, out)
    first = pl.read_parquet(out)
    rescored = run_score(scoring_job().personas, out, tmp_path / "again.parquet")
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
