"""Quality evaluation: the heuristic score (and the judge) against the labelled calibration set.

Run with ``make eval-quality [JUDGE=model HOST=url]`` or::

    .venv/bin/python -m tests.evaluation.eval_quality [--judge MODEL --host URL] [--worst K]

It scores every record of ``data/calibration/personas.jsonl`` (labelled against
``data/calibration/RUBRIC.md``) with the default settings and prints the Spearman rank
correlation of ``quality_score`` with the labels (overall, on the records tuned on, on the
held-out ones: every fourth of the first batch and all ``unseen`` ones, and on the unseen ones
alone: written and labelled after the score was tuned), a confusion table of levels and the worst disagreements
with the label's reason. With a judge model it does the same for ``judge_score`` and for the
combined score (the mean of the two). Each record is scored on its own, with its sources; a
record with ``duplicate_of`` is scored after that record, in one frame, as a run would.
Nothing here fails on a bad figure: ``tests/quality/test_quality_calibration.py`` asserts them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from persona_batch.llm.generator import PERSONA_SCHEMA
from persona_batch.quality.score import LEVELS, QualitySettings, score_frame
from tests.paths import DATA, ROOT

SET_PATH = DATA / "calibration" / "personas.jsonl"
RANK = {level: len(LEVELS) - 1 - i for i, level in enumerate(LEVELS)}
"""failing 0, poor 1, acceptable 2, good 3, excellent 4."""
HELD_OUT_EVERY = 4
"""Every fourth record (positions 3, 7, ...) is held out: reported apart, not tuned on."""


@dataclass(frozen=True)
class Record:
    id: str
    label: str
    reason: str
    sources: dict[str, str]
    persona: dict[str, Any]
    duplicate_of: str | None
    held_out: bool
    """Not tuned on: every fourth record of the first batch, and every unseen one."""
    unseen: bool
    """Written and labelled after the score was tuned."""


def load_set(path: Path = SET_PATH) -> list[Record]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    position = 0
    for line in lines:
        raw = json.loads(line)
        unseen = bool(raw.get("unseen", False))
        held_out = unseen or position % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
        position += not unseen
        out.append(
            Record(
                id=raw["id"],
                label=raw["label"],
                reason=raw["reason"],
                sources=dict(raw["sources"]),
                persona=dict(raw["persona"]),
                duplicate_of=raw.get("duplicate_of"),
                held_out=held_out,
                unseen=unseen,
            )
        )
    return out


def _row(record: Record) -> dict[str, Any]:
    return {"persona_id": record.id, "gen_error": None, **record.persona}


def record_frame(
    record: Record, by_id: Mapping[str, Record]
) -> tuple[pl.DataFrame, dict[str, str]]:
    """The frame a record is scored in (its original first, if it is a near copy) and sources."""
    chain = [record]
    while chain[0].duplicate_of is not None:
        chain.insert(0, by_id[chain[0].duplicate_of])
    sources: dict[str, str] = {}
    for r in chain:
        sources.update(r.sources)
    frame = pl.DataFrame([_row(r) for r in chain], schema=PERSONA_SCHEMA)
    return frame, sources


def score_set(
    records: Sequence[Record], settings: QualitySettings | None = None
) -> list[dict[str, Any]]:
    """Each record's last row after scoring: its quality columns."""
    qs = settings or QualitySettings()
    by_id = {r.id: r for r in records}
    out = []
    for record in records:
        frame, sources = record_frame(record, by_id)
        out.append(score_frame(frame, sources, qs).to_dicts()[-1])
    return out


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson on average ranks); 0.0 when either is constant."""
    if len(x) != len(y):
        raise ValueError("x and y differ in length")
    n = len(x)
    if n < 2:
        return 0.0
    rx, ry = _ranks(x), _ranks(y)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.fsum((a - mx) ** 2 for a in rx)
    vy = math.fsum((b - my) ** 2 for b in ry)
    return 0.0 if vx == 0 or vy == 0 else cov / math.sqrt(vx * vy)


@dataclass
class Agreement:
    """How one score agrees with the labels."""

    name: str
    correlation: float
    correlation_tuned: float
    correlation_held_out: float
    correlation_unseen: float
    confusion: dict[str, dict[str, int]]
    """label -> level -> count."""
    junk_rated_good: list[str] = field(default_factory=list)
    """Failing or poor records rated good or excellent."""
    good_rated_low: list[str] = field(default_factory=list)
    """Excellent or good records rated poor or failing."""
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    """Records whose level differs from the label, worst first."""

    @property
    def exact(self) -> float:
        total = sum(sum(row.values()) for row in self.confusion.values())
        hits = sum(self.confusion[level][level] for level in LEVELS)
        return hits / total if total else 0.0


def agreement(
    name: str,
    records: Sequence[Record],
    scores: Sequence[float | None],
    levels: Sequence[str | None],
    flags: Sequence[Sequence[str]] | None = None,
) -> Agreement:
    """The figures of one score; records without a score (a judge that failed) are left out."""
    kept = [i for i, s in enumerate(scores) if s is not None]
    labels = [float(RANK[records[i].label]) for i in kept]
    values = [float(scores[i] or 0.0) for i in kept]

    def corr(part: str | None) -> float:
        chosen = [
            k
            for k, i in enumerate(kept)
            if part is None
            or (part == "tuned" and not records[i].held_out)
            or (part == "held_out" and records[i].held_out)
            or (part == "unseen" and records[i].unseen)
        ]
        return spearman([labels[k] for k in chosen], [values[k] for k in chosen])

    confusion = {label: dict.fromkeys(LEVELS, 0) for label in LEVELS}
    result = Agreement(name, corr(None), corr("tuned"), corr("held_out"), corr("unseen"), confusion)
    for i in kept:
        record, level = records[i], str(levels[i])
        confusion[record.label][level] += 1
        if RANK[record.label] <= RANK["poor"] and RANK[level] >= RANK["good"]:
            result.junk_rated_good.append(record.id)
        if RANK[record.label] >= RANK["good"] and RANK[level] < RANK["acceptable"]:
            result.good_rated_low.append(record.id)
        if level != record.label:
            result.disagreements.append(
                {
                    "id": record.id,
                    "label": record.label,
                    "level": level,
                    "score": scores[i],
                    "off_by": RANK[level] - RANK[record.label],
                    "reason": record.reason,
                    "flags": list(flags[i]) if flags is not None else [],
                    "held_out": record.held_out,
                    "unseen": record.unseen,
                }
            )
    result.disagreements.sort(key=lambda d: (-abs(d["off_by"]), d["id"]))
    return result


def heuristic_agreement(
    records: Sequence[Record] | None = None, settings: QualitySettings | None = None
) -> Agreement:
    records = list(records if records is not None else load_set())
    rows = score_set(records, settings)
    return agreement(
        "quality_score",
        records,
        [r["quality_score"] for r in rows],
        [r["quality_level"] for r in rows],
        [r["quality_flags"] for r in rows],
    )


def judge_rows(
    records: Sequence[Record], model: str, host: str, timeout: float = 600.0
) -> list[dict[str, Any]]:
    """``judge_score`` and ``judge_error`` of every record, from ``model`` on ``host``."""
    from persona_batch.core.config import GenerateSettings, OllamaOptions
    from persona_batch.llm.client import OllamaHost
    from persona_batch.llm.generator import Generator
    from persona_batch.quality.judge import Verdict, judge_items, with_verdicts

    frame = pl.DataFrame([_row(r) for r in records], schema=PERSONA_SCHEMA)
    sources: dict[str, str] = {}
    for r in records:
        sources.update(r.sources)
    settings = GenerateSettings(
        concurrency=1,
        max_attempts=2,
        request_timeout=timeout,
        options=OllamaOptions(temperature=0.0, seed=0, num_predict=512),
    )
    items = judge_items(frame, sources, model)
    generator = Generator(
        settings, model, [OllamaHost(host, timeout)], lambda *_: None, reply_model=Verdict
    )
    outcomes = generator.run(items)
    judged = with_verdicts(frame, items, outcomes, model)
    return judged.select("persona_id", "judge_score", "judge_error").to_dicts()


def judge_agreements(
    records: Sequence[Record], model: str, host: str, settings: QualitySettings | None = None
) -> tuple[Agreement, Agreement, int]:
    """The judge's and the combined score's agreement, and how many records the judge failed."""
    qs = settings or QualitySettings()
    judged = judge_rows(records, model, host)
    quality = score_set(records, qs)
    judge_scores = [r["judge_score"] for r in judged]
    combined = [
        None if j is None else round((j + q["quality_score"]) / 2, 1)
        for j, q in zip(judge_scores, quality, strict=True)
    ]

    def level(s: float | None) -> str | None:
        return None if s is None else qs.levels.level(s)

    failed = sum(1 for s in judge_scores if s is None)
    return (
        agreement("judge_score", records, judge_scores, [level(s) for s in judge_scores]),
        agreement("combined", records, combined, [level(s) for s in combined]),
        failed,
    )


# --------------------------------------------------------------------------- printing


def render(result: Agreement, worst: int = 10) -> str:
    lines = [
        f"== {result.name}",
        f"Spearman rank correlation with the labels: {result.correlation:.3f} "
        f"(tuned on: {result.correlation_tuned:.3f}, held out: {result.correlation_held_out:.3f}, "
        f"unseen: {result.correlation_unseen:.3f})",
        f"levels equal to the label: {result.exact:.0%}",
        f"failing/poor rated good or better: {len(result.junk_rated_good)} "
        f"{result.junk_rated_good or ''}",
        f"excellent/good rated below acceptable: {len(result.good_rated_low)} "
        f"{result.good_rated_low or ''}",
        "",
        "confusion (rows: label, columns: level)",
        f"{'':>12}" + "".join(f"{level:>11}" for level in LEVELS),
    ]
    for label in LEVELS:
        lines.append(
            f"{label:>12}" + "".join(f"{result.confusion[label][lv]:>11}" for lv in LEVELS)
        )
    lines.append("")
    lines.append(f"disagreements: {len(result.disagreements)}; the worst {worst}:")
    for d in result.disagreements[:worst]:
        mark = " (unseen)" if d["unseen"] else " (held out)" if d["held_out"] else ""
        lines.append(f"  {d['id']}{mark}: label {d['label']}, rated {d['level']} ({d['score']})")
        lines.append(f"      reason: {d['reason']}")
        if d["flags"]:
            lines.append(f"      flags: {', '.join(d['flags'])}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--judge", help="a judge model to evaluate too (needs --host)")
    parser.add_argument("--host", help="the Ollama (or dev server) URL of the judge model")
    parser.add_argument("--worst", type=int, default=10, help="disagreements to show")
    args = parser.parse_args(argv)
    if bool(args.judge) != bool(args.host):
        parser.error("--judge and --host go together")
    records = load_set()
    counts = {label: sum(r.label == label for r in records) for label in LEVELS}
    held = sum(r.held_out for r in records)
    unseen = sum(r.unseen for r in records)
    print(
        f"{SET_PATH.relative_to(ROOT)}: {len(records)} records {counts}, "
        f"{held} held out ({unseen} unseen)\n"
    )
    print(render(heuristic_agreement(records), args.worst))
    if args.judge:
        judge, combined, failed = judge_agreements(records, args.judge, args.host)
        print(f"\njudge {args.judge} at {args.host}: {failed} of {len(records)} not judged")
        print(render(judge, args.worst))
        print()
        print(render(combined, args.worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
