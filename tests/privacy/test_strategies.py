from __future__ import annotations

import hashlib
import hmac

import pytest

from persona_batch.core.config import Strategy
from persona_batch.privacy.detect import Finding, resolve_overlaps
from persona_batch.privacy.strategies import Replacer, keyed_digest, normalise, preview_mask

TEXT = "Call Maria Garcia on +44 20 7946 0958 or card 4111111111111111."
FINDINGS = [
    Finding("PERSON", 5, 17, 0.85),
    Finding("PHONE_NUMBER", 21, 37, 0.4),
    Finding("CREDIT_CARD", 46, 62, 1.0),
]
KEY = b"k" * 32


def test_redact_uses_type_tags() -> None:
    text, spans = Replacer(None).apply(TEXT, FINDINGS, Strategy.REDACT)
    assert text == "Call <PERSON> on <PHONE_NUMBER> or card <CREDIT_CARD>."
    assert [text[s.start : s.end] for s in spans] == ["<PERSON>", "<PHONE_NUMBER>", "<CREDIT_CARD>"]


def test_mask_keeps_only_the_tail_of_numbers() -> None:
    text, _ = Replacer(None, mask_keep_last=4).apply(TEXT, FINDINGS, Strategy.MASK)
    assert text == "Call ***** ****** on +** ** **** 0958 or card ************1111."


def test_hash_is_keyed_hmac_and_stable() -> None:
    text, _ = Replacer(KEY).apply(TEXT, FINDINGS[:1], Strategy.HASH)
    expected = hmac.new(KEY, b"PERSON\x1fmaria garcia", hashlib.sha256).hexdigest()[:16]
    assert text == f"Call PERSON_{expected} on +44 20 7946 0958 or card 4111111111111111."
    bare = hashlib.sha256(b"Maria Garcia").hexdigest()[:16]
    assert bare not in text
    assert keyed_digest(KEY, "PERSON", " maria   GARCIA") == keyed_digest(
        KEY, "PERSON", "Maria Garcia"
    )
    assert keyed_digest(b"other", "PERSON", "Maria Garcia") != keyed_digest(
        KEY, "PERSON", "Maria Garcia"
    )


def test_hash_without_key_refuses() -> None:
    with pytest.raises(ValueError, match="needs a key"):
        Replacer(None).apply(TEXT, FINDINGS, Strategy.HASH)


def test_replace_is_consistent_across_instances_and_name_parts() -> None:
    first, _ = Replacer(KEY).apply(TEXT, FINDINGS, Strategy.REPLACE)
    second, _ = Replacer(KEY).apply(TEXT, FINDINGS, Strategy.REPLACE)
    assert first == second
    assert "Maria" not in first and "7946" not in first and "4111111111111111" not in first
    replacer = Replacer(KEY)
    full = replacer.fake("PERSON", "Maria Garcia")
    assert replacer.fake("PERSON", "maria") == full.split()[0]
    assert replacer.fake("PERSON", "MARIA  GARCIA") == full


def test_replace_makes_a_fake_per_entity_type() -> None:
    replacer = Replacer(None)
    assert "@" in replacer.fake("EMAIL_ADDRESS", "maria@example.net")
    assert replacer.fake("EMAIL_ADDRESS", "maria@example.net") != "maria@example.net"
    assert ":" in replacer.fake("IP_ADDRESS", "2001:db8::1")
    assert "." in replacer.fake("IP_ADDRESS", "10.1.2.3")
    assert replacer.fake("SOMETHING_ELSE", "x") == "<SOMETHING_ELSE>"


def test_different_originals_get_different_fakes() -> None:
    replacer = Replacer(KEY)
    names = [f"Person{i} Surname{i}" for i in range(50)]
    assert len({replacer.fake("PERSON", n) for n in names}) > 40


def test_preview_mask() -> None:
    assert preview_mask("PERSON", "John Smith") == "J*** S****"
    assert preview_mask("CREDIT_CARD", "4111 1111 1111 1234") == "**** **** **** **34"
    assert preview_mask("IBAN_CODE", "GB82 WEST 1234") == "**** **** **34"


def test_normalise() -> None:
    assert normalise("  Maria\tGARCIA ") == "maria garcia"


def test_overlaps_prefer_the_longer_span() -> None:
    email = Finding("EMAIL_ADDRESS", 0, 17, 1.0)
    url = Finding("URL", 6, 17, 0.5)
    person = Finding("PERSON", 20, 30, 0.85)
    weak = Finding("DATE_TIME", 25, 27, 0.9)
    assert resolve_overlaps([url, weak, person, email]) == [email, person]
