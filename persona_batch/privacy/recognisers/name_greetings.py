"""Names a greeting, a chat line or capitals give away: the one word between a greeting and a
comma ("hi telemaco,", "HI APRIL,"), the one word a chat line opens with before a comma ("ok\n
yasemen, sending it now"), and a name written in capitals inside mixed-case text after a phrase
that introduces one ("It's BALDASSARE OSCURO."). :mod:`recognisers.names` calls the first and
the last where a greeting or hand-over phrase ends.
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.finder import Span
from persona_batch.privacy.recognisers.name_blocks import NameView
from persona_batch.privacy.recognisers.name_words import GREETINGS as GREETING_WORDS
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, gap
from persona_batch.privacy.recognisers.typos import unusual

__all__ = ["GREETINGS", "OPENERS", "greeted", "in_capitals", "vocatives"]

GREETINGS = frozenset(GREETING_WORDS)
"""The greetings of :data:`recognisers.name_words.GREETINGS`, for a quick lookup."""
OPENERS = GREETINGS | {"ok", "okay", "thanks", "thx", "cheers"}
"""Words a reply opens with before the name of whom it answers ("ok yasemen, sending it")."""
_GREETED = re.compile(r"[ \t]*(?:,|!|\r?\n|$)")
"""What closes a greeting's name: a comma, "!" or the line's end."""
_VOCATIVE = re.compile(r"(?m)^[ \t]*(?P<word>[^\W\d_][\w'’\-]*[^\W\d_])[ \t]*,[ \t]+\S")
"""A line that opens with one word and a comma, and goes on: "yasemen, sending it now"."""


def greeted(view: NameView, i: int) -> bool:
    """The one word between a greeting (or "ok", "thanks") and a comma, "!" or the line's end
    ("hi telemaco,", "HI APRIL,", "ok yasemen, sending it now"): who is greeted, when it is no
    ordinary word, function word or product ("hi team,", "hallo zusammen,", "hello
    support,"); a month that is also a first name counts there."""
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


def vocatives(view: NameView) -> list[Span]:
    """The one word a line of a chat or thread opens with, before a comma ("ok\nyasemen,
    sending it now", "Jolanda, can you check?"): who is spoken to, when the text has more than
    one line and the word is a first name that is no ordinary word and no place, or a word no
    list has (not a product, nor a typo of an ordinary word: "hmmm," and "okk," stay)."""
    if "\n" not in view.text.strip():
        return []
    out: list[Span] = []
    for match in _VOCATIVE.finditer(view.text):
        i = view.index.get(match.start("word"))
        if i is None:
            continue
        token = view.toks[i]
        word = token.bare.casefold()
        if len(word) < 4 or word in PRODUCT_NAMES or word in view.stops or calendar_word(token):
            continue
        flags = view.flags(token)
        if view.unlisted(token):
            if not unusual(word):
                continue
        elif not flags & gz.FIRST_WIDE or flags & gz.PLACE or view.ordinary(token):
            continue
        out.append((token.start, token.start + len(token.bare), 0.5, "the one spoken to"))
    return out
