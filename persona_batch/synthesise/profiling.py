"""The profile of the (anonymised) original: what a synthetic set is learnt from.

:func:`profile` reads each column's dtype and kind (identifier, categorical, boolean, integer,
float, date, date-time or free text), its category counts, numeric percentiles, text-length
percentiles and a few example texts, and which categorical columns depend on one another (city on
country). Everything the record model, the prompts and the targets know of the original comes
from here; :meth:`Profile.public` is the part the output's manifest may carry (aggregates only).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from persona_batch.core.columns import AUDIT_PREFIX
from persona_batch.core.config import SynthesiseSettings
from persona_batch.core.errors import ColumnNotFoundError, InputError
from persona_batch.core.models import FrozenModel

__all__ = [
    "NUMERIC_KINDS",
    "Category",
    "ColumnProfile",
    "Conditional",
    "Kind",
    "Profile",
    "Value",
    "bounds",
    "day_of",
    "is_text_dtype",
    "moment_of",
    "numbers_of",
    "profile",
    "synthesised_columns",
]

Kind = Literal[
    "identifier", "categorical", "boolean", "integer", "float", "date", "datetime", "text"
]
Value = bool | int | float | str | None
NUMERIC_KINDS: tuple[Kind, ...] = ("integer", "float", "date", "datetime")
_EPOCH = date(1970, 1, 1)
_EPOCH_TIME = datetime(1970, 1, 1)
_PERCENTILES = np.arange(101, dtype=np.float64)
_EXAMPLE_CHARS = 600
_ID_NAME = re.compile(r"(^|[_\s-])(id|uuid|key)$|^id[_\s-]", re.IGNORECASE)
_PROPER_NOUN = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+")
_PERMUTATIONS = 20
_DEPENDENCY_ROWS = 5_000
_FEW_NUMBERS = 30
"""A numeric column with at most this many distinct values is drawn from its exact counts."""


class Category(FrozenModel):
    """One observed value of a categorical (or few-valued numeric) column and its count."""

    value: Value
    count: int


class Conditional(FrozenModel):
    """A dependent column's categories among the rows where its parent has ``given``."""

    given: Value
    categories: tuple[Category, ...]


class ColumnProfile(FrozenModel):
    """What the original says about one column. Numbers are days for dates, seconds for times."""

    name: str
    dtype: str
    kind: Kind
    rows: int
    nulls: int
    distinct: int
    categories: tuple[Category, ...] = ()
    """Categorical and boolean columns, and numeric ones with few distinct values."""
    parent: str | None = None
    """The categorical column this one is drawn given (see ``conditional``)."""
    conditional: tuple[Conditional, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    quantiles: tuple[float, ...] = ()
    """Percentiles 0 to 100 of a numeric column."""
    decimals: int = 0
    lengths: tuple[float, ...] = ()
    """Percentiles 0 to 100 of a free-text column's length in characters."""
    chars_per_word: float = 0.0
    examples: tuple[str, ...] = ()
    """A few anonymised values of a free-text column, for style."""

    @property
    def null_share(self) -> float:
        return self.nulls / self.rows if self.rows else 0.0

    @property
    def max_length(self) -> int:
        return max(1, math.ceil(self.lengths[-1])) if self.lengths else 1

    def public(self) -> dict[str, Any]:
        """The profile for the manifest: aggregates only, no example texts or joint counts."""
        return self.model_dump(mode="json", exclude={"examples", "conditional"})


class Profile(FrozenModel):
    """The anonymised original, column by column, in column order."""

    rows: int
    columns: tuple[ColumnProfile, ...]

    def column(self, name: str) -> ColumnProfile:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def public(self) -> dict[str, Any]:
        return {"rows": self.rows, "columns": [c.public() for c in self.columns]}


def profile(frame: pl.DataFrame, settings: SynthesiseSettings | None = None) -> Profile:
    """Profile the (anonymised) ``frame``; the ``pii_*`` audit columns are left out."""
    settings = settings or SynthesiseSettings()
    names = synthesised_columns(frame, settings)
    if frame.height == 0:
        raise InputError("the input has no rows; there is nothing to learn a synthetic set from")
    columns = [_profile_column(frame.get_column(n), settings) for n in names]
    if settings.dependencies:
        columns = _with_parents(frame, columns, settings.seed)
    return Profile(rows=frame.height, columns=tuple(columns))


def synthesised_columns(frame: pl.DataFrame, settings: SynthesiseSettings) -> list[str]:
    """``synthesise.columns``, checked against ``frame``; by default all but the audit ones."""
    if settings.columns is None:
        return [c for c in frame.columns if not c.startswith(AUDIT_PREFIX)]
    missing = [c for c in settings.columns if c not in frame.columns]
    if missing:
        raise ColumnNotFoundError.naming(
            f"synthesise.columns names '{missing[0]}', which", frame.columns, "fix the job file"
        )
    return list(settings.columns)


def is_text_dtype(dtype: pl.DataType) -> bool:
    """Strings, categoricals and enums: the dtypes whose values are text."""
    return dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)


def _kind(series: pl.Series, settings: SynthesiseSettings) -> Kind:
    dtype = series.dtype
    values = series.drop_nulls()
    distinct = values.n_unique()
    unique = series.null_count() == 0 and distinct == series.len() and series.len() >= 2
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        if unique and (
            _ID_NAME.search(series.name) or int(values.max()) - int(values.min()) + 1 == distinct  # type: ignore[arg-type]
        ):
            return "identifier"
        return "integer"
    if dtype.is_float():
        return "float"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if not is_text_dtype(dtype):
        raise InputError(
            f"column '{series.name}' is {dtype}, which cannot be synthesised; leave it out with "
            "synthesise.columns in the job file"
        )
    text = values.cast(pl.String)
    if (
        unique
        and (_ID_NAME.search(series.name) or series.len() >= 20)
        and not text.str.contains(r"\s").any()
        and (text.str.len_chars().max() or 0) <= 64  # type: ignore[operator]
    ):
        return "identifier"
    if distinct <= 1:
        return "categorical"
    words = text.str.count_matches(r"\S+").median()
    if (
        distinct <= settings.categorical_max_distinct
        and distinct <= settings.categorical_max_share * values.len()
        and float(words or 0) <= settings.categorical_max_words  # type: ignore[arg-type]
    ):
        return "categorical"
    return "text"


def _profile_column(series: pl.Series, settings: SynthesiseSettings) -> ColumnProfile:
    kind = _kind(series, settings)
    values = series.drop_nulls()
    base: dict[str, Any] = {
        "name": series.name,
        "dtype": str(series.dtype),
        "kind": kind,
        "rows": series.len(),
        "nulls": series.null_count(),
        "distinct": values.n_unique(),
    }
    if kind in ("categorical", "boolean"):
        source = series if kind == "boolean" else series.cast(pl.String)
        return ColumnProfile(**base, categories=_categories(source.to_list()))
    if kind in NUMERIC_KINDS:
        numbers = numbers_of(values, kind)
        few = 0 < values.n_unique() <= _FEW_NUMBERS
        return ColumnProfile(
            **base,
            categories=_categories(_as_number_values(series, kind)) if few else (),
            minimum=float(numbers.min()) if numbers.size else None,
            maximum=float(numbers.max()) if numbers.size else None,
            quantiles=_percentiles(numbers),
            decimals=_decimals(values) if kind == "float" else 0,
        )
    if kind == "text":
        text = values.cast(pl.String)
        lengths = text.str.len_chars().to_numpy().astype(np.float64)
        words = int(text.str.count_matches(r"\S+").sum() or 0)
        return ColumnProfile(
            **base,
            lengths=_percentiles(lengths),
            chars_per_word=float(lengths.sum() / words) if words else 6.0,
            examples=_examples(text.to_list(), settings.examples),
        )
    if series.dtype.is_integer() and values.len():  # an identifier: new ones start past it
        return ColumnProfile(**base, maximum=float(values.max()))  # type: ignore[arg-type]
    return ColumnProfile(**base)


def _categories(values: Iterable[Value]) -> tuple[Category, ...]:
    counts = Counter(values)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))
    return tuple(Category(value=v, count=n) for v, n in ordered)


def numbers_of(values: pl.Series, kind: Kind) -> npt.NDArray[np.float64]:
    """Non-null values as floats: days since 1970 for dates, seconds for date-times."""
    if kind == "date":
        series = values.cast(pl.Int32).cast(pl.Float64)
    elif kind == "datetime":
        series = values.dt.epoch("us").cast(pl.Float64) / 1e6
    else:
        series = values.cast(pl.Float64)
    return series.drop_nulls().to_numpy().astype(np.float64)


def _as_number_values(series: pl.Series, kind: Kind) -> list[Value]:
    numbers = numbers_of(series.drop_nulls(), kind)
    out: list[Value] = [int(v) if kind in ("integer", "date") else float(v) for v in numbers]
    return out + [None] * series.null_count()


def _percentiles(values: npt.NDArray[np.float64]) -> tuple[float, ...]:
    if not values.size:
        return ()
    return tuple(float(v) for v in np.percentile(values, _PERCENTILES))


def _decimals(values: pl.Series) -> int:
    places = 0
    for value in values.head(1_000).to_list():
        if isinstance(value, float) and math.isfinite(value):
            text = repr(value)
            if "e" not in text and "." in text:
                places = max(places, len(text.split(".")[1].rstrip("0")))
    return min(places, 6)


def _examples(values: list[str], k: int) -> tuple[str, ...]:
    """``k`` anonymised values spread over the lengths, preferring ones that look least personal.

    Values with the fewest capitalised words inside a sentence (where a name the detector
    missed would be) come first, then values several respondents share.
    """
    if k == 0 or not values:
        return ()
    repeats = Counter(values)
    ranked = sorted(
        repeats,
        key=lambda v: (len(_PROPER_NOUN.findall(v)), -min(repeats[v], 3), len(v), v),
    )
    pool = sorted(ranked[: max(k * 4, 8)], key=lambda v: (len(v), v))
    if len(pool) <= k:
        chosen = pool
    elif k == 1:
        chosen = [pool[len(pool) // 2]]
    else:
        chosen = [pool[round(i * (len(pool) - 1) / (k - 1))] for i in range(k)]
    out = [v if len(v) <= _EXAMPLE_CHARS else v[: _EXAMPLE_CHARS - 1] + "…" for v in chosen]
    return tuple(dict.fromkeys(out))


# -- dependencies between categorical columns


def _codes(series: pl.Series) -> npt.NDArray[np.int64]:
    text = series.cast(pl.String).fill_null("\x00null").to_list()
    _, inverse = np.unique(np.array(text, dtype=object), return_inverse=True)
    return inverse.astype(np.int64)


def _entropy(codes: npt.NDArray[np.int64]) -> float:
    counts = np.bincount(codes)
    p = counts[counts > 0] / codes.size
    return float(-(p * np.log(p)).sum())


def _uncertainty(child: npt.NDArray[np.int64], parent: npt.NDArray[np.int64]) -> float:
    """Theil's U: the share of the child's entropy the parent explains."""
    h_child = _entropy(child)
    if h_child == 0:
        return 0.0
    joint = parent * (int(child.max()) + 1) + child
    return (h_child - (_entropy(joint) - _entropy(parent))) / h_child


def _with_parents(
    frame: pl.DataFrame, columns: list[ColumnProfile], seed: int
) -> list[ColumnProfile]:
    """Give each categorical column the earlier one it depends on beyond chance, if any.

    Dependence is Theil's U of the child given the parent, compared with the same figure over
    shuffled parents (small samples make U look large by chance): a parent must beat every one
    of 20 shuffles and the shuffles' mean by 0.1. Parents have fewer distinct values than their
    children (country before city), so the order of drawing is acyclic.
    """
    candidates = sorted(
        (c for c in columns if c.kind in ("categorical", "boolean") and len(c.categories) >= 2),
        key=lambda c: (len(c.categories), c.name),
    )
    if len(candidates) < 2:
        return columns
    sample = frame.sample(_DEPENDENCY_ROWS, seed=seed) if frame.height > _DEPENDENCY_ROWS else frame
    codes = {c.name: _codes(sample.get_column(c.name)) for c in candidates}
    rng = np.random.default_rng(seed)
    parents: dict[str, str] = {}
    for i, child in enumerate(candidates):
        best, best_excess = None, 0.1
        for parent in candidates[:i]:
            observed = _uncertainty(codes[child.name], codes[parent.name])
            shuffled = [
                _uncertainty(codes[child.name], rng.permutation(codes[parent.name]))
                for _ in range(_PERMUTATIONS)
            ]
            excess = observed - statistics.fmean(shuffled)
            if observed > max(shuffled) and excess >= best_excess:
                best, best_excess = parent.name, excess
        if best is not None:
            parents[child.name] = best
    out = []
    for column in columns:
        parent_name = parents.get(column.name)
        if parent_name is None:
            out.append(column)
            continue
        pairs = frame.select(
            _category_expr(frame, parent_name).alias("p"),
            _category_expr(frame, column.name).alias("c"),
        ).rows()
        groups: dict[Value, list[Value]] = {}
        for given, value in pairs:
            groups.setdefault(given, []).append(value)
        conditional = tuple(
            Conditional(given=g, categories=_categories(v))
            for g, v in sorted(groups.items(), key=lambda kv: (kv[0] is None, str(kv[0])))
        )
        out.append(column.model_copy(update={"parent": parent_name, "conditional": conditional}))
    return out


def _category_expr(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if frame.schema[name] == pl.Boolean else pl.col(name).cast(pl.String)


# -- a column's numbers as values


def bounds(column: ColumnProfile) -> tuple[float, float]:
    """A numeric column's observed range (``0.0`` for a column with no value)."""
    low = column.minimum if column.minimum is not None else 0.0
    high = column.maximum if column.maximum is not None else low
    return low, high


def day_of(days: float) -> date:
    """The date ``days`` (rounded) after 1970-01-01: how a date column's numbers read back."""
    return _EPOCH + timedelta(days=round(days))


def moment_of(seconds: float) -> datetime:
    """The naive date-time ``seconds`` (rounded) after 1970-01-01 00:00."""
    return _EPOCH_TIME + timedelta(seconds=round(seconds))
