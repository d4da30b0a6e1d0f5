"""The anonymise stage: a frame in, the same rows out with PII replaced and audit columns added.

For each batch:

1. **detect**: every distinct value of every planned column once (values seen in earlier batches
   come from a cache), fanned out to worker processes (:mod:`persona_batch.privacy.parallel`);
2. **propagate**: what was found in one column of a row (the participant's name, email, phone)
   is also looked for in that row's other planned columns, name parts included ("Maria" alone);
   then a name or place found in some rows is looked for in the batch's other rows
   (:mod:`persona_batch.privacy.recurrence`), where detection found it in most of its places;
3. **apply** the column's strategy (:mod:`persona_batch.privacy.strategies`) and record the audit:
   ``pii_count``, ``pii_entities`` (column, entity type, start, end, score, strategy: never the
   text) and ``pii_error`` (why a cell had to be emptied, or null).

Row count and order are kept; a cell that fails is emptied and its row keeps its place.

For the gate (:mod:`persona_batch.privacy.guard`), the stage keeps the last batch's inserted spans
(:attr:`Anonymiser.inserted`: the gate skips what the anonymiser put there itself) and, when
given :class:`~persona_batch.privacy.guard.RunValues`, remembers what detection found and what replaced
it, as keyed hashes only: the plain text never outlives the batch.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from persona_batch.core.config import AnonymiseSettings, DetectSettings, Strategy
from persona_batch.core.progress import progress_bar
from persona_batch.privacy.cells import Cells, column_cells, rebuild
from persona_batch.privacy.detect import Finding
from persona_batch.privacy.guard import RunValues
from persona_batch.privacy.parallel import Task, chunk, longest_first, run_detection, task_size
from persona_batch.privacy.plan import ColumnPlan, FindingsCache
from persona_batch.privacy.propagation import propagate
from persona_batch.privacy.recurrence import recur
from persona_batch.privacy.strategies import Replacer, Span

AUDIT_ENTITY = pl.Struct(
    {
        "column": pl.String,
        "entity_type": pl.String,
        "start": pl.Int32,
        "end": pl.Int32,
        "score": pl.Float32,
        "strategy": pl.String,
    }
)
AUDIT_COLUMNS = ("pii_count", "pii_entities", "pii_error")
_CACHEABLE_LENGTH = 256
_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class Sampled:
    """An anonymised cell kept for verification: where it is, what it says, what we inserted."""

    row: int
    column: str
    text: str
    inserted: tuple[Span, ...]


@dataclass
class Anonymiser:
    """Applies a column plan to batch after batch; keeps the cross-batch cache and the sample."""

    plan: list[ColumnPlan]
    settings: AnonymiseSettings
    detect: DetectSettings
    replacer: Replacer
    workers: int = 1
    verify_sample: list[Sampled] = field(default_factory=list)
    rows_seen: int = 0
    entity_counts: dict[tuple[str, str], int] = field(default_factory=dict)
    _cache: FindingsCache = field(default_factory=dict)
    _cells_seen: int = 0
    _verified: dict[Sampled, list[tuple[int, str, str]]] = field(default_factory=dict)
    """Residual findings of sampled cells already re-scanned, for :meth:`residual`."""
    values: RunValues | None = None
    """Where detection's findings and their replacements are remembered (keyed hashes)."""
    inserted: dict[str, list[tuple[tuple[int, int], ...]]] = field(default_factory=dict)
    """The last batch's inserted spans: per planned column, each row's (start, end) list."""

    def warm(self, found: FindingsCache) -> None:
        """Start from findings already made (the plan's sample), whatever their length."""
        self._cache.update(found)

    _rng: random.Random = field(default_factory=lambda: random.Random(20261123))

    @property
    def planned(self) -> list[ColumnPlan]:
        return [p for p in self.plan if p.action == "anonymise"]

    def __call__(self, frame: pl.DataFrame) -> pl.DataFrame:
        cells = {p.column: column_cells(frame.get_column(p.column)) for p in self.planned}
        columns = {name: c.texts for name, c in cells.items()}
        findings = self._detect(columns)
        if self.settings.propagate:
            propagate(cells, findings, frame.height)
        if self.settings.recur:
            recur(cells, findings)
        out_columns, audit = self._apply(cells, findings, frame.height)
        self.rows_seen += frame.height
        replaced = frame.with_columns(
            rebuild(frame.get_column(name), values)
            if cells[name].nested
            else pl.Series(name, values, dtype=pl.String)
            for name, values in out_columns.items()
        )
        return replaced.with_columns(
            pl.Series("pii_count", [len(a) for a, _ in audit], dtype=pl.Int32),
            pl.Series("pii_entities", [a for a, _ in audit], dtype=pl.List(AUDIT_ENTITY)),
            pl.Series("pii_error", [e for _, e in audit], dtype=pl.String),
        )

    def _detect(self, columns: dict[str, list[str | None]]) -> dict[str, list[list[Finding]]]:
        entities_of = {p.column: p.entities for p in self.planned}
        whole = {p.column: p.whole_value for p in self.planned if p.whole_value}
        tasks: list[Task] = []
        pending: dict[tuple[tuple[str, ...] | None, str], None] = {}
        for name, values in columns.items():
            if name in whole:
                continue
            for value in values:
                if value and value.strip():
                    key = (entities_of[name], value)
                    if key not in self._cache and key not in pending:
                        pending[key] = None
        by_entities: dict[tuple[str, ...] | None, list[str]] = {}
        for entities, text in pending:
            by_entities.setdefault(entities, []).append(text)
        total = sum(len(v) for v in by_entities.values())
        size = task_size(total, self.workers)
        for entities, distinct in by_entities.items():
            tasks.extend((entities, piece) for piece in chunk(longest_first(distinct), size))
        fresh: dict[tuple[tuple[str, ...] | None, str], list[Finding]] = {}
        with progress_bar("detecting", total, unit="texts") as advance:
            found = run_detection(self.detect, tasks, self.workers, advance)
        for (entities, texts), results in zip(tasks, found, strict=True):
            for text, result in zip(texts, results, strict=True):
                fresh[(entities, text)] = result
        out: dict[str, list[list[Finding]]] = {}
        for name, values in columns.items():
            if name in whole:
                out[name] = [_whole(whole[name], v) for v in values]
                continue
            entities = entities_of[name]
            out[name] = [
                list(fresh.get((entities, v)) or self._cache.get((entities, v)) or [])
                if v and v.strip()
                else []
                for v in values
            ]
        self._remember(fresh)
        return out

    def _remember(self, fresh: dict[tuple[tuple[str, ...] | None, str], list[Finding]]) -> None:
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        for key, value in fresh.items():
            if len(key[1]) <= _CACHEABLE_LENGTH:
                self._cache[key] = value

    def _apply(
        self,
        cells: dict[str, Cells],
        findings: dict[str, list[list[Finding]]],
        height: int,
    ) -> tuple[dict[str, list[str | None]], list[tuple[list[dict[str, object]], str | None]]]:
        """Each cell's new text, and per row its audit entries and error. For a nested column
        the lists run over its strings, in :func:`column_cells` order."""
        strategy_of = {p.column: p.strategy or self.settings.strategy for p in self.planned}
        out: dict[str, list[str | None]] = {name: [] for name in cells}
        audit: list[tuple[list[dict[str, object]], str | None]] = [
            ([], None) for _ in range(height)
        ]
        self.inserted = {}
        for name, column in cells.items():
            strategy = strategy_of[name]
            placed: list[tuple[tuple[int, int], ...]] = [()] * len(column.texts)
            self.inserted[name] = placed
            for i, (value, cell) in enumerate(zip(column.texts, findings[name], strict=True)):
                row, path = column.rows[i], column.paths[i]
                entries, error = audit[row]
                if not cell or value is None:
                    out[name].append(value)
                    if value and value.strip():
                        self._offer_sample(self.rows_seen + row, path, value, [])
                    continue
                try:
                    new_text, spans = self.replacer.apply(value, cell, strategy)
                except Exception as exc:  # a failed cell keeps its row; never its text
                    out[name].append(None)
                    message = f"column '{path}': anonymisation failed ({type(exc).__name__}); cell emptied"
                    audit[row] = (entries, f"{error}; {message}" if error else message)
                    continue
                out[name].append(new_text)
                placed[i] = tuple((span.start, span.end) for span in spans)
                if self.values is not None:
                    _remember(self.values, value, cell, new_text, spans, strategy)
                entries.extend(_audit_entries(path, cell, strategy))
                for f in cell:
                    key = (name, f.entity_type)
                    self.entity_counts[key] = self.entity_counts.get(key, 0) + 1
                self._offer_sample(self.rows_seen + row, path, new_text, spans)
        return out, audit

    def residual(self) -> list[tuple[int, str, str]]:
        """:func:`verify` of the current sample; a cell re-scanned before is not analysed again
        (the generate job checks after every batch, and most of the sample stays)."""
        fresh = [s for s in self.verify_sample if s not in self._verified]
        by_cell = {(s.row, s.column): s for s in fresh}
        found: dict[Sampled, list[tuple[int, str, str]]] = {s: [] for s in fresh}
        for finding in verify(fresh, self.detect, self.settings, self.workers):
            found[by_cell[finding[:2]]].append(finding)
        known = self._verified
        self._verified = {s: known[s] if s in known else found[s] for s in self.verify_sample}
        return sorted(f for s in self.verify_sample for f in self._verified[s])

    def replace_sampled(
        self, row: int, column: str, text: str, inserted: tuple[tuple[int, int], ...]
    ) -> None:
        """The gate redacted cell (``row``, ``column``): verification checks the new ``text``
        (with the inserted spans moved to ``inserted``), as it will be published."""
        for index, item in enumerate(self.verify_sample):
            if item.row == row and item.column == column:
                spans = tuple(
                    Span(a, b, old.entity_type)
                    for (a, b), old in zip(inserted, item.inserted, strict=True)
                )
                self.verify_sample[index] = Sampled(row, column, text, spans)
                return

    def _offer_sample(self, row: int, column: str, text: str, spans: list[Span]) -> None:
        """Reservoir-sample anonymised cells for verification (seeded, so reruns agree)."""
        limit = self.settings.verify.sample_cells
        self._cells_seen += 1
        item = Sampled(row, column, text, tuple(spans))
        if len(self.verify_sample) < limit:
            self.verify_sample.append(item)
            return
        slot = self._rng.randrange(self._cells_seen)
        if slot < limit:
            self.verify_sample[slot] = item


def _remember(
    values: RunValues,
    text: str,
    cell: Iterable[Finding],
    new_text: str,
    spans: Iterable[Span],
    strategy: Strategy,
) -> None:
    for f in cell:
        values.found(f.entity_type, text[f.start : f.end])
    if strategy is Strategy.REPLACE:
        for span in spans:
            values.inserted(new_text[span.start : span.end])


def _whole(entity_type: str, value: str | None) -> list[Finding]:
    if not value or not value.strip():
        return []
    start = len(value) - len(value.lstrip())
    return [Finding(entity_type, start, len(value.rstrip()), 1.0)]


def _audit_entries(
    column: str, cell: Iterable[Finding], strategy: Strategy
) -> list[dict[str, object]]:
    return [
        {
            "column": column,
            "entity_type": f.entity_type,
            "start": f.start,
            "end": f.end,
            "score": f.score,
            "strategy": str(strategy),
        }
        for f in cell
    ]


def verify(
    sample: list[Sampled], detect: DetectSettings, settings: AnonymiseSettings, workers: int
) -> list[tuple[int, str, str]]:
    """Re-scan sampled output cells; (row, column, entity type) for each residual finding.

    Findings that overlap a replacement we inserted (a fake email is still an email) are ours
    and do not count.
    """
    if not sample:
        return []
    texts = [s.text for s in sample]
    entities = settings.verify.entities
    tasks: list[Task] = [
        (entities, piece) for piece in chunk(texts, task_size(len(texts), workers))
    ]
    results = [cell for part in run_detection(detect, tasks, workers) for cell in part]
    residual = []
    for item, cell in zip(sample, results, strict=True):
        for f in cell:
            if f.score < settings.verify.min_score:
                continue
            if any(f.start < s.end and f.end > s.start for s in item.inserted):
                continue
            residual.append((item.row, item.column, f.entity_type))
    return sorted(residual)
