"""The other names of a list: once one item of "A, B and C" is a name, its neighbours of the same
shape are names too.

Lists of people are common in research notes ("Presenti: A, B, C", "so far A, B, maybe C",
"invited: a; b; c"), and the recognisers find most items but rarely all: an unusual name is
missed between two common ones. This pass runs after every recogniser, on the merged findings
of a cell. From each PERSON finding it walks to the next and the previous item across a list
separator (a comma, a semicolon, "and" in the supported languages) and takes that item when it
is one to four words written like the found name (all capitalised, all lower case or all
capitals), with no digit, no stop word and no ordinary word that is not also a name. "Anna,
Support and Billing" stays as it is; so does "Anna, Berlin and Rome".

A column of names, one a line (a guest list, a sign-up sheet), is a list too: from a found
name that is a whole line, the lines above and below it are taken when each reads as a name
(a first name first; in capitals or lower case, a surname that is also a word of one language
counts). A job title, a street or a town under a name line stays.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.name_words import (
    PARTICLES,
    SIGN_OFFS,
    STRONG_PHRASES,
    WEAK_PHRASES,
)
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, case_style, tokens
from persona_batch.privacy.recognisers.typos import unusual
from persona_batch.privacy.recognisers.words import stop_words

_SEPARATOR_WORDS = r"and|und|et|y|e|en|i|oraz|or|oder|ou|o|of|lub|maybe|vielleicht|peut-être|quizás|forse|misschien|może"
_SEP_AFTER = re.compile(
    rf"[ \t]*(?:[,;&+/][ \t]*(?:(?:{_SEPARATOR_WORDS})[ \t]+)?|[ \t](?:{_SEPARATOR_WORDS})[ \t]+)",
    re.I,
)
_SEP_BEFORE = re.compile(rf"(?:[,;&+/]|[ \t](?:{_SEPARATOR_WORDS}))[ \t]*$", re.I)
"""A list separator; it never crosses a line ("Cheers,\nAnna" is a sign-off, not a list)."""
_WORD = r"(?:[^\W\d_]\.|[^\W\d_][\w'’\-]*(?:\.\w[\w'’\-]*)*)"
"""A word, or an initial with its dot ("F. Quintana"); a word's own full stop ends the item."""
_ITEM_AFTER = re.compile(rf"{_WORD}(?:[ ]{_WORD}){{0,5}}")
_ITEM_BEFORE = re.compile(rf"(?:{_WORD}[ ]){{0,5}}{_WORD}$")
_INITIAL = re.compile(r"[A-Z]\.?")
_PLUS = re.compile(r"[ \t]+\+\d{1,2}[ \t]*$")
"""A guest's plus-ones after their name ("ELSE SPIESS +1; PAUL SANCHEZ")."""
_SEPARATORS = frozenset(_SEPARATOR_WORDS.split("|"))
_ANY_SEPARATOR = re.compile(rf"[,;&+/]|[ \t](?:{_SEPARATOR_WORDS})[ \t]", re.I)
_LOOKBACK = 80
_PHRASES = frozenset(p.casefold() for p in (*SIGN_OFFS, *STRONG_PHRASES, *WEAK_PHRASES))


def complete_lists(text: str, found: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Spans of list items next to a found name, not already covered by any finding.

    ``found``: every finding of the cell as (start, end, entity type)."""
    names = [(a, b) for a, b, entity in found if entity == "PERSON"]
    if not names or not ("\n" in text or _ANY_SEPARATOR.search(text)):
        return []
    taken = Taken((a, b) for a, b, _ in found)
    # a list item found as a place that reads as a name ("Sofia" in "Tú, Sofia, Boris") is
    # walked through, once: the walk goes on to the items beyond it
    places = {(a, b) for a, b, entity in found if entity == "LOCATION"}
    starts, ends = {a for a, _ in names}, {b for _, b in names}
    added: list[tuple[int, int]] = []
    queue = list(names)
    while queue:
        start, end = queue.pop()
        style = _style(text[start:end])
        if style is None:
            continue
        beside = (_next_item(text, end, style), _previous_item(text, start, style))
        for span in (*beside, *_column_items(text, start, end, style)):
            if span and taken.add(span):
                added.append(span)
                starts.add(span[0])
                ends.add(span[1])
                queue.append(span)
            elif span in places:
                places.discard(span)
                queue.append(span)
        for span in _between_names(text, start, end, style, starts, ends):
            if taken.add(span):
                added.append(span)
                starts.add(span[0])
                ends.add(span[1])
    return added


class Taken:
    """The spans already claimed, which never overlap (the cell's resolved findings, then the
    items added), sorted: a new span is checked against its two neighbours only, so a cell of
    thousands of names is not checked against every finding for each."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)

    def add(self, span: tuple[int, int]) -> bool:
        """Claim ``span`` unless it overlaps a claimed one; whether it was claimed."""
        i = bisect.bisect_left(self._spans, span)
        for a, b in self._spans[max(0, i - 1) : i + 1]:
            if a < span[1] and b > span[0]:
                return False
        self._spans.insert(i, span)
        return True


def _column_items(text: str, start: int, end: int, style: str) -> list[tuple[int, int]]:
    """The lines above and below a name that is a whole line, when each is a name of the same
    shape (a column of names: a guest list, a sign-up sheet), see :func:`_line_name`."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip(" \t\r.,;"):
        return []
    out = []
    if line_start > 0:
        above = text.rfind("\n", 0, line_start - 1) + 1
        out.append(_line_name(text, above, line_start - 1, style))
    if line_end < len(text):
        below = text.find("\n", line_end + 1)
        out.append(_line_name(text, line_end + 1, len(text) if below < 0 else below, style))
    return [span for span in out if span]


def _line_name(text: str, start: int, end: int, style: str) -> tuple[int, int] | None:
    """The line ``text[start:end]`` as a name: one to four words written in ``style``, with no
    digit, stop word or ordinary word that is no name, the first a first name; in a column a
    surname that is also a word of one language counts ("ANSELMO QUESADA"). Before a stop
    word, the name words the line starts with ("KEANO THE ELDER": "KEANO")."""
    line = text[start:end].rstrip(" \t\r.,;")
    words = tokens(line)
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in line):
        return None
    if "".join(w.text for w in words) != "".join(line.split()):
        return None  # punctuation inside: "Ship to: Anna", "Anna (sales)"
    gaz = gz.load()
    if not gaz.get(words[0].bare) & gz.FIRST_WIDE or words[0].bare.casefold() in PARTICLES:
        return None
    stops = stop_words()
    for n, w in enumerate(words):
        flags = gaz.get(w.bare)
        folded = w.bare.casefold()
        if folded in stops and folded not in PARTICLES:
            # "KEANO THE ELDER": the name the line starts with, not the epithet after it
            first = gaz.get(words[0].bare)
            return _span(words[:n], start) if n and not first & gz.COMMON else None
        surname = style != "title" and bool(flags & gz.LAST) and not gz.english(flags)
        if not (_namelike(w, flags, style) or (surname and _style(w.text) == style)):
            return None
    return _span(words, start)


def _between_names(
    text: str, start: int, end: int, style: str, starts: set[int], ends: set[int]
) -> list[tuple[int, int]]:
    """A word no list has, or a rare word of one language, between this name and another
    ("daniela, helmtrud, maybe fabian"), or after or before two names ("so far noémi,
    stéphane, maybe zacharie"): the items around it are names, so it is one too."""
    out = []
    after = _next_item(text, end, style, unknown=True)
    if after and (
        _name_after(text, after[1], style, starts) or _name_before(text, start, style, ends)
    ):
        out.append(after)
    before = _previous_item(text, start, style, unknown=True)
    if before and (
        _name_before(text, before[0], style, ends) or _name_after(text, end, style, starts)
    ):
        out.append(before)
    return out


def _name_after(text: str, end: int, style: str, starts: set[int]) -> bool:
    sep = _SEP_AFTER.match(text, end)
    if not sep:
        return False
    return sep.end() in starts or _next_item(text, end, style) is not None


def _name_before(text: str, start: int, style: str, ends: set[int]) -> bool:
    origin = max(0, start - _LOOKBACK)
    sep = _SEP_BEFORE.search(text[origin:start])
    if not sep:
        return False
    at = origin + sep.start()
    return at in ends or _previous_item(text, start, style) is not None


_style = case_style


def _next_item(text: str, end: int, style: str, unknown: bool = False) -> tuple[int, int] | None:
    sep = _SEP_AFTER.match(text, end)
    if not sep:
        return None
    item = _ITEM_AFTER.match(text, sep.end())
    if not item:
        return None
    every = tokens(item.group(0))
    words = _leading_words(every)
    bare_comma = not any(ch.isalpha() for ch in sep.group(0))
    if style == "lower" and bare_comma and 0 < len(words) < len(every):
        following = every[len(words)].bare.casefold()
        if following in stop_words() and following not in _SEPARATORS:
            return None  # "bo van susa, kun je me terugbellen": a clause, not a list item
    return _with_english_names(
        text, lambda ok: _checked(words, item.start(), style, "first", unknown, ok)
    )


def _previous_item(
    text: str, start: int, style: str, unknown: bool = False
) -> tuple[int, int] | None:
    head = text[max(0, start - _LOOKBACK) : start]
    sep = _SEP_BEFORE.search(head)
    if not sep:
        return None
    item = _ITEM_BEFORE.search(_PLUS.sub("", head[: sep.start()]))
    if not item:
        return None
    offset = max(0, start - _LOOKBACK) + item.start()
    words = list(reversed(_leading_words(list(reversed(tokens(item.group(0)))))))
    return _with_english_names(text, lambda ok: _checked(words, offset, style, "last", unknown, ok))


_WORD_BEFORE = re.compile(r"(?<![\w'’\-])([^\W\d_]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_])")


def _with_english_names(
    text: str, check: Callable[[bool], tuple[int, int] | None]
) -> tuple[int, int] | None:
    """``check(True)``: an item whose first name is an English word ("Peace", "Hope"), taken
    where capitals say it is a name: capitalised beside a name, after a word in lower case and
    before no capitalised one ("add Peace and Maria Schulz", "thanks to Hope and Maria"; not
    "Sales and Anna Weber" at a sentence's start, nor "Customer Success and Anna" or "Anna and
    Success Manager" in a capitalised phrase). Else ``check(False)``."""
    span = check(True)
    if span is None:
        return None
    gaz = gz.load()
    first = tokens(text[span[0] : span[1]])[0]
    if not gz.english(gaz.get(first.bare)):
        return span
    before = _WORD_BEFORE.search(text[max(0, span[0] - 40) : span[0]])
    after = _WORD_AFTER.match(text, span[1])
    if before and before.group(1).islower() and not (after and after.group(1).isupper()):
        return span
    return check(False)


def _leading_words(words: list[Token]) -> list[Token]:
    """The words up to the first separator or stop word (particles inside a name are kept)."""
    stops = stop_words()
    gaz = gz.load()
    kept: list[Token] = []
    for w in words:
        word = w.bare.casefold()
        # "SARA" is Italian too; so is "sara" of "present: sara, ana ruiz", an item of its own
        flags = gaz.get(w.bare)
        alone = len(words) == 1 and not flags & gz.COMMON  # not "ok anna, will."
        name = (not w.lower or alone) and bool(flags & gz.FIRST_TOP)
        if word in _SEPARATORS or (word in stops and word not in PARTICLES and not name):
            break
        kept.append(w)
    while kept and kept[-1].bare.casefold() in PARTICLES:
        kept.pop()
    while kept and kept[0].bare.casefold() in PARTICLES:
        kept.pop(0)
    return kept


def _checked(
    words: list[Token],
    offset: int,
    style: str,
    keep: str,
    unknown: bool = False,
    english_names: bool = False,
) -> tuple[int, int] | None:
    """The item's name: its words written like the found name, up to the first that is not
    ("MAKS AND SARA RIDE ALONG": "SARA"); ``keep``: the end next to the separator ("first"
    after it, "last" before it). ``unknown``: only a single word that no list has at all."""
    if " ".join(w.bare.casefold() for w in words) in _PHRASES:
        return None
    order = words if keep == "first" else list(reversed(words))
    gaz = gz.load()
    kept: list[Token] = []
    known = False
    month_first = _month_first_name(words)
    for w in order:
        flags = gaz.get(w.bare)
        if not (_namelike(w, flags, style, english_names) or (month_first and w is words[0])):
            break
        kept.append(w)
        known = known or bool(flags & (gz.FIRST_WIDE | gz.LAST))
        if len(kept) == 4:
            break
    while kept and kept[-1].bare.casefold() in PARTICLES:
        kept.pop()
    if unknown:
        if len(words) != 1 or len(words[0].bare) < 3 or not _odd(words[0].bare):
            return None
        return _span(words, offset) if kept or _namelike(words[0], 0, style) else None
    if not kept or (style != "title" and not (known or _unlisted_pair(kept))):
        return None  # without capitals, an unknown word ("mentees", "log") is no name
    if keep == "last":
        kept.reverse()
    return _span(kept, offset)


def _odd(word: str) -> bool:
    """A word no list has (as a name, a place or an English word), or a word of one language
    that is rare in all of them and no English word or large place ("azeglio", "zacharie")."""
    gaz = gz.load()
    bits = gaz.get(word)
    return not bits or (not bits & (gz.COMMON | gz.BIG_PLACE) and gaz.rare(word))


def _month_first_name(words: list[Token]) -> bool:
    """Two words, a month that is also a first name and a surname no English word is: "und
    august scholz" is a person, "in may 2024" no one."""
    if len(words) != 2 or not calendar_word(words[0]):
        return False
    gaz = gz.load()
    surname = gaz.get(words[1].bare)
    return (
        bool(gaz.get(words[0].bare) & gz.FIRST)
        and bool(surname & gz.LAST)
        and not surname & (gz.COMMON | gz.PLACE)
    )


def _unlisted_pair(words: list[Token]) -> bool:
    """Two words no list has, no product and no typo of an ordinary word: beside a found name
    in a list, an unusual full name ("jan kowalski, kayun nurdiyanti")."""
    return len(words) == 2 and all(unusual(w.bare, shortest=3) for w in words)


def _span(kept: list[Token], offset: int) -> tuple[int, int]:
    first, last = kept[0], kept[-1]
    return offset + first.start, offset + last.start + len(last.bare)


def _namelike(w: Token, flags: int, style: str, english_names: bool = False) -> bool:
    """A word that may be part of a name in a list written in ``style``; with
    ``english_names``, in title case, a first name that is an English word too ("Hope")."""
    if w.bare.casefold() in PARTICLES or (style == "title" and _INITIAL.fullmatch(w.text)):
        return True
    if _style(w.text) != style and not (style == "title" and _title(w.text)):
        return False
    if calendar_word(w) or not w.bare.replace("-", "").replace("'", "").isalpha():
        return False
    if gz.english(flags) and not (english_names and style == "title" and flags & gz.FIRST):
        return False  # "born", "best" and "can" are surnames somewhere, and ordinary words
    if (
        style != "title"
        and flags & gz.COMMON_OTHER
        and not flags & (gz.FIRST_WIDE | gz.FIRST_TOP)
        and not (flags & gz.LAST and gz.load().rare(w.bare))
    ):  # "zum", "voor": another language's word, not also a first name or a rare surname
        return False
    return not (flags & gz.BIG_PLACE and not flags & (gz.FIRST | gz.LAST))


def _title(word: str) -> bool:
    return word[:1].isupper() and any(ch.islower() for ch in word)
