"""The gate's scan of a large frame in the detection workers (persona_batch.privacy.parallel
.gate_scanner): the same findings, redactions, audit and messages as a scan in this process."""

from __future__ import annotations

import polars as pl
import pytest

from persona_batch.core.config import EngineSettings, GateSettings
from persona_batch.core.errors import GateError
from persona_batch.privacy import engine
from persona_batch.privacy.guard import GATE_AUDIT, Guard
from persona_batch.privacy.parallel import gate_scanner

pytestmark = pytest.mark.slow

REDACT = GateSettings(on_residual="redact")


def _frame(rows: int) -> tuple[pl.DataFrame, dict[str, list[list[tuple[int, int]]]]]:
    """Notes with a phone, an email or a card in some rows, a repeated plan value, and an
    inserted tag the anonymiser put in (whose span the gate skips) in every fifth row."""
    notes, inserted = [], []
    for i in range(rows):
        if i % 5 == 0:
            text = f"row {i}: <PERSON> called"
            inserted.append([(len(f"row {i}: "), len(f"row {i}: <PERSON>"))])
        elif i % 7 == 0:
            text = f"row {i}: call me on +39 347 843 {i % 10}346 please"
            inserted.append([])
        elif i % 11 == 0:
            text = f"row {i}: mail ana.{i}@example.org or pay with 4111 1111 1111 1111"
            inserted.append([])
        else:
            text = f"row {i}: the export is slow" if i % 2 else None
            inserted.append([])
        notes.append(text)
    data = pl.DataFrame(
        {"notes": notes, "plan": ["pro" if i % 3 else "4111 1111 1111 1111" for i in range(rows)]},
        schema={"notes": pl.String, "plan": pl.String},
    )
    return data, {"notes": inserted}


def test_a_large_frame_scanned_in_workers_matches_a_scan_here() -> None:
    data, inserted = _frame(600)
    rows = list(range(600))
    with engine.use(EngineSettings()):
        fan_out = gate_scanner(2, least=1)
        assert fan_out is not None
        here, here_cells = Guard(REDACT).frame(data, inserted, rows, "rows", "not written")
        there, there_cells = Guard(REDACT).frame(
            data, inserted, rows, "rows", "not written", scan_many=fan_out
        )
    assert here.equals(there)
    assert here_cells == there_cells
    assert here.get_column(GATE_AUDIT).list.len().sum() > 150  # the planted values were found
    assert "+39 347" not in "".join(there.get_column("notes").drop_nulls())


def test_a_stop_in_workers_names_the_same_rows() -> None:
    data, inserted = _frame(120)
    messages = []
    with engine.use(EngineSettings()):
        for scan_many in (None, gate_scanner(2, least=1)):
            with pytest.raises(GateError) as caught:
                Guard(GateSettings()).frame(
                    data, inserted, list(range(120)), "rows", "not written", scan_many=scan_many
                )
            messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "row 8, column 'notes': phone" in messages[0]


def test_the_gate_stays_here_for_one_worker_a_cluster_or_a_small_frame() -> None:
    assert gate_scanner(1) is None
    with engine.use(EngineSettings(backend="dask", scheduler="tcp://127.0.0.1:1")):
        assert gate_scanner(2) is None
    data, inserted = _frame(40)
    with engine.use(EngineSettings()):
        small = gate_scanner(2)  # 40 texts: under the fan-out's least
        assert small is not None
        out, _ = Guard(REDACT).frame(data, inserted, list(range(40)), "r", "n", scan_many=small)
    assert out.get_column(GATE_AUDIT).list.len().sum() > 0
