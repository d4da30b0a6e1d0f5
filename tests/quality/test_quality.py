"""Heuristic persona quality: each dimension on hand-made personas, then invariants."""

from __future__ import annotations

import math
import random
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from pydantic import ValidationError

from persona_batch.core.config import GenerateSettings
from persona_batch.core.persona import Persona
from persona_batch.llm.generator import PERSONA_SCHEMA
from persona_batch.personas.prompts import build_items
from persona_batch.quality import (
    DIMENSIONS,
    DimensionWeights,
    DiversityTally,
    LevelThresholds,
    MinimumCounts,
    QualitySettings,
    RunMemory,
    defect_factor,
    diversity,
    parse_prompt_sources,
    score_frame,
)
from persona_batch.quality.defects import defects
from persona_batch.quality.realism import name_problem, quote_problem

SOURCE = (
    "country: IT\n"
    "age: 41\n"
    "interview_notes: The respondent exports to CSV every Wednesday and cleans the file in "
    "Notion afterwards. Search results felt slow once the workspace grew past a few thousand "
    "items. She wants saved filters to survive an export and re-import.\n"
    "survey_answer: Fix the PDF export and I'd be a promoter."
)
SOURCES = {
    "s1": SOURCE,
    "s2": (
        "country: GB\nage: 63\ninterview_notes: Prefers e-mail for everything; chat "
        "notifications interrupt his routine. He wants to receive updates by e-mail and avoid "
        "learning another chat tool.\nsurvey_answer: Just e-mail me the updates."
    ),
}
DEFAULT = QualitySettings()
QUALITY_COLUMNS = [
    "quality_score",
    "quality_level",
    *(f"quality_{d}" for d in DIMENSIONS),
    "quality_flags",
]


def persona(**overrides: Any) -> dict[str, Any]:
    """A good persona, grounded in ``SOURCE``; overrides change single fields."""
    row: dict[str, Any] = {
        "persona_id": "good",
        "source_ids": ["s1"],
        "name": "Giulia Ferrante",
        "age": 41,
        "occupation": "Operations analyst",
        "location": "Rome, Italy",
        "background": (
            "Giulia runs weekly reporting for a logistics firm and exports data to CSV every "
            "Wednesday before cleaning it in Notion."
        ),
        "goals": [
            "Keep saved filters after an export and re-import",
            "Get faster search results in a large workspace",
        ],
        "frustrations": ["Search results felt slow once the workspace grew"],
        "behaviours": ["Exports to CSV every Wednesday and cleans the file in Notion"],
        "quote": "Fix the PDF export and I'd be a promoter.",
        "evidence": [
            {"field": "behaviours", "source_id": "s1", "excerpt": "exports to CSV every Wednesday"},
            {"field": "frustrations", "source_id": "s1", "excerpt": "Search results felt slow"},
        ],
    }
    return row | overrides


OTHER = persona(
    persona_id="other",
    source_ids=["s2"],
    name="Alan Whitfield",
    age=63,
    occupation="Finance administrator",
    location="Leeds, UK",
    background="Alan keeps the books for a small charity and prefers e-mail to every chat tool.",
    goals=["Receive updates by e-mail", "Avoid learning another chat tool"],
    frustrations=["Chat notifications interrupt his e-mail routine"],
    behaviours=["Prefers e-mail for everything"],
    quote="Just e-mail me the updates, please.",
    evidence=[
        {"field": "behaviours", "source_id": "s2", "excerpt": "Prefers e-mail for everything"},
        {"field": "goals", "source_id": "s2", "excerpt": "avoid learning another chat tool"},
    ],
)


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=PERSONA_SCHEMA)


def score(*rows: dict[str, Any], qs: QualitySettings = DEFAULT) -> list[dict[str, Any]]:
    scored = score_frame(frame(*rows), SOURCES, qs)
    return scored.select("persona_id", *QUALITY_COLUMNS).to_dicts()


def one(qs: QualitySettings = DEFAULT, **overrides: Any) -> dict[str, Any]:
    return score(persona(**overrides), qs=qs)[0]


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


# --------------------------------------------------------------------------- distinctiveness


def test_identical_pair_flags_the_later_one() -> None:
    first, second = score(persona(), OTHER, persona(persona_id="copy"))[::2]
    assert first["quality_flags"] == [] and first["quality_distinctiveness"] == 100.0
    assert "near_duplicate_of:good" in second["quality_flags"]
    assert "duplicate_name:good" in second["quality_flags"]
    assert second["quality_distinctiveness"] == 0.0
    assert second["quality_level"] in {"poor", "failing"}


def test_near_duplicate_names_the_most_similar_earlier_persona() -> None:
    near = persona(persona_id="near", name="Giulia Ferranti")
    rows = score(OTHER, persona(), near)
    flags = rows[2]["quality_flags"]
    assert "near_duplicate_of:good" in flags
    assert not any(f.startswith("duplicate_name") for f in flags)
    assert 0.0 < rows[2]["quality_distinctiveness"] < 100.0
    assert rows[0]["quality_flags"] == rows[1]["quality_flags"] == []


def test_distinct_personas_are_not_flagged() -> None:
    rows = score(persona(), OTHER)
    assert [r["quality_distinctiveness"] for r in rows] == [100.0, 100.0]


def _random_persona(rng: random.Random, index: int) -> dict[str, Any]:
    words = [f"w{i}" for i in range(400)]

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    return persona(
        persona_id=f"p{index}",
        name=f"Name{index} Surname",
        background=text(40),
        goals=[text(8), text(8)],
        frustrations=[text(8)],
        behaviours=[text(8)],
        quote=text(12),
    )


def test_lsh_finds_every_planted_duplicate_in_a_large_frame() -> None:
    rng = random.Random(7)
    rows = [_random_persona(rng, i) for i in range(1500)]
    planted = {}
    for k in range(0, 1500, 100):
        words = rows[k]["background"].split()
        words[3] = "changed"
        planted[f"dup{k}"] = rows[k]["persona_id"]
        rows.append(rows[k] | {"persona_id": f"dup{k}", "background": " ".join(words)})
    scored = score_frame(frame(*rows), SOURCES, DEFAULT)
    flagged = {
        pid: [f for f in flags if f.startswith("near_duplicate_of:")]
        for pid, flags in zip(scored["persona_id"], scored["quality_flags"], strict=True)
    }
    assert {pid: f for pid, f in flagged.items() if f} == {
        dup: [f"near_duplicate_of:{original}"] for dup, original in planted.items()
    }


# --------------------------------------------------------------------------- realism


def test_placeholder_ridden_persona() -> None:
    row = one(
        name="<PERSON>",
        occupation="string",
        location="N/A",
        background="Lorem ipsum. PERSON_1a2b3c4d5e6f7a8b works with John Doe on card ****0313.",
        quote="Ask [REDACTED] about the PDF export.",
    )
    for name in ("name", "occupation", "location", "background", "quote"):
        assert f"placeholder:{name}" in row["quality_flags"]
    assert row["quality_realism"] == 0.0
    assert row["quality_level"] in {"poor", "failing"}


@pytest.mark.parametrize(
    ("overrides", "flag"),
    [
        ({"name": "Participant 3"}, "placeholder:name"),
        ({"name": "P004"}, "placeholder:name"),
        ({"name": "Firstname Lastname"}, "placeholder:name"),
        ({"name": "giulia"}, "name_shape"),
        ({"name": "Giulia F3rrante"}, "name_shape"),
        (
            {"occupation": "She analyses operations data for a large logistics firm in Rome."},
            "occupation_shape",
        ),
        ({"age": 101}, "implausible_age"),
        ({"age": 16}, "unusual_age"),
        ({"age": 90}, "unusual_age"),
        (
            {"background": "She really really exports the the data every week."},
            "repeated_words:background",
        ),
        ({"goals": ["export export export export export"]}, "repeated_words:goals"),
        (
            {"behaviours": ["Exports to CSV weekly", "exports to csv weekly."]},
            "repeated_item:behaviours",
        ),
    ],
)
def test_realism_rules(overrides: dict[str, Any], flag: str) -> None:
    row = one(**overrides)
    assert flag in row["quality_flags"]
    assert row["quality_realism"] < 100.0


@pytest.mark.parametrize("name", ["José da Silva", "Anne-Marie O'Neill", "Dr. Priya Natarajan"])
def test_real_names_pass(name: str) -> None:
    assert one(name=name)["quality_realism"] == 100.0


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


# --------------------------------------------------------------------------- diversity


def test_diversity() -> None:
    failed = {"persona_id": "failed", "gen_error": "boom"}
    summary = diversity(frame(persona(), OTHER, persona(persona_id="copy"), failed))
    assert summary["personas"] == 3.0
    assert summary["distinct_names"] == 2.0 and summary["distinct_occupations"] == 2.0
    assert summary["max_similarity"] == 1.0 and summary["near_duplicate_pairs"] == 1.0
    assert 0.0 < summary["mean_similarity"] < 1.0
    alone = diversity(frame(persona()))
    assert alone["mean_similarity"] == alone["near_duplicate_pairs"] == 0.0


def test_diversity_samples_pairs_of_a_large_frame() -> None:
    rng = random.Random(3)
    rows = [_random_persona(rng, i) for i in range(250)]
    rows.append(rows[10] | {"persona_id": "copy"})
    summary = diversity(frame(*rows))
    assert summary["near_duplicate_pairs"] == 1.0 and summary["max_similarity"] == 1.0
    assert summary["mean_similarity"] < 0.1
    assert diversity(frame(*rows)) == summary


def test_diversity_tally_of_one_batch_is_diversity_and_of_several_adds_up() -> None:
    failed = {"persona_id": "failed", "gen_error": "boom"}
    first = frame(persona(), OTHER, persona(persona_id="copy"), failed)
    second = frame(persona(persona_id="again"), OTHER | {"persona_id": "other-2"})
    one = DiversityTally()
    one.add(first)
    assert one.summary() == diversity(first)
    two = DiversityTally()
    two.add(first)
    two.add(second)
    summary, a, b = two.summary(), diversity(first), diversity(second)
    assert summary["personas"] == 5.0
    assert summary["distinct_names"] == 2.0 and summary["distinct_occupations"] == 2.0
    assert summary["near_duplicate_pairs"] == a["near_duplicate_pairs"] + b["near_duplicate_pairs"]
    assert summary["max_similarity"] == max(a["max_similarity"], b["max_similarity"])
    weighted = (3 * a["mean_similarity"] + 1 * b["mean_similarity"]) / 4  # 3 pairs, then 1
    assert summary["mean_similarity"] == pytest.approx(weighted, abs=1e-4)
    assert DiversityTally().summary()["personas"] == 0.0


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


# --------------------------------------------------------------------------- realism of a reader


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("PERSON", "not_a_name"),
        ("<PERSON>", "placeholder"),
        ("PERSON_3f2a9c1d7e8b4a60", "placeholder"),
        ("User 1", "placeholder"),
        ("[REDACTED]", "placeholder"),
        ("Premise 1", "not_a_name"),
        ("Sales", "not_a_name"),
        ("A-Team", "not_a_name"),
        ("Sales Manager", "not_a_name"),
        ("Specter", "not_a_name"),
        ("Quibble Zephyr", "unknown_name"),
        ("Giulia Ferrante", None),
        ("Marco de Vries", None),
        ("Anne-Marie O'Neill", None),
        ("Dr. Priya Natarajan", None),
        ("Siobhán Murphy", None),
    ],
)
def test_name_problem(name: str, problem: str | None) -> None:
    assert name_problem(name) == problem


@pytest.mark.parametrize(
    ("quote", "problem"),
    [
        (".0.15%", "not_sentence"),
        ("Specter", "not_sentence"),
        ("Night shift.", "not_sentence"),
        ("The person is a sales manager.", "third_person"),
        ("She is an accountant who chases invoices.", "third_person"),
        ("Fix the PDF export and I'd be a promoter.", None),
        ("Die App ist gut, aber die TAN kommt bei mir immer zu spät.", None),
        ("Six taps to log a visit, eight visits a day.", None),
    ],
)
def test_quote_problem(quote: str, problem: str | None) -> None:
    assert quote_problem(quote) == problem


def test_a_junk_field_pulls_the_level_down_not_a_few_points() -> None:
    good = one()
    assert good["quality_level"] == "excellent"
    for overrides in ({"quote": "Fine."}, {"background": "Works in logistics."}):
        assert one(**overrides)["quality_level"] == "acceptable", overrides
    for overrides in (
        {"name": "PERSON"},
        {"name": "Premise 1"},
        {"age": 22, "occupation": "Retired"},
    ):
        assert one(**overrides)["quality_level"] == "poor", overrides
    demo = one(name="PERSON", quote=".0.15%", background="A-Team")
    assert demo["quality_level"] == "failing"
    assert {"not_a_name", "quote_not_sentence", "thin:background"} <= set(demo["quality_flags"])


def test_a_field_copying_twelve_words_of_a_source_is_flagged() -> None:
    copied = (
        "The respondent exports to CSV every Wednesday and cleans the file in Notion afterwards"
    )
    row = one(background=copied)
    assert "copied:background" in row["quality_flags"]
    assert row["quality_level"] == "poor"
    eleven = "She exports to CSV every Wednesday and cleans the file in Notion, then sleeps."
    assert "copied:background" not in one(background=eleven)["quality_flags"]
    # a first-person quote repeating a participant's answer is their voice: a hint, no defect
    said = "I clean the export in Notion every single Wednesday before the team meeting."
    sources = {"s1": f"{SOURCE}\nsurvey_answer_2: {said}"}
    flags = score_frame(frame(persona(quote=said)), sources, DEFAULT)["quality_flags"][0]
    assert "verbatim_quote" in flags and "copied:quote" not in flags
    notes = "The respondent exports to CSV every Wednesday and cleans the file in Notion."
    flags = score_frame(frame(persona(quote=notes)), sources, DEFAULT)["quality_flags"][0]
    assert "copied:quote" in flags  # the researcher's notes are no one's voice


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


def test_the_package_exports_its_api_and_no_module_shadows_a_name() -> None:
    import types

    import persona_batch.quality as quality
    import persona_batch.quality.score  # noqa: F401  (loads every sub-module of the score)

    for name in quality.__all__:
        assert not isinstance(getattr(quality, name), types.ModuleType), name
    assert quality.score_frame is score_frame and quality.RunMemory is RunMemory
