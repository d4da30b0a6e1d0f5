"""A long cell is replaced piece by piece, with the very text and spans that replacing it whole
gives, for every strategy: neighbours of one type with only white space between them (which
Presidio merges) are never cut apart, and nothing between the findings changes."""

from __future__ import annotations

import itertools
import random

import pytest

from persona_batch.core.config import Strategy
from persona_batch.privacy.detect import Finding
from persona_batch.privacy.strategies import PIECE_CHARS, Replacer, pieces

KEY = b"test-key-0123456789abcdef"
WORDS = ["Maria", "Garcia", "maria@example.net", "0612 345 678", "Leeds", "and", "the", "export"]
TYPES = {"Maria": "PERSON", "Garcia": "PERSON", "maria@example.net": "EMAIL_ADDRESS",
         "0612 345 678": "PHONE_NUMBER", "Leeds": "LOCATION"}  # fmt: skip


def _long_text(seed: int, words: int) -> tuple[str, list[Finding]]:
    rng = random.Random(seed)
    text, findings = "", []
    for _ in range(words):
        word = rng.choice(WORDS)
        gap = rng.choice([" ", " ", "  ", "\n", ", ", "; "])
        if word in TYPES:
            findings.append(Finding(TYPES[word], len(text), len(text) + len(word), 0.8))
        text += word + gap
    return text, findings


@pytest.mark.parametrize("strategy", list(Strategy))
@pytest.mark.parametrize("seed", [1, 2])
def test_a_long_text_is_replaced_as_a_whole_would_be(strategy: Strategy, seed: int) -> None:
    text, findings = _long_text(seed, 12_000)
    assert len(text) > 3 * PIECE_CHARS
    replacer = Replacer(KEY)
    assert replacer.apply(text, findings, strategy) == replacer._anonymize(
        text,
        findings,
        {f.entity_type: replacer._operators[strategy](f.entity_type) for f in findings},
    )


def test_pieces_cover_the_text_and_never_split_a_whitespace_run_of_findings() -> None:
    text, findings = _long_text(3, 12_000)
    cut = pieces(text, findings)
    assert cut[0][0] == 0 and cut[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cut))
    assert sum(len(inside) for _, _, inside in cut) == len(findings)
    for end in (e for _, e, _ in cut[:-1]):
        assert not any(f.start < end < f.end for f in findings)
        after = min(f.start for f in findings if f.start >= end)
        assert text[end:after].strip()
    assert len(cut) > 3
