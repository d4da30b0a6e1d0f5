"""Two words that no list has, side by side at the start of a sentence in lower case or
capitals ("wubkje schotanusma is 38"): an unusual full name. Typos, products and ordinary
words in the same place stay. They use the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.name_pairs import unlisted_pairs
from persona_batch.privacy.recognisers.names import NameRecognizer, _Finder
from tests.privacy.recognised import spans


def _pairs(text: str) -> list[str]:
    return [text[a:b] for a, b, _, _ in unlisted_pairs(_Finder(text))]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("wubkje schotanusma is 38 and runs a bakery", "wubkje schotanusma"),
        ("OGHENEKARO EBIWONJUMI FROM WARRI WON THE RAFFLE", "OGHENEKARO EBIWONJUMI"),
        ("- remote interview. wilhelmientje nijenhuisen is 61, a nurse", "wilhelmientje nijenhuisen"),
    ],
)  # fmt: skip
def test_two_unlisted_words_starting_a_sentence_are_a_name(text: str, name: str) -> None:
    assert _pairs(text) == [name]
    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "teh dashbaord is broken again",  # typos of ordinary words
        "recieved teh invoice on monday",
        "kubernetes clusters are slow",
        "hubspot zendesk sync failed twice",  # products
        "GRAFANA DATADOG ALERTS ARE NOISY",
        "we tried wubkje schotanusma last week",  # not at a sentence start
        "Wubkje Schotanusma is 38",  # capitalised: the mixed-case rules decide
        "the export took 45 minutes",
        "onboarding dashboards need work",
    ],
)
def test_typos_products_and_words_elsewhere_are_no_unlisted_pair(text: str) -> None:
    assert _pairs(text) == []
