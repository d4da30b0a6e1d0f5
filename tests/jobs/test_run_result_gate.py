"""RunResult.gate: the run manifest's gate block, typed, as `persona run` prints it; a dry run
writes no manifest and has none."""

from __future__ import annotations

from pathlib import Path

from persona_batch.core.manifest import MergedGateBlock, RunManifest
from persona_batch.jobs.run import RunResult


def test_a_run_has_its_manifests_gate_block() -> None:
    gate = MergedGateBlock(enabled=True, checked={"cells": 12}, findings={"EMAIL": 1})
    written = RunManifest(job="nightly", date="2026-11-22", status="success", gate=gate).to_json()
    result = RunResult("success", Path("out/2026-11-22"), [], written)
    assert result.gate == gate
    assert RunResult("success", Path("out"), [], RunManifest(job="j").to_json()).gate is None


def test_a_dry_run_has_none() -> None:
    planned = {"model": "qwen2.5:7b", "model_choice": "requested", "hosts": ["http://h:1"]}
    assert RunResult("dry-run", Path("out/2026-11-22"), [], planned).gate is None
