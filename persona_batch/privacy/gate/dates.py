"""The ``date`` family: full dates only (day, month and year), numeric or with a month name.

- numeric day/month/year or month/day/year with one separator (``/``, ``-``, ``.``) used twice:
  ``15/09/1987``, ``9-15-1987``, ``15.09.87``; a two-digit year with dots needs two-digit day
  and month (``1.12.10`` is a version, ``01.12.10`` a date);
- ISO year-month-day: ``1987-09-15``, ``1987/9/15``, ``1987-09-15T08:00``;
- a month name or abbreviation in English, German, French, Spanish, Italian, Dutch or Polish,
  day first or month first: ``15 March 1987``, ``15th of Mar. 1987``, ``March 15, 1987``,
  ``15. März 1987``, ``1er mars 1987``, ``15 de marzo de 1987``, ``15 maart 1987``,
  ``15 września 1987``, ``15-Sep-1987``, ``15 Sept '87``.

Every candidate must be a real calendar date; four-digit years run from 1800 to 2199. A month
alone, a year alone and "March 1987" are not full dates and pass, nor is a numeric one after
"version", "v", "build", "release" or "rev" (calendar versioning: "release 2024.09.15").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "jaenner", "jän", "janvier", "janv", "enero",
        "ene", "gennaio", "gen", "januari", "stycznia", "styczeń", "styczen", "sty"),
    2: ("february", "feb", "februar", "feber", "février", "fevrier", "févr", "fevr", "febrero",
        "febbraio", "februari", "lutego", "luty", "lut"),
    3: ("march", "mar", "märz", "maerz", "marz", "mär", "mars", "marzo", "maart", "mrt",
        "marca", "marzec"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień",
        "kwiecien", "kwi"),
    5: ("may", "mai", "mayo", "maggio", "mag", "mei", "maja", "maj"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "czerwca", "czerwiec", "cze"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "lipca", "lipiec",
        "lip"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpnia", "sierpień",
        "sierpien", "sie"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set",
        "września", "wrzesnia", "wrzesień", "wrzesien", "wrz"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott",
         "października", "pazdziernika", "październik", "pazdziernik", "paź", "paz"),
    11: ("november", "nov", "novembre", "noviembre", "listopada", "listopad", "lis"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic",
         "dicembre", "grudnia", "grudzień", "grudzien", "gru"),
}  # fmt: skip
MONTH_NUMBER: dict[str, int] = {name: n for n, names in _MONTHS.items() for name in names}
"""Every month name and abbreviation the family knows (lower case), to its number."""

_MONTH = "|".join(re.escape(name) for name in sorted(MONTH_NUMBER, key=len, reverse=True))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|re|e|º|°|\.)?"
_YEAR = r"(?:(?P<year>\d{4})|['’](?P<short>\d{2}))"
_END = r"(?![^\W_])"

_NAMED_DAY_FIRST = re.compile(
    rf"(?<![^\W_]){_DAY}(?:[ \t]+(?:de|of)[ \t]+|[ \t]*[\-/.]?[ \t]*)"
    rf"(?P<month>{_MONTH})(?![^\W_])\.?(?:[ \t]+(?:de|del)[ \t]+|,?[ \t]*[\-/]?[ \t]*)"
    rf"{_YEAR}{_END}",
    re.IGNORECASE,
)
_NAMED_MONTH_FIRST = re.compile(
    rf"(?<![^\W_])(?P<month>{_MONTH})(?![^\W_])\.?[ \t]+"
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+{_YEAR}{_END}",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\w.\-/])(?<!\d[.\-/])(?P<a>\d{1,2})(?P<sep>[./\-])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<y>\d{4}|\d{2})(?!\d|[.\-/]\d)"
)
_ISO = re.compile(
    r"(?<![\w.\-/])(?<!\d[.\-/])(?P<y>\d{4})(?P<sep>[./\-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?!\d|[.\-/]\d)"
)

_YEARISH = re.compile(r"(?<!\d)\d{4}(?!\d)|['’]\d{2}(?!\d)")
_MONTH_WORD = re.compile(rf"(?<![^\W_])(?:{_MONTH})(?![^\W_])", re.IGNORECASE)
_BEFORE_MONTH, _AFTER_MONTH = 16, 20
"""How far a named date reaches around its month ("15th of ", ". de 1987")."""

_VERSION_BEFORE = re.compile(r"(?i)(?:\bv|\bver\.?|\bversion|\bbuild|\brelease|\brev\.?)[ \t]*$")

MIN_YEAR, MAX_YEAR = 1800, 2199


def after_version(text: str, start: int) -> bool:
    """Whether ``text[start:]`` follows "version", "v", "build", "release" or "rev"."""
    return _VERSION_BEFORE.search(text, max(0, start - 12), start) is not None


def _real(year: int, month: int, day: int) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _short_year(value: str) -> int:
    return 2000 + int(value) if len(value) == 2 else int(value)


def _numeric_ok(match: re.Match[str]) -> bool:
    a, b, y = match.group("a", "b", "y")
    if len(y) == 2 and match.group("sep") == "." and (len(a) < 2 or len(b) < 2):
        return False  # 1.12.10 is a version string, 01.12.10 a date
    year = _short_year(y)
    return _real(year, int(b), int(a)) or _real(year, int(a), int(b))


def _named_ok(match: re.Match[str]) -> bool:
    month = MONTH_NUMBER[match.group("month").casefold()]
    year = match.group("year")
    value = int(year) if year else _short_year(match.group("short"))
    return _real(value, month, int(match.group("day")))


def date_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of full dates in ``text`` (may overlap one another; the scanner resolves that)."""
    for m in _ISO.finditer(text):
        real = _real(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if real and not after_version(text, m.start()):  # release 2024.09.15: calendar versioning
            yield m.span()
    for m in _NUMERIC.finditer(text):
        if _numeric_ok(m) and not after_version(text, m.start()):
            yield m.span()
    if not _YEARISH.search(text):
        return
    seen: set[tuple[int, int]] = set()
    for month in _MONTH_WORD.finditer(text):
        start = max(0, month.start() - _BEFORE_MONTH)
        stop = min(len(text), month.end() + _AFTER_MONTH)
        for pattern in (_NAMED_DAY_FIRST, _NAMED_MONTH_FIRST):
            for m in pattern.finditer(text, start, stop):
                cut = m.end() == stop < len(text)  # the year's end must be seen, not assumed
                if not cut and m.span() not in seen and _named_ok(m):
                    seen.add(m.span())
                    yield m.span()
