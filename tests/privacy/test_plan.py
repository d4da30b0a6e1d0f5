"""The column plan (persona_batch.privacy.plan): what happens to each column, decided from the
job and a sample before any data is touched. Identifier columns pass through; whole values are
one type; categorical columns are searched for pattern entities only."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import (
    AnonymiseSettings,
    ColumnOverride,
    DetectSettings,
    JobConfig,
    Strategy,
    with_overrides,
)
from persona_batch.core.errors import ColumnNotFoundError
from persona_batch.privacy.detect import Finding
from persona_batch.privacy.job import run_anonymise
from persona_batch.privacy.plan import (
    NER_ENTITIES,
    build_plan,
    check_columns,
    identifier_shape,
    plan_columns,
)
from persona_batch.privacy.scan import run_scan


def _notes(n: int) -> list[str]:
    people = ["Maria Garcia", "Tomasz Nowak", "Priya Raman", "Jonas Becker", "Aoife Byrne"]
    return [f"{people[i % 5]} said the export was slow on day {i % 7}." for i in range(n)]


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- from types and the job alone (no detection) ---------------------------------------------


def test_the_plan_follows_the_types_and_the_job() -> None:
    sample = pl.DataFrame(
        {
            "notes": ["met Ana"],
            "age": [34],
            "card": [4111111111111111],
            "private": ["kept as is"],
            "tags": [["export", "search"]],
            "city": ["Leeds"],
            "segment": pl.Series(["Admin"], dtype=pl.Categorical),
        }
    )
    settings = AnonymiseSettings(
        strategy=Strategy.REPLACE,
        columns={
            "notes": ColumnOverride(entities=("EMAIL_ADDRESS",)),
            "card": ColumnOverride(include=True),
            "private": ColumnOverride(exclude=True),
            "city": ColumnOverride(whole_value="location", strategy=Strategy.HASH),
        },
    )
    plans = {p.column: p for p in plan_columns(sample, settings, "in.csv")}
    assert list(plans) == sample.columns  # every column, in column order
    assert (plans["age"].action, plans["age"].reason) == ("skip", "not text")
    assert plans["age"].strategy is None
    assert (plans["card"].action, plans["card"].reason) == ("anonymise", "included by job")
    assert (plans["private"].action, plans["private"].reason) == ("skip", "excluded by job")
    assert plans["notes"].entities == ("EMAIL_ADDRESS",) and plans["notes"].reason == "text"
    assert plans["notes"].strategy == Strategy.REPLACE  # the job's strategy
    assert plans["tags"].nested and plans["tags"].reason == "nested text"
    assert not plans["notes"].nested
    assert plans["city"].whole_value == "LOCATION" and plans["city"].strategy == Strategy.HASH
    assert plans["segment"].action == "anonymise" and plans["segment"].entities is None
    assert plans["notes"].dtype == "String" and plans["age"].dtype == "Int64"


def test_a_configured_column_the_input_lacks_is_named() -> None:
    settings = AnonymiseSettings(columns={"emial": ColumnOverride(exclude=True)})
    check_columns(["email"], AnonymiseSettings(), "in.csv")  # nothing configured: nothing to check
    with pytest.raises(
        ColumnNotFoundError, match=r"in\.csv: column 'emial'.*\(it has: email, notes\)"
    ):
        plan_columns(pl.DataFrame({"email": ["a"], "notes": ["b"]}), settings, "in.csv")


# --- refined by what a sample holds (the real detector) ---------------------------------------


@pytest.mark.slow
def test_the_sample_makes_whole_value_and_categorical_columns(detector: object) -> None:
    emails = [f"person{i}@example.org" for i in range(30)]
    segments = ["Admin", "New customer", "Power user"] * 10
    sample = pl.DataFrame({"email": emails, "segment": segments, "notes": _notes(30)})
    detect = DetectSettings()
    cache: dict[tuple[tuple[str, ...] | None, str], list[Finding]] = {}
    plans = {
        p.column: p
        for p in build_plan(sample, AnonymiseSettings(workers=1), detect, "in", found_cache=cache)
    }
    assert plans["email"].whole_value == "EMAIL_ADDRESS"
    assert plans["email"].reason == "whole values are EMAIL_ADDRESS"
    assert plans["email"].detected["EMAIL_ADDRESS"] == 30 and plans["email"].sampled == 30
    assert plans["segment"].reason == "categorical (3 distinct): pattern entities only"
    assert plans["segment"].entities == tuple(e for e in detect.entities if e not in NER_ENTITIES)
    assert plans["notes"].whole_value is None and plans["notes"].entities is None
    assert plans["notes"].detected.get("PERSON", 0) > 0
    # the sample's findings are kept for the anonymise stage, by the types looked for and value
    assert {value for _, value in cache} == set(emails) | set(segments) | set(_notes(30))
    assert all(f.entity_type == "EMAIL_ADDRESS" for f in cache[(None, emails[0])])


@pytest.mark.slow
def test_pinned_entities_are_not_refined_by_the_sample(detector: object) -> None:
    emails = [f"person{i}@example.org" for i in range(30)]
    settings = AnonymiseSettings(
        workers=1, columns={"email": ColumnOverride(entities=("EMAIL_ADDRESS", "PERSON"))}
    )
    [plan] = build_plan(pl.DataFrame({"email": emails}), settings, DetectSettings(), "in")
    assert plan.whole_value is None and plan.reason == "text"
    assert plan.entities == ("EMAIL_ADDRESS", "PERSON")
    assert plan.detected["EMAIL_ADDRESS"] == 30  # still counted
