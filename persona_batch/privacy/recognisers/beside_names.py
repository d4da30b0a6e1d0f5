"""A phone number a layout puts beside a name, with no phone word before it: in brackets right
after the name ("SPOKE TO ANNA KOWALSKI (801 179)"), after the name and a comma at the end of
a sentence ("Happy to join. Ana Ruiz, 917558654."), or alone on the line under a name or an
address that ends its line (a signature: "Best regards,\\nAnna Kowalski\\n461 456"; a
shipping label: "…\\nGlasgow PL17 2QD\\n995 641").

Local numbers without an area code have six or seven digits, too few for ``phonenumbers`` to
call them a number and too many to leave where they stand beside a person. This pass runs
after the recognisers, on the merged findings of a cell (like :mod:`recognisers.lists`): from
each PERSON (and STREET_ADDRESS) finding it looks at what follows. A digit group of six to fifteen digits (spaces,
dots, dashes and one pair of brackets allowed) that is no date and no year is taken. "Anna
(2019)", "Anna (12 items)" and "Anna\\n2024-03-01" stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from persona_batch.privacy.recognisers.lists import Taken

__all__ = ["numbers_beside_names"]

_NUMBER = r"\+?\(?\d[\d \-./()]{4,22}\d"
_IN_BRACKETS = re.compile(rf"[ \t]*\([ \t]*(?P<value>{_NUMBER})[ \t]*\)")
_NEXT_LINE = re.compile(rf"[ \t,]*\r?\n[ \t]*(?P<value>{_NUMBER})[ \t]*(?:\r?\n|$)")
_AFTER_COMMA = re.compile(rf"[ \t]*,[ \t]*(?P<value>{_NUMBER})[ \t]*(?:[.;!]|\r?\n|$)")
_DATE = re.compile(r"^(?:\d{1,4}[./-]){2}\d{1,4}$")


def numbers_beside_names(text: str, found: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Spans of phone numbers beside PERSON and STREET_ADDRESS findings, not overlapping any
    finding.

    ``found``: every finding of the cell as (start, end, entity type)."""
    taken = Taken((a, b) for a, b, _ in found)
    out: list[tuple[int, int]] = []
    for _start, end, entity in found:
        if entity == "PERSON":
            patterns: tuple[re.Pattern[str], ...] = (_IN_BRACKETS, _AFTER_COMMA, _NEXT_LINE)
        elif entity == "STREET_ADDRESS":
            patterns = (_NEXT_LINE,)
        else:
            continue
        for pattern in patterns:
            match = pattern.match(text, end)
            if match is None or not _phone_like(match.group("value")):
                continue
            span = match.span("value")
            if taken.add(span):
                out.append(span)
    return out


def _phone_like(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    compact = value.replace(" ", "")
    if not 6 <= digits <= 15 or _DATE.match(compact):
        return False
    return value.count("(") == value.count(")")
