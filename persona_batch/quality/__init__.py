"""How good is a generated persona? A heuristic score, and optionally a model's verdict.

- :mod:`~persona_batch.quality.score`: :func:`score_frame` adds the heuristic quality columns
  to a personas frame (five dimensions from 0 to 100, an overall score, a level and flags; the
  module's docstring says how each is scored and how to read them), and
  :func:`parse_prompt_sources` gets the source texts back from the prompts a run sent. Nothing
  there calls a model. Its parts: :mod:`~persona_batch.quality.rows` (the rows as read for
  scoring), one module per dimension (:mod:`~persona_batch.quality.completeness`,
  :mod:`~persona_batch.quality.consistency`, :mod:`~persona_batch.quality.evidence`,
  :mod:`~persona_batch.quality.similarity` for distinctiveness and
  :mod:`~persona_batch.quality.realism`),
  :mod:`~persona_batch.quality.copying` (fields copied from a source) and
  :mod:`~persona_batch.quality.defects` (which flags a reader would mark down).
- :mod:`~persona_batch.quality.similarity` also sums up a run's diversity
  (:func:`diversity`, :class:`DiversityTally`) and remembers its earlier batches
  (:class:`RunMemory`) so duplicates across batches are found.
- :mod:`~persona_batch.quality.judge`: a model on Ollama rates each persona against the rubric
  (:func:`judge_items`, :func:`with_verdicts`).

The names below load on first use, so importing the package loads neither Polars nor the
gazetteer. :func:`~persona_batch.quality.defects.defects` is not among them: once its module is
loaded the package's ``defects`` attribute is that module, so import it from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:  # what type checkers and readers see
    from persona_batch.core.quality_settings import (
        DIMENSIONS,
        LEVELS,
        DimensionWeights,
        LevelThresholds,
        MinimumCounts,
        QualitySettings,
    )
    from persona_batch.quality.defects import defect, defect_factor
    from persona_batch.quality.judge import CRITERIA, Verdict, judge_items, with_verdicts
    from persona_batch.quality.realism import name_problem, quote_problem
    from persona_batch.quality.score import parse_prompt_sources, score_frame
    from persona_batch.quality.similarity import DiversityTally, RunMemory, diversity

__all__ = [
    "CRITERIA",
    "DIMENSIONS",
    "LEVELS",
    "DimensionWeights",
    "DiversityTally",
    "LevelThresholds",
    "MinimumCounts",
    "QualitySettings",
    "RunMemory",
    "Verdict",
    "defect",
    "defect_factor",
    "diversity",
    "judge_items",
    "name_problem",
    "parse_prompt_sources",
    "quote_problem",
    "score_frame",
    "with_verdicts",
]
__getattr__ = exports(
    __name__,
    {
        "defects": ["defect", "defect_factor"],
        "judge": ["CRITERIA", "Verdict", "judge_items", "with_verdicts"],
        "realism": ["name_problem", "quote_problem"],
        "score": [
            "DIMENSIONS",
            "LEVELS",
            "DimensionWeights",
            "LevelThresholds",
            "MinimumCounts",
            "QualitySettings",
            "parse_prompt_sources",
            "score_frame",
        ],
        "similarity": ["DiversityTally", "RunMemory", "diversity"],
    },
)
