"""Talking to the model hosts: the official ``ollama`` client (:mod:`~persona_batch.llm.client`),
the concurrent retrying generator (:mod:`~persona_batch.llm.generator`) and the journalled
request runner with the host connection (:mod:`~persona_batch.llm.requests`).

The ``ollama`` package is imported only here (and, for its reply types, by the servers).
"""

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:
    from persona_batch.llm.generator import Generator, Outcome
    from persona_batch.llm.requests import Connection, RequestRunner, connect

__all__ = ["Connection", "Generator", "Outcome", "RequestRunner", "connect"]
__getattr__ = exports(
    __name__,
    {"generator": ["Generator", "Outcome"], "requests": ["Connection", "RequestRunner", "connect"]},
)
