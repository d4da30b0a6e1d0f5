"""Test helpers for persona_batch (fake services, fixtures): :mod:`.fake_ollama`, a scripted
Ollama server, and :mod:`.dask_cluster`, a local Dask scheduler and workers in subprocesses.

The names below load on first use, so importing this package starts or loads neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:  # what type checkers and readers see
    from persona_batch.testing.dask_cluster import LocalCluster, free_port
    from persona_batch.testing.fake_ollama import FakeOllama

__all__ = ["FakeOllama", "LocalCluster", "free_port"]
__getattr__ = exports(
    __name__,
    {"fake_ollama": ["FakeOllama"], "dask_cluster": ["LocalCluster", "free_port"]},
)
