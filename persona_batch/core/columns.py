"""Column names and prefixes the stages agree on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = ["AUDIT_PREFIX", "MISSING_GROUP", "ROW_COLUMN", "input_rows"]

AUDIT_PREFIX = "pii_"
"""The PII audit columns' prefix: never part of a prompt."""
ROW_COLUMN = "_row"
"""Each row's position in the input (from 0), set on frames that are not the whole input from
its first row: a sample, a later batch. Never a value of the input: ids that are values (an
``id_column``) are read from the anonymised frame."""
MISSING_GROUP = "(missing)"


def input_rows(frame: pl.DataFrame) -> list[int]:
    """Each row's position in the input: :data:`ROW_COLUMN` where set, else the frame's own."""
    if ROW_COLUMN in frame.columns:
        return [int(v) for v in frame.get_column(ROW_COLUMN).to_list()]
    return list(range(frame.height))
