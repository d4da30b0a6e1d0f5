"""Names given with the role a person holds or the team they are from: "The finance lead, Ebba,
signs every invoice", "her manager, Ilse Brandt, approved it", "Wiebke from the platform team
keeps asking", "ask karl-heinz from billing".

Notes about people often name someone by their role first and then give the name as an
apposition. Between the commas, a name stands where no ordinary word can: "the team lead,
however, said" has no name, because "however" is no first name. The word (or two) between a
role noun and a comma is taken when the first is a first name from the gazetteer (even one
that is also a word or a month: "the sales lead, Will, signs"), a word in no list, or a
surname that is a rare word, and the second (if any) is a surname of the same kind or no
ordinary word. The same words right before "from <a department>" or "from the <...> team"
are a name too, unless an article or a possessive comes before them ("a guy from sales").
"""

from __future__ import annotations

import bisect
import re

from persona_batch.privacy.recognisers import gazetteer as gz
from persona_batch.privacy.recognisers.base import alternation
from persona_batch.privacy.recognisers.finder import Span
from persona_batch.privacy.recognisers.name_blocks import NameView
from persona_batch.privacy.recognisers.name_words import PARTICLES
from persona_batch.privacy.recognisers.product_words import PRODUCT_NAMES
from persona_batch.privacy.recognisers.tokens import Token, calendar_word, gap, tokens

__all__ = ["ROLE_NOUNS", "TEAMS", "apposed_names", "owned_names", "team_names"]

ROLE_NOUNS: tuple[str, ...] = (
    # English
    "lead", "manager", "head", "director", "assistant", "coordinator", "owner", "admin",
    "administrator", "accountant", "bookkeeper", "engineer", "developer", "designer", "analyst",
    "researcher", "consultant", "recruiter", "supervisor", "boss", "founder", "co-founder",
    "ceo", "cto", "cfo", "coo", "officer", "representative", "rep", "specialist", "colleague",
    "coworker", "co-worker", "teammate", "partner", "wife", "husband", "sister", "brother",
    "son", "daughter", "mother", "father", "mum", "mom", "dad", "friend", "neighbour",
    "neighbor", "intern", "nurse", "doctor", "teacher", "landlord", "landlady", "contact",
    "champion", "sponsor", "approver", "moderator", "interviewer", "participant",
    # German, French, Spanish, Italian, Dutch, Polish
    "kollegin", "kollege", "leiterin", "leiter", "chefin", "chef", "managerin", "ansprechpartner",
    "ansprechpartnerin", "collègue", "responsable", "directeur", "directrice", "compañera",
    "compañero", "jefa", "jefe", "directora", "responsabile", "direttore", "direttrice",
    "collega", "leidinggevende", "kolega", "koleżanka", "kierownik", "kierowniczka",
)  # fmt: skip
"""Nouns for what a person is to someone or does at work, after which a name may be set off."""

_ROLES = frozenset(ROLE_NOUNS)
_ROLE_BEFORE = re.compile(r"(?<![\w\-])(?P<role>[^\W\d_][\w\-]*)[ \t]*$")
"""The word before a comma: a role noun?"""
_NAME_AFTER = re.compile(r"[ \t]*(?P<name>[^\W\d_][\w'’\-]*(?:[ \t][^\W\d_][\w'’\-]*)?)[ \t]*,")
"""One or two words after the comma, and the comma that closes them."""


TEAMS: tuple[str, ...] = (
    "sales", "marketing", "accounts", "accounting", "finance", "billing", "payroll", "hr",
    "it", "support", "legal", "ops", "operations", "engineering", "product", "design",
    "procurement", "purchasing", "compliance", "security", "logistics", "customer success",
    "customer service", "the front desk", "reception", "admin",
)  # fmt: skip
"""Departments a person is "from" ("Anna from accounts", "karl-heinz from billing")."""

_FROM_TEAM = re.compile(
    rf"[ \t]+from[ \t]+(?:the[ \t]+(?:[^\W\d_][\w\-]*[ \t]+){{0,2}}team\b|(?:the[ \t]+)?"
    rf"(?:{alternation(TEAMS)})(?![\w\-]))",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(
    ("a", "an", "the", "some", "any", "our", "my", "your", "their", "his", "her", "its", "this",
     "that", "one", "every", "each", "no")
)  # fmt: skip


def team_names(view: NameView) -> list[Span]:
    """The one or two words before "from <a department>" or "from the <...> team" when they
    read as a name: "Wiebke from the platform team keeps asking", "ask karl-heinz from billing".
    Not after an article or a possessive ("a guy from sales", "our lead from IT")."""
    if "from" not in view.text.casefold():
        return []
    out = []
    for match in _FROM_TEAM.finditer(view.text):
        j = bisect.bisect_right(view.toks, match.start(), key=lambda t: t.end) - 1
        if j < 0 or view.toks[j].end != match.start():
            continue
        words = [view.toks[j]]
        joined = j >= 1 and gap(view.text, view.toks[j - 1], words[0]) == " "
        if joined and _surname(view, words[0]) and _first(view, view.toks[j - 1]):
            words.insert(0, view.toks[j - 1])
        if len(words) == 1 and not _first(view, words[0]):
            continue
        i = j - len(words) + 1
        before = view.toks[i - 1].bare.casefold() if i >= 1 else ""
        if before in _DETERMINERS or before in PARTICLES:
            continue  # "a guy from sales"; "joris van der linden from ...": the rest finds it
        last = words[-1]
        out.append((words[0].start, last.start + len(last.bare), 0.55, "a name and its team"))
    return out


def apposed_names(view: NameView) -> list[Span]:
    """The names set off by commas after a role noun in ``view``'s text."""
    if "," not in view.text:
        return []
    out = []
    text = view.text
    comma = -1
    while (comma := text.find(",", comma + 1)) >= 0:
        role = _ROLE_BEFORE.search(text, max(0, comma - 24), comma)
        if not role or role["role"].casefold() not in _ROLES:
            continue
        match = _NAME_AFTER.match(text, comma + 1)
        if not match:
            continue
        start = match.start("name")
        words = [Token(start + w.start, start + w.end, w.text) for w in tokens(match["name"])]
        if not words or "".join(w.text for w in words) != "".join(match["name"].split()):
            continue
        if not _first(view, words[0]) or not all(_surname(view, w) for w in words[1:]):
            continue
        last = words[-1]
        out.append((words[0].start, last.start + len(last.bare), 0.6, "a name after its role"))
    return out


_OWNED = re.compile(
    rf"(?<![\w\-])(?i:our|my|your|his|her|their)[ \t]+(?i:{alternation(ROLE_NOUNS)})[ \t]+"
    r"(?=[^\W\d_])"
)
"""A possessive and a role noun, and the word after them: "our bookkeeper Fem Meeres"."""


def owned_names(view: NameView) -> list[Span]:
    """One or two capitalised words right after a possessive and a role noun, in mixed-case
    text, without commas ("our bookkeeper Fem Meeres needs access", "my manager Ilse
    approved it"): the first a first name or a capitalised word no list has, the second a
    surname of the same kind or no ordinary word. "our designer Figma files" is a product,
    "my manager Approved" an English word."""
    if view.shouting:
        return []
    out = []
    for match in _OWNED.finditer(view.text):
        i = view.index.get(match.end())
        if i is None or not view.capital(view.toks[i]) or not _first(view, view.toks[i]):
            continue
        if gz.english(view.flags(view.toks[i])) and not view.flags(view.toks[i]) & gz.FIRST_TOP:
            continue
        words = [view.toks[i]]
        if i + 1 < len(view.toks):
            nxt = view.toks[i + 1]
            surname = _surname(view, nxt) or (  # "Meeres": a rare word of one language
                view.gaz.rare(nxt.bare) and not view.flags(nxt) & (gz.COMMON | gz.PLACE)
            )
            if gap(view.text, words[0], nxt) == " " and view.capital(nxt) and surname:
                words.append(nxt)
        last = words[-1]
        out.append((words[0].start, last.start + len(last.bare), 0.55, "a name after its role"))
    return out


def _first(view: NameView, token: Token) -> bool:
    word = token.bare
    if len(word) < 2 or not word.replace("-", "").isalpha():
        return False
    if word.casefold() in PRODUCT_NAMES:
        return False  # "the designer, Slack, and ..."
    flags = view.flags(token)
    if flags & gz.FIRST_TOP:
        return True  # "Will", "Mark": in this place a name, though also a word
    parts = word.split("-")
    if len(parts) > 1 and all(view.gaz.get(p) & gz.FIRST_WIDE for p in parts):
        return True  # "karl-heinz"
    if word.casefold() in view.stops or calendar_word(token):
        return False  # "too", "Sunday": names somewhere in names-dataset
    if flags & gz.FIRST_WIDE:
        return True  # "Hope", "Ebba"
    # a word in no list, capitalised ("Ingbert"), not a product ("figma")
    unlisted = view.unlisted(token) and view.capital(token) and not view.ordinary(token)
    return unlisted or view.rare_surname(token)


def _surname(view: NameView, token: Token) -> bool:
    word = token.bare
    if len(word) < 2 or not word.replace("-", "").isalpha() or word.casefold() in view.stops:
        return False
    flags = view.flags(token)
    if calendar_word(token):
        return False
    if flags & (gz.FIRST_WIDE | gz.LAST):
        return not gz.english(flags)
    return view.unlisted(token) or view.rare_surname(token) or not view.ordinary(token)
