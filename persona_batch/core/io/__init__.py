"""Files in and out: the only package that touches the file system for data.

- :mod:`~persona_batch.core.io.inputs`: inputs read in row batches, so peak memory follows the
  batch size, not the file size;
- :mod:`~persona_batch.core.io.outputs`: outputs written to a temporary file beside the target
  and renamed into place only when everything has succeeded: a failed run leaves no
  half-written output;
- :mod:`~persona_batch.core.io.runs`: the request journal, the run lock, earlier runs'
  manifests.
"""

from persona_batch.core.io.inputs import (
    TRANSCRIPT_SUFFIXES,
    InputInfo,
    check_output_path,
    count_rows,
    describe_input,
    input_format,
    iter_batches,
    read_sample,
)
from persona_batch.core.io.outputs import (
    MANIFEST_KEY,
    ParquetSink,
    read_json,
    read_metadata,
    read_parquet,
    remove_stale_temps,
    temp_beside,
    write_json,
    write_text,
    write_with,
)
from persona_batch.core.io.runs import Journal, RunLock, journal_path, run_manifests

__all__ = [
    "MANIFEST_KEY",
    "TRANSCRIPT_SUFFIXES",
    "InputInfo",
    "Journal",
    "ParquetSink",
    "RunLock",
    "check_output_path",
    "count_rows",
    "describe_input",
    "input_format",
    "iter_batches",
    "journal_path",
    "read_json",
    "read_metadata",
    "read_parquet",
    "read_sample",
    "remove_stale_temps",
    "run_manifests",
    "temp_beside",
    "write_json",
    "write_text",
    "write_with",
]
