"""The two lines of defence end to end: detection weakened on purpose, the gate still holds.

Real files, the real spaCy model, the CLI, and a real HTTP server speaking Ollama's API.
``[detect] score_threshold = 0.99`` lets phone numbers, cards, IPs and names past detection.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.config import (
    AnonymiseSettings,
    DetectSettings,
    GateSettings,
    GenerateSettings,
    JobConfig,
    VerifySettings,
    load_config,
)
from persona_batch.core.errors import EXIT_RESIDUAL_PII, GateError
from persona_batch.core.io import read_json, read_metadata
from persona_batch.core.persona import Persona
from persona_batch.jobs.run import run_job
from persona_batch.personas.generate_job import run_generate
from persona_batch.privacy.gate import STRUCTURED_FAMILIES, Gate
from persona_batch.testing.fake_ollama import FakeOllama
from tests.evaluation.privacy_eval import evaluate
from tests.evaluation.privacy_set import TEXT_COLUMNS, build_set
from tests.paths import SAMPLE_CSV

pytestmark = pytest.mark.slow
runner = CliRunner()
STRUCTURED = ("email", "phone", "card_number", "iban", "ip_address")
"""The sample's columns of card numbers, phone numbers, emails, IBANs and IPs."""
WEAK = "[detect]\nscore_threshold = 0.99\n\n[anonymise]\nworkers = 1\n"
PLANTED = "+44 20 7946 0958"


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "small.csv"
    pl.read_csv(SAMPLE_CSV).head(40).write_csv(path)
    return path


def _job_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "job.toml"
    path.write_text(text)
    return path


def _structured_values(csv: Path) -> list[str]:
    source = pl.read_csv(csv)
    return [v for c in STRUCTURED for v in source[c].drop_nulls().cast(pl.String).to_list()]


def test_weakened_detection_the_gate_stops_anonymise(small_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "clean.parquet"
    job = _job_file(tmp_path, WEAK)
    args = ["privacy", "anonymise", "-i", str(small_csv), "-o", str(out), "-c", str(job)]
    result = runner.invoke(app, args)
    assert result.exit_code == EXIT_RESIDUAL_PII, result.output
    assert "the gate found" in result.output and "clean.parquet was not written" in result.output
    assert "row 1, column 'phone': phone" in result.output
    assert "[gate] on_residual" in result.output  # the fix is named, markup and all
    assert "... and" in result.output  # capped at twenty lines
    assert not out.exists() and not list(out.parent.iterdir())
    for value in _structured_values(small_csv):
        assert value not in result.output


def test_weakened_detection_redact_leaves_no_structured_value(
    small_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "clean.parquet"
    job = _job_file(tmp_path, WEAK + '\n[gate]\non_residual = "redact"\n')
    args = ["privacy", "anonymise", "-i", str(small_csv), "-o", str(out), "-c", str(job)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Gate: checked" in result.output and "redacted" in result.output
    frame = pl.read_parquet(out)
    assert frame.columns[-4:] == ["pii_count", "pii_entities", "pii_error", "pii_gate"]
    text = "\n".join(
        v for c, t in frame.schema.items() if t == pl.String for v in frame[c].drop_nulls()
    )
    for value in _structured_values(small_csv):
        assert value not in text
    audit = frame["pii_gate"].explode().drop_nulls().struct.unnest()
    assert {"phone", "card", "ipv4"} <= set(audit["family"])
    for cell_entries, row in zip(frame["pii_gate"].to_list(), frame.to_dicts(), strict=True):
        for e in cell_entries:
            assert row[e["column"]][e["start"] : e["end"]].startswith("<")
    gate = read_metadata(out)["persona_batch.manifest"]["gate"]
    assert gate["enabled"] is True and gate["on_residual"] == "redact"
    assert gate["checked"]["cells"] > 0 and gate["findings"]["phone"] >= 40


def test_held_out_data_redacted_keeps_no_card_phone_email_iban_or_ip(tmp_path: Path) -> None:
    """The evaluation set (ten locales, seven text styles), detection weakened, gate redacting."""
    dataset = build_set(70, 20261213)
    csv = dataset.write_csv(tmp_path / "held_out.csv")
    job = JobConfig(
        detect=DetectSettings(score_threshold=0.99),
        anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(enabled=False)),
        gate=GateSettings(on_residual="redact"),
    )
    from persona_batch.privacy.job import run_anonymise

    run_anonymise(job.privacy, csv, tmp_path / "out.parquet")
    frame = pl.read_parquet(tmp_path / "out.parquet")
    outputs = {c: frame[c].cast(pl.String).to_list() for c in TEXT_COLUMNS}
    tallies = evaluate(dataset, outputs, "gate", 0.0).by_label()
    leaked = {k: (t.leaked, t.planted) for k, t in tallies.items() if k in _STRUCTURED_LABELS}
    assert leaked and all(n == 0 for n, _ in leaked.values()), leaked


_STRUCTURED_LABELS = ("CARD", "PHONE", "EMAIL", "IBAN", "IP")


# --- generation ------------------------------------------------------------------------------


def _generate_job(detect: DetectSettings | None = None, **gate: Any) -> JobConfig:
    return JobConfig(
        detect=detect or DetectSettings(),
        anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=50)),
        generate=GenerateSettings(backoff_seconds=0.01, backoff_max_seconds=0.05),
        gate=GateSettings(**gate),
    )


def _echoing(name: str, quote: str) -> Callable[[dict[str, Any]], str | None]:
    """A model that writes every persona with this name and quote."""

    def respond(body: dict[str, Any]) -> str | None:
        persona = {
            "name": name,
            "age": 41,
            "occupation": "Operations lead",
            "location": "Leeds",  # a city: personas may have one
            "background": "Runs a small team and lives in Leeds.",
            "goals": ["ship faster"],
            "frustrations": ["slow exports"],
            "behaviours": ["exports weekly"],
            "quote": quote,
            "evidence": [],
        }
        return json.dumps(Persona.model_validate(persona).model_dump(mode="json"))

    return respond


def _chats(server: FakeOllama) -> list[dict[str, Any]]:
    return [r.body for r in server.requests if r.path == "/api/chat" and isinstance(r.body, dict)]


def test_a_persona_echoing_a_planted_number_is_stopped_or_redacted(
    small_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "personas.parquet"
    responder = _echoing("Ava Lin", f"Just call me on {PLANTED}.")
    with FakeOllama(models=["qwen2.5:7b"], slots=4, responder=responder) as srv:
        with pytest.raises(GateError) as caught:
            run_generate(_generate_job().with_hosts(srv.url).personas, small_csv, out)
        message = str(caught.value)
        assert "in personas; nothing was written" in message
        assert "persona row-1, field 'quote': phone" in message and PLANTED not in message
        assert not out.exists()
        result = run_generate(
            _generate_job(on_residual="redact").with_hosts(srv.url).personas, small_csv, out
        )
    personas = pl.read_parquet(out)
    assert personas["quote"].to_list() == ["Just call me on <PHONE>."] * personas.height
    assert personas["location"].to_list() == ["Leeds"] * personas.height
    assert personas["gen_gate"].to_list() == [[{"field": "quote", "family": "phone"}]] * 40
    gate = result.manifest["gate"]
    assert gate["artefacts"]["personas"]["findings"] == {"phone": 40}
    assert result.resumed == 40  # from the first run's journal: no prompt was sent again
    assert gate["checked"]["prompts"] == 0 and gate["checked"]["cells"] > 0
    assert gate["source_values"] > 0
    assert read_metadata(out)["persona_batch.manifest"]["gate"] == gate


def test_a_persona_named_after_a_participant_is_stopped(small_csv: Path, tmp_path: Path) -> None:
    """Names are invented, but not one that detection found in the sources."""
    participant = pl.read_csv(small_csv)["participant"][5]
    responder = _echoing(participant.upper(), "Exports are slow.")
    with (
        FakeOllama(models=["qwen2.5:7b"], slots=4, responder=responder) as srv,
        pytest.raises(GateError) as caught,
    ):
        run_generate(
            _generate_job().with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet"
        )
    assert "field 'name': source" in str(caught.value)
    assert participant.casefold() not in str(caught.value).casefold()


def test_no_prompt_holds_a_structured_value_when_detection_is_weakened(
    small_csv: Path, tmp_path: Path
) -> None:
    weak = DetectSettings(score_threshold=0.99)
    out = tmp_path / "personas.parquet"
    with FakeOllama(models=["qwen2.5:7b"], slots=4) as srv:
        with pytest.raises(GateError) as caught:
            run_generate(_generate_job(weak).with_hosts(srv.url).personas, small_csv, out)
        assert "nothing was sent to Ollama" in str(caught.value)
        assert _chats(srv) == [] and not out.exists()
        run_generate(
            _generate_job(weak, on_residual="redact").with_hosts(srv.url).personas, small_csv, out
        )
        chats = _chats(srv)
    assert len(chats) == 40
    sent = json.dumps(chats)
    for value in _structured_values(small_csv):
        assert value not in sent
    gate = Gate(GateSettings(families=STRUCTURED_FAMILIES[:-1]), "text")  # no dates: signups
    for chat in chats:
        for message in chat["messages"]:
            assert gate.scan(message["content"]) == []
    redacted = pl.read_parquet(out)["gen_gate"].to_list()
    assert all({"field": "prompt", "family": "phone"} in entries for entries in redacted)


# --- the nightly job -------------------------------------------------------------------------


def test_nightly_with_replace_fakes_passes_the_gate_and_records_it(tmp_path: Path) -> None:
    """`replace` puts realistic fake numbers in the prompts: the gate knows them as the run's."""
    source = tmp_path / "research.csv"
    pl.read_csv(SAMPLE_CSV).head(20).write_csv(source)
    job = tmp_path / "nightly.toml"
    job.write_text(
        f"""
[job]
name = "nightly"
inputs = ["{source}"]
output_dir = "{tmp_path / "out"}"

[anonymise]
strategy = "replace"
workers = 1

[generate]
backoff_seconds = 0.01
"""
    )
    with FakeOllama(models=["qwen2.5:7b"], slots=4) as srv:
        result = run_job(load_config(job).with_hosts(srv.url), date(2026, 11, 22))
        sent = json.dumps(_chats(srv))
    assert result.status == "success"
    assert "+1-202-555-" in sent  # the fakes did reach the prompts
    gate = read_json(result.folder / "manifest.json")["gate"]
    assert gate["enabled"] is True and gate["findings"] == {}
    assert set(gate["checked"]) == {"cells", "prompts", "fields", "text_nodes"}
    assert gate["checked"]["prompts"] == 20 and gate["source_values"] > 0
    assert set(gate["artefacts"]) == {"anonymised", "prompts", "personas", "report"}
