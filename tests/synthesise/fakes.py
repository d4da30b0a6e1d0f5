"""What the synthesise tests share: a cooperative fake "model", ones that plant a leak, a raw
frame of every column kind, and the job they run with.

The fake server answers through responders that read each prompt's targets, so the records
follow them as a cooperative model would; others plant a copy of an original row or an e-mail
address, which validation must catch.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl

from persona_batch.core.config import (
    AnonymiseSettings,
    GenerateSettings,
    JobConfig,
    SynthesiseSettings,
    VerifySettings,
)
from persona_batch.privacy.scan import ScanColumn

PLANTED_EMAIL = "dana.whitfield@fastmail.com"

# -- a cooperative "model": it reads the targets in the prompt and writes fresh text

_SUBJECTS = ("The respondent", "The participant", "This customer", "Their team", "A colleague")
THINGS = (
    "the export",
    "onboarding",
    "search",
    "the mobile app",
    "team seats",
    "permissions",
    "the dashboards",
    "support",
    "pricing",
    "the API",
    "tagging",
    "scheduled reports",
    "integrations",
    "notifications",
    "dark mode",
    "the audit log",
)
_VERDICTS = (
    "felt slow at month end",
    "worked well once set up",
    "needed a workaround",
    "was confusing at first",
    "saved hours every week",
    "broke after the last update",
    "is used every morning",
    "was hard to find",
    "should be cheaper",
    "matters more than anything else",
)
_VALUES = re.compile(r"Use exactly these values: (\{.*\})")
_LENGTHS = re.compile(r"Write the free-text fields at about these lengths: (\{.*\})")


def _fresh_text(rng: random.Random, length: int) -> str:
    sentences: list[str] = []
    while len(" ".join(sentences)) < length:
        sentences.append(
            f"{rng.choice(_SUBJECTS)} said {rng.choice(THINGS)} {rng.choice(_VERDICTS)}."
        )
    text = " ".join(sentences)[:length].rstrip()
    return text if text.endswith(".") or len(text) < 2 else text[:-1] + "."


def _asked(body: Mapping[str, Any]) -> tuple[int, dict[str, Any], dict[str, int]]:
    """The record number, the target values and the target lengths of a synthesise request."""
    user = str(body["messages"][-1]["content"])
    number = int(re.search(r"Record (\d+) of", user).group(1))  # type: ignore[union-attr]
    values = json.loads(_VALUES.search(user).group(1))  # type: ignore[union-attr]
    found = _LENGTHS.search(user)
    asks = json.loads(found.group(1)) if found else {}
    lengths = {k: int(re.search(r"(\d+) characters", v).group(1)) for k, v in asks.items()}  # type: ignore[union-attr]
    return number, values, lengths


def cooperative(body: dict[str, Any]) -> str:
    """Uses every target value and writes new text of the target length."""
    _, values, lengths = _asked(body)
    rng = random.Random(hashlib.sha256(json.dumps(body["messages"]).encode()).hexdigest())
    record = dict(values)
    for name, length in lengths.items():
        record[name] = _fresh_text(rng, length)
    return json.dumps(record)


def planting_copies(
    rows: Sequence[Mapping[str, Any]], every: int
) -> Callable[[dict[str, Any]], str]:
    """Cooperative, except that every ``every``-th record is an original row, verbatim."""

    def respond(body: dict[str, Any]) -> str:
        number, _, _ = _asked(body)
        if number % every == 0:
            row = rows[(number // every) % len(rows)]
            return json.dumps({k: v for k, v in row.items() if k != "respondent_id"}, default=str)
        return cooperative(body)

    return respond


def planting_email(body: dict[str, Any]) -> str:
    """Cooperative, except that records 3, 6, 9 ... give an e-mail address in the notes."""
    number, _, _ = _asked(body)
    record = json.loads(cooperative(body))
    if number % 3 == 0:
        record["interview_notes"] = f"Write to me at {PLANTED_EMAIL} any time."
    return json.dumps(record)


# -- inputs


def job_config(**synthesise: Any) -> JobConfig:
    """A quick job: one worker, a small verify sample, short retries; ``synthesise`` settings."""
    job = JobConfig(
        anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=50)),
        generate=GenerateSettings(
            backoff_seconds=0.01, backoff_max_seconds=0.05, request_timeout=5.0, max_attempts=2
        ),
    )
    # until JobConfig has its [synthesise] table, the job's settings ride on a copy
    return job.model_copy(update={"synthesise": SynthesiseSettings(**synthesise)})


def kinds_frame() -> pl.DataFrame:
    """A raw frame with the kinds profile() tells apart (no anonymisation needed for these)."""
    rng = random.Random(7)
    n = 80
    return pl.DataFrame(
        {
            "id": list(range(1, n + 1)),
            "segment": [
                rng.choice(["Admin", "Admin", "Churned", "New customer"]) for _ in range(n)
            ],
            "score": [round(rng.uniform(1, 5), 1) for _ in range(n)],
            "age": [rng.randint(18, 70) for _ in range(n)],
            "active": [rng.random() < 0.3 for _ in range(n)],
            "joined": [date(2024, 1, 1 + rng.randint(0, 27)) for _ in range(n)],
            "plan": [None if i % 4 == 0 else rng.choice(["free", "pro"]) for i in range(n)],
            "notes": [
                " ".join(rng.choice(THINGS) for _ in range(rng.randint(4, 30))) for _ in range(n)
            ],
            "pii_count": [0] * n,
        }
    )


CITIES = {"IT": ["Roma", "Milano"], "FR": ["Lyon", "Paris"], "PL": ["Łódź", "Gdańsk"]}


def cities_frame() -> pl.DataFrame:
    """120 rows of a country and one of its cities: a column that depends on another."""
    rng = random.Random(1)
    rows = [(c, rng.choice(CITIES[c])) for c in rng.choices(list(CITIES), k=120)]
    return pl.DataFrame(rows, schema=["country", "city"], orient="row")


def no_scan(frame: pl.DataFrame) -> Sequence[ScanColumn]:
    """A PII scanner that finds nothing."""
    return []
