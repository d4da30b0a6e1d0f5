"""The name before a birth date; names set where an address block's layout puts one, in any
language; sign-off names that are also words; accented spellings of listed names; and what
people of a supported locale call their own cities and other countries."""

from __future__ import annotations

import pytest

from tests.privacy.recognised import spans

pytestmark = pytest.mark.slow


def _born(text: str) -> set[str]:
    from persona_batch.privacy.recognisers.name_births import born_names
    from persona_batch.privacy.recognisers.name_blocks import NameView

    return {text[a:b] for a, b, _, _ in born_names(NameView(text))}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("session notes - basarab c. pușcașu, dob: 28/12/1964, lives in x", {"basarab c. pușcașu"}),
        ("- conversación con urbano, f. nacimiento 2 de septiembre de 1964", {"urbano"}),
        ("Jan Kowalski (ur. 12.03.1980) mieszka w Gdańsku.", {"Jan Kowalski"}),
        ("Interview with Priya Raman, born 12 March 1984, in Leeds.", {"Priya Raman"}),
        ("Gespräch mit Dörte Vogt, geb. 03.04.1971, in Kiel", {"Dörte Vogt"}),
        ("RENCONTRE AVEC ZOÉ MARCHAL, NÉE LE 2 MAI 1990", {"ZOÉ MARCHAL"}),
    ],
)
def test_the_name_before_a_birth_date(text: str, names: set[str]) -> None:
    assert _born(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "My mother, born 1950, still uses the app.",  # an ordinary word
        "the customer, DOB 1961, asked for a refund.",
        "Signed up in March, born in 1990 per the form.",  # a month
        "Mi madre, nacida en 1950, usa la app.",  # another language's ordinary word
        "she said, born and raised in Leeds, that it was fine",  # a function word
        "Born 17/01/1981, works nights.",  # nothing before it
    ],
)
def test_no_name_before_a_birth_date(text: str) -> None:
    assert _born(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Aysel Salz\nGeiselallee 3/9\n09478 Mellrichstadt", "Aysel Salz"),  # "Salz": a word
        ("Afleveradres:\nLot de Jode Vastraedsd\nNienkeboulevard 47\n1611HE Almere", "Lot de Jode Vastraedsd"),
        ("Thanks,\nMille (C585105357)", None),  # covered by the signature rule
        ("I'm 43.\n\nThanks, Mille (C585105357)", "Mille"),  # a French word, ending its line
        ("thanks, íngrid (535-86729-80)", "íngrid"),  # "Ingrid" with an accent
        ("Die Kollegin Hanno Scholz kümmert sich um die Rechnungen.", "Hanno Scholz"),
    ],
)  # fmt: skip
def test_names_where_layout_or_phrase_put_them(text: str, name: str | None) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    found = spans(NameRecognizer(), "PERSON", text)
    if name is not None:
        assert name in found


@pytest.mark.parametrize(
    "text",
    [
        "Acme Logistics\n12 Harbour Road\nLeeds LS1 4AB",  # a firm: English words
        "Main Office\n12 Harbour Road\nLeeds LS1 4AB",
        "Ship to:\nHead Office\n12 Harbour Road",
        "Thanks, all (see below)",  # a stop word that is no name
        "thanks, and see you (soon)",
    ],
)
def test_no_name_in_those_places(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    found = spans(NameRecognizer(), "PERSON", text)
    assert not found & {"Acme Logistics", "Main Office", "Head Office", "all", "and"}


def test_an_accented_spelling_has_the_names_bits_of_the_plain_one() -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    table = gz.load()
    assert table.get("íngrid") & gz.FIRST == table.get("ingrid") & gz.FIRST != 0
    assert not table.unlisted("íngrid")
    assert table.get("été") & (gz.FIRST | gz.LAST) == 0  # an accented word keeps its own bits
    assert table.unlisted("zblörfq")


@pytest.mark.parametrize(
    "name",
    ["croazia", "kroatië", "chorwacja", "niemcy", "pays-bas", "den haag", "firenze", "köln", "wien", "torino"],
)  # fmt: skip
def test_local_names_of_cities_and_countries_are_places(name: str) -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    assert gz.load().get(name) & gz.PLACE


@pytest.mark.parametrize("word", ["google", "lion", "haag", "vine", "crossroads"])
def test_other_names_that_are_words_or_names_are_no_places(word: str) -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    assert not gz.load().get(word) & gz.PLACE


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("mijn kaartnummer is verlopen. ik woon nu in den haag.", "den haag"),
        ("GOOD MORNING,\nI'M IN CROAZIA UNTIL MAY SO PLEASE DON'T SHIP ANYTHING.", "CROAZIA"),
        ("Sie wohnt jetzt in Köln und pendelt.", "Köln"),
    ],
)
def test_local_names_are_found_in_text(text: str, place: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert place in spans(PlaceRecognizer(), "LOCATION", text)
