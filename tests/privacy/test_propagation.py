"""Propagation finds a row's revealed values as whole words in any case: the same spans as the
regex it stands for, on generated text and terms (Latin text takes the faster path)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.privacy import propagation
from persona_batch.privacy.propagation import _by_regex, whole_words

WORDS = ["maria", "garcia", "maria garcia", "ana", "anna", "o'neil", "jo-ann", "straße", "strasse",
         "łukasz", "müller", "ſam", "i̇zmir", "x", "12", "555 0101", "+34 612", ".net"]  # fmt: skip
GLUE = [" ", "", "-", "_", ".", ", ", "\n", "a", "1", "’", "İ", "ı", "é"]


def _case(word: str, how: int) -> str:
    return (word, word.upper(), word.title(), word.swapcase())[how]


terms = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5, unique=True).map(
    lambda ts: sorted({t.casefold() for t in ts}, key=len, reverse=True)
)
texts = st.lists(
    st.one_of(
        st.builds(_case, st.sampled_from(WORDS), st.integers(0, 3)),
        st.sampled_from(GLUE),
        st.text(max_size=3),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=texts, ordered=terms)
def test_whole_words_are_the_regex_matches(text: str, ordered: list[str]) -> None:
    assert list(whole_words(text, ordered)) == list(_by_regex(text, ordered))


def test_whole_words_examples() -> None:
    text = "MARIA said Maria Garcia's card; mariana and garcia-lopez stay"
    ordered = ["maria garcia", "garcia", "maria"]
    spans = list(whole_words(text, ordered))
    assert [text[s:e] for s, e in spans] == ["MARIA", "Maria Garcia", "garcia"]
    assert spans == list(_by_regex(text, ordered))


@pytest.fixture(scope="module")
def monkeypatch_many() -> object:
    """Every call takes the many-terms path (one pass over the words)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(propagation, "MANY_TERMS", 0)
        yield None


@settings(max_examples=400, deadline=None)
@given(text=texts, ordered=terms)
def test_whole_words_by_word_index_are_the_regex_matches(
    text: str, ordered: list[str], monkeypatch_many: None
) -> None:
    assert list(whole_words(text, ordered)) == list(_by_regex(text, ordered))


@settings(max_examples=300, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=12),
    start=st.integers(0, 80),
    width=st.integers(1, 20),
)
def test_taken_spans_overlap_as_a_scan_says(
    spans: list[tuple[int, int]], start: int, width: int
) -> None:
    from persona_batch.privacy.recognisers.name_spans import _Taken

    pairs = [(a, a + w) for a, w in spans]
    end = start + width
    assert _Taken(pairs).overlaps(start, end) == any(a < end and b > start for a, b in pairs)


def test_a_name_part_found_again_grows_over_the_rest_of_the_name() -> None:
    from persona_batch.privacy.cells import Cells
    from persona_batch.privacy.detect import Finding
    from persona_batch.privacy.propagation import propagate

    text = "SPOKE WITH RACHIT TODAY. THANK-YOU NOTE TO RACHIT N. PINGLE DRAFTED."
    cells = {"notes": Cells([text], [0], ["notes"], nested=False)}
    findings = {"notes": [[Finding("PERSON", 11, 17, 0.85)]]}
    propagate(cells, findings, 1)
    names = [text[f.start : f.end] for f in findings["notes"][0]]
    assert names == ["RACHIT", "RACHIT N. PINGLE"]
