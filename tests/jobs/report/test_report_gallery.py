"""The report's persona gallery (persona_batch.jobs.report.gallery): cards sorted by quality, with
groups, anchors and plain flags; a persona the output check found something in is withheld."""

from __future__ import annotations

import re

import polars as pl

from persona_batch.jobs.report import page as report
from persona_batch.jobs.report.gallery import (
    anchor,
    cards,
    group_of,
    levels_present,
    plain_flag,
    withheld_reason,
)

from .frames import manifest, personas


def test_cards_are_sorted_by_quality_with_groups_anchors_and_plain_flags() -> None:
    frame = personas(
        [
            {"persona_id": "Admin-1", "quality_score": 55.0, "quality_level": "poor"},
            {"persona_id": "New customer-2", "name": "Ben Ode", "quality_score": 91.0},
            {"persona_id": "Admin-2", "gen_error": "timeout", "name": None},
        ]
    )
    gallery = cards(frame, "segment")
    assert [c.persona_id for c in gallery] == ["New customer-2", "Admin-1"]  # failed: not shown
    assert gallery[0].group == "New customer" and gallery[0].anchor == "persona-New-customer-2"
    assert gallery[1].flags == ["quote is thin"] and gallery[1].sources == ["1", "2"]
    assert levels_present(gallery) == ["acceptable", "poor"]
    assert cards(frame, None)[0].group is None
    assert cards(pl.DataFrame(), "segment") == []


def test_plain_flags() -> None:
    assert plain_flag("missing:goals") == "no goals"
    assert plain_flag("near_duplicate_of:Admin-1") == "nearly the same as Admin-1"
    assert plain_flag("name_shape") == "the name is not a first name and a surname"
    assert plain_flag("brand_new:thing") == "brand new: thing"


def test_a_persona_the_output_check_found_something_in_is_withheld_with_why_never_the_text() -> (
    None
):
    assert withheld_reason([]) is None
    assert withheld_reason([{"field": "prompt", "family": "phone"}]) is None  # the prompt's
    assert withheld_reason([{"field": "quote", "family": "phone"}]) == (
        "the output PII check found phone in quote"
    )
    assert withheld_reason(None) == "not checked: the output PII check was off for this run"
    frame = personas(
        [
            {
                "persona_id": "Admin-1",
                "quote": "ring <PHONE> now",
                "gen_gate": [{"field": "quote", "family": "phone"}],
            },
            {"persona_id": "Admin-2", "name": "Cleo Park"},
        ]
    )
    html = report.render(manifest(), pl.DataFrame(), frame)
    card = re.search(r'<article class="persona" id="persona-Admin-1".*?</article>', html, re.S)
    assert card is not None
    assert "Withheld: the output PII check found phone in quote" in card.group()
    assert "ring" not in card.group() and "Ana Lopez" not in card.group()
    assert "Cleo Park" in html


def test_group_and_anchor_ids() -> None:
    assert group_of("New customer-3", "segment") == "New customer"
    assert group_of("row-3", None) is None
    assert anchor("a b/c-1") == "persona-a-b-c-1"
