"""First names that are also English words before a surname ("joy precious adeyemi", "faith
nwosu") and a first name, an initial and a surname ("Faith C. Nwosu"), with the English
words and initials that must stay words. They use the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.detect import Detector
from tests.privacy.recognised import extended, persons

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "found", "whole"),
    [
        ("bitte joy precious adeyemi in den verteiler aufnehmen", "adeyemi", "joy precious adeyemi"),
        ("- interview with faith nwosu (nurse) on monday", "nwosu", "faith nwosu"),
        ("CC GRACE KOWALCZYK ON THE THREAD", "KOWALCZYK", "GRACE KOWALCZYK"),
    ],
)  # fmt: skip
def test_a_first_name_that_is_an_english_word_joins_the_surname_after_it(
    text: str, found: str, whole: str
) -> None:
    assert extended(text, found) == [whole]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("i hope anna replies", "anna"),  # a first name found, not a surname
        ("we will maria ask later", "maria"),
        ("the sunday schmidt call", "schmidt"),  # a weekday
        ("in the export, nwosu", "nwosu"),
    ],
)
def test_english_words_before_a_name_stay_words(text: str, found: str) -> None:
    assert extended(text, found) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Guest list: Faith C. Nwosu +1; the rest later", "Faith C. Nwosu"),
        ("Reviewed by Will J. Kowalczyk yesterday.", "Will J. Kowalczyk"),
    ],
)
def test_a_first_name_an_initial_and_a_surname_are_a_name(
    detector: Detector, text: str, name: str
) -> None:
    assert name in persons(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "We went with Plan B. The rest can wait until Monday.",
        "Grace period: see Appendix C. Details follow.",
        "Rule A. Export runs at 9 and version 2.3 is out.",
        "Hope C. Export works in Slack now.",
    ],
)
def test_an_initial_after_an_ordinary_word_is_no_name(detector: Detector, text: str) -> None:
    assert persons(detector, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("CHROME 126 FIXED IT FOR SEAN", "SEAN"),
        ("PLEASE SEND THE INVOICE TO SARA TODAY", "SARA"),
        ("fixed it for Sean yesterday", "Sean"),
    ],
)
def test_a_common_first_name_that_is_a_stop_word_counts_in_capitals_too(
    detector: Detector, text: str, name: str
) -> None:
    assert name in persons(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "THANKS FOR ALL THE FEEDBACK ON THE EXPORT",
        "WE WAITED FOR MAY TO SHIP IT",
        "IT WORKS FOR ME AND FOR THEM",
        "ASK FOR AN UPGRADE",
        "LOOK FOR IT IN THE EXPORT, THEN ASK FOR A REFUND",
    ],
)
def test_stop_words_in_capitals_stay_words(detector: Detector, text: str) -> None:
    assert persons(detector, text) == []
