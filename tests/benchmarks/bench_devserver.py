"""Benchmark: personas from the dev server's real model (SmolLM2-135M) via the official client.

Starts :class:`persona_batch.servers.devserver.DevServer` on a free port, sends ``--count`` persona
requests (the generate job's own prompts, via ``build_items``, from one research row's
interview notes each, e-mail addresses and phone numbers masked as the anonymiser would, seeds
1000, 1001, ...)
through ``ollama.Client`` with the Persona JSON schema as ``format``, and reports:

- tokens/s: eval_count / eval_duration (the engine's decode rate per request) and eval tokens
  over wall-clock time (what a run gets, prompt processing and HTTP included);
- mean seconds per persona (request latency) and wall-clock seconds / personas;
- JSON validity: the share of replies that ``Persona.model_validate_json`` accepts;
- done_reason counts, and the machine's load average (this machine is shared: a busy
  neighbour halves the rates).

Writes ``out/bench/devserver.json``. Needs the devserver extra (``make setup-devserver``).
Run: ``python -m tests.benchmarks.bench_devserver [--count 20] [--parallel 1]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import ollama
import polars as pl
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from persona_batch.core.config import GenerateSettings
from persona_batch.core.persona import Persona
from persona_batch.personas.prompts import build_items
from persona_batch.servers.devserver import MODEL_NAME, DevServer
from tests.paths import ROOT, SAMPLE_CSV

SAMPLE = SAMPLE_CSV
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d ()-]{7,}\d")


def prompts(count: int, chars: int = 600) -> list[list[dict[str, str]]]:
    """One chat per row, built as the generate job builds it, from the masked notes alone."""
    notes = pl.read_csv(SAMPLE).get_column("interview_notes").drop_nulls().to_list()
    masked = [
        PHONE.sub("<PHONE_NUMBER>", EMAIL.sub("<EMAIL_ADDRESS>", notes[i % len(notes)]))[:chars]
        for i in range(count)
    ]
    frame = pl.DataFrame({"interview_notes": masked})
    items = build_items(frame, GenerateSettings(), MODEL_NAME, Persona.model_json_schema())
    return [list(item.messages) for item in items]


def one(
    client: ollama.Client, index: int, chat: list[dict[str, str]], options: dict[str, Any]
) -> dict[str, Any]:
    started = time.perf_counter()
    reply = client.chat(
        model=MODEL_NAME,
        messages=chat,
        format=Persona.model_json_schema(),
        options={**options, "seed": 1000 + index},
        stream=False,
    )
    seconds = time.perf_counter() - started
    try:
        Persona.model_validate_json(reply.message.content or "")
        invalid = None
    except ValidationError as exc:
        first = exc.errors()[0]
        invalid = f"{'.'.join(str(p) for p in first['loc']) or 'reply'}: {first['type']}"
    return {
        "index": index,
        "seconds": round(seconds, 3),
        "done_reason": reply.done_reason,
        "prompt_eval_count": reply.prompt_eval_count,
        "eval_count": reply.eval_count,
        "eval_duration_ns": reply.eval_duration,
        "valid": invalid is None,
        "invalid": invalid,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="personas to generate (>= 20)")
    parser.add_argument("--parallel", type=int, default=1, help="server slots and client threads")
    parser.add_argument(
        "--threads", type=int, default=None, help="decode threads (default: 1/slot)"
    )
    parser.add_argument("--num-predict", type=int, default=768)
    parser.add_argument("--temperature", type=float, default=0.2)
    parser.add_argument("--option", action="append", default=[], help="extra option NAME=NUMBER")
    parser.add_argument("--output", type=Path, default=ROOT / "out" / "bench" / "devserver.json")
    args = parser.parse_args()
    options: dict[str, Any] = {"num_predict": args.num_predict, "temperature": args.temperature}
    for item in args.option:
        name, value = item.split("=", 1)
        options[name] = float(value)

    chats = prompts(args.count)
    load_before = os.getloadavg()[0]
    with DevServer(port=0, parallel=args.parallel, threads=args.threads) as server:
        client = ollama.Client(host=server.url, timeout=300)
        started = time.perf_counter()
        with ThreadPoolExecutor(args.parallel) as pool:
            runs = list(pool.map(lambda p: one(client, p[0], p[1], options), enumerate(chats)))
        wall = time.perf_counter() - started
        load_seconds, threads = server.load_seconds, server.threads

    tokens = sum(r["eval_count"] or 0 for r in runs)
    eval_ns = sum(r["eval_duration_ns"] or 0 for r in runs)
    valid = sum(r["valid"] for r in runs)
    result = {
        "model": MODEL_NAME,
        "personas": len(runs),
        "parallel": args.parallel,
        "threads": threads,
        "options": options,
        "seeds": f"1000..{1000 + len(runs) - 1}",
        "model_load_seconds": round(load_seconds, 3),
        "wall_seconds": round(wall, 2),
        "eval_tokens": tokens,
        "tokens_per_second_eval": round(tokens / (eval_ns / 1e9), 1) if eval_ns else 0.0,
        "tokens_per_second_wall": round(tokens / wall, 1),
        "mean_seconds_per_persona": round(sum(r["seconds"] for r in runs) / len(runs), 2),
        "wall_seconds_per_persona": round(wall / len(runs), 2),
        "json_valid": valid,
        "json_validity_rate": round(valid / len(runs), 4),
        "done_reasons": dict(Counter(str(r["done_reason"]) for r in runs)),
        "invalid_reasons": dict(Counter(r["invalid"] for r in runs if r["invalid"])),
        "load_average_1m": {"before": load_before, "after": os.getloadavg()[0]},
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "runs": runs,
    }

    table = Table(title=f"dev server: {len(runs)} personas from {MODEL_NAME}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for label, value in (
        ("slots / threads", f"{args.parallel} / {threads}"),
        ("model load", f"{load_seconds:.2f} s"),
        ("tokens/s (eval_count / eval_duration)", f"{result['tokens_per_second_eval']}"),
        ("tokens/s (wall-clock)", f"{result['tokens_per_second_wall']}"),
        ("mean seconds per persona", f"{result['mean_seconds_per_persona']}"),
        ("wall seconds per persona", f"{result['wall_seconds_per_persona']}"),
        ("JSON validity", f"{valid}/{len(runs)} ({valid / len(runs):.0%})"),
        ("done_reason", json.dumps(result["done_reasons"])),
        ("load average before/after", f"{load_before:.2f} / {os.getloadavg()[0]:.2f}"),
    ):
        table.add_row(label, value)
    console = Console(width=120)
    console.print(table)
    for reason, count in result["invalid_reasons"].items():
        console.print(f"invalid: {count} x {reason}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2))
    console.print(f"results: {args.output}")


if __name__ == "__main__":
    main()
