"""Surnames with a prefix ("o'brien", "d'angelo") and capitalised after "van den" though an
English word ("Brand"); who joined a call or connected from somewhere; a place before a verb
of moving that ends the clause ("nach Nabburg umgezogen"); a place that is an English word too,
paired with a place ("between leeds and york")."""

from __future__ import annotations

import pytest

from persona_batch.privacy.detect import Detector
from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer
from persona_batch.privacy.recognisers.places import PlaceRecognizer
from tests.privacy.recognised import extended, found, persons, spans


@pytest.mark.parametrize(("word", "bare"), [("o'brien", "obrien"), ("d'angelo", "dangelo")])
def test_a_surname_prefix_is_read_through(word: str, bare: str) -> None:
    gaz = gz.load()
    assert gaz.get(word) & gz.LAST
    assert gaz.get(word) == gaz.get(bare)


@pytest.mark.parametrize("word", ["d'un", "d'abord", "d'accord", "o'clock", "l'app", "s'il"])
def test_elisions_and_words_are_no_surnames(word: str) -> None:
    assert not gz.load().get(word) & (gz.LAST | gz.FIRST | gz.FIRST_WIDE)


@pytest.mark.parametrize(
    ("text", "name", "whole"),
    [
        ("cc: carly o'brien, anna", "carly", "carly o'brien"),
        ("Forward to Amelia U. van den Brand today.", "Amelia", "Amelia U. van den Brand"),
        ("Forward to Amelia van Dam about it.", "Amelia", "Amelia van Dam"),
        ("we spoke to Anna de la Rosa yesterday", "Anna", "Anna de la Rosa"),
    ],
)
def test_names_grow_over_prefixed_surnames(text: str, name: str, whole: str) -> None:
    assert extended(text, name) == [whole]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("émile rossi s'est connecté depuis lyon", "émile"),
        ("anna bianchi si è collegata da casa", "anna"),
    ],
)
def test_names_do_not_grow_over_elisions(text: str, name: str) -> None:
    assert all("'" not in s and " si" not in s for s in extended(text, name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("HERNANDO CALVO SE CONECTÓ DESDE CASA; LA CONEXIÓN SE CORTABA.", "HERNANDO CALVO"),
        ("hernando calvo se conectó desde casa", "hernando calvo"),
        ("Émile Rossi s'est connecté depuis la maison.", "Émile Rossi"),
        ("Ottavio Canali joined the call about ten minutes late.", "Ottavio Canali"),
        ("jadwiga połączyła się z domu", "jadwiga"),
    ],
)
def test_who_joined_or_connected(text: str, name: str) -> None:
    assert name in spans(SubjectNameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "The printer connected from the lobby.",
        "Zoom dialled in automatically",
        "the client joined the call late",
        "our vpn connected from home",
    ],
)
def test_things_that_connect_are_no_one(text: str) -> None:
    assert not spans(SubjectNameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("- IST AM 3. MAI NACH NABBURG UMGEZOGEN UND ARBEITET REMOTE.", "NABBURG"),
        ("ist am 3. mai nach nabburg umgezogen und arbeitet remote.", "nabburg"),
        ("Ist im Mai nach Nabburg umgezogen.", "Nabburg"),
        ("Wir sind in Bad Tölz aufgewachsen.", "Bad Tölz"),
        ("Hij is naar zwolle verhuisd.", "zwolle"),
        ("Sie ist nach Kleinkleckersdorf gezogen.", "Kleinkleckersdorf"),
    ],
)
def test_a_place_before_a_verb_of_moving(text: str, place: str) -> None:
    assert place in found(PlaceRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    [
        "Sie ist in die Stadt gezogen.",
        "Er ist nach Hause gezogen.",
        "Das Team ist in ein neues Büro umgezogen.",
        "Die Daten sind nach Azure umgezogen.",
        "Wir sind nach Snowflake umgezogen.",
        "Die Firma ist in neue Räume gezogen.",
    ],
)
def test_no_place_before_a_verb_of_moving_in_words(text: str) -> None:
    assert not found(PlaceRecognizer(), text)


@pytest.mark.slow
def test_the_detector_takes_a_prefixed_surname_with_its_first_name(detector: Detector) -> None:
    text = "from: anna smith\nto: support\ncc: carly o'brien"
    covered = " ".join(persons(detector, text))
    assert "carly" in covered and "o'brien" in covered


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("i work on trains between leeds and york.", "york"),
        ("i commute from york to leeds every day", "york"),
        ("we drove between leeds and bath on friday", "bath"),
    ],
)
def test_a_place_that_is_an_english_word_paired_with_a_place(text: str, place: str) -> None:
    assert place in found(PlaceRecognizer(), text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("we moved from leeds to march last year", "march"),
        ("flights between leeds and may are cheap", "may"),
        ("the switch from zoom to teams was painful", "teams"),
    ],
)
def test_no_month_or_product_paired_with_a_place(text: str, kept: str) -> None:
    assert kept not in found(PlaceRecognizer(), text)
