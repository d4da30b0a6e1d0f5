"""Names a greeting or capitals give away: the one word between a greeting and a comma ("hi
telemaco,", "HI APRIL,"), and a name written in capitals inside mixed-case text after a phrase
that introduces one ("It's BALDASSARE OSCURO."). :mod:`recognisers.names` calls both where a
greeting or hand-over phrase ends.
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.name_blocks import NameView
from persona_batch.privacy.recognisers.name_words import GREETINGS as GREETING_WORDS
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, gap

__all__ = ["GREETINGS", "greeted", "in_capitals"]

GREETINGS = frozenset(GREETING_WORDS)
"""The greetings of :data:`recognisers.name_words.GREETINGS`, for a quick lookup."""
_GREETED = re.compile(r"[ \t]*(?:,|!|\r?\n|$)")
"""What closes a greeting's name: a comma, "!" or the line's end."""


def greeted(view: NameView, i: int) -> bool:
    """The one word between a greeting and a comma, "!" or the line's end ("hi telemaco,",
    "HI APRIL,"): who is greeted, when it is no ordinary word, function word or product
    ("hi team,", "hallo zusammen,", "hello support,"); a month that is also a first name
    counts there."""
    token = view.toks[i]
    if not _GREETED.match(view.text, token.start + len(token.bare)):
        return False
    word = token.bare.casefold()
    flags = view.flags(token)
    if len(word) < 3 or not token.bare.isalpha() or word in PRODUCT_NAMES:
        return False
    if calendar_word(token):
        return bool(flags & gz.FIRST)
    if word in view.stops and not flags & gz.FIRST_TOP:
        return False
    return not view.ordinary(token) or bool(flags & gz.FIRST_TOP)


def in_capitals(view: NameView, i: int) -> tuple[int, int] | None:
    """Two to four words in capitals from word ``i`` in a text that does not shout, after a
    phrase that introduces a name ("It's BALDASSARE OSCURO."): a name written in capitals
    to be spelt right, when no word is an English or function word, a product or a month
    and one is a name or a word no list has ("SEPA DIRECT DEBIT" has English words)."""
    if view.shouting:
        return None
    taken: list[Token] = []
    for token in view.toks[i : i + 4]:
        if taken and gap(view.text, taken[-1], token) != " ":
            break
        word = token.bare.casefold()
        if not token.bare.isupper() or len(word) < 2 or not token.bare.isalpha():
            break
        if word in view.stops or word in PRODUCT_NAMES or calendar_word(token):
            return None
        if view.flags(token) & gz.COMMON:
            return None
        taken.append(token)
    named = any(view.flags(w) & (gz.FIRST_WIDE | gz.LAST) or view.unlisted(w) for w in taken)
    if len(taken) < 2 or not named:
        return None
    return taken[0].start, taken[-1].start + len(taken[-1].bare)
