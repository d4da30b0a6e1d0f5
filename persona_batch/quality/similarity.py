"""The distinctiveness dimension and the run's diversity figures: word 3-shingles, MinHash with
LSH banding for candidate pairs, exact Jaccard, duplicates within a frame and across a run's
batches (:class:`RunMemory`), and :func:`diversity` / :class:`DiversityTally` for the summary."""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import polars as pl

from persona_batch.core.quality_settings import QualitySettings
from persona_batch.core.text import EDGE, is_filler, jaccard, normalised, text_words
from persona_batch.quality.rows import LIST_FIELDS, PersonaRow, RowResult, persona_rows

__all__ = [
    "BANDS",
    "BAND_ROWS",
    "BUCKET_CAP",
    "DUPLICATE_NAME_PENALTY",
    "MEAN_SAMPLE_PAIRS",
    "NUM_HASHES",
    "SHINGLE",
    "SIMILARITY_FLOOR",
    "DiversityTally",
    "RunMemory",
    "diversity",
    "score_distinctiveness",
]

SHINGLE = 3
NUM_HASHES = 128
BANDS = 32
BAND_ROWS = NUM_HASHES // BANDS
BUCKET_CAP = 50
"""In an LSH bucket, each persona is compared with at most this many earlier members."""
SIMILARITY_FLOOR = 0.5
"""Similarity that costs no distinctiveness; LSH finds pairs below it only sometimes."""
DUPLICATE_NAME_PENALTY = 15.0
MEAN_SAMPLE_PAIRS = 20_000
_PRIME = 4_294_967_311  # the smallest prime above 2**32
_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF
_HASH_KEY = b"persona_batch.quality.score"  # the module this began in: every hash depends on it


def _coefficients() -> list[tuple[int, int]]:
    """Seeded (a, b) for h -> (a*h + b) mod p; a < 2**31 keeps a*h + b inside 64 bits."""
    out = []
    for k in range(NUM_HASHES):
        digest = hashlib.blake2b(f"minhash-{k}".encode(), digest_size=16, key=_HASH_KEY).digest()
        a = int.from_bytes(digest[:8], "big") % (2**31 - 1) + 1
        b = int.from_bytes(digest[8:], "big") % _PRIME
        out.append((a, b))
    return out


_COEFFICIENTS = _coefficients()


def _similarity_units(p: PersonaRow) -> list[str]:
    """The texts shingles are taken within: each field and each list item."""
    units = [p.name, p.occupation, p.background, p.quote]
    for name in LIST_FIELDS:
        units.extend(p.lists[name])
    return [u for u in units if u]


def _word_id(word: str, memo: dict[str, int]) -> int:
    value = memo.get(word)
    if value is None:
        digest = hashlib.blake2b(word.encode(), digest_size=8, key=_HASH_KEY).digest()
        value = memo[word] = int.from_bytes(digest, "big")
    return value


def _shingle_set(p: PersonaRow, memo: dict[str, int]) -> frozenset[int]:
    """Hashes of the persona's word 3-shingles, taken within each field and list item.

    Words are hashed once with keyed BLAKE2b; a shingle is the tuple hash of its words'
    hashes (a tuple of ints hashes the same in every run: only str and bytes hashes are
    salted). A text of three words or fewer is one shingle.
    """
    hashes: set[int] = set()
    for unit in _similarity_units(p):
        ids = [_word_id(w, memo) for w in text_words(unit)]
        if not ids:
            ids = [_word_id(normalised(unit), memo)]
        if len(ids) <= SHINGLE:
            hashes.add(hash(tuple(ids)) & _MASK64)
        else:
            hashes.update(hash(t) & _MASK64 for t in zip(ids, ids[1:], ids[2:], strict=False))
    if not hashes:
        hashes.add(0)
    return frozenset(hashes)


def _lsh_candidates(sets: Sequence[frozenset[int]]) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that share at least one LSH band of their MinHash."""
    if len(sets) < 2:
        return set()
    rows = [i for i, s in enumerate(sets) for _ in range(len(s))]
    hashes = [h & _MASK32 for s in sets for h in s]
    frame = pl.DataFrame({"row": rows, "h": hashes}, schema={"row": pl.UInt32(), "h": pl.UInt64()})
    h = pl.col("h")
    signatures = frame.group_by("row").agg(
        ((h * pl.lit(a, pl.UInt64()) + pl.lit(b, pl.UInt64())) % pl.lit(_PRIME, pl.UInt64()))
        .min()
        .alias(f"m{k}")
        for k, (a, b) in enumerate(_COEFFICIENTS)
    )
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        keys = [f"m{band * BAND_ROWS + r}" for r in range(BAND_ROWS)]
        buckets = (
            signatures.group_by(keys)
            .agg(pl.col("row").sort())
            .filter(pl.col("row").list.len() > 1)
            .get_column("row")
            .to_list()
        )
        for members in buckets:
            for position in range(1, len(members)):
                j = members[position]
                pairs.update((i, j) for i in members[: min(position, BUCKET_CAP)])
    return pairs


@dataclass
class _Similarity:
    """Similarities within one frame's valid personas (positions into that list)."""

    sets: list[frozenset[int]]
    group_of: list[int]
    """Position of the first persona with the same shingle set."""
    group_size: dict[int, int]
    pairs: dict[tuple[int, int], float]
    """Verified LSH candidate pairs between group firsts, with their exact Jaccard."""

    def best_earlier(self) -> list[tuple[float, int | None]]:
        """For each persona: the highest similarity to an earlier one, and which one."""
        best: list[tuple[float, int | None]] = [(0.0, None)] * len(self.sets)
        for (i, j), sim in sorted(self.pairs.items()):
            if sim > best[j][0]:  # ties keep the earliest: pairs come in order of i
                best[j] = (sim, i)
        for position, first in enumerate(self.group_of):
            if first != position:
                best[position] = (1.0, first)
        return best


def _similarity(personas: Sequence[PersonaRow]) -> _Similarity:
    memo: dict[str, int] = {}
    sets = [_shingle_set(p, memo) for p in personas]
    first_of: dict[frozenset[int], int] = {}
    group_of = [first_of.setdefault(s, position) for position, s in enumerate(sets)]
    group_size: dict[int, int] = {}
    for first in group_of:
        group_size[first] = group_size.get(first, 0) + 1
    firsts = sorted(group_size)
    candidates = _lsh_candidates([sets[i] for i in firsts])
    pairs = {
        (firsts[a], firsts[b]): jaccard(sets[firsts[a]], sets[firsts[b]]) for a, b in candidates
    }
    return _Similarity(sets, group_of, group_size, pairs)


def _name_key(name: str) -> str:
    return normalised(name).strip(EDGE)


@dataclass
class RunMemory:
    """What scoring keeps of a run's earlier batches, so duplicates across batches are found.

    Per persona a hash of its shingle set and its name's key, each with the first persona id
    that had it (tens of bytes a persona): a persona identical to one of an earlier batch, or
    with its name, is flagged as it would be within a batch. Near (not identical) duplicates
    are looked for within a batch only. :meth:`remember` a batch once its scores are final.
    """

    sets: dict[int, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def remember(self, personas: pl.DataFrame) -> None:
        memo: dict[str, int] = {}
        for p in persona_rows(personas):
            if p.failed:
                continue
            self.sets.setdefault(hash(_shingle_set(p, memo)), p.persona_id)
            key = _name_key(p.name)
            if key and not is_filler(p.name):
                self.names.setdefault(key, p.persona_id)


def score_distinctiveness(
    personas: Sequence[PersonaRow],
    s: QualitySettings,
    results: Sequence[RowResult],
    memory: RunMemory | None = None,
) -> None:
    similarity = _similarity(personas)
    seen_names: dict[str, str] = dict(memory.names) if memory else {}
    best = similarity.best_earlier()
    for p, out, (sim, earlier), shingles in zip(
        personas, results, best, similarity.sets, strict=True
    ):
        twin = memory.sets.get(hash(shingles)) if memory else None
        earlier_id = personas[earlier].persona_id if earlier is not None else None
        if twin is not None:  # identical to a persona of an earlier batch, the earliest of all
            sim, earlier_id = 1.0, twin
        score = 100.0
        if sim > SIMILARITY_FLOOR:
            score = 100.0 * (1.0 - sim) / (1.0 - SIMILARITY_FLOOR)
        if earlier_id is not None and sim >= s.near_duplicate_threshold:
            out.flags.append(f"near_duplicate_of:{earlier_id}")
        key = _name_key(p.name)
        if key and not is_filler(p.name):
            if key in seen_names:
                out.flags.append(f"duplicate_name:{seen_names[key]}")
                score -= DUPLICATE_NAME_PENALTY
            else:
                seen_names[key] = p.persona_id
        out.scores["distinctiveness"] = max(0.0, score)


def diversity(personas: pl.DataFrame, settings: QualitySettings | None = None) -> dict[str, float]:
    """Run-summary figures over the frame's valid personas (failed rows are left out).

    ``personas``, ``distinct_names`` and ``distinct_occupations`` (case-insensitive),
    ``mean_similarity`` (Jaccard of word 3-shingles, over every pair up to 200 personas, else
    over 20,000 seeded-random pairs), ``max_similarity`` (over those pairs and every LSH
    candidate pair) and ``near_duplicate_pairs`` (pairs at or above the settings'
    ``near_duplicate_threshold``, found through LSH: exact for identical personas, very likely
    above 0.7).
    """
    threshold = (settings or QualitySettings()).near_duplicate_threshold
    valid = [p for p in persona_rows(personas) if not p.failed]
    n = len(valid)
    names, occupations = _distinct_keys(valid)
    summary = {
        "personas": float(n),
        "distinct_names": float(len(names)),
        "distinct_occupations": float(len(occupations)),
        "mean_similarity": 0.0,
        "max_similarity": 0.0,
        "near_duplicate_pairs": 0.0,
    }
    if n < 2:
        return summary
    similarity = _similarity(valid)
    sets = similarity.sets
    sampled = [jaccard(sets[i], sets[j]) for i, j in _sample_pairs(n)]
    near = sum(m * (m - 1) // 2 for m in similarity.group_size.values())
    near += sum(
        similarity.group_size[i] * similarity.group_size[j]
        for (i, j), sim in similarity.pairs.items()
        if sim >= threshold
    )
    top = max([*sampled, *similarity.pairs.values()], default=0.0)
    if any(m > 1 for m in similarity.group_size.values()):
        top = 1.0
    summary["mean_similarity"] = round(math.fsum(sampled) / len(sampled), 4)
    summary["max_similarity"] = round(top, 4)
    summary["near_duplicate_pairs"] = float(near)
    return summary


def _distinct_keys(valid: Sequence[PersonaRow]) -> tuple[set[str], set[str]]:
    names = {_name_key(p.name) for p in valid if p.name and not is_filler(p.name)}
    occupations = {
        _name_key(p.occupation) for p in valid if p.occupation and not is_filler(p.occupation)
    }
    return names, occupations


class DiversityTally:
    """:func:`diversity` over a run written in batches, without keeping earlier batches.

    Names and occupations are counted over the whole run; the similarity figures are taken
    within each batch (pairs across batches are not compared) and combined: the mean weighted
    by the pairs each batch sampled, the maximum, the sum of near-duplicate pairs. With one
    batch, :meth:`summary` is exactly :func:`diversity` of it.
    """

    def __init__(self, settings: QualitySettings | None = None) -> None:
        self.settings = settings
        self.parts: list[dict[str, float]] = []
        self.names: set[str] = set()
        self.occupations: set[str] = set()

    def add(self, personas: pl.DataFrame) -> None:
        self.parts.append(diversity(personas, self.settings))
        names, occupations = _distinct_keys([p for p in persona_rows(personas) if not p.failed])
        self.names |= names
        self.occupations |= occupations

    def summary(self) -> dict[str, float]:
        if len(self.parts) == 1:
            return self.parts[0]
        weights = [min(n * (n - 1) // 2, MEAN_SAMPLE_PAIRS) for n in self._sizes()]
        pairs = sum(weights)
        mean = math.fsum(w * p["mean_similarity"] for w, p in zip(weights, self.parts, strict=True))
        return {
            "personas": float(sum(self._sizes())),
            "distinct_names": float(len(self.names)),
            "distinct_occupations": float(len(self.occupations)),
            "mean_similarity": round(mean / pairs, 4) if pairs else 0.0,
            "max_similarity": max((p["max_similarity"] for p in self.parts), default=0.0),
            "near_duplicate_pairs": math.fsum(p["near_duplicate_pairs"] for p in self.parts),
        }

    def _sizes(self) -> list[int]:
        return [int(p["personas"]) for p in self.parts]


def _sample_pairs(n: int) -> Iterator[tuple[int, int]]:
    """Every pair when there are few, else a fixed seeded sample of them."""
    if n * (n - 1) // 2 <= MEAN_SAMPLE_PAIRS:
        for i in range(n):
            for j in range(i + 1, n):
                yield i, j
        return
    rng = random.Random(20_240_917)  # seeded: the same frame always gives the same figures
    for _ in range(MEAN_SAMPLE_PAIRS):
        i, j = rng.sample(range(n), 2)
        yield min(i, j), max(i, j)
