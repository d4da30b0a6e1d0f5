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

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.name_words import PARTICLES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, case_style
from persona_batch.privacy.recognisers.words import stop_words

__all__ = ["extend_names"]

_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*\.?")
_MAX_WORDS = 4
_INITIAL = re.compile(r"[^\W\d_]\.")
_ENDS_IN_PARTICLE = re.compile(
    rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, sorted(PARTICLES, key=len, reverse=True)))})$",
    re.IGNORECASE,
)


_CONTRACTIONS = frozenset({"al"})
"""A particle that is also a preposition with its article in a supported language ("al" is
Spanish and Italian "to the"): a name's particle only where capitals say so ("Omar Al
Rashid"). "del" and "du" start too many surnames ("pilar del río") to be left out."""


def extend_names(
    text: str, found: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, int, int]]:
    """``(old start, old end, new start, new end)`` for each PERSON finding that grows, and
    for each one-word place that is also a first name and grows over a surname ("SPOKE TO
    <DONNA> DE LACY": a person, not a town called Donna)."""
    if not any(entity in ("PERSON", "LOCATION") for _, _, entity in found):
        return []
    # a one-word place right after a name may be its surname ("Lisa-Marie <Davis>"), and one
    # that is also a first name right before it its first name ("<León> Lucena Rebollo"): it
    # does not stop the name, which then covers it
    taken = _Taken(
        (a, b)
        for a, b, entity in found
        if not _surname_place(text, a, b, entity)
        and not (entity == "LOCATION" and _first_name_place(text, a, b))
    )
    people = _Taken((a, b) for a, b, entity in found if entity == "PERSON")
    out = []
    for start, end, entity in found:
        named_place = entity == "LOCATION" and _first_name_place(text, start, end)
        if entity != "PERSON" and not named_place:
            continue
        style = _style(text[start:end])
        if style is None:
            continue
        words = _count(text[start:end])
        new_end = _grow_right(text, end, style, words, taken, people)
        if named_place:
            if new_end != end and _surname_after(text, end, new_end):
                out.append((start, end, start, new_end))
            continue
        words += _count(text[end:new_end])
        new_start = _grow_left(text, start, style, words, taken, _surname_first(text[start:end]))
        if (new_start, new_end) != (start, end):
            out.append((start, end, new_start, new_end))
    return out


def _count(span: str) -> int:
    """Words of a name, its particles and initials left out ("lex v. van den" is one)."""
    return sum(
        1
        for w in _WORD.findall(span)
        if w.casefold() not in PARTICLES and not _INITIAL.fullmatch(w)
    )


def _grow_right(text: str, end: int, style: str, words: int, taken: _Taken, people: _Taken) -> int:
    edge, pending = end, end
    # a name found up to its particle ("daan van"): a surname-like word after it comes along
    # ("daan van oberursel", not "bram dat de planning")
    trailing = _ENDS_IN_PARTICLE.search(text, max(0, end - 8), end) is not None
    particle = trailing
    while words < _MAX_WORDS and text.startswith(" ", pending):
        m = _WORD.match(text, pending + 1)
        if not m or taken.overlaps(m.start(), m.end()):
            break
        token = Token(m.start(), m.end(), m.group())
        if token.bare.casefold() in PARTICLES:
            if style != "title" and token.bare.casefold() in _CONTRACTIONS:
                break  # no capitals: "luna al tablero de jira" is "a el", not "al-Rashid"
            pending = token.start + len(token.bare)  # only if a name word follows it
            particle = True
            continue
        if _INITIAL.fullmatch(token.text) and token.text[0].islower() == (style == "lower"):
            pending = token.end  # "Bianca F. Quintana", with the surname after it
            continue
        # after a particle, or after a first name and a surname ("gil alemany álamo"), any
        # word that is no English word or stop word is one more surname
        loose = particle or (words >= 2 and _surname_like(token))
        if trailing and edge == end and not _plain_surname(token):
            loose = False
        named = (
            _name_word(token, style, text)
            or _rare_surname(token, style)
            or _rare_after(token, style)
            or _between_people(text, token, style, people)
        )
        if not (named or (loose and _after_particle(token, style))):
            break
        edge = pending = token.start + len(token.bare)
        particle = False
        words += 1
    return edge


def _grow_left(text: str, start: int, style: str, words: int, taken: _Taken, surname: bool) -> int:
    """``surname``: the name found starts with a surname, so a first name that is also an
    ordinary English word may stand before it ("joy precious adeyemi", "faith nwosu")."""
    edge = start
    worded = False  # past a first name that is an English word: only more of those
    while words < _MAX_WORDS and edge >= 2 and text[edge - 1] == " ":
        m = re.search(r"[^\W\d_][\w'’\-]*\.?$", text[max(0, edge - 40) : edge - 1])
        if not m:
            break
        s = max(0, edge - 40) + m.start()
        token = Token(s, edge - 1, m.group())
        if taken.overlaps(token.start, token.end) or _sentence_end(token):
            break
        if surname and _word_first_name(token, style):
            worded = True
        elif worded or not _name_word(token, style, text):
            break
        edge = token.start
        words += 1
    return edge


def _sentence_end(token: Token) -> bool:
    """A word with a full stop that is no initial: the sentence before the name ends there
    ("an export and re-import. aria recommended us"; not "j. smith" or "klaus-d. meyer")."""
    word = token.bare
    return token.text.endswith(".") and len(word) > 1 and not re.search(r"-[^\W\d_]$", word)


def _name_word(token: Token, style: str, text: str) -> bool:
    word = token.bare
    if len(word) < 2 or not word.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return False
    if gz.elision(word):
        return False  # "s'est", "l'app"; not a prefix ("o'brien", "d'angelo")
    if _style(word) != style or calendar_word(token) or word.casefold() in stop_words():
        return False
    flags = gz.load().get(word)
    if flags & gz.COMMON and (style != "title" or not flags & gz.FIRST_TOP):
        return False  # "Will" may be a name in "Ana Will"; "ana said" is no "Said"
    if flags & gz.COMMON_OTHER and not flags & (gz.FIRST_WIDE | gz.LAST):
        return False
    if flags & gz.PLACE and not flags & (gz.FIRST_WIDE | gz.LAST):
        return False
    if flags & (gz.FIRST_WIDE | gz.LAST):
        return True
    # A word in no list: an unusual surname, capitalised in mixed text; in lower-case or
    # all-capitals text only one no language uses often either ("pruschke", not "dashboard").
    return not flags and (style == "title" or (len(word) >= 3 and gz.load().unlisted(word)))


def _rare_surname(token: Token, style: str) -> bool:
    """A word right after a name that is a surname somewhere and a rare word everywhere (fewer
    than about six in a million words): that person's surname ("LORENZO PETRARCA", "carlo
    goldoni"), not a word of the sentence ("sara kommt", "ANNA PASSERAIT")."""
    word = token.bare
    if len(word) < 3 or not word.replace("-", "").isalpha() or _style(word) != style:
        return False
    if calendar_word(token) or word.casefold() in stop_words():
        return False
    gaz = gz.load()
    return gaz.rare_surname(word) and not gaz.get(word) & (gz.COMMON | gz.PLACE)


def _rare_after(token: Token, style: str) -> bool:
    """Capitalised in mixed case, right after a name, a word rare everywhere and no English
    word, stop word or big place: a surname, though the lists have it as a town ("Nicolò
    Treves") or a rare word of one language."""
    word = token.bare
    if style != "title" or _style(word) != style or not word.isalpha() or calendar_word(token):
        return False
    gaz = gz.load()
    flags = gaz.get(word)
    return (
        gaz.rare(word)
        and not flags & (gz.COMMON | gz.BIG_PLACE)
        and word.casefold() not in stop_words()
    )


def _between_people(text: str, token: Token, style: str, people: _Taken) -> bool:
    """One word, written like the names, between a name and another found name, one space
    either side: a part of the name whatever else it is ("Albino Mayo Portero", where "mayo"
    is May in Spanish), unless a stop word that no name is, or in text that has no capitals to
    go by ("Severin auch Schlauchin", "ANNA AND BOB")."""
    word = token.bare
    if token.text != word or not word.replace("-", "").isalpha() or _style(word) != style:
        return False
    if len(word) < 2:
        return False
    if word.casefold() in stop_words() and not (
        style == "title" and gz.load().get(word) & (gz.FIRST_WIDE | gz.LAST)
    ):  # capitalised in mixed case, a stop word that is a name too is one: "Anna May Smith"
        return False
    after = _WORD.match(text, token.end + 1) if text.startswith(" ", token.end) else None
    return after is not None and people.overlaps(after.start(), after.end())


def _surname_first(span: str) -> bool:
    """The first word of ``span`` reads as a surname: one names-dataset has as a surname, or a
    rare word that is one somewhere, and no common first name."""
    words = _WORD.findall(span)
    if not words:
        return False
    gaz = gz.load()
    word = words[0].rstrip(".")
    flags = gaz.get(word)
    if flags & (gz.FIRST_TOP | gz.COMMON | gz.PLACE) or word.casefold() in stop_words():
        return False
    return bool(flags & gz.LAST) or gaz.rare_surname(word)


def _word_first_name(token: Token, style: str) -> bool:
    """A first name that is also an ordinary English word ("hope", "joy", "faith"),
    written like the name after it."""
    word = token.bare
    if len(word) < 3 or not word.isalpha() or _style(word) != style or calendar_word(token):
        return False
    if word.casefold() in stop_words():
        return False
    flags = gz.load().get(word)
    return bool(flags & gz.FIRST) and bool(flags & gz.COMMON)


def _after_particle(token: Token, style: str) -> bool:
    """A word after "van der", "de la", "o'" (or a second surname): the surname, unless an
    ordinary English word (capitalised, a surname of the lists still is: "van den Brand") or a
    stop word ("amy van der meulen", where "meulen" is also a Dutch word)."""
    word = token.bare
    if len(word) < 2 or not word.replace("-", "").isalpha() or _style(word) != style:
        return False
    flags = gz.load().get(word)
    if calendar_word(token):
        return False
    if word.casefold() in stop_words():  # "van der Meer", though "meer" is Dutch for "more"
        return style == "title" and bool(flags & gz.LAST)
    # capitalised, a surname that is an English word too: "Amelia van den Brand"
    return not flags & gz.COMMON or (style == "title" and bool(flags & gz.LAST))


def _first_name_place(text: str, start: int, end: int) -> bool:
    """A one-word place that is also a first name, and no big place that is an English word
    too ("Donna", "León", "Georgia"; not "Paris" or "Jordan"): it may grow over a surname."""
    word = text[start:end]
    if not word.isalpha():
        return False
    flags = gz.load().get(word)
    return bool(flags & gz.FIRST_WIDE) and not (flags & gz.BIG_PLACE and flags & gz.COMMON)


def _surname_after(text: str, end: int, new_end: int) -> bool:
    """What a place grew over holds a surname no place or ordinary word is: a particle and a
    word, or a listed surname ("DE LACY", "Kowalski"), not "Donna Street"."""
    words = _WORD.findall(text[end:new_end])
    gaz = gz.load()
    if any(w.casefold() in PARTICLES for w in words[:-1]):
        return True
    return any(
        gaz.get(w.rstrip(".")) & gz.LAST and not gaz.get(w.rstrip(".")) & (gz.COMMON | gz.PLACE)
        for w in words
    )


def _surname_place(text: str, start: int, end: int, entity: str) -> bool:
    word = text[start:end]
    if entity not in ("LOCATION", "NRP") or not word.isalpha():
        return False
    flags = gz.load().get(word)
    return bool(flags & gz.LAST) and not flags & gz.BIG_PLACE


def _surname_like(token: Token) -> bool:
    """A surname, a place name (many surnames are) or a word in no list: not a verb or noun
    that only misses the English word list ("drafted", "handles")."""
    gaz = gz.load()
    return bool(gaz.get(token.bare) & (gz.LAST | gz.PLACE)) or gaz.unlisted(token.bare)


def _plain_surname(token: Token) -> bool:
    """A surname, a rare word that is a surname somewhere, a place that is no word of one
    language or a rare one, or a word in no list ("oberursel", not "hilo", Spanish for
    "thread")."""
    gaz = gz.load()
    flags = gaz.get(token.bare)
    if flags & gz.LAST or gaz.rare_surname(token.bare) or gaz.unlisted(token.bare):
        return True
    return bool(flags & gz.PLACE) and (not flags & gz.COMMON_OTHER or gaz.rare(token.bare))


class _Taken:
    """Spans already found, asked in log time whether one overlaps a range (a long cell has
    thousands: a scan of them all per word was quadratic)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach = list(itertools.accumulate((b for _, b in ordered), max))
        """The furthest end among the spans up to each one."""

    def overlaps(self, start: int, end: int) -> bool:
        """Some span has ``a < end`` and ``b > start``."""
        at = bisect.bisect_left(self._starts, end)
        return at > 0 and self._reach[at - 1] > start


def _style(span: str) -> str | None:
    style = case_style(span)
    return None if style == "title" and not span[:1].isupper() else style
