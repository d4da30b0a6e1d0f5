"""The fake server's HTTP side: routes, request parsing, faults and the generated replies."""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import re
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from persona_batch.servers.wire import (
    HTTPError,
    LoopbackServer,
    OllamaHandler,
    generation_reply,
    ps_reply,
    show_reply,
    tags_reply,
)
from persona_batch.testing.fake_ollama.faults import (
    BUSY_MESSAGE,
    FAULT_DROP,
    FAULT_ERROR_500,
    FAULT_FAIL_503,
    FAULT_TIMEOUT,
    FAULT_TRUNCATE,
    RUNNER_ERROR_MESSAGE,
)
from persona_batch.testing.fake_ollama.keep_alive import parse_keep_alive
from persona_batch.testing.fake_ollama.models import ModelSpec, normalize_name
from persona_batch.testing.fake_ollama.records import POLL_S, AbortError, RequestRecord
from persona_batch.testing.fake_ollama.schema_values import SchemaError, generate_from_schema
from persona_batch.testing.fake_ollama.text import TOKEN_RE, WORDS, count_tokens, plain_text

if TYPE_CHECKING:  # the server owns its handlers; only its type is needed here
    from persona_batch.testing.fake_ollama.server import FakeOllama  # noqa: F401 (in a quoted base)

# Fake but deterministic timings, in nanoseconds.
_COLD_LOAD_NS: Final = 850_000_000
_WARM_LOAD_NS: Final = 12_000_000
_PROMPT_NS_PER_TOKEN: Final = 250_000
_EVAL_NS_PER_TOKEN: Final = 20_000_000

_PIECE_RE: Final = re.compile(r"\s*\S+|\s+")


@dataclass
class _Generation:
    endpoint: Literal["chat", "generate"]
    body: dict[str, Any]
    spec: ModelSpec
    stream: bool
    prompt_text: str
    default_content: str
    options: dict[str, Any]
    keep_alive: float | None


class FakeHandler(OllamaHandler["FakeOllama"]):
    """Answers one connection's requests for the :class:`FakeOllama` that owns the server."""

    server_version = "FakeOllama/1.0"

    # -- plumbing

    def _send_json(self, record: RequestRecord, status: int, obj: Any) -> None:
        payload = json.dumps(obj).encode()
        record.status = status
        self._send_bytes(status, payload, "application/json; charset=utf-8")

    def _send_text(self, record: RequestRecord, status: int, text: str) -> None:
        record.status = status
        self._send_bytes(status, text.encode(), "text/plain; charset=utf-8")

    def _wait(self, seconds: float) -> None:
        """Sleep, but raise AbortError as soon as the server stops or the client leaves."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            if self.owner._stop_event.wait(min(remaining, POLL_S)) or self._client_gone():
                raise AbortError

    def _begin(self, generation: bool = False) -> tuple[RequestRecord, bytes, Any, str | None]:
        path = self.path.split("?", 1)[0]
        body: Any = None
        error: str | None = None
        try:
            raw = self._read_body() if self.command in ("POST", "PUT", "DELETE") else b""
        except ValueError:
            raw, error = b"", "invalid request body framing"
            self.close_connection = True
        if error is not None:
            pass
        elif raw.strip():
            try:
                body = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                error = f"invalid JSON body: {exc}"
        elif self.command == "POST":
            error = "missing request body"
        record = self.owner._record(self.command, path, body, generation)
        return record, raw, body, error

    def _dispatch(
        self, routes: Mapping[str, Callable[[RequestRecord, Any, str | None], None]]
    ) -> None:
        path = self.path.split("?", 1)[0]
        route = routes.get(path)
        record, _, body, error = self._begin(generation=path in ("/api/chat", "/api/generate"))
        try:
            if route is None:
                self._send_text(record, 404, "404 page not found")
                return
            route(record, body, error)
        except HTTPError as exc:
            self._send_json(record, exc.status, {"error": exc.message})
        except AbortError:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            self.owner._record_error(traceback.format_exc())
            self.close_connection = True
            if record.status is None:
                with contextlib.suppress(OSError):
                    self._send_json(record, 500, {"error": "internal error in FakeOllama"})

    # -- HTTP verbs

    def do_GET(self) -> None:
        self._dispatch(self.routes("GET"))

    def do_HEAD(self) -> None:
        self._dispatch(self.routes("HEAD"))

    def do_POST(self) -> None:
        self._dispatch(self.routes("POST"))

    def do_DELETE(self) -> None:
        self._dispatch(self.routes("DELETE"))

    # -- simple endpoints

    def _root(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._send_text(record, 200, "Ollama is running")

    def _version(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._send_json(record, 200, {"version": self.owner.version})

    def _tags(self, record: RequestRecord, body: Any, error: str | None) -> None:
        models = [
            {
                "name": spec.name,
                "model": spec.name,
                "modified_at": spec.modified_at,
                "size": spec.size,
                "digest": spec.digest,
                "details": spec.details(),
            }
            for spec in list(self.owner.models.values())
        ]
        self._send_json(record, 200, tags_reply(models))

    def _ps(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._send_json(record, 200, ps_reply(self.owner._ps_entries()))

    def _find_model(self, body: Any, error: str | None) -> ModelSpec:
        if error is not None:
            raise HTTPError(400, error)
        if not isinstance(body, dict):
            raise HTTPError(400, "invalid request body: expected a JSON object")
        name = body.get("model") or body.get("name")
        if not isinstance(name, str) or not name:
            raise HTTPError(400, "model is required")
        spec = self.owner.models.get(normalize_name(name))
        if spec is None:
            raise HTTPError(404, f'model "{name}" not found, try pulling it first')
        return spec

    def _show(self, record: RequestRecord, body: Any, error: str | None) -> None:
        spec = self._find_model(body, error)
        arch = spec.family
        self._send_json(
            record,
            200,
            show_reply(
                {
                    "license": "",
                    "modelfile": (
                        '# Modelfile generated by "ollama show"\n'
                        f"FROM /root/.ollama/models/blobs/sha256-{spec.digest}\n"
                        'TEMPLATE "{{ .Prompt }}"\n'
                    ),
                    "parameters": "temperature 0.7\ntop_p 0.8",
                    "template": "{{ .Prompt }}",
                    "details": spec.details(),
                    "model_info": {
                        "general.architecture": arch,
                        "general.basename": spec.name.split(":", 1)[0],
                        "general.parameter_count": spec.parameter_count,
                        "general.quantization_version": 2,
                        f"{arch}.context_length": spec.context_length,
                        f"{arch}.embedding_length": 4096,
                        f"{arch}.block_count": 32,
                    },
                    "capabilities": list(spec.capabilities),
                    "modified_at": spec.modified_at,
                }
            ),
        )

    # -- generation

    def _chat(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._generation(record, body, error, "chat")

    def _generate(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._generation(record, body, error, "generate")

    def _generation(
        self,
        record: RequestRecord,
        body: Any,
        error: str | None,
        endpoint: Literal["chat", "generate"],
    ) -> None:
        fake = self.owner
        assert record.generation_index is not None
        fault = fake.planned_fault(record.generation_index)
        if fault == FAULT_DROP:
            record.fault = fault
            self.close_connection = True
            return
        if fault == FAULT_FAIL_503:
            record.fault = fault
            raise HTTPError(503, BUSY_MESSAGE)
        if fault == FAULT_ERROR_500:
            record.fault = fault
            raise HTTPError(500, RUNNER_ERROR_MESSAGE)

        job = self._prepare(body, error, endpoint)
        if not self._has_input(job):
            self._load_only(record, job)
            return
        if not fake._acquire_slot(self._client_gone):
            raise HTTPError(503, BUSY_MESSAGE)
        started = time.monotonic()
        try:
            if fault == FAULT_TIMEOUT:
                record.fault = fault
                self._wait(fake.hang_seconds)
            if fake.latency > 0:
                self._wait(fake.latency)
            content = self._content(job)
            done_reason = "stop"
            if fault == FAULT_TRUNCATE:
                record.fault = fault
                content, done_reason = content[: len(content) // 2], "length"
            else:
                content, done_reason = self._apply_limits(content, job.options)
            with fake._lock:  # counted before the reply goes out, so clients see it
                fake.total_generations += 1
            self._reply(record, job, content, done_reason, started)
        finally:
            fake._release_slot()

    @staticmethod
    def _has_input(job: _Generation) -> bool:
        if job.endpoint == "chat":
            return bool(job.body.get("messages"))
        return job.body.get("prompt") is not None and job.body.get("prompt") != ""

    def _prepare(
        self, body: Any, error: str | None, endpoint: Literal["chat", "generate"]
    ) -> _Generation:
        spec = self._find_model(body, error)
        assert isinstance(body, dict)
        options = body.get("options") or {}
        if not isinstance(options, dict):
            raise HTTPError(400, "options must be a JSON object")
        stream = body.get("stream", True)
        if not isinstance(stream, bool):
            raise HTTPError(400, "stream must be a boolean")
        try:
            keep_alive = parse_keep_alive(body.get("keep_alive"))
        except ValueError as exc:
            raise HTTPError(400, str(exc)) from None
        if endpoint == "chat":
            messages = body.get("messages") or []
            if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
                raise HTTPError(400, "messages must be an array of objects")
            parts = [str(m.get("content") or "") for m in messages]
            key: Any = [[m.get("role"), m.get("content")] for m in messages]
        else:
            prompt = body.get("prompt") or ""
            system = body.get("system") or ""
            if not isinstance(prompt, str) or not isinstance(system, str):
                raise HTTPError(400, "prompt and system must be strings")
            parts = [p for p in (system, prompt) if p]
            key = [system, prompt]
        digest = hashlib.sha256(
            json.dumps(
                {"model": spec.name, "prompt": key, "seed": options.get("seed")},
                sort_keys=True,
                default=str,
            ).encode()
        ).digest()
        rng = random.Random(int.from_bytes(digest[:16], "big"))
        fmt = body.get("format")
        if fmt is None or fmt == "":
            content = plain_text(rng)
        elif fmt == "json":
            content = json.dumps(
                {
                    "answer": " ".join(rng.choice(WORDS) for _ in range(3)),
                    "score": rng.randint(1, 10),
                }
            )
        elif isinstance(fmt, dict):
            try:
                content = json.dumps(generate_from_schema(fmt, rng))
            except SchemaError as exc:
                raise HTTPError(400, f"invalid JSON schema in format: {exc}") from None
        else:
            raise HTTPError(400, 'invalid format: expected "json" or a valid JSON schema')
        return _Generation(
            endpoint=endpoint,
            body=body,
            spec=spec,
            stream=stream,
            prompt_text="\n".join(parts),
            default_content=content,
            options=options,
            keep_alive=keep_alive,
        )

    def _content(self, job: _Generation) -> str:
        responder = self.owner.responder
        if responder is None:
            return job.default_content
        try:
            content = responder(job.body)
        except Exception as exc:
            self.owner._record_error(traceback.format_exc())
            raise HTTPError(500, f"responder failed: {exc!r}") from None
        if content is None:
            return job.default_content
        if not isinstance(content, str):
            raise HTTPError(500, f"responder returned {type(content).__name__}, not str")
        return content

    @staticmethod
    def _apply_limits(content: str, options: Mapping[str, Any]) -> tuple[str, str]:
        done_reason = "stop"
        stops = options.get("stop")
        if isinstance(stops, str):
            stops = [stops]
        if isinstance(stops, list):
            cuts = [content.find(s) for s in stops if isinstance(s, str) and s]
            cuts = [c for c in cuts if c >= 0]
            if cuts:
                content = content[: min(cuts)]
        limit = options.get("num_predict")
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            tokens = list(TOKEN_RE.finditer(content))
            if len(tokens) > limit:
                content, done_reason = content[: tokens[limit - 1].end()], "length"
        return content, done_reason

    def _line(self, job: _Generation, text: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        return generation_reply(job.endpoint, job.spec.name, text, fields)

    def _load_only(self, record: RequestRecord, job: _Generation) -> None:
        """Empty prompt/messages: Ollama just loads (or, with keep_alive 0, unloads)."""
        context = self._context_size(job)
        self.owner._touch_model(job.spec.name, job.keep_alive, context)
        reason = "unload" if job.keep_alive == 0 else "load"
        reply = self._line(job, "", {"done_reason": reason, "done": True})
        if job.stream:
            self._send_stream(record, [reply])
        else:
            self._send_json(record, 200, reply)

    def _context_size(self, job: _Generation) -> int:
        num_ctx = job.options.get("num_ctx")
        if isinstance(num_ctx, int) and num_ctx > 0:
            return min(num_ctx, job.spec.context_length)
        return min(4096, job.spec.context_length)

    def _reply(
        self,
        record: RequestRecord,
        job: _Generation,
        content: str,
        done_reason: str,
        started: float,
    ) -> None:
        context = self._context_size(job)
        warm = self.owner._touch_model(job.spec.name, job.keep_alive, context)
        prompt_tokens = min(count_tokens(job.prompt_text), context)
        eval_tokens = count_tokens(content)
        load_ns = _WARM_LOAD_NS if warm else _COLD_LOAD_NS
        prompt_ns = prompt_tokens * _PROMPT_NS_PER_TOKEN
        eval_ns = eval_tokens * _EVAL_NS_PER_TOKEN
        waited_ns = int((time.monotonic() - started) * 1e9)
        stats = {
            "done_reason": done_reason,
            "done": True,
            "total_duration": load_ns + prompt_ns + eval_ns + waited_ns,
            "load_duration": load_ns,
            "prompt_eval_count": prompt_tokens,
            "prompt_eval_duration": prompt_ns,
            "eval_count": eval_tokens,
            "eval_duration": eval_ns,
        }
        if not job.stream:
            self._send_json(record, 200, self._line(job, content, stats))
            return
        lines = [self._line(job, piece, {"done": False}) for piece in _PIECE_RE.findall(content)]
        lines.append(self._line(job, "", stats))
        self._send_stream(record, lines)

    def _send_stream(self, record: RequestRecord, lines: Iterable[dict[str, Any]]) -> None:
        self._start_stream()
        record.status = 200
        for line in lines:
            self._stream_line(line)
        self._end_stream()


class FakeHTTPServer(LoopbackServer["FakeOllama"]):
    """The HTTP server of a :class:`FakeOllama`; unexpected errors go to its ``errors``."""

    request_queue_size = 1024
    quiet = (ConnectionError, TimeoutError, AbortError)
    handler = FakeHandler

    def report_error(self, request: Any, client_address: Any) -> None:
        self.owner._record_error(traceback.format_exc())
