"""The gate: an independent scan of everything that leaves, and the redaction of what it finds.

It is built apart from detection on purpose: no NER, no score, no recogniser or setting shared
with :mod:`persona_batch.privacy.detect`; plain regular expressions confirmed by checks of our own.
Detection's settings cannot switch it off; only ``[gate] enabled = false`` can.

Two modes:

- ``"text"``: anonymised cells, prompts, the report's text. Every family in
  ``[gate] families`` runs, ``context`` included;
- ``"generated"``: personas and synthetic records, which are meant to hold invented names and
  places. Only the structured families run (card, phone, email, iban, ipv4, ipv6, date), plus
  the :class:`~persona_batch.privacy.gate.sources.SourceValues` given, if any: a name or a city is
  flagged only when it is a value detection found in the sources.

How a text is scanned: placeholders the anonymiser inserted (``<PERSON>``, ``PERSON_3f2a…``),
UUIDs (opaque identifiers, not phone numbers) and the spans the caller says it inserted
(``ignore``: a ``replace`` fake is still an email) are blanked first; then each family runs in turn (see :mod:`persona_batch.privacy.gate.families`) and
blanks what it claims, so findings never overlap and a date is never reported again as a
phone. A family left out of ``families`` still claims its spans, so leaving ``date`` out does
not turn dates into phone numbers. A family runs only when the text has the digits or the
character it needs. Allowed values and patterns are checked on each finding's whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from persona_batch.core.config import GateSettings
from persona_batch.privacy.gate.families import FAMILIES
from persona_batch.privacy.gate.findings import (
    FAMILY_IDS,
    PLACEHOLDER,
    SOURCE,
    STRUCTURED_FAMILIES,
    UUID,
    Finding,
    blank,
    redact,
)
from persona_batch.privacy.gate.sources import SourceValues

GateMode = Literal["text", "generated"]
_DIGITS = "0123456789"
_COMPACT = re.compile(r"[^\W_]+")


class Gate:
    """Scans texts for residual values; see the module's docstring for what it checks."""

    def __init__(
        self,
        settings: GateSettings,
        mode: GateMode = "text",
        sources: SourceValues | None = None,
    ) -> None:
        if mode not in ("text", "generated"):
            raise ValueError(f'gate mode must be "text" or "generated", not {mode!r}')
        self.settings = settings
        self.mode: GateMode = mode
        self.sources = sources
        possible = FAMILY_IDS if mode == "text" else STRUCTURED_FAMILIES
        self.families: tuple[str, ...] = tuple(f for f in settings.families if f in possible)
        """The families this gate reports, in the order of ``[gate] families``."""
        self._reported = frozenset(self.families)
        self._run = tuple(f for f in FAMILIES if f.id in possible)
        self._allow_patterns = tuple(re.compile(p) for p in settings.allow_patterns)
        self._allow_words = frozenset(_words(v) for v in settings.allow_values)
        self._allow_compact = frozenset(
            c for c in map(_compact, settings.allow_values) if any(ch.isdigit() for ch in c)
        )

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    @property
    def checks(self) -> tuple[str, ...]:
        """What a scan looks for: the reported families, then ``source`` when values are set."""
        if not self.enabled:
            return ()
        return self.families + ((SOURCE,) if self.sources is not None else ())

    def scan(self, text: str, ignore: Iterable[tuple[int, int]] = ()) -> list[Finding]:
        """Residual findings in ``text``, by position.

        ``ignore``: spans of ``text`` the caller inserted itself (replacement fakes); they are
        skipped, and a value next to one is still found.
        """
        if not self.enabled or not text:
            return []
        skipped = list(ignore)
        if "<" in text or "_" in text:
            skipped.extend(m.span() for m in PLACEHOLDER.finditer(text))
        if "-" in text:
            skipped.extend(m.span() for m in UUID.finditer(text))
        work = blank(text, skipped) if skipped else text
        digits = sum(map(work.count, _DIGITS))
        findings: list[Finding] = []
        for family in self._run:
            if digits < family.min_digits or (family.marker and family.marker not in work):
                continue
            spans = _disjoint(family.spans(work))
            if not spans:
                continue
            work = blank(work, spans)
            if family.id in self._reported:
                findings.extend(
                    Finding(family.id, a, b) for a, b in spans if not self._allowed(text[a:b])
                )
        if self.sources is not None and len(self.sources):
            findings.extend(
                f for f in self.sources.find(work) if not self._allowed(text[f.start : f.end])
            )
        return sorted(findings, key=lambda f: (f.start, f.end))

    def redact(
        self, text: str, ignore: Iterable[tuple[int, int]] = ()
    ) -> tuple[str, list[Finding]]:
        """``text`` with every finding replaced by its type tag (``<CARD>``), and the findings.

        The tags are placeholders the gate skips, so scanning the result finds nothing.
        """
        findings = self.scan(text, ignore)
        return (redact(text, findings) if findings else text), findings

    def _allowed(self, value: str) -> bool:
        if any(p.fullmatch(value) for p in self._allow_patterns):
            return True
        if _words(value) in self._allow_words:
            return True
        return bool(self._allow_compact) and _compact(value) in self._allow_compact


def _disjoint(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans by position, overlapping ones merged into one (a family may find both)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _words(value: str) -> str:
    return " ".join(value.casefold().split())


def _compact(value: str) -> str:
    """Letters and digits alone; a ``00`` international prefix is dropped like a ``+``."""
    compact = "".join(_COMPACT.findall(value.casefold()))
    return compact[2:] if compact.startswith("00") else compact
