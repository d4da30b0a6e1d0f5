"""The gate wired into everything that leaves: where it looks, what a finding does, the audit.

Detection (:mod:`persona_batch.privacy.detect`) is the first line of defence; its sampled verification
checks its own work with its own recognisers. The gate (:mod:`persona_batch.privacy.gate`) is the
second line, built apart from it, and a :class:`Guard` runs it on every artefact, not a sample:

- ``anonymised``: every string cell of an anonymised frame (the Parquet file, and the frame
  prompts are built from), text mode, skipping the spans the anonymiser inserted itself;
- ``prompts``: every message of every prompt (generation, refine, judge, synthesis) before it
  is sent, text mode, skipping what the job computed from typed values and checking what a
  model wrote (the persona shown to the judge) as a persona;
- ``personas`` and ``synthetic``: every string a model returned, generated mode (structured
  families, and the values detection found in the sources, :class:`RunValues`);
- ``report``: the report's text nodes (not its markup or SVG), text mode.

What a finding does is ``[gate] on_residual``: ``fail`` raises :class:`GateError` (exit 3)
before anything is published or sent, one line per finding (where, and the family, never the
value); ``redact`` replaces it with its type tag, records it in the artefact's audit
(``pii_gate`` on an anonymised frame, ``gen_gate`` on personas and synthetic records) and goes
on. :meth:`Guard.manifest` is the ``gate`` block of a manifest. Only ``[gate] enabled = false``
turns all of it off, and the block then says so.
"""

from __future__ import annotations

import hashlib
import html as html_text
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NoReturn

import polars as pl

from persona_batch.core.config import GateSettings
from persona_batch.core.errors import GateError
from persona_batch.core.logs import event
from persona_batch.core.manifest import AnyGateBlock, GateBlock, MergedGateBlock
from persona_batch.core.persona import PERSONA_FIELDS
from persona_batch.core.work import WorkItem
from persona_batch.privacy.cells import column_cells, is_flat_text, is_nested_text, rebuild
from persona_batch.privacy.gate import Finding, Gate, redact
from persona_batch.privacy.gate.audit import (
    ARTEFACTS,
    Residual,
    RunValues,
    Span,
    gate_message,
    merge_manifests,
    redact_moving,
    summarise,
)
from persona_batch.privacy.gate.pages import html_nodes, occurrences

GATE_ENTRY = pl.Struct(
    {"column": pl.String, "family": pl.String, "start": pl.Int32, "end": pl.Int32}
)
"""One entry of ``pii_gate``: the column, the family, and where its tag sits in the output cell."""
GEN_GATE_ENTRY = pl.Struct({"field": pl.String, "family": pl.String})
"""One entry of ``gen_gate``: the field (``quote``, ``goals[1]``, ``prompt``...) and the family."""
GATE_AUDIT = "pii_gate"
GEN_GATE = "gen_gate"
_AUDIT_COLUMNS = frozenset({"pii_count", "pii_entities", "pii_error", GATE_AUDIT})


@dataclass(frozen=True)
class RedactedCell:
    """A cell the gate redacted: its row in the batch, the new text, the inserted spans moved."""

    row: int
    column: str
    text: str
    inserted: tuple[Span, ...]


ScanMany = Callable[[Gate, Sequence[tuple[str, Sequence[Span]]]], list[list[Finding]]]
"""Scans ``(text, spans to skip)`` pairs with a gate (or one like it), all at once: each
text's findings, in order."""


class Guard:
    """The gate as a run applies it; see the module's docstring."""

    def __init__(self, settings: GateSettings, values: RunValues | None = None) -> None:
        self.settings = settings
        self.values = values
        self.text = Gate(settings, "text")
        self.generated = Gate(settings, "generated", values.sources if values else None)
        self.redacted_prompts: dict[str, list[str]] = {}
        """Families redacted from each prompt, by work item key."""
        self._checked: Counter[str] = Counter()
        self._found: dict[str, Counter[str]] = {}
        self._seconds: dict[str, float] = {}
        if not settings.enabled:
            event("gate.off", "the gate is off ([gate] enabled = false): nothing is checked")

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    @property
    def redacting(self) -> bool:
        return self.settings.on_residual == "redact"

    # ------------------------------------------------------------------ anonymised frames

    def frame(
        self,
        frame: pl.DataFrame,
        inserted: Mapping[str, Sequence[Sequence[Span]]],
        rows: Sequence[int],
        label: str,
        consequence: str,
        scan_many: ScanMany | None = None,
    ) -> tuple[pl.DataFrame, list[RedactedCell]]:
        """``frame`` with ``pii_gate`` added (null when the gate is off), and the cells redacted.

        ``inserted``: per column, each row's spans the anonymiser inserted; ``rows``: each
        row's number in the input (from 0), for messages. ``scan_many``: how the texts are
        scanned, all at once (in worker processes, :func:`persona_batch.privacy.parallel.
        gate_scanner`); by default one after another here. Either way every text is scanned
        with the same gate and the same spans skipped.
        """
        if not self.enabled:
            return frame.with_columns(pl.lit(None, pl.List(GATE_ENTRY)).alias(GATE_AUDIT)), []
        started = time.perf_counter()
        entries: list[list[dict[str, Any]]] = [[] for _ in range(frame.height)]
        located: list[tuple[int, Residual]] = []
        cells: list[RedactedCell] = []
        replaced: dict[str, pl.Series] = {}
        families: list[str] = []
        checked = 0
        columns = [
            (name, dtype, column_cells(frame.get_column(name)))
            for name, dtype in frame.schema.items()
            if name not in _AUDIT_COLUMNS and (is_flat_text(dtype) or is_nested_text(dtype))
        ]
        # what to scan: each text once per column, with the spans to skip (a value without
        # inserted spans is scanned once however often it stands in the column)
        scans: list[tuple[str, list[Span]]] = []
        which: list[list[int | None]] = []
        for name, _, column in columns:
            spans = inserted.get(name)
            seen: dict[str, int] = {}
            at: list[int | None] = []
            for i, value in enumerate(column.texts):
                own = spans[i] if spans else ()
                if not value:
                    at.append(None)
                elif not own and value in seen:
                    at.append(seen[value])
                else:
                    at.append(len(scans))
                    if not own:
                        seen[value] = len(scans)
                    scans.append((value, self._ignore(value, own)))
            which.append(at)
        found = (
            scan_many(self.text, scans)
            if scan_many is not None
            else [self.text.scan(value, ignore) for value, ignore in scans]
        )
        for (name, dtype, column), at in zip(columns, which, strict=True):
            values = column.texts
            spans = inserted.get(name)
            changed: list[str | None] | None = None
            for i, value in enumerate(values):
                index = at[i]
                if not value or index is None:
                    continue
                checked += 1
                row, path = column.rows[i], column.paths[i]
                own = spans[i] if spans else ()
                findings = found[index]
                if not findings:
                    continue
                families += (f.family for f in findings)
                if not self.redacting:
                    where = f"row {rows[row] + 1}, column '{path}'"
                    located += ((row, Residual(where, f.family)) for f in findings)
                    continue
                text, placed, moved = redact_moving(value, findings, own)
                changed = changed or list(values)
                changed[i] = text
                entries[row] += (
                    {"column": path, "family": f, "start": a, "end": b} for f, a, b in placed
                )
                cells.append(RedactedCell(row, path, text, moved))
            if changed is not None and column.nested:
                replaced[name] = rebuild(frame.get_column(name), changed)
            elif changed is not None:
                series = pl.Series(name, changed, dtype=pl.String)
                replaced[name] = series.cast(dtype) if isinstance(dtype, pl.Categorical) else series
        self._tally("anonymised", checked, families, started)
        if located:
            located.sort(key=lambda pair: pair[0])  # stable: by row, then column
            self._stop([r for _, r in located], label, consequence)
        out = frame.with_columns(*replaced.values()) if replaced else frame
        return out.with_columns(pl.Series(GATE_AUDIT, entries, dtype=pl.List(GATE_ENTRY))), cells

    # ------------------------------------------------------------------ prompts

    def prompts(self, items: Sequence[WorkItem], phase: str) -> list[WorkItem]:
        """The items with findings redacted (``redact``); raises on any (``fail``). Every message
        of every item is checked before any is sent."""
        if not self.enabled:
            return list(items)
        started = time.perf_counter()
        out: list[WorkItem] = []
        residuals: list[Residual] = []
        families: list[str] = []
        for item in items:
            messages = list(item.messages)
            redacted: list[str] = []
            for index, message in enumerate(item.messages):
                content = message.get("content") or ""
                findings = self._message(content, item, index)
                if not findings:
                    continue
                families += (f.family for f in findings)
                if self.redacting:
                    messages[index] = {**message, "content": redact(content, findings)}
                    redacted += (f.family for f in findings)
                    continue
                where = f"{phase} prompt for {_described(item)}, message {index + 1} ({message.get('role', '?')})"
                residuals += (Residual(where, f.family) for f in findings)
            if redacted:
                prompt = json.dumps(messages, sort_keys=True)
                sha = hashlib.sha256(prompt.encode()).hexdigest()
                item = replace(item, messages=tuple(messages), prompt_sha256=sha)
                self.redacted_prompts.setdefault(item.key, []).extend(redacted)
            out.append(item)
        self._tally("prompts", len(items), families, started)
        if residuals:
            self._stop(residuals, f"{phase} prompts", "nothing was sent to Ollama")
        return out

    def _message(self, content: str, item: WorkItem, index: int) -> list[Finding]:
        regions = [r for r in item.regions if r.message == index]
        skipped = [(r.start, r.end) for r in regions]
        findings = self.text.scan(content, self._ignore(content, skipped))
        for region in regions:
            if region.kind != "generated":
                continue
            piece = content[region.start : region.end]
            findings += (
                Finding(f.family, f.start + region.start, f.end + region.start)
                for f in self.generated.scan(piece, self._ignore(piece))
            )
        return sorted(findings, key=lambda f: (f.start, f.end))

    # ------------------------------------------------------------------ personas, records

    def personas(
        self,
        frame: pl.DataFrame,
        items: Sequence[WorkItem],
        sources: Mapping[str, Sequence[str]] | None = None,
    ) -> pl.DataFrame:
        """Personas (one row per item, in order) with their fields checked and ``gen_gate``.

        ``gen_gate`` also says which families were redacted from each persona's prompt: by
        :meth:`prompts`, or already in its sources (``sources``: families by source id).
        """
        audit = [
            [{"field": "prompt", "family": f} for f in self._prompt_families(item, sources)]
            for item in items
        ]
        labels = [f"persona {item.persona_id}" for item in items]
        columns = [c for c in PERSONA_FIELDS if c in frame.columns]
        return self._generated(frame, columns, audit, labels, "personas")

    def records(self, frame: pl.DataFrame, items: Sequence[WorkItem]) -> pl.DataFrame:
        """Synthetic records (one row per item that made one) with string columns checked and
        ``gen_gate`` added."""
        audit = [
            [{"field": "prompt", "family": f} for f in self._prompt_families(i)] for i in items
        ]
        labels = [f"record {item.persona_id}" for item in items]
        columns = [n for n, t in frame.schema.items() if is_flat_text(t)]
        return self._generated(frame, columns, audit, labels, "synthetic")

    def judged(self, frame: pl.DataFrame, items: Sequence[WorkItem]) -> pl.DataFrame:
        """``gen_gate`` of judged personas with what was redacted from their judge's prompts."""
        if GEN_GATE not in frame.columns or not self.redacted_prompts:
            return frame
        audit = frame.get_column(GEN_GATE).to_list()
        for item in items:
            extra = [{"field": "judge_prompt", "family": f} for f in self._prompt_families(item)]
            audit[item.index] = [*(audit[item.index] or []), *extra]
        return frame.with_columns(pl.Series(GEN_GATE, audit, dtype=pl.List(GEN_GATE_ENTRY)))

    def _prompt_families(
        self, item: WorkItem, sources: Mapping[str, Sequence[str]] | None = None
    ) -> list[str]:
        found = [f for s in item.source_ids for f in (sources or {}).get(s, ())]
        return found + self.redacted_prompts.get(item.key, [])

    def _generated(
        self,
        frame: pl.DataFrame,
        columns: list[str],
        audit: list[list[dict[str, str]]],
        labels: list[str],
        artefact: str,
    ) -> pl.DataFrame:
        if not self.enabled:
            return frame.with_columns(pl.lit(None, pl.List(GEN_GATE_ENTRY)).alias(GEN_GATE))
        started = time.perf_counter()
        residuals: list[Residual] = []
        families: list[str] = []
        checked = 0
        replaced: dict[str, pl.Series] = {}
        for name in columns:
            values = frame.get_column(name).to_list()
            changed = False
            for row, value in enumerate(values):
                new, count = self._value(value, name, row, audit, labels, residuals, families)
                checked += count
                if new is not value:
                    values[row], changed = new, True
            if changed:
                replaced[name] = pl.Series(name, values, dtype=frame.schema[name])
        self._tally(artefact, checked, families, started)
        if residuals:
            self._stop(residuals, artefact, "nothing was written")
        out = frame.with_columns(*replaced.values()) if replaced else frame
        return out.with_columns(pl.Series(GEN_GATE, audit, dtype=pl.List(GEN_GATE_ENTRY)))

    def _value(
        self,
        value: Any,
        path: str,
        row: int,
        audit: list[list[dict[str, str]]],
        labels: list[str],
        residuals: list[Residual],
        families: list[str],
    ) -> tuple[Any, int]:
        """``value`` (a string, a list or a struct of them) checked; the new value, strings seen."""
        if isinstance(value, str):
            findings = self.generated.scan(value, self._ignore(value)) if value else []
            if not findings:
                return value, 1
            families += (f.family for f in findings)
            if not self.redacting:
                residuals += (
                    Residual(f"{labels[row]}, field '{path}'", f.family) for f in findings
                )
                return value, 1
            audit[row] += ({"field": path, "family": f.family} for f in findings)
            return redact(value, findings), 1
        if isinstance(value, list):
            parts = [
                self._value(v, f"{path}[{i}]", row, audit, labels, residuals, families)
                for i, v in enumerate(value)
            ]
            changed = any(new is not old for (new, _), old in zip(parts, value, strict=True))
            return ([p for p, _ in parts] if changed else value), sum(n for _, n in parts)
        if isinstance(value, dict):
            fields = {
                k: self._value(v, f"{path}.{k}", row, audit, labels, residuals, families)
                for k, v in value.items()
            }
            changed = any(fields[k][0] is not v for k, v in value.items())
            return ({k: p for k, (p, _) in fields.items()} if changed else value), sum(
                n for _, n in fields.values()
            )
        return value, 0

    # ------------------------------------------------------------------ the report

    def html(
        self,
        page: str,
        trusted: Iterable[str] = (),
        label: str = "report.html",
        generated: Iterable[str] = (),
    ) -> str:
        """``page`` with its text nodes checked (not its markup, styles or SVG).

        ``trusted``: texts the job wrote itself (the run's date and timestamps), skipped.
        ``generated``: persona text the page shows (the gallery); a text node that is exactly
        one of them is checked in generated mode, as the persona was before it was written
        (invented names and places are what a persona holds; ``context`` is for prose).
        """
        if not self.enabled:
            return page
        started = time.perf_counter()
        known = [t for t in trusted if t]
        personas = {t.strip() for t in generated if t.strip()}
        parts: list[str] = []
        residuals: list[Residual] = []
        families: list[str] = []
        checked = 0
        for markup, node in html_nodes(page):
            parts.append(markup)
            if not node.strip():
                parts.append(node)
                continue
            checked += 1
            text = html_text.unescape(node)
            gate = self.generated if text.strip() in personas else self.text
            findings = gate.scan(text, self._ignore(text, occurrences(text, known)))
            if not findings:
                parts.append(node)
                continue
            families += (f.family for f in findings)
            if self.redacting:
                parts.append(html_text.escape(redact(text, findings), quote=False))
            else:
                residuals += (Residual(f"{label}, text node {checked}", f.family) for f in findings)
                parts.append(node)
        self._tally("report", checked, families, started)
        if residuals:
            self._stop(residuals, label, "it was not written")
        return "".join(parts)

    # ------------------------------------------------------------------ audit

    def _ignore(self, text: str, spans: Iterable[Span] = ()) -> list[Span]:
        """``spans``, and wherever one of the run's fakes occurs in ``text``."""
        skipped = list(spans)
        if self.values is not None and len(self.values.fakes):
            skipped += ((f.start, f.end) for f in self.values.fakes.find(text))
        return skipped

    def _tally(self, artefact: str, checked: int, families: Iterable[str], started: float) -> None:
        self._checked[artefact] += checked
        self._found.setdefault(artefact, Counter()).update(families)
        self._seconds[artefact] = self._seconds.get(artefact, 0.0) + time.perf_counter() - started

    def _stop(self, residuals: list[Residual], what: str, consequence: str) -> NoReturn:
        raise GateError(gate_message(residuals, what, consequence))

    @property
    def seconds(self) -> float:
        """Time spent checking so far (kept out of the manifest, which reruns reproduce)."""
        return sum(self._seconds.values())

    def block(self) -> GateBlock:
        """The manifest's ``gate`` block: settings, what was checked, what was found."""
        artefacts = {
            name: {
                "mode": ARTEFACTS[name][0],
                ARTEFACTS[name][1]: self._checked[name],
                "findings": dict(sorted(self._found.get(name, Counter()).items())),
            }
            for name in ARTEFACTS
            if name in self._found
        }
        totals = summarise({"artefacts": artefacts})
        return GateBlock(
            enabled=self.enabled,
            on_residual=self.settings.on_residual,
            families=list(self.settings.families),
            modes={"text": list(self.text.checks), "generated": list(self.generated.checks)}
            if self.enabled
            else {},
            allow_values=len(self.settings.allow_values),
            allow_patterns=len(self.settings.allow_patterns),
            artefacts=artefacts,
            source_values=len(self.values.sources) if self.values else None,
            checked=totals["checked"],
            findings=totals["findings"],
        )


def merge_blocks(blocks: Iterable[AnyGateBlock | None]) -> MergedGateBlock | None:
    """One ``gate`` block for several (:func:`merge_manifests` on the blocks); None for none."""
    merged = merge_manifests([b.to_json() for b in blocks if b is not None])
    return MergedGateBlock.model_validate(merged) if merged else None


def source_families(frame: pl.DataFrame, ids: Sequence[str]) -> dict[str, list[str]]:
    """Families the gate redacted from each source row (its ``pii_gate``), by source id."""
    if GATE_AUDIT not in frame.columns:
        return {}
    return {
        sid: [e["family"] for e in entries]
        for sid, entries in zip(ids, frame.get_column(GATE_AUDIT).to_list(), strict=True)
        if entries
    }


def _described(item: WorkItem) -> str:
    shown = ", ".join(item.source_ids[:3]) + (", ..." if len(item.source_ids) > 3 else "")
    sources = (
        f" (sources {shown})" if item.source_ids and item.source_ids != (item.persona_id,) else ""
    )
    return f"{item.persona_id}{sources}"


__all__ = [
    "GATE_AUDIT",
    "GATE_ENTRY",
    "GEN_GATE",
    "GEN_GATE_ENTRY",
    "Guard",
    "RedactedCell",
    "Residual",
    "RunValues",
    "merge_blocks",
    "merge_manifests",
    "source_families",
    "summarise",
]
