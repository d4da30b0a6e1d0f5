"""IBANs in any letter case: Presidio's IBAN recogniser (checksum included) on the text with its
ASCII letters upper-cased ("iban: fr76 3000 6000 …" in a lower-case chat is still an IBAN).
Upper-casing only ASCII letters keeps every offset where it was."""

from __future__ import annotations

import string
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import IbanRecognizer

_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


class AnyCaseIbanRecognizer(IbanRecognizer):
    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        upper = text.translate(_UPPER)
        if regex_flags is None:
            results: list[RecognizerResult] = super().analyze(upper, entities, nlp_artifacts)
        else:
            results = super().analyze(upper, entities, nlp_artifacts, regex_flags)
        return results
