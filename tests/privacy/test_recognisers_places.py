"""Places after verbs of living, joining and travelling and after place labels, and street lines
after an address word (any case, any street type) or after a unit. They use the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers import gazetteer as gz
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
        ("the delivery address should be: 15167 cook mountains apt. 821\nport rebeccafurt, ne 19878", "15167 cook mountains apt. 821"),
        ("my address has changed to 4 lee fields, apt 2", "4 lee fields"),
        ("please update my billing address to 779 joseph oval, nashville, ms 87773.", "779 joseph oval, nashville, ms 87773"),
        ("venue: 08 zachary viaduct, townsville qld 2604 (sunday)", "08 zachary viaduct, townsville qld 2604"),
        ("meet at 27 nunne street, limerick, co. leitrim?", "27 nunne street, limerick, co. leitrim"),
        ("Send to 5 Main Street, Navan, Co. Meath please", "5 Main Street, Navan, Co. Meath"),
        # any street type on the line above (or before the comma of) a town-and-postcode line
        ("Jo\n101 Barrera Part\nCairns SA 3640. Tel 1234", "101 Barrera Part\nCairns SA 3640"),
        ("Jo\nUnit 65/12/835 Diaz Plateau\nCairns TAS 4290", "Unit 65/12/835 Diaz Plateau"),
        ("Text me. Level 4 1 Larry Trunkway, Shirleyfort WA 7198", "Level 4 1 Larry Trunkway"),
        ("postal address\ngpo box 3247, st. pamelafurt wa 2941", "gpo box 3247, st. pamelafurt wa 2941"),
        ("enviarlo a C. Jose Carlos Salvador 88, piso 7, puerta 7, 12665 Valladolid.", "C. Jose Carlos Salvador 88, piso 7, puerta 7, 12665 Valladolid"),
        ("Vive en C. Mayor 12, 28013 Madrid", "C. Mayor 12, 28013 Madrid"),
        ("recipient: bradley chambers\nstreet: 60/9 don gully\ntown and postcode: south jennifer wa 1062", "60/9 don gully"),
        ("recipient: bradley chambers\nstreet: 60/9 don gully\ntown and postcode: south jennifer wa 1062", "south jennifer wa 1062"),
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
        "the address should be: 3 views of the dashboard",
        "our town and city: planning for 2025 starts\n",
        "We have 3 Great Points, Dublin D02 X285 is the office",  # no line or sentence start
        "I bought 2 apples\nSpringfield, IL 62704",  # the line above has no house number first
        "Take vitamin C. Take 2 pills a day",  # "C." with no floor, door or postcode after it
        "Appendix C. Table 2 shows it",
    ],
)
def test_no_street_without_its_shape(text: str) -> None:
    found = spans(ADDRESSES, "STREET_ADDRESS", text)
    assert not any(
        any(
            word in s
            for word in ("views", "extension", "pls", "course", "people", "Great", "apples")
        )
        for s in found
    ), found


def test_a_county_is_one_word() -> None:
    found = spans(ADDRESSES, "STREET_ADDRESS", "Send to 5 Main Street, Navan, Co. Meath please")
    assert found == {"5 Main Street, Navan, Co. Meath"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # moved house, in the language's own verb (capitals run to the next function word)
        ("A DÉMÉNAGÉ À DELAHAYE-SUR-MER LE 28 MAI 2022.", "DELAHAYE-SUR-MER"),
        ("si è trasferita a Castelnuovo Rangone il 20/07/2018", "Castelnuovo Rangone"),
        ("Ze is verhuisd naar Wijk bij Duurstede.", "Wijk bij Duurstede"),
        ("przeprowadziła się do Kęty w marcu", "Kęty"),
        # lower case after a place phrase: a word no list knows, up to the clause's end
        ("ik woon nu in snakkerburen.", "snakkerburen"),
        ("klant woont nu in broeksterwâld, zegt ze", "broeksterwâld"),
        ("klant woont nu in vorstenbosch.", "vorstenbosch"),  # a surname too
        # the second place of a pair
        ("Hi,\nI moved from Arnhem to Snakkerburen last month", "Snakkerburen"),
        ("i work on trains between galway and cork.", "cork"),
        # a country closing an address block, in lower case; a region by its pycountry name
        ("postal address\npo box 8645\nnew aaronmouth, pa 59351\nvanuatu", "vanuatu"),
        ("customer is based in wales.", "wales"),
    ],
)
def test_places_after_moving_verbs_pairs_and_address_blocks(text: str, place: str) -> None:
    assert place in spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.parametrize(
    "text",
    [
        "she lives in fear of the export",  # an ordinary word after a place phrase
        "he lives in a flat now",
        "they live in harmony with the old plan",  # a first name, but a word too
        "Moved from Basic to Premium last week",  # a pair of plans, not places
        "from Berlin to Premium Support",  # the first is a place, the second is not
        "the order went from pending to shipped",
        "Invoice 4471\nTotal 12.99\nPaid",  # a line after a digit, but no country
        "si è trasferita a marzo",  # a month after the verb
    ],
)
def test_no_place_after_those_rules_without_one(text: str) -> None:
    found = spans(PlaceRecognizer(), "LOCATION", text)
    assert found <= {"Berlin"}


@pytest.mark.parametrize(
    "name",
    ["Vizcaya", "Guipúzcoa", "Biscaye", "Bavière", "Baviera", "Beieren", "Bawaria", "Toskana", "Masowien"],
)  # fmt: skip
def test_a_region_by_its_name_in_a_supported_language(name: str) -> None:
    """pycountry's translations of subdivision names: what Spanish, French, Italian, Dutch,
    Polish or German writers call a region of another supported locale."""
    assert gz.load().get(name) & gz.PLACE


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("we drove between vizcaya and navarra", "navarra"),
        ("Sie ist nach Toskana gezogen.", "Toskana"),
        ("il habite en Bavière depuis 2019", "Bavière"),
    ],
)
def test_places_of_those_names_in_text(text: str, place: str) -> None:
    assert place in spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("The voucher should go by post to 551 Maxwell Well, he said.", "551 Maxwell Well"),
        ("shipping to 14 oak well", "14 oak well"),
    ],
)
def test_a_well_is_a_street_after_an_address_word(text: str, address: str) -> None:
    assert address in spans(ADDRESSES, "STREET_ADDRESS", text)


@pytest.mark.parametrize(
    "text",
    ["We handled 3 Cases Well", "send the file to 2 people as well", "we did 2 things well"],
)
def test_no_well_street_without_an_address_word(text: str) -> None:
    assert spans(ADDRESSES, "STREET_ADDRESS", text) == set()
