"""Validation: whether a synthetic set meets its targets, with the figures behind each.

:func:`validate` compares a synthetic set with the (anonymised) original it was learnt from:
schema match, distribution similarity (:mod:`.distributions`), PII findings of the privacy scan,
copies of original rows and diversity (:mod:`.copies`). Its :class:`Validation` is what the
output's metadata carries and what ``persona synthesise validate`` prints; a missed target
makes the exit code :data:`EXIT_SYNTHETIC_TARGETS`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence

import polars as pl

from persona_batch.core.config import SynthesiseSettings
from persona_batch.core.errors import EXIT_OK, EXIT_SYNTHETIC_TARGETS
from persona_batch.core.models import FrozenModel
from persona_batch.privacy.scan import ScanColumn
from persona_batch.synthesise.copies import (
    VERBATIM_MIN_CHARS,
    CopyMatch,
    find_copies,
    pairwise_similarity,
    record_texts,
    verbatim_cells,
)
from persona_batch.synthesise.distributions import ColumnCheck, check_column
from persona_batch.synthesise.profiling import profile

__all__ = ["PiiCount", "Scanner", "TargetRow", "Validation", "validate"]


class TargetRow(FrozenModel):
    """One line of the validation table; ``passed`` is ``None`` for figures without a target."""

    name: str
    value: float
    shown: str
    target: str | None
    passed: bool | None
    detail: str


class PiiCount(FrozenModel):
    """Findings of one entity type in one column of the synthetic set."""

    column: str
    entity_type: str
    cells: int
    findings: int
    counted: bool


class Validation(FrozenModel):
    """Whether a synthetic set meets its targets, with the figures behind each."""

    passed: bool
    rows: tuple[TargetRow, ...]
    columns: tuple[ColumnCheck, ...]
    pii: tuple[PiiCount, ...]
    copies: tuple[CopyMatch, ...]
    """Up to 20, the closest first."""
    original_rows: int
    synthetic_rows: int

    @property
    def exit_code(self) -> int:
        """0 when every target is met, 5 when one is missed."""
        return EXIT_OK if self.passed else EXIT_SYNTHETIC_TARGETS


Scanner = Callable[[pl.DataFrame], Sequence[ScanColumn]]
"""Scans a frame for PII; :func:`job.pii_scanner` gives the privacy scan's."""


def validate(
    original: pl.DataFrame,
    synthetic: pl.DataFrame,
    scan: Scanner,
    settings: SynthesiseSettings | None = None,
) -> Validation:
    """Check ``synthetic`` against the (anonymised) ``original`` it was learnt from.

    - **schema match**: share of the original's columns present with the same dtype;
    - **distribution similarity**: per column, 1 - total variation distance of the category
      shares (nulls are a category) for categorical and boolean columns, 1 - the two-sample
      Kolmogorov-Smirnov statistic for numbers and dates, 1 - KS of the character lengths for
      free text; for those two, the difference in null share counts when it is larger than KS.
      Identifiers are not compared. The figure is the mean over the compared columns;
    - **PII findings**: what ``scan`` finds of ``settings.pii_entities`` (pattern types) in any
      synthetic cell; other types are listed without a target;
    - **copies**: synthetic records whose normalised text (every compared column) equals an
      original row's, or whose word-shingle Jaccard similarity reaches ``near_copy_threshold``;
    - **diversity** (no target): share of distinct records, mean pairwise similarity.
    """
    settings = settings or SynthesiseSettings()
    plain = settings.model_copy(update={"dependencies": False, "examples": 0})
    prof = profile(original, plain)
    columns = list(prof.columns)
    checks = tuple(check_column(c, original, synthetic) for c in columns)
    matched = sum(1 for c in checks if c.synthetic_dtype == c.dtype)
    schema_share = matched / len(checks) if checks else 1.0
    compared = [c for c in checks if c.similarity is not None]
    similarity = (
        statistics.fmean(c.similarity for c in compared if c.similarity is not None)
        if compared
        else 1.0
    )
    targets_ = settings.targets

    pii = _pii_counts(scan(synthetic) if synthetic.height else [], settings)
    counted = sum(p.findings for p in pii if p.counted)
    texts = [c.name for c in columns if c.kind != "identifier"]
    original_records = record_texts(original, texts)
    synthetic_records = record_texts(synthetic, [t for t in texts if t in synthetic.columns])
    copies, closest = find_copies(original_records, synthetic_records, settings)
    verbatim, text_cells = verbatim_cells(
        original, synthetic, [c.name for c in columns if c.kind == "text"]
    )
    distinct = len(set(synthetic_records))
    mean_pair, max_pair, pairs = pairwise_similarity(synthetic_records, settings.shingle_words)

    rows = (
        TargetRow(
            name="schema match",
            value=schema_share,
            shown=f"{schema_share:.0%}",
            target=f"≥ {targets_.schema_match:.0%}",
            passed=schema_share >= targets_.schema_match,
            detail=_schema_detail(checks, matched),
        ),
        TargetRow(
            name="distribution similarity",
            value=similarity,
            shown=f"{similarity:.3f}",
            target=f"≥ {targets_.similarity:.2f}",
            passed=similarity >= targets_.similarity,
            detail=_similarity_detail(compared),
        ),
        TargetRow(
            name="PII findings",
            value=float(counted),
            shown=str(counted),
            target=f"≤ {targets_.pii_findings}",
            passed=counted <= targets_.pii_findings,
            detail=_pii_detail(pii, settings),
        ),
        TargetRow(
            name="copies of original rows",
            value=float(len(copies)),
            shown=str(len(copies)),
            target=f"≤ {targets_.copies}",
            passed=len(copies) <= targets_.copies,
            detail=_copies_detail(copies, closest, settings),
        ),
        TargetRow(
            name="text cells copied verbatim",
            value=float(verbatim),
            shown=str(verbatim),
            target=None,
            passed=None,
            detail=f"of {text_cells} free-text cells ({VERBATIM_MIN_CHARS}+ characters) equal "
            "an original cell: stock answers, or examples the model copied",
        ),
        TargetRow(
            name="distinct records",
            value=distinct / len(synthetic_records) if synthetic_records else 0.0,
            shown=f"{distinct / len(synthetic_records):.0%}" if synthetic_records else "-",
            target=None,
            passed=None,
            detail=f"{distinct} of {len(synthetic_records)} records differ after normalising",
        ),
        TargetRow(
            name="mean pairwise similarity",
            value=mean_pair,
            shown=f"{mean_pair:.3f}",
            target=None,
            passed=None,
            detail=f"Jaccard of word {settings.shingle_words}-shingles over {pairs:,} pairs of "
            f"synthetic records; most alike: {max_pair:.2f}",
        ),
    )
    return Validation(
        passed=all(r.passed for r in rows if r.passed is not None),
        rows=rows,
        columns=checks,
        pii=tuple(pii),
        copies=tuple(sorted(copies, key=lambda c: (-c.similarity, c.synthetic_row))[:20]),
        original_rows=original.height,
        synthetic_rows=synthetic.height,
    )


def _schema_detail(checks: Sequence[ColumnCheck], matched: int) -> str:
    missing = [c.column for c in checks if c.synthetic_dtype is None]
    changed = [
        f"{c.column} ({c.dtype} → {c.synthetic_dtype})"
        for c in checks
        if c.synthetic_dtype is not None and c.synthetic_dtype != c.dtype
    ]
    detail = f"{matched} of {len(checks)} columns with the same dtype"
    if missing:
        detail += f"; missing: {', '.join(missing)}"
    if changed:
        detail += f"; dtype differs: {', '.join(changed)}"
    return detail


def _similarity_detail(compared: Sequence[ColumnCheck]) -> str:
    if not compared:
        return "no column to compare"
    worst = sorted(compared, key=lambda c: (c.similarity or 0.0, c.column))[:3]
    lowest = ", ".join(f"{c.column} {c.similarity:.2f}" for c in worst)
    return f"mean of {len(compared)} columns; lowest: {lowest}"


def _pii_counts(report: Sequence[ScanColumn], settings: SynthesiseSettings) -> list[PiiCount]:
    counted = {e.upper() for e in settings.pii_entities}
    return [
        PiiCount(
            column=r.column,
            entity_type=r.entity_type,
            cells=r.cells,
            findings=r.findings,
            counted=r.entity_type in counted,
        )
        for r in report
    ]


def _pii_detail(pii: Sequence[PiiCount], settings: SynthesiseSettings) -> str:
    hits = [f"{p.entity_type} ×{p.findings} in {p.column}" for p in pii if p.counted]
    others: Counter[str] = Counter()
    for p in pii:
        if not p.counted:
            others[p.entity_type] += p.findings
    detail = "; ".join(hits) if hits else "none"
    detail += f" (counts {', '.join(settings.pii_entities)})"
    if others:
        listed = ", ".join(f"{k} ×{v}" for k, v in sorted(others.items()))
        detail += f"; not counted: {listed}"
    return detail


def _copies_detail(
    copies: Sequence[CopyMatch], closest: float, settings: SynthesiseSettings
) -> str:
    exact = sum(1 for c in copies if c.exact)
    return (
        f"{exact} exact, {len(copies) - exact} near (Jaccard ≥ {settings.near_copy_threshold:g}); "
        f"closest record to an original: {closest:.2f}"
    )
