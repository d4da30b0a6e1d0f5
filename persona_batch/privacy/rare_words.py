"""Words withheld from prompts: a word no one writes as a word, or a name of the gazetteers no
dictionary has, that only one row (or a few) of the input uses.

Detection finds names by what surrounds them and by gazetteers. An unusual name with nothing
around it ("did anjolaoluwa aloba ever get the refund") can get past it, and a prompt is the
only thing that leaves the machine. This is a second, blunter line for prompts only, the
data-minimisation rule of thumb that an identifier is rare: a persona describes what rows have
in common, so a word that

- no one writes as a word: in no list at all, or a first name, surname or place of the
  gazetteers that no supported language uses as a word of some frequency and no English
  dictionary has (:meth:`Gazetteer.obscure`: "anjolaoluwa", "tillmann", "schoondijke"; not
  "anna", "will" or "rome", which detection must find by their context),
- is no product a team writes about and no typo of an ordinary word ("dashbaord"), and
- occurs in ``rare_word_rows`` input rows or fewer (``[generate] rare_word_rows``, 1 by default)

tells the model nothing it needs and may tell it who someone is. So does a first name,
surname or place of the gazetteers that is no English word (:meth:`Gazetteer.name_word`:
"sara", "kowalski", "stuttgart"; not "will", "mark" or "paris") and that few rows use
(``[generate] name_word_rows``, 3 by default): there detection found no name, but a prompt
carries no context that would make it a word, and a persona needs no one's name. It is replaced by
:data:`RARE_WORD` in the prompt and in the source texts scoring checks evidence against, so both
see the same text. The Parquet output keeps it: this is about what is sent, not what is stored.
A word the team's own product is called, or jargon the notes share, occurs in many rows and is
kept.

:func:`count_rows` makes one pass over the input (before anything is sent) and keeps the row
counts of candidate words only; :meth:`RareWords.withhold` rewrites a frame's prompt columns.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl

from persona_batch.privacy.cells import column_cells, is_nested_text, rebuild
from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import CALENDAR
from persona_batch.privacy.recognisers.typos import typo
from persona_batch.privacy.recognisers.words import stop_words

__all__ = ["RARE_WORD", "RareWords", "count_rows"]

RARE_WORD = "<RARE_WORD>"
"""What a withheld word becomes in a prompt."""
_LETTERS = r"\b[^\W\d_]{3,}\b"
"""A word of three letters or more, whole: "PERSON_1a2b", "v2beta" and "a1b2" are not words."""
_WORD = re.compile(_LETTERS)
_CELLS = {"row": pl.Int64, "text": pl.String}


@dataclass
class RareWords:
    """Candidate words (lower case) and how many rows use each, counted over the input."""

    limit: int
    """Withheld when used by this many rows or fewer; 0 withholds no such word."""
    name_limit: int = 0
    """A name word (:meth:`Gazetteer.name_word`) is withheld when used by this many rows or
    fewer (or ``limit``, the larger); 0 withholds no name word as such."""
    rows: Counter[str] = field(default_factory=Counter)
    _names: set[str] = field(default_factory=set, repr=False)
    """The candidates that are name words."""
    _typos: set[str] = field(default_factory=set, repr=False)
    """Words that passed the list test but are typos: remembered, as the test is slow."""
    withheld: int = 0
    """Occurrences replaced so far."""

    def add(self, batch: pl.DataFrame, columns: Sequence[str]) -> None:
        """Count, for each candidate word, the rows of ``batch`` that use it (in any of
        ``columns`` that hold text, flat or nested)."""
        if not (self.limit or self.name_limit) or batch.height == 0:
            return
        parts = [
            pl.DataFrame({"row": cells.rows, "text": cells.texts}, schema=_CELLS)
            for c in _text_columns(batch, columns)
            for cells in [column_cells(batch.get_column(c))]
        ]
        if not parts:
            return
        words = (
            pl.concat(parts)
            .select(
                "row",
                pl.col("text").fill_null("").str.to_lowercase().str.extract_all(_LETTERS),
            )
            .explode("text")
            .drop_nulls("text")
            .unique()
            .group_by("text")
            .len()
        )
        for word, count in words.iter_rows():
            if self._candidate(word):
                self.rows[word] += count

    def _candidate(self, word: str) -> bool:
        """Memory holds candidates only (and their typos), never the input's whole vocabulary:
        the list test is a dict lookup, and only what passes it is remembered."""
        if word in self.rows:
            return True
        if word in self._typos or word in PRODUCT_NAMES or word in CALENDAR:
            return False
        gaz = gz.load()
        if self.name_limit and gaz.name_word(word) and not self._function_word(word):
            self._names.add(word)
            return True
        if not (self.limit and gaz.obscure(word)):
            return False
        if typo(word):
            self._typos.add(word)
            return False
        return True

    @staticmethod
    def _function_word(word: str) -> bool:
        """A function word of a supported language that is no common first name: "weil",
        "para" (a town somewhere); not "sara"."""
        return word in stop_words() and not gz.load().get(word) & gz.FIRST_TOP

    def rare(self, word: str) -> bool:
        """Whether ``word`` (any case) is withheld."""
        key = word.lower()
        count = self.rows.get(key, 0)
        limit = max(self.limit, self.name_limit) if key in self._names else self.limit
        return 0 < count <= limit

    def withhold(self, frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
        """``frame`` with every rare word of its text ``columns`` (flat or nested) replaced by
        :data:`RARE_WORD`; the columns keep their types and shapes."""
        if not self.rows:
            return frame
        replaced = []
        for c in _text_columns(frame, columns):
            series = frame.get_column(c)
            texts = [self._text(t) for t in column_cells(series).texts]
            nested = is_nested_text(series.dtype)
            replaced.append(rebuild(series, texts) if nested else pl.Series(c, texts, pl.String))
        return frame.with_columns(replaced) if replaced else frame

    def _text(self, value: str | None) -> str | None:
        if not value:
            return value
        return _WORD.sub(self._word, value)

    def _word(self, match: re.Match[str]) -> str:
        if self.rare(match.group(0)):
            self.withheld += 1
            return RARE_WORD
        return match.group(0)


def _text_columns(frame: pl.DataFrame, columns: Sequence[str]) -> list[str]:
    """The ``columns`` of ``frame`` that hold strings, flat or nested."""
    return [
        c
        for c in columns
        if c in frame.columns and (frame.schema[c] == pl.String or is_nested_text(frame.schema[c]))
    ]


def count_rows(
    batches: Iterable[pl.DataFrame],
    columns: Sequence[str] | None,
    limit: int,
    advance: Callable[[int], None] | None = None,
    name_limit: int = 0,
) -> RareWords:
    """:class:`RareWords` counted over ``batches`` (every text column when ``columns`` is
    None); ``advance(rows)`` after each batch (a progress bar)."""
    rare = RareWords(limit, name_limit)
    if not (limit or name_limit):
        return rare
    for batch in batches:
        rare.add(batch, list(columns) if columns is not None else batch.columns)
        if advance is not None:
            advance(batch.height)
    return rare
