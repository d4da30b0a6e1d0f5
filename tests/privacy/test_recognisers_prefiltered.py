"""Cheaper recognisers find exactly what the ones they replace find: Presidio's pattern
recognisers behind a prefilter, and the phone matcher run only on the stretches between
letters. Checked on the evaluation set's texts (every style and locale) and on generated text
with the values planted."""

from __future__ import annotations

from functools import cache

import pytest
from faker import Faker
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import (
    DateRecognizer,
    EmailRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UrlRecognizer,
    UsSsnRecognizer,
)

from persona_batch.core.config import DetectSettings
from persona_batch.privacy.recognisers import phones
from persona_batch.privacy.recognisers.prefiltered import (
    QuickDate,
    QuickEmail,
    QuickIp,
    QuickSsn,
    QuickUrl,
)
from tests.evaluation.privacy_set import build_set

PAIRS = [
    (QuickIp(), IpRecognizer()),
    (QuickSsn(), UsSsnRecognizer()),
    (QuickEmail(), EmailRecognizer()),
    (QuickDate(), DateRecognizer()),
    (QuickUrl(), UrlRecognizer()),
]
IDS = [type(quick).__name__ for quick, _ in PAIRS]
REGION = phones.RegionPhoneRecognizer(DetectSettings().phone_regions)


@cache
def _texts() -> tuple[str, ...]:
    return tuple(c.text for c in build_set(150, seed=31).cells)


def _spans(recognizer: EntityRecognizer, text: str) -> list[tuple[int, int, str, float]]:
    results = recognizer.analyze(text, recognizer.supported_entities, None)
    return sorted((r.start, r.end, r.entity_type, r.score) for r in results)


@pytest.mark.parametrize(("quick", "full"), PAIRS, ids=IDS)
def test_a_prefiltered_recogniser_finds_what_presidios_finds(
    quick: EntityRecognizer, full: EntityRecognizer
) -> None:
    texts = _texts()
    found = 0
    for text in texts:
        want = _spans(full, text)
        assert _spans(quick, text) == want, text
        found += len(want)
    assert found > 0  # the set holds values of each kind: the comparison is not vacuous


_FAKE = Faker()
_VALUES = st.sampled_from(["ipv4", "ipv6", "ssn", "email", "url", "date"]).map(
    lambda kind: {
        "ipv4": _FAKE.ipv4,
        "ipv6": _FAKE.ipv6,
        "ssn": _FAKE.ssn,
        "email": _FAKE.email,
        "url": _FAKE.url,
        "date": lambda: _FAKE.date(pattern="%d/%m/%Y"),
    }[kind]()
)


@settings(max_examples=150, deadline=None)
@given(
    before=st.text(alphabet="abc .:-@/0123456789\n", max_size=20),
    value=_VALUES,
    after=st.text(alphabet="xyz .:-/0123456789\n", max_size=20),
)
def test_planted_values_are_found_alike(before: str, value: str, after: str) -> None:
    text = f"{before}{value}{after}"
    for quick, full in PAIRS:
        assert _spans(quick, text) == _spans(full, text), (type(quick).__name__, text)


def _whole_text_phones(text: str) -> list[tuple[int, int]]:
    """The recogniser as it was: Presidio's matcher over the whole text, then our filter."""
    if not phones._SEVEN_DIGITS.search(text):
        return []
    results = PhoneRecognizer.analyze(REGION, text, ["PHONE_NUMBER"], None)
    kept = [
        r
        for r in results
        if phones._digits(text[r.start : r.end]) >= 7
        and not phones.looks_like_other_number(text, r.start, r.end)
        and phones._plausible_grouping(text[r.start : r.end])
    ]
    return sorted({(r.start, r.end) for r in kept})


def _stretch_phones(text: str) -> list[tuple[int, int]]:
    return sorted({(r.start, r.end) for r in REGION.analyze(text, ["PHONE_NUMBER"])})


def test_the_phone_matcher_on_stretches_finds_what_it_finds_on_the_whole_text() -> None:
    texts = _texts()
    found = 0
    for text in texts:
        want = _whole_text_phones(text)
        assert _stretch_phones(text) == want, text
        found += len(want)
    assert found > 50


@pytest.mark.parametrize(
    "text",
    [
        "call 555 0143 ext. 12 now",
        "+1-202-555-0143x1234",
        "Tel:0612345678, fax 0612345679",
        "mobile (11) 9998-3425 or 020 7946 0958",
        "+44 20 7946 0958; the 2019-2024 budget was 1,234,567.00",
        "ring 06-12345678.Thanks",
    ],
)
def test_phone_edge_cases_match_the_whole_text_matcher(text: str) -> None:
    assert _stretch_phones(text) == _whole_text_phones(text)
