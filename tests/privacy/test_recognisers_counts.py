"""The counts the recognisers' prefilters share are those of the plain definitions, for any
text (ASCII takes a faster path), and the detector skips the NER model only where its findings
cannot depend on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persona_batch.core.privacy_settings import PATTERN_ENTITIES
from persona_batch.privacy import detect
from persona_batch.privacy.parallel import longest_first
from persona_batch.privacy.recognisers.counts import digit_count, letter_counts
from persona_batch.privacy.recognisers.tokens import shouting
from tests.evaluation.privacy_set import build_set

ascii_text = st.text(st.characters(max_codepoint=127))


@given(st.one_of(ascii_text, st.text()))
def test_digit_count_is_isdigit(text: str) -> None:
    assert digit_count(text) == sum(ch.isdigit() for ch in text)


@given(st.one_of(ascii_text, st.text()))
def test_letter_counts_are_isalpha_and_isupper(text: str) -> None:
    letters = [ch for ch in text if ch.isalpha()]
    assert letter_counts(text) == (len(letters), sum(ch.isupper() for ch in letters))


def test_shouting_reads_the_counts() -> None:
    assert shouting("PLEASE CALL JOHN SMITH TOMORROW")
    assert shouting("MÜNCHEN UND KÖLN, ok")
    assert not shouting("Please call John Smith tomorrow")
    assert not shouting("OK NO")  # fewer than eight letters


def test_longest_first_keeps_every_text() -> None:
    texts = ["bb", "a", "cccc", "dd", ""]
    assert longest_first(texts) == ["cccc", "bb", "dd", "a", ""]


@pytest.mark.slow
def test_pattern_entities_alone_skip_the_model_and_find_the_same(
    detector: detect.Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [c.text for c in build_set(60, seed=53).cells]
    tokenised = detector.analyze_many(texts, PATTERN_ENTITIES)
    monkeypatch.setattr(detect, "NER_ENTITIES", frozenset(PATTERN_ENTITIES))  # force the parse
    parsed = detector.analyze_many(texts, PATTERN_ENTITIES)
    assert tokenised == parsed
    assert any(tokenised)
