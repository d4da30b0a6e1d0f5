"""The typed manifests: round trips, and older files that lack newer blocks."""

from __future__ import annotations

from persona_batch.core.manifest import (
    GateBlock,
    GenerateManifest,
    MergedGateBlock,
    RunManifest,
)

GATE = {
    "enabled": True,
    "on_residual": "fail",
    "families": ["email"],
    "modes": {"text": ["email"], "generated": ["email"]},
    "allow_values": 0,
    "allow_patterns": 0,
    "artefacts": {"prompts": {"mode": "text", "prompts": 3, "findings": {}}},
    "source_values": None,
    "checked": {"prompts": 3},
    "findings": {},
}


def test_a_gate_block_keeps_its_form_and_key_order() -> None:
    manifest = GenerateManifest.model_validate({"gate": GATE, "refine": {}, "judge": {}})
    assert isinstance(manifest.gate, GateBlock) and manifest.refine is None
    assert list(manifest.to_json()["gate"]) == list(GATE)
    assert manifest.to_json() == {"gate": GATE, "refine": {}, "judge": {}}
    merged = {k: GATE[k] for k in [*list(GATE)[:6], "checked", "findings", "source_values"]}
    merged["artefacts"] = GATE["artefacts"]
    again = GenerateManifest.model_validate({"gate": merged})
    assert isinstance(again.gate, MergedGateBlock)
    assert list(again.to_json()["gate"]) == list(merged)


def test_an_older_run_manifest_without_newer_blocks_parses() -> None:
    old = {"job": "nightly", "date": "2026-01-01", "status": "success", "counts": {"personas": 3}}
    manifest = RunManifest.model_validate(old | {"retired_key": 1})
    assert manifest.summary is None and manifest.attempt == 1 and manifest.gate is None
    assert manifest.counts.personas == 3 and manifest.counts.rows is None
    assert RunManifest.model_validate(manifest.to_json()) == manifest
    assert manifest.to_json() == old
