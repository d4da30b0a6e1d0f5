"""Rare words withheld from prompts: which words, counted how, and what the frame keeps."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from persona_batch.privacy.rare_words import RARE_WORD, count_rows

pytestmark = pytest.mark.slow

_NOTES = [
    "did anjolaoluwa aloba ever get the refund from zorblix",
    "zorblix support was slow, the dashbaord too",
    "we use hotjar and zorblix every week",
    "anna said the PERSON_1a2b tag and v2beta build were fine",
]


def _frame(notes: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"notes": notes, "visits": list(range(len(notes)))})


def test_a_word_no_list_has_in_one_row_is_withheld() -> None:
    frame = _frame(list(_NOTES))
    rare = count_rows([frame], None, limit=1)
    out = rare.withhold(frame, ["notes"])["notes"].to_list()
    assert out[0] == f"did {RARE_WORD} {RARE_WORD} ever get the refund from zorblix"
    assert out[1:] == _NOTES[1:]  # zorblix: three rows; hotjar: a product; a typo; tags
    assert rare.withheld == 2


def test_rows_are_counted_once_per_row_and_across_batches() -> None:
    one = _frame(["kwazulu kwazulu kwazulu", "nothing here"])
    two = _frame(["then kwazulu again"])
    rare = count_rows([one, two], ["notes"], limit=1)
    assert rare.rows["kwazulu"] == 2
    assert not rare.rare("kwazulu")
    assert count_rows([one, two], ["notes"], limit=2).rare("KWAZULU")  # any case


def test_listed_words_products_typos_and_tokens_with_digits_are_kept() -> None:
    frame = _frame(["anna uses hotjar; the dashbaord shows PERSON_1a2b and v2beta"])
    rare = count_rows([frame], None, limit=1)
    assert_frame_equal(rare.withhold(frame, ["notes"]), frame)
    assert rare.withheld == 0 and not rare.rows


def test_a_limit_of_zero_withholds_nothing() -> None:
    frame = _frame(list(_NOTES))
    rare = count_rows([frame], None, limit=0)
    assert_frame_equal(rare.withhold(frame, ["notes"]), frame)


def test_only_the_named_text_columns_change() -> None:
    frame = pl.DataFrame({"id": ["anjolaoluwa"], "notes": ["anjolaoluwa called"], "n": [1]})
    rare = count_rows([frame], None, limit=1)
    out = rare.withhold(frame, ["notes", "n"])
    assert out.row(0) == ("anjolaoluwa", f"{RARE_WORD} called", 1)


_POOL = ["the", "refund", "export", "button", "qwzyx", "blorfin", "zorblix", "anna", "hotjar"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.none(), st.lists(st.sampled_from(_POOL), max_size=8).map(" ".join)),
        min_size=1,
        max_size=12,
    )
)
def test_rows_order_and_rerun_are_kept_and_no_rare_word_survives(notes: list[str | None]) -> None:
    frame = _frame(notes)
    rare = count_rows([frame], ["notes"], limit=1)
    once = rare.withhold(frame, ["notes"])
    assert once.height == frame.height
    assert once["visits"].to_list() == frame["visits"].to_list()
    assert_frame_equal(rare.withhold(once, ["notes"]), once)  # idempotent
    for before, after in zip(notes, once["notes"].to_list(), strict=True):
        assert (before is None) == (after is None)
        if before is None or after is None:
            continue
        for word in before.split():
            if rare.rare(word):
                assert word not in after.split()
            else:
                assert word in after.split()


def test_a_name_no_language_uses_as_a_word_is_withheld_and_a_common_one_kept() -> None:
    frame = _frame(["i think tillmann has the login", "anna has it too", "ask anna again"])
    rare = count_rows([frame], None, limit=1)
    out = rare.withhold(frame, ["notes"])["notes"].to_list()
    assert out == [f"i think {RARE_WORD} has the login", "anna has it too", "ask anna again"]
    assert not rare.rare("rome") and not rare.rare("spreadsheet")


def test_nested_text_is_counted_and_withheld_keeping_its_shape() -> None:
    frame = pl.DataFrame(
        {
            "messages": [
                [{"body": "hi, anjolaoluwa here"}, {"body": "the export fails"}],
                [{"body": "the export fails again"}],
            ],
            "visits": [1, 2],
        }
    )
    rare = count_rows([frame], None, limit=1)
    assert rare.rows["anjolaoluwa"] == 1
    out = rare.withhold(frame, ["messages", "visits"])
    assert out.schema == frame.schema
    assert out["messages"].to_list()[0][0] == {"body": f"hi, {RARE_WORD} here"}
    assert out["messages"].to_list()[1] == frame["messages"].to_list()[1]


def test_a_name_or_town_few_rows_use_is_withheld_with_the_name_limit() -> None:
    """Names and towns detection missed, that no English dictionary has and few rows use: held
    back from prompts by ``name_limit`` (a common first name, a rare surname, a town); the same
    words in more rows than that, and ordinary words that are a surname somewhere, are kept."""
    notes = [
        "recruited by sara, the export works",
        "prinsen could not find the button",
        "she flies from stuttgart every week",
        "the export button works durante la sesión",
        "will and mark keep the export in paris",
    ]
    frame = _frame(notes)
    rare = count_rows([frame], None, limit=1, name_limit=2)
    out = rare.withhold(frame, ["notes"])["notes"].to_list()
    assert out[:3] == [
        f"recruited by {RARE_WORD}, the export works",
        f"{RARE_WORD} could not find the button",
        f"she flies from {RARE_WORD} every week",
    ]
    assert out[3:] == notes[3:]  # "durante": a Spanish word; English words; a big place
    without = count_rows([frame], None, limit=1)  # the name limit off: names are sent
    assert_frame_equal(without.withhold(frame, ["notes"]), frame)
    common = _frame(["ask sara", "sara knows", "sara again"])
    assert not count_rows([common], None, limit=1, name_limit=2).rare("sara")  # three rows


@pytest.mark.parametrize(
    ("word", "named"),
    [
        ("nowak", True),  # a surname, rare as a word
        ("okafor", True),  # a surname, no word at all
        ("pancho", True),  # a first name, and a rare Spanish word
        ("sara", True),  # a common first name, no word
        ("stuttgart", True),  # a town, though frequent in German text
        ("will", False),  # an English word
        ("paris", False),  # an English word (plaster of paris) and a big city
        ("france", False),  # a country
        ("durante", False),  # a surname, but a frequent Spanish and Italian word
        ("elke", False),  # a first name, but a frequent Dutch word
        ("ana", False),  # too short to tell from a word
        ("kowalski", False),  # a known limit: as frequent in Polish text as a word would be
        ("spreadsheet", False),  # no name at all
    ],
)
def test_which_words_are_name_words(word: str, named: bool) -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    assert gz.load().name_word(word) is named
