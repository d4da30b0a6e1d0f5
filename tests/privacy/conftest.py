"""Fixtures of the privacy tests: a job run in this process, a hash key, small real files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import AnonymiseSettings, JobConfig, VerifySettings

HASH_KEY = "test-key-0123456789abcdef"


@pytest.fixture
def job() -> JobConfig:
    """Default job, in this process (workers=1), so every test shares the session's detector."""
    return JobConfig(anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=50)))


@pytest.fixture
def hash_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PERSONA_HASH_KEY", HASH_KEY)
    return HASH_KEY


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[[pl.DataFrame, str], Path]:
    def write(frame: pl.DataFrame, name: str = "input.csv") -> Path:
        path = tmp_path / name
        frame.write_csv(path)
        return path

    return write
