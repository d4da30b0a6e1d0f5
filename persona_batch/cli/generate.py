"""``persona generate`` and ``persona score``, and how generation and quality are printed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from persona_batch.cli.common import (
    friendly,
    load_job,
    out,
    print_connection,
    print_failures,
    print_gate,
)
from persona_batch.cli.options import (
    BackendOption,
    ConfigOption,
    HostOption,
    InputOption,
    JudgeOption,
    ModelOption,
    PresetOption,
    SchedulerOption,
    WorkersOption,
)

if TYPE_CHECKING:
    from persona_batch.core.manifest import QualityBlock
    from persona_batch.personas.generate_job import GenerateResult


@friendly
def generate(
    input_path: InputOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Parquet file of personas.")
    ] = None,
    provider: Annotated[str | None, typer.Option("--provider", help="Only 'ollama'.")] = None,
    model: ModelOption = None,
    host: HostOption = None,
    anonymise_input: Annotated[
        bool | None,
        typer.Option(
            "--anonymise/--no-anonymise", help="Anonymise before prompting (default: on)."
        ),
    ] = None,
    group_by: Annotated[
        str | None, typer.Option("--group-by", help="Build personas per group of this column.")
    ] = None,
    per_group: Annotated[
        int | None, typer.Option("--per-group", help="Personas per group.", min=1)
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", help="Requests in flight per host.", min=1)
    ] = None,
    strategy: Annotated[
        str | None, typer.Option("--strategy", "-s", help="Anonymisation strategy.")
    ] = None,
    judge_model: JudgeOption = None,
    draft_model: Annotated[
        str | None,
        typer.Option("--draft-model", help="Hybrid refine: draft every persona with this model."),
    ] = None,
    refine_model: Annotated[
        str | None,
        typer.Option("--refine-model", help="Hybrid refine: redo low scorers with this model."),
    ] = None,
    refine_below: Annotated[
        float | None, typer.Option("--refine-below", help="Hybrid refine: quality score threshold.")
    ] = None,
    preset: PresetOption = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    backend: BackendOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Generate personas on Ollama from (anonymised) research rows, scored, with resume and audit."""
    from persona_batch.personas.generate_job import run_generate
    from persona_batch.privacy.job import validate_strategy

    job = load_job(
        config,
        input_path=input_path,
        output=output,
        provider=provider,
        model=model,
        anonymise_input=anonymise_input,
        group_by=group_by,
        per_group=per_group,
        concurrency=concurrency,
        host=host,
        strategy=validate_strategy(strategy),
        workers=workers,
        judge_model=judge_model,
        draft_model=draft_model,
        refine_model=refine_model,
        refine_below=refine_below,
        preset=preset,
        backend=backend,
        scheduler=scheduler,
    )
    result = run_generate(job.personas, job.require_input(), job.require_output())
    _print_generation(result)
    raise typer.Exit(result.exit_code)


@friendly
def score(
    input_path: Annotated[
        Path, typer.Option("--input", "-i", help="A personas Parquet file to re-score.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write (default: replace the input)."),
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources", help="The anonymised input it was built from (default: from its manifest)."
        ),
    ] = None,
    judge_model: JudgeOption = None,
    host: Annotated[
        list[str] | None, typer.Option("--host", help="Ollama URL(s) for the judge.")
    ] = None,
    preset: PresetOption = None,
    config: ConfigOption = None,
) -> None:
    """Re-score an existing personas file (heuristics, and the judge when --judge-model is given)."""
    from persona_batch.personas.generate_job import run_score

    job = load_job(config, judge_model=judge_model, preset=preset, host=host)
    result = run_score(job.personas, input_path, output, sources)
    _print_quality(result.quality, result.output, result.personas)


def _print_quality(quality: QualityBlock, path: Path, personas: int) -> None:
    table = Table(title=f"quality of {personas} personas -> {path}")
    table.add_column("level")
    table.add_column("personas", justify="right")
    for level, count in quality.levels.items():
        table.add_row(str(level), str(count))
    out.print(table)
    out.print(f"mean score {quality.mean_score}, median {quality.median_score}")


def _print_generation(result: GenerateResult) -> None:
    print_connection(result.connection)
    manifest = result.document
    table = Table(title=f"{result.personas} personas -> {result.output}")
    for heading in ("personas", "failed", "resumed", "prompt tokens", "completion tokens"):
        table.add_column(heading, justify="right")
    table.add_row(
        str(result.personas),
        str(result.failed),
        str(result.resumed),
        str(manifest.counts.prompt_tokens),
        str(manifest.counts.completion_tokens),
    )
    out.print(table)
    _print_quality(manifest.quality, result.output, result.personas)
    if refine := manifest.refine:
        out.print(
            f"refined {refine.refined} with {refine.refine_model}: mean score "
            f"{refine.mean_score_before} -> {refine.mean_score_after}"
        )
    if judge := manifest.judge:
        out.print(f"judge {judge.model}: {judge.judged} rated, mean {judge.mean_score}")
    print_gate(manifest.gate)
    print_failures(result.errors)
