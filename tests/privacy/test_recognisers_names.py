"""Names after a closing line, after hand-over phrases, in the rest of a list, and a found name's
other mentions in its row. They use the gazetteer (built once per machine)."""

from __future__ import annotations

import polars as pl
import pytest

from persona_batch.core.config import AnonymiseSettings, DetectSettings, Strategy
from persona_batch.privacy.detect import Detector
from tests.privacy.recognised import extended, persons, spans

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Danke.\n\nMit freundlichen Grüßen\nUllrich Hänel\n040 4110194", "Ullrich Hänel"),
        ("kind regards,\nzoé leclerc\nnurse", "zoé leclerc"),
        ("THANKS,\nPASQUAL K. GENTILI", "PASQUAL K. GENTILI"),
        ("best,\ndearbhaile mcgruddie | shop owner | (81) 9602-6706", "dearbhaile mcgruddie"),
        ("Z poważaniem,\nAniela Biernacik", "Aniela Biernacik"),
    ],
)
def test_the_line_after_a_closing_line_is_a_name(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks,\nThe Support Team",
        "Best regards,\nCustomer Success",
        "Cheers,\n2024 roadmap attached",
        "Thanks!\nSee you on Monday",
    ],
)
def test_a_closing_line_followed_by_no_name(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert spans(NameRecognizer(), "PERSON", text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Transmis à Victoire Vallée.", "Victoire Vallée"),
        ("La collega Martino Paride Ajello si occupa delle fatture.", "Martino Paride Ajello"),
        ("Escalated to Priya Raman in billing.", "Priya Raman"),
        ("Doorgezet naar Sanne de Vries.", "Sanne de Vries"),
        ("Booking for Aimé Dubois, DOB 9-Jun-1977.", "Aimé Dubois"),
    ],
)
def test_names_after_hand_over_phrases(detector: Detector, text: str, name: str) -> None:
    assert name in persons(detector, text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Beta testers: Ulises Silva Piquer, Lisa-Marie Hassett, Eufemia Ojeda Gil - all on v10.",
            ["Ulises Silva Piquer", "Lisa-Marie Hassett", "Eufemia Ojeda Gil"],
        ),
        ("invited: martin pruvost; bruna a. pacheco; ida schilt", ["martin pruvost", "bruna a. pacheco", "ida schilt"]),
        ("Presenti: Ugo, Anna, Marco.", ["Ugo", "Anna", "Marco"]),
    ],
)  # fmt: skip
def test_the_other_items_of_a_list_of_names(
    detector: Detector, text: str, names: list[str]
) -> None:
    found = persons(detector, text)
    for name in names:
        assert name in found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Anna, Support and Billing asked for it", ["Support", "Billing"]),
        ("Thanks Anna, Great work on the export", ["Great", "work"]),
        ("Anna, DOB 1990-01-01, lives alone", ["DOB"]),
        ("Cheers,\nAnna", ["Cheers"]),
        ("mentioned by kim, log files attached", ["log", "files"]),
    ],
)
def test_list_completion_leaves_ordinary_neighbours(
    detector: Detector, text: str, kept: list[str]
) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    found = detector.analyze_many([text])[0]
    added = complete_lists(text, [(f.start, f.end, f.entity_type) for f in found])
    covered = [text[a:b] for a, b in added] + [text[f.start : f.end] for f in found]
    for word in kept:
        assert not any(word in span for span in covered), (word, covered)


def test_a_found_name_is_removed_wherever_it_recurs_in_the_row(tmp_path: object) -> None:
    from persona_batch.privacy.anonymise import Anonymiser
    from persona_batch.privacy.plan import ColumnPlan
    from persona_batch.privacy.strategies import Replacer

    frame = pl.DataFrame(
        {
            "name": ["Phileine Schatteleijn"],
            "notes": ["remote interview. phileine could not find the custom fields"],
        }
    )
    plan = [
        ColumnPlan(column="name", dtype="String", action="anonymise", reason="text", whole_value="PERSON"),
        ColumnPlan(column="notes", dtype="String", action="anonymise", reason="text"),
    ]  # fmt: skip
    stage = Anonymiser(
        plan, AnonymiseSettings(strategy=Strategy.REDACT), DetectSettings(), Replacer(None)
    )
    out = stage(frame)
    assert "phileine" not in out["notes"][0].casefold()
    assert "custom fields" in out["notes"][0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("- participant tirza arts, born and raised in groningen", "tirza arts"),
        ("participant asked to be called duilio.", "duilio"),
        ("Anwesend: Ortwin, Kata, Sandra.", "Ortwin"),
        ("Booking for Sabas Prats, two nights", "Sabas Prats"),
    ],
)
def test_a_rarer_first_name_counts_where_something_says_a_name_comes(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "okay so the euro prices look off on the pre release build",
        "ok the foto upload is broken again lol",
        "can you add it to the jira board? miro has the old sketch",
        "no pii here, just the villa garage listing on the mini plan",
    ],
)
def test_rare_names_and_products_are_not_names_on_their_own(detector: Detector, text: str) -> None:
    assert persons(detector, text) == []


@pytest.mark.parametrize(
    ("text", "found", "whole"),
    [
        ("OUR ACCOUNTANT TADEO VICENTE MENÉNDEZ LORENZO (T@X.COM)", "VICENTE MENÉNDEZ LORENZO", "TADEO VICENTE MENÉNDEZ LORENZO"),
        ("--\nNarcisa Ugarte Verdejo\nPasadizo 9", "Narcisa Ugarte", "Narcisa Ugarte Verdejo"),
        ("PASSATO A MATTIA ROSSI.", "MATTIA", "MATTIA ROSSI"),
        ("Spoke to Bianca F. Quintana today", "Bianca", "Bianca F. Quintana"),
        ("ask jinthe van dijk about it", "jinthe", "jinthe van dijk"),
    ],
)  # fmt: skip
def test_a_found_name_runs_on_over_the_name_words_next_to_it(
    text: str, found: str, whole: str
) -> None:
    assert extended(text, found) == [whole]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Met Anna Smith yesterday at the Berlin office", "Anna Smith"),
        ("Anna Smith Support Team", "Anna Smith"),
        ("thanks anna for the export fix", "anna"),
        ("Dear Anna, the Jira board", "Anna"),
        ("ANNA SMITH LIVES IN BERLIN", "ANNA SMITH"),
        # no capitals: a word of one language after "al" is no surname
        ("añade a luna al tablero de jira porfa", "luna"),
    ],
)
def test_ordinary_words_places_and_punctuation_stop_a_name(text: str, found: str) -> None:
    assert extended(text, found) == []


@pytest.mark.parametrize(
    ("text", "names", "more"),
    [
        ("so far daniela, helmtrud, maybe fabian.", ["daniela", "fabian"], ["helmtrud"]),
        ("CARPOOL: OSKAR DRIVES, MAKS AND SARA RIDE ALONG.", ["OSKAR", "MAKS"], ["SARA"]),
        ("dank aan nikki, salvador en imran voor de sessie.", ["nikki", "salvador"], ["imran"]),
        ("Fügt Reyna und Efil zum Shopify-Kanal hinzu.", ["Reyna"], ["Efil"]),
        ("OBECNI: MICHAŁ, NATASZA, BORYS. NIEOBECNI: X.", ["MICHAŁ", "NATASZA"], ["BORYS"]),
        ("Spoke to Anna, Bianca F. Quintana and Carl.", ["Anna"], ["Bianca F. Quintana", "Carl"]),
        ("so far daniela, helmtrud, maybe the rest.", ["daniela"], []),
        ("anna, mentees and log", ["anna"], []),
    ],
)
def test_list_items_next_to_names(text: str, names: list[str], more: list[str]) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    found = [(text.index(n), text.index(n) + len(n), "PERSON") for n in names]
    assert sorted(text[a:b] for a, b in complete_lists(text, found)) == sorted(more)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ship to:\ntony rosenow\nmonika-pieper-weg 1\n32396 freiburg", "tony rosenow"),
        ("Indirizzo di spedizione:\nGaspare Semitecolo\nIncrocio Mozart, 886", "Gaspare Semitecolo"),
        ("Attn: Anna Berg, Main Street 4", "Anna Berg"),
        ("@trọng can u review the figma file", "@trọng"),
        ("participante: gregorio real, captada con la encuesta", "gregorio real"),
        ("IL MIO COLLEGA MATTIA ROSSI PASSEREBBE DOMANI", "MATTIA ROSSI"),
        ("Entretien avec Auguste Blanc le vendredi", "Auguste Blanc"),
    ],
)  # fmt: skip
def test_addressees_mentions_and_session_phrases(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "Ship to: Warehouse 4, Main Street",
        "Attention: Accounts Payable",
        "@here the build is green, @channel please check",
        "tell me when the export works",
        "email support@example.com about it",
    ],
)
def test_labels_and_mentions_that_are_no_one(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert spans(NameRecognizer(), "PERSON", text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("OBECNI: AMEDEU, KAROL, ZOFIA. NIEOBECNI: JAN NOWAK.", "AMEDEU"),
        ("DANK AAN PIETER, ANOUK EN NINTHE VOOR DE SESSIE.", "NINTHE"),
        ("Present: maria, joao, zblorf for the session", "zblorf"),
    ],
)
def test_a_word_no_list_knows_among_names_in_a_list(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "Attendees: Figma, Miro and Jira",  # no name in the list: nothing to go by
        "Present: zblorf for the session",
    ],
)
def test_an_unlisted_word_alone_in_a_list_is_not_a_name(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert spans(NameRecognizer(), "PERSON", text) == set()
