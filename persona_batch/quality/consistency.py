"""The consistency dimension: explicit rules between a persona's fields (age and career, age
and background, years of experience, the sources' ages, goals and frustrations, the quote and
the aims, the quote's language and the location)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from persona_batch.core.quality_settings import QualitySettings
from persona_batch.core.text import EDGE, WORD_RE, content_words, normalised, text_words
from persona_batch.quality.rows import PersonaRow, RowResult

__all__ = ["score_consistency"]


_OCC_RETIRED = re.compile(r"\b(?:semi-)?retired\b|\bretiree\b|\bpensioner\b", re.IGNORECASE)
_SELF = (
    r"(?:^|[.!?;]\s+|\b(?:she|he|they|i)(?:'s|'m|'re|\s+is|\s+am|\s+are|\s+was|\s+has|\s+have)?\s+)"
)
"""Where a background speaks about the persona: a sentence start or a pronoun (and verb)."""
_BG_RETIRED = re.compile(
    _SELF + r"(?:an?\s+)?(?:recently\s+|newly\s+|now\s+|semi-)?retired\b"
    r"|\bsince (?:retiring|(?:his|her|their|my) retirement)\b"
    r"|\bin (?:his|her|their|my) retirement\b|\bretiree\b|\bpensioner\b",
    re.IGNORECASE,
)
_OCC_EARLY = re.compile(
    r"\b(?:student|undergrad(?:uate)?|pupil|schoolboy|schoolgirl|intern|apprentice|trainee)\b",
    re.IGNORECASE,
)
_BG_EARLY = re.compile(
    r"(?:^|[.!?;]\s+|\b(?:she|he|they|i)(?:'s|'m|'re|\s+is|\s+am|\s+are|\s+was)\s+)"
    r"(?:currently\s+)?an?\s+(?:[\w-]+\s+){0,2}student\b|\bcurrently studying\b",
    re.IGNORECASE,
)
_OCC_SENIOR = re.compile(
    r"\b(?:senior|director|head of|vp|svp|evp|vice[- ]president|chief|c[eotfi]o|principal)\b",
    re.IGNORECASE,
)
_AGE_STATED = re.compile(
    r"(?:^|[.!?;]\s+|\b(?:is|am|was|as)\s+)an?\s+(\d{1,3})[- ]years?[- ]old\b", re.IGNORECASE
)
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_AGE_DECADE = re.compile(
    r"\bin (?:his|her|their|my) (?:early |mid-?|late )?"
    r"(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0s)\b",
    re.IGNORECASE,
)
_EXPERIENCE = re.compile(
    r"\b(\d{1,2})\+?\s+years?['’]?\s+(?:of\s+)?(?:experience|in (?:the )?(?:industry|field|role|"
    r"profession|trade))\b"
    r"|\b(?:worked|working|been)\s+(?:[\w-]+\s+){0,4}for\s+(?:over\s+|more than\s+|nearly\s+|"
    r"almost\s+|about\s+)?(\d{1,2})\+?\s+years\b",
    re.IGNORECASE,
)
_SOURCE_AGE = re.compile(r"^\s*age\s*:\s*(\d{1,3})\s*$", re.IGNORECASE | re.MULTILINE)

_LANG_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and is it to of not we for with my but this that you have i are was be so "
        "in on at just want",
        "de": "und ich nicht das ist die der mit wir auf für es zu ein eine sie auch",
        "fr": "le la les et je ne pas est pour avec des une nous vous que c'est",
        "es": "el la los las y que no es para con una por pero muy lo yo",
        "it": "il che non per una sono con della gli mi ma anche è molto io",
        "pl": "nie jest się i w na że to z do jak mi ale bardzo",
        "nl": "de het een en ik niet van dat is met voor op we maar",
        "pt": "o os que não é para com uma um mas muito eu de",
    }.items()
}
_PLACES: tuple[tuple[str, str], ...] = (
    ("en", "usa us united states america uk gb united kingdom england scotland wales britain "
     "ireland australia new zealand london manchester birmingham leeds glasgow edinburgh "
     "dublin cork new york boston chicago atlanta seattle austin denver texas california "
     "sydney melbourne auckland toronto vancouver"),
    ("de", "germany deutschland austria österreich berlin munich münchen hamburg köln cologne "
     "frankfurt stuttgart vienna wien"),
    ("fr", "france paris lyon marseille toulouse bordeaux lille nice"),
    ("es", "spain españa madrid barcelona valencia sevilla seville mexico méxico argentina "
     "buenos aires colombia bogotá chile santiago peru lima"),
    ("it", "italy italia rome roma milan milano naples napoli turin torino florence firenze "
     "bologna"),
    ("pl", "poland polska warsaw warszawa kraków krakow wrocław wroclaw gdańsk gdansk poznań "
     "łódź lodz"),
    ("nl", "netherlands nederland holland amsterdam rotterdam utrecht eindhoven"),
    ("pt", "portugal lisbon lisboa porto brazil brasil são paulo rio"),
    ("de fr it", "switzerland schweiz suisse zürich zurich geneva genève bern basel"),
    ("fr nl de", "belgium belgique belgië brussels bruxelles antwerp antwerpen"),
    ("en fr", "canada montreal montréal quebec québec"),
)  # fmt: skip
"""Languages spoken, and the country and city names (one word each) that say where."""


def _place_table() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for langs, places in _PLACES:
        for word in places.split():
            table[word] = table.get(word, frozenset()) | frozenset(langs.split())
    return table


_PLACE_LANGS = _place_table()


def _place_languages(location: str) -> frozenset[str]:
    words = WORD_RE.findall(location.casefold())
    return frozenset().union(*(_PLACE_LANGS.get(w, frozenset()) for w in words))


def _quote_language(quote: str) -> str | None:
    """The language whose stop words clearly dominate the quote, if any."""
    words = text_words(quote)
    if len(words) < 4:
        return None
    counts = sorted(
        ((sum(w in stops for w in words), lang) for lang, stops in _LANG_STOPWORDS.items()),
        reverse=True,
    )
    (best, lang), (second, _) = counts[0], counts[1]
    return lang if best >= 2 and best > second else None


def _age_bounds_in(background: str) -> list[tuple[int, int]]:
    bounds = [(int(m), int(m)) for m in _AGE_STATED.findall(background)]
    for word in _AGE_DECADE.findall(background):
        decade = _DECADES.get(word.casefold()) or int(word[0]) * 10
        bounds.append((decade, decade + 9))
    return bounds


def score_consistency(
    p: PersonaRow, s: QualitySettings, texts: Sequence[str], out: RowResult
) -> None:
    fired: list[tuple[str, float]] = []
    age = p.age
    if age is not None:
        if (
            (age < 50 and (_OCC_RETIRED.search(p.occupation) or _BG_RETIRED.search(p.background)))
            or (age > 60 and (_OCC_EARLY.search(p.occupation) or _BG_EARLY.search(p.background)))
            or (age < 24 and _OCC_SENIOR.search(p.occupation))
        ):
            fired.append(("age_career_mismatch", 1.0))
        if any(age < low - 1 or age > high + 1 for low, high in _age_bounds_in(p.background)):
            fired.append(("age_background_mismatch", 1.0))
        for match in _EXPERIENCE.finditer(f"{p.occupation}. {p.background}"):
            years = int(match.group(1) or match.group(2))
            if age - years < 14:
                fired.append(("experience_exceeds_age", 1.0))
                break
        source_ages = [int(a) for text in texts for a in _SOURCE_AGE.findall(text)]
        if source_ages and all(abs(age - a) > 2 for a in source_ages):
            fired.append(("age_contradicts_source", 1.0))
    goals = {normalised(g).strip(EDGE) for g in p.lists["goals"]} - {""}
    frustrations = {normalised(f).strip(EDGE) for f in p.lists["frustrations"]} - {""}
    if goals & frustrations:
        fired.append(("goal_equals_frustration", 1.0))
    quote_words = content_words(p.quote)
    aims = content_words(" ".join(p.lists["goals"] + p.lists["frustrations"]))
    if quote_words and aims and not quote_words & aims:
        fired.append(("quote_unrelated", 0.5))
    spoken = _place_languages(p.location)
    language = _quote_language(p.quote)
    if spoken and language is not None and language != "en" and language not in spoken:
        fired.append(("location_language_mismatch", 0.5))
    out.flags.extend(flag for flag, _ in fired)
    lost = sum(weight for _, weight in fired) * s.consistency_penalty
    out.scores["consistency"] = max(0.0, 100.0 - lost)
