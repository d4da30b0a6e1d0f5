"""The ``context`` family: a phrase that introduces a person, a place or a number, and what follows.

Only the span after the phrase is reported. The phrases (any case):

- a name: "my/her name is", "name:", "I am", "I'm", "call me", "ask for" (not "asked for",
  which in research notes asks for a feature: "asked for Single Sign-On"), "speak to/with",
  "talk to", "named", and "je m'appelle", "ich heiße", "me llamo", "mi chiamo", "mijn naam
  is", "nazywam się"; followed by a capitalised span;
- a place, after a phrase anchored on a person: "I'm/I am from", "is/are/was from" after a
  pronoun or "participant", "respondent", "customer"... ("she is from", "who was originally
  from", "P012 is from"), "comes/came from" after one of those, "originally from", "calling
  from", "joined (the call) from"; or "lives/lived/living in|at", "resides in|at", "based in",
  "address is", "address:". Followed by an optional house number and a capitalised span, and an
  optional number after it ("12 Baker Street", "Kambsstr. 52", "Leeds"). A bare "from X" is no
  such phrase: "Importing from Power BI" passes;
- an address, after "moved/moving/relocated to" or "deliver/send/ship/post/mail (it) to": only
  an address shape counts there ("moved to Notion" passes): a house number and two capitalised
  words or more ("12 Baker Street"), a capitalised span and a postcode ("Leeds LS1 4AP",
  "Berlin 10115"), or a street name and its number ("Hauptstraße 5");
- a number: "call/ring/text/reach/contact me (him, her, them, us) (back) on/at", "call mary
  on", "reached on/at", "my/his/her (phone, mobile...) number is", "my old number", "his
  number,", "the code goes to", "her mobile is", "tel:", "phone:", "mobile:", "kontakt:",
  "sms:", "il mio numero", "mijn nummer", "mon numéro", "SMS au", "rappeler au", "mich unter",
  "pod numer", "oddzwoń na", "SSN", "tax id"; followed by a number of 5 or more digits, as
  written.

A capitalised span is one to four words that start with a capital letter (with "van", "de",
"von", "di"... allowed between them); a first word such as "The", "Monday" or "Not" is no name.
This family reads prose loosely ("talk to Sales" matches): it is for anonymised cells and
prompts, never for personas, which are meant to hold invented names and places.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from persona_batch.core.phrase_search import PhraseFirst

_UPPER = "".join(re.escape(c) for c in map(chr, range(0x41, 0x530)) if c.isupper() and c.isalpha())
_WORD = rf"[{_UPPER}](?:[^\W\d_]|['’\-.](?=[^\W\d_]))+"
_INITIAL = rf"[{_UPPER}](?:[^\W\d_]|['’\-.](?=[^\W\d_]))*"  # later words: "Ó", "F"
_PARTICLE = r"(?:van|von|de|der|den|del|della|di|da|du|le|la|dos|das|ter|ten|zu|y|e|of)"
_SPAN = rf"{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_INITIAL}){{0,3}}"
_HOUSE = r"\d{1,5}[a-zA-Z]?(?:[/\-]\d{1,4})?,?[ \t]+"

_NAME_PHRASE = (
    r"(?:sur)?name(?:[ \t]+is|'s|’s|[ \t]*:)|i[ \t]+am|i['’]m|call[ \t]+me"
    r"|ask[ \t]+for"  # "please ask for Ricky"; "asked for Single Sign-On" is a feature
    r"|speak(?:ing|s)?[ \t]+(?:to|with)|spoke[ \t]+(?:to|with)|talk(?:ed|ing|s)?[ \t]+to|named"
    r"|je[ \t]+m['’]appelle|ich[ \t]+hei(?:ß|ss)e|me[ \t]+llamo|mi[ \t]+chiamo"
    r"|mijn[ \t]+naam[ \t]+is|nazywam[ \t]+się"
)
_SUBJECT = (
    r"(?:i|we|you|he|she|they|who|participant|respondent|interviewee|customer|user|client"
    r"|caller|p\d{2,})"
)
_FROM_PHRASE = (
    rf"{_SUBJECT}(?:[ \t]+(?:am|is|are|was|were)|['’](?:m|s|re))(?:[ \t]+originally)?[ \t]+from"
    rf"|{_SUBJECT}[ \t]+(?:comes?|came|hails?|hailed)(?:[ \t]+originally)?[ \t]+from"
    r"|(?:originally|calling|ringing|hailing|joined|joining)"
    r"(?:[ \t]+(?:the|our|a|this|today['’]s)(?:[ \t]+video)?[ \t]+"
    r"(?:call|meeting|session|interview|chat))?[ \t]+from"
)
_PLACE_PHRASE = (
    rf"{_FROM_PHRASE}|(?:lives?|lived|living|resides?|resided|residing)[ \t]+(?:in|at)"
    r"|based[ \t]+in|address(?:[ \t]+is|[ \t]*:)"
)
_ADDRESS_PHRASE = (
    r"(?:moved|moving|relocated|relocating)[ \t]+to"
    r"|(?:deliver(?:ed|y)?|send|sent|ship(?:ped)?|post(?:ed)?|mail(?:ed)?)"
    r"(?:[ \t]+(?:it|them|this|that))?[ \t]+to"
)
_NUMBER_PHRASE = (
    r"(?:call|ring|text|reach|contact|phone|whatsapp|message|sms)[ \t]+(?:me|him|her|them|us)"
    r"(?:[ \t]+back)?(?:[ \t]+(?:on|at))?"
    r"|(?:call[ \t-]?back|callback|call)(?:[ \t]+(?:requested|request|wanted|needed|asked))?"
    r"[ \t]+(?:on|at)"
    r"|(?:richiamata|ricontattare)[ \t]+al|(?:telefonu|komórki|komórkowy)[ \t]+na"
    r"|(?:reached|contacted|reachable|contactable)"
    r"(?:[ \t]+(?:again|back|directly|anytime|any[ \t]+time|later|today))?[ \t]+(?:on|at)"
    r"|(?:my|his|her|their|our)[ \t]+(?:(?:phone|mobile|cell|home|work|contact|local|landline"
    r"|direct|office|private|personal|daytime|evening)[ \t]+)?"
    r"(?:number|mobile|phone|cell)(?:[ \t]+is|[ \t]*:)"
    r"|(?:tel|phone|mobile|cell|fax|contact|kontakt|telefon|téléphone|portable|handy|móvil"
    r"|cellulare|numer|nummer|numéro|número|sms|texts?|calls?)\.?[ \t]*:"
    r"|(?:sms|appel(?:ez|er)?|rappeler|joindre)(?:[ \t]+moi)?[ \t]+au"
    r"|mich[ \t]+unter|pod[ \t]+numer(?:em)?"
    r"|(?:my|his|her|their|our|the)[ \t]+(?:old|new)[ \t]+(?:phone[ \t]+)?number(?:[ \t]+is)?"
    r"|(?:his|her|their)[ \t]+number[ \t]*,"  # "who also sent his number, 6173372440"
    r"|(?:code|codes|sms|texts?)[ \t]+(?:goes|go|went|is[ \t]+sent|are[ \t]+sent)[ \t]+to"
    r"|(?:il[ \t]+)?mio[ \t]+numero(?:[ \t]+è)?[ \t]*:?|mój[ \t]+numer(?:[ \t]+to)?[ \t]*:?"
    r"|mijn[ \t]+nummer(?:[ \t]+is)?[ \t]*:?|meine[ \t]+nummer(?:[ \t]+ist)?[ \t]*:?"
    r"|mon[ \t]+numéro(?:[ \t]+est)?[ \t]*:?|mi[ \t]+número(?:[ \t]+es)?[ \t]*:?"
    r"|(?:oddzwoń|oddzwonisz|zadzwoń|dzwoń)[ \t]+na"
    # "contattatemi al", "una chiamata al", "llámame al", "erreichbar unter", "bel me op"
    r"|(?:chiamami|chiamatemi|chiamate|contattami|contattatemi|richiamami|richiamatemi"
    r"|mi[ \t]+richiami|chiamata|telefonata|llámame|llamadme|llámeme|llamada|contáctame"
    r"|contactadme|localizable|disponible)[ \t]+al"
    r"|(?:erreichbar|anrufen|zurückrufen|telefonisch)[ \t]+unter|unter[ \t]+der[ \t]+nummer"
    r"|(?:bel|bellen|terugbellen|bereikbaar|sms)(?:[ \t]+me)?[ \t]+op"
    r"|(?:zadzwoń|zadzwonić|dzwonić|kontakt)[ \t]+pod"
    r"|(?:call|ring|text)[ \t]+[^\W\d_]{2,20}[ \t]+on"  # "call mary on 205 921"
    r"|(?:ssn|social[ \t]+security[ \t]+number|tax[ \t]+id|tfn)(?:[ \t]+(?:is|was))?[ \t]*[:,]?"
)


def _after_phrase(phrase: str, rest: str) -> PhraseFirst:
    """``phrase`` (in lower case, matched in any case) at the start of a word, then ``rest``;
    searched where the phrase is found in the lower-cased text."""
    start = rf"(?<![^\W_])(?:{phrase})"
    return PhraseFirst(re.compile(rf"(?<![^\W_])(?i:{phrase}){rest}"), start)


_NAME = _after_phrase(_NAME_PHRASE, rf"[ \t]+(?P<span>{_SPAN})")
_IT_IS_PHRASE = (
    r"it['’]?s|it[ \t]+is|that['’]s|that[ \t]+is|here['’]s|here[ \t]+is|c['’]est"
    r"|das[ \t]+ist|es[ \t]+ist|è|es|het[ \t]+is|to"
)
_IT_IS = _after_phrase(_IT_IS_PHRASE, r"[ \t]+(?P<span>\+?\d[\d \-./()]*\d)(?!\d)")
"""A long number someone gives as "it's ...", "c'est ...": with nine digits or more, a
number to reach them or an account's, not a count."""
_AFTER_NAME = re.compile(
    r"(?<=[^\W\d_]{2})[ \t]\((?P<span>\+?\d[\d \-./]*\d)"
    r"(?=\)|[ \t]*[,;]|[ \t]+(?i:if|or|o|oder|ou|of|lub|when|wenn|si|se|als)\b)"
)
"""A number in brackets right after a name ("Spoke to Malwina Wiesiołek (575 421)", "with
Stéphanie (508 649 if we need to reschedule)"): how to reach that person."""
_NUMBER_AFTER = r"(?:\.?,?[ \t]+\d{1,5}[a-z]?(?!\d))"  # Kambsstr. 52
_PLACE = _after_phrase(_PLACE_PHRASE, rf"[ \t]+(?P<span>(?:{_HOUSE})?{_SPAN}{_NUMBER_AFTER}?)")
_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}"  # GB: LS1 4AP
    r"|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"  # CA: K1A 0B1
    r"|\d{4}[ \t]?[A-Z]{2}"  # NL: 1012 AB
    r"|\d{2}-\d{3}"  # PL: 00-950
    r"|\d{4,5}(?:-\d{4})?)(?![^\W_])"  # US, DE, FR, ES, IT, AU...
)
_SEVERAL = rf"{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_INITIAL}){{1,3}}"
_STREET_NUMBER = (
    rf"[{_UPPER}][^\W\d_]*(?:straße|strasse|str\.|weg|gasse|allee|laan|straat|gracht|plein)"
    r"[ \t]+\d{1,5}[a-z]?(?!\d)"
)
_ADDRESS = _after_phrase(
    _ADDRESS_PHRASE,
    rf"[ \t]+(?P<span>{_HOUSE}{_SEVERAL}|{_SPAN},?[ \t]+{_POSTCODE}|{_STREET_NUMBER})",
)
_NUMBER = _after_phrase(_NUMBER_PHRASE, r"[ \t]*(?P<span>\+?\(?\d[\d \-./()]*\d)(?!\d)")

STOP_WORDS = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "you", "he", "she",
        "they", "i", "me", "my", "our", "your", "his", "her", "their", "there", "here", "not",
        "no", "yes", "so", "very", "just", "also", "really", "sorry", "sure", "happy", "fine",
        "ok", "okay", "glad", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "today", "tomorrow", "yesterday", "january", "february", "march", "april", "may",
        "june", "july", "august", "september", "october", "november", "december", "in", "at",
        "on", "of", "for", "from", "with", "to", "and", "or", "but", "about", "by", "as", "if",
        "going", "looking", "trying", "still", "now", "back", "done", "good", "great", "well",
        "afraid", "able", "unable", "available", "interested", "working", "new", "all", "any",
    }
)  # fmt: skip
"""First words that make a capitalised span no name ("I'm Not sure", "from Monday"), and the
function words every word of an upper-case text starts with ("I'M IN LEEDS", "CALL ME ON")."""


def _first_word(span: str) -> str:
    return span.split(None, 1)[0].rstrip(".").casefold()


def context_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans that follow a context phrase."""
    for pattern in (_NAME, _PLACE, _ADDRESS):
        for m in pattern.finditer(text):
            if _first_word(m.group("span")) not in STOP_WORDS:
                yield m.span("span")
    if not _FIVE_DIGITS.search(text):  # every number below has five digits or more
        return
    for pattern, fewest in ((_NUMBER, 5), (_IT_IS, 9)):
        for m in pattern.finditer(text):
            if _digits(m.group("span")) >= fewest:
                yield m.span("span")
    for m in _AFTER_NAME.finditer(text):
        name_start = text.rfind(" ", 0, m.start()) + 1
        if text[name_start : name_start + 1].isupper() and _digits(m.group("span")) >= 6:
            yield m.span("span")


_FIVE_DIGITS = re.compile(r"\d(?:\D*\d){4}")


def _digits(span: str) -> int:
    return sum(c.isdigit() for c in span)
