"""What a command prints and exits with when it is stopped (cli.common.friendly around
core.stopping.handle_signals): 143 for SIGTERM, 130 for Ctrl-C, one line each; a stage that
listens is told first, and the second signal stops at once. Real signals."""

from __future__ import annotations

import signal

import pytest
import typer
from typer.testing import CliRunner

from persona_batch.cli.common import friendly
from persona_batch.core import stopping
from persona_batch.core.errors import EXIT_INTERRUPTED, EXIT_TERMINATED

runner = CliRunner()
app = typer.Typer()


@app.command()
@friendly
def stop(signame: str, listen: bool = False) -> None:
    signum = getattr(signal, signame)
    if not listen:
        signal.raise_signal(signum)
        return
    with stopping.listening(lambda: None):
        signal.raise_signal(signum)  # asks the stage
        signal.raise_signal(signum)  # and now stops at once


@pytest.mark.parametrize(
    ("signame", "code", "line"),
    [
        ("SIGTERM", EXIT_TERMINATED, "stopped (SIGTERM): "),
        ("SIGINT", EXIT_INTERRUPTED, "interrupted: "),
    ],
)
def test_a_signal_is_one_line_and_its_exit_code(signame: str, code: int, line: str) -> None:
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    result = runner.invoke(app, [signame])
    assert result.exit_code == code
    assert f"{line}no output was written; run the same command again" in result.output
    assert "stopping:" not in result.output
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_a_listening_stage_is_told_first_and_the_second_signal_stops() -> None:
    result = runner.invoke(app, ["SIGTERM", "--listen"])
    assert result.exit_code == EXIT_TERMINATED
    told = "stopping: finishing the requests in flight (again to stop now)"
    assert result.output.index(told) < result.output.index("stopped (SIGTERM)")
    assert not stopping.requested()
