"""Nested text (List and Struct columns of Parquet and JSON Lines): every string inside is
anonymised, audited by its path and gated, and the column keeps its type and shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.errors import EXIT_RESIDUAL_PII
from persona_batch.privacy.cells import column_cells, is_nested_text, path_column, rebuild, text_at

runner = CliRunner()

EMAIL = "ann.lee@example.com"
PHONE = "+44 20 7946 0958"
CARD = "4111 1111 1111 1111"

MESSAGES = pl.List(pl.Struct({"sender": pl.String, "body": pl.String, "n": pl.Int64}))


def _tickets() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ticket": ["T-1", "T-2", "T-3"],
            "messages": [
                [
                    {"sender": "customer", "body": f"please call me on {PHONE}", "n": 1},
                    {"sender": "agent", "body": "Thanks, noted.", "n": 2},
                ],
                [{"sender": "customer", "body": f"my card {CARD} was charged twice", "n": 1}],
                [],
            ],
            "contact": [
                {"email": EMAIL, "city": "Leeds"},
                {"email": None, "city": None},
                None,
            ],
            "tags": [["billing", f"mail {EMAIL}"], None, ["ok"]],
        },
        schema_overrides={"messages": MESSAGES},
    )


def test_nested_types_with_strings_are_text() -> None:
    assert is_nested_text(pl.List(pl.String))
    assert is_nested_text(MESSAGES)
    assert is_nested_text(pl.Struct({"a": pl.Int64, "b": pl.List(pl.Categorical)}))
    assert not is_nested_text(pl.List(pl.Int64))
    assert not is_nested_text(pl.Struct({"a": pl.Int64}))
    assert not is_nested_text(pl.String)  # a flat column is not nested


def test_cells_are_named_by_their_path_and_found_again() -> None:
    frame = _tickets()
    cells = column_cells(frame.get_column("messages"))
    assert cells.nested
    assert cells.paths[:3] == ["messages[0].sender", "messages[0].body", "messages[1].sender"]
    assert cells.rows == [0, 0, 0, 0, 1, 1]
    for text, row, path in zip(cells.texts, cells.rows, cells.paths, strict=True):
        assert text_at(frame, path, row) == text
    assert text_at(frame, "ticket", 1) == "T-2"
    assert text_at(frame, "messages[5].body", 0) is None
    assert path_column("messages[12].body") == "messages[].body"


@given(st.lists(st.lists(st.one_of(st.text(max_size=6), st.none()), max_size=4), max_size=6))
@settings(max_examples=100, deadline=None)
def test_rebuild_puts_every_string_back_in_place(rows: list[list[str | None]]) -> None:
    series = pl.Series("tags", rows, dtype=pl.List(pl.String))
    cells = column_cells(series)
    same = rebuild(series, cells.texts)
    assert same.to_list() == series.to_list() and same.dtype == series.dtype
    upper = rebuild(series, [t.upper() if t is not None else None for t in cells.texts])
    expected = [[v.upper() if v is not None else None for v in row] for row in rows]
    assert upper.to_list() == expected


def _all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _all_strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _all_strings(v)]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_anonymise_removes_pii_inside_nested_columns(tmp_path: Path, fmt: str) -> None:
    source = _tickets()
    path = tmp_path / f"tickets.{fmt}"
    if fmt == "parquet":
        source.write_parquet(path)
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in source.to_dicts()))
    out = tmp_path / "out.parquet"
    result = runner.invoke(
        app, ["privacy", "anonymise", "-i", str(path), "-o", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    frame = pl.read_parquet(out)
    assert frame.height == source.height and frame["ticket"].to_list() == ["T-1", "T-2", "T-3"]
    for name in ("messages", "contact", "tags"):
        assert is_nested_text(frame.schema[name])
    if fmt == "parquet":
        assert frame.schema["messages"] == MESSAGES
    text = "\n".join(
        s for row in frame.drop("pii_entities", "pii_gate").to_dicts() for s in _all_strings(row)
    )
    for planted in (EMAIL, PHONE, CARD, "4111"):
        assert planted not in text
    assert "Thanks, noted." in text and "billing" in text  # the rest is kept
    messages = frame["messages"].to_list()
    assert [m["n"] for m in messages[0]] == [1, 2] and messages[2] == []
    paths = set(frame["pii_entities"].explode().drop_nulls().struct.field("column"))
    assert {"messages[0].body", "contact.email", "tags[1]"} <= paths
    for row, entries in enumerate(frame["pii_entities"].to_list()):
        for e in entries:
            replaced = text_at(frame, e["column"], row)
            assert replaced is not None and replaced[e["start"] :].startswith("<")
    scan = runner.invoke(app, ["privacy", "scan", "-i", str(path), "--workers", "1"])
    assert scan.exit_code == 0, scan.output
    assert "messages[].body" in scan.output and "contact.email" in scan.output
    for planted in (EMAIL, PHONE, CARD):
        assert planted not in scan.output


@pytest.mark.slow
def test_the_gate_checks_nested_cells(tmp_path: Path) -> None:
    path = tmp_path / "tickets.parquet"
    _tickets().write_parquet(path)
    job = tmp_path / "weak.toml"
    job.write_text("[detect]\nscore_threshold = 0.99\n\n[anonymise]\nworkers = 1\n")
    out = tmp_path / "out.parquet"
    args = ["privacy", "anonymise", "-i", str(path), "-o", str(out), "-c", str(job)]
    stopped = runner.invoke(app, args)
    assert stopped.exit_code == EXIT_RESIDUAL_PII, stopped.output
    assert "row 1, column 'messages[0].body': phone" in stopped.output
    assert "row 2, column 'messages[0].body': card" in stopped.output
    assert not out.exists()
    for planted in (PHONE, CARD):
        assert planted not in stopped.output
    job.write_text(job.read_text() + '\n[gate]\non_residual = "redact"\n')
    redacted = runner.invoke(app, args)
    assert redacted.exit_code == 0, redacted.output
    frame = pl.read_parquet(out)
    text = "\n".join(s for row in frame.drop("pii_gate").to_dicts() for s in _all_strings(row))
    assert PHONE not in text and CARD not in text
    gate = frame["pii_gate"].explode().drop_nulls().struct.unnest()
    assert {"messages[0].body"} <= set(gate["column"])
    assert frame.schema["messages"] == MESSAGES
