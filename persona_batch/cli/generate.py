"""``persona generate`` and ``persona score``, and how generation and quality are printed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from persona_batch.cli.common import engine_overrides, err, friendly, load_job, out, print_gate
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
from persona_batch.core.config import load_config, with_overrides

if TYPE_CHECKING:
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

    job, path = load_job(
        config,
        input_path,
        **{
            "generate.provider": provider,
            "generate.model": model,
            "generate.anonymise": anonymise_input,
            "generate.group_by": group_by,
            "generate.per_group": per_group,
            "generate.concurrency": concurrency,
            "generate.hosts": host or None,
            "anonymise.strategy": validate_strategy(strategy),
            "anonymise.workers": workers,
            "judge.model": judge_model,
            "generate.draft_model": draft_model,
            "generate.refine_model": refine_model,
            "generate.refine_below": refine_below,
            "score.preset": preset,
            **engine_overrides(backend, scheduler),
        },
    )
    target = output or job.output
    if target is None:
        raise typer.BadParameter("give --output OUT.parquet, or set output in the job file")
    result = run_generate(job, path, target)
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

    job = with_overrides(
        load_config(config),
        **{"judge.model": judge_model, "score.preset": preset, "generate.hosts": host or None},
    )
    result = run_score(job, input_path, output, sources)
    _print_quality(result.quality, result.output, result.personas)


def _print_quality(quality: dict[str, Any], path: Path, personas: int) -> None:
    table = Table(title=f"quality of {personas} personas -> {path}")
    table.add_column("level")
    table.add_column("personas", justify="right")
    for level, count in quality.get("levels", {}).items():
        table.add_row(str(level), str(count))
    out.print(table)
    out.print(f"mean score {quality.get('mean_score')}, median {quality.get('median_score')}")


def _print_generation(result: GenerateResult) -> None:
    c = result.connection
    out.print(f"Model: {c.model.name} ({c.reason}) on {', '.join(c.hosts)}")
    for skipped in c.skipped:
        err.print(f"[yellow]warning:[/] not using {skipped}")
    counts = result.manifest["counts"]
    table = Table(title=f"{result.personas} personas -> {result.output}")
    for heading in ("personas", "failed", "resumed", "prompt tokens", "completion tokens"):
        table.add_column(heading, justify="right")
    table.add_row(
        str(result.personas),
        str(result.failed),
        str(result.resumed),
        str(counts["prompt_tokens"]),
        str(counts["completion_tokens"]),
    )
    out.print(table)
    _print_quality(result.manifest["quality"], result.output, result.personas)
    refine = result.manifest.get("refine") or {}
    if refine:
        out.print(
            f"refined {refine['refined']} with {refine['refine_model']}: mean score "
            f"{refine['mean_score_before']} -> {refine['mean_score_after']}"
        )
    judge = result.manifest.get("judge") or {}
    if judge:
        out.print(f"judge {judge['model']}: {judge['judged']} rated, mean {judge['mean_score']}")
    print_gate(result.manifest.get("gate", {}))
    for reason, count in sorted(result.errors.items()):
        err.print(f"[red]{count} failed:[/] {reason}")
