"""Heuristic quality scores for a frame of generated personas, one row at a time.

:func:`score_frame` adds to a personas frame (as built by
:func:`persona_batch.llm.generator.personas_frame`) a score from 0 to 100 for each of five
dimensions, an overall score, a level and a list of short flags that say why points were lost.
Nothing here calls a model: every rule is a cheap, deterministic text heuristic, so a score is a
triage signal ("read these first"), not a verdict.

Dimensions (each 0–100, higher is better):

* **completeness**: the persona's fields are there and say something. Each of the nine fields
  earns one ninth: a name, age, occupation and location that are not empty or filler (``N/A``,
  ``unknown``, ``string``, ...); a background of at least ``min_background_words`` words (a
  thinner one earns half); a quote of at least ``min_item_words`` words (half when thinner);
  and at least ``minimums.goals`` / ``frustrations`` / ``behaviours`` items of at least
  ``min_item_words`` words each (partial credit in proportion; a minimum of 0, as for the
  quote in the lenient preset, means the field is not required). Flags: ``missing:<field>``,
  ``thin:<field>``, ``too_few:<field>``, ``trivial:<field>``.
* **consistency**: explicit rules between fields. Each rule that fires costs
  ``consistency_penalty`` points (half for the weaker ``quote_unrelated`` and
  ``location_language_mismatch``) and adds its flag: ``age_career_mismatch`` (retired under 50,
  student/intern/apprentice over 60, senior/director/head of/chief under 24),
  ``age_background_mismatch`` (the background says "a 34-year-old" or "in her forties" and the
  age disagrees), ``experience_exceeds_age`` (years of experience would have started before
  14), ``age_contradicts_source`` (a source has an ``age: N`` line and the persona's age is more
  than 2 years off every such line), ``goal_equals_frustration`` (the same item in both lists),
  ``quote_unrelated`` (the quote shares no content word with the goals and frustrations) and
  ``location_language_mismatch`` (the quote is clearly in a language other than English and
  other than the ones spoken where the persona lives).
* **evidence**: how much of the persona the source text supports. Half the score is the share
  of ``evidence`` items that check out: the cited ``source_id`` is one of the row's
  ``source_ids`` and its excerpt occurs in that source's text (case-, whitespace- and
  quote-style-insensitively, or with at least ``excerpt_min_overlap`` of its word pairs found
  there); the share is taken over at least ``minimums.evidence`` items, so citing nothing
  scores nothing. The other half is the share of goals, frustrations and behaviours with at
  least ``claim_min_overlap`` of their content words (lightly stemmed, stop words dropped) in the
  row's source text. Flags: ``no_evidence``, ``unsupported_evidence:<field>``,
  ``ungrounded:<field>`` (no item of that list is supported), ``source_missing:<source_id>``.
* **distinctiveness**: how new the persona is next to the personas *before* it in the frame.
  Similarity is the Jaccard index of word 3-shingles (taken within each field and list item) of
  name, occupation, background, goals, frustrations, behaviours and quote. Candidate pairs
  come from MinHash (128 seeded hashes) with LSH banding (32 bands of 4), so 10,000 personas
  cost seconds, not 50 million comparisons; every candidate pair is then measured exactly, and
  identical personas are grouped before hashing, so they are always found. A similarity up to
  0.5 costs nothing; above it the score falls linearly to 0 at 1.0 (pairs below about 0.5 are
  found only sometimes, which is why they do not count). Flags:
  ``near_duplicate_of:<persona_id>`` (the most similar earlier persona, at or above
  ``near_duplicate_threshold``) and ``duplicate_name:<persona_id>`` (an earlier persona has
  the same name; costs 15 points). The first of two near-duplicates keeps its score: drop the
  flagged ones and the rest stay distinct.
* **realism**: plausible values. Each issue costs a multiple of ``realism_penalty``:
  ``placeholder:<field>`` ×1.5 per field (anonymiser tags such as ``<PERSON>``, hash tags such
  as ``PERSON_1a2b3c4d...``, masks such as ``****``, ``Lorem ipsum``, ``John Doe``, ``N/A``,
  ``string``, ``Participant 3``), ``not_a_name`` ×1.5 (one word, digits, or ordinary words that
  are no first name or surname: ``Premise 1``, ``Sales``, ``A-Team``), ``unknown_name`` ×0.5
  (no word of it is in the real-name gazetteer), ``quote_not_sentence`` / ``quote_third_person``
  ×1 (:mod:`persona_batch.quality.realism`), ``stereotype:<field>`` ×1.5, ``implausible_age``
  ×2.5 (outside 16–100), ``unusual_age`` ×1 (outside ``realistic_age``), ``name_shape`` ×0.5
  (not a first name and surname in letters), ``occupation_shape`` ×0.5 (no letters, more than 8
  words or a sentence), ``repeated_words:<field>`` ×0.5 ("the the", or one word is most of the
  text) and ``repeated_item:<field>`` ×0.5 (the same item twice in a list).
* copies: ``copied:<field>`` when a field repeats ``copy_min_words`` (12) consecutive words of
  one of its sources (:mod:`persona_batch.quality.copying`); it costs 50 points of
  distinctiveness. A first-person quote that repeats a participant's answer is flagged
  ``verbatim_quote`` instead, a hint only.
* grounding: when fewer than a third of the list items are found in the sources the persona is
  ``generic``, or ``invented`` when its background also names specifics (numbers, names of
  things) that no source has.

Consistency, distinctiveness and realism count problems in what is there, so an empty field
would break none of their rules; each is therefore multiplied by the share of the nine fields
that hold something (an empty persona scores 0 on them, not 100; a persona without a quote
keeps 8/9 of them).

How to read the score: ``quality_score`` is the weighted mean of the five dimensions (weights
in :class:`DimensionWeights`, default 0.25 completeness, 0.20 consistency, 0.25 evidence, 0.15
distinctiveness, 0.15 realism), capped at ``max_above_weakest`` points above the weakest
dimension (100 by default: no cap), then multiplied by ``minor_defect_factor`` (0.74) for each
minor defect and ``major_defect_factor`` (0.58) for each major one (:func:`defect` maps flags
to defects; a defect counts once however many of its flags fired), so that a junk field moves
the level rather than a few points; rounded to one decimal. ``quality_level`` names its band:
``excellent`` (≥ 94 by default), ``good`` (≥ 80), ``acceptable`` (≥ 60), ``poor`` (≥ 35), else
``failing``: one minor defect keeps a persona below good, one major below acceptable, two major
ones in failing. The thresholds and factors were set on the labelled calibration set in
``data/calibration`` (``make eval-quality``). Look at the dimension columns to see where the points went and at
``quality_flags`` for the reasons. A row whose generation failed scores 0 everywhere, is
``failing`` and carries the single flag ``generation_failed``. Scores are deterministic: the
only hashing is seeded (BLAKE2b with a fixed key) and the only sampling (pairs for
:func:`diversity`'s mean) uses a fixed seed.

The ``strict`` and ``lenient`` presets keep the same weights and rules and only move the bars
(minimum counts and lengths, overlap thresholds, penalties, level thresholds), each in the
direction that can only lower (strict) or raise (lenient) a score, so for any frame
``strict <= default <= lenient`` row by row.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from persona_batch.core.persona import PERSONA_FIELDS
from persona_batch.core.quality_settings import (
    DIMENSIONS,
    LEVELS,
    DimensionWeights,
    LevelThresholds,
    MinimumCounts,
    QualitySettings,
)
from persona_batch.core.text import (
    EDGE,
    NAME_PLACEHOLDER_RE,
    PLACEHOLDER_RE,
    REPEAT_RE,
    STOPWORDS,
    WORD_RE,
    cleaned,
    content_words,
    is_filler,
    jaccard,
    normalised,
    stem_of,
    text_list,
    text_words,
)
from persona_batch.quality.copying import SourceWindows, copied_fields
from persona_batch.quality.defects import defect, defect_factor, defects
from persona_batch.quality.realism import first_person, name_problem, quote_problem, stereotyped

__all__ = [
    "DIMENSIONS",
    "LEVELS",
    "DimensionWeights",
    "LevelThresholds",
    "MinimumCounts",
    "QualitySettings",
    "defect",
    "defect_factor",
    "defects",
    "diversity",
    "parse_prompt_sources",
    "score_frame",
]

PROBLEM_DIMENSIONS: tuple[str, ...] = ("consistency", "distinctiveness", "realism")
"""Dimensions that count problems found; scaled by the share of fields present."""
TEXT_FIELDS: tuple[str, ...] = ("name", "occupation", "location", "background", "quote")
LIST_FIELDS: tuple[str, ...] = ("goals", "frustrations", "behaviours")
PERSONA_COLUMNS: tuple[str, ...] = PERSONA_FIELDS
"""The persona's own columns in a personas frame: the reply model's fields."""

# --------------------------------------------------------------------------- rows


@dataclass
class _Persona:
    """One row's persona fields, cleaned."""

    index: int
    persona_id: str
    source_ids: list[str]
    failed: bool
    name: str
    age: int | None
    occupation: str
    location: str
    background: str
    quote: str
    lists: dict[str, list[str]]
    evidence: list[dict[str, str]]

    def text(self, name: str) -> str:
        value: str = getattr(self, name)
        return value

    def presence(self) -> float:
        """Share of the nine persona fields that hold something other than filler."""
        present = [not is_filler(self.text(name)) for name in TEXT_FIELDS]
        present.append(self.age is not None)
        present.extend(any(not is_filler(i) for i in self.lists[n]) for n in LIST_FIELDS)
        return sum(present) / len(present)


@dataclass
class _Result:
    scores: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


def _column(frame: pl.DataFrame, name: str) -> list[Any]:
    if name in frame.columns:
        return frame.get_column(name).to_list()
    return [None] * frame.height


def _personas(frame: pl.DataFrame) -> list[_Persona]:
    columns = {name: _column(frame, name) for name in PERSONA_COLUMNS}
    ids = _column(frame, "persona_id")
    sources = _column(frame, "source_ids")
    errors = _column(frame, "gen_error")
    rows = []
    for i in range(frame.height):
        values = {name: columns[name][i] for name in PERSONA_COLUMNS}
        failed = errors[i] is not None or all(
            values[name] is None for name in PERSONA_COLUMNS if name != "evidence"
        )
        age = values["age"]
        rows.append(
            _Persona(
                index=i,
                persona_id=str(ids[i]) if ids[i] is not None else f"#{i + 1}",
                source_ids=[str(s) for s in sources[i] or [] if s is not None],
                failed=failed,
                name=cleaned(values["name"]),
                age=None if age is None else int(age),
                occupation=cleaned(values["occupation"]),
                location=cleaned(values["location"]),
                background=cleaned(values["background"]),
                quote=cleaned(values["quote"]),
                lists={name: text_list(values[name]) for name in LIST_FIELDS},
                evidence=[
                    {k: cleaned(item.get(k)) for k in ("field", "source_id", "excerpt")}
                    for item in values["evidence"] or []
                    if item is not None
                ],
            )
        )
    return rows


# --------------------------------------------------------------------------- completeness


def _completeness(p: _Persona, s: QualitySettings, out: _Result) -> None:
    credits: list[float] = []
    for name in ("name", "occupation", "location"):
        ok = not is_filler(p.text(name))
        credits.append(1.0 if ok else 0.0)
        if not ok:
            out.flags.append(f"missing:{name}")
    credits.append(1.0 if p.age is not None else 0.0)
    if p.age is None:
        out.flags.append("missing:age")
    if is_filler(p.background):
        credits.append(0.0)
        out.flags.append("missing:background")
    elif len(text_words(p.background)) < s.min_background_words:
        credits.append(0.5)
        out.flags.append("thin:background")
    else:
        credits.append(1.0)
    if s.minimums.quote == 0:
        credits.append(1.0)
    elif is_filler(p.quote):
        credits.append(0.0)
        out.flags.append("missing:quote")
    elif len(text_words(p.quote)) < s.min_item_words:
        credits.append(0.5)
        out.flags.append("thin:quote")
    else:
        credits.append(1.0)
    for name in LIST_FIELDS:
        items = [i for i in p.lists[name] if i]
        valid = sum(1 for i in items if not is_filler(i) and len(text_words(i)) >= s.min_item_words)
        need: int = getattr(s.minimums, name)
        credits.append(1.0 if need == 0 else min(valid / need, 1.0))
        if need and not items:
            out.flags.append(f"missing:{name}")
        elif valid < need:
            out.flags.append(f"too_few:{name}")
        if valid < len(items):
            out.flags.append(f"trivial:{name}")
    out.scores["completeness"] = 100.0 * sum(credits) / len(credits)


# --------------------------------------------------------------------------- consistency

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


def _consistency(p: _Persona, s: QualitySettings, texts: Sequence[str], out: _Result) -> None:
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


# --------------------------------------------------------------------------- evidence


@dataclass
class _Source:
    norm: str
    bigrams: set[tuple[str, str]]
    content: set[str]


def _source(text: str) -> _Source:
    words = text_words(text)
    return _Source(normalised(text), set(itertools.pairwise(words)), content_words(text))


def _excerpt_supported(excerpt: str, source: _Source, min_overlap: float) -> bool:
    words = text_words(excerpt)
    if not any(w not in STOPWORDS for w in words):
        return False  # nothing to check: "", "the", "..."
    if normalised(excerpt).strip(EDGE) in source.norm:
        return True
    pairs = set(itertools.pairwise(words))
    return bool(pairs) and len(pairs & source.bigrams) / len(pairs) >= min_overlap


def _evidence(
    p: _Persona,
    s: QualitySettings,
    sources: Mapping[str, str],
    cache: dict[str, _Source],
    out: _Result,
) -> None:
    found = False
    for sid in p.source_ids:
        text = sources.get(sid)
        if text is None:
            out.flags.append(f"source_missing:{sid}")
            continue
        found = True
        if sid not in cache:
            cache[sid] = _source(text)
    if not p.evidence:
        out.flags.append("no_evidence")
    if not found:
        out.scores["evidence"] = 0.0
        return
    unsupported: list[str] = []
    supported = 0
    for item in p.evidence:
        sid = item["source_id"]
        ok = (
            sid in p.source_ids
            and sid in cache
            and _excerpt_supported(item["excerpt"], cache[sid], s.excerpt_min_overlap)
        )
        supported += ok
        if not ok and item["field"] not in unsupported:
            unsupported.append(item["field"])
    out.flags.extend(f"unsupported_evidence:{name}" for name in unsupported)
    denominator = max(len(p.evidence), s.minimums.evidence)
    cited = supported / denominator if denominator else 1.0
    vocabulary = set().union(*(cache[sid].content for sid in p.source_ids if sid in cache))
    claims = grounded = 0
    for name in LIST_FIELDS:
        items = [i for i in p.lists[name] if i]
        hits = 0
        for claim in items:
            words = content_words(claim)
            hits += bool(words) and len(words & vocabulary) / len(words) >= s.claim_min_overlap
        if items and not hits:
            out.flags.append(f"ungrounded:{name}")
        claims += len(items)
        grounded += hits
    overlap = grounded / claims if claims else 0.0
    out.scores["evidence"] = 100.0 * (0.5 * cited + 0.5 * overlap)
    if claims and overlap < GROUNDED_SHARE:
        texts = [sources[sid] for sid in p.source_ids if sid in sources]
        known = vocabulary.union(*(text_words(t) for t in texts))
        invented = _specifics(p, known)
        out.flags.append("invented" if invented else "generic")


GROUNDED_SHARE = 1 / 3
"""Below this share of list items found in the sources a persona is generic (or invented)."""
_NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "second",
        "third",
        "fourth",
        "fifth",
    ]
)


def _specifics(p: _Persona, known: set[str]) -> list[str]:
    """Specific details of the background (numbers, names of things mid-sentence) that no
    source mentions: what a persona whose lists are not from the sources invented."""
    own = set(text_words(f"{p.name} {p.location} {p.occupation}"))
    found = []
    for match in WORD_RE.finditer(p.background):
        word = match.group()
        before = p.background[: match.start()].rstrip()
        starts_sentence = not before or before[-1] in ".!?:;\"'“("
        folded = word.casefold()
        specific = (
            any(ch.isdigit() for ch in word)
            or folded in _NUMBER_WORDS
            or (word[0].isupper() and not starts_sentence)
        )
        if specific and folded not in own and folded not in known and stem_of(folded) not in known:
            found.append(word)
    return found


# --------------------------------------------------------------------------- realism


def _realism(p: _Persona, s: QualitySettings, out: _Result) -> None:
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


# --------------------------------------------------------------------------- similarity

SHINGLE = 3
NUM_HASHES = 128
BANDS = 32
BAND_ROWS = NUM_HASHES // BANDS
BUCKET_CAP = 50
"""In an LSH bucket, each persona is compared with at most this many earlier members."""
SIMILARITY_FLOOR = 0.5
"""Similarity that costs no distinctiveness; LSH finds pairs below it only sometimes."""
DUPLICATE_NAME_PENALTY = 15.0
MEAN_SAMPLE_PAIRS = 20_000
_PRIME = 4_294_967_311  # the smallest prime above 2**32
_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF
_HASH_KEY = b"persona_batch.quality.score"


def _coefficients() -> list[tuple[int, int]]:
    """Seeded (a, b) for h -> (a*h + b) mod p; a < 2**31 keeps a*h + b inside 64 bits."""
    out = []
    for k in range(NUM_HASHES):
        digest = hashlib.blake2b(f"minhash-{k}".encode(), digest_size=16, key=_HASH_KEY).digest()
        a = int.from_bytes(digest[:8], "big") % (2**31 - 1) + 1
        b = int.from_bytes(digest[8:], "big") % _PRIME
        out.append((a, b))
    return out


_COEFFICIENTS = _coefficients()


def _similarity_units(p: _Persona) -> list[str]:
    """The texts shingles are taken within: each field and each list item."""
    units = [p.name, p.occupation, p.background, p.quote]
    for name in LIST_FIELDS:
        units.extend(p.lists[name])
    return [u for u in units if u]


def _word_id(word: str, memo: dict[str, int]) -> int:
    value = memo.get(word)
    if value is None:
        digest = hashlib.blake2b(word.encode(), digest_size=8, key=_HASH_KEY).digest()
        value = memo[word] = int.from_bytes(digest, "big")
    return value


def _shingle_set(p: _Persona, memo: dict[str, int]) -> frozenset[int]:
    """Hashes of the persona's word 3-shingles, taken within each field and list item.

    Words are hashed once with keyed BLAKE2b; a shingle is the tuple hash of its words'
    hashes (a tuple of ints hashes the same in every run: only str and bytes hashes are
    salted). A text of three words or fewer is one shingle.
    """
    hashes: set[int] = set()
    for unit in _similarity_units(p):
        ids = [_word_id(w, memo) for w in text_words(unit)]
        if not ids:
            ids = [_word_id(normalised(unit), memo)]
        if len(ids) <= SHINGLE:
            hashes.add(hash(tuple(ids)) & _MASK64)
        else:
            hashes.update(hash(t) & _MASK64 for t in zip(ids, ids[1:], ids[2:], strict=False))
    if not hashes:
        hashes.add(0)
    return frozenset(hashes)


def _lsh_candidates(sets: Sequence[frozenset[int]]) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that share at least one LSH band of their MinHash."""
    if len(sets) < 2:
        return set()
    rows = [i for i, s in enumerate(sets) for _ in range(len(s))]
    hashes = [h & _MASK32 for s in sets for h in s]
    frame = pl.DataFrame({"row": rows, "h": hashes}, schema={"row": pl.UInt32(), "h": pl.UInt64()})
    h = pl.col("h")
    signatures = frame.group_by("row").agg(
        ((h * pl.lit(a, pl.UInt64()) + pl.lit(b, pl.UInt64())) % pl.lit(_PRIME, pl.UInt64()))
        .min()
        .alias(f"m{k}")
        for k, (a, b) in enumerate(_COEFFICIENTS)
    )
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        keys = [f"m{band * BAND_ROWS + r}" for r in range(BAND_ROWS)]
        buckets = (
            signatures.group_by(keys)
            .agg(pl.col("row").sort())
            .filter(pl.col("row").list.len() > 1)
            .get_column("row")
            .to_list()
        )
        for members in buckets:
            for position in range(1, len(members)):
                j = members[position]
                pairs.update((i, j) for i in members[: min(position, BUCKET_CAP)])
    return pairs


@dataclass
class _Similarity:
    """Similarities within one frame's valid personas (positions into that list)."""

    sets: list[frozenset[int]]
    group_of: list[int]
    """Position of the first persona with the same shingle set."""
    group_size: dict[int, int]
    pairs: dict[tuple[int, int], float]
    """Verified LSH candidate pairs between group firsts, with their exact Jaccard."""

    def best_earlier(self) -> list[tuple[float, int | None]]:
        """For each persona: the highest similarity to an earlier one, and which one."""
        best: list[tuple[float, int | None]] = [(0.0, None)] * len(self.sets)
        for (i, j), sim in sorted(self.pairs.items()):
            if sim > best[j][0]:  # ties keep the earliest: pairs come in order of i
                best[j] = (sim, i)
        for position, first in enumerate(self.group_of):
            if first != position:
                best[position] = (1.0, first)
        return best


def _similarity(personas: Sequence[_Persona]) -> _Similarity:
    memo: dict[str, int] = {}
    sets = [_shingle_set(p, memo) for p in personas]
    first_of: dict[frozenset[int], int] = {}
    group_of = [first_of.setdefault(s, position) for position, s in enumerate(sets)]
    group_size: dict[int, int] = {}
    for first in group_of:
        group_size[first] = group_size.get(first, 0) + 1
    firsts = sorted(group_size)
    candidates = _lsh_candidates([sets[i] for i in firsts])
    pairs = {
        (firsts[a], firsts[b]): jaccard(sets[firsts[a]], sets[firsts[b]]) for a, b in candidates
    }
    return _Similarity(sets, group_of, group_size, pairs)


def _name_key(name: str) -> str:
    return normalised(name).strip(EDGE)


@dataclass
class RunMemory:
    """What scoring keeps of a run's earlier batches, so duplicates across batches are found.

    Per persona a hash of its shingle set and its name's key, each with the first persona id
    that had it (tens of bytes a persona): a persona identical to one of an earlier batch, or
    with its name, is flagged as it would be within a batch. Near (not identical) duplicates
    are looked for within a batch only. :meth:`remember` a batch once its scores are final.
    """

    sets: dict[int, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def remember(self, personas: pl.DataFrame) -> None:
        memo: dict[str, int] = {}
        for p in _personas(personas):
            if p.failed:
                continue
            self.sets.setdefault(hash(_shingle_set(p, memo)), p.persona_id)
            key = _name_key(p.name)
            if key and not is_filler(p.name):
                self.names.setdefault(key, p.persona_id)


def _distinctiveness(
    personas: Sequence[_Persona],
    s: QualitySettings,
    results: Sequence[_Result],
    memory: RunMemory | None = None,
) -> None:
    similarity = _similarity(personas)
    seen_names: dict[str, str] = dict(memory.names) if memory else {}
    best = similarity.best_earlier()
    for p, out, (sim, earlier), shingles in zip(
        personas, results, best, similarity.sets, strict=True
    ):
        twin = memory.sets.get(hash(shingles)) if memory else None
        earlier_id = personas[earlier].persona_id if earlier is not None else None
        if twin is not None:  # identical to a persona of an earlier batch, the earliest of all
            sim, earlier_id = 1.0, twin
        score = 100.0
        if sim > SIMILARITY_FLOOR:
            score = 100.0 * (1.0 - sim) / (1.0 - SIMILARITY_FLOOR)
        if earlier_id is not None and sim >= s.near_duplicate_threshold:
            out.flags.append(f"near_duplicate_of:{earlier_id}")
        key = _name_key(p.name)
        if key and not is_filler(p.name):
            if key in seen_names:
                out.flags.append(f"duplicate_name:{seen_names[key]}")
                score -= DUPLICATE_NAME_PENALTY
            else:
                seen_names[key] = p.persona_id
        out.scores["distinctiveness"] = max(0.0, score)


def _copies(p: _Persona, texts: Sequence[str], windows: SourceWindows, out: _Result) -> None:
    """``copied:<field>`` for each field repeating a long span of a source; costs
    distinctiveness: the persona is not new next to its own research."""
    fields = {name: [p.text(name)] for name in TEXT_FIELDS} | p.lists
    copied = copied_fields(fields, texts, windows)
    if "quote" in copied and first_person(p.quote):
        copied.remove("quote")  # a participant's own words, as the persona's: a hint only
        out.flags.append("verbatim_quote")
    out.flags.extend(f"copied:{name}" for name in copied)
    if copied:
        out.scores["distinctiveness"] = max(0.0, out.scores["distinctiveness"] - COPY_PENALTY)


COPY_PENALTY = 50.0

# --------------------------------------------------------------------------- public API


def score_frame(
    personas: pl.DataFrame,
    sources: Mapping[str, str],
    settings: QualitySettings,
    memory: RunMemory | None = None,
) -> pl.DataFrame:
    """``personas`` with quality columns added, rows and order unchanged.

    ``sources`` maps each ``source_id`` to the (anonymised) text the persona was built from;
    rows name theirs in ``source_ids``. Adds ``quality_score`` and ``quality_<dimension>``
    (Float64, 0–100), ``quality_level`` (String) and ``quality_flags`` (List[String]).
    ``memory``: the run's earlier batches, for duplicates across batches (read, not updated).
    """
    rows = _personas(personas)
    results = [_Result() for _ in rows]
    valid = [p for p in rows if not p.failed]
    valid_results = [results[p.index] for p in valid]
    cache: dict[str, _Source] = {}
    for p, out in zip(valid, valid_results, strict=True):
        _completeness(p, settings, out)
        texts = [sources[sid] for sid in p.source_ids if sid in sources]
        _consistency(p, settings, texts, out)
        _evidence(p, settings, sources, cache, out)
    _distinctiveness(valid, settings, valid_results, memory)
    windows = SourceWindows(settings.copy_min_words)
    for p, out in zip(valid, valid_results, strict=True):
        _copies(p, [sources[sid] for sid in p.source_ids if sid in sources], windows, out)
        _realism(p, settings, out)
        presence = p.presence()  # an empty field breaks no rule, but vouches for nothing
        for name in PROBLEM_DIMENSIONS:
            out.scores[name] *= presence
    weights = settings.weights.as_dict()
    total = settings.weights.total()
    overall: list[float] = []
    levels: list[str] = []
    for p, out in zip(rows, results, strict=True):
        if p.failed:
            out.scores = dict.fromkeys(DIMENSIONS, 0.0)
            out.flags = ["generation_failed"]
            score = 0.0
        else:
            score = sum(weights[d] * out.scores[d] for d in DIMENSIONS) / total
            score = min(score, min(out.scores.values()) + settings.max_above_weakest)
            score *= defect_factor(out.flags, settings)
        score = round(min(100.0, max(0.0, score)), 1)
        overall.append(score)
        levels.append(settings.levels.level(score))
    columns = [
        pl.Series("quality_score", overall, dtype=pl.Float64()),
        pl.Series("quality_level", levels, dtype=pl.String()),
        *(
            pl.Series(f"quality_{d}", [round(r.scores[d], 1) for r in results], dtype=pl.Float64())
            for d in DIMENSIONS
        ),
        pl.Series("quality_flags", [r.flags for r in results], dtype=pl.List(pl.String())),
    ]
    return personas.with_columns(columns)


def diversity(personas: pl.DataFrame, settings: QualitySettings | None = None) -> dict[str, float]:
    """Run-summary figures over the frame's valid personas (failed rows are left out).

    ``personas``, ``distinct_names`` and ``distinct_occupations`` (case-insensitive),
    ``mean_similarity`` (Jaccard of word 3-shingles, over every pair up to 200 personas, else
    over 20,000 seeded-random pairs), ``max_similarity`` (over those pairs and every LSH
    candidate pair) and ``near_duplicate_pairs`` (pairs at or above the settings'
    ``near_duplicate_threshold``, found through LSH: exact for identical personas, very likely
    above 0.7).
    """
    threshold = (settings or QualitySettings()).near_duplicate_threshold
    valid = [p for p in _personas(personas) if not p.failed]
    n = len(valid)
    names, occupations = _distinct_keys(valid)
    summary = {
        "personas": float(n),
        "distinct_names": float(len(names)),
        "distinct_occupations": float(len(occupations)),
        "mean_similarity": 0.0,
        "max_similarity": 0.0,
        "near_duplicate_pairs": 0.0,
    }
    if n < 2:
        return summary
    similarity = _similarity(valid)
    sets = similarity.sets
    sampled = [jaccard(sets[i], sets[j]) for i, j in _sample_pairs(n)]
    near = sum(m * (m - 1) // 2 for m in similarity.group_size.values())
    near += sum(
        similarity.group_size[i] * similarity.group_size[j]
        for (i, j), sim in similarity.pairs.items()
        if sim >= threshold
    )
    top = max([*sampled, *similarity.pairs.values()], default=0.0)
    if any(m > 1 for m in similarity.group_size.values()):
        top = 1.0
    summary["mean_similarity"] = round(math.fsum(sampled) / len(sampled), 4)
    summary["max_similarity"] = round(top, 4)
    summary["near_duplicate_pairs"] = float(near)
    return summary


def _distinct_keys(valid: Sequence[_Persona]) -> tuple[set[str], set[str]]:
    names = {_name_key(p.name) for p in valid if p.name and not is_filler(p.name)}
    occupations = {
        _name_key(p.occupation) for p in valid if p.occupation and not is_filler(p.occupation)
    }
    return names, occupations


class DiversityTally:
    """:func:`diversity` over a run written in batches, without keeping earlier batches.

    Names and occupations are counted over the whole run; the similarity figures are taken
    within each batch (pairs across batches are not compared) and combined: the mean weighted
    by the pairs each batch sampled, the maximum, the sum of near-duplicate pairs. With one
    batch, :meth:`summary` is exactly :func:`diversity` of it.
    """

    def __init__(self, settings: QualitySettings | None = None) -> None:
        self.settings = settings
        self.parts: list[dict[str, float]] = []
        self.names: set[str] = set()
        self.occupations: set[str] = set()

    def add(self, personas: pl.DataFrame) -> None:
        self.parts.append(diversity(personas, self.settings))
        names, occupations = _distinct_keys([p for p in _personas(personas) if not p.failed])
        self.names |= names
        self.occupations |= occupations

    def summary(self) -> dict[str, float]:
        if len(self.parts) == 1:
            return self.parts[0]
        weights = [min(n * (n - 1) // 2, MEAN_SAMPLE_PAIRS) for n in self._sizes()]
        pairs = sum(weights)
        mean = math.fsum(w * p["mean_similarity"] for w, p in zip(weights, self.parts, strict=True))
        return {
            "personas": float(sum(self._sizes())),
            "distinct_names": float(len(self.names)),
            "distinct_occupations": float(len(self.occupations)),
            "mean_similarity": round(mean / pairs, 4) if pairs else 0.0,
            "max_similarity": max((p["max_similarity"] for p in self.parts), default=0.0),
            "near_duplicate_pairs": math.fsum(p["near_duplicate_pairs"] for p in self.parts),
        }

    def _sizes(self) -> list[int]:
        return [int(p["personas"]) for p in self.parts]


def _sample_pairs(n: int) -> Iterator[tuple[int, int]]:
    """Every pair when there are few, else a fixed seeded sample of them."""
    if n * (n - 1) // 2 <= MEAN_SAMPLE_PAIRS:
        for i in range(n):
            for j in range(i + 1, n):
                yield i, j
        return
    rng = random.Random(20_240_917)  # seeded: the same frame always gives the same figures
    for _ in range(MEAN_SAMPLE_PAIRS):
        i, j = rng.sample(range(n), 2)
        yield min(i, j), max(i, j)


_SOURCE_HEADER = re.compile(r"^\[source (?P<id>[^\]\n]+)\]\n", re.MULTILINE)


def parse_prompt_sources(prompt: str) -> dict[str, str]:
    """The ``[source <id>]`` blocks of a generate prompt, as ``{source_id: text}``.

    For building ``sources`` from the prompts a run sent (see
    :mod:`persona_batch.personas.prompts`): each block runs to the next header or the end.
    """
    headers = list(_SOURCE_HEADER.finditer(prompt))
    out: dict[str, str] = {}
    for k, match in enumerate(headers):
        end = headers[k + 1].start() if k + 1 < len(headers) else len(prompt)
        out[match.group("id")] = prompt[match.end() : end].strip()
    return out
