"""The analysts' report: one self-contained HTML file (charts are inline SVG, no network at view).

The only module that imports matplotlib and Jinja2. It gets a run's manifest and frames and
returns HTML; it reads and writes nothing itself. Everything shown is counts, scores, timings
and entity types: the anonymised text is never rendered, and raw PII never reaches a run's files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import polars as pl

from persona_batch.core.manifest import RunManifest
from persona_batch.jobs.report import gallery as report_gallery
from persona_batch.jobs.report.formatting import count, day, duration, number, when
from persona_batch.jobs.report.trends import TREND_RUNS, RunSummary, summary_of, trends

if TYPE_CHECKING:
    from jinja2 import Environment


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    _pyplot().close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _bar(labels: Sequence[str], values: Sequence[float], xlabel: str) -> str:
    figure, axis = _pyplot().subplots(figsize=(8, max(2.0, 0.32 * len(labels) + 1)))
    axis.barh(list(labels)[::-1], list(values)[::-1], color="#3f6fd8")
    axis.set_xlabel(xlabel)
    axis.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _histogram(
    values: Sequence[float], xlabel: str, bins: int = 20, range_: tuple[float, float] | None = None
) -> str:
    figure, axis = _pyplot().subplots(figsize=(8, 3))
    axis.hist(list(values), bins=bins, range=range_, color="#3f6fd8", edgecolor="white")
    axis.set_xlabel(xlabel)
    axis.set_ylabel("personas")
    axis.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _scatter(x: Sequence[float], y: Sequence[float], xlabel: str, ylabel: str) -> str:
    figure, axis = _pyplot().subplots(figsize=(5, 5))
    axis.scatter(list(x), list(y), s=18, alpha=0.7, color="#3f6fd8")
    axis.plot([0, 100], [0, 100], color="#c0c6d1", linewidth=1)
    axis.set_xlim(0, 100)
    axis.set_ylim(0, 100)
    axis.set_xlabel(xlabel)
    axis.set_ylabel(ylabel)
    return _svg(figure)


def pii_by_column(anonymised: pl.DataFrame) -> pl.DataFrame:
    """Findings per column and entity type, most first."""
    if "pii_entities" not in anonymised.columns or anonymised.height == 0:
        return pl.DataFrame(
            schema={"column": pl.String, "entity_type": pl.String, "count": pl.UInt32}
        )
    exploded = (
        anonymised.select(pl.col("pii_entities").explode()).drop_nulls().unnest("pii_entities")
    )
    if exploded.height == 0:
        return pl.DataFrame(
            schema={"column": pl.String, "entity_type": pl.String, "count": pl.UInt32}
        )
    return (
        exploded.group_by("column", "entity_type")
        .agg(pl.len().alias("count"))
        .sort(["count", "column", "entity_type"], descending=[True, False, False])
    )


def render(
    manifest: RunManifest,
    anonymised: pl.DataFrame,
    personas: pl.DataFrame,
    runs: Sequence[RunSummary] = (),
) -> str:
    """The report for one run: the manifest and every input's frames, concatenated; ``runs``:
    the job's runs up to this one, oldest first, for the trends (none: no trends)."""
    counts = manifest.counts
    status = manifest.status
    ok = (
        personas.filter(pl.col("gen_error").is_null())
        if "gen_error" in personas.columns
        else personas
    )
    tokens = (
        int(ok.get_column("completion_tokens").sum()) if "completion_tokens" in ok.columns else 0
    )
    latency_s = (
        float(ok.get_column("latency_ms").sum()) / 1000 if "latency_ms" in ok.columns else 0.0
    )
    stages = manifest.stages_seconds
    slowest = max(stages, key=stages.__getitem__) if stages else "-"
    cards = [
        ("status", status, f"status-{status}"),
        ("source rows", count(anonymised.height if counts.rows is None else counts.rows), ""),
        ("personas", count(personas.height if counts.personas is None else counts.personas), ""),
        ("failed", count(counts.failed), "status-failed" if counts.failed else ""),
        (
            "PII replaced",
            count(
                int(anonymised.get_column("pii_count").sum())
                if "pii_count" in anonymised.columns
                else 0
            ),
            "",
        ),
        ("slowest stage", slowest, ""),
    ]
    sections: list[dict[str, Any]] = []
    pii = pii_by_column(anonymised)
    sections.append(
        {
            "id": "pii",
            "title": "PII found, by column and entity type",
            "chart": _bar(
                [f"{c} · {e}" for c, e in pii.select("column", "entity_type").iter_rows()],
                pii["count"].to_list(),
                "findings replaced",
            )
            if pii.height
            else "",
            "note": "" if pii.height else "No PII was found.",
        }
    )
    if "quality_score" in personas.columns and ok.height:
        scores = ok.get_column("quality_score").to_list()
        levels = ok.group_by("quality_level").agg(pl.len().alias("n")).sort("n", descending=True)
        sections.append(
            {
                "id": "quality",
                "title": "Quality score distribution",
                "chart": _histogram(scores, "quality score (0-100)", range_=(0, 100)),
                "headers": ["level", "personas"],
                "rows": [[lv, count(n)] for lv, n in levels.rows()],
            }
        )
    if "judge_score" in personas.columns and ok.get_column("judge_score").drop_nulls().len():
        both = ok.filter(pl.col("judge_score").is_not_null())
        sections.append(
            {
                "id": "judge",
                "title": "Judge vs heuristic score",
                "chart": _scatter(
                    both["quality_score"].to_list(),
                    both["judge_score"].to_list(),
                    "heuristic score",
                    "judge score",
                ),
            }
        )
    if ok.height and "latency_ms" in ok.columns:
        sections.append(
            {
                "id": "latency",
                "title": "Latency and tokens",
                "chart": _histogram(
                    (ok.get_column("latency_ms") / 1000).to_list(), "seconds per persona"
                ),
                "headers": ["figure", "value"],
                "rows": [
                    ["prompt tokens", count(int(ok.get_column("prompt_tokens").sum()))],
                    ["completion tokens", count(tokens)],
                    ["mean time per persona", duration(latency_s / ok.height)],
                    [
                        "completion tokens per second of request time",
                        number(tokens / latency_s if latency_s else 0),
                    ],
                ],
            }
        )
    failures = _failures(manifest, personas)
    sections.append(
        {
            "id": "failures",
            "title": "Failures",
            "headers": ["persona", "reason"] if failures else [],
            "rows": failures,
            "note": "" if failures else "No persona failed.",
        }
    )
    sections.append(
        {
            "id": "stages",
            "title": "Time by stage",
            "headers": ["stage", "time"],
            "rows": [[k, duration(v)] for k, v in sorted(stages.items(), key=lambda kv: -kv[1])],
        }
    )
    sections.append({"id": "made", "title": "How these were made", "made": how_made(manifest)})
    models = ", ".join(f"{m} ({d[:12]})" for m, d in manifest.models.items()) or "-"
    this = summary_of(manifest)
    group_by = _group_by(manifest)
    gallery = report_gallery.cards(personas, group_by)
    return (
        _environment()
        .from_string(_template("report.html.j2"))
        .render(
            title=f"{_job(manifest)} run · {manifest.date}",
            subtitle=f"model {models} · started {when(manifest.started_at)} · "
            f"finished {when(manifest.finished_at)} · took {duration(this.duration_seconds)}"
            + (f" · {this.kind}" if this.kind != this.status else ""),
            cards=cards,
            sections=sections,
            gallery=gallery,
            levels=report_gallery.levels_present(gallery),
            groups=report_gallery.groups_present(gallery),
            group_by=group_by or "group",
            script=report_gallery.FILTER_SCRIPT,
            trends=trends(runs) if runs else [],
            trend_runs=min(len(runs), TREND_RUNS),
            job=_job(manifest),
            version=manifest.versions.get("persona_batch", ""),
            generated=when(manifest.finished_at),
        )
    )


def _environment() -> Environment:
    from jinja2 import Environment, select_autoescape

    return Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def _template(name: str) -> str:
    """A page template of ``templates/`` (``report.html.j2``, ``index.html.j2``)."""
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


def _pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend, imported when the first chart is drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def how_made(manifest: RunManifest) -> list[tuple[str, str]]:
    """The "how these were made" list: model and digest, prompt template, options, scoring."""
    made: list[tuple[str, str]] = []
    for entry in manifest.inputs:
        gen = entry.generation
        if gen is None:
            continue
        label = entry.personas
        options = " · ".join(
            f"{k} {number(v, 2) if isinstance(v, float) else count(v) if isinstance(v, int) else v}"
            for k, v in sorted(gen.options.items())
        )
        made += [
            (f"{label}: model", f"{gen.model} (digest {str(gen.model_digest)[:12]})"),
            (
                f"{label}: prompt template",
                f"{gen.template_version} (sha256 {str(gen.template_sha256)[:12]})",
            ),
            (f"{label}: options", options or "-"),
        ]
        refine, judge = entry.refine, entry.judge
        if refine is not None:
            made.append(
                (
                    f"{label}: refined",
                    f"{count(refine.refined)} below {refine.refine_below} with "
                    f"{refine.refine_model}",
                )
            )
        if judge is not None:
            made.append(
                (f"{label}: judge", f"{judge.model} (digest {str(judge.model_digest)[:12]})")
            )
    score = manifest.config.get("score", {})
    if score:
        made.append(("quality preset", str(score.get("preset", "default"))))
    made.append(("configuration", f"sha256 {str(manifest.config_sha256)[:12]}"))
    return made


def _job(manifest: RunManifest) -> str:
    """The job's name as the pages show it."""
    return "persona_batch" if manifest.job is None else manifest.job


def _group_by(manifest: RunManifest) -> str | None:
    """The ``generate.group_by`` column the run grouped its personas by, if any."""
    group_by: str | None = manifest.config.get("generate", {}).get("group_by")
    return group_by


def render_index(job: str, runs: Sequence[RunSummary]) -> str:
    """The job's ``index.html``: every dated run, newest first."""
    rows = [
        {
            "date": r.date,
            "status": r.status,
            "kind": r.kind,
            "personas": count(r.personas),
            "failed": count(r.failed),
            "quality": number(r.mean_quality),
            "duration": duration(r.duration_seconds),
            "finished": when(r.finished_at),
        }
        for r in reversed(list(runs))
    ]
    return _environment().from_string(_template("index.html.j2")).render(job=job, runs=rows)


def trusted_texts(runs: Sequence[RunSummary]) -> list[str]:
    """What the pages print of the runs' own dates and times (the gate skips them)."""
    texts: list[str] = []
    for r in runs:
        texts += [r.date, day(r.date)]
        for moment in (r.started_at, r.finished_at):
            if moment:
                texts += [moment, when(moment)]
    return texts


def gallery_texts(manifest: RunManifest, personas: pl.DataFrame) -> list[str]:
    """Every piece of persona text the gallery shows (checked as personas are, by the gate)."""
    group_by = _group_by(manifest)
    return [t for c in report_gallery.cards(personas, group_by) for t in c.texts()]


def _failures(manifest: RunManifest, personas: pl.DataFrame) -> list[list[str]]:
    if "gen_error" not in personas.columns:
        return []
    failed = personas.filter(pl.col("gen_error").is_not_null())
    return [
        [str(pid), str(err)] for pid, err in failed.select("persona_id", "gen_error").iter_rows()
    ]
