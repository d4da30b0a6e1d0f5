"""Before and after a refactor: the sample pipeline gives the same outputs at two revisions.

    .venv/bin/python -m tests.golden --base main~3

checks the revision out into a temporary git worktree, then runs the same commands through the
CLI (which a restructuring keeps) in both trees, on this tree's sample data and one fake Ollama
server: ``privacy anonymise``, ``generate`` (personas, scored) and ``synthesise``. It compares
the Parquet files row by row and their manifests key by key, leaving out only what differs
between any two runs of the same code (times, durations, latencies, versions, the output
paths), and exits 1 with each difference, or 0. ``--base HEAD`` compares the code with itself:
that run must pass, or the comparison is not telling anything.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import ROOT, SAMPLE_CSV

SAMPLE = SAMPLE_CSV
OUTPUTS = ("anonymised.parquet", "personas.parquet", "synthetic.parquet")
_VOLATILE = re.compile(r"(_at|_seconds|_ms|seconds|duration|latency|versions|elapsed)$")


def _commands(url: str, out: Path) -> list[list[str]]:
    cli = [sys.executable, "-m", "persona_batch"]
    common = ["--workers", "1"]
    anonymise = ["privacy", "anonymise", "-i", str(SAMPLE), "-o", str(out / OUTPUTS[0])]
    generate = ["generate", "-i", str(SAMPLE), "-o", str(out / OUTPUTS[1]), "--host", url]
    synthesise = ["synthesise", "-i", str(SAMPLE), "-o", str(out / OUTPUTS[2]), "-n", "6"]
    return [
        [*cli, *anonymise, *common],
        [*cli, *generate, *common],
        [*cli, *synthesise, "--host", url, *common],
    ]


def run_tree(tree: Path, out: Path, server: FakeOllama) -> list[int]:
    """The sample pipeline with ``tree``'s code; the exit codes."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "CI": "true"}
    codes = []
    for command in _commands(server.url, out):
        server.reset()
        done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
        codes.append(done.returncode)
        if done.returncode not in (0, 4, 5):
            sys.stderr.write(f"{tree}: {' '.join(command[3:5])} failed:\n{done.stderr[-3000:]}\n")
    return codes


def _clean(value: Any, out: Path) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v, out) for k, v in value.items() if not _VOLATILE.search(k)}
    if isinstance(value, list):
        return [_clean(v, out) for v in value]
    if isinstance(value, str):
        return value.replace(str(out), "<OUT>")
    return value


def _metadata(path: Path, out: Path) -> dict[str, Any]:
    raw = pq.read_schema(path).metadata or {}
    return {
        k.decode(): _clean(json.loads(v), out) for k, v in raw.items() if not k.startswith(b"ARROW")
    }


def compare(base: Path, head: Path) -> list[str]:
    """Every difference between two output folders, as lines; none means the same outputs."""
    problems = []
    for name in OUTPUTS:
        a, b = base / name, head / name
        if a.exists() != b.exists():
            problems.append(f"{name}: written by only one of the two")
            continue
        if not a.exists():
            continue
        left, right = pl.read_parquet(a), pl.read_parquet(b)
        drop = [c for c in left.columns if _VOLATILE.search(c)]
        left, right = left.drop(drop, strict=False), right.drop(drop, strict=False)
        if left.columns != right.columns:
            problems.append(f"{name}: columns {left.columns} != {right.columns}")
        elif not left.equals(right):
            rows = [
                i
                for i in range(min(left.height, right.height))
                if left[i].rows() != right[i].rows()
            ]
            problems.append(
                f"{name}: {left.height} vs {right.height} rows; rows differ: {rows[:10]}"
            )
        meta_a, meta_b = _metadata(a, base), _metadata(b, head)
        for key in sorted(set(meta_a) | set(meta_b)):
            if meta_a.get(key) != meta_b.get(key):
                problems.append(
                    f"{name}: metadata '{key}' differs{_first_difference(meta_a.get(key), meta_b.get(key))}"
                )
    return problems


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{path}.{key}")
    return f" at {path or '.'}: {str(a)[:120]!r} != {str(b)[:120]!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="HEAD", help="The revision to compare with (a git ref).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeOllama(models=["qwen2.5:7b"]) as server:
        tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), args.base],
            check=True,
        )
        try:
            base_codes = run_tree(tree, Path(tmp) / "out-base", server)
            head_codes = run_tree(ROOT, Path(tmp) / "out-head", server)
            problems = compare(Path(tmp) / "out-base", Path(tmp) / "out-head")
            if base_codes != head_codes:
                problems.insert(0, f"exit codes {base_codes} (base) != {head_codes} (this tree)")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
            )
    for line in problems:
        print(f"DIFFERENT  {line}")
    print(
        f"{args.base} -> working tree: {'same outputs' if not problems else f'{len(problems)} difference(s)'}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
