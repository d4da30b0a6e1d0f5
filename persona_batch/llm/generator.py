"""The generate stage: work items in, one persona row per item out, in item order.

:class:`Generator` is the request machinery for any structured reply (personas, and the
judge's verdicts on them): it is given the pydantic model the reply must validate against.

Requests go out concurrently, bounded by each host's slots (:class:`HostPool` gives a request
to the live host with the most free slots and stops using a host after repeated connection
failures). A failed request is retried with exponential back-off and jitter when the failure is
transient (503, timeout, dropped connection, cut-off or invalid JSON), then recorded in that
row's ``gen_error``: a row is never dropped. Every finished item is journalled at once, so a
rerun after a crash or Ctrl-C skips it.

On SIGTERM or Ctrl-C (:mod:`persona_batch.core.stopping`) no new request is sent, the ones in flight
get ``stop_grace_seconds`` to finish and be journalled, and :meth:`Generator.run` then raises the
signal's interruption; the items not done are not reported at all, so a rerun sends them.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from pydantic import BaseModel, ValidationError

from persona_batch.core import stopping
from persona_batch.core.config import GenerateSettings
from persona_batch.core.errors import (
    GenerationError,
    HostUnreachableError,
    TerminalGenerationError,
    TransientGenerationError,
)
from persona_batch.core.persona import Persona
from persona_batch.core.work import WorkItem
from persona_batch.llm.client import OllamaHost


@dataclass
class Outcome:
    """What happened to one item; journalled as it is."""

    key: str
    payload: dict[str, Any] | None
    """The validated reply (a persona, a verdict), or ``None`` when the item failed."""
    error: str | None
    host: str | None
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    attempts: int
    eval_seconds: float = 0.0
    reason: str | None = None
    """Why the item failed, as one line without the attempt count ("HTTP 503 from …"): what the
    manifest counts failures by. ``error`` is the same with the attempts, for ``gen_error``."""

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Outcome:
        return cls(**{k: record[k] for k in cls.__dataclass_fields__ if k in record})

    def record(self) -> dict[str, Any]:
        """The journal's line for it: its fields as they are (``asdict`` would deep-copy the
        payload for every request, about a tenth of the client's time per request)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class _Host:
    def __init__(self, client: OllamaHost, slots: int) -> None:
        self.client = client
        self.free = slots
        self.failures = 0
        self.down = False
        self.down_at = 0.0
        self.stats = HostStats()


@dataclass
class HostStats:
    """What one host did in a run, for the manifest."""

    requests: int = 0
    failed: int = 0
    """Requests that did not give a reply (unreachable, 503, timeout, invalid JSON…)."""
    set_aside: int = 0
    """Times it was set aside after ``host_down_after`` connection failures in a row."""
    came_back: int = 0
    """Times a host set aside answered again."""

    def add(self, other: HostStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class HostPool:
    """Hands out request slots across hosts: the live host with the most free slots first.

    A host with ``down_after`` connection failures in a row is set aside; after ``retry_after``
    seconds it gets one request again, and is back if that one reaches it. ``acquire`` gives up
    (``None``) only when every host is set aside at once.
    """

    def __init__(
        self,
        clients: Sequence[OllamaHost],
        slots: int,
        down_after: int,
        retry_after: float = 30.0,
    ) -> None:
        self._hosts = [_Host(c, slots) for c in clients]
        self._down_after = down_after
        self._retry_after = retry_after
        self._changed = asyncio.Condition()

    @property
    def alive(self) -> bool:
        return any(not h.down for h in self._hosts)

    def stats(self) -> dict[str, HostStats]:
        return {h.client.url: h.stats for h in self._hosts}

    async def acquire(self) -> _Host | None:
        """A host with a free slot, or ``None`` once every host is down."""
        async with self._changed:
            while True:
                now = time.monotonic()
                for host in self._hosts:
                    if host.down and now - host.down_at >= self._retry_after:
                        host.down = False  # one more try: a failure sets it aside again
                        host.failures = self._down_after - 1
                live = [h for h in self._hosts if not h.down]
                if not live:
                    return None
                best = max(live, key=lambda h: h.free)
                if best.free > 0:
                    best.free -= 1
                    best.stats.requests += 1
                    return best
                await self._changed.wait()

    async def release(self, host: _Host, unreachable: bool, ok: bool = True) -> None:
        async with self._changed:
            host.free += 1
            if not ok or unreachable:
                host.stats.failed += 1
            if unreachable:
                host.failures += 1
                if host.failures >= self._down_after and not host.down:
                    host.down, host.down_at = True, time.monotonic()
                    host.stats.set_aside += 1
            else:
                if host.stats.set_aside > host.stats.came_back:
                    host.stats.came_back += 1
                host.failures = 0
            if host.down:
                self._changed.notify_all()  # waiters must learn when no host is left
            else:
                self._changed.notify(1)  # one slot freed: wake one waiter, not the herd


def _validate(model: type[BaseModel], content: str, done_reason: str) -> dict[str, Any]:
    try:
        return model.model_validate_json(content).model_dump(mode="json")
    except ValidationError as exc:
        cut = " (the reply was cut off: raise num_predict)" if done_reason == "length" else ""
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "reply"
        raise TransientGenerationError(
            f"reply is not a valid {model.__name__.lower()} at '{where}': {first['type']}{cut}"
        ) from None


class Generator:
    """Runs work items against a host pool with retries; reports each outcome as it lands."""

    def __init__(
        self,
        settings: GenerateSettings,
        model: str,
        hosts: Sequence[OllamaHost],
        on_outcome: Callable[[WorkItem, Outcome], None],
        reply_model: type[BaseModel] = Persona,
    ) -> None:
        self.settings = settings
        self.model = model
        self.hosts = hosts
        self.on_outcome = on_outcome
        self._reply_model = reply_model
        self._schema = reply_model.model_json_schema()
        self._options = settings.options.as_options()
        self._jitter = random.Random()
        self.host_stats: dict[str, HostStats] = {}
        """What each host did in the last :meth:`run`."""

    def run(self, items: Sequence[WorkItem]) -> dict[str, Outcome]:
        """Every item's outcome; raises the stop signal's interruption after an orderly stop."""
        outcomes = asyncio.run(self._run_all(items))
        if stopping.requested():
            raise stopping.stopped_error()
        return outcomes

    async def _run_all(self, items: Sequence[WorkItem]) -> dict[str, Outcome]:
        settings = self.settings
        pool = HostPool(
            self.hosts, settings.in_flight(), settings.host_down_after, settings.host_retry_seconds
        )
        self.host_stats = pool.stats()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()

        def on_stop() -> None:  # from the signal handler, between two steps of this loop
            with contextlib.suppress(RuntimeError):  # closed: run() sees the request itself
                loop.call_soon_threadsafe(stop.set)

        self._sending: set[asyncio.Task[Outcome | None]] = set()
        tasks = [asyncio.create_task(self._one(pool, item, stop)) for item in items]
        watch = asyncio.create_task(self._stop_in_order(stop, tasks))
        try:
            with stopping.listening(on_stop):
                if tasks:
                    await asyncio.wait(tasks)
        finally:
            watch.cancel()
            for host in self.hosts:
                await host.close()
        outcomes = {}
        for item, task in zip(items, tasks, strict=True):
            outcome = None if task.cancelled() else task.result()
            if outcome is not None:
                outcomes[item.key] = outcome
        return outcomes

    async def _stop_in_order(
        self, stop: asyncio.Event, tasks: Sequence[asyncio.Task[Outcome | None]]
    ) -> None:
        """Once asked to stop: drop what waits, give what is in flight its grace, then cut."""
        await stop.wait()
        for task in tasks:
            if task not in self._sending:
                task.cancel()
        sending = [t for t in tasks if not t.done()]
        if sending:
            await asyncio.wait(sending, timeout=self.settings.stop_grace_seconds)
        for task in tasks:
            task.cancel()

    def _backoff(self, attempt: int) -> float:
        base = min(
            self.settings.backoff_max_seconds, self.settings.backoff_seconds * 2 ** (attempt - 1)
        )
        return float(base * self._jitter.uniform(0.5, 1.5))

    def _options_for(self, attempt: int) -> dict[str, Any]:
        """A retry moves the seed on: the same seed would reproduce the same cut-off reply."""
        if attempt == 1 or "seed" not in self._options:
            return self._options
        return {**self._options, "seed": int(self._options["seed"]) + attempt - 1}

    async def _one(self, pool: HostPool, item: WorkItem, stop: asyncio.Event) -> Outcome | None:
        spent = 0.0  # time in requests, not waiting for a slot or backing off
        last: GenerationError = TransientGenerationError("no attempt was made")
        host_url: str | None = None
        attempt = 0
        while attempt < self.settings.max_attempts:
            if stop.is_set():
                return None
            attempt += 1
            host = await pool.acquire()
            if host is None:
                last = TerminalGenerationError("no Ollama host is reachable any more")
                break
            host_url = host.client.url
            unreachable = False
            sent = time.perf_counter()
            me = asyncio.current_task()
            assert me is not None
            self._sending.add(me)
            try:
                try:
                    reply = await host.client.chat_json(
                        self.model,
                        list(item.messages),
                        self._schema,
                        self._options_for(attempt),
                        self.settings.keep_alive,
                    )
                finally:
                    spent += time.perf_counter() - sent
                    self._sending.discard(me)
                payload = _validate(self._reply_model, reply.content, reply.done_reason)
            except HostUnreachableError as exc:
                last, unreachable = exc, True
            except TransientGenerationError as exc:
                last = exc
            except TerminalGenerationError as exc:
                last = exc
                await pool.release(host, unreachable=False, ok=False)
                break
            else:
                await pool.release(host, unreachable=False)
                outcome = Outcome(
                    key=item.key,
                    payload=payload,
                    error=None,
                    host=host_url,
                    prompt_tokens=reply.prompt_tokens,
                    completion_tokens=reply.completion_tokens,
                    latency_ms=round(spent * 1000, 1),
                    attempts=attempt,
                    eval_seconds=reply.eval_duration_ns / 1e9,
                )
                self.on_outcome(item, outcome)
                return outcome
            await pool.release(host, unreachable=unreachable, ok=False)
            if stop.is_set():
                return None  # stopping: no retry, and not reported, so a rerun sends it again
            if attempt < self.settings.max_attempts:
                await asyncio.sleep(self._backoff(attempt))
        outcome = Outcome(
            key=item.key,
            payload=None,
            error=f"{last.message} (after {attempt} attempt{'s' if attempt != 1 else ''})",
            reason=last.message,
            host=host_url,
            prompt_tokens=0,
            completion_tokens=0,
            latency_ms=round(spent * 1000, 1),
            attempts=attempt,
        )
        self.on_outcome(item, outcome)
        return outcome


EVIDENCE = pl.Struct({"field": pl.String, "source_id": pl.String, "excerpt": pl.String})
PII_COUNT = pl.Struct({"entity_type": pl.String, "count": pl.Int32})
PERSONA_SCHEMA: dict[str, pl.DataType] = {
    "persona_id": pl.String(),
    "source_ids": pl.List(pl.String),
    "name": pl.String(),
    "age": pl.Int32(),
    "occupation": pl.String(),
    "location": pl.String(),
    "background": pl.String(),
    "goals": pl.List(pl.String),
    "frustrations": pl.List(pl.String),
    "behaviours": pl.List(pl.String),
    "quote": pl.String(),
    "evidence": pl.List(EVIDENCE),
    "gen_model": pl.String(),
    "gen_model_digest": pl.String(),
    "gen_host": pl.String(),
    "prompt_sha256": pl.String(),
    "prompt_tokens": pl.Int32(),
    "completion_tokens": pl.Int32(),
    "latency_ms": pl.Float64(),
    "attempts": pl.Int32(),
    "gen_error": pl.String(),
    "pii_count": pl.Int32(),
    "pii_entity_counts": pl.List(PII_COUNT),
}


def personas_frame(
    items: Sequence[WorkItem], outcomes: Mapping[str, Outcome], model: str, digest: str
) -> pl.DataFrame:
    """One row per item, in item order: persona fields, generation audit, source PII audit."""
    rows = []
    for item in items:
        outcome = outcomes[item.key]
        persona = outcome.payload or {}
        rows.append(
            {
                "persona_id": item.persona_id,
                "source_ids": list(item.source_ids),
                **{field: persona.get(field) for field in Persona.model_fields},
                "gen_model": model,
                "gen_model_digest": digest,
                "gen_host": outcome.host,
                "prompt_sha256": item.prompt_sha256,
                "prompt_tokens": outcome.prompt_tokens,
                "completion_tokens": outcome.completion_tokens,
                "latency_ms": outcome.latency_ms,
                "attempts": outcome.attempts,
                "gen_error": outcome.error,
                "pii_count": sum(n for _, n in item.pii_counts),
                "pii_entity_counts": [{"entity_type": e, "count": n} for e, n in item.pii_counts],
            }
        )
    return pl.DataFrame(rows, schema=PERSONA_SCHEMA)
