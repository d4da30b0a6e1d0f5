"""The model runtime behind the dev server: llama.cpp's engine via xllamacpp, imported lazily."""

from __future__ import annotations

import importlib
import json
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, Protocol

from persona_batch.core.errors import ModelError
from persona_batch.servers.devserver.model import INSTALL_HINT, ModelCard

ChunkCallback = Callable[[Mapping[str, Any]], bool]
"""Gets each chunk (OpenAI-style, or ``{"error": ...}``); returns True to stop generating."""


class Engine(Protocol):
    """What the HTTP layer needs from a model runtime (xllamacpp, or a stub in tests)."""

    def generate(
        self, kind: Literal["chat", "completion"], request: dict[str, Any], on_chunk: ChunkCallback
    ) -> None:
        """Stream one generation; raise ValueError for a request the runtime refuses."""

    def describe(self, card: ModelCard) -> ModelCard:
        """``card`` completed with what the loaded model reports (template, sizes)."""

    def close(self) -> None:
        """Free the model."""


def _import_xllamacpp() -> ModuleType:
    try:
        return importlib.import_module("xllamacpp")
    except ImportError:
        raise ModelError(
            f"the dev server needs xllamacpp, which is not installed: {INSTALL_HINT}"
        ) from None


class LlamaEngine:
    """llama.cpp's server engine, in process, through xllamacpp."""

    def __init__(
        self, path: Path, *, parallel: int, threads: int, num_ctx: int, verbose: bool = False
    ) -> None:
        xlc = _import_xllamacpp()
        params = xlc.CommonParams()
        params.model.path = str(path)
        params.n_parallel = parallel
        params.n_ctx = num_ctx * parallel  # llama.cpp splits it between the slots
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        # No busy-waiting between decode steps: with 2 threads on a 2-core machine that other
        # processes also use, spinning threads starve each other (measured: 2 slots x 2 threads
        # gave ~85 tokens/s with llama.cpp's default polling, ~110 without).
        params.cpuparams.poll = 0
        params.cpuparams_batch.poll = 0
        params.n_threads_http = 1  # its own HTTP server is only read once, for the metadata
        params.verbosity = 3 if verbose else 0
        try:
            self._server: Any = xlc.Server(params)
        except Exception as exc:
            raise ModelError(f"llama.cpp could not load {path.name}: {exc}") from None

    def generate(
        self, kind: Literal["chat", "completion"], request: dict[str, Any], on_chunk: ChunkCallback
    ) -> None:
        server = self._server
        if server is None:
            raise RuntimeError("the engine is closed")
        handler = server.handle_chat_completions if kind == "chat" else server.handle_completions
        result = handler({**request, "stream": True}, on_chunk)
        if isinstance(result, Mapping) and "error" in result:
            on_chunk(result)

    def describe(self, card: ModelCard) -> ModelCard:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
        try:
            base = str(self._server.listening_address)
            with opener.open(f"{base}/props", timeout=5) as response:
                props = json.load(response)
            with opener.open(f"{base}/v1/models", timeout=5) as response:
                meta = json.load(response)["data"][0]["meta"]
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return card
        count = int(meta.get("n_params") or card.parameter_count)
        return replace(
            card,
            template=str(props.get("chat_template") or card.template),
            quantization_level=str(props.get("model_ftype") or card.quantization_level),
            context_length=int(meta.get("n_ctx_train") or card.context_length),
            parameter_count=count,
            parameter_size=f"{round(count / 1e6)}M" if count < 1e9 else f"{count / 1e9:.1f}B",
            embedding_length=int(meta.get("n_embd") or card.embedding_length),
        )

    def close(self) -> None:
        self._server = None  # xllamacpp stops its loop and frees the model when collected
