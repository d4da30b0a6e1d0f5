"""The gate wired into what leaves (persona_batch.privacy.guard): frames, prompts, personas, the report.

No spaCy here: frames and items are built by hand, as the stage and the prompt builders do.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from persona_batch.core.config import GateSettings, GenerateSettings
from persona_batch.core.errors import EXIT_RESIDUAL_PII, GateError, ResidualPiiError
from persona_batch.core.work import Region, WorkItem
from persona_batch.llm.generator import PERSONA_SCHEMA
from persona_batch.personas.prompts import build_items, rendered_sources
from persona_batch.privacy.gate.audit import MAX_LINES, redact_moving
from persona_batch.privacy.gate.findings import Finding
from persona_batch.privacy.guard import (
    GATE_AUDIT,
    GEN_GATE,
    Guard,
    RunValues,
    merge_manifests,
    source_families,
)
from persona_batch.quality.judge import judge_items

FAIL = GateSettings()
REDACT = GateSettings(on_residual="redact")
OFF = GateSettings(enabled=False)
PHONE = "+39 347 843 0346"
CARD = "4111 1111 1111 1111"


def frame(**columns: list[str | None]) -> pl.DataFrame:
    data = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return data.with_columns(
        pl.lit(0, pl.Int32).alias("pii_count"), pl.lit(None, pl.String).alias("pii_error")
    )


# --- anonymised frames -----------------------------------------------------------------------


def test_frame_fail_names_row_column_and_family_never_the_value() -> None:
    data = frame(notes=["fine", f"call {PHONE}", None], plan=["pro", "pro", CARD])
    with pytest.raises(GateError) as caught:
        Guard(FAIL).frame(data, {}, [10, 11, 12], "rows 11 to 13 of out.parquet", "not written")
    message = str(caught.value)
    assert isinstance(caught.value, ResidualPiiError)
    assert caught.value.exit_code == EXIT_RESIDUAL_PII
    assert "2 value(s) (1 phone, 1 card) in rows 11 to 13 of out.parquet; not written:" in message
    assert "  row 12, column 'notes': phone\n  row 13, column 'plan': card" in message
    assert PHONE not in message and "4111" not in message


def test_frame_fail_lists_at_most_twenty_findings() -> None:
    data = frame(notes=[f"call {PHONE}"] * 30)
    with pytest.raises(GateError) as caught:
        Guard(FAIL).frame(data, {}, range(30), "the file", "not written")
    lines = str(caught.value).splitlines()
    assert sum(line.startswith("  row ") for line in lines) == MAX_LINES
    assert "  ... and 10 more" in lines


def test_frame_redact_tags_cells_and_records_where_the_tags_are() -> None:
    data = frame(notes=[f"call {PHONE} or mail ann@example.org", "nothing here"], plan=["pro", "x"])
    guard = Guard(REDACT)
    out, cells = guard.frame(data, {}, [0, 1], "the file", "not written")
    assert out.columns == ["notes", "plan", "pii_count", "pii_error", GATE_AUDIT]
    text = out["notes"][0]
    assert text == "call <PHONE> or mail <EMAIL>"
    entries = out[GATE_AUDIT][0].to_list()
    assert [e["family"] for e in entries] == ["phone", "email"]
    assert [text[e["start"] : e["end"]] for e in entries] == ["<PHONE>", "<EMAIL>"]
    assert out[GATE_AUDIT][1].to_list() == []
    assert [(c.row, c.column, c.text) for c in cells] == [(0, "notes", text)]
    block = guard.block().to_json()
    assert block["artefacts"]["anonymised"]["cells"] == 4
    assert block["findings"] == {"email": 1, "phone": 1}


def test_frame_skips_what_the_anonymiser_inserted_and_moves_it() -> None:
    fake = "+1-202-555-0143"  # a `replace` fake is still a phone number
    text = f"{fake} and {PHONE}"
    own = ((0, len(fake)),)
    out, cells = Guard(REDACT).frame(frame(notes=[text]), {"notes": [own]}, [0], "f", "x")
    assert out["notes"][0] == f"{fake} and <PHONE>"
    assert cells[0].inserted == own
    text = f"{PHONE} then {fake}"
    start = text.index(fake)
    out, cells = Guard(REDACT).frame(
        frame(notes=[text]), {"notes": [((start, len(text)),)]}, [0], "f", "x"
    )
    moved = cells[0].inserted[0]
    assert out["notes"][0][moved[0] : moved[1]] == fake


def test_frame_off_adds_a_null_audit_and_says_so() -> None:
    guard = Guard(OFF)
    out, cells = guard.frame(frame(notes=[f"call {PHONE}"]), {}, [0], "f", "x")
    assert out["notes"][0] == f"call {PHONE}" and cells == []
    assert out[GATE_AUDIT].to_list() == [None]
    assert guard.block().to_json()["enabled"] is False and guard.block().to_json()["checked"] == {}


def test_categorical_columns_keep_their_type_when_redacted() -> None:
    data = frame(notes=["ok"]).with_columns(pl.Series("plan", [CARD], dtype=pl.Categorical))
    out, _ = Guard(REDACT).frame(data, {}, [0], "f", "x")
    assert out.schema["plan"] == pl.Categorical and out["plan"][0] == "<CARD>"


def test_redact_moving() -> None:
    text = "aa 12345 bb FAKE cc"
    findings = [Finding("phone", 3, 8)]
    redacted, placed, moved = redact_moving(text, findings, [(12, 16), (0, 2)])
    assert redacted == "aa <PHONE> bb FAKE cc"
    assert placed == [("phone", 3, 10)]
    assert [redacted[a:b] for a, b in moved] == ["FAKE", "aa"]


# --- prompts ---------------------------------------------------------------------------------


def item(content: str, regions: tuple[Region, ...] = (), key: str = "k1") -> WorkItem:
    messages = ({"role": "system", "content": "Be brief."}, {"role": "user", "content": content})
    return WorkItem(0, "row-3", ("row-3",), messages, key, "sha", (), regions)


def test_prompt_fail_stops_before_anything_is_sent() -> None:
    with pytest.raises(GateError) as caught:
        Guard(FAIL).prompts([item("fine"), item(f"card {CARD}", key="k2")], "generate")
    message = str(caught.value)
    assert "generate prompt for row-3, message 2 (user): card" in message
    assert "nothing was sent to Ollama" in message and "4111" not in message


def test_prompt_redact_replaces_the_content_and_keeps_the_key() -> None:
    guard = Guard(REDACT)
    [out] = guard.prompts([item(f"mail ann@example.org, card {CARD}")], "generate")
    assert out.messages[1]["content"] == "mail <EMAIL>, card <CARD>"
    assert out.key == "k1" and out.prompt_sha256 != "sha"
    assert guard.redacted_prompts == {"k1": ["email", "card"]}
    assert guard.block().to_json()["artefacts"]["prompts"] == {
        "mode": "text",
        "prompts": 1,
        "findings": {"card": 1, "email": 1},
    }


def test_computed_regions_are_skipped_and_generated_ones_read_as_a_persona() -> None:
    text = 'signup_date: 2024-09-15 {"background": "She is from Leeds, call 0117 496 0417"}'
    date = text.index("2024")
    persona = text.index("{")
    regions = (
        Region(1, date, date + 10, "computed"),
        Region(1, persona, len(text), "generated"),
    )
    [out] = Guard(REDACT).prompts([item(text, regions)], "judge")
    # the date is the job's, "is from Leeds" is a persona's invention: only the phone goes
    assert out.messages[1]["content"] == text.replace("0117 496 0417", "<PHONE>")


def test_typed_dates_in_prompts_are_computed_regions() -> None:
    data = pl.DataFrame(
        {
            "notes": ["Loves the app, renewed on 15 March 1987."],
            "signup_date": [dt.date(2024, 9, 15)],
            "seen_at": [dt.datetime(2024, 9, 15, 8, 30)],
        }
    )
    settings = GenerateSettings()
    [built] = build_items(data, settings, "m", {})
    with pytest.raises(GateError) as caught:  # the date written in the notes is text: it counts
        Guard(FAIL).prompts([built], "generate")
    assert str(caught.value).count(": date") == 1
    clean = data.with_columns(pl.lit("Loves the app.").alias("notes"))
    [built] = build_items(clean, settings, "m", {})
    assert Guard(FAIL).prompts([built], "generate") == [built]
    rendered = rendered_sources(clean, settings)
    text, spans = rendered["row-1"]
    assert [text[a:b] for a, b in spans] == ["2024-09-15", "2024-09-15 08:30:00"]


def test_judge_prompts_mark_the_persona_and_the_typed_dates() -> None:
    text = "[source row-1]\nsignup_date: 2024-09-15"
    sources = {"row-1": (text, ((text.index("2024"), len(text)),))}
    personas = pl.DataFrame(
        [{"persona_id": "row-1", "source_ids": ["row-1"], "name": "Ava Lin", "gen_error": None}]
    )
    [judged] = judge_items(
        personas,
        {k: t for k, (t, _) in sources.items()},
        "m",
        {k: s for k, (_, s) in sources.items()},
    )
    content = judged.messages[1]["content"]
    kinds = {r.kind: content[r.start : r.end] for r in judged.regions}
    assert kinds["computed"] == "2024-09-15"
    assert json.loads(kinds["generated"])["name"] == "Ava Lin"
    assert Guard(FAIL).prompts([judged], "judge") == [judged]


# --- personas and synthetic records ----------------------------------------------------------


def personas(**fields: object) -> pl.DataFrame:
    row = {name: None for name in PERSONA_SCHEMA} | {
        "persona_id": "row-1",
        "source_ids": ["row-1"],
        "name": "Ava Lin",
        "location": "Leeds",
        "background": "Lives in Leeds with two cats.",
        "goals": ["ship faster"],
        "evidence": [{"field": "quote", "source_id": "row-1", "excerpt": "slow exports"}],
    }
    return pl.DataFrame([row | fields], schema=PERSONA_SCHEMA)


def test_a_persona_may_invent_names_and_places_but_not_numbers() -> None:
    guard = Guard(FAIL)
    assert guard.personas(personas(), [item("x")])[GEN_GATE].to_list() == [[]]
    with pytest.raises(GateError) as caught:
        guard.personas(personas(quote=f"Call me on {PHONE}"), [item("x")])
    assert "personas; nothing was written:\n  persona row-3, field 'quote': phone" in str(
        caught.value
    )


def test_a_persona_redacted_field_by_field() -> None:
    guard = Guard(REDACT)
    data = personas(
        goals=["ship faster", f"pay with {CARD}"],
        evidence=[{"field": "quote", "source_id": "row-1", "excerpt": "ann@example.org"}],
    )
    out = guard.personas(data, [item("x")], {"row-3": ["phone"]})
    assert out["goals"].to_list() == [["ship faster", "pay with <CARD>"]]
    assert out["evidence"][0][0]["excerpt"] == "<EMAIL>"
    assert out[GEN_GATE].to_list() == [
        [
            {"field": "prompt", "family": "phone"},
            {"field": "goals[1]", "family": "card"},
            {"field": "evidence[0].excerpt", "family": "email"},
        ]
    ]
    assert out.schema == {**PERSONA_SCHEMA, GEN_GATE: out.schema[GEN_GATE]}


def test_source_values_are_flagged_in_personas_and_fakes_pass_everywhere() -> None:
    values = RunValues()
    values.found("PERSON", "Marcella Bianchi")
    values.found("PERSON", "Ian")  # a first name alone is not remembered
    values.found("LOCATION", "Leeds")  # nor a place
    values.inserted("+1-202-555-0143")
    guard = Guard(FAIL, values)
    ok = personas(name="Ian Walker", quote="Text +1-202-555-0143 any time")
    assert guard.personas(ok, [item("x")])[GEN_GATE].to_list() == [[]]
    with pytest.raises(GateError, match="field 'name': source"):
        guard.personas(personas(name="Marcella Bianchi"), [item("x")])
    assert Guard(FAIL, values).prompts([item("my number is +1-202-555-0143")], "generate")
    assert guard.block().to_json()["source_values"] == len(values.sources) > 0


def test_records_get_gen_gate_and_prompt_redactions() -> None:
    guard = Guard(REDACT)
    [sent] = guard.prompts([item(f"example: {PHONE}", key="r1")], "synthesise")
    data = pl.DataFrame({"notes": [f"call {PHONE}"], "nps": [9]})
    out = guard.records(data, [sent])
    assert out["notes"].to_list() == ["call <PHONE>"]
    assert out[GEN_GATE].to_list() == [
        [{"field": "prompt", "family": "phone"}, {"field": "notes", "family": "phone"}]
    ]
    assert guard.block().to_json()["artefacts"]["synthetic"]["fields"] == 1


def test_source_families_read_pii_gate() -> None:
    data = pl.DataFrame(
        {GATE_AUDIT: [[{"column": "n", "family": "phone", "start": 0, "end": 7}], []]}
    )
    assert source_families(data, ["a", "b"]) == {"a": ["phone"]}


# --- the report ------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>run · 2026-11-22</title>
<style>.x{content:"4111 1111 1111 1111"}</style></head><body>
<p class="sub">started 2026-11-22T02:30:00+00:00</p>
<svg><text>+39 347 843 0346</text><!-- 10.0.0.1 --></svg>
<table><tr><td>row-1</td><td>{cell}</td></tr></table></body></html>"""


def test_report_text_nodes_are_checked_not_markup_or_svg() -> None:
    trusted = ["2026-11-22", "2026-11-22T02:30:00+00:00"]
    clean = PAGE.replace("{cell}", "reply was not valid")
    assert Guard(FAIL).html(clean, trusted) == clean
    with pytest.raises(GateError, match=r"report.html, text node \d+: email"):
        Guard(FAIL).html(PAGE.replace("{cell}", "ann@example.org &amp; co"), trusted)
    page = Guard(REDACT).html(PAGE.replace("{cell}", "ann@example.org &amp; co"), trusted)
    assert "<td>&lt;EMAIL&gt; &amp; co</td>" in page


# --- the manifest ----------------------------------------------------------------------------


def test_manifest_block_and_merge() -> None:
    guard = Guard(REDACT)
    guard.frame(frame(notes=[f"call {PHONE}", "ok"]), {}, [0, 1], "f", "x")
    guard.prompts([item("ok")], "generate")
    block = guard.block().to_json()
    assert set(block) == {
        "enabled",
        "on_residual",
        "families",
        "modes",
        "allow_values",
        "allow_patterns",
        "artefacts",
        "source_values",
        "checked",
        "findings",
    }
    assert block["modes"]["generated"] == ["card", "phone", "email", "iban", "ipv4", "ipv6", "date"]
    assert block["checked"] == {"cells": 2, "prompts": 1}
    merged = merge_manifests([block, block, {}])
    assert merged["checked"] == {"cells": 4, "prompts": 2}
    assert merged["findings"] == {"phone": 2}
    assert merge_manifests([Guard(OFF).block().to_json(), block])["enabled"] is False
