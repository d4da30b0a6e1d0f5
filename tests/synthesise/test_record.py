"""The synthetic record's model: the shape a reply must have, from the profile."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from persona_batch.synthesise.profiling import profile
from persona_batch.synthesise.record import record_model

from .fakes import kinds_frame


def test_record_model_enforces_the_shape() -> None:
    frame = kinds_frame().rename({"notes": "free notes"})
    model = record_model(profile(frame))
    schema = model.model_json_schema()
    props = schema["properties"]
    assert "id" not in props  # identifiers are numbered afresh, not generated
    assert set(props["segment"]["enum"]) == {"Admin", "Churned", "New customer"}
    assert props["age"]["minimum"] >= 18 and props["age"]["maximum"] <= 70
    assert props["joined"]["format"] == "date"
    assert {"type": "null"} in props["plan"]["anyOf"]
    assert props["free notes"]["maxLength"] >= frame["free notes"].str.len_chars().max()
    assert schema["additionalProperties"] is False
    good = {
        "segment": "Admin",
        "score": 2.5,
        "age": 30,
        "active": True,
        "joined": "2024-01-05",
        "plan": None,
        "free notes": "search felt slow",
    }
    model.model_validate_json(json.dumps(good))
    for bad in ({"segment": "Owner"}, {"age": 71}, {"joined": "2030-01-01"}, {"free notes": ""}):
        with pytest.raises(ValidationError):
            model.model_validate_json(json.dumps(good | bad))
