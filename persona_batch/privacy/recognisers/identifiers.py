"""Identity and account numbers, found by what introduces them.

Driver's licences, passports, national ID cards, social security, tax, health, account,
member and customer numbers have a different shape in every country and issuer, and many
shapes (eight digits, a letter and seven digits) are also order numbers and counts. What makes
them identifiable is the phrase before them: "licence number", "passport no.", "member ID",
"Ausweisnummer", "numéro de passeport", "DNI", "PESEL", "codice fiscale", "BSN". The value is
the code right after the phrase (and "number", "no.", "#", ":", "is" between them): one token
of letters and digits with at least two digits, plus up to four short groups that belong to it
("QQ 12 34 56 C").
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers.base import (
    RegexRecognizer,
    Rule,
    after_phrase,
)
from persona_batch.privacy.recognisers.counts import digit_count

PHRASES: tuple[str, ...] = (
    # English
    "driver's licence",
    "drivers licence",
    "driver licence",
    "driving licence",
    "driver's license",
    "drivers license",
    "driver license",
    "driving license",
    "licence",
    "license",
    "DL",
    "passport",
    "passport number",
    "national id",
    "national identity",
    "national insurance",
    "NI number",
    "NINO",
    "id card",
    "identity card",
    "ID",
    "ID number",
    "ID no",
    "identification",
    "personal id",
    "personal number",
    "social security",
    "SSN",
    "SIN",
    "tax id",
    "tax number",
    "TIN",
    "TFN",
    "medicare",
    "NHS number",
    "NHS no",
    "PPS number",
    "PPSN",
    "health insurance",
    "insurance number",
    "policy number",
    "policy no",
    "account",
    "account number",
    "account no",
    "acct",
    "bank account",
    "member",
    "member id",
    "member number",
    "membership",
    "membership number",
    "customer id",
    "customer number",
    "customer no",
    "client id",
    "client number",
    "patient id",
    "patient number",
    "employee id",
    "employee number",
    "staff number",
    "student id",
    "student number",
    "loyalty number",
    "card number",
    "reference number",
    "badge number",
    "voter id",
    "residence permit",
    # German
    "Ausweis",
    "Ausweisnummer",
    "Personalausweis",
    "Personalausweisnummer",
    "Reisepass",
    "Reisepassnummer",
    "Passnummer",
    "Führerschein",
    "Führerscheinnummer",
    "Kontonummer",
    "Steuer-ID",
    "Steueridentifikationsnummer",
    "Steuernummer",
    "Sozialversicherungsnummer",
    "Versichertennummer",
    "Krankenversicherungsnummer",
    "Mitgliedsnummer",
    "Kundennummer",
    # French
    "numéro de passeport",
    "passeport",
    "permis de conduire",
    "numéro de permis",
    "carte d'identité",
    "carte d’identité",
    "numéro de sécurité sociale",
    "sécurité sociale",
    "numéro fiscal",
    "NIR",
    "numéro client",
    "numéro de client",
    "numéro de compte",
    "numéro d'adhérent",
    "numéro de membre",
    # Spanish
    "DNI",
    "NIE",
    "NIF",
    "pasaporte",
    "número de pasaporte",
    "carnet de conducir",
    "permiso de conducir",
    "número de la seguridad social",
    "seguridad social",
    "NSS",
    "número de cuenta",
    "número de socio",
    "número de cliente",
    "tarjeta sanitaria",
    # Italian
    "codice fiscale",
    "passaporto",
    "numero di passaporto",
    "patente",
    "numero di patente",
    "carta d'identità",
    "carta d’identità",
    "numero di conto",
    "numero cliente",
    "numero di tessera",
    "tessera sanitaria",
    "tessera",
    # Dutch
    "BSN",
    "burgerservicenummer",
    "paspoort",
    "paspoortnummer",
    "rijbewijs",
    "rijbewijsnummer",
    "identiteitskaart",
    "rekeningnummer",
    "klantnummer",
    "lidnummer",
    "polisnummer",
    "numer członkowski",
    "identifiant client",
    "identifiant",
    "codice cliente",
    "carné de conducir",
    "carnet",
    "Steuer-Identifikationsnummer",
    "Konto",
    "PPS",
    "membership is",
    "member number",
    # Polish
    "PESEL",
    "NIP",
    "dowód osobisty",
    "numer dowodu",
    "paszport",
    "numer paszportu",
    "prawo jazdy",
    "numer prawa jazdy",
    "numer konta",
    "numer klienta",
    "numer legitymacji",
    "legitymacja",
)
PHRASES += (
    "nr klienta", "nr konta", "nr dowodu", "nr paszportu", "nr PESEL", "numer członkowski",
    "identifiant client", "identifiant", "codice cliente", "carné de conducir", "carnet",
    "Steuer-Identifikationsnummer", "Konto", "PPS", "membership is", "member number",
    "ID card no", "id card number", "tax details",
    "loyalty", "loyalty card", "tax code", "fiscal code", "C.F.", "CF", "Pass", "rekening",
    "Versicherungsnummer", "Krankenkasse", "carte vitale", "numéro fiscal", "codice",
    # abbreviated and word-first forms: "conto n. - 95846875", "n. cliente 63736688",
    # "N° DE PERMIS: 260107001", "numer dowodu osobistego WHN095190"
    "conto", "conto corrente", "n. cliente", "n. conto", "n. tessera", "nº cliente",
    "n° client", "n° de client", "n° de compte", "n° de permis", "n° permis", "permis",
    "n° de passeport", "nº de cliente", "nº de cuenta", "nº de socio", "cuenta",
    "numer dowodu osobistego", "nr dowodu osobistego", "dowodu osobistego", "kundennr",
    "kunden-nr", "mitgliedsnr", "klantnr", "lidnr",
    # Polish inflects the document's name after "nr"/"numer": "nr prawa jazdy - 93794/20/8078"
    "prawa jazdy", "nr prawa jazdy",
)  # fmt: skip

_CONNECTOR = (
    r"(?i:\s*(?:[:#=(\-–,]|-?(?:numbers?|nos?\.|nos?|nr\.|nr|n\.|n[º°o]\.?|num\.?|id|is|was|are"
    r"|ending(?:\s+in)?|under|the|now|nummer|numéro|número|numero|numer|de|del|di|van|est|es|è|ist|jest|to)"
    r"(?!\w)))"
)
_VALUE = (
    r"(?P<value>(?=[A-Za-z0-9./-]*\d)[A-Za-z0-9][A-Za-z0-9./-]{3,24}(?<![./-])"
    r"(?:[ ](?:\d[A-Za-z0-9]*|[A-Z]{1,2}(?![a-z])|[A-Za-z]+\d[A-Za-z0-9]*)){0,4}"
    r"|[A-Z]{1,3}(?:[ -]\d{2,6}){1,4}(?:[ -][A-Z](?![a-z]))?"
    r"|\d{2,4}(?:[ -]\d{2,6}){1,4})"
)
_RULE = after_phrase(
    PHRASES, rf"(?![^\W\d_])(?:{_CONNECTOR}){{0,5}}\s*{_VALUE}(?![\w-])", rest_any_case=False
)


_PREFIXED = re.compile(r"(?<![\w-])(?P<value>[A-Za-z]{2,4}-\d{7,12})(?![\w-])")
_LETTERED = re.compile(r"(?<![\w-])(?P<value>[A-Z]{1,3}\d{8,12})(?![\w-])")
"""A passport's or ID card's shape, with no phrase before it ("C600734454", "X999999999"): an
order or ticket number of that length is rare, and covering one costs an analyst little."""


class ContextIdRecognizer(RegexRecognizer):
    ENTITY = "ID_NUMBER"
    rules = (
        Rule("code after an identifier phrase", _RULE, 0.45),
        Rule("prefix, dash and seven or more digits (MBR-2004338)", _PREFIXED, 0.4),
        Rule("capitals and eight or more digits (C600734454)", _LETTERED, 0.4),
    )
    """Below the specific recognisers: "SSN 536-22-1234" stays a US_SSN, "card number 4111…" a card."""

    def prefilter(self, text: str) -> bool:
        return digit_count(text) > 0

    def validate(self, value: str, score: float, match: re.Match[str]) -> float | None:
        compact = re.sub(r"[\s./-]", "", value)
        digits = sum(ch.isdigit() for ch in compact)
        if len(compact) < 5 or digits < 1 or (digits < 2 and len(compact) < 7):
            return None  # "PASSPORT #CKZ6RJVRY" has one digit; "licence v2.1" is a version
        if re.fullmatch(r"(?:19|20)\d\d", compact):  # "member since 2019"
            return None
        return score


_SSN_NEAR = re.compile(
    r"(?<!\w)(?i:ssn|social\s+security(?:\s+(?:number|no\.?))?|sozialversicherungsnummer|"
    r"sécurité\s+sociale|seguridad\s+social)(?!\w)[^\n]{0,100}?"
    r"(?<![\d-])(?P<value>\d{3}(?P<sep>[- ]?)\d{2}(?P=sep)\d{4})(?![\d-])"
)


class NearbySsnRecognizer(RegexRecognizer):
    """A US social security number a few words after "SSN" or "social security" (Presidio's
    own recogniser scores an unseparated nine-digit run too low to count on its own)."""

    ENTITY = "US_SSN"
    rules = (Rule("nine digits near an SSN phrase", _SSN_NEAR, 0.6),)

    def prefilter(self, text: str) -> bool:
        return digit_count(text) >= 9

    def validate(self, value: str, score: float, match: re.Match[str]) -> float | None:
        digits = re.sub(r"\D", "", value)
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
            return None
        return score
