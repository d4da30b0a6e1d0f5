"""Servers that speak Ollama's HTTP API: :mod:`.devserver` (``persona dev-server``, a real tiny
model for tests and demos) and :mod:`.wire`, the HTTP side it shares with the tests' fake server
(:mod:`persona_batch.testing.fake_ollama`).

The names below load on first use, so importing this package loads neither the dev server nor
the ``ollama`` types its wire checks replies with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:  # what type checkers and readers see
    from persona_batch.servers.devserver import MODEL_NAME, DevServer, serve

__all__ = ["MODEL_NAME", "DevServer", "serve"]
__getattr__ = exports(__name__, {"devserver": ["MODEL_NAME", "DevServer", "serve"]})
