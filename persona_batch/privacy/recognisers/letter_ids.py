"""Identity and account codes made of capital letters only, found by what introduces them.

"Ausweisnummer (QWZRTPLX)", "passport no. KXQZTRBW": most codes have a digit, and
:class:`~persona_batch.privacy.recognisers.identifiers.ContextIdRecognizer` wants one (it would
take "licence PENDING" otherwise). Here the code is six to twelve capitals right after an
identifier phrase, and a word of no list at all: no word of any supported language, no name, no
place ("PASSPORT NUMBER PENDING", "ID CARD EXPIRED" and "member id ADMIN" are kept). Short or
loose phrases ("CF", "Pass", "Konto", "codice") do not count here.
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.base import (
    RegexRecognizer,
    Rule,
    after_phrase,
)
from persona_batch.privacy.recognisers.identifiers import PHRASES

_LOOSE = frozenset(
    p.casefold()
    for p in ("CF", "C.F.", "Pass", "PPS", "Konto", "codice", "carnet", "loyalty", "tax details",
              "identifiant", "rekening", "Krankenkasse", "membership is")
)  # fmt: skip
ID_PHRASES = tuple(p for p in PHRASES if p.casefold() not in _LOOSE and len(p) >= 4)
"""The identifier phrases that name a document or account on their own."""

_CONNECTOR = r"(?:\s*(?i:[:#=(\-–]|no\.|nr\.|n[º°o]\.?|number|nummer|numéro|número|numero|numer|is|was|ist|est|es|è|jest|de|van))"
_CODE = after_phrase(
    ID_PHRASES,
    rf"(?![^\W\d_])(?:{_CONNECTOR}){{0,3}}\s*(?P<value>[A-Z]{{6,12}})(?![\w-])",
    rest_any_case=False,
)
_SIX_CAPITALS = re.compile(r"[A-Z]{6}")


class LetterIdRecognizer(RegexRecognizer):
    ENTITY = "ID_NUMBER"
    rules = (Rule("capitals-only code after an identifier phrase", _CODE, 0.45),)

    def prefilter(self, text: str) -> bool:
        return _SIX_CAPITALS.search(text) is not None

    def validate(self, value: str, score: float, match: re.Match[str]) -> float | None:
        return score if gz.load().unlisted(value) else None
