"""People's names that spaCy's small model misses: by title, by context, by a real-name list.

spaCy ``sm`` finds most names in running English prose, and misses many in lists, after
"add" or "cc", in lower case, in other languages and alone. This recogniser adds, in order of
certainty:

1. a title and the capitalised words after it: "Mr Okafor", "Frau Schmidt", "Mme Lefèvre",
   "Sra. García", "Pan Nowak";
2. what follows a phrase that introduces a name: "my name is ...", "je m'appelle ...",
   "cardholder: ...", up to three words, in any case;
3. a capitalised word right after a greeting, sign-off or hand-over ("Hi Priya,", "thanks,
   Mark", "ask for Tomasz", "cc Ingrid"), when it is a known first name or not an ordinary word;
4. each item of a list of names ("Attendees: ...");
5. a first name from the gazetteer (``names-dataset``: names ranked in the most common few
   hundred of a country) followed by a surname or an initial: "Will Turner", "ana lópez";
6. a common first name alone ("Priya said ..."), unless it is also an ordinary word in a
   supported language ("Will", "Mark", "Grace" need 1-4 to count);
7. the words before an e-mail address in brackets that its user name spells ("Jane Kowalski
   <jkowalski@...>"), and a name set off by commas after its role ("the finance lead, Ebba,
   ...", :mod:`recognisers.name_roles`).

It also reports the names a text's layout gives away (name lines, signatures, address
blocks, mentions, speaker labels): those rules, and what counts as an ordinary word or a word
written as a name, are in :mod:`recognisers.name_blocks`.

Months and weekdays, stop words and ordinary words are never taken as names on their own.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.base import after_phrase
from persona_batch.privacy.recognisers.finder import FinderRecognizer
from persona_batch.privacy.recognisers.name_additions import added_names
from persona_batch.privacy.recognisers.name_births import born_names
from persona_batch.privacy.recognisers.name_blocks import INITIAL, NameView
from persona_batch.privacy.recognisers.name_calls import called_names
from persona_batch.privacy.recognisers.name_greetings import (
    OPENERS,
    greeted,
    in_capitals,
    vocatives,
)
from persona_batch.privacy.recognisers.name_pairs import (
    initialled_names,
    joined_names,
    pairs,
    particle_names,
    romance_particle_names,
    unlisted_pairs,
)
from persona_batch.privacy.recognisers.name_roles import apposed_names, owned_names, team_names
from persona_batch.privacy.recognisers.name_subjects import ANY_VERBS, PERSON_VERBS
from persona_batch.privacy.recognisers.name_words import (
    LIST_LABELS,
    LOOSE_WORDS,
    PARTICLES,
    STRONG_PHRASES,
    TITLES,
    WEAK_PHRASES,
)
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import (
    Token,
    calendar_word,
    gap,
    tokens,
)
from persona_batch.privacy.recognisers.typos import unusual
from persona_batch.privacy.recognisers.words import stop_words

_LOOSE = frozenset(LOOSE_WORDS)
_COPIED = frozenset({"cc", "bcc", "ping", "pinged"})
"""Phrases that copy someone in: there a capitalised first name that is also an English word
and stands alone is that person ("cc Line.", "ping Hope"; not "cc Line Management")."""
_TO_PEOPLE = _COPIED | {
    "ask", "tell", "assign to", "assigned to", "escalated to", "forward to", "forwarded to",
    "check with", "checked with", "follow up with", "followed up with", "chat with",
    "chatted with", "heard from", "hear from", "reach out to", "reached out to", "get back to",
    "sync with", "synced with", "dile a", "di' a", "dì a", "sag", "dis à", "zeg tegen", "powiedz",
    "participant", "participante", "partecipante", "deelnemer", "uczestnik", "uczestniczka",
    "interviewee",
}  # fmt: skip
"""Phrases only a person follows: there a lower-case word no list has is a name ("ask görsev
about the macro", "partecipante: temistocle soprano"), not only a known first name."""
_STRONG = after_phrase(STRONG_PHRASES, r"\s*[:=\-–]?\s+(?=\S)")
_WEAK = after_phrase(WEAK_PHRASES, r"\s*[,:;]?\s+(?=\S)")
_LIST = after_phrase(LIST_LABELS, r"\s*(?::|\s)\s*(?P<items>[^\n.:;!?]+)")
_BEFORE_EMAIL = re.compile(r"[ \t]*[<(\[][ \t]*(?:mailto:)?(?P<local>[\w.+\-]{2,64})@[\w\-]+\.")
"""An e-mail address in brackets, right after what may be its owner's name."""
_LINE_END = re.compile(r"[ \t]*(?:$|\r?\n|\([^()\n]*\)[ \t]*(?:$|\r?\n))")
"""Nothing more on the line, or only something in brackets."""
_ITEM_SPLIT = re.compile(
    r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b|&|\+)\s*", re.IGNORECASE
)


class NameRecognizer(FinderRecognizer):
    ENTITY = "PERSON"

    @staticmethod
    def finder(text: str) -> _Finder:
        return _Finder(text)


def _said(match: re.Match[str]) -> str:
    """A weak phrase's match as the phrase: lower case, one space between its words."""
    return " ".join(match.group(0).split()).rstrip(",:;").casefold()


class _Finder(NameView):
    def find(self) -> list[tuple[int, int, float, str]]:
        found: list[tuple[int, int, float, str]] = []
        for match in _STRONG.finditer(self.text):
            span = self._after(match.end(), any_case=True)
            if span and not self._english(self.text[span[0] : span[1]]):
                found.append((*span, 0.7, "after a name phrase"))
        for match in _WEAK.finditer(self.text):
            phrase = match.group(0).split()[0].strip(",:;").casefold()
            loose = phrase in _LOOSE
            i = self.index.get(match.end())
            if i is None:
                continue
            first = self.toks[i]
            flags = self.flags(first)
            surname = False
            if phrase in OPENERS and greeted(self, i):
                found.append((first.start, first.start + len(first.bare), 0.6, "a greeting"))
                continue
            shouted = None if loose else in_capitals(self, i)
            if shouted:
                found.append((*shouted, 0.6, "after a greeting or hand-over"))
                continue
            if loose and first.lower:
                # no capitals to go by ("fixed it for wojciech", "call graziella on ..."): a first
                # name of the gazetteer's first thousand that is no English word; one that is a
                # word of one language only if common as a name or rare as a word ("benedetta",
                # not "pipe" or "deny")
                one_language = bool(flags & gz.COMMON_OTHER) and not (
                    flags & gz.FIRST_TOP or self.gaz.rare(first.bare)
                )
                ok = (
                    bool(flags & gz.FIRST)
                    and len(first.bare) >= 3
                    and not flags & gz.COMMON
                    and not one_language
                ) or (  # a rarer first name that is no word at all: "parcel for conchur"
                    bool(flags & gz.FIRST_WIDE)
                    and len(first.bare) >= 4
                    and not self.gaz.word(first.bare)
                    and not self.ordinary(first)  # a product: "and jira"
                )
            elif loose:  # "with Eugène": a name used as such more than as a French word
                ok = (
                    bool(flags & gz.FIRST_WIDE)
                    and self.capital(first)
                    and (not self.ordinary(first) or self._name_more_than_word(first))
                ) or (  # "Met Alexandrie Bègue at": a place's name, then a surname
                    not self.shouting
                    and first.bare.casefold() not in self.stops
                    and bool(flags & (gz.FIRST_WIDE | gz.LAST | gz.PLACE))
                    and self._surname_next(i)
                )  # not "and Bulk Edit": "Bulk" names nothing, though "Edit" is a name
            elif self.capital(first):
                surname = self._surname_next(i)
                named = (
                    bool(flags & gz.FIRST_TOP)
                    or (bool(flags & gz.FIRST_WIDE) and not flags & gz.COMMON)
                    or (phrase in _COPIED and self._alone(i))
                )  # "Customer Success": a first name somewhere, but an English word
                # "Gruß, Eckhardt": a surname rare as a word everywhere, though one language's
                ok = named or not self.ordinary(first) or surname or self.rare_surname(first)
            else:  # a name common in one language ("gregorio") is still a name after "participante"
                english = gz.english(flags)
                nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
                surname = (
                    nxt is not None
                    and gap(self.text, first, nxt) == " "
                    and (bool(self.flags(nxt) & gz.LAST) or self.unlisted(nxt))
                    and not self.flags(nxt) & gz.COMMON
                )  # "escalated to alexandrie collet": any word, then a surname
                named = (
                    bool(flags & gz.FIRST_WIDE)
                    or (surname and first.bare.isalpha())
                    or (_said(match) in _TO_PEOPLE and unusual(first.bare))
                )  # "ask görsev or ana": whom to ask, a word no list has
                verb = first.bare.casefold() in _VERB_WORDS and bool(flags & gz.COMMON)
                ok = named and not english and not calendar_word(first) and not verb
                # "the client said": "Said" is a name, but after a role the verb
            named_stop = first.bare.casefold() not in self.stops or self._stop_name(i)
            month_name = self.capital(first) and not self.shouting and surname
            if ok and named_stop and (not calendar_word(first) or month_name):
                if calendar_word(first):  # "August Gröttner": the month, then its surname
                    after = self._after(self.toks[i + 1].start, any_case=False)
                    span = (first.start, after[1]) if after else None
                else:
                    span = self._after(match.end(), any_case=not self.capital(first))
                if span:
                    found.append((*span, 0.6, "after a greeting or hand-over"))
        found.extend(self._lists())
        found.extend(self._name_lines())
        found.extend(self._signed())
        found.extend(self._closing())
        found.extend(self._above_address())
        found.extend(self._addressed())
        found.extend(self._headers())
        found.extend(self._mentions())
        found.extend(self._speakers())
        found.extend(pairs(self))
        found.extend(self._before_email())
        found.extend(apposed_names(self))
        found.extend(owned_names(self))
        found.extend(team_names(self))
        found.extend(added_names(self))
        found.extend(born_names(self))
        found.extend(unlisted_pairs(self))
        found.extend(particle_names(self))
        found.extend(romance_particle_names(self))
        found.extend(joined_names(self))
        found.extend(initialled_names(self))
        found.extend(vocatives(self))
        found.extend(called_names(self))
        folded = self.folded
        for i, token in enumerate(self.toks):
            if folded[i] in TITLES and i + 1 < len(self.toks):
                nxt = self.toks[i + 1]
                if self.capital(nxt) and len(gap(self.text, token, nxt)) <= 2:
                    span = self._after(nxt.start, any_case=False)
                    if span:
                        found.append((*span, 0.7, "after a title"))
                continue
            if self.flags(token) & gz.FIRST_WIDE:  # most words are no name: no call for them
                found.extend(self._gazetteer(i, token))
        return found

    def _lists(self) -> list[tuple[int, int, float, str]]:
        """Each item of a list after a list label that reads as a name: its first word a first
        name, or every word capitalised and none an ordinary word (one to four words)."""
        out: list[tuple[int, int, float, str]] = []
        for match in _LIST.finditer(self.text):
            start = match.start("items")
            items = match.group("items")
            position = 0
            listed = len(out)
            doubtful: list[tuple[int, int, float, str]] = []
            pieces = first_names = 0
            for piece in _ITEM_SPLIT.split(items):
                at = items.find(piece, position) if piece else -1
                if at < 0:
                    continue
                position = at + len(piece)
                pieces += 1
                words = tokens(piece)
                first = self.flags(words[0]) if words else 0
                if (
                    len(words) == 1
                    and first & gz.FIRST_WIDE
                    and self.capital(words[0])
                    and not gz.english(first)
                    and (self.ordinary(words[0]) or words[0].bare.casefold() in self.stops)
                ):  # "Anwesend: Chi, Kata, Sandra": a name among names, though "chi" is a word
                    word = start + at + words[0].start
                    doubtful.append((word, word + len(words[0].bare), 0.5, "in a list of names"))
                    first_names += words[0].bare.casefold() not in PRODUCT_NAMES
                    continue
                # "excusa: nam đặng": a first name that is a function word, then a surname
                stop_first = self._stop_first(words)
                if not 1 <= len(words) <= 4 or (
                    words[0].bare.casefold() in self.stops and not stop_first
                ):
                    continue
                named = bool(first & gz.FIRST_WIDE) and (not self.ordinary(words[0]) or stop_first)
                plain = all(
                    (not self.flags(w) & gz.COMMON or w.bare.casefold() in PARTICLES)
                    and not calendar_word(w)
                    for w in words
                )  # "jinthe van rooij", though "van" is an English word
                spoken = any(  # "por la sesión", though "van der" may join a name
                    w.bare.casefold() in self.stops and w.bare.casefold() not in PARTICLES
                    for w in words
                )
                proper = plain and not spoken and (len(words) >= 2 or not self.capital(words[0]))
                if named and not proper and not stop_first:
                    # "Sylvia per la sessione": the name, not the rest
                    span = self._after(start + at + words[0].start, any_case=True)
                    if span:
                        out.append((*span, 0.6, "in a list of names"))
                elif not named and not proper and self._lone_unlisted(piece, words):
                    # "OBECNI: AMEDEU, …", "DANK AAN …, … EN NINTHE VOOR DE SESSIE": a word no
                    # list knows, alone or before the rest of the sentence, among names
                    word = start + at + words[0].start
                    doubtful.append((word, word + len(words[0].bare), 0.5, "in a list of names"))
                elif named or proper:
                    last = words[-1]
                    out.append(
                        (
                            start + at + words[0].start,
                            start + at + last.start + len(last.bare),
                            0.6,
                            "in a list of names",
                        )
                    )
            # among names, or every item a first name (that is also a word of one language, no
            # product): "Presentes: Loreto, Agustina, Rosalía", not "Tools: Miro and Jira"
            if len(out) > listed or (first_names >= 2 and first_names == pieces):
                out.extend(doubtful)
        return out

    def _name_more_than_word(self, token: Token) -> bool:
        """A first name that is also a word of one language, and rare as that word: used as a
        name more than as the word ("Eugène", "Niccolò"; not "Hanno")."""
        flags = self.flags(token)
        return (
            bool(flags & gz.FIRST)
            and not flags & gz.COMMON
            and token.bare.casefold() not in self.stops
            and self.gaz.rare(token.bare)
        )

    def _stop_first(self, words: list[Token]) -> bool:
        """Two words, the first a first name that is also a function word somewhere ("nam",
        Polish for "us"), the second a surname no ordinary word is or a word no list has."""
        if len(words) != 2 or words[0].bare.casefold() not in self.stops:
            return False
        first, second = self.flags(words[0]), self.flags(words[1])
        surname = self.unlisted(words[1]) or (
            bool(second & gz.LAST) and not self.ordinary(words[1])
        )
        return bool(first & gz.FIRST_WIDE) and not gz.english(first) and surname

    def _lone_unlisted(self, piece: str, words: list[Token]) -> bool:
        """A list item that is one word no list knows, alone or before function words (no
        particle: "jinthe van rooij" is a whole name), with no digit ("postbus 2687")."""
        if any(ch.isdigit() for ch in piece) or not self.unlisted(words[0]):
            return False
        if len(words) == 1:
            return True
        second = words[1].bare.casefold()
        return second in self.stops and second not in PARTICLES

    def _gazetteer(self, i: int, token: Token) -> list[tuple[int, int, float, str]]:
        flags = self.flags(token)
        if not flags & gz.FIRST_WIDE:
            return []
        if calendar_word(token):
            return self._month_named(i)
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        joined = nxt is not None and gap(self.text, token, nxt) in (" ", "-")
        # a word in no list after a first name: an unusual surname ("dorothee pruschke")
        unlisted = joined and nxt is not None and self.unlisted(nxt)
        if not flags & gz.FIRST:
            # a rarer first name counts only with a surname after it ("milo sinisi")
            known_surname = joined and nxt is not None and bool(self.flags(nxt) & gz.LAST)
            # a word of one language, but rare as one, is a name first ("Abbi MacCartan")
            worded = self.ordinary(token) and not (
                self.capital(token) and self.gaz.rare(token.bare)
            )
            if (
                not (known_surname or unlisted)
                or worded
                or (nxt is not None and self.ordinary(nxt))
            ):
                return []
        if token.lower or self.shouting:
            # No capitals to go by: a known first name that is no ordinary word, and the
            # surname-like words after it ("trinidad peinado torrens", "KLEMENS GUMPRICH").
            word = token.bare.casefold()
            plain = (
                not self.ordinary(token)
                or (unlisted and not flags & gz.COMMON)
                or self._two_surnames(i)
            )
            # a common first name that is a function word somewhere, then a surname: "sean
            # mcaleer", "SEAN MCALEER"
            stop_first = (
                bool(flags & gz.FIRST_TOP)
                and not flags & gz.COMMON
                and joined
                and nxt is not None
                and (bool(self.flags(nxt) & gz.LAST) or unlisted)
                and not self.ordinary(nxt)
            )
            if stop_first:
                span = self._after(token.start, any_case=True, stop_first=True)
                if span:
                    return [(*span, 0.45, "first name without capitals")]
            if len(word) >= 3 and word not in self.stops and plain:
                span = self._after(token.start, any_case=True)
                if span:
                    return [(*span, 0.45, "first name without capitals")]
            return []
        if self.capital(token):
            if joined and self._initial_surname(i + 1):  # "Faith C. Nwosu", "Will J. Kowalczyk"
                last = self.toks[i + 2]
                return [(token.start, last.start + len(last.bare), 0.6, "name with an initial")]
            if joined and nxt is not None and self.capital(nxt) and not calendar_word(nxt):
                both_common = self.ordinary(token) and self.ordinary(nxt)
                # a surname rare in every language ("Giulio Leopardi") is no word
                rare = self.rare_surname(nxt)
                both_common = both_common and not rare
                surname = (
                    bool(self.flags(nxt) & (gz.LAST | gz.FIRST))
                    or INITIAL.match(nxt.text)
                    or unlisted
                    or rare
                )
                strong_first = bool(flags & gz.FIRST_TOP) and not self.ordinary(token)
                if not both_common and (surname or (strong_first and not self.ordinary(nxt))):
                    end = self._after(token.start, any_case=False)
                    if end:
                        return [(*end, 0.6, "first name and surname")]
            if self.ordinary(token):
                return []
            alone = flags & gz.FIRST_TOP and not (self.shouting and flags & gz.COMMON_OTHER)
            if alone and not (token.bare.casefold() in self.stops and self.shouting):
                return [(token.start, token.start + len(token.bare), 0.5, "common first name")]
            return []
        return []

    def _surname_follows(self, i: int) -> bool:
        """The word after token ``i``, one space on, is a surname: of four letters or more and
        in no list at all (no name, place or word of any language: an unusual surname), or a
        listed surname that is no English word ("ruiz", though frequent in Spanish text)."""
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        if nxt is None or gap(self.text, self.toks[i], nxt) != " " or not nxt.bare.isalpha():
            return False
        if len(nxt.bare) >= 4 and self.unlisted(nxt):
            return True
        flags = self.flags(nxt)
        return bool(flags & gz.LAST) and not flags & gz.COMMON and not calendar_word(nxt)

    def _month_named(self, i: int) -> list[tuple[int, int, float, str]]:
        """A month that is also a first name, capitalised, then a surname no ordinary word is,
        or a rare one: "Maja Prinsen", "April Kowalczyk", "June Okafor"; not "May Day", "June
        Sale" or "15 April Smith" (a date, then a name)."""
        token = self.toks[i]
        if (
            self.shouting
            or not self.capital(token)
            or not self.flags(token) & gz.FIRST
            or i + 1 >= len(self.toks)
            or (i > 0 and self.toks[i - 1].bare.isdigit())
        ):
            return []
        nxt = self.toks[i + 1]
        if gap(self.text, token, nxt) != " " or not self.capital(nxt) or calendar_word(nxt):
            return []
        surname = (
            self.rare_surname(nxt)
            or self.unlisted(nxt)
            or (bool(self.flags(nxt) & gz.LAST) and not self.ordinary(nxt))
        )
        if not surname:
            return []
        return [(token.start, nxt.start + len(nxt.bare), 0.6, "first name and surname")]

    def _before_email(self) -> list[tuple[int, int, float, str]]:
        """The words right before an e-mail address in brackets that its user name spells:
        "BILL FISCHER (BILLFISCHER@...)", "Jane Kowalski <jkowalski@...>". Words are taken back
        from the bracket while each is no ordinary word (or a name the user name spells), one
        to three of them, and one of three letters or more must be in the user name; one word
        alone must be a known name and no ordinary word ("Acme <acme@...>", "billing
        (billing@...)" are no one)."""
        if "@" not in self.text:
            return []
        out = []
        for match in _BEFORE_EMAIL.finditer(self.text):
            local = _folded(match.group("local"))
            j = bisect.bisect_right(self.toks, match.start(), key=lambda t: t.end) - 1
            taken: list[Token] = []
            while j >= 0 and len(taken) < 3:
                token = self.toks[j]
                after = taken[0].start if taken else match.start()
                if self.text[token.end : after] not in ("", " "):
                    break
                flags = self.flags(token)
                spelt_name = (
                    bool(flags & (gz.FIRST_WIDE | gz.LAST))
                    and not gz.english(flags)
                    and len(token.bare) >= 3
                    and _folded(token.bare) in local
                )  # "BILL FISCHER (BILLFISCHER@...)", though "Fischer" is a German word
                first = bool(taken) and bool(flags & gz.FIRST_TOP) and self.capital(token)
                if self.ordinary(token) and not (spelt_name or first):  # "Jane Doe <jdoe@...>"
                    break
                if token.bare.casefold() in self.stops or calendar_word(token):
                    break
                taken.insert(0, token)
                j -= 1
            spelt = any(len(w.bare) >= 3 and _folded(w.bare) in local for w in taken)
            known = len(taken) >= 2 or (
                bool(taken)
                and bool(self.flags(taken[0]) & (gz.FIRST_WIDE | gz.LAST))
                and not self.ordinary(taken[0])
            )  # "billing (billing@...)": one word, a surname somewhere but a word here
            if spelt and known:
                last = taken[-1]
                out.append((taken[0].start, last.start + len(last.bare), 0.6, "before an e-mail"))
        return out

    def _initial_surname(self, i: int) -> bool:
        """Token ``i`` is an initial ("B.") and a capitalised surname follows it: a name or a
        word no list has, and no ordinary word ("Faith C. Nwosu", not "Plan B. The")."""
        if i + 1 >= len(self.toks) or not INITIAL.match(self.toks[i].text):
            return False
        initial, nxt = self.toks[i], self.toks[i + 1]
        if not initial.text.endswith(".") or gap(self.text, initial, nxt) != " ":
            return False
        if not self.capital(nxt) or self.ordinary(nxt) or calendar_word(nxt):
            return False
        return bool(self.flags(nxt) & gz.LAST) or self.unlisted(nxt) or self.rare_surname(nxt)

    def _stop_name(self, i: int) -> bool:
        """A capitalised first name that is also a stop word, when it is a common name ("ask
        for Sam", "thanks Sara", in capitals too: "FIXED IT FOR SEAN") or, in mixed-case text,
        it ends its line ("Thanks, Mille") or a surname follows it ("via Bo Claesdr"); in lower
        case, any first name of the lists that is no English word, before a surname
        (:meth:`_surname_follows`: "spoke to inna etzold", "account holder sean ruiz", though
        "inna" is Polish for "other" and "sean" Spanish for "be")."""
        token = self.toks[i]
        flags = self.flags(token)
        if token.lower and flags & gz.FIRST_WIDE and not gz.english(flags):
            return self._surname_follows(i)
        if not self.capital(token) or gz.english(flags):
            return False
        if self.shouting:  # no capitals to go by: no English word at all ("ASK FOR AN UPGRADE")
            return bool(flags & gz.FIRST_TOP) and not flags & gz.COMMON
        if flags & gz.FIRST_TOP:
            return True
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        if flags & gz.FIRST_WIDE and _LINE_END.match(self.text, token.start + len(token.bare)):
            return True  # the line ends on it: "Thanks, Mille (C585105357)"
        return (
            bool(flags & gz.FIRST_WIDE)
            and nxt is not None
            and gap(self.text, token, nxt) == " "
            and self.capital(nxt)
            and (
                ((bool(self.flags(nxt) & gz.LAST) or self.unlisted(nxt)) and not self.ordinary(nxt))
                or (bool(self.flags(nxt) & gz.LAST) and not self.flags(nxt) & gz.COMMON)
            )  # "Die Kollegin Hanno Scholz": a surname, though a frequent word in one language
        )

    def _english(self, span: str) -> bool:
        """One lower-case ordinary English word ("signed consent: ..." is not signed by
        "consent")."""
        words = tokens(span)
        if len(words) != 1 or not words[0].lower:
            return False
        flags = self.flags(words[0])
        if flags & gz.COMMON_OTHER and not flags & (gz.FIRST_WIDE | gz.LAST):
            return True  # "consent": a word of one language, no name
        return gz.english(flags)

    def _surname_next(self, i: int) -> bool:
        """A capitalised word after capitalised word ``i`` that is a surname or a word no list
        has, and no English word, while word ``i`` is no English word or is a month ("Booking
        for Aimé Dubois", "Passato a Amleto Travaglia", "Transmis à August Gröttner")."""
        first = self.toks[i]
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        return (
            nxt is not None
            and self.capital(first)
            and self.capital(nxt)
            and gap(self.text, first, nxt) == " "
            and (bool(self.flags(nxt) & gz.LAST) or self.unlisted(nxt))
            and not self.flags(nxt) & gz.COMMON
            and (not gz.english(self.flags(first)) or calendar_word(first))
        )

    def _alone(self, i: int) -> bool:
        """The word at ``i`` is a first name of the lists and no capitalised word follows it
        on its line."""
        if not self.flags(self.toks[i]) & gz.FIRST:
            return False
        nxt = self.toks[i + 1] if i + 1 < len(self.toks) else None
        return nxt is None or "\n" in gap(self.text, self.toks[i], nxt) or not self.capital(nxt)

    def _two_surnames(self, i: int) -> bool:
        """A first name and two surnames, no English word among them ("rosendo manzanares
        ribas", though each is a word of Spanish): three such words in a row are a Spanish or
        Portuguese full name far more often than a phrase."""
        if i + 2 >= len(self.toks) or not self.flags(self.toks[i]) & gz.FIRST:
            return False
        words = self.toks[i : i + 3]
        if any(gap(self.text, a, b) != " " for a, b in itertools.pairwise(words)):
            return False
        for n, w in enumerate(words):
            flags = self.flags(w)
            if (
                flags & gz.COMMON
                or len(w.bare) < 3
                or w.bare.casefold() in self.stops
                or calendar_word(w)
                or (n and not flags & gz.LAST)
            ):
                return False
        return True

    def _after(
        self, position: int, any_case: bool, stop_first: bool = False
    ) -> tuple[int, int] | None:
        """The name of up to four words starting at ``position`` (``stop_first``: its first
        word may be a function word)."""
        i = self.index.get(position)
        if i is None:
            return None
        taken: list[Token] = []
        while i < len(self.toks) and len(taken) < 4:
            token = self.toks[i]
            if taken and gap(self.text, taken[-1], token) not in (" ", "-", ". ", "'", "’"):
                break
            word = token.bare.casefold()
            if taken and word in PARTICLES and i + 1 < len(self.toks):
                taken.append(token)
                i += 1
                continue
            excluded = calendar_word(token) or (
                word in self.stops and not (self.capital(token) and taken and not self.shouting)
            )  # "Maria Von Trapp", but "KAREN LOOS AUS DER BUCHHALTUNG" ends at "AUS"
            leading_name = not taken and (
                (self.capital(token) and bool(self.flags(token) & gz.FIRST_TOP))
                or self._stop_name(i)
                or stop_first
            )
            if excluded and not leading_name:
                break
            if not (self.capital(token) or (any_case and token.bare.replace("-", "").isalpha())):
                break
            flags = self.flags(token)
            known = flags & (gz.FIRST | gz.LAST) or not flags  # a name, or an unknown word
            plain = not self.capital(token) or self.shouting
            if taken and plain and not known:
                break
            if taken and plain and word in _VERB_WORDS and flags & gz.COMMON:
                break  # "anna said", "ANNA SAID": "Said" is a name, but here the verb after one
            taken.append(token)
            i += 1
            if token.text.endswith(".") and not INITIAL.match(token.text):
                break
        while taken and taken[-1].bare.casefold() in PARTICLES:
            taken.pop()
        if not taken:
            return None
        last = taken[-1]
        return taken[0].start, last.start + len(last.bare)


_VERB_WORDS = frozenset(
    verb for verb in (*PERSON_VERBS, *ANY_VERBS) if " " not in verb and verb.isascii()
)
"""One-word verbs that follow a subject ("said", "told", "is", "will"): in lower case, after a
name they are its verb, not its surname."""


def _folded(text: str) -> str:
    """Letters only, casefolded, accents dropped: how a name is spelt in an e-mail address."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch))


def name_part(word: str) -> bool:
    """Whether ``word``, one word of a found name, names that person wherever it recurs in the
    row ("phileine schatteleijn is 44 ... phileine could not find"): no stop word, particle or
    ordinary word in any supported language (a first name or surname that is a rare word of
    one language, "przemysław", still counts), and at least two letters."""
    bare = word.strip(".,;:!?'’()[]")
    if len(bare) < 2 or not bare.replace("-", "").replace("'", "").isalpha():
        return False
    folded = bare.casefold()
    if folded in PARTICLES or folded in stop_words():
        return False
    gaz = gz.load()
    flags = gaz.get(bare)
    if flags & gz.COMMON_OTHER and flags & (gz.FIRST | gz.LAST) and gaz.rare(bare):
        return not flags & gz.COMMON  # "przemysław", a name first, though a Polish word too
    return not flags & (gz.COMMON | gz.COMMON_OTHER)
