"""Typos of ordinary words: a word no list has may be a name, unless it is one letter away
from a word people write ("dashbaord" is "dashboard", not someone's name)."""

from __future__ import annotations

from persona_batch.privacy.recognisers import gazetteer as gz

__all__ = ["typo"]

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(word: str) -> bool:
    """``word`` (casefolded) is one letter away from an English word or a word of some
    frequency in every supported language ("dashboard"), no name or place: a letter dropped,
    added, changed or swapped with its neighbour ("dashbaord", "recieved", "expot")."""
    if not word.isascii():
        return False
    table = gz.load().flags
    named = gz.FIRST_WIDE | gz.LAST | gz.PLACE
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]),
        *(a + c + b for a, b in splits for c in _LETTERS),
    }
    for candidate in edits & table.keys():
        flags = table[candidate] & ~(gz.SEEN | gz.RARE | gz.RARE_SURNAME)
        if not flags & named and (flags & gz.COMMON or not flags):
            return True  # English, or frequent in every language and no name or place
    return False
