"""The persona a model must return, as a pydantic model: its JSON schema is sent as ``format``.

Strings and lists carry ``maxLength`` / ``maxItems`` so that a small model under a
``num_predict`` budget finishes its JSON instead of running out mid-string.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Short = Annotated[str, Field(min_length=1, max_length=80)]
Line = Annotated[str, Field(min_length=1, max_length=200)]

PersonaField = Literal[
    "name",
    "age",
    "occupation",
    "location",
    "background",
    "goals",
    "frustrations",
    "behaviours",
    "quote",
]


class Evidence(BaseModel):
    """Which source text supports which persona field."""

    model_config = ConfigDict(extra="forbid")

    field: PersonaField
    source_id: Annotated[str, Field(max_length=40)]
    excerpt: Annotated[str, Field(max_length=200)]


class Persona(BaseModel):
    """One persona, grounded in the (anonymised) research it was built from."""

    model_config = ConfigDict(extra="forbid")

    name: Short
    age: Annotated[int, Field(ge=16, le=100)]
    occupation: Short
    location: Short
    background: Annotated[str, Field(min_length=1, max_length=600)]
    goals: Annotated[list[Line], Field(min_length=1, max_length=5)]
    frustrations: Annotated[list[Line], Field(min_length=1, max_length=5)]
    behaviours: Annotated[list[Line], Field(min_length=1, max_length=5)]
    quote: Annotated[str, Field(min_length=1, max_length=240)]
    evidence: Annotated[list[Evidence], Field(max_length=8)]


PERSONA_FIELDS: tuple[str, ...] = tuple(Persona.model_fields)
