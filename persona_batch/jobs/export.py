"""``persona export``: a personas Parquet file as Markdown pages, a flat CSV or an Excel workbook.

What is shared is what the report shows: the personas that were made (not the failed
requests), and for one that did not pass the output PII check (see
:mod:`persona_batch.jobs.report.gallery`) its id and why, never its text. The audit columns
(sources, flags, judge score, model, prompt hash, tokens...) come only with ``audit``.
Every file is written through :mod:`persona_batch.core.io` (temporary file, then rename).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel

from persona_batch.core.errors import InputError
from persona_batch.core.io import read_parquet, write_text, write_with
from persona_batch.jobs.report.gallery import withheld_reason

Format = Literal["md", "csv", "xlsx"]
FORMATS: tuple[str, ...] = ("md", "csv", "xlsx")

PERSONA_COLUMNS = (
    "persona_id",
    "name",
    "age",
    "occupation",
    "location",
    "background",
    "quote",
    "goals",
    "frustrations",
    "behaviours",
    "quality_level",
    "quality_score",
)
"""What every export holds."""
AUDIT_COLUMNS = (
    "withheld",
    "source_ids",
    "quality_flags",
    "judge_score",
    "refined",
    "gen_model",
    "gen_model_digest",
    "prompt_sha256",
    "prompt_tokens",
    "completion_tokens",
    "latency_ms",
    "attempts",
)
"""What ``audit`` adds, when the file has it."""
_TEXT = (
    "name",
    "occupation",
    "location",
    "background",
    "quote",
    "goals",
    "frustrations",
    "behaviours",
)
_LIST_SEPARATOR = "; "


class ExportResult(BaseModel):
    """What was written."""

    target: Path
    written: list[Path]
    personas: int
    withheld: int


def shareable(personas_path: Path, audit: bool = False) -> pl.DataFrame:
    """The personas of ``personas_path`` as they may be shared: made ones only, withheld text
    blanked (its reason in ``withheld``), the persona columns and, with ``audit``, the audit."""
    if not personas_path.is_file():
        raise InputError(f"{personas_path}: no such file; give a *.personas.parquet")
    frame = read_parquet(personas_path)
    missing = [c for c in ("persona_id", "name") if c not in frame.columns]
    if missing:
        raise InputError(
            f"{personas_path}: not a personas file (no {', '.join(missing)} column); "
            "give a *.personas.parquet that persona run or persona generate wrote"
        )
    if "gen_error" in frame.columns:
        frame = frame.filter(pl.col("gen_error").is_null())
    reasons = (
        [withheld_reason(a) for a in frame.get_column("gen_gate").to_list()]
        if "gen_gate" in frame.columns
        else ["not checked: this personas file has no output PII audit"] * frame.height
    )
    frame = frame.with_columns(pl.Series("withheld", reasons, dtype=pl.String))
    hidden = pl.col("withheld").is_not_null()
    frame = frame.with_columns(
        pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c)
        for c in (*_TEXT, "age")
        if c in frame.columns
    )
    wanted = [*PERSONA_COLUMNS, *(AUDIT_COLUMNS if audit else ("withheld",))]
    return frame.select([c for c in wanted if c in frame.columns])


def flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with "; " (one cell per field, for CSV and spreadsheets)."""
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join(_LIST_SEPARATOR)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )


def default_output(personas_path: Path, fmt: Format, one_file: bool) -> Path:
    stem = personas_path.name.removesuffix(".parquet")
    if fmt == "md" and not one_file:
        return personas_path.with_name(f"{stem}-pages")
    return personas_path.with_name(f"{stem}.{fmt}")


def export(
    personas_path: Path,
    fmt: Format,
    output: Path | None = None,
    audit: bool = False,
    one_file: bool = False,
) -> ExportResult:
    """Write ``personas_path`` as ``fmt`` to ``output`` (default: beside it)."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    target = output or default_output(personas_path, fmt, one_file)
    if target.resolve() == personas_path.resolve():
        raise InputError(f"{target}: the output would replace the personas file; choose another")
    frame = shareable(personas_path, audit)
    withheld = int(frame.get_column("withheld").is_not_null().sum())
    if fmt == "csv":
        written = [write_text(target, flat(frame).write_csv())]
    elif fmt == "xlsx":
        sheet = flat(frame)
        written = [write_with(target, lambda tmp: sheet.write_excel(tmp, worksheet="personas"))]
    elif one_file:
        pages = [markdown_page(row, level=2) for row in frame.iter_rows(named=True)]
        title = f"# Personas from {personas_path.name}\n\n"
        written = [write_text(target, title + "\n".join(pages))]
    else:
        if target.exists() and not target.is_dir():
            raise InputError(
                f"{target}: not a folder; Markdown pages go into a folder (or give --one-file)"
            )
        written = [
            write_text(target / f"{page_name(row['persona_id'])}.md", markdown_page(row))
            for row in frame.iter_rows(named=True)
        ]
    return ExportResult(target=target, written=written, personas=frame.height, withheld=withheld)


def page_name(persona_id: object) -> str:
    """A safe file name for a persona's page."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(persona_id)).strip("-.") or "persona"


def _md(text: object) -> str:
    """Model text on one Markdown line: no HTML, no line breaks, no table pipes."""
    value = " ".join(str(text).split())
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def markdown_page(row: dict[str, object], level: int = 1) -> str:
    """One persona as Markdown: a heading, who, the quote, background, lists, then any audit."""
    head = "#" * level
    sub = "#" * (level + 1)
    pid = _md(row["persona_id"])
    if row.get("withheld"):
        lines = [f"{head} {pid}", "", f"*Withheld: {_md(row['withheld'])}. The text is not shown.*"]
    else:
        who = " · ".join(
            _md(row[k]) for k in ("age", "occupation", "location") if row.get(k) is not None
        )
        lines = [f"{head} {_md(row['name'])}", "", f"*{who}*" if who else "", ""]
        if row.get("quote"):
            lines += [f"> {_md(row['quote'])}", ""]
        if row.get("background"):
            lines += [f"{sub} Background", "", _md(row["background"]), ""]
        for key, title in (
            ("goals", "Goals"),
            ("frustrations", "Frustrations"),
            ("behaviours", "Behaviours"),
        ):
            items = row.get(key)
            if isinstance(items, list) and items:
                lines += [f"{sub} {title}", "", *(f"- {_md(i)}" for i in items), ""]
    lines += ["", f"{sub} About this persona", "", "| | |", "|---|---|", f"| id | {pid} |"]
    for key in ("quality_level", "quality_score", *AUDIT_COLUMNS[1:]):
        if key in row and row[key] is not None:
            value = row[key]
            shown = _LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else value
            lines.append(f"| {key.replace('_', ' ')} | {_md(shown)} |")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"
