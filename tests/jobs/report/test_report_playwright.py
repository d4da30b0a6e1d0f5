"""The persona gallery in a real browser: Playwright for Python driving Debian's chromium (its
``executable_path``; no browser is downloaded). A report of 15 personas from two nightly runs:
the cards are there, the filters hide what they should, a card's anchor opens it, nothing is
fetched from the network, and screenshots at 1280 and 390 px are not blank and do not scroll
sideways. ``UPDATE_EXAMPLES=1`` writes the screenshots to data/examples/ (the README links them).

CI installs chromium (`make setup-browser`) and the dev extra (Playwright); elsewhere the test is
skipped when either is missing."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib.image
import pytest

from persona_batch.core.config import load_config
from persona_batch.jobs.run import run_job
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import DATA

from .browser import CHROMIUM, require_chromium
from .test_report_nights import _job

pytestmark = pytest.mark.slow
EXAMPLES = DATA / "examples"

_FIRST = ["Priya", "Tomasz", "Ines", "Kwame", "Harriet", "Mateo", "Yuki", "Sunniva", "Oskar"]
_LAST = ["Okonkwo", "Albright", "Varga", "Lindqvist", "Moreau", "Castellano", "Brandt", "Ferreira"]
_JOBS = ["Finance controller", "Customer success lead", "Clinic manager", "Data analyst",
         "Operations coordinator", "Product designer", "Freelance bookkeeper"]  # fmt: skip
_PLACES = ["Aarhus", "Porto", "Tampere", "Ghent", "Graz", "Bergen", "Lucerne", "Bologna"]
_GOALS = ["Close the month in two days", "Share one dashboard with the whole team",
          "Onboard new colleagues without a call", "Export clean data for the auditors",
          "Spend less time renaming columns"]  # fmt: skip
_FRUSTRATIONS = ["Search slows down once the workspace grows", "The team plan costs too much for four seats",
                 "PDF export breaks the layout", "Support answers take hours"]  # fmt: skip
_BEHAVIOURS = ["Exports to CSV every Wednesday", "Reads the help centre before asking",
               "Keeps a spreadsheet of workarounds", "Tries new features on a copy first"]  # fmt: skip
_QUOTES = ["If the export just worked I would stop checking it twice.",
           "I want my team to find things without asking me.",
           "Cheaper seats would close the deal for us.", "Fine."]  # fmt: skip


def realistic(body: dict[str, Any]) -> str | None:
    """A plausible, invented persona for each generation prompt (the same prompt, the same one),
    so the screenshots look like a real night; ``None`` (the fake's default) for anything else."""
    if not isinstance(body.get("format"), dict):
        return None
    seed = int(hashlib.sha256(json.dumps(body["messages"]).encode()).hexdigest()[:12], 16)

    def pick(options: list[str], n: int = 1, shift: int = 0) -> list[str]:
        start = (seed >> shift) % len(options)
        return [options[(start + i) % len(options)] for i in range(n)]

    return json.dumps(
        {
            "name": f"{pick(_FIRST)[0]} {pick(_LAST, shift=5)[0]}",
            "age": 24 + seed % 40,
            "occupation": pick(_JOBS, shift=9)[0],
            "location": pick(_PLACES, shift=13)[0],
            "background": "Has used the product for two years and runs the monthly reporting "
            "for a small team; moved from spreadsheets after a failed audit.",
            "goals": pick(_GOALS, 1 + seed % 3, 17),
            "frustrations": pick(_FRUSTRATIONS, 1 + (seed >> 3) % 3, 19),
            "behaviours": pick(_BEHAVIOURS, 1 + (seed >> 4) % 3, 23),
            "quote": pick(_QUOTES, shift=29)[0],
            "evidence": [],
        }
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    tmp = tmp_path_factory.mktemp("gallery")
    config = load_config(_job(tmp))
    with FakeOllama(models=["qwen2.5:7b"], responder=realistic) as srv:
        for night in (date(2026, 11, 21), date(2026, 11, 22)):
            assert run_job(config.with_hosts(srv.url), night).status == "success"
    return tmp / "out" / "2026-11-22" / "report.html"


@pytest.fixture(scope="module")
def browser(report: Path) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must have Playwright: it is in the dev extra (make setup)")
        pytest.skip("Playwright is not installed; `make setup` installs the dev extra")
    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def _visible(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all("article.persona:not([hidden])", "els => els.map(e => e.id)")
    )


def test_cards_filters_and_anchor(browser: Any, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    fetched: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(report.as_uri())
    cards = page.locator("article.persona")
    assert cards.count() == 15
    names = cards.locator("h3").all_inner_texts()
    assert len(set(names)) >= 10 and all(n.strip() for n in names)
    assert len(_visible(page)) == 15 and page.inner_text("#gallery-shown") == "15"

    page.select_option("#filter-group", "Admin")
    shown = _visible(page)
    assert shown == [i for i in page.eval_on_selector_all(
        "article.persona[data-group='Admin']", "els => els.map(e => e.id)")]  # fmt: skip
    assert len(shown) == 3 and page.inner_text("#gallery-shown") == "3"
    assert page.locator("#persona-Churned-1").is_hidden()

    page.select_option("#filter-group", "")
    levels = page.eval_on_selector_all("article.persona", "els => els.map(e => e.dataset.level)")
    level = min(set(levels), key=levels.count)  # the rarest level: the filter hides the rest
    page.select_option("#filter-level", level)
    assert len(_visible(page)) == levels.count(level) < 15
    assert all(page.locator(f"#{i}").get_attribute("data-level") == level for i in _visible(page))
    page.select_option("#filter-level", "")
    assert len(_visible(page)) == 15

    page.goto(report.as_uri() + "#persona-Power-user-2")
    target = page.evaluate("document.querySelector(':target').id")
    assert target == "persona-Power-user-2"
    box = page.locator("#persona-Power-user-2").bounding_box()
    assert box is not None and -5 <= box["y"] < 900  # scrolled to it (sub-pixel above 0)
    assert page.evaluate("window.scrollY") > 0
    assert all(url.startswith("file://") for url in fetched), fetched
    assert not errors
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_are_not_blank_and_fit_the_width(
    browser: Any, report: Path, tmp_path: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(report.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    folder = EXAMPLES if os.environ.get("UPDATE_EXAMPLES") else tmp_path
    shot = folder / f"report-gallery-{width}.png"
    page.locator("#gallery").scroll_into_view_if_needed()
    page.screenshot(path=str(shot), clip=_clip(page, width), full_page=True)
    page.close()
    pixels = matplotlib.image.imread(shot)[..., :3]
    ink = (pixels.mean(axis=2) < 0.9).mean()
    assert ink > 0.02, f"only {ink:.2%} of the screenshot is not white"
    assert pixels.std() > 0.05


def _clip(page: Any, width: int) -> dict[str, float]:
    """The top of the page down through the first cards of the gallery."""
    top = page.evaluate("document.getElementById('gallery').getBoundingClientRect().top + scrollY")
    return {"x": 0, "y": 0, "width": width, "height": top + (1100 if width > 600 else 1500)}
