"""Privacy evaluation in CI: the job's PII leak rates and kept words on a small seeded set.

:data:`TARGETS` are the project's goals for the anonymise job with default settings (issue
#12). CI holds the job to :data:`LIMITS`: the goal where it is met (today every label), else
the rate measured when the limit was last lowered plus a small margin (one leak or so).
Recall cannot regress unnoticed, and each improvement lowers a limit. The failure message lists every label over its limit, with masked examples. Presidio's
default engine is compared only by ``make eval-privacy`` (tests/evaluation/eval_privacy.py).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.evaluation.privacy_eval import (
    MASK,
    EngineResult,
    charged_leak,
    kept_words,
    leak_kind,
    mask_spans,
    masked_context,
    run_job,
    shape,
)
from tests.evaluation.privacy_set import (
    CASES,
    LABELS,
    STYLES,
    TEXT_COLUMNS,
    PrivacySet,
    build_set,
    cell_truth,
    template_problems,
)
from tests.evaluation.slots import Seg
from tests.evaluation.values import LOCALES
from tests.paths import ROOT

TARGETS: dict[str, float] = {
    # the goal: highest leak rate per planted entity label
    "CARD": 0.01,
    "EMAIL": 0.01,
    "PHONE": 0.01,
    "IBAN": 0.01,
    "IP": 0.01,
    "SSN": 0.01,
    "URL": 0.01,
    "ID_NUMBER": 0.01,
    "PERSON": 0.03,
    "FIRST_NAME": 0.10,
    "PLACE": 0.10,
    "ADDRESS": 0.10,
    "DOB": 0.10,
    "DATE": 0.10,
    # lowest share of the templates' non-PII words the output must keep
    "kept": 0.97,
}
# Every label meets its goal on this set (2 Dec 2026, session 7: PERSON 1/144). A label that
# misses it again gets its measured rate here, with a note, until it is fixed.
LIMITS: dict[str, float] = dict(TARGETS)
ROWS = 210  # three blocks: every (locale, style) pair three times
SEED = 20261201


@pytest.fixture(scope="module")
def dataset() -> PrivacySet:
    return build_set(ROWS, SEED)


@pytest.fixture(scope="module")
def job_result(detector, dataset: PrivacySet) -> EngineResult:  # type: ignore[no-untyped-def]
    """The job on the set, in this process (workers=1) with the session's detector."""
    return run_job(dataset, workers=1)


@pytest.mark.slow
def test_job_stays_within_privacy_limits(job_result: EngineResult) -> None:
    tallies = job_result.by_label()
    examples = job_result.examples(2)
    over = []
    for label, tally in tallies.items():
        if tally.rate > LIMITS[label]:
            shown = "; ".join(
                f"{e['row']} {e['style']}/{e['locale']}/{e['case']} {e['survived']} "
                f"{e['shape']!r} in {e['context']!r}"
                for e in examples.get(label, [])
            )
            over.append(
                f"{label}: {tally.leaked}/{tally.planted} leaked = {tally.rate:.1%} "
                f"> {LIMITS[label]:.0%} (goal {TARGETS[label]:.0%})  e.g. {shown}"
            )
    if job_result.kept_share < LIMITS["kept"]:
        over.append(
            f"kept words: {job_result.kept}/{job_result.words} = {job_result.kept_share:.1%} "
            f"< {LIMITS['kept']:.0%}"
        )
    if over:
        pytest.fail(f"{len(over)} privacy limit(s) missed on {ROWS} rows:\n" + "\n".join(over))


@pytest.mark.slow
def test_job_output_is_measured_cell_by_cell(job_result: EngineResult, dataset: PrivacySet) -> None:
    assert len(job_result.outcomes) == sum(len(c.planted) for c in dataset.cells)
    assert job_result.words == sum(len(c.words) for c in dataset.cells)
    for outcome in job_result.outcomes:
        if outcome.leaked:  # examples carry shapes and label-only templates, never the value
            assert not any(ch.isdigit() for ch in outcome.shape.replace("9", ""))
            assert "[[" + outcome.label + "]]" in outcome.context


def test_builder_is_deterministic(dataset: PrivacySet) -> None:
    again = build_set(ROWS, SEED)
    assert again.frame.equals(dataset.frame)
    assert again.cells == dataset.cells
    assert build_set(70, SEED).frame.equals(dataset.frame.head(70))
    assert not build_set(70, SEED + 1).frame.equals(dataset.frame.head(70))


def test_builder_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "import hashlib; from tests.evaluation.privacy_set import build_set; "
        "print(hashlib.sha256(build_set(70, 7).frame.write_csv().encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_set_covers_every_label_locale_style_and_case(dataset: PrivacySet) -> None:
    frame = dataset.frame
    assert template_problems() == []
    assert {p.label for c in dataset.cells for p in c.planted} == set(LABELS)
    assert set(frame.get_column("locale")) == set(LOCALES)
    assert set(frame.get_column("style")) == set(STYLES)
    assert set(frame.get_column("case")) == set(CASES)
    assert frame.get_column("notes").null_count() not in (0, frame.height)


def test_truth_points_at_the_planted_values(dataset: PrivacySet) -> None:
    columns = {name: dataset.frame.get_column(name).to_list() for name in TEXT_COLUMNS}
    for cell in dataset.cells:
        assert columns[cell.column][cell.row] == cell.text
        for i, p in enumerate(cell.planted):
            assert cell.text[p.start : p.end] == p.value
            assert cell.reference[p.ref_start :].startswith(f"<{p.label}>")
            if len(p.value) >= 4:
                assert p.value.casefold() not in masked_context(cell, i).casefold()


def test_removed_value_does_not_leak() -> None:
    assert leak_kind("Maria Garcia", "Call <PERSON> today.", "Call <PERSON> today.") is None
    assert leak_kind("4111 1111 1111 1111", "") is None


def test_surviving_four_digit_run_leaks() -> None:
    assert leak_kind("4111 1111 1111 1111", "card <CREDIT_CARD> 1111") == "digits"
    assert leak_kind("+44 20 7946 0123", "call <PHONE_NUMBER> 7946") == "digits"


def test_digit_runs_compare_without_separators() -> None:
    assert leak_kind("4111111111111111", "card 4111-1111-1111-1111 ok") == "digits"
    assert leak_kind("06 12 34 56 78", "mobile 06.12.34 <PHONE_NUMBER>") == "digits"


def test_three_characters_survive_without_leaking() -> None:
    assert leak_kind("Ana Castellanos", "<PERSON> said Ana would call") is None
    assert leak_kind("PO Box 852", "<ADDRESS>, box 852") is None
    assert leak_kind("Ana Castellanos", "<PERSON> castellanos") == "word"


def test_leaks_are_case_insensitive() -> None:
    assert leak_kind("maria.garcia@example.com", "MAIL MARIA.GARCIA@EXAMPLE.COM") == "value"
    assert leak_kind("Zoë Müller", "ZOË <PERSON> and müller") == "word"


def test_template_words_are_not_counted_against_a_value() -> None:
    reference = "Deliver to <ADDRESS>, Mode is on"
    assert leak_kind("5 Mode Street", "Deliver to <STREET_ADDRESS>, Mode is on", reference) is None
    assert leak_kind("5 Mode Street", "Deliver to 5 Mode <X>, Mode is on", reference) == "word"


def test_what_another_value_kept_is_charged_to_it() -> None:
    email = "charlie.mccurley@example.com"
    cell = cell_truth(
        0,
        "text",
        [Seg("call him "), Seg("charlie", "FIRST_NAME"), Seg(", or "), Seg(email, "EMAIL")],
        "as-written",
    )
    output = "call him charlie, or <EMAIL_ADDRESS>"
    assert leak_kind(email, output, cell.reference) == "word"  # uncharged: the name is there
    assert charged_leak(cell, 1, output) is None
    assert charged_leak(cell, 0, output) == "value"
    assert charged_leak(cell, 1, "call him <PERSON>, or charlie.mccurley@<URL>") == "word"

    person = cell_truth(
        0,
        "text",
        [Seg("Charlie McCurley", "PERSON"), Seg(" (aka "), Seg("Charlie", "FIRST_NAME"), Seg(")")],
        "as-written",
    )
    assert charged_leak(person, 0, "<PERSON> (aka Charlie)") is None
    assert charged_leak(person, 1, "<PERSON> (aka Charlie)") == "value"
    assert charged_leak(person, 1, "Charlie McCurley (aka <PERSON>)") is None
    assert charged_leak(person, 0, "Charlie McCurley (aka <PERSON>)") == "value"


def test_mask_spans_aligns_output_to_input() -> None:
    masked = mask_spans("ring 0612 or 0612", "ring <PHONE> or 0612", [(13, 17)])
    assert masked == f"ring {MASK} or {MASK * 4}"


def test_kept_words_counts_each_template_word() -> None:
    assert kept_words(["Please", "send", "the", "card"], "please send <PERSON> card") == (3, 4)
    assert kept_words(["the", "the"], "the <X>") == (1, 2)
    assert kept_words(["person"], "<PERSON>") == (0, 1)


def test_shape_hides_every_character() -> None:
    assert shape("Anna Nowak, 06-123 45") == "Xxxx Xxxxx, 99-999 99"
