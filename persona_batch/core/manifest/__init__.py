"""Typed manifests: what each stage's file and each run records, written and read back.

The models give the files' keys in their order; writers build them and write
:meth:`~persona_batch.core.manifest.base.ManifestModel.to_json`, readers parse a file's dict
with ``Model.model_validate`` (or :meth:`~persona_batch.core.manifest.base.ManifestModel.of`).
"""

from __future__ import annotations

from persona_batch.core.manifest.base import (
    AnyGateBlock,
    EmptyOr,
    EngineBlock,
    GateBlock,
    InputBlock,
    ManifestModel,
    MergedGateBlock,
    SamplingBlock,
    VerificationBlock,
)
from persona_batch.core.manifest.blocks import (
    CountsBlock,
    GenerationBlock,
    HostStatsBlock,
    JudgeBlock,
    QualityBlock,
    RefineBlock,
    SynthesisCounts,
)
from persona_batch.core.manifest.documents import (
    AnonymisationBlock,
    AnonymiseManifest,
    GenerateManifest,
    SynthesiseManifest,
)
from persona_batch.core.manifest.run import (
    RunCounts,
    RunInput,
    RunManifest,
    RunSummaryBlock,
    TokensBlock,
)

__all__ = [
    "AnonymisationBlock",
    "AnonymiseManifest",
    "AnyGateBlock",
    "CountsBlock",
    "EmptyOr",
    "EngineBlock",
    "GateBlock",
    "GenerateManifest",
    "GenerationBlock",
    "HostStatsBlock",
    "InputBlock",
    "JudgeBlock",
    "ManifestModel",
    "MergedGateBlock",
    "QualityBlock",
    "RefineBlock",
    "RunCounts",
    "RunInput",
    "RunManifest",
    "RunSummaryBlock",
    "SamplingBlock",
    "SynthesisCounts",
    "SynthesiseManifest",
    "TokensBlock",
    "VerificationBlock",
]
