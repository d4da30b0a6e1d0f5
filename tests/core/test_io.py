from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from persona_batch.core.config import InputSettings
from persona_batch.core.errors import InputError, OutputError, UnsupportedFormatError
from persona_batch.core.io import (
    ParquetSink,
    check_output_path,
    count_rows,
    describe_input,
    iter_batches,
    read_metadata,
    read_sample,
)

SETTINGS = InputSettings()
FRAME = pl.DataFrame({"id": list(range(7)), "text": [f"note {i}" for i in range(7)]})


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet", ".jsonl"])
def test_every_format_streams_in_order(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        FRAME.write_csv(path)
    elif suffix == ".tsv":
        FRAME.write_csv(path, separator="\t")
    elif suffix == ".parquet":
        FRAME.write_parquet(path, row_group_size=3)
    else:
        FRAME.write_ndjson(path)
    batches = list(iter_batches(path, SETTINGS, batch_rows=3))
    assert [b.height for b in batches] == [3, 3, 1]
    assert_frame_equal(pl.concat(batches), FRAME, check_dtypes=False)
    assert count_rows(path, SETTINGS) == 7
    info = describe_input(path, SETTINGS)
    assert info.rows == 7 and len(info.sha256) == 64 and info.size_bytes == path.stat().st_size


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_rewritten_file_is_read_with_its_new_types(tmp_path: Path, suffix: str) -> None:
    """A scan's inferred schema is kept per version of the file: one rewritten at once, to the
    same size (within the file system's clock tick), is inferred again."""
    path = tmp_path / f"in{suffix}"
    numbers = pl.DataFrame({"code": [11, 22, 33], "note": ["a", "b", "c"]})
    letters = pl.DataFrame({"code": ["xy", "zw", "uv"], "note": ["a", "b", "c"]})
    for frame in (numbers, letters, numbers):
        if suffix == ".csv":
            frame.write_csv(path)
        else:
            frame.write_ndjson(path)
        os.utime(path, ns=(10**18, 10**18))  # the same size and time: only the text differs
        assert read_sample(path, SETTINGS, 2).schema["code"] == frame.schema["code"]
        batches = list(iter_batches(path, SETTINGS, batch_rows=2))
        assert_frame_equal(pl.concat(batches), frame)


def test_transcript_folder_is_one_row_per_file(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# second")
    (tmp_path / "a.txt").write_text("first")
    (tmp_path / "ignored.pdf").write_text("x")
    frame = pl.concat(iter_batches(tmp_path, SETTINGS, batch_rows=1))
    assert frame.to_dict(as_series=False) == {
        "file": ["a.txt", "b.md"],
        "text": ["first", "# second"],
    }
    assert describe_input(tmp_path, SETTINGS).rows == 2


def test_bad_transcript_bytes_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"ok\n\xff\xfe bad")
    with pytest.raises(InputError, match=r"a.txt: line 2 is not valid UTF-8"):
        list(iter_batches(tmp_path, SETTINGS, 10))
    lossy = InputSettings(encoding="utf8-lossy")
    assert "\ufffd" in next(iter_batches(tmp_path, lossy, 10))["text"][0]


def test_empty_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no .txt or .md transcripts"):
        list(iter_batches(tmp_path, SETTINGS, 10))
    with pytest.raises(InputError, match="no such file"):
        list(iter_batches(tmp_path / "nope.csv", SETTINGS, 10))


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_text("x")
    with pytest.raises(UnsupportedFormatError, match=r"data.xlsx: cannot load '.xlsx'"):
        list(iter_batches(path, SETTINGS, 10))


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match=r"empty.csv: the file is empty"):
        list(iter_batches(empty, SETTINGS, 10))
    header = tmp_path / "header.csv"
    header.write_text("a,b\n")
    with pytest.raises(InputError, match="header but no rows"):
        read_sample(header, SETTINGS, 10)


def test_undecodable_csv_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n1,ok\n2,caf\xe9\n")
    with pytest.raises(InputError, match=r"bad.csv: line 3 is not valid UTF-8.*utf8-lossy"):
        list(iter_batches(path, SETTINGS, 10))
    rows = pl.concat(iter_batches(path, InputSettings(encoding="utf8-lossy"), 10))
    assert rows.height == 2


def test_ragged_csv_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n1,2\n3,4\n5,6,7\n")
    with pytest.raises(InputError, match=r"ragged.csv: row 3 has a different number of fields"):
        list(iter_batches(path, SETTINGS, 10))


def test_sink_commits_atomically_with_metadata(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.parquet"
    with ParquetSink(target) as sink:
        sink.write(FRAME.head(3))
        sink.write(FRAME.tail(4))
        assert not target.exists()
        sink.commit({"persona_batch.manifest": {"rows": 7}})
    assert_frame_equal(pl.read_parquet(target), FRAME)
    assert read_metadata(target) == {"persona_batch.manifest": {"rows": 7}}
    assert [p.name for p in target.parent.iterdir()] == ["out.parquet"]


def test_sink_leaves_nothing_when_it_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    with pytest.raises(RuntimeError), ParquetSink(target) as sink:
        sink.write(FRAME)
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_sink_with_no_batches_writes_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    with ParquetSink(target) as sink:
        sink.commit({"persona_batch.x": [1]}, empty_schema=FRAME.schema)
    assert pl.read_parquet(target).schema == FRAME.schema
    assert json.dumps(read_metadata(target)) == '{"persona_batch.x": [1]}'


def test_unwritable_output(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write there"):
        ParquetSink(blocker / "out.parquet")


def test_output_path_checks(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    FRAME.write_parquet(src)
    with pytest.raises(OutputError, match="same file as --input"):
        check_output_path(src, src)
    with pytest.raises(OutputError, match=r"must be a \.parquet file"):
        check_output_path(src, tmp_path / "out.csv")
    (tmp_path / "dir.parquet").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        check_output_path(src, tmp_path / "dir.parquet")
