"""The faults the fake server can inject, and the error messages it answers with."""

from __future__ import annotations

from typing import Final

FAULT_FAIL_503: Final = "fail_503"
"""Reply 503 with Ollama's "server busy" error, as when its queue is full."""
FAULT_ERROR_500: Final = "error_500"
"""Reply 500 with a runner crash message."""
FAULT_TIMEOUT: Final = "timeout"
"""Hang ``hang_seconds`` (holding a slot) before answering normally."""
FAULT_DROP: Final = "drop"
"""Read the request, then close the connection without any response."""
FAULT_TRUNCATE: Final = "truncate"
"""Answer with the first half of the content and ``done_reason="length"``."""
FAULTS: Final[tuple[str, ...]] = (
    FAULT_FAIL_503,
    FAULT_ERROR_500,
    FAULT_TIMEOUT,
    FAULT_DROP,
    FAULT_TRUNCATE,
)

BUSY_MESSAGE: Final = "server busy, please try again.  maximum pending requests exceeded"
RUNNER_ERROR_MESSAGE: Final = "llama runner process has terminated: exit status 2"
