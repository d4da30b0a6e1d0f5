"""``persona export``: share a personas file as Markdown pages, a flat CSV or an Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from persona_batch.cli.common import friendly, out


@friendly
def export(
    personas: Annotated[Path, typer.Argument(help="A personas Parquet file (*.personas.parquet).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, csv or xlsx.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File (or, for md pages, a folder); default: beside the input."
        ),
    ] = None,
    audit: Annotated[
        bool, typer.Option("--audit/--no-audit", help="Add the audit columns (sources, flags...).")
    ] = False,
    one_file: Annotated[
        bool, typer.Option("--one-file", help="md: all personas in one file, not a page each.")
    ] = False,
) -> None:
    """Share personas: one Markdown page each (or --one-file), a flat CSV, or an Excel workbook."""
    from persona_batch.jobs.export import FORMATS
    from persona_batch.jobs.export import export as run_export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    result = run_export(personas, fmt, output, audit, one_file)  # type: ignore[arg-type]
    withheld = f" ({result.withheld} withheld)" if result.withheld else ""
    pages = f", {len(result.written)} page(s)" if fmt == "md" and not one_file else ""
    out.print(f"wrote {result.personas} persona(s){withheld} to {result.target}{pages}")
