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
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from persona_batch.core.errors import ConfigError
from persona_batch.core.generate_settings import (
    MODEL_PREFERENCE,
    GenerateSettings,
    JudgeSettings,
    OllamaOptions,
    ScoreSettings,
    SynthesiseSettings,
    SynthesiseTargets,
)
from persona_batch.core.models import FrozenModel
from persona_batch.core.privacy_settings import (
    DEFAULT_ENTITIES,
    DEFAULT_PHONE_REGIONS,
    PATTERN_ENTITIES,
    AnonymiseSettings,
    ColumnOverride,
    DetectSettings,
    EngineSettings,
    GateSettings,
    InputSettings,
    Strategy,
    VerifySettings,
)

__all__ = [
    "DEFAULT_ENTITIES",
    "DEFAULT_PHONE_REGIONS",
    "MODEL_PREFERENCE",
    "PATTERN_ENTITIES",
    "AnonymiseSettings",
    "ColumnOverride",
    "DetectSettings",
    "EngineSettings",
    "GateSettings",
    "GenerateSettings",
    "InputSettings",
    "JobConfig",
    "JobSettings",
    "JudgeSettings",
    "OllamaOptions",
    "PersonaSettings",
    "PrivacySettings",
    "ScoreSettings",
    "Strategy",
    "SynthesiseSettings",
    "SynthesiseStageSettings",
    "SynthesiseTargets",
    "VerifySettings",
    "load_config",
    "resolve_inputs",
    "with_overrides",
]


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


class PersonaSettings(FrozenModel):
    """The sections the personas stage reads (``persona generate``, ``persona score``): the
    privacy stage's view, which it hands down, and ``[generate]``, ``[score]`` and ``[judge]``;
    what a job hands down to :mod:`persona_batch.personas`, rather than the whole job."""

    privacy: PrivacySettings = PrivacySettings()
    generate: GenerateSettings = GenerateSettings()
    score: ScoreSettings = ScoreSettings()
    judge: JudgeSettings = JudgeSettings()


class SynthesiseStageSettings(FrozenModel):
    """The sections the synthesise stage reads (``persona synthesise``, its ``validate``): the
    privacy stage's view, which it hands down, ``[generate]`` (hosts, model, options) and
    ``[synthesise]``; what a job hands down to :mod:`persona_batch.synthesise`, rather than the
    whole job."""

    privacy: PrivacySettings = PrivacySettings()
    generate: GenerateSettings = GenerateSettings()
    synthesise: SynthesiseSettings = SynthesiseSettings()


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

    def require_input(self) -> Path:
        """``input.path`` (``--input`` or the job file); a :class:`ConfigError` (exit 2) when
        neither gives it."""
        if self.input.path is None:
            raise ConfigError("give --input FILE, or set [input] path in the job file")
        return self.input.path

    def require_output(self) -> Path:
        """``output`` (``--output`` or the job file); a :class:`ConfigError` (exit 2) when
        neither gives it."""
        if self.output is None:
            raise ConfigError("give --output OUT.parquet, or set output in the job file")
        return self.output

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

    @property
    def personas(self) -> PersonaSettings:
        """The personas stage's sections of this job."""
        return PersonaSettings(
            privacy=self.privacy, generate=self.generate, score=self.score, judge=self.judge
        )

    @property
    def synthesise_stage(self) -> SynthesiseStageSettings:
        """The synthesise stage's sections of this job (``synthesise`` is its own table)."""
        return SynthesiseStageSettings(
            privacy=self.privacy, generate=self.generate, synthesise=self.synthesise
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
