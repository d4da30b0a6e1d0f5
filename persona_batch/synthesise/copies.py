"""Copies and diversity: synthetic records that repeat an original row, and how alike they are.

Each record is read as one normalised string of its values (:func:`record_texts`, words through
:mod:`persona_batch.core.text`); a copy equals an original row's string or reaches the near-copy
Jaccard threshold over word shingles (:func:`find_copies`). Free-text cells equal to an original
cell are counted apart (:func:`verbatim_cells`), and the records' mean pairwise similarity says
how diverse the set is (:func:`pairwise_similarity`).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence

import polars as pl

from persona_batch.core.config import SynthesiseSettings
from persona_batch.core.models import FrozenModel
from persona_batch.core.text import WORD_RE, jaccard, shingles

__all__ = [
    "VERBATIM_MIN_CHARS",
    "CopyMatch",
    "find_copies",
    "pairwise_similarity",
    "record_texts",
    "verbatim_cells",
]

VERBATIM_MIN_CHARS = 20
"""Free-text cells shorter than this are not counted as copied verbatim."""
_MEAN_PAIRS = 20_000
_COMMON_SHINGLE = 1_000


class CopyMatch(FrozenModel):
    """A synthetic record (0-based row) and the original row it copies."""

    synthetic_row: int
    original_row: int
    similarity: float
    exact: bool


def _normalise(text: str) -> str:
    return " ".join(WORD_RE.findall(text.casefold()))


def record_texts(frame: pl.DataFrame, columns: Sequence[str]) -> list[str]:
    """Each row as one normalised string of its values (nulls empty), in column order."""
    if not columns:
        return [""] * frame.height
    rows = frame.select(pl.col(c).cast(pl.String) for c in columns).rows()
    return [_normalise(" | ".join(v or "" for v in row)) for row in rows]


def find_copies(
    originals: Sequence[str], synthetic: Sequence[str], settings: SynthesiseSettings
) -> tuple[list[CopyMatch], float]:
    """Synthetic records that copy an original row, and the highest similarity seen.

    Candidates come from an inverted index of the originals' shingles (leaving out shingles
    shared by more than 1,000 originals, which a copy does not need to be found), so the cost
    follows the overlap, not the product of the two sizes.
    """
    k = settings.shingle_words
    exact_rows: dict[str, int] = {}
    for i, text in enumerate(originals):
        exact_rows.setdefault(text, i)
    sets = [shingles(t.split(), k) for t in originals]
    index: dict[str, list[int]] = {}
    for i, grams in enumerate(sets):
        for s in grams:
            index.setdefault(s, []).append(i)
    matches: list[CopyMatch] = []
    closest = 0.0
    for row, text in enumerate(synthetic):
        if text in exact_rows:
            matches.append(
                CopyMatch(
                    synthetic_row=row, original_row=exact_rows[text], similarity=1.0, exact=True
                )
            )
            closest = 1.0
            continue
        mine = shingles(text.split(), k)
        candidates: Counter[int] = Counter()
        for s in mine:
            posting = index.get(s, ())
            if len(posting) <= _COMMON_SHINGLE:
                candidates.update(posting)
        best, best_row = 0.0, -1
        for other, _ in candidates.most_common(50):
            score = jaccard(mine, sets[other])
            if score > best:
                best, best_row = score, other
        closest = max(closest, best)
        if best >= settings.near_copy_threshold:
            matches.append(
                CopyMatch(
                    synthetic_row=row, original_row=best_row, similarity=round(best, 4), exact=False
                )
            )
    return matches, closest


def verbatim_cells(
    original: pl.DataFrame, synthetic: pl.DataFrame, columns: Sequence[str]
) -> tuple[int, int]:
    """Synthetic free-text cells equal to an original cell of the same column, and cells seen."""
    found = seen = 0
    for name in columns:
        if name not in synthetic.columns:
            continue
        theirs = {_normalise(v) for v in original.get_column(name).cast(pl.String).drop_nulls()}
        for value in synthetic.get_column(name).cast(pl.String).drop_nulls():
            if len(value) >= VERBATIM_MIN_CHARS:
                seen += 1
                found += _normalise(value) in theirs
    return found, seen


def pairwise_similarity(records: Sequence[str], k: int) -> tuple[float, float, int]:
    """Mean and largest Jaccard similarity over record pairs (all, or 20,000 seeded ones)."""
    n = len(records)
    if n < 2:
        return 0.0, 0.0, 0
    sets = [shingles(t.split(), k) for t in records]
    if n * (n - 1) // 2 <= _MEAN_PAIRS:
        pairs: Iterable[tuple[int, int]] = ((i, j) for i in range(n) for j in range(i + 1, n))
    else:
        rng = random.Random(20_240_917)
        pairs = (tuple(rng.sample(range(n), 2)) for _ in range(_MEAN_PAIRS))  # type: ignore[misc]
    scores = [jaccard(sets[i], sets[j]) for i, j in pairs]
    return round(math.fsum(scores) / len(scores), 4), round(max(scores), 4), len(scores)
