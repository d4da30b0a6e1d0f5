"""Writing outputs: to a temporary file beside the target, renamed into place only when
everything has succeeded, so a failed run leaves no half-written output; and reading them back.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from persona_batch.core import failpoints
from persona_batch.core.errors import InputError, OutputError

MANIFEST_KEY = "persona_batch.manifest"


@contextlib.contextmanager
def writing(target: Path) -> Iterator[None]:
    """A failed write (disk full, a file-size limit, a vanished folder) as one clear error
    naming the file; the caller's temporary file goes, and what was there before stays."""
    try:
        yield
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else "the write failed"
        raise OutputError(
            f"{target}: cannot finish writing ({reason.lower()}); the previous file, if any, is "
            "untouched: free some space (or raise the limit) and run the same command again"
        ) from None


class ParquetSink:
    """Appends batches to a temporary Parquet file; ``commit`` renames it into place.

    Leaving the ``with`` block without ``commit`` (an error, a failed verification) removes the
    temporary file, so the target is either the complete new file or untouched.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        parent = target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = temp_beside(target)
        except OSError as exc:
            raise OutputError(
                f"{target}: cannot write there ({exc.strerror}); choose another --output or "
                "fix the folder's permissions"
            ) from None
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.abort()

    def write(self, frame: pl.DataFrame) -> None:
        table = frame.to_arrow()
        with writing(self.target):
            if self._writer is None:
                self._writer = pq.ParquetWriter(self._tmp, table.schema, compression="zstd")
            elif table.schema != self._writer.schema:
                table = table.cast(self._writer.schema)
            self._writer.write_table(table)
        self.rows += frame.height
        failpoints.reach("sink.write")

    def commit(self, metadata: dict[str, Any], empty_schema: pl.Schema | None = None) -> Path:
        """Close the file with ``metadata`` (JSON-encoded per key) and move it into place."""
        with writing(self.target):
            if self._writer is None:
                table = pl.DataFrame(schema=empty_schema or {}).to_arrow()
                self._writer = pq.ParquetWriter(self._tmp, table.schema, compression="zstd")
            self._writer.add_key_value_metadata({k: json.dumps(v) for k, v in metadata.items()})
            writer, self._writer = self._writer, None
            writer.close()
            return publish(self._tmp, self.target)

    def abort(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            with contextlib.suppress(OSError):  # the disk that failed the write may fail this
                writer.close()
        self._tmp.unlink(missing_ok=True)


def publish(tmp: Path, target: Path) -> Path:
    """Give a finished temporary file the usual permissions (umask), then rename it into place."""
    mask = os.umask(0)
    os.umask(mask)
    tmp.chmod(0o666 & ~mask)
    failpoints.reach("publish")
    tmp.replace(target)
    return target


def read_parquet(path: Path, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """A Parquet file persona_batch wrote: whole, or only ``columns`` (an anonymised file is as
    large as its input; the report needs just its audit)."""
    try:
        return pl.read_parquet(path, columns=list(columns) if columns is not None else None)
    except (FileNotFoundError, pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(
            f"{path}: cannot read it ({type(exc).__name__}); was the run finished?"
        ) from None


def read_metadata(path: Path) -> dict[str, Any]:
    """The JSON metadata persona_batch stored in a Parquet file it wrote."""
    raw = pq.read_metadata(path).metadata or {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.decode()
        if name.startswith("persona_batch."):
            out[name] = json.loads(value)
    return out


def temp_beside(target: Path) -> tuple[int, str]:
    """A new temporary file next to ``target`` (``.NAME.PID.RANDOM.tmp``), opened; first removes
    the ones of the same name that a dead process left behind (a SIGKILL, the OOM killer): the
    pid in their name is no longer running. A live run's file is never touched."""
    remove_stale_temps(target)
    return tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
    )


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete the temporary files of ``target`` whose writing process is gone; the ones removed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[^./]+\.tmp")
    removed: list[Path] = []
    try:
        candidates = list(target.parent.glob(f".{glob.escape(target.name)}.*.tmp"))
    except OSError:
        return removed
    for candidate in candidates:
        match = pattern.fullmatch(candidate.name)
        if match and not alive(int(match.group(1))):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as JSON atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    with removed_on_error(Path(tmp)), writing(path):
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True, default=str)
            fh.write("\n")
        return publish(Path(tmp), path)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    with removed_on_error(Path(tmp)), writing(path):
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return publish(Path(tmp), path)


@contextlib.contextmanager
def removed_on_error(tmp: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_with(path: Path, writer: Callable[[Path], object]) -> Path:
    """Have ``writer`` write a temporary file beside ``path`` (a library that wants a file name,
    such as Polars' ``write_excel``), then rename it into place; removed when ``writer`` fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    os.close(fd)
    try:
        writer(Path(tmp))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return publish(Path(tmp), path)


def read_json(path: Path) -> Any:
    """JSON from ``path``, or ``None`` when it does not exist or is not valid JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
