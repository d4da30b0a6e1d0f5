"""Progress bars on a terminal, silence in CI and in pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class Advance(Protocol):
    def __call__(self, rows: int) -> None: ...


def interactive() -> bool:
    """True on a terminal outside CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Advance]:
    """Yields ``advance(rows)``; draws a bar only when someone is watching."""
    if not interactive():
        yield lambda rows: None
        return
    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)
        yield lambda rows: bar.advance(task, rows)
