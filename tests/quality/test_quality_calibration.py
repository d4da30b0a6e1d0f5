"""The quality score against the labelled calibration set (data/calibration): the done-when
figures of issue 15, measured by the evaluation ``make eval-quality`` prints."""

from __future__ import annotations

import importlib.util
import json

import pytest

from persona_batch.quality.score import LEVELS
from persona_batch.testing.fake_ollama import FakeOllama
from tests.evaluation.eval_quality import (
    SET_PATH,
    agreement,
    heuristic_agreement,
    judge_agreements,
    load_set,
    render,
    spearman,
)

RECORDS = load_set()


def test_the_set_covers_the_rubric() -> None:
    assert len(RECORDS) >= 60
    assert {r.label for r in RECORDS} == set(LEVELS)
    assert len({r.id for r in RECORDS}) == len(RECORDS)
    for r in RECORDS:
        assert r.reason and r.sources and set(r.persona["source_ids"]) <= set(r.sources)
    assert any(r.duplicate_of for r in RECORDS) and any(r.unseen for r in RECORDS)
    raw = SET_PATH.read_text(encoding="utf-8")
    for case in ('"<PERSON>"', '"PERSON"', "PERSON_3f2a", '"User 1"', '"Premise 1"', '"Sales"'):
        assert case in raw, case


def test_score_follows_the_labels() -> None:
    result = heuristic_agreement(RECORDS)
    assert result.correlation >= 0.8
    assert result.correlation_held_out >= 0.8
    assert result.junk_rated_good == []  # no failing or poor persona rated good or better
    assert result.good_rated_low == []  # no excellent or good persona rated below acceptable


def test_agreement_counts_what_it_reports() -> None:
    records = RECORDS[:5]
    labels = [r.label for r in records]
    inverted = [float(len(LEVELS) - LEVELS.index(label)) for label in labels]
    same = agreement("x", records, inverted, labels)
    assert same.disagreements == [] and same.exact == 1.0
    worst = ["failing" if label in ("excellent", "good") else "excellent" for label in labels]
    bad = agreement("x", records, [-v for v in inverted], worst)
    assert len(bad.disagreements) == 5
    assert set(bad.good_rated_low) == {r.id for r in records if r.label in ("excellent", "good")}
    assert set(bad.junk_rated_good) == {r.id for r in records if r.label in ("poor", "failing")}
    skipped = agreement("x", records, [None] * 5, [None] * 5)
    assert sum(sum(row.values()) for row in skipped.confusion.values()) == 0


@pytest.mark.parametrize(
    ("x", "y", "rho"),
    [
        ([1, 2, 3, 4], [10, 20, 30, 40], 1.0),
        ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
        ([1, 1, 2, 2], [1, 2, 3, 4], 0.894427),
        ([1, 1, 1], [1, 2, 3], 0.0),
    ],
)
def test_spearman(x: list[float], y: list[float], rho: float) -> None:
    assert spearman(x, y) == pytest.approx(rho, abs=1e-6)


def test_the_committed_set_is_what_make_set_writes() -> None:
    script = SET_PATH.parent / "make_set.py"
    spec = importlib.util.spec_from_file_location("persona_batch_make_set", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.records()
    module.check(rows)
    committed = [json.loads(line) for line in SET_PATH.read_text(encoding="utf-8").splitlines()]
    assert committed == rows


def test_judge_and_combined_agreement_run_against_a_server() -> None:
    records = RECORDS[:6]
    with FakeOllama(models=["llama3.2:3b"]) as server:
        judge, combined, failed = judge_agreements(records, "llama3.2:3b", server.url)
        chats = [r.body for r in server.requests if r.path == "/api/chat"]
    assert failed == 0 and len(chats) == 6
    assert all(c["options"]["temperature"] == 0 for c in chats)  # type: ignore[index]
    for result in (judge, combined):
        assert sum(sum(row.values()) for row in result.confusion.values()) == 6
        assert -1.0 <= result.correlation <= 1.0
    assert "== judge_score" in render(judge) and "== combined" in render(combined)
