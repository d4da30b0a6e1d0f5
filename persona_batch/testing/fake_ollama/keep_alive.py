"""How long a model stays loaded: Ollama's ``keep_alive`` values, as the fake server reads them."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from typing import Any, Final

_DEFAULT_KEEP_ALIVE_S: Final = 300.0
FOREVER: Final = datetime(2318, 1, 1, tzinfo=UTC)
_DURATION_RE: Final = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")


def parse_keep_alive(value: Any) -> float | None:
    """Seconds to keep the model loaded; None means forever.  Raises ValueError."""
    if value is None:
        return _DEFAULT_KEEP_ALIVE_S
    if isinstance(value, bool):
        raise ValueError("invalid keep_alive")
    if isinstance(value, int | float):
        return None if value < 0 else float(value)
    if not isinstance(value, str):
        raise ValueError("invalid keep_alive")
    text = value.strip()
    with contextlib.suppress(ValueError):
        return parse_keep_alive(float(text))
    negative = text.startswith("-")
    body = text.lstrip("+-")
    parts = _DURATION_RE.findall(body)
    if not parts or "".join(n + u for n, u in parts) != body:
        raise ValueError(f'time: invalid duration "{value}"')
    unit = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    seconds = sum(float(n) * unit[u] for n, u in parts)
    return None if negative else seconds
