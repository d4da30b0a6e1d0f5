"""Validation of a synthetic set against its original, one target at a time (no spaCy)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import pytest

from persona_batch.privacy.scan import ScanColumn
from persona_batch.synthesise.validation import validate

from .fakes import kinds_frame, no_scan


def test_validate_measures_each_target() -> None:
    original = kinds_frame().drop("pii_count")
    shuffled = original.select(pl.all().shuffle(seed=5)).with_columns(
        pl.col("notes").str.replace_all("search", "lookup"),
        pl.col("id") + 1000,
    )
    result = validate(original, shuffled, no_scan)
    by_name = {r.name: r for r in result.rows}
    assert by_name["schema match"].value == 1.0
    assert by_name["distribution similarity"].value > 0.97  # same marginals
    assert result.columns[0].similarity is None  # the identifier is not compared

    copied = validate(original, original, no_scan)
    assert not copied.passed
    assert {r.name: r.value for r in copied.rows}["copies of original rows"] == original.height
    assert all(c.exact for c in copied.copies)

    retyped = original.with_columns(pl.col("age").cast(pl.String)).drop("score")
    broken = validate(original, retyped, no_scan)
    schema_row = broken.rows[0]
    assert schema_row.value == pytest.approx(6 / 8) and schema_row.passed is False
    assert "missing: score" in schema_row.detail and "age (Int64 → String)" in schema_row.detail

    def one_email(frame: pl.DataFrame) -> Sequence[ScanColumn]:
        return [
            ScanColumn("notes", "EMAIL_ADDRESS", 1, 1, []),
            ScanColumn("notes", "PERSON", 4, 5, []),
        ]

    flagged = validate(original, shuffled, one_email)
    pii = {r.name: r for r in flagged.rows}["PII findings"]
    assert pii.value == 1 and pii.passed is False and "not counted: PERSON ×5" in pii.detail
