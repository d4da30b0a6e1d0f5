"""The privacy scan: what the anonymise job would change, per column and entity type.

It runs the job's stream (:class:`~persona_batch.privacy.stream.VerifiedStream`: detection and
propagation, no gate, no verification) and keeps only the audit, with masked examples; nothing
is written.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from persona_batch.core.config import PrivacySettings, Strategy
from persona_batch.core.errors import InputError
from persona_batch.core.io import describe_input, iter_batches
from persona_batch.core.models import FrozenModel
from persona_batch.privacy import engine
from persona_batch.privacy.anonymise import Anonymiser
from persona_batch.privacy.cells import path_column, text_at
from persona_batch.privacy.plan import build_plan
from persona_batch.privacy.strategies import Replacer, preview_mask
from persona_batch.privacy.stream import VerifiedStream

__all__ = ["ScanColumn", "ScanFinding", "ScanReport", "run_scan"]


@dataclass
class ScanColumn:
    """What a privacy scan found in one column, for one entity type."""

    column: str
    entity_type: str
    cells: int
    findings: int
    examples: list[str]


class ScanFinding(FrozenModel):
    """One column and entity type of a :class:`ScanReport`, in the JSON's keys and order."""

    column: str
    entity_type: str
    cells: int
    """Cells with at least one finding."""
    count: int
    """Findings in all."""
    examples: list[str]
    """Masked examples (never a value)."""


class ScanReport(FrozenModel):
    """A privacy scan as ``persona privacy scan --format json`` prints it."""

    rows_scanned: int
    findings: list[ScanFinding]

    @classmethod
    def of(cls, scanned: int, report: Sequence[ScanColumn]) -> ScanReport:
        """The report of :func:`run_scan`'s result: ``scanned`` rows, ``report``'s columns."""
        return cls(
            rows_scanned=scanned,
            findings=[
                ScanFinding(
                    column=r.column,
                    entity_type=r.entity_type,
                    cells=r.cells,
                    count=r.findings,
                    examples=r.examples,
                )
                for r in report
            ],
        )


def run_scan(
    config: PrivacySettings, input_path: Path, rows: int | None = None, examples: int = 3
) -> tuple[int, list[ScanColumn]]:
    """What the anonymise job would change, per column and entity type, with masked examples.

    It runs the same stage as the job (detection and propagation) and discards the output:
    nothing is written. Detection runs on ``config.engine``.
    """
    with engine.use(config.engine):
        return _run_scan(config, input_path, rows, examples)


def _limited(batches: Iterator[pl.DataFrame], rows: int | None) -> Iterator[pl.DataFrame]:
    """The batches, cut at ``rows`` rows in all."""
    seen = 0
    for batch in batches:
        if rows is not None:
            batch = batch.head(rows - seen)
        seen += batch.height
        yield batch
        if rows is not None and seen >= rows:
            return


def _run_scan(
    config: PrivacySettings, input_path: Path, rows: int | None, examples: int
) -> tuple[int, list[ScanColumn]]:
    settings = config.anonymise
    workers = engine.worker_count(settings, config.engine)
    batch_rows = min(settings.batch_rows, rows) if rows else settings.batch_rows
    total = rows or describe_input(input_path, config.input).rows
    batches = _limited(iter_batches(input_path, config.input, batch_rows), rows)
    first = next(batches, None)
    if first is None:
        raise InputError(f"{input_path}: the file has a header but no rows; nothing to scan")
    planned = build_plan(
        first.head(settings.sample_rows), settings, config.detect, str(input_path), workers
    )
    plan = [
        p.model_copy(update={"strategy": Strategy.REDACT}) if p.strategy else p for p in planned
    ]
    stage = Anonymiser(plan, settings, config.detect, Replacer(None), workers)
    stream = VerifiedStream(
        stage, None, "never", lambda first, height: "", lambda frame, first: range(frame.height)
    )
    current: list[pl.DataFrame] = []

    def fed() -> Iterator[pl.DataFrame]:
        for batch in itertools.chain([first], batches):
            current[:] = [batch]
            yield batch

    scanned = 0
    cells: Counter[tuple[str, str]] = Counter()
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], list[str]] = {}
    for anonymised in stream(fed(), "scan", total):
        batch = current[0]
        for row, entries in enumerate(anonymised.get_column("pii_entities").to_list()):
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
