"""The report's pages (persona_batch.jobs.report.page): a run's page shows every persona and how
they were made, the job's index lists every run, and the gate reads the gallery's persona text
as persona text and the run dates as trusted."""

from __future__ import annotations

import re

import polars as pl
import pytest

from persona_batch.core.config import GateSettings
from persona_batch.core.errors import GateError
from persona_batch.jobs.report import page as report
from persona_batch.jobs.report.trends import history
from persona_batch.privacy.guard import Guard

from .frames import manifest, personas

FAIL = GateSettings()


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


def test_index_lists_every_run_newest_first() -> None:
    runs = history([manifest("2026-11-30"), manifest("2026-12-01", attempt=2)], "nightly")
    html = report.render_index("nightly", runs)
    rows = re.findall(r'<tr data-date="([\d-]+)">', html)
    assert rows == ["2026-12-01", "2026-11-30"]
    assert 'href="2026-11-30/report.html"' in html and "rerun (attempt 2)" in html


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
