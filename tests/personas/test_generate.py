"""The generate job against a real HTTP server on loopback that speaks Ollama's API."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from persona_batch.core import progress
from persona_batch.core.config import AnonymiseSettings, GenerateSettings, JobConfig, VerifySettings
from persona_batch.core.errors import (
    EXIT_TERMINATED,
    ColumnNotFoundError,
    ModelNotFoundError,
    OllamaUnavailableError,
)
from persona_batch.core.io import Journal, journal_path, read_metadata
from persona_batch.core.persona import Persona
from persona_batch.personas.generate_job import run_generate
from persona_batch.testing.fake_ollama import FakeOllama
from tests.paths import DATA, SAMPLE_CSV

pytestmark = pytest.mark.slow

SECRET_COLUMNS = ("participant", "email", "phone", "card_number", "iban", "ip_address")


@pytest.fixture
def server() -> Iterator[FakeOllama]:
    with FakeOllama(models=["llama3.2:3b", "qwen2.5:7b", "nomic-embed-text"], slots=4) as srv:
        yield srv


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "small.csv"
    pl.read_csv(SAMPLE_CSV).head(24).write_csv(path)
    return path


def _job(**generate: object) -> JobConfig:
    options = {
        "backoff_seconds": 0.01,
        "backoff_max_seconds": 0.05,
        "request_timeout": 5.0,
    } | generate
    return JobConfig(
        anonymise=AnonymiseSettings(workers=1, verify=VerifySettings(sample_cells=50)),
        generate=GenerateSettings.model_validate(options),
    )


def _chats(server: FakeOllama) -> list[dict[str, object]]:
    return [r.body for r in server.requests if r.path == "/api/chat" and isinstance(r.body, dict)]


def test_one_persona_per_row_with_audit(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "personas.parquet"
    result = run_generate(_job().with_hosts(server.url).personas, small_csv, out)
    frame = pl.read_parquet(out)
    assert frame.height == 24 and result.failed == 0
    assert frame["persona_id"].to_list() == [f"row-{i}" for i in range(1, 25)]
    assert frame["source_ids"].to_list() == [[f"row-{i}"] for i in range(1, 25)]
    assert frame["gen_error"].null_count() == 24
    assert set(frame["gen_model"]) == {
        "qwen2.5:7b"
    }  # the preference list ranks it above llama3.2:3b
    assert frame["gen_model_digest"][0] and frame["gen_host"][0] == server.url
    assert (frame["prompt_tokens"] > 0).all() and (frame["completion_tokens"] > 0).all()
    assert (frame["attempts"] == 1).all()
    for row in frame.select(list(Persona.model_fields)).to_dicts():
        Persona.model_validate(row)
    assert (frame["pii_count"] > 0).all()
    assert "EMAIL_ADDRESS" in {e["entity_type"] for e in frame["pii_entity_counts"][0]}
    manifest = read_metadata(out)["persona_batch.manifest"]
    assert manifest["generation"]["model"] == "qwen2.5:7b"
    assert (
        manifest["generation"]["options"]["seed"] == 42
        and manifest["generation"]["template_sha256"]
    )
    assert manifest["anonymisation"]["anonymised"] is True
    assert manifest["anonymisation"]["engine"]["backend"] == "loky"
    assert not journal_path(out).exists()
    chat = _chats(server)[0]
    assert chat["format"] == Persona.model_json_schema()
    assert chat["options"]["num_predict"] == 1024 and chat["keep_alive"] == "10m"  # type: ignore[index]


def test_canary_no_planted_pii_reaches_ollama(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    run_generate(_job().with_hosts(server.url).personas, small_csv, tmp_path / "p.parquet")
    sent = json.dumps([r.body for r in server.requests])
    source = pl.read_csv(small_csv)
    for column in SECRET_COLUMNS:
        for value in source[column].drop_nulls().to_list():
            assert value not in sent, f"a value of {column} reached Ollama"
            for part in value.split():
                if column == "participant" and len(part) > 3:
                    assert part not in sent


def test_canary_holds_when_grouping_by_a_pii_id_column(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    """The group sampler reads raw rows; what it hands on must still be the anonymised ones."""
    job = _job(group_by="segment", per_group=2, id_column="email")
    result = run_generate(job.with_hosts(server.url).personas, small_csv, tmp_path / "p.parquet")
    sent = json.dumps([r.body for r in server.requests])
    written = json.dumps(pl.read_parquet(result.output)["source_ids"].to_list())
    for email in pl.read_csv(small_csv)["email"].drop_nulls().to_list():
        assert email not in sent and email not in written


def test_a_rare_word_detection_misses_is_withheld_from_the_prompts(
    server: FakeOllama, tmp_path: Path
) -> None:
    """A name no list has and nothing around it ("did anjolaoluwa aloba ever...") gets past
    detection; used by one row only, it is withheld from the prompt and the sources scoring
    reads, and the manifest counts it. With ``rare_word_rows = 0`` it is sent: the test can
    fail."""
    rows = [
        "did anjolaoluwa aloba ever get the refund for the zorblix plan?",
        "the zorblix plan export keeps failing on large files",
        "zorblix support answered within a day, the export works now",
    ]
    path = tmp_path / "notes.csv"
    pl.DataFrame({"note": rows}).write_csv(path)

    def sent_with(limit: int) -> tuple[str, dict[str, object]]:
        with FakeOllama(models=["qwen2.5:7b"], slots=4) as fake:
            job = _job(rare_word_rows=limit).with_hosts(fake.url).personas
            result = run_generate(job, path, tmp_path / f"p{limit}.parquet")
            return json.dumps(_chats(fake)), result.manifest

    sent, manifest = sent_with(1)
    assert "anjolaoluwa" not in sent and "aloba" not in sent and "<RARE_WORD>" in sent
    assert sent.count("zorblix") == 3  # three rows use it: the product, kept
    assert manifest["generation"]["withheld_words"] == 2  # type: ignore[index]
    sent, manifest = sent_with(0)
    assert "anjolaoluwa aloba" in sent and "<RARE_WORD>" not in sent
    assert manifest["generation"]["withheld_words"] == 0  # type: ignore[index]


FAULTS_20 = {
    "fail_503_rate": 0.05,
    "drop_rate": 0.05,
    "truncate_rate": 0.05,
    "error_500_rate": 0.05,
}


def _seed_with_faults(wanted: int, first: int) -> int:
    """A seed whose first ``first`` requests hold at least ``wanted`` faults (20% on average)."""
    for seed in range(1000):
        probe = FakeOllama(models=["qwen2.5:7b"], seed=seed, **FAULTS_20)  # type: ignore[arg-type]
        if sum(probe.planned_fault(i) is not None for i in range(first)) >= wanted:
            return seed
    raise AssertionError("no seed found")


def test_faults_lose_nothing_and_duplicate_nothing(small_csv: Path, tmp_path: Path) -> None:
    seed = _seed_with_faults(5, 24)
    with FakeOllama(models=["qwen2.5:7b"], slots=4, seed=seed, **FAULTS_20) as srv:  # type: ignore[arg-type]
        result = run_generate(
            _job(max_attempts=2).with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet"
        )
        faults = [r.fault for r in srv.requests if r.fault]
    frame = pl.read_parquet(result.output)
    assert frame["persona_id"].to_list() == [f"row-{i}" for i in range(1, 25)]
    assert frame["persona_id"].n_unique() == 24
    assert len(faults) >= 5
    assert (frame["attempts"] > 1).any()
    failed = frame.filter(pl.col("gen_error").is_not_null())
    assert failed.height == result.failed
    assert failed["name"].null_count() == failed.height
    ok = frame.filter(pl.col("gen_error").is_null())
    assert ok["name"].null_count() == 0


def test_failures_keep_their_rows_and_reasons(small_csv: Path, tmp_path: Path) -> None:
    with FakeOllama(
        models=["qwen2.5:7b"], slots=1, fault_schedule={0: "fail_503", 1: "fail_503", 2: "drop"}
    ) as srv:
        job = _job(max_attempts=1, concurrency=1)
        result = run_generate(job.with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet")
    frame = pl.read_parquet(result.output)
    assert frame.height == 24 and result.failed == 3
    assert frame["gen_error"][:3].to_list() == [
        "Ollama answered 503 (after 1 attempt)",
        "Ollama answered 503 (after 1 attempt)",
        "connection failed (RemoteProtocolError) (after 1 attempt)",
    ]
    assert frame["gen_error"][3:].null_count() == 21
    assert result.errors == {"Ollama answered 503": 2, "connection failed (RemoteProtocolError)": 1}


def test_bad_json_is_retried_then_recorded(small_csv: Path, tmp_path: Path) -> None:
    def responder(body: dict[str, object]) -> str | None:
        prompt = json.dumps(body.get("messages"))
        return '{"name": "cut off' if "[source row-2]" in prompt else None

    with FakeOllama(models=["qwen2.5:7b"], responder=responder) as srv:
        job = _job(max_attempts=3)
        frame = pl.read_parquet(
            run_generate(job.with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet").output
        )
    assert (
        frame["gen_error"][1]
        == "reply is not a valid persona at 'reply': json_invalid (after 3 attempts)"
    )
    assert frame["attempts"][1] == 3
    assert frame["gen_error"].null_count() == 23


def test_truncated_reply_says_to_raise_num_predict(small_csv: Path, tmp_path: Path) -> None:
    with FakeOllama(models=["qwen2.5:7b"], slots=1, fault_schedule={0: "truncate"}) as srv:
        job = _job(max_attempts=1, concurrency=1)
        frame = pl.read_parquet(
            run_generate(job.with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet").output
        )
    assert "cut off: raise num_predict" in frame["gen_error"][0]


def test_concurrency_is_bounded(small_csv: Path, tmp_path: Path) -> None:
    with FakeOllama(models=["qwen2.5:7b"], slots=8, latency=0.05) as srv:
        run_generate(
            _job(concurrency=3).with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet"
        )
        assert srv.max_in_flight == 3


def test_requests_spread_over_hosts_and_skip_dead_ones(small_csv: Path, tmp_path: Path) -> None:
    with (
        FakeOllama(models=["qwen2.5:7b"], latency=0.02) as a,
        FakeOllama(models=["qwen2.5:7b"], latency=0.02) as b,
    ):
        result = run_generate(
            _job().with_hosts(a.url, b.url, "http://127.0.0.1:9").personas,
            small_csv,
            tmp_path / "p.parquet",
        )
        assert a.total_generations > 0 and b.total_generations > 0
        assert a.total_generations + b.total_generations == 24
        urls = {a.url, b.url}
    frame = pl.read_parquet(result.output)
    assert set(frame["gen_host"]) == urls
    assert result.connection.skipped == ["http://127.0.0.1:9 (unreachable)"]


def test_grouped_personas(server: FakeOllama, small_csv: Path, tmp_path: Path) -> None:
    source = pl.read_csv(small_csv)
    job = _job(group_by="segment", per_group=2, id_column="respondent_id", max_source_chars=1500)
    result = run_generate(job.with_hosts(server.url).personas, small_csv, tmp_path / "p.parquet")
    frame = pl.read_parquet(result.output)
    sampling = result.manifest["anonymisation"]["sampling"]
    assert sampling["rows_read"] == source.height == result.manifest["counts"]["source_rows"]
    used = {i for ids in frame["source_ids"].to_list() for i in ids}
    assert len(used) <= sampling["rows_kept"] < source.height  # only usable rows were kept
    segments = source["segment"].unique(maintain_order=True).to_list()
    assert frame["persona_id"].to_list() == [f"{s}-{k}" for s in segments for k in (1, 2)]
    by_id = dict(zip(source["respondent_id"].cast(str), source["segment"], strict=True))
    for persona_id, ids in zip(frame["persona_id"], frame["source_ids"].to_list(), strict=True):
        assert ids and {by_id[i] for i in ids} == {persona_id.rsplit("-", 1)[0]}
    prompts = [c["messages"][1]["content"] for c in _chats(server)]  # type: ignore[index]
    assert all(len(p) < 1500 + 200 for p in prompts)


def test_model_errors(server: FakeOllama, small_csv: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        run_generate(
            _job(model="gemma2:9b").with_hosts(server.url).personas,
            small_csv,
            tmp_path / "p.parquet",
        )
    assert "ollama pull gemma2:9b" in str(info.value) and "qwen2.5:7b" in str(info.value)
    with pytest.raises(OllamaUnavailableError, match=r"cannot reach Ollama at http://127.0.0.1:9"):
        run_generate(_job().with_hosts("127.0.0.1:9").personas, small_csv, tmp_path / "p.parquet")
    with (
        FakeOllama(models=[]) as empty,
        pytest.raises(ModelNotFoundError, match="no models installed"),
    ):
        run_generate(_job().with_hosts(empty.url).personas, small_csv, tmp_path / "p.parquet")
    assert not (tmp_path / "p.parquet").exists()


def test_rerun_retries_only_the_failed_rows(small_csv: Path, tmp_path: Path) -> None:
    with FakeOllama(models=["qwen2.5:7b"], slots=1) as srv:
        clean = run_generate(
            _job(concurrency=1).with_hosts(srv.url).personas, small_csv, tmp_path / "clean.parquet"
        ).output
        srv.reset()
        srv.fault_schedule = {i: "fail_503" for i in range(10, 100)}
        out = tmp_path / "p.parquet"
        first = run_generate(
            _job(concurrency=1, max_attempts=1).with_hosts(srv.url).personas, small_csv, out
        )
        assert first.failed == 14 and pl.read_parquet(out)["gen_error"].null_count() == 10
        assert len(Journal.load(journal_path(out))) == 10  # kept: the failed rows are still to do
        srv.reset()
        srv.fault_schedule = {}
        second = run_generate(_job(concurrency=1).with_hosts(srv.url).personas, small_csv, out)
        assert second.resumed == 10 and second.failed == 0 and len(_chats(srv)) == 14
    assert_frame_equal(
        pl.read_parquet(out).drop("latency_ms"), pl.read_parquet(clean).drop("latency_ms")
    )
    assert not journal_path(out).exists()


def _journal_lines(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def _start_until_journalled(
    command: list[str], env: dict[str, str], journal: Path, lines: int
) -> subprocess.Popen[bytes]:
    """``persona generate`` in a subprocess, returned once its journal holds ``lines`` items."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _journal_lines(journal) < lines and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    return proc


def _generate_command(source: Path, out: Path, url: str) -> list[str]:
    command = [sys.executable, "-m", "persona_batch", "generate", "-i", str(source)]
    return [*command, "-o", str(out), "--host", url, "--workers", "1", "--concurrency", "2"]


def test_sigterm_lets_the_requests_in_flight_finish_then_the_rerun_sends_the_rest(
    small_csv: Path, tmp_path: Path
) -> None:
    """SIGTERM mid-generation: no new request goes out, the two in flight finish and are
    journalled, the command exits 143 within its grace; the rerun sends only the rest and gives
    the uninterrupted run's personas, every row once."""
    with FakeOllama(models=["qwen2.5:7b"], slots=2, latency=0.6) as srv:
        clean = run_generate(
            _job(concurrency=2).with_hosts(srv.url).personas, small_csv, tmp_path / "clean.parquet"
        ).output
        srv.reset()
        out = tmp_path / "stopped.parquet"
        journal = journal_path(out)
        command = _generate_command(small_csv, out, srv.url)
        env = {**os.environ, "CI": "true"}
        proc = _start_until_journalled(command, env, journal, 4)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=15)  # the bound: out within 15 s
        text = stderr.decode()
        assert proc.returncode == EXIT_TERMINATED, text
        assert "stopping: finishing the requests in flight" in text, text
        assert "stopped (SIGTERM)" in text and "Traceback" not in text
        sent, done_before = len(_chats(srv)), _journal_lines(journal)
        assert done_before == sent < 24  # every request that went out came back and was kept
        assert not out.exists() and not list(tmp_path.glob(".stopped.parquet.*.tmp"))
        srv.reset()
        rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert rerun.returncode == 0, rerun.stderr
        assert len(_chats(srv)) == 24 - done_before
    got = pl.read_parquet(out)
    assert got["source_ids"].to_list() == [[f"row-{i}"] for i in range(1, 25)]
    assert_frame_equal(got.drop("latency_ms"), pl.read_parquet(clean).drop("latency_ms"))
    assert not journal.exists()


def test_killed_run_resumes_to_the_same_file(small_csv: Path, tmp_path: Path) -> None:
    """SIGKILL the CLI mid-run, rerun: the result equals an uninterrupted run's."""
    with FakeOllama(models=["qwen2.5:7b"], slots=2, latency=0.15) as srv:
        clean = run_generate(
            _job(concurrency=2).with_hosts(srv.url).personas, small_csv, tmp_path / "clean.parquet"
        ).output
        out = tmp_path / "killed.parquet"
        journal = journal_path(out)
        command = _generate_command(small_csv, out, srv.url)
        env = {**os.environ, "CI": "true"}
        proc = _start_until_journalled(command, env, journal, 6)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        done_before = _journal_lines(journal)
        assert 6 <= done_before < 24, proc.stderr.read() if proc.stderr else ""
        assert not out.exists()
        srv.reset()
        rerun = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert rerun.returncode == 0, rerun.stderr
        assert len(_chats(srv)) == 24 - done_before
    assert_frame_equal(
        pl.read_parquet(out).drop("latency_ms"), pl.read_parquet(clean).drop("latency_ms")
    )
    assert not journal.exists()


def test_no_anonymise_still_carries_the_audit(server: FakeOllama, tmp_path: Path) -> None:
    anonymised = tmp_path / "anon.parquet"
    from persona_batch.privacy.job import run_anonymise

    run_anonymise(_job().privacy, DATA / "research_sample.jsonl", anonymised)
    out = tmp_path / "p.parquet"
    result = run_generate(_job(anonymise=False).with_hosts(server.url).personas, anonymised, out)
    frame = pl.read_parquet(out)
    assert frame.height == 50 and result.manifest["anonymisation"] == {"anonymised": False}
    assert (frame["pii_count"] > 0).all()
    prompt = _chats(server)[0]["messages"][1]["content"]  # type: ignore[index]
    assert "pii_entities" not in prompt and "<EMAIL_ADDRESS>" in prompt


def test_rows_stream_through_in_batches_to_the_same_file(
    server: FakeOllama, small_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = run_generate(
        _job().with_hosts(server.url).personas, small_csv, tmp_path / "whole.parquet"
    )
    monkeypatch.setattr(progress, "interactive", lambda: True)  # bars nest: rows, then requests
    streamed_job = _job().model_copy(
        update={"anonymise": AnonymiseSettings(workers=1, batch_rows=7)}
    )
    streamed = run_generate(
        streamed_job.with_hosts(server.url).personas, small_csv, tmp_path / "streamed.parquet"
    )
    expected, got = pl.read_parquet(whole.output), pl.read_parquet(streamed.output)
    assert got["source_ids"].to_list() == [[f"row-{i}"] for i in range(1, 25)]
    # Near (not identical) duplicates are looked for within a batch: distinctiveness may differ.
    within = [c for c in expected.columns if c.startswith("quality_")] + ["latency_ms"]
    assert_frame_equal(got.drop(within), expected.drop(within))
    local = ["quality_completeness", "quality_consistency", "quality_evidence", "quality_realism"]
    assert_frame_equal(got.select(local), expected.select(local))
    counts = {k: v for k, v in streamed.manifest["counts"].items() if k != "resumed"}
    assert counts == {k: v for k, v in whole.manifest["counts"].items() if k != "resumed"}
    quality = streamed.manifest["quality"]
    assert sum(quality["levels"].values()) == 24 and quality["diversity"]["personas"] == 24
    assert streamed.manifest["anonymisation"]["verification"]["residual"] == 0
    prompts = {c["messages"][1]["content"] for c in _chats(server)}  # type: ignore[index]
    assert len(prompts) == 24  # the second run's prompts are the first run's, source ids included


def test_the_same_persona_in_a_later_batch_is_flagged(small_csv: Path, tmp_path: Path) -> None:
    same = Persona(
        name="Dana Okafor",
        age=41,
        occupation="Operations lead",
        location="Leeds",
        background="Runs a small logistics team and plans every week in a spreadsheet.",
        goals=["Fewer manual exports"],
        frustrations=["Reports that break after updates"],
        behaviours=["Checks the dashboard every morning"],
        quote="I just want the numbers to add up.",
        evidence=[],
    ).model_dump_json()

    def responder(body: dict[str, object]) -> str | None:
        return same

    job = _job().model_copy(update={"anonymise": AnonymiseSettings(workers=1, batch_rows=7)})
    with FakeOllama(models=["qwen2.5:7b"], responder=responder) as srv:
        result = run_generate(job.with_hosts(srv.url).personas, small_csv, tmp_path / "p.parquet")
    flags = pl.read_parquet(result.output)["quality_flags"].to_list()
    assert not any(f.startswith("near_duplicate_of") for f in flags[0])
    for later in flags[1:]:  # rows 8 onwards are in later batches than row-1
        assert "near_duplicate_of:row-1" in later and "duplicate_name:row-1" in later


def test_a_bad_group_column_leaves_no_output_and_no_journal(
    server: FakeOllama, small_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "p.parquet"
    with pytest.raises(ColumnNotFoundError, match="--group-by 'segmnt' is not a column"):
        run_generate(_job(group_by="segmnt").with_hosts(server.url).personas, small_csv, out)
    assert list(tmp_path.iterdir()) == []
