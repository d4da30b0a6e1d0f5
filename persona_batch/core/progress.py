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
    def __call__(self, done: int, info: str = "") -> None: ...


def interactive() -> bool:
    """True on a terminal outside CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


_shown: Progress | None = None
"""The bars on screen now: a bar opened while another shows is added below it (rich draws one
live display at a time)."""


@contextmanager
def progress_bar(description: str, total: int | None, unit: str = "rows") -> Iterator[Advance]:
    """Yields ``advance(done, info="")``; draws a bar only when someone is watching.

    ``info`` is free text shown after the bar (rates, failures so far). Bars nest: one opened
    inside another (a batch's requests inside the run's rows) shows below it until it closes.
    """
    global _shown
    if not interactive():
        yield lambda done, info="": None
        return
    outer = _shown is None
    if _shown is None:
        _shown = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[info]}"),
            console=Console(stderr=True),
            transient=True,
        )
        _shown.start()
    bar = _shown
    task = bar.add_task(description, total=total, info="", unit=unit)

    def advance(done: int, info: str = "") -> None:
        bar.update(task, advance=done, info=info)

    try:
        yield advance
    finally:
        if outer:
            bar.stop()
            _shown = None
        else:
            bar.remove_task(task)
