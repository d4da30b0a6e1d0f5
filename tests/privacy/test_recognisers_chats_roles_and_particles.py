"""Names in chats (a speaker no list has, the one spoken to, a lower-case sign-off), after a
possessive and a role, with "de" and with two first names; list items no list has; places after
"raised in", the second of a pair and rare words of one language after "from"; British
thoroughfares, delivery phrases and lower-case postcodes; the birth-date cue in French."""

from __future__ import annotations

import pytest

from persona_batch.privacy.detect import Detector
from tests.privacy.recognised import named, spans

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("dob 12/03/1990, pw reset\nadetoke: where do i find the export button", "adetoke"),
        ("can u check the logins ok\nyasemen, sending it now", "yasemen"),
        ("Jolanda, can you check the invoice?\nthanks", "Jolanda"),
        ("the iban is wrong.\n\nbest,\ngrant bridson | recruiter", "grant bridson"),
        ("Hello, our bookkeeper Fem Meeres needs access to invoices.", "Fem Meeres"),
        ("my manager Ilse approved the refund", "Ilse"),
        ("notes: follow up with jane on friday.", "jane"),
        ("hej tu samu huertas, oddzwonisz?", "samu huertas"),
        ("Met Horst-Peter Austermühle at the user meetup; he agreed", "Horst-Peter Austermühle"),
        ("Gisteren belde Tess de Wit in vanuit Utrecht.", "Tess de Wit"),
        ("Maria da Silva joined the call late.", "Maria da Silva"),
        ("Échange avec Guy, date de naissance 12/03/1980, habite à Lyon", "Guy"),
    ],
)  # fmt: skip
def test_names_in_chats_roles_and_particles(text: str, name: str) -> None:
    assert name in named(text)


@pytest.mark.parametrize(
    "text",
    [
        "error\nhmmm, not sure\nokk, fine\nanyway, moving on",  # typos and words
        "kubectl: command not found",  # one line: no chat
        "Paris, France is where\nwe met",  # a place
        "thanks,\nthe support team",
        "our designer Figma files are shared; my manager Approved it",
        "notes: follow up with the team on friday; check with support",
        "tu casa es bonita; tu marido llega",
        "Banco de España, Gare de Lyon and Ministerio de Hacienda",
        "The e-commerce self-service check-in is a follow-up item.",
    ],
)
def test_no_names_in_those_places(text: str) -> None:
    found = named(text)
    assert not found & {
        "hmmm", "okk", "anyway", "kubectl", "Paris", "the support team", "Figma", "Approved",
        "the team", "support", "casa", "marido", "Banco de España", "Gare de Lyon",
        "Ministerio de Hacienda", "e-commerce", "self-service", "check-in", "follow-up",
    }  # fmt: skip


def test_a_double_first_name_has_the_bits_both_halves_share() -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    table = gz.load()
    assert table.get("horst-peter") & gz.FIRST
    assert table.get("jean-luc") & gz.FIRST
    assert table.get("follow-up") == 0
    assert table.get("e-mail") == 0


@pytest.mark.parametrize(
    ("found", "text", "item"),
    [
        ("jan kowalski", "unsubscribed: jan kowalski, kayun nurdiyanti", "kayun nurdiyanti"),
        ("anna", "attendees: anna, kayun nurdiyanti and piotr nowak", "kayun nurdiyanti"),
    ],
)
def test_a_list_item_of_two_words_no_list_has(found: str, text: str, item: str) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    start = text.index(found)
    added = complete_lists(text, [(start, start + len(found), "PERSON")])
    assert item in {text[a:b] for a, b in added}


@pytest.mark.parametrize(
    ("found", "text"),
    [
        ("anna", "anna, teh dashbaord is broken"),  # typos
        ("anna", "anna, jira board"),
    ],
)
def test_no_list_item_of_typos_or_known_words(found: str, text: str) -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    start = text.index(found)
    added = complete_lists(text, [(start, start + len(found), "PERSON")])
    assert not {text[a:b] for a, b in added} & {"teh dashbaord", "jira board"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("participant anna, born and raised in cuenca, now based in madrid.", "cuenca"),
        ("Sie ist in Rostock aufgewachsen, aufgewachsen in Görlitz.", "Görlitz"),
        ("I work on trains between Leeds and York.", "York"),
        ("lol can u check the logins\nanna from badajoz won the raffle", "badajoz"),
    ],
)
def test_places_by_upbringing_pairs_and_rare_words(text: str, place: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert place in spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.parametrize(
    "text",
    [
        "We moved from Basic to Premium and then to Pro.",
        "between Monday and Friday; from Slack to Teams",
        "the money comes from badges and from salsa",
    ],
)
def test_no_places_in_plans_days_and_words(text: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert not spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("the courier kept delivering to 17 Holland Stairs instead.", "17 Holland Stairs"),
        ("the courier kept delivering to 17 holland stairs instead.", "17 holland stairs"),
        ("Parcel left at 4 Mill Yard, Leeds.", "4 Mill Yard, Leeds"),
        ("our studio is at 12 hope street, g6 6qx. notes: none", "12 hope street, g6 6qx"),
    ],
)
def test_thoroughfares_delivery_phrases_and_lower_case_postcodes(text: str, address: str) -> None:
    from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer

    assert address in spans(StreetAddressRecognizer(), "STREET_ADDRESS", text)


@pytest.mark.parametrize(
    "text",
    ["Follow these 3 Easy Steps to start", "we closed 12 Open Tickets; see 2 Next Steps"],
)
def test_phrases_ending_in_steps_are_no_address(text: str) -> None:
    from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer

    assert not spans(StreetAddressRecognizer(), "STREET_ADDRESS", text)


def test_the_whole_detector_takes_each_value_of_a_chat(detector: Detector) -> None:
    text = "ok\nyasemen, sending it now\nadetoke: my address is 12 hope street, g6 6qx."
    found = {text[f.start : f.end] for f in detector.analyze_many([text])[0]}
    assert {"yasemen", "adetoke"} <= found
    assert any("g6 6qx" in span for span in found)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Shipping label:\nAnna Murray\nFlat 35, Katherine Village\nGlasgow PL17 2QD\n995 641", "995 641"),
        ("Happy to join an interview. Ana Ruiz, 917558654.", "917558654"),
        ("- Richard is happy to be contacted again at 515-322.", "515-322"),
        ("text me anytime at 555 0199, thanks", "555 0199"),
    ],
)  # fmt: skip
def test_phones_under_an_address_after_a_name_and_after_an_adverb(
    detector: Detector, text: str, number: str
) -> None:
    found = {text[f.start : f.end] for f in detector.analyze_many([text])[0]}
    assert number in found


@pytest.mark.parametrize(
    "text",
    [
        "Anna, 2019. Anna Smith, 12 items. Anna, 2024-03-01.",
        "Ship to 12 Main Street, Leeds LS1 4AB\n2024-03-01",
        "we contacted 123456 customers last year",
    ],
)
def test_no_phone_in_years_counts_and_dates(detector: Detector, text: str) -> None:
    found = [f for f in detector.analyze_many([text])[0] if f.entity_type == "PHONE_NUMBER"]
    assert found == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("near 0323 Ramirez Common Apt. 212, West Andreamouth, UT 71921.", "0323 Ramirez Common Apt. 212, West Andreamouth, UT 71921"),
        ("deliver weekdays only to 66 brown gate, tammymouth sa 0941, buzzer 35.", "66 brown gate, tammymouth sa 0941"),
        ("The courier left the parcel at Canale Serafina, 0, which is wrong.", "Canale Serafina, 0"),
        ("Returns go to PO Box 899\nJeffrey Ville, W64 0503, not the shop.", "PO Box 899\nJeffrey Ville, W64 0503"),
        ("Adresse : 133 bis boulevard de Allain, Résidence les Tilleuls, 70816 Marseille", "133 bis boulevard de Allain, Résidence les Tilleuls, 70816 Marseille"),
        ("anna smith\nflat 47, orchard house\n4 white glen\nleeds e5d 0zl", "flat 47, orchard house\n4 white glen\nleeds e5d 0zl"),
    ],
)  # fmt: skip
def test_addresses_known_by_their_locality_unit_or_town(text: str, address: str) -> None:
    from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer

    assert address in spans(StreetAddressRecognizer(), "STREET_ADDRESS", text)


@pytest.mark.parametrize(
    "text",
    [
        "I bought 3 red apples, sold in 2019 at the market.",
        "we shipped 12 units, Austin or 78701 maybe",
        "Send it to 12 Smith Street, Leeds 3853 Then we left.",
    ],
)
def test_no_address_in_counts_or_beyond_the_town(text: str) -> None:
    from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer

    found = spans(StreetAddressRecognizer(), "STREET_ADDRESS", text)
    assert not any("apples" in s or "units" in s or "Then" in s for s in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Szanowni Państwo,\nnowy adres.\n\nDzięki, Rozalia", "Rozalia"),
        ("jasmijn fiere belde in vanuit amsterdam.", "jasmijn fiere"),
        ("ajoutez gerónimo rosas à la liste de diffusion.", "gerónimo rosas"),
        ("SPOKE TO DONNA DE LACY (0161 496 0000).", "DONNA DE LACY"),
        ("- Met Alexandrie Bègue at the user meetup in Lyon", "Alexandrie Bègue"),
    ],
)
def test_names_after_a_polish_thanks_before_a_dutch_verb_and_beside_a_place(
    detector: Detector, text: str, name: str
) -> None:
    found = {
        text[f.start : f.end] for f in detector.analyze_many([text])[0] if f.entity_type == "PERSON"
    }
    assert name in found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("during onboarding anna said it worked", "said"),
        ("the client said so", "said"),
        ("Uses Harvest and Bulk Edit daily since 2024.", "Bulk Edit"),
        ("We flew to Florence Italy and then to Donna Street.", "Donna Street"),
    ],
)
def test_verbs_and_feature_names_beside_names_are_kept(
    detector: Detector, text: str, kept: str
) -> None:
    found = [
        text[f.start : f.end] for f in detector.analyze_many([text])[0] if f.entity_type == "PERSON"
    ]
    assert not any(kept in span or span in kept for span in found)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("text me when ur outside\ncall tony on 0161 496 0000", "tony"),
        ("bel Sanne op 06 12345678 als het kan", "Sanne"),
        ("notes: an heinz-otto wulf aus der buchhaltung eskaliert.", "heinz-otto wulf"),
        ("happy to join an interview. heinz-gerd schaaf, 0151 23456789.", "heinz-gerd schaaf"),
    ],
)
def test_whom_to_call_and_double_first_names_in_lower_case(text: str, name: str) -> None:
    assert name in named(text)


def test_no_one_to_call_in_function_words_places_and_products() -> None:
    text = "call me on 0161 496 0000, call the office on 0161 496 0001, call zoom on 12345678"
    assert not named(text) & {"me", "the office", "office", "zoom"}


def test_a_month_that_is_a_first_name_with_its_surname_in_a_list() -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    text = "teilnehmer: anna, jan und august scholz"
    start = text.index("jan")
    added = complete_lists(text, [(start, start + 3, "PERSON")])
    assert "august scholz" in {text[a:b] for a, b in added}
    text = "we met jan and may 2024 was busy"
    start = text.index("jan")
    assert not complete_lists(text, [(start, start + 3, "PERSON")])
