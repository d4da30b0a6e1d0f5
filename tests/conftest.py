"""Shared fixtures: one detector per test session, small real files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import AnonymiseSettings, DetectSettings, JobConfig, VerifySettings

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CSV = ROOT / "data" / "research_sample.csv"
HASH_KEY = "test-key-0123456789abcdef"


@pytest.fixture(scope="session")
def detector():  # type: ignore[no-untyped-def]
    """The session's one detector (the real spaCy model); ``get_detector`` returns it again."""
    from persona_batch.privacy.detect import get_detector

    return get_detector(DetectSettings())


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
