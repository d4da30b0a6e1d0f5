"""The anonymise job, wired stage to stage: load, plan, anonymise, gate, verify, write.

Two lines of defence stand between the input and the published file: detection with its sampled
verification (the first line checking its own work), and the gate (:mod:`persona_batch.privacy.guard`),
which checks every string cell of every batch with means of its own before it is written.

These functions hold the job's logic; the CLI only parses flags and prints what they return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from persona_batch import __version__
from persona_batch.core.config import DetectSettings, InputSettings, PrivacySettings, Strategy
from persona_batch.core.errors import ConfigError
from persona_batch.core.io import (
    MANIFEST_KEY,
    InputInfo,
    ParquetSink,
    check_output_path,
    describe_input,
    iter_batches,
)
from persona_batch.core.manifest import (
    AnonymiseManifest,
    GateBlock,
    InputBlock,
    MergedGateBlock,
    VerificationBlock,
)
from persona_batch.privacy import engine
from persona_batch.privacy.cells import text_at
from persona_batch.privacy.guard import Guard, RunValues
from persona_batch.privacy.plan import ColumnPlan
from persona_batch.privacy.strategies import Replacer
from persona_batch.privacy.stream import (
    VerifiedStream,
    engine_manifest,
    hash_key,
    prepare_anonymiser,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

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
    """The file's manifest, as written (:class:`AnonymiseManifest`'s JSON)."""
    gate_seconds: float = 0.0
    """Time the gate took (not in the manifest: a rerun reproduces the manifest)."""

    @property
    def gate(self) -> GateBlock | MergedGateBlock | None:
        """The manifest's ``gate`` block, typed; None when it has none."""
        return AnonymiseManifest.model_validate(self.manifest).gate


def versions(detect: DetectSettings) -> dict[str, str]:
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
        "spacy_model": _model_version(detect.spacy_model),
    }


def run_anonymise(
    config: PrivacySettings, input_path: Path, output: Path, info: InputInfo | None = None
) -> AnonymiseResult:
    """Anonymise ``input_path`` into ``output`` (Parquet, atomically), verifying before publishing.

    Detection runs on ``config.engine``: loky processes here, or a Dask cluster. ``info``: the
    input's :func:`describe_input`, when the caller has it already (it reads the whole file).
    """
    with engine.use(config.engine):
        return _run_anonymise(config, input_path, output, info)


def _run_anonymise(
    config: PrivacySettings, input_path: Path, output: Path, info: InputInfo | None
) -> AnonymiseResult:
    started = datetime.now(UTC)
    check_output_path(input_path, output)
    info = info or describe_input(input_path, config.input)
    settings = config.anonymise
    stage = prepare_anonymiser(config, input_path)
    guard = Guard(config.gate)
    consequence = f"{output} was not written"
    stream = VerifiedStream(
        stage,
        guard,
        "at_end",
        lambda first, height: f"rows {first + 1} to {first + height} of {output.name}",
        lambda frame, first: range(first, first + frame.height),
        gate_consequence=consequence,
        verify_consequence=consequence,
    )
    batches = iter_batches(input_path, config.input, settings.batch_rows)
    with ParquetSink(output) as sink:
        for anonymised in stream(batches, "anonymise", info.rows):
            sink.write(anonymised)
        residual = stream.residual
        manifest = AnonymiseManifest(
            input=input_block(info),
            rows=sink.rows,
            strategy=str(settings.strategy),
            column_plan=[p.model_dump(mode="json") for p in stage.plan],
            versions=versions(config.detect),
            detect=config.detect.model_dump(mode="json"),
            engine=engine_manifest(config),
            verification=VerificationBlock(
                cells_checked=stream.cells_checked,
                residual=residual,
                entities=list(settings.verify.entities),
            ),
            gate=guard.block(),
            started_at=started.isoformat(),
            finished_at=datetime.now(UTC).isoformat(),
        ).to_json()
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
    config: PrivacySettings, input_path: Path, anonymised: Path, values: RunValues | None = None
) -> RunValues:
    """What detection found in ``input_path`` and what replaced it, from the anonymised file
    made from it (its ``pii_entities`` give each finding's place in the input): remembered in
    ``values`` as keyed hashes, batch by batch. No detection runs; ``replace`` fakes are derived
    again from their originals, as the anonymiser derived them."""
    values = values or RunValues()
    replacer = Replacer(hash_key(config.anonymise), config.anonymise.mask_keep_last)
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


def input_block(info: InputInfo) -> InputBlock:
    """The manifest's ``input`` block: the file a stage read."""
    return InputBlock(
        path=str(info.path),
        format=info.format,
        sha256=info.sha256,
        size_bytes=info.size_bytes,
        rows=info.rows,
    )


def _model_version(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name


def validate_strategy(value: str | None) -> Strategy | None:
    if value is None:
        return None
    try:
        return Strategy(value)
    except ValueError:
        options = ", ".join(s.value for s in Strategy)
        raise ConfigError(f"--strategy {value!r} is not one of {options}") from None
