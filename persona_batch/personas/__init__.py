"""Personas: the prompts built from anonymised rows (:mod:`~persona_batch.personas.prompts`),
the group sampler (:mod:`~persona_batch.personas.sampling`) and the generate and score jobs
(:mod:`~persona_batch.personas.generate_job`).
"""

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:
    from persona_batch.personas.generate_job import (
        GenerateResult,
        ScoreResult,
        run_generate,
        run_score,
    )

__all__ = ["GenerateResult", "ScoreResult", "run_generate", "run_score"]
__getattr__ = exports(
    __name__, {"generate_job": ["GenerateResult", "ScoreResult", "run_generate", "run_score"]}
)
