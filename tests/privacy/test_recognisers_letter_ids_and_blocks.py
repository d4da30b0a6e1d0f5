"""Codes of capitals only after an identifier phrase, floors written in words and a postcode
that closes an address block, Dutch and Belgian compound streets, and the other names of large
cities. Positive and negative cases for each; the values are invented here, apart from the
phrase and street lists the rules use."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.letter_ids import LetterIdRecognizer
from tests.privacy.recognised import found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bitte fragen Sie nicht nach meiner Ausweisnummer (QWZRTPLX).", "QWZRTPLX"),
        ("passport no. KXQZTRBW was lost", "KXQZTRBW"),
        ("Numéro de passeport : ZZKWQRTB", "ZZKWQRTB"),
        ("her driving licence number is HJKWPQRZ", "HJKWPQRZ"),
    ],
)
def test_a_capitals_only_code_after_an_identifier_phrase_is_found(text: str, code: str) -> None:
    assert found(LetterIdRecognizer(), text) == [code]


@pytest.mark.parametrize(
    "text",
    [
        "PASSPORT NUMBER PENDING, ID CARD EXPIRED",  # words of a language
        "member id ADMIN has access",
        "passport no. Kxqztrbw",  # not capitals
        "Ausweisnummer (QWZ)",  # too short
        "the CF BCDFGHJK export",  # a loose phrase
        "Passport details follow. KXQZTRBW",  # a sentence between them
    ],
)
def test_words_codes_and_loose_phrases_stay(text: str) -> None:
    assert found(LetterIdRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Our studio is at ul. Długa 47, second floor, 78-051.", "ul. Długa 47, second floor, 78-051"),
        ("Office: 12 High Street, ground floor, SW1A 1AA.", "12 High Street, ground floor, SW1A 1AA"),
        ("Via Garibaldi 8, primo piano, 20121 Milano", "Via Garibaldi 8, primo piano, 20121 Milano"),
        ("Receipt to tulpenboulevard 61, app. 63, 4845gy zuidwolde, please",
         "tulpenboulevard 61, app. 63, 4845gy zuidwolde"),
        ("Send it to Frankrijklei 12, 2000 Antwerpen.", "Frankrijklei 12, 2000 Antwerpen"),
        ("Schillerstr. 5\n10115\nthanks", "Schillerstr. 5\n10115"),
        ("Our studio is at 14 Kerrigan Street, 3853. Come by!", "14 Kerrigan Street, 3853"),
    ],
)  # fmt: skip
def test_an_address_block_takes_its_floor_and_closing_postcode(text: str, address: str) -> None:
    spans = found(StreetAddressRecognizer(), text)
    assert max(spans, key=len) == address  # a part found on its own lies inside it


@pytest.mark.parametrize(
    "text",
    [
        "The report has 12345 rows, ground floor plans, and version 2.",
        "We fixed 12 bugs, second floor meeting at 3.",
        "Version 2, 10115 downloads.",
    ],
)
def test_floors_and_numbers_alone_are_no_address(text: str) -> None:
    assert found(StreetAddressRecognizer(), text) == []


@pytest.mark.parametrize("name", ["Bangalore", "Bombay", "Madras", "Calcutta", "Peking"])
def test_other_names_of_large_cities_are_places(name: str) -> None:
    assert gz.load().get(name) & gz.BIG_PLACE


@pytest.mark.parametrize("word", ["bnglwr", "BLR", "Dai Dou", "Pekin'"])
def test_stubs_and_codes_of_their_names_are_not(word: str) -> None:
    assert not gz.load().get(word) & gz.BIG_PLACE
