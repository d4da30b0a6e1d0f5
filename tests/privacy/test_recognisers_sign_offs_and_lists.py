"""The name that ends a text after its sign-off; list items beside names (a rare word of one
language, an item past a place that reads as a name, the lists a name found again opens); a first
name and two surnames without capitals; a full name added to a mailing list."""

from __future__ import annotations

import polars as pl
import pytest

from persona_batch.privacy.cells import Cells, column_cells
from persona_batch.privacy.detect import Detector
from persona_batch.privacy.propagation import propagate
from tests.privacy.recognised import named, persons

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dnia 09.06.2021 pobrano ode mnie dwa razy 250 zł.\n\nDzięki, Hope", "Hope"),
        ("Thanks for the quick fix.\n\nCheers,\nGrace", "Grace"),
        ("Is the refund done? Best, Will", "Will"),
        ("Regards, Faith Miller", "Faith Miller"),
        ("Vielen Dank!\nGrüße, Hope van Dijk.", "Hope van Dijk"),
        ("merci pour tout\ncordialement,\nrosendo", "rosendo"),
    ],
)  # fmt: skip
def test_the_name_that_ends_a_text_after_its_sign_off(text: str, name: str) -> None:
    assert name in named(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Thanks, Everyone", "Everyone"),  # no first name
        ("Thanks, Support Team", "Support"),
        ("thanks, hope this helps", "hope"),  # not the text's end
        ("thanks, hope", "hope"),  # a word and no capital
        ("Cheers, Will do", "Will do"),  # a stop word after it
        ("Best regards,\nThe Acme Team", "The Acme Team"),
        ("Thanks, June 2024 works", "June"),
    ],
)
def test_no_name_in_other_closings(text: str, word: str) -> None:
    assert word not in named(text)


def _given(
    text: str, names: tuple[str, ...], places: tuple[str, ...] = ()
) -> list[tuple[int, int, str]]:
    """Findings of ``names`` (PERSON) and ``places`` (LOCATION) where they stand in ``text``."""
    return [
        (text.index(n), text.index(n) + len(n), entity)
        for entity, words in (("PERSON", names), ("LOCATION", places))
        for n in words
    ]


@pytest.mark.parametrize(
    ("text", "names", "places", "item"),
    [
        ("THANKS TO AMANDA, AZEGLIO AND PANFILO!", ("AMANDA", "PANFILO"), (), "AZEGLIO"),
        ("so far noémi, stéphane, maybe zacharie.", ("noémi", "stéphane"), (), "zacharie"),
        # "Sofia" is a place to spaCy, and a first name: the walk goes on past it
        ("Aanwezig: Hugo, Sofia, Yannick and Boris.", ("Boris",), ("Sofia",), "Hugo"),
    ],
)
def test_list_items_beside_names(
    text: str, names: tuple[str, ...], places: tuple[str, ...], item: str
) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    added = complete_lists(text, _given(text, names, places))
    assert item in {text[a:b] for a, b in added}


@pytest.mark.parametrize(
    ("text", "given", "item"),
    [
        ("please add Peace and Maria Schulz to the channel", ("Maria Schulz",), "Peace"),
        ("Thanks to Hope and Maria Weber for the notes", ("Maria Weber",), "Hope"),
        ("the call was with Anna Weber and Chase", ("Anna Weber",), "Chase"),
    ],
)
def test_a_first_name_that_is_an_english_word_capitalised_in_a_list(
    text: str, given: tuple[str, ...], item: str
) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    added = complete_lists(text, _given(text, given, ()))
    assert item in {text[a:b] for a, b in added}


@pytest.mark.parametrize(
    ("text", "given", "kept"),
    [
        ("Sales and Anna Weber", ("Anna Weber",), "Sales"),  # a sentence's start
        ("Customer Success and Anna Weber", ("Anna Weber",), "Success"),  # a team's name
        ("Anna Weber and Success Manager", ("Anna Weber",), "Success"),
        ("anna weber and peace", ("anna weber",), "peace"),  # no capitals to go by
        ("ANNA WEBER AND HOPE", ("ANNA WEBER",), "HOPE"),
    ],
)
def test_no_english_word_as_a_list_name_without_capitals_that_say_so(
    text: str, given: tuple[str, ...], kept: str
) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    added = {text[a:b] for a, b in complete_lists(text, _given(text, given, ()))}
    assert kept not in added


@pytest.mark.parametrize(
    ("text", "given", "kept"),
    [
        ("ANNA, BOB, ZUM", ("ANNA", "BOB"), "ZUM"),  # a frequent word of one language
        ("anna, bob and the billing team", ("anna", "bob"), "the billing team"),
        ("We flew Anna, Berlin and Rome", ("Anna",), "Rome"),  # places that are no names
        ("anna, dashboard", ("anna",), "dashboard"),  # one name is no list
    ],
)
def test_no_list_item_of_frequent_words_or_places(
    text: str, given: tuple[str, ...], kept: str
) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    places = ("Berlin",) if "Berlin" in text else ()
    added = {text[a:b] for a, b in complete_lists(text, _given(text, given, places))}
    assert not {kept, *kept.split()} & added


def test_a_name_found_again_opens_its_list(detector: Detector) -> None:
    """Propagation finds "blessing" again on the first line; the list it opens is completed."""
    text = (
        "blessing and ámbar: off till Sunday\ncan someone add blessing to the jira board\n"
        "call blessing on 731 9010"
    )
    assert "ámbar" not in persons(detector, text)  # detection alone: the first line has no name
    cells: dict[str, Cells] = {"notes": column_cells(pl.Series("notes", [text]))}
    findings = {"notes": detector.analyze_many([text])}
    propagate(cells, findings, 1)
    taken = [text[f.start : f.end] for f in findings["notes"][0] if f.entity_type == "PERSON"]
    assert taken == ["blessing", "ámbar", "blessing", "blessing"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("i think rosendo manzanares ribas has the login, ask them", "rosendo manzanares ribas"),
        ("el ticket lo abrió candela urrutia ibarra ayer", "candela urrutia ibarra"),
        ("Bitte Mato Junk in den Verteiler aufnehmen.", "Mato Junk"),
    ],
)
def test_a_first_name_and_two_surnames_and_a_name_added_to_a_list(text: str, name: str) -> None:
    assert any(name in found for found in named(text))


@pytest.mark.parametrize(
    "text",
    [
        "pero como dice la gente del barrio",
        "the data export team will call later",
        "bitte die Rechnung in den Ordner aufnehmen",
        "Bitte Mato Junk zum Termin mitbringen.",  # no adding
    ],
)
def test_no_name_in_phrases_of_three_words_or_other_requests(text: str) -> None:
    assert not named(text)


@pytest.mark.parametrize(
    ("text", "names", "whole"),
    [
        ("Asistentes: Albino Mayo Portero", ("Albino", "Portero"), "Albino Mayo"),
        ("Invited: Anna May Smith", ("Anna", "Smith"), "Anna May"),
    ],
)
def test_a_word_between_two_names_joins_them(text: str, names: tuple[str, ...], whole: str) -> None:
    from persona_batch.privacy.recognisers.name_spans import extend_names

    grown = extend_names(text, _given(text, names))
    assert whole in {text[c:d] for _, _, c, d in grown}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Teilnehmer: Severin auch Schlauchin", ("Severin", "Schlauchin")),  # a stop word
        ("We met Anna and Bob", ("Anna", "Bob")),
        ("INVITED: ANNA MAY SMITH", ("ANNA", "SMITH")),  # no capitals to go by
        ("met anna. Bob came later", ("anna", "Bob")),  # not one space
    ],
)
def test_no_join_over_stop_words_or_sentences(text: str, names: tuple[str, ...]) -> None:
    from persona_batch.privacy.recognisers.name_spans import extend_names

    assert extend_names(text, _given(text, names)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("Assign to Lyndsay Stenson, cc Line.", "Line"), ("ping Hope about the refund", "Hope")],
)
def test_a_first_name_that_is_a_word_after_cc(text: str, name: str) -> None:
    assert any(name in found for found in named(text))


@pytest.mark.parametrize("text", ["cc Line Management on this", "cc Support please"])
def test_no_name_after_cc_for_teams(text: str) -> None:
    assert not named(text)
