"""The run's ``manifest.json`` (``persona run``): the job, each input's stages, the gate over
all of them, and the report's summary figures. The report's trends read every earlier night's
file with :class:`RunManifest`, so every field has a default: an older file may lack it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from persona_batch.core.manifest.base import (
    EmptyOr,
    ManifestModel,
    MergedGateBlock,
    VerificationBlock,
)
from persona_batch.core.manifest.blocks import (
    GenerationBlock,
    JudgeBlock,
    QualityBlock,
    RefineBlock,
)

__all__ = ["RunCounts", "RunInput", "RunManifest", "RunSummaryBlock", "TokensBlock"]


class TokensBlock(ManifestModel):
    """An input's tokens: sent in prompts and generated."""

    prompt: int = 0
    completion: int = 0


class RunInput(ManifestModel):
    """One input of a run: its files, what its stages did (from their files' manifests)."""

    path: str = ""
    sha256: str | None = None
    """The input's checksum: a rerun does not anonymise it again while its anonymised file's
    manifest has the same."""
    rows: int = 0
    anonymised: str = ""
    """The anonymised file's name, in the run's folder."""
    personas: str = "personas"
    """The personas file's name, in the run's folder."""
    generated: int = 0
    failed: int = 0
    failures: dict[str, int] = Field(default_factory=dict)
    """Failed personas by reason."""
    resumed: dict[str, bool] = Field(default_factory=dict)
    """Stages taken over from an earlier, unfinished run of the date."""
    column_plan: list[dict[str, Any]] = Field(default_factory=list)
    verification: EmptyOr[VerificationBlock] = None
    generation: EmptyOr[GenerationBlock] = None
    quality: EmptyOr[QualityBlock] = None
    refine: EmptyOr[RefineBlock] = None
    judge: EmptyOr[JudgeBlock] = None
    tokens: TokensBlock = TokensBlock()


class RunCounts(ManifestModel):
    """The run's ``counts``, over its inputs."""

    rows: int | None = None
    """Source rows read; None in a file without them (the report counts the frames)."""
    personas: int | None = None
    """Personas made; None in a file without them (the report counts the frames)."""
    failed: int = 0


class RunSummaryBlock(ManifestModel):
    """The ``summary`` block: the report's figures, worked out from the run's frames (a night
    written before the block existed has none; the trends work out what they can)."""

    mean_quality: float | None = None
    pii_found: int | None = None
    completion_tokens: int = 0
    request_seconds: float = 0.0
    """Time the successful requests took, summed."""
    tokens_per_second: float | None = None
    duration_seconds: float | None = None


class RunManifest(ManifestModel):
    """A run's ``manifest.json``, written last: a run with a manifest is complete."""

    job: str | None = None
    """The job's name (``[job] name``)."""
    date: str = ""
    """The run's date (``YYYY-MM-DD``), the name of its folder."""
    status: str = "unknown"
    """``success``, ``partial`` (some personas failed) or ``failed``."""
    attempt: int = 1
    """1 for a date's first run; 2 and more for reruns of the same date."""
    config_sha256: str = ""
    """Checksum of the job's settings: a successful date reruns only with other settings."""
    config: dict[str, Any] = Field(default_factory=dict)
    """The whole job, as it ran."""
    inputs: list[RunInput] = Field(default_factory=list)
    models: dict[str, str] = Field(default_factory=dict)
    """Models used, with their digests."""
    versions: dict[str, str] = Field(default_factory=dict)
    counts: RunCounts = RunCounts()
    stages_seconds: dict[str, float] = Field(default_factory=dict)
    """Time each stage took, over the inputs."""
    gate: EmptyOr[MergedGateBlock] = None
    """The inputs' files' and the report's gate blocks, summed."""
    started_at: str | None = None
    finished_at: str | None = None
    summary: RunSummaryBlock | None = None
