"""What the name and place recognisers share: a Presidio recogniser around a per-text finder,
and the finder's view of one text (its words, the gazetteer, the stop words)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.tokens import Token, shouting, tokens
from persona_batch.privacy.recognisers.words import stop_words

Span = tuple[int, int, float, str]
"""(start, end, score, why)"""


class TextView:
    """One text as the finders read it; built per text, cheap (the tables are loaded once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokens(text)
        self.index = {t.start: i for i, t in enumerate(self.toks)}
        self.gaz = gz.load()
        self.stops = stop_words()
        self.shouting = shouting(text)

    def flags(self, token: Token) -> int:
        return self.gaz.get(token.bare)

    def unlisted(self, token: Token) -> bool:
        """A word of three letters or more in no list: no name, place or frequent word."""
        word = token.bare
        return len(word) >= 3 and word.isalpha() and self.gaz.unlisted(word)


class FinderRecognizer(EntityRecognizer):
    """Reports what ``finder(text).find()`` returns, as :attr:`ENTITY`."""

    ENTITY = ""
    finder: Callable[[str], Any]

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__)

    def load(self) -> None:
        """The gazetteer loads on first use, once per process."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if self.ENTITY not in entities or not text.strip():
            return []
        found: list[Span] = type(self).finder(text).find()
        return [
            RecognizerResult(
                self.ENTITY, start, end, score, AnalysisExplanation(type(self).__name__, score, why)
            )
            for start, end, score, why in found
        ]
