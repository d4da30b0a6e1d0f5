"""Nights side by side: each run's figures, the last runs of a job, and small trend plots.

The manifests stay the source: a run's ``summary`` block (written by :mod:`persona_batch.jobs.run`
from the frames the report reads) holds the figures; for a manifest written before that block
existed, what can be worked out from its counts and timestamps is. The plots are a few lines
of inline SVG each, drawn here (no matplotlib for a sparkline), so a page stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import polars as pl
from pydantic import BaseModel

from persona_batch.core.manifest import RunManifest, RunSummaryBlock
from persona_batch.jobs.report.formatting import count, day, duration, number, seconds_between

TREND_RUNS = 14
"""How many runs of a job a night's report plots (itself included)."""


class RunSummary(BaseModel):
    """One dated run as the index and the trends show it."""

    date: str
    status: str
    personas: int = 0
    failed: int = 0
    mean_quality: float | None = None
    pii_found: int | None = None
    tokens_per_second: float | None = None
    duration_seconds: float | None = None
    attempt: int = 1
    """1 for a date's first run; 2 and more for reruns of the same date."""
    resumed: bool = False
    """Some stage was taken over from an earlier, unfinished run of the date."""
    started_at: str | None = None
    finished_at: str | None = None

    @property
    def kind(self) -> str:
        """What the run was, in words: "partial", "failed", "rerun", "rerun, partial"..."""
        parts = []
        if self.attempt > 1 or self.resumed:
            parts.append(f"rerun (attempt {self.attempt})" if self.attempt > 1 else "resumed")
        parts.append(self.status)
        return ", ".join(parts)


def figures(anonymised: pl.DataFrame, personas: pl.DataFrame) -> RunSummaryBlock:
    """A run's figures from its frames: the manifest's ``summary`` block (without duration)."""
    made = (
        personas.filter(pl.col("gen_error").is_null())
        if "gen_error" in personas.columns
        else personas
    )
    scores = (
        made.get_column("quality_score").drop_nulls()
        if "quality_score" in made.columns
        else pl.Series([], dtype=pl.Float64)
    )
    mean = scores.mean() if scores.len() else None
    tokens = (
        int(made.get_column("completion_tokens").sum())
        if "completion_tokens" in made.columns
        else 0
    )
    request_s = (
        float(made.get_column("latency_ms").sum()) / 1000 if "latency_ms" in made.columns else 0.0
    )
    pii = int(anonymised.get_column("pii_count").sum()) if "pii_count" in anonymised.columns else 0
    return RunSummaryBlock(
        mean_quality=round(float(mean), 2) if isinstance(mean, int | float) else None,
        pii_found=pii,
        completion_tokens=tokens,
        request_seconds=round(request_s, 3),
        tokens_per_second=round(tokens / request_s, 2) if request_s else None,
    )


def summary_of(manifest: RunManifest) -> RunSummary:
    """A run's :class:`RunSummary` from its manifest (a night's written before the ``summary``
    block existed: what its counts and timestamps give)."""
    counts = manifest.counts
    block = manifest.summary or RunSummaryBlock()
    resumed = any(any(i.resumed.values()) for i in manifest.inputs)
    elapsed = block.duration_seconds
    if elapsed is None:
        elapsed = seconds_between(manifest.started_at, manifest.finished_at)
    return RunSummary(
        date=manifest.date,
        status=manifest.status,
        personas=counts.personas or 0,
        failed=counts.failed,
        mean_quality=block.mean_quality,
        pii_found=block.pii_found,
        tokens_per_second=block.tokens_per_second,
        duration_seconds=elapsed,
        attempt=manifest.attempt,
        resumed=resumed,
        started_at=manifest.started_at,
        finished_at=manifest.finished_at,
    )


def history(
    manifests: Sequence[RunManifest], job: str, current: RunManifest | None = None
) -> list[RunSummary]:
    """The runs of ``job`` among ``manifests`` in date order, ``current`` in place of its date's
    manifest (the run being written); with ``current``, none after its date."""
    runs = {m.date: m for m in manifests if m.job == job and m.date}
    if current is not None:
        runs[current.date] = current
        runs = {d: m for d, m in runs.items() if d <= current.date}
    return [summary_of(runs[d]) for d in sorted(runs)]


class Trend(BaseModel):
    """One small plot: a figure over the last runs."""

    id: str
    title: str
    latest: str
    svg: str


_SERIES: tuple[tuple[str, str, str], ...] = (
    ("personas", "personas made", "count"),
    ("failed", "failed", "count"),
    ("mean_quality", "mean quality", "number"),
    ("pii_found", "PII found", "count"),
    ("tokens_per_second", "tokens per second", "number"),
    ("duration_seconds", "duration", "duration"),
)


def _shown(value: float | None, unit: str) -> str:
    if unit == "duration":
        return duration(value)
    if unit == "count":
        return count(value)
    return number(value)


def trends(runs: Sequence[RunSummary], limit: int = TREND_RUNS) -> list[Trend]:
    """The six trend plots of the last ``limit`` runs."""
    last = list(runs)[-limit:]
    plots = []
    for key, title, unit in _SERIES:
        values: list[float | None] = [getattr(r, key) for r in last]
        labels = [
            f"{day(r.date)} ({r.kind}): {_shown(v, unit)}"
            for r, v in zip(last, values, strict=True)
        ]
        plots.append(
            Trend(
                id=f"trend-{key.removesuffix('_seconds').replace('_', '-')}",
                title=title,
                latest=_shown(values[-1], unit) if values else "-",
                svg=sparkline(values, labels, [r.date for r in last]),
            )
        )
    return plots


def sparkline(
    values: Sequence[float | None],
    labels: Sequence[str],
    dates: Sequence[str],
    width: int = 240,
    height: int = 64,
) -> str:
    """A line of ``values`` (a gap where one is ``None``) with a dot and a tooltip per run, and
    the first and last dates under it."""
    pad, bottom = 6, 16
    known = [v for v in values if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        y = height - bottom - (v - low) / span * (height - bottom - 2 * pad) - pad
        return round(pad + i * step, 1), round(y, 1)

    lines: list[list[str]] = []
    current: list[str] = []
    dots: list[str] = []
    for i, v in enumerate(values):
        if v is None:
            if current:
                lines.append(current)
            current = []
            continue
        x, y = point(i, v)
        current.append(f"{x},{y}")
        dots.append(
            f'<circle cx="{x}" cy="{y}" r="3" fill="#3f6fd8"><title>{escape(labels[i])}</title></circle>'
        )
    if current:
        lines.append(current)
    paths = "".join(
        f'<polyline fill="none" stroke="#3f6fd8" stroke-width="1.5" points="{" ".join(p)}"/>'
        for p in lines
    )
    axis = (
        f'<text x="{pad}" y="{height - 3}" font-size="10" fill="#5b6475">{escape(dates[0])}</text>'
        f'<text x="{width - pad}" y="{height - 3}" font-size="10" fill="#5b6475" '
        f'text-anchor="end">{escape(dates[-1])}</text>'
        if dates
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" data-dates="{escape(" ".join(dates))}">'
        f"{paths}{''.join(dots)}{axis}</svg>"
    )
