"""Payment card numbers: any run of 12 to 19 digits, in any grouping, that passes Luhn's check.

Presidio's card recogniser matches the common brand prefixes and groupings; this one does not
care about the brand (Maestro has 12 to 19 digits, JCB 15 or 16, Visa 13, 16 or 19) or the
grouping ("4111 1111 1111 1111", "4111-111111-11111", "41111111 11111111"). A run of digit
groups joined by a space, a dash or a dot (" - " too) is searched for its longest stretch of whole
groups with 12 to 19 digits and a valid check digit, so a card next to other digits is still
found. A dotted run shaped like an IPv4 address, and runs of one repeated digit, are not cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from persona_batch.privacy.recognisers.base import RegexRecognizer, luhn_valid
from persona_batch.privacy.recognisers.counts import digit_count

_SEP = r"(?:[ \u00a0]{0,2}[\-.][ \u00a0]{0,2}|[ \u00a0]{1,2})"
_RUN = re.compile(
    rf"(?<![\w.,])\d+(?:{_SEP}\d+)+(?![\w]|[.,]\d)|(?<![\w.,])\d{{12,19}}(?![\w]|[.,]\d)"
)
_GROUP = re.compile(r"\d+")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")


class CardNumberRecognizer(RegexRecognizer):
    ENTITY = "CREDIT_CARD"
    SCORE = 0.6

    def prefilter(self, text: str) -> bool:
        return digit_count(text) >= 12

    def candidates(self, text: str) -> Iterable[tuple[int, int, float, str]]:
        for run in _RUN.finditer(text):
            if _IPV4.match(run.group(0)):
                continue
            groups = [
                (m.start() + run.start(), m.end() + run.start())
                for m in _GROUP.finditer(run.group(0))
            ]
            found = _longest_card(text, groups)
            if found is not None:
                yield found[0], found[1], self.SCORE, "luhn-valid digit run"


def _longest_card(text: str, groups: list[tuple[int, int]]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            digits += text[groups[j][0] : groups[j][1]]
            if len(digits) > 19:
                break
            if len(digits) >= 12 and is_card_number(digits):
                span = (groups[i][0], groups[j][1])
                if best is None or span[1] - span[0] > best[1] - best[0]:
                    best = span
    return best


def is_card_number(digits: str) -> bool:
    """12 to 19 digits, not one digit repeated, with a valid Luhn check digit."""
    return 12 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn_valid(digits)
