"""The name before a birth date; names set where an address block's layout puts one, in any
language; sign-off names that are also words; accented spellings of listed names; and what
people of a supported locale call their own cities and other countries."""

from __future__ import annotations

import pytest

from persona_batch.privacy.detect import Detector
from tests.privacy.recognised import named, spans

pytestmark = pytest.mark.slow


def _born(text: str) -> set[str]:
    from persona_batch.privacy.recognisers.name_births import born_names
    from persona_batch.privacy.recognisers.name_blocks import NameView

    return {text[a:b] for a, b, _, _ in born_names(NameView(text))}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("session notes - basarab c. pușcașu, dob: 28/12/1964, lives in x", {"basarab c. pușcașu"}),
        ("- conversación con urbano, f. nacimiento 2 de septiembre de 1964", {"urbano"}),
        ("Jan Kowalski (ur. 12.03.1980) mieszka w Gdańsku.", {"Jan Kowalski"}),
        ("Interview with Priya Raman, born 12 March 1984, in Leeds.", {"Priya Raman"}),
        ("Gespräch mit Dörte Vogt, geb. 03.04.1971, in Kiel", {"Dörte Vogt"}),
        ("RENCONTRE AVEC ZOÉ MARCHAL, NÉE LE 2 MAI 1990", {"ZOÉ MARCHAL"}),
    ],
)
def test_the_name_before_a_birth_date(text: str, names: set[str]) -> None:
    assert _born(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "My mother, born 1950, still uses the app.",  # an ordinary word
        "the customer, DOB 1961, asked for a refund.",
        "Signed up in March, born in 1990 per the form.",  # a month
        "Mi madre, nacida en 1950, usa la app.",  # another language's ordinary word
        "she said, born and raised in Leeds, that it was fine",  # a function word
        "Born 17/01/1981, works nights.",  # nothing before it
    ],
)
def test_no_name_before_a_birth_date(text: str) -> None:
    assert _born(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Aysel Salz\nGeiselallee 3/9\n09478 Mellrichstadt", "Aysel Salz"),  # "Salz": a word
        ("Afleveradres:\nLot de Jode Vastraedsd\nNienkeboulevard 47\n1611HE Almere", "Lot de Jode Vastraedsd"),
        ("Thanks,\nMille (C585105357)", None),  # covered by the signature rule
        ("I'm 43.\n\nThanks, Mille (C585105357)", "Mille"),  # a French word, ending its line
        ("thanks, íngrid (535-86729-80)", "íngrid"),  # "Ingrid" with an accent
        ("Die Kollegin Hanno Scholz kümmert sich um die Rechnungen.", "Hanno Scholz"),
    ],
)  # fmt: skip
def test_names_where_layout_or_phrase_put_them(text: str, name: str | None) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    found = spans(NameRecognizer(), "PERSON", text)
    if name is not None:
        assert name in found


@pytest.mark.parametrize(
    "text",
    [
        "Acme Logistics\n12 Harbour Road\nLeeds LS1 4AB",  # a firm: English words
        "Main Office\n12 Harbour Road\nLeeds LS1 4AB",
        "Ship to:\nHead Office\n12 Harbour Road",
        "Thanks, all (see below)",  # a stop word that is no name
        "thanks, and see you (soon)",
    ],
)
def test_no_name_in_those_places(text: str) -> None:
    from persona_batch.privacy.recognisers.names import NameRecognizer

    found = spans(NameRecognizer(), "PERSON", text)
    assert not found & {"Acme Logistics", "Main Office", "Head Office", "all", "and"}


def test_an_accented_spelling_has_the_names_bits_of_the_plain_one() -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    table = gz.load()
    assert table.get("íngrid") & gz.FIRST == table.get("ingrid") & gz.FIRST != 0
    assert table.unlisted("íngrid")  # still a spelling no list has, as an unusual name is
    assert table.get("été") & (gz.FIRST | gz.LAST) == 0  # an accented word keeps its own bits
    assert table.unlisted("zblörfq")


@pytest.mark.parametrize(
    "name",
    ["croazia", "kroatië", "chorwacja", "niemcy", "pays-bas", "den haag", "firenze", "köln", "wien", "torino"],
)  # fmt: skip
def test_local_names_of_cities_and_countries_are_places(name: str) -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    assert gz.load().get(name) & gz.PLACE


@pytest.mark.parametrize("word", ["google", "lion", "haag", "vine", "crossroads"])
def test_other_names_that_are_words_or_names_are_no_places(word: str) -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz

    assert not gz.load().get(word) & gz.PLACE


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("mijn kaartnummer is verlopen. ik woon nu in den haag.", "den haag"),
        ("GOOD MORNING,\nI'M IN CROAZIA UNTIL MAY SO PLEASE DON'T SHIP ANYTHING.", "CROAZIA"),
        ("Sie wohnt jetzt in Köln und pendelt.", "Köln"),
    ],
)
def test_local_names_are_found_in_text(text: str, place: str) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert place in spans(PlaceRecognizer(), "LOCATION", text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("sara is 40 and never used slack before lol", "sara"),  # also an Italian stop word
        ("feline is 51 and never used slack before lol", "feline"),
        ("Urbano tiene 38 años y vive en Murcia.", "Urbano"),
        ("piermaria ha 33 anni", "piermaria"),
    ],
)
def test_a_first_name_before_an_age(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer

    assert name in spans(SubjectNameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    "text",
    [
        "the app is 12 years old",
        "version is 40 now",
        "iOS is 17 on her phone",
        "Python is 3.11 here",
        "Zoom is 15 per month",
        "the sara is 40",  # after an article
        "pipefy is 40 now",  # a word in no list, with no unit
        "sara is 7",  # no adult's age
        "sara è 40.5 per cento",  # Italian: "sarà", a function word there
    ],
)
def test_no_name_before_an_age_of_a_thing(text: str) -> None:
    from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer

    assert not spans(SubjectNameRecognizer(), "PERSON", text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("- Met Xavi at the user meetup in Alteveer; he agreed to a session.", "Alteveer"),
        ("Wir haben sie auf der Konferenz in Zwolle getroffen.", "Zwolle"),
        ("spotkaliśmy się na targi w Kielcach", None),  # lower-case "w": the gazetteer decides
    ],
)
def test_where_people_gathered_is_a_place(text: str, place: str | None) -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    found = spans(PlaceRecognizer(), "LOCATION", text)
    if place is not None:
        assert place in found


def test_where_people_gathered_online_is_no_place() -> None:
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    assert not spans(PlaceRecognizer(), "LOCATION", "the workshop in Miro went fine")
    assert not spans(PlaceRecognizer(), "LOCATION", "the meetup in the evening was full")


def test_a_guests_plus_ones_do_not_hide_the_name_before_them() -> None:
    from persona_batch.privacy.recognisers.lists import complete_lists

    text = "GUEST LIST: KLAUS SPIESS +1; PAUL SANCHEZ; CHRISTOPHER KING +2"
    paul = text.index("PAUL SANCHEZ")
    added = complete_lists(text, [(paul, paul + len("PAUL SANCHEZ"), "PERSON")])
    assert "KLAUS SPIESS" in {text[a:b] for a, b in added}
    assert not any("+1" in text[a:b] for a, b in added)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("TABLE 2: IZE VAN DER VEN.", "IZE VAN DER VEN"),
        ("we kregen een mail van jinthe van rooij gisteren", "jinthe van rooij"),
        ("Ludwig van Beethoven wrote it", "Ludwig van Beethoven"),
    ],
)
def test_a_name_with_a_particle(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.name_blocks import NameView
    from persona_batch.privacy.recognisers.name_pairs import particle_names

    assert name in {text[a:b] for a, b, _, _ in particle_names(NameView(text))}


@pytest.mark.parametrize(
    "text",
    [
        "een van de beste tools die we hebben",
        "de factuur van de klant is te laat",
        "the camper van der side",
        "Bericht von der Bank",
        "ik ben van plan om te stoppen",
    ],
)
def test_ordinary_words_around_a_particle_are_no_name(text: str) -> None:
    from persona_batch.privacy.recognisers.name_blocks import NameView
    from persona_batch.privacy.recognisers.name_pairs import particle_names

    assert particle_names(NameView(text)) == []


def test_a_name_in_capitals_after_a_phrase_in_mixed_case_text() -> None:
    assert "BALDASSARE OSCURO" in named("Could you spell it? It's BALDASSARE OSCURO.")
    assert "KOWALSKI JANUSZ" in named("Please ask for KOWALSKI JANUSZ at the desk.")
    for text in (
        "This is SEPA DIRECT DEBIT, not a card.",  # English words
        "Hi TEAM LEADS, the export is broken.",
        "It's PDF EXPORT that fails.",
        "It is HSBC UK that rejects it.",  # no name, no unlisted word
    ):
        assert not named(text), text


def test_a_listed_first_name_that_is_a_function_word_with_its_surname() -> None:
    assert "nam đặng" in named("presentes: benjamín, tina. excusa: nam đặng.")
    assert not named("excusa: nam por la sesión")  # "nam" and function words: no one


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("CARPOOL: MAURA DRIVES, AGNOLO AND NICCOLÒ RIDE ALONG.", {"AGNOLO", "NICCOLÒ"}),
        ("giulia e agnolo arrivano domani", {"giulia", "agnolo"}),
    ],
)
def test_two_names_joined_by_and(text: str, names: set[str]) -> None:
    from persona_batch.privacy.recognisers.name_blocks import NameView
    from persona_batch.privacy.recognisers.name_pairs import joined_names

    assert {text[a:b] for a, b, _, _ in joined_names(NameView(text))} == names


@pytest.mark.parametrize(
    "text",
    [
        "we use tags and labels for that",
        "slack and jira are both open",  # products
        "we moved from csv and xlsx to parquet",  # no first name
        "for webhooks and retries see the docs",
        "Milano e Torino sono piene",  # places, no first names
    ],
)
def test_two_things_joined_by_and_are_no_names(text: str) -> None:
    from persona_batch.privacy.recognisers.name_blocks import NameView
    from persona_batch.privacy.recognisers.name_pairs import joined_names

    assert joined_names(NameView(text)) == []


def test_a_rarer_first_name_that_is_no_word_after_for() -> None:
    assert "conchur" in named("parcel for conchur - leave it at flat 2 with the neighbour.")
    assert not named("slack and jira are both open")  # a product after "and"
    assert not named("is pipefy integration ready")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("SPOKE TO ANNA KOWALSKI (801 179).", "801 179"),
        ("Best regards,\nAnna Kowalski\n461 456", "461 456"),
        ("Best regards,\nAnna Kowalski\n+44 20 7946 0958", "+44 20 7946 0958"),
    ],
)
def test_a_phone_number_beside_a_name(text: str, number: str) -> None:
    from persona_batch.privacy.recognisers.beside_names import numbers_beside_names

    name = text.index("A")  # "ANNA" / "Anna" starts the only name
    person = (name, name + len("Anna Kowalski"), "PERSON")
    assert [text[a:b] for a, b in numbers_beside_names(text, [person])] == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Anna Kowalski (2019) was first.",  # a year
        "Anna Kowalski (12 items)",
        "Anna Kowalski\n2024-03-01",  # a date
        "Anna Kowalski\n12 March",
        "Anna Kowalski said 801 179 rows failed",  # no brackets, not on a line of its own
    ],
)
def test_no_phone_number_beside_a_name(text: str) -> None:
    from persona_batch.privacy.recognisers.beside_names import numbers_beside_names

    person = (0, len("Anna Kowalski"), "PERSON")
    assert numbers_beside_names(text, [person]) == []


def test_the_detector_adds_the_phone_beside_a_name(detector: Detector) -> None:
    text = "Best regards,\nAnna Kowalski\n461 456"
    found = {(f.entity_type, text[f.start : f.end]) for f in detector.analyze_many([text])[0]}
    assert ("PHONE_NUMBER", "461 456") in found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Per la verifica: conto n. - 95846875.", "95846875"),
        ("A DONNÉ SON N° DE PERMIS: 260107001 PENDANT L'INSCRIPTION.", "260107001"),
        ("Documento: n. cliente 63736688.", "63736688"),
        ("Do weryfikacji: numer dowodu osobistego WHN095190.", "WHN095190"),
    ],
)
def test_abbreviated_identifier_phrases(text: str, value: str) -> None:
    from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer

    assert value in spans(ContextIdRecognizer(), "ID_NUMBER", text)


@pytest.mark.parametrize(
    "text",
    ["The permis is valid until 2026.", "Mi conto 12 euro al mese.", "la cuenta 2024 fue buena"],
)
def test_no_identifier_after_those_words_in_prose(text: str) -> None:
    from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer

    assert not spans(ContextIdRecognizer(), "ID_NUMBER", text)


@pytest.mark.parametrize(
    ("text", "again"),
    [
        ("- interview with comfort okafor.\n- comfort said her manager blocks it.", ["comfort"]),
        ("Grace Miller joined. The grace period ends and Grace says no.", ["Grace"]),
        ("Comfort Okafor likes the comfort of the new chair.", []),  # no verb after it
        ("Will Turner called. Then the will said nothing.", []),  # after an article
        ("Will Turner called. we will said nothing.", []),  # a function word in lower case
        ("Anna said hi.", []),  # no full name to echo
    ],
)
def test_a_full_names_first_name_again_before_a_verb_people_do(text: str, again: list[str]) -> None:
    from persona_batch.privacy.recognisers.name_echoes import first_names_again

    full = [(0, len(" ".join(text.split()[:2])), "PERSON")]
    if text.startswith("- "):
        full = [(text.index("comfort"), text.index("comfort") + len("comfort okafor"), "PERSON")]
    if text.startswith("Anna"):
        full = [(0, 4, "PERSON")]
    assert [text[a:b] for a, b in first_names_again(text, full)] == again


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I THINK GUNDEL S. BACHMANN HAS THE LOGIN, ASK THEM", "GUNDEL S. BACHMANN"),
        ("HAPPY TO JOIN. ELLA Z. LINKE, +49 30 1234567.", "ELLA Z. LINKE"),  # "ella": a word
        ("Aggiungete Adelasia S. Donati alla mailing list.", "Adelasia S. Donati"),
        ("spoke to georgina e. pruschke yesterday", "georgina e. pruschke"),
    ],
)
def test_a_name_with_a_middle_initial(text: str, name: str) -> None:
    from persona_batch.privacy.recognisers.name_blocks import NameView
    from persona_batch.privacy.recognisers.name_pairs import initialled_names

    assert name in {text[a:b] for a, b, _, _ in initialled_names(NameView(text))}


@pytest.mark.parametrize(
    "text",
    [
        "We chose Plan B. Next we ship.",
        "Take Vitamin C. Then rest.",
        "see section a. then b.",
        "the form i.e. the export",
        "Ask for Figma X. Zblorf",  # a product
        "Born in March A. Kowalski",  # a month
    ],
)
def test_no_name_with_a_middle_initial(text: str) -> None:
    from persona_batch.privacy.recognisers.name_blocks import NameView
    from persona_batch.privacy.recognisers.name_pairs import initialled_names

    assert initialled_names(NameView(text)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hi telemaco,\nour office is at canale pedrazzini, 97.", "telemaco"),
        ("HI APRIL,\nI WOULD LIKE TO CLOSE MY ACCOUNT.", "APRIL"),  # a month, and a name
        ("Transmis à August Gröttner.", "August Gröttner"),
        ("Passato a Amleto Travaglia.", "Amleto Travaglia"),
        ("Aggiungete Giacobbe Asmundo alla mailing list.", "Giacobbe Asmundo"),
    ],
)
def test_greeted_and_handed_over_names(text: str, name: str) -> None:
    assert name in named(text)


@pytest.mark.parametrize(
    "text",
    [
        "hi team, the export is broken",
        "hallo zusammen, der export",
        "hello support,\nmy card",
        "Hi all!",
        "ciao ragazzi, ecco",
        "Hi there,",
        "Booking for March Madness tickets",
        "since April Fools day",
    ],
)
def test_no_name_after_those_greetings(text: str) -> None:
    assert not named(text)


def test_places_typed_without_accents() -> None:
    from persona_batch.privacy.recognisers import gazetteer as gz
    from persona_batch.privacy.recognisers.places import PlaceRecognizer

    table = gz.load()
    for plain in ("cote d'ivoire", "sao paulo", "bogota", "koln"):
        assert table.get(plain) & gz.PLACE, plain
    text = "she lives in sao paulo now, near bogota airport"
    assert {"sao paulo", "bogota"} <= spans(PlaceRecognizer(), "LOCATION", text)


def test_where_a_person_lives_at() -> None:
    from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer

    text = "laureano lives at canale pedrazzini 97 now."
    assert "laureano" in spans(SubjectNameRecognizer(), "PERSON", text)
    assert not spans(SubjectNameRecognizer(), "PERSON", "the data lives at the edge")
