"""What every command shares: the two consoles, errors and signals to one line and an exit code,
the job file plus its flag overrides, and the gate's one-line summary."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from persona_batch.core import stopping
from persona_batch.core.config import JobConfig, load_config, with_overrides
from persona_batch.core.errors import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    PersonaBatchError,
    Terminated,
)

out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def engine_overrides(backend: str | None, scheduler: str | None) -> dict[str, Any]:
    """The ``[engine]`` overrides of ``--backend`` and ``--scheduler``."""
    return {"engine.backend": backend, "engine.scheduler": scheduler}


def friendly(command: F) -> F:
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


def load_job(
    config: Path | None, input_path: Path | None, **overrides: Any
) -> tuple[JobConfig, Path]:
    job = with_overrides(load_config(config), **overrides)
    path = input_path or job.input.path
    if path is None:
        raise typer.BadParameter("give --input FILE, or set [input] path in the job file")
    return job, path


def print_gate(block: dict[str, Any]) -> None:
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
