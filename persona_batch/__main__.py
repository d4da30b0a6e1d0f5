"""``python -m persona_batch`` runs the ``persona`` command."""

from persona_batch.cli import app

app()
