"""What the fake server records of each request, and what its threads share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

POLL_S: Final = 0.02
"""How often waiting handlers look whether the server stops or the client left, in seconds."""


@dataclass
class RequestRecord:
    """One HTTP request seen by the server."""

    index: int
    """Arrival order among all requests."""
    method: str
    path: str
    body: Any
    """The parsed JSON body, or None (no body or not JSON)."""
    timestamp: float
    """``time.time()`` at arrival."""
    generation_index: int | None = None
    """0-based index among /api/chat and /api/generate requests (the fault index)."""
    fault: str | None = None
    """The injected fault actually applied, if any."""
    status: int | None = None
    """The HTTP status sent; None while pending or when no response was sent."""


class AbortError(Exception):
    """The client went away or the server is stopping: close without a response."""
