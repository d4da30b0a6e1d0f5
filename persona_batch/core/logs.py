"""Logs: readable on a terminal, JSON lines for a scheduler (``--log-format json``).

Log calls name events and counts (``stage=anonymise rows=300``), never cell values: nothing
that could hold raw PII is ever passed to a logger.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.logging import RichHandler

LOGGER = logging.getLogger("persona_batch")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, event, message and the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "msg": record.getMessage(),
        }
        data.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        return json.dumps(data, default=str)


class TextFormatter(logging.Formatter):
    """The message, then the record's extra fields as ``key=value``."""

    def format(self, record: logging.LogRecord) -> str:
        extras = {k: v for k, v in record.__dict__.items() if k not in _STANDARD and k != "event"}
        fields = " ".join(f"{k}={v}" for k, v in extras.items())
        return f"{record.getMessage()} {fields}".rstrip()


def setup(fmt: str = "text", level: int = logging.INFO) -> None:
    """Send persona_batch's logs to stderr as text (rich) or JSON lines."""
    LOGGER.handlers.clear()
    LOGGER.propagate = False
    LOGGER.setLevel(level)
    if fmt == "json":
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
    else:
        handler = RichHandler(console=Console(stderr=True), show_path=False, markup=False)
        handler.setFormatter(TextFormatter())
    LOGGER.addHandler(handler)


def event(name: str, message: str, **fields: Any) -> None:
    """Log ``message`` as event ``name`` with plain fields (counts, paths, durations)."""
    LOGGER.info(message, extra={"event": name, **fields})
