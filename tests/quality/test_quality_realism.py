"""Heuristic persona quality: the realism dimension, the name and quote checks, copied fields."""

from __future__ import annotations

from typing import Any

import pytest

from persona_batch.quality import score_frame
from persona_batch.quality.realism import name_problem, quote_problem

from .examples import DEFAULT, SOURCE, frame, one, persona

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
