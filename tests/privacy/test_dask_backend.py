"""The anonymise job on a real Dask cluster gives what loky and one process give.

The cluster is real: a ``dask scheduler`` and two ``dask worker`` processes started here on
free loopback ports, as ``tests/cluster.sh`` starts them for people. The job talks to it
through :mod:`persona_batch.privacy.engine`, exactly as the pipeline does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.config import AnonymiseSettings, EngineSettings, JobConfig
from persona_batch.core.errors import ConfigError
from persona_batch.core.io import MANIFEST_KEY, read_metadata
from persona_batch.privacy import engine
from persona_batch.privacy.engine import ClusterError
from persona_batch.privacy.job import run_anonymise
from persona_batch.testing.dask_cluster import LocalCluster, free_port
from tests.paths import ROOT, SAMPLE_CSV

ROWS = 80
WORKERS = 2
VOLATILE = ("started_at", "finished_at", "engine")
"""Manifest keys allowed to differ between engines."""


def _count_detector_builds() -> None:
    """On a worker: count every detector built from now on in ``detect._BUILDS``."""
    from persona_batch.privacy import detect

    original = detect.Detector.__init__

    def counting(self: detect.Detector, settings: Any) -> None:
        detect._BUILDS = getattr(detect, "_BUILDS", 0) + 1  # type: ignore[attr-defined]
        original(self, settings)

    detect._BUILDS = 0  # type: ignore[attr-defined]
    detect.Detector.__init__ = counting  # type: ignore[method-assign]


def _detector_state() -> tuple[int, int, list[int]]:
    """On a worker: (detectors built, detectors cached, their ids)."""
    from persona_batch.privacy import detect

    builds = int(getattr(detect, "_BUILDS", 0))
    return builds, len(detect._DETECTORS), [id(d) for d in detect._DETECTORS.values()]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """A scheduler and two one-thread workers as separate processes on free loopback ports."""
    folder = tmp_path_factory.mktemp("cluster")
    # PYTHONPATH: workers unpickle this module's probe functions by reference.
    with LocalCluster(WORKERS, folder, env={"PYTHONPATH": str(ROOT)}) as local:
        try:
            local.client.run(_count_detector_builds)
            yield local
        finally:
            engine.close_clients()


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's header and first rows, byte for byte (one line per row)."""
    lines = SAMPLE_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path_factory.mktemp("input") / "first.csv"
    path.write_text("".join(lines[: ROWS + 1]), encoding="utf-8")
    return path


def job(workers: int, on: EngineSettings | None = None) -> JobConfig:
    """The default job with ``workers`` on engine ``on`` (loky unless given), in small batches
    so the cross-batch cache is used."""
    return JobConfig(
        anonymise=AnonymiseSettings(workers=workers, batch_rows=32), engine=on or EngineSettings()
    )


def stable(manifest: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in manifest.items() if k not in VOLATILE}


@pytest.mark.slow
def test_dask_loky_and_one_process_write_the_same_file(
    cluster: LocalCluster, small_csv: Path, tmp_path: Path
) -> None:
    sequential = run_anonymise(job(1).privacy, small_csv, tmp_path / "sequential.parquet")
    loky = run_anonymise(job(WORKERS).privacy, small_csv, tmp_path / "loky.parquet")
    dask_output = tmp_path / "dask.parquet"
    command = ["privacy", "anonymise", "--input", str(small_csv), "--output", str(dask_output)]
    command += ["--workers", str(WORKERS), "--batch-rows", "32"]
    command += ["--backend", "dask", "--scheduler", cluster.address]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert engine.current() == EngineSettings()

    expected = pl.read_parquet(sequential.output)
    assert expected.height == ROWS
    assert int(expected["pii_count"].sum()) > 0
    assert_frame_equal(pl.read_parquet(loky.output), expected)
    assert_frame_equal(pl.read_parquet(dask_output), expected)
    manifests = [read_metadata(p)[MANIFEST_KEY] for p in (sequential.output, loky.output)]
    manifests.append(read_metadata(dask_output)[MANIFEST_KEY])
    assert stable(manifests[1]) == stable(manifests[0])
    assert stable(manifests[2]) == stable(manifests[0])
    engines = [m["engine"] for m in manifests]
    assert engines == [
        {"backend": "loky", "scheduler": None, "workers": 1},
        {"backend": "loky", "scheduler": None, "workers": WORKERS},
        {"backend": "dask", "scheduler": cluster.address, "workers": WORKERS},
    ]
    held = cluster.client.run(_detector_state)
    assert sum(cached for _, cached, _ in held.values()) >= 1  # the work ran on the workers


@pytest.mark.slow
def test_each_dask_worker_builds_its_detector_once(
    cluster: LocalCluster, small_csv: Path, tmp_path: Path
) -> None:
    run_anonymise(job(WORKERS, cluster.engine).privacy, small_csv, tmp_path / "first.parquet")
    first: dict[str, tuple[int, int, list[int]]] = cluster.client.run(_detector_state)
    run_anonymise(job(0, cluster.engine).privacy, small_csv, tmp_path / "second.parquet")
    second: dict[str, tuple[int, int, list[int]]] = cluster.client.run(_detector_state)
    with engine.use(cluster.engine):
        assert engine.cluster_threads(cluster.engine) == WORKERS
        assert engine.default_workers(cluster.engine) == WORKERS
        assert engine.dask_client(cluster.engine) is engine.dask_client(cluster.engine)

    assert len(first) == WORKERS
    assert second == first  # no worker built another detector, or dropped its own
    assert all(builds == cached <= 1 for builds, cached, _ in first.values())
    assert sum(builds for builds, _, _ in first.values()) >= 1


@pytest.mark.slow
def test_a_scheduler_without_workers_fails_with_a_clear_message(
    small_csv: Path, tmp_path: Path
) -> None:
    alone = LocalCluster(0, tmp_path / "cluster")
    settings = alone.engine.model_copy(update={"worker_timeout": 1})
    try:
        alone.start()
        with pytest.raises(ClusterError) as raised:
            run_anonymise(job(WORKERS, settings).privacy, small_csv, tmp_path / "out.parquet")
        client = engine.dask_client(settings)
        alone.stop_scheduler()
        deadline = time.monotonic() + 30
        while client.status == "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        # The client that lost its scheduler is dropped; a new one finds nobody there.
        with pytest.raises(ClusterError, match="connection refused"):
            engine.dask_client(settings)
    finally:
        engine.close_clients()
        alone.stop()
    assert f"no Dask worker joined the scheduler at {alone.address}" in str(raised.value)
    assert "make cluster-up" in str(raised.value)
    assert not (tmp_path / "out.parquet").exists()


def test_an_unreachable_scheduler_fails_at_once_with_the_address(
    small_csv: Path, tmp_path: Path
) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    on = EngineSettings(backend="dask", scheduler=address)
    with pytest.raises(ClusterError) as raised:
        run_anonymise(job(WORKERS, on).privacy, small_csv, tmp_path / "out.parquet")
    message = str(raised.value)
    assert message == (
        f"no Dask scheduler answers at {address} (connection refused); start a local cluster "
        "with `make cluster-up`, or fix engine.scheduler / --scheduler"
    )
    assert raised.value.exit_code == 1
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize("scheduler", [None, "nonsense::"])
def test_a_missing_or_malformed_scheduler_is_a_config_error(
    scheduler: str | None, small_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    on = EngineSettings(backend="dask", scheduler=scheduler)
    with pytest.raises(ConfigError, match=r"engine\.scheduler|--scheduler"):
        run_anonymise(job(WORKERS, on).privacy, small_csv, tmp_path / "out.parquet")


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        ("killed", "died repeatedly"),
        ("closed", "lost the connection"),
        ("cancelled", "lost the connection"),
        ("timeout", "no Dask worker joined"),
    ],
)
def test_cluster_failures_during_a_run_become_one_cluster_error(
    failure: str, expected: str
) -> None:
    from concurrent.futures import CancelledError

    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    last_worker: Any = None  # the scheduler's WorkerState in real life
    raised: dict[str, Exception] = {
        "killed": KilledWorker("batch_of_analyze_texts-1", last_worker, 3),
        "closed": CommClosedError("in <TCP (closed)>"),
        "cancelled": CancelledError("scheduler-connection-lost"),
        "timeout": TimeoutError("no worker"),
    }
    settings = EngineSettings(backend="dask", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ClusterError, match=expected) as caught, engine.cluster_errors(settings):
        raise raised[failure]
    assert "tcp://127.0.0.1:8786" in str(caught.value)


def test_errors_of_the_work_itself_pass_through() -> None:
    settings = EngineSettings(backend="dask", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ConfigError, match="spaCy"), engine.cluster_errors(settings):
        raise ConfigError("spaCy model missing")


def test_the_scheduler_can_come_from_dask_config(monkeypatch: pytest.MonkeyPatch) -> None:
    import dask.config as dask_config

    with dask_config.set({"scheduler-address": "tcp://127.0.0.1:9999"}):
        assert engine.scheduler_address(EngineSettings(backend="dask")) == "tcp://127.0.0.1:9999"
    given = EngineSettings(backend="dask", scheduler="tcp://10.0.0.1:8786")
    assert engine.scheduler_address(given) == "tcp://10.0.0.1:8786"


def test_use_sets_the_engine_for_the_block_and_restores_it() -> None:
    outer = EngineSettings(backend="dask", scheduler="tcp://127.0.0.1:1")
    inner = EngineSettings()
    assert engine.current() == EngineSettings()
    with engine.use(outer):
        assert engine.current() is outer
        with engine.use(inner):
            assert engine.current() is inner
        assert engine.current() is outer
    assert engine.current() == EngineSettings()


def test_loky_shapes_tasks_for_this_machine() -> None:
    assert engine.default_workers(EngineSettings()) == (os.cpu_count() or 1)


def test_engine_settings_are_strict() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        EngineSettings.model_validate({"backend": "ray"})
    with pytest.raises(ValidationError):
        EngineSettings.model_validate({"schedulr": "tcp://127.0.0.1:8786"})
    settings = EngineSettings()
    with pytest.raises(ValidationError):
        settings.backend = "dask"  # type: ignore[misc]


def test_the_loky_path_never_imports_dask() -> None:
    code = (
        "import sys\n"
        "from persona_batch.core.config import DetectSettings\n"
        "from persona_batch.privacy.parallel import run_detection\n"
        "assert run_detection(DetectSettings(), [], 2) == []\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed'})\n"
        "print(leaked)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
