"""The generate job: load, anonymise (the anonymise job's stage, reused), generate, score, write.

Nothing is sent to Ollama before the anonymised text has passed verification and the gate
(:mod:`persona_batch.privacy.guard`): each batch's anonymised cells, then every prompt, are checked
before any is sent, and every persona before it is written. Every request
(personas, refinements, the judge's verdicts) is journalled beside the output as it lands; a
rerun of the same job skips what is done, and the output is written atomically at the end.

- **score**: every persona gets the heuristic quality columns (:mod:`persona_batch.quality.score`);
- **refine** (hybrid, optional): draft with a small model, regenerate the personas scoring
  below a threshold with a larger one, keep the draft's audit beside the result;
- **judge** (optional): a model rates each persona (:mod:`persona_batch.quality.judge`).
"""

from __future__ import annotations

import functools
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from persona_batch.core import failpoints
from persona_batch.core.config import GenerateSettings, OllamaOptions, PersonaSettings
from persona_batch.core.errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PARTIAL,
    InputError,
)
from persona_batch.core.io import (
    MANIFEST_KEY,
    ParquetSink,
    check_output_path,
    describe_input,
    iter_batches,
    read_metadata,
    read_parquet,
)
from persona_batch.core.manifest import (
    CountsBlock,
    GenerateManifest,
    JudgeBlock,
    QualityBlock,
    RefineBlock,
)
from persona_batch.core.persona import Persona
from persona_batch.core.progress import progress_bar
from persona_batch.core.work import Span
from persona_batch.llm.generator import (
    PERSONA_SCHEMA,
    personas_frame,
)
from persona_batch.llm.requests import Connection, RequestRunner, connect, generation_block
from persona_batch.personas.prompts import (
    TEMPLATE_SHA256,
    TEMPLATE_VERSION,
    build_items,
    rendered_sources,
    source_ids,
    withheld_columns,
)
from persona_batch.personas.sampling import GroupSampler
from persona_batch.privacy.guard import (
    GEN_GATE,
    GEN_GATE_ENTRY,
    Guard,
    RunValues,
    merge_blocks,
    source_families,
)
from persona_batch.privacy.job import input_block, versions
from persona_batch.privacy.rare_words import RareWords, count_rows
from persona_batch.privacy.stream import AnonymisedInput, load_anonymised
from persona_batch.quality.judge import (
    JUDGE_TEMPLATE_SHA256,
    REORDERED,
    Verdict,
    disagreements,
    judge_items,
    with_verdicts,
)
from persona_batch.quality.score import score_frame
from persona_batch.quality.similarity import DiversityTally, RunMemory


@dataclass
class GenerateResult:
    """What the job did, for the summary."""

    output: Path
    personas: int
    failed: int
    resumed: int
    connection: Connection
    manifest: dict[str, Any]
    """The file's manifest, as written (:class:`GenerateManifest`'s JSON)."""
    errors: dict[str, int]

    @functools.cached_property
    def document(self) -> GenerateManifest:
        """The manifest as its typed model."""
        return GenerateManifest.model_validate(self.manifest)

    @property
    def exit_code(self) -> int:
        """0 when every persona was made, 4 when some failed, 1 when all did."""
        if not self.failed:
            return EXIT_OK
        return EXIT_FAILURE if self.failed == self.personas else EXIT_PARTIAL


def group_sample(
    config: PersonaSettings, input_path: Path, rows: int
) -> Callable[[], pl.DataFrame] | None:
    """With ``generate.group_by``, how the rows personas are built from are drawn (the group
    sampler's, one batch); else None: every row, batch by batch."""
    if config.generate.group_by is None:
        return None
    return functools.partial(_sample_groups, config, input_path, rows)


def _sample_groups(config: PersonaSettings, input_path: Path, rows: int) -> pl.DataFrame:
    """Stream the input through a :class:`GroupSampler`; the rows it kept."""
    sampler = GroupSampler.for_settings(config.generate)
    with progress_bar("sample groups", rows) as advance:
        for batch in iter_batches(
            input_path, config.privacy.input, config.privacy.anonymise.batch_rows
        ):
            sampler.add(batch)
            advance(batch.height, f"{sampler.kept:,} rows kept")
    return sampler.frame()


def run_generate(
    config: PersonaSettings,
    input_path: Path,
    output: Path,
    values: RunValues | None = None,
) -> GenerateResult:
    """Generate one persona per row (or ``per_group`` per group) into ``output``, scored.

    One persona per row streams: each batch of input rows is anonymised, verified, generated,
    scored (refined, judged) and appended to the output's temporary file before the next batch
    is read, so memory does not grow with the input. Grouped, the group sampler's rows are one
    batch. The file is renamed into place when every batch is done.

    ``values``: what detection found in the sources and what replaced it, when the input was
    anonymised beforehand (``persona run``); anonymising here, the stage remembers them itself.
    """
    started = datetime.now(UTC)
    settings = config.generate
    check_output_path(input_path, output)
    info = describe_input(input_path, config.privacy.input)
    connection = connect(config.generate)
    if values is None and settings.anonymise:
        values = RunValues()
    guard = Guard(config.privacy.gate, values)
    sample = group_sample(config, input_path, info.rows)
    prepared = AnonymisedInput(
        config.privacy, input_path, info.rows, settings.anonymise, guard, sample
    )
    requests = RequestRunner(connection, output, guard)
    tally = _Tally(config, rare=rare_words(config, input_path, info.rows))
    with ParquetSink(output) as sink:
        try:
            for frame in prepared:
                personas = _personas_of(frame, config, connection, requests, tally)
                sink.write(personas)
                tally.add(personas)
        finally:
            requests.close()
        manifest = GenerateManifest(
            input=input_block(info),
            anonymisation=prepared.audit,
            generation=generation_block(
                settings, connection, requests.hosts, (TEMPLATE_VERSION, TEMPLATE_SHA256)
            ).model_copy(update={"withheld_words": tally.rare.withheld}),
            quality=tally.quality(),
            refine=tally.refine,
            judge=tally.judge,
            counts=CountsBlock(
                source_rows=info.rows,
                personas=sink.rows,
                failed=len(tally.errors),
                resumed=requests.resumed,
                prompt_tokens=tally.prompt_tokens,
                completion_tokens=tally.completion_tokens,
            ),
            gate=guard.block(),
            versions=versions(config.privacy.detect),
            started_at=started.isoformat(),
            finished_at=datetime.now(UTC).isoformat(),
        ).to_json()
        empty = pl.Schema({**PERSONA_SCHEMA, GEN_GATE: pl.List(GEN_GATE_ENTRY)})
        sink.commit({MANIFEST_KEY: manifest}, empty_schema=empty)
    requests.finish()
    return GenerateResult(
        output,
        sink.rows,
        len(tally.errors),
        requests.resumed,
        connection,
        manifest,
        dict(tally.reasons),
    )


def rare_words(config: PersonaSettings, input_path: Path, rows: int) -> RareWords:
    """The words of the input withheld from prompts (``[generate] rare_word_rows``), counted
    in one pass over its ``rows`` rows before anything is sent."""
    settings = config.generate
    if not (settings.rare_word_rows or settings.name_word_rows):
        return RareWords(0)
    privacy = config.privacy
    with progress_bar("count rare words", rows) as advance:
        batches = iter_batches(input_path, privacy.input, privacy.anonymise.batch_rows)
        return count_rows(
            batches,
            settings.prompt_columns,
            settings.rare_word_rows,
            advance,
            name_limit=settings.name_word_rows,
        )


def _personas_of(
    frame: pl.DataFrame,
    config: PersonaSettings,
    connection: Connection,
    requests: RequestRunner,
    tally: _Tally,
) -> pl.DataFrame:
    """One batch's personas: generated, scored, refined and judged as the job says."""
    settings = config.generate
    model = connection.model
    frame = tally.rare.withhold(frame, withheld_columns(frame, settings))
    rendered = rendered_sources(frame, settings)
    sources = {sid: text for sid, (text, _) in rendered.items()}
    redacted = source_families(frame, source_ids(frame, settings))
    items = build_items(frame, settings, model.name, Persona.model_json_schema())
    outcomes = requests.run("generate", items, model.name, settings)
    tally.reasons.update(o.reason for o in outcomes.values() if o.reason)
    drafts = personas_frame(items, outcomes, model.name, model.digest)
    drafts = requests.guard.personas(drafts, items, redacted)
    personas = score_frame(drafts, sources, config.score.quality(), tally.memory)
    failpoints.reach("score")
    if settings.refine_model:
        personas, refine = _refine(
            config, connection, requests, frame, personas, sources, tally.memory
        )
        means = ("mean_score_before", "mean_score_after")
        tally.refine = _merge(tally.refine, refine, "refined", means)
    if config.judge.model:
        typed = {sid: spans for sid, (_, spans) in rendered.items()}
        personas, judge = _judge(config, connection, requests, personas, sources, typed)
        tally.judge = _merge(tally.judge, judge, "judged", ("mean_score",), sums=("failed",))
    return personas


@dataclass
class _Tally:
    """What the manifest says of the whole run, summed batch by batch."""

    config: PersonaSettings
    errors: list[str] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    """Failed personas by their outcome's reason."""
    scores: list[float] = field(default_factory=list)
    levels: Counter[str] = field(default_factory=Counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    refine: RefineBlock | None = None
    judge: JudgeBlock | None = None
    diversity: DiversityTally = field(default_factory=DiversityTally)
    memory: RunMemory = field(default_factory=RunMemory)
    """Earlier batches' personas, for duplicates across batches."""
    rare: RareWords = field(default_factory=lambda: RareWords(0))
    """The input's rare words, withheld from every prompt."""

    def add(self, personas: pl.DataFrame) -> None:
        self.errors += personas.get_column("gen_error").drop_nulls().to_list()
        self.scores += personas.get_column("quality_score").to_list()
        self.levels.update(personas.get_column("quality_level").to_list())
        self.prompt_tokens += int(personas.get_column("prompt_tokens").sum())
        self.completion_tokens += int(personas.get_column("completion_tokens").sum())
        self.diversity.add(personas)
        self.memory.remember(personas)

    def quality(self) -> QualityBlock:
        score = self.config.score
        return QualityBlock(
            preset=score.preset if score.settings is None else "custom",
            mean_score=_mean(self.scores),
            median_score=round(float(statistics.median(self.scores)), 2) if self.scores else None,
            levels=dict(self.levels.most_common()),
            diversity=self.diversity.summary(),
        )


_Block = TypeVar("_Block", RefineBlock, JudgeBlock)


def _merge(
    total: _Block | None,
    part: _Block,
    count: str,
    means: tuple[str, ...],
    sums: tuple[str, ...] = (),
) -> _Block:
    """``total`` and one batch's summary ``part`` as one: ``count`` and ``sums`` added, each of
    ``means`` weighted by ``count``; every other field as ``part`` has it."""
    if total is None:
        return part
    merged: dict[str, Any] = {}
    for key in (count, *sums):
        merged[key] = getattr(total, key) + getattr(part, key)
    for key in means:
        present = [
            (getattr(s, key), getattr(s, count))
            for s in (total, part)
            if getattr(s, key) is not None and getattr(s, count)
        ]
        weight = sum(w for _, w in present)
        merged[key] = round(sum(v * w for v, w in present) / weight, 2) if weight else None
    return part.model_copy(update=merged)


def _quality_summary(personas: pl.DataFrame, config: PersonaSettings) -> QualityBlock:
    tally = _Tally(config)
    tally.add(personas)
    return tally.quality()


def _mean(values: Sequence[float | None]) -> float | None:
    present = [float(v) for v in values if v is not None]
    return round(statistics.fmean(present), 2) if present else None


_DRAFT_COLUMNS = (
    "gen_model",
    "gen_model_digest",
    "gen_error",
    "attempts",
    "latency_ms",
    "prompt_tokens",
    "completion_tokens",
    "quality_score",
)


def _refine(
    config: PersonaSettings,
    connection: Connection,
    requests: RequestRunner,
    frame: pl.DataFrame,
    drafts: pl.DataFrame,
    sources: Mapping[str, str],
    memory: RunMemory | None = None,
) -> tuple[pl.DataFrame, RefineBlock]:
    """Regenerate the drafts scoring below the threshold with the larger model; rescore."""
    settings = config.generate
    assert settings.refine_model is not None
    refiner = connection.pick(settings.refine_model)
    low = (
        drafts.with_row_index("_i")
        .filter(pl.col("quality_score") < settings.refine_below)["_i"]
        .to_list()
    )
    all_items = build_items(frame, settings, refiner.name, Persona.model_json_schema())
    items = [all_items[i] for i in low]
    outcomes = requests.run("refine", items, refiner.name, settings)
    refined = personas_frame(items, outcomes, refiner.name, refiner.digest)
    redacted = source_families(frame, source_ids(frame, settings))
    refined = requests.guard.personas(refined, items, redacted)
    combined = drafts.with_columns(
        pl.lit(False).alias("refined"),
        *(pl.col(c).alias(f"draft_{c}") for c in _DRAFT_COLUMNS),
    ).drop([c for c in drafts.columns if c.startswith("quality_")])
    if low:
        replacement = refined.with_columns(
            pl.Series("_i", low, dtype=pl.UInt32), pl.lit(True).alias("refined")
        )
        body = combined.with_row_index("_i")
        keep = [c for c in replacement.columns if c != "_i"]
        body = body.update(replacement.select("_i", *keep), on="_i", include_nulls=True)
        combined = body.drop("_i")
    rescored = score_frame(combined, sources, config.score.quality(), memory)
    before = _mean(drafts["quality_score"].gather(low).to_list())
    after = _mean(rescored["quality_score"].gather(low).to_list())
    summary = RefineBlock(
        draft_model=drafts["gen_model"][0] if drafts.height else None,
        refine_model=refiner.name,
        refine_below=settings.refine_below,
        refined=len(low),
        mean_score_before=before,
        mean_score_after=after,
    )
    return rescored, summary


def _judge(
    config: PersonaSettings,
    connection: Connection,
    requests: RequestRunner,
    personas: pl.DataFrame,
    sources: Mapping[str, str],
    typed: Mapping[str, Sequence[Span]] | None = None,
) -> tuple[pl.DataFrame, JudgeBlock]:
    """Rate every persona with the judge model, at temperature 0 (``typed``: where each source
    text's typed dates sit, for the gate)."""
    assert config.judge.model is not None
    judge_model = connection.pick(config.judge.model)
    options = OllamaOptions(
        temperature=0.0,
        seed=config.judge.seed,
        num_ctx=config.generate.options.num_ctx,
        num_predict=config.judge.num_predict,
    )
    settings = config.generate.model_copy(update={"options": options})
    items = judge_items(personas, sources, judge_model.name, typed)
    outcomes = requests.run("judge", items, judge_model.name, settings, Verdict)
    judged = requests.guard.judged(
        with_verdicts(personas, items, outcomes, judge_model.name), items
    )
    disagreed = 0
    if config.judge.reorder:
        again = judge_items(personas, sources, judge_model.name, typed, order=REORDERED)
        second = with_verdicts(
            personas,
            again,
            requests.run("judge", again, judge_model.name, settings, Verdict),
            judge_model.name,
        )
        judged = requests.guard.judged(judged.with_columns(disagreements(judged, second)), again)
        disagreed = sum(1 for d in judged["judge_disagreement"].to_list() if d)
    scores = judged["judge_score"].drop_nulls().to_list()
    return judged, JudgeBlock(
        reordered=config.judge.reorder,
        disagreements=disagreed,
        model=judge_model.name,
        model_digest=judge_model.digest,
        template_sha256=JUDGE_TEMPLATE_SHA256,
        judged=len(scores),
        failed=judged["judge_error"].drop_nulls().len()
        - (personas["gen_error"].drop_nulls().len()),
        mean_score=_mean(scores),
    )


@dataclass
class ScoreResult:
    """What ``persona score`` did."""

    output: Path
    personas: int
    quality: QualityBlock
    judge: JudgeBlock | None
    exit_code: int = EXIT_OK
    """Scoring re-scores what is there: it succeeds or raises."""


def run_score(
    config: PersonaSettings,
    personas_path: Path,
    output: Path | None = None,
    sources_path: Path | None = None,
) -> ScoreResult:
    """Re-score an existing personas file (and judge it when a judge model is set)."""
    personas = read_parquet(personas_path)
    manifest = GenerateManifest.of(read_metadata(personas_path).get(MANIFEST_KEY, {}))
    generation = manifest.generation
    if "settings" in generation.model_fields_set and generation.settings is not None:
        config = config.model_copy(
            update={"generate": GenerateSettings.model_validate(generation.settings)}
        )
    source_file = sources_path or Path(manifest.input.path)
    if not source_file.is_file() and not source_file.is_dir():
        raise InputError(
            f"{personas_path}: the sources it was built from ({source_file}) are not there; "
            "pass --sources FILE (the anonymised input)"
        )
    info = describe_input(source_file, config.privacy.input)
    anonymisation = manifest.anonymisation
    anonymise = (
        anonymisation.anonymised
        if "anonymised" in anonymisation.model_fields_set
        else sources_path is None
    )
    sample = group_sample(config, source_file, info.rows)
    frame, _ = load_anonymised(config.privacy, source_file, info.rows, anonymise, sample=sample)
    rare = rare_words(config, source_file, info.rows)
    frame = rare.withhold(frame, withheld_columns(frame, config.generate))
    rendered = rendered_sources(frame, config.generate)
    sources = {sid: text for sid, (text, _) in rendered.items()}
    base = personas.drop([c for c in personas.columns if c.startswith(("quality_", "judge_"))])
    scored = score_frame(base, sources, config.score.quality())
    judge: JudgeBlock | None = None
    target = output or personas_path
    updated = manifest
    if config.judge.model:
        connection = connect(config.generate)
        requests = RequestRunner(connection, target, Guard(config.privacy.gate))
        typed = {sid: spans for sid, (_, spans) in rendered.items()}
        try:
            scored, judge = _judge(config, connection, requests, scored, sources, typed)
        finally:
            requests.close()
        requests.finish()
        gate = merge_blocks([manifest.gate, requests.guard.block()])
        updated = updated.model_copy(update={"gate": gate})
    quality = _quality_summary(scored, config)
    updated = updated.model_copy(update={"quality": quality, "judge": judge or manifest.judge})
    with ParquetSink(target) as sink:
        sink.write(scored)
        sink.commit({MANIFEST_KEY: updated.to_json()})
    return ScoreResult(target, scored.height, quality, judge)
