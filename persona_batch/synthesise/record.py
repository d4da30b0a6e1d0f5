"""The synthetic record's pydantic model, built from the profile.

:func:`record_model` turns each profiled column into a field: categories become ``Literal`` of
the observed values, numbers and dates are bounded by the observed range, free text is capped in
length. Its JSON schema is sent as Ollama's ``format``, and every reply is validated against it.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from persona_batch.synthesise.drawing import places
from persona_batch.synthesise.profiling import ColumnProfile, Profile, bounds, day_of

__all__ = ["column_names", "record_model"]


def record_model(profile: Profile, text_headroom: float = 1.25) -> type[BaseModel]:
    """The pydantic model one synthetic record must validate against (identifiers excluded).

    Categories are ``Literal`` of the observed values; integers, floats and dates are bounded by
    the observed range (date bounds are checked on validation: JSON schema cannot carry them);
    free text is capped at the longest observed value times ``text_headroom``. A column that
    had nulls accepts null. Column names that are not Python identifiers become aliases, so the
    JSON keys are always the column names.
    """
    fields: dict[str, Any] = {}
    for index, column in enumerate(profile.columns):
        if column.kind == "identifier":
            continue
        annotation = _annotation(column, text_headroom)
        name = _field_name(column.name, index, fields)
        alias = column.name if name != column.name else None
        fields[name] = (annotation, Field(..., alias=alias))
    model: type[BaseModel] = create_model(
        "SyntheticRecord",
        __config__=ConfigDict(extra="forbid", populate_by_name=True),
        __doc__="One synthetic record: the original's columns, shaped by its profile.",
        **fields,
    )
    return model


def _field_name(column: str, index: int, taken: Mapping[str, Any]) -> str:
    safe = (
        column.isidentifier()
        and not keyword.iskeyword(column)
        and not column.startswith(("_", "model_"))
        and not hasattr(BaseModel, column)
        and column not in taken
    )
    return column if safe else f"column_{index}"


def _annotation(column: ColumnProfile, headroom: float) -> Any:
    nullable = column.nulls > 0
    annotation: Any
    present = [c.value for c in column.categories if c.value is not None]
    if column.kind == "categorical":
        if not present:
            return type(None)
        annotation = Literal[tuple(present)]
    elif column.kind == "boolean":
        annotation = bool
    elif column.kind == "integer":
        low, high = bounds(column)
        annotation = Annotated[int, Field(ge=math.floor(low), le=math.ceil(high))]
    elif column.kind == "float":
        low, high = bounds(column)
        scale = 10 ** places(column)  # outward to the places targets are rounded to
        annotation = Annotated[
            float, Field(ge=math.floor(low * scale) / scale, le=math.ceil(high * scale) / scale)
        ]
    elif column.kind == "date":
        low, high = bounds(column)
        annotation = Annotated[date, Field(ge=day_of(low), le=day_of(high))]
    elif column.kind == "datetime":
        annotation = datetime
    else:
        annotation = Annotated[
            str, Field(min_length=1, max_length=math.ceil(column.max_length * headroom))
        ]
    return annotation | None if nullable else annotation


def column_names(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> column name."""
    return {name: info.alias or name for name, info in model.model_fields.items()}
