"""Leak and kept-word measures, and the two engines measured on the same rows.

A planted value **leaks** when, in its own output cell (case-insensitive), the whole value, any
of its words of 4 or more characters, or any run of 4 or more of its digits survives; digit runs
are also compared with separators removed (``4111 1111`` and ``4111-1111`` both give
``41111111``), in both directions. Words and digits that the template itself has outside the
planted values (a perfect output keeps them) are not counted against the value: a leak is a
count in the output above the count in the ideal output (:attr:`CellTruth.reference`), and
what the output kept of *another* planted value of the cell is charged to that value, not this
one (the output is aligned to the input to tell which characters came from where).

**Kept words** is the share of the template's non-PII word tokens still present in the output
cell (multiset: a word twice in the template must be there twice). Redaction tags such as
``<PERSON>`` are not words. Hard negatives (product names, years, weekdays, prices...) are
also counted phrase by phrase, per category.

Engines: :func:`run_job` (the anonymise job, default detect settings, ``redact``, verification
off, output read back from its Parquet file) and :func:`run_presidio_default` (Presidio's
``AnalyzerEngine`` with its default registry on the job's spaCy model, ``AnonymizerEngine``
with default operators, cell by cell). Examples never carry raw values: a value is shown as
its shape (``Xxxx 9999``) and its cell as the template with values replaced by labels.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import polars as pl

from persona_batch.core.config import (
    AnonymiseSettings,
    DetectSettings,
    GateSettings,
    JobConfig,
    VerifySettings,
)

# Imported before Presidio: it points tldextract at its bundled suffix list (no network).
from persona_batch.privacy.job import run_anonymise
from tests.evaluation.privacy_set import (
    LABELS,
    TAG_RE,
    TEXT_COLUMNS,
    CellTruth,
    PrivacySet,
    word_tokens,
)

DIGITS_RE = re.compile(r"\d+")
GROUPED_DIGITS_RE = re.compile(r"\d+(?:[\s\-./()]{1,3}\d+)+")
MASK = "\ue000"
"""Stands for a redaction tag or a masked character while aligning (private use: no text has it)."""
MIN_WORD = 4
MIN_DIGITS = 4
Outputs = dict[str, list[str | None]]


# --------------------------------------------------------------------------- the measures


def _norm(text: str) -> str:
    """Tags and masks out (as barriers no digit run crosses), case folded, spaces collapsed."""
    return " ".join(TAG_RE.sub(" | ", text).replace(MASK, " | ").casefold().split())


def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def _phrase_count(phrase: str, text: str) -> int:
    return len(_phrase_re(phrase).findall(text)) if phrase else 0


def digit_strings(text: str) -> list[str]:
    """Every digit run, and every separated group of runs with its separators removed."""
    grouped = [re.sub(r"\D", "", m.group()) for m in GROUPED_DIGITS_RE.finditer(text)]
    return DIGITS_RE.findall(text) + grouped


def _occurrences(piece: str, strings: Iterable[str]) -> int:
    return sum(s.count(piece) for s in strings)


def leak_kind(value: str, output: str, reference: str = "") -> str | None:
    """How ``value`` survives in ``output`` (``value``, ``word``, ``digits``), or None.

    ``reference`` is the ideal output of the cell: what it has, ``output`` may have too.
    """
    out, ref, val = _norm(output), _norm(reference), _norm(value)
    if _phrase_count(val, out) > _phrase_count(val, ref):
        return "value"
    out_words, ref_words = Counter(word_tokens(out)), Counter(word_tokens(ref))
    for word in dict.fromkeys(word_tokens(val)):
        if len(word) >= MIN_WORD and not word.isdigit() and out_words[word] > ref_words[word]:
            return "word"
    out_digits, ref_digits = digit_strings(out), digit_strings(ref)
    compact = re.sub(r"\D", "", val)
    pieces = {run for run in DIGITS_RE.findall(val) if len(run) >= MIN_DIGITS}
    if len(compact) >= MIN_DIGITS:
        pieces.add(compact)
    for piece in pieces:
        if _occurrences(piece, out_digits) > _occurrences(piece, ref_digits):
            return "digits"
    if len(compact) >= MIN_DIGITS:
        for run in set(out_digits):
            extra = out_digits.count(run) > ref_digits.count(run)
            if len(run) >= MIN_DIGITS and run in compact and extra:
                return "digits"
    return None


def mask_spans(text: str, output: str, spans: Iterable[tuple[int, int]]) -> str:
    """``output`` with every character copied from ``text[start:end]`` of a span masked.

    The output of a substituting anonymiser is aligned to its input (tags count as one
    character no input has); what it kept of those spans becomes :data:`MASK`.
    """
    collapsed = TAG_RE.sub(MASK, output)
    inside = [False] * len(text)
    for start, end in spans:
        inside[start:end] = [True] * (end - start)
    masked = list(collapsed)
    matcher = SequenceMatcher(None, text, collapsed, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            if inside[a + k]:
                masked[b + k] = MASK
    return "".join(masked)


def charged_leak(cell: CellTruth, index: int, output: str) -> str | None:
    """:func:`leak_kind` of planted value ``index``, not counting what the output kept of the
    cell's *other* planted values (a surviving first name is no leak of the e-mail address
    made from it, nor of the full name when that was removed)."""
    planted = cell.planted[index]
    how = leak_kind(planted.value, output, cell.reference)
    if how is None or len(cell.planted) == 1:
        return how
    others = [span for i, p in enumerate(cell.planted) if i != index for span in p.occurrences]
    own = set(planted.occurrences)
    return leak_kind(
        planted.value,
        mask_spans(cell.text, output, [s for s in others if s not in own]),
        cell.reference,
    )


def kept_words(words: Iterable[str], output: str) -> tuple[int, int]:
    """(kept, total) of the template's non-PII word tokens ``words`` in ``output``."""
    need = Counter(w.casefold() for w in words)
    have = Counter(word_tokens(_norm(output)))
    return sum(min(n, have[w]) for w, n in need.items()), sum(need.values())


def shape(value: str, limit: int = 40) -> str:
    """A value with no character of it left: letters ``X``/``x``, digits ``9``, the rest kept."""
    out = "".join(
        "X" if ch.isupper() else "x" if ch.isalpha() else "9" if ch.isdigit() else ch
        for ch in value.replace("\n", "⏎")
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


def masked_context(cell: CellTruth, target: int, width: int = 50) -> str:
    """The cell's template around planted value ``target``: values as <LABEL>, it as [[LABEL]].

    Built from the reference (every planted value already a tag), so no value can show.
    """
    planted = cell.planted[target]
    tag, mark = f"<{planted.label}>", f"[[{planted.label}]]"
    ref = cell.reference
    before = ref[: planted.ref_start].replace("\n", " ⏎ ")
    after = ref[planted.ref_start + len(tag) :].replace("\n", " ⏎ ")
    left = ("…" + before[-width:]) if len(before) > width else before
    right = (after[:width] + "…") if len(after) > width else after
    return left + mark + right


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Outcome:
    """One planted value in one engine's output."""

    row_id: str
    style: str
    locale: str
    case: str
    column: str
    label: str
    leaked: str | None
    shape: str = ""
    context: str = ""


@dataclass
class Tally:
    planted: int = 0
    leaked: int = 0

    @property
    def rate(self) -> float:
        return self.leaked / self.planted if self.planted else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"planted": self.planted, "leaked": self.leaked, "leak_rate": round(self.rate, 4)}


@dataclass
class EngineResult:
    engine: str
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    kept: int = 0
    words: int = 0
    negatives: dict[str, Tally] = field(default_factory=dict)
    """Per hard-negative category: ``planted`` phrases and how many were *lost* (``leaked``)."""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def kept_share(self) -> float:
        return self.kept / self.words if self.words else 1.0

    def by_label(self) -> dict[str, Tally]:
        return self._tally(self.outcomes)

    def breakdown(self, key: str) -> dict[str, dict[str, Tally]]:
        """``{style: {label: Tally}}`` for ``key`` in style, locale, case or column."""
        groups: dict[str, list[Outcome]] = {}
        for o in self.outcomes:
            groups.setdefault(getattr(o, key), []).append(o)
        return {name: self._tally(items) for name, items in sorted(groups.items())}

    def examples(self, per_label: int) -> dict[str, list[dict[str, str]]]:
        out: dict[str, list[dict[str, str]]] = {}
        for o in self.outcomes:
            if o.leaked and len(out.setdefault(o.label, [])) < per_label:
                out[o.label].append(
                    {
                        "row": o.row_id,
                        "style": o.style,
                        "locale": o.locale,
                        "case": o.case,
                        "column": o.column,
                        "survived": o.leaked,
                        "shape": o.shape,
                        "context": o.context,
                    }
                )
        return out

    @staticmethod
    def _tally(outcomes: Iterable[Outcome]) -> dict[str, Tally]:
        tallies = {label: Tally() for label in LABELS}
        for o in outcomes:
            t = tallies[o.label]
            t.planted += 1
            t.leaked += o.leaked is not None
        return {label: t for label, t in tallies.items() if t.planted}

    def as_json(self, examples: int = 0) -> dict[str, Any]:
        data: dict[str, Any] = {
            "engine": self.engine,
            "seconds": round(self.seconds, 2),
            "labels": {k: t.as_json() for k, t in self.by_label().items()},
            "kept_words": {"kept": self.kept, "words": self.words, "share": self.kept_share},
            "hard_negatives_lost": {k: t.as_json() for k, t in sorted(self.negatives.items())},
            **self.details,
        }
        for key in ("style", "locale", "case", "column"):
            data[f"by_{key}"] = {
                name: {k: t.as_json() for k, t in tallies.items()}
                for name, tallies in self.breakdown(key).items()
            }
        if examples:
            data["examples"] = self.examples(examples)
        return data


def evaluate(dataset: PrivacySet, outputs: Outputs, engine: str, seconds: float) -> EngineResult:
    """Measure ``outputs`` (column -> cells, in row order) against the set's ground truth."""
    result = EngineResult(engine, seconds)
    meta = dataset.frame.select("id", "style", "locale", "case").rows()
    for cell in dataset.cells:
        output = outputs[cell.column][cell.row] or ""
        row_id, style, locale, case = meta[cell.row]
        for i, planted in enumerate(cell.planted):
            how = charged_leak(cell, i, output)
            extra = (
                {"shape": shape(planted.value), "context": masked_context(cell, i)} if how else {}
            )
            result.outcomes.append(
                Outcome(row_id, style, locale, case, cell.column, planted.label, how, **extra)
            )
        kept, total = kept_words(cell.words, output)
        result.kept += kept
        result.words += total
        folded = _norm(output)
        for negative in cell.negatives:
            tally = result.negatives.setdefault(negative.category, Tally())
            tally.planted += 1
            tally.leaked += _phrase_count(_norm(negative.text), folded) == 0
    return result


# --------------------------------------------------------------------------- engines


def job_config(workers: int, gate: str = "off") -> JobConfig:
    """The job as measured: default detection and ``redact``, verification off; the gate off
    (``off``: detection alone, the first line) or redacting what detection left (``redact``:
    both lines, what a job with ``[gate] on_residual = "redact"`` publishes)."""
    verify = VerifySettings(enabled=False)
    gate_settings = (
        GateSettings(enabled=False) if gate == "off" else GateSettings(on_residual="redact")
    )
    return JobConfig(
        anonymise=AnonymiseSettings(workers=workers, verify=verify), gate=gate_settings
    )


def run_job(
    dataset: PrivacySet, workers: int, folder: Path | None = None, gate: str = "off"
) -> EngineResult:
    """The anonymise job on the set written as CSV; its Parquet output read back and measured."""
    with tempfile.TemporaryDirectory(prefix="privacy_eval_") as tmp:
        where = folder or Path(tmp)
        csv = dataset.write_csv(where / "privacy_eval.csv")
        output = where / "privacy_eval.anonymised.parquet"
        started = time.perf_counter()
        done = run_anonymise(job_config(workers, gate).privacy, csv, output)
        seconds = time.perf_counter() - started
        frame = pl.read_parquet(output, columns=list(TEXT_COLUMNS))
    if frame.height != dataset.frame.height:
        raise RuntimeError(f"the job wrote {frame.height} rows for {dataset.frame.height}")
    outputs: Outputs = {c: frame.get_column(c).cast(pl.String).to_list() for c in TEXT_COLUMNS}
    result = evaluate(dataset, outputs, "job" if gate == "off" else "job+gate", seconds)
    result.details["column_plan"] = [p.model_dump(mode="json") for p in done.plan]
    return result


def run_presidio_default(dataset: PrivacySet) -> EngineResult:
    """Presidio's default analyzer (default registry) on the job's model, and its anonymizer."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    model = DetectSettings().spacy_model
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model}],
        }
    )
    analyzer: Any = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    engine_class: Any = AnonymizerEngine  # its __init__ is untyped
    anonymizer = engine_class()
    started = time.perf_counter()
    outputs: Outputs = {}
    for column in TEXT_COLUMNS:
        cells: list[str | None] = []
        for text in dataset.frame.get_column(column).to_list():
            if text is None:
                cells.append(None)
                continue
            found = analyzer.analyze(text=text, language="en")
            cells.append(anonymizer.anonymize(text=text, analyzer_results=found).text)
        outputs[column] = cells
    return evaluate(dataset, outputs, "presidio_default", time.perf_counter() - started)
