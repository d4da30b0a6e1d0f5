"""Fixtures of the scoring tests that run the generate job: a fake Ollama, a small input file and
the job they run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import (
    AnonymiseSettings,
    GenerateSettings,
    JobConfig,
    JudgeSettings,
    VerifySettings,
)
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import SAMPLE_CSV


@pytest.fixture
def server() -> Iterator[FakeOllama]:
    with FakeOllama(models=["llama3.2:3b", "qwen2.5:7b"]) as srv:
        yield srv


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "small.csv"
    pl.read_csv(SAMPLE_CSV).head(12).write_csv(path)
    return path


def scoring_job(judge: str | None = None, **generate: object) -> JobConfig:
    return JobConfig(
        anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=30)),
        generate=GenerateSettings.model_validate({"backoff_seconds": 0.01, **generate}),
        judge=JudgeSettings(model=judge),
    )


def chats(server: FakeOllama) -> list[dict[str, object]]:
    return [r.body for r in server.requests if r.path == "/api/chat" and isinstance(r.body, dict)]
