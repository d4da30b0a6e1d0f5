"""The report's gallery, trends, index and figures (report_gallery, report_trends, report_format),
on real Polars frames; and the gate reading the gallery's persona text as persona text."""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import pytest

from persona_batch.core.config import GateSettings
from persona_batch.core.errors import GateError
from persona_batch.core.manifest import RunManifest
from persona_batch.jobs.report import page as report
from persona_batch.jobs.report.formatting import count, day, duration, number, seconds_between, when
from persona_batch.jobs.report.gallery import (
    anchor,
    cards,
    group_of,
    levels_present,
    plain_flag,
    withheld_reason,
)
from persona_batch.jobs.report.trends import (
    RunSummary,
    figures,
    history,
    sparkline,
    summary_of,
    trends,
)
from persona_batch.privacy.guard import GEN_GATE_ENTRY, Guard

FAIL = GateSettings()


def personas(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A personas frame as generate writes it (the columns the report reads)."""
    base = {
        "persona_id": "Admin-1",
        "source_ids": ["1", "2"],
        "name": "Ana Lopez",
        "age": 34,
        "occupation": "Data analyst",
        "location": "Leeds",
        "quote": "I want the export to just work.",
        "goals": ["Ship reports faster"],
        "frustrations": ["Slow search"],
        "behaviours": ["Exports every Monday"],
        "gen_error": None,
        "gen_gate": [],
        "quality_score": 70.0,
        "quality_level": "acceptable",
        "quality_flags": ["thin:quote"],
        "completion_tokens": 200,
        "prompt_tokens": 1000,
        "latency_ms": 2000.0,
    }
    schema = {
        "persona_id": pl.String,
        "source_ids": pl.List(pl.String),
        "name": pl.String,
        "age": pl.Int32,
        "occupation": pl.String,
        "location": pl.String,
        "quote": pl.String,
        "goals": pl.List(pl.String),
        "frustrations": pl.List(pl.String),
        "behaviours": pl.List(pl.String),
        "gen_error": pl.String,
        "gen_gate": pl.List(GEN_GATE_ENTRY),
        "quality_score": pl.Float64,
        "quality_level": pl.String,
        "quality_flags": pl.List(pl.String),
        "completion_tokens": pl.Int32,
        "prompt_tokens": pl.Int32,
        "latency_ms": pl.Float64,
    }
    return pl.DataFrame([base | r for r in rows], schema=schema)


def manifest(day_: str = "2026-12-01", **extra: Any) -> RunManifest:
    return RunManifest.model_validate(
        {
            "job": "nightly",
            "date": day_,
            "status": "success",
            "counts": {"rows": 1234, "personas": 3, "failed": 1},
            "config": {"generate": {"group_by": "segment"}, "score": {"preset": "default"}},
            "inputs": [
                {
                    "personas": "research.personas.parquet",
                    "resumed": {"generate": False},
                    "generation": {
                        "model": "qwen2.5:7b",
                        "model_digest": "643816e6f55a12d3190c92014729efcf",
                        "template_version": "persona-v2",
                        "template_sha256": "f8c9718d90fa1ac76dfd3d13",
                        "options": {"temperature": 0.7, "seed": 42, "num_ctx": 8192},
                    },
                    "judge": {"model": "llama3.1:8b", "model_digest": "abcdef0123456789"},
                    "refine": {"refined": 2, "refine_below": 60.0, "refine_model": "qwen2.5:14b"},
                }
            ],
            "stages_seconds": {"anonymise": 12.5, "generate": 300.0},
            "started_at": f"{day_}T21:51:03.123456+00:00",
            "finished_at": f"{day_}T21:57:33.000001+00:00",
            **extra,
        }
    )


# --- figures ---------------------------------------------------------------------------------


def test_times_durations_and_counts_read_as_people_write_them() -> None:
    assert when("2026-12-01T21:51:03.123456+00:00") == "1 Dec 2026, 21:51 UTC"
    assert when("2026-12-01T23:30:00+02:00") == "1 Dec 2026, 21:30 UTC"
    assert when("2026-12-01T08:05:00") == "1 Dec 2026, 08:05 UTC"
    assert (when(None), when("soon")) == ("-", "soon")
    assert (day("2026-12-01"), day("latest")) == ("1 Dec 2026", "latest")
    assert [duration(s) for s in (0.42, 42, 210, 7500, None, -1)] == [
        "0.4 s",
        "42 s",
        "3.5 min",
        "2 h 05 min",
        "-",
        "-",
    ]
    assert (count(1234567), count(None), number(1234.56), number(None)) == (
        "1,234,567",
        "-",
        "1,234.6",
        "-",
    )
    assert seconds_between("2026-12-01T21:51:00+00:00", "2026-12-01T21:52:30+00:00") == 90
    assert seconds_between(None, "2026-12-01T21:52:30+00:00") is None


# --- the gallery -----------------------------------------------------------------------------


def test_cards_are_sorted_by_quality_with_groups_anchors_and_plain_flags() -> None:
    frame = personas(
        [
            {"persona_id": "Admin-1", "quality_score": 55.0, "quality_level": "poor"},
            {"persona_id": "New customer-2", "name": "Ben Ode", "quality_score": 91.0},
            {"persona_id": "Admin-2", "gen_error": "timeout", "name": None},
        ]
    )
    gallery = cards(frame, "segment")
    assert [c.persona_id for c in gallery] == ["New customer-2", "Admin-1"]  # failed: not shown
    assert gallery[0].group == "New customer" and gallery[0].anchor == "persona-New-customer-2"
    assert gallery[1].flags == ["quote is thin"] and gallery[1].sources == ["1", "2"]
    assert levels_present(gallery) == ["acceptable", "poor"]
    assert cards(frame, None)[0].group is None
    assert cards(pl.DataFrame(), "segment") == []


def test_plain_flags() -> None:
    assert plain_flag("missing:goals") == "no goals"
    assert plain_flag("near_duplicate_of:Admin-1") == "nearly the same as Admin-1"
    assert plain_flag("name_shape") == "the name is not a first name and a surname"
    assert plain_flag("brand_new:thing") == "brand new: thing"


def test_a_persona_the_output_check_found_something_in_is_withheld_with_why_never_the_text() -> (
    None
):
    assert withheld_reason([]) is None
    assert withheld_reason([{"field": "prompt", "family": "phone"}]) is None  # the prompt's
    assert withheld_reason([{"field": "quote", "family": "phone"}]) == (
        "the output PII check found phone in quote"
    )
    assert withheld_reason(None) == "not checked: the output PII check was off for this run"
    frame = personas(
        [
            {
                "persona_id": "Admin-1",
                "quote": "ring <PHONE> now",
                "gen_gate": [{"field": "quote", "family": "phone"}],
            },
            {"persona_id": "Admin-2", "name": "Cleo Park"},
        ]
    )
    html = report.render(manifest(), pl.DataFrame(), frame)
    card = re.search(r'<article class="persona" id="persona-Admin-1".*?</article>', html, re.S)
    assert card is not None
    assert "Withheld: the output PII check found phone in quote" in card.group()
    assert "ring" not in card.group() and "Ana Lopez" not in card.group()
    assert "Cleo Park" in html


def test_group_and_anchor_ids() -> None:
    assert group_of("New customer-3", "segment") == "New customer"
    assert group_of("row-3", None) is None
    assert anchor("a b/c-1") == "persona-a-b-c-1"


def test_the_report_shows_every_persona_and_how_they_were_made() -> None:
    frame = personas(
        [{"persona_id": f"Admin-{i}", "name": f"Person Number{i}"} for i in range(1, 4)]
    )
    html = report.render(manifest(), pl.DataFrame({"pii_count": [1200, 34]}), frame)
    for i in range(1, 4):
        assert f'id="persona-Admin-{i}"' in html and f"Person Number{i}" in html
    assert "1 Dec 2026, 21:51 UTC" in html and "took 6.5 min" in html
    assert "1,234" in html and "1,234" in html  # source rows with a separator
    made = html[html.index('id="made"') :]
    assert "qwen2.5:7b (digest 643816e6f55a)" in made
    assert "persona-v2 (sha256 f8c9718d90fa)" in made
    assert "num_ctx 8,192" in made and "temperature 0.70" in made and "seed 42" in made
    assert "llama3.1:8b" in made and "2 below 60.0 with qwen2.5:14b" in made
    assert 'id="filter-level"' in html and 'id="filter-group"' in html
    assert "<script" in html and "http" not in html.split("<script>")[1].split("</script>")[0]
    assert 'id="trends"' not in html  # no runs given, no trends


# --- trends and the index --------------------------------------------------------------------


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


def test_index_lists_every_run_newest_first() -> None:
    runs = history([manifest("2026-11-30"), manifest("2026-12-01", attempt=2)], "nightly")
    html = report.render_index("nightly", runs)
    rows = re.findall(r'<tr data-date="([\d-]+)">', html)
    assert rows == ["2026-12-01", "2026-11-30"]
    assert 'href="2026-11-30/report.html"' in html and "rerun (attempt 2)" in html


# --- the gate on the pages ---------------------------------------------------------------------


def test_persona_text_is_checked_as_persona_text_and_run_dates_are_trusted() -> None:
    frame = personas([{"quote": "I'm Ana Lopez and I export on Mondays."}])
    m = manifest()
    runs = history([], "nightly", m)
    page = report.render(m, pl.DataFrame(), frame, runs)
    with pytest.raises(GateError, match="context"):  # read as prose, a name after "I'm"
        Guard(FAIL).html(page, report.trusted_texts(runs))
    checked = Guard(FAIL).html(
        page, report.trusted_texts(runs), generated=report.gallery_texts(m, frame)
    )
    assert checked == page
    leaking = personas([{"quote": "call 415-555-0196"}])
    with pytest.raises(GateError, match="phone"):  # generated mode still finds a number
        Guard(FAIL).html(
            report.render(m, pl.DataFrame(), leaking),
            report.trusted_texts(runs),
            generated=report.gallery_texts(m, leaking),
        )
    with pytest.raises(GateError, match="date"):  # a formatted time nobody trusted
        Guard(FAIL).html(report.render(m, pl.DataFrame(), frame, runs), [])
