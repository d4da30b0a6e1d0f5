"""``persona synthesise`` (make a synthetic set) and ``persona synthesise validate`` (check one),
and how their results are printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from persona_batch.cli.common import (
    check_format,
    friendly,
    load_job,
    out,
    print_connection,
    print_failures,
    print_gate,
)
from persona_batch.cli.options import (
    ConfigOption,
    FormatOption,
    HostOption,
    InputOption,
    ModelOption,
    WorkersOption,
)

if TYPE_CHECKING:
    from persona_batch.synthesise.job import SynthesiseResult, Validation

app = typer.Typer(
    help="Synthetic datasets from a sensitive source: `synthesise` makes one, "
    "`synthesise validate` checks one.",
)


@app.callback(invoke_without_command=True)
@friendly
def synthesise(
    ctx: typer.Context,
    input_path: InputOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Parquet file of synthetic records.")
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count", "-n", help="Records to generate (default: the job's, else 100).", min=1
        ),
    ] = None,
    model: ModelOption = None,
    host: HostOption = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed of the records' targets (default: 0).")
    ] = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Learn an (anonymised) table, generate a synthetic one like it on Ollama, validate, write.

    Exit 0, 4 (some records failed: rerun to retry them), 5 (written, but a validation target
    was missed) or 1.
    """
    # Click runs this callback before a subcommand, even before its --help: return first,
    # so that `synthesise validate --help` imports no stage.
    if ctx.invoked_subcommand is not None:
        return
    from persona_batch.synthesise.job import run_synthesise

    job = load_job(
        config,
        input_path=input_path,
        output=output,
        model=model,
        host=host,
        seed=seed,
        workers=workers,
    )
    result = run_synthesise(job.synthesise_stage, job.require_input(), job.require_output(), count)
    _print_synthesis(result)
    raise typer.Exit(result.exit_code)


@app.command("validate")
@friendly
def synthesise_validate(
    original: Annotated[
        Path,
        typer.Option(
            "--original",
            help="The source the synthetic set was made from (anonymised again the same way), "
            "or its anonymised Parquet.",
        ),
    ],
    synthetic: Annotated[Path, typer.Option("--synthetic", help="The synthetic Parquet file.")],
    fmt: FormatOption = "table",
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Check a synthetic file against its original: schema, distributions, PII, copies; exit 0 or 5."""
    from persona_batch.synthesise.job import run_validate

    check_format(fmt)
    job = load_job(config, workers=workers)
    validation = run_validate(job.synthesise_stage, original, synthetic)
    if fmt == "json":
        sys.stdout.write(validation.model_dump_json(indent=2) + "\n")
    else:
        _print_validation(validation, synthetic)
    raise typer.Exit(validation.exit_code)


def _print_synthesis(result: SynthesiseResult) -> None:
    print_connection(result.connection)
    manifest = result.document
    out.print(
        f"{result.generated} of {result.requested} records -> {result.output} "
        f"({result.failed} failed, {result.resumed} resumed, "
        f"{manifest.counts.completion_tokens} completion tokens)"
    )
    _print_validation(result.validation, result.output)
    print_gate(manifest.gate)
    print_failures(result.errors)


def _print_validation(validation: Validation, path: Path) -> None:
    verdict = "[green]passed[/]" if validation.passed else "[red]targets missed[/]"
    table = Table(title=f"Validation of {path.name}: {verdict}")
    for heading in ("check", "value", "target", "", "detail"):
        table.add_column(heading, justify="right" if heading == "value" else "left")
    marks = {True: "[green]pass[/]", False: "[red]FAIL[/]", None: ""}
    for row in validation.rows:
        table.add_row(row.name, row.shown, row.target or "-", marks[row.passed], row.detail)
    out.print(table)
