"""stopping.handle_signals: while a command runs, SIGTERM and Ctrl-C ask a listening stage to
stop in order, or interrupt at once; afterwards the stop is forgotten and the handlers are back.
Real signals, raised in this (the main) thread."""

from __future__ import annotations

import signal
import threading

import pytest

from persona_batch.core import stopping
from persona_batch.core.errors import Terminated


def _handlers() -> tuple[object, object]:
    return signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)


def test_with_no_stage_listening_a_signal_interrupts_at_once() -> None:
    before = _handlers()
    said: list[str] = []
    with pytest.raises(Terminated), stopping.handle_signals(lambda: said.append("stopping")):
        signal.raise_signal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as raised, stopping.handle_signals():
        signal.raise_signal(signal.SIGINT)
    assert type(raised.value) is KeyboardInterrupt  # Ctrl-C's own, not Terminated
    assert said == [] and _handlers() == before


def test_the_first_signal_asks_the_stage_and_the_second_stops_at_once() -> None:
    before = _handlers()
    told: list[str] = []
    with (
        pytest.raises(KeyboardInterrupt),
        stopping.handle_signals(lambda: told.append("said")),
        stopping.listening(lambda: told.append("stage")),
    ):
        assert _handlers() != before
        signal.raise_signal(signal.SIGINT)
        assert told == ["stage", "said"] and stopping.requested()
        assert type(stopping.stopped_error()) is KeyboardInterrupt
        signal.raise_signal(signal.SIGINT)
        pytest.fail("the second signal did not interrupt")  # pragma: no cover
    assert not stopping.requested() and _handlers() == before


def test_a_handled_stop_is_forgotten_when_the_block_ends() -> None:
    before = _handlers()
    with stopping.handle_signals(), stopping.listening(lambda: None):
        signal.raise_signal(signal.SIGTERM)
        assert stopping.requested()
    assert not stopping.requested() and _handlers() == before


def test_outside_the_main_thread_no_handler_is_installed() -> None:
    seen: list[tuple[object, object]] = []

    def body() -> None:
        with stopping.handle_signals():
            seen.append(_handlers())

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [_handlers()]
