"""Words withheld from prompts: a word no list has that only one row (or a few) of the input uses.

Detection finds names by what surrounds them and by gazetteers. An unusual name with nothing
around it ("did anjolaoluwa aloba ever get the refund") can get past it, and a prompt is the
only thing that leaves the machine. This is a second, blunter line for prompts only, the
data-minimisation rule of thumb that an identifier is rare: a persona describes what rows have
in common, so a word that

- no list has (no first name, surname or place of the gazetteer, and no word of some frequency
  in any supported language: :meth:`Gazetteer.unlisted`),
- is no product a team writes about and no typo of an ordinary word ("dashbaord"), and
- occurs in ``rare_word_rows`` input rows or fewer (``[generate] rare_word_rows``, 1 by default)

tells the model nothing it needs and may tell it who someone is. It is replaced by
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

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.typos import typo

__all__ = ["RARE_WORD", "RareWords", "count_rows"]

RARE_WORD = "<RARE_WORD>"
"""What a withheld word becomes in a prompt."""
_LETTERS = r"\b[^\W\d_]{3,}\b"
"""A word of three letters or more, whole: "PERSON_1a2b", "v2beta" and "a1b2" are not words."""
_WORD = re.compile(_LETTERS)


@dataclass
class RareWords:
    """Candidate words (lower case) and how many rows use each, counted over the input."""

    limit: int
    """Withheld when used by this many rows or fewer; 0 withholds nothing."""
    rows: Counter[str] = field(default_factory=Counter)
    _verdicts: dict[str, bool] = field(default_factory=dict, repr=False)
    withheld: int = 0
    """Occurrences replaced so far."""

    def add(self, batch: pl.DataFrame, columns: Sequence[str]) -> None:
        """Count, for each candidate word, the rows of ``batch`` that use it (in any of
        ``columns`` that hold text)."""
        texts = [c for c in columns if c in batch.columns and batch.schema[c] == pl.String]
        if not texts or not self.limit or batch.height == 0:
            return
        words = (
            batch.select(
                pl.concat_list(
                    pl.col(c).fill_null("").str.to_lowercase().str.extract_all(_LETTERS)
                    for c in texts
                )
                .list.unique()
                .alias("words")
            )
            .get_column("words")
            .explode()
            .drop_nulls()
            .value_counts()
        )
        for word, count in words.iter_rows():
            if self._candidate(word):
                self.rows[word] += count

    def _candidate(self, word: str) -> bool:
        verdict = self._verdicts.get(word)
        if verdict is None:
            verdict = gz.load().unlisted(word) and word not in PRODUCT_NAMES and not typo(word)
            self._verdicts[word] = verdict
        return verdict

    def rare(self, word: str) -> bool:
        """Whether ``word`` (any case) is withheld."""
        count = self.rows.get(word.lower(), 0)
        return 0 < count <= self.limit

    def withhold(self, frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
        """``frame`` with every rare word of its text ``columns`` replaced by :data:`RARE_WORD`."""
        if not self.limit or not self.rows:
            return frame
        texts = [c for c in columns if c in frame.columns and frame.schema[c] == pl.String]
        replaced = [
            pl.Series(c, [self._text(v) for v in frame.get_column(c).to_list()], pl.String)
            for c in texts
        ]
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


def count_rows(
    batches: Iterable[pl.DataFrame],
    columns: Sequence[str] | None,
    limit: int,
    advance: Callable[[int], None] | None = None,
) -> RareWords:
    """:class:`RareWords` counted over ``batches`` (every text column when ``columns`` is
    None); ``advance(rows)`` after each batch (a progress bar)."""
    rare = RareWords(limit)
    if not limit:
        return rare
    for batch in batches:
        rare.add(batch, list(columns) if columns is not None else batch.columns)
        if advance is not None:
            advance(batch.height)
    return rare
