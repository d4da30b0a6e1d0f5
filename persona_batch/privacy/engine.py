"""Where detection runs: joblib's ``loky`` worker processes here, or a Dask cluster.

The engine is a process-wide setting read by :mod:`persona_batch.privacy.parallel`; the pipeline sets it
from the job's ``[engine]`` table (or ``--backend`` / ``--scheduler``) for the length of a job
with :func:`use`::

    [engine]
    backend = "dask"
    scheduler = "tcp://127.0.0.1:8786"

With ``backend = "dask"`` joblib hands each task to a ``distributed`` cluster (``make
cluster-up`` starts a local one). This module is the only one that imports ``dask`` and
``distributed``, and only when the Dask backend is used: the loky path never imports them
(``pip install -e '.[scale]'`` installs them). One :class:`distributed.Client` per scheduler
address is created per process and reused by every job after the first.

Each Dask worker keeps its detector in :mod:`persona_batch.privacy.detect`'s per-process cache, as a loky
worker does, so it loads the spaCy model once, not once per task. Workers import
``persona_batch`` themselves: start them from the same environment (``tests/cluster.sh`` does),
and restart them after changing the code.
"""

from __future__ import annotations

import atexit
import os
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager, suppress
from typing import Protocol

from persona_batch.core.errors import ConfigError, PersonaBatchError
from persona_batch.core.privacy_settings import AnonymiseSettings, EngineSettings

DEFAULT_PORT = 8786
"""Where ``dask scheduler`` listens unless told otherwise."""

START_HINT = "start a local cluster with `make cluster-up`"


class DaskClient(Protocol):
    """What this package uses of :class:`distributed.Client` (whose methods are not typed)."""

    @property
    def status(self) -> str: ...

    def nthreads(self) -> dict[str, int]: ...

    def close(self, timeout: float = ...) -> object: ...


class ClusterError(PersonaBatchError):
    """The Dask cluster cannot run this job: no scheduler answers, no worker joins, or one died."""


_DEFAULT = EngineSettings()
_current = _DEFAULT
_current_lock = threading.Lock()
_clients: dict[str, tuple[int, DaskClient]] = {}
_clients_lock = threading.Lock()
_atexit_registered = False


def current() -> EngineSettings:
    """The engine detection runs on now: the innermost :func:`use`, else loky."""
    return _current


@contextmanager
def use(settings: EngineSettings) -> Iterator[EngineSettings]:
    """Run detection on ``settings`` in this process until the block ends; blocks nest.

    Process-wide, not per thread: one job at a time sets it.
    """
    global _current
    with _current_lock:
        previous, _current = _current, settings
    try:
        yield settings
    finally:
        with _current_lock:
            _current = previous


def scheduler_address(settings: EngineSettings) -> str:
    """The scheduler ``settings`` points at; a :class:`ConfigError` if there is none."""
    if settings.scheduler:
        return settings.scheduler
    import dask.config

    configured = dask.config.get("scheduler-address", None)
    if configured:
        return str(configured)
    raise ConfigError(
        'engine.backend "dask" needs a scheduler address: set engine.scheduler in the job '
        f"file or pass --scheduler tcp://HOST:{DEFAULT_PORT}; {START_HINT}"
    )


def dask_client(settings: EngineSettings) -> DaskClient:
    """This process's client of the cluster ``settings`` points at: connected once, then reused.

    Raises :class:`ConfigError` for a missing or malformed address and :class:`ClusterError`
    when no scheduler answers there within ``connect_timeout`` seconds.
    """
    global _atexit_registered
    address = scheduler_address(settings)
    with _clients_lock:
        cached = _clients.get(address)
        if cached is not None:
            pid, client = cached
            if pid == os.getpid() and client.status == "running":
                return client
            del _clients[address]
            if pid == os.getpid():  # lost its scheduler: let it go before connecting again
                with suppress(Exception):
                    client.close(timeout=1)
        client = _connect(address, settings.connect_timeout)
        _clients[address] = (os.getpid(), client)
        if not _atexit_registered:
            atexit.register(close_clients)
            _atexit_registered = True
        return client


def close_clients() -> None:
    """Disconnect every client this process opened (the cluster keeps running)."""
    with _clients_lock:
        clients = [client for pid, client in _clients.values() if pid == os.getpid()]
        _clients.clear()
    for client in clients:
        with suppress(Exception):  # best effort, often on the way out
            client.close(timeout=5)


def cluster_threads(settings: EngineSettings) -> int:
    """Worker threads the cluster has now, summed over its workers (0 if none joined yet)."""
    return sum(dask_client(settings).nthreads().values())


def default_workers(settings: EngineSettings) -> int:
    """Workers to shape tasks for when the job does not say (``anonymise.workers = 0``).

    loky: this machine's CPUs. Dask: the cluster's worker threads (this machine's CPUs while no
    worker has joined).
    """
    local = os.cpu_count() or 1
    if settings.backend == "dask":
        return cluster_threads(settings) or local
    return local


def worker_count(anonymise: AnonymiseSettings, settings: EngineSettings) -> int:
    """The job's ``anonymise.workers``, or when it is 0, :func:`default_workers`."""
    return anonymise.workers or default_workers(settings)


@contextmanager
def cluster_errors(settings: EngineSettings) -> Iterator[None]:
    """Turn the cluster's own failures during a run into one :class:`ClusterError`.

    Errors raised by the work itself (a :class:`PersonaBatchError` from a worker) pass through.
    """
    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    address = scheduler_address(settings)
    try:
        yield
    except PersonaBatchError:
        raise
    except KilledWorker as exc:
        raise ClusterError(
            f"Dask workers at {address} died repeatedly running detection ({exc.args[0]!r}); "
            "each needs about 500 MB: check their memory limit and logs"
        ) from None
    except (CommClosedError, CancelledError):  # losing the scheduler cancels our tasks
        raise ClusterError(
            f"lost the connection to the Dask scheduler at {address} during the run; "
            f"check that it is still up ({START_HINT}) and run again"
        ) from None
    except TimeoutError:
        raise ClusterError(
            f"no Dask worker joined the scheduler at {address} within "
            f"{settings.worker_timeout:g} s; start workers with `dask worker {address}` "
            f"or {START_HINT}"
        ) from None


def _connect(address: str, timeout: float) -> DaskClient:
    from distributed import Client
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address, strict=False)
        host, port = (
            parse_host_port(location, DEFAULT_PORT) if scheme in {"tcp", "tls"} else ("", 0)
        )
    except ValueError:
        raise ConfigError(
            f"engine.scheduler {address!r} is not a Dask address; "
            f"expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:{DEFAULT_PORT}"
        ) from None

    def unreachable(why: str) -> ClusterError:
        return ClusterError(
            f"no Dask scheduler answers at {address} ({why}); {START_HINT}, "
            "or fix engine.scheduler / --scheduler"
        )

    if scheme in {"tcp", "tls"}:
        # A refused port fails here at once; distributed's own connect would retry (and log)
        # until the timeout and then leave a half-built client behind.
        try:
            with socket.create_connection((host, port), timeout=timeout):
                pass
        except ConnectionRefusedError:
            raise unreachable("connection refused") from None
        except OSError as exc:
            why = f"no answer in {timeout:g} s" if isinstance(exc, TimeoutError) else exc.strerror
            raise unreachable(why or type(exc).__name__) from None
    factory: Callable[..., DaskClient] = Client
    try:
        return factory(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError):
        raise unreachable(f"no answer in {timeout:g} s") from None
