"""Case-insensitive regexes that start with a phrase, searched at a fraction of the cost.

Many privacy rules have one shape: a phrase in any case ("passport no.", "call me on", "lives
in"), then the value after it. Python's ``re`` tries such a case-insensitive alternation at
every position of a text, phrase after phrase, and that dominates the rule's cost on long
notes. :class:`PhraseFirst` finds where a phrase can start with a case-sensitive search of the
lower-cased text, which ``re`` runs several times faster, and tries the full regex only there.

Its matches are exactly those of ``regex.finditer``, in the same order, provided that every
match of the regex starts where ``starts`` matches in the lower-cased text (a test checks each
rule that uses it, on generated texts). Text with a character outside the Latin, punctuation
and currency ranges the supported languages use is searched the plain way: there ``re``'s case
folding and ``str.lower`` can disagree ("ſ" matches "s", "İ" lowers to two characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_UNSAFE = re.compile(
    r"[^\x00-\x7f\u00a0-\u00b4\u00b6-\u012f\u0132-\u017e\u2000-\u206f\u20a0-\u20bf]"
)
"""A character whose case ``str.lower`` and ``re.IGNORECASE`` may see differently: anything
but ASCII, Latin-1 and Latin Extended-A letters (less "µ", "İ", "ı" and "ſ"), general
punctuation and currency signs."""
_ESCAPE = re.compile(r"\\.")


def lower_if_plain(text: str) -> str | None:
    """``text`` in lower case, position for position, where its case is the same to ``re``
    and to ``str.lower`` (plain Latin text); else None."""
    if not text.isascii() and _UNSAFE.search(text):
        return None
    return text.lower()


def word_char(ch: str) -> bool:
    """``ch`` is a word character of ``re`` (``\\w`` in a str pattern)."""
    return ch.isalnum() or ch == "_"


lowered = lru_cache(maxsize=8)(lower_if_plain)
""":func:`lower_if_plain`, kept for the last few texts: the recognisers ask for each text in turn."""


class PhraseFirst:
    """``regex`` searched only where ``starts`` finds a phrase.

    ``starts``: a case-sensitive regex, every letter of it in lower case, that matches in the
    lower-cased text wherever a match of ``regex`` can start (typically the regex's own
    look-behind and phrase alternation). ``regex`` must never match the empty string.
    """

    def __init__(self, regex: re.Pattern[str], starts: str) -> None:
        literal = _ESCAPE.sub("", starts)
        if any(ch.isupper() for ch in literal) or _UNSAFE.search(literal):
            raise ValueError(f"starts must be in lower case and plain Latin: {starts[:60]!r}")
        self.regex = regex
        self.starts = re.compile(starts)
        self._at = re.compile(f"(?=(?:{starts}))")
        """Every position where ``starts`` matches, overlapping ones too, in one scan."""

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.regex.groupindex)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``regex.finditer(text)``."""
        low = lowered(text)
        if low is None:
            yield from self.regex.finditer(text)
            return
        end = 0
        for found in self._at.finditer(low):
            at = found.start()
            if at >= end:
                match = self.regex.match(text, at)
                if match is not None:
                    yield match
                    end = match.end()
