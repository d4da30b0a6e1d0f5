"""Words with their positions, and the tests on them that the name and place recognisers share."""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers.counts import letter_counts
from persona_batch.privacy.recognisers.dates import MONTH_WORDS, WEEKDAYS

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*[^\W\d_])?\.?")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“”«»(\[•*\-–—]|\s{2,})\s*$")
CALENDAR = MONTH_WORDS | WEEKDAYS
_POSSESSIVE = ("'s", "’s")


class Token:
    """A word of a text: where it starts and ends, as written, and :attr:`bare`. Made for every
    word of every text the name and place finders read, so a plain class with slots (a frozen
    dataclass costs twice as much to build); equal when start, end and text are."""

    __slots__ = ("bare", "end", "flags", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.flags = -1
        """Its gazetteer bits, once a finder has asked (-1 before): a word is looked up many
        times, by every rule and every finder."""
        word = text.rstrip(".")
        self.bare = word[:-2] if word.endswith(_POSSESSIVE) else word
        """The word without a trailing full stop or possessive (made once: the finders read
        it many times a word)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))

    def __repr__(self) -> str:
        return f"Token(start={self.start!r}, end={self.end!r}, text={self.text!r})"

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
