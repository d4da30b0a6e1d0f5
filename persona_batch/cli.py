"""The ``persona`` command: flags in, a library call, a table out. No logic lives here."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from persona_batch import __version__
from persona_batch.config import JobConfig, load_config, with_overrides
from persona_batch.errors import EXIT_FAILURE, EXIT_PARTIAL, PersonaBatchError
from persona_batch.generate_job import GenerateResult, run_generate
from persona_batch.pipeline import (
    AnonymiseResult,
    ScanColumn,
    run_anonymise,
    run_scan,
    validate_strategy,
)

app = typer.Typer(
    help="persona_batch: turn sensitive user research into personas, on your own machines.",
    no_args_is_help=True,
    add_completion=False,
)
privacy = typer.Typer(
    help="Find and remove PII: preview with `scan`, then `anonymise`.", no_args_is_help=True
)
app.add_typer(privacy, name="privacy")

out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

ConfigOption = Annotated[
    Path | None, typer.Option("--config", "-c", help="Job file (jobs/*.toml); flags override it.")
]
InputOption = Annotated[
    Path | None,
    typer.Option(
        "--input", "-i", help="CSV, TSV, Parquet, JSON Lines, or a folder of .txt/.md transcripts."
    ),
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Worker processes (default: one per core).", min=0)
]


def _friendly(command: F) -> F:
    """Turn our errors into one red line and their exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PersonaBatchError as exc:
            err.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("[yellow]interrupted: no output was written[/]")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _job(config: Path | None, input_path: Path | None, **overrides: Any) -> tuple[JobConfig, Path]:
    job = with_overrides(load_config(config), **overrides)
    path = input_path or job.input.path
    if path is None:
        raise typer.BadParameter("give --input FILE, or set [input] path in the job file")
    return job, path


@app.command()
def version() -> None:
    """Print the version."""
    out.print(f"persona_batch {__version__}")


@privacy.command("anonymise")
@_friendly
def anonymise(
    input_path: InputOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Parquet file to write (atomically).")
    ] = None,
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            "-s",
            help="redact | replace | hash | mask (default: the job's, else redact).",
        ),
    ] = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    batch_rows: Annotated[
        int | None, typer.Option("--batch-rows", help="Rows per batch.", min=1)
    ] = None,
) -> None:
    """Detect PII with Presidio and write an anonymised Parquet file with a PII audit."""
    job, path = _job(
        config,
        input_path,
        **{
            "anonymise.strategy": validate_strategy(strategy),
            "anonymise.workers": workers,
            "anonymise.batch_rows": batch_rows,
        },
    )
    target = output or job.output
    if target is None:
        raise typer.BadParameter("give --output OUT.parquet, or set output in the job file")
    _print_result(run_anonymise(job, path, target))


@privacy.command("scan")
@_friendly
def scan(
    input_path: InputOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    rows: Annotated[
        int | None, typer.Option("--rows", help="Scan only the first N rows.", min=1)
    ] = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Preview what `anonymise` would change: counts and masked examples. Writes nothing."""
    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    job, path = _job(config, input_path, **{"anonymise.workers": workers})
    scanned, report = run_scan(job, path, rows)
    if fmt == "json":
        sys.stdout.write(json.dumps(_scan_json(scanned, report), indent=2) + "\n")
        return
    _print_scan(path, scanned, report)


@app.command()
@_friendly
def generate(
    input_path: InputOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Parquet file of personas.")
    ] = None,
    provider: Annotated[str | None, typer.Option("--provider", help="Only 'ollama'.")] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="Model name; default: the best installed one."),
    ] = None,
    host: Annotated[
        list[str] | None,
        typer.Option(
            "--host", help="Ollama URL; repeat to spread the load (default: OLLAMA_HOST)."
        ),
    ] = None,
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
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Generate personas on Ollama from (anonymised) research rows, with resume and audit."""
    job, path = _job(
        config,
        input_path,
        **{
            "generate.provider": provider,
            "generate.model": model,
            "generate.anonymise": anonymise_input,
            "generate.group_by": group_by,
            "generate.per_group": per_group,
            "generate.concurrency": concurrency,
            "anonymise.strategy": validate_strategy(strategy),
            "anonymise.workers": workers,
        },
    )
    target = output or job.output
    if target is None:
        raise typer.BadParameter("give --output OUT.parquet, or set output in the job file")
    result = run_generate(job, path, target, tuple(host or ()))
    _print_generation(result)
    if result.failed:
        raise typer.Exit(EXIT_FAILURE if result.failed == result.personas else EXIT_PARTIAL)


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
    for reason, count in sorted(result.errors.items()):
        err.print(f"[red]{count} failed:[/] {reason}")


def _scan_json(scanned: int, report: list[ScanColumn]) -> dict[str, Any]:
    return {
        "rows_scanned": scanned,
        "findings": [
            {
                "column": r.column,
                "entity_type": r.entity_type,
                "cells": r.cells,
                "count": r.findings,
                "examples": r.examples,
            }
            for r in report
        ],
    }


def _print_scan(path: Path, scanned: int, report: list[ScanColumn]) -> None:
    table = Table(title=f"PII in {path.name} ({scanned} rows scanned)")
    for heading in ("column", "entity", "cells", "count", "examples (masked)"):
        table.add_column(heading, justify="right" if heading in {"cells", "count"} else "left")
    for r in report:
        table.add_row(r.column, r.entity_type, str(r.cells), str(r.findings), ", ".join(r.examples))
    out.print(table)
    if not report:
        out.print("No PII found.")


def _print_result(result: AnonymiseResult) -> None:
    plan = Table(title="Column plan")
    for heading in ("column", "type", "action", "strategy", "found in sample"):
        plan.add_column(heading)
    for p in result.plan:
        found = ", ".join(f"{k} {v}" for k, v in p.detected.items()) or "-"
        plan.add_row(p.column, p.dtype, f"{p.action} ({p.reason})", str(p.strategy or "-"), found)
    out.print(plan)
    summary = Table(title=f"Anonymised {result.rows} rows -> {result.output}")
    for heading in ("column", "entity", "replaced"):
        summary.add_column(heading, justify="right" if heading == "replaced" else "left")
    for (column, entity), count in sorted(result.entity_counts.items()):
        summary.add_row(column, entity, str(count))
    out.print(summary)
    out.print(f"Verified {result.verified_cells} sampled output cells: no residual PII found.")
