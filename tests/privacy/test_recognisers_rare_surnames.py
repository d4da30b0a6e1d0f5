"""A surname that is also a rare word ("LORENZO PETRARCA", "Giulio Leopardi") after a first
name, and the surname after a name found up to its particle ("daan van ..."), with the
words of a sentence that must stay ("sara kommt morgen"). They use the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.detect import Detector
from tests.privacy.recognised import extended, persons

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "found", "whole"),
    [
        ("GIRATO A LORENZO PETRARCA.", "LORENZO", "LORENZO PETRARCA"),
        ("hey its carlo goldoni from accounts", "carlo", "carlo goldoni"),
        ("Recruited via Maarten Hooft, who sent the link.", "Maarten", "Maarten Hooft"),
        ("card for daan van hooft sent", "daan van", "daan van hooft"),
        ("ASK PIM VAN DER BERG", "PIM VAN", "PIM VAN DER BERG"),
        ("a card for joris van oberursel, signed", "joris van", "joris van oberursel"),
    ],
)  # fmt: skip
def test_a_surname_that_is_a_rare_word_runs_on_a_name(text: str, found: str, whole: str) -> None:
    assert extended(text, found) == [whole]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("sara kommt morgen ins büro", "sara"),
        ("ANNA RUFT AN, WENN ES GEHT", "ANNA"),
        ("marco fattura scaduta da ieri", "marco"),
        ("Anna Rechnung bitte", "Anna"),
        ("luca drafted the brief", "luca"),
        ("MA COLLÈGUE ANNA PASSERAIT DEMAIN", "ANNA"),
        ("his colleague sarah handles invoices", "sarah"),
        ("beta testers: lauren", "lauren"),
        ("ask daan van about the export", "daan van"),
        ("tell sara monday is fine", "sara"),
        ("ANNA SMITH LIVES IN BERLIN", "ANNA SMITH"),
    ],
)
def test_frequent_words_of_a_language_do_not_run_on_a_name(text: str, found: str) -> None:
    assert extended(text, found) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Session notes - Giulio Leopardi, born in 1970, lives in Turin.", "Giulio Leopardi"),
        ("Our contact Ilaria Petrarca approved the budget.", "Ilaria Petrarca"),
    ],
)
def test_a_first_name_and_a_rare_surname_are_a_name(
    detector: Detector, text: str, name: str
) -> None:
    assert name in persons(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Will Reading be enough for the export?",
        "Grace Period ends on Monday, version 2.3 is out.",
        "Send the Testers group the Invoices report on Monday.",
        "She is 34 and has used Slack for 3 years.",
    ],
)
def test_ordinary_capitalised_words_are_still_no_name(detector: Detector, text: str) -> None:
    assert persons(detector, text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("zeg tegen bram dat de planning weer klopt", "bram dat de"),
        ("Invitad a Lucía Esther al canal.", "Lucía Esther al"),
        ("Invitad a Lucía Esther Ruiz al hilo.", "Lucía Esther Ruiz al"),
    ],
)
def test_after_a_particle_that_ends_a_name_an_ordinary_word_stays(text: str, found: str) -> None:
    assert extended(text, found) == []


@pytest.mark.parametrize("word", ["przemysław", "benedetta", "jacopo", "bartłomiej"])
def test_a_name_that_is_a_rare_word_of_one_language_names_its_person_in_the_row(
    word: str,
) -> None:
    from persona_batch.privacy.recognisers.names import name_part

    assert name_part(word)


@pytest.mark.parametrize("word", ["hanno", "bitte", "kommt", "rechnung", "van", "monday", "will"])
def test_ordinary_words_found_in_a_name_do_not_name_its_person_in_the_row(word: str) -> None:
    from persona_batch.privacy.recognisers.names import name_part

    assert not name_part(word)
