"""The manifests' common ground: the base model, empty blocks, and the blocks every stage writes.

- :class:`ManifestModel`: the base of every manifest model, tolerant of keys it does not know;
- :data:`EmptyOr`: a block that is ``{}`` when its stage did not run (``refine``, ``judge``...);
- :class:`InputBlock`, :class:`EngineBlock`, :class:`VerificationBlock`,
  :class:`SamplingBlock`: where the rows came from and how their anonymisation was checked;
- :class:`GateBlock` and :class:`MergedGateBlock`: the gate's ``gate`` block, as one
  :class:`~persona_batch.privacy.guard.Guard` writes it and as several are summed up.
"""

from __future__ import annotations

from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    WrapSerializer,
)

from persona_batch.core.models import FrozenModel

__all__ = [
    "AnyGateBlock",
    "EmptyOr",
    "EngineBlock",
    "GateBlock",
    "InputBlock",
    "ManifestModel",
    "MergedGateBlock",
    "SamplingBlock",
    "VerificationBlock",
]


class ManifestModel(FrozenModel):
    """The base of the manifest models: frozen like every model of the project, but keys it
    does not know are ignored rather than refused.

    A manifest is a file other versions wrote: the report's trends read every earlier night's
    ``manifest.json`` and ``persona score`` rereads a personas file made by another release, so
    a key added or retired since must not make them unreadable (settings, where a misspelt key
    is a mistake to name, keep :class:`~persona_batch.core.models.FrozenModel`'s refusal). For
    the same reason most fields have defaults: an older manifest may lack a block.

    :meth:`to_json` writes only the keys that were given: a writer gives every field (in the
    file's key order, the fields' order), and a manifest read back and rewritten keeps the keys
    it had, no more.
    """

    model_config = ConfigDict(extra="ignore")

    def to_json(self) -> dict[str, Any]:
        """The manifest as the file holds it: JSON values, the keys that were given, in order."""
        return self.model_dump(mode="json", exclude_unset=True)

    @classmethod
    def of(cls, data: Any) -> Self:
        """Parse ``data`` (a manifest dict read from a file; anything else reads as ``{}``)."""
        return cls.model_validate(data if isinstance(data, dict) else {})


def _none_if_empty(value: Any) -> Any:
    return None if value == {} else value


def _empty_if_none(value: Any, handler: SerializerFunctionWrapHandler) -> Any:
    return {} if value is None else handler(value)


T = TypeVar("T")
EmptyOr = Annotated[T | None, BeforeValidator(_none_if_empty), WrapSerializer(_empty_if_none)]
"""A block that a manifest holds as ``{}`` when its stage did not run: None here."""


class InputBlock(ManifestModel):
    """The ``input`` block: the file a stage read (as :func:`~persona_batch.core.io.describe_input`
    found it)."""

    path: str = ""
    format: str = ""
    sha256: str | None = None
    """Checksum of the file (or of a folder's files): a rerun knows the same input by it."""
    size_bytes: int = 0
    rows: int = 0


class EngineBlock(ManifestModel):
    """The ``engine`` block: where detection ran."""

    backend: str = "loky"
    """``loky`` (processes on this machine) or ``dask`` (a cluster)."""
    scheduler: str | None = None
    """The Dask scheduler's address; None with loky."""
    workers: int = 1
    """The task fan-out used."""


class VerificationBlock(ManifestModel):
    """The ``verification`` block: the sampled re-scan of the anonymised cells (detection
    checking its own work with its own recognisers) before anything is published or sent."""

    cells_checked: int = 0
    residual: int = 0
    """Possible PII values the re-scan still found (at most ``verify.max_residual``)."""
    entities: list[str] | None = None
    """The entity types re-scanned (the anonymised file's manifest only)."""


class SamplingBlock(ManifestModel):
    """The ``sampling`` block of ``anonymisation``: rows read, and the rows a sampler (the
    personas' group sampler) kept to build prompts from."""

    rows_read: int = 0
    rows_kept: int = 0


class _GateSettingsPart(ManifestModel):
    """The gate block's first keys, the same in both its forms: the settings it ran with."""

    enabled: bool = True
    """False only with ``[gate] enabled = false``: nothing was checked, and the block says so."""
    on_residual: str = "fail"
    """``fail`` (a finding stops the run, exit 3) or ``redact`` (replaced by its type tag)."""
    families: list[str] = Field(default_factory=list)
    """The families the gate looks for."""
    modes: dict[str, list[str]] = Field(default_factory=dict)
    """Checks of each mode, ``text`` and ``generated``; empty when the gate is off."""
    allow_values: int = 0
    """How many known-safe values were allowed (the values themselves are not written)."""
    allow_patterns: int = 0


class GateBlock(_GateSettingsPart):
    """The ``gate`` block one :class:`~persona_batch.privacy.guard.Guard` writes (the anonymised
    file's, a personas or synthetic file's): its settings, what it checked, what it found."""

    artefacts: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Each checked artefact (``anonymised``, ``prompts``, ``personas``, ``synthetic``,
    ``report``): its ``mode``, its ``findings`` by family and how much was checked, under the
    artefact's own unit (``cells``, ``prompts``, ``fields``, ``text_nodes``). The unit's key varies
    with the artefact, so an entry stays a mapping."""
    source_values: int | None = None
    """Values detection found in the sources that the generated-mode gate looked for (kept as
    keyed hashes); None when the run remembered none (its input was anonymised beforehand)."""
    checked: dict[str, int] = Field(default_factory=dict)
    """Totals over the artefacts, by unit."""
    findings: dict[str, int] = Field(default_factory=dict)
    """Totals over the artefacts, by family."""


class MergedGateBlock(_GateSettingsPart):
    """The ``gate`` block of several summed up (``merge_manifests``: a run's inputs and its
    report, or a personas file judged again by ``persona score``). The same keys as
    :class:`GateBlock` in the order the merge writes them (totals first, artefacts last)."""

    checked: dict[str, int] = Field(default_factory=dict)
    """Totals over the artefacts, by unit."""
    findings: dict[str, int] = Field(default_factory=dict)
    """Totals over the artefacts, by family."""
    source_values: int | None = None
    """Remembered source values, added up over the blocks that had some; else None."""
    artefacts: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Each checked artefact (``anonymised``, ``prompts``, ``personas``, ``synthetic``,
    ``report``): its ``mode``, its ``findings`` by family and how much was checked, under the
    artefact's own unit (``cells``, ``prompts``, ``fields``, ``text_nodes``). The unit's key varies
    with the artefact, so an entry stays a mapping."""


def _gate_form(value: Any) -> str:
    """Which form a gate block is in, by its keys' order (so a rewrite keeps it)."""
    if isinstance(value, MergedGateBlock):
        return "merged"
    if isinstance(value, dict):
        keys = list(value)
        if "checked" in keys and "artefacts" in keys:
            return "merged" if keys.index("checked") < keys.index("artefacts") else "guard"
    return "guard"


AnyGateBlock = Annotated[
    Annotated[GateBlock, Tag("guard")] | Annotated[MergedGateBlock, Tag("merged")],
    Discriminator(_gate_form),
]
"""A ``gate`` block in either form, told apart by the order of its keys."""
