"""What the name finders share, and the names a text's layout gives away.

:class:`NameView` is one text as the name finders read it: which words are ordinary words
(stop words, months and weekdays, product names, dictionary words) and which are written as
names. On it, the names that stand where a layout puts one, whatever the words around say:

- a line of two to four capitalised name words (an address block's or a signature's name
  line), and the line after a signature marker ("--");
- the line right above a street address line, and the name an address block opens with
  ("Ship to:\\ntony rosenow");
- the words that start the line after a closing line ("Kind regards,\\nZoé Leclerc");
- a chat mention ("@anna.k") and a transcript's speaker label ("[10:02] Joe Bloggs: thanks").

The recogniser that reports them, with the names found by their context, is
:mod:`recognisers.names`.
"""

from __future__ import annotations

import re

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.base import after_phrase, alternation
from persona_batch.privacy.recognisers.finder import TextView
from persona_batch.privacy.recognisers.name_words import ADDRESSEE_LABELS, PARTICLES, SIGN_OFFS
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import (
    Token,
    calendar_word,
    case_style,
    sentence_start,
    tokens,
)
from persona_batch.privacy.recognisers.typos import unusual

__all__ = ["INITIAL", "NameView"]

INITIAL = re.compile(r"^[A-Z]\.?$")
"""An initial: "B", "B."."""
_SIGNED = re.compile(
    rf"(?im)^[ \t]*(?:{alternation(SIGN_OFFS)})[ \t]*[,.!]*[ \t]*\r?\n[ \t]*(?P<line>[^\n|,(<]+)"
)
_CLOSING = re.compile(
    rf"(?im)(?:^[ \t]*|(?<=[.!?])[ \t]+)(?:{alternation(SIGN_OFFS)})(?:[ \t]*[,!.]+[ \t]*(?:\r?\n[ \t]*)?|[ \t]*\r?\n[ \t]*)"
    r"(?P<line>[^\W\d_][^\W\d_'’\- \t]*(?:[ \t]+[^\W\d_][^\W\d_'’\- \t]*){0,2})[ \t.!]*\s*\Z"
)
"""A sign-off (starting a line or after a sentence) and the one to three words that end the
text ("Cheers, Hope", "Thanks,\nFaith Miller"): the writer's name."""
_ADDRESSEE = after_phrase(ADDRESSEE_LABELS, r"[ \t]*:[ \t]*(?:\r?\n[ \t]*)?(?P<line>[^\n|,(<\d]+)")
_HEADER = re.compile(
    r"(?im)^[ \t]*(?:from|to|cc|bcc|von|an|de|para|da|van|aan|od|do)[ \t]*:[ \t]*"
    r"(?P<line>[^\n|,(<\d@]+)"
)
_HEADER_LINE = re.compile(
    r"(?im)^[ \t]*(?:from|to|cc|bcc|von|an|de|para|da|van|aan|od|do|subject|date|sent|betreff"
    r"|objet|asunto|oggetto|onderwerp|temat|datum|envoyé|enviado|inviato|verzonden|wysłano)"
    r"[ \t]*:"
)
"""A line of an e-mail's header: where a sender's or recipient's name stands ("from: inocencio
frutos\nto: …"), when the text has two header lines or more."""
_SPEAKER = re.compile(
    r"(?m)^[ \t]*(?:\[[\d:. ]+\][ \t]*)?"
    r"(?P<name>[^\W\d_][\w'’\-]*(?:[ \t][^\W\d_][\w'’\-]*\.?){0,2})[ \t]*:[ \t]+\S"
)
_HEADERS = frozenset({"bcc", "fwd", "subject", "betreff", "objet", "asunto", "oggetto"})
_MENTION = re.compile(r"(?<![\w@.])@(?P<name>[^\W\d_][\w.\-]{1,30}[^\W_])(?![\w@])")
_NOT_PEOPLE = frozenset({"here", "channel", "everyone", "all", "team", "group", "admin", "admins"})
_LINE = re.compile(
    r"(?m)^(?P<marker>[ \t]*(?:--|—|–)[ \t]*\r?\n)?[ \t]*(?P<line>[^\W\d][^\n\d@:;,!?()]{1,60}?)[ \t]*$"
)
_ABOVE = re.compile(
    r"(?m)^[ \t]*(?P<line>[^\W\d][^\n\d@:;,!?()|<]{1,60}?)[ \t]*\r?\n(?P<next>[^\n]*\d[^\n]*)"
)


class NameView(TextView):
    """A text as the name finders read it, with the names its layout gives away."""

    def ordinary(self, token: Token) -> bool:
        """An ordinary word: a stop word, a month or weekday, or a dictionary word."""
        word = token.bare.casefold()
        if word in self.stops and (token.lower or sentence_start(self.text, token.start)):
            return True
        if word in PRODUCT_NAMES:
            return True
        if calendar_word(token):
            return True
        flags = self.flags(token)
        return bool(flags & gz.COMMON) or (
            bool(flags & gz.COMMON_OTHER) and not flags & gz.FIRST_TOP
        )

    def rare_surname(self, token: Token) -> bool:
        """A surname somewhere that every supported language rarely uses as a word, and no
        English word: after a first name, that person's surname ("Giulio Leopardi")."""
        word = token.bare
        return (
            len(word) >= 3
            and word.isalpha()
            and self.gaz.rare_surname(word)
            and not self.flags(token) & (gz.COMMON | gz.PLACE)
        )

    def capital(self, token: Token) -> bool:
        return (
            token.capitalised
            and token.bare.replace("-", "").isalpha()  # "Lisa-Marie" too
            and not token.text.isupper()  # a capital first, so: a lower-case letter somewhere
        ) or (self.shouting and token.text.isupper())

    def _name_lines(self) -> list[tuple[int, int, float, str]]:
        """A line of two to four capitalised words, none an ordinary word and one a known first
        name or surname (an address block's or a signature's name line), and the line after a
        signature marker ("--")."""
        out: list[tuple[int, int, float, str]] = []
        for match in _LINE.finditer(self.text):
            words = tokens(match.group("line"))
            after_marker = bool(match.group("marker"))
            if not 1 <= len(words) <= 4 or (len(words) == 1 and not after_marker):
                continue
            if any(
                self.ordinary(w) or calendar_word(w) or w.bare.casefold() in self.stops
                for w in words
            ):
                continue
            capitalised = all(self.capital(w) or INITIAL.match(w.text) for w in words)
            known = any(self.flags(w) & (gz.FIRST_WIDE | gz.LAST) for w in words)
            if (capitalised and known) or (after_marker and (capitalised or known)):
                start = match.start("line") + words[0].start
                last = words[-1]
                out.append(
                    (start, match.start("line") + last.start + len(last.bare), 0.55, "a name line")
                )
        return out

    def _above_address(self) -> list[tuple[int, int, float, str]]:
        """The line right above a street address line ("Aysel Salz\nGeiselallee 3/9\n…",
        "peter r. kelly\n370 jeremy tarn"): whose the address is, when its two to four words
        can be a name (no digit, no stop word at either end, one a known first name or
        surname, none an ordinary word that is no name)."""
        if "\n" not in self.text:
            return []
        streets = StreetAddressRecognizer()
        out = []
        for match in _ABOVE.finditer(self.text):
            line = match.group("next")
            lead = len(line) - len(line.lstrip())
            if not any(start <= lead for start, *_ in streets.candidates(line)):
                continue
            span = self._name_at(match.start("line"), match.group("line"), written=True)
            words = tokens(self.text[span[0] : span[1]]) if span else []
            names = [bool(self.flags(w) & (gz.FIRST_WIDE | gz.LAST)) for w in words]
            plain = all(
                named
                or len(w.bare) == 1
                or not self.ordinary(w)
                or (self.capital(w) and not gz.english(self.flags(w)))
                for w, named in zip(words, names, strict=True)
            )  # "Acme Logistics" and "Totals" are no one; "Aysel Salz" is, though "Salz" is a
            # German word
            if span and len(words) >= 2 and any(names) and plain:
                out.append((*span, 0.55, "the line above an address"))
        return out

    def _addressed(self) -> list[tuple[int, int, float, str]]:
        """The name an address block opens with ("Ship to:\ntony rosenow\n…"): one to four
        words on the label's line or the next, checked as a signature's are, with a known
        first name or surname among them or all capitalised."""
        return [
            (*span, 0.6, "an addressee")
            for match in _ADDRESSEE.finditer(self.text)
            if (span := self._addressee(match.start("line"), match.group("line")))
        ]

    def _headers(self) -> list[tuple[int, int, float, str]]:
        """The names on an e-mail header's sender and recipient lines ("from: inocencio
        frutos", "An: Jörg Weiß"), checked as an addressee's are (one word alone only when a
        first name that is no word of a language: not "to: billing"), in a text with two
        header lines or more ("Subject:", "Date:", "To:"...)."""
        if ":" not in self.text or len(_HEADER_LINE.findall(self.text)) < 2:
            return []
        return [
            (*span, 0.6, "an e-mail header's name")
            for match in _HEADER.finditer(self.text)
            if (span := self._addressee(match.start("line"), match.group("line"), alone=True))
        ]

    def _addressee(self, start: int, line: str, alone: bool = False) -> tuple[int, int] | None:
        """The span of the name ``line`` (at ``start``) opens with, where a layout puts an
        addressee's name: its words read as a name (:meth:`_name_at`, ``written``), and one is a
        known first name or surname, or two or more are all capitalised ("Azeglio Udinese",
        listed or not; "Ship to: Warehouse 4" is no one). ``alone``: a single word must be a
        first name that is no ordinary word."""
        span = self._name_at(start, line, written=True)
        if span is None:
            return None
        words = tokens(self.text[span[0] : span[1]])
        if alone and len(words) == 1:
            named = bool(self.flags(words[0]) & gz.FIRST_WIDE) and not self.ordinary(words[0])
        else:
            named = any(self.flags(w) & (gz.FIRST_WIDE | gz.LAST) for w in words)
        written = len(words) >= 2 and all(self.capital(w) for w in words)
        return span if named or written else None

    def _speakers(self) -> list[tuple[int, int, float, str]]:
        """A transcript's or chat's speaker label at the start of a line ("patricio: where do i
        find the export", "[10:02] Joe Bloggs: thanks"): one to three words before the colon,
        the first a first name that is no ordinary English word, none an ordinary word; in a
        chat, one word no list has."""
        out = []
        for match in _SPEAKER.finditer(self.text):
            words = tokens(match.group("name"))
            if not words or len(words[0].bare) < 3 or words[0].bare.casefold() in _HEADERS:
                continue
            first = self.flags(words[0])
            if len(words) == 1 and self._unlisted_speaker(words[0]):
                pass  # "adetoke: where do i find": a chat's speaker no list has
            elif not first & gz.FIRST_WIDE or gz.english(first):
                continue
            if any(
                calendar_word(w)
                or w.bare.casefold() in self.stops
                or gz.english(self.flags(w))
                or not (self.flags(w) & (gz.FIRST_WIDE | gz.LAST) or self.unlisted(w))
                for w in words
            ):  # "Beta testers:" is a label, "Joe Bloggs:" a speaker
                continue
            start = match.start("name")
            last = words[-1]
            out.append((start, start + last.start + len(last.bare), 0.55, "a speaker's label"))
        return out

    def _unlisted_speaker(self, token: Token) -> bool:
        """A speaker's label that no list has, in a text of several lines (a chat): no product
        and no typo of an ordinary word ("kubectl:" in one line of a log stays)."""
        return "\n" in self.text.strip() and unusual(token.bare)

    def _mentions(self) -> list[tuple[int, int, float, str]]:
        """A chat mention: "@trọng can u review", "@anna.k" (not "@here" or "@channel")."""
        return [
            (m.start(), m.end(), 0.6, "a mention")
            for m in _MENTION.finditer(self.text)
            if m.group("name").casefold() not in _NOT_PEOPLE
        ]

    def _signed(self) -> list[tuple[int, int, float, str]]:
        """The words that start the line after a closing line ("Kind regards,\nZoé Leclerc | nurse"):
        one to four words, in any case, with no digit, no stop word at either end and no ordinary
        English word that is not also a name ("The Support Team" is no one)."""
        return [
            (start, end, 0.6, "a signature")
            for match in _SIGNED.finditer(self.text)
            if (span := self._name_at(match.start("line"), match.group("line"), signed=True))
            for start, end in [span]
        ]

    def _closing(self) -> list[tuple[int, int, float, str]]:
        """The name that ends a text after its sign-off ("Dzięki, Hope", "Regards,\nFaith
        Miller"): the first word a first name, capitalised where it is also an English word
        ("Grace", "Will", "June"; not "thanks, will" or "Thanks, Everyone"), and each word
        after it written like it, no stop word or month, and a name word or no English word
        ("Faith Miller", "Hope van Dijk"; not "Thanks, Will do")."""
        match = _CLOSING.search(self.text) if "\n" in self.text or "," in self.text else None
        if match is None:
            return []
        words = tokens(match.group("line"))
        if not words:
            return []
        first = words[0]
        flags = self.flags(first)
        if not (flags & gz.FIRST_WIDE or self._signature_word(first)):
            return []
        if first.bare.casefold() in self.stops and not self._surname_second(words):
            return []  # "thanks, all"; but "best regards, mie mathiasen" ("mie": Italian "my")
        if gz.english(flags) and not self.capital(first):
            return []
        for w in words[1:]:
            folded = w.bare.casefold()
            if folded in PARTICLES:
                continue
            flags = self.flags(w)
            if (
                folded in self.stops
                or calendar_word(w)
                or case_style(w.text) != case_style(first.text)
                or not (flags & (gz.FIRST_WIDE | gz.LAST) or not gz.english(flags))
            ):
                return []  # "Thanks, Will do", "Cheers, Jack Black Coffee"
        start = match.start("line")
        last = words[-1]
        return [
            (start + first.start, start + last.start + len(last.bare), 0.6, "a sign-off's name")
        ]

    def _signature_word(self, token: Token) -> bool:
        """Capitalised, no English word or product, and rare as a word everywhere or in no
        list: a first name the name lists lack ("Saluti, Zacharie")."""
        word = token.bare
        return (
            self.capital(token)
            and word.isalpha()
            and not self.flags(token) & gz.COMMON
            and word.casefold() not in PRODUCT_NAMES
            and (self.gaz.rare(word) or self.gaz.unlisted(word))
        )

    def _surname_second(self, words: list[Token]) -> bool:
        """Two words or more, the second a surname no ordinary word is, or in no list."""
        if len(words) < 2:
            return False
        second = words[1]
        listed = bool(self.flags(second) & gz.LAST) and not self.ordinary(second)
        return listed or (len(second.bare) >= 4 and self.gaz.unlisted(second.bare))

    def _name_at(
        self, start: int, line: str, written: bool = False, signed: bool = False
    ) -> tuple[int, int] | None:
        """The span of the one to four words of ``line`` (at ``start``) if they can be a name:
        no digit, no stop word at either end, no ordinary English word that is not also a
        name, no month or weekday. ``written``: where the layout says a name stands (an
        address block's first line), an English word that is also a first name or surname
        counts when it is capitalised and some other word is no English word ("Lot de Jode
        Vastraedsd"; not "Main Office"). ``signed``: under a sign-off, a first word that is
        also a first name counts in any case before a surname no English word is ("best,\n
        grant bridson")."""
        words = tokens(line)
        if not 1 <= len(words) <= 4 or any(not w.bare.replace("-", "").isalpha() for w in words):
            return None
        # a first name that is a stop word somewhere, signed with its surname, still counts:
        # "best regards,\nmie mathiasen" ("mie": Italian for "my")
        signed_first = (
            signed and bool(self.flags(words[0]) & gz.FIRST) and self._surname_second(words)
        )
        if (
            any(
                w.bare.casefold() in self.stops
                and w.bare.casefold() not in PARTICLES
                and not (w is words[0] and signed_first)
                for w in words
            )
            or words[-1].bare.casefold() in PARTICLES
        ):
            return None

        surnamed = signed and any(
            self.unlisted(w) or (self.flags(w) & gz.LAST and not gz.english(self.flags(w)))
            for w in words[1:]
        )

        def english(w: Token) -> bool:
            flags = self.flags(w)
            if surnamed and w is words[0] and flags & gz.FIRST_WIDE:
                return False
            if written and (
                (self.capital(w) and flags & (gz.FIRST_WIDE | gz.LAST))
                or (w.lower and w.bare.casefold() in PARTICLES)
            ):
                return False
            return len(w.bare) > 1 and gz.english(flags)

        if (
            any(english(w) for w in words)
            or any(calendar_word(w) for w in words)
            or (written and all(gz.english(self.flags(w)) for w in words))
        ):
            return None
        last = words[-1]
        return start + words[0].start, start + last.start + len(last.bare)
