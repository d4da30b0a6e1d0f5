"""What a recogniser reports on a text, as the strings it covers (shared by the recogniser tests)."""

from __future__ import annotations

from typing import Any


def found(recognizer: Any, text: str, entity: str | None = None) -> list[str]:
    """The spans ``recognizer`` reports for ``entity`` (default: its own), in order."""
    wanted = entity or recognizer.ENTITY
    return [text[r.start : r.end] for r in recognizer.analyze(text, [wanted])]


def spans(recognizer: Any, entity: str, text: str) -> set[str]:
    """The distinct spans ``recognizer`` reports for ``entity``."""
    return set(found(recognizer, text, entity))
