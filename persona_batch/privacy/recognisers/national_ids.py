"""National identity numbers whose own shape and check digit give them away, with no phrase.

Most identity numbers need their phrase ("passport no.") to tell them from an order number
(see :mod:`identifiers`). A few carry a check character that a random code of the same shape
fails, so they can be found anywhere, even in a list or a signature:

- Italy's codice fiscale (16 characters: name letters, birth date and place, a check letter);
- Spain's DNI (eight digits and a check letter) and NIE (X, Y or Z, seven digits, a letter);
- France's NIR/INSEE number (13 digits with sex, year and month, and a two-digit key);
- Poland's PESEL (11 digits: a birth date and a weighted check digit);
- the UK National Insurance number (two prefix letters from a fixed set, six digits, A to D).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from persona_batch.privacy.recognisers.base import RegexRecognizer, Rule
from persona_batch.privacy.recognisers.counts import digit_count

_CF_ODD_VALUES = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21)
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            *_CF_ODD_VALUES,
            *_CF_ODD_VALUES,
            2,
            4,
            18,
            20,
            11,
            3,
            6,
            8,
            12,
            14,
            16,
            10,
            22,
            25,
            24,
            23,
        ),
        strict=True,
    )
)
"""The codice fiscale's values for characters in odd places (digits 0-9 count as A-J)."""
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})

# Omocodia: a codice fiscale may swap digits for letters (L=0 … V=9) when two people collide.
_CF_DIGIT = "[0-9LMNPQRSTUV]"
_CODICE_FISCALE = re.compile(
    rf"(?<![\w-])(?P<value>(?i:[A-Z]{{6}}{_CF_DIGIT}{{2}}[ABCDEHLMPRST]{_CF_DIGIT}{{2}}[A-Z]"
    rf"{_CF_DIGIT}{{3}}[A-Z]))(?![\w-])"
)
_DNI = re.compile(r"(?<![\w-])(?P<value>(?i:[XYZ]-?)?\d{7,8}-?(?i:[A-Z]))(?![\w-])")
_NIR = re.compile(
    r"(?<![\w-])(?P<value>[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?"
    r"\d{3}[ .]?\d{3}[ .]?\d{2})(?![\w-])"
)
_PESEL = re.compile(r"(?<![\w-])(?P<value>\d{11})(?![\w-])")
_NINO = re.compile(
    r"(?<![\w-])(?P<value>(?i:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])\s?\d{2}\s?\d{2}\s?\d{2}\s?"
    r"(?i:[A-D]))(?![\w-])"
)


def codice_fiscale_valid(value: str) -> bool:
    code = value.upper()
    total = sum(
        _CF_ODD[ch] if i % 2 == 0 else (int(ch) if ch.isdigit() else ord(ch) - 65)
        for i, ch in enumerate(code[:15])
    )
    return chr(65 + total % 26) == code[15]


def dni_valid(value: str) -> bool:
    code = value.upper().replace("-", "")
    lead = "XYZ".find(code[0])
    digits = code[1:-1] if lead >= 0 else code[:-1]
    if len(digits) != (7 if lead >= 0 else 8):
        return False
    number = int(digits) + (lead * 10_000_000 if lead >= 0 else 0)
    return _DNI_LETTERS[number % 23] == code[-1]


def nir_valid(value: str) -> bool:
    code = re.sub(r"[ .]", "", value).upper()
    if len(code) != 15:
        return False
    body = code[:13].replace("2A", "19").replace("2B", "18")
    if not body.isdigit():
        return False
    return 97 - int(body) % 97 == int(code[13:])


def pesel_valid(value: str) -> bool:
    digits = [int(ch) for ch in value]
    month, day = int(value[2:4]) % 20, int(value[4:6])
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return False
    check = (10 - sum(w * d for w, d in zip(_PESEL_WEIGHTS, digits, strict=False)) % 10) % 10
    return check == digits[10]


class NationalIdRecognizer(RegexRecognizer):
    ENTITY = "ID_NUMBER"
    rules = (
        Rule("codice fiscale with its check letter", _CODICE_FISCALE, 0.6),
        Rule("DNI or NIE with its check letter", _DNI, 0.55),
        Rule("NIR with its key", _NIR, 0.55),
        Rule("PESEL with its check digit and a birth date", _PESEL, 0.45),
        Rule("National Insurance number", _NINO, 0.5),
    )

    def prefilter(self, text: str) -> bool:
        return digit_count(text) >= 6

    def validate(self, value: str, score: float, match: re.Match[str]) -> float | None:
        return score if _CHECKS[match.re](value) else None


def _nino_valid(value: str) -> bool:
    return value[:2].upper() not in _NINO_BAD_PREFIXES


_CHECKS: dict[re.Pattern[str], Callable[[str], bool]] = {
    _CODICE_FISCALE: codice_fiscale_valid,
    _DNI: dni_valid,
    _NIR: nir_valid,
    _PESEL: pesel_valid,
    _NINO: _nino_valid,
}
