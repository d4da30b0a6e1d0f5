"""The judge inside the generate job, against a fake Ollama: what it is sent, what it records,
a second pass with the criteria reordered, and a verdict that is not valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import JudgeSettings
from persona_batch.personas.generate_job import run_generate
from persona_batch.quality.judge import CRITERIA, Verdict
from persona_batch.testing.fake_ollama import FakeOllama

from .conftest import chats, scoring_job

pytestmark = pytest.mark.slow


def test_judge_rates_at_temperature_zero_on_anonymised_text(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    result = run_generate(
        scoring_job(judge="llama3.2:3b").with_hosts(server.url).personas,
        small_csv,
        tmp_path / "p.parquet",
    )
    frame = pl.read_parquet(result.output)
    assert frame["judge_model"].unique().to_list() == ["llama3.2:3b"]
    assert frame["judge_error"].null_count() == 12
    assert frame["judge_score"].is_between(0, 100).all()
    assert set(frame["judge_scores"].struct.fields) == set(CRITERIA)
    judged = [c for c in chats(server) if c["model"] == "llama3.2:3b"]
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
    job = scoring_job(judge="llama3.2:3b").model_copy(
        update={"judge": JudgeSettings(model="llama3.2:3b", reorder=True)}
    )
    result = run_generate(job.with_hosts(server.url).personas, small_csv, tmp_path / "p.parquet")
    frame = pl.read_parquet(result.output)
    judged = [c for c in chats(server) if c["model"] == "llama3.2:3b"]
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
        job = scoring_job(judge="llama3.2:3b", max_attempts=2)
        frame = pl.read_parquet(
            run_generate(job.with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet").output
        )
    errors = frame["judge_error"].to_list()
    assert errors[2] == "reply is not a valid verdict at 'reply': json_invalid (after 2 attempts)"
    assert frame["judge_score"][2] is None and frame["gen_error"][2] is None
    assert sum(e is not None for e in errors) == 1
