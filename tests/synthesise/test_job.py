"""The synthesise job on a fake Ollama (spaCy for the anonymisation and the scan), and the
standalone validation of its output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import GateSettings
from persona_batch.core.errors import EXIT_SYNTHETIC_TARGETS, GateError
from persona_batch.core.io import journal_path, read_metadata
from persona_batch.synthesise import (
    VALIDATION_KEY,
    SynthesiseResult,
    Validation,
    run_synthesise,
    run_validate,
)
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import SAMPLE_CSV

from .fakes import (
    PLANTED_EMAIL,
    cooperative,
    job_config,
    kinds_frame,
    planting_copies,
    planting_email,
)

SECRET_COLUMNS = ("participant", "email", "phone", "card_number", "iban", "ip_address")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "sample60.csv"
    pl.read_csv(SAMPLE_CSV, try_parse_dates=True).head(60).write_csv(path)
    return path


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
        result = run_synthesise(
            job_config().with_hosts(srv.url).synthesise_stage, sample_csv, out, 100
        )
        sent = json.dumps([r.body for r in srv.requests])
    return Run(result, out, sent)


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


def test_every_supported_dtype_round_trips(server: FakeOllama, tmp_path: Path) -> None:
    frame = (
        kinds_frame()
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
    job = job_config()
    job = job.model_copy(update={"generate": job.generate.model_copy(update={"anonymise": False})})
    out = tmp_path / "synthetic.parquet"
    result = run_synthesise(job.with_hosts(server.url).synthesise_stage, path, out, 60)
    synthetic = pl.read_parquet(out)
    assert synthetic.drop("gen_gate").schema == frame.schema and synthetic.height == 60
    assert result.failed == 0 and result.validation.passed, result.validation.rows
    assert synthetic["id"].to_list() == list(range(81, 141))
    assert synthetic["segment"].is_in(["Admin", "Churned", "New customer"]).all()
    assert result.manifest["anonymisation"] == {"anonymised": False}


def test_planted_copies_fail_the_targets_but_are_written(sample_csv: Path, tmp_path: Path) -> None:
    from persona_batch.privacy.stream import load_anonymised

    job = job_config()
    original, _ = load_anonymised(job.privacy, sample_csv, 60, job.generate.anonymise)
    rows = original.drop("pii_count", "pii_entities", "pii_error", "pii_gate").to_dicts()
    out = tmp_path / "copied.parquet"
    with FakeOllama(models=["qwen2.5:7b"], slots=8, responder=planting_copies(rows, 10)) as srv:
        result = run_synthesise(job.with_hosts(srv.url).synthesise_stage, sample_csv, out, 40)
    assert result.exit_code == EXIT_SYNTHETIC_TARGETS
    copies = {r.name: r for r in result.validation.rows}["copies of original rows"]
    assert copies.value == 4 and copies.passed is False and "4 exact" in copies.detail
    assert {c.synthetic_row for c in result.validation.copies} == {9, 19, 29, 39}
    assert out.exists() and pl.read_parquet(out).height == 40
    assert read_metadata(out)[VALIDATION_KEY]["passed"] is False


def test_planted_email_is_caught_by_the_scan(sample_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "leaky.parquet"
    job = job_config()
    with FakeOllama(models=["qwen2.5:7b"], slots=8, responder=planting_email) as srv:
        with pytest.raises(GateError) as caught:  # the gate stops it before anything is written
            run_synthesise(job.with_hosts(srv.url).synthesise_stage, sample_csv, out, 30)
        assert "record synthetic-3, field 'interview_notes': email" in str(caught.value)
        assert PLANTED_EMAIL not in str(caught.value) and not out.exists()
        redacting = job.model_copy(update={"gate": GateSettings(on_residual="redact")})
        redacted = run_synthesise(
            redacting.with_hosts(srv.url).synthesise_stage, sample_csv, out, 30
        )
        written = pl.read_parquet(out)
        assert PLANTED_EMAIL not in json.dumps(written["interview_notes"].to_list())
        assert written["gen_gate"].list.len().sum() == 10 and redacted.validation.passed
        # the validation's own scan, with the gate off
        unguarded = job.model_copy(update={"gate": GateSettings(enabled=False)})
        result = run_synthesise(unguarded.with_hosts(srv.url).synthesise_stage, sample_csv, out, 30)
    assert read_metadata(out)["persona_batch.manifest"]["gate"]["enabled"] is False
    pii = {r.name: r for r in result.validation.rows}["PII findings"]
    assert pii.value == 10 and pii.passed is False
    assert "EMAIL_ADDRESS ×10 in interview_notes" in pii.detail
    assert PLANTED_EMAIL not in json.dumps(read_metadata(out))  # counts, never the text
    assert result.exit_code == EXIT_SYNTHETIC_TARGETS


def test_validate_standalone_on_two_files(cooperative_run: Run, sample_csv: Path) -> None:
    made = cooperative_run.result
    again = run_validate(job_config().synthesise_stage, sample_csv, cooperative_run.output)
    assert isinstance(again, Validation)
    assert [(r.name, r.value) for r in again.rows] == [
        (r.name, r.value) for r in made.validation.rows
    ]
    assert again.passed


def test_rerun_resumes_from_the_journal(sample_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "resumed.parquet"
    job = job_config()
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
        first = run_synthesise(job.with_hosts(srv.url).synthesise_stage, sample_csv, out, 20)
        assert (first.generated, first.failed, first.exit_code) == (12, 8, 4)
        assert pl.read_parquet(out).height == 12 and journal_path(out).exists()
        srv.reset()
        srv.fault_schedule = {}
        second = run_synthesise(job.with_hosts(srv.url).synthesise_stage, sample_csv, out, 20)
        chats = [r for r in srv.requests if r.path == "/api/chat"]
    assert (second.resumed, second.failed, second.exit_code, len(chats)) == (12, 0, 0, 8)
    assert pl.read_parquet(out).height == 20 and not journal_path(out).exists()
