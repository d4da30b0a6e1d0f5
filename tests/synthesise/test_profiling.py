"""The profile of the original: column kinds, categories, percentiles, examples, dependencies."""

from __future__ import annotations

import json

from persona_batch.synthesise.profiling import profile

from .fakes import CITIES, cities_frame, kinds_frame


def test_profile_tells_column_kinds_apart() -> None:
    prof = profile(kinds_frame())
    kinds = {c.name: c.kind for c in prof.columns}
    assert kinds == {
        "id": "identifier",
        "segment": "categorical",
        "score": "float",
        "age": "integer",
        "active": "boolean",
        "joined": "date",
        "plan": "categorical",
        "notes": "text",
    }  # the pii_* audit is left out
    plan = prof.column("plan")
    assert plan.nulls == 20 and {c.value for c in plan.categories} == {"free", "pro", None}
    age = prof.column("age")
    assert age.minimum is not None and 18 <= age.minimum <= age.maximum <= 70  # type: ignore[operator]
    assert len(age.quantiles) == 101
    notes = prof.column("notes")
    assert len(notes.lengths) == 101 and len(notes.examples) == 3
    assert "examples" not in json.dumps(prof.public()["columns"][7])


def test_a_dependent_column_finds_its_parent() -> None:
    city = profile(cities_frame()).column("city")
    assert city.parent == "country"
    assert {c.given for c in city.conditional} == set(CITIES)
