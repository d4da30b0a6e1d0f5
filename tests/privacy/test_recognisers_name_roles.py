"""A name set off by commas after the role it holds ("The finance lead, Ebba, signs ..."),
and the words set off the same way that are no name ("the team lead, however, said"). They use
the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.names import NameRecognizer
from tests.privacy.recognised import spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The finance lead, Ebba, forwards every invoice.", "Ebba"),
        ("the ops manager, kasia, signs off the budget", "kasia"),
        ("THE HEAD OF SALES, TEODORA, CALLED BACK", "TEODORA"),
        ("Her landlord, Wendelin Ostrowski, never replied.", "Wendelin Ostrowski"),
        ("La responsable, Maëlle, a validé le devis.", "Maëlle"),
        ("the support lead, Will, closed it", "Will"),  # a word, but a name here
    ],
)
def test_a_name_after_its_role_between_commas_is_a_name(text: str, name: str) -> None:
    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "The team lead, however, said no.",
        "Our manager, too, agreed on Monday.",
        "The lead, Sunday, is the deadline.",
        "the product owner, figma, and jira are all we use",
        "My colleague, who works in sales, is 34.",
        "the account manager, a nice guy, helped",
        "The designer, Slack, and the export broke in version 2.3.",
        "The manager, 45 minutes late, apologised.",
    ],
)
def test_words_between_commas_after_a_role_that_are_no_name_stay(text: str) -> None:
    assert spans(NameRecognizer(), "PERSON", text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Wiebke from the platform team keeps asking for exports.", "Wiebke"),
        ("next step: ask karl-heinz from billing to join", "karl-heinz"),
        ("Ciaran Doherty from customer success will follow up", "Ciaran Doherty"),
        ("TELL OLUWASEUN FROM LEGAL", "OLUWASEUN"),
    ],
)
def test_a_name_before_the_team_it_is_from_is_a_name(text: str, name: str) -> None:
    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "a guy from sales called on Monday",
        "Data from the sales team shows growth",
        "Feedback from support was good",
        "someone from IT fixed it",
        "the export from marketing is 3 days late",
        "Reports from the finance team arrive weekly",
        "our lead from operations is 45",
    ],
)
def test_words_before_from_a_team_that_are_no_name_stay(text: str) -> None:
    assert spans(NameRecognizer(), "PERSON", text) == set()


def test_a_surname_after_particles_before_a_team_is_left_to_the_whole_name() -> None:
    text = "hey its joris van der linden from accounts, can u call me back"
    assert "linden" not in spans(NameRecognizer(), "PERSON", text)
