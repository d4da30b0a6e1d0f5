"""The flags' overrides: each flag -> setting mapping (cli.options.OVERRIDES) names a real
setting, load_job applies what was given and leaves the rest to the job file, and a missing
input or output is a usage error with the same words in every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.cli.common import load_job
from persona_batch.cli.options import OVERRIDES
from persona_batch.core.config import JobConfig
from persona_batch.core.errors import EXIT_USAGE

SAMPLE_CSV = Path(__file__).resolve().parents[2] / "data" / "research_sample.csv"
runner = CliRunner()


@pytest.mark.parametrize("flag", sorted(OVERRIDES))
def test_every_flag_overrides_a_setting_of_the_job(flag: str) -> None:
    node: type[BaseModel] = JobConfig
    *parents, leaf = OVERRIDES[flag].split(".")
    for part in parents:
        annotation = node.model_fields[part].annotation
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel)
        node = annotation
    assert leaf in node.model_fields


def _job_file(tmp_path: Path) -> Path:
    path = tmp_path / "job.toml"
    path.write_text(
        'output = "file.parquet"\n\n[anonymise]\nworkers = 3\n\n[generate]\nhosts = ["a:1"]\n',
        encoding="utf-8",
    )
    return path


def test_flags_not_given_leave_the_job_file_alone(tmp_path: Path) -> None:
    job = load_job(_job_file(tmp_path), output=None, host=[], workers=None, model=None)
    assert job.output == Path("file.parquet")
    assert job.anonymise.workers == 3 and job.generate.hosts == ("a:1",)
    assert job.generate.model == JobConfig().generate.model


def test_flags_given_override_the_job_file(tmp_path: Path) -> None:
    job = load_job(
        _job_file(tmp_path),
        input_path=Path("in.csv"),
        output=Path("flag.parquet"),
        host=["b:2", "c:3"],
        workers=0,  # 0 is a value (one per core), not "not given"
        backend="loky",
        judge_model="judge:1b",
    )
    assert job.require_input() == Path("in.csv") and job.require_output() == Path("flag.parquet")
    assert job.generate.hosts == ("b:2", "c:3") and job.anonymise.workers == 0
    assert job.engine.backend == "loky" and job.judge.model == "judge:1b"


@pytest.mark.parametrize(
    "command",
    [["privacy", "anonymise"], ["generate"], ["synthesise"]],
    ids=" ".join,
)
def test_a_missing_output_is_a_usage_error(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "-i", str(SAMPLE_CSV)])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "give --output OUT.parquet, or set output in the job file" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command",
    [["privacy", "scan"], ["privacy", "anonymise", "-o", "x.parquet"], ["generate"]],
    ids=" ".join,
)
def test_a_missing_input_is_a_usage_error(command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "give --input FILE, or set [input] path in the job file" in result.output
