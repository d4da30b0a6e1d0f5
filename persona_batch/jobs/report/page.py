"""The analysts' report: one self-contained HTML file (charts are inline SVG, no network at view).

The only module that imports matplotlib and Jinja2. It gets a run's manifest and frames and
returns HTML; it reads and writes nothing itself. Everything shown is counts, scores, timings
and entity types: the anonymised text is never rendered, and raw PII never reaches a run's files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import polars as pl
from jinja2 import Environment, select_autoescape

from persona_batch.core.manifest import RunManifest
from persona_batch.jobs.report import gallery as report_gallery
from persona_batch.jobs.report.formatting import count, day, duration, number, when
from persona_batch.jobs.report.trends import TREND_RUNS, RunSummary, summary_of, trends

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330}
h1{margin-bottom:.2rem} .sub{color:#5b6475;margin-top:0}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1.5rem 0}
.card{box-sizing:border-box;border:1px solid #dde2ea;border-radius:8px;padding:.8rem 1.1rem;flex:1 1 9rem;max-width:13rem}
.card b{display:block;font-size:1.6rem} .card span{color:#5b6475;font-size:.85rem}
.status-success{color:#17803d}.status-partial{color:#b26a00}.status-failed{color:#b42318}
section{margin:2rem 0} figure{margin:0} figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e6e9ef;padding:.35rem .5rem;text-align:left} th{background:#f6f7f9}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#5b6475;font-size:.85rem}
body{padding:0 1rem} .scroll{overflow-x:auto}
.filters{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.5rem 0 1rem}
.filters select{font:inherit;padding:.2rem .4rem}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem}
.persona{border:1px solid #dde2ea;border-radius:8px;padding:.8rem 1rem;background:#fff}
.persona:target{outline:3px solid #3f6fd8}
.persona header{display:flex;justify-content:space-between;gap:.5rem;align-items:baseline}
.persona h3{margin:0;font-size:1.1rem} .persona h3 a{color:inherit;text-decoration:none}
.persona h4{margin:.6rem 0 .2rem;font-size:.85rem;color:#5b6475;text-transform:uppercase}
.persona ul{margin:0;padding-left:1.1rem} .persona blockquote{margin:.5rem 0;font-style:italic}
.who span+span::before{content:" · "} .who{color:#5b6475;margin:.2rem 0}
.level{font-size:.8rem;padding:.1rem .45rem;border-radius:99px;background:#eef1f6;white-space:nowrap}
.level-excellent,.level-good{background:#dcf3e4}.level-acceptable{background:#fff1d6}
.level-poor,.level-failing{background:#fde2e0}
.meta{font-size:.8rem;color:#5b6475;margin:.6rem 0 0} .meta dt{float:left;clear:left;margin-right:.4rem;font-weight:600}
.meta dd{margin:0 0 .15rem} .srcs{display:inline;padding:0!important} .srcs li{display:inline;margin-right:.3rem}
.withheld{color:#b42318}
.trends{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:1rem}
.trend{border:1px solid #e6e9ef;border-radius:8px;padding:.5rem .7rem} .trend b{float:right}
dl.made dt{font-weight:600} dl.made dd{margin:0 0 .4rem 0;font-family:ui-monospace,monospace;font-size:.85rem}
</style></head>
<body>
<h1>{{ title }}</h1>
<p class="sub">{{ subtitle }}</p>
<div class="cards">
{% for label, value, css in cards %}<div class="card"><b class="{{ css }}">{{ value }}</b><span>{{ label }}</span></div>
{% endfor %}</div>
<section id="gallery"><h2>Personas</h2>
{% if gallery %}<div class="filters"><label>Level <select id="filter-level"><option value="">all levels</option>
{% for lv in levels %}<option value="{{ lv }}">{{ lv }}</option>{% endfor %}</select></label>
{% if groups %}<label>{{ group_by }} <select id="filter-group"><option value="">all</option>
{% for g in groups %}<option value="{{ g }}">{{ g }}</option>{% endfor %}</select></label>{% endif %}
<span class="note"><span id="gallery-shown">{{ gallery | length }}</span> of {{ gallery | length }} shown, best quality first</span></div>
<div class="gallery">
{% for c in gallery %}<article class="persona" id="{{ c.anchor }}" data-level="{{ c.level }}" data-group="{{ c.group or '' }}">
<header><h3><a href="#{{ c.anchor }}">{% if c.withheld %}{{ c.persona_id }}{% else %}{{ c.name }}{% endif %}</a></h3><span class="level level-{{ c.level }}">{{ c.level }} · {{ "%.1f" | format(c.score) }}</span></header>
{% if c.withheld %}<p class="withheld">Withheld: {{ c.withheld }}. The text is not shown.</p>
{% else %}<p class="who">{% if c.age is not none %}<span>{{ c.age }}</span>{% endif %}<span>{{ c.occupation }}</span><span>{{ c.location }}</span></p>
{% if c.quote %}<blockquote>{{ c.quote }}</blockquote>{% endif %}
{% for title, items in (("Goals", c.goals), ("Frustrations", c.frustrations), ("Behaviours", c.behaviours)) %}{% if items %}<h4>{{ title }}</h4><ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>
{% endif %}{% endfor %}{% endif %}
<dl class="meta"><dt>id</dt><dd>{{ c.persona_id }}</dd>
{% if c.group is not none %}<dt>{{ group_by }}</dt><dd>{{ c.group }}</dd>{% endif %}
{% if c.judge_score is not none %}<dt>judge</dt><dd>{{ "%.1f" | format(c.judge_score) }}</dd>{% endif %}
<dt>sources ({{ c.sources | length }})</dt><dd><ul class="srcs">{% for sid in c.sources %}<li>{{ sid }}</li>{% endfor %}</ul></dd>
{% if c.refined is not none %}<dt>refined</dt><dd>{{ "yes" if c.refined else "no" }}</dd>{% endif %}
<dt>flags</dt><dd>{% if c.flags %}{{ c.flags | join("; ") }}{% else %}none{% endif %}</dd></dl>
</article>
{% endfor %}</div>
<script>{{ script | safe }}</script>
{% else %}<p class="note">No persona was made.</p>{% endif %}
</section>
{% if trends %}<section id="trends"><h2>The last {{ trend_runs }} runs of {{ job }}</h2>
<p class="note">Hover a dot for its date and value; <a href="../index.html">every run</a>.</p>
<div class="trends">{% for t in trends %}<figure class="trend" id="{{ t.id }}" data-chart="{{ t.id }}"><figcaption>{{ t.title }} <b>{{ t.latest }}</b></figcaption>{{ t.svg | safe }}</figure>
{% endfor %}</div></section>{% endif %}
{% for s in sections %}<section id="{{ s.id }}"><h2>{{ s.title }}</h2>
{% if s.chart %}<figure class="chart" data-chart="{{ s.id }}">{{ s.chart | safe }}</figure>{% endif %}
{% if s.note %}<p class="note">{{ s.note }}</p>{% endif %}
{% if s.made %}<dl class="made">{% for k, v in s.made %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>{% endif %}
{% if s.rows %}<div class="scroll"><table><thead><tr>{% for h in s.headers %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in s.rows %}<tr>{% for cell in row %}<td{% if cell is number %} class="n"{% endif %}>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>{% endif %}
</section>
{% endfor %}
<p class="note">persona_batch {{ version }} · generated {{ generated }}</p>
</body></html>
"""


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _bar(labels: Sequence[str], values: Sequence[float], xlabel: str) -> str:
    figure, axis = plt.subplots(figsize=(8, max(2.0, 0.32 * len(labels) + 1)))
    axis.barh(list(labels)[::-1], list(values)[::-1], color="#3f6fd8")
    axis.set_xlabel(xlabel)
    axis.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _histogram(
    values: Sequence[float], xlabel: str, bins: int = 20, range_: tuple[float, float] | None = None
) -> str:
    figure, axis = plt.subplots(figsize=(8, 3))
    axis.hist(list(values), bins=bins, range=range_, color="#3f6fd8", edgecolor="white")
    axis.set_xlabel(xlabel)
    axis.set_ylabel("personas")
    axis.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def _scatter(x: Sequence[float], y: Sequence[float], xlabel: str, ylabel: str) -> str:
    figure, axis = plt.subplots(figsize=(5, 5))
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
        .from_string(_TEMPLATE)
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
    return Environment(autoescape=select_autoescape(default=True, default_for_string=True))


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


_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ job }} · every run</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;padding:0 1rem}
.scroll{overflow-x:auto} table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e6e9ef;padding:.35rem .5rem;text-align:left} th{background:#f6f7f9}
td.n{text-align:right;font-variant-numeric:tabular-nums} .note{color:#5b6475;font-size:.85rem}
.status-success{color:#17803d}.status-partial{color:#b26a00}.status-failed{color:#b42318}
</style></head>
<body>
<h1>{{ job }}: every run</h1>
<p class="note">{{ runs | length }} dated run(s), newest first. Each date links to its report.</p>
<div class="scroll"><table id="runs"><thead><tr><th>date</th><th>status</th><th>personas</th><th>failed</th><th>mean quality</th><th>duration</th><th>finished</th></tr></thead><tbody>
{% for r in runs %}<tr data-date="{{ r.date }}"><td><a href="{{ r.date }}/report.html">{{ r.date }}</a></td><td class="status-{{ r.status }}">{{ r.kind }}</td><td class="n">{{ r.personas }}</td><td class="n">{{ r.failed }}</td><td class="n">{{ r.quality }}</td><td class="n">{{ r.duration }}</td><td>{{ r.finished }}</td></tr>
{% endfor %}</tbody></table></div>
</body></html>
"""


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
    return _environment().from_string(_INDEX).render(job=job, runs=rows)


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
