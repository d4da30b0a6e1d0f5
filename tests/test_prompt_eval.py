"""What reaches the model, in CI: ``persona generate`` (defaults, ``redact``, the gate on)
against the fake Ollama server on loopback, over a small seeded privacy set; no planted value
may be in the prompts the server received (issue #12's goal), with detection alone (rare words
not withheld, so that detection cannot regress behind the second line). ``make eval-prompts``
runs the same count on 700 rows, with and without rare words withheld, per label."""

from __future__ import annotations

import pytest

from tests.evaluation.eval_prompts import _by_row, count_in_prompts
from tests.evaluation.privacy_set import DEFAULT_SEED

ROWS = 140  # two blocks: every (locale, style) pair twice


@pytest.mark.slow
def test_no_planted_value_reaches_the_prompts() -> None:
    result = count_in_prompts(ROWS, DEFAULT_SEED, workers=2, second_line=False)
    assert result["prompts"] > 0 and result["withheld_words"] == 0
    planted = sum(t["planted"] for t in result["labels"].values())
    assert planted > 300  # the set plants names, cards, addresses... in every row
    leaked = {label: t["in_prompts"] for label, t in result["labels"].items() if t["in_prompts"]}
    assert leaked == {}, f"planted values in the prompts, per label (never the values): {leaked}"


@pytest.mark.slow
def test_the_second_line_keeps_the_words_personas_need() -> None:
    """Rare and name words withheld (the default) cost few of the non-PII words the prompts
    carry: at least 97% are kept, as the issue asks of detection, and no planted value gets
    in that detection alone kept out."""
    alone = count_in_prompts(ROWS, DEFAULT_SEED, workers=2, second_line=False)
    both = count_in_prompts(ROWS, DEFAULT_SEED, workers=2)
    assert both["withheld_words"] > 0 and min(both["words"], alone["words"]) > 1_000
    assert both["words_kept"] >= 0.97 * both["words"]
    for label, t in both["labels"].items():
        assert t["in_prompts"] <= alone["labels"][label]["in_prompts"]


def test_each_rows_part_of_the_prompts() -> None:
    sent = [
        "You are an analyst.",
        "id: ev-00001 text: hello june\nid: ev-00002 text: since may",
        "ev-00001 again",
    ]
    rows = _by_row(sent)
    assert set(rows) == {"ev-00001", "ev-00002"}
    assert "june" in rows["ev-00001"] and "again" in rows["ev-00001"]
    assert "june" not in rows["ev-00002"] and "may" in rows["ev-00002"]
