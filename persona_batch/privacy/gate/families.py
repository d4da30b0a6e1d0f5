"""The gate's pattern families: plain ``re`` candidates, each confirmed by a validator of our own.

In the order the scanner runs them (a span one family claims is blanked for the next):

- ``email``: ``local@domain.tld``, the TLD two or more letters;
- ``iban``: a registry country code, two check digits and the BBAN, spaced or not, any case,
  of that country's length and with a valid mod-97 check;
- ``ipv6``: hex groups and colons (an IPv4 tail allowed) that :mod:`ipaddress` accepts, with at
  least two non-empty groups (``::1`` passes);
- ``ipv4``: a dotted quad that :mod:`ipaddress` accepts, not after "version", "v", "build"...;
- ``date``: see :mod:`persona_batch.privacy.gate.dates`;
- ``card``: 12 to 19 digits not starting with 0, in any grouping of spaces (one or two),
  dashes or dots (with a space either side or not; dots: three groups or more, so a decimal is
  no card), Luhn-valid; not after ``+``;
- ``phone``: 7 or more digits in groups with separators (space, dash, dot, slash, brackets;
  six in a signature, on their own line after a line of words: "George Knox\n461 456"), or
  after a leading ``+``, or a bare run of 10 or 11 digits after one trunk 0 (``0612345678``),
  or of 9 to 13 digits alone on a line of a longer text (a signature's number),
  with an extension if any (``x1234``); not a year or a list or range of years, a decimal number (two groups
  joined by one dot or comma), an amount (a currency before or after it, a decimal part), a
  percentage, a version (after "version", "v"...), a time range
  ("9.00-17.30"), shaped like a date even when it is none ("31/02/1987"), or a number after
  ``#`` (an order or ticket);
- ``context``: see :mod:`persona_batch.privacy.gate.context` (text only, never on personas).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from persona_batch.privacy.gate.checksums import IBAN_LENGTHS, iban_valid, luhn_valid
from persona_batch.privacy.gate.context import context_spans
from persona_batch.privacy.gate.dates import after_version, date_spans

Spans = Iterator[tuple[int, int]]

_SEPS = " \\-.\u00a0\u2009\u202f"  # inside a character class: space, dash, dot, no-break spaces

# --- email -----------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.%+'\-])[\w%+'\-](?:[\w.%+'\-]*[\w%+'\-])?@(?:[^\W_](?:[\w\-]*[^\W_])?\.)+"
    r"[^\W\d_]{2,}(?![^\W_])"
)


def email_spans(text: str) -> Spans:
    for m in _EMAIL.finditer(text):
        yield m.span()


# --- iban ------------------------------------------------------------------------------------

_IBAN = re.compile(
    r"(?<![^\W_])([A-Za-z]{2})(\d{2})((?:[ \-]?[A-Za-z0-9]){11,32})(?![^\W_])",
)


def iban_spans(text: str) -> Spans:
    position = 0
    while match := _IBAN.search(text, position):
        start = match.start()
        end = _iban_end(text, start, match.end(), IBAN_LENGTHS.get(match.group(1).upper(), 0))
        if end and iban_valid("".join(c for c in text[start:end] if c.isalnum())):
            yield start, end
            position = end
        else:
            position = start + 1


def _iban_end(text: str, start: int, stop: int, length: int) -> int:
    """Where the IBAN starting at ``start`` ends when it has ``length`` characters (0: never,
    or its last character would cut a word in two)."""
    kept = 0
    for index in range(start, stop):
        if text[index].isalnum():
            kept += 1
            if kept == length:
                end = index + 1
                return 0 if end < len(text) and text[end].isalnum() else end
    return 0


# --- ipv6 and ipv4 ---------------------------------------------------------------------------

_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{1,4}|(?=:))(?::[0-9A-Fa-f]{0,4}){2,8}"
    r"(?:\.\d{1,3}\.\d{1,3}\.\d{1,3})?(?![\w:]|\.\d)"
)
_IPV4 = re.compile(r"(?<![\w.])(?<!\d[\-/])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")


def ipv6_spans(text: str) -> Spans:
    for m in _IPV6.finditer(text):
        candidate = m.group()
        if sum(1 for group in candidate.split(":") if group) < 2:
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield m.span()


def ipv4_spans(text: str) -> Spans:
    for m in _IPV4.finditer(text):
        if after_version(text, m.start()):
            continue
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        yield m.span()


# --- card ------------------------------------------------------------------------------------

_CARD_SEP = (
    r"(?:[ \u00a0\u2009\u202f]{1,2}|[ \u00a0]?[\-.][ \u00a0]?)"  # "4111  1111", "4111 - 1111"
)
_DIGIT_RUN = re.compile(rf"(?<![\w+])(?<!\+ )(?<!\d[{_SEPS}])\d+(?:{_CARD_SEP}\d+)*")
_GROUP = re.compile(r"\d+")


def card_spans(text: str) -> Spans:
    for run in _DIGIT_RUN.finditer(text):
        if run.end() - run.start() < 12:
            continue
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(text, run.start(), run.end())]
        if sum(b - a for a, b in groups) < 12:
            continue
        yield from _card_windows(text, groups)


_CARD_WORD = re.compile(
    r"(?i)(?<![^\W_])(?:card|carte|karte|tarjeta|carta|kaart|karta|visa|mastercard|amex)"
    r"(?![^\W_])[^\d\n]{0,16}$"
)
"""A card word shortly before the digits: a two-group dotted run after it is a card."""


def _card_windows(text: str, groups: list[tuple[int, int]]) -> Spans:
    """The longest Luhn-valid windows of whole groups, 12 to 19 digits, not overlapping."""
    found: list[tuple[int, int, int]] = []
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            digits += text[groups[j][0] : groups[j][1]]
            if len(digits) > 19:
                break
            if len(digits) < 12 or digits[0] == "0":
                continue
            dots = text.count(".", groups[i][0], groups[j][1])
            if (
                dots
                and j - i < 2
                and not _CARD_WORD.search(text, max(0, groups[i][0] - 24), groups[i][0])
            ):
                continue  # 1234.56789012345 is a decimal, not a card; "card 50386594.131510" is
            if luhn_valid(digits):
                found.append((len(digits), groups[i][0], groups[j][1]))
    taken: list[tuple[int, int]] = []
    for _, start, end in sorted(found, key=lambda f: (-f[0], f[1])):
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
    yield from sorted(taken)


# --- phone -----------------------------------------------------------------------------------

_PHONE = re.compile(
    rf"(?:(?<![\w+])(?P<plus>\+)[ ]?|(?<![\w#+])(?<!\+ )(?<!\d[{_SEPS}:/])\(?)"
    rf"(?>\d+(?:(?:[{_SEPS}/]|\)[ \-.]?|[ ]?\()\d+)*)"  # atomic: no shorter prefix is tried
    r"(?:[ ]?(?i:x|ext\.?|extension)[ ]?\d{1,6}(?!\d))?"  # +1-202-555-0143x1234, (03).1234
    r"(?![^\W_])"  # glued to a letter: a token (a hex id, a part number), not a phone
)
_EXTENSION = re.compile(r"(?i)[ ]?(?:x|ext\.?|extension)[ ]?\d{1,6}$")
_NATIONAL = re.compile(r"0[1-9]\d{8,9}")
"""A bare run of 10 or 11 digits after one trunk 0: a national phone number (0612345678)."""
_CURRENCY = (
    r"[$€£¥₹₽₩¢]"
    r"|\b(?:eur|usd|gbp|chf|pln|sek|nok|dkk|czk|huf|cad|aud|nzd|jpy|inr|zł|zl|kr)\b"
)
_CURRENCY_BEFORE = re.compile(rf"(?i)(?:{_CURRENCY})\.?[ \t\u00a0]?$")
_CURRENCY_AFTER = re.compile(
    rf"(?i)[ \t\u00a0]?(?:{_CURRENCY}|(?:euros?|dollars?|pounds?|francs?)\b)"
)
_DECIMAL = re.compile(r"\d+[.,]\d+")
_DECIMAL_COMMA_AFTER = re.compile(r",\d{1,2}(?!\d)")
_PERCENT_AFTER = re.compile(r"(?i)[ \t\u00a0]?(?:%|percent\b|per cent\b|pct\b)")
_DATE_SHAPE = re.compile(r"\d{1,2}([./\-])\d{1,2}\1(?:\d{2}|\d{4})|\d{4}([./\-])\d{1,2}\2\d{1,2}")
_TIME_RANGE = re.compile(r"\d{1,2}[.:]\d{2}[ ]?[\-–][ ]?\d{1,2}[.:]\d{2}")
_THOUSANDS_DECIMAL = re.compile(r"\d{1,3}(?:([ \u00a0\u2009\u202f])\d{3})(?:\1\d{3})*\.\d{1,2}")


def phone_spans(text: str) -> Spans:
    for m in _PHONE.finditer(text):
        if _phone_ok(text, m):
            yield m.span()


def _phone_ok(text: str, m: re.Match[str]) -> bool:
    value = _EXTENSION.sub("", m.group())
    groups = _GROUP.findall(value)
    digits = sum(len(g) for g in groups)
    if digits < 6 or (digits == 6 and not _signature_number(text, m.start(), m.end(), groups)):
        return False
    national = _NATIONAL.fullmatch(value.strip("()"))
    bare = m.group("plus") is None and len(groups) == 1 and not national
    if bare and not _alone_on_a_line(text, m.start(), m.end(), value):
        return False  # one bare run of digits: an id, a count, a postcode
    if len(groups) == 2 and _DECIMAL.fullmatch(value):
        return False  # 3.399789, 1234567.5: a decimal number
    if all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups):
        return False  # 2019-2024, 2019/2020
    start, end = m.span()
    if _CURRENCY_BEFORE.search(text, max(0, start - 12), start):
        return False
    if _CURRENCY_AFTER.match(text, end) or _PERCENT_AFTER.match(text, end):
        return False
    if _DECIMAL_COMMA_AFTER.match(text, end) or _THOUSANDS_DECIMAL.fullmatch(value):
        return False
    if after_version(text, start):
        return False
    return not (_TIME_RANGE.fullmatch(value) or _DATE_SHAPE.fullmatch(value))


def _signature_number(text: str, start: int, end: int, groups: list[str]) -> bool:
    """Six digits in two or three groups, alone on their line or bar cell, right after a line
    or cell of words with no digit, in a signature (after a closing line, or between bars):
    "Best,\nGeorge Knox\n461 456", "Lenn Klein | UX researcher | 995 862", a short local
    number. Elsewhere six digits are an amount or a count ("Totals\n120 450")."""
    if len(groups) < 2 or not _own_cell(text, start, end):
        return False
    before = text[:start].rstrip(" \t")
    if not before.endswith(("\n", "|")):
        return False
    previous = re.split(r"[\n|]", before[:-1].rstrip(" \t"))[-1].strip()
    if not previous or any(ch.isdigit() for ch in previous) or len(previous) > 60:
        return False
    return before.endswith("|") or bool(_SIGN_OFF.search(before[-160:]))


_SIGN_OFF = re.compile(
    r"(?im)^[ \t]*(?:best|regards|kind regards|best regards|thanks|thank you|many thanks|cheers"
    r"|sincerely|yours|mit freundlichen grüßen|viele grüße|grüße|cordialement|bien à vous"
    r"|saludos|un saludo|atentamente|cordiali saluti|saluti|distinti saluti|groeten"
    r"|met vriendelijke groet|pozdrawiam|z poważaniem)[ \t]*[,.!]*[ \t]*$"
)
"""A closing line: the lines after it are a signature."""


def _alone_on_a_line(text: str, start: int, end: int, value: str) -> bool:
    """9 to 13 digits that are all of their line, or of a cell between bars ("Ana Ruiz | analyst |
    734510970"), in a text that has more than that line: a signature's number. A cell that is
    only the number (an id column) does not count."""
    if not 9 <= len(value) <= 13 or text.strip() == value:
        return False
    return _own_cell(text, start, end)


def _own_cell(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is all of its line, or of its cell between bars."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("|", 0, start)) + 1
    line_end = min(
        (i for i in (text.find("\n", end), text.find("|", end)) if i >= 0), default=len(text)
    )
    return not text[line_start:start].strip() and not text[end:line_end].strip()


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One pattern family: its id, the cheap precondition on a text, and its span finder."""

    id: str
    min_digits: int
    """Fewer digits than this in the text: the family cannot match, it is not run."""
    marker: str
    """A character the text must contain for the family to match ("" for none)."""
    spans: Callable[[str], Spans]


FAMILIES: tuple[Family, ...] = (
    Family("email", 0, "@", email_spans),
    Family("iban", 2, "", iban_spans),
    Family("ipv6", 0, ":", ipv6_spans),
    Family("ipv4", 4, ".", ipv4_spans),
    Family("date", 3, "", date_spans),
    Family("card", 12, "", card_spans),
    Family("phone", 6, "", phone_spans),
    Family("context", 0, "", context_spans),
)
"""Every family, in the order the scanner runs them."""
