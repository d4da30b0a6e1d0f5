"""Heuristic persona quality: invariants over generated frames and flags."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from persona_batch.quality import QualitySettings, RunMemory, defect_factor, score_frame
from persona_batch.quality.defects import defects

from .examples import DEFAULT, OTHER, QUALITY_COLUMNS, SOURCE, SOURCES, frame, persona, score

# --------------------------------------------------------------------------- properties

VOCAB = [
    "export", "csv", "weekly", "search", "slow", "filters", "notion", "report", "team",
    "price", "seats", "mobile", "app", "read-only", "admin", "retired", "student", "senior",
    "the", "and", "<PERSON>", "N/A", "Lorem", "PERSON_1a2b3c4d5e6f", "string", "a", "I",
]  # fmt: skip
words = st.lists(st.sampled_from(VOCAB), min_size=0, max_size=12).map(" ".join)
items = st.lists(words, min_size=0, max_size=5)
evidence = st.lists(
    st.fixed_dictionaries(
        {
            "field": st.sampled_from(["goals", "frustrations", "behaviours", "quote"]),
            "source_id": st.sampled_from(["s1", "s2", "zz"]),
            "excerpt": st.one_of(words, st.sampled_from(SOURCE.split(". "))),
        }
    ),
    max_size=4,
)
personas = st.fixed_dictionaries(
    {
        "name": st.one_of(st.none(), words),
        "age": st.one_of(st.none(), st.integers(0, 130)),
        "occupation": words,
        "location": st.sampled_from(["Rome, Italy", "Berlin", "", "Leeds, UK", "Paris"]),
        "background": words,
        "goals": items,
        "frustrations": items,
        "behaviours": items,
        "quote": words,
        "evidence": evidence,
        "source_ids": st.sampled_from([["s1"], ["s2"], ["s1", "s2"], [], ["zz"]]),
        "gen_error": st.one_of(st.none(), st.none(), st.just("boom")),
    }
)
frames = st.lists(personas, min_size=1, max_size=6).map(
    lambda rows: [r | {"persona_id": f"p{i}"} for i, r in enumerate(rows)]
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(frames)
def test_scores_are_bounded_levels_match_and_rows_keep_their_order(
    rows: list[dict[str, Any]],
) -> None:
    source = frame(*rows)
    for qs in (QualitySettings.strict(), DEFAULT, QualitySettings.lenient()):
        scored = score_frame(source, SOURCES, qs)
        assert scored.height == source.height
        assert_frame_equal(scored.select(source.columns), source)
        for row in scored.select(QUALITY_COLUMNS).to_dicts():
            for column in QUALITY_COLUMNS[:1] + QUALITY_COLUMNS[2:-1]:
                assert 0.0 <= row[column] <= 100.0
            assert row["quality_level"] == qs.levels.level(row["quality_score"])
        failed = scored.filter(pl.col("gen_error").is_not_null())
        assert (failed["quality_score"] == 0.0).all()
        assert failed["quality_flags"].to_list() == [["generation_failed"]] * failed.height


def _a_valid_row(rows: list[dict[str, Any]], data: st.DataObject) -> int:
    """The index of a generated row that did not fail (the example is skipped if none)."""
    valid = [i for i, r in enumerate(rows) if r["gen_error"] is None]
    assume(valid)
    return data.draw(st.sampled_from(valid))


def _duplicate_of(scored: pl.DataFrame) -> str:
    """The one persona id the last row is flagged a near duplicate of."""
    flags = scored["quality_flags"][-1].to_list()
    named = [f.split(":", 1)[1] for f in flags if f.startswith("near_duplicate_of:")]
    assert len(named) == 1
    return named[0]


@PROPERTY
@given(frames, st.data())
def test_identical_personas_are_always_flagged(
    rows: list[dict[str, Any]], data: st.DataObject
) -> None:
    original = _a_valid_row(rows, data)
    rows = [*rows, rows[original] | {"persona_id": "copy"}]
    named = _duplicate_of(score_frame(frame(*rows), SOURCES, DEFAULT))
    assert int(named[1:]) <= original  # the original or an earlier identical one


@PROPERTY
@given(frames, st.data())
def test_identical_personas_are_flagged_across_batches_too(
    rows: list[dict[str, Any]], data: st.DataObject
) -> None:
    original = _a_valid_row(rows, data)
    later = [*data.draw(frames), rows[original] | {"persona_id": "copy"}]
    later = [r | {"persona_id": f"b{i}"} for i, r in enumerate(later[:-1])] + [later[-1]]
    memory = RunMemory()
    first = score_frame(frame(*rows), SOURCES, DEFAULT, memory)
    memory.remember(first)
    remembered = (dict(memory.sets), dict(memory.names))
    second = score_frame(frame(*later), SOURCES, DEFAULT, memory)
    assert (memory.sets, memory.names) == remembered  # scoring reads the memory, never writes
    named = _duplicate_of(second)
    assert named.startswith("p") and int(named[1:]) <= original  # the earlier batch's


def test_a_name_seen_in_an_earlier_batch_is_a_duplicate_name() -> None:
    memory = RunMemory()
    memory.remember(score_frame(frame(persona()), SOURCES, DEFAULT, memory))
    later = score(OTHER | {"name": persona()["name"], "persona_id": "later"})
    assert "duplicate_name:good" not in later[0]["quality_flags"]
    again = score_frame(frame(OTHER | {"name": persona()["name"]}), SOURCES, DEFAULT, memory)
    assert "duplicate_name:good" in again["quality_flags"][0].to_list()


@PROPERTY
@given(frames)
def test_strict_never_scores_above_default_nor_default_above_lenient(
    rows: list[dict[str, Any]],
) -> None:
    source = frame(*rows)
    strict, default, lenient = (
        score_frame(source, SOURCES, qs).select(QUALITY_COLUMNS[:1] + QUALITY_COLUMNS[2:-1])
        for qs in (QualitySettings.strict(), DEFAULT, QualitySettings.lenient())
    )
    for column in strict.columns:
        assert (strict[column] <= default[column]).all(), column
        assert (default[column] <= lenient[column]).all(), column


FLAG_EXAMPLES = (
    "placeholder:name",
    "not_a_name",
    "unknown_name",
    "quote_not_sentence",
    "thin:background",
    "missing:goals",
    "trivial:goals",
    "age_career_mismatch",
    "copied:background",
    "near_duplicate_of:p1",
    "generic",
    "invented",
    "quote_unrelated",
    "no_evidence",
)


@PROPERTY
@given(st.lists(st.sampled_from(FLAG_EXAMPLES), max_size=8))
def test_defects_only_ever_lower_the_score(flags: list[str]) -> None:
    base = defect_factor(flags, DEFAULT)
    assert 0.0 < base <= 1.0
    for extra in FLAG_EXAMPLES:
        assert defect_factor([*flags, extra], DEFAULT) <= base + 1e-12
    severities = defects(flags).values()
    assert base == pytest.approx(
        math.prod(
            DEFAULT.major_defect_factor if s == "major" else DEFAULT.minor_defect_factor
            for s in severities
        )
    )
