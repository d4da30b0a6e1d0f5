"""Names on an e-mail header's lines, after a session role and as a list item of their own; places
after going there in lower case; a unit and its building before a street, a British street by
its town and postcode in any case; a Polish document number after its inflected name."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer
from persona_batch.privacy.recognisers.phones import ContextPhoneRecognizer, RegionPhoneRecognizer
from persona_batch.privacy.recognisers.places import PlaceRecognizer
from tests.privacy.recognised import found, named

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("from: inocencio frutos\nto: support\nsubject: refund", "inocencio frutos"),
        ("Von: Jörg Weiß\nBetreff: Rechnung\n\nHallo zusammen", "Jörg Weiß"),
        ("Subject: delay\nDate: Monday\nTo: Aoife", "Aoife"),
        ("interviewers: ana ruiz\nnote-taker: heinz-jürgen koch", "heinz-jürgen koch"),
        ("Observers: Tomasz Wilk", "Tomasz Wilk"),
    ],
)  # fmt: skip
def test_names_on_header_lines_and_after_session_roles(text: str, name: str) -> None:
    assert name in named(text)


@pytest.mark.parametrize(
    "text",
    [
        "to: premium plan\nthe change worked",  # one header line: no e-mail
        "Subject: Refund\nFrom: Support Team\nto: billing",  # a team, a word
        "date: monday\nfrom: the warehouse",
        "the observer effect is real",
    ],
)
def test_no_names_on_other_header_lines(text: str) -> None:
    assert not named(text)


def test_a_common_first_name_alone_as_a_list_item() -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    text = "present: sara, ana ruiz, bob. apologies: tim."
    at = text.index("ana ruiz")
    added = {text[a:b] for a, b in complete_lists(text, [(at, at + 8, "PERSON")])}
    assert "sara" in added
    text = "ok anna, will."  # an English word stays one
    assert complete_lists(text, [(3, 7, "PERSON")]) == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("he moved to turkey in 2021 and works remotely.", "turkey"),
        ("she moved to gdynia in 2022", "gdynia"),
        ("moved to angers so fully remote now", "angers"),
        ("Moved to Nuth; update the region.", "Nuth"),  # a village no list has
        ("MOVED TO DALMSHOLTE; UPDATE THE REGION.", "DALMSHOLTE"),
    ],
)
def test_places_after_going_there(text: str, place: str) -> None:
    assert place in found(PlaceRecognizer(), text, "LOCATION")


@pytest.mark.parametrize(
    "text",
    [
        "we moved to premium last month",
        "moved to reading in may",
        "moved to slack and jira",
        "we moved to Retool.",  # a product the detector knows
        "MOVED TO THE NEW PLAN",
    ],
)
def test_no_place_after_moving_to_a_plan_or_a_word(text: str) -> None:
    assert found(PlaceRecognizer(), text, "LOCATION") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "we agreed to send it to Flat 15, Harbour House, 49 Hazel Cove, Cardiff L01 9ZF. Thanks",
            "Flat 15, Harbour House, 49 Hazel Cove, Cardiff L01 9ZF",
        ),
        ("49 hazel cove, cardiff l01 9zf", "49 hazel cove, cardiff l01 9zf"),
        ("she gave 578 andrea port, brighton dg24 6fx as the address", "578 andrea port, brighton dg24 6fx"),
        ("-- \nana\n52110 cox burg apt. 339, martinezchester, mi 03203", "52110 cox burg apt. 339, martinezchester, mi 03203"),
        ("LEAVE IT AT UNIT 51 89 HARRIS LITTLE WITH THE NEIGHBOUR.", "UNIT 51 89 HARRIS LITTLE"),
        ("He gave Level 2 6 Cardenas Line, Melbourne 2618 as the address", "Level 2 6 Cardenas Line, Melbourne 2618"),
        ("enviarlo a C. de Caridad Vicens 6 Piso 7, 47306 Cáceres.", "C. de Caridad Vicens 6 Piso 7, 47306 Cáceres"),
    ],
)  # fmt: skip
def test_a_unit_and_building_before_a_street_and_a_british_street_in_any_case(
    text: str, address: str
) -> None:
    assert address in found(StreetAddressRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    [
        "We ran unit tests, then the 12 items were checked",
        "version 2 of the app, release v2 1st",
        "room 4 by the window, see you at 10 am",
        "12 items sold in boston ma 02110 last week",  # "in" starts no town
        "unit 3, 5 people attended",  # no capitals: no street name
        "We tested 12 builds",
    ],
)
def test_no_british_street_in_counts_and_versions(text: str) -> None:
    assert found(StreetAddressRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("00043 MILANO AS THE DELIVERY ADDRESS FOR THE PACK", "00043 MILANO"),
        ("P760 GAVE 9 JENNIFER PARADE, PERTH 2660 AS THE DELIVERY ADDRESS", "9 JENNIFER PARADE, PERTH 2660"),
        ("We tested Suite 4 12 Main Street", "Suite 4 12 Main Street"),
    ],
)  # fmt: skip
def test_addresses_end_and_start_at_their_words(text: str, address: str) -> None:
    """ "AS THE DELIVERY ADDRESS" is no Dutch postcode and town; a unit before a street starts
    at its own word, not inside "tested"."""
    got = found(StreetAddressRecognizer(), text)
    assert all("DELIVERY" not in a and not a.startswith("sted") for a in got)
    if address != "00043 MILANO":
        assert address in got


def test_a_polish_driving_licence_number_after_its_inflected_name() -> None:
    text = "Dokument: nr prawa jazdy - 93794/20/8078."
    assert found(ContextIdRecognizer(), text) == ["93794/20/8078"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("ask görsev or ana about the excel macro.", "görsev"), ("tell silvian the export is fixed", "silvian")],
)  # fmt: skip
def test_a_word_no_list_has_after_a_phrase_only_people_follow(text: str, name: str) -> None:
    assert name in named(text)


@pytest.mark.parametrize(
    "text", ["ask chatgpt about it", "ask gdpr questions later", "ask abotu it", "thanks zendesk"]
)
def test_no_name_in_products_jargon_or_typos_after_those_phrases(text: str) -> None:
    assert not named(text) & {"chatgpt", "gdpr", "abotu", "zendesk"}


def test_tools_and_formats_at_a_chat_line_start_are_no_speakers() -> None:
    text = "deploy failed again\nkubectl: command not found\nsso: token expired\nadetoke: on it"
    assert named(text) == {"adetoke"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("MY NUMBER CHANGED, ITS 862 152 NOW", "862 152"),
        ("my number has changed, it is 0612 345 678", "0612 345 678"),
        ("the follow-up with Florence (270 831 if we need to reschedule).", "270 831"),
        ("ask the landlord (0612 345 678 or email) first", "0612 345 678"),
    ],
)
def test_a_changed_number_and_a_number_in_brackets_for_reaching_someone(
    text: str, number: str
) -> None:
    assert number in found(ContextPhoneRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    ["see the chart (2019 2020 for comparison)", "prices went up (10 20 or so)", "(v2 10 for now)"],
)
def test_no_phone_in_bracketed_years_or_counts(text: str) -> None:
    assert found(ContextPhoneRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Prefiere una llamada al 652616199 antes que un correo.", "652616199"),
        ("mi móvil es el 659159624.", "659159624"),
        ("D.O.B. 12/03/1980. (03) 9029 1064 - ASK FOR ANNA.", "(03) 9029 1064"),
    ],
)
def test_a_call_as_a_noun_an_article_and_a_number_after_a_sentence(text: str, number: str) -> None:
    regions = ("US", "GB", "ES", "AU")
    got = found(ContextPhoneRecognizer(), text) + found(RegionPhoneRecognizer(regions), text)
    assert number in got
    assert not any("1980" in g for g in got)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("it arrived at 319 hayes summit, #168, chicago, nj 59343 on time", "319 hayes summit, #168, chicago, nj 59343"),
        ("our studio is at 26490 davis curve, second floor", "26490 davis curve"),
        ("hand the keys over at 12 Melanie Ford", "12 Melanie Ford"),
    ],
)  # fmt: skip
def test_usps_suffixes_and_a_bare_unit_number_before_a_locality(text: str, address: str) -> None:
    assert any(address in a for a in found(StreetAddressRecognizer(), text))


@pytest.mark.parametrize(
    "text",
    [
        "the 2 Data Points tab",
        "3 Credit Unions joined",
        "2 Chrome Extensions",
        "4 Charging Stations",
    ],
)
def test_suffixes_that_name_things_are_left_out(text: str) -> None:
    assert found(StreetAddressRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("671060713 - ask for Marta", "671060713"),
        ("best is 0161 496 0734, ask to speak to Priya", "0161 496 0734"),
        ("Tel. fehlt, 030 1234567 und fragen Sie nach Frau Weber", "030 1234567"),
        ("06 12 34 56 78 et demandez Paul", "06 12 34 56 78"),
        ("655 123 456 y pregunta por lucía", "655 123 456"),
        ("0612 345 678 en vraag naar Jan", "0612 345 678"),
        ("333 1234567: chiedi di Marco", "333 1234567"),
        ("601 234 567 i zapytaj o Kasię", "601 234 567"),
    ],
)
def test_a_number_then_whom_to_ask_for_is_a_phone(text: str, number: str) -> None:
    assert number in found(ContextPhoneRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    [
        "order 55123456 - ask for a refund",
        "ticket #4452198, ask for escalation",
        "12/03/2024 - ask for the invoice",
        "2019-2020 - ask for the figures",
        "1,299,000 - ask for a discount",
        "671060713 - we asked for Marta",
    ],
)
def test_no_phone_in_an_order_a_date_or_an_amount_before_ask_for(text: str) -> None:
    assert found(ContextPhoneRecognizer(), text) == []
