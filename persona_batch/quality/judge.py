"""LLM-as-judge: a model on Ollama rates each persona, through the generation machinery.

The judge sees the persona and the anonymised source text it was built from (never raw data),
answers at temperature 0 with a JSON-schema :class:`Verdict` (five criteria, each 1–5 with a
one-sentence reason), and its requests go through :class:`persona_batch.llm.generator.Generator`:
the same host slots, retries and validation as generation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from persona_batch.core.persona import Persona
from persona_batch.core.work import Region, Span, WorkItem, cited_sources, regions_of
from persona_batch.llm.generator import Outcome

CRITERIA: tuple[str, ...] = ("coherence", "realism", "consistency", "specificity", "usefulness")
CRITERION_ANCHORS: dict[str, str] = {
    "coherence": (
        "the fields form one believable person: 5 every field fits the others; 3 one field jars "
        "(a quote that is not a sentence, a one-line background); 1 the fields do not belong "
        "together or are junk"
    ),
    "realism": (
        "the details are plausible: 5 a realistic full name, age and career; 3 one odd value; "
        "1 the name is a tag (PERSON, <PERSON>, User 1) or no one's name (Premise 1, Sales), or "
        "the age contradicts the career"
    ),
    "consistency": (
        "the persona agrees with the research sources: 5 every claim traces to a source; 3 some "
        "claims are generic or loosely supported; 1 details are invented, contradict the sources "
        "or copy long passages word for word"
    ),
    "specificity": (
        "concrete, not generic: 5 specific numbers, tools and situations from the sources; 3 "
        "partly generic; 1 could be anyone, or leans on stereotypes"
    ),
    "usefulness": (
        "a product team could act on it: 5 clear goals and frustrations to design for; 3 usable "
        "after edits; 1 nothing to act on"
    ),
}
"""The rubric of data/calibration/RUBRIC.md as anchored descriptions of scores 5, 3 and 1."""


def judge_system(order: tuple[str, ...] = CRITERIA) -> str:
    """The judge's instructions, with the criteria in ``order``."""
    lines = "\n".join(f"- {c}: {CRITERION_ANCHORS[c]};" for c in order)
    return f"""You review user-research personas for a product team. Rate the persona on each \
criterion from 1 (poor) to 5 (excellent) with one short sentence of reason, using these anchors \
(2 and 4 lie between them):
{lines}
Text such as <PERSON> marks removed personal data; do not penalise it in the sources, only in the \
persona.
Reply with JSON that matches the schema, and nothing else."""


JUDGE_SYSTEM = judge_system()
REORDERED = tuple(reversed(CRITERIA))
"""The criteria's order in the optional second pass, to catch verdicts that follow the order."""


class Rating(BaseModel):
    """One criterion's rating."""

    model_config = ConfigDict(extra="forbid")

    score: Annotated[int, Field(ge=1, le=5)]
    reason: Annotated[str, Field(min_length=1, max_length=200)]


class Verdict(BaseModel):
    """The judge's reply."""

    model_config = ConfigDict(extra="forbid")

    coherence: Rating
    realism: Rating
    consistency: Rating
    specificity: Rating
    usefulness: Rating


JUDGE_TEMPLATE_SHA256 = hashlib.sha256(JUDGE_SYSTEM.encode()).hexdigest()
DISAGREEMENT = 1
"""A criterion whose two passes differ by more than this is flagged."""
JUDGE_SCORES = pl.Struct({c: pl.Int8 for c in CRITERIA})


def judge_items(
    personas: pl.DataFrame,
    sources: Mapping[str, str],
    model: str,
    typed: Mapping[str, Sequence[Span]] | None = None,
    order: tuple[str, ...] = CRITERIA,
) -> list[WorkItem]:
    """One judge request per successfully generated persona, keyed like generation items.

    ``order``: the order the criteria are described in (:data:`REORDERED` for a second pass).

    ``typed``: where each source text's typed dates sit (:func:`prompts.rendered_sources`), so
    the gate skips them in the judge's prompt as in the persona's. The persona's JSON is marked
    as model-written: the gate checks it as a persona.
    """
    items = []
    system = judge_system(order)
    fields = list(Persona.model_fields)
    with_spans = {sid: (text, (typed or {}).get(sid, ())) for sid, text in sources.items()}
    for index, row in enumerate(personas.to_dicts()):
        if row.get("gen_error") is not None or row.get("name") is None:
            continue
        persona = {f: row.get(f) for f in fields}
        cited, spans = cited_sources(with_spans, row.get("source_ids") or [])
        shown = json.dumps(persona, ensure_ascii=False, indent=1)
        head = "Persona:\n"
        tail = "\n\nResearch sources:\n"
        user = f"{head}{shown}{tail}{cited}"
        messages = ({"role": "system", "content": system}, {"role": "user", "content": user})
        prompt = json.dumps(messages, sort_keys=True)
        digest = hashlib.sha256(f"judge\n{model}\n{prompt}".encode()).hexdigest()
        generated = Region(1, len(head), len(head) + len(shown), "generated")
        items.append(
            WorkItem(
                index=index,
                persona_id=str(row["persona_id"]),
                source_ids=tuple(row.get("source_ids") or ()),
                messages=messages,
                key=digest,
                prompt_sha256=hashlib.sha256(prompt.encode()).hexdigest(),
                pii_counts=(),
                regions=(generated, *regions_of(1, spans, len(head) + len(shown) + len(tail))),
            )
        )
    return items


def with_verdicts(
    personas: pl.DataFrame, items: list[WorkItem], outcomes: Mapping[str, Outcome], model: str
) -> pl.DataFrame:
    """``personas`` with judge_score (0–100), judge_scores, judge_model and judge_error."""
    by_index = {item.index: outcomes[item.key] for item in items if item.key in outcomes}
    scores: list[float | None] = []
    details: list[dict[str, int] | None] = []
    errors: list[str | None] = []
    for index in range(personas.height):
        outcome = by_index.get(index)
        if outcome is None:
            scores.append(None)
            details.append(None)
            errors.append("no persona to judge")
            continue
        verdict: dict[str, Any] = outcome.payload or {}
        if outcome.error or not verdict:
            scores.append(None)
            details.append(None)
            errors.append(outcome.error or "no verdict")
            continue
        ratings = {c: int(verdict[c]["score"]) for c in CRITERIA}
        scores.append(round(sum(r - 1 for r in ratings.values()) / (4 * len(CRITERIA)) * 100, 1))
        details.append(ratings)
        errors.append(None)
    return personas.with_columns(
        pl.Series("judge_score", scores, dtype=pl.Float64),
        pl.Series("judge_scores", details, dtype=JUDGE_SCORES),
        pl.lit(model, dtype=pl.String).alias("judge_model"),
        pl.Series("judge_error", errors, dtype=pl.String),
    )


def disagreements(first: pl.DataFrame, second: pl.DataFrame) -> pl.Series:
    """``judge_disagreement``: per persona, the criteria whose two passes (``judge_scores`` of
    ``first`` and ``second``) differ by more than :data:`DISAGREEMENT` points; null where either
    pass has no verdict. The first pass's scores stay the persona's: nothing is averaged."""
    out: list[list[str] | None] = []
    pairs = zip(first["judge_scores"].to_list(), second["judge_scores"].to_list(), strict=True)
    for a, b in pairs:
        if a is None or b is None:
            out.append(None)
            continue
        out.append([c for c in CRITERIA if abs(int(a[c]) - int(b[c])) > DISAGREEMENT])
    return pl.Series("judge_disagreement", out, dtype=pl.List(pl.String))
