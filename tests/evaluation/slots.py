"""Template slots: ``{NAME}`` in a template becomes segments, planted values or plain words.

A slot renders to a list of :class:`Seg`: a planted value carries its entity ``label``, a hard
negative its ``neg`` category, and the rest is ordinary non-PII text. ``{PERSON}``,
``{FIRST}`` and ``{EMAIL}`` refer to the row's first person, ``{PERSON2}`` and so on to others
(the same person in every cell of the row); every other slot draws a fresh value. A slot may
end in ``|lower``, ``|upper`` or ``|cap``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

from tests.evaluation import ids, places, values
from tests.evaluation.values import Person


@dataclass(frozen=True)
class Seg:
    text: str
    label: str | None = None
    neg: str | None = None


@dataclass
class RowContext:
    """One row's random source, Faker instances and people; ``lang`` is the cell's language."""

    seed: int
    index: int
    locale: str
    lang: str = "en"
    rng: random.Random = field(init=False)
    people: list[Person] = field(default_factory=list)
    _fakes: dict[str, Faker] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.seed}:{self.index}:values")

    @property
    def country(self) -> str:
        return values.COUNTRY[self.locale]

    def fake(self, locale: str | None = None) -> Faker:
        locale = locale or self.locale
        if locale not in self._fakes:
            self._fakes[locale] = values.seeded_faker(locale, f"{self.seed}:{self.index}:{locale}")
        return self._fakes[locale]

    def person(self, k: int) -> Person:
        while len(self.people) < k:
            self.people.append(values.make_person(self.rng, self.fake, self.locale))
        return self.people[k - 1]


SlotFn = Callable[[RowContext, int], list[Seg]]


def _pii(label: str, make: Callable[[RowContext], str]) -> SlotFn:
    return lambda ctx, _k: [Seg(make(ctx), label)]


def _neg(category: str, make: Callable[[RowContext], str]) -> SlotFn:
    return lambda ctx, _k: [Seg(make(ctx), neg=category)]


def _word(make: Callable[[RowContext], str]) -> SlotFn:
    return lambda ctx, _k: [Seg(make(ctx))]


def _id(ctx: RowContext, _k: int) -> list[Seg]:
    phrase, number = ids.id_number(ctx.rng, ctx.fake, ctx.locale, ctx.lang)
    sep = "" if phrase.endswith("#") else ctx.rng.choice([" ", " ", ": ", " - "])
    return [Seg(phrase + sep), Seg(number, "ID_NUMBER")]


def _dob(ctx: RowContext, _k: int) -> list[Seg]:
    phrase = ids.dob_phrase(ctx.rng, ctx.lang, ctx.person(1).gender)
    when = ids.format_date(ctx.rng, ids.birth_date(ctx.rng), ctx.lang, ctx.locale)
    return [Seg(phrase), Seg(when, "DOB")]


def _pronoun(forms: tuple[str, str]) -> Callable[[RowContext], str]:
    return lambda ctx: forms[0] if ctx.person(1).gender == "f" else forms[1]


def _national(name: str) -> SlotFn:
    return _pii("ID_NUMBER", lambda c: ids.national_number(c.rng, c.fake, name))


def _list_pick(table: dict[str, list[str]]) -> Callable[[RowContext], str]:
    return lambda c: c.rng.choice(table.get(c.lang) or table["en"])


SLOTS: dict[str, SlotFn] = {
    # people: the index picks the person
    "PERSON": lambda ctx, k: [Seg(ctx.person(k).full, "PERSON")],
    "FIRST": lambda ctx, k: [Seg(ctx.person(k).first, "FIRST_NAME")],
    "EMAIL": lambda ctx, k: [Seg(ctx.person(k).email, "EMAIL")],
    "EMAIL_OTHER": _pii("EMAIL", lambda c: values.other_email(c.rng, c.fake())),
    "URL": _pii("URL", lambda c: values.url(c.rng, c.fake(), c.person(1))),
    # numbers
    "PHONE": _pii("PHONE", lambda c: values.phone(c.rng, c.fake(), c.country)),
    "PHONE_INTL": _pii(
        "PHONE", lambda c: values.phone(c.rng, c.fake(), c.country, "international")
    ),
    "PHONE_NAT": _pii("PHONE", lambda c: values.phone(c.rng, c.fake(), c.country, "national")),
    "PHONE_LOCAL": _pii("PHONE", lambda c: values.phone(c.rng, c.fake(), c.country, "local")),
    "PHONE_OTHER": _pii("PHONE", lambda c: values.phone(c.rng, c.fake(), c.country, "other")),
    "CARD": _pii("CARD", lambda c: values.card(c.rng)),
    "IBAN": _pii("IBAN", lambda c: values.iban(c.rng, c.fake, c.country)),
    "IP": _pii("IP", lambda c: values.ip_address(c.rng, c.fake())),
    "IPV4": _pii("IP", lambda c: values.ip_address(c.rng, c.fake(), 4)),
    "IPV6": _pii("IP", lambda c: values.ip_address(c.rng, c.fake(), 6)),
    "SSN": _pii("SSN", lambda c: values.ssn(c.rng, c.fake)),
    # identity documents and accounts
    "ID": _id,
    "PASSPORT": _pii(
        "ID_NUMBER", lambda c: ids.id_number(c.rng, c.fake, c.locale, "en", "passport")[1]
    ),
    "LICENCE": _pii(
        "ID_NUMBER", lambda c: ids.id_number(c.rng, c.fake, c.locale, "en", "licence")[1]
    ),
    "ACCOUNT": _pii(
        "ID_NUMBER", lambda c: ids.id_number(c.rng, c.fake, c.locale, "en", "account")[1]
    ),
    "MEMBER": _pii(
        "ID_NUMBER", lambda c: ids.id_number(c.rng, c.fake, c.locale, "en", "member")[1]
    ),
    "AUSWEIS": _national("ausweis"),
    "STEUERID": _national("steuer_id"),
    "INSEE": _national("insee"),
    "DNI": _national("dni"),
    "NIE": _national("nie"),
    "CF": _national("codice_fiscale"),
    "BSN": _national("bsn"),
    "PESEL": _national("pesel"),
    # dates
    "DOB": _dob,
    "DOB_DATE": _pii(
        "DOB", lambda c: ids.format_date(c.rng, ids.birth_date(c.rng), c.lang, c.locale)
    ),
    "DATE": _pii("DATE", lambda c: ids.format_date(c.rng, ids.other_date(c.rng), c.lang, c.locale)),
    # addresses and places
    "ADDRESS": _pii(
        "ADDRESS", lambda c: ", ".join(places.address_lines(c.rng, c.fake(), c.locale))
    ),
    "ADDRESS_BLOCK": _pii(
        "ADDRESS", lambda c: "\n".join(places.address_lines(c.rng, c.fake(), c.locale))
    ),
    "STREET": _pii("ADDRESS", lambda c: places.street(c.rng, c.fake(), c.locale)),
    "CITY_LINE": _pii("ADDRESS", lambda c: places.city_line(c.rng, c.fake(), c.locale)),
    "POBOX": _pii(
        "ADDRESS",
        lambda c: c.rng.choice([", ", "\n"]).join(places.po_box_lines(c.rng, c.fake(), c.locale)),
    ),
    "POSTCODE": _pii("ADDRESS", lambda c: str(c.fake().postcode())),
    "CITY": _pii("PLACE", lambda c: places.city(c.rng, c.fake(), c.country)),
    "COUNTRY": _pii("PLACE", lambda c: places.country_name(c.rng, c.fake(), c.lang)),
    # hard negatives
    "PRODUCT": _neg("product", lambda c: c.rng.choice(places.PRODUCTS)),
    "TOOL": _neg("tool", lambda c: c.rng.choice(places.TOOLS)),
    "YEAR": _neg("year", lambda c: str(c.rng.randint(2012, 2025))),
    "WEEKDAY": _neg("weekday", _list_pick(places.WEEKDAYS)),
    "MONTH": _neg("month", _list_pick(ids.MONTHS)),
    "AGE": _neg("age", lambda c: str(c.rng.randint(19, 78))),
    "DURATION": _neg("duration", _list_pick(places.DURATIONS)),
    "PRICE": _neg("price", _list_pick(places.PRICES)),
    "ORDER": _neg("order", lambda c: places.order_ref(c.rng)),
    "VERSION": _neg("version", lambda c: c.rng.choice(places.VERSIONS)),
    # ordinary words
    "ROLE": _word(lambda c: c.rng.choice(places.ROLES)),
    "TEAM": _word(lambda c: c.rng.choice(places.TEAMS)),
    "COUNT": _word(lambda c: str(c.rng.randint(2, 40))),
    "PRON": _word(_pronoun(("she", "he"))),
    "PRON_OBJ": _word(_pronoun(("her", "him"))),
    "PRON_POS": _word(_pronoun(("her", "his"))),
}

SLOT_RE = re.compile(r"\{([A-Z][A-Z_0-9]*)(?:\|(lower|upper|cap))?\}")


def _split(name: str) -> tuple[str, int]:
    """``PERSON2`` -> (``PERSON``, 2); a name that is a slot itself (``IPV4``) has index 1."""
    if name in SLOTS:
        return name, 1
    base = name.rstrip("0123456789")
    return base, int(name[len(base) :] or 1)


def _modify(segments: list[Seg], modifier: str | None) -> list[Seg]:
    if modifier == "lower":
        return [Seg(s.text.lower(), s.label, s.neg) for s in segments]
    if modifier == "upper":
        return [Seg(s.text.upper(), s.label, s.neg) for s in segments]
    if modifier == "cap" and segments:
        first = segments[0]
        return [Seg(first.text[:1].upper() + first.text[1:], first.label, first.neg), *segments[1:]]
    return segments


def render(template: str, ctx: RowContext) -> list[Seg]:
    """The template's literal text and its slots' segments, in order."""
    out: list[Seg] = []
    at = 0
    for match in SLOT_RE.finditer(template):
        if match.start() > at:
            out.append(Seg(template[at : match.start()]))
        name, index = _split(match.group(1))
        out.extend(_modify(SLOTS[name](ctx, index), match.group(2)))
        at = match.end()
    if at < len(template):
        out.append(Seg(template[at:]))
    return out


def unknown_slots(template: str) -> list[str]:
    """Slot names in ``template`` that :data:`SLOTS` does not know (for the builder's checks)."""
    names = [m.group(1) for m in SLOT_RE.finditer(template) if _split(m.group(1))[0] not in SLOTS]
    leftovers = re.sub(SLOT_RE, "", template)
    return names + (["malformed"] if re.search(r"\{[A-Za-z_|0-9]*\}", leftovers) else [])
