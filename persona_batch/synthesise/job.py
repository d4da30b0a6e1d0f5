"""The ``persona synthesise`` job: load, profile, prompt, generate, validate, write.

:func:`run_synthesise` wires the package's stages together (the package's docstring says why
each is as it is) around the generate job's machinery: the anonymised load, the connection to
the hosts and the request runner with its journal. :func:`run_validate` is
``persona synthesise validate``. The result's exit code tells a missed target (5) from failed
records (4) and from a run that made nothing (1).
"""

from __future__ import annotations

import functools
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel

from persona_batch.core.config import (
    PrivacySettings,
    SynthesiseSettings,
    SynthesiseStageSettings,
)
from persona_batch.core.errors import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_SYNTHETIC_TARGETS
from persona_batch.core.io import (
    MANIFEST_KEY,
    ParquetSink,
    check_output_path,
    describe_input,
    iter_batches,
    read_parquet,
)
from persona_batch.core.manifest import SynthesisCounts, SynthesiseManifest
from persona_batch.core.work import WorkItem
from persona_batch.llm.generator import Outcome
from persona_batch.llm.requests import Connection, RequestRunner, connect, generation_block
from persona_batch.privacy.guard import GEN_GATE, Guard, RunValues
from persona_batch.privacy.job import input_block, versions
from persona_batch.privacy.scan import ScanColumn, run_scan
from persona_batch.privacy.stream import load_anonymised
from persona_batch.synthesise.drawing import adherence, targets
from persona_batch.synthesise.profiling import (
    ColumnProfile,
    Profile,
    is_text_dtype,
    profile,
    synthesised_columns,
)
from persona_batch.synthesise.prompts import (
    SYNTH_TEMPLATE_SHA256,
    SYNTH_TEMPLATE_VERSION,
    synthesis_items,
)
from persona_batch.synthesise.record import column_names, record_model
from persona_batch.synthesise.validation import Scanner, Validation, validate

# Validation is named here too: it is the result's, and ``persona synthesise validate``'s
__all__ = [
    "VALIDATION_KEY",
    "SynthesiseResult",
    "Validation",
    "pii_scanner",
    "run_synthesise",
    "run_validate",
    "synthesise_settings",
]

VALIDATION_KEY = "persona_batch.validation"
"""The Parquet metadata key of the synthetic set's :class:`Validation`."""
_PLACEHOLDER = r"^<[A-Z_]+>$"


@dataclass
class SynthesiseResult:
    """What ``persona synthesise`` did, for the summary and the exit code."""

    output: Path
    requested: int
    generated: int
    failed: int
    resumed: int
    connection: Connection
    validation: Validation
    manifest: dict[str, Any]
    """The file's manifest, as written (:class:`SynthesiseManifest`'s JSON)."""
    errors: dict[str, int] = field(default_factory=dict)

    @functools.cached_property
    def document(self) -> SynthesiseManifest:
        """The manifest as its typed model."""
        return SynthesiseManifest.model_validate(self.manifest)

    @property
    def exit_code(self) -> int:
        """1 when nothing was generated, 5 when a target was missed, 4 when records failed."""
        if self.generated == 0:
            return EXIT_FAILURE
        if not self.validation.passed:
            return EXIT_SYNTHETIC_TARGETS
        if self.failed:
            return EXIT_PARTIAL
        return EXIT_OK


def synthesise_settings(config: SynthesiseStageSettings) -> SynthesiseSettings:
    """The job's ``[synthesise]`` table, or the defaults while the job has none."""
    return config.synthesise


def pii_scanner(privacy: PrivacySettings) -> Scanner:
    """The privacy scan (:func:`persona_batch.privacy.scan.run_scan`) over a frame, through a
    temporary Parquet file.

    The job's per-column overrides are dropped: a column pinned as whole values of an entity
    would count every placeholder it holds as a finding.
    Cells that are nothing but a removal placeholder (``<PERSON>``, the anonymiser's own output
    kept by a categorical column) are not scanned: spaCy reads some of them as names.
    """
    scan_privacy = privacy.model_copy(
        update={"anonymise": privacy.anonymise.model_copy(update={"columns": {}})}
    )

    def scan(frame: pl.DataFrame) -> Sequence[ScanColumn]:
        if frame.height == 0:
            return []
        frame = frame.with_columns(
            pl.when(pl.col(name).cast(pl.String).str.contains(_PLACEHOLDER))
            .then(None)
            .otherwise(pl.col(name))
            .alias(name)
            for name, dtype in frame.schema.items()
            if is_text_dtype(dtype)
        )
        with tempfile.TemporaryDirectory(prefix="persona-synthesise-") as folder:
            path = Path(folder) / "synthetic.parquet"
            with ParquetSink(path) as sink:
                sink.write(frame)
                sink.commit({})
            return run_scan(scan_privacy, path)[1]

    return scan


def run_synthesise(
    config: SynthesiseStageSettings,
    input_path: Path,
    output: Path,
    count: int | None = None,
) -> SynthesiseResult:
    """Learn ``input_path`` (anonymised first), generate ``count`` records, validate, write."""
    started = datetime.now(UTC)
    settings = synthesise_settings(config)
    count = count or settings.count
    check_output_path(input_path, output)
    info = describe_input(input_path, config.privacy.input)
    connection = connect(config.generate)
    model = connection.model
    guard = Guard(config.privacy.gate, RunValues() if config.generate.anonymise else None)
    frame, anonymisation = load_anonymised(
        config.privacy, input_path, info.rows, config.generate.anonymise, guard=guard
    )
    original = frame.select(synthesised_columns(frame, settings))
    prof = profile(original, settings)
    reply_model = record_model(prof, settings.text_headroom)
    schema = reply_model.model_json_schema()
    generate = config.generate
    items = synthesis_items(
        prof, count, model.name, settings.seed, options=generate.options.as_options(), schema=schema
    )
    requests = RequestRunner(connection, output, guard)
    try:
        outcomes = requests.run("synthesise", items, model.name, generate, reply_model=reply_model)
    finally:
        requests.close()
    synthetic, records = _assemble(prof, original.schema, reply_model, items, outcomes)
    made = [i for i in items if outcomes[i.key].payload is not None]
    synthetic = guard.records(synthetic, made)  # the gate, before anything is written
    validation = validate(original, synthetic.drop(GEN_GATE), pii_scanner(config.privacy), settings)
    failures = [outcomes[i.key].error for i in items if outcomes[i.key].error]
    manifest = SynthesiseManifest(
        input=input_block(info),
        anonymisation=anonymisation,
        profile=prof.public(),
        generation=generation_block(
            generate,
            connection,
            requests.hosts,
            (SYNTH_TEMPLATE_VERSION, SYNTH_TEMPLATE_SHA256),
            record_schema=schema,
        ),
        synthesise=settings.model_dump(mode="json"),
        adherence=adherence(prof, targets(prof, count, settings.seed), records),
        counts=SynthesisCounts(
            source_rows=original.height,
            requested=count,
            generated=synthetic.height,
            failed=len(failures),
            resumed=requests.resumed,
            prompt_tokens=sum(outcomes[i.key].prompt_tokens for i in items),
            completion_tokens=sum(outcomes[i.key].completion_tokens for i in items),
        ),
        gate=guard.block(),
        versions=versions(config.privacy.detect),
        started_at=started.isoformat(),
        finished_at=datetime.now(UTC).isoformat(),
    ).to_json()
    with ParquetSink(output) as sink:
        sink.write(synthetic)
        sink.commit(
            {MANIFEST_KEY: manifest, VALIDATION_KEY: validation.model_dump(mode="json")},
            empty_schema=synthetic.schema,
        )
    requests.finish()
    errors: Counter[str] = Counter(
        outcomes[i.key].reason or str(outcomes[i.key].error) for i in items if outcomes[i.key].error
    )
    return SynthesiseResult(
        output=output,
        requested=count,
        generated=synthetic.height,
        failed=len(failures),
        resumed=requests.resumed,
        connection=connection,
        validation=validation,
        manifest=manifest,
        errors=dict(errors),
    )


def _assemble(
    profile: Profile,
    schema: pl.Schema,
    model: type[BaseModel],
    items: Sequence[WorkItem],
    outcomes: Mapping[str, Outcome],
) -> tuple[pl.DataFrame, list[dict[str, Any] | None]]:
    """The synthetic frame (failed records left out) and each item's record as JSON, or None."""
    names = column_names(model)
    records: list[dict[str, Any] | None] = []
    rows: list[dict[str, Any]] = []
    for item in items:
        payload = outcomes[item.key].payload
        if payload is None:
            records.append(None)
            continue
        parsed = model.model_validate(payload)
        records.append({names[k]: v for k, v in parsed.model_dump(mode="json").items()})
        rows.append({names[k]: v for k, v in parsed.model_dump().items()})
    data: dict[str, pl.Series] = {}
    for column in profile.columns:
        dtype = schema[column.name]
        if column.kind == "identifier":
            data[column.name] = _fresh_ids(column, dtype, len(rows))
            continue
        values = [r.get(column.name) for r in rows]
        if is_text_dtype(dtype):
            series = pl.Series(column.name, values, dtype=pl.String)
        elif isinstance(dtype, pl.Datetime):
            naive = [_naive_utc(v) if isinstance(v, datetime) else v for v in values]
            series = pl.Series(column.name, naive, dtype=pl.Datetime("us"))
        else:
            series = pl.Series(column.name, values, dtype=dtype, strict=False)
        data[column.name] = series.cast(dtype)
    return pl.DataFrame(data, schema=schema), records


def _naive_utc(moment: datetime) -> datetime:
    """Date-times are kept as naive UTC until cast to the column's own zone."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _fresh_ids(column: ColumnProfile, dtype: pl.DataType, n: int) -> pl.Series:
    """Identifiers no original row has: past the original's largest, or ``syn-000001``."""
    if dtype.is_integer():
        start = int(column.maximum) + 1 if column.maximum is not None else 1
        return pl.Series(column.name, range(start, start + n), dtype=pl.Int64).cast(dtype)
    return pl.Series(column.name, [f"syn-{i + 1:06d}" for i in range(n)], dtype=pl.String).cast(
        dtype
    )


def run_validate(
    config: SynthesiseStageSettings, original_path: Path, synthetic_path: Path
) -> Validation:
    """``persona synthesise validate``: check a synthetic file against its original.

    The original is anonymised as the synthesise job did (unless it already carries the
    ``pii_*`` audit of an anonymised file, or the job turns anonymisation off), so both see the
    same text.
    """
    settings = synthesise_settings(config)
    info = describe_input(original_path, config.privacy.input)
    first = next(iter_batches(original_path, config.privacy.input, 1), None)
    if first is not None and "pii_entities" in first.columns:
        original = pl.concat(
            list(
                iter_batches(
                    original_path, config.privacy.input, config.privacy.anonymise.batch_rows
                )
            ),
            how="vertical_relaxed",
        )
    else:
        original, _ = load_anonymised(
            config.privacy, original_path, info.rows, config.generate.anonymise
        )
    synthetic = read_parquet(synthetic_path)
    return validate(
        original.select(synthesised_columns(original, settings)),
        synthetic,
        pii_scanner(config.privacy),
        settings,
    )
