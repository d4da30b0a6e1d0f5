"""The text spaCy's NER reads: a text written without capitals (or all in capitals) with the
capitals a name would have.

The small English model finds people and places by their capitals: in "i think salud ramirez
has the login" or "HAPPY TO JOIN. ERIC WOOD, 0412 345 678" it sees no one. The finders read
such texts by their own rules; the model, given the same text with each word that is a first
name, surname or place of the gazetteers capitalised ("i think Salud Ramirez has the login"),
judges from the sentence whether they name someone, as it does in a text written with
capitals. Nothing else changes: the view has the text's length and its words where they were,
so the model's spans are the text's. A text that has capitals of its own is read as it is.

Not capitalised: the text's own function words ("will", "sean" in Spanish), the most frequent
English words though first names somewhere ("said"), months and weekdays (unless a surname
follows: "abril mendizábal"), and places that are English words ("reading", "bath"), which
the model would take for places in any sentence; a country that is one ("turkey") only after
"in", "from", "to" or "near".

:class:`~persona_batch.privacy.recognisers.ner.FilteredSpacyRecognizer` reads the model's spans
on the view: each is cut to its capitalised words, and a rare full name the model calls a
place is a person.
"""

from __future__ import annotations

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.counts import letter_counts
from persona_batch.privacy.recognisers.finder import TextView
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word

__all__ = ["lone_i", "ner_view"]

_NAMES = gz.FIRST_WIDE | gz.LAST


def ner_view(text: str) -> str:
    """``text`` as spaCy's NER reads it: unchanged when it has capitals of its own; else (all
    lower case, or all capitals, lowered first) each name or place word capitalised."""
    loud = _all_capitals(text)
    if not loud and not _no_capitals(text):
        return text
    base = text.lower() if loud else text
    if len(base) != len(text):
        return text  # a letter whose lower case is longer: offsets would move
    view = TextView(base)
    stops = view.stops
    english = view.english_only
    chars: list[str] | None = None
    named = -2  # the index of the last word capitalised
    for i, token in enumerate(view.toks):
        word = token.bare
        if len(word) < 3 or not word.isalpha():
            continue
        if calendar_word(token):
            if _month_name(view, i):
                chars = _capitalise(chars, base, token)
                named = i
            continue
        if view.folded[i] in stops:
            continue
        before = view.folded[i - 1] if i else ""
        if not (
            _name_word(view, token, english)
            or (named == i - 1 and _surname_after(view, i))
            or (before in _PLACE_WORDS and _country_word(view, token))
        ):
            continue
        chars = _capitalise(chars, base, token)
        named = i
    return base if chars is None else "".join(chars)


def _capitalise(chars: list[str] | None, base: str, token: Token) -> list[str]:
    """``chars`` (``base``'s, made on the first call) with ``token`` capitalised, unless its
    first letter's capital is two letters."""
    upper = token.text[0].upper()
    if chars is None:
        chars = list(base)
    if len(upper) == 1:
        chars[token.start] = upper
    return chars


def _month_name(view: TextView, i: int) -> bool:
    """A month or weekday that is a first name, before a surname no English word is: "abril
    mendizábal", not "april 2024" or "may i"."""
    if i + 1 >= len(view.toks) or not view.flags(view.toks[i]) & (gz.FIRST | gz.FIRST_WIDE):
        return False
    after = view.toks[i + 1]
    flags = view.flags(after)
    if not after.bare.isalpha() or flags & gz.COMMON or view.folded[i + 1] in view.stops:
        return False
    return bool(flags & gz.LAST) or view.gaz.rare(after.bare) or not view.gaz.word(after.bare)


_PLACE_WORDS = frozenset({"in", "from", "to", "near"})


def _name_word(view: TextView, token: Token, english: bool) -> bool:
    """Whether ``token`` is written as a name would be: a common first name that is no very
    frequent English word ("peter", "kelly"; not "said" or "will"); in a text in English only,
    a first name that is a word of another language ("salud"), in any text a name rare as
    that word ("benedetta"); else a common first name, a place, or a name rare as a word or
    no word at all ("ramirez"; not "billing", a surname somewhere)."""
    flags = view.flags(token)
    gaz = view.gaz
    if flags & gz.COMMON:
        return bool(flags & gz.FIRST_TOP) and not gaz.frequent(token.bare)
    if not flags & (_NAMES | gz.PLACE):
        return False
    if flags & gz.COMMON_OTHER:
        return bool(flags & (gz.FIRST_WIDE | gz.FIRST_TOP)) and (english or gaz.rare(token.bare))
    if flags & (gz.FIRST_TOP | gz.PLACE):
        return True
    if not flags & (gz.FIRST | gz.LAST):
        return False  # a rarer first name alone: too often a stray token ("pii")
    return gaz.rare(token.bare) or not gaz.word(token.bare)


def _surname_after(view: TextView, i: int) -> bool:
    """Right after a name word, with a space between: a surname that is no very frequent
    English word ("eric wood"; not "peter said"), or a word in no list at all ("traude
    pruschke"); no product and no rare word that is no surname ("jon downgraded")."""
    token = view.toks[i]
    word = token.bare
    gaz = view.gaz
    if view.text[view.toks[i - 1].end : token.start] != " ":
        return False
    if word.casefold() in PRODUCT_NAMES or gaz.frequent(word):
        return False
    return bool(view.flags(token) & gz.LAST) or gaz.rare_surname(word) or not gaz.word(word)


def _country_word(view: TextView, token: Token) -> bool:
    """A country or big region that is an English word too, after "in", "from", "to" or
    "near" ("grew up in turkey")."""
    return bool(view.flags(token) & gz.BIG_PLACE)


def _all_capitals(text: str) -> bool:
    letters, capitals = letter_counts(text)
    return letters >= 8 and capitals == letters


def _no_capitals(text: str) -> bool:
    """No capital but that of "I" ("i think", "I'm"): a text typed without capitals."""
    for i, ch in enumerate(text):
        if ch.isupper() and not lone_i(text, i):
            return False
    return any(ch.isalpha() for ch in text)


def lone_i(text: str, i: int) -> bool:
    """The character at ``i`` is the pronoun "I" ("I", "I'm", "I've"): the one capital a text
    typed without capitals keeps."""
    return text[i] == "I" and not text[i + 1 : i + 2].isalpha()
