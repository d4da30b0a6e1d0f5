"""People added to a board, a channel or a chat, in each supported language and any case; the
things people add (tags, seats, tools, jargon) are left."""

from __future__ import annotations

import pytest

from tests.privacy.recognised import spans

pytestmark = pytest.mark.slow


def _names(text: str) -> set[str]:
    from persona_batch.privacy.recognisers.name_additions import added_names
    from persona_batch.privacy.recognisers.name_blocks import NameView

    return {text[a:b] for a, b, _, _ in added_names(NameView(text))}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("can someone add zblorf to the jira board", {"zblorf"}),
        ("Please add Joanna and Ravi to the board", {"Joanna", "Ravi"}),
        ("kannst du henrike zum jira board hinzufügen", {"henrike"}),
        ("fügt friedhilde und hans-h. zum salesforce-kanal hinzu.", {"friedhilde", "hans-h."}),
        ("FÜGT KLAUS UND INGBERT ZUM TEAMWORK-KANAL HINZU.", {"KLAUS", "INGBERT"}),
        ("voeg sedife even toe aan het jira bord", {"sedife"}),
        ("ajoute tristan au board jira stp", {"tristan"}),
        ("aggiungi piermaria alla chat", {"piermaria"}),
        ("dodaj iwo do kanału", {"iwo"}),
    ],
)
def test_people_added_to_a_board_or_channel(text: str, names: set[str]) -> None:
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "add tags to the export",  # a plural of an English word
        "add figma to the stack",  # a product the detector knows
        "add the new hire to the channel",  # an article
        "add webhooks to the integration",  # jargon no list has
        "add sso to the enterprise plan",
        "add 2 seats to my plan",
        "add dark mode to the app",
        "add Jira and Slack to the stack",  # one of them is a word: the pair is no names
        "bitte die rechnung zum termin mitbringen",  # German without "hinzu"
        "kannst du zblorf zum termin mitbringen",
        "voeg de nieuwe velden toe aan het formulier",
        "ajoute les filtres au tableau",
    ],
)
def test_things_added_are_no_names(text: str) -> None:
    assert _names(text) == set()


def test_the_name_recogniser_reports_them() -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    text = "voeg sedife even toe aan het jira bord"
    assert "sedife" in spans(NameRecognizer(), "PERSON", text)
