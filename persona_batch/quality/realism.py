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
- :func:`score_realism`: the realism dimension of the quality score, these checks and the
  shape of each value (placeholders, ages, repeated words and items) as points lost.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

from persona_batch.core.quality_settings import QualitySettings
from persona_batch.core.text import (
    EDGE,
    NAME_PLACEHOLDER_RE,
    PLACEHOLDER_RE,
    REPEAT_RE,
    STOPWORDS,
    is_filler,
    normalised,
    text_words,
)
from persona_batch.privacy.recognisers.name_words import TITLES
from persona_batch.quality.rows import LIST_FIELDS, TEXT_FIELDS, PersonaRow, RowResult

__all__ = [
    "NameProblem",
    "QuoteProblem",
    "first_person",
    "name_problem",
    "quote_problem",
    "score_realism",
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


def score_realism(p: PersonaRow, s: QualitySettings, out: RowResult) -> None:
    lost = 0.0
    fields: dict[str, list[str]] = {name: [p.text(name)] for name in TEXT_FIELDS}
    fields.update(p.lists)
    for name, values in fields.items():
        present = [v for v in values if v]
        placeholder = any(PLACEHOLDER_RE.search(v) or is_filler(v) for v in present)
        if name == "name" and p.name:
            placeholder = placeholder or bool(NAME_PLACEHOLDER_RE.search(p.name))
        if placeholder:
            out.flags.append(f"placeholder:{name}")
            lost += 1.5
        if any(_repetitive(v) for v in present):
            out.flags.append(f"repeated_words:{name}")
            lost += 0.5
        if name in LIST_FIELDS:
            normed = [normalised(v).strip(EDGE) for v in present]
            if len(set(normed)) < len(normed):
                out.flags.append(f"repeated_item:{name}")
                lost += 0.5
    if p.age is not None:
        low, high = s.realistic_age
        if not 16 <= p.age <= 100:
            out.flags.append("implausible_age")
            lost += 2.5
        elif not low <= p.age <= high:
            out.flags.append("unusual_age")
            lost += 1.0
    if p.name and not is_filler(p.name):
        parts = p.name.split()
        letters = all(re.fullmatch(r"[^\W\d_]+(?:['’.-][^\W\d_]*)*\.?", w) for w in parts)
        capital = all(w[0].isupper() for w in (parts[0], parts[-1]) if w[0].isalpha())
        if not 2 <= len(parts) <= 5 or not letters or not capital:
            out.flags.append("name_shape")
            lost += 0.5
    problem = name_problem(p.name) if "placeholder:name" not in out.flags else None
    if problem == "not_a_name":
        out.flags.append("not_a_name")
        lost += 1.5
    elif problem is not None:  # a tag the placeholder patterns missed, or a name no one has
        out.flags.append("placeholder:name" if problem == "placeholder" else "unknown_name")
        lost += 1.5 if problem == "placeholder" else 0.5
    said = quote_problem(p.quote) if "placeholder:quote" not in out.flags else None
    if said is not None:
        out.flags.append(f"quote_{said}")
        lost += 1.0
    for name in ("background", *LIST_FIELDS):
        if any(stereotyped(v) for v in fields[name]):
            out.flags.append(f"stereotype:{name}")
            lost += 1.5
    if p.occupation and not is_filler(p.occupation):
        words = text_words(p.occupation)
        if (
            not any(ch.isalpha() for ch in p.occupation)
            or len(words) > 8
            or p.occupation.endswith((".", "!", "?"))
        ):
            out.flags.append("occupation_shape")
            lost += 0.5
    out.scores["realism"] = max(0.0, 100.0 - lost * s.realism_penalty)


def _repetitive(text: str) -> bool:
    if REPEAT_RE.search(text):
        return True
    words = [w for w in text_words(text) if w not in STOPWORDS]
    if len(words) < 4:
        return False
    top = Counter(words).most_common(1)[0][1]
    return top / len(words) > 0.5
