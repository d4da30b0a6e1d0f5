"""The column plan: decide, from a sample, what happens to each column, before touching data.

Borrowed in shape from presidio-structured: analyse a sample of each column, record the plan,
then apply it to every batch. For each column:

- numbers, booleans and dates pass through unless the job includes them; the job can exclude a
  column, pin its entity types or its strategy;
- a **whole-value** column is one where most sampled values are, end to end, one entity (a
  column of names, emails or phone numbers): every value in it is treated as that entity, so
  the names the NER model misses in isolation are replaced too;
- a **categorical** column (few distinct values, each repeated: segment, plan, country code) is
  searched only for pattern entities: spaCy's NER labels lone words such as "Admin" as people;
- every other text column is searched for every configured entity type: a sample can miss the
  one name in row 90,000.

- an **identifier** column (unique short codes of one shape: ``P0127``, ``R-00042``, UUIDs,
  integers read as text) in which detection finds nothing is the analysts' join key: it
  passes through unchanged, and the plan says so. A job that pins a strategy for it (``hash``)
  gets every value replaced as one ``ID_NUMBER``.

The job can also force a column to be whole values of a type (``whole_value = "LOCATION"`` for
a city column the sample called categorical).

The plan is printed and stored in the output's metadata.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

import polars as pl
from pydantic import Field

from persona_batch.core.config import AnonymiseSettings, DetectSettings, Strategy
from persona_batch.core.errors import ColumnNotFoundError
from persona_batch.core.models import FrozenModel
from persona_batch.privacy.cells import column_cells, is_flat_text, is_nested_text
from persona_batch.privacy.detect import NER_ENTITIES, Finding
from persona_batch.privacy.parallel import Task, chunk, longest_first, run_detection, task_size

FindingsCache = dict[tuple[tuple[str, ...] | None, str], list[Finding]]
"""(entity types looked for, value) -> what detection found in the value."""
_WHOLE_COVERAGE = 0.8


class ColumnPlan(FrozenModel):
    """What happens to one column."""

    column: str
    dtype: str
    action: Literal["anonymise", "skip"]
    reason: str
    strategy: Strategy | None = None
    entities: tuple[str, ...] | None = None
    """Entity types looked for; ``None`` means every configured type."""
    whole_value: str | None = None
    """Set for a column whose every value is treated as this entity type."""
    nested: bool = False
    """A List or Struct column: every string inside is a cell (see :mod:`persona_batch.privacy.cells`)."""
    detected: dict[str, int] = Field(default_factory=dict)
    """Entity type -> sampled cells in which it was found."""
    sampled: int = 0


def check_columns(columns: list[str], settings: AnonymiseSettings, source: str) -> None:
    """Every column the job names must exist."""
    missing = [name for name in settings.columns if name not in columns]
    if missing:
        raise ColumnNotFoundError(
            f"{source}: column '{missing[0]}' is configured under [anonymise.columns] but the "
            f"input has no such column (it has: {', '.join(columns)}); fix the job file"
        )


def plan_columns(
    sample: pl.DataFrame, settings: AnonymiseSettings, source: str
) -> list[ColumnPlan]:
    """A plan for every column of ``sample``, in column order, from types and the job alone."""
    check_columns(sample.columns, settings, source)
    plans: list[ColumnPlan] = []
    for name, dtype in sample.schema.items():
        override = settings.columns.get(name)
        if override is not None and override.exclude:
            plans.append(
                ColumnPlan(column=name, dtype=str(dtype), action="skip", reason="excluded by job")
            )
            continue
        nested = is_nested_text(dtype)
        is_text = is_flat_text(dtype) or nested
        if not is_text and not (override is not None and override.include):
            plans.append(
                ColumnPlan(column=name, dtype=str(dtype), action="skip", reason="not text")
            )
            continue
        plans.append(
            ColumnPlan(
                column=name,
                dtype=str(dtype),
                action="anonymise",
                reason=("nested text" if nested else "text") if is_text else "included by job",
                nested=nested,
                strategy=override.strategy if override and override.strategy else settings.strategy,
                entities=override.entities if override else None,
                whole_value=override.whole_value.upper()
                if override and override.whole_value
                else None,
            )
        )
    return plans


def build_plan(
    sample: pl.DataFrame,
    settings: AnonymiseSettings,
    detect: DetectSettings,
    source: str,
    workers: int = 1,
    found_cache: FindingsCache | None = None,
) -> list[ColumnPlan]:
    """:func:`plan_columns`, refined by what a sample of each planned column holds.

    What the sample's detection found is added to ``found_cache``, so the anonymise stage does
    not analyse the sampled values a second time.
    """
    plans = plan_columns(sample, settings, source)
    values = {
        p.column: [v for v in column_cells(sample.get_column(p.column)).texts if v and v.strip()]
        for p in plans
        if p.action == "anonymise"
    }
    found = _detect_sample(values, plans, detect, workers)
    if found_cache is not None:
        entities = {p.column: p.entities for p in plans}
        for name, cells in found.items():
            found_cache.update(((entities[name], value), cell) for value, cell in cells.items())
    pinned = {
        name for name, o in settings.columns.items() if o.entities is not None or o.whole_value
    }
    strategy_pinned = {name for name, o in settings.columns.items() if o.strategy is not None}
    return [
        _refine(
            p,
            values[p.column],
            found[p.column],
            settings,
            detect,
            p.column in pinned,
            p.column in strategy_pinned,
        )
        if p.column in values
        else p
        for p in plans
    ]


_ID_MAX_LENGTH = 40
_ID_MIN_SAMPLE = 5
_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
)
_RUNS = ((re.compile(r"[^\W\d_]+"), "A"), (re.compile(r"\d+"), "9"))


def _shape(value: str) -> str:
    """``P0127`` -> ``A9``, ``R-00042`` -> ``A-9``; a UUID -> ``uuid``."""
    if _UUID.match(value):
        return "uuid"
    for pattern, letter in _RUNS:
        value = pattern.sub(letter, value)
    return value


def identifier_shape(values: list[str], found: dict[str, list[Finding]]) -> str | None:
    """The one shape of ``values`` if they are identifiers: unique, short, without spaces, one
    shape with a digit in it, and no pattern entity detected in them (the NER model reads
    the odd code as a name: "R-00022"); else None."""
    if len(values) < _ID_MIN_SAMPLE or len(set(values)) < len(values):
        return None
    shapes = set()
    for value in values:
        if len(value) > _ID_MAX_LENGTH or any(ch.isspace() for ch in value.strip()):
            return None
        if any(f.entity_type not in NER_ENTITIES for f in found[value]):
            return None
        shapes.add(_shape(value.strip()))
        if len(shapes) > 1:
            return None
    shape = shapes.pop()
    return shape if shape == "uuid" or "9" in shape else None


def _refine(
    plan: ColumnPlan,
    values: list[str],
    found: dict[str, list[Finding]],
    settings: AnonymiseSettings,
    detect: DetectSettings,
    pinned: bool,
    strategy_pinned: bool = False,
) -> ColumnPlan:
    detected: Counter[str] = Counter()
    whole: Counter[str] = Counter()
    for value in values:
        cell = found[value]
        detected.update({f.entity_type for f in cell})
        length = len(value.strip())
        for f in cell:
            if (f.end - f.start) >= _WHOLE_COVERAGE * length:
                whole[f.entity_type] += 1
                break
    update: dict[str, object] = {"detected": dict(sorted(detected.items())), "sampled": len(values)}
    shape = identifier_shape(values, found) if not pinned and not plan.nested else None
    if shape is not None:
        if strategy_pinned:
            return plan.model_copy(
                update=update
                | {"whole_value": "ID_NUMBER", "reason": f"identifiers ({shape}): strategy pinned"}
            )
        return plan.model_copy(
            update=update
            | {
                "action": "skip",
                "strategy": None,
                "reason": f"identifiers ({shape}, unique): kept unchanged; pin a strategy to change",
            }
        )
    if values and not pinned:
        entity, hits = whole.most_common(1)[0] if whole else ("", 0)
        distinct = len(set(values))
        if hits >= settings.whole_value_share * len(values):
            update |= {"whole_value": entity, "reason": f"whole values are {entity}"}
        elif (
            len(values) >= settings.categorical_min_sample
            and distinct <= settings.categorical_max_distinct_share * len(values)
        ):
            update |= {
                "entities": tuple(e for e in detect.entities if e not in NER_ENTITIES),
                "reason": f"categorical ({distinct} distinct): pattern entities only",
            }
    return plan.model_copy(update=update)


def _detect_sample(
    values: dict[str, list[str]],
    plans: list[ColumnPlan],
    detect: DetectSettings,
    workers: int,
) -> dict[str, dict[str, list[Finding]]]:
    entities = {p.column: p.entities for p in plans}
    tasks: list[Task] = []
    owners: list[str] = []
    for name, texts in values.items():
        distinct = longest_first(list(dict.fromkeys(texts)))
        for piece in chunk(distinct, task_size(len(distinct), workers)):
            tasks.append((entities[name], piece))
            owners.append(name)
    found: dict[str, dict[str, list[Finding]]] = {name: {} for name in values}
    for name, (_, texts), results in zip(
        owners, tasks, run_detection(detect, tasks, workers), strict=True
    ):
        found[name].update(zip(texts, results, strict=True))
    return found
