"""People added to a board, a channel or a chat: "add henrike to the jira board", "fügt
friedhilde und hans-h. zum salesforce-kanal hinzu", "voeg sedife even toe aan het jira bord",
"ajoute tristan au board jira", "aggiungi piermaria alla chat", "añade a urbano al grupo",
"dodaj iwo do kanału".

What is added to a board or channel and named by one or two bare words is a person far more
often than anything else, and chat writes such names in lower case, where no capital and often
no list knows them ("sedife"). So the words between the verb of adding and its preposition are
a name (two names joined by "and"), in any case, when none of them is an ordinary word of a
supported language, a function word, a month or weekday, or a product the detector knows
("add figma to the stack" keeps Figma; "add tags to the export" keeps "tags"). German puts its
verb at the end ("kannst du henrike zum board hinzufügen", "bitte henrike in den Verteiler
aufnehmen"): there "hinzu" or "aufnehmen" must close the clause.
"""

from __future__ import annotations

import re

from persona_batch.core.phrase_search import lowered
from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.finder import Span
from persona_batch.privacy.recognisers.name_blocks import NameView
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, tokens

__all__ = ["added_names"]


def _added(verbs: str, joiners: str, prepositions: str, *, fillers: str = "") -> re.Pattern[str]:
    """``verb X [joiner Y] [filler] preposition``, with X and Y one to three words each, none of
    them a joiner, a filler or the preposition."""
    others = "|".join(p for p in (joiners, prepositions, fillers) if p)
    name = rf"(?!(?:{others})(?![\w\-]))[^\W\d_][\w'’\-]*\.?"
    one = rf"{name}(?:[ \t]{name}){{0,2}}"
    filler = rf"(?:(?:{fillers})[ \t]+)?" if fillers else ""
    return re.compile(
        rf"(?<![\w\-])(?:{verbs})[ \t]+(?P<names>{one}(?:[ \t]*,[ \t]*{one})*"
        rf"(?:[ \t]+(?:{joiners})[ \t]+{one})?)[ \t]+{filler}(?:{prepositions})(?![\w\-])",
        re.IGNORECASE,
    )


_PATTERNS = (
    (("add", "invite"), _added(r"add|added|adding|invite|invited", r"and|&", r"to|into")),
    (("füg",), _added(r"füge|fügt|füg|fügen", r"und|&", r"zum|zur|zu|in[ \t]+den|in[ \t]+die|ins")),
    (("hinzu", "aufneh", "aufnimm"), _added(
        r"kannst[ \t]+du|könntest[ \t]+du|können[ \t]+sie|könnten[ \t]+sie|bitte",
        r"und|&",
        r"zum|zur|in[ \t]+den|in[ \t]+die|ins",
    )),
    (("voeg",), _added(r"voeg|voegt|voeg[ \t]+je", r"en|&", r"toe[ \t]+aan", fillers=r"even|ook|nog|ff")),
    (("ajout",), _added(r"ajoute|ajoutez|ajouter|ajoutes", r"et|&", r"au|aux|à|dans")),
    (("aggiung",), _added(r"aggiungi|aggiungete|aggiungere|aggiunge", r"e|ed|&", r"al|alla|allo|ai|alle|nel|nella|a")),
    (("añad", "agreg"), _added(
        r"añade[ \t]+a|añadid[ \t]+a|agrega[ \t]+a|agregad[ \t]+a|añade|agrega",
        r"y|e|&",
        r"al|a[ \t]+la|a[ \t]+los|en[ \t]+el|en[ \t]+la",
    )),
    (("dodaj",), _added(r"dodaj|dodajcie|dodasz", r"i|oraz|&", r"do")),
)  # fmt: skip
"""Each verb's pattern, with the stems one of which the lower-cased text must hold."""
_GERMAN_WAIT = re.compile(r"kannst|könntest|können|könnten|bitte", re.IGNORECASE)
_HINZU = re.compile(r"[^.!?\n]{0,60}?\b(?:hinzu|aufnehmen|aufnimmst|aufnehmt)", re.IGNORECASE)
_SPLIT = re.compile(r"[ \t]*(?:,|[ \t](?:and|und|en|et|e|ed|y|i|oraz|&)[ \t])[ \t]*", re.IGNORECASE)


def added_names(view: NameView) -> list[Span]:
    """The names in ``view``'s text that something adds to a board, a channel or a chat."""
    out: list[Span] = []
    low = lowered(view.text) or view.text.lower()
    for stems, pattern in _PATTERNS:
        if not any(stem in low for stem in stems):
            continue  # most texts add no one: a substring test spares the regex
        for match in pattern.finditer(view.text):
            if _GERMAN_WAIT.match(match.group(0)) and not _HINZU.match(view.text, match.end()):
                continue  # "bitte X zum Termin mitbringen": no adding
            names = match.group("names")
            base = match.start("names")
            spans: list[tuple[int, int]] = []
            position = 0
            for piece in _SPLIT.split(names):
                at = names.find(piece, position)
                position = at + len(piece)
                span = _name(view, piece, base + at)
                if span is None:
                    spans = []
                    break
                spans.append(span)
            out.extend((start, end, 0.55, "added to a board or channel") for start, end in spans)
    return out


def _ordinary(view: NameView, token: Token) -> bool:
    """An ordinary word (:meth:`NameView.ordinary`), except a first name that is also a word
    of one language only ("ravi", Italian for turnips; not "mark")."""
    flags = view.flags(token)
    if flags & (gz.FIRST | gz.FIRST_WIDE) and not flags & gz.COMMON:
        return calendar_word(token) or token.bare.casefold() in PRODUCT_NAMES
    if flags & gz.LAST and not flags & gz.COMMON and view.gaz.rare(token.bare):
        return False  # a surname used as a name more than as its language's word: "Giacobbe"
    return view.ordinary(token)


def _surname(view: NameView, token: Token, first: Token) -> bool:
    """After a first name that is no ordinary word, a surname that is no English word, though
    a word of one language ("Mato Junk")."""
    flags = view.flags(token)
    return (
        bool(flags & gz.LAST)
        and not flags & gz.COMMON
        and not calendar_word(token)
        and not _ordinary(view, first)
        and bool(view.flags(first) & (gz.FIRST | gz.FIRST_WIDE))
    )


def _thing(view: NameView, word: str) -> bool:
    """A plural of an ordinary English word ("tags", "seats", "boxes") or of a word no list
    has ("webhooks"), or a short word no list has ("sso"): jargon more likely than a name."""
    if view.gaz.unlisted(word) and (len(word) < 4 or word.endswith("s")):
        return True
    return any(
        word.endswith(end) and view.gaz.get(word[: -len(end)]) & gz.COMMON for end in ("s", "es")
    )


def _name(view: NameView, piece: str, at: int) -> tuple[int, int] | None:
    """``piece`` at ``at`` as a name's span, or None when a word of it is an ordinary word."""
    words = tokens(piece)
    if not 1 <= len(words) <= 3:  # "Añadid a Cándido Escribano Antón al hilo"
        return None
    for n, word in enumerate(words):
        bare = word.bare.rstrip(".").casefold()
        if len(bare) < 2 or bare in view.stops or _thing(view, bare):
            return None
        if _ordinary(view, word) and not (n and _surname(view, word, words[0])):
            return None
    last = words[-1]
    end = last.start + (len(last.text) if last.text.endswith(".") else len(last.bare))
    return at + words[0].start, at + end
