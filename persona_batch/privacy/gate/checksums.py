"""Check digits the gate validates with: Luhn for cards, ISO 13616 mod-97 for IBANs.

Written here on purpose: the gate shares no code with detection, so a bug in one cannot hide the
same value from both.
"""

from __future__ import annotations

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
"""Full IBAN length per country of the SWIFT IBAN registry; a code not listed is not an IBAN."""


def luhn_valid(digits: str) -> bool:
    """Whether a string of ASCII digits passes the Luhn check (cards' last digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` Luhn-valid."""
    for digit in "0123456789":
        if luhn_valid(partial + digit):
            return digit
    raise AssertionError("unreachable: one of ten digits always completes a Luhn sum")


def _mod97(code: str) -> int:
    """ISO 7064 mod 97-10 of an upper-case alphanumeric string, letters as 10..35."""
    remainder = 0
    for char in code:
        value = int(char, 36)
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
    return remainder


def iban_valid(compact: str) -> bool:
    """Whether an IBAN without spaces has a registry country, its length and a valid check."""
    code = compact.upper()
    if len(code) != IBAN_LENGTHS.get(code[:2], -1) or not code.isascii() or not code.isalnum():
        return False
    if not code[2:4].isdigit():
        return False
    return _mod97(code[4:] + code[:4]) == 1


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits of ``country`` + ``bban`` (to build valid IBANs in tests)."""
    remainder = _mod97((bban + country + "00").upper())
    return f"{98 - remainder:02d}"
