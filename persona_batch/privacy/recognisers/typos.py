"""Typos of ordinary words, and the unusual words that are left: a word no list has may be a
name, unless it is one letter away from a word people write ("dashbaord" is "dashboard", not
someone's name) or a product's name."""

from __future__ import annotations

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES

__all__ = ["typo", "unusual"]

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


def unusual(word: str, shortest: int = 4) -> bool:
    """``word`` is in no list (no name, place or word of some frequency in any supported
    language), has ``shortest`` letters or more and letters only, and is no product and no
    typo of an ordinary word: a name the lists do not know ("adetoke", "görsev"), where
    something says a name stands."""
    folded = word.casefold()
    return (
        len(folded) >= shortest
        and folded.isalpha()
        and gz.load().unlisted(folded)
        and folded not in PRODUCT_NAMES
        and not typo(folded)
    )
