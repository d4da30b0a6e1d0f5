"""JobConfig.require_input / require_output: the path a flag or the job file gave, else a
usage error (exit 2) that says how to give it."""

from __future__ import annotations

from pathlib import Path

import pytest

from persona_batch.core.config import JobConfig, load_config, with_overrides
from persona_batch.core.errors import EXIT_USAGE, ConfigError


def test_neither_flag_nor_job_file_is_a_usage_error() -> None:
    job = JobConfig()
    with pytest.raises(ConfigError) as missing_input:
        job.require_input()
    assert missing_input.value.message == "give --input FILE, or set [input] path in the job file"
    with pytest.raises(ConfigError) as missing_output:
        job.require_output()
    assert missing_output.value.message == (
        "give --output OUT.parquet, or set output in the job file"
    )
    assert missing_input.value.exit_code == missing_output.value.exit_code == EXIT_USAGE


def test_the_job_file_gives_them_and_overrides_win(tmp_path: Path) -> None:
    path = tmp_path / "job.toml"
    path.write_text('output = "file.parquet"\n\n[input]\npath = "file.csv"\n', encoding="utf-8")
    job = load_config(path)
    assert (job.require_input(), job.require_output()) == (Path("file.csv"), Path("file.parquet"))
    flagged = with_overrides(job, **{"input.path": Path("flag.csv"), "output": Path("flag.pq")})
    assert (flagged.require_input(), flagged.require_output()) == (
        Path("flag.csv"),
        Path("flag.pq"),
    )
