"""The anonymise job and the privacy scan, wired stage to stage: load, plan, anonymise, gate,
verify, write.

Two lines of defence stand between the input and the published file: detection with its sampled
verification (the first line checking its own work), and the gate (:mod:`persona_batch.privacy.guard`),
which checks every string cell of every batch with means of its own before it is written.

These functions hold the job's logic; the CLI only parses flags and prints what they return.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from persona_batch import __version__
from persona_batch.core.config import InputSettings, JobConfig, Strategy
from persona_batch.core.errors import ConfigError, HashKeyError, InputError, ResidualPiiError
from persona_batch.core.io import (
    MANIFEST_KEY,
    InputInfo,
    ParquetSink,
    check_output_path,
    describe_input,
    iter_batches,
    read_sample,
)
from persona_batch.core.progress import progress_bar
from persona_batch.privacy import engine
from persona_batch.privacy.anonymise import Anonymiser
from persona_batch.privacy.cells import path_column, text_at
from persona_batch.privacy.guard import Guard, RunValues
from persona_batch.privacy.plan import ColumnPlan, FindingsCache, build_plan
from persona_batch.privacy.strategies import Replacer, preview_mask

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

PLAN_KEY = "persona_batch.column_plan"


@dataclass
class AnonymiseResult:
    """What the job did, for the summary table."""

    output: Path
    rows: int
    plan: list[ColumnPlan]
    entity_counts: dict[tuple[str, str], int]
    verified_cells: int
    manifest: dict[str, Any] = field(default_factory=dict)
    gate_seconds: float = 0.0
    """Time the gate took (not in the manifest: a rerun reproduces the manifest)."""

    @property
    def gate(self) -> dict[str, Any]:
        """The manifest's ``gate`` block."""
        return dict(self.manifest.get("gate", {}))


def hash_key(config: JobConfig) -> bytes | None:
    """The key for ``hash`` (and for unguessable ``replace`` fakes), from the env or a key file."""
    settings = config.anonymise
    env_value = os.environ.get(settings.hash_key_env, "")
    if env_value:
        return env_value.encode()
    if settings.hash_key_file is not None:
        try:
            value = settings.hash_key_file.read_text(encoding="utf-8").strip()
        except OSError:
            raise HashKeyError(
                f"{settings.hash_key_file}: cannot read the hash key file; check "
                "anonymise.hash_key_file in the job"
            ) from None
        if value:
            return value.encode()
    return None


def _require_key(config: JobConfig, plan: list[ColumnPlan]) -> bytes | None:
    key = hash_key(config)
    if key is None and any(p.strategy is Strategy.HASH for p in plan):
        env = config.anonymise.hash_key_env
        raise HashKeyError(
            f"the hash strategy needs a secret key and none is set; make one with "
            f'`export {env}="$(python -c "import secrets; print(secrets.token_hex(32))")"` '
            "(keep it safe: the same key gives the same hashes on every run), or set "
            "anonymise.hash_key_file in the job"
        )
    return key


def versions(config: JobConfig) -> dict[str, str]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "persona_batch": __version__,
        "presidio_analyzer": version("presidio-analyzer"),
        "presidio_anonymizer": version("presidio-anonymizer"),
        "spacy": version("spacy"),
        "polars": version("polars"),
        "ollama": version("ollama"),
        "spacy_model": _model_version(config.detect.spacy_model),
    }


def prepare_anonymiser(
    config: JobConfig, input_path: Path, values: RunValues | None = None
) -> Anonymiser:
    """Plan the columns from a sample and build the anonymise stage for this input.

    ``values``: where the stage remembers what detection found and what replaced it (keyed
    hashes), for the gate on what is generated from its output.
    """
    settings = config.anonymise
    workers = engine.worker_count(settings, config.engine)
    sample = read_sample(input_path, config.input, settings.sample_rows)
    found: FindingsCache = {}
    plan = build_plan(sample, settings, config.detect, str(input_path), workers, found)
    key = _require_key(config, plan)
    stage = Anonymiser(
        plan=plan,
        settings=settings,
        detect=config.detect,
        replacer=Replacer(key, settings.mask_keep_last),
        workers=workers,
        values=values,
    )
    stage.warm(found)
    return stage


def gate_stage(
    guard: Guard,
    stage: Anonymiser,
    frame: pl.DataFrame,
    first: int,
    rows: Sequence[int],
    label: str,
    consequence: str,
) -> pl.DataFrame:
    """The gate on a batch the stage just anonymised (its rows from ``first`` in the stage's
    count; ``rows``: their numbers in the input, for messages); cells it redacts replace their
    verification sample, so verification checks what is published."""
    gated, cells = guard.frame(frame, stage.inserted, rows, label, consequence)
    for cell in cells:
        stage.replace_sampled(first + cell.row, cell.column, cell.text, cell.inserted)
    return gated


def check_residual(stage: Anonymiser, config: JobConfig, consequence: str) -> int:
    """Re-scan the stage's sample of output cells; raise if more PII is left than allowed."""
    settings = config.anonymise
    if not settings.verify.enabled:
        return 0
    residual = stage.residual()
    if len(residual) > settings.verify.max_residual:
        raise ResidualPiiError(_residual_message(residual, len(stage.verify_sample), consequence))
    return len(residual)


def run_anonymise(
    config: JobConfig, input_path: Path, output: Path, info: InputInfo | None = None
) -> AnonymiseResult:
    """Anonymise ``input_path`` into ``output`` (Parquet, atomically), verifying before publishing.

    Detection runs on ``config.engine``: loky processes here, or a Dask cluster. ``info``: the
    input's :func:`describe_input`, when the caller has it already (it reads the whole file).
    """
    with engine.use(config.engine):
        return _run_anonymise(config, input_path, output, info)


def _run_anonymise(
    config: JobConfig, input_path: Path, output: Path, info: InputInfo | None
) -> AnonymiseResult:
    started = datetime.now(UTC)
    check_output_path(input_path, output)
    info = info or describe_input(input_path, config.input)
    settings = config.anonymise
    stage = prepare_anonymiser(config, input_path)
    guard = Guard(config.gate)
    consequence = f"{output} was not written"
    with ParquetSink(output) as sink, progress_bar("anonymise", info.rows) as advance:
        for batch in iter_batches(input_path, config.input, settings.batch_rows):
            first = stage.rows_seen
            rows = range(first, first + batch.height)
            label = f"rows {first + 1} to {first + batch.height} of {output.name}"
            sink.write(gate_stage(guard, stage, stage(batch), first, rows, label, consequence))
            advance(batch.height)
        residual = check_residual(stage, config, consequence)
        manifest = {
            "input": input_manifest(info),
            "rows": sink.rows,
            "strategy": str(settings.strategy),
            "column_plan": [p.model_dump(mode="json") for p in stage.plan],
            "versions": versions(config),
            "detect": config.detect.model_dump(mode="json"),
            "engine": engine_manifest(config),
            "verification": {
                "cells_checked": len(stage.verify_sample),
                "residual": residual,
                "entities": list(settings.verify.entities),
            },
            "gate": guard.manifest(),
            "started_at": started.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(),
        }
        sink.commit({MANIFEST_KEY: manifest, PLAN_KEY: manifest["column_plan"]})
    return AnonymiseResult(
        output,
        sink.rows,
        stage.plan,
        stage.entity_counts,
        len(stage.verify_sample),
        manifest,
        guard.seconds,
    )


def collect_values(
    config: JobConfig, input_path: Path, anonymised: Path, values: RunValues | None = None
) -> RunValues:
    """What detection found in ``input_path`` and what replaced it, from the anonymised file
    made from it (its ``pii_entities`` give each finding's place in the input): remembered in
    ``values`` as keyed hashes, batch by batch. No detection runs; ``replace`` fakes are derived
    again from their originals, as the anonymiser derived them."""
    values = values or RunValues()
    replacer = Replacer(hash_key(config), config.anonymise.mask_keep_last)
    audit = _audit_rows(anonymised, config.anonymise.batch_rows)
    for batch in iter_batches(input_path, config.input, config.anonymise.batch_rows):
        texts: dict[str, list[str | None]] = {}
        for row in range(batch.height):
            for entry in next(audit, None) or ():
                column = entry["column"]
                if column in batch.columns and column not in texts:
                    texts[column] = batch.get_column(column).cast(pl.String).to_list()
                text = texts[column][row] if column in texts else text_at(batch, column, row)
                if text is None:
                    continue
                original = text[entry["start"] : entry["end"]]
                values.found(entry["entity_type"], original)
                if entry["strategy"] == Strategy.REPLACE:
                    values.inserted(replacer.fake(entry["entity_type"], original))
    return values


def _audit_rows(path: Path, batch_rows: int) -> Iterator[list[dict[str, Any]] | None]:
    for batch in iter_batches(path, InputSettings(), batch_rows):
        yield from batch.get_column("pii_entities").to_list()


def engine_manifest(config: JobConfig) -> dict[str, Any]:
    """Where detection ran: backend, scheduler (Dask only) and the task fan-out used."""
    settings = config.engine
    return {
        "backend": settings.backend,
        "scheduler": engine.scheduler_address(settings) if settings.backend == "dask" else None,
        "workers": engine.worker_count(config.anonymise, settings),
    }


def input_manifest(info: InputInfo) -> dict[str, Any]:
    return {
        "path": str(info.path),
        "format": info.format,
        "sha256": info.sha256,
        "size_bytes": info.size_bytes,
        "rows": info.rows,
    }


def _model_version(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name


def _residual_message(residual: list[tuple[int, str, str]], checked: int, consequence: str) -> str:
    where = ", ".join(f"row {row} column '{col}' ({entity})" for row, col, entity in residual[:5])
    more = f" and {len(residual) - 5} more" if len(residual) > 5 else ""
    return (
        f"verification found {len(residual)} possible PII value(s) left in {checked} sampled "
        f"output cells: {where}{more}. {consequence}. Pin those columns' entities "
        "or lower detect.score_threshold in the job file, or raise anonymise.verify.max_residual "
        "if these are false alarms"
    )


@dataclass
class ScanColumn:
    """What a privacy scan found in one column, for one entity type."""

    column: str
    entity_type: str
    cells: int
    findings: int
    examples: list[str]


def run_scan(
    config: JobConfig, input_path: Path, rows: int | None = None, examples: int = 3
) -> tuple[int, list[ScanColumn]]:
    """What the anonymise job would change, per column and entity type, with masked examples.

    It runs the same stage as the job (detection and propagation) and discards the output:
    nothing is written. Detection runs on ``config.engine``.
    """
    with engine.use(config.engine):
        return _run_scan(config, input_path, rows, examples)


def _run_scan(
    config: JobConfig, input_path: Path, rows: int | None, examples: int
) -> tuple[int, list[ScanColumn]]:
    settings = config.anonymise
    workers = engine.worker_count(settings, config.engine)
    batch_rows = min(settings.batch_rows, rows) if rows else settings.batch_rows
    stage: Anonymiser | None = None
    scanned = 0
    cells: Counter[tuple[str, str]] = Counter()
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], list[str]] = {}
    total = rows or describe_input(input_path, config.input).rows
    with progress_bar("scan", total) as advance:
        for batch in iter_batches(input_path, config.input, batch_rows):
            if rows is not None:
                batch = batch.head(rows - scanned)
            if stage is None:
                planned = build_plan(
                    batch.head(settings.sample_rows),
                    settings,
                    config.detect,
                    str(input_path),
                    workers,
                )
                plan = [
                    p.model_copy(update={"strategy": Strategy.REDACT}) if p.strategy else p
                    for p in planned
                ]
                stage = Anonymiser(plan, settings, config.detect, Replacer(None), workers)
            audited = stage(batch).get_column("pii_entities").to_list()
            for row, entries in enumerate(audited):
                for entity in {(path_column(e["column"]), e["entity_type"]) for e in entries}:
                    cells[entity] += 1
                for e in entries:
                    key = (path_column(e["column"]), e["entity_type"])
                    counts[key] += 1
                    bucket = shown.setdefault(key, [])
                    original = text_at(batch, e["column"], row) or ""
                    masked = preview_mask(e["entity_type"], original[e["start"] : e["end"]])
                    if len(bucket) < examples and masked not in bucket:
                        bucket.append(masked)
            scanned += batch.height
            advance(batch.height)
            if rows is not None and scanned >= rows:
                break
    if stage is None:
        raise InputError(f"{input_path}: the file has a header but no rows; nothing to scan")
    report = [
        ScanColumn(
            column,
            entity,
            cells[(column, entity)],
            counts[(column, entity)],
            shown[(column, entity)],
        )
        for column, entity in sorted(counts)
    ]
    return scanned, report


def validate_strategy(value: str | None) -> Strategy | None:
    if value is None:
        return None
    try:
        return Strategy(value)
    except ValueError:
        options = ", ".join(s.value for s in Strategy)
        raise ConfigError(f"--strategy {value!r} is not one of {options}") from None
