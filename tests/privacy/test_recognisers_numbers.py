"""National ids by their check character, IBANs next to any word, whole URLs, signature phones,
and how overlapping findings share a span."""

from __future__ import annotations

import itertools
import random

import pytest
from faker import Faker
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.privacy.detect import Finding, resolve_overlaps
from persona_batch.privacy.recognisers.iban import AnyCaseIbanRecognizer, mod97_valid
from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer, NearbySsnRecognizer
from persona_batch.privacy.recognisers.national_ids import (
    NationalIdRecognizer,
    codice_fiscale_valid,
    dni_valid,
    nir_valid,
    pesel_valid,
)
from persona_batch.privacy.recognisers.phones import ContextPhoneRecognizer
from persona_batch.privacy.recognisers.urls import WholeUrlRecognizer
from tests.privacy.recognised import found

NATIONAL = NationalIdRecognizer()
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


@pytest.mark.parametrize(
    ("locale", "method", "check"),
    [
        ("it_IT", "ssn", codice_fiscale_valid),
        ("fr_FR", "ssn", nir_valid),
        ("pl_PL", "pesel", pesel_valid),
    ],
)
def test_fakers_national_numbers_pass_their_checks_and_are_found_alone(
    locale: str, method: str, check: object
) -> None:
    fake = Faker(locale)
    fake.seed_instance(7)
    for _ in range(50):
        value = getattr(fake, method)()
        assert callable(check) and check(value)
        assert found(NATIONAL, f"Thanks, Ana ({value})") == [value]


@given(st.integers(0, 99_999_999), st.sampled_from(["", "-"]))
@settings(max_examples=100, deadline=None)
def test_a_dni_with_its_letter_is_found_and_a_wrong_letter_is_not(number: int, dash: str) -> None:
    right = _DNI_LETTERS[number % 23]
    wrong = _DNI_LETTERS[(number + 1) % 23]
    assert dni_valid(f"{number:08d}{dash}{right}")
    assert found(NATIONAL, f"lista: {number:08d}{dash}{right}, ok") == [
        f"{number:08d}{dash}{right}"
    ]
    assert found(NATIONAL, f"lista: {number:08d}{wrong}, ok") == []


@pytest.mark.parametrize(
    "text",
    [
        "order 12345678A shipped",  # wrong check letter (should be Z)
        "ticket 85031412346 closed",  # a PESEL-shaped run with a wrong check digit
        "serial ABCDEF12G34H567J",  # codice fiscale shape, wrong check letter
        "AB123456Z is a product code",  # National Insurance suffixes are A to D
        "GB123456A",  # GB is not a NINO prefix
    ],
)
def test_national_shapes_without_a_valid_check_stay(text: str) -> None:
    assert found(NATIONAL, text) == []


def test_nino_shape_is_found_grouped_or_not() -> None:
    assert found(NATIONAL, "NI: JG 12 34 56 C.") == ["JG 12 34 56 C"]
    assert found(NATIONAL, "ni jg123456c") == ["jg123456c"]


IDS = ContextIdRecognizer()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("PIÈCE FOURNIE : PASSEPORT N° - 97ZS76068.", "97ZS76068"),
        ("Rückfrage zu Führerschein-Nr. I4706LHJ154.", "I4706LHJ154"),
        ("Hat die Konto-Nr.: 76640709 angegeben", "76640709"),
        ("MY TAX DETAILS: PASSPORT #CKZ6RJVRY.", "CKZ6RJVRY"),
        ("with his loyalty no.: F123456789 in the header", "F123456789"),
        ("I renewed my driving licence, the number is now 12345678. Please", "12345678"),
    ],
)
def test_identifier_connectors_in_any_case_and_one_digit_codes(text: str, value: str) -> None:
    assert found(IDS, text) == [value]


@pytest.mark.parametrize(
    "text",
    ["my licence, which I renewed in 2019, is fine", "the account, now 12 months old", "PASS 2A"],
)
def test_longer_connectors_do_not_take_years_or_counts(text: str) -> None:
    assert found(IDS, text) == []


def test_ssn_found_anywhere_in_the_sentence_that_names_it() -> None:
    ssn = NearbySsnRecognizer()
    text = "the ssn field on the us tax form is the part he hates; he typed 154919018 twice"
    assert found(ssn, text) == ["154919018"]
    assert found(ssn, "he typed 154919018 twice") == []


IBAN = AnyCaseIbanRecognizer()


@pytest.mark.parametrize(
    "iban",
    [
        "ES33 2240 5588 2681 1013 7097",
        "ES3322405588268110137097",
        "PT74 7547 0803 2747 3752 6573 9",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
    ],
)
@pytest.mark.parametrize("case", [str.upper, str.lower, str])
def test_iban_next_to_any_word_in_any_case(iban: str, case: object) -> None:
    assert callable(case)
    text = case(f"The refund went to {iban} instead of my card")
    assert found(IBAN, text) == [case(iban)]


def test_iban_with_a_wrong_check_is_not_found() -> None:
    assert not mod97_valid("DE89370400440532013001")
    assert found(IBAN, "IBAN DE89 3704 0044 0532 0130 01 please") == []


URLS = WholeUrlRecognizer()


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("LINK: HTTP://GEORGE.BIZ/SHARED/RVGHM2S0?USER=JACOB\n", "HTTP://GEORGE.BIZ/SHARED/RVGHM2S0?USER=JACOB"),
        ("see https://example.biz/a?b=1. Then", "https://example.biz/a?b=1"),
        ("(http://x.info/p/q)", "http://x.info/p/q"),
    ],
)  # fmt: skip
def test_urls_run_to_their_end(text: str, url: str) -> None:
    assert [text[r.start : r.end] for r in URLS.analyze(text, ["URL"])] == [url]


PHONES = ContextPhoneRecognizer()


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("oddzwonisz na 597882301?", "597882301"),
        ("call mary on 205 921", "205 921"),
        ("Ana Ruiz | data analyst | 659682434", "659682434"),
        ("Lenn Klein | UX researcher | 995 862", "995 862"),
        ("Best,\nAna\n612345678\n", "612345678"),
    ],
)
def test_phones_by_someone_and_in_signatures(text: str, phone: str) -> None:
    assert found(PHONES, text) == [phone]


@pytest.mark.parametrize(
    "text",
    ["| 2019 | 2020 |", "| 12/05/2024 |", "we had 1500 calls on 12 May", "price | 1 299,00 EUR |"],
)
def test_signature_rules_leave_years_dates_and_amounts(text: str) -> None:
    assert found(PHONES, text) == []


def test_a_partly_covered_loser_keeps_what_sticks_out() -> None:
    text = "Best regards,\nDavid Ojo\n+34 754333486"
    name = Finding("PERSON", text.index("David"), text.index("+34") + 3, 0.85)
    phone = Finding("PHONE_NUMBER", text.index("+34"), len(text), 0.4)
    kept = resolve_overlaps([name, phone], text)
    assert [text[f.start : f.end] for f in kept] == ["David Ojo\n+34", "754333486"]
    assert [f.entity_type for f in kept] == ["PERSON", "PHONE_NUMBER"]
    # without the text, as before: the loser goes
    assert resolve_overlaps([name, phone]) == [name]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=12), st.randoms())
@settings(max_examples=200, deadline=None)
def test_resolved_findings_never_overlap_and_leave_at_most_a_stray_character(
    spans: list[tuple[int, int]], rng: random.Random
) -> None:
    text = "".join(rng.choice("ab1 ,\n") for _ in range(90))
    findings = [Finding("X", s, s + n, rng.random()) for s, n in spans]
    kept = resolve_overlaps(findings, text)
    for a, b in itertools.pairwise(kept):
        assert a.end <= b.start
    covered = {i for f in kept for i in range(f.start, f.end)}
    for f in findings:
        assert any(k.start >= f.start and k.end <= f.end for k in kept) or covered & set(
            range(f.start, f.end)
        )
        # each uncovered stretch inside a finding holds at most one letter or digit
        run = 0
        for i in range(f.start, f.end + 1):
            if i < f.end and i not in covered:
                run += text[i].isalnum()
            else:
                assert run <= 1
                run = 0
