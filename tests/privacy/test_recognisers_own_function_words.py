"""A text's own function words: those of the languages it is written in. A first name that is a
function word of another language ("darin" in German, "sean" in Spanish, "inna" in Polish) is a
name in an English note; in its own language it is still a function word. Likewise a town
that is a frequent word of its own language ("stuttgart") is a place in a text in English only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persona_batch.privacy.detect import Detector
from persona_batch.privacy.recognisers.places import PlaceRecognizer
from persona_batch.privacy.recognisers.words import (
    EVIDENCE,
    own_stop_words,
    shown_languages,
    stop_words,
    stop_words_by_language,
)
from tests.privacy.recognised import found, named, persons


def _words(text: str) -> list[str]:
    return text.casefold().replace(",", " ").replace(".", " ").split()


@pytest.mark.parametrize(
    ("text", "language", "foreign"),
    [
        ("notes by darin, edited by the team", "en", "darin"),
        ("que sean rápidos con el envío, por favor", "es", "what"),
        ("die Lieferung kam nicht an, darin war nichts", "de", "with"),
        ("il pacco non è arrivato e nessuno mi ha chiamato", "it", "the"),
    ],
)
def test_a_text_keeps_the_function_words_of_its_language_only(
    text: str, language: str, foreign: str
) -> None:
    own = own_stop_words(_words(text))
    assert own >= stop_words_by_language()[language]
    assert foreign not in own
    assert foreign in stop_words()


@pytest.mark.parametrize(
    "text",
    [
        "Sean Ruiz",  # a name cell: nothing to tell the language by
        "Darin",
        "",
        "ok",
    ],
)
def test_with_too_little_to_go_by_every_language_counts(text: str) -> None:
    assert own_stop_words(_words(text)) == stop_words()


def test_a_text_of_two_languages_keeps_both() -> None:
    text = "the parcel was late and she said que no es posible y que lo sienten mucho"
    own = own_stop_words(_words(text))
    assert own >= stop_words_by_language()["en"] | stop_words_by_language()["es"]


@given(st.lists(st.sampled_from(sorted(stop_words())), max_size=40))
def test_a_texts_function_words_are_always_its_own(words: list[str]) -> None:
    """Whatever the mix, every function word a text uses of a language it shows is kept, and
    with fewer than EVIDENCE function words all are."""
    own = own_stop_words(words)
    assert own <= stop_words()
    if len(words) < EVIDENCE:
        assert own == stop_words()
    counts = {
        lang: sum(w in stops for w in words) for lang, stops in stop_words_by_language().items()
    }
    best = max(counts.values(), default=0)
    for lang, n in counts.items():
        if n == best:
            assert stop_words_by_language()[lang] <= own


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("notes by darin, edited by Anna Kowalski.", "darin"),
        ("Notes by Darin, edited by the research team.", "Darin"),
        ("spoke to inna about the refund, she was not happy with the delay.", "inna"),
    ],
)
def test_a_first_name_that_is_a_function_word_elsewhere_is_a_name(text: str, name: str) -> None:
    assert name in named(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sean works as a data analyst and has used the app for a year.", "Sean"),
        ("Carpool: Sean drives, the rest of us take the train.", "Sean"),
        # the name used twice is no evidence of French ("aura": "will have")
        ("call aura on 0612 345 678\naura was born in may apparently", "aura"),
    ],
)
def test_the_detector_finds_such_names_as_subjects(
    detector: Detector, text: str, name: str
) -> None:
    assert name in persons(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "que sean rápidos con el envío, por favor.",
        "appelle-moi demain, elle aura la réponse d'ici là.",
        "Die Lieferung kam nicht an, darin war nichts.",
        "nie wiem, inna osoba odebrała paczkę",  # "inna": "another", in Polish
        "Come and see the new dashboard, it is fine.",
    ],
)
def test_function_words_in_their_own_language_are_no_names(text: str) -> None:
    assert not named(text)


@pytest.mark.slow
def test_a_rare_first_name_still_tells_the_language(detector: Detector) -> None:
    """ "het" is a first name somewhere, but not of a country's first thousand: it counts as
    Dutch, so the greeting does not take it."""
    text = (
        "onderwerp: terugbetaling bestelling a-368111\n\nhallo,\nhet juiste iban is "
        "nl58 ytyg 5211 6014 63.\n\ngroeten,\nkevin mitchell"
    )
    assert "het" not in " ".join(persons(detector, text)).split()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("nothing. i already recommend you to everyone in stuttgart.", ("en",)),
        ("ich wohne in stuttgart und arbeite in ulm", ("de",)),
        ("Sean Ruiz", None),
    ],
)
def test_the_languages_a_text_shows(text: str, shown: tuple[str, ...] | None) -> None:
    assert shown_languages(_words(text)) == shown


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("nothing. i already recommend you to everyone in stuttgart.", "stuttgart"),
        ("marta from bologna won the raffle, she was happy", "bologna"),
        ("i work in torino and i love it", "torino"),
    ],
)
def test_a_place_of_one_languages_text_is_a_place_in_an_english_one(text: str, place: str) -> None:
    """In lower case after "in" or "from", a town that is a frequent word of its own language's
    text: in a text in English only, no word of that language."""
    assert place in found(PlaceRecognizer(), text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("lavoro a torino e vivo in centro storico da anni", "torino"),  # Italian: a word too
        ("das liegt in stuttgart", "stuttgart"),  # German: a frequent word of its text
    ],
)
def test_such_a_place_in_its_own_language_is_left_to_other_rules(text: str, word: str) -> None:
    assert word not in found(PlaceRecognizer(), text)
