"""The manifests of the stages' files, kept in each Parquet file's metadata (``MANIFEST_KEY``):
the anonymised file's, the personas' and the synthetic set's."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from persona_batch.core.manifest.base import (
    AnyGateBlock,
    EmptyOr,
    EngineBlock,
    InputBlock,
    ManifestModel,
    SamplingBlock,
    VerificationBlock,
)
from persona_batch.core.manifest.blocks import (
    CountsBlock,
    GenerationBlock,
    JudgeBlock,
    QualityBlock,
    RefineBlock,
    SynthesisCounts,
)

__all__ = ["AnonymisationBlock", "AnonymiseManifest", "GenerateManifest", "SynthesiseManifest"]


class AnonymiseManifest(ManifestModel):
    """The anonymised Parquet file's manifest (``privacy anonymise``, a run's first stage)."""

    input: InputBlock = InputBlock()
    rows: int = 0
    """Rows written."""
    strategy: str = ""
    """The default strategy (``replace``, ``mask``, ``redact``...)."""
    column_plan: list[dict[str, Any]] = Field(default_factory=list)
    """What was done to each column, and why (the plan's entries as the plan writes them)."""
    versions: dict[str, str] = Field(default_factory=dict)
    """Versions of the package, Presidio, spaCy and its model, Polars, ollama."""
    detect: dict[str, Any] = Field(default_factory=dict)
    """The ``[detect]`` settings detection ran with."""
    engine: EngineBlock = EngineBlock()
    verification: VerificationBlock = VerificationBlock()
    gate: EmptyOr[AnyGateBlock] = None
    started_at: str | None = None
    finished_at: str | None = None


class AnonymisationBlock(ManifestModel):
    """The ``anonymisation`` block of a personas or synthetic manifest: whether the job
    anonymised its input itself, and how. Keys appear as the stage reaches them: ``sampling``
    only with a sampler, the rest only when the job anonymised, ``verification`` once a batch
    passed it."""

    anonymised: bool = True
    """False: the input was anonymised beforehand (``persona run``), its rows passed as they
    were."""
    sampling: SamplingBlock | None = None
    strategy: str | None = None
    column_plan: list[dict[str, Any]] | None = None
    engine: EngineBlock | None = None
    verification: VerificationBlock | None = None


class GenerateManifest(ManifestModel):
    """The personas file's manifest (``generate``; ``persona score`` rewrites its quality,
    judge and gate)."""

    input: InputBlock = InputBlock()
    anonymisation: AnonymisationBlock = AnonymisationBlock()
    generation: GenerationBlock = GenerationBlock()
    quality: QualityBlock = QualityBlock()
    refine: EmptyOr[RefineBlock] = None
    judge: EmptyOr[JudgeBlock] = None
    counts: CountsBlock = CountsBlock()
    gate: EmptyOr[AnyGateBlock] = None
    versions: dict[str, str] = Field(default_factory=dict)
    started_at: str | None = None
    finished_at: str | None = None


class SynthesiseManifest(ManifestModel):
    """The synthetic set's manifest (``synthesise``)."""

    input: InputBlock = InputBlock()
    anonymisation: AnonymisationBlock = AnonymisationBlock()
    profile: dict[str, Any] = Field(default_factory=dict)
    """What was learnt of the input: aggregates only, no example texts or joint counts."""
    generation: GenerationBlock = GenerationBlock()
    synthesise: dict[str, Any] = Field(default_factory=dict)
    """The ``[synthesise]`` settings."""
    adherence: dict[str, Any] = Field(default_factory=dict)
    """How close the records came to the targets drawn from the profile."""
    counts: SynthesisCounts = SynthesisCounts()
    gate: EmptyOr[AnyGateBlock] = None
    versions: dict[str, str] = Field(default_factory=dict)
    started_at: str | None = None
    finished_at: str | None = None
