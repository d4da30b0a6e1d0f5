"""The one verified anonymise stream: input batches in, anonymised and gated batches out.

Every command that reads research text goes through it: ``privacy anonymise`` (into the
Parquet file), ``privacy scan`` (only the audit is kept), ``generate`` and ``score`` (the frames
prompts are built from) and ``synthesise`` (the frame it profiles). For each batch:

1. the anonymise stage (:class:`~persona_batch.privacy.anonymise.Anonymiser`) detects and
   replaces, showing progress per finished detection task;
2. the gate (:mod:`persona_batch.privacy.guard`) checks every string cell with means of its own
   and stops the run, or redacts, before the batch goes on;
3. verification re-scans the stage's sample of output cells (after each batch when the batch is
   sent somewhere at once, else once before the file is published) and stops the run when more
   PII is left than the job allows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl

from persona_batch.core.columns import ROW_COLUMN, input_rows
from persona_batch.core.config import AnonymiseSettings, PrivacySettings, Strategy
from persona_batch.core.errors import HashKeyError, ResidualPiiError
from persona_batch.core.io import iter_batches, read_sample
from persona_batch.core.manifest import (
    AnonymisationBlock,
    EngineBlock,
    SamplingBlock,
    VerificationBlock,
)
from persona_batch.core.progress import progress_bar
from persona_batch.privacy import engine
from persona_batch.privacy.anonymise import Anonymiser
from persona_batch.privacy.guard import Guard, RunValues
from persona_batch.privacy.parallel import gate_scanner
from persona_batch.privacy.plan import ColumnPlan, FindingsCache, build_plan
from persona_batch.privacy.strategies import Replacer

__all__ = [
    "AnonymisedInput",
    "VerifiedStream",
    "engine_manifest",
    "hash_key",
    "load_anonymised",
    "numbered",
    "prepare_anonymiser",
]

Verify = Literal["each_batch", "at_end", "never"]


def hash_key(settings: AnonymiseSettings) -> bytes | None:
    """The key for ``hash`` (and for unguessable ``replace`` fakes), from the env or a key file."""
    env_value = os.environ.get(settings.hash_key_env, "")
    if env_value:
        return env_value.encode()
    if settings.hash_key_file is not None:
        try:
            value = settings.hash_key_file.read_text(encoding="utf-8").strip()
        except OSError:
            raise HashKeyError(
                f"{settings.hash_key_file}: cannot read the hash key file; check "
                "anonymise.hash_key_file in the job"
            ) from None
        if value:
            return value.encode()
    return None


def _require_key(settings: AnonymiseSettings, plan: list[ColumnPlan]) -> bytes | None:
    key = hash_key(settings)
    if key is None and any(p.strategy is Strategy.HASH for p in plan):
        env = settings.hash_key_env
        raise HashKeyError(
            f"the hash strategy needs a secret key and none is set; make one with "
            f'`export {env}="$(python -c "import secrets; print(secrets.token_hex(32))")"` '
            "(keep it safe: the same key gives the same hashes on every run), or set "
            "anonymise.hash_key_file in the job"
        )
    return key


def prepare_anonymiser(
    config: PrivacySettings, input_path: Path, values: RunValues | None = None
) -> Anonymiser:
    """Plan the columns from a sample and build the anonymise stage for this input.

    ``values``: where the stage remembers what detection found and what replaced it (keyed
    hashes), for the gate on what is generated from its output.
    """
    settings = config.anonymise
    workers = engine.worker_count(settings, config.engine)
    sample = read_sample(input_path, config.input, settings.sample_rows)
    found: FindingsCache = {}
    plan = build_plan(sample, settings, config.detect, str(input_path), workers, found)
    key = _require_key(settings, plan)
    stage = Anonymiser(
        plan=plan,
        settings=settings,
        detect=config.detect,
        replacer=Replacer(key, settings.mask_keep_last),
        workers=workers,
        values=values,
    )
    stage.warm(found)
    return stage


def engine_manifest(config: PrivacySettings) -> EngineBlock:
    """Where detection ran: backend, scheduler (Dask only) and the task fan-out used."""
    settings = config.engine
    return EngineBlock(
        backend=settings.backend,
        scheduler=engine.scheduler_address(settings) if settings.backend == "dask" else None,
        workers=engine.worker_count(config.anonymise, settings),
    )


@dataclass
class VerifiedStream:
    """Batches through the anonymise stage, the gate and verification, in input order.

    ``guard`` None: no gate (a scan, which publishes nothing). ``verify``: when the stage's
    sample is re-scanned. ``label(first, height)`` names a batch in the gate's messages and
    ``rows(frame, first)`` gives its rows' numbers in the input.
    """

    stage: Anonymiser
    guard: Guard | None
    verify: Verify
    label: Callable[[int, int], str]
    rows: Callable[[pl.DataFrame, int], Sequence[int]]
    gate_consequence: str = ""
    """What a gate stop means, for its message ("... was not written")."""
    verify_consequence: str = ""
    """What a verification stop means, for its message."""
    residual: int = 0
    """Possible PII left in the verification sample, at the last check."""

    def __call__(
        self, batches: Iterable[pl.DataFrame], progress: str, total: int
    ) -> Iterator[pl.DataFrame]:
        """Each batch anonymised, gated (and verified when ``verify`` is ``each_batch``);
        with ``at_end`` the sample is checked after the last batch, before the caller goes on."""
        with progress_bar(progress, total) as advance:
            for batch in batches:
                first = self.stage.rows_seen
                out = self.stage(batch)
                if self.guard is not None:
                    out = self._gated(out, first, self.label(first, batch.height))
                if self.verify == "each_batch":
                    self.check()
                advance(batch.height)
                yield out
            if self.verify == "at_end":
                self.check()

    @property
    def cells_checked(self) -> int:
        """The verification sample's size: the output cells verification re-scans."""
        return len(self.stage.verify_sample)

    def check(self) -> int:
        """Re-scan the stage's sample of output cells; raise if more PII is left than allowed."""
        verify = self.stage.settings.verify
        if not verify.enabled:
            return 0
        residual = self.stage.residual()
        if len(residual) > verify.max_residual:
            raise ResidualPiiError(
                _residual_message(residual, self.cells_checked, self.verify_consequence)
            )
        self.residual = len(residual)
        return self.residual

    def _gated(self, frame: pl.DataFrame, first: int, label: str) -> pl.DataFrame:
        """The gate on a batch the stage just anonymised, in the stage's workers when the batch
        is large (:func:`gate_scanner`); cells it redacts replace their verification sample, so
        verification checks what is published."""
        assert self.guard is not None
        rows = self.rows(frame, first)
        gated, cells = self.guard.frame(
            frame,
            self.stage.inserted,
            rows,
            label,
            self.gate_consequence,
            scan_many=gate_scanner(self.stage.workers),
        )
        for cell in cells:
            self.stage.replace_sampled(first + cell.row, cell.column, cell.text, cell.inserted)
        return gated


def _residual_message(residual: list[tuple[int, str, str]], checked: int, consequence: str) -> str:
    where = ", ".join(f"row {row} column '{col}' ({entity})" for row, col, entity in residual[:5])
    more = f" and {len(residual) - 5} more" if len(residual) > 5 else ""
    return (
        f"verification found {len(residual)} possible PII value(s) left in {checked} sampled "
        f"output cells: {where}{more}. {consequence}. Pin those columns' entities "
        "or lower detect.score_threshold in the job file, or raise anonymise.verify.max_residual "
        "if these are false alarms"
    )


def numbered(batches: Iterable[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """Batches with their rows' positions in the input (:data:`ROW_COLUMN`), for ``row-N``."""
    seen = 0
    for batch in batches:
        rows = pl.Series(ROW_COLUMN, range(seen, seen + batch.height), dtype=pl.Int64)
        seen += batch.height
        yield batch.with_columns(rows)


def _input_rows(frame: pl.DataFrame, first: int) -> list[int]:
    return input_rows(frame)


class AnonymisedInput:
    """The frames prompts (or a synthetic set's profile) are built from, batch by batch, and
    their anonymisation audit.

    Each batch is anonymised, gated, and its stage's verification sample re-scanned before the
    batch is handed on, so nothing reaches Ollama before the text it is built from passed both.
    ``sample``: rather than every row, the rows a sampler keeps (one batch; the personas'
    group sampler), drawn when iteration starts.
    """

    def __init__(
        self,
        config: PrivacySettings,
        input_path: Path,
        rows: int,
        anonymise: bool = True,
        guard: Guard | None = None,
        sample: Callable[[], pl.DataFrame] | None = None,
    ) -> None:
        self.config = config
        self.anonymise = anonymise
        """False: the input was anonymised beforehand; its rows pass as they are."""
        self.guard = guard or Guard(config.gate, RunValues() if anonymise else None)
        self.input_path = input_path
        self.rows = rows
        self.sample = sample
        self.audit = AnonymisationBlock(anonymised=anonymise)
        """The manifest's ``anonymisation`` block, its keys added as the stage reaches them."""

    @property
    def sampled(self) -> bool:
        """One batch, the rows the sampler kept (else every row, in input order)."""
        return self.sample is not None

    def __iter__(self) -> Iterator[pl.DataFrame]:
        config = self.config
        batches: Iterable[pl.DataFrame]
        if self.sample is not None:
            kept = self.sample()
            sampling = SamplingBlock(rows_read=self.rows, rows_kept=kept.height)
            self.audit = self.audit.model_copy(update={"sampling": sampling})
            batches = [kept]
        else:
            batches = numbered(
                iter_batches(self.input_path, config.input, config.anonymise.batch_rows)
            )
        if not self.anonymise:
            yield from batches
            return
        with engine.use(config.engine):
            stage = prepare_anonymiser(config, self.input_path, self.guard.values)
            self.audit = self.audit.model_copy(
                update={
                    "strategy": str(config.anonymise.strategy),
                    "column_plan": [p.model_dump(mode="json") for p in stage.plan],
                    "engine": engine_manifest(config),
                }
            )
            stream = VerifiedStream(
                stage,
                self.guard,
                "each_batch",
                lambda first, height: f"the anonymised rows {first + 1} to {first + height}",
                _input_rows,
                gate_consequence="nothing was sent to Ollama",
                verify_consequence="Nothing was sent to Ollama",
            )
            for anonymised in stream(batches, "anonymise", self.rows):
                verification = VerificationBlock(
                    cells_checked=stream.cells_checked, residual=stream.residual
                )
                self.audit = self.audit.model_copy(update={"verification": verification})
                yield anonymised


def load_anonymised(
    config: PrivacySettings,
    input_path: Path,
    rows: int,
    anonymise: bool = True,
    guard: Guard | None = None,
    sample: Callable[[], pl.DataFrame] | None = None,
) -> tuple[pl.DataFrame, AnonymisationBlock]:
    """The whole (anonymised) frame at once, and what the manifest says of its anonymisation.

    ``anonymise`` False: the input was anonymised beforehand. ``sample``: only the rows a
    sampler keeps (see :class:`AnonymisedInput`). ``guard``: the gate the anonymised rows pass (and which remembers their values), else one of its own.
    """
    prepared = AnonymisedInput(config, input_path, rows, anonymise, guard, sample)
    frame = pl.concat(list(prepared), how="vertical_relaxed")
    if not prepared.sampled:  # every row: the frame's own positions are the input's
        frame = frame.drop(ROW_COLUMN, strict=False)
    return frame, prepared.audit
