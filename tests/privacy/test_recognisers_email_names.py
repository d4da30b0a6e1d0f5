"""The name right before an e-mail address in brackets that its user name spells ("From: Jane
Kowalski <jkowalski@...>"), and the words before an address that are no one's name (a team, a
role, a company). They use the gazetteer."""

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
