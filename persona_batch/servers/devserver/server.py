"""The dev server itself: its settings, life cycle, and ``serve`` for ``persona dev-server``."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Final, Self

from persona_batch.core.errors import ConfigError, PersonaBatchError
from persona_batch.servers.devserver.engine import Engine, LlamaEngine
from persona_batch.servers.devserver.handler import DevHTTPServer
from persona_batch.servers.devserver.model import ModelCard, resolve_model
from persona_batch.servers.wire import BackgroundServer

STARTUP_NOTICE: Final = (
    "persona_batch dev server: an Ollama-compatible server running SmolLM2-135M, a tiny model, "
    "for tests and demos only. Its personas are placeholders, not research: production runs "
    "use Ollama with a larger model."
)


def default_threads(parallel: int) -> int:
    """One thread per slot, at most one per core."""
    return max(1, min(parallel, os.cpu_count() or 1))


class DevServer(BackgroundServer):
    """The dev server in a background thread; a context manager. See the package docstring.

    ``num_ctx`` is each slot's context; ``cache_prompt`` reuses a cached prompt prefix (faster,
    but see the package docstring on determinism); ``verbose`` lets llama.cpp log to stderr.
    ``engine`` and ``card`` replace llama.cpp and the packaged model (tests of the HTTP layer pass
    a stub); ``log`` gets one line per request and any internal error (default: silent).
    """

    label = "the dev server"
    thread_name = "persona-devserver"

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

    # -- life cycle

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

    def start(self) -> Self:
        """Load the model (unless an engine was given), bind, and serve in a daemon thread."""
        self._refuse_if_running()
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
            http = DevHTTPServer((self.host, self.port), self)
        except OSError as exc:
            self._close_engine()
            raise PersonaBatchError(
                f"the dev server cannot listen on {self.host}:{self.port} ({exc.strerror}); "
                "is Ollama or another dev server running there? Choose another --port"
            ) from None
        self._stopping.clear()
        self._serve(http)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving: cut running generations short, close connections, free the model."""
        if self._http is None:
            return
        self._stopping.set()
        self._shut_down(timeout)
        deadline = time.monotonic() + timeout
        while self._in_flight and time.monotonic() < deadline:
            time.sleep(0.02)
        self._close_engine()

    def _close_engine(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()

    # -- used by the handlers

    def _log(self, message: str) -> None:
        if self._log_sink is not None:
            self._log_sink(message)

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
