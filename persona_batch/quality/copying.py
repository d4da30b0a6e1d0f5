"""Which persona fields copy a long stretch of a source word for word.

A persona should be written from the research, not pasted from it: a field (a text field or any
item of a list; evidence excerpts, which are meant to quote, are not checked) that repeats
``min_words`` consecutive words of one of its sources (case-folded words, punctuation ignored)
is a copy. Each source's ``min_words``-word windows are hashed once per scoring call.
:func:`flag_copies` flags a persona's copied fields and takes their cost off its distinctiveness.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from persona_batch.core.text import HYPHENATED_WORD_RE, QUOTES
from persona_batch.quality.realism import first_person
from persona_batch.quality.rows import TEXT_FIELDS, PersonaRow, RowResult

__all__ = ["COPY_PENALTY", "SourceWindows", "copied_fields", "flag_copies"]

"""A word, hyphenated compounds ("Wi-Fi", "month-end") as one, as a reader counts them."""


def _words(text: str) -> list[str]:
    return HYPHENATED_WORD_RE.findall(text.translate(QUOTES).casefold())


class SourceWindows:
    """The ``n``-word windows of source texts, each source's computed once."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._by_text: dict[str, frozenset[int]] = {}

    def of(self, text: str) -> frozenset[int]:
        windows = self._by_text.get(text)
        if windows is None:
            windows = self._by_text[text] = frozenset(_windows(_words(text), self.n))
        return windows


def _windows(words: Sequence[str], n: int) -> Iterable[int]:
    return (hash(tuple(words[i : i + n])) for i in range(len(words) - n + 1))


def copied_fields(
    fields: Mapping[str, Sequence[str]], sources: Sequence[str], windows: SourceWindows
) -> list[str]:
    """The names of ``fields`` (each a list of texts) that repeat a window of a source."""
    if windows.n <= 0 or not sources:
        return []
    source_sets = [windows.of(text) for text in sources]
    out = []
    for name, texts in fields.items():
        for text in texts:
            words = _words(text)
            if len(words) < windows.n:
                continue
            own = set(_windows(words, windows.n))
            if any(own & s for s in source_sets):
                out.append(name)
                break
    return out


def flag_copies(
    p: PersonaRow, texts: Sequence[str], windows: SourceWindows, out: RowResult
) -> None:
    """``copied:<field>`` for each field repeating a long span of a source; costs
    distinctiveness: the persona is not new next to its own research."""
    fields = {name: [p.text(name)] for name in TEXT_FIELDS} | p.lists
    copied = copied_fields(fields, texts, windows)
    if "quote" in copied and first_person(p.quote):
        copied.remove("quote")  # a participant's own words, as the persona's: a hint only
        out.flags.append("verbatim_quote")
    out.flags.extend(f"copied:{name}" for name in copied)
    if copied:
        out.scores["distinctiveness"] = max(0.0, out.scores["distinctiveness"] - COPY_PENALTY)


COPY_PENALTY = 50.0
