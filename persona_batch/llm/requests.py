"""Requests to the model hosts: which hosts and model a run uses, and the journalled runner.

:func:`connect` reaches the configured hosts, picks the model and keeps the hosts that have it.
A :class:`RequestRunner` sends a phase's work items (personas, refinements, the judge's
verdicts, synthetic records) through the :class:`~persona_batch.llm.generator.Generator`: every
prompt passes the gate first, every finished request is journalled beside the output as it
lands, and a rerun skips what the journal holds.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from persona_batch.core import failpoints
from persona_batch.core.config import GenerateSettings
from persona_batch.core.errors import OllamaUnavailableError
from persona_batch.core.io import Journal, journal_path
from persona_batch.core.manifest import GenerationBlock, HostStatsBlock
from persona_batch.core.persona import Persona
from persona_batch.core.progress import progress_bar
from persona_batch.core.work import WorkItem
from persona_batch.llm.client import (
    InstalledModel,
    OllamaHost,
    can_complete,
    choose_model,
    installed_models,
    resolve_hosts,
)
from persona_batch.llm.generator import Generator, HostStats, Outcome
from persona_batch.privacy.guard import Guard

__all__ = ["Connection", "RequestRunner", "connect", "generation_block"]


@dataclass
class Connection:
    """The hosts a run uses, what the first of them has installed, and the model chosen."""

    model: InstalledModel
    reason: str
    hosts: list[str]
    installed: list[InstalledModel]
    skipped: list[str] = field(default_factory=list)

    def pick(self, name: str) -> InstalledModel:
        """Another installed model (refine, judge); a clear error when it is not there."""
        return choose_model(self.installed, name, (), self.hosts[0])[0]


def connect(settings: GenerateSettings) -> Connection:
    """Reach ``settings.hosts`` (else ``OLLAMA_HOST``, else the default host), pick the model,
    keep the hosts that have it."""
    requested = settings.draft_model or settings.model
    timeout = min(settings.request_timeout, 30.0)
    listings: dict[str, list[InstalledModel]] = {}
    skipped: list[str] = []
    first_error: OllamaUnavailableError | None = None
    for host in resolve_hosts(settings.hosts):
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
    if requested is None:
        candidates = [
            m for m in first_models if can_complete(first_host, m.name, timeout)
        ] or first_models
    model, reason = choose_model(candidates, requested, settings.model_preference, first_host)
    hosts = []
    for host, models in listings.items():
        if any(m.name == model.name for m in models):
            hosts.append(host)
        else:
            skipped.append(f"{host} (no {model.name})")
    return Connection(model, reason, hosts, first_models, skipped)


class RequestRunner:
    """Runs a phase's items through the generator, resuming from and appending to the journal."""

    def __init__(self, connection: Connection, output: Path, guard: Guard) -> None:
        self.connection = connection
        self.guard = guard
        """Checks every prompt before it is sent."""
        self.journal_file = journal_path(output)
        self.done = Journal.load(self.journal_file)
        self.journal = Journal(self.journal_file)
        self.resumed = 0
        self.failed = 0
        self.hosts: dict[str, HostStats] = {}
        """What each host did, over every phase (generate, refine, judge)."""

    def run(
        self,
        label: str,
        items: Sequence[WorkItem],
        model: str,
        settings: GenerateSettings,
        reply_model: type[BaseModel] = Persona,
    ) -> dict[str, Outcome]:
        outcomes = {
            i.key: Outcome.from_record(self.done[i.key]) for i in items if i.key in self.done
        }
        self.resumed += len(outcomes)
        pending = self.guard.prompts([i for i in items if i.key not in outcomes], label)
        if pending:
            outcomes |= self._generate(label, pending, model, settings, reply_model)
        self.failed += sum(1 for i in items if outcomes[i.key].error)
        return outcomes

    def _generate(
        self,
        label: str,
        pending: list[WorkItem],
        model: str,
        settings: GenerateSettings,
        reply_model: type[BaseModel],
    ) -> dict[str, Outcome]:
        hosts = [OllamaHost(url, settings.request_timeout) for url in self.connection.hosts]
        started = time.perf_counter()
        tally = {"done": 0, "failed": 0, "tokens": 0}
        with progress_bar(label, len(pending), unit="requests") as advance:

            def on_outcome(item: WorkItem, outcome: Outcome) -> None:
                if outcome.error is None:
                    self.journal.append(outcome.record())
                    failpoints.reach(f"request.{label}")
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

            generator = Generator(settings, model, hosts, on_outcome, reply_model)
            try:
                return generator.run(pending)
            finally:
                for url, stats in generator.host_stats.items():
                    self.hosts.setdefault(url, HostStats()).add(stats)

    def close(self) -> None:
        """Close the journal and keep it (a stop or an error: the rerun resumes from it)."""
        self.journal.close()

    def finish(self) -> None:
        """Close the journal; delete it when nothing is left to retry."""
        if self.failed:
            self.journal.close()
        else:
            self.journal.remove()


def generation_block(
    settings: GenerateSettings,
    connection: Connection,
    hosts: dict[str, HostStats],
    template: tuple[str, str],
    record_schema: dict[str, Any] | None = None,
) -> GenerationBlock:
    """The manifest's ``generation`` block (personas and synthetic set alike): ``settings`` and
    the model ``connection`` chose, what each host did (a :class:`RequestRunner`'s ``hosts``),
    the prompt ``template``'s version and sha256, and the synthetic records' ``record_schema``
    (left out of the block when None)."""
    model = connection.model
    version, sha256 = template
    fields: dict[str, Any] = {
        "provider": settings.provider,
        "model": model.name,
        "model_digest": model.digest,
        "model_choice": connection.reason,
        "hosts": connection.hosts,
        "host_stats": {url: HostStatsBlock(**asdict(s)) for url, s in hosts.items()},
        "options": settings.options.as_options(),
        "keep_alive": settings.keep_alive,
        "template_version": version,
        "template_sha256": sha256,
    }
    if record_schema is not None:
        fields["record_schema"] = record_schema
    return GenerationBlock(**fields, settings=settings.model_dump(mode="json"))
