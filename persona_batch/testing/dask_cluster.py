"""A real local Dask cluster for tests and benchmarks: a scheduler and workers on loopback.

Each process is ``python -m dask scheduler|worker`` from this interpreter's environment, in its
own session (so stopping it stops its nanny's children too), on a free 127.0.0.1 port, with its
log and scratch space in ``folder``. People use ``make cluster-up`` (``tests/cluster.sh``)
instead; this is the same cluster, started and stopped by code::

    with LocalCluster(workers=2, folder=tmp) as cluster:
        JobConfig(engine=cluster.engine)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from persona_batch.core.config import EngineSettings

HOST = "127.0.0.1"


def free_port() -> int:
    """A loopback TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def stop_process(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """Stop a process started in its own session, and everything it started."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class LocalCluster:
    """``workers`` one-thread Dask workers and their scheduler, as separate processes."""

    def __init__(
        self,
        workers: int,
        folder: Path,
        env: dict[str, str] | None = None,
        memory_limit: str = "2GiB",
        timeout: float = 60.0,
    ) -> None:
        self.workers = workers
        self.folder = folder
        self.port = free_port()
        self.address = f"tcp://{HOST}:{self.port}"
        self.memory_limit = memory_limit
        self.timeout = timeout
        self.env = {**os.environ, **(env or {}), "DASK_TEMPORARY_DIRECTORY": str(folder)}
        self.processes: list[subprocess.Popen[bytes]] = []
        self.client: Any = None
        """A :class:`distributed.Client` of the cluster, once :meth:`start` returned."""

    @property
    def engine(self) -> EngineSettings:
        """The job's ``[engine]`` for this cluster."""
        return EngineSettings(backend="dask", scheduler=self.address)

    def start(self) -> float:
        """Start the scheduler and the workers, wait until all joined; seconds taken."""
        from distributed import Client

        started = time.perf_counter()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._spawn("scheduler", ["scheduler", "--host", HOST, "--port", str(self.port)])
        for n in range(1, self.workers + 1):
            args = ["worker", self.address, "--nworkers", "1", "--nthreads", "1"]
            args += ["--host", HOST, "--memory-limit", self.memory_limit, "--name", f"w{n}"]
            self._spawn(f"worker-{n}", args)
        connect: Any = Client
        self.client = connect(self.address, timeout=self.timeout, set_as_default=False)
        if self.workers:
            self.client.wait_for_workers(self.workers, timeout=self.timeout)
        return time.perf_counter() - started

    def _spawn(self, name: str, args: list[str]) -> None:
        command = [sys.executable, "-m", "dask", *args, "--no-dashboard"]
        with (self.folder / f"{name}.log").open("wb") as log:
            self.processes.append(
                subprocess.Popen(
                    command,
                    env=self.env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    def stop_scheduler(self) -> None:
        """Stop the scheduler alone (the workers lose it), as a crash would."""
        if self.processes:
            stop_process(self.processes[0])

    def stop(self) -> None:
        """Close the client and stop every process, workers first."""
        if self.client is not None:
            self.client.close()
            self.client = None
        for process in reversed(self.processes):
            stop_process(process)

    def __enter__(self) -> LocalCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
