"""Words with their positions, and the tests on them that the name and place recognisers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from persona_batch.privacy.recognisers.counts import letter_counts
from persona_batch.privacy.recognisers.dates import MONTH_WORDS, WEEKDAYS

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W\d_])?\.?")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“”«»(\[•*\-–—]|\s{2,})\s*$")
CALENDAR = MONTH_WORDS | WEEKDAYS
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    bare: str = field(init=False, repr=False, compare=False)
    """The word without a trailing full stop or possessive (made once: the finders read it
    many times a word)."""

    def __post_init__(self) -> None:
        word = self.text.rstrip(".")
        object.__setattr__(self, "bare", word[:-2] if word.endswith(_POSSESSIVE) else word)

    @property
    def capitalised(self) -> bool:
        """Starts with a capital letter (all-capitals text counts: "JOHN SMITH")."""
        return self.text[:1].isupper()

    @property
    def lower(self) -> bool:
        return self.text.islower()


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def sentence_start(text: str, position: int) -> bool:
    """Whether the word at ``position`` begins a sentence, a line, a list item or a quote."""
    return bool(_SENTENCE_END.search(text[max(0, position - 12) : position]))


def gap(text: str, left: Token, right: Token) -> str:
    return text[left.end : right.start]


def calendar_word(token: Token) -> bool:
    return token.bare.casefold() in CALENDAR


def shouting(text: str) -> bool:
    """Most letters are capitals: capitalisation says nothing about names here."""
    letters, capitals = letter_counts(text)
    return letters >= 8 and capitals > 0.8 * letters


def case_style(span: str) -> str | None:
    """How ``span`` is written: "upper", "lower" or "title" (mixed); ``None`` with no letter."""
    letters = [ch for ch in span if ch.isalpha()]
    if not letters:
        return None
    if all(ch.isupper() for ch in letters):
        return "upper"
    if all(ch.islower() for ch in letters):
        return "lower"
    return "title"
