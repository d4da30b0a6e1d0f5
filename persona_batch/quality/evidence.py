"""The evidence dimension: how much of a persona its source text supports (the cited excerpts,
the list items' content words), and whether a poorly grounded persona is generic or invented."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from persona_batch.core.quality_settings import QualitySettings
from persona_batch.core.text import (
    EDGE,
    STOPWORDS,
    WORD_RE,
    content_words,
    normalised,
    stem_of,
    text_words,
)
from persona_batch.quality.rows import LIST_FIELDS, PersonaRow, RowResult

__all__ = ["GROUNDED_SHARE", "SourceIndex", "score_evidence"]


@dataclass
class SourceIndex:
    """A source text as the evidence checks read it, built once per scoring call."""

    norm: str
    bigrams: set[tuple[str, str]]
    content: set[str]


def _source_index(text: str) -> SourceIndex:
    words = text_words(text)
    return SourceIndex(normalised(text), set(itertools.pairwise(words)), content_words(text))


def _excerpt_supported(excerpt: str, source: SourceIndex, min_overlap: float) -> bool:
    words = text_words(excerpt)
    if not any(w not in STOPWORDS for w in words):
        return False  # nothing to check: "", "the", "..."
    if normalised(excerpt).strip(EDGE) in source.norm:
        return True
    pairs = set(itertools.pairwise(words))
    return bool(pairs) and len(pairs & source.bigrams) / len(pairs) >= min_overlap


def score_evidence(
    p: PersonaRow,
    s: QualitySettings,
    sources: Mapping[str, str],
    cache: dict[str, SourceIndex],
    out: RowResult,
) -> None:
    found = False
    for sid in p.source_ids:
        text = sources.get(sid)
        if text is None:
            out.flags.append(f"source_missing:{sid}")
            continue
        found = True
        if sid not in cache:
            cache[sid] = _source_index(text)
    if not p.evidence:
        out.flags.append("no_evidence")
    if not found:
        out.scores["evidence"] = 0.0
        return
    unsupported: list[str] = []
    supported = 0
    for item in p.evidence:
        sid = item["source_id"]
        ok = (
            sid in p.source_ids
            and sid in cache
            and _excerpt_supported(item["excerpt"], cache[sid], s.excerpt_min_overlap)
        )
        supported += ok
        if not ok and item["field"] not in unsupported:
            unsupported.append(item["field"])
    out.flags.extend(f"unsupported_evidence:{name}" for name in unsupported)
    denominator = max(len(p.evidence), s.minimums.evidence)
    cited = supported / denominator if denominator else 1.0
    vocabulary = set().union(*(cache[sid].content for sid in p.source_ids if sid in cache))
    claims = grounded = 0
    for name in LIST_FIELDS:
        items = [i for i in p.lists[name] if i]
        hits = 0
        for claim in items:
            words = content_words(claim)
            hits += bool(words) and len(words & vocabulary) / len(words) >= s.claim_min_overlap
        if items and not hits:
            out.flags.append(f"ungrounded:{name}")
        claims += len(items)
        grounded += hits
    overlap = grounded / claims if claims else 0.0
    out.scores["evidence"] = 100.0 * (0.5 * cited + 0.5 * overlap)
    if claims and overlap < GROUNDED_SHARE:
        texts = [sources[sid] for sid in p.source_ids if sid in sources]
        known = vocabulary.union(*(text_words(t) for t in texts))
        invented = _specifics(p, known)
        out.flags.append("invented" if invented else "generic")


GROUNDED_SHARE = 1 / 3
"""Below this share of list items found in the sources a persona is generic (or invented)."""
_NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "second",
        "third",
        "fourth",
        "fifth",
    ]
)


def _specifics(p: PersonaRow, known: set[str]) -> list[str]:
    """Specific details of the background (numbers, names of things mid-sentence) that no
    source mentions: what a persona whose lists are not from the sources invented."""
    own = set(text_words(f"{p.name} {p.location} {p.occupation}"))
    found = []
    for match in WORD_RE.finditer(p.background):
        word = match.group()
        before = p.background[: match.start()].rstrip()
        starts_sentence = not before or before[-1] in ".!?:;\"'“("
        folded = word.casefold()
        specific = (
            any(ch.isdigit() for ch in word)
            or folded in _NUMBER_WORDS
            or (word[0].isupper() and not starts_sentence)
        )
        if specific and folded not in own and folded not in known and stem_of(folded) not in known:
            found.append(word)
    return found
