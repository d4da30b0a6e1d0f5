"""`persona export`: Markdown pages or one file, a flat CSV, an Excel workbook, with or without
the audit columns; withheld personas keep only their id and why; clear errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from persona_batch.cli import app
from persona_batch.core.errors import InputError
from persona_batch.jobs.export import default_output, export, page_name

from .report.frames import personas

runner = CliRunner()


@pytest.fixture
def personas_file(tmp_path: Path) -> Path:
    frame = personas(
        [
            {"persona_id": "Admin-1", "name": "Ana Lopez", "goals": ["Ship faster", "Less toil"]},
            {
                "persona_id": "New customer-1",
                "name": "Ben <b>Ode</b>",
                "quote": "a | b",
                "quality_score": 90.0,
            },
            {
                "persona_id": "Admin-2",
                "name": "Dana Whitcombe",
                "quote": "text me on <PHONE>",
                "gen_gate": [{"field": "quote", "family": "phone"}],
            },
            {"persona_id": "Admin-3", "name": None, "gen_error": "timeout (after 4 attempts)"},
        ]
    )
    path = tmp_path / "research.personas.parquet"
    frame.write_parquet(path)
    return path


def test_csv_is_flat_with_lists_joined_and_withheld_text_blank(personas_file: Path) -> None:
    result = export(personas_file, "csv")
    assert result.target == personas_file.with_name("research.personas.csv")
    assert (result.personas, result.withheld) == (3, 1)  # the failed request is not a persona
    frame = pl.read_csv(result.target)
    assert "source_ids" not in frame.columns and "withheld" in frame.columns
    ana = frame.filter(pl.col("persona_id") == "Admin-1").row(0, named=True)
    assert ana["goals"] == "Ship faster; Less toil" and ana["withheld"] is None
    dana = frame.filter(pl.col("persona_id") == "Admin-2").row(0, named=True)
    assert dana["name"] is None and dana["quote"] is None
    assert dana["withheld"] == "the output PII check found phone in quote"
    assert "Dana" not in result.target.read_text()


def test_audit_columns_are_optional(personas_file: Path, tmp_path: Path) -> None:
    audited = export(personas_file, "csv", tmp_path / "audit.csv", audit=True)
    frame = pl.read_csv(audited.target)
    assert {"source_ids", "quality_flags"} <= set(frame.columns)
    assert frame.filter(pl.col("persona_id") == "Admin-1")["source_ids"][0] == "1; 2"


def test_excel_through_polars(personas_file: Path, tmp_path: Path) -> None:
    result = export(personas_file, "xlsx", tmp_path / "out" / "personas.xlsx", audit=True)
    with zipfile.ZipFile(result.target) as book:  # an .xlsx is a zip of XML parts
        assert 'name="personas"' in book.read("xl/workbook.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
        rows = book.read("xl/worksheets/sheet1.xml").decode().count("<row ")
    assert rows == 4  # the header and three personas
    for value in ("Admin-1", "New customer-1", "quality_flags", "Ship faster; Less toil"):
        assert value in strings
    assert "Dana" not in strings
    assert not list(result.target.parent.glob(".*.tmp"))


def test_markdown_a_page_each_or_one_file(personas_file: Path, tmp_path: Path) -> None:
    pages = export(personas_file, "md")
    folder = personas_file.with_name("research.personas-pages")
    assert pages.target == folder
    assert sorted(p.name for p in folder.iterdir()) == [
        "Admin-1.md",
        "Admin-2.md",
        "New-customer-1.md",
    ]
    ana = (folder / "Admin-1.md").read_text()
    assert ana.startswith("# Ana Lopez\n") and "- Ship faster\n" in ana and "> I want" in ana
    ben = (folder / "New-customer-1.md").read_text()
    assert "Ben &lt;b&gt;Ode&lt;/b&gt;" in ben and "a \\| b" in ben
    dana = (folder / "Admin-2.md").read_text()
    assert "Withheld: the output PII check found phone in quote" in dana and "Dana" not in dana
    one = export(personas_file, "md", tmp_path / "all.md", audit=True, one_file=True)
    text = one.target.read_text()
    assert text.count("\n## ") == 3 and "| source ids | 1; 2 |" in text


def test_names_and_defaults() -> None:
    assert page_name("a b/c") == "a-b-c" and page_name("..") == "persona"
    assert default_output(Path("x.personas.parquet"), "md", True) == Path("x.personas.md")


def test_cli_export_and_its_errors(personas_file: Path, tmp_path: Path) -> None:
    done = runner.invoke(
        app, ["export", str(personas_file), "--format", "csv", "-o", str(tmp_path / "p.csv")]
    )
    assert done.exit_code == 0, done.output
    assert "wrote 3 persona(s) (1 withheld)" in done.output and (tmp_path / "p.csv").exists()
    pages = runner.invoke(app, ["export", str(personas_file), "--format", "md"])
    assert pages.exit_code == 0 and "3 page(s)" in pages.output
    missing = runner.invoke(app, ["export", str(tmp_path / "nope.parquet"), "--format", "csv"])
    assert missing.exit_code == 1 and "nope.parquet: no such file" in missing.output
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    invalid = runner.invoke(app, ["export", str(junk), "--format", "xlsx"])
    assert invalid.exit_code == 1 and "junk.parquet: cannot read it" in invalid.output
    other = tmp_path / "other.parquet"
    pl.DataFrame({"a": [1]}).write_parquet(other)
    wrong = runner.invoke(app, ["export", str(other), "--format", "md"])
    assert wrong.exit_code == 1 and "other.parquet: not a personas file" in wrong.output
    unknown = runner.invoke(app, ["export", str(personas_file), "--format", "pdf"])
    assert unknown.exit_code == 2 and "md, csv, xlsx" in unknown.output
    with pytest.raises(InputError, match="would replace the personas file"):
        export(personas_file, "csv", personas_file)
    with pytest.raises(InputError, match="choose one of"):
        export(personas_file, "pdf")  # type: ignore[arg-type]
    (tmp_path / "file.md").write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        export(personas_file, "md", tmp_path / "file.md")
