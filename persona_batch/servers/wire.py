"""The HTTP side of a server that speaks Ollama's API, shared by the two this project has.

:mod:`persona_batch.servers.devserver` answers with a real small model, and
:mod:`persona_batch.testing.fake_ollama` with scripted replies for the tests. Both are a
:class:`LoopbackServer` with a handler built on :class:`OllamaHandler`: HTTP/1.1 with keep-alive,
request bodies with a length or chunked, JSON replies and NDJSON streams, and Ollama's shapes of
a chat or generate reply; both run as a :class:`BackgroundServer` (bind, serve from a daemon
thread, stop). What each answers, and how it records or logs, stays its own.

The replies are checked against the ``ollama`` client's own response models (only its types are
used here): a chat or generate reply is built as an :class:`ollama.ChatResponse` or
:class:`ollama.GenerateResponse` and dumped; the ``/api/tags``, ``/api/show`` and ``/api/ps``
replies stay the servers' dicts (see why below) and are parsed by the model, as the client does.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Final, Generic, Literal, Self, TypeVar, cast

import ollama

OLLAMA_VERSION: Final = "0.12.6"
"""The Ollama version both servers report (``/api/version``)."""


class HTTPError(Exception):
    """Answer the request with ``status`` and ``{"error": message}``, as Ollama does."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def iso(moment: datetime) -> str:
    """A time as Ollama writes it: UTC, microseconds, ``Z``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def reply_base(model: str) -> dict[str, Any]:
    """The fields every chat or generate reply line starts with."""
    return {"model": model, "created_at": iso(datetime.now(UTC))}


def reply_piece(endpoint: Literal["chat", "generate"], text: str) -> dict[str, Any]:
    """Generated ``text`` as ``/api/chat`` (a message) or ``/api/generate`` (a response) has it."""
    if endpoint == "chat":
        return {"message": {"role": "assistant", "content": text}}
    return {"response": text}


def generation_response(
    endpoint: Literal["chat", "generate"], model: str, text: str, fields: Mapping[str, Any]
) -> ollama.ChatResponse | ollama.GenerateResponse:
    """A chat or generate reply (or stream line) as the ``ollama`` client's own model: the
    :func:`reply_base` fields, ``text`` as :func:`reply_piece` has it, then ``fields`` (``done``,
    ``done_reason``, the counts and durations). Validated strictly: a field of the wrong type is a
    ``pydantic.ValidationError``."""
    line = {**reply_base(model), **reply_piece(endpoint, text), **fields}
    if endpoint == "chat":
        return ollama.ChatResponse.model_validate(line, strict=True)
    return ollama.GenerateResponse.model_validate(line, strict=True)


def generation_reply(
    endpoint: Literal["chat", "generate"], model: str, text: str, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """:func:`generation_response` as the JSON object sent: its fields that are set, in Ollama's
    order (model, created_at, the message or response, then ``fields`` in the order given; the
    model's own order differs). A key of ``fields`` the model does not know is a ``KeyError``
    rather than a field the client would drop."""
    response = generation_response(endpoint, model, text, fields)
    dumped = response.model_dump(mode="json", exclude_none=True)
    piece = "message" if endpoint == "chat" else "response"
    return {key: dumped[key] for key in ("model", "created_at", piece, *fields)}


# The three replies below stay dicts built by each server: dumped from the ollama models they would
# change. Pydantic writes a time without its ".000000" microseconds (the fake server's times always
# have them), and ListResponse.Model has no "name", which Ollama sends. Each is parsed by its model
# (leniently, as the client parses replies), so a field the client cannot read fails here.


def tags_reply(models: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``/api/tags`` reply listing ``models``, checked by :class:`ollama.ListResponse`."""
    reply = {"models": models}
    ollama.ListResponse.model_validate(reply)
    return reply


def show_reply(reply: dict[str, Any]) -> dict[str, Any]:
    """The ``/api/show`` reply, checked by :class:`ollama.ShowResponse`."""
    ollama.ShowResponse.model_validate(reply)
    return reply


def ps_reply(models: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``/api/ps`` reply listing the loaded ``models``, checked by
    :class:`ollama.ProcessResponse`."""
    reply = {"models": models}
    ollama.ProcessResponse.model_validate(reply)
    return reply


OwnerT = TypeVar("OwnerT")
"""What a server answers for (a ``DevServer``, a ``FakeOllama``): its handlers reach it as
:attr:`OllamaHandler.owner`."""


class LoopbackServer(ThreadingHTTPServer, Generic[OwnerT]):
    """A threading HTTP server for ``owner``, whose requests its :attr:`handler` answers. It
    skips the reverse DNS lookup, stays quiet about clients that hang up (``quiet``; other errors
    go to :meth:`report_error`) and keeps the open connections to close them on stop."""

    daemon_threads = True
    quiet: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)
    handler: ClassVar[type[BaseHTTPRequestHandler]]

    def __init__(self, address: tuple[str, int], owner: OwnerT) -> None:
        self.owner = owner
        self.connections: dict[threading.Thread, socket.socket] = {}
        """The open connections, by the handler thread that serves each (closed on stop)."""
        self.connections_lock = threading.Lock()
        super().__init__(address, self.handler)

    def track(self, connection: socket.socket, *, opened: bool) -> None:
        """Note that the calling handler thread opened (or closed) ``connection``."""
        with self.connections_lock:
            if opened:
                self.connections[threading.current_thread()] = connection
            else:
                self.connections.pop(threading.current_thread(), None)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can
        # stall for seconds on machines without DNS; it is not needed here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], self.quiet):
            self.report_error(request, client_address)

    def report_error(self, request: Any, client_address: Any) -> None:
        """An error escaped a handler: by default, the traceback on stderr."""
        super().handle_error(request, client_address)


class BackgroundServer:
    """The life cycle both servers share: :meth:`_serve` a bound :class:`LoopbackServer` from a
    daemon thread, :attr:`url` while it runs, :meth:`_shut_down` it; a context manager.

    A subclass sets :attr:`label` (its name in errors) and :attr:`thread_name`, and writes
    ``start`` (bind, then :meth:`_serve`) and ``stop`` (:meth:`_shut_down`, and its own clean-up)
    around them.
    """

    label: ClassVar[str] = "the server"
    thread_name: ClassVar[str] = "ollama-server"
    host: str
    port: int
    _http: LoopbackServer[Any] | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` once started."""
        if self._http is None:
            raise RuntimeError(f"{self.label} is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether it is serving (between ``start`` and ``stop``)."""
        return self._http is not None

    def start(self) -> Self:
        """Bind and serve; returns self."""
        raise NotImplementedError

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving."""
        raise NotImplementedError

    def _refuse_if_running(self) -> None:
        if self._http is not None:
            raise RuntimeError(f"{self.label} is already running")

    def _serve(self, http: LoopbackServer[Any]) -> None:
        """Serve ``http`` (just bound: its port is this server's from now on) from a daemon
        thread named ``thread_name-PORT``."""
        self.port = int(http.server_address[1])
        self._http = http
        self._thread = threading.Thread(
            target=http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{self.thread_name}-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def _shut_down(self, timeout: float) -> bool:
        """Stop accepting, shut the open connections, join the serving thread and the handlers'
        (within ``timeout`` in all); False when it was not running."""
        http, thread = self._http, self._thread
        if http is None:
            return False
        deadline = time.monotonic() + timeout
        http.shutdown()
        http.server_close()
        with http.connections_lock:
            connections = list(http.connections.items())
        for _, conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for joined in [thread, *(handler for handler, _ in connections)]:
            if joined is not None:
                joined.join(max(0.0, deadline - time.monotonic()))
        self._http = self._thread = None
        return True

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


ROUTES: Final[dict[str, dict[str, str]]] = {
    "GET": {"/": "root", "/api/version": "version", "/api/tags": "tags", "/api/ps": "ps"},
    "HEAD": {"/": "root", "/api/version": "version"},
    "POST": {"/api/show": "show", "/api/chat": "chat", "/api/generate": "generate"},
}
"""The paths both servers answer, by verb, and the endpoint each names: a handler answers
endpoint ``name`` with its method ``_name`` (see :meth:`OllamaHandler.routes`)."""


class OllamaHandler(BaseHTTPRequestHandler, Generic[OwnerT]):
    """Transport for Ollama's API: subclasses route requests and build the replies, for the
    :attr:`owner` of the :class:`LoopbackServer` that accepted the connection."""

    @property
    def owner(self) -> OwnerT:
        """What the server answers for (a ``DevServer``, a ``FakeOllama``)."""
        return cast(OwnerT, self._loopback().owner)

    def routes(self, verb: str) -> dict[str, Any]:
        """This handler's methods for :data:`ROUTES`' paths of ``verb`` (none for others)."""
        return {path: getattr(self, f"_{name}") for path, name in ROUTES.get(verb, {}).items()}

    protocol_version = "HTTP/1.1"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr logging: each server logs or records in its own way."""

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and
        # the client's delayed ACK add ~40 ms to every reply.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._loopback().track(self.connection, opened=True)  # to close it on stop

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._loopback().track(self.connection, opened=False)

    def _loopback(self) -> LoopbackServer[Any]:
        server = self.server
        assert isinstance(server, LoopbackServer)
        return server

    def _on_headers(self, status: int) -> None:
        """The status line and headers went out (a reply or a stream)."""

    def _read_body(self) -> bytes:
        """The request's body, sent with a ``Content-Length`` or chunked; ``ValueError`` when
        a chunk size is not a number."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while size := int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send_bytes(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self._on_headers(status)
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _start_stream(self) -> None:
        """Headers of a 200 NDJSON stream; then :meth:`_stream_line` each line, then
        :meth:`_end_stream`."""
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._on_headers(200)

    def _stream_line(self, obj: Any) -> None:
        data = json.dumps(obj).encode() + b"\n"
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")

    def _client_gone(self) -> bool:
        """True once the client closed its end (a readable socket with nothing to read)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True
