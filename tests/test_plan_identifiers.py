"""Identifier columns pass through; long cells are analysed in windows; whole values are one type."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import ColumnOverride, JobConfig, Strategy, with_overrides
from persona_batch.privacy.detect import WINDOW, Finding, windows
from persona_batch.privacy.job import run_anonymise
from persona_batch.privacy.plan import identifier_shape
from persona_batch.privacy.scan import run_scan

pytestmark = pytest.mark.slow


def _notes(n: int) -> list[str]:
    people = ["Maria Garcia", "Tomasz Nowak", "Priya Raman", "Jonas Becker", "Aoife Byrne"]
    return [f"{people[i % 5]} said the export was slow on day {i % 7}." for i in range(n)]


@pytest.mark.parametrize(
    "ids",
    [
        [f"P{i:04d}" for i in range(1, 121)],
        [f"R-{i:05d}" for i in range(1, 121)],
        [str(uuid.UUID(int=i * 7919 + 3)) for i in range(120)],
        [str(1000 + i * 37) for i in range(120)],
    ],
    ids=["P0127", "R-00042", "uuid", "integers"],
)
def test_identifier_columns_pass_through_unchanged(
    ids: list[str], job: JobConfig, tmp_path: Path
) -> None:
    frame = pl.DataFrame({"pid": ids, "notes": _notes(len(ids))})
    source = tmp_path / "ids.parquet"  # Parquet keeps integers-as-text as text
    frame.write_parquet(source)
    job = with_overrides(job, **{"anonymise.strategy": "replace"})
    result = run_anonymise(job.privacy, source, tmp_path / "out.parquet")
    out = pl.read_parquet(result.output)
    assert out["pid"].to_list() == ids
    plan = {p.column: p for p in result.plan}
    assert plan["pid"].action == "skip" and "identifiers" in plan["pid"].reason
    assert not any(e["column"] == "pid" for cell in out["pii_entities"].to_list() for e in cell)
    assert "Maria" not in " ".join(out["notes"].to_list())
    _, report = run_scan(job.privacy, source, rows=60)
    assert not any(r.column == "pid" for r in report)


def test_a_pinned_strategy_hashes_an_identifier_column(
    job: JobConfig, write_csv: Callable[[pl.DataFrame, str], Path], tmp_path: Path, hash_key: str
) -> None:
    ids = [f"P{i:04d}" for i in range(1, 61)]
    source = write_csv(pl.DataFrame({"pid": ids, "notes": _notes(60)}), "ids.csv")
    job = job.model_copy(
        update={
            "anonymise": job.anonymise.model_copy(
                update={"columns": {"pid": ColumnOverride(strategy=Strategy.HASH)}}
            )
        }
    )
    result = run_anonymise(job.privacy, source, tmp_path / "out.parquet")
    out = pl.read_parquet(result.output)["pid"].to_list()
    assert all(v.startswith("ID_NUMBER_") for v in out)
    assert len(set(out)) == len(ids)


def test_identifier_shape_rules() -> None:
    none: dict[str, list[Finding]] = {}

    def shape(values: list[str]) -> str | None:
        return identifier_shape(values, {v: none.get(v, []) for v in values})

    assert shape([f"P{i:04d}" for i in range(10)]) == "A9"
    assert shape(["P0001", "P0002", "P0001", "P0003", "P0004"]) is None  # repeats: a category
    assert shape(["Alice", "Bruno", "Chen", "Dara", "Emil"]) is None  # no digit: names
    assert shape(["P0001", "Q-2", "P0003", "P0004", "P0005"]) is None  # two shapes
    assert shape(["a b1", "c d2", "e f3", "g h4", "i j5"]) is None  # spaces
    emails = [f"user{i}@example.com" for i in range(6)]
    found = {e: [Finding("EMAIL_ADDRESS", 0, len(e), 1.0)] for e in emails}
    assert identifier_shape(emails, found) is None  # detection found entities


def test_a_whole_value_column_is_one_entity_type(
    job: JobConfig, write_csv: Callable[[pl.DataFrame, str], Path], tmp_path: Path
) -> None:
    cities = ["Springfield", "Jackson", "Madison", "Florence", "Georgetown", "Chester"] * 10
    frame = pl.DataFrame({"city": cities, "notes": _notes(60)})
    job = job.model_copy(
        update={
            "anonymise": job.anonymise.model_copy(
                update={"columns": {"city": ColumnOverride(whole_value="LOCATION")}}
            )
        }
    )
    result = run_anonymise(job.privacy, write_csv(frame, "c.csv"), tmp_path / "out.parquet")
    out = pl.read_parquet(result.output)
    types = {
        e["entity_type"]
        for cell in out["pii_entities"].to_list()
        for e in cell
        if e["column"] == "city"
    }
    assert types == {"LOCATION"}
    assert set(out["city"].to_list()) == {"<LOCATION>"}


def test_windows_cover_the_text_with_overlap() -> None:
    text = ("word " * 30_000).strip()
    pieces = windows(text, size=10_000, overlap=500)
    assert pieces[0][0] == 0
    assert pieces[-1][0] + len(pieces[-1][1]) == len(text)
    for (a, pa), (b, _) in itertools.pairwise(pieces):
        assert b < a + len(pa)  # overlapping
        assert a + len(pa) - b >= 250
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert windows("short") == [(0, "short")]


def test_a_five_megabyte_cell_is_anonymised(
    job: JobConfig, write_csv: Callable[[pl.DataFrame, str], Path], tmp_path: Path
) -> None:
    # Mostly long log-like tokens (cheap for the NER model, so the test stays quick), with prose
    # and planted values throughout, some of them across the windows' edges.
    filler = "export_settings_reviewed_at_length_by_the_participant_during_onboarding_call "
    prose = "The participant described the onboarding flow and the export settings. "
    secret = " Contact Maria Garcia at maria.garcia@example.org or 4111 1111 1111 1111. "
    block = (filler * 60 + prose) * 10
    parts = []
    while sum(len(p) for p in parts) < 5_000_000:
        parts.extend([block, secret])
    huge = "".join(parts)
    assert len(huge) > 5_000_000 > WINDOW
    frame = pl.DataFrame({"notes": [huge, "a short note from Tomasz Nowak"]})
    result = run_anonymise(job.privacy, write_csv(frame, "huge.csv"), tmp_path / "out.parquet")
    out = pl.read_parquet(result.output)
    assert out.height == 2 and out["pii_error"].null_count() == 2
    cell = out["notes"][0]
    assert "maria.garcia@example.org" not in cell and "4111 1111 1111 1111" not in cell
    assert "Garcia" not in cell
    assert cell.count("<EMAIL_ADDRESS>") == huge.count("maria.garcia@example.org")
