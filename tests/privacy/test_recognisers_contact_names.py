"""Names where a message says how to reach someone: right before an e-mail address in brackets
that its user name spells ("From: Jane Kowalski <jkowalski@...>"), and a lower-case first name
after "for", "call", "with" ("call graziella on ..."); and the words in those places that are no
one's name (a team, a role, a company, an ordinary word). They use the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.names import NameRecognizer
from tests.privacy.recognised import spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("From: Agnieszka Wojcik <awojcik@example.com>", "Agnieszka Wojcik"),
        ("SIGN-UP: BILL FISCHER (BILLFISCHER@EXAMPLE.ORG)", "BILL FISCHER"),
        ("cc: józef kędzierski <jozef.kedzierski@example.pl>", "józef kędzierski"),
        ("Reply to Tomás Ibáñez (tomas.ibanez@example.es) by Friday", "Tomás Ibáñez"),
        ("Organiser: Ruth Bakker [mailto:r.bakker@example.nl]", "Ruth Bakker"),
    ],
)
def test_a_name_its_e_mail_address_spells_is_a_name(text: str, name: str) -> None:
    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "please write to the team lead (teamlead@example.com)",
        "Customer Support <support@example.com>",
        "contact billing (billing@example.com) or sales (sales@example.com)",
        "the Reading office (reading@example.com) opens on Monday",
        "Slack Notifications <slack@example.com>",
        "version 2.3 (release@example.com)",
    ],
)
def test_words_before_an_address_that_are_no_name_stay(text: str) -> None:
    assert spans(NameRecognizer(), "PERSON", text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the new build fixed it for wojciech", "wojciech"),
        ("call graziella on 0612 345 678", "graziella"),
        ("sorry, that was meant for benedetta", "benedetta"),
    ],
)
def test_a_lower_case_first_name_after_a_common_hand_over_word_is_a_name(
    text: str, name: str
) -> None:
    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "call support on 0800 123 456",
        "it works for most people and for teams",
        "waiting for monday, then call me",
        "thanks for the export, it works with figma and jira",
        "call back later, from home is fine",
        "use it for mark and sweep, then for deny list entries",
        "send it with pipe and tee to the log",
    ],
)
def test_ordinary_words_after_a_common_hand_over_word_stay(text: str) -> None:
    assert spans(NameRecognizer(), "PERSON", text) == set()
