"""What reaches the model: the planted values of the privacy set found in the prompts that
``persona generate`` sends, per entity type.

Run with::

    .venv/bin/python -m tests.evaluation.eval_prompts [--rows N] [--seed S] [--workers W]

It writes the seeded evaluation set (``tests/evaluation/privacy_set.py``) as CSV, runs
``persona generate`` on it with the job's defaults (anonymise first, ``redact``; the gate
redacting what it finds, so the run completes and the gate's own catches are counted too)
against the fake Ollama server on 127.0.0.1, and looks for each planted value, whole, in the
prompts the server received (as a whole word or phrase; case and spacing ignored): anywhere
in them, and in the part of them that carries the value's own row. It does so twice in the
same run: with detection alone (``[generate] rare_word_rows`` and ``name_word_rows`` 0), and
with the default second line for prompts, rare and name words withheld
(:mod:`persona_batch.privacy.rare_words`), and says how many words that withheld out of how many
the prompts carried, and how many of the non-PII words of the rows in the prompts each run kept.
It prints counts per label, never a value. Issue #12's goal is none.
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
from tests.evaluation.privacy_eval import kept_words
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


_ROW_ID = re.compile(r"(?<![\w-])ev-\d{5}(?!\d)")


def _by_row(sent: list[str]) -> dict[str, str]:
    """Each row's text as the prompts carried it: from its id to the next row's id (or the
    message's end), every message that carried it joined. A value counted here leaked from
    its own cell; one counted only in ``in_prompts`` may be the same word written elsewhere
    ("since june" in another row, for a planted first name "June")."""
    out: dict[str, list[str]] = {}
    for message in sent:
        marks = list(_ROW_ID.finditer(message))
        if not marks:
            continue  # the system message: no row
        ends = [m.start() for m in marks[1:]] + [len(message)]
        for mark, end in zip(marks, ends, strict=True):
            out.setdefault(mark.group(0), []).append(_norm(message[mark.start() : end]))
    return {row: "\n".join(parts) for row, parts in out.items()}


_PROMPT_WORD = re.compile(r"\b[^\W\d_]{3,}\b")


def count_in_prompts(
    rows: int, seed: int, workers: int, second_line: bool = True
) -> dict[str, Any]:
    """Per label: planted values, and how many of them are whole in some prompt; and the
    share of the non-PII words of the rows the prompts carry that they still carry.
    ``second_line`` False: the job's ``[generate] rare_word_rows`` and ``name_word_rows`` 0,
    detection alone (else their defaults)."""
    dataset = build_set(rows, seed)
    generate = GenerateSettings(backoff_seconds=0.01, backoff_max_seconds=0.05)
    if not second_line:
        generate = generate.model_copy(update={"rare_word_rows": 0, "name_word_rows": 0})
    job = JobConfig(
        anonymise=AnonymiseSettings(workers=workers, verify=VerifySettings(enabled=False)),
        generate=generate,
        gate=GateSettings(on_residual="redact"),
    )
    with tempfile.TemporaryDirectory(prefix="eval_prompts_") as tmp:
        csv = dataset.write_csv(Path(tmp) / "privacy_eval.csv")
        with FakeOllama(models=["qwen2.5:7b"], slots=8) as server:
            result = run_generate(
                job.with_hosts(server.url).personas, csv, Path(tmp) / "personas.parquet"
            )
            sent = prompts_sent(server)
    text = _norm("\n".join(sent))
    by_row = _by_row(sent)
    tally = {label: {"planted": 0, "in_prompts": 0, "with_its_row": 0} for label in LABELS}
    kept = total = 0
    for cell in dataset.cells:
        row_text = by_row.get(f"ev-{cell.row + 1:05d}", "")
        if row_text:
            have, need = kept_words(cell.words, row_text)
            kept, total = kept + have, total + need
        for planted in cell.planted:
            tally[planted.label]["planted"] += 1
            whole = re.compile(rf"(?<!\w){re.escape(_norm(planted.value))}(?!\w)")
            tally[planted.label]["in_prompts"] += whole.search(text) is not None
            tally[planted.label]["with_its_row"] += whole.search(row_text) is not None
    return {
        "rows": rows,
        "seed": seed,
        "prompts": len(sent),
        "prompt_words": sum(len(_PROMPT_WORD.findall(m)) for m in sent if _ROW_ID.search(m)),
        "withheld_words": result.manifest["generation"].get("withheld_words", 0),
        "labels": {k: v for k, v in tally.items() if v["planted"]},
        "words_kept": kept,
        "words": total,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=700)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, default=None, help="also write the counts here")
    args = parser.parse_args(argv)
    alone = count_in_prompts(args.rows, args.seed, args.workers, second_line=False)
    result = count_in_prompts(args.rows, args.seed, args.workers)
    table = Table(title=f"planted values in {result['prompts']} prompt messages")
    headings = ("label", "planted", "detection alone", "with words withheld", "with its row")
    for heading in headings:
        table.add_column(heading, justify="left" if heading == "label" else "right")
    for label, t in result["labels"].items():
        before = alone["labels"][label]["in_prompts"]
        table.add_row(
            label, str(t["planted"]), str(before), str(t["in_prompts"]), str(t["with_its_row"])
        )
    console = Console()
    console.print(table)
    share = result["withheld_words"] / max(1, alone["prompt_words"])
    console.print(
        f"words withheld: {result['withheld_words']:,} of the {alone['prompt_words']:,} "
        f"words of the user messages ({share:.2%})"
    )
    for name, run in (("detection alone", alone), ("with words withheld", result)):
        console.print(
            f"non-PII words of the rows in the prompts kept, {name}: {run['words_kept']:,} of "
            f"{run['words']:,} ({run['words_kept'] / max(1, run['words']):.2%})"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        both = {**result, "detection_alone": alone}
        args.json.write_text(json.dumps(both, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
