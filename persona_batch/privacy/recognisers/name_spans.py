"""A found name runs on over the name words next to it: "TADEO <PERSON>" was "TADEO VICENTE
MENÉNDEZ LORENZO" with spaCy finding only the last three, "<PERSON> Verdejo" a second surname.

This pass runs on a cell's resolved findings. A PERSON finding takes in the words right before
and after it (one space between, on the same line), up to four words in all, while each is
written like the name (capitalised, all capitals or all lower case), is no ordinary word, stop
word, month or weekday, and is a known first name or surname (or, capitalised in mixed-case
text, a word no list has). Name particles inside ("van der", "de la") come along. A word that
another finding covers stops it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.name_words import PARTICLES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, case_style
from persona_batch.privacy.recognisers.words import stop_words

__all__ = ["extend_names"]

_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*\.?")
_MAX_WORDS = 4
_INITIAL = re.compile(r"[A-Z]\.")


def extend_names(
    text: str, found: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, int, int]]:
    """``(old start, old end, new start, new end)`` for each PERSON finding that grows."""
    if not any(entity == "PERSON" for _, _, entity in found):
        return []
    taken = sorted((a, b) for a, b, _ in found)
    out = []
    for start, end, entity in found:
        if entity != "PERSON":
            continue
        style = _style(text[start:end])
        if style is None:
            continue
        words = len(_WORD.findall(text[start:end]))
        new_end = _grow_right(text, end, style, words, taken)
        words += len(_WORD.findall(text[end:new_end]))
        new_start = _grow_left(text, start, style, words, taken)
        if (new_start, new_end) != (start, end):
            out.append((start, end, new_start, new_end))
    return out


def _grow_right(text: str, end: int, style: str, words: int, taken: list[tuple[int, int]]) -> int:
    edge, pending = end, end
    while words < _MAX_WORDS and text.startswith(" ", pending):
        m = _WORD.match(text, pending + 1)
        if not m or _covered(m.start(), m.end(), taken):
            break
        token = Token(m.start(), m.end(), m.group())
        if token.bare.casefold() in PARTICLES:
            pending = token.start + len(token.bare)  # only if a name word follows it
            continue
        if style == "title" and _INITIAL.fullmatch(token.text):
            pending = token.end  # "Bianca F. Quintana", with the surname after it
            continue
        if not _name_word(token, style, text):
            break
        edge = pending = token.start + len(token.bare)
        words += 1
    return edge


def _grow_left(text: str, start: int, style: str, words: int, taken: list[tuple[int, int]]) -> int:
    edge = start
    while words < _MAX_WORDS and edge >= 2 and text[edge - 1] == " ":
        m = re.search(r"[^\W\d_][\w'’\-]*\.?$", text[max(0, edge - 40) : edge - 1])
        if not m:
            break
        s = max(0, edge - 40) + m.start()
        token = Token(s, edge - 1, m.group())
        if _covered(token.start, token.end, taken) or not _name_word(token, style, text):
            break
        edge = token.start
        words += 1
    return edge


def _name_word(token: Token, style: str, text: str) -> bool:
    word = token.bare
    if len(word) < 2 or not word.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return False
    if _style(word) != style or calendar_word(token) or word.casefold() in stop_words():
        return False
    flags = gz.load().get(word)
    if flags & gz.COMMON and not flags & gz.FIRST_TOP:
        return False
    if flags & gz.COMMON_OTHER and not flags & (gz.FIRST_WIDE | gz.LAST):
        return False
    if flags & gz.PLACE and not flags & (gz.FIRST_WIDE | gz.LAST):
        return False
    if flags & (gz.FIRST_WIDE | gz.LAST):
        return True
    return style == "title" and not flags  # an unusual surname, capitalised in mixed text


def _covered(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < end and b > start for a, b in taken)


def _style(span: str) -> str | None:
    style = case_style(span)
    return None if style == "title" and not span[:1].isupper() else style
