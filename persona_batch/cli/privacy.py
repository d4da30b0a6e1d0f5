"""``persona privacy``: ``anonymise`` and ``scan``, and how their results are printed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from persona_batch.cli.common import check_format, friendly, load_job, out, print_gate
from persona_batch.cli.options import (
    BackendOption,
    ConfigOption,
    FormatOption,
    InputOption,
    SchedulerOption,
    WorkersOption,
)

if TYPE_CHECKING:
    from persona_batch.privacy.job import AnonymiseResult
    from persona_batch.privacy.scan import ScanReport

app = typer.Typer(
    help="Find and remove PII: preview with `scan`, then `anonymise`.", no_args_is_help=True
)


@app.command("anonymise")
@friendly
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
    backend: BackendOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Detect PII with Presidio and write an anonymised Parquet file with a PII audit."""
    from persona_batch.privacy.job import run_anonymise, validate_strategy

    job = load_job(
        config,
        input_path=input_path,
        output=output,
        strategy=validate_strategy(strategy),
        workers=workers,
        batch_rows=batch_rows,
        backend=backend,
        scheduler=scheduler,
    )
    _print_result(run_anonymise(job.privacy, job.require_input(), job.require_output()))


@app.command("scan")
@friendly
def scan(
    input_path: InputOption = None,
    fmt: FormatOption = "table",
    rows: Annotated[
        int | None, typer.Option("--rows", help="Scan only the first N rows.", min=1)
    ] = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    backend: BackendOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Preview what `anonymise` would change: counts and masked examples. Writes nothing."""
    from persona_batch.privacy.scan import ScanReport, run_scan

    check_format(fmt)
    job = load_job(
        config, input_path=input_path, workers=workers, backend=backend, scheduler=scheduler
    )
    path = job.require_input()
    found = ScanReport.of(*run_scan(job.privacy, path, rows))
    if fmt == "json":
        sys.stdout.write(json.dumps(found.model_dump(), indent=2) + "\n")
        return
    _print_scan(path, found)


def _print_scan(path: Path, scan: ScanReport) -> None:
    table = Table(title=f"PII in {path.name} ({scan.rows_scanned} rows scanned)")
    for heading in ("column", "entity", "cells", "count", "examples (masked)"):
        table.add_column(heading, justify="right" if heading in {"cells", "count"} else "left")
    for r in scan.findings:
        table.add_row(r.column, r.entity_type, str(r.cells), str(r.count), ", ".join(r.examples))
    out.print(table)
    if not scan.findings:
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
    print_gate(result.gate)
