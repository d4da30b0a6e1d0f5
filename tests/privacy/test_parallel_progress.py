"""Detection reports each finished task, so a bar moves within a batch (an 1,800-row file is
one batch: before, its bar stood at 0 until the end). Real loky workers and the real model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from persona_batch.core.config import AnonymiseSettings, DetectSettings, JobConfig
from persona_batch.core.progress import Advance
from persona_batch.privacy.parallel import chunk, run_detection

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("workers", [1, 2])
def test_each_finished_task_is_reported_in_order(workers: int) -> None:
    texts = [f"Call Anna Berg on 0612345{i:03d} about ticket {i}" for i in range(60)]
    tasks = [(None, piece) for piece in chunk(texts, 8)]
    seen: list[int] = []
    results = run_detection(DetectSettings(), tasks, workers, seen.append)
    assert seen == [len(piece) for _, piece in tasks]  # one report per task, as it lands
    assert [len(r) for r in results] == seen
    assert all(any(f.entity_type == "PHONE_NUMBER" for f in cell) for r in results for cell in r)


def test_anonymising_one_batch_moves_a_texts_bar_within_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from contextlib import contextmanager

    import polars as pl

    from persona_batch.privacy import anonymise
    from persona_batch.privacy.job import run_anonymise

    steps: dict[str, list[int]] = {}

    @contextmanager
    def recording(description: str, total: int | None, unit: str = "rows") -> Iterator[Advance]:
        done = steps.setdefault(description, [])
        yield lambda n, info="": done.append(n)

    monkeypatch.setattr(anonymise, "progress_bar", recording)
    source = tmp_path / "in.csv"
    notes = [f"Mail anna{i}@example.com or call 0612345{i:03d} today" for i in range(400)]
    pl.DataFrame({"notes": notes}).write_csv(source)
    job = JobConfig(anonymise=AnonymiseSettings(workers=2, batch_rows=20_000))
    run_anonymise(job.privacy, source, tmp_path / "out.parquet")
    detecting = steps["detecting"]
    # the texts the plan did not already look at, task by task: the bar moves within the batch
    assert len(detecting) > 2 and 0 < sum(detecting) <= 400
