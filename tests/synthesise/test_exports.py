"""The package's public names: each loads its own module on first use, and none is a module."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

import persona_batch.synthesise as synthesise
from tests.paths import ROOT


@pytest.mark.parametrize("name", synthesise.__all__)
def test_every_public_name_resolves(name: str) -> None:
    value = getattr(synthesise, name)
    assert not isinstance(value, types.ModuleType)  # a name no sub-module shadows


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = synthesise.no_such_name  # type: ignore[attr-defined]


def test_importing_the_package_loads_none_of_its_modules() -> None:
    probe = (
        "import json, sys; import persona_batch.synthesise; print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    ours = sorted(m for m in loaded if m.startswith("persona_batch.synthesise."))
    assert not ours, ours
    assert "polars" not in loaded
