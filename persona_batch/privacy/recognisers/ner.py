"""spaCy's named entities, less the ones with nothing in them that looks like a name or place.

The small model labels capitalised feature names as people ("Dark Mode", "Offline Mode"),
and in lower-case, all-capitals or non-English text it labels ordinary words ("zum jira
board", "la factura", "Meine IBAN"). A PERSON span is kept when one of its words is a common
first name, a name that is not an ordinary word, or an unknown capitalised word (an unusual
surname is unknown too); a LOCATION span when it, or one of its words, is a gazetteer place,
or it has an unknown capitalised word. Anything else names no one and is dropped.

A text without capitals, or all in capitals, is read by the model as
:func:`~persona_batch.privacy.recognisers.ner_view.ner_view` writes it (its name words
capitalised), and the evidence is read on that view.
"""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.ner_view import lone_i
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, shouting, tokens
from persona_batch.privacy.recognisers.words import stop_words


class FilteredSpacyRecognizer(SpacyRecognizer):
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts)
        if not results:
            return results
        doc = getattr(nlp_artifacts, "tokens", None)
        view = doc.text if doc is not None and len(doc.text) == len(text) else text
        viewed = view != text
        loud = shouting(view)
        kept: list[RecognizerResult] = []
        for r in results:
            for piece in _pieces(text, r.start, r.end, r.entity_type):
                entity = r.entity_type
                start, end = piece
                read, shouts, named = view, loud, viewed
                if viewed:
                    start, end = _capitalised_ends(view, *piece)
                    if start == end:  # no name word in it: as the text reads ("karol beker")
                        start, end = piece
                        read, shouts, named = text, shouting(text), False
                before = read[max(0, start - 12) : start]
                if not has_evidence(read[start:end], entity, shouts, before):
                    if not (named and entity == "LOCATION" and _person_in_view(read[start:end])):
                        continue
                    entity = "PERSON"  # "remove Torquato Jacuzzi from the list": no place
                kept.append(RecognizerResult(entity, start, end, r.score, r.analysis_explanation))
        return kept


_WORD = re.compile(r"\S+")


def _pieces(text: str, start: int, end: int, entity_type: str) -> list[tuple[int, int]]:
    """A name span cut at line breaks and stripped of words with digits at its ends.

    The small model runs a signature's name into the phone number below it ("David Ojo\n+34"),
    which would hide the number's first group from the phone recogniser."""
    if entity_type != "PERSON":
        return [(start, end)]  # "75001 Paris": a place keeps its postcode
    pieces: list[tuple[int, int]] = []
    at = start
    for line in text[start:end].split("\n"):
        words = [(at + m.start(), at + m.end()) for m in _WORD.finditer(line)]
        while words and any(ch.isdigit() or ch == "+" for ch in text[words[0][0] : words[0][1]]):
            words.pop(0)
        while words and any(ch.isdigit() or ch == "+" for ch in text[words[-1][0] : words[-1][1]]):
            words.pop()
        if words:
            pieces.append((words[0][0], words[-1][1]))
        at += len(line) + 1
    return pieces


def _capitalised_ends(view: str, start: int, end: int) -> tuple[int, int]:
    """The span from its first capitalised word to its last, in a view whose capitals only
    name words have (:func:`~persona_batch.privacy.recognisers.ner_view.ner_view`): "onboarding
    William Allard" is "William Allard"; (start, start) with none."""
    words = [t for t in tokens(view[start:end]) if t.text[:1].isupper() and not lone_i(t.text, 0)]
    if not words:
        return start, start
    return start + words[0].start, start + words[-1].start + len(words[-1].bare)


def _person_in_view(span: str) -> bool:
    """A span the model took for a place, in a view, that no place list has: two or more
    words, the first a name of the lists (the small model often calls a rare full name a
    place)."""
    words = tokens(span)
    names = gz.FIRST_WIDE | gz.FIRST_TOP | gz.LAST
    return len(words) >= 2 and bool(gz.load().get(words[0].bare) & names)


def has_evidence(span: str, entity_type: str, loud: bool = False, before: str = "") -> bool:
    """Whether ``span`` has a word that looks like a name (PERSON) or a place (LOCATION).

    ``before``: the text just before the span; an unknown capitalised word is a place only
    after a place preposition ("in Kilcullen", not "support Shopify exports")."""
    if entity_type not in ("PERSON", "LOCATION"):
        return True
    gaz = gz.load()
    if entity_type == "LOCATION" and gaz.get(" ".join(span.split())) & gz.PLACE:
        return True
    stops = stop_words()
    words = [t for t in tokens(span) if len(t.bare) >= 2 and not calendar_word(t)]
    words = [t for t in words if t.bare.casefold() not in stops]
    if entity_type == "PERSON":
        words = [t for t in words if t.bare.casefold() not in PRODUCT_NAMES]  # "the Jira board"
        return any(_namelike(t, gaz.get(t.bare), loud, gaz) for t in words)
    if any(gaz.get(t.bare) & gz.PLACE and len(t.bare) >= 3 for t in words):
        return True
    unknown = [t for t in words if not loud and _capitalised(t) and _unknown(t, gaz)]
    return len(unknown) >= 2 or (bool(unknown) and bool(_PLACE_WORD.search(before)))


_PLACE_WORD = re.compile(
    r"(?:^|\W)(?:in|from|near|at|to|aus|nach|bei|à|en|de|a|da|di|uit|naar|bij|w|z|do|desde)\s*$",
    re.IGNORECASE,
)


def _namelike(token: Token, flags: int, loud: bool, gaz: gz.Gazetteer) -> bool:
    if flags & gz.FIRST_TOP and not flags & gz.COMMON:
        return True
    mixed = not loud and _capitalised(token)
    if mixed and flags & gz.FIRST_TOP:
        return True  # "Mark", "Will": a capitalised common first name in a name span
    if mixed and (
        _unknown(token, gaz) or (flags & (gz.FIRST_WIDE | gz.LAST) and not flags & gz.COMMON)
    ):
        return True
    return bool(flags & (gz.FIRST | gz.LAST)) and not flags & (gz.COMMON | gz.COMMON_OTHER)


def _unknown(token: Token, gaz: gz.Gazetteer) -> bool:
    """No entry at all; a hyphenated word is unknown if one of its parts is ("Sign-On" is not)."""
    parts = [p for p in token.bare.split("-") if p]
    return any(not gaz.get(p) for p in parts)


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and any(ch.islower() for ch in token.text)
