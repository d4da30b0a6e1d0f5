"""Recurrence: a name or place detection found in some rows of a batch is removed where it
recurs in the batch's other rows, when detection itself found it in at least half of the
places it stands.

Detection decides cell by cell, and the same value can be caught in one cell and missed in
another: "Rennes" in "I moved from Rennes to Dijon" but not "rennes" in a lower-case chat
line, "Cape Town" after "habite à" but not after "between … and". A research export repeats
its people and places across rows, so what one row gave away is looked for in all of them:

1. **terms**: the casefolded text of every PERSON and LOCATION finding in the batch that the
   gazetteer backs: a place it lists, or a name whose words are first names or surnames
   (a rare word or an unlisted one may stand beside them: "Honoré", "Pruschke"). A false
   finding ("offline mode", "Lieferadresse") is no term, nor is one word that is a function
   word of a supported language or an ordinary English word ("will", "bath", "else"), nor
   anything with a digit, a line break or fewer than three letters;
2. **occurrences**: every place a term stands in any planned cell, whole words, in any case
   (longest term first where two start at one place);
3. **consensus**: a name or place of two words or more whose every word the gazetteer knows
   as a name word, or as no word at all ("Pasqual Collina", "Cape Town"), is taken once found;
   a single word only when findings already cover at least :data:`MIN_COVERED_SHARE` of its
   occurrences. A tool that spaCy tagged once as a person ("Gong") and that stands untouched
   in other rows stays; a town caught in two rows of three is removed from the third;
4. the uncovered occurrences of the terms taken become findings of the term's type.

A single word that is also an English word with a capital ("Mark", "Dean") is not taken where
it is written in lower case ("mark it done", "the dean"). The batch is the unit: with the
same ``batch_rows`` a rerun finds the same, and nothing is kept between batches.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from persona_batch.core.phrase_search import word_char
from persona_batch.privacy.cells import Cells
from persona_batch.privacy.detect import Finding, resolve_overlaps
from persona_batch.privacy.recognisers import gazetteer
from persona_batch.privacy.recognisers.words import stop_words

RECURRING = frozenset({"PERSON", "LOCATION"})
"""The entity types whose values are looked for across rows."""
MIN_COVERED_SHARE = 0.5
"""A term is taken when findings cover at least this share of its occurrences in the batch."""
RECURRENCE_SCORE = 0.6
"""The score of a finding this step adds (the audit's ``score``)."""

_NAME = gazetteer.FIRST | gazetteer.FIRST_WIDE | gazetteer.LAST
_WORD = re.compile(r"\w+")
_TITLE_BEFORE = re.compile(r"(?<=[\w,] )([A-Z][a-z]\w*) $")
_TITLE_AFTER = re.compile(r" ([A-Z][a-z]\w*)\b")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Term:
    """A value to look for: its entity type, and whether lower-case occurrences count."""

    entity_type: str
    lower_case_too: bool


def recur(cells: dict[str, Cells], findings: dict[str, list[list[Finding]]]) -> int:
    """Add, in place, findings where a term (see the module's docstring) recurs uncovered.

    Returns the number of findings added."""
    terms = _terms(cells, findings)
    if not terms:
        return 0
    by_first: dict[str, list[str]] = {}
    for term in sorted(terms, key=len, reverse=True):
        first = _WORD.match(term)
        assert first is not None  # every term starts with a letter
        by_first.setdefault(first.group(), []).append(term)
    seen: dict[str, list[tuple[str, int, int, int]]] = {}
    covered: dict[str, int] = {}
    for name, column in cells.items():
        for i, text in enumerate(column.texts):
            if not text:
                continue
            found = list(_occurrences(text, by_first))
            if not found:
                continue
            detected = _Cover((f.start, f.end) for f in findings[name][i])
            either = _Cover([*detected.spans, *((a, b) for a, b, _ in found)])
            for start, end, term in found:
                if detected.covers(start, end):
                    covered[term] = covered.get(term, 0) + 1
                elif _may_take(text, start, end, terms[term], either):
                    seen.setdefault(term, []).append((name, i, start, end))
    added: dict[tuple[str, int], list[Finding]] = {}
    for term, places in seen.items():
        hits = covered.get(term, 0)
        if " " not in term and hits < MIN_COVERED_SHARE * (hits + len(places)):
            continue
        for name, i, start, end in places:
            finding = Finding(terms[term].entity_type, start, end, RECURRENCE_SCORE)
            added.setdefault((name, i), []).append(finding)
    for (name, i), new in added.items():
        findings[name][i] = resolve_overlaps(findings[name][i] + new, cells[name].texts[i])
    return sum(len(new) for new in added.values())


def _terms(cells: dict[str, Cells], findings: dict[str, list[list[Finding]]]) -> dict[str, Term]:
    """The batch's PERSON and LOCATION values worth looking for, casefolded."""
    terms: dict[str, Term] = {}
    rejected: set[str] = set()
    for name, column in cells.items():
        for text, cell in zip(column.texts, findings[name], strict=True):
            for f in cell:
                if f.entity_type not in RECURRING or text is None:
                    continue
                surface = text[f.start : f.end].strip(" .,;:'’\"()-")
                term = surface.lower()
                if term in terms or term in rejected:
                    continue
                found = _term(term, surface, f.entity_type)
                if found is None:
                    rejected.add(term)
                else:
                    terms[term] = found
    return terms


def _term(term: str, surface: str, entity_type: str) -> Term | None:
    """``term`` as a :class:`Term`, or None when the word lists do not call it a name or a
    place (a false finding such as "offline mode" or "Lieferadresse" must not spread)."""
    if not _shaped(term, surface):
        return None
    names = gazetteer.load()
    bits = names.get(term)
    words = term.split()
    if entity_type == "LOCATION":
        if not bits & gazetteer.PLACE or (len(words) == 1 and gazetteer.english(bits)):
            return None
        return Term(entity_type, lower_case_too=not bits & gazetteer.COMMON)
    if len(words) == 1:
        if not _name_word(names, term) or term in stop_words() or gazetteer.english(bits):
            return None
        return Term(entity_type, lower_case_too=not bits & gazetteer.COMMON)
    if not any(names.get(w) & _NAME or names.unlisted(w) for w in words):
        return None
    for word in words:
        if len(word.strip(".")) <= 1:
            continue  # an initial
        bits = names.get(word)
        # beside a name, a surname that is also a word or a place ("collina", "hooft")
        named = bool(bits & (_NAME | gazetteer.PLACE)) and not bits & gazetteer.COMMON
        if word in stop_words() or not (
            named or names.unlisted(word) or names.rare(word) or names.rare_surname(word)
        ):
            return None
    return Term(entity_type, lower_case_too=True)


def _name_word(names: gazetteer.Gazetteer, word: str) -> bool:
    """A first name or surname, not a word of one language, unless a rare one ("honoré")."""
    bits = names.get(word)
    if not bits & _NAME:
        return names.rare_surname(word)
    return not bits & gazetteer.COMMON_OTHER or names.rare(word)


def _shaped(term: str, surface: str) -> bool:
    """A term starts and ends with a letter, keeps its length in lower case, holds three
    letters or more and no digit or line break."""
    return (
        len(term) == len(surface)
        and len(_LETTER.findall(term)) >= 3
        and bool(_LETTER.match(term))
        and bool(_LETTER.match(term[-1]))
        and not any(ch.isdigit() or ch in "\n\r\t" for ch in term)
    )


def _occurrences(text: str, by_first: dict[str, list[str]]) -> Iterator[tuple[int, int, str]]:
    """Where the terms stand in ``text``, whole words in any case, longest first, no overlap."""
    low = text.lower()
    if len(low) != len(text):
        return
    end = 0
    for word in _WORD.finditer(low):
        start = word.start()
        if start < end:
            continue
        for term in by_first.get(word.group(), ()):
            stop = start + len(term)
            if low.startswith(term, start) and (stop == len(low) or not word_char(low[stop])):
                yield start, stop, term
                end = stop
                break


def _may_take(text: str, start: int, end: int, term: Term, spans: _Cover) -> bool:
    """An uncovered occurrence may become a finding: not a lower-case word that is also an
    English word, and not one word of a title-case phrase."""
    if not term.lower_case_too and text[start:end].islower():
        return False
    return " " in text[start:end] or not _in_title_phrase(text, start, end, spans)


def _in_title_phrase(text: str, start: int, end: int, spans: _Cover) -> bool:
    """The word at ``start:end`` has a capitalised neighbour that neither a finding nor a
    term covers (``spans``): one word of a name such as "Bulk Edit" that detection read as
    something else."""
    before = _TITLE_BEFORE.search(text, max(0, start - 40), start)
    for match in (before, _TITLE_AFTER.match(text, end)):
        if match is None:
            continue
        if not spans.covers(*match.span(1)):
            return True
    return False


class _Cover:
    """Spans merged into disjoint runs, to ask in log time whether one covers a range."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.spans = merged
        self._starts = [start for start, _ in merged]

    def covers(self, start: int, end: int) -> bool:
        at = bisect.bisect_right(self._starts, start) - 1
        return at >= 0 and self.spans[at][1] >= end
