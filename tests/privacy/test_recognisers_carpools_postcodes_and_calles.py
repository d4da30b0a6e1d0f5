"""Who drives, who is off: a first name as the subject of "drives" and of a verb in the plural
with another first name before "and"; a postcode given for a place named before a colon; a
Spanish "c. de" street in lower case."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer
from persona_batch.privacy.recognisers.postcodes import PostcodeRecognizer
from tests.privacy.recognised import found, spans


def subjects(text: str) -> set[str]:
    return spans(SubjectNameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("carpool: noël drives, the others take the bus.", {"noël"}),
        ("Carpool: Noël drives this week.", {"Noël"}),
        ("dean and nova are off till tuesday", {"dean", "nova"}),
        ("harry and joe are off till monday", {"harry", "joe"}),
        ("Emilia and Bartosz are on leave next week.", {"Emilia", "Bartosz"}),
        ("siobhan drove us to the airport", {"siobhan"}),
    ],
)
def test_who_drives_and_who_is_off(text: str, names: set[str]) -> None:
    assert subjects(text) >= names


@pytest.mark.parametrize(
    "text",
    [
        "the wind drives the boat",
        "Ambition drives her.",
        "it drives me mad",
        "sales and support are off on friday",
        "Customer success and Sales are out today.",
        "the mobile and desktop apps are back up",
        "Dean and nova are off",  # not written the same way: "Dean" may start the sentence
    ],
)
def test_no_subjects_in_things_that_drive_or_are_off(text: str) -> None:
    assert not subjects(text) - {"nova"}


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("Postcode for 4 George St, Sydney: 2972", "2972"),
        ("postcode for the new office: 3000 and the phone is on file", "3000"),
        ("the zip code of my mother's place: 94107", "94107"),
        ("Code postal de la nouvelle adresse : 75011", "75011"),
        ("PLZ für die Lieferung: 80331", "80331"),
    ],
)
def test_a_postcode_for_a_place_named_before_a_colon(text: str, postcode: str) -> None:
    assert postcode in found(PostcodeRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    [
        "Zip for the order: 12 units",
        "The zip file for release 3: 2024 notes",
        "postcode for the new office. 3000 people work there",  # another sentence
        "postcode for the office\n3000 desks",
    ],
)
def test_no_postcode_without_its_colon_on_the_line(text: str) -> None:
    assert not found(PostcodeRecognizer(), text)


@pytest.mark.parametrize(
    ("text", "street"),
    [
        (
            "the courier kept delivering to c. de martín botella 8 puerta 9 instead.",
            "c. de martín botella 8",
        ),
        ("THE COURIER WENT TO C. DE MARTÍN BOTELLA 8 PUERTA 9.", "C. DE MARTÍN BOTELLA 8"),
        ("envíalo a c. del olmo 12, 2º izq, por favor", "c. del olmo 12"),
        ("mi casa: c. de la reina 4\n28004 madrid", "c. de la reina 4"),
    ],
)
def test_a_spanish_c_de_street_in_any_case(text: str, street: str) -> None:
    assert any(street in s for s in found(StreetAddressRecognizer(), text))


@pytest.mark.parametrize(
    "text",
    [
        "c. de 1990 the building was 8 floors",
        "we use c. del 5 al 8 piso",
        "c. de los 300 clientes, 40 piso",  # a count, not a street
    ],
)
def test_no_street_in_c_de_without_a_name_and_number(text: str) -> None:
    assert not found(StreetAddressRecognizer(), text)
