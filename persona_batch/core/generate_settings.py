"""The job file's model sections: ``[generate]`` (with its ``options``), ``[score]``,
``[judge]`` and ``[synthesise]`` (with its ``targets``).

They are read through :mod:`persona_batch.core.config`, which holds the whole job.
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import Field, field_validator, model_validator

from persona_batch.core.models import FrozenModel
from persona_batch.core.privacy_settings import PATTERN_ENTITIES
from persona_batch.core.quality_settings import QualitySettings

MODEL_PREFERENCE: tuple[str, ...] = (
    "qwen2.5:72b",
    "llama3.1:70b",
    "mistral-small",
    "qwen2.5:14b",
    "qwen2.5:7b",
    "llama3.1:8b",
    "mistral:7b",
    "qwen2.5:3b",
    "llama3.2:3b",
    "llama3.2:1b",
    "smollm2",
)
"""Largest capable first; the first one installed is used when no model is named."""


class OllamaOptions(FrozenModel):
    """Passed to Ollama as ``options`` with every request."""

    temperature: float = Field(0.7, ge=0.0, le=2.0)
    seed: int | None = 42
    num_ctx: int = Field(8192, ge=256)
    num_predict: int = Field(1024, ge=16)
    top_p: float | None = None
    top_k: int | None = None

    def as_options(self) -> dict[str, float | int]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class GenerateSettings(FrozenModel):
    """Persona generation on Ollama."""

    provider: str = "ollama"
    model: str | None = None
    model_preference: tuple[str, ...] = MODEL_PREFERENCE
    hosts: tuple[str, ...] = ()
    concurrency: int = Field(0, ge=0)
    """Requests in flight per host. 0: the server's parallel slots (OLLAMA_NUM_PARALLEL, else
    Ollama's usual 4) plus one waiting in its queue, so a slot never idles while the client
    turns a reply around."""
    request_timeout: float = Field(300.0, gt=0)
    max_attempts: int = Field(4, ge=1)
    backoff_seconds: float = Field(0.5, ge=0)
    backoff_max_seconds: float = Field(30.0, ge=0)
    host_down_after: int = Field(3, ge=1)
    """Consecutive connection failures after which a host is set aside."""
    host_retry_seconds: float = Field(30.0, ge=0)
    """How long a host set aside waits before it is tried again (one request; a failure sets
    it aside again). A run gives up only when every host is set aside at once."""
    stop_grace_seconds: float = Field(10.0, ge=0)
    """On SIGTERM or Ctrl-C: how long the requests in flight may take to finish (and be
    journalled) before they are cut off. A second signal cuts them off at once."""
    keep_alive: str = "10m"
    options: OllamaOptions = OllamaOptions()
    anonymise: bool = True
    group_by: str | None = None
    per_group: int = Field(1, ge=1)
    id_column: str | None = None
    prompt_columns: tuple[str, ...] | None = None
    """Columns shown to the model; by default every input column except the audit."""
    draft_model: str | None = None
    """Hybrid refine: draft every persona with this (small) model ..."""
    refine_model: str | None = None
    """... and regenerate those scoring below ``refine_below`` with this (larger) one."""
    refine_below: float = Field(60.0, ge=0, le=100)
    max_source_chars: int = Field(0, ge=0)
    """Source text per prompt; grouped prompts sample rows up to it. 0: what fits the model's
    context, about 3 characters a token of ``num_ctx`` less the reply and the instructions."""
    rare_word_rows: int = Field(1, ge=0)
    """A word no list has (no name, place or word of the supported languages, no product, no
    typo) that this many input rows or fewer use is withheld from prompts, as ``<RARE_WORD>``
    (:mod:`persona_batch.privacy.rare_words`): an unusual name detection missed. 0 sends
    every such word."""
    name_word_rows: int = Field(3, ge=0)
    """A first name, surname or place of the gazetteers that is no English word ("sara",
    "kowalski", "stuttgart") and that this many input rows or fewer use is withheld from
    prompts too: a name detection missed. 0 sends every such word."""

    @field_validator("provider")
    @classmethod
    def _provider(cls, value: str) -> str:
        if value != "ollama":
            raise ValueError('only "ollama" is supported')
        return value

    @model_validator(mode="after")
    def _refine_pair(self) -> GenerateSettings:
        if bool(self.draft_model) != bool(self.refine_model):
            raise ValueError(
                "draft_model and refine_model go together: set both for hybrid refine, or neither"
            )
        return self

    def source_budget(self) -> int:
        if self.max_source_chars:
            return self.max_source_chars
        return max(500, (self.options.num_ctx - self.options.num_predict - 600) * 3)

    def in_flight(self) -> int:
        return self.concurrency or int(os.environ.get("OLLAMA_NUM_PARALLEL") or 4) + 1


class ScoreSettings(FrozenModel):
    """Heuristic quality scoring: a preset, or every setting spelled out."""

    preset: Literal["default", "strict", "lenient"] = "default"
    settings: QualitySettings | None = None

    def quality(self) -> QualitySettings:
        return self.settings or QualitySettings.preset(self.preset)


class JudgeSettings(FrozenModel):
    """LLM-as-judge: off unless a model is named."""

    model: str | None = None
    num_predict: int = Field(512, ge=64)
    seed: int = 0
    reorder: bool = False
    """Judge twice, the second time with the criteria in reverse order; criteria whose scores
    differ by more than one point are listed in ``judge_disagreement`` (not averaged away)."""


class SynthesiseTargets(FrozenModel):
    """What a synthetic set must reach to pass; a miss still writes the file (exit 5)."""

    schema_match: float = Field(1.0, ge=0.0, le=1.0)
    """Share of the original's columns present with the same dtype."""
    similarity: float = Field(0.85, ge=0.0, le=1.0)
    """Mean per-column distribution similarity (1 - TVD, 1 - KS, 1 - KS of text lengths)."""
    pii_findings: int = Field(0, ge=0)
    """Findings of ``SynthesiseSettings.pii_entities`` in the synthetic output, at most."""
    copies: int = Field(0, ge=0)
    """Synthetic records that are exact or near copies of an original row, at most."""


class SynthesiseSettings(FrozenModel):
    """``persona synthesise``: how the original is profiled, how records are asked for, checked."""

    count: int = Field(100, ge=1)
    """Records to generate (``--count`` overrides it)."""
    columns: tuple[str, ...] | None = None
    """Columns to synthesise; by default every input column except the ``pii_*`` audit."""
    categorical_max_distinct: int = Field(100, ge=1)
    """A text column with at most this many distinct values (the size of its ``Literal``) ..."""
    categorical_max_share: float = Field(0.5, gt=0.0, le=1.0)
    """... at most this share of its non-empty rows (values repeat) ..."""
    categorical_max_words: int = Field(5, ge=1)
    """... and short values (median words) is a category, not free text."""
    dependencies: bool = True
    """Draw a categorical column given the one it depends on (city given country)."""
    examples: int = Field(3, ge=0, le=10)
    """Anonymised example texts per free-text column shown to the model."""
    text_headroom: float = Field(1.25, ge=1.0)
    """Free-text length cap: the longest observed value times this."""
    near_copy_threshold: float = Field(0.8, gt=0.0, le=1.0)
    """Jaccard similarity of word shingles from which a record is a near copy of an original."""
    shingle_words: int = Field(3, ge=1)
    pii_entities: tuple[str, ...] = PATTERN_ENTITIES
    """Entity types the PII target counts."""
    seed: int = 0
    """Seeds the targets drawn for each record (and so the prompts and the journal keys)."""
    targets: SynthesiseTargets = SynthesiseTargets()
