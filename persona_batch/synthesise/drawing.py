"""Each synthetic record's targets: the values it must use and the text lengths to aim at.

:func:`targets` draws them, seeded and stratified so that a few hundred records already follow
the original's shares and distributions; :func:`adherence` measures afterwards how closely the
model kept to them.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from persona_batch.synthesise.profiling import (
    Category,
    ColumnProfile,
    Profile,
    Value,
    bounds,
    day_of,
    moment_of,
)

__all__ = ["RecordTarget", "adherence", "places", "rounded", "targets"]


@dataclass(frozen=True)
class RecordTarget:
    """What one record is asked for: exact values, and character lengths for free text."""

    values: dict[str, Value]
    lengths: dict[str, int]


def targets(profile: Profile, count: int, seed: int) -> list[RecordTarget]:
    """Per record, the values to use and the text lengths to aim at; seeded, so repeatable.

    Stratified rather than independent draws, so a few hundred records already follow the
    original: categories are dealt out in quotas proportional to their counts (largest
    remainder) and shuffled; numbers come from the original's percentiles at evenly spread
    probabilities ((i + u) / n, shuffled), and from its exact value counts when it has few
    distinct values; nulls keep their share. A dependent column is dealt out within each value
    of its parent. Columns are otherwise drawn independently, so no original row's combination
    of values is replayed as a whole.
    """
    # the seed string names the module this lived in first: changing it would change every
    # record's targets, so every journal key, and a rerun would no longer resume
    rng = random.Random(f"persona_batch.synthesise.job:{seed}")
    values: list[dict[str, Value]] = [{} for _ in range(count)]
    lengths: list[dict[str, int]] = [{} for _ in range(count)]
    drawn: dict[str, list[Value]] = {}
    ordered = sorted(
        profile.columns,
        key=lambda c: (c.kind not in ("categorical", "boolean"), len(c.categories), c.name),
    )
    for column in ordered:
        if column.kind == "identifier":
            continue
        if column.kind == "text":
            drawn[column.name] = list(_draw_lengths(column, count, rng))
        elif column.parent is not None and column.parent in drawn:
            drawn[column.name] = _draw_given(column, drawn[column.parent], rng)
        elif column.categories:
            drawn[column.name] = _deal(column.categories, count, rng)
        else:
            drawn[column.name] = _draw_numbers(column, count, rng)
    for column in profile.columns:
        if column.name not in drawn:
            continue
        for i, value in enumerate(drawn[column.name]):
            if column.kind == "text" and value is not None:
                lengths[i][column.name] = int(value)
            else:
                values[i][column.name] = _render(column, value)
    return [RecordTarget(v, n) for v, n in zip(values, lengths, strict=True)]


def _apportion(weights: Sequence[float], total: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder; ties to the first)."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    exact = [w * total / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _deal(categories: Sequence[Category], n: int, rng: random.Random) -> list[Value]:
    counts = _apportion([c.count for c in categories], n)
    dealt = [c.value for c, k in zip(categories, counts, strict=True) for _ in range(k)]
    rng.shuffle(dealt)
    return dealt


def _draw_given(column: ColumnProfile, parents: list[Value], rng: random.Random) -> list[Value]:
    tables = {c.given: c.categories for c in column.conditional}
    out: list[Value] = [None] * len(parents)
    groups: dict[Value, list[int]] = {}
    for i, given in enumerate(parents):
        groups.setdefault(given, []).append(i)
    for given, members in groups.items():
        table = tables.get(given) or column.categories
        for i, value in zip(members, _deal(table, len(members), rng), strict=True):
            out[i] = value
    return out


def _spread(n: int, rng: random.Random) -> list[float]:
    """``n`` probabilities, one in each of ``n`` equal slices of [0, 1), shuffled."""
    points = [(i + rng.random()) / n for i in range(n)]
    rng.shuffle(points)
    return points


def _quantile(percentiles: Sequence[float], p: float) -> float:
    position = min(max(p, 0.0), 1.0) * (len(percentiles) - 1)
    low = math.floor(position)
    high = min(low + 1, len(percentiles) - 1)
    return percentiles[low] + (position - low) * (percentiles[high] - percentiles[low])


def _with_nulls(
    column: ColumnProfile, n: int, rng: random.Random, draw: Callable[[int], list[Value]]
) -> list[Value]:
    nulls, present = _apportion([column.nulls, column.rows - column.nulls], n)
    values = draw(present) + [None] * nulls
    rng.shuffle(values)
    return values


def _draw_numbers(column: ColumnProfile, n: int, rng: random.Random) -> list[Value]:
    if not column.quantiles:
        return [None] * n
    low, high = bounds(column)

    def draw(m: int) -> list[Value]:
        out: list[Value] = []
        for p in _spread(m, rng):
            x = min(max(_quantile(column.quantiles, p), low), high)
            out.append(round(x) if column.kind in ("integer", "date") else x)
        return out

    return _with_nulls(column, n, rng, draw)


def _draw_lengths(column: ColumnProfile, n: int, rng: random.Random) -> list[Value]:
    def draw(m: int) -> list[Value]:
        cap = column.max_length
        return [min(cap, max(1, round(_quantile(column.lengths, p)))) for p in _spread(m, rng)]

    return _with_nulls(column, n, rng, draw)


def places(column: ColumnProfile) -> int:
    """Decimal places of a float column's targets: the original's, or 2 when it had none."""
    return column.decimals or 2


def rounded(value: float, decimals: int) -> float | int:
    """``value`` to ``decimals`` places; a whole number when ``decimals`` is 0."""
    return round(value, decimals) if decimals else round(value)


def _render(column: ColumnProfile, value: Value) -> Value:
    """A drawn value as the record carries it in JSON."""
    if value is None or isinstance(value, bool | str):
        return value
    if column.kind == "date":
        return day_of(float(value)).isoformat()
    if column.kind == "datetime":
        return moment_of(float(value)).isoformat()
    if column.kind == "integer":
        return round(value)
    if column.kind == "float":
        return float(round(float(value), places(column)))
    return value


def adherence(
    profile: Profile, asked: Sequence[RecordTarget], records: Sequence[dict[str, Any] | None]
) -> dict[str, Any]:
    """How closely the model kept to its targets: share of exact values per column, and the
    median ratio of written to asked length per free-text column."""
    exact: dict[str, list[bool]] = {}
    ratios: dict[str, list[float]] = {}
    for target, record in zip(asked, records, strict=True):
        if record is None:
            continue
        for name, value in target.values.items():
            got = record.get(name)
            same = (
                math.isclose(float(got), float(value), rel_tol=1e-9, abs_tol=1e-9)
                if isinstance(got, int | float)
                and isinstance(value, int | float)
                and not isinstance(got, bool)
                else got == value
            )
            exact.setdefault(name, []).append(same)
        for name, length in target.lengths.items():
            text = record.get(name)
            if isinstance(text, str) and length:
                ratios.setdefault(name, []).append(len(text) / length)
    return {
        "values": {k: round(sum(v) / len(v), 4) for k, v in exact.items()},
        "length_ratio": {k: round(statistics.median(v), 3) for k, v in ratios.items()},
    }
