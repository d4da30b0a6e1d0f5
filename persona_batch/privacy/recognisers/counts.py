"""Character counts of a whole text that several recognisers test before their rules run.

Presidio hands every recogniser the same text in turn, so each count is made once per text
(a small cache keyed by the text) rather than once per recogniser, and for ASCII text at C
speed (``bytes.translate``) rather than one Python call per character. The counts are exactly
those of ``str.isdigit``, ``str.isalpha`` and ``str.isupper``.
"""

from __future__ import annotations

from functools import lru_cache

_ASCII = range(128)
_NOT_DIGITS = bytes(c for c in _ASCII if not chr(c).isdigit())
_NOT_LETTERS = bytes(c for c in _ASCII if not chr(c).isalpha())
_CAPITALS = bytes(c for c in _ASCII if chr(c).isupper())


@lru_cache(maxsize=8)
def digit_count(text: str) -> int:
    """How many characters of ``text`` are digits (``str.isdigit``)."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, _NOT_DIGITS))
    return sum(ch.isdigit() for ch in text)


@lru_cache(maxsize=8)
def letter_counts(text: str) -> tuple[int, int]:
    """How many characters of ``text`` are letters, and how many of those are capitals."""
    if text.isascii():
        letters = text.encode("ascii").translate(None, _NOT_LETTERS)
        return len(letters), len(letters) - len(letters.translate(None, _CAPITALS))
    found = [ch for ch in text if ch.isalpha()]
    return len(found), sum(ch.isupper() for ch in found)
