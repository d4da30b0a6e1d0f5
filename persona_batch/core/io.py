"""Files in and out: the only module that touches the file system for data.

Reading is streamed in row batches (``collect_batches`` for CSV/TSV and JSON Lines, row groups
for Parquet, a file at a time for a folder of transcripts) so peak memory follows the batch size,
not the file size. Writing goes to a temporary file beside the target that is renamed into place
only when everything has succeeded: a failed run leaves no half-written output.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import glob
import hashlib
import json
import os
import re
import socket
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from persona_batch.core import failpoints
from persona_batch.core.config import InputSettings
from persona_batch.core.errors import InputError, LockedError, OutputError, UnsupportedFormatError

TRANSCRIPT_SUFFIXES = (".txt", ".md")
_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
MANIFEST_KEY = "persona_batch.manifest"


@dataclass(frozen=True)
class InputInfo:
    """What the manifest records about an input."""

    path: Path
    format: str
    sha256: str
    size_bytes: int
    rows: int


def input_format(path: Path) -> str:
    """``csv``, ``tsv``, ``parquet``, ``jsonl`` or ``transcripts``; a clear error otherwise."""
    if not path.exists():
        raise InputError(f"{path}: no such file or folder; check the --input path")
    if path.is_dir():
        if not _transcript_files(path):
            raise InputError(
                f"{path}: the folder has no .txt or .md transcripts; point --input at a folder "
                "of transcripts or at a CSV, Parquet or JSON Lines file"
            )
        return "transcripts"
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_FORMATS))
        raise UnsupportedFormatError(
            f"{path}: cannot load '{path.suffix or 'no extension'}' files; use one of {known} "
            "or a folder of .txt/.md transcripts"
        )
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty; export the data again")
    return fmt


def describe_input(path: Path, settings: InputSettings) -> InputInfo:
    """Checksum, size and row count, read without loading the data."""
    fmt = input_format(path)
    digest = hashlib.sha256()
    size = 0
    for file in _transcript_files(path) if fmt == "transcripts" else [path]:
        with file.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    return InputInfo(path, fmt, digest.hexdigest(), size, count_rows(path, settings, fmt))


def count_rows(path: Path, settings: InputSettings, fmt: str | None = None) -> int:
    fmt = fmt or input_format(path)
    if fmt == "transcripts":
        return len(_transcript_files(path))
    if fmt == "parquet":
        return int(_guard(path, lambda: pq.ParquetFile(path).metadata.num_rows))
    frame = _guard(path, lambda: _scan(path, fmt, settings).select(pl.len()).collect())
    return int(frame.item())


def iter_batches(path: Path, settings: InputSettings, batch_rows: int) -> Iterator[pl.DataFrame]:
    """The input as consecutive row batches of at most ``batch_rows`` rows, in file order."""
    fmt = input_format(path)
    if fmt == "transcripts":
        yield from _transcript_batches(path, batch_rows, settings)
        return
    if fmt == "parquet":
        parquet = _guard(path, lambda: pq.ParquetFile(path))
        for record_batch in parquet.iter_batches(batch_size=batch_rows):
            yield pl.from_arrow(pa.Table.from_batches([record_batch]))  # type: ignore[misc]
        return
    batches = _guard(
        path, lambda: _scan(path, fmt, settings).collect_batches(chunk_size=batch_rows)
    )
    while True:
        batch = _guard(path, lambda: next(batches, None))
        if batch is None:
            return
        yield batch


def read_sample(path: Path, settings: InputSettings, rows: int) -> pl.DataFrame:
    """The first ``rows`` rows, for planning and previews."""
    first = next(iter_batches(path, settings, rows), None)
    if first is None or first.height == 0:
        raise InputError(f"{path}: the file has a header but no rows; nothing to do")
    return first


def _scan(path: Path, fmt: str, settings: InputSettings) -> pl.LazyFrame:
    if fmt == "jsonl":
        return pl.scan_ndjson(path, infer_schema_length=10_000)
    separator = settings.separator or ("\t" if fmt == "tsv" else ",")
    return pl.scan_csv(
        path,
        separator=separator,
        encoding=settings.encoding,  # type: ignore[arg-type]
        infer_schema_length=10_000,
        try_parse_dates=True,
    )


def _guard(path: Path, action: Any) -> Any:
    """Run a polars/pyarrow read and turn its failure into one clear line about ``path``."""
    try:
        return action()
    except (pl.exceptions.PolarsError, pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(_explain(path, exc)) from None


def _explain(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "empty CSV" in text or isinstance(exc, pl.exceptions.NoDataError):
        return f"{path}: the file is empty; export the data again"
    if "invalid utf-8" in text.lower() or isinstance(exc, UnicodeDecodeError):
        line = _first_undecodable_line(path)
        return (
            f"{path}: line {line} is not valid UTF-8; re-save the file as UTF-8, or set "
            '[input] encoding = "utf8-lossy" in the job file to replace bad bytes'
        )
    if "more fields than defined" in text or ("fields" in text and "ragged" in text.lower()):
        row = _first_ragged_row(path)
        return (
            f"{path}: row {row} has a different number of fields from the header; fix the "
            "quoting or the separator of that row and run again"
        )
    if "could not parse" in text or "parse" in text:
        column = text.split("column '")[1].split("'")[0] if "column '" in text else "a column"
        return (
            f"{path}: {column} changes type part-way through the file; make the column "
            "consistent or quote its values"
        )
    first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return f"{path}: cannot be read ({type(exc).__name__}: {first_line[:200]})"


def _first_undecodable_line(path: Path) -> int:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                decoder.decode(raw)
            except UnicodeDecodeError:
                return number
    return 1


def _first_ragged_row(path: Path) -> int:
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
        reader = csv.reader(fh, dialect)
        header = next(reader, [])
        for number, row in enumerate(reader, start=1):
            if len(row) != len(header):
                return number
    return 1


def _transcript_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TRANSCRIPT_SUFFIXES
    )


def _transcript_batches(
    folder: Path, batch_rows: int, settings: InputSettings
) -> Iterator[pl.DataFrame]:
    files = _transcript_files(folder)
    errors = "replace" if settings.encoding == "utf8-lossy" else "strict"
    for start in range(0, len(files), batch_rows):
        names, texts = [], []
        for file in files[start : start + batch_rows]:
            try:
                texts.append(file.read_text(encoding="utf-8", errors=errors))
            except UnicodeDecodeError:
                line = _first_undecodable_line(file)
                raise InputError(
                    f"{file}: line {line} is not valid UTF-8; re-save it as UTF-8, or set "
                    '[input] encoding = "utf8-lossy" in the job file'
                ) from None
            names.append(file.name)
        yield pl.DataFrame(
            {"file": names, "text": texts}, schema={"file": pl.String, "text": pl.String}
        )


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
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
        with _writing(self.target):
            if self._writer is None:
                self._writer = pq.ParquetWriter(self._tmp, table.schema, compression="zstd")
            elif table.schema != self._writer.schema:
                table = table.cast(self._writer.schema)
            self._writer.write_table(table)
        self.rows += frame.height
        failpoints.reach("sink.write")

    def commit(self, metadata: dict[str, Any], empty_schema: pl.Schema | None = None) -> Path:
        """Close the file with ``metadata`` (JSON-encoded per key) and move it into place."""
        with _writing(self.target):
            if self._writer is None:
                table = pl.DataFrame(schema=empty_schema or {}).to_arrow()
                self._writer = pq.ParquetWriter(self._tmp, table.schema, compression="zstd")
            self._writer.add_key_value_metadata({k: json.dumps(v) for k, v in metadata.items()})
            writer, self._writer = self._writer, None
            writer.close()
            return _publish(self._tmp, self.target)

    def abort(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            with contextlib.suppress(OSError):  # the disk that failed the write may fail this
                writer.close()
        self._tmp.unlink(missing_ok=True)


def _publish(tmp: Path, target: Path) -> Path:
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


def check_output_path(input_path: Path, output: Path) -> None:
    """Refuse to overwrite the input or to write a non-Parquet output."""
    if output.suffix.lower() not in {".parquet", ".pq"}:
        raise OutputError(f"{output}: the output must be a .parquet file")
    if output.exists() and input_path.exists() and output.resolve() == input_path.resolve():
        raise OutputError(
            f"{output}: --output is the same file as --input; write to a new file so the "
            "original is never overwritten"
        )
    if output.exists() and output.is_dir():
        raise OutputError(f"{output}: is a folder; give a file name ending in .parquet")


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
        with _writing(self.path):
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
        if match and not _alive(int(match.group(1))):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def _alive(pid: int) -> bool:
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
    with _removed_on_error(Path(tmp)), _writing(path):
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True, default=str)
            fh.write("\n")
        return _publish(Path(tmp), path)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    with _removed_on_error(Path(tmp)), _writing(path):
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return _publish(Path(tmp), path)


@contextlib.contextmanager
def _removed_on_error(tmp: Path) -> Iterator[None]:
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
    return _publish(Path(tmp), path)


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


def read_json(path: Path) -> Any:
    """JSON from ``path``, or ``None`` when it does not exist or is not valid JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


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
