"""Privacy evaluation: PII leak rate per entity type and non-PII words kept, job vs Presidio.

Run with ``make eval-privacy [ROWS=N]`` or::

    .venv/bin/python -m tests.evaluation.eval_privacy [--rows N] [--seed S] [--workers W]
        [--json PATH] [--examples K] [--no-baseline]

It builds the seeded evaluation set (``tests/evaluation/privacy_set.py``: Faker locales and
hand-written lists, ten locales, seven text styles, case variants), runs the anonymise job on
it (default detection, ``redact``, verification off) and, unless ``--no-baseline``, Presidio's
default ``AnalyzerEngine`` on the same spaCy model, then prints per entity type how many
planted values leaked for each, the share of non-PII words each kept, and the job's leaks per
style, locale and case with masked examples (shapes and label-only templates, never values).
The figures go to ``out/eval/privacy.json`` too. Nothing here fails on a bad figure: the
limits are asserted by ``tests/test_privacy_eval.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from tests.evaluation.privacy_eval import EngineResult, Tally, run_job, run_presidio_default
from tests.evaluation.privacy_set import DEFAULT_SEED, LABELS, PrivacySet, build_set
from tests.paths import ROOT

OUT_JSON = ROOT / "out" / "eval" / "privacy.json"
DEFAULT_ROWS = 700  # ten blocks of every (locale, style) pair


def _pct(tally: Tally | None) -> str:
    return "-" if tally is None or not tally.planted else f"{tally.rate:.1%}"


def label_table(job: EngineResult, baseline: EngineResult | None) -> Table:
    table = Table(title="PII leak rate per entity type (lower is better)", title_justify="left")
    table.add_column("label")
    for name in ("planted", "job leaked", "job leak %"):
        table.add_column(name, justify="right")
    if baseline is not None:
        table.add_column("Presidio leaked", justify="right")
        table.add_column("Presidio leak %", justify="right")
    ours = job.by_label()
    theirs = baseline.by_label() if baseline else {}
    for label in LABELS:
        if label not in ours:
            continue
        row = [label, str(ours[label].planted), str(ours[label].leaked), _pct(ours[label])]
        if baseline is not None:
            other = theirs.get(label)
            row += [str(other.leaked if other else 0), _pct(other)]
        table.add_row(*row)
    total = Tally(sum(t.planted for t in ours.values()), sum(t.leaked for t in ours.values()))
    row = ["all", str(total.planted), str(total.leaked), _pct(total)]
    if baseline is not None:
        base = Tally(total.planted, sum(t.leaked for t in theirs.values()))
        row += [str(base.leaked), _pct(base)]
    table.add_row(*row, style="bold")
    return table


def negatives_table(job: EngineResult, baseline: EngineResult | None) -> Table:
    table = Table(title="hard negatives removed (lower is better)", title_justify="left")
    table.add_column("category")
    table.add_column("phrases", justify="right")
    table.add_column("job removed", justify="right")
    if baseline is not None:
        table.add_column("Presidio removed", justify="right")
    for category, tally in sorted(job.negatives.items()):
        row = [category, str(tally.planted), f"{tally.leaked} ({_pct(tally)})"]
        if baseline is not None:
            other = baseline.negatives.get(category, Tally())
            row.append(f"{other.leaked} ({_pct(other)})")
        table.add_row(*row)
    return table


def breakdown_table(job: EngineResult, key: str, worst: int = 4) -> Table:
    table = Table(title=f"job leaks per {key}", title_justify="left")
    table.add_column(key)
    for name in ("planted", "leaked", "leak %"):
        table.add_column(name, justify="right")
    table.add_column(f"worst labels (leaked/planted), top {worst}")
    for name, tallies in job.breakdown(key).items():
        total = Tally(
            sum(t.planted for t in tallies.values()), sum(t.leaked for t in tallies.values())
        )
        ranked = sorted(
            (item for item in tallies.items() if item[1].leaked),
            key=lambda item: (-item[1].rate, -item[1].leaked),
        )[:worst]
        text = ", ".join(f"{label} {t.leaked}/{t.planted} ({t.rate:.0%})" for label, t in ranked)
        table.add_row(name, str(total.planted), str(total.leaked), _pct(total), text or "-")
    return table


def examples_table(job: EngineResult, per_label: int) -> Table:
    table = Table(
        title=f"job leaks, up to {per_label} per label (masked: value shape, template with labels)",
        title_justify="left",
    )
    for name in ("label", "row", "style / locale / case", "survived", "shape", "context"):
        table.add_column(name, overflow="fold")
    for label, items in job.examples(per_label).items():
        for item in items:
            where = f"{item['style']} / {item['locale']} / {item['case']}"
            if item["column"] != "text":
                where += f" ({item['column']})"
            table.add_row(
                label, item["row"], where, item["survived"], item["shape"], item["context"]
            )
    return table


def kept_line(result: EngineResult) -> str:
    return (
        f"{result.engine}: kept {result.kept:,} of {result.words:,} non-PII words "
        f"({result.kept_share:.1%}) in {result.seconds:.1f} s"
    )


def code_state() -> dict[str, Any]:
    """The commit measured and how many files of persona_batch/ differ from it (work in progress)."""

    def git(*args: str) -> str:
        try:
            done = subprocess.run(
                ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
            )
        except (OSError, subprocess.CalledProcessError):
            return ""
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "persona_batch")
    return {
        "commit": git("rev-parse", "HEAD"),
        "persona_batch_changed_files": len(changed.split("\n")) if changed else 0,
    }


def report(
    dataset: PrivacySet,
    job: EngineResult,
    baseline: EngineResult | None,
    args: argparse.Namespace,
    total_s: float,
) -> dict[str, Any]:
    return {
        "evaluation": "privacy",
        "started_at": args.started_at,
        "argv": sys.argv[1:],
        "seed": dataset.seed,
        "rows": dataset.frame.height,
        "cells": len(dataset.cells),
        "workers": args.workers,
        "code": code_state(),
        "total_seconds": round(total_s, 1),
        "metric": (
            "a planted value leaks when it, or any 4+ character word or 4+ digit run of it "
            "(also with separators removed), survives in its output cell, case-insensitive; "
            "kept = share of the template's non-PII word tokens still in the output cell"
        ),
        "engines": {
            "job": job.as_json(examples=args.examples),
            **({"presidio_default": baseline.as_json()} if baseline else {}),
        },
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="rows (default 700)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the set's seed")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="job workers (default: CPUs)"
    )
    parser.add_argument("--json", type=Path, default=OUT_JSON, help="where the figures go")
    parser.add_argument("--examples", type=int, default=3, help="masked leaks shown per label")
    parser.add_argument("--no-baseline", action="store_true", help="skip Presidio's default engine")
    parser.add_argument(
        "--gate",
        choices=("off", "redact"),
        default="off",
        help="off: detection alone (default); redact: detection, then the gate redacting",
    )
    args = parser.parse_args(argv)
    if args.rows < 1 or args.workers < 1 or args.examples < 0:
        parser.error("--rows and --workers must be >= 1, --examples >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.started_at = datetime.now(UTC).isoformat(timespec="seconds")
    begun = time.perf_counter()
    out = Console(width=max(shutil.get_terminal_size((140, 24)).columns, 140))
    log = Console(stderr=True)

    log.log(f"building {args.rows:,} rows (seed {args.seed})")
    dataset = build_set(args.rows, args.seed)
    log.log(f"anonymise job, {args.workers} worker(s)")
    job = run_job(dataset, args.workers, gate=args.gate)
    baseline = None
    if not args.no_baseline:
        log.log("Presidio default AnalyzerEngine, cell by cell")
        baseline = run_presidio_default(dataset)
    total_s = time.perf_counter() - begun

    out.print(
        f"privacy evaluation: {dataset.frame.height:,} rows, {len(dataset.cells):,} text cells, "
        f"seed {dataset.seed}, {len(job.outcomes):,} planted values; job workers {args.workers}"
    )
    out.print(label_table(job, baseline))
    out.print(kept_line(job))
    if baseline is not None:
        out.print(kept_line(baseline))
    out.print(negatives_table(job, baseline))
    for key in ("style", "locale", "case"):
        out.print(breakdown_table(job, key))
    if args.examples:
        out.print(examples_table(job, args.examples))
    data = report(dataset, job, baseline, args, total_s)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shown = args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json
    out.print(f"results: {shown}; total run time {total_s:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
