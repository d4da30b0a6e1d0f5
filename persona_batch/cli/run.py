"""``persona run`` (a job file end to end) and ``persona report`` (rebuild a run's report)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from persona_batch.cli.common import friendly, load_job, out, print_gate
from persona_batch.cli.options import BackendOption, JobFile, SchedulerOption
from persona_batch.core import logs

if TYPE_CHECKING:
    from persona_batch.jobs.run import RunResult


@friendly
def run(
    job_file: JobFile,
    run_date: Annotated[
        datetime | None,
        typer.Option("--date", formats=["%Y-%m-%d"], help="Run date (default: today, UTC)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check inputs, hosts and model; write nothing.")
    ] = False,
    host: Annotated[
        list[str] | None, typer.Option("--host", help="Ollama URL(s); override the job's.")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Override the job's model.")
    ] = None,
    log_format: Annotated[str, typer.Option("--log-format", help="text or json.")] = "text",
    backend: BackendOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Run a job file end to end: anonymise, generate, score, write; exit 0, 4 (partial) or 1."""
    from persona_batch.jobs.run import run_job

    if log_format not in {"text", "json"}:
        raise typer.BadParameter("--log-format must be text or json")
    logs.setup(log_format)
    job = load_job(job_file, model=model, host=host, backend=backend, scheduler=scheduler)
    result = run_job(job, run_date.date() if run_date else None, dry_run)
    _print_run(result)
    raise typer.Exit(result.exit_code)


@friendly
def report(
    folder: Annotated[
        Path, typer.Argument(help="A run's dated folder, e.g. out/nightly/2026-11-22.")
    ],
) -> None:
    """Rebuild a run's report.html from its manifest and Parquet files."""
    from persona_batch.jobs.run import build_report

    out.print(f"wrote {build_report(folder)}")


def _print_run(result: RunResult) -> None:
    if result.message:
        out.print(result.message)
    if result.status in {"skipped", "dry-run"}:
        return
    table = Table(title=f"{result.status}: {result.folder} (report.html, manifest.json)")
    for heading in ("input", "rows", "personas", "failed"):
        table.add_column(heading, justify="left" if heading == "input" else "right")
    for item in result.inputs:
        table.add_row(item.path.name, str(item.rows), str(item.generated), str(item.failed))
    out.print(table)
    print_gate(result.gate)
