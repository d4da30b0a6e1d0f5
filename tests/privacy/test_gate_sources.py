"""SourceValues: source values remembered only as keyed hashes, found again when echoed."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.core.config import GateSettings
from persona_batch.privacy.gate import Gate, SourceValues, redact

KEY = b"per-run-key-0123456789abcdef0123"
VALUES = (
    "Marcella Bianchi",
    "bianchi.marcella@example.com",
    "+39 347 843 0346",
    "0117 496 0417",
    "GB64RIEX93018025852867",
    "5306394003550313",
    "Via Roma 12",
    "Wrocław",
)


@pytest.fixture
def sources() -> SourceValues:
    remembered = SourceValues(KEY)
    assert remembered.update(VALUES) == len(VALUES)
    return remembered


def spans(sources: SourceValues, text: str) -> list[str]:
    return [text[f.start : f.end] for f in sources.find(text)]


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        ("Persona: Marcella Bianchi, 34.", "Marcella Bianchi"),
        ("persona MARCELLA  bianchi here", "MARCELLA  bianchi"),
        ("Marcella\nBianchi wrote", "Marcella\nBianchi"),
        ("mail BIANCHI.MARCELLA@EXAMPLE.COM now", "BIANCHI.MARCELLA@EXAMPLE.COM"),
        ("call +39 347-843-0346 today", "+39 347-843-0346"),
        ("call 347 843 0346 today", "347 843 0346"),  # without the country code
        ("call 0039 347 843 0346 today", "0039 347 843 0346"),
        ("ring +44 117 496 0417", "117 496 0417"),  # the national number without its 0
        ("iban GB64 RIEX 9301 8025 8528 67.", "GB64 RIEX 9301 8025 8528 67"),
        ("card 5306-3940-0355-0313 on file", "5306-3940-0355-0313"),
        ("She lives on via roma 12.", "via roma 12"),
        ("From WROCŁAW.", "WROCŁAW"),
    ],
)
def test_found_when_echoed(sources: SourceValues, text: str, echo: str) -> None:
    assert spans(sources, text) == [echo]


@pytest.mark.parametrize(
    "text",
    [
        "Marcella runs the team; Bianchi is a common name.",  # parts only
        "Marcella Bianco and Marco Bianchi",
        "call +39 347 843 0347",
        "card 5306394003550314",
        "GB64RIEX9301802585286",
        "Roma",
        "",
    ],
)
def test_not_found_otherwise(sources: SourceValues, text: str) -> None:
    assert sources.find(text) == []


def test_no_plain_value_is_kept(sources: SourceValues) -> None:
    forms = {v.casefold() for v in VALUES} | {"marcella bianchi", "393478430346", "3478430346"}
    state = pickle.dumps(sources)
    for form in forms:
        assert form.encode() not in state and form.upper().encode() not in state
    for name in SourceValues.__slots__:
        blob = repr(getattr(sources, name)).casefold()
        assert not any(form in blob for form in forms), name


def test_other_key_other_hashes(sources: SourceValues) -> None:
    other = SourceValues(b"another-key")
    other.update(VALUES)
    assert other.find("Marcella Bianchi") != [] and sources.find("Marcella Bianchi") != []
    assert other._words.isdisjoint(sources._words)
    restored = pickle.loads(pickle.dumps(sources))
    assert spans(restored, "to Marcella Bianchi") == ["Marcella Bianchi"]


def test_too_short_values_are_not_remembered() -> None:
    remembered = SourceValues(KEY)
    assert not remembered.add("Al") and not remembered.add("  ") and len(remembered) == 0
    assert remembered.add("Ian") and remembered.max_words == 1
    assert remembered.find("Al and Ian") != []
    with pytest.raises(ValueError, match="non-empty key"):
        SourceValues(b"")


def test_generated_gate_flags_echoes_not_invented_names(sources: SourceValues) -> None:
    gate = Gate(GateSettings(), "generated", sources)
    invented = "Lena Hoffmann, 41, lives in Leipzig; my name is Lena and I'm from Hamburg."
    assert gate.scan(invented) == []
    echo = "Marcella Bianchi from Wrocław, reach her on +39 347 843 0346."
    findings = gate.scan(echo)
    assert [(f.family, echo[f.start : f.end]) for f in findings] == [
        ("source", "Marcella Bianchi"),
        ("source", "Wrocław"),
        ("phone", "+39 347 843 0346"),  # the structured family claims it first
    ]
    cleaned = redact(echo, findings)
    assert cleaned == "<SOURCE_VALUE> from <SOURCE_VALUE>, reach her on <PHONE>."
    assert gate.scan(cleaned) == []


def test_text_gate_uses_sources_too(sources: SourceValues) -> None:
    gate = Gate(GateSettings(families=()), "text", sources)
    assert [f.family for f in gate.scan("notes about Marcella Bianchi")] == ["source"]
    assert Gate(GateSettings(), "text", SourceValues(KEY)).scan("Marcella Bianchi") == []


NAME_WORDS = st.lists(
    st.from_regex(r"[A-ZÀ-ÖØ-Ý][a-zß-öø-ÿ]{2,9}", fullmatch=True), min_size=1, max_size=4
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    words=NAME_WORDS,
    spacing=st.lists(st.sampled_from([" ", "  ", "\n", "\t"]), min_size=3, max_size=3),
    upper=st.booleans(),
    before=st.sampled_from(["", "Dear ", "(", "notes on "]),
)
def test_any_remembered_value_is_found_in_any_spelling(
    words: list[str], spacing: list[str], upper: bool, before: str
) -> None:
    remembered = SourceValues(KEY)
    remembered.add(" ".join(words))
    echo = words[0] + "".join(s + w for s, w in zip(spacing, words[1:], strict=False))
    echo = echo.upper() if upper else echo.lower()
    text = f"{before}{echo}, as written."
    assert spans(remembered, text) == [echo]
