"""Which rows a grouped persona is built from, chosen while the input streams by.

``persona generate --group-by segment --per-group 3`` builds each persona from a seeded random
sample of its group that fits the prompt's source budget. Holding every row of a 2 GB input to
draw those samples would make memory grow with the file, so the job streams its batches through
a :class:`GroupSampler` instead. Every (group, persona) pair ranks rows by a seeded hash of the
row's source id (:func:`priority`), the same order a seeded shuffle would give, and the sampler
keeps only the best-ranked rows whose text adds up to the budget with a margin. Memory is then
bounded by groups × personas per group × budget, whatever the input's size, and the sample does
not depend on how the input was split into batches.

Only the kept rows are anonymised and sent on: a row that no prompt can use is never analysed.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from persona_batch.core.columns import AUDIT_PREFIX, MISSING_GROUP, ROW_COLUMN
from persona_batch.core.config import GenerateSettings
from persona_batch.core.errors import ColumnNotFoundError

MARGIN = 1.5
"""Kept text per (group, persona) is at least budget × this: anonymisation changes lengths."""


def priority(group: str, k: int, seed: int | None, row: int) -> int:
    """Rank of the input's row ``row`` for persona ``k`` of ``group``: lower is chosen first."""
    digest = hashlib.sha256(f"{group}\x1f{k}\x1f{seed}\x1f{row}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def group_key(value: Any) -> str:
    return MISSING_GROUP if value is None else str(value)


def prompt_columns(columns: list[str]) -> list[str]:
    """The columns a prompt shows when the job does not name them: all but the audit's."""
    return [c for c in columns if not c.startswith(AUDIT_PREFIX) and c != ROW_COLUMN]


def text_size(row: dict[str, Any], columns: list[str]) -> int:
    """About the length of the row as a prompt shows it (``column: value`` lines)."""
    size = 24
    for column in columns:
        value = row.get(column)
        if value is not None and str(value).strip():
            size += len(column) + len(str(value)) + 3
    return size


@dataclass
class _Reservoir:
    """The best-ranked rows of one (group, persona) whose sizes add up to ``threshold``."""

    threshold: float
    heap: list[tuple[int, int, int]] = field(default_factory=list)
    """Max-heap by rank: (-priority, -position, size)."""
    total: int = 0

    def offer(self, rank: int, position: int, size: int) -> list[int]:
        """Add a row; the positions it pushed out (possibly itself)."""
        heapq.heappush(self.heap, (-rank, -position, size))
        self.total += size
        dropped = []
        while len(self.heap) > 1 and self.total - self.heap[0][2] >= self.threshold:
            _, neg_position, worst = heapq.heappop(self.heap)
            self.total -= worst
            dropped.append(-neg_position)
        return dropped


class GroupSampler:
    """Streams batches by and keeps, per group, the rows its personas can be built from."""

    def __init__(
        self,
        group_by: str,
        per_group: int,
        seed: int | None,
        budget: int,
        id_column: str | None = None,
        prompt_columns: tuple[str, ...] | None = None,
    ) -> None:
        self.group_by = group_by
        self.per_group = per_group
        self.seed = seed
        self.threshold = budget * MARGIN
        self.id_column = id_column
        self.prompt_columns = prompt_columns
        self.rows_seen = 0
        self.schema: pl.Schema | None = None
        self._groups: dict[str, int] = {}
        self._reservoirs: dict[tuple[str, int], _Reservoir] = {}
        self._rows: dict[int, tuple[str, dict[str, Any]]] = {}
        """Kept rows by input position: group, values."""
        self._refs: Counter[int] = Counter()

    def add(self, batch: pl.DataFrame) -> None:
        """Offer every row of the next batch (batches in input order)."""
        if self.schema is None:
            self._check(batch)
            self.schema = batch.schema
        columns = list(self.prompt_columns or prompt_columns(batch.columns))
        groups = batch.get_column(self.group_by).cast(pl.String).to_list()
        for offset, row in enumerate(batch.iter_rows(named=True)):
            position = self.rows_seen + offset
            group = group_key(groups[offset])
            self._groups.setdefault(group, len(self._groups))
            size = text_size(row, columns)
            for k in range(self.per_group):
                reservoir = self._reservoirs.setdefault((group, k), _Reservoir(self.threshold))
                self._refs[position] += 1
                rank = priority(group, k, self.seed, position)
                for gone in reservoir.offer(rank, position, size):
                    self._release(gone)
            if self._refs[position]:  # some reservoir kept it (a Counter reads 0 for gone keys)
                self._rows[position] = (group, row)
        self.rows_seen += batch.height

    def _release(self, position: int) -> None:
        self._refs[position] -= 1
        if self._refs[position] == 0:
            del self._refs[position]
            self._rows.pop(position, None)

    def _check(self, batch: pl.DataFrame) -> None:
        for name, option in ((self.group_by, "--group-by"), (self.id_column, "--id-column")):
            if name is not None and name not in batch.columns:
                raise ColumnNotFoundError.naming(
                    f"{option} '{name}'", batch.columns, "choose one of those"
                )

    @classmethod
    def for_settings(cls, settings: GenerateSettings) -> GroupSampler:
        """The sampler for a grouped job's ``[generate]`` settings."""
        if settings.group_by is None:
            raise ValueError("a GroupSampler needs generate.group_by")
        return cls(
            settings.group_by,
            settings.per_group,
            settings.options.seed,
            settings.source_budget(),
            settings.id_column,
            settings.prompt_columns,
        )

    @property
    def kept(self) -> int:
        """Rows held now."""
        return len(self._rows)

    def frame(self) -> pl.DataFrame:
        """The kept rows, group by group in order of first appearance, each in input order,
        with their input positions in :data:`ROW_COLUMN`."""
        assert self.schema is not None, "no batch was added"
        order = sorted(self._rows, key=lambda p: (self._groups[self._rows[p][0]], p))
        frame = pl.from_dicts([self._rows[p][1] for p in order], schema=self.schema)
        return frame.with_columns(pl.Series(ROW_COLUMN, order, dtype=pl.Int64))
