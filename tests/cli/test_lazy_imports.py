"""`persona --help`, `persona version` and `persona validate` load no heavy library.

Each runs in a fresh interpreter, which then lists the top-level modules it imported. The time
it takes is measured in the issue notes, not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.paths import JOBS, ROOT

HEAVY = (
    "polars",
    "pyarrow",
    "numpy",
    "spacy",
    "presidio_analyzer",
    "presidio_anonymizer",
    "matplotlib",
    "jinja2",
    "ollama",
    "httpx",
    "joblib",
    "dask",
    "faker",
    "phonenumbers",
)

_PROBE = """
import json, sys
from typer.testing import CliRunner
from persona_batch.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"exit": result.exit_code, "loaded": loaded}))
"""


def _loaded(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    return reply["exit"], set(reply["loaded"])


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("version",),
        ("privacy", "--help"),
        ("privacy", "anonymise", "--help"),
        ("privacy", "scan", "--help"),
        ("generate", "--help"),
        ("score", "--help"),
        ("run", "--help"),
        ("report", "--help"),
        ("export", "--help"),
        ("dev-server", "--help"),
        ("synthesise", "--help"),
        ("synthesise", "validate", "--help"),
        ("validate", str(JOBS / "nightly.toml")),
    ],
)
def test_light_commands_load_no_heavy_library(args: tuple[str, ...]) -> None:
    code, loaded = _loaded(*args)
    assert code == 0
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_python_m_persona_batch_help_loads_no_heavy_library() -> None:
    """The real entry point (``python -m persona_batch``, as the ``persona`` script), not the
    test runner: ``-X importtime`` lists every module the interpreter imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "persona_batch", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "Usage:" in done.stdout
    loaded = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "typer" in loaded  # the probe sees imports at all
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_a_stage_command_still_loads_its_libraries() -> None:
    """The probe can fail: a command that does work imports what it needs."""
    code, loaded = _loaded("privacy", "scan", "--input", str(ROOT / "no-such-file.csv"))
    assert code != 0
    assert "polars" in loaded


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("persona_batch.jobs.report.page", ("matplotlib", "jinja2")),
        ("persona_batch.privacy", ("presidio_analyzer", "spacy", "polars")),
        ("persona_batch.llm", ("ollama", "httpx", "polars")),
        ("persona_batch.quality", ("polars",)),
    ],
)
def test_importing_a_stage_loads_its_engine_only_when_it_is_built(
    module: str, absent: tuple[str, ...]
) -> None:
    probe = (
        f"import json, sys, {module}\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not loaded & set(absent), sorted(loaded & set(absent))
