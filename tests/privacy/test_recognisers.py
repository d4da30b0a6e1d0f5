"""Each recogniser of persona_batch.privacy.recognisers alone: what it must find, and what it must not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.core.config import DEFAULT_PHONE_REGIONS
from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.base import luhn_valid
from persona_batch.privacy.recognisers.cards import CardNumberRecognizer, is_card_number
from persona_batch.privacy.recognisers.dates import FullDateRecognizer
from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer
from persona_batch.privacy.recognisers.phones import ContextPhoneRecognizer, RegionPhoneRecognizer
from tests.privacy.recognised import found, spans


def with_luhn(body: str) -> str:
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable")


# --- cards -----------------------------------------------------------------------------------

CARDS = CardNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111"),
        ("visa 4716-2198-5648-3125-461 thanks", None),  # not Luhn-valid: a typo, not a card
        ("Maestro 6759 6498 2643 8453 please", "6759 6498 2643 8453"),
        ("amex 3782 822463 10005.", "3782 822463 10005"),
        ("JCB 3530111333300000 on file", "3530111333300000"),
        ("mc 2221 0012 3412 3456", None),
    ],
)
def test_card_numbers_in_any_grouping(text: str, card: str | None) -> None:
    assert found(CARDS, text) == ([card] if card else [])


@pytest.mark.parametrize(
    "text",
    [
        "we grew from 1200 to 1500 users in 2019-2020",
        "call 192.168.100.200 for the router",
        "0000 0000 0000 0000",
        "order 1234 5678 9012 shipped",
        "price €1,299.00 incl. VAT",
    ],
)
def test_card_recogniser_leaves_other_numbers(text: str) -> None:
    assert found(CARDS, text) == []


@settings(max_examples=200, deadline=None)
@given(
    body=st.text("0123456789", min_size=11, max_size=18).filter(lambda s: len(set(s)) > 1),
    groups=st.lists(st.integers(1, 6), min_size=1, max_size=6),
    sep=st.sampled_from([" ", "-", ".", ""]),
)
def test_any_luhn_valid_run_is_found(body: str, groups: list[int], sep: str) -> None:
    digits = with_luhn(body)
    parts, i = [], 0
    for size in groups:
        if i >= len(digits):
            break
        parts.append(digits[i : i + size])
        i += size
    if i < len(digits):
        parts.append(digits[i:])
    grouped = sep.join(parts)
    if sep == "." and len(parts) == 4 and all(len(p) <= 3 for p in parts):
        return  # an IPv4 address, on purpose not a card
    text = f"the number was {grouped} today"
    assert is_card_number(digits)
    assert found(CARDS, text) == [grouped]


# --- phones ----------------------------------------------------------------------------------

REGION = RegionPhoneRecognizer(DEFAULT_PHONE_REGIONS)
CONTEXT_PHONE = ContextPhoneRecognizer()


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("please call me at 459 4596 tonight", "459 4596"),
        ("mobile: (11) 9998-3425", "(11) 9998-3425"),
        ("phone 24 984734 after six", "24 984734"),
        ("text me on 07700 900123", "07700 900123"),
        ("Ruf mich an: 030 1234567", "030 1234567"),
        ("mon numéro: 06 12 34 56 78", "06 12 34 56 78"),
        ("llámame al 612 34 56 78", "612 34 56 78"),
        ("messages to 555-0199 please", "555-0199"),
    ],
)
def test_phone_after_a_context_word(text: str, phone: str) -> None:
    assert found(CONTEXT_PHONE, text) == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "call on 12/03/2024 about the invoice",
        "phone bill was 1 299,00 EUR",
        "call volume 2019-2021 grew",
        "text size 14",
    ],
)
def test_context_phone_leaves_dates_amounts_and_small_numbers(text: str) -> None:
    assert found(CONTEXT_PHONE, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "+44 20 7946 0958",
        "020 7946 0958",
        "(212) 555-0147",
        "06 12 34 56 78",
        "+48 512 345 678",
        "030 1234567",
    ],
)
def test_region_matcher_finds_national_and_international_numbers(text: str) -> None:
    assert found(REGION, f"reach her on {text}, thanks") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "in 2019 and 2020 we grew from 1200 to 1500 users",
        "version 2.14.1 fixed it",
        "order #482131 was late",
        "it cost €1,299.00",
        "between 2019-2021",
        "1 234 567 EUR in total",
        "we grew 12345678 times",
    ],
)
def test_region_matcher_leaves_years_amounts_and_versions(text: str) -> None:
    assert found(REGION, text) == []


# --- identifiers -----------------------------------------------------------------------------

IDS = ContextIdRecognizer()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my passport number is X1234567 and my", "X1234567"),
        ("driving licence no. MORGA753116SM9IJ", "MORGA753116SM9IJ"),
        ("NI number QQ 12 34 56 C please", "QQ 12 34 56 C"),
        ("DNI 12345678Z", "12345678Z"),
        ("PESEL: 85031412345", "85031412345"),
        ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("Ausweisnummer L01X00T47", "L01X00T47"),
        ("membership number M-004512 expires", "M-004512"),
        ("account #48213 is fine", "48213"),
        ("numéro de passeport : 12AB34567", "12AB34567"),
        ("BSN 123456782 staat op", "123456782"),
    ],
)
def test_identifier_after_its_phrase(text: str, value: str) -> None:
    assert found(IDS, text) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "member since 2019",
        "the ID column is the join key",
        "license key for v2.3",
        "an account manager called",
        "passport photos take 5 days",
    ],
)
def test_identifier_phrases_alone_find_nothing(text: str) -> None:
    assert found(IDS, text) == []


# --- dates -----------------------------------------------------------------------------------

DATES = FullDateRecognizer()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Born 17/01/1981 in", "17/01/1981"),
        ("born August 26, 1961.", "August 26, 1961"),
        ("DOB: 1981-01-17", "1981-01-17"),
        ("geboren am 17. Januar 1981", "17. Januar 1981"),
        ("né le 17 janvier 1981", "17 janvier 1981"),
        ("nacido el 17 de enero de 1981", "17 de enero de 1981"),
        ("nato il 17 gennaio 1981", "17 gennaio 1981"),
        ("urodzony 17 stycznia 1981", "17 stycznia 1981"),
        ("geboren op 17 januari 1981", "17 januari 1981"),
        ("on the 1st of May, 2020", "1st of May, 2020"),
        ("Sept. 5, 2022 was the call", "Sept. 5, 2022"),
        ("born in March 1981", "March 1981"),
        ("born in 1981", "1981"),
    ],
)
def test_full_dates_and_birth_dates(text: str, value: str) -> None:
    assert value in found(DATES, text)


@pytest.mark.parametrize(
    "text",
    [
        "since March",
        "in 2019",
        "v2.3.1 shipped",
        "rated it 4/5",
        "on Tuesday",
        "in 2019-2021",
        "March 2024 release",
        "she is 34",
        "8+ years",
        "31/14/2020",
    ],
)
def test_partial_dates_ages_and_versions_stay(text: str) -> None:
    assert found(DATES, text) == []


# --- street addresses ------------------------------------------------------------------------

ADDRESSES = StreetAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I live at 221B Baker Street, London NW1 6XE now", "221B Baker Street, London NW1 6XE"),
        ("send to 5/12 Smith St, Sydney NSW 2000.", "5/12 Smith St, Sydney NSW 2000"),
        ("12, rue de la Paix\n75002 Paris", "12, rue de la Paix\n75002 Paris"),
        ("Via Roma 12, 00184 Roma (RM)", "Via Roma 12, 00184 Roma (RM)"),
        ("Calle Mayor, 5, 3ºB\n28013 Madrid", "Calle Mayor, 5, 3ºB\n28013 Madrid"),
        ("ul. Długa 12/3\n00-950 Warszawa", "ul. Długa 12/3\n00-950 Warszawa"),
        ("Hauptstraße 12\n10115 Berlin", "Hauptstraße 12\n10115 Berlin"),
        ("Kerkstraat 12a, 1234 AB Amsterdam", "Kerkstraat 12a, 1234 AB Amsterdam"),
        ("Flat 3, 12 High Street, Leeds", "Flat 3, 12 High Street, Leeds"),
        ("PO Box 1234, Springfield, IL 62704", "PO Box 1234, Springfield, IL 62704"),
        (
            "1600 Pennsylvania Avenue NW, Washington, DC 20500",
            "1600 Pennsylvania Avenue NW, Washington, DC 20500",
        ),
        ("Apartment 4B, 55 West 12th Street", "Apartment 4B, 55 West 12th Street"),
        ("12 baker street", "12 baker street"),
        ("Am Markt 3", "Am Markt 3"),
        ("Schillerstr. 5", "Schillerstr. 5"),
        ("8 avenue Victor Hugo, Lyon", "8 avenue Victor Hugo, Lyon"),
        ("Postfach 12 34", "Postfach 12 34"),
        (
            "postfach 45 45 45, 72159 frankfurt am main",
            "postfach 45 45 45, 72159 frankfurt am main",
        ),
        (
            "28 Duignan Street\nShona Ville, Co. Wexford",
            "28 Duignan Street\nShona Ville, Co. Wexford",
        ),
        ("TO 4291 HINTON VALLEY, BOSTON, PA 12916.", "4291 HINTON VALLEY, BOSTON, PA 12916"),
        ("5598 cassandra streets\nboston, ak 65059", "5598 cassandra streets\nboston, ak 65059"),
        ("Calle Mayor 5, 2º piso, 28013 madrid in May", "Calle Mayor 5, 2º piso, 28013 madrid"),
    ],
)
def test_street_addresses_in_each_order(text: str, value: str) -> None:
    assert value in found(ADDRESSES, text)


@pytest.mark.parametrize(
    "text",
    [
        "we have 3 dark mode issues",
        "3 weeks ago on Main Street",
        "the 2 Data Points tab",
        "in 2019 on Main",
        "version 12 of the app",
    ],
)
def test_street_recogniser_leaves_ordinary_text(text: str) -> None:
    assert found(ADDRESSES, text) == []


def test_ssn_a_few_words_after_its_phrase() -> None:
    from persona_batch.privacy.recognisers.identifiers import NearbySsnRecognizer

    ssn = NearbySsnRecognizer()
    assert found(ssn, "SSN still visible in the attachment: 536221234.") == ["536221234"]
    assert found(ssn, "social security no. is 536-22-1234") == ["536-22-1234"]
    assert found(ssn, "SSN field: 000121234 is a placeholder") == []  # area 000 is never issued
    assert found(ssn, "order 536221234 shipped") == []  # no phrase


# --- names, places and the spaCy filter (they use the gazetteer: built once per machine) -----


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My name is john smith and I need help", "john smith"),
        ("Frau Schmidt rief gestern an", "Schmidt"),
        ("Hi Priya, thanks for the call", "Priya"),
        ("Will Turner joined the session", "Will Turner"),
        ("cc ingrid berg on this please", "ingrid berg"),
        ("Attendees: Tomasz Nowak, Anna Kowalska and Liam", "Anna Kowalska"),
        ("reminder for jeremy, donna, adrian: the survey closes", "donna"),
        ("Thanks,\n--\nDorit Rörricht\nBenthinstr. 246", "Dorit Rörricht"),
        ("Maria said the export is slow", "Maria"),
        ("tell eamon the export is fixed", "eamon"),
    ],
)
def test_names_by_title_phrase_list_and_gazetteer(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "the Dark Mode toggle in Smart Filters",
        "We use Slack and Jira daily",
        "I will mark it as done",
        "Reading the docs was hard",
        "In March we met on Tuesday",
        "Grace period ended",
        "Export Settings\nDark Mode\nRelease Notes",
    ],
)
def test_ordinary_words_are_not_names(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert spans(NameRecognizer(), "PERSON", text) == set()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("she joined the call from Manchester today", "Manchester"),
        ("I live in Reading now", "Reading"),
        ("based in Lake Jennifer, she said", "Lake Jennifer"),
        ("flew to New York City", "New York City"),
        ("lives in manchester", "manchester"),
        ("wohnt in Essen", "Essen"),
    ],
)
def test_places_by_gazetteer_and_context(text: str, place: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert place in spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Reading the docs",
        "Nice work on the Export",
        "we moved to Notion last year",
        "from Slack",
        "Audit Log pilot",
    ],
)
def test_ordinary_words_are_not_places(text: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert spans(PlaceRecognizer(), "LOCATION", text) == set()


@pytest.mark.slow
def test_spacy_spans_need_evidence() -> None:
    from persona_batch.privacy.recognisers.ner import has_evidence

    assert not has_evidence("Dark Mode", "PERSON")
    assert not has_evidence("Meine IBAN", "PERSON")
    assert not has_evidence("la factura", "LOCATION")
    assert has_evidence("Maria Garcia", "PERSON")
    assert has_evidence("Oluwaseun Adeyemi", "PERSON")  # unknown capitalised words: kept
    assert has_evidence("Berlin", "LOCATION")
    assert not has_evidence("Shopify", "LOCATION", before="support ")
    assert has_evidence("Kilcullenbridge", "LOCATION", before="lives in ")
