"""Street addresses in each supported locale's order, with the lines that belong to them.

The street line is found first, in any of the orders the supported locales use:

- number first, street type last: ``221B Baker Street``, ``5/12 Smith St`` (US, GB, IE, AU);
- number first, type first: ``12, rue de la Paix``, ``8 avenue Victor Hugo`` (FR);
- type first, number last: ``Via Roma 12``, ``Calle Mayor, 5``, ``ul. Długa 12/3``,
  ``Avenida de la Constitución nº 7`` (IT, ES, PL, PT);
- a compound street name, number last: ``Hauptstraße 12``, ``Kerkstraat 12a``,
  ``Schillerstr. 5``, ``Am Markt 3`` (DE, NL);
- post-office boxes: ``PO Box 1234``, ``Postfach 12 34``, ``BP 123``, ``Apartado 45``.

Then the block is extended over what follows on the same line after a comma, or on the next
line: apartment, flat, suite and floor parts; a postcode and town in that locale's form
(``75001 Paris``, ``1234 AB Amsterdam``, ``00-950 Warszawa``, ``Springfield, IL 62704``,
``London SW1A 1AA``, ``Sydney NSW 2000``, ``Dublin D02 X285``); a town or a country. A unit
part before the street ("Flat 3, 12 High Street") belongs to it too. Postcode-and-town lines
on their own are found with the UK, US, Canadian, Irish and Dutch postcode shapes, which are
distinctive, and after an address word ("postcode", "PLZ", "code postal", "CAP").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from persona_batch.core.phrase_search import PhraseFirst
from persona_batch.privacy.recognisers.base import (
    RegexRecognizer,
    Rule,
    alternation,
    lower_alternation,
)
from persona_batch.privacy.recognisers.counts import digit_count
from persona_batch.privacy.recognisers.dates import MONTH_WORDS, WEEKDAYS
from persona_batch.privacy.recognisers.street_words import (
    AU_STATES,
    CA_PROVINCES,
    COMPOUND_SUFFIXES,
    CUED_EN,
    FR_TYPES,
    SEPARATE_TYPES,
    SOUTH_TYPES,
    STRONG_EN,
    UNIT_WORDS,
    US_STATES,
    WEAK_EN,
)

_PO_BOX = (
    r"(?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box|GPO\s+Box|Locked\s+Bag|Postfach|Postbus|"
    r"B\.?P\.?|Boîte\s+postale|Apartado(?:\s+de\s+correos)?|Casella\s+postale|C\.?P\.?|"
    r"skrytka\s+pocztowa|skr\.\s*poczt\.|Caixa\s+postal|Apdo\.?|Antwoordnummer|Freepost)"
    r"\s*\.?\s*\d{1,6}(?:[ ]\d{2,4}){0,3}"
    r"|(?-i:CS)[ ]\d{5}"  # a French firm's "correspondance spéciale" box: "CS 28424"
)
_U = r"A-ZÀ-ÖØ-ÞĀ-ŽŁŚŻŹĆŃÓĘĄ"
_L = r"a-zß-öø-ÿā-žłśżźćńóęą"
_CAP = rf"[{_U}][{_U}{_L}'’.\-]*"
_CAP_WORD = (
    r"(?!(?i:the|a|an|and|or|of|in|on|at|to|for|with|from|by|is|was|if|when|as)(?![\w'’\-]))"
    rf"[{_U}][{_U}{_L}'’\-]*"
)
"""A capitalised word, no function word ("UNIT 51 89 HARRIS LITTLE WITH THE NEIGHBOUR")."""
_WORD = rf"[{_U}{_L}][{_U}{_L}'’.\-]*"
_NUM = r"\d{1,5}[A-Za-z]?(?:\s?[-/]\s?\d{1,5}[A-Za-z]?)?"
_TOWN_WORD = rf"[{_U}][{_U}{_L}'’\-]*"
_TOWN = rf"{_TOWN_WORD}(?:[ \-](?:{_TOWN_WORD}|upon|on|am|an|der|sur|de|del|di|la|le|en|im|in|bei|aan|den)){{0,3}}"
_NO_TOWN = r"(?:THE|A|AN|AND|OR|OF|IN|ON|AT|TO|FOR|WITH|FROM|IS|WAS|AS)(?![\w'’\-])"
"""An English function word in capitals: no town starts with one ("2619 AS THE DELIVERY
ADDRESS" is no Dutch postcode and town)."""
_ANY_TOWN = rf"(?:(?i:st|ste|mt|ft)\.[ ]?)?[{_U}{_L}][{_U}{_L}'’\-]*(?:[ \-][{_U}{_L}][{_U}{_L}'’\-]*){{0,3}}"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
_CA_POSTCODE = r"[A-Z]\d[A-Z]\s?\d[A-Z]\d"
_EIRCODE = r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?=\d{0,3}[AC-FHKNPRTV-Y])[0-9AC-FHKNPRTV-Y]{4}"
"""An Eircode; its last four have a letter (a bare "T937718" is an order number)."""
_ROUTING_KEY = r"[AC-FHKNPRTV-Y]\d{2}"
"""An Eircode's routing key ("F24"): after an address, with four digits, a postcode too."""
_DIRECTION = r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)(?![\w]))?"
_LINK = r"(?:\s*,\s*|\s*\r?\n\s*|\s+[-–]\s+)"

_PLAIN_WORD = rf"(?!(?i:the|a|an|and|or|of|in|on|at|to|for|with|from|my|our|is|was)[ \t,])[{_U}{_L}][{_U}{_L}'’.\-]*"
_LOCALITY = (
    rf"(?<![{_U}{_L}'’.\-])(?!(?i:the|a|an|and|or|of|in|on|at|to|for|with|from|my|our|is|was)[ \t,])"
    rf"(?:{_ANY_TOWN}),?[ \t]+(?:(?i:{alternation(US_STATES)})[ \t]+\d{{5}}(?:-\d{{4}})?"
    rf"|(?i:{alternation(AU_STATES)})[ \t]+\d{{4}}|(?i:{_UK_POSTCODE}))(?![\w])"
)
"""A US town, state and ZIP code, an Australian town, state and postcode, or a British town
and postcode, in any case: a line distinctive enough to say the words before it are a street
("0323 Ramirez Common Apt. 212, West Andreamouth, UT 71921", "66 brown gate, tammymouth sa
0941", "49 hazel cove, cardiff l01 9zf", "52110 cox burg apt. 339, martinezchester, mi
03203"), though "Common" and "Station" are ordinary words."""
_ADDRESS_CUE_WORDS = (
    r"(?:(?:postal\s+|correspondence\s+|delivery\s+|billing\s+|shipping\s+|new\s+|home\s+)?address"
    r"(?:\s+(?:on\s+file|confirmed|is(?:\s+now)?|was|should\s+be|will\s+be|(?:has\s+)?changed\s+to|to))?|addressed\s+to|deliver(?:ed|ing|s)?(?:\s+[\w-]+){0,3}\s+to|send(?:\s+[\w-]+){0,3}\s+to"
    r"|ship(?:ped|ping|s)?\s+to|post(?:ed|ing)?\s+to|mail(?:ed|ing)?\s+to|lives\s+at|living\s+at|moved\s+to|meet\s+(?:me\s+)?at"
    r"|go\s+to|is\s+at|venue|street|adres|adresse|dirección|direccion|indirizzo|anschrift|lieferadresse|adresa"
    r"|(?<=,[ \t])not|(?<=,)not|instead\s+of|rather\s+than)"
)
_ADDRESS_CUE = rf"(?i:{_ADDRESS_CUE_WORDS})"
"""Words that announce an address: after them a street line may be in any case and use any
street type ("send it to 77 haley thoroughfare"), which elsewhere needs capitals; and words
that set one address against another ("go to flat 2, not 206 estrada colonnade")."""
_ANY_WORDS = rf"(?:(?!(?:the|a|an|and|or|of|for|with|my|our|your|is|was|if|that|it|as|too|so)\s)[{_U}{_L}][{_L}{_U}'’.\-]+[ \t]+){{1,3}}"

_NAME_CHAR = rf"[{_U}{_L}'’.\-]"
_TWO_WORDS_THEN_NUMBER = rf"(?={_NAME_CHAR}++(?:[ ]{_NAME_CHAR}++)?\s+\d)"
"""What a compound street name and its number start with: one or two words of name characters,
then a number. Checked first (possessive, so in one pass), it spares the street-name rule
trying every street suffix at every letter of every word; it never rejects a match of it."""

_STREET_RULES = (
    Rule(
        "number, name, any street type after an address word (any case)",
        PhraseFirst(
            re.compile(
                rf"(?<![\w]){_ADDRESS_CUE}\s*:?\s*(?:(?i:{alternation(UNIT_WORDS)})\s*[\w-]{{1,6}},?\s+)?"
                rf"(?P<value>{_NUM},?[ \t]+{_ANY_WORDS}(?i:{alternation(STRONG_EN + WEAK_EN + CUED_EN)})s?\.?)(?![\w-])",
                re.IGNORECASE,
            ),
            rf"(?<![\w]){_ADDRESS_CUE_WORDS}",
        ),
        0.6,
    ),
    Rule(
        "unit, house number and a capitalised name",
        PhraseFirst(
            re.compile(
                rf"(?<![\w])(?P<value>(?i:{alternation(UNIT_WORDS)})\.?[ \t]*(?:No\.?|#)?[ \t]*\d{{1,4}}[A-Za-z]?"
                rf",?[ \t]+[1-9]\d{{0,3}}[A-Za-z]?,?[ \t]+(?:{_CAP_WORD}[ \t]+){{0,2}}{_CAP_WORD})"
                r"(?![\w'’.\-])"
            ),
            rf"(?<![\w])(?:{lower_alternation(UNIT_WORDS)})",
        ),
        0.5,
    ),
    Rule(
        "unit, name, street type (any case)",
        PhraseFirst(
            re.compile(
                rf"(?<![\w])(?P<value>(?i:{alternation(UNIT_WORDS)})\s*(?:No\.?|#)?\s*\d[\w-]{{0,5}},?[ \t]+"
                rf"{_ANY_WORDS}(?i:{alternation(STRONG_EN + WEAK_EN)})s?\.?)(?![\w-])",
                re.IGNORECASE,
            ),
            rf"(?<![\w])(?:{lower_alternation(UNIT_WORDS)})",
        ),
        0.55,
    ),
    Rule(
        "number, name, street type",
        re.compile(
            rf"(?<![\w/])(?P<value>{_NUM},?\s+(?:(?:{_CAP}|Saint|St\.|\d{{1,3}}(?:st|nd|rd|th))\s+){{1,4}}(?i:{alternation(STRONG_EN + WEAK_EN)})s?\.?{_DIRECTION})(?![\w-])"
        ),
        0.6,
    ),
    Rule(
        "number, name, street type (any case)",
        re.compile(
            rf"(?<![\w/])(?P<value>{_NUM},?[ \t]+(?:(?!(?:the|a|an|on|in|at|to|of|and|or|for|with|my|our|your|is|was|are|if|that|it|this|so|but|not)\s)[{_U}{_L}][{_L}{_U}'’.\-]+[ \t]+){{1,3}}(?:{alternation(STRONG_EN)})s?\.?{_DIRECTION})(?![\w-])",
            re.IGNORECASE,
        ),
        0.5,
    ),
    Rule(
        "number, name, street type (and a unit) on a line of its own (any case)",
        re.compile(
            rf"(?m)^[ \t]*(?P<value>{_NUM},?[ \t]+{_ANY_WORDS}(?i:{alternation(STRONG_EN + WEAK_EN)})s?\.?"
            rf"(?:,?[ \t]+(?i:{alternation(UNIT_WORDS)})\.?[ \t]*\#?[\w-]{{1,6}})?)[ \t]*,?[ \t]*$",
            re.IGNORECASE,
        ),
        0.5,
    ),
    Rule(
        "number, type, name (French)",
        re.compile(
            rf"(?<![\w/])(?P<value>{_NUM}(?:\s?(?:bis|ter))?,?\s+(?:{alternation(FR_TYPES)})\s+"
            rf"(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|la|le|les|l['’])\s*)?{_WORD}(?:[ \-](?:{_CAP}|de|du|des|la|le|les|et|d['’]\w+|l['’]\w+)){{0,4}})",
            re.IGNORECASE,
        ),
        0.6,
    ),
    Rule(
        "type, name, number",
        PhraseFirst(
            re.compile(
                rf"(?<![\w])(?P<value>(?:{alternation(SOUTH_TYPES)})\s*"
                rf"(?:[ \-]*(?:{_WORD}|d['’]\w+|l['’]\w+)){{1,5}}?\s*,?\s*(?:n[º°o]\.?\s*|nr\.?\s*)?\d{{1,4}}[A-Za-z]?(?:\s?/\s?\d{{1,4}}[A-Za-z]?)?)(?![\w])",
                re.IGNORECASE,
            ),
            rf"(?<![\w])(?:{lower_alternation(SOUTH_TYPES)})",
        ),
        0.6,
    ),
    Rule(
        "Spanish 'C.' street, number, and a floor, door or postcode after it",
        re.compile(
            rf"(?<![\w])(?P<value>C\.[ \t]?(?:(?:de|del)[ \t]+(?:(?:la|los|las)[ \t]+)?)?{_CAP}"
            rf"(?:[ \t]+(?:de|del|la|los|las|y|{_CAP})){{0,4}},?[ \t]+"
            r"\d{1,4}[A-Za-z]?)(?=,?[ \t]*(?:(?i:piso|puerta|esc\.|escalera|bajo|apt\.?|\d{1,2}\s?º)"
            r"|,?[ \t]*\r?\n?[ \t]*\d{5}(?!\d)))"
        ),
        0.55,
    ),
    Rule(  # any case, so "de" or "del" must follow: "c. de martín botella 8 puerta 9"
        "Spanish 'c. de' street in any case, number, and a floor, door or postcode after it",
        re.compile(
            r"(?<![\w])(?P<value>c\.[ \t]?(?:de|del)[ \t]+(?:(?:la|los|las)[ \t]+)?[^\W\d_]{2,}"
            r"(?:[ \t]+[^\W\d_]+){0,3},?[ \t]+\d{1,4}[a-z]?)"
            r"(?=,?[ \t]*(?:piso|puerta|esc\.|escalera|bajo|\d{1,2}\s?º)|,?[ \t]*\r?\n?[ \t]*\d{5}(?!\d))",
            re.IGNORECASE,
        ),
        0.55,
    ),
    Rule(
        "compound street name, number",
        re.compile(
            rf"(?<![\w]){_TWO_WORDS_THEN_NUMBER}(?P<value>(?:{_CAP}[ \-])?{_CAP}(?:{alternation(COMPOUND_SUFFIXES)})\.?\s+\d{{1,4}}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{{1,4}}[a-zA-Z]?)?)(?![\w])",
            re.IGNORECASE,
        ),
        0.55,
    ),
    Rule(
        "name, separate type word, number",
        re.compile(
            rf"(?<![\w])(?P<value>(?:(?:Am|An\s+der|Auf\s+dem|Im|In\s+der|Zum|Zur|Op\s+de|Aan\s+de|{_CAP})\s+)(?:{alternation(SEPARATE_TYPES)})\s+\d{{1,4}}\s?[a-z]?)(?![\w])"
        ),
        0.55,
    ),
    Rule(
        "number and words, then a US, Australian or British town and postcode (any case)",
        re.compile(
            rf"(?<![\w/])(?P<value>{_NUM},?[ \t]+(?:{_PLAIN_WORD}[ \t]+){{1,3}}{_PLAIN_WORD}"
            rf"(?:,?[ \t]+(?:(?i:{alternation(UNIT_WORDS)})\.?[ \t]*\#?|\#)\d[\w-]{{0,5}})?)"
            rf"(?=[ \t]*,?[ \t]*(?:\r?\n[ \t]*)?{_LOCALITY})"
        ),
        0.55,
    ),
    Rule(
        "post-office box", re.compile(rf"(?<![\w])(?P<value>{_PO_BOX})(?![\w])", re.IGNORECASE), 0.6
    ),
    Rule(
        "postcode line (UK, Irish, Canadian, Dutch, US)",
        re.compile(
            rf"(?<![\w])(?P<value>(?:{_TOWN},?\s+)?(?:{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE})"
            rf"|\d{{4}}\s?[A-Z]{{2}}\s+(?!{_NO_TOWN}){_TOWN}"
            rf"|{_TOWN},?\s+(?:{alternation(US_STATES)})\s+\d{{5}}(?:-\d{{4}})?"
            rf"|{_TOWN},?\s+(?:{alternation(AU_STATES)})\s+\d{{4}})(?![\w])"
        ),
        0.5,
    ),
    Rule(
        "postcode and town on a line of their own",
        re.compile(
            rf"(?m)^[ \t]*(?P<value>(?:\d{{5}}|\d{{2}}-\d{{3}})\s+{_TOWN}(?:\s*\([A-Z]{{2}}\))?)[ \t]*$"
        ),
        0.45,
    ),
    Rule(
        "the rest of the line after a town-and-postcode label",
        PhraseFirst(
            re.compile(
                r"(?<![\w])(?:town|city|suburb|locality)(?:\s*(?:and|&|/|,)\s*(?:post\s?code|"
                r"zip(?:\s+code)?|state|county))+\s*:[ \t]*(?P<value>[^\n]{3,60}?)[ \t.]*$",
                re.IGNORECASE | re.MULTILINE,
            ),
            r"(?<![\w])(?:town|city|suburb|locality)",
        ),
        0.5,
    ),
    Rule(
        "postcode after an address word",
        re.compile(
            r"(?<![\w])(?i:post\s?code|postal\s+code|zip(?:\s+code)?|plz|postleitzahl|code\s+postal|"
            r"cp|c\.p\.|código\s+postal|cap|postcode|kod\s+pocztowy)(?:\s+[a-z]+){0,4}\s*:?\s*"
            rf"(?P<value>[A-Z0-9]{{2,4}}[\s-]?[A-Z0-9]{{2,4}}(?:\s+{_TOWN})?)(?![\w])"
        ),
        0.5,
    ),
)

_FLOOR = (
    r"\d{1,2}(?:e|er|ème|º|°|ª|\.|-|th|st|nd|rd)?\s?(?:étage|etage|stock|og|hoog|piano|piso|planta|floor|piętro)"
    r"|(?:ground|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top)\s+floor"
    r"|basement|rez-de-chauss[ée]e|(?:premier|première|deuxième|troisième|quatrième)\s+étage"
    r"|piano\s+terra|(?:primo|secondo|terzo|quarto)\s+piano|planta\s+baja"
    r"|(?:primera|segunda|tercera|cuarta)\s+planta|erdgeschoss|(?:erster|zweiter|dritter|vierter)\s+stock"
    r"|begane\s+grond|(?:eerste|tweede|derde|vierde)\s+verdieping"
    r"|parter|(?:pierwsze|drugie|trzecie|czwarte)\s+piętro"
)
"""A floor, in figures ("2nd floor", "3e étage", "1. OG") or in words ("second floor", "primo
piano", "zweiter Stock", "begane grond")."""
_UNIT = (
    rf"(?:{alternation(UNIT_WORDS)})(?:\s*(?:No\.?|n[º°o]\.?|#)?\s*[\w-]{{1,6}})?"
    rf"|{_FLOOR}|\d{{1,2}}\s?[º°ª]\s?[A-Z0-9]?(?:\s?\d{{1,2}}[ªº])?"
)
_POSTCODE = rf"(?:\d{{5}}|\d{{4}}\s?[A-Z]{{2}}|\d{{2}}-\d{{3}}|\d{{4}}|[A-Z]-?\d{{4,5}}|{_UK_POSTCODE}|{_EIRCODE})"
_STATES = alternation(US_STATES + CA_PROVINCES + AU_STATES)
_COUNTY = rf"[{_U}{_L}][{_U}{_L}'’\-]+"
"""An Irish county after "Co." or "County": one word ("Co. Meath")."""
_UNIT_TAIL = re.compile(rf"(?:{_LINK}|\s+)(?P<tail>{_UNIT})(?![\w])", re.IGNORECASE)
_POSTCODE_TAIL = re.compile(
    rf"(?:{_LINK}|\s+)(?P<tail>(?i:{_POSTCODE})\s+(?P<town>{_ANY_TOWN})(?:\s*\([A-Za-z]{{2}}\))?"
    r"(?:\s+(?:CEDEX|Cedex)(?:\s\d{1,2})?)?)(?![\w])"
)
_TAIL = re.compile(
    rf"{_LINK}(?P<tail>(?i:Co\.|County)\s+{_COUNTY}|{_TOWN}(?:,?\s+(?:{_STATES}))?,?\s+(?:\d{{5}}(?:-\d{{4}})?|\d{{4}}|{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE})"
    rf"|{_TOWN}(?:,?\s+(?:{_STATES}))?"
    r")(?![\w])"
)
_LOWER_TAIL = re.compile(
    rf"{_LINK}(?P<tail>(?:{_ANY_TOWN},?\s+)?(?:Co\.|County)\s+{_COUNTY}"
    rf"|{_ANY_TOWN}(?:,?\s+(?:{_STATES}))?,?\s+(?:\d{{5}}(?:-\d{{4}})?|\d{{4}}|{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE}))(?![\w])",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(
    rf"(?<![\w])(?:{_UNIT})\s*,?\s*(?:[^\W\d][^\n\d,;.:]{{0,40}},[ \t]*)?$", re.IGNORECASE
)
"""A unit before the street, with its building's name between ("Flat 15, Harbour House, 49
Hazel Cove")."""
_UNIT_LINE_ABOVE = re.compile(
    rf"(?m)^[ \t]*(?P<unit>(?i:{alternation(UNIT_WORDS)})\.?[ \t]*\#?\d[\w-]{{0,5}}"
    r"(?:[ \t]*,[ \t]*[^\W\d][^\n\d,]{0,40})?)[ \t]*,?[ \t]*\r?\n[ \t]*$"
)
"""A unit on the line above the street, with its building's name ("flat 47, orchard house")."""
_STOP_TOWN = frozenset(
    [
        "in",
        "on",
        "at",
        "for",
        "to",
        "by",
        "from",
        "with",
        "or",
        "since",
        "before",
        "after",
        "next",
        "last",
        "is",
        "was",
        "please",
        "not",
        "nicht",
        "pas",
        "non",
        "niet",
        "nie",
        "i",
        "we",
        "he",
        "she",
        "they",
        "it",
        "you",
        "the",
        "this",
        "that",
        "thanks",
        "thank",
        "please",
        "regards",
        "cheers",
        "best",
        "but",
        "and",
        "so",
        "then",
        "also",
        "which",
        "who",
        "where",
        "when",
        "until",
        "till",
        "as",
    ]
)


class StreetAddressRecognizer(RegexRecognizer):
    ENTITY = "STREET_ADDRESS"
    rules = _STREET_RULES

    def prefilter(self, text: str) -> bool:
        return digit_count(text) > 0

    def candidates(self, text: str) -> Iterable[tuple[int, int, float, str]]:
        for start, end, score, rule in super().candidates(text):
            before = _UNIT_BEFORE.search(text[max(0, start - 80) : start])
            if before:
                start = max(0, start - 80) + before.start()
            above = _UNIT_LINE_ABOVE.search(text, max(0, start - 80), start)
            if above:
                start = above.start("unit")
            lead = _LEADING_WORD.match(text, start, end)
            if lead and lead.group(1).casefold() in _STOP_TOWN:  # "to tulpenboulevard 61"
                start = lead.end()
            if rule in _TOWN_LINE_RULES:
                street = _STREET_BEFORE.search(text, max(0, start - 80), start)
                if street:  # "101 Barrera Part\nCairns SA 3640": any street type above a town
                    start = street.start("street")
            yield start, _extend(text, end), score, rule


_TOWN_LINE_RULES = frozenset(
    {"postcode line (UK, Irish, Canadian, Dutch, US)", "postcode and town on a line of their own"}
)
_HOUSE = r"\d{1,5}[A-Za-z]?(?:/\d{1,5}[A-Za-z]?)*[ \t]+"
_STREET_BEFORE = re.compile(
    rf"(?:^|(?<=\n)|(?<=[.:;!?][ ]))[ \t]*(?P<street>(?:(?i:{alternation(UNIT_WORDS)}|Level)"
    rf"\s*[\w/-]{{1,10}},?[ \t]+(?:{_HOUSE})?|{_HOUSE})"
    rf"[{_U}{_L}][{_U}{_L}'’.\-]*(?:[ \t]+[{_U}{_L}][{_U}{_L}'’.\-]*){{0,3}})"
    r"[ \t]*(?:,[ \t]*|\r?\n[ \t]*)$"
)
"""A house number and one to four words alone before a town-and-postcode line (on the line
above it, or before its comma): the street, whatever its type."""
CALENDAR = MONTH_WORDS | WEEKDAYS
_LEADING_WORD = re.compile(r"([^\W\d_]+)[ \t]+(?=\S)")
"""A block's first word: a function word there ("to", "at") was read as a street name's first
word by a case-blind rule, and is not part of the address."""


_BARE_POSTCODE_TAIL = re.compile(
    rf"{_LINK}(?P<tail>\d{{2}}-\d{{3}}|\d{{4,5}}(?:-\d{{4}})?|\d{{4}}\s?[A-Z]{{2}}"
    rf"|(?i:{_UK_POSTCODE}|{_CA_POSTCODE}|{_EIRCODE})|{_ROUTING_KEY}[ ]\d{{4}})"
    r"(?=[ \t]*(?:[.;,)]|\r?\n|$))"
)
"""A postcode alone that closes the block ("ul. Długa 5, second floor, 78-051.", "12 Smith
Street, 3853.", "12 hope street, g6 6qx.", "4 Main Street, c37 0y9c."): after an address,
four or five digits are its postcode, not a count, and a UK or Canadian postcode or an Eircode
may be in lower case."""


_ENDS_IN_POSTCODE = re.compile(r"(?<![\d-])\d{4,5}$")
_TOWN_AFTER = re.compile(rf"[ \t]+(?P<tail>{_TOWN})(?![\w])")
"""The town after a postcode that closed a line read as a town and its postcode."""


def _extend(text: str, end: int) -> int:
    """The end of the address block that starts before ``end``: units, postcode, town lines."""
    for _ in range(5):
        match = (
            _UNIT_TAIL.match(text, end)
            or _postcode_tail(text, end)
            or _LOWER_TAIL.match(text, end)
            or _TAIL.match(text, end)
            or _BARE_POSTCODE_TAIL.match(text, end)
        )
        if match is None:
            break
        tail = match.group("tail")
        first = tail.split()[0].strip(",.").casefold() if tail.split() else ""
        if first in _STOP_TOWN:
            break
        end = match.end("tail")
        town = _TOWN_AFTER.match(text, end) if _ENDS_IN_POSTCODE.search(tail) else None
        first_town = town.group("tail").split()[0].casefold() if town is not None else ""
        if town is not None and first_town not in _STOP_TOWN and first_town not in CALENDAR:
            end = town.end("tail")  # "Résidence les Tilleuls, 70816 Marseille"
    return end


def _postcode_tail(text: str, end: int) -> re.Match[str] | None:
    """A postcode and town after the block, the town cut before the first stop word."""
    match = _POSTCODE_TAIL.match(text, end)
    if match is None:
        return None
    words = match.group("town").split()
    keep = 0
    for word in words:
        if word.casefold() in _STOP_TOWN or word.casefold().strip(".,") in CALENDAR:
            break
        keep += 1
    if keep == len(words):
        return match
    if keep == 0:
        return None
    cut = match.start("town") + len(" ".join(words[:keep]))
    return _POSTCODE_TAIL.match(text[:cut], end)
