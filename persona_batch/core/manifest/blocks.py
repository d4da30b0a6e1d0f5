"""The blocks of the model stages: generation, quality, refine, judge, counts.

:class:`GenerationBlock` is the one ``generation`` block of the personas' and the synthetic
set's manifests (built by :func:`persona_batch.llm.requests.generation_block`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from persona_batch.core.manifest.base import ManifestModel

__all__ = [
    "CountsBlock",
    "GenerationBlock",
    "HostStatsBlock",
    "JudgeBlock",
    "QualityBlock",
    "RefineBlock",
    "SynthesisCounts",
]


class HostStatsBlock(ManifestModel):
    """What one model host did over a run's phases (generate, refine, judge, synthesise)."""

    requests: int = 0
    failed: int = 0
    """Requests that did not give a reply (unreachable, 503, timeout, invalid JSON...)."""
    set_aside: int = 0
    """Times it was set aside after ``host_down_after`` connection failures in a row."""
    came_back: int = 0
    """Times a host set aside answered again."""


class GenerationBlock(ManifestModel):
    """The ``generation`` block: which model made the records, where, with which options and
    prompt template (a rerun with the same block asks the same questions)."""

    provider: str = "ollama"
    model: str = "-"
    model_digest: str = ""
    """The installed model's digest: the same name may be another model after a pull."""
    model_choice: str = ""
    """Why this model: requested, or the preference list's first installed one."""
    hosts: list[str] = Field(default_factory=list)
    """The hosts that have the model and were used."""
    host_stats: dict[str, HostStatsBlock] = Field(default_factory=dict)
    """What each host did, by its URL."""
    options: dict[str, Any] = Field(default_factory=dict)
    """The Ollama options sent (temperature, seed, num_ctx...), those set only."""
    keep_alive: str | None = None
    template_version: str = "-"
    template_sha256: str = ""
    """Checksum of the prompt templates (version and text)."""
    record_schema: dict[str, Any] | None = None
    """The JSON schema the synthetic records were asked for (the synthetic set only)."""
    settings: dict[str, Any] | None = None
    """The whole ``[generate]`` table (``persona score`` reruns with it)."""
    withheld_words: int = 0
    """Words withheld from the prompts as ``<RARE_WORD>`` (``[generate] rare_word_rows``):
    how many times, never which."""


class QualityBlock(ManifestModel):
    """The ``quality`` block: the heuristic scores (:mod:`persona_batch.quality.score`) over
    the personas."""

    preset: str = "default"
    """The scoring preset, or ``custom`` for a job's own ``[score]`` settings."""
    mean_score: float | None = None
    median_score: float | None = None
    levels: dict[str, int] = Field(default_factory=dict)
    """Personas by quality level, most common first."""
    diversity: dict[str, Any] = Field(default_factory=dict)
    """How alike the personas are (duplicates, shared phrasing), as the score's tally sums it."""


class RefineBlock(ManifestModel):
    """The ``refine`` block (hybrid generation): drafts scoring below a threshold regenerated
    with a larger model, summed over the batches."""

    draft_model: str | None = None
    refine_model: str | None = None
    refine_below: float | None = None
    """The score under which a draft was regenerated."""
    refined: int = 0
    """Drafts regenerated."""
    mean_score_before: float | None = None
    """Mean score of the regenerated drafts before, and after."""
    mean_score_after: float | None = None


class JudgeBlock(ManifestModel):
    """The ``judge`` block: a model rating each persona at temperature 0
    (:mod:`persona_batch.quality.judge`), summed over the batches."""

    reordered: bool = False
    """Each persona judged a second time with the sources in another order."""
    disagreements: int = 0
    """Personas the two orders rated differently."""
    model: str | None = None
    model_digest: str = ""
    template_sha256: str = ""
    judged: int = 0
    failed: int = 0
    """Verdicts that failed (personas that failed to generate not counted)."""
    mean_score: float | None = None


class CountsBlock(ManifestModel):
    """The personas' ``counts`` block."""

    source_rows: int = 0
    personas: int = 0
    failed: int = 0
    resumed: int = 0
    """Requests taken from the journal of an earlier, unfinished run."""
    prompt_tokens: int = 0
    completion_tokens: int = 0


class SynthesisCounts(ManifestModel):
    """The synthetic set's ``counts`` block."""

    source_rows: int = 0
    requested: int = 0
    generated: int = 0
    failed: int = 0
    resumed: int = 0
    """Requests taken from the journal of an earlier, unfinished run."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
