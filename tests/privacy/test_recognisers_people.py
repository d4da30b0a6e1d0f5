"""People that no capital letter gives away: subjects of what people do, speakers' labels,
unusual surnames after a first name, names run on over particles, initials and second
surnames, lists of thanks and contacts, and unlisted pairs. Positive and negative cases for
each, and a property over surnames that no list has."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persona_batch.privacy.detect import Detector
from persona_batch.privacy.recognisers import gazetteer as gz
from tests.privacy.recognised import spans

pytestmark = pytest.mark.slow


def _found(detector: Detector, text: str, entity: str = "PERSON") -> list[str]:
    return [
        text[f.start : f.end] for f in detector.analyze_many([text])[0] if f.entity_type == entity
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("dorothee schatteleijn said it was fine", "dorothee schatteleijn"),
        ("phileine schatteleijn said it was fine", "schatteleijn"),
        ("brb, trung is calling", "trung"),
        ("lol kim broke the build again", "kim"),
        ("- MARTHE WORKS AS ACCOUNT MANAGER", "MARTHE"),
        ("callan moved to vienna so fully remote now", "callan"),
        ("Anna said the export was slow", "Anna"),
        ("henrike sagt, der Export geht wieder", "henrike"),
    ],
)
def test_the_subject_of_a_verb_people_do_is_a_name(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer

    assert name in spans(SubjectNameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "the client said no",
        "our sso broke again",
        "csv could not load the file",
        "Export is broken since Monday",
        "support said yes",
        "she said the price was fine",
        "the dashboard is slow and the login broke",
    ],
)
def test_things_and_roles_are_no_subject_names(text: str) -> None:
    from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer

    assert spans(SubjectNameRecognizer(), "PERSON", text) == set()


def test_a_subject_takes_a_first_name_before_it_only_when_it_is_one() -> None:
    from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer

    assert spans(SubjectNameRecognizer(), "PERSON", "During onboarding Kim said no") == {"Kim"}
    assert spans(SubjectNameRecognizer(), "PERSON", "onboarding schatteleijn said") == {
        "schatteleijn"
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("patricio: where do i find the export button", "patricio"),
        ("[10:02] Joe Bloggs: thanks, that worked", "Joe Bloggs"),
        ("q: what now?\nAnna Schmidt: ja, bitte", "Anna Schmidt"),
    ],
)
def test_a_speakers_label_is_a_name(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    ["Note: the export failed", "Update: shipped on Friday", "Beta testers: see below", "Q: why?"],
)
def test_a_label_is_no_speaker(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert spans(NameRecognizer(), "PERSON", text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hey its amy van der meulen from accounts", "amy van der meulen"),
        ("spoke to apolonia r. nicewicz (+48-58-417-9295).", "apolonia r. nicewicz"),
        ("Guest list: Emir van Wijk +1; Artur Vacek; Dewi van der Meer +2", "Dewi van der Meer"),
        ("escalado a gil alemany álamo.", "gil alemany álamo"),
        ("- dorothee pruschke hat sich aus auckland zugeschaltet", "dorothee pruschke"),
        ("Session notes - Lisa-Marie Davis, date of birth: 1945-04-29", "Lisa-Marie Davis"),
        ("escalated to alexandrie collet in operations.", "alexandrie collet"),
        ("- Background: Thảo Hoàng has been doing bookkeeping", "Thảo Hoàng"),
    ],
)
def test_a_whole_name_is_found(detector: Detector, text: str, name: str) -> None:
    assert name in _found(detector, text)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("- tiarna said her manager left", ["tiarna"]),
        ("AN KAREN LOOS AUS DER BUCHHALTUNG ESKALIERT.", ["KAREN LOOS"]),
        ("thank-you note to jose duran drafted; waiting", ["jose duran"]),
        (
            "Grazie a Ornella, Gianpaolo e Sylvia per la sessione.",
            ["Ornella", "Gianpaolo", "Sylvia"],
        ),
        ("Podziękowania: Melania, Gaja, Liwia.", ["Melania", "Gaja", "Liwia"]),
        ("signed consent: caridad arco cuervo (26/02/2022)", ["caridad arco cuervo"]),
    ],
)
def test_a_name_ends_where_the_sentence_goes_on(
    detector: Detector, text: str, names: list[str]
) -> None:
    assert _found(detector, text) == names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Indirizzo di spedizione:\nAzeglio Udinese\nBorgo Loredana, 60", "Azeglio Udinese"),
        ("invoice to: jinthe van rooij, postbus 2687", "jinthe van rooij"),
    ],
)
def test_whose_address_it_is(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert name in spans(NameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    ["Ship to:\nWarehouse 4\nDock Road", "We enabled Focus Mode", "The SSO API is down"],
)
def test_no_one_in_these(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    assert spans(NameRecognizer(), "PERSON", text) == set()


def test_unlisted_means_in_no_list_at_all() -> None:
    table = gz.load()
    assert table.unlisted("pruschke") and table.unlisted("Liverotti")
    assert not table.unlisted("dashboard") and not table.unlisted("anna")
    assert table.get("dashboard") == 0  # a word people write, but no name, place or COMMON bit


# --------------------------------------------------------------------------- property

_FIRST = ["anna", "marco", "sofia", "lukas", "julia", "pedro", "ewa", "daan", "chloe", "tomasz"]
_TEMPLATES = [
    "hey its {name} from accounts, can u call me back",
    "interview with {name} on thursday",
    "escalated to {name} in operations.",
    "{name} said the export is broken again",
    "cc {name}",
]


def _surname(rng: random.Random) -> str:
    while True:
        word = "".join(
            rng.choice("bcdfghklmnprstvwz") + rng.choice("aeiou") for _ in range(rng.randint(3, 4))
        ) + rng.choice(["ski", "ez", "ini", "sen", "ova", "berg", ""])
        if gz.load().unlisted(word) and word not in string.ascii_lowercase:
            return word


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10**6), first=st.sampled_from(_FIRST), template=st.sampled_from(_TEMPLATES)
)
def test_an_unusual_surname_after_a_first_name_never_survives(
    detector: Detector, seed: int, first: str, template: str
) -> None:
    surname = _surname(random.Random(seed))
    text = template.format(name=f"{first} {surname}")
    covered = "".join(
        "#" if any(f.start <= i < f.end for f in detector.analyze_many([text])[0]) else ch
        for i, ch in enumerate(text)
    )
    assert surname not in covered and first not in covered.split()
