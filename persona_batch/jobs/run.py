"""A scheduled run of a job file: load -> anonymise -> generate -> score -> write, per input.

Outputs land in ``<job.output_dir>/<date>/``: for each input ``<stem>.anonymised.parquet`` and
``<stem>.personas.parquet``, then ``manifest.json`` and ``report.html`` for the whole run.

- Safe to rerun: a date whose manifest says ``success`` (with the same job) is a no-op; after a
  crash or a partial run, finished stages are skipped (an input whose anonymised file matches
  its checksum is not anonymised again) and generation resumes from its journal.
- One run per folder: a lock refuses a second run at once and is taken over once its owner is
  gone.
- Exit status for schedulers: success, partial (some personas failed), failure.
- The gate (:mod:`persona_batch.privacy.guard`) checks each anonymised file, every prompt, every
  persona and the report before it leaves; ``manifest.json`` holds its ``gate`` block, summed
  over the inputs. Generation learns what detection found in each input, and what ``replace``
  put in its place, from the input and its anonymised file's audit (no detection runs again).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import polars as pl

from persona_batch.core import failpoints
from persona_batch.core.config import GateSettings, JobConfig, resolve_inputs, with_overrides
from persona_batch.core.errors import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, InputError
from persona_batch.core.io import (
    MANIFEST_KEY,
    RunLock,
    describe_input,
    read_json,
    read_metadata,
    read_parquet,
    run_manifests,
    write_json,
    write_text,
)
from persona_batch.core.logs import event
from persona_batch.core.manifest import (
    AnonymiseManifest,
    AnyGateBlock,
    GenerateManifest,
    MergedGateBlock,
    RunCounts,
    RunInput,
    RunManifest,
    TokensBlock,
)
from persona_batch.jobs.report import page as report
from persona_batch.jobs.report.formatting import seconds_between
from persona_batch.jobs.report.trends import figures, history
from persona_batch.llm.requests import connect
from persona_batch.personas.generate_job import run_generate
from persona_batch.privacy.guard import Guard, merge_blocks
from persona_batch.privacy.job import collect_values, run_anonymise, versions

Status = Literal["success", "partial", "failed", "skipped", "dry-run"]


def config_sha256(config: JobConfig) -> str:
    return hashlib.sha256(config.model_dump_json().encode()).hexdigest()


@dataclass
class InputRun:
    """What happened to one input."""

    path: Path
    anonymised: Path
    personas: Path
    rows: int = 0
    generated: int = 0
    failed: int = 0
    resumed: dict[str, bool] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)


@dataclass
class RunResult:
    """The run, for the CLI and the report."""

    status: Status
    folder: Path
    inputs: list[InputRun]
    manifest: dict[str, Any]
    message: str = ""

    @property
    def gate(self) -> MergedGateBlock | None:
        """The run's ``gate`` block, typed; None for a dry run, which has no manifest."""
        if self.status == "dry-run":
            return None
        return RunManifest.of(self.manifest).gate

    @property
    def exit_code(self) -> int:
        """For schedulers: 0 (success, skipped, dry run), 4 (partial) or 1 (failed)."""
        return _EXIT_OF_STATUS[self.status]


_EXIT_OF_STATUS: dict[Status, int] = {
    "success": EXIT_OK,
    "skipped": EXIT_OK,
    "dry-run": EXIT_OK,
    "partial": EXIT_PARTIAL,
    "failed": EXIT_FAILURE,
}


def run_job(
    config: JobConfig,
    run_date: date | None = None,
    dry_run: bool = False,
) -> RunResult:
    """Run the job for ``run_date`` (default today, UTC)."""
    day = (run_date or datetime.now(UTC).date()).isoformat()
    folder = config.job.output_dir / day
    inputs = resolve_inputs(config)
    plan = [
        InputRun(p, folder / f"{p.stem}.anonymised.parquet", folder / f"{p.stem}.personas.parquet")
        for p in inputs
    ]
    if dry_run:
        connection = connect(config.generate)
        return RunResult(
            "dry-run",
            folder,
            plan,
            {
                "model": connection.model.name,
                "model_choice": connection.reason,
                "hosts": connection.hosts,
            },
            f"would write {len(plan)} input(s) to {folder} with {connection.model.name}",
        )
    with RunLock(folder, config.job.stale_lock_hours * 3600):
        written = read_json(folder / "manifest.json") or {}
        previous = RunManifest.of(written)
        if previous.status == "success" and previous.config_sha256 == config_sha256(config):
            event("run.skip", "already done for this date", folder=str(folder))
            return RunResult(
                "skipped", folder, plan, written, f"{folder} is already complete; nothing to do"
            )
        attempts = previous.attempt if "attempt" in previous.model_fields_set else 0
        return _run(config, day, folder, plan, attempts + 1)


def _run(
    config: JobConfig,
    day: str,
    folder: Path,
    plan: list[InputRun],
    attempt: int = 1,
) -> RunResult:
    started = datetime.now(UTC)
    stages: dict[str, float] = {"anonymise": 0.0, "generate": 0.0}
    generation = with_overrides(config, **{"generate.anonymise": False})
    models: dict[str, str] = {}
    for item in plan:
        info = describe_input(item.path, config.input)
        item.rows = info.rows
        clock = time.perf_counter()
        if _anonymised_matches(item.anonymised, info.sha256):
            item.resumed["anonymise"] = True
        else:
            event(
                "stage.start", "anonymise", stage="anonymise", input=str(item.path), rows=info.rows
            )
            run_anonymise(config.privacy, item.path, item.anonymised, info)
        stages["anonymise"] += time.perf_counter() - clock
        clock = time.perf_counter()
        event("stage.start", "generate", stage="generate", input=str(item.path))
        values = collect_values(config.privacy, item.path, item.anonymised)
        result = run_generate(generation.personas, item.anonymised, item.personas, values)
        stages["generate"] += time.perf_counter() - clock
        item.generated, item.failed, item.errors = result.personas, result.failed, result.errors
        item.resumed["generate"] = result.resumed > 0
        models[result.connection.model.name] = result.connection.model.digest
        event(
            "stage.done",
            "generate",
            stage="generate",
            personas=result.personas,
            failed=result.failed,
        )
    failed = sum(i.failed for i in plan)
    generated = sum(i.generated for i in plan)
    status: Status = "success" if failed == 0 else ("failed" if failed == generated else "partial")
    manifest = RunManifest(
        job=config.job.name,
        date=day,
        status=status,
        attempt=attempt,
        config_sha256=config_sha256(config),
        config=json.loads(config.model_dump_json()),
        inputs=[_input_entry(i) for i in plan],
        models=models,
        versions=versions(config.detect),
        counts=RunCounts(rows=sum(i.rows for i in plan), personas=generated, failed=failed),
        stages_seconds={k: round(v, 3) for k, v in stages.items()},
        gate=merge_blocks(_gate_blocks(plan)),
        started_at=started.isoformat(),
        finished_at=datetime.now(UTC).isoformat(),
    )
    guard = Guard(config.gate)
    # checked before anything of the run is written
    page, manifest = _report(folder, manifest, guard)
    index = _index(folder.parent, manifest, guard)
    failpoints.reach("report")
    manifest = manifest.model_copy(update={"gate": merge_blocks([manifest.gate, guard.block()])})
    written = manifest.to_json()
    write_text(folder / "report.html", page)
    write_text(folder.parent / "index.html", index)
    write_json(folder / "manifest.json", written)  # last: a run with a manifest is complete
    event("run.done", status, status=status, personas=generated, failed=failed, folder=str(folder))
    return RunResult(status, folder, plan, written)


def build_report(folder: Path) -> Path:
    """(Re)build ``folder/report.html`` from the run's manifest and Parquet files, checked by
    the gate as the run's ``[gate]`` settings say (its manifest keeps them)."""
    written = read_json(folder / "manifest.json")
    if not isinstance(written, dict):
        raise InputError(
            f"{folder}: no manifest.json here; give the dated folder of a finished run"
        )
    manifest = RunManifest.model_validate(written)
    guard = Guard(GateSettings.model_validate(manifest.config.get("gate", {})))
    page, manifest = _report(folder, manifest, guard)
    index = _index(folder.parent, manifest, guard)
    written = write_text(folder / "report.html", page)
    write_text(folder.parent / "index.html", index)
    return written


def _report(folder: Path, manifest: RunManifest, guard: Guard) -> tuple[str, RunManifest]:
    """The report's HTML, its text checked by ``guard`` (the runs' own dates and times skipped,
    the gallery's persona text checked as personas are), and the manifest with its ``summary``."""
    audit = ("pii_count", "pii_entities")  # all the report shows of the anonymised text
    anonymised = [read_parquet(folder / i.anonymised, audit) for i in manifest.inputs]
    personas = [read_parquet(folder / i.personas) for i in manifest.inputs]
    source = pl.concat(anonymised, how="diagonal_relaxed") if anonymised else pl.DataFrame()
    made = pl.concat(personas, how="diagonal_relaxed") if personas else pl.DataFrame()
    elapsed = seconds_between(manifest.started_at, manifest.finished_at)
    summary = figures(source, made).model_copy(update={"duration_seconds": elapsed})
    manifest = manifest.model_copy(update={"summary": summary})
    runs = history(_run_manifests(folder.parent), str(manifest.job), manifest)
    html = report.render(manifest, source, made, runs)
    checked = guard.html(
        html,
        report.trusted_texts(runs),
        f"{folder / 'report.html'}",
        report.gallery_texts(manifest, made),
    )
    return checked, manifest


def _index(output_dir: Path, manifest: RunManifest, guard: Guard) -> str:
    """The job folder's ``index.html`` (every dated run, ``manifest`` for its own date), checked
    by ``guard``."""
    manifests = [m for m in _run_manifests(output_dir) if m.date != manifest.date]
    runs = history([*manifests, manifest], str(manifest.job))
    page = report.render_index(str(manifest.job), runs)
    return guard.html(page, report.trusted_texts(runs), f"{output_dir / 'index.html'}")


def _run_manifests(output_dir: Path) -> list[RunManifest]:
    """Every dated run's ``manifest.json`` in ``output_dir`` (:func:`run_manifests`), parsed."""
    return [RunManifest.model_validate(m) for m in run_manifests(output_dir)]


def _gate_blocks(plan: list[InputRun]) -> list[AnyGateBlock | None]:
    """Each input's ``gate`` blocks: its anonymised file's and its personas'."""
    blocks: list[AnyGateBlock | None] = []
    for item in plan:
        blocks.append(AnonymiseManifest.of(read_metadata(item.anonymised).get(MANIFEST_KEY)).gate)
        blocks.append(GenerateManifest.of(read_metadata(item.personas).get(MANIFEST_KEY)).gate)
    return blocks


def _anonymised_matches(path: Path, sha256: str) -> bool:
    if not path.exists():
        return False
    manifest = AnonymiseManifest.of(read_metadata(path).get(MANIFEST_KEY))
    return manifest.input.sha256 == sha256


def _input_entry(item: InputRun) -> RunInput:
    meta = GenerateManifest.of(read_metadata(item.personas).get(MANIFEST_KEY))
    anonymised = AnonymiseManifest.of(read_metadata(item.anonymised).get(MANIFEST_KEY))
    return RunInput(
        path=str(item.path),
        sha256=anonymised.input.sha256,
        rows=item.rows,
        anonymised=item.anonymised.name,
        personas=item.personas.name,
        generated=item.generated,
        failed=item.failed,
        failures=item.errors,
        resumed=item.resumed,
        column_plan=anonymised.column_plan,
        verification=anonymised.verification,
        generation=meta.generation,
        quality=meta.quality,
        refine=meta.refine,
        judge=meta.judge,
        tokens=TokensBlock(
            prompt=meta.counts.prompt_tokens, completion=meta.counts.completion_tokens
        ),
    )
