"""The generate job: load, anonymise (the anonymise job's stage, reused), generate, write.

Nothing is sent to Ollama before the anonymised text has passed verification. Finished
personas are journalled beside the output as they land; a rerun of the same job (same input,
template, model and options) skips them, and the output is written atomically at the end.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from persona_batch.config import JobConfig
from persona_batch.errors import OllamaUnavailableError
from persona_batch.generate import Generator, Outcome, personas_frame
from persona_batch.io import (
    MANIFEST_KEY,
    Journal,
    ParquetSink,
    check_output_path,
    describe_input,
    iter_batches,
    journal_path,
)
from persona_batch.ollama_client import (
    InstalledModel,
    OllamaHost,
    can_complete,
    choose_model,
    installed_models,
    resolve_hosts,
)
from persona_batch.persona import Persona
from persona_batch.pipeline import check_residual, input_manifest, prepare_anonymiser, versions
from persona_batch.progress import progress_bar
from persona_batch.prompts import TEMPLATE_SHA256, TEMPLATE_VERSION, WorkItem, build_items


@dataclass
class Connection:
    """The hosts a run uses and the model it chose on them."""

    model: InstalledModel
    reason: str
    hosts: list[str]
    skipped: list[str] = field(default_factory=list)


def connect(config: JobConfig, host_flags: tuple[str, ...] = ()) -> Connection:
    """Reach the hosts, pick the model, keep the hosts that have it."""
    settings = config.generate
    timeout = min(settings.request_timeout, 30.0)
    listings: dict[str, list[InstalledModel]] = {}
    skipped: list[str] = []
    first_error: OllamaUnavailableError | None = None
    for host in resolve_hosts(host_flags, settings.hosts):
        try:
            listings[host] = installed_models(host, timeout)
        except OllamaUnavailableError as exc:
            first_error = first_error or exc
            skipped.append(f"{host} (unreachable)")
    if not listings:
        assert first_error is not None
        raise first_error
    first_host, first_models = next(iter(listings.items()))
    candidates = first_models
    if settings.model is None:
        candidates = [
            m for m in first_models if can_complete(first_host, m.name, timeout)
        ] or first_models
    model, reason = choose_model(candidates, settings.model, settings.model_preference, first_host)
    hosts = []
    for host, models in listings.items():
        if any(m.name == model.name for m in models):
            hosts.append(host)
        else:
            skipped.append(f"{host} (no {model.name})")
    return Connection(model, reason, hosts, skipped)


@dataclass
class GenerateResult:
    """What the job did, for the summary."""

    output: Path
    personas: int
    failed: int
    resumed: int
    connection: Connection
    manifest: dict[str, Any]
    errors: dict[str, int]


def _load(config: JobConfig, input_path: Path, rows: int) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The frame prompts are built from, and what the manifest says about its anonymisation."""
    batch_rows = config.anonymise.batch_rows
    if not config.generate.anonymise:
        frame = pl.concat(
            list(iter_batches(input_path, config.input, batch_rows)), how="vertical_relaxed"
        )
        return frame, {"anonymised": False}
    stage = prepare_anonymiser(config, input_path)
    frames = []
    with progress_bar("anonymise", rows) as advance:
        for batch in iter_batches(input_path, config.input, batch_rows):
            frames.append(stage(batch))
            advance(batch.height)
    residual = check_residual(stage, config, "Nothing was sent to Ollama")
    audit = {
        "anonymised": True,
        "strategy": str(config.anonymise.strategy),
        "column_plan": [p.model_dump(mode="json") for p in stage.plan],
        "verification": {"cells_checked": len(stage.verify_sample), "residual": residual},
    }
    return pl.concat(frames, how="vertical_relaxed"), audit


def run_generate(
    config: JobConfig, input_path: Path, output: Path, host_flags: tuple[str, ...] = ()
) -> GenerateResult:
    """Generate one persona per row (or ``per_group`` per group) into ``output``."""
    started = datetime.now(UTC)
    settings = config.generate
    check_output_path(input_path, output)
    info = describe_input(input_path, config.input)
    connection = connect(config, host_flags)
    model = connection.model
    frame, anonymisation = _load(config, input_path, info.rows)
    schema = Persona.model_json_schema()
    items = build_items(frame, settings, model.name, schema)
    journal_file = journal_path(output)
    wanted = {item.key for item in items}
    outcomes = {
        key: Outcome.from_record(record)
        for key, record in Journal.load(journal_file).items()
        if key in wanted
    }
    resumed = len(outcomes)
    pending = [item for item in items if item.key not in outcomes]
    journal = Journal(journal_file)
    try:
        outcomes |= _generate(config, connection, pending, journal)
    finally:
        journal.close()
    personas = personas_frame(items, outcomes, model.name, model.digest)
    errors = personas.get_column("gen_error").drop_nulls().to_list()
    manifest = {
        "input": input_manifest(info),
        "anonymisation": anonymisation,
        "generation": {
            "provider": settings.provider,
            "model": model.name,
            "model_digest": model.digest,
            "model_choice": connection.reason,
            "hosts": connection.hosts,
            "options": settings.options.as_options(),
            "keep_alive": settings.keep_alive,
            "template_version": TEMPLATE_VERSION,
            "template_sha256": TEMPLATE_SHA256,
            "group_by": settings.group_by,
            "per_group": settings.per_group,
        },
        "counts": {
            "source_rows": frame.height,
            "personas": personas.height,
            "failed": len(errors),
            "resumed": resumed,
            "prompt_tokens": int(personas.get_column("prompt_tokens").sum()),
            "completion_tokens": int(personas.get_column("completion_tokens").sum()),
        },
        "versions": versions(config),
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
    }
    with ParquetSink(output) as sink:
        sink.write(personas)
        sink.commit({MANIFEST_KEY: manifest})
    if not errors:
        journal.remove()  # with failures it stays, so a rerun retries only those rows
    counts: dict[str, int] = {}
    for message in errors:
        reason = message.split(" (after")[0]
        counts[reason] = counts.get(reason, 0) + 1
    return GenerateResult(
        output, personas.height, len(errors), resumed, connection, manifest, counts
    )


def _generate(
    config: JobConfig, connection: Connection, pending: list[WorkItem], journal: Journal
) -> dict[str, Outcome]:
    settings = config.generate
    if not pending:
        return {}
    hosts = [OllamaHost(url, settings.request_timeout) for url in connection.hosts]
    started = time.perf_counter()
    tally = {"done": 0, "failed": 0, "tokens": 0}
    with progress_bar("generate", len(pending), unit="personas") as advance:

        def on_outcome(item: WorkItem, outcome: Outcome) -> None:
            if outcome.error is None:
                journal.append(asdict(outcome))
            else:
                tally["failed"] += 1
            tally["done"] += 1
            tally["tokens"] += outcome.completion_tokens
            elapsed = max(time.perf_counter() - started, 1e-9)
            advance(
                1,
                f"{tally['done'] / elapsed:.1f}/s · {tally['tokens'] / elapsed:.0f} tok/s · "
                f"{tally['failed']} failed",
            )

        return Generator(settings, connection.model.name, hosts, on_outcome).run(pending)
