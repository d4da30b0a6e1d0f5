"""Invariants of the anonymise stage, with hypothesis, on the real detector.

- no planted email, phone, card, IBAN or IP survives any strategy;
- row count and order are preserved;
- hash and replace are consistent (the same value, the same replacement);
- re-running the job gives the same file (data and manifest, timestamps aside).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import phonenumbers
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from persona_batch.core.config import AnonymiseSettings, DetectSettings, JobConfig, Strategy
from persona_batch.core.io import read_metadata
from persona_batch.privacy.anonymise import Anonymiser
from persona_batch.privacy.detect import Detector
from persona_batch.privacy.job import run_anonymise
from persona_batch.privacy.plan import build_plan
from persona_batch.privacy.strategies import Replacer
from tests.paths import SAMPLE_CSV

pytestmark = pytest.mark.slow

KEY = b"property-test-key"
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
REGIONS = ("US", "GB", "IE", "DE", "FR", "ES", "IT", "NL", "PL", "AU")
PREFIXES = (
    "You can reach me at",
    "The participant gave",
    "Contact:",
    "She mentioned",
    "Logged from",
    "Payment used",
    "Refund to",
)
SUFFIXES = ("if needed.", "during the call.", "— follow up next week.", "", "(old one).")


def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


@st.composite
def cards(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["4", "51", "53", "55", "2221", "2500", "2720", "34", "37"]))
    length = 15 if prefix in {"34", "37"} else 16
    body = prefix + "".join(
        draw(
            st.lists(
                st.sampled_from("0123456789"),
                min_size=length - 1 - len(prefix),
                max_size=length - 1 - len(prefix),
            )
        )
    )
    number = _luhn_complete(body)
    sep = draw(st.sampled_from(["", " ", "-"]))
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    return sep.join(groups)


def _iban(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    digits = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


@st.composite
def ibans(draw: st.DrawFn) -> str:
    digits = st.sampled_from("0123456789")
    letters = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    country = draw(st.sampled_from(["GB", "DE", "NL"]))
    if country == "DE":
        bban = "".join(draw(st.lists(digits, min_size=18, max_size=18)))
    else:
        bank = "".join(draw(st.lists(letters, min_size=4, max_size=4)))
        bban = bank + "".join(
            draw(
                st.lists(
                    digits,
                    min_size=14 if country == "GB" else 10,
                    max_size=14 if country == "GB" else 10,
                )
            )
        )
    iban = _iban(country, bban)
    if draw(st.booleans()):
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


@st.composite
def phones(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(REGIONS))
    example = phonenumbers.example_number(region)
    assert example is not None
    national = str(example.national_number)
    tail = draw(st.integers(0, 999))
    example.national_number = int(national[:-3] + f"{tail:03d}")
    if not phonenumbers.is_valid_number(example):
        example = phonenumbers.example_number(region)
    fmt = draw(
        st.sampled_from(
            [
                phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                phonenumbers.PhoneNumberFormat.E164,
                phonenumbers.PhoneNumberFormat.NATIONAL,
            ]
        )
    )
    return phonenumbers.format_number(example, fmt)


emails = st.builds(
    lambda user, sep, tail, domain: f"{user}{sep}{tail}@{domain}",
    st.from_regex(r"[a-z]{2,8}", fullmatch=True),
    st.sampled_from([".", "_", ""]),
    st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True),
    st.sampled_from(
        ["example.com", "mail.example.org", "uni-research.ac.uk", "posteo.de", "web.example.net"]
    ),
)
ips = st.ip_addresses().map(str).filter(lambda ip: not ipaddress.ip_address(ip).is_unspecified)
planted = st.one_of(emails, phones(), cards(), ibans(), ips)


@st.composite
def sentences(draw: st.DrawFn) -> tuple[str, str]:
    value = draw(planted)
    text = f"{draw(st.sampled_from(PREFIXES))} {value} {draw(st.sampled_from(SUFFIXES))}".strip()
    return value, text


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _stage(frame: pl.DataFrame, strategy: Strategy) -> Anonymiser:
    settings_ = AnonymiseSettings(strategy=strategy, workers=1)
    detect = DetectSettings()
    plan = build_plan(frame, settings_, detect, "test")
    return Anonymiser(plan, settings_, detect, Replacer(KEY), workers=1)


@PROPERTY
@given(rows=st.lists(sentences(), min_size=1, max_size=6), strategy=st.sampled_from(list(Strategy)))
def test_no_planted_value_survives(
    detector: Detector, rows: list[tuple[str, str]], strategy: Strategy
) -> None:
    frame = pl.DataFrame({"id": list(range(len(rows))), "notes": [text for _, text in rows]})
    out = _stage(frame, strategy)(frame)
    for (value, _), anonymised in zip(rows, out["notes"].to_list(), strict=True):
        assert value not in anonymised
        if len(_digits(value)) >= 6:
            assert _digits(value) not in _digits(anonymised)
    assert out["id"].to_list() == frame["id"].to_list()
    assert (out["pii_count"] >= 1).all()


@PROPERTY
@given(
    texts=st.lists(
        st.one_of(st.text(max_size=40), sentences().map(lambda s: s[1]), st.none()),
        min_size=0,
        max_size=12,
    ),
    strategy=st.sampled_from(list(Strategy)),
)
def test_rows_keep_count_and_order(
    detector: Detector, texts: list[str | None], strategy: Strategy
) -> None:
    frame = pl.DataFrame(
        {"id": list(range(len(texts))), "notes": texts}, schema={"id": pl.Int64, "notes": pl.String}
    )
    if frame.height == 0:
        return
    out = _stage(frame, strategy)(frame)
    assert out.height == frame.height
    assert out["id"].to_list() == frame["id"].to_list()
    assert [v is None for v in out["notes"]] == [v is None for v in texts]


@PROPERTY
@given(value_text=sentences(), strategy=st.sampled_from([Strategy.HASH, Strategy.REPLACE]))
def test_same_value_same_replacement(
    detector: Detector, value_text: tuple[str, str], strategy: Strategy
) -> None:
    value, text = value_text
    frame = pl.DataFrame(
        {"a": [text, "nothing here", text], "b": [f"again {value} here", "x", text]}
    )
    out = _stage(frame, strategy)(frame)
    assert out["a"][0] == out["a"][2] == out["b"][2]
    again = _stage(frame, strategy)(frame)
    assert_frame_equal(out, again)


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "small.csv"
    pl.read_csv(SAMPLE_CSV).head(50).write_csv(path)
    return path


@pytest.mark.parametrize("strategy", [Strategy.REPLACE, Strategy.HASH])
def test_rerun_gives_the_same_file(
    detector: Detector, small_csv: Path, tmp_path: Path, strategy: Strategy, hash_key: str
) -> None:
    job = JobConfig(anonymise=AnonymiseSettings(workers=1, strategy=strategy, batch_rows=16))
    first = run_anonymise(job.privacy, small_csv, tmp_path / "first.parquet").output
    second = run_anonymise(job.privacy, small_csv, tmp_path / "second.parquet").output
    assert_frame_equal(pl.read_parquet(first), pl.read_parquet(second))
    meta = [read_metadata(p)["persona_batch.manifest"] for p in (first, second)]
    for m in meta:
        m.pop("started_at"), m.pop("finished_at")
    assert meta[0] == meta[1]
