"""The unit of work a model is asked for, as plain data every layer can read.

A :class:`WorkItem` is one request: its sources, its messages, and a key (a hash of sources,
template, model, options and schema) under which its result is journalled. Its :class:`Region` s
tell the gate (:mod:`persona_batch.privacy.guard`) which parts of a message the job wrote itself
from typed values and which a model wrote. Prompts are built in :mod:`persona_batch.personas`
and :mod:`persona_batch.synthesise`; the generator, the judge and the gate only read items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Region", "Span", "WorkItem", "cited_sources", "joined", "regions_of"]

Span = tuple[int, int]


@dataclass(frozen=True)
class Region:
    """A part of one message the gate treats apart from the rest.

    - ``computed``: the job wrote it from a typed value (a Date column's date, a synthetic
      record's target date); the gate skips it, as it skips typed cells of the anonymised file;
    - ``generated``: a model wrote it (the persona shown to the judge); the gate checks it as a
      persona, not as research text.
    """

    message: int
    start: int
    end: int
    kind: Literal["computed", "generated"]


@dataclass(frozen=True)
class WorkItem:
    """One persona to generate."""

    index: int
    persona_id: str
    source_ids: tuple[str, ...]
    messages: tuple[dict[str, str], ...]
    key: str
    prompt_sha256: str
    pii_counts: tuple[tuple[str, int], ...]
    regions: tuple[Region, ...] = ()


def regions_of(
    message: int, spans: Sequence[Span], offset: int = 0, kind: Literal["computed"] = "computed"
) -> tuple[Region, ...]:
    """``spans`` of one message, moved by ``offset``, as regions of ``kind``."""
    return tuple(Region(message, a + offset, b + offset, kind) for a, b in spans)


def joined(
    parts: Sequence[tuple[str, Sequence[Span]]], separator: str = "\n\n"
) -> tuple[str, list[Span]]:
    """Texts joined by ``separator``, and their spans moved to where they land."""
    spans: list[Span] = []
    offset = 0
    for text, own in parts:
        spans.extend((a + offset, b + offset) for a, b in own)
        offset += len(text) + len(separator)
    return separator.join(text for text, _ in parts), spans


def cited_sources(
    sources: Mapping[str, tuple[str, Sequence[Span]]], ids: Sequence[str]
) -> tuple[str, list[Span]]:
    """The texts of ``ids`` (empty for an unknown id), joined, with their typed dates' spans."""
    return joined([sources.get(s, ("", ())) for s in ids])
