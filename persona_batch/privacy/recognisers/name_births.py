"""Whose birth date it is: the name right before a birth date ("session notes - basarab c.
pușcașu, dob: 28/12/1964", "conversación con urbano, f. nacimiento 2 de septiembre de 1964",
"Jan Kowalski (ur. 12.03.1980)").

Notes give a person's date of birth right after their name, set off by a comma or a bracket.
There, one to three words that can be a name are that person's name, in any case: each a
first name or surname of the gazetteer, a word in no list, or an initial; none an ordinary
English word, a function word, a month or weekday. "My mother, born 1950" and "the customer,
DOB 1961" name no one: "mother" and "customer" are ordinary words. Walking back from the
comma stops at the first word that cannot be a name ("con" in "conversación con urbano").
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.base import alternation
from persona_batch.privacy.recognisers.dates import BIRTH_WORDS
from persona_batch.privacy.recognisers.finder import Span
from persona_batch.privacy.recognisers.name_blocks import INITIAL, NameView
from persona_batch.privacy.recognisers.name_words import PARTICLES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word

__all__ = ["born_names"]

_CUE = re.compile(rf"[ \t]*[,(][ \t]*(?:{alternation(BIRTH_WORDS)})(?![\w])", re.IGNORECASE)
"""A comma or bracket, then a birth word: what follows a name whose birth date comes next."""
_STEMS = tuple(sorted({word[:4] for word in BIRTH_WORDS}))
"""The birth words' beginnings: a text with none of them gives no birth date."""


def born_names(view: NameView) -> list[Span]:
    """The name before each birth date of ``view``'s text."""
    low = view.text.casefold()
    if not any(stem in low for stem in _STEMS):
        return []  # most texts give no birth date: a substring test spares the regex
    out: list[Span] = []
    for match in _CUE.finditer(view.text):
        words = _before(view, match.start())
        if words:
            last = words[-1]
            out.append((words[0].start, last.start + len(last.bare), 0.6, "before a birth date"))
    return out


def _before(view: NameView, position: int) -> list[Token]:
    """Up to three words that can be a name, ending right at ``position``."""
    taken: list[Token] = []
    i = view.word_ending_at(position)
    while i is not None and i >= 0 and len(taken) < 3:
        token = view.toks[i]
        if taken and view.text[token.end : taken[0].start] not in (" ", "\t"):
            break
        if not _name_word(view, token, inner=bool(taken)):
            break
        taken.insert(0, token)
        i -= 1
    while taken and taken[0].bare.casefold() in PARTICLES:
        taken.pop(0)
    if not taken or (INITIAL.match(taken[0].text) and len(taken) == 1):
        return []
    return taken


def _name_word(view: NameView, token: Token, inner: bool) -> bool:
    word = token.bare.casefold()
    if INITIAL.match(token.text) or (token.text.endswith(".") and len(word) == 1):
        return inner  # "c." between two names
    if inner and word in PARTICLES:
        return True
    if len(word) < 2 or word in view.stops or calendar_word(token) or not token.bare.isalpha():
        return False
    flags = view.flags(token)
    if gz.english(flags) or (token.lower and flags & gz.COMMON):
        return False  # "she said, born and raised": "Said" is a name, "said" a word
    return (
        bool(flags & (gz.FIRST_WIDE | gz.LAST))
        or view.unlisted(token)
        or (view.capital(token) and not view.ordinary(token))
    )
