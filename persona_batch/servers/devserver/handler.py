"""The dev server's HTTP side: routes, the simple endpoints, the generations streamed."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

from persona_batch.servers.devserver.translation import Job, parse_job
from persona_batch.servers.wire import (
    OLLAMA_VERSION,
    HTTPError,
    LoopbackServer,
    OllamaHandler,
    generation_reply,
    ps_reply,
    show_reply,
    tags_reply,
)

if TYPE_CHECKING:  # the server owns its handlers; only its type is needed here
    from persona_batch.servers.devserver.server import DevServer  # noqa: F401 (in a quoted base)

BUSY_MESSAGE: Final = "server busy, please try again.  maximum pending requests exceeded"

_FOREVER: Final = "2318-01-01T00:00:00Z"  # what Ollama's /api/ps shows for keep_alive -1
_CLIENT_CHECK_S: Final = 0.25


class DevHandler(OllamaHandler["DevServer"]):
    """Answers one connection's requests for the :class:`DevServer` that owns the server."""

    server_version = "persona-devserver/1.0"
    # Requests are logged once each by _dispatch, through the owner's log.

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
        self._dispatch(self.routes("GET"))

    def do_HEAD(self) -> None:
        self._dispatch(self.routes("HEAD"))

    def do_POST(self) -> None:
        self._dispatch(self.routes("POST"))

    def _chat(self) -> None:
        self._generation("chat")

    def _generate(self) -> None:
        self._generation("generate")

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
        self._json(200, tags_reply([entry]))

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
        self._json(200, ps_reply([entry]))

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
            show_reply(
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
                }
            ),
        )

    # -- generation

    def _line(self, job: Job, text: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        return generation_reply(job.endpoint, job.model, text, fields)

    def _generation(self, endpoint: Literal["chat", "generate"]) -> None:
        started = time.perf_counter_ns()
        job = parse_job(self._body(), endpoint, self.owner.card, self.owner.cache_prompt)
        if job.empty:  # Ollama loads (or, with keep_alive 0, unloads) the model and says so
            reason = "unload" if job.unload else "load"
            reply = self._line(job, "", {"done_reason": reason, "done": True})
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

    def _run(self, job: Job, started_ns: int) -> None:
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
                        self._stream_line(self._line(job, text, {"done": False}))
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

    def _finish(self, job: Job, content: str, final: Mapping[str, Any], started_ns: int) -> None:
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
            self._stream_line(self._line(job, "", stats))
            self._end_stream()
        else:
            self._json(200, self._line(job, content, stats))


class DevHTTPServer(LoopbackServer["DevServer"]):
    """The HTTP server of a :class:`DevServer`."""

    request_queue_size = 128
    handler = DevHandler
