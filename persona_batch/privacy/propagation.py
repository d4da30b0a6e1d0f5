"""Propagation: what one cell of a row reveals is removed from the row's other cells too.

A participant's name in the ``participant`` column, their email or phone, is looked for in the
row's free text (and a name's parts: "Maria Garcia" also hides "Maria"), in any case, as whole
words: the matches of ``(?<!\\w)(term|term|...)(?!\\w)`` with ``re.IGNORECASE``, longest term
first. A regex per row costs more to compile than to run, so for text in the Latin ranges the
same matches are found with ``str.find`` on the lower-cased text (:func:`whole_words`), and a
regex is compiled only for other text. A name found this way runs on over the name words
next to it, and the rest of a list it stands in is taken too (:func:`lists_again`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from persona_batch.core.phrase_search import lower_if_plain, lowered, word_char
from persona_batch.privacy.cells import Cells
from persona_batch.privacy.detect import Finding, lists_again, resolve_overlaps
from persona_batch.privacy.recognisers.names import name_part

MANY_TERMS = 16
"""Above this many terms, starts are found in one pass over the words (:func:`_starts_by_word`)."""
_WORDS = re.compile(r"\w+")
_NAME_PART = re.compile(r"^[A-ZÀ-Ý][\w'’-]+$", re.UNICODE)


def propagate(
    cells: dict[str, Cells], findings: dict[str, list[list[Finding]]], height: int
) -> None:
    """Add, in place, findings for values that another cell of the same row revealed."""
    at_row: list[list[tuple[str, int]]] = [[] for _ in range(height)]
    for name, column in cells.items():
        for i, row in enumerate(column.rows):
            at_row[row].append((name, i))
    for places in at_row:
        terms = _revealed(cells, findings, places)
        if not terms:
            continue
        ordered = sorted(terms, key=len, reverse=True)
        for name, i in places:
            text = cells[name].texts[i]
            if not text:
                continue
            added = [
                Finding(terms[text[s:e].casefold()], s, e, 1.0)
                for s, e in whole_words(text, ordered)
                if text[s:e].casefold() in terms
            ]
            if added:
                cell = resolve_overlaps(findings[name][i] + added, text)
                if any(f.entity_type == "PERSON" for f in added):
                    # "RACHIT" found, "RACHIT N. PINGLE" here; "<blessing> and ámbar are off"
                    cell = lists_again(text, cell)
                findings[name][i] = cell


def _revealed(
    cells: dict[str, Cells], findings: dict[str, list[list[Finding]]], places: list[tuple[str, int]]
) -> dict[str, str]:
    """What the row's findings reveal, casefolded, with its entity type: each value, and each
    part of a name that can stand for it."""
    terms: dict[str, str] = {}
    for name, i in places:
        text = cells[name].texts[i]
        for f in findings[name][i]:
            assert text is not None
            surface = text[f.start : f.end]
            terms.setdefault(surface.casefold(), f.entity_type)
            if f.entity_type == "PERSON":
                for part in surface.split():
                    if len(part) >= 2 and (_NAME_PART.match(part) or name_part(part)):
                        terms.setdefault(part.casefold(), "PERSON")
    return terms


def whole_words(text: str, terms: Sequence[str]) -> Iterator[tuple[int, int]]:
    """The spans of ``re.finditer(r"(?<!\\w)(t1|t2|...)(?!\\w)", text, re.IGNORECASE)`` for
    ``terms`` in that order (none empty)."""
    low = lowered(text)
    folded = [lower_if_plain(t) for t in terms]
    if low is None or any(
        f is None or len(f) != len(t) for f, t in zip(folded, terms, strict=True)
    ):
        yield from _by_regex(text, terms)
        return
    plain = [term or "" for term in folded]
    at = _starts_by_word(low, plain) if len(terms) > MANY_TERMS else _starts(low, plain)
    end = 0
    for start in sorted(at):
        if start < end or (start and word_char(text[start - 1])):
            continue
        for k in at[start]:  # in the terms' order, as the alternation tries them
            stop = start + len(terms[k])
            if stop < len(text) and word_char(text[stop]):
                continue
            yield start, stop
            end = stop
            break


def _starts(low: str, terms: Sequence[str]) -> dict[int, list[int]]:
    """Where each term starts in ``low``: position -> term indexes in order (``str.find``)."""
    at: dict[int, list[int]] = {}
    for k, term in enumerate(terms):
        i = low.find(term)
        while i != -1:
            at.setdefault(i, []).append(k)
            i = low.find(term, i + 1)
    return at


def _starts_by_word(low: str, terms: Sequence[str]) -> dict[int, list[int]]:
    """:func:`_starts` for many terms in one pass over the text's words: a term that starts
    with a word character can only match where a word starts with the term's first word (the
    left boundary and the term's own next character close that word at the same place). The
    others are found with ``str.find``. Linear in the text, where ``_starts`` scans it once
    per term (a 50 MB cell names thousands of people)."""
    by_first: dict[str, list[int]] = {}
    others: list[int] = []
    for k, term in enumerate(terms):
        first = _WORDS.match(term)
        if first:
            by_first.setdefault(first.group(), []).append(k)
        else:
            others.append(k)
    at: dict[int, list[int]] = {}
    for word in _WORDS.finditer(low):
        for k in by_first.get(word.group(), ()):
            if low.startswith(terms[k], word.start()):
                at.setdefault(word.start(), []).append(k)
    if others:
        for start, ks in _starts(low, [terms[k] for k in others]).items():
            at.setdefault(start, []).extend(others[k] for k in ks)
            at[start].sort()
    return at


def _by_regex(text: str, terms: Sequence[str]) -> Iterator[tuple[int, int]]:
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE
    )
    for match in pattern.finditer(text):
        yield match.span()
