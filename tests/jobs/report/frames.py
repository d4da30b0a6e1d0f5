"""What the report tests render from: a personas frame as generate writes it, and a run's
manifest (shared by the report's test modules and tests/jobs/test_export.py)."""

from __future__ import annotations

from typing import Any

import polars as pl

from persona_batch.core.manifest import RunManifest
from persona_batch.privacy.guard import GEN_GATE_ENTRY


def personas(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A personas frame as generate writes it (the columns the report reads)."""
    base = {
        "persona_id": "Admin-1",
        "source_ids": ["1", "2"],
        "name": "Ana Lopez",
        "age": 34,
        "occupation": "Data analyst",
        "location": "Leeds",
        "quote": "I want the export to just work.",
        "goals": ["Ship reports faster"],
        "frustrations": ["Slow search"],
        "behaviours": ["Exports every Monday"],
        "gen_error": None,
        "gen_gate": [],
        "quality_score": 70.0,
        "quality_level": "acceptable",
        "quality_flags": ["thin:quote"],
        "completion_tokens": 200,
        "prompt_tokens": 1000,
        "latency_ms": 2000.0,
    }
    schema = {
        "persona_id": pl.String,
        "source_ids": pl.List(pl.String),
        "name": pl.String,
        "age": pl.Int32,
        "occupation": pl.String,
        "location": pl.String,
        "quote": pl.String,
        "goals": pl.List(pl.String),
        "frustrations": pl.List(pl.String),
        "behaviours": pl.List(pl.String),
        "gen_error": pl.String,
        "gen_gate": pl.List(GEN_GATE_ENTRY),
        "quality_score": pl.Float64,
        "quality_level": pl.String,
        "quality_flags": pl.List(pl.String),
        "completion_tokens": pl.Int32,
        "prompt_tokens": pl.Int32,
        "latency_ms": pl.Float64,
    }
    return pl.DataFrame([base | r for r in rows], schema=schema)


def manifest(day_: str = "2026-12-01", **extra: Any) -> RunManifest:
    return RunManifest.model_validate(
        {
            "job": "nightly",
            "date": day_,
            "status": "success",
            "counts": {"rows": 1234, "personas": 3, "failed": 1},
            "config": {"generate": {"group_by": "segment"}, "score": {"preset": "default"}},
            "inputs": [
                {
                    "personas": "research.personas.parquet",
                    "resumed": {"generate": False},
                    "generation": {
                        "model": "qwen2.5:7b",
                        "model_digest": "643816e6f55a12d3190c92014729efcf",
                        "template_version": "persona-v2",
                        "template_sha256": "f8c9718d90fa1ac76dfd3d13",
                        "options": {"temperature": 0.7, "seed": 42, "num_ctx": 8192},
                    },
                    "judge": {"model": "llama3.1:8b", "model_digest": "abcdef0123456789"},
                    "refine": {"refined": 2, "refine_below": 60.0, "refine_model": "qwen2.5:14b"},
                }
            ],
            "stages_seconds": {"anonymise": 12.5, "generate": 300.0},
            "started_at": f"{day_}T21:51:03.123456+00:00",
            "finished_at": f"{day_}T21:57:33.000001+00:00",
            **extra,
        }
    )
