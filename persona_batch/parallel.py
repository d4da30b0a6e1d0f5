"""Fan detection out to worker processes with joblib: the only module that imports joblib.

Tasks are plain data (settings, a list of strings, entity types) handed to the top-level
:func:`persona_batch.detect.analyze_texts`; each worker builds its detector once and keeps it
(joblib's loky executor is reused between calls, and the cache lives in ``detect``).
"""

from __future__ import annotations

from collections.abc import Sequence

from joblib import Parallel, delayed

from persona_batch.config import DetectSettings
from persona_batch.detect import Finding, analyze_texts

Task = tuple[tuple[str, ...] | None, list[str]]
"""Entity types to look for (``None``: all configured) and the texts."""


def chunk(texts: Sequence[str], size: int) -> list[list[str]]:
    return [list(texts[i : i + size]) for i in range(0, len(texts), size)]


def task_size(total: int, workers: int, floor: int = 32, ceiling: int = 512) -> int:
    """Enough tasks to balance ``workers`` (about four each), none too small to be worth it."""
    if workers <= 1:
        return max(total, 1)
    return max(floor, min(ceiling, -(-total // (workers * 4))))


def run_detection(
    settings: DetectSettings, tasks: Sequence[Task], workers: int
) -> list[list[list[Finding]]]:
    """Findings per task, in task order; in this process when one worker is asked for."""
    if workers <= 1 or len(tasks) <= 1:
        return [analyze_texts(settings, texts, entities) for entities, texts in tasks]
    parallel = Parallel(n_jobs=workers, backend="loky", batch_size=1)
    results = parallel(
        delayed(analyze_texts)(settings, texts, entities) for entities, texts in tasks
    )
    return list(results)
