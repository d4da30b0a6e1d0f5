"""The life cycle both Ollama-speaking servers share (servers.wire.BackgroundServer): bind, serve
from a daemon thread, close the open connections and join the threads on stop, start again on
the same port. A bare server with one route, over real sockets."""

from __future__ import annotations

import http.client
import threading
from typing import Self

import pytest

from persona_batch.servers.wire import BackgroundServer, LoopbackServer, OllamaHandler


class _Handler(OllamaHandler["_Server"]):
    def do_GET(self) -> None:
        assert isinstance(self.owner, _Server)  # what the server answers for
        self._send_bytes(200, b"Ollama is running", "text/plain; charset=utf-8")


class _Http(LoopbackServer["_Server"]):
    handler = _Handler


class _Server(BackgroundServer):
    label = "the test server"
    thread_name = "test-server"

    def __init__(self) -> None:
        self.host, self.port = "127.0.0.1", 0
        self.stopped = 0

    def start(self) -> Self:
        self._refuse_if_running()
        self._serve(_Http((self.host, self.port), self))
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self.stopped += self._shut_down(timeout)


def _get(conn: http.client.HTTPConnection) -> bytes:
    conn.request("GET", "/")
    return conn.getresponse().read()


def test_it_serves_then_closes_kept_alive_connections_and_joins_its_threads() -> None:
    server = _Server()
    with pytest.raises(RuntimeError, match="the test server is not running"):
        _ = server.url
    with server:
        assert server.running and server.port != 0
        serving = [t for t in threading.enumerate() if t.name == f"test-server-{server.port}"]
        assert len(serving) == 1 and serving[0].daemon
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        assert _get(conn) == b"Ollama is running"  # the connection stays open (keep-alive)
        assert server._http is not None
        with server._http.connections_lock:
            handlers = list(server._http.connections)
        assert len(handlers) == 1 and handlers[0].is_alive()
        with pytest.raises(RuntimeError, match="the test server is already running"):
            server.start()
    assert not server.running and server.stopped == 1
    assert not serving[0].is_alive() and not handlers[0].is_alive()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        _get(conn)  # the server shut it
    server.stop()  # stopping a stopped server does nothing
    assert server.stopped == 1


def test_it_starts_again_on_the_same_port() -> None:
    server = _Server().start()
    port = server.port
    server.stop()
    with server:
        assert server.port == port and server.url == f"http://127.0.0.1:{port}"
        assert (
            _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5)) == b"Ollama is running"
        )
