"""What lasts between runs: the request journal a rerun resumes from, the lock that keeps one
run per folder, and the manifests of earlier runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import time
from pathlib import Path
from typing import Any

from persona_batch.core.errors import LockedError, OutputError
from persona_batch.core.io.outputs import read_json, writing


class Journal:
    """A crash-safe, append-only record of finished work, one JSON line per item.

    Each line is flushed as it is written (a killed process loses at most the line it was
    writing, which is ignored on load) and synced to disk at most once a second and on close.
    """

    def __init__(self, path: Path, sync_every: float = 1.0) -> None:
        self.path = path
        self._sync_every = sync_every
        self._last_sync = 0.0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise OutputError(
                f"{path}: cannot write the progress journal ({exc.strerror}); choose another "
                "--output folder or fix its permissions"
            ) from None

    @staticmethod
    def load(path: Path) -> dict[str, dict[str, Any]]:
        """Finished records by key; a torn last line (a crash mid-write) is skipped."""
        done: dict[str, dict[str, Any]] = {}
        if not path.exists():
            return done
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and "key" in record:
                    done[record["key"]] = record
        return done

    def append(self, record: dict[str, Any]) -> None:
        with writing(self.path):
            self._fh.write(json.dumps(record, sort_keys=True) + "\n")
            self._fh.flush()
            now = time.monotonic()
            if now - self._last_sync >= self._sync_every:
                os.fsync(self._fh.fileno())
                self._last_sync = now

    def close(self) -> None:
        """Sync and close; an empty journal (a run that failed before finishing any work) is
        removed rather than left beside the output."""
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
        with contextlib.suppress(FileNotFoundError):
            if self.path.stat().st_size == 0:
                self.path.unlink()

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def journal_path(output: Path) -> Path:
    """Where a run writing ``output`` keeps its journal: hidden, beside it."""
    return output.with_name(f".{output.name}.journal.jsonl")


def run_manifests(output_dir: Path) -> list[dict[str, Any]]:
    """The ``manifest.json`` of every dated run folder (``YYYY-MM-DD``) in a job's output
    folder, in date order; folders without a readable manifest are left out."""
    if not output_dir.is_dir():
        return []
    found = []
    for folder in sorted(output_dir.iterdir()):
        if folder.is_dir() and _RUN_FOLDER.fullmatch(folder.name):
            manifest = read_json(folder / "manifest.json")
            if isinstance(manifest, dict):
                found.append(manifest)
    return found


_RUN_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")


class RunLock:
    """One run per output folder at a time; a lock left by a crashed run does not stick.

    The lock file holds the owner's host, PID and start time. A lock is stale, and taken over,
    when its process is gone (same host) or when it is older than ``stale_after`` seconds.
    """

    def __init__(self, folder: Path, stale_after: float) -> None:
        self.path = folder / ".lock"
        self._stale_after = stale_after
        self._held = False

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        me = {"host": socket.gethostname(), "pid": os.getpid(), "started": time.time()}
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = read_json(self.path) or {}
                if not self._stale(owner):
                    raise LockedError(
                        f"{self.path.parent}: another run (pid {owner.get('pid')} on "
                        f"{owner.get('host')}) is writing here; wait for it to finish, or delete "
                        f"{self.path} if you are sure it is dead"
                    ) from None
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as fh:
                json.dump(me, fh)
            self._held = True
            return
        raise LockedError(f"{self.path}: could not take the lock; run again")

    def _stale(self, owner: dict[str, Any]) -> bool:
        started = float(owner.get("started", 0))
        if time.time() - started > self._stale_after:
            return True
        if owner.get("host") != socket.gethostname():
            return False
        try:
            os.kill(int(owner.get("pid", 0)), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, ValueError, OverflowError):
            return False
        return False

    def release(self) -> None:
        if self._held:
            self.path.unlink(missing_ok=True)
            self._held = False

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
