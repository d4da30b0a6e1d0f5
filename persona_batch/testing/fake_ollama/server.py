"""The fake Ollama server: its settings, faults plan, life cycle and what it observed."""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from persona_batch.servers.wire import OLLAMA_VERSION, BackgroundServer, iso
from persona_batch.testing.fake_ollama.faults import (
    FAULT_DROP,
    FAULT_ERROR_500,
    FAULT_FAIL_503,
    FAULT_TIMEOUT,
    FAULT_TRUNCATE,
    FAULTS,
)
from persona_batch.testing.fake_ollama.handler import FakeHTTPServer
from persona_batch.testing.fake_ollama.keep_alive import FOREVER
from persona_batch.testing.fake_ollama.models import ModelSpec, normalize_name
from persona_batch.testing.fake_ollama.records import POLL_S, AbortError, RequestRecord

Responder = Callable[[dict[str, Any]], str | None]
"""Gets a chat/generate request's JSON body; returns the reply content or ``None``."""


class FakeOllama(BackgroundServer):
    """A fake Ollama server; see the package docstring for usage.

    Attributes that may be changed at run time: ``latency``, ``slots``, ``max_queue``,
    ``hang_seconds``, ``seed``, the ``*_rate`` fault rates, ``fault_schedule``,
    ``responder``, ``models`` (a dict name -> :class:`ModelSpec`) and ``version``.
    """

    label = "FakeOllama"
    thread_name = "fake-ollama"

    def __init__(
        self,
        models: Iterable[str | ModelSpec] = ("qwen2.5:7b", "llama3.2:3b"),
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        slots: int = 4,
        max_queue: int = 512,
        seed: int = 0,
        fail_503_rate: float = 0.0,
        error_500_rate: float = 0.0,
        timeout_rate: float = 0.0,
        drop_rate: float = 0.0,
        truncate_rate: float = 0.0,
        hang_seconds: float = 10.0,
        fault_schedule: Mapping[int, str | None] | None = None,
        responder: Responder | None = None,
        version: str = OLLAMA_VERSION,
    ) -> None:
        self.models: dict[str, ModelSpec] = {}
        for model in models:
            spec = ModelSpec.from_name(model) if isinstance(model, str) else model
            spec = dataclasses.replace(spec, name=normalize_name(spec.name))
            self.models[spec.name] = spec
        self.host = host
        self.port = port
        self.latency = latency
        self.slots = slots
        self.max_queue = max_queue
        self.seed = seed
        self.fail_503_rate = fail_503_rate
        self.error_500_rate = error_500_rate
        self.timeout_rate = timeout_rate
        self.drop_rate = drop_rate
        self.truncate_rate = truncate_rate
        self.hang_seconds = hang_seconds
        self.fault_schedule: dict[int, str | None] = dict(fault_schedule or {})
        self.responder = responder
        self.version = version
        self._check_settings()

        self.max_in_flight = 0
        """Most generations observed running at once."""
        self.total_generations = 0
        """Generations completed (counted as their reply starts; truncated ones too)."""
        self.errors: list[str] = []
        """Tracebacks of unexpected exceptions in handlers (should stay empty)."""

        self._lock = threading.Lock()
        self._slot_cond = threading.Condition(self._lock)
        self._in_flight = 0
        self._waiting = 0
        self._records: list[RequestRecord] = []
        self._generation_counter = 0
        self._loaded: dict[str, tuple[datetime, int]] = {}
        self._stop_event = threading.Event()

    # -- settings

    def _check_settings(self) -> None:
        rates = (
            self.fail_503_rate,
            self.error_500_rate,
            self.timeout_rate,
            self.drop_rate,
            self.truncate_rate,
        )
        if any(not 0.0 <= rate <= 1.0 for rate in rates) or sum(rates) > 1.0 + 1e-9:
            raise ValueError("fault rates must be in [0, 1] and sum to at most 1")
        if self.slots < 1:
            raise ValueError("slots must be >= 1")
        if self.max_queue < 0 or self.latency < 0 or self.hang_seconds < 0:
            raise ValueError("max_queue, latency and hang_seconds must be >= 0")
        unknown = {f for f in self.fault_schedule.values() if f is not None and f not in FAULTS}
        if unknown:
            raise ValueError(f"unknown fault names {sorted(unknown)}; known: {FAULTS}")

    def planned_fault(self, index: int) -> str | None:
        """The fault generation request ``index`` gets (schedule first, then the rates)."""
        if index in self.fault_schedule:
            fault = self.fault_schedule[index]
            if fault is not None and fault not in FAULTS:
                raise ValueError(f"unknown fault name {fault!r}")
            return fault
        draw = random.Random(f"{self.seed}:{index}").random()
        threshold = 0.0
        for fault, rate in (
            (FAULT_FAIL_503, self.fail_503_rate),
            (FAULT_ERROR_500, self.error_500_rate),
            (FAULT_TIMEOUT, self.timeout_rate),
            (FAULT_DROP, self.drop_rate),
            (FAULT_TRUNCATE, self.truncate_rate),
        ):
            threshold += rate
            if draw < threshold:
                return fault
        return None

    # -- life cycle

    def start(self) -> Self:
        """Bind and serve in a daemon thread; returns self.

        ``port=0`` picks a free port; after :meth:`stop`, ``start()`` binds the same port
        again (a restarted Ollama).
        """
        self._refuse_if_running()
        self._stop_event.clear()
        self._serve(FakeHTTPServer((self.host, self.port), self))
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving: release waiting handlers, close connections, join threads."""
        if self._http is None:
            return
        self._stop_event.set()
        with self._slot_cond:
            self._slot_cond.notify_all()
        self._shut_down(timeout)

    # -- observations

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of every request recorded so far, in arrival order."""
        with self._lock:
            return list(self._records)

    @property
    def in_flight(self) -> int:
        """Generations running now."""
        with self._lock:
            return self._in_flight

    @property
    def queued(self) -> int:
        """Generations waiting for a slot now."""
        with self._lock:
            return self._waiting

    @property
    def generation_count(self) -> int:
        """How many /api/chat + /api/generate requests arrived (the next fault index)."""
        with self._lock:
            return self._generation_counter

    def loaded_models(self) -> list[str]:
        """Models /api/ps reports as loaded."""
        return [entry["name"] for entry in self._ps_entries()]

    def reset(self) -> None:
        """Forget records, counters, loaded models; restart the fault index at 0."""
        with self._lock:
            self._records.clear()
            self._generation_counter = 0
            self._loaded.clear()
            self.max_in_flight = 0
            self.total_generations = 0
            self.errors.clear()

    # -- internals used by the handler

    def _record(self, method: str, path: str, body: Any, generation: bool) -> RequestRecord:
        with self._lock:
            record = RequestRecord(
                index=len(self._records),
                method=method,
                path=path,
                body=body,
                timestamp=time.time(),
            )
            if generation:
                record.generation_index = self._generation_counter
                self._generation_counter += 1
            self._records.append(record)
        return record

    def _acquire_slot(self, client_gone: Callable[[], bool]) -> bool:
        """Wait for a slot.  False when the queue is full; raises AbortError on stop."""
        with self._slot_cond:
            if self._in_flight + self._waiting >= self.slots + self.max_queue:
                return False
            self._waiting += 1
            try:
                while self._in_flight >= self.slots:
                    if self._stop_event.is_set() or client_gone():
                        raise AbortError
                    self._slot_cond.wait(POLL_S)
                if self._stop_event.is_set():
                    raise AbortError
            finally:
                self._waiting -= 1
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            return True

    def _release_slot(self) -> None:
        with self._slot_cond:
            self._in_flight -= 1
            self._slot_cond.notify_all()

    def _touch_model(self, name: str, keep_alive: float | None, context: int) -> bool:
        """Mark a model used; return True if it was already loaded (warm)."""
        now = datetime.now(UTC)
        with self._lock:
            entry = self._loaded.get(name)
            warm = entry is not None and entry[0] > now
            if keep_alive == 0:
                self._loaded.pop(name, None)
            else:
                expires = FOREVER if keep_alive is None else now + timedelta(seconds=keep_alive)
                self._loaded[name] = (expires, context)
        return warm

    def _ps_entries(self) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        with self._lock:
            loaded = [(n, e) for n, e in self._loaded.items() if e[0] > now]
        entries = []
        for name, (expires, context) in loaded:
            spec = self.models.get(name)
            if spec is None:
                continue
            entries.append(
                {
                    "name": name,
                    "model": name,
                    "size": spec.size,
                    "digest": spec.digest,
                    "details": spec.details(),
                    "expires_at": iso(expires),
                    "size_vram": spec.size,
                    "context_length": context,
                }
            )
        return entries

    def _record_error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)
