"""A person's first name used alone later in the text that named them in full: "interview with
comfort okafor ... - comfort said her manager ...".

Notes name a person in full once, then by their first name. Where that first name is also an
ordinary word ("Comfort", "Grace", "Will"), no rule takes it alone, in lower case least of all.
But in the same text as the full name, the same word as the subject of what only people do
("said", "told", "wants", "sagt", "dit": :data:`recognisers.name_subjects.PERSON_VERBS`) is
that person. "the comfort of the new chair" and "grace period" have no such verb after them.
This pass runs after the recognisers, on the merged findings of a cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from persona_batch.privacy.recognisers.base import alternation
from persona_batch.privacy.recognisers.lists import Taken
from persona_batch.privacy.recognisers.name_subjects import ARTICLES, PERSON_VERBS
from persona_batch.privacy.recognisers.words import stop_words

__all__ = ["first_names_again"]

_VERB = re.compile(rf"(?:'s|’s)?[ ](?i:{alternation(PERSON_VERBS)})(?![\w'’])")
_FIRST = re.compile(r"[^\W\d_][\w'’\-]*[^\W\d_]")


def first_names_again(text: str, found: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Spans of the first names of the cell's full-name findings where they stand alone before
    a verb people do, not overlapping any finding."""
    firsts = set()
    for start, end, entity in found:
        if entity != "PERSON" or " " not in text[start:end].strip():
            continue
        first = _FIRST.match(text, start)
        if first is not None and len(first.group(0)) >= 3:
            firsts.add(first.group(0).casefold())
    if not firsts:
        return []
    taken = Taken((a, b) for a, b, _ in found)
    stops = stop_words()
    out: list[tuple[int, int]] = []
    pattern = re.compile(rf"(?<![\w@#/.\-])(?i:{alternation(sorted(firsts))})(?![\w\-])")
    for match in pattern.finditer(text):
        span = match.span()
        if not _VERB.match(text, span[1]) or _after_article(text, span[0]):
            continue
        if match.group(0).islower() and match.group(0) in stops:
            continue  # "we will said": a function word in lower case
        if taken.add(span):
            out.append(span)
    return out


def _after_article(text: str, start: int) -> bool:
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].casefold() in ARTICLES
