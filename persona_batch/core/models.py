"""The one base of the project's frozen pydantic models: settings, plans, manifests.

Frozen, so a settings section handed down to a stage cannot be changed under another; extra
keys forbidden, so a misspelt key in a job file or a manifest from another version is an error
that names it rather than a silent default.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["FrozenModel"]


class FrozenModel(BaseModel):
    """A frozen pydantic model that refuses unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)
