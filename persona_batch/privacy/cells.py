"""The text cells of a column, flat or nested.

A Parquet or JSON Lines export often nests its text: a ticket's ``messages`` is a list of
structs with a ``body``, a survey's ``answers`` a struct of strings. Every string inside such a
column is a cell of its own: it is anonymised, audited and gated like a flat one, and the
column keeps its type and shape. A nested cell is named by a path from its column:
``messages[2].body``, ``answers.city``, ``tags[0]``; a flat cell by its column's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum)


def is_nested_text(dtype: object) -> bool:
    """A List, Array or Struct type with a string somewhere inside."""
    if isinstance(dtype, pl.List | pl.Array):
        inner = dtype.inner
        return inner is not None and (is_flat_text(inner) or is_nested_text(inner))
    if isinstance(dtype, pl.Struct):
        return any(is_flat_text(f.dtype) or is_nested_text(f.dtype) for f in dtype.fields)
    return False


def is_flat_text(dtype: Any) -> bool:
    """A String, Categorical or Enum type."""
    return isinstance(dtype, TEXT_TYPES) or dtype in TEXT_TYPES


@dataclass(frozen=True)
class Cells:
    """A column's text cells in a fixed order: each one's text, row and path."""

    texts: list[str | None]
    rows: list[int]
    paths: list[str]
    nested: bool


def column_cells(series: pl.Series) -> Cells:
    """``series``' text cells: one per row for a flat column; every string inside, in order,
    for a nested one."""
    name = series.name
    if not is_nested_text(series.dtype):
        texts: list[str | None] = series.cast(pl.String).to_list()
        return Cells(texts, list(range(len(texts))), [name] * len(texts), nested=False)
    texts, rows, paths = [], [], []
    for row, value in enumerate(series.to_list()):
        for path, text in _walk(value, name):
            texts.append(text)
            rows.append(row)
            paths.append(path)
    return Cells(texts, rows, paths, nested=True)


def rebuild(series: pl.Series, texts: Sequence[str | None]) -> pl.Series:
    """``series`` (nested) with its strings, in :func:`column_cells` order, replaced by ``texts``."""
    it = iter(texts)
    values = [_replace(value, lambda _old: next(it)) for value in series.to_list()]
    return pl.Series(series.name, values, dtype=series.dtype)


def _walk(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _walk(v, f"{path}[{i}]")]
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _walk(v, f"{path}.{k}")]
    return []


def _replace(value: Any, new: Callable[[str], str | None]) -> Any:
    if isinstance(value, str):
        return new(value)
    if isinstance(value, list):
        return [_replace(v, new) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, new) for k, v in value.items()}
    return value


_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def column_of(path: str, columns: Sequence[str]) -> str:
    """The column a cell path starts in (the longest column name it starts with)."""
    if path in columns:
        return path
    heads = [c for c in columns if path.startswith(c) and path[len(c) : len(c) + 1] in (".", "[")]
    if not heads:
        raise KeyError(path)
    return max(heads, key=len)


def text_at(frame: pl.DataFrame, path: str, row: int) -> str | None:
    """The text of cell ``path`` in ``row`` of ``frame`` (None when it is missing)."""
    column = column_of(path, frame.columns)
    series = frame.get_column(column)
    if path == column:
        value: Any = series.cast(pl.String)[row] if not is_nested_text(series.dtype) else None
        return value if isinstance(value, str) else None
    value = series[row]
    value = value.to_list() if isinstance(value, pl.Series) else value
    for field, index in _STEP.findall(path[len(column) :]):
        if field and isinstance(value, dict):
            value = value.get(field)
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return None
    return value if isinstance(value, str) else None


def path_column(path: str) -> str:
    """A cell path with its list positions dropped, for counting: ``messages[].body``."""
    return re.sub(r"\[\d+\]", "[]", path)
