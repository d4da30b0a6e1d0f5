"""The persona rows of a personas frame, as the quality score reads them: each row's fields,
cleaned, and what the score's dimensions write for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from persona_batch.core.persona import PERSONA_FIELDS
from persona_batch.core.text import cleaned, is_filler, text_list

__all__ = [
    "LIST_FIELDS",
    "PERSONA_COLUMNS",
    "TEXT_FIELDS",
    "PersonaRow",
    "RowResult",
    "persona_rows",
]

TEXT_FIELDS: tuple[str, ...] = ("name", "occupation", "location", "background", "quote")
LIST_FIELDS: tuple[str, ...] = ("goals", "frustrations", "behaviours")
PERSONA_COLUMNS: tuple[str, ...] = PERSONA_FIELDS
"""The persona's own columns in a personas frame: the reply model's fields."""


@dataclass
class PersonaRow:
    """One row's persona fields, cleaned."""

    index: int
    persona_id: str
    source_ids: list[str]
    failed: bool
    name: str
    age: int | None
    occupation: str
    location: str
    background: str
    quote: str
    lists: dict[str, list[str]]
    evidence: list[dict[str, str]]

    def text(self, name: str) -> str:
        value: str = getattr(self, name)
        return value

    def presence(self) -> float:
        """Share of the nine persona fields that hold something other than filler."""
        present = [not is_filler(self.text(name)) for name in TEXT_FIELDS]
        present.append(self.age is not None)
        present.extend(any(not is_filler(i) for i in self.lists[n]) for n in LIST_FIELDS)
        return sum(present) / len(present)


@dataclass
class RowResult:
    """What the dimensions found for one row: a score for each dimension and the flags."""

    scores: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


def _column(frame: pl.DataFrame, name: str) -> list[Any]:
    if name in frame.columns:
        return frame.get_column(name).to_list()
    return [None] * frame.height


def persona_rows(frame: pl.DataFrame) -> list[PersonaRow]:
    """The frame's rows, in order; a persona column the frame lacks reads as empty."""
    columns = {name: _column(frame, name) for name in PERSONA_COLUMNS}
    ids = _column(frame, "persona_id")
    sources = _column(frame, "source_ids")
    errors = _column(frame, "gen_error")
    rows = []
    for i in range(frame.height):
        values = {name: columns[name][i] for name in PERSONA_COLUMNS}
        failed = errors[i] is not None or all(
            values[name] is None for name in PERSONA_COLUMNS if name != "evidence"
        )
        age = values["age"]
        rows.append(
            PersonaRow(
                index=i,
                persona_id=str(ids[i]) if ids[i] is not None else f"#{i + 1}",
                source_ids=[str(s) for s in sources[i] or [] if s is not None],
                failed=failed,
                name=cleaned(values["name"]),
                age=None if age is None else int(age),
                occupation=cleaned(values["occupation"]),
                location=cleaned(values["location"]),
                background=cleaned(values["background"]),
                quote=cleaned(values["quote"]),
                lists={name: text_list(values[name]) for name in LIST_FIELDS},
                evidence=[
                    {k: cleaned(item.get(k)) for k in ("field", "source_id", "excerpt")}
                    for item in values["evidence"] or []
                    if item is not None
                ],
            )
        )
    return rows
