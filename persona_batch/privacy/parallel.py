"""Fan detection (and the gate's scan of a large frame) out to worker processes with joblib:
the only module that imports joblib.

Tasks are plain data (settings, a list of strings, entity types) handed to the top-level
:func:`persona_batch.privacy.detect.analyze_texts`; each worker builds its detector once and keeps it
(joblib's loky executor is reused between calls, Dask workers live as long as the cluster, and
the cache lives in ``detect``).

The backend is the job's ``[engine]``, which the pipeline sets for the length of a job with
:func:`persona_batch.privacy.engine.use`: ``loky``, processes on this machine, or ``dask``, the workers
of a ``distributed`` cluster through joblib's Dask backend.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from joblib import Parallel, delayed, parallel_config

from persona_batch.core.privacy_settings import DetectSettings, EngineSettings, GateSettings
from persona_batch.privacy.detect import Finding, analyze_texts
from persona_batch.privacy.engine import cluster_errors, current, dask_client
from persona_batch.privacy.recognisers import gazetteer

if TYPE_CHECKING:  # a worker imports the gate only when it is handed a gate task
    from persona_batch.privacy.gate import Finding as GateFinding
    from persona_batch.privacy.gate import Gate
    from persona_batch.privacy.gate.audit import Span
    from persona_batch.privacy.guard import ScanMany

Task = tuple[tuple[str, ...] | None, list[str]]
"""Entity types to look for (``None``: all configured) and the texts."""


def chunk(texts: Sequence[str], size: int) -> list[list[str]]:
    return [list(texts[i : i + size]) for i in range(0, len(texts), size)]


def task_size(total: int, workers: int, floor: int = 32, ceiling: int = 512) -> int:
    """Enough tasks to balance ``workers`` (about eight each), none too small to be worth it."""
    if workers <= 1:
        return max(total, 1)
    return max(floor, min(ceiling, -(-total // (workers * TASKS_PER_WORKER))))


TASKS_PER_WORKER = 8
"""With texts handed out longest first (:func:`longest_first`), the last tasks are short ones,
so a worker that finishes early waits for little."""


def longest_first(texts: Sequence[str]) -> list[str]:
    """``texts`` from the longest to the shortest (ties in their order): cut into tasks of one
    count, the long texts go out first and the batch ends on short tasks. Findings are the
    same in any order (spaCy's NER does not depend on what it is batched with)."""
    return sorted(texts, key=len, reverse=True)


def run_detection(
    settings: DetectSettings,
    tasks: Sequence[Task],
    workers: int,
    on_task: Callable[[int], None] | None = None,
) -> list[list[list[Finding]]]:
    """Findings per task, in task order, on :func:`persona_batch.privacy.engine.current`.

    ``on_task(texts)``: called as each task's results come back (in task order), with its
    number of texts, so a progress bar moves within a batch.

    With ``loky``: in this process when one worker is asked for (or there is one task), else
    ``workers`` processes. With ``dask``: every task goes to the cluster, however few (so this
    process never loads the model) and on as many workers as it has; ``workers`` only shapes
    the tasks upstream.
    """
    engine = current()
    if tasks:
        gazetteer.ensure_built()
    if engine.backend == "dask":
        results = _run_on_dask(settings, tasks, engine) if tasks else iter(())
    elif workers <= 1 or len(tasks) <= 1:
        results = (analyze_texts(settings, texts, entities) for entities, texts in tasks)
    else:
        parallel = Parallel(n_jobs=workers, backend="loky", batch_size=1, return_as="generator")
        parent = os.getpid()
        results = parallel(
            delayed(_detect_in_worker)(parent, settings, texts, entities)
            for entities, texts in tasks
        )
    out = []
    for result in results:
        out.append(result)
        if on_task is not None:
            on_task(len(result))
    return out


def _detect_in_worker(
    parent: int, settings: DetectSettings, texts: list[str], entities: tuple[str, ...] | None
) -> list[list[Finding]]:
    """A loky worker's task: :func:`analyze_texts`, with the parent watch started first."""
    watch_parent(parent)
    return analyze_texts(settings, texts, entities)


GATE_FAN_OUT = 1_000
"""A frame's gate runs in the workers from this many texts on; fewer are scanned here, where
they cost less than the round trip."""
_GATE_TASKS_PER_WORKER = 4


def gate_scanner(workers: int, least: int = GATE_FAN_OUT) -> ScanMany | None:
    """How the gate scans an anonymised frame with ``workers`` loky processes, the ones
    detection has warmed: the texts in order, cut into a few tasks per worker, each scanned by
    the same gate settings in a worker (:func:`_gate_in_worker`). None (scan here) with one
    worker or a Dask cluster, whose workers may be busy or far away. Under ``least`` texts a
    frame is scanned here."""
    if workers <= 1 or current().backend != "loky":
        return None

    def scan_many(
        gate: Gate, texts: Sequence[tuple[str, Sequence[Span]]]
    ) -> list[list[GateFinding]]:
        if len(texts) < least:
            return [gate.scan(text, skip) for text, skip in texts]
        size = -(-len(texts) // (workers * _GATE_TASKS_PER_WORKER))
        pieces = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
        parallel = Parallel(n_jobs=workers, backend="loky", batch_size=1)
        parent = os.getpid()
        done = parallel(delayed(_gate_in_worker)(parent, gate.settings, p) for p in pieces)
        return [findings for piece in done for findings in piece]

    return scan_many


_GATES: dict[str, Gate] = {}
"""A worker's text gate per settings (as JSON): built on its first task, then reused."""


def _gate_in_worker(
    parent: int, settings: GateSettings, texts: list[tuple[str, Sequence[Span]]]
) -> list[list[GateFinding]]:
    """A loky worker's gate task: each text scanned in text mode, skipping its spans."""
    from persona_batch.privacy.gate import Gate

    watch_parent(parent)
    key = settings.model_dump_json()
    gate = _GATES.get(key)
    if gate is None:
        gate = _GATES[key] = Gate(settings, "text")
    return [gate.scan(text, skip) for text, skip in texts]


_WATCHED: set[int] = set()
WATCH_INTERVAL = 0.5
"""Seconds between a worker's checks that the job process is still its parent."""


def watch_parent(parent: int) -> None:
    """In a worker process of ``parent``: exit as soon as ``parent`` is gone, whatever killed
    it (SIGKILL and the OOM killer included), instead of finishing a task nobody will read.

    A daemon thread polls the parent pid; an orphan is re-parented, so a changed pid means the
    job died. Nothing happens in the job process itself (``parent`` is this process)."""
    if os.getpid() == parent or parent in _WATCHED or os.getppid() != parent:
        return
    _WATCHED.add(parent)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
        os._exit(EXIT_ORPHANED)

    threading.Thread(target=watch, name="persona-batch-parent-watch", daemon=True).start()


EXIT_ORPHANED = 70
"""A worker's exit code when its job process died (EX_SOFTWARE: nobody is left to report to)."""


def _run_on_dask(
    settings: DetectSettings, tasks: Sequence[Task], engine: EngineSettings
) -> Iterator[list[list[Finding]]]:
    """Each task on a Dask worker through joblib's Dask backend; the process's one client."""
    client = dask_client(engine)
    with (
        cluster_errors(engine),
        parallel_config(
            backend="dask", client=client, wait_for_workers_timeout=engine.worker_timeout
        ),
    ):
        parallel = Parallel(batch_size=1, return_as="generator")
        yield from parallel(
            delayed(analyze_texts)(settings, texts, entities) for entities, texts in tasks
        )
