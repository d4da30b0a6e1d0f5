"""What every command shares: the two consoles, errors and signals to one line and an exit code,
the job file plus its flag overrides, and the lines several commands print (the model and hosts,
the failures, the gate's one-line summary)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from persona_batch.cli.options import OVERRIDES
from persona_batch.core import stopping
from persona_batch.core.errors import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    PersonaBatchError,
    Terminated,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from persona_batch.core.config import JobConfig
    from persona_batch.core.manifest import GateBlock, MergedGateBlock
    from persona_batch.llm.requests import Connection

out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def friendly(command: F) -> F:
    """Turn our errors into one red line and their exit code; SIGTERM and Ctrl-C stop the
    command (:func:`persona_batch.core.stopping.handle_signals`) with 143 and 130."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with stopping.handle_signals(on_stopping=_say_stopping):
            try:
                return command(*args, **kwargs)
            except PersonaBatchError as exc:
                err.print(
                    f"[bold red]error:[/] {escape(exc.message)}", highlight=False, soft_wrap=True
                )
                raise typer.Exit(exc.exit_code) from None
            except Terminated:
                err.print(f"[yellow]stopped (SIGTERM): {_RESUME}[/]")
                raise typer.Exit(EXIT_TERMINATED) from None
            except KeyboardInterrupt:
                err.print(f"[yellow]interrupted: {_RESUME}[/]")
                raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


_RESUME = "no output was written; run the same command again to go on (finished requests are kept)"


def _say_stopping() -> None:
    err.print("[yellow]stopping: finishing the requests in flight (again to stop now)[/]")


def load_job(config: Path | None, **flags: Any) -> JobConfig:
    """The job file (the defaults with none) with the flags given overriding it: each flag by
    its parameter's name, mapped to its setting by :data:`~persona_batch.cli.options.OVERRIDES`;
    ``None`` or an empty list means "not given"."""
    overrides = {OVERRIDES[name]: value for name, value in flags.items() if value != []}
    from persona_batch.core.config import load_config, with_overrides  # pydantic: ~0.1 s

    return with_overrides(load_config(config), **overrides)


def check_format(fmt: str) -> None:
    """``--format`` of a command that prints a table or JSON."""
    if fmt not in {"table", "json"}:
        raise typer.BadParameter("--format must be table or json")


def print_connection(connection: Connection) -> None:
    """The model chosen, where it runs, and the hosts left out."""
    c = connection
    out.print(f"Model: {c.model.name} ({c.reason}) on {', '.join(c.hosts)}")
    for skipped in c.skipped:
        err.print(f"[yellow]warning:[/] not using {skipped}")


def print_failures(errors: Mapping[str, int]) -> None:
    """One red line per reason requests failed, with how many did."""
    for reason, count in sorted(errors.items()):
        err.print(f"[red]{count} failed:[/] {reason}")


def print_gate(block: GateBlock | MergedGateBlock | None) -> None:
    """One line on what the gate checked and did (it never shows a value)."""
    if block is None:
        return
    if not block.enabled:
        err.print(
            "[yellow]warning:[/] the gate is off ([gate] enabled = false): nothing was checked"
        )
        return
    checked = ", ".join(f"{n:,} {unit.replace('_', ' ')}" for unit, n in block.checked.items())
    if block.findings:
        what = ", ".join(f"{n} {family}" for family, n in block.findings.items())
        out.print(
            f"Gate: checked {checked or 'nothing'}; redacted {what} (see pii_gate / gen_gate)."
        )
    else:
        out.print(f"Gate: checked {checked or 'nothing'}; nothing found.")
