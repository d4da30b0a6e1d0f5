"""Recurrence: a name or place detection found in most of its places in a batch is removed where
it recurs in the batch's other rows; false findings and ordinary words do not spread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.core.config import JobConfig, with_overrides
from persona_batch.privacy.cells import Cells
from persona_batch.privacy.detect import Finding
from persona_batch.privacy.job import run_anonymise
from persona_batch.privacy.recognisers.gazetteer import subdivision_names
from persona_batch.privacy.recurrence import RECURRENCE_SCORE, recur

pytestmark = pytest.mark.slow


def _column(texts: list[str | None]) -> Cells:
    return Cells(texts, list(range(len(texts))), ["notes"] * len(texts), nested=False)


def _at(text: str, value: str, entity: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(value, start + 1)
    return Finding(entity, start, start + len(value), 0.85)


def _recurred(texts: list[str | None], found: dict[int, list[Finding]]) -> list[list[str]]:
    """What recurrence adds to each text, as the strings it covers."""
    cells = {"notes": _column(texts)}
    findings = {"notes": [list(found.get(i, [])) for i in range(len(texts))]}
    before = [set(cell) for cell in findings["notes"]]
    recur(cells, findings)
    added = []
    for i, cell in enumerate(findings["notes"]):
        text = texts[i] or ""
        added.append([text[f.start : f.end] for f in cell if f not in before[i]])
    return added


def test_a_place_caught_in_two_rows_leaves_the_third() -> None:
    texts = [
        "I moved from Rennes to Dijon last month.",
        "La cliente habite à Rennes.",
        "moved to rennes on 14/10/2021, update the address",
    ]
    found = {0: [_at(texts[0], "Rennes", "LOCATION")], 1: [_at(texts[1], "Rennes", "LOCATION")]}
    assert _recurred(texts, found) == [[], [], ["rennes"]]


def test_a_full_name_and_a_first_name_recur_in_any_case() -> None:
    texts = [
        "Met Pasqual Collina at the user meetup.",
        "MET PASQUAL COLLINA AT THE USER MEETUP IN MANILA",
        "notes: pasqual collina wants exports",
        "Tristan Yilmaz called twice",
        "ajoute tristan au board jira stp",
    ]
    found = {
        0: [_at(texts[0], "Pasqual Collina", "PERSON")],
        3: [_at(texts[3], "Tristan", "PERSON")],
    }
    added = _recurred(texts, found)
    assert added == [[], ["PASQUAL COLLINA"], ["pasqual collina"], [], ["tristan"]]


def test_what_detection_mostly_left_is_not_spread() -> None:
    # tagged once, untouched in two other rows: the batch says it is not a name here
    texts = ["Ask Gong about it", "we use gong for sales calls", "gong is our call recorder"]
    assert _recurred(texts, {0: [_at(texts[0], "Gong", "PERSON")]}) == [[], [], []]


@pytest.mark.parametrize(
    ("first", "other", "value"),
    [
        # a false finding that no word list calls a name or place
        ("I'd pay for OFFLINE MODE.", "it needs offline mode", "OFFLINE MODE"),
        ("Lieferadresse: Am Hang 3", "die Lieferadresse fehlt", "Lieferadresse"),
        # an ordinary English word, and a function word
        ("Bath was lovely", "a bath", "Bath"),
        ("Else said no", "or else", "Else"),
    ],
)
def test_false_findings_and_ordinary_words_do_not_spread(
    first: str, other: str, value: str
) -> None:
    entity = "LOCATION" if value == "Bath" else "PERSON"
    found = {0: [_at(first, value, entity)]}
    assert _recurred([first, other], found) == [[], []]


def test_a_name_that_is_a_word_spreads_only_where_capitalised() -> None:
    texts = ["Dean Rossi joined", "Thanks Dean!", "the dean of the faculty", "Ask DEAN."]
    found = {0: [_at(texts[0], "Dean", "PERSON")], 1: [_at(texts[1], "Dean", "PERSON")]}
    assert _recurred(texts, found) == [[], [], [], ["DEAN"]]


def test_one_word_of_a_title_case_phrase_is_left() -> None:
    texts = ["Edit said hi", "Thanks, Edit.", "the font is too small in Bulk Edit"]
    found = {0: [_at(texts[0], "Edit", "PERSON")], 1: [_at(texts[1], "Edit", "PERSON")]}
    assert _recurred(texts, found) == [[], [], []]


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("Wales [Cymru GB-CYM]", ["Wales", "Cymru"]),
        ("Madrid, Comunidad de", ["Madrid"]),
        ("Guyane (française)", ["Guyane"]),
        ("Catalunya [Cataluña]", ["Catalunya", "Cataluña"]),
        ("Bayern", ["Bayern"]),
    ],
)
def test_subdivision_names(name: str, names: list[str]) -> None:
    assert subdivision_names(name) == names


NAMES = ["Rennes", "Cape Town", "Agnolo", "Friedhilde Kuhn", "Palermo"]
FILLER = ["we met", "in", "and", "the export", "moved to", "thanks", "Bulk Edit", "offline mode"]


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[str | None], dict[int, list[Finding]]]:
    """Texts of filler and names in any case, some of whose name occurrences are found."""
    texts: list[str | None] = []
    found: dict[int, list[Finding]] = {}
    for i in range(draw(st.integers(1, 6))):
        if draw(st.booleans()) and i:
            texts.append(draw(st.sampled_from([None, ""])))
            continue
        parts: list[str] = []
        spans: list[Finding] = []
        for _ in range(draw(st.integers(1, 6))):
            if draw(st.booleans()):
                name = draw(st.sampled_from(NAMES))
                name = draw(st.sampled_from([name, name.lower(), name.upper()]))
                start = len(" ".join(parts)) + (1 if parts else 0)
                if draw(st.booleans()):
                    entity = (
                        "PERSON" if name.lower() in ("agnolo", "friedhilde kuhn") else "LOCATION"
                    )
                    spans.append(Finding(entity, start, start + len(name), 0.85))
                parts.append(name)
            else:
                parts.append(draw(st.sampled_from(FILLER)))
        texts.append(" ".join(parts))
        found[i] = spans
    return texts, found


@settings(max_examples=150, deadline=None)
@given(batch=batches())
def test_recurrence_only_adds_whole_words_of_found_values_and_is_idempotent(
    batch: tuple[list[str | None], dict[int, list[Finding]]],
) -> None:
    texts, found = batch
    cells = {"notes": _column(texts)}
    findings = {"notes": [list(found.get(i, [])) for i in range(len(texts))]}
    values = {(texts[i] or "")[f.start : f.end].lower() for i, cell in found.items() for f in cell}
    recur(cells, findings)
    for i, cell in enumerate(findings["notes"]):
        text = texts[i] or ""
        for f in found.get(i, []):  # nothing found before is lost
            assert any(g.start <= f.start and f.end <= g.end for g in cell)
        for g in cell:
            if g.score == RECURRENCE_SCORE:
                assert text[g.start : g.end].lower() in values
                assert g.start == 0 or not text[g.start - 1].isalnum()
                assert g.end == len(text) or not text[g.end].isalnum()
    again = {"notes": [list(cell) for cell in findings["notes"]]}
    assert recur(cells, again) == 0 and again == findings


def test_the_job_removes_a_recurring_place_and_the_setting_turns_it_off(
    job: JobConfig, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c"],
            "notes": [
                "She lives in Rennes with two kids.",
                "He moved to Rennes last year and loves it.",
                "rennes: invoice still wrong, please fix",
            ],
        }
    )
    source = write_csv(frame)
    out = pl.read_parquet(run_anonymise(job.privacy, source, tmp_path / "on.parquet").output)
    assert not any("rennes" in text.lower() for text in out["notes"].to_list())
    assert out["id"].to_list() == ["a", "b", "c"]
    off = with_overrides(job, **{"anonymise.recur": False})
    kept = pl.read_parquet(run_anonymise(off.privacy, source, tmp_path / "off.parquet").output)
    assert "rennes" in kept["notes"][2]
