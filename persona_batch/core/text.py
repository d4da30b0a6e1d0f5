"""Text helpers the stages share: words, shingles and Jaccard similarity, light stems, filler
and placeholders.

Every rule of the quality score (:mod:`persona_batch.quality`) and the synthetic set's copy and
diversity checks (:mod:`persona_batch.synthesise`) read text through these, so they agree on
what a word is and how alike two texts are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
"""A word: letters and digits, with inner apostrophes ("don't")."""
HYPHENATED_WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
"""A word with inner hyphens too ("follow-up"): the unit a copied phrase is matched in."""
_SPACE_RE = re.compile(r"\s+")
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
EDGE = " \t\n\"'“”‘’.…,;:-–—()[]"

_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing don't down during each
    even every few for from further get gets getting got had has have having he her here hers
    herself him himself his how i i'd i'm i've if in into is it it's its itself just like me
    more most much my myself no nor not now of off on once one only or other our ours ourselves
    out over own really same she should so some such than that that's the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

_FILLER_RE = re.compile(
    r"^(?:n/?a|none|null|nil|nan|unknown|tbd|tbc|todo|string|text|test|example|sample|"
    r"placeholder|lorem|foo|bar|value|name|occupation|location|background|quote|goal|goals|"
    r"frustration|frustrations|behaviour|behaviours|\.{2,}|…|-+|\?+|x+|\d+)$"
)
PLACEHOLDER_RE = re.compile(
    "|".join(
        (
            r"<\s*[A-Z][A-Z_ ]{2,}\s*>",  # anonymiser tag: <PERSON>, <EMAIL_ADDRESS>
            r"(?i:\[\s*(?:REDACTED|REMOVED|[A-Z][A-Z_]{2,})\s*\])",
            r"\b[A-Z][A-Z_]*_[0-9a-f]{6,}\b",  # hash strategy: PERSON_1a2b3c4d5e6f7a8b
            r"\*{3,}|#{4,}|\b[Xx]{3,}\b",  # mask strategy
            r"(?i:\blorem\b|\bipsum\b|\bdolor sit\b)",
            r"(?i:\b(?:john|jane|joe|j\.) doe\b|\bjoe bloggs\b|\bmax mustermann\b|\bfoo ?bar\b)",
        )
    )
)
NAME_PLACEHOLDER_RE = re.compile(
    r"^(?:user|person|persona|participant|respondent|customer|interviewee|p|r)\s*[-_#]?\s*\d+$"
    r"|\b(?:first|last|full|sur)\s*name\b",
    re.IGNORECASE,
)
REPEAT_RE = re.compile(r"\b([^\W\d_]{3,})(?:\s+\1\b)+", re.IGNORECASE)


def cleaned(value: Any) -> str:
    """A string value with whitespace collapsed; ``""`` for ``None``."""
    if value is None:
        return ""
    return _SPACE_RE.sub(" ", str(value)).strip()


def normalised(text: str) -> str:
    """For matching: case-folded, uniform quotes and dashes, whitespace collapsed."""
    return _SPACE_RE.sub(" ", text.translate(QUOTES).casefold()).strip()


@functools.lru_cache(maxsize=4096)
def text_words(text: str) -> tuple[str, ...]:
    """Case-folded words; cached, as every dimension reads the same few texts of a persona."""
    return tuple(WORD_RE.findall(text.translate(QUOTES).casefold()))


@functools.lru_cache(maxsize=1 << 16)
def stem_of(word: str) -> str:
    """A light suffix stripper: "export", "exports", "exporting" and "exported" all meet."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def content_words(text: str) -> set[str]:
    """Stemmed words that carry meaning: stop words and one-letter words dropped."""
    return {stem_of(w) for w in text_words(text) if w not in STOPWORDS and len(w) > 1}


def is_filler(text: str) -> bool:
    if len(text) > 40:  # longer than any filler
        return False
    stripped = normalised(text).strip(EDGE)
    return not stripped or bool(_FILLER_RE.match(stripped))


def text_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [cleaned(v) for v in value if v is not None]


def shingles(words: Sequence[str], k: int) -> frozenset[str]:
    """The ``k``-word shingles of ``words``, each joined by a space; a text of ``k`` words or
    fewer is one shingle."""
    if len(words) <= k:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i : i + k]) for i in range(len(words) - k + 1))


def jaccard(a: AbstractSet[Hashable], b: AbstractSet[Hashable]) -> float:
    """Jaccard similarity of two sets (two equal sets, empty ones included, are 1.0)."""
    if a is b or a == b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)
