"""The ``persona`` command: flags in, a library call, a table out. No logic lives here.

One module per command group; :mod:`persona_batch.cli.main` builds the root app from them.
``persona = "persona_batch.cli:app"`` (pyproject.toml) and ``python -m persona_batch`` run it.
"""

from __future__ import annotations

from persona_batch.cli.main import app

__all__ = ["app"]
