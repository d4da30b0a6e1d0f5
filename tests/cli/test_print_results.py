"""What generate and anonymise print from their typed manifests: the refine and judge lines and
the gate's summary carry the values the written manifest holds; a gate that is off says so."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.io import MANIFEST_KEY, read_metadata
from persona_batch.core.manifest import GenerateManifest
from persona_batch.testing.fake_ollama import FakeOllama

SAMPLE_CSV = Path(__file__).resolve().parents[2] / "data" / "research_sample.csv"
runner = CliRunner()


@pytest.mark.slow
def test_generate_prints_the_refine_judge_and_gate_lines_of_its_manifest(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    pl.read_csv(SAMPLE_CSV).head(4).write_csv(source)
    out = tmp_path / "p.parquet"
    with FakeOllama(models=["qwen2.5:7b", "llama3.2:3b"]) as srv:
        result = runner.invoke(
            app,
            [
                *("generate", "-i", str(source), "-o", str(out), "--host", srv.url),
                *("--workers", "1", "--concurrency", "1", "--judge-model", "llama3.2:3b"),
                *("--draft-model", "llama3.2:3b", "--refine-model", "qwen2.5:7b"),
                *("--refine-below", "100"),
            ],
            env={"COLUMNS": "200"},
        )
    assert result.exit_code == 0, result.output
    written = GenerateManifest.of(read_metadata(out)[MANIFEST_KEY])
    refine, judge, gate = written.refine, written.judge, written.gate
    assert refine is not None and refine.refined == 4
    assert judge is not None and gate is not None and gate.enabled
    assert (
        f"refined 4 with qwen2.5:7b: mean score {refine.mean_score_before} -> "
        f"{refine.mean_score_after}"
    ) in result.output
    assert f"judge llama3.2:3b: {judge.judged} rated, mean {judge.mean_score}" in result.output
    assert f"Gate: checked {gate.checked['cells']:,} cells" in result.output
    tokens = rf"{written.counts.prompt_tokens} +│ +{written.counts.completion_tokens} +│"
    assert re.search(tokens, result.output)


@pytest.mark.slow
def test_a_gate_that_is_off_is_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    pl.read_csv(SAMPLE_CSV).head(4).write_csv(source)
    job = tmp_path / "job.toml"
    job.write_text("[gate]\nenabled = false\n", encoding="utf-8")
    args = ["privacy", "anonymise", "-c", str(job), "-i", str(source), "--workers", "1"]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "a.parquet")])
    assert result.exit_code == 0, result.output
    assert "warning: the gate is off" in result.output and "Gate: checked" not in result.output
