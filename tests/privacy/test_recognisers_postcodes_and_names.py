"""A postcode named by its word, names that are also stop words or ordinary words in another
language (after a hand-over, in a list of names), names after an answer or a session label,
and German phrases written with "ss" for "ß". Positive and negative cases for each."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.base import alternation
from persona_batch.privacy.recognisers.names import NameRecognizer
from persona_batch.privacy.recognisers.postcodes import PostcodeRecognizer
from tests.privacy.recognised import found, spans


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("Ora abito a Verona. Il CAP è 83014.", "83014"),
        ("ora abito a verona. il cap è 20158.", "20158"),
        ("PLZ: 30915", "30915"),
        ("Postleitzahl 10115, bitte", "10115"),
        ("my zip is 94107-1234", "94107-1234"),
        ("zip code: 02139", "02139"),
        ("kod pocztowy 78-051", "78-051"),
        ("postcode SW1A 1AA please", "SW1A 1AA"),
        ("de postcode is 1234 AB", "1234 AB"),
        ("code postal : 75011", "75011"),
        ("código postal 28013", "28013"),
        ("my postcode is 2000 now", "2000"),
    ],
)
def test_a_postcode_after_its_name_is_found(text: str, postcode: str) -> None:
    assert found(PostcodeRecognizer(), text) == [postcode]


@pytest.mark.parametrize(
    "text",
    [
        "a cap of 2000 rows per export",
        "the cap is 5000 a month",
        "order 83014 arrived late",
        "zip the 12345 files together",
        "postcode field is missing",
        "released in 2024, version 30915",
        "zip 123456 is too long for a postcode",
    ],
)
def test_numbers_without_a_postcode_word_are_not_postcodes(text: str) -> None:
    assert found(PostcodeRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ok caio, sending it now", "caio"),
        ("Okay Henrike, I will look", "Henrike"),
        ("Rozmowa: Cyprian, urodzony w Gdańsku", "Cyprian"),
        ("Interview: Wiebke, 34, a nurse", "Wiebke"),
        ("Recruited via Bo Claesdr, who also sent her number.", "Bo Claesdr"),
        ("Please ask for Sam when you call.", "Sam"),
        ("Thanks Sara, that fixed it", "Sara"),
        ("DANKE UND GRUSS, VAJÈN", "VAJÈN"),
        ("Anwesend: Chi, Kata, Sandra.", "Chi"),
    ],
)
def test_names_that_are_also_words_are_found_where_a_name_is_due(text: str, name: str) -> None:
    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("ok so the export works now", "so"),
        ("ok thanks, that helps", "thanks"),
        ("Interview: Remote, 45 minutes", "Remote"),
        ("Recruited via La Poste partners", "La"),
        ("Anwesend: Chi", "Chi"),  # no other name in the list to vouch for it
        ("ASK FOR AN UPGRADE", "AN"),
        ("Attendees: Design, Sales and Chi", "Chi"),
    ],
)
def test_words_where_a_name_could_be_are_kept(text: str, word: str) -> None:
    found_words = {w for s in spans(NameRecognizer(), "PERSON", text) for w in s.split()}
    assert word not in found_words


def test_phrases_with_sharp_s_also_match_ss() -> None:
    import re

    pattern = re.compile(alternation(["grüße", "gruß"]), re.IGNORECASE)
    assert pattern.fullmatch("GRUSS") and pattern.fullmatch("grüsse") and pattern.fullmatch("Gruß")
    assert not pattern.fullmatch("gras")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("peter r. kelly\n370 jeremy tarn\nnewcastle nsw 2963", "peter r. kelly"),
        ("Maria Kowalska\nul. Długa 5/3\n00-238 Warszawa", "Maria Kowalska"),
        ("JOHN SMITH\n12 HIGH STREET\nLONDON", "JOHN SMITH"),
    ],
)
def test_the_name_line_above_an_address_is_found(text: str, name: str) -> None:
    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "Head Office\n12 High Street\nLondon",
        "Acme Logistics\n12 High Street",
        "Totals\n120 Main Street",
        "Delivery Notes\n12 High Street",
    ],
)
def test_lines_above_an_address_that_are_no_one_are_kept(text: str) -> None:
    first_line = text.split("\n")[0]
    assert first_line not in spans(NameRecognizer(), "PERSON", text)
