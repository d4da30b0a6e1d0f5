"""The ``persona`` command: flags in, a library call, a table out. No logic lives here."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from persona_batch import __version__
from persona_batch.core import logs, stopping
from persona_batch.core.config import JobConfig, load_config, resolve_inputs, with_overrides
from persona_batch.core.errors import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    PersonaBatchError,
    Terminated,
)

if TYPE_CHECKING:
    from persona_batch.jobs.run import RunResult
    from persona_batch.personas.generate_job import GenerateResult
    from persona_batch.privacy.job import AnonymiseResult
    from persona_batch.privacy.scan import ScanColumn
    from persona_batch.synthesise.job import SynthesiseResult, Validation

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
JudgeOption = Annotated[
    str | None,
    typer.Option("--judge-model", help="Also rate every persona with this model (LLM-as-judge)."),
]
PresetOption = Annotated[
    str | None, typer.Option("--preset", help="Quality preset: default, strict or lenient.")
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", help="Worker processes (default: one per core).", min=0)
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", "-m", help="Model name; default: the best installed one."),
]
HostOption = Annotated[
    list[str] | None,
    typer.Option("--host", help="Ollama URL; repeat to spread the load (default: OLLAMA_HOST)."),
]
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend", help="Where detection runs: loky (this machine) or dask (a cluster)."
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786."),
]


def _engine(backend: str | None, scheduler: str | None) -> dict[str, Any]:
    """The ``[engine]`` overrides of ``--backend`` and ``--scheduler``."""
    return {"engine.backend": backend, "engine.scheduler": scheduler}


def _friendly(command: F) -> F:
    """Turn our errors into one red line and their exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        main = threading.current_thread() is threading.main_thread()
        previous = {s: signal.signal(s, _stop) for s in _STOP_SIGNALS} if main else {}
        try:
            return command(*args, **kwargs)
        except PersonaBatchError as exc:
            err.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except Terminated:
            err.print(f"[yellow]stopped (SIGTERM): {_RESUME}[/]")
            raise typer.Exit(EXIT_TERMINATED) from None
        except KeyboardInterrupt:
            err.print(f"[yellow]interrupted: {_RESUME}[/]")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        finally:
            stopping.reset()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    return wrapper  # type: ignore[return-value]


_RESUME = "no output was written; run the same command again to go on (finished requests are kept)"


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _stop(signum: int, frame: object) -> None:
    """The first signal asks a stage that can stop in order (generation) to do so; otherwise,
    or on the second signal, the command is interrupted at once."""
    if stopping.request(signum):
        err.print("[yellow]stopping: finishing the requests in flight (again to stop now)[/]")
        return
    if signum == signal.SIGTERM:
        raise Terminated
    raise KeyboardInterrupt


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
    backend: BackendOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Detect PII with Presidio and write an anonymised Parquet file with a PII audit."""
    from persona_batch.privacy.job import run_anonymise, validate_strategy

    job, path = _job(
        config,
        input_path,
        **{
            "anonymise.strategy": validate_strategy(strategy),
            "anonymise.workers": workers,
            "anonymise.batch_rows": batch_rows,
            **_engine(backend, scheduler),
        },
    )
    target = output or job.output
    if target is None:
        raise typer.BadParameter("give --output OUT.parquet, or set output in the job file")
    _print_result(run_anonymise(job.privacy, path, target))


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
    backend: BackendOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Preview what `anonymise` would change: counts and masked examples. Writes nothing."""
    from persona_batch.privacy.scan import run_scan

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    job, path = _job(
        config, input_path, **{"anonymise.workers": workers, **_engine(backend, scheduler)}
    )
    scanned, report = run_scan(job.privacy, path, rows)
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
            "judge.model": judge_model,
            "generate.draft_model": draft_model,
            "generate.refine_model": refine_model,
            "generate.refine_below": refine_below,
            "score.preset": preset,
            **_engine(backend, scheduler),
        },
    )
    target = output or job.output
    if target is None:
        raise typer.BadParameter("give --output OUT.parquet, or set output in the job file")
    result = run_generate(job.with_hosts(*host or ()), path, target)
    _print_generation(result)
    raise typer.Exit(result.exit_code)


@app.command()
@_friendly
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
        load_config(config), **{"judge.model": judge_model, "score.preset": preset}
    )
    result = run_score(job.with_hosts(*host or ()), input_path, output, sources)
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
    _print_gate(result.manifest.get("gate", {}))
    for reason, count in sorted(result.errors.items()):
        err.print(f"[red]{count} failed:[/] {reason}")


JobFile = Annotated[Path, typer.Argument(help="The job file, e.g. jobs/nightly.toml.")]


@app.command()
@_friendly
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
    job = with_overrides(
        load_config(job_file), **{"generate.model": model, **_engine(backend, scheduler)}
    )
    result = run_job(job.with_hosts(*host or ()), run_date.date() if run_date else None, dry_run)
    _print_run(result)
    raise typer.Exit(result.exit_code)


@app.command("dev-server")
@_friendly
def dev_server(
    model: Annotated[
        str, typer.Option("--model", "-m", help="Packaged model to serve.")
    ] = "smollm2",
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; keep it on loopback.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port (Ollama's is 11434; 0 = any).", min=0, max=65535)
    ] = 11434,
    parallel: Annotated[
        int, typer.Option("--parallel", help="Requests decoded at once.", min=1)
    ] = 1,
    threads: Annotated[
        int | None, typer.Option("--threads", help="Decode threads (default: one per slot).", min=1)
    ] = None,
) -> None:
    """An Ollama-compatible server with a tiny bundled model (SmolLM2-135M): for tests and demos
    only; production runs use Ollama. Needs `make setup-devserver`."""
    from persona_batch.servers.devserver import serve

    serve(model=model, host=host, port=port, parallel=parallel, threads=threads)


@app.command()
@_friendly
def validate(job_file: JobFile) -> None:
    """Check a job file (keys, values, inputs) without running it."""
    job = load_config(job_file)
    inputs = resolve_inputs(job)
    out.print(f"{job_file}: valid job '{job.job.name}', {len(inputs)} input(s):")
    for path in inputs:
        out.print(f"  {path}")


@app.command()
@_friendly
def report(
    folder: Annotated[
        Path, typer.Argument(help="A run's dated folder, e.g. out/nightly/2026-11-22.")
    ],
) -> None:
    """Rebuild a run's report.html from its manifest and Parquet files."""
    from persona_batch.jobs.run import build_report

    out.print(f"wrote {build_report(folder)}")


@app.command()
@_friendly
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
    _print_gate(result.manifest.get("gate", {}))


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
    _print_gate(result.gate)


def _print_gate(block: dict[str, Any]) -> None:
    """One line on what the gate checked and did (it never shows a value)."""
    if not block:
        return
    if not block.get("enabled", True):
        err.print(
            "[yellow]warning:[/] the gate is off ([gate] enabled = false): nothing was checked"
        )
        return
    checked = ", ".join(f"{n:,} {unit.replace('_', ' ')}" for unit, n in block["checked"].items())
    found = block.get("findings") or {}
    if found:
        what = ", ".join(f"{n} {family}" for family, n in found.items())
        out.print(
            f"Gate: checked {checked or 'nothing'}; redacted {what} (see pii_gate / gen_gate)."
        )
    else:
        out.print(f"Gate: checked {checked or 'nothing'}; nothing found.")


synthesise_app = typer.Typer(
    help="Synthetic datasets from a sensitive source: `synthesise` makes one, "
    "`synthesise validate` checks one.",
)
app.add_typer(synthesise_app, name="synthesise")


@synthesise_app.callback(invoke_without_command=True)
@_friendly
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
    from persona_batch.synthesise.job import run_synthesise

    if ctx.invoked_subcommand is not None:
        return
    job, path = _job(
        config,
        input_path,
        **{"generate.model": model, "synthesise.seed": seed, "anonymise.workers": workers},
    )
    target = output or job.output
    if target is None:
        raise typer.BadParameter("give --output OUT.parquet, or set output in the job file")
    result = run_synthesise(job.with_hosts(*host or ()), path, target, count)
    _print_synthesis(result)
    raise typer.Exit(result.exit_code)


@synthesise_app.command("validate")
@_friendly
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
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    config: ConfigOption = None,
    workers: WorkersOption = None,
) -> None:
    """Check a synthetic file against its original: schema, distributions, PII, copies; exit 0 or 5."""
    from persona_batch.synthesise.job import run_validate

    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")
    job = with_overrides(load_config(config), **{"anonymise.workers": workers})
    validation = run_validate(job, original, synthetic)
    if fmt == "json":
        sys.stdout.write(validation.model_dump_json(indent=2) + "\n")
    else:
        _print_validation(validation, synthetic)
    raise typer.Exit(validation.exit_code)


def _print_synthesis(result: SynthesiseResult) -> None:
    c = result.connection
    out.print(f"Model: {c.model.name} ({c.reason}) on {', '.join(c.hosts)}")
    for skipped in c.skipped:
        err.print(f"[yellow]warning:[/] not using {skipped}")
    counts = result.manifest["counts"]
    out.print(
        f"{result.generated} of {result.requested} records -> {result.output} "
        f"({result.failed} failed, {result.resumed} resumed, "
        f"{counts['completion_tokens']} completion tokens)"
    )
    _print_validation(result.validation, result.output)
    _print_gate(result.manifest.get("gate", {}))
    for reason, n in sorted(result.errors.items()):
        err.print(f"[red]{n} failed:[/] {reason}")


def _print_validation(validation: Validation, path: Path) -> None:
    verdict = "[green]passed[/]" if validation.passed else "[red]targets missed[/]"
    table = Table(title=f"Validation of {path.name}: {verdict}")
    for heading in ("check", "value", "target", "", "detail"):
        table.add_column(heading, justify="right" if heading == "value" else "left")
    marks = {True: "[green]pass[/]", False: "[red]FAIL[/]", None: ""}
    for row in validation.rows:
        table.add_row(row.name, row.shown, row.target or "-", marks[row.passed], row.detail)
    out.print(table)
