"""Two words side by side that read as an unusual full name by themselves, with nothing around
them to say so: "Background: Thảo Hoàng has been", "Senna Heyne" (capitalised, each a name no
ordinary word is or a word no list has), "wubkje schotanusma is 38", "OGHENEKARO EBIWONJUMI FROM
..." (in lower case or capitals, two words no list has at the start of a sentence, neither one
letter away from an ordinary word: "teh dashbaord" is a typo, not a name); and two such words
joined by a surname particle, in any case ("IZE VAN DER VEN", "ludwig von kessel")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.finder import Span
from persona_batch.privacy.recognisers.name_blocks import NameView
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import (
    Token,
    calendar_word,
    case_style,
    gap,
    sentence_start,
)
from persona_batch.privacy.recognisers.typos import unusual

__all__ = [
    "initialled_names",
    "joined_names",
    "pairs",
    "particle_names",
    "romance_particle_names",
    "unlisted_pairs",
]

_WORD = r"[^\W\d_][\w'’\-]*[^\W\d_]"
"""A word of two letters or more that starts and ends with a letter: each side of a pair."""
_PARTICLE_NAME = re.compile(
    rf"(?<![\w\-])(?=(?P<left>{_WORD})[ ](?P<particle>(?i:van[ ]der|van[ ]den|"
    rf"van[ ]de|von[ ]der|von[ ]dem|van|von|ten|ter))[ ](?P<right>{_WORD})(?![\w\-]))"
)
"""A word, a surname particle, a word: "Ize van der Ven", "KLAUS VON KESSEL"."""
_ROMANCE_PARTICLES = frozenset(("de", "da", "di", "del", "du", "dos", "das", "do"))
_ROMANCE_NAME = re.compile(
    rf"(?<![\w\-])(?=(?P<left>{_WORD})[ ]"
    rf"(?P<particle>{'|'.join(sorted(_ROMANCE_PARTICLES))})[ ](?:la[ ])?"
    rf"(?P<right>{_WORD})(?![\w\-]))"
)
"""A word, "de" (or "da", "di", "du"...) in lower case, a word: "Tess de Wit", "Luca di Marco"."""
_INITIALLED = re.compile(
    rf"(?<![\w.\-])(?=(?P<first>{_WORD})[ ](?P<initial>[^\W\d_])\.[ ](?P<last>{_WORD})(?![\w\-]))"
)
"""A word, a middle initial with its full stop, a word: "GUNDEL S. BACHMANN"."""
_JOINERS = frozenset(("and", "und", "et", "y", "e", "en", "i", "oraz"))
""""and" in the supported languages."""
_JOINED = re.compile(
    rf"(?<![\w\-@])(?=(?P<left>{_WORD})[ ]"
    rf"(?i:{'|'.join(sorted(_JOINERS))})[ ](?P<right>{_WORD})(?![\w\-]))"
)
"""Two words joined by "and" in a supported language."""
_STARTS = re.compile(r"(?:[.!?:;\n\"“”«»(\[•*\-–—]|\s\s)[ \t]*(?=[^\W\d_])")
"""Where a sentence, a line or an item may start (:func:`tokens.sentence_start` decides)."""


def pairs(view: NameView) -> list[Span]:
    """Two capitalised words in mixed-case text, side by side, each a name no ordinary word
    is or a word no list has, one of them unlisted or the surname first ("Background:
    Thảo Hoàng has been", "Senna Heyne"): an unusual full name."""
    if view.shouting:
        return []
    out = []
    for left, right in zip(view.toks, view.toks[1:], strict=False):
        if gap(view.text, left, right) != " " or not (left.capitalised and right.capitalised):
            continue
        if not all(view.capital(w) and _name_or_unlisted(view, w) for w in (left, right)):
            continue
        if all(view.flags(w) & (gz.FIRST_WIDE | gz.LAST) for w in (left, right)) and not (
            view.flags(left) & gz.LAST and not view.flags(left) & gz.FIRST_WIDE
        ):
            continue  # two known names: the gazetteer rule decides, unless surname first
        if left.text.isupper() or right.text.isupper():
            continue  # "SSO", "API": acronyms
        out.append((left.start, right.start + len(right.bare), 0.45, "two unlisted names"))
    return out


def unlisted_pairs(view: NameView) -> list[Span]:
    """Two words side by side that no list has, written alike in lower case or capitals, at
    the start of a sentence or line ("wubkje schotanusma is 38", "OGHENEKARO EBIWONJUMI
    FROM ..."): a name the gazetteer does not know, where capitals cannot tell."""
    out = []
    starts = (m.end() for m in _STARTS.finditer(view.text))
    for position in (0, *starts):
        i = view.index.get(position)
        if i is None or i + 1 >= len(view.toks):
            continue
        left, right = view.toks[i], view.toks[i + 1]
        if not (unusual(left.bare) and unusual(right.bare)):
            continue
        if gap(view.text, left, right) != " " or not (left.lower or left.text.isupper()):
            continue
        if left.lower != right.lower:
            continue
        if sentence_start(view.text, left.start):
            out.append((left.start, right.start + len(right.bare), 0.45, "two unlisted words"))
    return out


_PARTICLES = frozenset(("van", "von", "ten", "ter"))


def _matches_before(
    view: NameView, pattern: re.Pattern[str], middles: frozenset[str] | None
) -> Iterator[re.Match[str]]:
    """``pattern`` tried at the word before each word in ``middles`` (a joiner, a particle;
    None: an initial with its full stop): one attempt per such word, not one per character
    of the text."""
    if middles is None:
        found = [i for i, t in enumerate(view.toks) if len(t.text) == 2 and t.text[1] == "."]
    else:
        found = [i for i, word in enumerate(view.folded) if word in middles]
    for i in found:
        if i:
            match = pattern.match(view.text, view.toks[i - 1].start)
            if match is not None:
                yield match


def joined_names(view: NameView) -> list[Span]:
    """Two single words joined by "and", written alike, one a first name no ordinary word is
    and the other one too or a word no list has: "AGNOLO AND NICCOLÒ", "wiebke und tjark".
    Both are names ("tags and labels", "slack and jira" are not)."""
    low = view.text.casefold()
    if not any(f" {joiner} " in low for joiner in _JOINERS):
        return []
    out: list[Span] = []
    for match in _matches_before(view, _JOINED, _JOINERS):
        left, right = view.index.get(match.start("left")), view.index.get(match.start("right"))
        if left is None or right is None:
            continue
        pair = (view.toks[left], view.toks[right])
        if not any(_first_name(view, w) for w in pair):
            continue  # most "X and Y" hold no first name: the cheap test first
        if case_style(pair[0].text) != case_style(pair[1].text):
            continue
        if all(_joined_side(view, w) for w in pair):
            out.extend((w.start, w.start + len(w.bare), 0.45, "two names joined") for w in pair)
    return out


def _first_name(view: NameView, token: Token) -> bool:
    """A first name that is no ordinary word, or one used as a name more than as a word of
    its language ("niccolò")."""
    flags = view.flags(token)
    if not flags & (gz.FIRST | gz.FIRST_TOP):
        return False
    return not view.ordinary(token) or view.gaz.rare(token.bare)


def _joined_side(view: NameView, token: Token) -> bool:
    word = token.bare.casefold()
    if len(word) < 3 or word in view.stops or word in PRODUCT_NAMES or calendar_word(token):
        return False
    flags = view.flags(token)
    if flags & gz.COMMON:
        return False
    if view.unlisted(token):
        return unusual(word)
    return _first_name(view, token)


def _name_or_unlisted(view: NameView, token: Token) -> bool:
    if view.unlisted(token):
        return True
    flags = view.flags(token)
    return bool(flags & (gz.FIRST_WIDE | gz.LAST)) and not view.ordinary(token)


def particle_names(view: NameView) -> list[Span]:
    """A first name, a surname particle and a surname, in any case, each side written alike
    and a name no ordinary word is or a word no list has: "IZE VAN DER VEN", "jinthe van
    rooij". "een van de beste" and "factuur van de klant" have ordinary words around "van"."""
    low = view.text.casefold()
    if "van " not in low and "von " not in low and " te" not in low:
        return []
    out = []
    for match in _matches_before(view, _PARTICLE_NAME, _PARTICLES):
        left, right = view.index.get(match.start("left")), view.index.get(match.start("right"))
        if left is None or right is None:
            continue
        first, last = view.toks[left], view.toks[right]
        if case_style(first.text) != case_style(last.text):
            continue
        if not _particle_side(view, first, gz.FIRST_WIDE):
            continue
        # after "van der" any word but an English or function word is a surname ("VEN")
        double = " " in match.group("particle") and (
            view.unlisted(first) or bool(view.flags(first) & gz.FIRST_WIDE)
        )
        if _particle_side(view, last, gz.LAST) or (double and _plain(view, last)):
            out.append((first.start, last.start + len(last.bare), 0.5, "a name with a particle"))
    return out


def romance_particle_names(view: NameView) -> list[Span]:
    """A capitalised first name, "de", "da", "di", "du" (or "de la"...) in lower case, and a
    capitalised surname, in mixed-case text: "Tess de Wit", "Maria da Silva", "Juan de la
    Cruz". Only where capitals say so: "de" is also "of" in four languages, so the first
    word must be a first name no ordinary word is, and the last a surname or a word no list
    has, no English word and no big place ("Banco de España", "Gare de Lyon", "Rio de
    Janeiro" name no one here; a place is the place rules' to find)."""
    if view.shouting or " d" not in view.text:
        return []
    out = []
    for match in _matches_before(view, _ROMANCE_NAME, _ROMANCE_PARTICLES):
        left, right = view.index.get(match.start("left")), view.index.get(match.start("right"))
        if left is None or right is None:
            continue
        first, last = view.toks[left], view.toks[right]
        if not (view.capital(first) and view.capital(last)) or first.text.isupper():
            continue
        if not _first_name(view, first) or calendar_word(last) or last.text.isupper():
            continue
        flags = view.flags(last)
        if gz.english(flags) or flags & gz.BIG_PLACE or last.bare.casefold() in PRODUCT_NAMES:
            continue
        if flags & gz.LAST or view.unlisted(last) or view.rare_surname(last):
            out.append((first.start, last.start + len(last.bare), 0.5, "a name with de"))
    return out


def _plain(view: NameView, token: Token) -> bool:
    word = token.bare.casefold()
    return len(word) >= 2 and word not in view.stops and not view.flags(token) & gz.COMMON


def _particle_side(view: NameView, token: Token, bits: int) -> bool:
    word = token.bare.casefold()
    flags = view.flags(token)
    if len(word) < 2 or word in view.stops or word in PRODUCT_NAMES or calendar_word(token):
        return False
    if gz.english(flags):  # "JANE VAN DER DUSSEN", though "jane" is a word
        return False
    return bool(flags & bits) or view.unlisted(token) or not view.ordinary(token)


def initialled_names(view: NameView) -> list[Span]:
    """A first name, a middle initial and a surname, written alike, in any case: "GUNDEL S.
    BACHMANN", "Adelasia S. Donati", "basarab c. pușcașu". Neither word may be an ordinary
    English word, a function word, a month or a product ("Plan B. Next", "Vitamin C. Take"),
    and one must be a name or a word no list has."""
    if ". " not in view.text:
        return []
    out: list[Span] = []
    for match in _matches_before(view, _INITIALLED, None):
        first = view.index.get(match.start("first"))
        last = view.index.get(match.start("last"))
        if first is None or last is None:
            continue
        words = (view.toks[first], view.toks[last])
        style = case_style(words[0].text)
        initial = match.group("initial")
        if style != case_style(words[1].text) or (initial.islower() != (style == "lower")):
            continue
        named_first = bool(view.flags(words[0]) & gz.FIRST_WIDE)
        surname = named_first and bool(view.flags(words[1]) & gz.LAST)  # "kayleigh u. wood"
        if not _initialled_side(view, words[0]) or not (
            _initialled_side(view, words[1]) or surname
        ):
            continue
        if any(view.flags(w) & (gz.FIRST_WIDE | gz.LAST) or view.unlisted(w) for w in words):
            out.append(
                (words[0].start, words[1].start + len(words[1].bare), 0.5, "a middle initial")
            )
    return out


def _initialled_side(view: NameView, token: Token) -> bool:
    word = token.bare.casefold()
    flags = view.flags(token)
    if word in view.stops and not flags & gz.FIRST_WIDE:  # "ELLA Z. LINKE", not "de a. b"
        return False
    if len(word) < 2 or word in PRODUCT_NAMES or calendar_word(token):
        return False
    return not gz.english(flags)
