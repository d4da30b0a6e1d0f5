"""A column of names, one a line: once one line is a found name, the lines above and below it
that read as names of the same shape are names too. The lines of an address block or a
signature (a job title, a street, a town) stay. They use the gazetteer."""

from __future__ import annotations

import pytest

from persona_batch.privacy.recognisers.lists import complete_lists


def _added(text: str, name: str) -> list[str]:
    start = text.index(name)
    return [text[a:b] for a, b in complete_lists(text, [(start, start + len(name), "PERSON")])]


@pytest.mark.parametrize(
    ("text", "name", "more"),
    [
        ("FERNANDO RUIZ TORRES\nANSELMO QUESADA\nREMEDIOS ARIAS", "FERNANDO RUIZ TORRES", ["ANSELMO QUESADA", "REMEDIOS ARIAS"]),
        ("Signed up:\nMalgorzata Zielinska\nKonrad Wrobel", "Konrad Wrobel", ["Malgorzata Zielinska"]),
        ("lena vos\npieter de graaf\nnoor", "lena vos", ["pieter de graaf", "noor"]),
    ],
)  # fmt: skip
def test_the_lines_next_to_a_name_line_are_names(text: str, name: str, more: list[str]) -> None:
    assert sorted(_added(text, name)) == sorted(more)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Anna Schmidt\nMarketing Manager", "Anna Schmidt"),
        ("ANNA SCHMIDT\nBERLIN", "ANNA SCHMIDT"),
        ("anna schmidt\nvertrieb\nberlin", "anna schmidt"),
        ("John Smith\nFlat 2, Hughes Knoll", "John Smith"),
        ("Kind regards,\nJohn Smith", "John Smith"),
        ("Met John Smith today\nMarketing Manager", "John Smith"),  # not a whole line
        ("John Smith\nMonday 14:00", "John Smith"),
        ("JOHN SMITH\nTHE EXPORT IS BROKEN", "JOHN SMITH"),
        ("John Smith\nSee you soon", "John Smith"),
    ],
)
def test_other_lines_next_to_a_name_line_stay(text: str, name: str) -> None:
    assert _added(text, name) == []
