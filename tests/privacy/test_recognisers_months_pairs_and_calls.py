"""A first name that is also a month, then its surname; a name no list has after a participant
label; whom a parcel is for; a lower-case first name that is a function word somewhere, then a
surname no list has; a rare surname, or a name no list has, after a sign-off; a signed first
name that is a function word somewhere; first names that are also words, as a list's items; a
rare surname after a first name; the first place of a "from X to Y" pair; a call
verb however conjugated before a number; a lower-case Eircode or Canadian postcode closing an
address."""

from __future__ import annotations

import pytest

from persona_batch.privacy.detect import Detector
from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.phones import ContextPhoneRecognizer
from persona_batch.privacy.recognisers.places import PlaceRecognizer
from tests.privacy.recognised import extended, found, named, persons

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We met Maja Prinsen on Tuesday.", "Maja Prinsen"),  # "maja": May, in Polish
        ("April Kowalczyk called about the invoice.", "April Kowalczyk"),
        ("The session with June Okafor ran late.", "June Okafor"),
        ("partecipante: temistocle soprano, reclutata a gennaio", "temistocle soprano"),
        ("deelnemer: wiebren de vries, geworven via de enquête", "wiebren de vries"),
        ("Parcel for Henry - leave it at the door.", "Henry"),  # "henry", a unit too
        ("spoke to inna etzold yesterday.", "inna etzold"),  # "inna": Polish for "other"
        ("Danke und Gruß, Eckhardt", "Eckhardt"),  # a surname rare as a word everywhere
        ("Grazie.\n\nSaluti, Zacharie", "Zacharie"),  # no list has him as a name
        ("best regards,\nmie mathiasen\n07 35 97 57 22", "mie mathiasen"),  # "mie": "my"
        ("Presentes: Loreto, Agustina, Rosalía.", "Agustina"),  # first names, words of Spanish
    ],
)
def test_month_first_names_unlisted_participants_and_addressees(text: str, name: str) -> None:
    assert name in named(text)


@pytest.mark.parametrize(
    "text",
    [
        "May Day sale ends on Friday",
        "June Sale starts now",
        "the invoice of 15 April Smith paid",  # a date before the surname
        "In May Google changed the login",
        "participant: the export was slow",
        "participant: unclear, maybe later",
        "rozmawiałam z nim, inna osoba to odebrała",  # "inna": "another", in Polish
        "Danke und Gruß, Ordnung muss sein",
        "a parcel for Monday delivery",
        "Thanks, Everyone",
        "best regards,\nthe support team",
        "Attendees: Sales, Marketing and Support",
    ],
)
def test_no_names_in_months_and_words_after_labels(text: str) -> None:
    assert not named(text)


def test_a_capitalised_rare_word_after_a_first_name_is_its_surname() -> None:
    """ "Treves" is a town in the lists and a rare word everywhere: after "Nicolò", his surname.
    An English word after a name is not taken, ("Nicolò Meanwhile")."""
    assert extended("Aggiungete Nicolò Treves alla mailing list.", "Nicolò") == ["Nicolò Treves"]
    assert extended("Then Nicolò Meanwhile left.", "Nicolò") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("i moved from losdorp to Utrecht last month", "losdorp"),
        ("i moved from nijmegen to Amsterdam last month", "nijmegen"),
        ("we drove from Kleinwald to Leeds on Friday", "Kleinwald"),
    ],
)
def test_the_first_place_of_a_pair(text: str, place: str) -> None:
    assert place in found(PlaceRecognizer(), text, "LOCATION")


@pytest.mark.parametrize(
    "text",
    [
        "from tuesday to Berlin we were offline",
        "the move from excel to London was slow",
        "from Jira to London we moved everything",  # a product
        "from support to Berlin",
    ],
)
def test_no_first_place_from_words_days_or_products(text: str) -> None:
    places = found(PlaceRecognizer(), text, "LOCATION")
    assert all(p[0].isupper() and p in ("Berlin", "London") for p in places)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("hola soy Ana, me llamas al 722504717?", "722504717"),
        ("si puedes llámeme al 612 345 678", "612 345 678"),
        ("mi chiami al 3471234567 domani", "3471234567"),
        ("appelle-moi au 0612345678 stp", "0612345678"),
        ("Podéis contactarme en el 659893055 o en el correo.", "659893055"),
        ("ik ben bereikbaar op 06 12345678", "06 12345678"),
    ],
)
def test_a_call_verb_however_conjugated(text: str, number: str) -> None:
    assert number in found(ContextPhoneRecognizer(), text)


@pytest.mark.parametrize("text", ["llamé al 2024 veces", "en 2024 vendimos 12000 unidades"])
def test_no_phone_after_a_call_verb_and_a_count(text: str) -> None:
    assert found(ContextPhoneRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("our studio is at 4 Main Street, c37 0y9c.", "4 Main Street, c37 0y9c"),
        ("our office: 9 King St W, Toronto, m5h 2n2.", "9 King St W, Toronto, m5h 2n2"),
    ],
)
def test_a_lower_case_postcode_closes_an_address(text: str, address: str) -> None:
    assert address in found(StreetAddressRecognizer(), text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Team: León Lucena Rebollo (lead), Ana Ruiz, Bob Lee", "León Lucena Rebollo"),
        ("I spoke to Georgia Kowalczyk today.", "Georgia Kowalczyk"),
        ("refund to iban DE89370400440532013000, account holder sean ruiz.", "sean ruiz"),
        ("- Remote interview. Abbi MacCartan is 71, a site manager.", "Abbi MacCartan"),
    ],
)
def test_first_names_that_are_places_or_words_before_their_surnames(
    detector: Detector, text: str, name: str
) -> None:
    """A big place that is a first name too (not an English word) grows over a surname; a
    lower-case first name that is a function word ("sean") before a listed surname; a first
    name that is a rare word of one language before a surname no list has."""
    assert any(name in p for p in persons(detector, text))


@pytest.mark.parametrize(
    "text",
    [
        "We visited Jordan Valley last year.",
        "she studied at Georgia Tech",
        "Offices in Georgia and Florida.",
        "que sean rápidos por favor",
        "The Hereby Zorblix plan",
    ],
)
def test_no_person_from_places_function_words_or_rare_words(detector: Detector, text: str) -> None:
    assert persons(detector, text) == []
