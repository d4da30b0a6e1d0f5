"""Whom to call: the one or two words between a call verb and the number to call them on ("call
tony on 0161 496 0000", "bel Sanne op 06 …", "ruf heinz unter 0151 …").

What stands there is a person far more often than anything else, even a first name that is
also an English word ("tony", "mark"). It is taken when each word is a first name or surname
of the gazetteer, or a word no list has, and none is a function word, a month or weekday, or a
product ("call me on", "call the office on", "call support at", "call zoom on" stay).
"""

from __future__ import annotations

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.base import after_phrase
from persona_batch.privacy.recognisers.counts import digit_count
from persona_batch.privacy.recognisers.finder import Span
from persona_batch.privacy.recognisers.name_blocks import NameView
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word

__all__ = ["called_names"]

_CALL_VERBS = ("call", "ring", "text", "phone", "whatsapp", "sms", "bel", "chiama", "llama", "appelle", "ruf", "zadzwoń do")  # fmt: skip
_CALLED = after_phrase(
    _CALL_VERBS,
    r"[ \t]+(?P<name>[^\W\d_][\w'’\-]*(?:[ \t][^\W\d_][\w'’\-]*)?)[ \t]+"
    r"(?:on|at|op|al|au|unter|pod|na|no\.?)[ \t]+(?:\+|\()?\d",
)
"""A call verb, one or two words, "on" (in a supported language) and the number's first digit;
searched only where a call verb starts a word."""


def called_names(view: NameView) -> list[Span]:
    """The names in ``view``'s text that someone is told to call on a number."""
    if not digit_count(view.text):
        return []
    out: list[Span] = []
    for match in _CALLED.finditer(view.text):
        i = view.index.get(match.start("name"))
        if i is None:
            continue
        words = [t for t in view.toks[i : i + 2] if t.start < match.end("name")]
        if all(_name_word(view, w) for w in words):
            last = words[-1]
            out.append((words[0].start, last.start + len(last.bare), 0.55, "whom to call"))
    return out


def _name_word(view: NameView, token: Token) -> bool:
    word = token.bare.casefold()
    if len(word) < 2 or word in view.stops or word in PRODUCT_NAMES or calendar_word(token):
        return False
    return bool(view.flags(token) & (gz.FIRST_WIDE | gz.LAST)) or view.unlisted(token)
