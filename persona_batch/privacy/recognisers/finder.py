"""What the name and place recognisers share: a Presidio recogniser around a per-text finder,
and the finder's view of one text (its words, the gazetteer, the stop words)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.tokens import Token, shouting, tokens
from persona_batch.privacy.recognisers.words import own_stops, shown_languages, stop_words

Span = tuple[int, int, float, str]
"""(start, end, score, why)"""


@lru_cache(maxsize=4)
def _words(text: str) -> tuple[tuple[Token, ...], Mapping[int, int], bool]:
    """The words of ``text``, each word's index by its start, and whether it shouts: the same
    for every finder, so made once per text (Presidio hands them the text one after another)."""
    toks = tuple(tokens(text))
    return toks, MappingProxyType({t.start: i for i, t in enumerate(toks)}), shouting(text)


@lru_cache(maxsize=4)
def _text_languages(text: str) -> tuple[str, ...] | None:
    """The languages ``text`` shows (:func:`shown_languages`), None if it shows too little: the
    same for every finder, so found once per text. A first name tells no language ("call aura
    on ..., aura was born ..." is no French), so function words that are first names and no
    English words are left out of the count."""
    words = (t.bare.casefold() for t in _words(text)[0])
    return shown_languages(words, ignore=_named_stops())


@cache
def _named_stops() -> frozenset[str]:
    """The function words that are first names of the lists and no English words ("aura",
    "sean"; not "by" or "will")."""
    gaz = gz.load()
    names = gz.FIRST | gz.FIRST_TOP  # the first thousand of a country: not "het"
    return frozenset(w for w in stop_words() if gaz.get(w) & names and not gaz.get(w) & gz.COMMON)


@lru_cache(maxsize=64)
def _with_english(own: frozenset[str]) -> frozenset[str]:
    """``own`` and every other language's function words that English has as words."""
    every = stop_words()
    if own is every:
        return own
    gaz = gz.load()
    return own | {w for w in every - own if gaz.get(w) & gz.COMMON}


class TextView:
    """One text as the finders read it; built per text, cheap (the tables are loaded once and
    the words are split once per text, whichever finder asks first)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks, self.index, self.shouting = _words(text)
        self.gaz = gz.load()

    @property
    def stops(self) -> frozenset[str]:
        """The function words of the languages the text is written in
        (:func:`own_stop_words`), and those of other languages that are English words too
        ("hi", "sent", "die"), found once per text."""
        return _with_english(own_stops(_text_languages(self.text)))

    @property
    def english_only(self) -> bool:
        """The text shows English and no other language: a word frequent only in another
        language's text is no word of this one ("everyone in stuttgart")."""
        return _text_languages(self.text) == ("en",)

    @property
    def folded(self) -> list[str]:
        """Each word casefolded, without its full stop or possessive (made once per view)."""
        words: list[str] | None = getattr(self, "_folded", None)
        if words is None:
            words = self._folded = [t.bare.casefold() for t in self.toks]
        return words

    def indices(self, start: int, end: int) -> list[int]:
        """The indices of the words from the one starting at ``start`` up to ``end``; none if no
        word starts there."""
        first = self.index.get(start)
        if first is None:
            return []
        taken = []
        i = first
        while i < len(self.toks) and self.toks[i].start < end:
            taken.append(i)
            i += 1
        return taken

    def word_ending_at(self, position: int) -> int | None:
        """The index of the word whose text ends right at ``position``, if one does."""
        starts: list[int] | None = getattr(self, "_starts", None)
        if starts is None:
            starts = self._starts = [t.start for t in self.toks]
        i = bisect.bisect_left(starts, position) - 1
        return i if i >= 0 and self.toks[i].end == position else None

    def flags(self, token: Token) -> int:
        """``token``'s gazetteer bits (:meth:`Gazetteer.get` of its bare word), looked up once."""
        bits = token.flags
        if bits < 0:
            bits = token.flags = self.gaz.get(token.bare)
        return bits

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
