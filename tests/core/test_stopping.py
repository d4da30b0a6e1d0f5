"""An orderly stop of generation, in process: a stop request (what the CLI's SIGTERM and Ctrl-C
handler makes) lets the requests in flight finish within the grace and then interrupts; with no
grace they are cut off. The request comes from another thread, as a signal handler's would
arrive between two steps of the event loop. Real HTTP to the fake server."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator

import pytest

from persona_batch.core import stopping
from persona_batch.core.config import GenerateSettings
from persona_batch.core.errors import Terminated
from persona_batch.core.work import WorkItem
from persona_batch.llm.client import OllamaHost
from persona_batch.llm.generator import Generator, Outcome
from persona_batch.testing.fake_ollama import FakeOllama


@pytest.fixture(autouse=True)
def _forget_stops() -> Iterator[None]:
    yield
    stopping.reset()


def _items(n: int) -> list[WorkItem]:
    return [
        WorkItem(
            index=i,
            persona_id=f"p{i}",
            source_ids=(f"row-{i}",),
            messages=({"role": "user", "content": f"make persona {i}"},),
            key=f"k{i}",
            prompt_sha256="0" * 64,
            pii_counts=(),
        )
        for i in range(n)
    ]


def _sent(srv: FakeOllama) -> int:
    return sum(1 for r in srv.requests if r.path == "/api/chat")


def _run(srv: FakeOllama, grace: float, signum: int) -> tuple[list[Outcome], BaseException]:
    settings = GenerateSettings(concurrency=2, backoff_seconds=0.01, stop_grace_seconds=grace)
    reported: list[Outcome] = []
    hosts = [OllamaHost(srv.url, 10.0)]
    generator = Generator(settings, "qwen2.5:7b", hosts, lambda _, o: reported.append(o))

    def stop_once_two_are_done() -> None:  # and at least one more is in flight
        while len(reported) < 2 or _sent(srv) <= len(reported):
            time.sleep(0.005)
        assert stopping.request(signum)

    threading.Thread(target=stop_once_two_are_done, daemon=True).start()
    with pytest.raises(KeyboardInterrupt) as raised:
        generator.run(_items(12))
    return reported, raised.value


def test_a_stop_lets_the_requests_in_flight_finish_and_sends_no_more() -> None:
    with FakeOllama(models=["qwen2.5:7b"], slots=2, latency=0.3) as srv:
        reported, error = _run(srv, grace=10.0, signum=signal.SIGTERM)
        sent = _sent(srv)
    assert isinstance(error, Terminated)
    assert all(o.error is None for o in reported)
    assert len(reported) == sent < 12  # what went out came back; the rest was never sent


def test_without_grace_the_requests_in_flight_are_cut_off_and_not_reported() -> None:
    with FakeOllama(models=["qwen2.5:7b"], slots=2, latency=0.5) as srv:
        reported, error = _run(srv, grace=0.0, signum=signal.SIGINT)
        sent = _sent(srv)
    assert type(error) is KeyboardInterrupt  # Ctrl-C's own interruption
    assert len(reported) < sent < 12


def test_with_no_stage_listening_the_caller_must_interrupt_at_once() -> None:
    assert not stopping.request(signal.SIGTERM) and not stopping.requested()
    with stopping.listening(lambda: None):
        assert stopping.request(signal.SIGTERM)
        assert not stopping.request(signal.SIGTERM)  # the second signal: stop now
    assert isinstance(stopping.stopped_error(), Terminated)
