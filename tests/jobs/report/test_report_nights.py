"""Two nightly runs side by side (the done-when of the report issue): the second night's report
shows every persona of its run by name and a trend reaching back to the first night; the job
folder's index.html lists both; no raw input value is on either page (values planted in the
input); a rerun shows as one; a persona the output check redacted is withheld, not shown."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from persona_batch.core.config import load_config
from persona_batch.core.io import read_json
from persona_batch.jobs.report.gallery import anchor
from persona_batch.jobs.run import build_report, run_job
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import SAMPLE_CSV

pytestmark = pytest.mark.slow
FIRST, SECOND = date(2026, 11, 21), date(2026, 11, 22)
PLANTED = {
    "participant": "Quillon Brackenridge",
    "email": "quillon.brackenridge@example.net",
    "phone": "+44 7700 900123",
}
PII_COLUMNS = ("participant", "email", "phone", "card_number", "iban", "ip_address")


def _input(tmp: Path) -> Path:
    """40 sample rows, the first six of them carrying the planted values, also in their notes."""
    frame = pl.read_csv(SAMPLE_CSV).head(40)
    planted = pl.int_range(pl.len()) < 6
    frame = frame.with_columns(
        *(
            pl.when(planted).then(pl.lit(v)).otherwise(pl.col(c)).alias(c)
            for c, v in PLANTED.items()
        ),
        pl.when(planted)
        .then(
            pl.lit(
                f"{PLANTED['participant']} asked us to call {PLANTED['phone']} or write to "
                f"{PLANTED['email']}. "
            )
            + pl.col("interview_notes")
        )
        .otherwise(pl.col("interview_notes"))
        .alias("interview_notes"),
    )
    source = tmp / "research.csv"
    frame.write_csv(source)
    return source


def _job(tmp: Path, extra: str = "") -> Path:
    job = tmp / "nightly.toml"
    job.write_text(
        f'[job]\nname = "nightly"\ninputs = ["{_input(tmp)}"]\noutput_dir = "{tmp / "out"}"\n'
        '[anonymise]\nstrategy = "replace"\nworkers = 1\n'
        '[generate]\nid_column = "respondent_id"\ngroup_by = "segment"\nper_group = 3\n'
        f"backoff_seconds = 0.01\nmax_attempts = 1\n{extra}"
    )
    return job


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Night one fails a request (partial), is rerun (success, attempt 2); night two succeeds."""
    tmp = tmp_path_factory.mktemp("nights")
    config = load_config(_job(tmp))
    with FakeOllama(models=["qwen2.5:7b"], fault_schedule={0: "fail_503"}) as srv:
        assert run_job(config.with_hosts(srv.url), FIRST).status == "partial"
        srv.fault_schedule = {}
        assert run_job(config.with_hosts(srv.url), FIRST).status == "success"
        assert run_job(config.with_hosts(srv.url), SECOND).status == "success"
    return tmp / "out"


def _secrets(out: Path) -> list[str]:
    source = pl.read_csv(out.parent / "research.csv")
    values = [str(v) for c in PII_COLUMNS for v in source[c].drop_nulls().to_list()]
    return [*PLANTED.values(), *values]


def test_the_second_report_shows_every_persona_by_name_and_a_trend_back_to_the_first(
    nights: Path,
) -> None:
    folder = nights / SECOND.isoformat()
    html = (folder / "report.html").read_text()
    made = pl.read_parquet(folder / "research.personas.parquet").filter(
        pl.col("gen_error").is_null()
    )
    assert made.height == 15
    for pid, name in made.select("persona_id", "name").iter_rows():
        card = re.search(rf'<article class="persona" id="{anchor(pid)}".*?</article>', html, re.S)
        assert card is not None, pid
        assert f">{name}</a></h3>" in card.group()
    trends = html[html.index('id="trends"') :]
    for chart in (
        "personas",
        "failed",
        "mean-quality",
        "pii-found",
        "tokens-per-second",
        "duration",
    ):
        figure = trends[trends.index(f'id="trend-{chart}"') :]
        svg = figure[: figure.index("</svg>")]
        assert 'data-dates="2026-11-21 2026-11-22"' in svg, chart
    assert "21 Nov 2026 (rerun (attempt 2), success)" in trends
    manifest = read_json(folder / "manifest.json")
    assert manifest["attempt"] == 1 and manifest["summary"]["pii_found"] > 0
    assert manifest["summary"]["mean_quality"] is not None


def test_the_index_lists_both_runs_and_the_rerun_as_one(nights: Path) -> None:
    index = (nights / "index.html").read_text()
    rows = re.findall(r'<tr data-date="([\d-]+)">(.*?)</tr>', index, re.S)
    assert [d for d, _ in rows] == ["2026-11-22", "2026-11-21"]
    assert "rerun (attempt 2), success" in rows[1][1] and ">success<" in rows[0][1]
    assert 'href="2026-11-21/report.html"' in index
    first = read_json(nights / FIRST.isoformat() / "manifest.json")
    assert first["attempt"] == 2


def test_no_raw_input_value_on_either_page(nights: Path) -> None:
    secrets = _secrets(nights)
    pages = [
        nights / "index.html",
        *(nights / d.isoformat() / "report.html" for d in (FIRST, SECOND)),
    ]
    for page in pages:
        text = page.read_text()
        assert not [s for s in secrets if s in text], page


def test_rebuilding_a_report_rebuilds_the_index(nights: Path) -> None:
    (nights / "index.html").unlink()
    before = (nights / SECOND.isoformat() / "report.html").read_text()
    build_report(nights / SECOND.isoformat())
    assert "2026-11-21" in (nights / "index.html").read_text()
    after = (nights / SECOND.isoformat() / "report.html").read_text()
    gallery = re.compile(r'<section id="gallery">.*?</section>', re.S)  # the same personas
    assert gallery.findall(after) == gallery.findall(before) != []


LEAK = {
    "name": "Dana Whitcombe",
    "age": 41,
    "occupation": "Night nurse",
    "location": "Leeds",
    "background": "Works nights on a busy ward.",
    "goals": ["Sleep after shifts"],
    "frustrations": ["Rotas change late"],
    "behaviours": ["Plans the week on Sunday"],
    "quote": "Text me on 415-555-0143 any time",
    "evidence": [],
}


def test_a_persona_the_output_check_redacted_is_withheld_in_the_report(tmp_path: Path) -> None:
    def responder(body: dict[str, Any]) -> str | None:
        prompt = json.dumps(body.get("messages", []))
        return json.dumps(LEAK) if "segment = Admin" in prompt else None

    config = load_config(_job(tmp_path, '[gate]\non_residual = "redact"\n'))
    with FakeOllama(models=["qwen2.5:7b"], responder=responder) as srv:
        folder = run_job(config.with_hosts(srv.url), SECOND).folder
    html = (folder / "report.html").read_text()
    for k in (1, 2, 3):
        card = re.search(rf'id="persona-Admin-{k}".*?</article>', html, re.S)
        assert card is not None
        assert "Withheld: the output PII check found phone in quote" in card.group()
    assert "Dana Whitcombe" not in html and "415-555-0143" not in html and "Text me" not in html
    assert html.count('class="persona"') == 15
