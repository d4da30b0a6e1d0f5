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

import re
from collections.abc import Mapping

import polars as pl

from persona_batch.core.quality_settings import (
    DIMENSIONS,
    LEVELS,
    DimensionWeights,
    LevelThresholds,
    MinimumCounts,
    QualitySettings,
)
from persona_batch.quality.completeness import score_completeness
from persona_batch.quality.consistency import score_consistency
from persona_batch.quality.copying import SourceWindows, flag_copies
from persona_batch.quality.defects import defect, defect_factor, defects
from persona_batch.quality.evidence import SourceIndex, score_evidence
from persona_batch.quality.realism import score_realism
from persona_batch.quality.rows import RowResult, persona_rows
from persona_batch.quality.similarity import (
    DiversityTally,
    RunMemory,
    diversity,
    score_distinctiveness,
)

__all__ = [
    "DIMENSIONS",
    "LEVELS",
    "DimensionWeights",
    "DiversityTally",
    "LevelThresholds",
    "MinimumCounts",
    "QualitySettings",
    "RunMemory",
    "defect",
    "defect_factor",
    "defects",
    "diversity",
    "parse_prompt_sources",
    "score_frame",
]

PROBLEM_DIMENSIONS: tuple[str, ...] = ("consistency", "distinctiveness", "realism")
"""Dimensions that count problems found; scaled by the share of fields present."""


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
    rows = persona_rows(personas)
    results = [RowResult() for _ in rows]
    valid = [p for p in rows if not p.failed]
    valid_results = [results[p.index] for p in valid]
    cache: dict[str, SourceIndex] = {}
    for p, out in zip(valid, valid_results, strict=True):
        score_completeness(p, settings, out)
        texts = [sources[sid] for sid in p.source_ids if sid in sources]
        score_consistency(p, settings, texts, out)
        score_evidence(p, settings, sources, cache, out)
    score_distinctiveness(valid, settings, valid_results, memory)
    windows = SourceWindows(settings.copy_min_words)
    for p, out in zip(valid, valid_results, strict=True):
        flag_copies(p, [sources[sid] for sid in p.source_ids if sid in sources], windows, out)
        score_realism(p, settings, out)
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
