"""PhraseFirst finds exactly what ``regex.finditer`` finds, for every rule that uses it.

Every phrase-first regex of the recognisers and of the gate is found by walking their modules,
so a rule added later is checked too. Each is compared with its plain regex on the evaluation
set's texts (every style and locale), on the sample data, and on generated text built from the
rules' own phrases in any case, with the characters whose case ``re`` and ``str.lower`` see
differently ("ſ", "İ", "ı", "µ", Greek) mixed in.
"""

from __future__ import annotations

import re
from functools import cache
from types import ModuleType

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.core.phrase_search import PhraseFirst, lowered
from persona_batch.privacy.gate import context
from persona_batch.privacy.recognisers import (
    addresses,
    dates,
    identifiers,
    name_blocks,
    name_subjects,
    name_words,
    names,
    phones,
    places,
)
from persona_batch.privacy.recognisers.base import Rule
from tests.evaluation.privacy_set import build_set
from tests.paths import ROOT

MODULES: tuple[ModuleType, ...] = (
    addresses,
    dates,
    identifiers,
    name_blocks,
    names,
    phones,
    places,
    context,
)


def _phrase_firsts() -> dict[str, PhraseFirst]:
    found: dict[str, PhraseFirst] = {}
    for module in MODULES:
        for name, value in vars(module).items():
            rules = value if isinstance(value, tuple) else (value,)
            for item in rules:
                if isinstance(item, PhraseFirst):
                    found[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = item
                elif isinstance(item, Rule) and isinstance(item.regex, PhraseFirst):
                    found[f"{module.__name__.rsplit('.', 1)[1]}.{item.name}"] = item.regex
            if isinstance(value, type) and isinstance(getattr(value, "rules", None), tuple):
                for rule in value.rules:
                    if isinstance(rule.regex, PhraseFirst):
                        found[f"{value.__name__}.{rule.name}"] = rule.regex
    return found


RULES = _phrase_firsts()

PHRASES = sorted(
    {
        *identifiers.PHRASES,
        *phones.CONTEXT_WORDS,
        *dates.MONTH_WORDS,
        *dates.BIRTH_WORDS,
        *places.STRONG_CONTEXT,
        *places.WEAK_CONTEXT,
        *places.PLACE_LABELS,
        *name_words.STRONG_PHRASES,
        *name_words.WEAK_PHRASES,
        "my name is", "ask for", "i'm from", "she is from", "lives in", "moved to", "send it to",
        "call me on", "tel:", "it's", "c'est", "ich heiße", "address:", "ship to", "flat",
        "via", "calle", "rue", "ul.", "apartment", "po box",
    }
)  # fmt: skip
FILLERS = [
    " ", "  ", "\t", "\n", ": ", ", ", " - ", "#", "x", "Maria Garcia", "María José", "12",
    "12 Baker Street", "Hauptstraße 5", "LS1 4AP", "0612 345 678", "3792021964", "AB1234567",
    "17 March 1981", "1981", "Leeds", "the", "ſ", "İ", "ı", "µ", "Σ", "ς", "’", "é", "ß",
]  # fmt: skip


def _case(word: str, how: int) -> str:
    return (word, word.upper(), word.title(), word.swapcase())[how]


pieces = st.one_of(
    st.builds(_case, st.sampled_from(PHRASES), st.integers(0, 3)),
    st.sampled_from(FILLERS),
    st.text(max_size=4),
)
texts = st.lists(pieces, min_size=1, max_size=12).map("".join)


@cache
def _real_texts() -> tuple[str, ...]:
    cells = [c.text for c in build_set(150, seed=47).cells]
    frame = pl.read_csv(ROOT / "data" / "research_sample.csv", infer_schema_length=0)
    for column in frame.columns:
        cells.extend(v for v in frame.get_column(column).to_list() if v)
    return tuple(dict.fromkeys(cells + [c.upper() for c in cells[:300]]))


def _spans(pattern: re.Pattern[str] | PhraseFirst, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_the_rules_are_found() -> None:
    assert len(RULES) >= 15, sorted(RULES)


@pytest.mark.parametrize("name", sorted(RULES))
def test_a_phrase_first_rule_matches_as_its_regex_on_real_text(name: str) -> None:
    rule = RULES[name]
    texts = _real_texts()
    plain = [_spans(rule.regex, t) for t in texts]
    fast = [_spans(rule, t) for t in texts]
    assert fast == plain


@pytest.mark.parametrize("name", sorted(RULES))
@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_a_phrase_first_rule_matches_as_its_regex_on_generated_text(name: str, text: str) -> None:
    rule = RULES[name]
    assert _spans(rule, text) == _spans(rule.regex, text)


def test_only_plain_latin_text_is_searched_lower_cased() -> None:
    assert lowered("Call ME on 0612") == "call me on 0612"
    assert lowered("Zadzwoń do Łukasza, ulica Długa 5 – dzięki") is not None
    for odd in ("İstanbul", "mıss", "ſtraße", "µ-law", "Σοφία"):
        assert lowered(odd) is None


def test_starts_must_be_lower_case() -> None:
    with pytest.raises(ValueError, match="lower case"):
        PhraseFirst(re.compile("(?i:Call)"), "Call")
    assert PhraseFirst(re.compile(r"(?i:call)\s+\d"), r"(?<!\w)call\s").pattern


def _subjects(matches: object) -> list[tuple[tuple[int, int], str, str]]:
    return [(m.span(), m.group("name"), m.group("verb")) for m in matches]  # type: ignore[attr-defined]


def test_subjects_found_verb_first_are_the_regexs_on_real_text() -> None:
    """:func:`name_subjects.subject_matches` tries the subject regex only before its verbs:
    the same matches as trying it everywhere."""
    regex = name_subjects._SUBJECT
    for text in _real_texts():
        expected = _subjects(regex.finditer(text))
        assert _subjects(name_subjects.subject_matches(text)) == expected, text


VERBS = sorted({*name_subjects.PERSON_VERBS, *name_subjects.ANY_VERBS})
SUBJECT_FILLERS = [
    " ", "  ", "\n", ", ", ".", "-", "@", "#", "/", "'s", "’s", "'", "l'", "Anna", "anna maría",
    "O'Neil", "jean-luc", "x2", "_", "12", "the", "ß", "İ", "²", "é",
]  # fmt: skip
subject_pieces = st.one_of(
    st.builds(_case, st.sampled_from(VERBS), st.integers(0, 3)),
    st.sampled_from(SUBJECT_FILLERS),
    st.text(max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(subject_pieces, min_size=1, max_size=14).map("".join))
def test_subjects_found_verb_first_are_the_regexs_on_generated_text(text: str) -> None:
    regex = name_subjects._SUBJECT
    assert _subjects(name_subjects.subject_matches(text)) == _subjects(regex.finditer(text))
