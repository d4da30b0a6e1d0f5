"""Heuristic persona quality on hand-made personas: the settings, completeness, consistency,
evidence, the frame and the prompt sources."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from pydantic import ValidationError

from persona_batch.core.config import GenerateSettings
from persona_batch.core.persona import Persona
from persona_batch.personas.prompts import build_items
from persona_batch.quality import (
    DIMENSIONS,
    DimensionWeights,
    LevelThresholds,
    MinimumCounts,
    QualitySettings,
    RunMemory,
    parse_prompt_sources,
    score_frame,
)

from .examples import DEFAULT, OTHER, QUALITY_COLUMNS, SOURCES, frame, one, persona, score

# --------------------------------------------------------------------------- settings


def test_defaults_and_presets() -> None:
    assert DEFAULT.weights.as_dict() == {
        "completeness": 0.25,
        "consistency": 0.20,
        "evidence": 0.25,
        "distinctiveness": 0.15,
        "realism": 0.15,
    }
    # set from the labelled calibration set (data/calibration): see
    # tests/quality/test_quality_calibration.py
    assert (DEFAULT.levels.excellent, DEFAULT.levels.good) == (94, 80)
    assert (DEFAULT.levels.acceptable, DEFAULT.levels.poor) == (60, 35)
    assert (DEFAULT.minor_defect_factor, DEFAULT.major_defect_factor) == (0.74, 0.58)
    assert DEFAULT.copy_min_words == 12
    assert DEFAULT.minimums == MinimumCounts(goals=2, frustrations=1, behaviours=1, quote=1)
    assert QualitySettings.preset("default") == DEFAULT
    assert QualitySettings.preset("strict") == QualitySettings.strict()
    assert QualitySettings.preset("lenient") == QualitySettings.lenient()
    with pytest.raises(ValueError, match="unknown quality preset"):
        QualitySettings.preset("harsh")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build",
    [
        lambda: DimensionWeights(
            completeness=0, consistency=0, evidence=0, distinctiveness=0, realism=0
        ),
        lambda: DimensionWeights(evidence=-1),
        lambda: LevelThresholds(excellent=50, good=75),
        lambda: QualitySettings(unknown=1),  # type: ignore[call-arg]
        lambda: QualitySettings(realistic_age=(60, 20)),
        lambda: QualitySettings(near_duplicate_threshold=0),
        lambda: MinimumCounts(quote=2),
    ],
)
def test_bad_settings_are_rejected(build: Any) -> None:
    with pytest.raises(ValidationError):
        build()


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        DEFAULT.min_item_words = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("score_", "level"),
    [
        (100, "excellent"),
        (94, "excellent"),
        (93.9, "good"),
        (80, "good"),
        (79.9, "acceptable"),
        (60, "acceptable"),
        (59.9, "poor"),
        (35, "poor"),
        (34.9, "failing"),
        (0, "failing"),
    ],
)
def test_levels(score_: float, level: str) -> None:
    assert DEFAULT.levels.level(score_) == level


# --------------------------------------------------------------------------- the good one


def test_grounded_persona_scores_full_marks() -> None:
    row = one()
    assert row["quality_flags"] == []
    assert all(row[f"quality_{d}"] == 100.0 for d in DIMENSIONS)
    assert row["quality_score"] == 100.0 and row["quality_level"] == "excellent"


# --------------------------------------------------------------------------- completeness


def test_empty_persona_fails() -> None:
    row = one(
        name="N/A",
        age=None,
        occupation="",
        location="  ",
        background="",
        goals=[],
        frustrations=[],
        behaviours=[],
        quote="",
        evidence=[],
    )
    assert row["quality_completeness"] == 0.0
    for name in ("name", "age", "occupation", "location", "background", "quote", "goals"):
        assert f"missing:{name}" in row["quality_flags"]
    # nothing to contradict, copy or get wrong is not a merit: those dimensions scale with it
    assert row["quality_consistency"] == row["quality_realism"] == 0.0
    assert row["quality_score"] == 0.0 and row["quality_level"] == "failing"


def test_thin_and_trivial_fields_earn_part_credit() -> None:
    row = one(
        background="Works in logistics.",
        goals=["Speed", "Keep saved filters after an export"],
        quote="Fine.",
    )
    flags = row["quality_flags"]
    assert {"thin:background", "thin:quote", "too_few:goals", "trivial:goals"} <= set(flags)
    # background, quote and goals (1 of 2) half credit: (4 + 0.5 + 0.5 + 0.5 + 1 + 1) / 9
    assert row["quality_completeness"] == pytest.approx(100 * 7.5 / 9, abs=0.05)


def test_minimums_are_settings() -> None:
    relaxed = QualitySettings(minimums=MinimumCounts(goals=0, quote=0), min_background_words=0)
    row = one(qs=relaxed, goals=[], quote="", background="Logistics.")
    assert row["quality_completeness"] == 100.0
    assert "missing:goals" not in row["quality_flags"]


# --------------------------------------------------------------------------- consistency


@pytest.mark.parametrize(
    ("overrides", "flag"),
    [
        ({"age": 34, "occupation": "Retired nurse"}, "age_career_mismatch"),
        ({"age": 30, "background": "She is semi-retired and reads."}, "age_career_mismatch"),
        ({"age": 71, "occupation": "Design student"}, "age_career_mismatch"),
        ({"age": 70, "background": "He is a mature student in Leeds."}, "age_career_mismatch"),
        ({"age": 21, "occupation": "Head of Product"}, "age_career_mismatch"),
        ({"age": 22, "occupation": "Senior data engineer"}, "age_career_mismatch"),
        ({"background": "A 29-year-old analyst in Rome."}, "age_background_mismatch"),
        ({"background": "An analyst in her late sixties."}, "age_background_mismatch"),
        ({"background": "Has 35 years of experience in logistics."}, "experience_exceeds_age"),
        ({"background": "She has worked in retail for 30 years."}, "experience_exceeds_age"),
        ({"age": 60}, "age_contradicts_source"),
        (
            {"frustrations": ["Get faster search results in a large workspace"]},
            "goal_equals_frustration",
        ),
        ({"quote": "Weekends are for hiking in the mountains."}, "quote_unrelated"),
        (
            {"location": "Paris, France", "quote": "Ich bin nicht sicher, ob das für uns ist."},
            "location_language_mismatch",
        ),
    ],
)
def test_consistency_rules_fire(overrides: dict[str, Any], flag: str) -> None:
    row = one(**overrides)
    assert flag in row["quality_flags"]
    weight = 0.5 if flag in {"quote_unrelated", "location_language_mismatch"} else 1.0
    assert row["quality_consistency"] <= 100.0 - weight * DEFAULT.consistency_penalty


@pytest.mark.parametrize(
    "overrides",
    [
        {"age": 41, "background": "Her father is retired and relies on her."},
        {"age": 63, "source_ids": ["s2"], "background": "She supports student nurses."},
        {"age": 41, "background": "A 41-year-old analyst; her 12-year-old son plays chess."},
        {"age": 41, "background": "She has 20 years of experience in logistics."},
        {"location": "Berlin, Germany", "quote": "Der PDF Export ist kaputt, das nervt."},
        {"location": "Berlin, Germany", "quote": "Fix the PDF export and I would stay."},
    ],
)
def test_consistency_rules_stay_quiet(overrides: dict[str, Any]) -> None:
    row = one(**overrides)
    assert row["quality_consistency"] == 100.0, row["quality_flags"]


def test_contradictory_persona_cannot_be_saved_by_its_other_dimensions() -> None:
    row = one(
        age=22,
        occupation="Retired senior director",
        background="A 67-year-old with 30 years of experience in logistics.",
        frustrations=["Keep saved filters after an export and re-import"],
    )
    assert row["quality_consistency"] == 0.0
    # one major defect (the age contradicts the career): at most the major factor of a perfect mean
    assert row["quality_score"] <= 100 * DEFAULT.major_defect_factor
    assert row["quality_level"] in {"poor", "failing"}


# --------------------------------------------------------------------------- evidence


def test_excerpt_matching_is_case_whitespace_and_quote_insensitive() -> None:
    excerpt = "  SEARCH results\n felt   slow…"
    row = one(evidence=[{"field": "frustrations", "source_id": "s1", "excerpt": excerpt}] * 2)
    assert row["quality_evidence"] == 100.0


def test_excerpt_with_high_word_pair_overlap_is_supported() -> None:
    excerpt = "The respondent exports to CSV every Wednesday and cleans the file in Excel"
    row = one(evidence=[{"field": "behaviours", "source_id": "s1", "excerpt": excerpt}] * 2)
    assert not any(f.startswith("unsupported_evidence") for f in row["quality_flags"])


@pytest.mark.parametrize(
    "item",
    [
        {"field": "goals", "source_id": "s1", "excerpt": "wants a dark mode for late nights"},
        {"field": "goals", "source_id": "s2", "excerpt": "Prefers e-mail."},  # not this row's
        {"field": "goals", "source_id": "s9", "excerpt": "Search results felt slow"},
        {"field": "goals", "source_id": "s1", "excerpt": "the"},  # proves nothing
    ],
)
def test_unsupported_evidence_is_flagged(item: dict[str, str]) -> None:
    good = {"field": "behaviours", "source_id": "s1", "excerpt": "exports to CSV"}
    row = one(evidence=[good, item])
    assert "unsupported_evidence:goals" in row["quality_flags"]
    assert row["quality_evidence"] == 75.0  # half the citations, every claim grounded


def test_claims_need_their_words_in_the_source() -> None:
    row = one(
        goals=["Learn to sail a yacht", "Keep saved filters after an export"],
        frustrations=["Airline food is bland"],
        behaviours=["Exports to CSV every Wednesday"],
    )
    assert "ungrounded:frustrations" in row["quality_flags"]
    assert "ungrounded:goals" not in row["quality_flags"]
    assert row["quality_evidence"] == 75.0  # citations 1/1 of the share, claims 2 of 4


def test_no_evidence_and_missing_sources() -> None:
    row = one(evidence=[])
    assert "no_evidence" in row["quality_flags"] and row["quality_evidence"] == 50.0
    row = one(source_ids=["gone"])
    assert "source_missing:gone" in row["quality_flags"] and row["quality_evidence"] == 0.0


def test_few_citations_score_less_than_enough() -> None:
    single = [{"field": "frustrations", "source_id": "s1", "excerpt": "Search results felt slow"}]
    assert one(evidence=single)["quality_evidence"] == 75.0  # 1 of the minimum 2
    lenient = QualitySettings.lenient()
    assert one(qs=lenient, evidence=single)["quality_evidence"] == 100.0


# --------------------------------------------------------------------------- failed rows, frame


def test_failed_rows_keep_their_place() -> None:
    failed = {"persona_id": "failed", "source_ids": ["s1"], "gen_error": "reply is not valid"}
    blank = {"persona_id": "blank", "source_ids": ["s1"]}  # no error recorded, but no persona
    rows = score(persona(), failed, OTHER, blank)
    assert [r["persona_id"] for r in rows] == ["good", "failed", "other", "blank"]
    for row in (rows[1], rows[3]):
        assert row["quality_score"] == 0.0 and row["quality_level"] == "failing"
        assert row["quality_flags"] == ["generation_failed"]
        assert all(row[f"quality_{d}"] == 0.0 for d in DIMENSIONS)
    assert rows[0]["quality_score"] == rows[2]["quality_score"] == 100.0


def test_output_schema_and_input_untouched() -> None:
    source = frame(persona(), OTHER)
    scored = score_frame(source, SOURCES, DEFAULT)
    assert scored.columns == [*source.columns, *QUALITY_COLUMNS]
    assert scored.schema["quality_flags"] == pl.List(pl.String)
    assert scored.schema["quality_level"] == pl.String
    assert all(scored.schema[c] == pl.Float64 for c in QUALITY_COLUMNS[:1] + QUALITY_COLUMNS[2:-1])
    assert_frame_equal(scored.select(source.columns), source)
    again = score_frame(scored, SOURCES, DEFAULT)  # re-scoring replaces, deterministically
    assert_frame_equal(again, scored)


def test_minimal_frame_without_audit_columns() -> None:
    bare = pl.DataFrame({"name": ["Giulia Ferrante"], "age": [41], "occupation": ["Analyst"]})
    scored = score_frame(bare, {}, DEFAULT)
    assert scored["quality_evidence"].to_list() == [0.0]
    assert "missing:background" in scored["quality_flags"][0]
    assert score_frame(bare.clear(), {}, DEFAULT).height == 0


# --------------------------------------------------------------------------- sources


def test_parse_prompt_sources_reads_what_build_items_wrote() -> None:
    data = pl.DataFrame(
        {"id": ["a1", "b2"], "notes": ["Exports to CSV weekly.", "Prefers e-mail.\nNo chat."]}
    )
    gen = GenerateSettings(group_by=None, id_column="id")
    items = build_items(data, gen, "m", Persona.model_json_schema())
    parsed = parse_prompt_sources(items[1].messages[1]["content"])
    assert parsed == {"b2": "id: b2\nnotes: Prefers e-mail.\nNo chat."}
    grouped = build_items(
        data.with_columns(g=pl.lit("x")), GenerateSettings(group_by="g", id_column="id"), "m", {}
    )
    assert set(parse_prompt_sources(grouped[0].messages[1]["content"])) == {"a1", "b2"}


def test_the_package_exports_its_api_and_no_module_shadows_a_name() -> None:
    import types

    import persona_batch.quality as quality
    import persona_batch.quality.score  # noqa: F401  (loads every sub-module of the score)

    for name in quality.__all__:
        assert not isinstance(getattr(quality, name), types.ModuleType), name
    assert quality.score_frame is score_frame and quality.RunMemory is RunMemory
