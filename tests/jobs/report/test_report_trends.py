"""The report's trends (persona_batch.jobs.report.trends): each run's summary, the job's history,
the sparklines and the figures taken from the frames, on real Polars frames."""

from __future__ import annotations

import polars as pl
import pytest

from persona_batch.core.manifest import RunManifest
from persona_batch.jobs.report.trends import (
    RunSummary,
    figures,
    history,
    sparkline,
    summary_of,
    trends,
)

from .frames import manifest, personas


def test_summary_history_and_trends() -> None:
    first = manifest("2026-11-30", summary={"mean_quality": 61.5, "pii_found": 4000})
    second = manifest("2026-12-01", attempt=2, status="partial")
    other = manifest("2026-11-29", job="weekly")
    later = manifest("2026-12-02")
    runs = history([first, other, later, manifest("2026-12-01")], "nightly", second)
    assert [r.date for r in runs] == ["2026-11-30", "2026-12-01"]
    assert runs[1].kind == "rerun (attempt 2), partial" and runs[0].kind == "success"
    assert runs[0].duration_seconds == pytest.approx(389.876545) and runs[0].pii_found == 4000
    assert summary_of(
        RunManifest.model_validate(first.to_json() | {"inputs": [{"resumed": {"generate": True}}]})
    ).kind == ("resumed, success")
    plots = trends(runs)
    assert [t.id for t in plots] == [
        "trend-personas",
        "trend-failed",
        "trend-mean-quality",
        "trend-pii-found",
        "trend-tokens-per-second",
        "trend-duration",
    ]
    assert "2026-11-30" in plots[0].svg and "2026-12-01" in plots[0].svg
    assert plots[3].latest == "-" and "4,000" in plots[3].svg  # unknown tonight, a gap
    many = [RunSummary(date=f"2026-11-{d:02d}", status="success", personas=d) for d in range(1, 21)]
    assert trends(many)[0].svg.count("<circle") == 14


def test_sparkline_breaks_the_line_where_a_value_is_missing() -> None:
    svg = sparkline([1.0, None, 3.0, 4.0], ["a", "b", "c", "d"], ["d1", "d2", "d3", "d4"])
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 3
    assert sparkline([], [], []).startswith("<svg")


def test_figures_from_the_frames() -> None:
    frame = personas([{}, {"gen_error": "x", "quality_score": 0.0}])
    got = figures(pl.DataFrame({"pii_count": [3, 4]}), frame)
    assert got.to_json() == {
        "mean_quality": 70.0,
        "pii_found": 7,
        "completion_tokens": 200,
        "request_seconds": 2.0,
        "tokens_per_second": 100.0,
    }
    assert figures(pl.DataFrame(), pl.DataFrame()).mean_quality is None
