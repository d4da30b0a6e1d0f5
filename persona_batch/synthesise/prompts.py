"""The synthesis prompts: one work item per synthetic record.

Every record is asked for on its own: the shared system message describes the dataset's columns
(from the anonymised profile) with a few example texts, and the user message carries the
record's own targets (:func:`drawing.targets`): the values to use and the lengths to write.
A failed or invalid reply then costs one record, and the journal resumes record by record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from persona_batch.core.work import Region, WorkItem
from persona_batch.synthesise.drawing import RecordTarget, rounded, targets
from persona_batch.synthesise.profiling import ColumnProfile, Profile, bounds, day_of
from persona_batch.synthesise.record import record_model

__all__ = [
    "SYNTH_TEMPLATE_SHA256",
    "SYNTH_TEMPLATE_VERSION",
    "SYSTEM_TEMPLATE",
    "USER_TEMPLATE",
    "synthesis_items",
]

SYNTH_TEMPLATE_VERSION = "synthesise-v1"
SYSTEM_TEMPLATE = """You write one record at a time for a synthetic dataset that stands in for \
sensitive user research. Every record must be realistic, and must describe nobody real.
Rules:
- Copy the values given under "Use exactly these values" into the record unchanged.
- Write the free-text fields yourself, in the style of the examples and in keeping with the \
record's other values, at about the length asked for. Never copy an example or reuse its sentences.
- Text such as <PERSON> or <EMAIL_ADDRESS> marks personal data that was removed. You may use such \
placeholders, but never write a name, e-mail address, phone number, card number, IBAN, IP address \
or street address that could be real.
- Reply with one JSON object that matches the schema, and nothing else.

The dataset's columns:
{columns}{examples}"""
USER_TEMPLATE = """Record {number} of {count}.
Use exactly these values: {values}{lengths}"""
SYNTH_TEMPLATE_SHA256 = hashlib.sha256(
    f"{SYNTH_TEMPLATE_VERSION}\n{SYSTEM_TEMPLATE}\n{USER_TEMPLATE}".encode()
).hexdigest()


def synthesis_items(
    profile: Profile,
    count: int,
    model_name: str,
    seed: int,
    *,
    options: Mapping[str, Any] | None = None,
    schema: Mapping[str, Any] | None = None,
) -> list[WorkItem]:
    """One work item per synthetic record, each with its own targets (see :func:`drawing.targets`).

    The key hashes the prompt, the model, the options, the reply schema and the template, so a
    rerun with the same profile, count and seed resumes from the journal. ``options`` are the
    Ollama options the requests will carry (``GenerateSettings.options.as_options()``).
    """
    reply_schema = dict(schema) if schema is not None else record_model(profile).model_json_schema()
    fingerprint = json.dumps(
        {
            "model": model_name,
            "options": dict(options or {}),
            "schema": reply_schema,
            "template": SYNTH_TEMPLATE_SHA256,
        },
        sort_keys=True,
    )
    system = _system_message(profile)
    dated = {c.name for c in profile.columns if c.kind in ("date", "datetime")}
    ranges = tuple(
        Region(0, start, start + len(text), "computed")
        for c in profile.columns
        if c.kind == "date"
        for text in (_describe(c),)
        for start in (system.find(text),)
        if start >= 0
    )
    items = []
    for index, target in enumerate(targets(profile, count, seed)):
        user = USER_TEMPLATE.format(
            number=index + 1,
            count=count,
            values=json.dumps(target.values, ensure_ascii=False),
            lengths=_lengths_line(profile, target),
        )
        messages = ({"role": "system", "content": system}, {"role": "user", "content": user})
        prompt = json.dumps(messages, sort_keys=True)
        items.append(
            WorkItem(
                index=index,
                persona_id=f"synthetic-{index + 1}",
                source_ids=(),
                messages=messages,
                key=hashlib.sha256(f"{fingerprint}\n{prompt}".encode()).hexdigest(),
                prompt_sha256=hashlib.sha256(prompt.encode()).hexdigest(),
                pii_counts=(),
                regions=ranges + _computed_values(user, target, dated),
            )
        )
    return items


def _computed_values(user: str, target: RecordTarget, dated: set[str]) -> tuple[Region, ...]:
    """Where the record's target dates sit in its message: values the job drew itself, which
    the gate skips (it checks the rest: categories come from the anonymised source)."""
    found = []
    for name, value in target.values.items():
        if name not in dated or not isinstance(value, str):
            continue
        key = f"{json.dumps(name, ensure_ascii=False)}: "
        start = user.find(key + json.dumps(value, ensure_ascii=False))
        if start >= 0:
            begin = start + len(key)
            found.append(Region(1, begin, begin + len(json.dumps(value)), "computed"))
    return tuple(found)


def _system_message(profile: Profile) -> str:
    lines = [_describe(c) for c in profile.columns if c.kind != "identifier"]
    examples = []
    for column in profile.columns:
        if column.kind == "text" and column.examples:
            examples.append(f"{column.name}:")
            examples.extend(f"  - {json.dumps(e, ensure_ascii=False)}" for e in column.examples)
    block = "\n\nExamples of the free-text columns (anonymised):\n" + "\n".join(examples)
    return SYSTEM_TEMPLATE.format(columns="\n".join(lines), examples=block if examples else "")


def _describe(column: ColumnProfile) -> str:
    low, high = bounds(column)
    present = [c.value for c in column.categories if c.value is not None]
    if column.kind == "categorical" and len(present) == 1:
        text = f"always {json.dumps(present[0], ensure_ascii=False)}"
    elif column.kind == "categorical":
        text = f"one of {len(present)} categories"
    elif column.kind == "boolean":
        text = "true or false"
    elif column.kind == "integer":
        text = f"a whole number from {low:.0f} to {high:.0f}"
    elif column.kind == "float":
        text = f"a number from {rounded(low, column.decimals)} to {rounded(high, column.decimals)}"
    elif column.kind == "date":
        text = f"a date (YYYY-MM-DD) from {day_of(low)} to {day_of(high)}"
    elif column.kind == "datetime":
        text = "a date and time (ISO 8601)"
    else:
        short, long = column.lengths[10], column.lengths[90]
        text = f"free text, usually {short:.0f} to {long:.0f} characters"
    return f"- {column.name}: {text}{', or null' if column.nulls else ''}"


def _lengths_line(profile: Profile, target: RecordTarget) -> str:
    if not target.lengths:
        return ""
    asks = {
        name: f"about {max(1, round(chars / (profile.column(name).chars_per_word or 6.0)))} "
        f"words, {chars} characters"
        for name, chars in target.lengths.items()
    }
    return f"\nWrite the free-text fields at about these lengths: {json.dumps(asks)}"
