"""Phone numbers: ``phonenumbers``' matcher for the configured regions, and context.

1. :class:`RegionPhoneRecognizer` is Presidio's phone recogniser (``phonenumbers``' matcher,
   once per region) at the ``POSSIBLE`` leniency: a number of a possible length for the region,
   valid prefix or not (survey exports are full of numbers that ``VALID`` rejects: made-up
   area codes, old ranges). The looser matcher also takes years and amounts for local numbers,
   so a match must have seven digits or more and must not read as a year range, an amount or
   a version.
2. :class:`ContextPhoneRecognizer` finds a digit group of six to fifteen digits just after a
   phone context word in one of the supported languages ("call me on", "mobile:", "text me
   at", "Handy", "portable", "móvil", "cellulare", "mobiel", "komórka"): local numbers without
   an area code ("459 4596") and national formats of regions not configured ("(11) 9998-3425"),
   and such a group with whom to ask for after it ("671060713 - ask for Marta").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import phonenumbers
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from persona_batch.core.phrase_search import PhraseFirst
from persona_batch.privacy.recognisers.base import (
    RegexRecognizer,
    Rule,
    after_phrase,
)
from persona_batch.privacy.recognisers.counts import digit_count

_DATE_SHAPE = re.compile(r"(?:\d{1,2}[./-]){2}\d{2,4}|\d{4}-\d{2}-\d{2}")
_SEVEN_DIGITS = re.compile(r"(?:\d[\s().\-/]{0,3}){7}")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s*[-–/]\s*(?:(?:19|20)?\d\d)$")
_AMOUNT = re.compile(
    r"^\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?$|^\d{1,2}(?:\s\d{3})+(?:[.,]\d{1,2})?$|[.,]\d{2}$"
)
"""Thousands grouped by commas or dots ("1,299,000"), or by spaces after a short first group
("1 234 567"); "733 713 391" is a phone number's grouping, not an amount's."""
_CURRENCY = re.compile(r"(?:[$€£¥]|\b(?:usd|eur|gbp|pln|zł|chf|aud|cad)\b)\s*$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:[$€£¥]|(?:usd|eur|gbp|pln|zł|zl|chf|aud|cad|euros?|dollars?|pounds?)\b)", re.IGNORECASE
)

CONTEXT_WORDS: tuple[str, ...] = (
    # English
    "call",
    "call me",
    "call me on",
    "call me at",
    "calling",
    "ring",
    "ring me",
    "phone",
    "phone number",
    "phone no",
    "telephone",
    "tel",
    "mobile",
    "mob",
    "cell",
    "cellphone",
    "landline",
    "text",
    "text me",
    "text me at",
    "texts",
    "sms",
    "whatsapp",
    "signal",
    "fax",
    "reach me",
    "reach me on",
    "reach me at",
    "messages to",
    "contact number",
    "number",
    "extension",
    "ext",
    "dial",
    # German, French, Spanish, Italian, Dutch, Polish
    "telefon",
    "telefonnummer",
    "handy",
    "handynummer",
    "mobil",
    "mobilnummer",
    "rufnummer",
    "anrufen",
    "anrufen unter",
    "erreichbar unter",
    "téléphone",
    "tél",
    "portable",
    "appelez-moi au",
    "joignable au",
    "teléfono",
    "móvil",
    "movil",
    "llámame al",
    "llamar al",
    "telefono",
    "cellulare",
    "chiamami al",
    "chiamare il",
    "telefoon",
    "telefoonnummer",
    "mobiel",
    "mobiele nummer",
    "bel me op",
    "bellen op",
    "numer telefonu",
    "komórka",
    "komórkowy",
    "zadzwoń pod",
    "pod numer",
    "my number",
    "ruf mich an",
    "meine nummer",
    "mon numéro",
    "mi número",
    "il mio numero",
    "mijn nummer",
    "mój numer",
)
CONTEXT_WORDS += (
    "contacted on", "contacted at", "contact me on", "contact me at", "reached on",
    "reached at", "get me on", "call back on", "callback", "call me back", "call me back on",
    "callback requested on", "call back", "kontakt", "contact", "contacto", "contatto",
    "appel", "un appel au", "rappeler", "me rappeler", "appeler", "contattatemi",
    "chiamatemi", "llamadme", "rückruf", "rückruf unter", "terugbellen", "bel me", "oddzwoń",
    "oddzwonisz", "code goes to", "sms to", "contacted again at", "contacted again on",
    "reached again at", "reached again on",
    # a call as a noun: "prefiere una llamada al 652…", "preferisce una telefonata al …"
    "llamada al", "una llamada al", "chiamata al", "una chiamata al", "telefonata al",
    "una telefonata al",
    # a call as a verb, however conjugated: "me llamas al 722…", "mi chiami al …"
    "llamas al", "llame al", "llámeme al", "llamen al", "llámenme al", "llamé al", "llamaré al",
    "llamaste al", "mi chiami al", "chiamate al", "chiamare al", "chiamato il", "appelle-moi au",
    "appelle moi au", "m'appeler au", "appelé au",
    # how to reach me, in words: "podéis contactarme en el 659…"
    "contactarme", "contactadme", "contáctame", "contáctenme", "contattarmi", "me contacter",
    "mich erreichen", "erreichbar unter", "mij bereiken", "bereikbaar op",
)  # fmt: skip

_ON = (
    r"is|es|est|ist|è|jest|to|on|at|au|al|op|pod|na|sur|unter|under|am|no\.?|it['’]?s|it\s+is"
    r"|el|il|le|the|en"
)
_MEANWHILE = (
    r"again|directly|anytime|any time|later|instead|now|today|tomorrow|weekdays|evenings|please|pls"
    r"|changed|has changed"
)
"""Words between a phone word and its number: "contacted again at 515-322", "my number
changed, it's 862 152"."""
_CONTEXT = after_phrase(
    CONTEXT_WORDS,
    rf"(?!\w)(?:\s+(?:{_MEANWHILE})(?!\w))?(?:\s*(?:[:#.,]|{_ON})(?!\w)){{0,2}}\s*"
    r"(?P<value>(?:\+|\()?\d[\d\s().\-/]{4,20}\d)",
)
_BRACKETED = re.compile(
    r"\((?!(?:19|20)\d\d(?:[ .\-](?:19|20)\d\d)*[ \t])(?P<value>\+?\d{2,4}(?:[ .\-]\d{2,5}){1,3})[ \t]+(?i:if|in[ \t]+case|when|whenever|or|for)"
    r"(?![\w])"
)
"""A number in brackets, then what it is for ("(270 831 if we need to reschedule)", "(0612 345
678 or email)"): how to reach someone, whoever stands before it; not years ("(2019 2020 for
comparison)")."""
_CALLS = r"(?:call|ring|text|phone|message|whatsapp|sms|bel|chiama|llama|appelle|ruf|zadzwoń\s+do)"
_CALL_SOMEONE = PhraseFirst(
    re.compile(
        rf"(?<!\w){_CALLS}\s+[^\W\d_]{{2,20}}\s+(?:{_ON})\s+"
        r"(?P<value>(?:\+|\()?\d[\d\s().\-/]{4,20}\d)",
        re.IGNORECASE,
    ),
    rf"(?<!\w){_CALLS}",
)
"""Someone's number: "call mary on 205 921", "bel Sanne op 06 …"."""
_ASK_FOR = (
    r"ask(?:ing)?[ \t]+for|ask[ \t]+to[ \t]+speak[ \t]+(?:to|with)|pregunt(?:a|ad|ar|e)[ \t]+por"
    r"|demande[rz]?|frag(?:en[ \t]+sie|t)?[ \t]+nach|chied(?:i|ete|ere)[ \t]+(?:di|per)"
    r"|vraag[ \t]+(?:naar|om)|(?:za)?pytaj[ \t]+o|poproś"
)
_THEN_ASK_FOR = re.compile(
    r"(?<![\w.+\-/])(?P<value>(?:\+|\()?\d[\d \t().\-/]{4,20}\d)"
    r"(?=[ \t]*(?:[-–—,;:(][ \t]*)?(?:(?:and|then|y|et|und|e|en|i)[ \t]+)?(?:"
    + _ASK_FOR
    + r")(?!\w))",
    re.IGNORECASE,
)
"""A number, then whom to ask for when calling it ("671060713 - ask for Marta", "0612 345 678 en
vraag naar Jan"): how to reach someone, with the phone word left out. Not an order's or a
ticket's number ("order 55123456 - ask for a refund")."""
_RECORD_BEFORE = re.compile(
    r"(?:(?<!\w)(?:order|ticket|case|invoice|ref|reference|booking|tracking|nr|no)\.?|#)[ \t:#]*$",
    re.I,
)
_LINE_ALONE = re.compile(r"(?m)(?:^|\|)[ \t]*(?P<value>\+?\d{9,13})[ \t]*(?:$|\|)")
_BARS = re.compile(r"(?m)\|[ \t]*(?P<value>(?:\+|\()?\d[\d \-().]{4,18}\d)[ \t]*(?:$|\|)")
"""Nine or more digits alone on a line or between the bars of a signature ("Ana Ruiz | analyst |
659682434"): a number with no label, which in free text is a phone or an id. Between bars a
grouped number counts too ("| 995 862")."""


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def looks_like_other_number(text: str, start: int, end: int) -> bool:
    """A year range, an amount or a version string rather than a phone number."""
    value = text[start:end].strip()
    if _YEAR_RANGE.match(value) or _CURRENCY.search(text[max(0, start - 5) : start]):
        return True
    if _CURRENCY_AFTER.match(text[end : end + 10]):
        return True
    if _AMOUNT.search(value) and not value.startswith(("+", "0", "(")):
        return True
    return bool(re.fullmatch(r"v?\d{1,2}(?:\.\d{1,5}){2,3}", value)) and _digits(value) <= 9


class RegionPhoneRecognizer(PhoneRecognizer):
    """Presidio's recogniser at the POSSIBLE leniency, filtered, run only where a number can be.

    ``phonenumbers``' matcher scans the whole text once per region. A phone number has no
    letters in it (but an extension's "x" or "ext."), so the matcher is given only the stretches
    of text between letters that hold seven digits or more, each with what follows it up to the
    next letter; offsets are mapped back. At the POSSIBLE leniency the matcher does not look
    at the letters around a candidate, so it finds the same numbers at a fraction of the cost.
    """

    ENTITY = "PHONE_NUMBER"

    def __init__(self, supported_regions: tuple[str, ...]) -> None:
        super().__init__(supported_regions=list(supported_regions), leniency=_POSSIBLE)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        if not _SEVEN_DIGITS.search(text):
            return []
        results: list[RecognizerResult] = []
        meta = {
            RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: str(self.id),
        }
        for start, end in _number_stretches(text):
            snippet = text[start:end]
            for region in self.supported_regions:
                whole = False
                for match in phonenumbers.PhoneNumberMatcher(snippet, region, _POSSIBLE):
                    value = snippet[match.start : match.end]
                    if _digits(value) < 7:
                        continue
                    s, e = start + match.start, start + match.end
                    if looks_like_other_number(text, s, e) or not _plausible_grouping(value):
                        continue
                    why = AnalysisExplanation(
                        type(self).__name__, self.SCORE, textual_explanation=f"a {region} number"
                    )
                    results.append(RecognizerResult(self.ENTITY, s, e, self.SCORE, why, meta))
                    whole = whole or _covers(snippet, match.start, match.end)
                if whole:  # what another region finds here lies within it: a duplicate
                    break
        unique: list[RecognizerResult] = EntityRecognizer.remove_duplicates(results)
        return unique


_POSSIBLE = 0  # phonenumbers.Leniency.POSSIBLE
_NUMBER_CHARS = re.compile(r"[\d+(]")
"""Where a number can start, or what it holds: a match with none of these outside it holds any
other match of the same stretch."""


def _covers(snippet: str, start: int, end: int) -> bool:
    """Nothing a number can be made of is left in ``snippet`` outside ``start:end``."""
    return not (_NUMBER_CHARS.search(snippet, 0, start) or _NUMBER_CHARS.search(snippet, end))


_NON_LETTERS = re.compile(r"[\W\d_]+")
_EXTENSION_WORD = re.compile(r"(?i)ext\.?|extension|x")


def _number_stretches(text: str) -> Iterator[tuple[int, int]]:
    """The runs of text between letters and sentence breaks that hold 7 digits or more, an
    extension word joining two runs ("555 0143 ext. 12"), with one character of margin either
    side. A number never holds a full stop and a space: "12/03/1980. (03) 9029 1064" is a date,
    then a number, and the matcher finds neither as one run."""
    start = end = -1
    for a, b in _runs(text):
        if start >= 0 and _EXTENSION_WORD.fullmatch(text, end, a):
            end = b  # "x" or "ext." between two runs: one stretch
            continue
        if start >= 0 and _SEVEN_DIGITS.search(text, start, end):
            yield max(0, start - 1), min(len(text), end + 1)
        start, end = a, b
    if start >= 0 and _SEVEN_DIGITS.search(text, start, end):
        yield max(0, start - 1), min(len(text), end + 1)


_BREAK = re.compile(r"(?<=[\d)])[.;!?][ \t\n]+")
"""A sentence's end right after a number ("…1980. (03) …"); not "ext. 12"."""


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """The runs of non-letters of ``text``, cut at sentence breaks."""
    for m in _NON_LETTERS.finditer(text):
        at = m.start()
        for brk in _BREAK.finditer(text, m.start(), m.end()):
            if brk.start() > at:
                yield at, brk.start()
            at = brk.end()
        if m.end() > at:
            yield at, m.end()


def _plausible_grouping(value: str) -> bool:
    """A bare digit run of 7 to 9 digits is more often a count or an id than a phone number."""
    compact = value.strip()
    return not (compact.isdigit() and len(compact) < 10 and not compact.startswith("0"))


class ContextPhoneRecognizer(RegexRecognizer):
    """A six-to-fifteen digit group right after a phone context word."""

    ENTITY = "PHONE_NUMBER"
    rules = (
        Rule("phone after a context word", _CONTEXT, 0.6),
        Rule("phone after 'call <name> on'", _CALL_SOMEONE, 0.6),
        Rule("nine or more digits alone on a line", _LINE_ALONE, 0.45),
        Rule("a number between a signature's bars", _BARS, 0.45),
        Rule("a number in brackets, then what it is for", _BRACKETED, 0.5),
        Rule("a number, then whom to ask for", _THEN_ASK_FOR, 0.5),
    )

    def prefilter(self, text: str) -> bool:
        return digit_count(text) >= 6

    def validate(self, value: str, score: float, match: re.Match[str]) -> float | None:
        start, end = match.span("value")
        if not 6 <= _digits(value) <= 15 or _DATE_SHAPE.fullmatch(value):
            return None
        if match.re is _THEN_ASK_FOR and _RECORD_BEFORE.search(
            match.string[max(0, start - 24) : start]
        ):
            return None
        return None if looks_like_other_number(match.string, start, end) else score
