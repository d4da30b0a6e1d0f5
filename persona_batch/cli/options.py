"""The flags and arguments that several commands share (Typer ``Annotated`` types)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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

JobFile = Annotated[Path, typer.Argument(help="The job file, e.g. jobs/nightly.toml.")]
