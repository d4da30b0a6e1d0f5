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

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ title }}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330}
h1{margin-bottom:.2rem} .sub{color:#5b6475;margin-top:0}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1.5rem 0}
.card{border:1px solid #dde2ea;border-radius:8px;padding:.8rem 1.1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem} .card span{color:#5b6475;font-size:.85rem}
.status-success{color:#17803d}.status-partial{color:#b26a00}.status-failed{color:#b42318}
section{margin:2rem 0} figure{margin:0} figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e6e9ef;padding:.35rem .5rem;text-align:left} th{background:#f6f7f9}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#5b6475;font-size:.85rem}
</style></head>
<body>
<h1>{{ title }}</h1>
<p class="sub">{{ subtitle }}</p>
<div class="cards">
{% for label, value, css in cards %}<div class="card"><b class="{{ css }}">{{ value }}</b><span>{{ label }}</span></div>
{% endfor %}</div>
{% for s in sections %}<section id="{{ s.id }}"><h2>{{ s.title }}</h2>
{% if s.chart %}<figure class="chart" data-chart="{{ s.id }}">{{ s.chart | safe }}</figure>{% endif %}
{% if s.note %}<p class="note">{{ s.note }}</p>{% endif %}
{% if s.rows %}<table><thead><tr>{% for h in s.headers %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in s.rows %}<tr>{% for cell in row %}<td{% if cell is number %} class="n"{% endif %}>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>{% endif %}
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


def render(manifest: dict[str, Any], anonymised: pl.DataFrame, personas: pl.DataFrame) -> str:
    """The report for one run: the manifest and every input's frames, concatenated."""
    counts = manifest.get("counts", {})
    status = str(manifest.get("status", "unknown"))
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
    stages = manifest.get("stages_seconds", {})
    slowest = max(stages, key=stages.get) if stages else "-"
    cards = [
        ("status", status, f"status-{status}"),
        ("source rows", counts.get("rows", anonymised.height), ""),
        ("personas", counts.get("personas", personas.height), ""),
        ("failed", counts.get("failed", 0), "status-failed" if counts.get("failed") else ""),
        (
            "PII replaced",
            int(anonymised.get_column("pii_count").sum())
            if "pii_count" in anonymised.columns
            else 0,
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
                "rows": levels.rows(),
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
                    ["prompt tokens", int(ok.get_column("prompt_tokens").sum())],
                    ["completion tokens", tokens],
                    ["mean seconds per persona", round(latency_s / ok.height, 2)],
                    [
                        "completion tokens per second of request time",
                        round(tokens / latency_s, 1) if latency_s else 0,
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
            "headers": ["stage", "seconds"],
            "rows": [[k, round(v, 2)] for k, v in sorted(stages.items(), key=lambda kv: -kv[1])],
        }
    )
    models = ", ".join(f"{m} ({d[:12]})" for m, d in manifest.get("models", {}).items()) or "-"
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return environment.from_string(_TEMPLATE).render(
        title=f"{manifest.get('job', 'persona_batch')} run · {manifest.get('date', '')}",
        subtitle=f"model {models} · started {manifest.get('started_at', '')} · finished {manifest.get('finished_at', '')}",
        cards=cards,
        sections=sections,
        version=manifest.get("versions", {}).get("persona_batch", ""),
        generated=manifest.get("finished_at", ""),
    )


def _failures(manifest: dict[str, Any], personas: pl.DataFrame) -> list[list[str]]:
    if "gen_error" not in personas.columns:
        return []
    failed = personas.filter(pl.col("gen_error").is_not_null())
    return [
        [str(pid), str(err)] for pid, err in failed.select("persona_id", "gen_error").iter_rows()
    ]
