"""Full dates (day, month and year) in the supported languages, and dates of birth by context.

A full date pins a person down (a birthday, the day of an incident); a month, a weekday or a
year alone does not, and stays ("since March", "on Tuesday", "in 2019"). Found here:

- numeric: ``17/01/1981``, ``1/17/81``, ``17.01.1981``, ``17-01-1981``, ``1981-01-17``,
  ``1981/01/17``, with a day and month that can be a real date;
- with a month name in English, German, French, Spanish, Italian, Dutch or Polish, full or
  abbreviated, day first or month first: ``17 January 1981``, ``January 17th, 1981``,
  ``17. Januar 1981``, ``1er janvier 1981``, ``17 de enero de 1981``, ``17 stycznia 1981``;
- after a birth context ("born", "DOB", "date of birth", "geboren", "né le", "nacido",
  "nato il", "urodzony"), also a month and year or a year alone: ``born in March 1981``.
"""

from __future__ import annotations

import re

from persona_batch.core.phrase_search import PhraseFirst
from persona_batch.privacy.recognisers.base import (
    RegexRecognizer,
    Rule,
    after_phrase,
    alternation,
    lower_alternation,
)
from persona_batch.privacy.recognisers.counts import digit_count

MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    "de": (
        "januar",
        "jänner",
        "februar",
        "märz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ),
    "fr": (
        "janvier",
        "février",
        "fevrier",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "aout",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "decembre",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "setiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "it": (
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "pl": (
        "styczeń",
        "stycznia",
        "luty",
        "lutego",
        "marzec",
        "marca",
        "kwiecień",
        "kwietnia",
        "maj",
        "maja",
        "czerwiec",
        "czerwca",
        "lipiec",
        "lipca",
        "sierpień",
        "sierpnia",
        "wrzesień",
        "września",
        "październik",
        "października",
        "listopad",
        "listopada",
        "grudzień",
        "grudnia",
    ),
}
"""Month names by language (Polish in the nominative and the genitive used in dates)."""

ABBREVIATIONS = (
    "jan",
    "feb",
    "febr",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mär",
    "okt",
    "dez",
    "janv",
    "févr",
    "fév",
    "avr",
    "juil",
    "déc",
    "ene",
    "abr",
    "ago",
    "dic",
    "gen",
    "mag",
    "giu",
    "lug",
    "set",
    "ott",
    "mrt",
    "mei",
    "sty",
    "lut",
    "kwi",
    "cze",
    "lip",
    "sie",
    "wrz",
    "paź",
    "lis",
    "gru",
)
MONTH_WORDS = frozenset(m for names in MONTHS.values() for m in names)
WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "poniedziałek",
        "wtorek",
        "środa",
        "czwartek",
        "piątek",
        "sobota",
        "niedziela",
    ]
)
"""Weekday names in the supported languages: never a name or a place on their own."""

_MONTH = rf"(?:{alternation(MONTH_WORDS)}|(?:{alternation(ABBREVIATIONS)})\.?)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|er|e|º|°|\.)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_YEAR2 = r"(?:\d\d)"
_SEP = r"\s*,?\s*(?:de\s+|del\s+|of\s+|the\s+)?"

_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\w)(?P<value>{_DAY}\s*(?:de\s+|of\s+)?{_MONTH}{_SEP}(?:{_YEAR}|'\d\d))(?!\w)",
    re.IGNORECASE,
)
_MONTH_STARTS = rf"(?<!\w)(?:{lower_alternation(MONTH_WORDS)}|{lower_alternation(ABBREVIATIONS)})"
"""Where a month's name can start, in lower-cased text."""
_MONTH_DAY_YEAR = PhraseFirst(
    re.compile(
        rf"(?<!\w)(?P<value>{_MONTH}\s+(?:the\s+)?{_DAY}\s*,?\s*(?:{_YEAR}|'\d\d))(?!\w)",
        re.IGNORECASE,
    ),
    _MONTH_STARTS,
)
_NUMERIC = re.compile(
    rf"(?<![\w./-])(?P<value>\d{{1,2}}(?P<sep>[./-])\d{{1,2}}(?P=sep)(?:{_YEAR}|{_YEAR2})"
    rf"|\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{_YEAR}"
    rf"|{_YEAR}(?P<isep>[./-])\d{{1,2}}(?P=isep)\d{{1,2}})(?![\w]|[./-]\d)"
)
BIRTH_WORDS = (
    "born",
    "born on",
    "born in",
    "date of birth",
    "dob",
    "d.o.b.",
    "birthday",
    "birth date",
    "birthdate",
    "geboren",
    "geboren am",
    "geburtsdatum",
    "geb.",
    "né",
    "née",
    "né le",
    "née le",
    "date de naissance",
    "nacido",
    "nacida",
    "nacido el",
    "nacida el",
    "fecha de nacimiento",
    "f. nacimiento",
    "f. de nacimiento",
    "fecha nac.",
    "nato",
    "nata",
    "nato il",
    "nata il",
    "data di nascita",
    "geboren op",
    "geboortedatum",
    "urodzony",
    "urodzona",
    "urodzony w",
    "urodzona w",
    "data urodzenia",
    "ur.",
)
_BIRTH = after_phrase(
    BIRTH_WORDS,
    r"(?!\w)\s*[:\-]?\s*(?:on|in|am|le|el|il|op|w|en|im|the)?\s*"
    rf"(?P<value>(?:{_MONTH}\s+)?(?:{_YEAR}|'\d\d)|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}"
    rf"|{_MONTH}\s+{_YEAR})(?!\w)",
)


class FullDateRecognizer(RegexRecognizer):
    ENTITY = "DATE_TIME"
    rules = (
        Rule("day month-name year", _DAY_MONTH_YEAR, 0.6),
        Rule("month-name day year", _MONTH_DAY_YEAR, 0.6),
        Rule("numeric date", _NUMERIC, 0.6),
        Rule("birth context", _BIRTH, 0.7),
    )

    def prefilter(self, text: str) -> bool:
        return digit_count(text) > 0

    def validate(self, value: str, score: float, match: re.Match[str]) -> float | None:
        if match.re is _NUMERIC:
            parts = [int(p) for p in re.split(r"\s*[./-]\s*", value)]
            if parts[0] > 31:  # year first
                parts = [parts[2], parts[1], parts[0]]
            first, second = parts[0], parts[1]
            # day/month or month/day: one of them must be a month, both plausible
            if not (
                (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)
            ):
                return None
        return score
