"""What a recogniser reports on a text, as the strings it covers (shared by the recogniser tests)."""

from __future__ import annotations

from typing import Any


def found(recognizer: Any, text: str, entity: str | None = None) -> list[str]:
    """The spans ``recognizer`` reports for ``entity`` (default: its own), in order."""
    wanted = entity or recognizer.ENTITY
    return [text[r.start : r.end] for r in recognizer.analyze(text, [wanted])]


def spans(recognizer: Any, entity: str, text: str) -> set[str]:
    """The distinct spans ``recognizer`` reports for ``entity``."""
    return set(found(recognizer, text, entity))


def named(text: str) -> set[str]:
    """The distinct PERSON spans the name recogniser (:mod:`recognisers.names`) reports."""
    from persona_batch.privacy.recognisers.names import NameRecognizer

    return spans(NameRecognizer(), "PERSON", text)


def persons(detector: Any, text: str) -> list[str]:
    """The PERSON spans the whole detector reports on ``text``, in order."""
    return [
        text[f.start : f.end] for f in detector.analyze_many([text])[0] if f.entity_type == "PERSON"
    ]


def extended(text: str, name: str) -> list[str]:
    """What ``name`` (found in ``text``) runs on to over the name words next to it."""
    from persona_batch.privacy.recognisers.name_spans import extend_names

    start = text.index(name)
    return [text[c:d] for _, _, c, d in extend_names(text, [(start, start + len(name), "PERSON")])]
