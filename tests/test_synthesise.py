"""Synthetic datasets: profile, record model, targets, validation, and the job on a fake Ollama.

The fake server answers through responders that read each prompt's targets, so the records
follow them as a cooperative model would; others plant a copy of an original row or an e-mail
address, which validation must catch.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pydantic import ValidationError

from persona_batch.core.config import (
    AnonymiseSettings,
    GateSettings,
    GenerateSettings,
    JobConfig,
    VerifySettings,
)
from persona_batch.core.errors import GateError
from persona_batch.core.io import journal_path, read_metadata
from persona_batch.privacy.scan import ScanColumn
from persona_batch.synthesise.job import (
    EXIT_SYNTHETIC_TARGETS,
    VALIDATION_KEY,
    SynthesiseResult,
    SynthesiseSettings,
    Validation,
    ks_statistic,
    profile,
    record_model,
    run_synthesise,
    run_validate,
    synthesis_items,
    targets,
    total_variation,
    validate,
)
from persona_batch.testing.fake_ollama import FakeOllama

from .conftest import SAMPLE_CSV

SECRET_COLUMNS = ("participant", "email", "phone", "card_number", "iban", "ip_address")
PLANTED_EMAIL = "dana.whitfield@fastmail.com"

# -- a cooperative "model": it reads the targets in the prompt and writes fresh text

_SUBJECTS = ("The respondent", "The participant", "This customer", "Their team", "A colleague")
_THINGS = (
    "the export",
    "onboarding",
    "search",
    "the mobile app",
    "team seats",
    "permissions",
    "the dashboards",
    "support",
    "pricing",
    "the API",
    "tagging",
    "scheduled reports",
    "integrations",
    "notifications",
    "dark mode",
    "the audit log",
)
_VERDICTS = (
    "felt slow at month end",
    "worked well once set up",
    "needed a workaround",
    "was confusing at first",
    "saved hours every week",
    "broke after the last update",
    "is used every morning",
    "was hard to find",
    "should be cheaper",
    "matters more than anything else",
)
_VALUES = re.compile(r"Use exactly these values: (\{.*\})")
_LENGTHS = re.compile(r"Write the free-text fields at about these lengths: (\{.*\})")


def _fresh_text(rng: random.Random, length: int) -> str:
    sentences: list[str] = []
    while len(" ".join(sentences)) < length:
        sentences.append(
            f"{rng.choice(_SUBJECTS)} said {rng.choice(_THINGS)} {rng.choice(_VERDICTS)}."
        )
    text = " ".join(sentences)[:length].rstrip()
    return text if text.endswith(".") or len(text) < 2 else text[:-1] + "."


def _asked(body: Mapping[str, Any]) -> tuple[int, dict[str, Any], dict[str, int]]:
    """The record number, the target values and the target lengths of a synthesise request."""
    user = str(body["messages"][-1]["content"])
    number = int(re.search(r"Record (\d+) of", user).group(1))  # type: ignore[union-attr]
    values = json.loads(_VALUES.search(user).group(1))  # type: ignore[union-attr]
    found = _LENGTHS.search(user)
    asks = json.loads(found.group(1)) if found else {}
    lengths = {k: int(re.search(r"(\d+) characters", v).group(1)) for k, v in asks.items()}  # type: ignore[union-attr]
    return number, values, lengths


def cooperative(body: dict[str, Any]) -> str:
    """Uses every target value and writes new text of the target length."""
    _, values, lengths = _asked(body)
    rng = random.Random(hashlib.sha256(json.dumps(body["messages"]).encode()).hexdigest())
    record = dict(values)
    for name, length in lengths.items():
        record[name] = _fresh_text(rng, length)
    return json.dumps(record)


def planting_copies(
    rows: Sequence[Mapping[str, Any]], every: int
) -> Callable[[dict[str, Any]], str]:
    """Cooperative, except that every ``every``-th record is an original row, verbatim."""

    def respond(body: dict[str, Any]) -> str:
        number, _, _ = _asked(body)
        if number % every == 0:
            row = rows[(number // every) % len(rows)]
            return json.dumps({k: v for k, v in row.items() if k != "respondent_id"}, default=str)
        return cooperative(body)

    return respond


def planting_email(body: dict[str, Any]) -> str:
    """Cooperative, except that records 3, 6, 9 ... give an e-mail address in the notes."""
    number, _, _ = _asked(body)
    record = json.loads(cooperative(body))
    if number % 3 == 0:
        record["interview_notes"] = f"Write to me at {PLANTED_EMAIL} any time."
    return json.dumps(record)


# -- fixtures


@pytest.fixture(scope="module")
def sample_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "sample60.csv"
    pl.read_csv(SAMPLE_CSV, try_parse_dates=True).head(60).write_csv(path)
    return path


def _job(**synthesise: Any) -> JobConfig:
    job = JobConfig(
        anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=50)),
        generate=GenerateSettings(
            backoff_seconds=0.01, backoff_max_seconds=0.05, request_timeout=5.0, max_attempts=2
        ),
    )
    # until JobConfig has its [synthesise] table, the job's settings ride on a copy
    return job.model_copy(update={"synthesise": SynthesiseSettings(**synthesise)})


@pytest.fixture
def server() -> Iterator[FakeOllama]:
    with FakeOllama(models=["qwen2.5:7b"], slots=8, responder=cooperative) as srv:
        yield srv


@dataclass
class Run:
    """One cooperative synthesise run, shared by the tests that only read it."""

    result: SynthesiseResult
    output: Path
    sent: str


@pytest.fixture(scope="module")
def cooperative_run(sample_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("out") / "synthetic.parquet"
    with FakeOllama(models=["qwen2.5:7b"], slots=8, responder=cooperative) as srv:
        result = run_synthesise(_job(), sample_csv, out, 100, (srv.url,))
        sent = json.dumps([r.body for r in srv.requests])
    return Run(result, out, sent)


def _frame() -> pl.DataFrame:
    """A raw frame with the kinds profile() tells apart (no anonymisation needed for these)."""
    rng = random.Random(7)
    n = 80
    return pl.DataFrame(
        {
            "id": list(range(1, n + 1)),
            "segment": [
                rng.choice(["Admin", "Admin", "Churned", "New customer"]) for _ in range(n)
            ],
            "score": [round(rng.uniform(1, 5), 1) for _ in range(n)],
            "age": [rng.randint(18, 70) for _ in range(n)],
            "active": [rng.random() < 0.3 for _ in range(n)],
            "joined": [date(2024, 1, 1 + rng.randint(0, 27)) for _ in range(n)],
            "plan": [None if i % 4 == 0 else rng.choice(["free", "pro"]) for i in range(n)],
            "notes": [
                " ".join(rng.choice(_THINGS) for _ in range(rng.randint(4, 30))) for _ in range(n)
            ],
            "pii_count": [0] * n,
        }
    )


def _no_scan(frame: pl.DataFrame) -> Sequence[ScanColumn]:
    return []


# -- profile, record model, targets (fast: no spaCy, no server)


def test_profile_tells_column_kinds_apart() -> None:
    prof = profile(_frame())
    kinds = {c.name: c.kind for c in prof.columns}
    assert kinds == {
        "id": "identifier",
        "segment": "categorical",
        "score": "float",
        "age": "integer",
        "active": "boolean",
        "joined": "date",
        "plan": "categorical",
        "notes": "text",
    }  # the pii_* audit is left out
    plan = prof.column("plan")
    assert plan.nulls == 20 and {c.value for c in plan.categories} == {"free", "pro", None}
    age = prof.column("age")
    assert age.minimum is not None and 18 <= age.minimum <= age.maximum <= 70  # type: ignore[operator]
    assert len(age.quantiles) == 101
    notes = prof.column("notes")
    assert len(notes.lengths) == 101 and len(notes.examples) == 3
    assert "examples" not in json.dumps(prof.public()["columns"][7])


def test_record_model_enforces_the_shape() -> None:
    frame = _frame().rename({"notes": "free notes"})
    model = record_model(profile(frame))
    schema = model.model_json_schema()
    props = schema["properties"]
    assert "id" not in props  # identifiers are numbered afresh, not generated
    assert set(props["segment"]["enum"]) == {"Admin", "Churned", "New customer"}
    assert props["age"]["minimum"] >= 18 and props["age"]["maximum"] <= 70
    assert props["joined"]["format"] == "date"
    assert {"type": "null"} in props["plan"]["anyOf"]
    assert props["free notes"]["maxLength"] >= frame["free notes"].str.len_chars().max()
    assert schema["additionalProperties"] is False
    good = {
        "segment": "Admin",
        "score": 2.5,
        "age": 30,
        "active": True,
        "joined": "2024-01-05",
        "plan": None,
        "free notes": "search felt slow",
    }
    model.model_validate_json(json.dumps(good))
    for bad in ({"segment": "Owner"}, {"age": 71}, {"joined": "2030-01-01"}, {"free notes": ""}):
        with pytest.raises(ValidationError):
            model.model_validate_json(json.dumps(good | bad))


def test_targets_follow_the_original_and_keys_are_stable() -> None:
    frame = _frame()
    prof = profile(frame)
    asked = targets(prof, 200, seed=3)
    shares = pl.Series([t.values["segment"] for t in asked]).value_counts(normalize=True)
    observed = frame["segment"].value_counts(normalize=True)
    tvd = total_variation(
        dict(zip(observed["segment"], observed["proportion"], strict=True)),
        dict(zip(shares[""], shares["proportion"], strict=True)),
    )
    assert tvd < 0.01  # quotas, not independent draws
    ages = pl.Series([t.values["age"] for t in asked]).to_numpy()
    assert ks_statistic(frame["age"].to_numpy(), ages) < 0.06
    assert sum(t.values["plan"] is None for t in asked) == 50  # a quarter were null
    assert all(0 < t.lengths["notes"] <= prof.column("notes").max_length for t in asked)

    items = synthesis_items(prof, 50, "qwen2.5:7b", seed=3)
    again = synthesis_items(prof, 50, "qwen2.5:7b", seed=3)
    assert [i.key for i in items] == [i.key for i in again]
    assert len({i.key for i in items}) == 50
    assert items[0].key != synthesis_items(prof, 50, "llama3.2:3b", seed=3)[0].key
    assert items[0].key != synthesis_items(prof, 50, "qwen2.5:7b", seed=4)[0].key
    options = {"temperature": 0.2}
    assert items[0].key != synthesis_items(prof, 50, "qwen2.5:7b", 3, options=options)[0].key
    assert items[0].messages[0] == items[1].messages[0]  # one shared system message


def test_dependent_columns_stay_consistent() -> None:
    rng = random.Random(1)
    cities = {"IT": ["Roma", "Milano"], "FR": ["Lyon", "Paris"], "PL": ["Łódź", "Gdańsk"]}
    rows = [(c, rng.choice(cities[c])) for c in rng.choices(list(cities), k=120)]
    frame = pl.DataFrame(rows, schema=["country", "city"], orient="row")
    prof = profile(frame)
    assert prof.column("city").parent == "country"
    for target in targets(prof, 150, seed=0):
        assert target.values["city"] in cities[str(target.values["country"])]


def test_validate_measures_each_target() -> None:
    original = _frame().drop("pii_count")
    shuffled = original.select(pl.all().shuffle(seed=5)).with_columns(
        pl.col("notes").str.replace_all("search", "lookup"),
        pl.col("id") + 1000,
    )
    result = validate(original, shuffled, _no_scan)
    by_name = {r.name: r for r in result.rows}
    assert by_name["schema match"].value == 1.0
    assert by_name["distribution similarity"].value > 0.97  # same marginals
    assert result.columns[0].similarity is None  # the identifier is not compared

    copied = validate(original, original, _no_scan)
    assert not copied.passed
    assert {r.name: r.value for r in copied.rows}["copies of original rows"] == original.height
    assert all(c.exact for c in copied.copies)

    retyped = original.with_columns(pl.col("age").cast(pl.String)).drop("score")
    broken = validate(original, retyped, _no_scan)
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


def test_distance_helpers() -> None:
    assert ks_statistic([1, 2, 3], [1, 2, 3]) == 0.0
    assert ks_statistic([1, 2], [5, 6]) == 1.0
    assert ks_statistic([], []) == 0.0 and ks_statistic([1], []) == 1.0
    assert total_variation({"a": 0.5, "b": 0.5}, {"a": 0.5, "b": 0.5}) == 0.0
    assert total_variation({"a": 1.0}, {"b": 1.0}) == 1.0
    assert total_variation({"a": 0.75, None: 0.25}, {"a": 1.0}) == pytest.approx(0.25)


# -- the job on a fake Ollama (spaCy for the anonymisation and the scan)


@pytest.mark.slow
def test_synthesise_steers_distributions_and_stays_private(
    cooperative_run: Run, sample_csv: Path
) -> None:
    result, out = cooperative_run.result, cooperative_run.output
    assert result.exit_code == 0, result.validation.rows
    assert result.generated == 100 and result.failed == 0
    synthetic = pl.read_parquet(out)
    source = pl.read_csv(sample_csv, try_parse_dates=True)
    # no pii_* audit, no extra column but the gate's audit (it found nothing)
    assert synthetic.columns == [*source.columns, "gen_gate"]
    assert synthetic.drop("gen_gate").schema == source.schema
    assert synthetic["gen_gate"].list.len().sum() == 0
    rows = {r.name: r for r in result.validation.rows}
    assert rows["schema match"].value == 1.0
    assert rows["distribution similarity"].value >= 0.85
    assert rows["PII findings"].value == 0 and rows["copies of original rows"].value == 0
    assert rows["distinct records"].value == 1.0
    assert synthetic["respondent_id"].min() == 61  # fresh identifiers, past the original's
    # by construction: no raw value reached the model, and none is in the output
    sent = cooperative_run.sent
    for column in SECRET_COLUMNS:
        for value in source[column].drop_nulls().cast(pl.String).to_list():
            assert value not in sent
            assert (
                not synthetic.drop("gen_gate")
                .select(pl.all().cast(pl.String))
                .filter(pl.any_horizontal(pl.all() == value))
                .height
            )
    metadata = read_metadata(out)
    assert metadata[VALIDATION_KEY]["passed"] is True
    manifest = metadata["persona_batch.manifest"]
    assert manifest["counts"]["generated"] == 100 and manifest["anonymisation"]["anonymised"]
    assert manifest["adherence"]["values"]["country"] == 1.0
    assert "examples" not in json.dumps(manifest["profile"])
    assert not journal_path(out).exists()


@pytest.mark.slow
def test_every_supported_dtype_round_trips(server: FakeOllama, tmp_path: Path) -> None:
    frame = (
        _frame()
        .drop("pii_count")
        .with_columns(
            pl.col("age").cast(pl.Int16),
            pl.col("score").cast(pl.Float32),
            pl.col("segment").cast(pl.Enum(["Admin", "Churned", "New customer", "Owner"])),
            pl.col("plan").cast(pl.Categorical),
            (pl.col("joined").cast(pl.Datetime("ms")) + pl.duration(hours=pl.col("age")))
            .dt.replace_time_zone("UTC")
            .alias("seen_at"),
        )
    )
    path = tmp_path / "kinds.parquet"
    frame.write_parquet(path)
    job = _job()
    job = job.model_copy(update={"generate": job.generate.model_copy(update={"anonymise": False})})
    out = tmp_path / "synthetic.parquet"
    result = run_synthesise(job, path, out, 60, (server.url,))
    synthetic = pl.read_parquet(out)
    assert synthetic.drop("gen_gate").schema == frame.schema and synthetic.height == 60
    assert result.failed == 0 and result.validation.passed, result.validation.rows
    assert synthetic["id"].to_list() == list(range(81, 141))
    assert synthetic["segment"].is_in(["Admin", "Churned", "New customer"]).all()
    assert result.manifest["anonymisation"] == {"anonymised": False}


@pytest.mark.slow
def test_planted_copies_fail_the_targets_but_are_written(sample_csv: Path, tmp_path: Path) -> None:
    from persona_batch.privacy.stream import load_anonymised

    job = _job()
    original, _ = load_anonymised(job, sample_csv, 60)
    rows = original.drop("pii_count", "pii_entities", "pii_error", "pii_gate").to_dicts()
    out = tmp_path / "copied.parquet"
    with FakeOllama(models=["qwen2.5:7b"], slots=8, responder=planting_copies(rows, 10)) as srv:
        result = run_synthesise(job, sample_csv, out, 40, (srv.url,))
    assert result.exit_code == EXIT_SYNTHETIC_TARGETS
    copies = {r.name: r for r in result.validation.rows}["copies of original rows"]
    assert copies.value == 4 and copies.passed is False and "4 exact" in copies.detail
    assert {c.synthetic_row for c in result.validation.copies} == {9, 19, 29, 39}
    assert out.exists() and pl.read_parquet(out).height == 40
    assert read_metadata(out)[VALIDATION_KEY]["passed"] is False


@pytest.mark.slow
def test_planted_email_is_caught_by_the_scan(sample_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "leaky.parquet"
    job = _job()
    with FakeOllama(models=["qwen2.5:7b"], slots=8, responder=planting_email) as srv:
        with pytest.raises(GateError) as caught:  # the gate stops it before anything is written
            run_synthesise(job, sample_csv, out, 30, (srv.url,))
        assert "record synthetic-3, field 'interview_notes': email" in str(caught.value)
        assert PLANTED_EMAIL not in str(caught.value) and not out.exists()
        redacting = job.model_copy(update={"gate": GateSettings(on_residual="redact")})
        redacted = run_synthesise(redacting, sample_csv, out, 30, (srv.url,))
        written = pl.read_parquet(out)
        assert PLANTED_EMAIL not in json.dumps(written["interview_notes"].to_list())
        assert written["gen_gate"].list.len().sum() == 10 and redacted.validation.passed
        # the validation's own scan, with the gate off
        unguarded = job.model_copy(update={"gate": GateSettings(enabled=False)})
        result = run_synthesise(unguarded, sample_csv, out, 30, (srv.url,))
    assert read_metadata(out)["persona_batch.manifest"]["gate"]["enabled"] is False
    pii = {r.name: r for r in result.validation.rows}["PII findings"]
    assert pii.value == 10 and pii.passed is False
    assert "EMAIL_ADDRESS ×10 in interview_notes" in pii.detail
    assert PLANTED_EMAIL not in json.dumps(read_metadata(out))  # counts, never the text
    assert result.exit_code == EXIT_SYNTHETIC_TARGETS


@pytest.mark.slow
def test_validate_standalone_on_two_files(cooperative_run: Run, sample_csv: Path) -> None:
    made = cooperative_run.result
    again = run_validate(_job(), sample_csv, cooperative_run.output)
    assert isinstance(again, Validation)
    assert [(r.name, r.value) for r in again.rows] == [
        (r.name, r.value) for r in made.validation.rows
    ]
    assert again.passed


@pytest.mark.slow
def test_rerun_resumes_from_the_journal(sample_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "resumed.parquet"
    job = _job()
    job = job.model_copy(
        update={
            "generate": job.generate.model_copy(
                update={"model": "qwen2.5:7b", "max_attempts": 1, "concurrency": 1}
            )
        }
    )
    with FakeOllama(
        models=["qwen2.5:7b"],
        slots=1,
        responder=cooperative,
        fault_schedule={n: "fail_503" for n in range(12, 100)},
    ) as srv:
        first = run_synthesise(job, sample_csv, out, 20, (srv.url,))
        assert (first.generated, first.failed, first.exit_code) == (12, 8, 4)
        assert pl.read_parquet(out).height == 12 and journal_path(out).exists()
        srv.reset()
        srv.fault_schedule = {}
        second = run_synthesise(job, sample_csv, out, 20, (srv.url,))
        chats = [r for r in srv.requests if r.path == "/api/chat"]
    assert (second.resumed, second.failed, second.exit_code, len(chats)) == (12, 0, 0, 8)
    assert pl.read_parquet(out).height == 20 and not journal_path(out).exists()
