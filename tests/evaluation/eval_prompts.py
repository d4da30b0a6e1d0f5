"""What reaches the model: the planted values of the privacy set found in the prompts that
``persona generate`` sends, per entity type.

Run with::

    .venv/bin/python -m tests.evaluation.eval_prompts [--rows N] [--seed S] [--workers W]

It writes the seeded evaluation set (``tests/evaluation/privacy_set.py``) as CSV, runs
``persona generate`` on it with the job's defaults (anonymise first, ``redact``; the gate
redacting what it finds, so the run completes and the gate's own catches are counted too)
against the fake Ollama server on 127.0.0.1, and looks for each planted value, whole, in the
prompts the server received (as a whole word or phrase; case and spacing ignored). It prints counts per label, never a
value. Issue #12's goal is none.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from persona_batch.core.config import (
    AnonymiseSettings,
    GateSettings,
    GenerateSettings,
    JobConfig,
    VerifySettings,
)
from persona_batch.personas.generate_job import run_generate
from persona_batch.testing import FakeOllama
from tests.evaluation.privacy_set import DEFAULT_SEED, LABELS, build_set


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def prompts_sent(server: FakeOllama) -> list[str]:
    """The text of every chat message the server received."""
    return [
        str(message.get("content", ""))
        for request in server.requests
        if request.path == "/api/chat" and isinstance(request.body, dict)
        for message in request.body.get("messages", [])
    ]


def count_in_prompts(rows: int, seed: int, workers: int) -> dict[str, Any]:
    """Per label: planted values, and how many of them are whole in some prompt."""
    dataset = build_set(rows, seed)
    job = JobConfig(
        anonymise=AnonymiseSettings(workers=workers, verify=VerifySettings(enabled=False)),
        generate=GenerateSettings(backoff_seconds=0.01, backoff_max_seconds=0.05),
        gate=GateSettings(on_residual="redact"),
    )
    with tempfile.TemporaryDirectory(prefix="eval_prompts_") as tmp:
        csv = dataset.write_csv(Path(tmp) / "privacy_eval.csv")
        with FakeOllama(models=["qwen2.5:7b"], slots=8) as server:
            run_generate(job.with_hosts(server.url).personas, csv, Path(tmp) / "personas.parquet")
            sent = prompts_sent(server)
    text = _norm("\n".join(sent))
    tally = {label: {"planted": 0, "in_prompts": 0} for label in LABELS}
    for cell in dataset.cells:
        for planted in cell.planted:
            tally[planted.label]["planted"] += 1
            whole = re.compile(rf"(?<!\w){re.escape(_norm(planted.value))}(?!\w)")
            tally[planted.label]["in_prompts"] += whole.search(text) is not None
    return {
        "rows": rows,
        "seed": seed,
        "prompts": len(sent),
        "labels": {k: v for k, v in tally.items() if v["planted"]},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=700)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, default=None, help="also write the counts here")
    args = parser.parse_args(argv)
    result = count_in_prompts(args.rows, args.seed, args.workers)
    table = Table(title=f"planted values in {result['prompts']} prompt messages")
    for heading in ("label", "planted", "in prompts"):
        table.add_column(heading, justify="left" if heading == "label" else "right")
    for label, t in result["labels"].items():
        table.add_row(label, str(t["planted"]), str(t["in_prompts"]))
    Console().print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
