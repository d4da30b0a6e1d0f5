"""A postcode given on its own, by the word that names it: "Il CAP è 83014", "PLZ: 30915",
"my zip is 94107", "kod pocztowy 78-051", "postcode SW1A 1AA".

A postcode inside an address block is found with the block (:mod:`addresses`); this is the
postcode written apart from any street. The word for it in each supported language comes
first ("CAP" in capitals only: a "cap of 2000" is no postcode), then an optional verb or
colon (or a "for ..." naming whose postcode it is, then a colon on the same line: "Postcode
for 4 George St: 2972"), then one postcode shape of a supported locale: four or five digits
(DE, FR, IT, ES, US, AU, NL; a US ZIP+4 too), "NN-NNN" (PL), "NNNN AA" (NL) or a UK postcode.
A bare five-digit number is never a postcode without such a word ("order 83014").
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers.base import RegexRecognizer, Rule, alternation
from persona_batch.privacy.recognisers.counts import digit_count

_WORDS = (
    "postcode", "post code", "postal code", "zip", "zip code", "zipcode", "postleitzahl", "plz",
    "code postal", "código postal", "codigo postal", "il cap", "codice postale", "kod pocztowy",
)  # fmt: skip
_VERBS = r"(?:is|es|est|è|e|ist|to|jest|:|=|-|–)"
_SHAPES = (
    r"\d{5}(?:-\d{4})?",  # DE, FR, IT, ES; a US ZIP(+4)
    r"\d{2}-\d{3}",  # PL
    r"\d{4}(?:[ \t]?[A-Za-z]{2}(?![A-Za-z]))?",  # NL, AU, and the Netherlands' letters
    r"[A-Za-z]{1,2}\d[A-Za-z\d]?[ \t]?\d[A-Za-z]{2}",  # UK
)
_RULES = [
    Rule(
        "postcode after its name",
        re.compile(
            rf"(?<![\w-])(?:{alternation(_WORDS)}|(?-i:CAP))\.?[ \t]*(?:{_VERBS}[ \t]*)?"
            rf"(?P<value>{'|'.join(_SHAPES)})(?![\w-])",
            re.IGNORECASE,
        ),
        0.6,
    ),
    Rule(  # "Postcode for 4 George St, Sydney: 2972", "the zip code of the new office: 94107"
        "postcode of a place named before a colon",
        re.compile(
            rf"(?<![\w-])(?:{alternation(_WORDS)})[ \t]+(?:for|of|de|du|von|für|di|del|per|van|"
            rf"voor|dla)\b[^\n:;.?!]{{1,80}}:[ \t]*(?P<value>{'|'.join(_SHAPES)})(?![\w-])",
            re.IGNORECASE,
        ),
        0.6,
    ),
]


class PostcodeRecognizer(RegexRecognizer):
    ENTITY = "STREET_ADDRESS"
    rules = _RULES

    def prefilter(self, text: str) -> bool:
        return digit_count(text) > 0
