"""Places after verbs of living, joining and travelling and after place labels, and street lines
after an address word (any case, any street type) or after a unit. They use the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.places import PlaceRecognizer
from tests.privacy.recognised import spans

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("si è collegato da trieste, la connessione saltava", "trieste"),
        ("hat sich aus köln zugeschaltet", "köln"),
        ("Rozmowa: Cyprian, miasto: Katowice. Prosi o telefon", "Katowice"),
        ("she travels to marseille every month", "marseille"),
        ("Ik woon nu in Benschop.", "Benschop"),
        ("la clienta vive ahora en vigo.", "vigo"),
        ("SE CONECTÓ DESDE ALBACETE; LA CONEXIÓN SE CORTABA", "ALBACETE"),
        ("klientka mieszka teraz w: lublin.", "lublin"),
    ],
)
def test_places_after_verbs_of_living_joining_and_labels(text: str, place: str) -> None:
    assert place in spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.parametrize(
    "text",
    ["Our city Council meets on Monday", "the town hall was closed", "location services are off"],
)
def test_place_labels_need_their_colon(text: str) -> None:
    assert spans(PlaceRecognizer(), "LOCATION", text) == set()


ADDRESSES = StreetAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("please send it to level 9 77 haley thoroughfare, matthewburgh tas 8761 instead", "77 haley thoroughfare"),
        ("address on file: flat 8, davies stravenue, nottingham sr9b 7ll. correct?", "flat 8, davies stravenue"),
        ("Deliver to Studio 50P, Lucy Pass, the blue door.", "Studio 50P, Lucy Pass"),
        ("address confirmed: 924 tasha coves, new orleans, ut 23293.", "924 tasha coves"),
        ("Correspondence address: Apdo. 7002, 39972 Palma", "Apdo. 7002"),
        ("sent to antwoordnummer 80077\n9707 ml tilburg.", "antwoordnummer 80077"),
    ],
)  # fmt: skip
def test_street_lines_after_an_address_word_or_a_unit(text: str, address: str) -> None:
    assert any(address in span for span in spans(ADDRESSES, "STREET_ADDRESS", text))


@pytest.mark.parametrize(
    "text",
    [
        "I have 3 great views of the dashboard",
        "we shipped 2 chrome extension updates",
        "my member id is 8566 8941 12 if that helps\npls send it",
        "room 4, the main course was cold",
        "skrytka pocztowa 103\n47 people came",
    ],
)
def test_no_street_without_its_shape(text: str) -> None:
    found = spans(ADDRESSES, "STREET_ADDRESS", text)
    assert not any(
        "views" in s or "extension" in s or "pls" in s or "course" in s or "people" in s
        for s in found
    ), found
