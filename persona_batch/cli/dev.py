"""``persona dev-server`` (a tiny Ollama-compatible server) and ``persona validate`` (check a job
file without running it)."""

from __future__ import annotations

from typing import Annotated

import typer

from persona_batch.cli.common import friendly, out
from persona_batch.cli.options import JobFile


@friendly
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


@friendly
def validate(job_file: JobFile) -> None:
    """Check a job file (keys, values, inputs) without running it."""
    from persona_batch.core.config import load_config, resolve_inputs

    job = load_config(job_file)
    inputs = resolve_inputs(job)
    out.print(f"{job_file}: valid job '{job.job.name}', {len(inputs)} input(s):")
    for path in inputs:
        out.print(f"  {path}")
