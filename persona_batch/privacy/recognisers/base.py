"""What our recognisers share: a Presidio recogniser over compiled regexes with a value group.

Presidio's ``PatternRecognizer`` reports a whole match. Ours often match a context phrase
("passport no.", "lives at", "my name is") to be sure, and report only the value after it: the
pattern's ``value`` group (or the whole match when it has none). ``validate`` may reject a
candidate (a checksum, a shape) or change its score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from persona_batch.core.phrase_search import PhraseFirst


@dataclass(frozen=True)
class Rule:
    """One compiled regex: what it finds and how sure a match makes us. A regex that starts
    with a phrase in any case is given as a :class:`PhraseFirst`, which searches it faster."""

    name: str
    regex: re.Pattern[str] | PhraseFirst
    score: float


class RegexRecognizer(EntityRecognizer):
    """Run :attr:`rules`; report each match's ``value`` group, scored, if :meth:`validate` agrees."""

    ENTITY = ""
    rules: Sequence[Rule] = ()

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=type(self).__name__,
            supported_language=supported_language,
        )

    def load(self) -> None:
        """Nothing to load: the regexes compile at import."""

    def prefilter(self, text: str) -> bool:
        """False when ``text`` cannot hold a match (cheap: skip the rules)."""
        return True

    def validate(self, value: str, score: float, match: re.Match[str]) -> float | None:
        """The score for ``value`` (found by ``match``), or None to drop it."""
        return score

    def candidates(self, text: str) -> Iterable[tuple[int, int, float, str]]:
        """(start, end, score, rule name) for every accepted match; a span found by an earlier
        rule is not reported again."""
        seen: set[tuple[int, int]] = set()
        for rule in self.rules:
            for match in rule.regex.finditer(text):
                group = "value" if "value" in rule.regex.groupindex else 0
                start, end = match.span(group)
                if start < 0 or end <= start:
                    continue
                if (start, end) in seen:
                    continue
                score = self.validate(text[start:end], rule.score, match)
                if score is not None:
                    seen.add((start, end))
                    yield start, end, score, rule.name

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if self.ENTITY not in entities or not self.prefilter(text):
            return []
        return [
            RecognizerResult(
                self.ENTITY,
                start,
                end,
                score,
                analysis_explanation=AnalysisExplanation(type(self).__name__, score, rule),
            )
            for start, end, score, rule in self.candidates(text)
        ]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, each escaped (spaces match any space).
    A word with "ß" also matches it written "ss", as capitals and Swiss German write it
    ("DANKE UND GRUSS")."""
    given = set(words)
    ordered = sorted(given | {w.replace("ß", "ss") for w in given}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def lower_alternation(words: Iterable[str]) -> str:
    """:func:`alternation` of ``words`` in lower case: where a case-insensitive alternation of
    them can start, in lower-cased text (see :class:`PhraseFirst`)."""
    return alternation(w.lower() for w in words)


def after_phrase(phrases: Iterable[str], rest: str, *, rest_any_case: bool = True) -> PhraseFirst:
    """One of ``phrases`` in any case, at the start of a word, then ``rest`` (in any case too,
    unless ``rest_any_case`` is False: a code in capitals); searched where a phrase starts
    (:class:`PhraseFirst`)."""
    listed = list(phrases)
    regex = (
        re.compile(rf"(?<!\w)(?:{alternation(listed)}){rest}", re.IGNORECASE)
        if rest_any_case
        else re.compile(rf"(?<!\w)(?i:{alternation(listed)}){rest}")
    )
    return PhraseFirst(regex, rf"(?<!\w)(?:{lower_alternation(listed)})")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
