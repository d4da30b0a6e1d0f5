"""The flags and arguments that several commands share, and the job setting each flag overrides.

The flags are Typer ``Annotated`` types; :data:`OVERRIDES` maps each flag to its setting, once
for every command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Final

import typer

OVERRIDES: Final[dict[str, str]] = {
    "input_path": "input.path",
    "output": "output",
    "strategy": "anonymise.strategy",
    "workers": "anonymise.workers",
    "batch_rows": "anonymise.batch_rows",
    "backend": "engine.backend",
    "scheduler": "engine.scheduler",
    "provider": "generate.provider",
    "model": "generate.model",
    "host": "generate.hosts",
    "anonymise_input": "generate.anonymise",
    "group_by": "generate.group_by",
    "per_group": "generate.per_group",
    "concurrency": "generate.concurrency",
    "draft_model": "generate.draft_model",
    "refine_model": "generate.refine_model",
    "refine_below": "generate.refine_below",
    "judge_model": "judge.model",
    "preset": "score.preset",
    "seed": "synthesise.seed",
}
"""A command's parameter (its flag) -> the dotted job setting it overrides (see
:func:`persona_batch.cli.common.load_job`)."""

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

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]

JobFile = Annotated[Path, typer.Argument(help="The job file, e.g. jobs/nightly.toml.")]
