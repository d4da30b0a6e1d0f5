"""Does a persona read like a person? Its name, its quote and its background, as a reader sees them.

- :func:`name_problem`: the name is a tag or a label (``<PERSON>``, ``User 1``), no one's name
  (``Premise 1``, ``Sales``, ``A-Team``, ``Sales Manager``: one word, digits, or ordinary words
  that are no first name or surname), or a name the real-name gazetteer of the privacy work
  does not know at all. The gazetteer (:mod:`persona_batch.privacy.recognisers.gazetteer`: names of
  real people by country, and which words are ordinary words) is loaded on first use; it needs
  neither spaCy nor Presidio.
- :func:`quote_problem`: the quote is not a sentence (fewer than four words, or mostly not
  letters: ``.0.15%``, a name) or speaks of the persona in the third person with no first-person
  word ("The person is a sales manager.").
- :func:`stereotyped`: a text leans on a group stereotype ("like most old people", "a typical
  busy mom") instead of the research.
"""

from __future__ import annotations

import re
from typing import Literal

from persona_batch.core.text import NAME_PLACEHOLDER_RE, PLACEHOLDER_RE, is_filler, text_words
from persona_batch.privacy.recognisers.name_words import TITLES

__all__ = [
    "NameProblem",
    "QuoteProblem",
    "first_person",
    "name_problem",
    "quote_problem",
    "stereotyped",
]

NameProblem = Literal["placeholder", "not_a_name", "unknown_name"]
QuoteProblem = Literal["not_sentence", "third_person"]

MIN_QUOTE_WORDS = 4
_TITLES = TITLES  # "Dr", "Frau", "Mme": the privacy work's titles, in every language
_FIRST_PERSON = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "i'd",
        "i'll",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "we're",
        "we've",
        "our",
        "ours",
        "us",
        "ich",
        "mich",
        "mir",
        "mein",
        "meine",
        "meinen",
        "meiner",
        "wir",
        "uns",
        "unser",
        "unsere",
        "je",
        "j'ai",
        "j'en",
        "moi",
        "mon",
        "ma",
        "mes",
        "nous",
        "notre",
        "nos",
        "yo",
        "mí",
        "mis",
        "mío",
        "nosotros",
        "nuestro",
        "nuestra",
        "io",
        "mio",
        "mia",
        "miei",
        "noi",
        "nostro",
        "nostra",
        "ik",
        "mij",
        "mijn",
        "wij",
        "ons",
        "onze",
        "ja",
        "mnie",
        "mój",
        "moja",
        "moje",
        "mój",
        "eu",
        "mim",
        "meu",
        "minha",
        "meus",
        "minhas",
        "nós",
    ]
)
"""First-person words of the supported languages ("me", "mi" and "my" are in several)."""
_FIRST_PERSON_SHARED = frozenset(["me", "mi", "my", "we"])
_THIRD_PERSON_START = re.compile(
    r"^(?:she|he|they|the (?:person|persona|user|customer|participant|respondent)|this "
    r"(?:person|persona|user))\b",
    re.IGNORECASE,
)
_STEREOTYPE_RE = re.compile(
    r"\blike (?:most|all|many|every) (?:old|older|elderly|young|younger)?\s*"
    r"(?:people|women|men|moms|mums|mothers|fathers|dads|millennials|boomers|gen ?z|"
    r"teenagers|students|pensioners|retirees|immigrants|foreigners|girls|boys)\b"
    r"|\btypical (?:busy )?(?:mom|mum|housewife|millennial|boomer|teenager|woman|man|nerd|geek)\b"
    r"|\b(?:people|women|men) (?:of|at) (?:his|her|their|that) age\b"
    r"|\bas (?:a|an) (?:woman|man|mother|grandmother|grandfather|old person|immigrant),? "
    r"(?:she|he) (?:naturally|obviously|of course)\b"
    r"|\bscared of technology\b",
    re.IGNORECASE,
)


def _gazetteer_flags(word: str) -> int:
    from persona_batch.privacy.recognisers import gazetteer  # loaded on first use, a few MB

    return gazetteer.load().get(word)


def name_problem(name: str) -> NameProblem | None:
    """What is wrong with ``name`` as a person's name, if anything (``""`` is not judged)."""
    if not name or is_filler(name):
        return None
    if PLACEHOLDER_RE.search(name) or NAME_PLACEHOLDER_RE.search(name):
        return "placeholder"
    from persona_batch.privacy.recognisers.gazetteer import COMMON, FIRST, FIRST_TOP, LAST
    from persona_batch.privacy.recognisers.name_words import PARTICLES

    raw = [w.strip(".") for w in name.split()]
    words = [w for w in raw if w and w.casefold() not in _TITLES]
    if any(ch.isdigit() for ch in name):
        return "not_a_name"
    parts = [w for w in words if w.casefold() not in PARTICLES]
    if len(parts) < 2:
        return "not_a_name"
    known = 0
    for part in parts:
        pieces = [p for p in re.split(r"[-'’]", part) if len(p) > 1] or [part]
        bits = 0
        for piece in pieces:
            bits |= _gazetteer_flags(piece)
        if bits & (FIRST | FIRST_TOP | LAST):
            known += 1
        elif bits & COMMON:
            return "not_a_name"  # an ordinary word that is no one's name: "Manager", "Team"
    return None if known else "unknown_name"


def quote_problem(quote: str) -> QuoteProblem | None:
    """What keeps ``quote`` from being something the persona says, if anything."""
    if not quote or is_filler(quote):
        return None
    words = text_words(quote)
    letters = sum(ch.isalpha() for ch in quote)
    visible = sum(not ch.isspace() for ch in quote)
    if len(words) < MIN_QUOTE_WORDS or letters < 0.6 * max(visible, 1):
        return "not_sentence"
    if PLACEHOLDER_RE.search(quote):
        return "not_sentence"
    if not first_person(quote) and _THIRD_PERSON_START.search(quote.strip(" \"'“”‘’")):
        return "third_person"
    return None


def first_person(text: str) -> bool:
    """Whether ``text`` has a first-person word of a supported language ("I", "ich", "mis")."""
    return any(w in _FIRST_PERSON or w in _FIRST_PERSON_SHARED for w in text_words(text))


def stereotyped(text: str) -> bool:
    """Whether ``text`` leans on a group stereotype."""
    return bool(_STEREOTYPE_RE.search(text))
