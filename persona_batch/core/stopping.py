"""An orderly stop: SIGTERM or Ctrl-C asks the running stage to stop, and it finishes what it can.

:func:`handle_signals` installs the handler while a command runs (the CLI runs each in it); the
handler calls :func:`request`. When a stage that can stop in order is running (generation
registers a listener with :func:`listening`), the first signal only tells it: it
takes no new work, lets the requests in flight finish within its grace period, journals them
and then raises :func:`stopped_error`. With no listener, or on a second signal, the handler
raises at once (:class:`~persona_batch.core.errors.Terminated` for SIGTERM, ``KeyboardInterrupt``
for Ctrl-C), which unwinds the stage like any error: temporary files go, journals stay.

No polars, no threads of its own: a listener must be safe to call from a signal handler
(``loop.call_soon_threadsafe`` is).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from persona_batch.core.errors import Terminated

__all__ = [
    "STOP_SIGNALS",
    "handle_signals",
    "listening",
    "request",
    "requested",
    "reset",
    "stopped_error",
]

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
"""The signals that stop a command: a scheduler's or systemd's SIGTERM, and Ctrl-C."""

_listeners: list[Callable[[], None]] = []
_signal: int | None = None


def request(signum: int) -> bool:
    """Ask the running stage to stop; ``False`` when the caller must raise now instead."""
    global _signal
    if _signal is not None or not _listeners:
        return False
    _signal = signum
    for listener in list(_listeners):
        listener()
    return True


def requested() -> bool:
    """Whether a stop was asked for and not yet handled."""
    return _signal is not None


def stopped_error() -> BaseException:
    """What a stage raises once it has stopped in order: the signal's own interruption."""
    return Terminated() if _signal == signal.SIGTERM else KeyboardInterrupt()


def reset() -> None:
    """Forget a handled stop (:func:`handle_signals` does, once its block has ended)."""
    global _signal
    _signal = None


@contextmanager
def listening(listener: Callable[[], None]) -> Iterator[None]:
    """Call ``listener`` on the first stop signal while the block runs."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


@contextmanager
def handle_signals(on_stopping: Callable[[], None] | None = None) -> Iterator[None]:
    """Stop on :data:`STOP_SIGNALS` while the block runs, then forget the stop and put the
    previous handlers back.

    The first signal asks a stage that is listening to stop in order (:func:`request`) and calls
    ``on_stopping`` (to say so); with no stage listening, or on the second signal, it raises at
    once: :class:`~persona_batch.core.errors.Terminated` for SIGTERM, ``KeyboardInterrupt`` for
    Ctrl-C. Signal handlers belong to the main thread: elsewhere none is installed.
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        if request(signum):
            if on_stopping is not None:
                on_stopping()
            return
        if signum == signal.SIGTERM:
            raise Terminated
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS} if main else {}
    try:
        yield
    finally:
        reset()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
