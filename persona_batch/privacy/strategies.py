"""What replaces a detected entity: the only module that imports Presidio's anonymizer and Faker.

- ``redact``: a type tag, ``<PERSON>``.
- ``replace``: a realistic fake from Faker. The fake is derived from the original (keyed with the
  hash key when one is set), so the same original gives the same fake in every row, column and
  run. A full name is faked word by word, so "Maria" alone becomes the same first name as in
  "Maria Garcia".
- ``hash``: ``PERSON_3f2a…``: the first 16 hex digits of HMAC-SHA256(key, normalised original).
  Never a bare digest: without a key there is no run.
- ``mask``: every letter and digit becomes ``*``; numbers (cards, phones, IBANs) keep their last
  few digits, ``************1111``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from persona_batch.core.config import Strategy
from persona_batch.privacy.detect import Finding

_NUMERIC_TYPES = frozenset({"CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE", "US_SSN", "US_BANK_NUMBER"})
_REPLACE_SALT = b"persona_batch/replace/v1"


@dataclass(frozen=True, slots=True)
class Span:
    """Where an inserted replacement sits in the anonymised text."""

    start: int
    end: int
    entity_type: str


def normalise(value: str) -> str:
    """The form two spellings of one value share: case-folded, single-spaced."""
    return " ".join(value.split()).casefold()


def keyed_digest(key: bytes, entity_type: str, value: str) -> str:
    """HMAC-SHA256 of the entity type and normalised value, in hex."""
    message = f"{entity_type}\x1f{normalise(value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class Replacer:
    """Applies one strategy per entity type to text, consistently, through Presidio."""

    def __init__(self, key: bytes | None, mask_keep_last: int = 4) -> None:
        self._key = key
        self._mask_keep_last = mask_keep_last
        self._engine = AnonymizerEngine()  # type: ignore[no-untyped-call]
        self._fake_key = key or _REPLACE_SALT
        self._faker = Faker(["en_US"])
        self._operators: dict[Strategy, Callable[[str], OperatorConfig]] = {
            Strategy.REDACT: lambda entity: OperatorConfig("replace", {"new_value": f"<{entity}>"}),
            Strategy.REPLACE: lambda entity: OperatorConfig(
                "custom", {"lambda": lambda text: self.fake(entity, text)}
            ),
            Strategy.HASH: lambda entity: OperatorConfig(
                "custom", {"lambda": lambda text: self.hash(entity, text)}
            ),
            Strategy.MASK: lambda entity: OperatorConfig(
                "custom", {"lambda": lambda text: self.mask(entity, text)}
            ),
        }

    def apply(
        self, text: str, findings: Sequence[Finding], strategy: Strategy
    ) -> tuple[str, list[Span]]:
        """``text`` with every finding replaced, and where the replacements now sit."""
        if not findings:
            return text, []
        if strategy is Strategy.HASH and self._key is None:
            raise ValueError("hash strategy needs a key")
        operators = {f.entity_type: self._operators[strategy](f.entity_type) for f in findings}
        if len(text) <= PIECE_CHARS:
            return self._anonymize(text, findings, operators)
        parts: list[str] = []
        spans: list[Span] = []
        written = 0
        for start, end, inside in pieces(text, findings):
            shifted = [
                Finding(f.entity_type, f.start - start, f.end - start, f.score) for f in inside
            ]
            part, part_spans = self._anonymize(text[start:end], shifted, operators)
            spans.extend(
                Span(s.start + written, s.end + written, s.entity_type) for s in part_spans
            )
            parts.append(part)
            written += len(part)
        return "".join(parts), spans

    def _anonymize(
        self, text: str, findings: Sequence[Finding], operators: dict[str, OperatorConfig]
    ) -> tuple[str, list[Span]]:
        if not findings:
            return text, []
        results = [RecognizerResult(f.entity_type, f.start, f.end, f.score) for f in findings]
        engine_result = self._engine.anonymize(
            text=text, analyzer_results=results, operators=operators
        )
        spans = [Span(i.start, i.end, i.entity_type) for i in engine_result.items]
        return engine_result.text, sorted(spans, key=lambda s: s.start)

    def hash(self, entity_type: str, text: str) -> str:
        assert self._key is not None
        return f"{entity_type}_{keyed_digest(self._key, entity_type, text)[:16]}"

    def mask(self, entity_type: str, text: str) -> str:
        keep = self._mask_keep_last if entity_type in _NUMERIC_TYPES else 0
        digits_seen = 0
        out = []
        total_digits = sum(ch.isdigit() for ch in text)
        for ch in text:
            if ch.isdigit():
                digits_seen += 1
                out.append(ch if digits_seen > total_digits - keep else "*")
            elif ch.isalnum():
                out.append("*")
            else:
                out.append(ch)
        return "".join(out)

    def fake(self, entity_type: str, text: str) -> str:
        if entity_type == "PERSON":
            words = text.split()
            last = len(words) - 1
            return " ".join(
                self._fake_one("LAST_NAME" if i == last and last > 0 else "FIRST_NAME", w)
                for i, w in enumerate(words)
            )
        return self._fake_one(entity_type, text)

    def _fake_one(self, kind: str, text: str) -> str:
        return _fake_value(self._fake_key, kind, normalise(text), self._faker)


PIECE_CHARS = 20_000
"""Presidio's anonymizer copies the whole text for each replacement, so a long cell (a 50 MB
transcript holds a hundred thousand findings) is replaced piece by piece."""


def pieces(text: str, findings: Sequence[Finding]) -> list[tuple[int, int, list[Finding]]]:
    """``text`` cut into pieces of about :data:`PIECE_CHARS` characters, each with the findings
    inside it, covering it end to end. A cut falls only between two findings that neither
    overlap nor have only white space between them, so each piece is replaced exactly as the
    whole text would be (Presidio merges neighbours of one type across white space)."""
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    out: list[tuple[int, int, list[Finding]]] = []
    start = 0
    reach = 0
    current: list[Finding] = []
    for i, f in enumerate(ordered):
        current.append(f)
        reach = max(reach, f.end)
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if nxt is None or reach - start < PIECE_CHARS:
            continue
        if nxt.start >= reach and text[reach : nxt.start].strip():
            out.append((start, reach, current))
            start, current = reach, []
    out.append((start, len(text), current))
    return out


_FAKERS: dict[str, Callable[[Faker], str]] = {
    "FIRST_NAME": lambda f: f.first_name(),
    "LAST_NAME": lambda f: f.last_name(),
    "EMAIL_ADDRESS": lambda f: f.safe_email(),
    "PHONE_NUMBER": lambda f: f"+1-202-555-{f.random_int(100, 199):04d}",
    "CREDIT_CARD": lambda f: f.credit_card_number(),
    "IBAN_CODE": lambda f: f.iban(),
    "IP_ADDRESS": lambda f: f.ipv4_private(),
    "URL": lambda f: f"https://{f.domain_word()}.example.com/",
    "US_SSN": lambda f: f.ssn(),
    "DATE_TIME": lambda f: f.date(),
    "LOCATION": lambda f: f.city(),
    "STREET_ADDRESS": lambda f: f.street_address(),
    "NRP": lambda f: f.country(),
    "ID_NUMBER": lambda f: f.bothify("??#######").upper(),
}


@lru_cache(maxsize=65_536)
def _fake_value(key: bytes, kind: str, normalised: str, faker: Faker) -> str:
    maker = _FAKERS.get(kind)
    if maker is None:
        return f"<{kind}>"
    seed = int.from_bytes(hmac.new(key, f"{kind}\x1f{normalised}".encode(), "sha256").digest()[:8])
    faker.seed_instance(seed)
    value = maker(faker)
    if kind == "IP_ADDRESS" and ":" in normalised:
        value = faker.ipv6()
    return value


_WORD_RUN = re.compile(r"\w+", re.UNICODE)


def preview_mask(entity_type: str, text: str) -> str:
    """A masked example for ``privacy scan``: ``J*** S****``; numbers show only their last two."""
    if entity_type in _NUMERIC_TYPES or sum(ch.isdigit() for ch in text) > len(text) // 2:
        total = sum(ch.isdigit() for ch in text)
        seen = 0
        chars = []
        for ch in text:
            if ch.isdigit():
                seen += 1
                chars.append(ch if seen > total - 2 else "*")
            else:
                chars.append("*" if ch.isalpha() else ch)
        return "".join(chars)
    return _WORD_RUN.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)
