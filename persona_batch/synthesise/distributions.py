"""Per-column distribution similarity of a synthetic set to its original.

Categorical and boolean columns compare category shares (nulls are a category) by total
variation distance; numbers and dates by the two-sample Kolmogorov-Smirnov statistic; free text
by KS of the character lengths. For the last two the difference in null share counts when it is
the larger. Identifiers are numbered afresh and not compared.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import polars as pl

from persona_batch.core.models import FrozenModel
from persona_batch.synthesise.profiling import ColumnProfile, Kind, Value, numbers_of

__all__ = ["ColumnCheck", "check_column", "ks_statistic", "total_variation"]


class ColumnCheck(FrozenModel):
    """One column: present with the same dtype, and how alike its distribution is."""

    column: str
    kind: Kind
    dtype: str
    synthetic_dtype: str | None
    measure: str
    similarity: float | None
    """``None`` for identifiers, which are numbered afresh and not compared."""


def check_column(
    column: ColumnProfile, original: pl.DataFrame, synthetic: pl.DataFrame
) -> ColumnCheck:
    """``column`` of ``synthetic`` against ``original``: its dtype, and 1 - the distance."""
    dtype = original.schema[column.name]
    present = column.name in synthetic.columns
    found = str(synthetic.schema[column.name]) if present else None
    measure = {
        "identifier": "not compared (numbered afresh)",
        "categorical": "1 - TVD",
        "boolean": "1 - TVD",
        "text": "1 - KS of lengths",
    }.get(column.kind, "1 - KS")
    base = {"column": column.name, "kind": column.kind, "dtype": str(dtype)}
    if column.kind == "identifier":
        return ColumnCheck(**base, synthetic_dtype=found, measure=measure, similarity=None)
    if not present:
        return ColumnCheck(**base, synthetic_dtype=None, measure=measure, similarity=0.0)
    ours = synthetic.get_column(column.name)
    if ours.dtype != dtype:
        try:
            ours = ours.cast(dtype)
        except pl.exceptions.PolarsError:
            return ColumnCheck(**base, synthetic_dtype=found, measure=measure, similarity=0.0)
    theirs = original.get_column(column.name)
    if column.kind in ("categorical", "boolean"):
        distance = total_variation(_shares(theirs), _shares(ours))
    elif column.kind == "text":
        distance = max(ks_statistic(_lengths(theirs), _lengths(ours)), _null_gap(theirs, ours))
    else:
        distance = max(
            ks_statistic(
                numbers_of(theirs.drop_nulls(), column.kind),
                numbers_of(ours.drop_nulls(), column.kind),
            ),
            _null_gap(theirs, ours),
        )
    return ColumnCheck(
        **base, synthetic_dtype=found, measure=measure, similarity=round(1.0 - distance, 4)
    )


def _shares(series: pl.Series) -> dict[Value, float]:
    values = series.to_list() if series.dtype == pl.Boolean else series.cast(pl.String).to_list()
    counts = Counter(values)
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def _lengths(series: pl.Series) -> npt.NDArray[np.float64]:
    return series.drop_nulls().cast(pl.String).str.len_chars().to_numpy().astype(np.float64)


def _null_gap(a: pl.Series, b: pl.Series) -> float:
    share_a = a.null_count() / a.len() if a.len() else 0.0
    share_b = b.null_count() / b.len() if b.len() else 0.0
    return abs(share_a - share_b)


def total_variation(p: Mapping[Value, float], q: Mapping[Value, float]) -> float:
    """Total variation distance of two discrete distributions: half the L1 distance."""
    if not p and not q:
        return 0.0
    if not p or not q:
        return 1.0
    return 0.5 * math.fsum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in set(p) | set(q))


def ks_statistic(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """Two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical CDFs."""
    x = np.sort(np.asarray(a, dtype=np.float64))
    y = np.sort(np.asarray(b, dtype=np.float64))
    if not x.size or not y.size:
        return 0.0 if x.size == y.size else 1.0
    grid = np.concatenate([x, y])
    cdf_x = np.searchsorted(x, grid, side="right") / x.size
    cdf_y = np.searchsorted(y, grid, side="right") / y.size
    return float(np.max(np.abs(cdf_x - cdf_y)))
