"""Values detection found in the sources, remembered only as keyed hashes, and found again.

A generated persona may invent names and places, but it must not echo a real one. The gate
remembers each value detection found as HMAC-SHA256 (per-run key) of normalised forms, never
the text, and looks for them in generated text by hashing candidate spans:

- **words**: the value's words, case-folded, joined by one space ("Maria  GARCIA" and
  "maria garcia" are one value). Candidates: every run of consecutive words of a text, up to
  as many as the longest remembered value has;
- **compact**, for values with 4 digits or more: its letters and digits alone ("+39 347 843
  0346" -> ``393478430346``; an IBAN or a card with or without spaces). A phone number written
  with a ``+`` or ``00`` prefix is also remembered with ``00`` for the ``+`` and without its
  country code (one to three digits, with or without a leading 0), one with a leading 0 also
  without it. Candidates: runs of letter-and-digit groups joined by single separators that
  start at or just before a group holding a digit.

Cheap: each word of a text is hashed once (keyed BLAKE2b, with a subkey derived from the key)
and a window's fingerprint is a polynomial of its words' hashes; only a window whose
fingerprint's top 32 bits are in the filter is confirmed with HMAC-SHA256. Compact candidates
are hashed only when their length is one a remembered value has. Beside the digests, only
those 32-bit filter entries, the compact lengths and the longest word count are kept. Values
shorter than 3 characters, or compact forms shorter than 6, are too common to remember.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from persona_batch.privacy.gate.findings import SOURCE, Finding

_TOKEN = re.compile(r"[^\W_]+(?:['’.\-@+&][^\W_]+)*")
_GROUP = re.compile(r"[^\W_]+")
_NEXT_GROUP = re.compile(r"[ \-./()\u00a0\u2009\u202f]{1,2}([^\W_]+)")
_DIGIT = re.compile(r"\d")
_MIN_CHARS = 3
_MIN_COMPACT = 6
_MIN_DIGITS = 4
_DIGEST_BYTES = 16
_MASK = (1 << 64) - 1
_MULTIPLIER = 0x9E3779B97F4A7C15  # odd: the fingerprint depends on word order


class SourceValues:
    """Keyed hashes of source values; :meth:`find` locates any of them in a text."""

    __slots__ = (
        "_compact",
        "_compact_lengths",
        "_filter",
        "_filter_key",
        "_key",
        "_max_compact",
        "_max_words",
        "_words",
    )

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("SourceValues needs a non-empty key")
        self._key = key
        self._filter_key = hmac.digest(key, b"persona_batch/privacy/gate/sources/filter", "sha256")
        self._words: set[bytes] = set()
        self._filter: set[int] = set()
        """Top 32 bits of each remembered word form's fingerprint: a filter, not a store."""
        self._max_words = 0
        self._compact: set[bytes] = set()
        self._compact_lengths: set[int] = set()
        self._max_compact = 0

    def __len__(self) -> int:
        return len(self._words) + len(self._compact)

    @property
    def max_words(self) -> int:
        """Words in the longest remembered value: the longest window :meth:`find` hashes."""
        return self._max_words

    def add(self, value: str) -> bool:
        """Remember ``value``; False when it is too short to be remembered."""
        added = False
        words = [m.group().casefold() for m in _TOKEN.finditer(value)]
        form = " ".join(words)
        if len(form) >= _MIN_CHARS:
            self._words.add(self._digest(b"w", form))
            self._filter.add(self._fingerprint(words) >> 32)
            self._max_words = max(self._max_words, len(words))
            added = True
        for compact in _compact_forms(value):
            self._compact.add(self._digest(b"c", compact))
            self._compact_lengths.add(len(compact))
            self._max_compact = max(self._max_compact, len(compact))
            added = True
        return added

    def clear(self) -> None:
        """Forget every value (the key stays): bounds memory on a long run."""
        self._words.clear()
        self._filter.clear()
        self._compact.clear()
        self._compact_lengths.clear()
        self._max_words = self._max_compact = 0

    def update(self, values: Iterable[str]) -> int:
        """Remember each value; how many were long enough to be remembered."""
        return sum(self.add(v) for v in values)

    def find(self, text: str) -> list[Finding]:
        """Where remembered values occur in ``text``, overlapping spans merged."""
        spans: list[tuple[int, int]] = []
        if self._words:
            spans.extend(self._find_words(text))
        if self._compact and len(_DIGIT.findall(text)) >= _MIN_DIGITS:
            spans.extend(self._find_compact(text))
        return [Finding(SOURCE, a, b) for a, b in _merge(spans)]

    def _digest(self, kind: bytes, form: str) -> bytes:
        return hmac.digest(self._key, kind + b"\x1f" + form.encode(), "sha256")[:_DIGEST_BYTES]

    def _word_hash(self, word: str) -> int:
        digest = hashlib.blake2b(word.encode(), key=self._filter_key, digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def _fingerprint(self, words: list[str]) -> int:
        value = 0
        for word in words:
            value = (value * _MULTIPLIER + self._word_hash(word)) & _MASK
        return value

    def _find_words(self, text: str) -> list[tuple[int, int]]:
        tokens = list(_TOKEN.finditer(text))
        forms = [m.group().casefold() for m in tokens]
        known: dict[str, int] = {}
        hashes = [known.get(f) or known.setdefault(f, self._word_hash(f)) for f in forms]
        longest = self._max_words
        candidates = self._filter
        found: list[tuple[int, int]] = []
        count = len(tokens)
        for i in range(count):
            value = 0
            for j in range(i, min(i + longest, count)):
                value = (value * _MULTIPLIER + hashes[j]) & _MASK
                if value >> 32 in candidates and (
                    self._digest(b"w", " ".join(forms[i : j + 1])) in self._words
                ):
                    found.append((tokens[i].start(), tokens[j].end()))
        return found

    def _find_compact(self, text: str) -> list[tuple[int, int]]:
        groups = list(_GROUP.finditer(text))
        found: list[tuple[int, int]] = []
        starts: set[int] = set()
        for index, group in enumerate(groups):
            if not _DIGIT.search(group.group()):
                continue
            starts.add(group.start())
            previous = groups[index - 1] if index else None
            if previous is not None and _NEXT_GROUP.fullmatch(text, previous.end(), group.end()):
                starts.add(previous.start())
        for start in sorted(starts):
            found.extend(self._windows_from(text, start))
        return [(a - 1 if a and text[a - 1] == "+" else a, b) for a, b in found]

    def _windows_from(self, text: str, start: int) -> list[tuple[int, int]]:
        first = _GROUP.match(text, start)
        assert first is not None
        compact = first.group().casefold()
        end = first.end()
        found: list[tuple[int, int]] = []
        while len(compact) <= self._max_compact:
            if len(compact) in self._compact_lengths and (
                self._digest(b"c", compact) in self._compact
            ):
                found.append((start, end))
            step = _NEXT_GROUP.match(text, end)
            if step is None:
                break
            compact += step.group(1).casefold()
            end = step.end()
        return found


def _compact_forms(value: str) -> set[str]:
    """The value's letters-and-digits forms (none when it holds fewer than 4 digits)."""
    compact = "".join(m.group() for m in _GROUP.finditer(value)).casefold()
    if len(_DIGIT.findall(compact)) < _MIN_DIGITS or len(compact) < _MIN_COMPACT:
        return set()
    forms = {compact}
    stripped = value.strip()
    if compact.isdigit():
        if stripped.startswith("+") or compact.startswith("00"):
            national = compact[2:] if compact.startswith("00") else compact
            forms.update((national, "00" + national))
            for cut in (1, 2, 3):
                rest = national[cut:]
                forms.update((rest, "0" + rest))
        elif compact.startswith("0"):
            forms.add(compact[1:])
    return {f for f in forms if len(f) >= _MIN_COMPACT + 1 or f == compact}


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
