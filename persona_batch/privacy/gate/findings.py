"""What the gate reports, the tags it redacts with, and the placeholders it leaves alone.

A :class:`Finding` is a family and a span, never the matched text: findings can be logged,
counted and written to audit columns without carrying a value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from persona_batch.core.config import GateSettings

FAMILY_IDS: tuple[str, ...] = GateSettings.FAMILIES
"""Every pattern family, by the stable id used in ``[gate] families`` and in findings."""

STRUCTURED_FAMILIES: tuple[str, ...] = ("card", "phone", "email", "iban", "ipv4", "ipv6", "date")
"""The families checked on generated artefacts (personas, synthetic records)."""

SOURCE = "source"
"""The family of a finding made by :class:`~persona_batch.privacy.gate.sources.SourceValues`."""

TAGS: dict[str, str] = {
    "card": "<CARD>",
    "phone": "<PHONE>",
    "email": "<EMAIL>",
    "iban": "<IBAN>",
    "ipv4": "<IPV4>",
    "ipv6": "<IPV6>",
    "date": "<DATE>",
    "context": "<CONTEXT>",
    SOURCE: "<SOURCE_VALUE>",
}
"""What :func:`redact` puts in a finding's place; each is a placeholder the gate skips."""

PLACEHOLDER = re.compile(
    r"<[A-Z][A-Z0-9_]*>"  # <PERSON>, <EMAIL_ADDRESS>, the gate's own <CARD>
    r"|(?<!\w)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_[0-9a-f]{8,64}(?!\w)"  # PERSON_3f2a9c0d...
)
"""Tags and keyed hashes the anonymiser inserts. Masks (``**** 1111``) need no rule: ``*`` is
no digit and no letter, so a mask keeps too few digits to look like anything."""

UUID = re.compile(
    r"(?<![\w-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])"
)
"""A UUID: an opaque identifier (the plan passes identifier columns through), never a phone
number, however many digit groups it has."""

FILL = "\ue000"
"""Stands in for a span already accounted for: not a digit, letter, space or separator, so no
family matches it or runs through it, and offsets do not move."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One residual: its family and where it sits in the scanned text (never the text)."""

    family: str
    start: int
    end: int


def tag_for(family: str) -> str:
    """The type tag a finding of ``family`` is replaced with."""
    return TAGS.get(family, "<REDACTED>")


def redact(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with each finding replaced by its type tag (overlapping findings merge)."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    if not ordered:
        return text
    parts: list[str] = []
    last = 0
    for finding in ordered:
        if finding.end <= last:
            continue
        if finding.start < last:  # overlaps the previous one, already tagged: swallow the rest
            last = finding.end
            continue
        parts.append(text[last : finding.start])
        parts.append(tag_for(finding.family))
        last = finding.end
    parts.append(text[last:])
    return "".join(parts)


def tally(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings counted by family, for audit columns and the manifest."""
    return dict(sorted(Counter(f.family for f in findings).items()))


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span overwritten by :data:`FILL`, offsets unchanged."""
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        start, end = max(start, last), min(end, len(text))
        if end <= start:
            continue
        parts.append(text[last:start])
        parts.append(FILL * (end - start))
        last = end
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)
