"""The independent gate: each family's rules, the scanner, redaction and ``[gate]`` settings."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from persona_batch.core.config import GateSettings, JobConfig, load_config
from persona_batch.core.errors import ConfigError
from persona_batch.privacy.gate import (
    FAMILY_IDS,
    IBAN_LENGTHS,
    STRUCTURED_FAMILIES,
    TAGS,
    Finding,
    Gate,
    SourceValues,
    iban_check_digits,
    iban_valid,
    luhn_check_digit,
    luhn_valid,
    redact,
    tag_for,
    tally,
)

TEXT = Gate(GateSettings(), "text")
GENERATED = Gate(GateSettings(), "generated")


def found(text: str, gate: Gate = TEXT) -> list[tuple[str, str]]:
    return [(f.family, text[f.start : f.end]) for f in gate.scan(text)]


def assert_caught(family: str, value: str, gate: Gate = TEXT) -> None:
    text = f"Noted on the call: {value}, then we moved on."
    assert found(text, gate) == [(family, value)]
    cleaned, findings = gate.redact(text)
    assert cleaned == f"Noted on the call: {tag_for(family)}, then we moved on."
    assert gate.scan(cleaned) == [] and len(findings) == 1


def assert_passes(text: str, gate: Gate = TEXT) -> None:
    assert found(text, gate) == []


# --- checksums -------------------------------------------------------------------------------


def test_luhn() -> None:
    assert luhn_valid("4111111111111111") and luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")
    assert luhn_valid("7992739871" + luhn_check_digit("7992739871"))


def test_iban_check() -> None:
    assert iban_valid("GB82WEST12345698765432") and iban_valid("de89370400440532013000")
    assert not iban_valid("GB82WEST12345698765433")
    assert not iban_valid("GB82WEST1234569876543")  # one short for GB
    assert not iban_valid("ZZ82WEST12345698765432")  # no such country
    assert iban_check_digits("GB", "WEST12345698765432") == "82"
    assert all(15 <= n <= 34 for n in IBAN_LENGTHS.values())


# --- card ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111.1111.1111.1111",
        "4111111111111111",
        "3782 822463 10005",  # Amex 4-6-5
        "5500 0055 5555 5559",
        "2223 0031 2200 3222",  # Mastercard 2-series
        "6011 0009 9013 9424",
        "4111 11 11 1111 1111",  # odd grouping
        "4111\u00a01111\u00a01111\u00a01111",  # no-break spaces
        "6304 0000 0000 0000 018",  # 19 digits
        "5019 7170 1013",  # 12 digits
        "4111 - 1111 - 1111 - 1111",  # spaced dashes
        "4111  1111  1111  1111",  # double spaces
        "37828  224631  0005",
    ],
)
def test_card_is_caught(value: str) -> None:
    assert luhn_valid(re.sub(r"\D", "", value))
    assert_caught("card", value)


def test_card_inside_a_longer_run_of_groups() -> None:
    text = "ref 2024 4111 1111 1111 1111 done"
    assert ("card", "4111 1111 1111 1111") in found(text)


def test_card_after_a_hash_or_a_label() -> None:
    text = "Card #4111111111111111, card:5500 0055 5555 5559"
    assert [f for f, _ in found(text)] == ["card", "card"]


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",  # fails Luhn: a phone-like run, never a card
        "1234.5678901234567",  # a decimal: dots need three groups
        "0000 0000 0000 0000",  # no card starts with 0
    ],
)
def test_not_a_card(text: str) -> None:
    assert all(family != "card" for family, _ in found(text))


# --- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "+39 347 843 0346",
        "+44 121 496 0702",
        "+44 (0)20 7946 0958",
        "+4915112345678",
        "415-555-0196",
        "(415) 555-0196",
        "510.555.0119",
        "0117 496 0417",
        "0176 25862915",
        "01 99 00 90 09",
        "931 02 98 17",
        "030/1234567",
        "0049 171 3729082",
        "12-34-56 12345678",  # sort code and account
        "506 344 547",
        "0612345678",  # a bare national number: one trunk 0, 10 or 11 digits
        "01711234567",
        "+1-202-555-0143x1234",  # with its extension
        "415-555-0196 ext. 12",
    ],
)
def test_phone_is_caught(value: str) -> None:
    assert_caught("phone", value)


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 we doubled; from 2019 to 2024 too.",
        "between 2019-2024 and 2019/2020",
        "It costs €1,299.00 or €1 299 000 or 1 299 000 € or USD 2 500 000.",
        "Revenue was 1.234.567,89 last year.",
        "A total of 1 234 567.50 was refunded.",
        "Order #48213 and ticket #482 139 12 shipped.",
        "Updated to version 2.14.1 then version 10.0.19041.1234, build 22.631.4037.",
        "The call starts at 14:30, or 14.30, and lasts 9.00-17.30.",
        "We saw 12.5% growth and 12 345 678 % in one case.",
        "She has 8+ years in operations and 12 seats.",
        "Postcode 08403 and 5 digits 12345.",
        "An id 20240915123 with no separators.",
        "A mean of 3.399789 and a total of 1234567.5 or 0,1234567.",
        "Padded ids 0001234567 and 00012345678 stay.",
        "ids 00000000-0000-0000-0000-000000001ef2 and 3f2a9c0d-1e2b-4a5f-8c7d-123456789012",
        "part 1234-5678-90ab and 123-4567890abc",
    ],
)
def test_not_a_phone(text: str) -> None:
    assert_passes(text)


def test_phone_after_a_year_is_still_caught() -> None:
    text = "Since 2019 +49 170 3470152 is her number."
    assert found(text) == [("phone", "+49 170 3470152")]


def test_a_bare_number_alone_on_a_signature_line_is_a_phone() -> None:
    assert found("Z poważaniem,\nApolonia Kuder\n734510970") == [("phone", "734510970")]
    assert found("Ana Ruiz | analyst | 734510970") == [("phone", "734510970")]
    # an id column's cell is only the number, and a short run or an inline one is no phone
    for text in ("734510970", "Best,\nAna\n12345678", "order 734510970 shipped", "Total\n2024"):
        assert_passes(text)


def test_two_phones_separated_by_a_comma() -> None:
    text = "0176 25862915,0176 25862916"
    assert [f for f, _ in found(text)] == ["phone", "phone"]


# --- email -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["maria@example.net", "bianchi.marcella@example.com", "a.o'neil+tag@mail.co.uk", "ÿ@b.io"],
)
def test_email_is_caught(value: str) -> None:
    assert_caught("email", value)


@pytest.mark.parametrize(
    "text", ["@mention in Slack", "user@localhost", "*****@*******.***", "an a@b.c address"]
)
def test_not_an_email(text: str) -> None:
    assert_passes(text)


# --- iban ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "GB82WEST12345698765432",
        "GB82 WEST 1234 5698 7654 32",
        "DE89 3704 0044 0532 0130 00",
        "de89370400440532013000",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91ABNA0417164300",
    ],
)
def test_iban_is_caught(value: str) -> None:
    assert_caught("iban", value)


def test_iban_followed_by_words_and_another_iban() -> None:
    text = "GB82 WEST 1234 5698 7654 32 AND DE89 3704 0044 0532 0130 00 OK"
    assert [f for f, _ in found(text)] == ["iban", "iban"]


@pytest.mark.parametrize(
    "text",
    ["GB82WEST12345698765433", "ZZ82WEST12345698765432", "AB12 is not a bank account at all"],
)
def test_not_an_iban(text: str) -> None:
    assert all(family != "iban" for family, _ in found(text))


# --- ipv4 and ipv6 ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["188.111.183.177", "10.0.0.1", "255.255.255.255"])
def test_ipv4_is_caught(value: str) -> None:
    assert_caught("ipv4", value)


@pytest.mark.parametrize(
    "value",
    [
        "2001:db8::1",
        "fe80::1ff:fe23:4567:890a",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "::ffff:192.168.0.1",
        "1d68:4a56:ef2c:1bd2:7130:3298:fee0:bcff",
    ],
)
def test_ipv6_is_caught(value: str) -> None:
    assert_caught("ipv6", value)


@pytest.mark.parametrize(
    "text",
    [
        "999.1.1.1 is no address",
        "running version 1.2.3.4 now",
        "timestamps [00:01:12] and 14:30:00",
        "loopback ::1 only",
        "std::vector",
    ],
)
def test_not_an_ip(text: str) -> None:
    assert all(family not in {"ipv4", "ipv6"} for family, _ in found(text))


# --- date ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "15/09/1987",
        "9/15/1987",
        "15.09.87",
        "15-09-1987",
        "1987-09-15",
        "1987/9/15",
        "15 March 1987",
        "15th of March 1987",
        "March 15, 1987",
        "Mar. 15th 1987",
        "15-Sep-1987",
        "15 Sept '87",
        "15. März 1987",
        "3 Mai 1987",
        "1er mars 1987",
        "15 décembre 1987",
        "15 de marzo de 1987",
        "15 marzo 1987",
        "15 giugno 1987",
        "15 maart 1987",
        "15 mei 1987",
        "15 września 1987",
        "15 października 1987",
    ],
)
def test_date_is_caught(value: str) -> None:
    assert_caught("date", value)


@pytest.mark.parametrize(
    "text",
    [
        "We met in March.",
        "It shipped in 1987.",
        "Back in March 2024 and in May 2023.",
        "The app is at 2.14.1 and 1.12.10.",
        "31/02/1987 is no date, nor 13/13/1987.",
        "15 March, a Tuesday.",
        "In 1700-01-01 format.",
    ],
)
def test_not_a_date(text: str) -> None:
    assert_passes(text)


def test_iso_datetime_keeps_the_date() -> None:
    assert found("at 1987-09-15T08:00Z") == [("date", "1987-09-15")]


# --- context ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Hello, my name is Maria Garcia and I run ops.", "Maria Garcia"),
        ("Her name is Jean-Luc van der Berg.", "Jean-Luc van der Berg"),
        ("I'm Tom, the admin.", "Tom"),
        ("Please ask for Ricky Andrews at reception.", "Ricky Andrews"),
        ("She lives at 12 Baker Street with two cats.", "12 Baker Street"),
        ("He lives in Kambsstr. 52 now.", "Kambsstr. 52"),
        ("He is from Leeds.", "Leeds"),
        ("I'm from Porto, originally.", "Porto"),
        ("The participant is originally from Cork.", "Cork"),
        ("P012 was from Lyon.", "Lyon"),
        ("She comes from Nantes.", "Nantes"),
        ("He joined the call from Berlin Mitte.", "Berlin Mitte"),
        ("Calling from Acme Logistics today.", "Acme Logistics"),
        ("Her team is based in Leeds.", "Leeds"),
        ("They moved to 12 Baker Street last year.", "12 Baker Street"),
        ("They moved to Leeds LS1 4AP in May.", "Leeds LS1 4AP"),
        ("We moved to Hauptstraße 5 in Berlin.", "Hauptstraße 5"),
        ("Please ship it to 221B Baker Street.", "221B Baker Street"),
        ("Just call me on 555 01, any time.", "555 01"),
        ("Please call me back on 882 646, thanks.", "882 646"),
        ("Her mobile is 612345678.", "612345678"),
        ("kontakt: 752303664 albo mail", "752303664"),
        ("Envoyez-moi un SMS au 612345678.", "612345678"),
        ("Rufen Sie mich unter 17112 an.", "17112"),
        ("the form has my ssn, 575333727, in it", "575333727"),
        ("Je m'appelle Sophie.", "Sophie"),
        ("Name: Zoë Ó Briain", "Zoë Ó Briain"),
        ("THE VERIFICATION CODE GOES TO 495-753, WHICH IS OLD", "495-753"),
        ("THE OLD NUMBER 726-939 NO LONGER WORKS", "726-939"),
        ("who also sent his number, 6173372440, in case", "6173372440"),
        ("Vi prego di aggiornare il mio numero: 3602621962.", "3602621962"),
        ("hej, oddzwonisz na 597882301?", "597882301"),
        ("call mary on 205 921", "205 921"),
        ("Kenneth is happy to be contacted again at 379 200.", "379 200"),
        ("she can be reached directly on 205 921", "205 921"),
    ],
)
def test_context_reports_the_span_after_the_phrase(text: str, span: str) -> None:
    assert found(text) == [("context", span)]


@pytest.mark.parametrize(
    "text",
    [
        "I'm Not sure about the pricing.",
        "From Monday the team switches.",
        "my name is on the list",
        "ask for help in the forum",
        "Asked for Single Sign-On and asked for Dark Mode.",
        "from the start it was slow",
        "Importing from Power BI worked, and from Looker Studio and Excel too.",
        "The data comes from Excel; the export is from Airtable.",
        "They moved to Notion, then to Windows 11 and 3 Pro seats.",
        "Send it to Jira, or post it to Slack.",
        "I am from the Leeds office.",
        "GOOD MORNING, I'M IN LEEDS. CALL ME ON MONDAY.",
        "call me on Tuesday",
        "my name is <PERSON> and I'm PERSON_3f2a9c0d1e2b3a4f",
        "the number of users is 12000",
        "we ran 4 calls on 12 May",
    ],
)
def test_context_negatives(text: str) -> None:
    assert_passes(text)


def test_context_only_in_text_mode() -> None:
    text = "My name is Maria Garcia, I live in Leeds, card 4111 1111 1111 1111."
    assert [f for f, _ in found(text)] == ["context", "context", "card"]
    assert found(text, GENERATED) == [("card", "4111 1111 1111 1111")]


# --- placeholders and the scanner -------------------------------------------------------------


def test_anonymiser_placeholders_are_ignored() -> None:
    text = (
        "<PERSON> wrote from <EMAIL_ADDRESS> about <CREDIT_CARD>; hashed "
        "PERSON_3f2a9c0d1e2b3a4f and PHONE_NUMBER_0123456789012345; masked "
        "**** **** **** 1111, ***-***-0196 and *****@*******.***"
    )
    assert_passes(text)


def test_ignore_spans_the_caller_inserted() -> None:
    fake = "+1-202-555-0111"
    text = f"Reach me at {fake} or 0176 25862915."
    start = text.index(fake)
    findings = TEXT.scan(text, ignore=[(start, start + len(fake))])
    assert [(f.family, text[f.start : f.end]) for f in findings] == [("phone", "0176 25862915")]
    assert TEXT.scan("short", ignore=[(0, 99)]) == []


def test_findings_hold_no_text() -> None:
    finding = TEXT.scan("mail maria@example.net")[0]
    assert finding == Finding("email", 5, 22)
    assert "maria" not in repr(finding)
    with pytest.raises(AttributeError):
        finding.family = "card"  # type: ignore[misc]


def test_a_disabled_family_still_claims_its_spans() -> None:
    gate = Gate(GateSettings(families=("phone", "card")))
    assert found("born 15.09.1987 at 188.111.183.177", gate) == []
    assert found("call 0176 25862915", gate) == [("phone", "0176 25862915")]


def test_disabled_gate_finds_nothing() -> None:
    gate = Gate(GateSettings(enabled=False))
    assert not gate.enabled and gate.checks == ()
    assert gate.scan("4111 1111 1111 1111") == []


def test_checks_and_modes() -> None:
    assert TEXT.checks == FAMILY_IDS
    assert GENERATED.checks == STRUCTURED_FAMILIES
    sources = SourceValues(b"k" * 32)
    assert Gate(GateSettings(), "generated", sources).checks == (*STRUCTURED_FAMILIES, "source")
    with pytest.raises(ValueError, match="gate mode"):
        Gate(GateSettings(), "persona")  # type: ignore[arg-type]


def test_allow_values_and_patterns() -> None:
    settings = GateSettings(
        allow_values=("+44 800 123 4567", "help@example.com", "Slack"),
        allow_patterns=(r"\+1 800 \d{3} \d{4}",),
    )
    gate = Gate(settings)
    text = (
        "Call 0044-800-123-4567 or +1 800 555 0199, mail HELP@example.com, "
        "import from slack or from Slack"
    )
    assert found(text, gate) == []
    assert found("call +44 800 123 4568", gate) == [("phone", "+44 800 123 4568")]


def test_allow_list_also_covers_source_values() -> None:
    sources = SourceValues(b"k" * 32)
    sources.add("Acme Support")
    gate = Gate(GateSettings(allow_values=("acme support",)), "generated", sources)
    assert gate.scan("Call Acme Support.") == []


def test_redact_merges_overlaps_and_tags_never_match() -> None:
    text = "abcdefghij"
    findings = [Finding("card", 0, 4), Finding("phone", 2, 6), Finding("email", 8, 10)]
    assert redact(text, findings) == "<CARD>gh<EMAIL>"
    assert redact(text, []) == text
    assert tag_for("nonsense") == "<REDACTED>"
    assert_passes(" ".join([*TAGS.values(), tag_for("nonsense")]))
    assert tally(findings) == {"card": 1, "email": 1, "phone": 1}


def test_redacting_a_mixed_text_is_idempotent() -> None:
    text = (
        "Maria (maria@example.net, +39 347 843 0346) paid with 4111 1111 1111 1111 from "
        "GB82 WEST 1234 5698 7654 32 on 15 March 2024 at 10.1.2.3 / 2001:db8::1; "
        "my name is Maria Rossi."
    )
    cleaned, findings = TEXT.redact(text)
    assert tally(findings) == {
        "card": 1,
        "context": 1,
        "date": 1,
        "email": 1,
        "iban": 1,
        "ipv4": 1,
        "ipv6": 1,
        "phone": 1,
    }
    assert TEXT.scan(cleaned) == []
    assert TEXT.redact(cleaned) == (cleaned, [])


def test_the_gate_shares_nothing_with_detection() -> None:
    probe = (
        "import sys, persona_batch.privacy.gate\n"
        "banned = ('presidio_analyzer', 'presidio_anonymizer', 'spacy', 'phonenumbers', 'faker')\n"
        "ours = ('persona_batch.privacy.detect', 'persona_batch.privacy.plan', 'persona_batch.privacy.anonymise',\n"
        "        'persona_batch.privacy.strategies', 'persona_batch.privacy.recognisers')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in banned or m.startswith(ours)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_families_agree_with_settings() -> None:
    assert GateSettings.FAMILIES == FAMILY_IDS
    assert set(STRUCTURED_FAMILIES) == set(FAMILY_IDS) - {"context"}
    assert set(TAGS) == {*FAMILY_IDS, "source"}


# --- settings ---------------------------------------------------------------------------------


def test_gate_settings_defaults() -> None:
    settings = JobConfig().gate
    assert settings.enabled and settings.on_residual == "fail"
    assert settings.families == FAMILY_IDS
    assert settings.allow_values == () and settings.allow_patterns == ()


def test_detection_settings_do_not_touch_the_gate() -> None:
    config = JobConfig.model_validate(
        {"detect": {"score_threshold": 0.99, "entities": ["PERSON"]}, "anonymise": {}}
    )
    assert config.gate == GateSettings()
    assert Gate(config.gate).checks == FAMILY_IDS


def test_families_are_normalised_and_checked() -> None:
    assert GateSettings(families=(" Card", "PHONE", "card")).families == ("card", "phone")
    with pytest.raises(ValidationError, match="unknown family 'names'"):
        GateSettings(families=("names",))


def test_bad_allow_pattern_names_the_key(tmp_path: Path) -> None:
    job = tmp_path / "job.toml"
    job.write_text('[gate]\non_residual = "redact"\nallow_patterns = ["ok", "(unclosed"]\n')
    with pytest.raises(ConfigError) as info:
        load_config(job)
    message = str(info.value)
    assert "key 'gate.allow_patterns'" in message and f"{job}:3" in message
    assert "entry 1 is not a valid regular expression" in message


def test_bad_on_residual_and_unknown_key(tmp_path: Path) -> None:
    job = tmp_path / "job.toml"
    job.write_text('[gate]\non_residual = "warn"\n')
    with pytest.raises(ConfigError, match=r"gate.on_residual"):
        load_config(job)
    job.write_text("[gate]\nenabeld = false\n")
    with pytest.raises(ConfigError, match=r"gate.enabeld"):
        load_config(job)


def test_gate_section_in_a_job_file(tmp_path: Path) -> None:
    job = tmp_path / "job.toml"
    job.write_text(
        '[gate]\nenabled = false\nfamilies = ["card", "iban"]\non_residual = "redact"\n'
        'allow_values = ["+44 800 123 4567"]\nallow_patterns = ["INV-\\\\d+"]\n'
    )
    gate = load_config(job).gate
    assert not gate.enabled and gate.families == ("card", "iban")
    assert gate.on_residual == "redact" and gate.allow_patterns == (r"INV-\d+",)
