"""Places, street lines and ID codes that capitals or a phrase used to give away: lower-case
places after "in", "to", "from"; a street line on its own line in any case; Australia Post's
street types; a passport-shaped code with no phrase before it."""

from __future__ import annotations

import pytest

from tests.privacy.recognised import spans

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("moved to nashville; update the region.", "nashville"),
        ("i already recommend you to everyone in bucharest.", "bucharest"),
        ("i work on trains between wexford and cape town.", "wexford"),
        ("i moved from bilbao to córdoba last month", "córdoba"),
        ("DATA DI NASCITA: 21.05.1947, VIVE A BUENOS AIRES. HA INSERITO", "BUENOS AIRES"),
    ],
)
def test_a_place_in_lower_case_after_a_place_word(text: str, place: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert place in spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.parametrize(
    "text",
    [
        "we met in person to talk about the export",
        "she is in charge of billing",
        "logged in to slack at home",
        "moved to the new plan in march",
    ],
)
def test_no_place_in_lower_case_without_one(text: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert spans(PlaceRecognizer(), "LOCATION", text) == set()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "peter r. kelly\n370 jeremy tarn\nnewcastle nsw 2963",
            "370 jeremy tarn\nnewcastle nsw 2963",
        ),
        ("send the replacement card to 234 jones tor", "234 jones tor"),
        (
            "To: Christopher Davis\n459 Christina Break\nDarwin NT 2104",
            "459 Christina Break\nDarwin NT 2104",
        ),
        (
            "OLD ADDRESS: 50179 MICHELLE RUN, BOSTON, NV 03961",
            "50179 MICHELLE RUN, BOSTON, NV 03961",
        ),
    ],
)
def test_street_lines_in_any_case(text: str, address: str) -> None:
    from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer

    assert address in spans(StreetAddressRecognizer(), "STREET_ADDRESS", text)


@pytest.mark.parametrize(
    "text",
    ["Top 3 asks:\n2 dark mode\n10 more exports", "we had 7 tickets about the new run", "ran 5 km"],
)
def test_no_street_line(text: str) -> None:
    from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer

    assert spans(StreetAddressRecognizer(), "STREET_ADDRESS", text) == set()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Thanks, Necva (C600734454)", "C600734454"),
        ("scan shows X999999999 on page 2", "X999999999"),
    ],
)
def test_a_passport_shaped_code(text: str, code: str) -> None:
    from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer

    assert code in spans(ContextIdRecognizer(), "ID_NUMBER", text)


@pytest.mark.parametrize(
    "text", ["order T123456 shipped", "ticket A-12345", "build V2024.10.1", "INV-004211 paid"]
)
def test_order_and_version_codes_are_no_id(text: str) -> None:
    from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer

    assert spans(ContextIdRecognizer(), "ID_NUMBER", text) == set()
