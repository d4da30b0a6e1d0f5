"""IBANs in any letter case and next to any word.

Presidio's IBAN pattern takes letters greedily (some countries' BBANs hold letters), so in
capitals, "THE IBAN ES38 7368 … 3904 WITHOUT" runs into "WITHOUT", fails the checksum and is
lost; "iban: fr76 3000 …" in a lower-case chat is not matched at all. Here a candidate starts
at a country code and two check digits; it may end at any space or word boundary, and the
longest ending that starts like its country's format (Presidio's table, used as Presidio uses
it: as a prefix, since a few entries are short, Portugal's by four digits) and passes the
mod-97 check is the IBAN.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country

from persona_batch.privacy.recognisers.base import RegexRecognizer, Rule
from persona_batch.privacy.recognisers.counts import digit_count

_START = re.compile(r"(?<![A-Za-z0-9])(?P<value>[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30})")


@cache
def _format(country: str) -> re.Pattern[str] | None:
    pattern = regex_per_country.get(country)
    return re.compile(pattern) if pattern else None


def mod97_valid(compact: str) -> bool:
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


class AnyCaseIbanRecognizer(RegexRecognizer):
    ENTITY = "IBAN_CODE"
    rules = (Rule("country code, check digits and a BBAN of its country's format", _START, 1.0),)

    def prefilter(self, text: str) -> bool:
        return digit_count(text) >= 10

    def candidates(self, text: str) -> Iterable[tuple[int, int, float, str]]:
        rule = self.rules[0]
        for match in rule.regex.finditer(text):
            start, end = match.span("value")
            found = self._longest(text, start, end)
            if found:
                yield start, found, rule.score, rule.name

    @staticmethod
    def _longest(text: str, start: int, end: int) -> int | None:
        shape = _format(text[start : start + 2].upper())
        if shape is None:
            return None
        for stop in range(end, start + 14, -1):
            if text[stop - 1] == " " or (stop < len(text) and text[stop].isalnum()):
                continue  # an IBAN ends at a group's end, not inside a word
            value = text[start:stop].upper()
            if shape.match(value) and mod97_valid(value.replace(" ", "")):
                return stop
        return None
