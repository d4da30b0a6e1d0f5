"""``persona privacy``: ``anonymise`` and ``scan``, and how their results are printed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from persona_batch.cli.common import engine_overrides, friendly, load_job, out, print_gate
from persona_batch.cli.options import (
    BackendOption,
    ConfigOption,
    InputOption,
    SchedulerOption,
    WorkersOption,
)

if TYPE_CHECKING:
    from persona_batch.privacy.job import AnonymiseResult
    from persona_batch.privacy.scan import ScanColumn

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

    job, path = load_job(
        config,
        input_path,
        **{
            "anonymise.strategy": validate_strategy(strategy),
            "anonymise.workers": workers,
            "anonymise.batch_rows": batch_rows,
            **engine_overrides(backend, scheduler),
        },
    )
    target = output or job.output
    if target is None:
        raise typer.BadParameter("give --output OUT.parquet, or set output in the job file")
    _print_result(run_anonymise(job.privacy, path, target))


@app.command("scan")
@friendly
def scan(
    input_path: InputOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    rows: Annotated[
        int | None, typer.Option("--rows", help="Scan only the first N rows.", min=1)
    ] = None,
    config: ConfigOption = None,
    workers: WorkersOption = None,
    backend: BackendOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Preview what `anonymise` would change: counts and masked examples. Writes nothing."""
    from persona_batch.privacy.scan import run_scan

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    job, path = load_job(
        config,
        input_path,
        **{"anonymise.workers": workers, **engine_overrides(backend, scheduler)},
    )
    scanned, report = run_scan(job.privacy, path, rows)
    if fmt == "json":
        sys.stdout.write(json.dumps(_scan_json(scanned, report), indent=2) + "\n")
        return
    _print_scan(path, scanned, report)


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
    print_gate(result.gate)
