"""The gate's phone numbers in signatures and brackets, and the phrases that announce one in
each supported language: positive and negative cases."""

from __future__ import annotations

import pytest

from persona_batch.core.config import GateSettings
from persona_batch.privacy.gate import Gate

TEXT = Gate(GateSettings(), "text")


def found(text: str) -> list[tuple[str, str]]:
    return [(f.family, text[f.start : f.end]) for f in TEXT.scan(text)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Best regards,\nGeorge Knox\n461 456", "461 456"),
        ("Best,\nLenn Klein | UX researcher | 995 862", "995 862"),
        ("Pozdrawiam,\nAniela Biernacik\n58 41 79", "58 41 79"),
        ("BEST,\nMELISSA WADE | PRACTICE MANAGER | 956.666.2321X3555", "956.666.2321X3555"),
        ("spoke to robert myers ((03).1234.2533).", "(03).1234.2533"),
        ("Spoke to Jean Amber Smith (03069990285).", "(03069990285"),
    ],
)
def test_phone_in_a_signature_or_in_brackets(text: str, number: str) -> None:
    assert ("phone", number) in found(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("My local number is 424 500.", "424 500"),
        ("CONTATTATEMI AL 3511169207 O A SOLARI", "3511169207"),
        ("Chiede una chiamata al 37014167173 invece di una e-mail.", "37014167173"),
        ("Richiesta di richiamata al 3783363825.", "3783363825"),
        ("Callback requested on 4454747308.", "4454747308"),
        ("PROSZĘ ZMIENIĆ MÓJ NUMER TELEFONU NA 684374619.", "684374619"),
        ("text me 4157918859 when ur outside", "4157918859"),
        ("Sie ist erreichbar unter 301234567.", "301234567"),
        ("bel me op 201234567 graag", "201234567"),
        ("llámame al 612345678", "612345678"),
        ("Notes from the follow-up with Stéphanie (508 649 if we need to reschedule).", "508 649"),
        ("Spoke to Malwina Wiesiołek (575 421).", "575 421"),
        ("I moved last week. It's 3792021964, after 6pm is best.", "3792021964"),
        ("c'est 612345678, merci", "612345678"),
    ],
)
def test_a_number_announced_by_its_context(text: str, number: str) -> None:
    assert ("context", number) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Totals\n120 450",
        "Total seats\n120 450",
        "we sold 120 450 seats",
        "Best,\nAna\n12345678",
        "the file (123456 rows) loaded",
        "Revenue (2019) was flat",
        "order 123 456 shipped",
        "call me later, it's fine",
        "we have 12 345 users (up 3 456 since May)",
        "it's 250000 rows now",
        "It's 2024 and the export still fails",
    ],
)
def test_no_phone_in_amounts_counts_and_years(text: str) -> None:
    assert found(text) == []


def test_a_dotted_card_after_a_card_word() -> None:
    assert found("CARTE 50386594.131510 BLOQUÉE.") == [("card", "50386594.131510")]
    assert found("the ratio was 50386594.131510 overall") == []  # a decimal, no card word
