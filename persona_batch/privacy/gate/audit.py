"""What a run's gate remembers, reports and records: run values, residuals, the manifest block.

- :class:`RunValues`: what the anonymiser found and inserted, as keyed hashes only;
- :class:`Residual` and :func:`gate_message`: one line per finding, never a value;
- :func:`summarise` and :func:`merge_manifests`: the ``gate`` block of a manifest;
- :func:`redact_moving`: redaction that says where each tag went and moves other spans.
"""

from __future__ import annotations

import hmac
import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from persona_batch.privacy.gate.findings import Finding, tag_for
from persona_batch.privacy.gate.sources import SourceValues

Span = tuple[int, int]
ARTEFACTS: dict[str, tuple[Literal["text", "generated"], str]] = {
    "anonymised": ("text", "cells"),
    "prompts": ("text", "prompts"),
    "personas": ("generated", "fields"),
    "synthetic": ("generated", "fields"),
    "report": ("text", "text_nodes"),
}
"""Each artefact the gate checks: its mode, and the unit the manifest counts it in."""
MAX_LINES = 20
"""Findings listed in a :class:`~persona_batch.core.errors.GateError`'s message; the rest are counted."""
UNREMEMBERED = frozenset({"LOCATION", "NRP", "DATE_TIME"})
"""Entity types not remembered as source values: a persona may live in a city the sources name,
and "Wednesday" or "last year" identify nobody (full dates are the ``date`` family's)."""
SOURCE_LIMIT = 1_000_000
"""Remembered forms past which :class:`RunValues` starts again from the batch in flight."""


@dataclass(frozen=True)
class Residual:
    """One finding, located: ``where`` names the artefact's row, column or field."""

    where: str
    family: str


class RunValues:
    """What a run's anonymiser found and inserted, kept only as keyed hashes (per-run key).

    ``sources``: the values detection found (the generated-mode gate flags a persona that
    echoes one); PERSON only as full names of two words or more, none of
    :data:`UNREMEMBERED`. ``fakes``: what ``replace`` put in their place; every gate skips
    them, as the anonymised file's gate skips the spans it knows were inserted.
    """

    def __init__(self, key: bytes | None = None) -> None:
        key = key or secrets.token_bytes(32)
        self.sources = SourceValues(key)
        self.fakes = SourceValues(hmac.digest(key, b"persona_batch/privacy/guard/fakes", "sha256"))

    def found(self, entity_type: str, value: str) -> None:
        """Remember ``value``, which detection found as ``entity_type``."""
        if entity_type in UNREMEMBERED or (entity_type == "PERSON" and len(value.split()) < 2):
            return
        if len(self.sources) > SOURCE_LIMIT:
            self.sources.clear()
        self.sources.add(value)

    def inserted(self, value: str) -> None:
        """Remember a fake the anonymiser inserted."""
        if len(self.fakes) > SOURCE_LIMIT:
            self.fakes.clear()
        self.fakes.add(value)


def summarise(block: dict[str, Any]) -> dict[str, Any]:
    """``block`` with its totals: ``checked`` by unit, ``findings`` by family."""
    checked: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    for name, entry in block.get("artefacts", {}).items():
        unit = ARTEFACTS.get(name, ("text", "items"))[1]
        checked[unit] += entry.get(unit, 0)
        findings.update(entry.get("findings", {}))
    return {**block, "checked": dict(checked), "findings": dict(sorted(findings.items()))}


def merge_manifests(blocks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """One ``gate`` block for several (a run's inputs, and its report): counts added up."""
    merged: dict[str, Any] = {}
    artefacts: dict[str, dict[str, Any]] = {}
    for block in blocks:
        if not block:
            continue
        if not merged:
            merged = {k: v for k, v in block.items() if k not in {"artefacts", "source_values"}}
            merged["source_values"] = None
        merged["enabled"] = merged["enabled"] and block.get("enabled", True)
        if block.get("source_values") is not None:
            merged["source_values"] = (merged["source_values"] or 0) + block["source_values"]
        for name, entry in block.get("artefacts", {}).items():
            total = artefacts.setdefault(name, {"mode": entry["mode"], "findings": {}})
            for key, value in entry.items():
                if key == "findings":
                    total["findings"] = dict(
                        sorted((Counter(total["findings"]) + Counter(value)).items())
                    )
                elif isinstance(value, int) and not isinstance(value, bool):
                    total[key] = total.get(key, 0) + value
    return summarise({**merged, "artefacts": artefacts}) if merged else {}


def gate_message(residuals: Sequence[Residual], what: str, consequence: str) -> str:
    """One line per finding (at most :data:`MAX_LINES`), never a value."""
    lines = [f"  {r.where}: {r.family}" for r in residuals[:MAX_LINES]]
    if len(residuals) > MAX_LINES:
        lines.append(f"  ... and {len(residuals) - MAX_LINES} more")
    fix = (
        "Widen detection ([detect] entities, score_threshold) or pin those columns, allow "
        "known-safe values with [gate] allow_values or allow_patterns, or set [gate] "
        'on_residual = "redact" to replace them with their type tag'
    )
    families = ", ".join(f"{n} {f}" for f, n in Counter(r.family for r in residuals).most_common())
    head = f"the gate found {len(residuals)} value(s) ({families}) in {what}; {consequence}:"
    return "\n".join([head, *lines, fix])


def redact_moving(
    text: str, findings: Sequence[Finding], keep: Sequence[Span]
) -> tuple[str, list[tuple[str, int, int]], tuple[Span, ...]]:
    """``text`` redacted; where each tag now sits; ``keep`` (spans no finding overlaps) moved."""
    parts: list[str] = []
    placed: list[tuple[str, int, int]] = []
    shifts: list[tuple[int, int]] = []
    last = length = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < last:
            continue
        parts.append(text[last : finding.start])
        length += finding.start - last
        tag = tag_for(finding.family)
        parts.append(tag)
        placed.append((finding.family, length, length + len(tag)))
        length += len(tag)
        shifts.append((finding.end, len(tag) - (finding.end - finding.start)))
        last = finding.end
    parts.append(text[last:])
    moved = tuple(
        (a + sum(d for end, d in shifts if end <= a), b + sum(d for end, d in shifts if end <= a))
        for a, b in keep
    )
    return "".join(parts), placed, moved
