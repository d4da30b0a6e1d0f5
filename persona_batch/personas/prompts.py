"""What the model is asked: prompts built only from the frame they are given.

The generate job hands this module the *anonymised* frame, so a prompt can only hold what
survived anonymisation. Each :class:`WorkItem` is one persona to generate: its sources, its
messages, and a key (a hash of sources, template, model, options and schema) under which its
result is journalled, so a rerun knows what is already done. Its :class:`Region` s tell the gate
(:mod:`persona_batch.privacy.guard`) which parts of a message the job wrote itself from typed values
(a date column's dates: the plan passes typed columns through) and which a model wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from typing import Any

import polars as pl

from persona_batch.core.columns import input_rows
from persona_batch.core.config import GenerateSettings
from persona_batch.core.errors import ColumnNotFoundError
from persona_batch.core.work import Span, WorkItem, joined, regions_of
from persona_batch.personas.sampling import (
    group_key,
    priority,
    prompt_columns,
)

TEMPLATE_VERSION = "persona-v3"
GROUP_NOTE = """
This is persona {k} of {n} for {column} = {group}: make it a different person from the group's other personas."""
SYSTEM_PROMPT = """You are a senior user-research analyst. You turn research notes into one \
realistic, specific persona for a product team.
Rules:
- Use only what the sources support; do not invent facts the sources contradict, and no stereotypes.
- Text such as <PERSON>, <EMAIL_ADDRESS> or PERSON_1a2b... marks personal data that was removed. \
Never guess it and never copy it.
- "name": invent a realistic first name and surname for someone living in the persona's location. \
It must not appear in any source, and must never be a tag, a label with a number, a job title, \
a team or a single word.
- "quote": one full sentence the persona says, in the first person ("I ..."), in their own words.
- "background": two or three sentences with specifics from the sources (what they do, where, how).
- "goals", "frustrations", "behaviours": each item a phrase of several words, taken from the sources.
- Keep age, career and location consistent with each other and with the sources; write the quote \
in a language spoken where the persona lives; do not copy long passages of a source word for word.
- In "evidence", cite the source id and a short excerpt for the fields the sources support.
- Reply with JSON that matches the schema, and nothing else."""
USER_TEMPLATE = """Build one persona from this research ({count} source(s)).{note}

{sources}"""
TEMPLATE_SHA256 = hashlib.sha256(
    f"{TEMPLATE_VERSION}\n{SYSTEM_PROMPT}\n{USER_TEMPLATE}".encode()
).hexdigest()


def source_ids(frame: pl.DataFrame, settings: GenerateSettings) -> list[str]:
    """``id_column``'s (anonymised) values, else ``row-N`` by the input's row number."""
    if settings.id_column is None:
        return [f"row-{row + 1}" for row in input_rows(frame)]
    if settings.id_column not in frame.columns:
        raise ColumnNotFoundError.naming(
            f"generate.id_column '{settings.id_column}'",
            frame.columns,
            "fix the job file or --id-column",
        )
    return [str(v) for v in frame.get_column(settings.id_column).to_list()]


def _prompt_columns(frame: pl.DataFrame, settings: GenerateSettings) -> list[str]:
    if settings.prompt_columns is None:
        return prompt_columns(frame.columns)
    missing = [c for c in settings.prompt_columns if c not in frame.columns]
    if missing:
        raise ColumnNotFoundError.naming(
            f"generate.prompt_columns names '{missing[0]}', which",
            frame.columns,
            "fix the job file",
        )
    return list(settings.prompt_columns)


def withheld_columns(frame: pl.DataFrame, settings: GenerateSettings) -> list[str]:
    """The prompt columns whose rare words are withheld: all but the id column, whose values
    name the sources (``[source P0127]``) and pass unchanged."""
    return [c for c in _prompt_columns(frame, settings) if c != settings.id_column]


def _rendered(
    source_id: str, row: dict[str, Any], columns: list[str], limit: int
) -> tuple[str, tuple[Span, ...]]:
    """A source row as the model sees it, and where its typed dates sit (``computed``)."""
    lines = [f"[source {source_id}]"]
    typed: list[Span] = []
    size = len(lines[0])
    for column in columns:
        value = row.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        line = f"{column}: {value}"
        if isinstance(value, dt.date | dt.time):  # a datetime is a date too
            start = size + 1 + len(column) + 2
            typed.append((start, start + len(str(value))))
        lines.append(line)
        size += 1 + len(line)
    text = "\n".join(lines)
    if len(text) <= limit:
        return text, tuple(typed)
    cut = limit - 1
    return text[:cut] + "…", tuple((a, min(b, cut)) for a, b in typed if a < cut)


def _render(source_id: str, row: dict[str, Any], columns: list[str], limit: int) -> str:
    return _rendered(source_id, row, columns, limit)[0]


def source_texts(frame: pl.DataFrame, settings: GenerateSettings) -> dict[str, str]:
    """Each source row as the model sees it, by source id: what scoring checks evidence against."""
    return {sid: text for sid, (text, _) in rendered_sources(frame, settings).items()}


def rendered_sources(
    frame: pl.DataFrame, settings: GenerateSettings
) -> dict[str, tuple[str, tuple[Span, ...]]]:
    """:func:`source_texts` with the spans of each text's typed dates, for the judge's prompt."""
    ids = source_ids(frame, settings)
    columns = _prompt_columns(frame, settings)
    budget = settings.source_budget()
    return {
        sid: _rendered(sid, row, columns, budget)
        for sid, row in zip(ids, frame.to_dicts(), strict=True)
    }


def _pii_counts(rows: list[dict[str, Any]]) -> tuple[tuple[str, int], ...]:
    counter: Counter[str] = Counter()
    for row in rows:
        for entry in row.get("pii_entities") or []:
            counter[entry["entity_type"]] += 1
    return tuple(sorted(counter.items()))


def build_items(
    frame: pl.DataFrame, settings: GenerateSettings, model: str, schema: dict[str, Any]
) -> list[WorkItem]:
    """One item per row, or ``per_group`` items per group of ``group_by``."""
    ids = source_ids(frame, settings)
    columns = _prompt_columns(frame, settings)
    rows = frame.to_dicts()
    fingerprint = json.dumps(
        {
            "model": model,
            "options": settings.options.as_options(),
            "schema": schema,
            "template": TEMPLATE_SHA256,
        },
        sort_keys=True,
    )
    if settings.group_by is None:
        plans = [(ids[i], [i], "") for i in range(len(rows))]
    else:
        plans = _group_plans(frame, settings, ids, rows, columns)
    items = []
    for index, (persona_id, members, note) in enumerate(plans):
        budget = settings.source_budget()
        texts: list[tuple[str, tuple[Span, ...]]] = []
        for i in members:
            text, typed = _rendered(ids[i], rows[i], columns, budget)
            texts.append((text, typed))
            budget -= len(text)
            if budget <= 0:
                break
        head = USER_TEMPLATE.format(count=len(texts), note=note, sources="")
        body, typed_spans = joined(texts)
        messages = (
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": head + body},
        )
        prompt = json.dumps(messages, sort_keys=True)
        items.append(
            WorkItem(
                index=index,
                persona_id=persona_id,
                source_ids=tuple(ids[i] for i in members[: len(texts)]),
                messages=messages,
                key=hashlib.sha256(f"{fingerprint}\n{prompt}".encode()).hexdigest(),
                prompt_sha256=hashlib.sha256(prompt.encode()).hexdigest(),
                pii_counts=_pii_counts([rows[i] for i in members[: len(texts)]]),
                regions=regions_of(1, typed_spans, len(head)),
            )
        )
    return items


def _group_plans(
    frame: pl.DataFrame,
    settings: GenerateSettings,
    ids: list[str],
    rows: list[dict[str, Any]],
    columns: list[str],
) -> list[tuple[str, list[int], str]]:
    group_by = settings.group_by
    assert group_by is not None
    if group_by not in frame.columns:
        raise ColumnNotFoundError.naming(
            f"--group-by '{group_by}'", frame.columns, "choose one of those"
        )
    groups: dict[str, list[int]] = {}
    for i, value in enumerate(frame.get_column(group_by).cast(pl.String).to_list()):
        groups.setdefault(group_key(value), []).append(i)
    plans = []
    seed = settings.options.seed
    positions = input_rows(frame)
    for group, members in groups.items():
        for k in range(settings.per_group):
            ranks = {i: priority(group, k, seed, positions[i]) for i in members}
            order = sorted(members, key=ranks.__getitem__)
            chosen: list[int] = []
            used = 0
            for i in order:
                size = len(_render(ids[i], rows[i], columns, settings.source_budget()))
                if chosen and used + size > settings.source_budget():
                    break
                chosen.append(i)
                used += size
            note = GROUP_NOTE.format(k=k + 1, n=settings.per_group, column=group_by, group=group)
            plans.append((f"{group}-{k + 1}", sorted(chosen), note))
    return plans
