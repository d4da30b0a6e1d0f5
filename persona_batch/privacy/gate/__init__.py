"""The independent gate: a second line of defence after detection, on everything that leaves.

Detection (:mod:`persona_batch.privacy.detect`) decides what to anonymise; the gate checks what is
about to be published or sent (anonymised cells, prompts, personas, synthetic records, the
report) with different means: plain regular expressions and check digits of its own, no NER,
no score threshold, nothing shared with detection. A value both miss must fool two unrelated
methods.

    gate = Gate(config.gate, "text")
    findings = gate.scan(cell)              # [Finding("phone", 12, 27)]: never the value
    cleaned, findings = gate.redact(cell)   # "... <PHONE> ..."

    sources = SourceValues(secrets.token_bytes(32))
    sources.update(values_detection_found)  # kept only as keyed hashes
    persona_gate = Gate(config.gate, "generated", sources)
"""

from persona_batch.privacy.gate.checksums import (
    IBAN_LENGTHS,
    iban_check_digits,
    iban_valid,
    luhn_check_digit,
    luhn_valid,
)
from persona_batch.privacy.gate.findings import (
    FAMILY_IDS,
    SOURCE,
    STRUCTURED_FAMILIES,
    TAGS,
    Finding,
    redact,
    tag_for,
    tally,
)
from persona_batch.privacy.gate.scanner import Gate, GateMode
from persona_batch.privacy.gate.sources import SourceValues

__all__ = [
    "FAMILY_IDS",
    "IBAN_LENGTHS",
    "SOURCE",
    "STRUCTURED_FAMILIES",
    "TAGS",
    "Finding",
    "Gate",
    "GateMode",
    "SourceValues",
    "iban_check_digits",
    "iban_valid",
    "luhn_check_digit",
    "luhn_valid",
    "redact",
    "tag_for",
    "tally",
]
