"""The root ``persona`` app: its help, ``version``, and every command group registered in the
order ``persona --help`` lists them. Each group's module imports its stage only when it runs."""

from __future__ import annotations

import typer

from persona_batch import __version__
from persona_batch.cli import dev, export, generate, privacy, run, synthesise
from persona_batch.cli.common import out

app = typer.Typer(
    help="persona_batch: turn sensitive user research into personas, on your own machines.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(privacy.app, name="privacy")


@app.command()
def version() -> None:
    """Print the version."""
    out.print(f"persona_batch {__version__}")


app.command()(generate.generate)
app.command()(generate.score)
app.command()(run.run)
app.command("dev-server")(dev.dev_server)
app.command()(dev.validate)
app.command()(run.report)
app.command()(export.export)

app.add_typer(synthesise.app, name="synthesise")
