"""The text of a report page as the gate reads it: its text nodes apart from markup, and where
given strings occur in a text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from persona_batch.core.work import Span

__all__ = ["html_nodes", "occurrences"]


_MARKUP = re.compile(
    r"<(svg|style|script)\b.*?</\1\s*>|<!--.*?-->|<!doctype[^>]*>|<[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def html_nodes(page: str) -> Iterator[tuple[str, str]]:
    """``(markup, text)`` pairs that make up ``page``: each text node and the markup before it."""
    last = 0
    for match in _MARKUP.finditer(page):
        yield "", page[last : match.start()]
        yield match.group(), ""
        last = match.end()
    yield "", page[last:]


def occurrences(text: str, needles: Sequence[str]) -> list[Span]:
    """Where each of ``needles`` occurs in ``text``, overlaps included."""
    spans: list[Span] = []
    for needle in needles:
        start = text.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + 1)
    return spans
