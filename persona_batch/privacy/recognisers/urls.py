"""URLs to their end: Presidio's URL recogniser, with each match run on to where the URL stops.

Presidio's pattern lists top-level domains with no boundary after them, so it stops at the
first one that fits: "http://george.biz/shared/x?user=jacob" is found as "http://george.bi",
and the path with its user name is left in the text. A URL goes on to the next space, quote
or bracket; punctuation that ends a sentence is not part of it.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult

from persona_batch.privacy.recognisers.prefiltered import QuickUrl

_REST = re.compile(r"[^\s<>\"'()\[\]{}]*")
_TRAILING = ".,;:!?"


class WholeUrlRecognizer(QuickUrl):
    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            rest = _REST.match(text, result.end)
            end = rest.end() if rest else result.end
            while end > result.end and text[end - 1] in _TRAILING:
                end -= 1
            result.end = end
        return results
