"""A name as the subject of what only people do: "phileine said", "trung is calling", "kim
broke the build", "Marthe works as account manager", "mieszko could not find focus mode".

Lower-case chat and notes give no capitals to go by, and a lone first name that no phrase
introduces is the job's most common leak. What a word does tells: things do not say, think,
call, move house or work as an account manager. The word (or two) right before such a verb is
a name when it reads as one:

- before a verb only people do ("said", "told", "wants", "lives in", "drives", "sagt", "dit",
  "dice", "zegt", "mówi"...): a first name from the gazetteer that is no ordinary English
  word, or a word in no list at all ("schatteleijn said"), with a known first name before it,
  written the same way, taken along; with the verb in the plural, a first name before "and"
  before it too, even one that is an English word ("dean and nova are off");
- before a verb anything can do ("is", "could not", "broke"): a common first name only
  ("kim broke"), never a word no list has ("csv could not load");
- before an age ("sara is 40", "feline is 51", "urbano tiene 38 años"): a first name that is
  no English word, even one that is also a function word of one language ("sara").

A word after an article or a possessive ("the client said", "our sso broke") is no one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from persona_batch.core.phrase_search import lowered
from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.base import alternation, lower_alternation
from persona_batch.privacy.recognisers.finder import FinderRecognizer, Span, TextView
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, case_style

__all__ = ["SubjectNameRecognizer"]

PERSON_VERBS: tuple[str, ...] = (
    # English
    "said", "says", "told", "tells", "asked", "asks", "thinks", "thought", "wants", "wanted",
    "mentioned", "explained", "agreed", "complained", "prefers", "preferred", "suggested",
    "admitted", "recalled", "described", "feels", "felt", "loves", "hates", "likes", "liked",
    "moved to", "joined", "is calling", "was calling", "called", "emailed", "texted",
    "lives in", "lived in", "lives at", "lived at", "stays at", "is staying at", "works as",
    "worked as", "works at", "works in", "was born",
    "is off", "is out", "is away", "is on leave", "is back", "signed up", "replied",
    "are off", "are out", "are away", "are on leave", "are back", "drives", "drove",
    "joined the call", "dialled in", "dialed in", "logged in from", "connected from",
    # German
    "sagt", "sagte", "meint", "meinte", "findet", "fand", "erzählt", "erzählte", "wohnt",
    "arbeitet", "möchte", "hat angerufen", "ruft an", "ist umgezogen", "schreibt", "schrieb",
    # French
    "dit", "a dit", "pense", "trouve", "habite", "travaille", "voudrait", "a appelé",
    "appelle", "écrit", "a écrit", "s'est connecté", "s'est connectée",
    # Spanish
    "dice", "dijo", "piensa", "cree", "vive", "trabaja", "quiere", "llamó", "escribió",
    "se conectó",
    # Italian
    "ha detto", "crede", "abita", "lavora", "vuole", "ha chiamato", "ha scritto",
    # Dutch
    "zegt", "zei", "vindt", "denkt", "woont", "werkt", "belde", "schreef",
    # Polish
    "mówi", "powiedział", "powiedziała", "uważa", "myśli", "mieszka", "pracuje", "chce",
    "dzwonił", "dzwoniła", "napisał", "napisała", "połączył się", "połączyła się",
)  # fmt: skip
"""Verbs whose subject is a person, in each supported language."""

ANY_VERBS: tuple[str, ...] = (
    "is", "was", "has", "had", "could not", "couldn't", "cannot", "can't", "does not",
    "doesn't", "did not", "didn't", "broke", "will", "would", "needs", "uses", "used",
    "ist", "hat", "war", "est", "a", "es", "ha", "è", "heeft", "jest", "ma",
)  # fmt: skip
"""Verbs anything can be the subject of: only a common first name counts before them."""

ARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "our",
        "my",
        "your",
        "their",
        "his",
        "her",
        "its",
        "some",
        "any",
        "every",
        "each",
        "no",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "unser",
        "unsere",
        "mein",
        "meine",
        "le",
        "la",
        "les",
        "un",
        "une",
        "notre",
        "mon",
        "ma",
        "el",
        "los",
        "las",
        "una",
        "nuestro",
        "nuestra",
        "mi",
        "il",
        "lo",
        "gli",
        "uno",
        "nostro",
        "nostra",
        "mio",
        "mia",
        "de",
        "het",
        "een",
        "ons",
        "onze",
        "mijn",
        "nasz",
        "nasza",
        "mój",
        "moja",
    ]
)
"""Before the word, these make it a thing or a role ("the client said")."""

_WORD = r"[^\W\d_][\w'’\-]*[^\W\d_'’\-]"
_SUBJECT = re.compile(
    rf"(?<![\w@#/.\-])(?P<name>(?:{_WORD}[ ])?{_WORD})(?:'s|’s)?[ ]"
    rf"(?P<verb>(?i:{alternation(PERSON_VERBS)})|(?i:{alternation(ANY_VERBS)}))(?![\w'’])"
)
_VERB_AT = re.compile(
    rf"(?=[ ](?:{lower_alternation(PERSON_VERBS)}|{lower_alternation(ANY_VERBS)})(?![\w'’]))"
)
"""Where :data:`_SUBJECT`'s verb can be, in the lower-cased text: a space, then a verb."""
_NAME_CHARS = frozenset("'’-")
_LETTER = re.compile(r"[^\W\d_]")
"""A name's first character, as :data:`_WORD` has it."""
_NOT_BEFORE = frozenset("@#/.-")
_PERSON_VERBS = frozenset(v.casefold() for v in PERSON_VERBS)


def subject_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_SUBJECT.finditer(text)``, found verb first: a match's name is the one
    or two words right before its verb, so the regex is tried only at the word starts there,
    not at every position of the text (it was this recogniser's main cost on long notes). Text
    that lower-casing would shift (:func:`lowered`) is searched the plain way."""
    low = lowered(text)
    if low is None:
        yield from _SUBJECT.finditer(text)
        return
    starts: set[int] = set()
    for found in _VERB_AT.finditer(low):  # zero-width: every verb, overlapping ones too
        starts.update(_starts_before(text, found.start()))
    end = 0
    for at in sorted(starts):
        if at >= end and (match := _SUBJECT.match(text, at)) is not None:
            yield match
            end = match.end()


def _starts_before(text: str, space: int) -> list[int]:
    """Where a name can start that ends at ``space`` (the space before a verb): in the two runs
    of word characters (letters, digits, apostrophes, hyphens) before it, one space apart, each
    letter that :data:`_SUBJECT`'s look-behind allows a name to start at."""
    i = space
    for run in range(2):
        while i > 0 and (text[i - 1].isalnum() or text[i - 1] in _NAME_CHARS or text[i - 1] == "_"):
            i -= 1
        if run == 0 and i > 1 and text[i - 1] == " " and text[i - 2] != " ":
            i -= 1
        else:
            break
    return [
        at
        for at in range(i, space)
        if _LETTER.match(text, at)
        and (
            at == 0
            or not (text[at - 1].isalnum() or text[at - 1] == "_" or text[at - 1] in _NOT_BEFORE)
        )
    ]


_AND = frozenset(["and", "&", "und", "et", "y", "e", "en", "i"])
_DIGIT = re.compile(r"\d")
_AGE = re.compile(
    r"[ ](?i:is|was|turns|turned|ist|wird|est|es|è|jest|a|tiene|ha|ma|heeft|is[ ]nu)[ ]"
    r"(?P<age>\d{1,3})(?:[ ](?P<unit>(?i:years?|yrs?|jahre|ans|años|anni|jaar|lat)))?"
    r"(?=[ ,;.!?\n)]|$)(?![.,]\d)"
)
"""What follows a person's name when their age is given: "sara is 40 and never used slack",
"feline is 51", "Urbano tiene 38 años" (the word before it is looked at by its position)."""


class SubjectNameRecognizer(FinderRecognizer):
    ENTITY = "PERSON"

    @staticmethod
    def finder(text: str) -> _Finder:
        return _Finder(text)


class _Finder(TextView):
    def find(self) -> list[Span]:
        out: list[Span] = []
        for match in subject_matches(self.text):
            words = [self.toks[i] for i in self.indices(match.start("name"), match.end("name"))]
            if not words:
                continue
            person_verb = match.group("verb").casefold() in _PERSON_VERBS
            span = self._subject(words, person_verb)
            if span:
                out.append((*span, 0.5, "the subject of a verb people do"))
                if match.group("verb").casefold().startswith("are "):
                    other = self._coordinated(self.index[span[0]])
                    if other:
                        out.append((*other, 0.5, "a name coordinated with a subject"))
        for match in _AGE.finditer(self.text) if _DIGIT.search(self.text) else ():
            i = self.word_ending_at(match.start())
            if i is None:
                continue
            token = self.toks[i]
            if token.start and self.text[token.start - 1] in "@#/.-":
                continue
            unit = match.group("unit") is not None
            if 12 <= int(match.group("age")) <= 110 and self._aged(i, unit):
                out.append((token.start, token.start + len(token.bare), 0.5, "a person's age"))
        return out

    def _coordinated(self, i: int) -> tuple[int, int] | None:
        """The first name before "and" before the subject at ``i`` of a verb in the plural
        ("dean and nova are off"), written the same way: a first name, even one that is an
        English word, as the other is a person."""
        if i < 2 or self.folded[i - 1] not in _AND:
            return None
        token, subject = self.toks[i - 2], self.toks[i]
        if case_style(token.text) != case_style(subject.text) or not self._word(token):
            return None
        before = self.toks[i - 3] if i >= 3 else None
        if before is not None and before.bare.casefold() in ARTICLES:
            return None
        if not self.flags(token) & (gz.FIRST | gz.FIRST_TOP):
            return None
        return token.start, token.start + len(token.bare)

    def _aged(self, i: int, unit: bool) -> bool:
        """A first name that is no English word ("sara", "feline"), even one that is also a
        function word of one language ("sara"), or with the age's unit written out a word in
        no list ("piermaria ha 33 anni"); not after an article ("the app is 12")."""
        token = self.toks[i]
        flags = self.flags(token)
        named = bool(flags & gz.FIRST_WIDE) or (unit and self.unlisted(token))
        if len(token.bare) < 3 or not named or flags & gz.COMMON:
            return False
        if token.bare.casefold() in self.stops and not flags & gz.FIRST_TOP:
            return False
        before = self.toks[i - 1] if i else None
        return before is None or before.bare.casefold() not in ARTICLES

    def _subject(self, words: list[Token], person_verb: bool) -> tuple[int, int] | None:
        last = words[-1]
        before = self.toks[self.index[words[0].start] - 1] if self.index[words[0].start] else None
        if not self._name(last, person_verb) and not (
            person_verb
            and len(words) == 2
            and self._surname(last)
            and self._first_name(words[0], last)
        ):  # "jasmijn fiere belde": a first name, then a surname that is a word somewhere
            return None
        start = last.start
        if len(words) == 2 and self._first_name(words[0], last):
            start = words[0].start
        elif len(words) == 2:
            before = words[0]
        if before is not None and before.bare.casefold() in ARTICLES:
            return None
        return start, last.start + len(last.bare)

    def _first_name(self, token: Token, surname: Token) -> bool:
        """The word before the name is its first name: a known one, written the same way
        ("dorothee schatteleijn said", not "During onboarding Kim said")."""
        if case_style(token.text) != case_style(surname.text):
            return False
        flags = self.flags(token)
        return bool(flags & gz.FIRST_WIDE) and not gz.english(flags) and self._name(token, True)

    def _word(self, token: Token) -> bool:
        """A word of three letters or more that is no function word, article, month, weekday
        or elision ("l'a"): what a name or surname before a verb must be first."""
        word = token.bare
        if len(word) < 3 or not word.replace("-", "").replace("'", "").isalpha():
            return False
        folded = word.casefold()
        if gz.elision(folded):
            return False  # "anna l'a dit"
        return not (folded in self.stops or folded in ARTICLES or calendar_word(token))

    def _surname(self, token: Token) -> bool:
        """A word that may be a surname after a first name: no English or function word."""
        return self._word(token) and not gz.english(self.flags(token))

    def _name(self, token: Token, person_verb: bool) -> bool:
        if not self._word(token):
            return False
        word = token.bare
        flags = self.flags(token)
        english = gz.english(flags)
        if person_verb:
            if flags & gz.FIRST_WIDE and not english:
                return True
            return len(word) >= 3 and self.gaz.unlisted(word)
        return bool(flags & gz.FIRST) and not english and not flags & gz.COMMON_OTHER
