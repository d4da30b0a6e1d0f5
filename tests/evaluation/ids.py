"""ID numbers with the phrases that introduce them, and dates (births and others) per language.

Formats are written out here from how such numbers look on documents; some national numbers
come from Faker's locale providers (DNI/NIE, codice fiscale, BSN, PESEL, INSEE). Every value is
fake and none is validated by a detector's library.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from datetime import date, timedelta

from tests.evaluation.values import FakerFor, digits, group

UPPER = string.ascii_uppercase
ALNUM = string.ascii_uppercase + string.digits


def letters(rng: random.Random, n: int, alphabet: str = UPPER) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


# --------------------------------------------------------------------------- numbers

NumberFn = Callable[[random.Random, FakerFor], str]


def _passport(locale: str) -> NumberFn:
    def make(rng: random.Random, fake_for: FakerFor) -> str:
        country = locale[3:]
        if country == "DE":
            return "C" + letters(rng, 8, "CFGHJKLMNPRTVWXYZ0123456789")
        if country == "FR":
            return f"{digits(rng, 2)}{letters(rng, 2)}{digits(rng, 5)}"
        if country == "ES":
            return f"{letters(rng, 3)}{digits(rng, 6)}"
        if country in {"IT", "IE", "PL"}:
            return f"{letters(rng, 2)}{digits(rng, 7)}"
        if country == "NL":
            return f"{letters(rng, 2)}{letters(rng, 6, ALNUM)}{digits(rng, 1)}"
        if country == "AU":
            return f"{letters(rng, 1)}{digits(rng, 7)}"
        if country == "US" and rng.random() < 0.5:
            return f"{letters(rng, 1)}{digits(rng, 8)}"
        return digits(rng, 9, "123456789")  # US and GB books: nine digits

    return make


def _licence(locale: str) -> NumberFn:
    def make(rng: random.Random, fake_for: FakerFor) -> str:
        country = locale[3:]
        if country == "GB":
            surname = (letters(rng, rng.randint(3, 5)) + "99999")[:5]
            return f"{surname}{digits(rng, 6)}{letters(rng, 2)}9{letters(rng, 2, ALNUM)}"
        if country == "US":
            return rng.choice(
                [
                    f"{letters(rng, 1)}{digits(rng, 7)}",
                    f"{letters(rng, 1)}{digits(rng, 3)}-{digits(rng, 4)}-{digits(rng, 4)}",
                    digits(rng, 9),
                ]
            )
        if country == "DE":
            return f"{letters(rng, 1)}{digits(rng, 3)}{letters(rng, 4, ALNUM)}{digits(rng, 3)}"
        if country == "PL":
            return f"{digits(rng, 5)}/{digits(rng, 2)}/{digits(rng, 4)}"
        if country in {"AU", "IE", "NL", "FR"}:
            return group(digits(rng, rng.choice([9, 10])), [3, 3, 4], rng.choice(["", " "]))
        return f"{letters(rng, 2)}{digits(rng, 7)}{letters(rng, 1)}"

    return make


def _faker_number(locale: str, method: str, spaced: list[int] | None = None) -> NumberFn:
    def make(rng: random.Random, fake_for: FakerFor) -> str:
        value = str(getattr(fake_for(locale), method)())
        if spaced and rng.random() < 0.4:
            return group(value.replace(" ", ""), spaced)
        return value

    return make


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _dni(rng: random.Random) -> str:
    number = rng.randint(0, 99_999_999)
    return f"{number:08d}{_DNI_LETTERS[number % 23]}"


def _nie(rng: random.Random) -> str:
    lead, number = rng.randrange(3), rng.randint(0, 9_999_999)
    return f"{'XYZ'[lead]}{number:07d}{_DNI_LETTERS[(lead * 10_000_000 + number) % 23]}"


def _pattern(make_one: Callable[[random.Random], str]) -> NumberFn:
    return lambda rng, _fake_for: make_one(rng)


_NI = "ABCEGHJKLMNPRSTWXYZ"
NUMBERS: dict[str, NumberFn] = {
    "ni": _pattern(
        lambda r: group(f"{letters(r, 2, _NI)}{digits(r, 6)}{r.choice('ABCD')}", [2, 2, 2, 2])
    ),
    "pps": _pattern(lambda r: f"{digits(r, 7)}{letters(r, r.choice([1, 2]))}"),
    "tfn": _pattern(lambda r: group(digits(r, 9, "123456789"), [3, 3, 3])),
    "medicare": _pattern(lambda r: group(digits(r, 10, "23456"), [4, 5, 1])),
    "state_id": _pattern(lambda r: f"{letters(r, 1)}{digits(r, 8)}"),
    "ausweis": _pattern(
        lambda r: letters(r, 1, "LMNPRTVWXY") + letters(r, 8, "CFGHJKLMNPRTVWXYZ0123456789")
    ),
    "steuer_id": _pattern(lambda r: group(digits(r, 11, "123456789"), [2, 3, 3, 3])),
    "insee": _faker_number("fr_FR", "ssn", [1, 2, 2, 2, 3, 3, 2]),
    "dni": _pattern(_dni),  # Faker's es_ES nif/nie draw from the unseeded global random
    "nie": _pattern(_nie),
    "codice_fiscale": _faker_number("it_IT", "ssn"),
    "bsn": _faker_number("nl_NL", "ssn", [4, 2, 3]),
    "pesel": _faker_number("pl_PL", "pesel"),
    "dowod": _faker_number("pl_PL", "identity_card_number"),
    "nip": _pattern(lambda r: group(digits(r, 10, "123456789"), [3, 3, 2, 2], "-")),
    "account": _pattern(
        lambda r: r.choice([digits(r, 8), digits(r, 10), group(digits(r, 12), [4, 4, 4])])
    ),
    "member": _pattern(
        lambda r: r.choice(
            [
                f"MBR-{digits(r, 7)}",
                digits(r, 8, "123456789"),
                f"C{digits(r, 9)}",
                f"{letters(r, 2)}-{digits(r, 4)}-{digits(r, 4)}",
                group(digits(r, 10), [4, 4, 2]),
                f"{digits(r, 3)}-{digits(r, 5)}-{digits(r, 2)}",
            ]
        )
    ),
}

# (kind, {language: [phrases]}, number) per locale. English phrases serve every locale.
NATIONAL: dict[str, list[tuple[dict[str, list[str]], str]]] = {
    "en_US": [({"en": ["state ID", "state ID number", "ID card no."]}, "state_id")],
    "en_GB": [({"en": ["National Insurance number", "NI number", "NINO"]}, "ni")],
    "en_IE": [({"en": ["PPS number", "PPSN", "PPS no."]}, "pps")],
    "en_AU": [
        ({"en": ["TFN", "tax file number"]}, "tfn"),
        ({"en": ["Medicare number", "Medicare card no."]}, "medicare"),
    ],
    "de_DE": [
        (
            {
                "de": ["Ausweisnummer", "Personalausweis-Nr.", "Ausweis-Nr."],
                "en": ["ID card number"],
            },
            "ausweis",
        ),
        ({"de": ["Steuer-ID", "Steuer-Identifikationsnummer"], "en": ["tax ID"]}, "steuer_id"),
    ],
    "fr_FR": [
        (
            {
                "fr": ["numéro de sécurité sociale", "n° de sécu", "NIR"],
                "en": ["social security number (France)", "French social security no."],
            },
            "insee",
        )
    ],
    "es_ES": [
        ({"es": ["DNI", "número de DNI"], "en": ["DNI", "DNI number"]}, "dni"),
        ({"es": ["NIE", "número de NIE"], "en": ["NIE", "NIE number"]}, "nie"),
    ],
    "it_IT": [
        ({"it": ["codice fiscale", "C.F."], "en": ["codice fiscale", "tax code"]}, "codice_fiscale")
    ],
    "nl_NL": [
        ({"nl": ["BSN", "burgerservicenummer"], "en": ["BSN", "citizen service number"]}, "bsn")
    ],
    "pl_PL": [
        ({"pl": ["PESEL", "nr PESEL"], "en": ["PESEL", "PESEL number"]}, "pesel"),
        ({"pl": ["numer dowodu osobistego", "nr dowodu"], "en": ["ID card number"]}, "dowod"),
        ({"pl": ["NIP"], "en": ["NIP", "tax ID"]}, "nip"),
    ],
}

GENERIC_PHRASES: dict[str, dict[str, list[str]]] = {
    "passport": {
        "en": ["passport no.", "passport number", "Passport #", "passport"],
        "de": ["Reisepassnummer", "Pass-Nr.", "Passnummer"],
        "fr": ["numéro de passeport", "n° de passeport", "passeport n°"],
        "es": ["número de pasaporte", "pasaporte nº", "n.º de pasaporte"],
        "it": ["numero di passaporto", "passaporto n."],
        "nl": ["paspoortnummer", "paspoort nr."],
        "pl": ["numer paszportu", "nr paszportu"],
    },
    "licence": {
        "en": ["driver's licence number", "driving licence no.", "driver's license #", "DL number"],
        "de": ["Führerscheinnummer", "Führerschein-Nr."],
        "fr": ["numéro de permis de conduire", "n° de permis"],
        "es": ["número del carné de conducir", "permiso de conducir nº"],
        "it": ["numero della patente", "patente n."],
        "nl": ["rijbewijsnummer", "rijbewijs nr."],
        "pl": ["numer prawa jazdy", "nr prawa jazdy"],
    },
    "account": {
        "en": ["account number", "account no.", "acct #", "bank account"],
        "de": ["Kontonummer", "Konto-Nr."],
        "fr": ["numéro de compte", "n° de compte"],
        "es": ["número de cuenta", "cuenta nº"],
        "it": ["numero di conto", "conto n."],
        "nl": ["rekeningnummer", "rekening nr."],
        "pl": ["numer konta", "nr konta"],
    },
    "member": {
        "en": ["member ID", "membership number", "customer number", "customer ID", "loyalty no."],
        "de": ["Kundennummer", "Mitgliedsnummer", "Kunden-Nr."],
        "fr": ["numéro client", "n° d'adhérent", "identifiant client"],
        "es": ["número de cliente", "número de socio", "nº de socio"],
        "it": ["codice cliente", "numero tessera", "n. cliente"],
        "nl": ["klantnummer", "lidnummer", "klant-ID"],
        "pl": ["numer klienta", "numer członkowski", "nr klienta"],
    },
}
ID_KINDS = ("national", "passport", "licence", "account", "member")


def id_number(
    rng: random.Random, fake_for: FakerFor, locale: str, lang: str, kind: str | None = None
) -> tuple[str, str]:
    """(introducing phrase, number) of ``kind`` (random if None); the phrase in ``lang``."""
    kind = kind or rng.choices(ID_KINDS, weights=[32, 18, 16, 14, 20])[0]
    if kind == "national":
        phrases, number = rng.choice(NATIONAL[locale])
        options = phrases.get(lang) or phrases["en"]
        return rng.choice(options), NUMBERS[number](rng, fake_for)
    options = GENERIC_PHRASES[kind].get(lang) or GENERIC_PHRASES[kind]["en"]
    if kind == "passport":
        return rng.choice(options), _passport(locale)(rng, fake_for)
    if kind == "licence":
        return rng.choice(options), _licence(locale)(rng, fake_for)
    return rng.choice(options), NUMBERS[kind](rng, fake_for)


def national_number(rng: random.Random, fake_for: FakerFor, name: str) -> str:
    return NUMBERS[name](rng, fake_for)


# --------------------------------------------------------------------------- dates

# fmt: off
MONTHS: dict[str, list[str]] = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
        "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
        "octubre", "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
        "settembre", "ottobre", "novembre", "dicembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
        "oktober", "november", "december"],
    # Polish dates use the genitive ("17 stycznia 1981"), as does "od marca" (since March).
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
        "września", "października", "listopada", "grudnia"],
}
# fmt: on


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def format_date(rng: random.Random, value: date, lang: str, locale: str) -> str:
    """``value`` as written in ``lang`` from ``locale``: numeric, ISO or with the month's name."""
    d, m, y = value.day, value.month, value.year
    month = MONTHS[lang][m - 1]
    iso = value.isoformat()
    if lang == "en":
        if locale == "en_US":
            forms = [
                f"{m:02d}/{d:02d}/{y}",
                f"{m}/{d}/{y}",
                f"{month} {d}, {y}",
                f"{month[:3]} {d}, {y}",
                iso,
            ]
        else:
            forms = [
                f"{d:02d}/{m:02d}/{y}",
                f"{d} {month} {y}",
                f"{_ordinal(d)} {month} {y}",
                f"{d}-{month[:3]}-{y}",
                f"{d:02d}.{m:02d}.{y}",
                iso,
            ]
    elif lang == "de":
        forms = [f"{d:02d}.{m:02d}.{y}", f"{d}. {month} {y}", f"{d}.{m}.{y}", iso]
    elif lang == "fr":
        day = "1er" if d == 1 else str(d)
        forms = [f"{d:02d}/{m:02d}/{y}", f"{day} {month} {y}", iso]
    elif lang == "es":
        forms = [f"{d:02d}/{m:02d}/{y}", f"{d} de {month} de {y}", f"{d}-{m:02d}-{y}"]
    elif lang == "it":
        forms = [f"{d:02d}/{m:02d}/{y}", f"{d} {month} {y}", f"{d:02d}.{m:02d}.{y}"]
    elif lang == "nl":
        forms = [f"{d:02d}-{m:02d}-{y}", f"{d} {month} {y}", f"{d}/{m}/{y}"]
    else:
        forms = [f"{d:02d}.{m:02d}.{y}", f"{d} {month} {y}", f"{d:02d}.{m:02d}.{y} r.", iso]
    return rng.choice(forms)


def birth_date(rng: random.Random) -> date:
    return date(1940, 1, 1) + timedelta(days=rng.randint(0, 66 * 365))


def other_date(rng: random.Random) -> date:
    return date(2017, 1, 1) + timedelta(days=rng.randint(0, 9 * 365))


# The date goes right after each phrase; {a} is the feminine ending where the language has one.
DOB_PHRASES: dict[str, list[str]] = {
    "en": [
        "born ",
        "born on ",
        "DOB: ",
        "DOB ",
        "D.O.B. ",
        "date of birth: ",
        "date of birth ",
        "birth date ",
    ],
    "de": ["geboren am ", "geb. am ", "geb. ", "Geburtsdatum: ", "Geburtsdatum "],
    "fr": ["né{a} le ", "date de naissance : ", "date de naissance ", "né{a} le "],
    "es": ["nacid{o} el ", "fecha de nacimiento: ", "F. nacimiento ", "nacid{o} el "],
    "it": ["nat{o} il ", "data di nascita: ", "nat{o} il ", "data di nascita "],
    "nl": ["geboren op ", "geboortedatum: ", "geb. "],
    "pl": ["urodzon{y} ", "ur. ", "data urodzenia: ", "urodzon{y} "],
}


def dob_phrase(rng: random.Random, lang: str, gender: str) -> str:
    phrase = rng.choice(DOB_PHRASES[lang])
    female = gender == "f"
    return phrase.format(
        a="e" if female else "", o="a" if female else "o", y="a" if female else "y"
    )
