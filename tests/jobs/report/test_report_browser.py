"""The report in a real headless browser (Debian's chromium): it loads, its charts are there,
and its screenshot is not blank. CI installs chromium (`make setup-browser`); elsewhere the test
is skipped when no chromium is installed."""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date
from pathlib import Path

import matplotlib.image
import polars as pl
import pytest

from persona_batch.core.config import load_config
from persona_batch.jobs.run import run_job
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import SAMPLE_CSV

from .browser import CHROMIUM, require_chromium

pytestmark = pytest.mark.slow
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    tmp = tmp_path_factory.mktemp("run")
    source = tmp / "research.csv"
    pl.read_csv(SAMPLE_CSV).head(20).write_csv(source)
    job = tmp / "job.toml"
    job.write_text(
        f'[job]\ninputs = ["{source}"]\noutput_dir = "{tmp / "out"}"\n'
        "[anonymise]\nworkers = 1\n[generate]\nbackoff_seconds = 0.01\n"
    )
    with FakeOllama(models=["qwen2.5:7b"], fault_schedule={0: "fail_503"}) as srv:
        result = run_job(load_config(job).with_hosts(srv.url), date(2026, 11, 22))
    return result.folder / "report.html"


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def test_page_loads_with_its_charts(report: Path) -> None:
    dom = _chromium("--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert "<title>job run · 2026-11-22</title>" in html
    for chart in ("pii", "latency"):
        start = html.index(f'data-chart="{chart}"')
        assert "<svg" in html[start : start + 400]
    assert 'id="failures"' in html and "Uncaught" not in dom.stderr


def test_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    result = _chromium("--window-size=1200,1800", f"--screenshot={shot}", report.as_uri())
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    pixels = matplotlib.image.imread(shot)[..., :3]
    ink = (pixels.mean(axis=2) < 0.9).mean()
    assert ink > 0.02, f"only {ink:.2%} of the page is not white"
    assert pixels.std() > 0.05
