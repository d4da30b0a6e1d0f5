"""Fast checks for data/make_sample.py and the committed synthetic sample."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest

from tests.paths import DATA

SCRIPT = DATA / "make_sample.py"
DEFAULT_SEED = 20261123

EXPECTED_COLUMNS = [
    "respondent_id",
    "participant",
    "email",
    "phone",
    "country",
    "city",
    "segment",
    "age",
    "signup_date",
    "plan",
    "nps",
    "card_number",
    "iban",
    "ip_address",
    "interview_notes",
    "survey_answer",
]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("persona_batch_make_sample", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ms = _load()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return ms.make_rows(300, DEFAULT_SEED)


def _luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def _mod97_ok(iban: str) -> bool:
    compact = iban.replace(" ", "")
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def _sentences(text: str) -> int:
    return len(re.split(r"(?<=\.) (?=[A-Z])", text))


def test_deterministic_for_a_seed() -> None:
    assert ms.make_rows(40, 7) == ms.make_rows(40, 7)
    assert ms.make_rows(40, 7) != ms.make_rows(40, 8)
    # rows do not depend on n: a shorter run is a prefix of a longer one
    assert ms.make_rows(10, 7) == ms.make_rows(40, 7)[:10]


def test_row_count_and_columns(rows: list[dict]) -> None:
    assert len(ms.make_rows(17, 1)) == 17
    assert ms.COLUMNS == EXPECTED_COLUMNS
    assert all(list(r) == EXPECTED_COLUMNS for r in rows)
    assert [r["respondent_id"] for r in rows] == list(range(1, 301))
    for r in rows:
        assert 18 <= r["age"] <= 80
        assert 0 <= r["nps"] <= 10
        assert r["plan"] in {"free", "pro", "team"}
        assert r["segment"] in {"Power user", "New customer", "Churned", "Admin", "Occasional"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["signup_date"])
        for value in r.values():
            assert not (isinstance(value, str) and ("\n" in value or "\r" in value))


def test_phones_valid_for_region(rows: list[dict]) -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    formats = set()
    for r in rows:
        parsed = phonenumbers.parse(r["phone"], r["country"])
        assert phonenumbers.is_valid_number(parsed), r["phone"]
        assert phonenumbers.region_code_for_number(parsed) == r["country"]
        formats.add(r["phone"].startswith("+"))
    assert formats == {True, False}  # both international and national formats


def test_output_does_not_depend_on_phonenumbers(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = ms.make_rows(60, 3)
    monkeypatch.setattr(ms, "phonenumbers", None)
    assert ms.make_rows(60, 3) == expected


def test_cards_pass_luhn(rows: list[dict]) -> None:
    cards = [r["card_number"] for r in rows if r["card_number"]]
    assert 0.2 < len(cards) / len(rows) < 0.4
    brands = set()
    for card in cards:
        assert _luhn_ok(card), card
        digits = re.sub(r"[ -]", "", card)
        assert digits.isdigit()
        if digits[0] == "4":
            brands.add("visa")
            assert len(digits) == 16
        elif digits[:2] in {"34", "37"}:
            brands.add("amex")
            assert len(digits) == 15
        elif 51 <= int(digits[:2]) <= 55:
            brands.add("mastercard")
        else:
            assert 2221 <= int(digits[:4]) <= 2720, card
            brands.add("mastercard-2")
    assert brands == {"visa", "amex", "mastercard", "mastercard-2"}


def test_ibans_pass_mod97(rows: list[dict]) -> None:
    ibans = [r["iban"] for r in rows if r["iban"]]
    assert 0.2 < len(ibans) / len(rows) < 0.4
    for iban in ibans:
        assert iban[:2] in {"GB", "DE", "FR", "NL", "ES", "IT"}
        assert _mod97_ok(iban), iban


def test_notes_mention_people_and_contacts(rows: list[dict]) -> None:
    named = sum(r["participant"].split()[0] in r["interview_notes"] for r in rows)
    contact = sum(
        r["email"] in r["interview_notes"] or r["phone"] in r["interview_notes"] for r in rows
    )
    assert 0.45 < named / len(rows) < 0.75
    assert contact > 0.08 * len(rows)
    assert any(r["participant"] in r["interview_notes"] for r in rows)
    assert any("http" in r["survey_answer"] for r in rows)


def test_note_lengths_and_long_notes() -> None:
    short, long = ms.make_rows(80, 5), ms.make_rows(80, 5, long_notes=True)
    for i, (s, lg) in enumerate(zip(short, long, strict=True), start=1):
        address = ms._make_person(5, i)["address"]  # may contain "Apt." / "ul."
        assert 2 <= _sentences(s["interview_notes"].replace(address, "ADDR")) <= 5
        assert 8 <= _sentences(lg["interview_notes"].replace(address, "ADDR")) <= 20
        # --long-notes only changes the notes column
        assert {k: v for k, v in s.items() if k != "interview_notes"} == {
            k: v for k, v in lg.items() if k != "interview_notes"
        }


def test_write_sample_layout(tmp_path: Path) -> None:
    paths = ms.write_sample(tmp_path, 12, 9)
    assert pl.read_csv(paths["csv"]).columns == EXPECTED_COLUMNS
    assert pl.read_csv(paths["csv"]).height == 12
    assert pl.read_parquet(paths["parquet"]).height == 12
    files = sorted(p.name for p in paths["transcripts"].iterdir())
    assert [f for f in files if f.endswith(".txt")] and len(files) == 6
    assert sum(f.endswith(".md") for f in files) == 2


def test_transcripts_mention_pii() -> None:
    rows = ms.make_rows(6, DEFAULT_SEED)
    for row, name in zip(rows, ms.transcript_names(), strict=True):
        text = (DATA / "transcripts" / name).read_text(encoding="utf-8")
        assert 15 <= len(text.splitlines()) <= 40
        first = row["participant"].split()[0]
        assert row["participant"] in text
        assert re.search(rf"\b{re.escape(first)}\b", text.replace(row["participant"], ""))
        for key in ("email", "phone", "city"):
            assert row[key] in text, (name, key)


def test_committed_sample_matches_script(tmp_path: Path) -> None:
    paths = ms.write_sample(tmp_path, ms.DEFAULT_ROWS, DEFAULT_SEED)
    assert paths["csv"].read_bytes() == (DATA / "research_sample.csv").read_bytes()
    assert paths["jsonl"].read_bytes() == (DATA / "research_sample.jsonl").read_bytes()
    assert pl.read_parquet(paths["parquet"]).equals(
        pl.read_parquet(DATA / "research_sample.parquet")
    )
    for name in ms.transcript_names():
        assert (paths["transcripts"] / name).read_bytes() == (
            DATA / "transcripts" / name
        ).read_bytes()
    committed = pl.read_csv(DATA / "research_sample.csv")
    assert committed.height == 300
    assert committed.columns == EXPECTED_COLUMNS
