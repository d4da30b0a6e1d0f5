"""Reading inputs: CSV/TSV, Parquet, JSON Lines or a folder of transcripts, in row batches.

Reading is streamed (``collect_batches`` for CSV/TSV and JSON Lines, row groups for Parquet, a
file at a time for a folder of transcripts) so peak memory follows the batch size, not the file
size. A file that cannot be read is an :class:`~persona_batch.core.errors.InputError` naming the
file and, where it can, the line.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from persona_batch.core.config import InputSettings
from persona_batch.core.errors import InputError, OutputError, UnsupportedFormatError

TRANSCRIPT_SUFFIXES = (".txt", ".md")


_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


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
    """The file as a lazy frame, its schema inferred once per version of the file: inferring
    reads the first 10,000 rows and tries every text as a date, which on long notes costs more
    than reading them (0.6 s on the bench's 10,000 rows), and a job scans its input three times
    (row count, sample, batches)."""
    separator = settings.separator or ("\t" if fmt == "tsv" else ",")
    stat = path.stat()
    with path.open("rb") as fh:  # a file rewritten within the clock's tick: its start differs
        head = hashlib.blake2b(fh.read(_HEAD_BYTES), digest_size=16).hexdigest()
    version = (stat.st_size, stat.st_mtime_ns, head)
    key = (str(path.resolve()), version, fmt, separator, settings.encoding)
    return _lazy(path, fmt, separator, settings.encoding, _schema(key))


_HEAD_BYTES = 1 << 18


@lru_cache(maxsize=8)
def _schema(
    key: tuple[str, tuple[int, int, str], str, str, str],
) -> tuple[tuple[str, pl.DataType], ...]:
    path, _version, fmt, separator, encoding = key
    schema = _lazy(Path(path), fmt, separator, encoding, None).collect_schema()
    return tuple(schema.items())


def _lazy(
    path: Path,
    fmt: str,
    separator: str,
    encoding: str,
    schema: tuple[tuple[str, pl.DataType], ...] | None,
) -> pl.LazyFrame:
    given = dict(schema) if schema is not None else None
    if fmt == "jsonl":
        return pl.scan_ndjson(path, infer_schema_length=10_000, schema=given)
    return pl.scan_csv(
        path,
        separator=separator,
        encoding=encoding,  # type: ignore[arg-type]
        infer_schema_length=10_000,
        try_parse_dates=True,
        schema=given,
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
