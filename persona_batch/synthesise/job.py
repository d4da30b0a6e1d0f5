"""Synthetic datasets from a sensitive source: profile, prompt, generate, validate, write.

``persona synthesise`` turns a sensitive table into a synthetic one with the same columns:

1. **load and anonymise** the input with the generate job's stage (:func:`generate_job.load_anonymised`);
   nothing below ever sees a raw value;
2. **profile** the anonymised frame (:func:`profile`): each column's dtype and kind, category
   frequencies, numeric percentiles, text-length percentiles, a few example texts, and which
   categorical columns depend on one another (city on country);
3. **prompt** one record per request (:func:`synthesis_items`). Each record is given target
   values for its categorical, numeric and date columns, drawn so the shares and the numeric
   distributions follow the original (stratified: quotas of categories, evenly spread
   percentiles), and a target length for each free-text column. The reply must validate against
   :func:`record_model`, whose JSON schema is sent as Ollama's ``format``: categories are
   ``Literal`` of observed values, numbers are bounded by the observed range, text by a length
   cap;
4. **generate** through the generate job's machinery (:class:`generate_job.RequestRunner`: host
   slots, retries, validation, a journal beside the output so a rerun resumes);
5. **validate** (:func:`validate`): schema, per-column distribution similarity, a PII scan of
   the output with the privacy scan (:func:`pipeline.run_scan`), copies of original rows, and
   diversity;
6. **write** the records atomically (:class:`io.ParquetSink`) with the validation block and the
   manifest in the file's metadata. A set that misses a target is still written; the result's
   exit code is then :data:`EXIT_SYNTHETIC_TARGETS`.

Why one record per request: a failed or invalid reply then costs one record, not a batch; the
journal resumes record by record; each record's targets sit next to its instructions (a small
model asked for ten records drifts from the targets and makes batch-mates alike); and the JSON
schema pins each record's shape exactly. The cost, the instructions repeated per request, is
mostly absorbed by the host slots running requests side by side and by the shared system
message (the same for every record, so Ollama can reuse its prompt cache).

PII-free by construction, then checked: the model sees only the anonymised profile (category
values, ranges, example texts that went through the anonymise stage), never a raw value or a
row; a column the anonymiser emptied into ``<PERSON>`` stays a ``Literal["<PERSON>"]``;
identifier columns are not generated but numbered afresh past the original's range. Free text
is the one channel through which the model could write something personal, and the scan reads
every synthetic cell.

The output's metadata holds aggregates only: the profile without its example texts, counts and
figures, never an original value beyond the category labels.
"""

from __future__ import annotations

import hashlib
import json
import keyword
import math
import random
import re
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl
from pydantic import BaseModel, ConfigDict, Field, create_model

from persona_batch.core.columns import AUDIT_PREFIX
from persona_batch.core.config import JobConfig, SynthesiseSettings
from persona_batch.core.errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_SYNTHETIC_TARGETS,
    ColumnNotFoundError,
    InputError,
)
from persona_batch.core.io import (
    MANIFEST_KEY,
    ParquetSink,
    check_output_path,
    describe_input,
    iter_batches,
    read_parquet,
)
from persona_batch.core.text import WORD_RE, jaccard, shingles
from persona_batch.core.work import Region, WorkItem
from persona_batch.llm.generator import Outcome
from persona_batch.llm.requests import Connection, RequestRunner, connect
from persona_batch.privacy.guard import GEN_GATE, Guard, RunValues
from persona_batch.privacy.job import input_manifest, versions
from persona_batch.privacy.scan import ScanColumn, run_scan
from persona_batch.privacy.stream import load_anonymised

VALIDATION_KEY = "persona_batch.validation"
SYNTH_TEMPLATE_VERSION = "synthesise-v1"

Kind = Literal[
    "identifier", "categorical", "boolean", "integer", "float", "date", "datetime", "text"
]
Value = bool | int | float | str | None
NUMERIC_KINDS: tuple[Kind, ...] = ("integer", "float", "date", "datetime")
_EPOCH = date(1970, 1, 1)
_EPOCH_TIME = datetime(1970, 1, 1)
_PERCENTILES = np.arange(101, dtype=np.float64)
_EXAMPLE_CHARS = 600
_ID_NAME = re.compile(r"(^|[_\s-])(id|uuid|key)$|^id[_\s-]", re.IGNORECASE)
_PROPER_NOUN = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+")
_PERMUTATIONS = 20
_DEPENDENCY_ROWS = 5_000
_MEAN_PAIRS = 20_000
_COMMON_SHINGLE = 1_000
_PLACEHOLDER = r"^<[A-Z_]+>$"
_VERBATIM_MIN_CHARS = 20
_FEW_NUMBERS = 30
"""A numeric column with at most this many distinct values is drawn from its exact counts."""


# --------------------------------------------------------------------------- settings


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- profile


class Category(_Frozen):
    """One observed value of a categorical (or few-valued numeric) column and its count."""

    value: Value
    count: int


class Conditional(_Frozen):
    """A dependent column's categories among the rows where its parent has ``given``."""

    given: Value
    categories: tuple[Category, ...]


class ColumnProfile(_Frozen):
    """What the original says about one column. Numbers are days for dates, seconds for times."""

    name: str
    dtype: str
    kind: Kind
    rows: int
    nulls: int
    distinct: int
    categories: tuple[Category, ...] = ()
    """Categorical and boolean columns, and numeric ones with few distinct values."""
    parent: str | None = None
    """The categorical column this one is drawn given (see ``conditional``)."""
    conditional: tuple[Conditional, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    quantiles: tuple[float, ...] = ()
    """Percentiles 0 to 100 of a numeric column."""
    decimals: int = 0
    lengths: tuple[float, ...] = ()
    """Percentiles 0 to 100 of a free-text column's length in characters."""
    chars_per_word: float = 0.0
    examples: tuple[str, ...] = ()
    """A few anonymised values of a free-text column, for style."""

    @property
    def null_share(self) -> float:
        return self.nulls / self.rows if self.rows else 0.0

    @property
    def max_length(self) -> int:
        return max(1, math.ceil(self.lengths[-1])) if self.lengths else 1

    def public(self) -> dict[str, Any]:
        """The profile for the manifest: aggregates only, no example texts or joint counts."""
        return self.model_dump(mode="json", exclude={"examples", "conditional"})


class Profile(_Frozen):
    """The anonymised original, column by column, in column order."""

    rows: int
    columns: tuple[ColumnProfile, ...]

    def column(self, name: str) -> ColumnProfile:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def public(self) -> dict[str, Any]:
        return {"rows": self.rows, "columns": [c.public() for c in self.columns]}


def profile(frame: pl.DataFrame, settings: SynthesiseSettings | None = None) -> Profile:
    """Profile the (anonymised) ``frame``; the ``pii_*`` audit columns are left out."""
    settings = settings or SynthesiseSettings()
    names = _columns(frame, settings)
    if frame.height == 0:
        raise InputError("the input has no rows; there is nothing to learn a synthetic set from")
    columns = [_profile_column(frame.get_column(n), settings) for n in names]
    if settings.dependencies:
        columns = _with_parents(frame, columns, settings.seed)
    return Profile(rows=frame.height, columns=tuple(columns))


def _columns(frame: pl.DataFrame, settings: SynthesiseSettings) -> list[str]:
    if settings.columns is None:
        return [c for c in frame.columns if not c.startswith(AUDIT_PREFIX)]
    missing = [c for c in settings.columns if c not in frame.columns]
    if missing:
        raise ColumnNotFoundError.naming(
            f"synthesise.columns names '{missing[0]}', which", frame.columns, "fix the job file"
        )
    return list(settings.columns)


def _is_text_dtype(dtype: pl.DataType) -> bool:
    return dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)


def _kind(series: pl.Series, settings: SynthesiseSettings) -> Kind:
    dtype = series.dtype
    values = series.drop_nulls()
    distinct = values.n_unique()
    unique = series.null_count() == 0 and distinct == series.len() and series.len() >= 2
    if dtype == pl.Boolean:
        return "boolean"
    if dtype.is_integer():
        if unique and (
            _ID_NAME.search(series.name) or int(values.max()) - int(values.min()) + 1 == distinct  # type: ignore[arg-type]
        ):
            return "identifier"
        return "integer"
    if dtype.is_float():
        return "float"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if not _is_text_dtype(dtype):
        raise InputError(
            f"column '{series.name}' is {dtype}, which cannot be synthesised; leave it out with "
            "synthesise.columns in the job file"
        )
    text = values.cast(pl.String)
    if (
        unique
        and (_ID_NAME.search(series.name) or series.len() >= 20)
        and not text.str.contains(r"\s").any()
        and (text.str.len_chars().max() or 0) <= 64  # type: ignore[operator]
    ):
        return "identifier"
    if distinct <= 1:
        return "categorical"
    words = text.str.count_matches(r"\S+").median()
    if (
        distinct <= settings.categorical_max_distinct
        and distinct <= settings.categorical_max_share * values.len()
        and float(words or 0) <= settings.categorical_max_words  # type: ignore[arg-type]
    ):
        return "categorical"
    return "text"


def _profile_column(series: pl.Series, settings: SynthesiseSettings) -> ColumnProfile:
    kind = _kind(series, settings)
    values = series.drop_nulls()
    base: dict[str, Any] = {
        "name": series.name,
        "dtype": str(series.dtype),
        "kind": kind,
        "rows": series.len(),
        "nulls": series.null_count(),
        "distinct": values.n_unique(),
    }
    if kind in ("categorical", "boolean"):
        source = series if kind == "boolean" else series.cast(pl.String)
        return ColumnProfile(**base, categories=_categories(source.to_list()))
    if kind in NUMERIC_KINDS:
        numbers = _numbers(values, kind)
        few = 0 < values.n_unique() <= _FEW_NUMBERS
        return ColumnProfile(
            **base,
            categories=_categories(_as_number_values(series, kind)) if few else (),
            minimum=float(numbers.min()) if numbers.size else None,
            maximum=float(numbers.max()) if numbers.size else None,
            quantiles=_percentiles(numbers),
            decimals=_decimals(values) if kind == "float" else 0,
        )
    if kind == "text":
        text = values.cast(pl.String)
        lengths = text.str.len_chars().to_numpy().astype(np.float64)
        words = int(text.str.count_matches(r"\S+").sum() or 0)
        return ColumnProfile(
            **base,
            lengths=_percentiles(lengths),
            chars_per_word=float(lengths.sum() / words) if words else 6.0,
            examples=_examples(text.to_list(), settings.examples),
        )
    if series.dtype.is_integer() and values.len():  # an identifier: new ones start past it
        return ColumnProfile(**base, maximum=float(values.max()))  # type: ignore[arg-type]
    return ColumnProfile(**base)


def _categories(values: Iterable[Value]) -> tuple[Category, ...]:
    counts = Counter(values)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))
    return tuple(Category(value=v, count=n) for v, n in ordered)


def _numbers(values: pl.Series, kind: Kind) -> npt.NDArray[np.float64]:
    """Non-null values as floats: days since 1970 for dates, seconds for date-times."""
    if kind == "date":
        series = values.cast(pl.Int32).cast(pl.Float64)
    elif kind == "datetime":
        series = values.dt.epoch("us").cast(pl.Float64) / 1e6
    else:
        series = values.cast(pl.Float64)
    return series.drop_nulls().to_numpy().astype(np.float64)


def _as_number_values(series: pl.Series, kind: Kind) -> list[Value]:
    numbers = _numbers(series.drop_nulls(), kind)
    out: list[Value] = [int(v) if kind in ("integer", "date") else float(v) for v in numbers]
    return out + [None] * series.null_count()


def _percentiles(values: npt.NDArray[np.float64]) -> tuple[float, ...]:
    if not values.size:
        return ()
    return tuple(float(v) for v in np.percentile(values, _PERCENTILES))


def _decimals(values: pl.Series) -> int:
    places = 0
    for value in values.head(1_000).to_list():
        if isinstance(value, float) and math.isfinite(value):
            text = repr(value)
            if "e" not in text and "." in text:
                places = max(places, len(text.split(".")[1].rstrip("0")))
    return min(places, 6)


def _examples(values: list[str], k: int) -> tuple[str, ...]:
    """``k`` anonymised values spread over the lengths, preferring ones that look least personal.

    Values with the fewest capitalised words inside a sentence (where a name the detector
    missed would be) come first, then values several respondents share.
    """
    if k == 0 or not values:
        return ()
    repeats = Counter(values)
    ranked = sorted(
        repeats,
        key=lambda v: (len(_PROPER_NOUN.findall(v)), -min(repeats[v], 3), len(v), v),
    )
    pool = sorted(ranked[: max(k * 4, 8)], key=lambda v: (len(v), v))
    if len(pool) <= k:
        chosen = pool
    elif k == 1:
        chosen = [pool[len(pool) // 2]]
    else:
        chosen = [pool[round(i * (len(pool) - 1) / (k - 1))] for i in range(k)]
    out = [v if len(v) <= _EXAMPLE_CHARS else v[: _EXAMPLE_CHARS - 1] + "…" for v in chosen]
    return tuple(dict.fromkeys(out))


# -- dependencies between categorical columns


def _codes(series: pl.Series) -> npt.NDArray[np.int64]:
    text = series.cast(pl.String).fill_null("\x00null").to_list()
    _, inverse = np.unique(np.array(text, dtype=object), return_inverse=True)
    return inverse.astype(np.int64)


def _entropy(codes: npt.NDArray[np.int64]) -> float:
    counts = np.bincount(codes)
    p = counts[counts > 0] / codes.size
    return float(-(p * np.log(p)).sum())


def _uncertainty(child: npt.NDArray[np.int64], parent: npt.NDArray[np.int64]) -> float:
    """Theil's U: the share of the child's entropy the parent explains."""
    h_child = _entropy(child)
    if h_child == 0:
        return 0.0
    joint = parent * (int(child.max()) + 1) + child
    return (h_child - (_entropy(joint) - _entropy(parent))) / h_child


def _with_parents(
    frame: pl.DataFrame, columns: list[ColumnProfile], seed: int
) -> list[ColumnProfile]:
    """Give each categorical column the earlier one it depends on beyond chance, if any.

    Dependence is Theil's U of the child given the parent, compared with the same figure over
    shuffled parents (small samples make U look large by chance): a parent must beat every one
    of 20 shuffles and the shuffles' mean by 0.1. Parents have fewer distinct values than their
    children (country before city), so the order of drawing is acyclic.
    """
    candidates = sorted(
        (c for c in columns if c.kind in ("categorical", "boolean") and len(c.categories) >= 2),
        key=lambda c: (len(c.categories), c.name),
    )
    if len(candidates) < 2:
        return columns
    sample = frame.sample(_DEPENDENCY_ROWS, seed=seed) if frame.height > _DEPENDENCY_ROWS else frame
    codes = {c.name: _codes(sample.get_column(c.name)) for c in candidates}
    rng = np.random.default_rng(seed)
    parents: dict[str, str] = {}
    for i, child in enumerate(candidates):
        best, best_excess = None, 0.1
        for parent in candidates[:i]:
            observed = _uncertainty(codes[child.name], codes[parent.name])
            shuffled = [
                _uncertainty(codes[child.name], rng.permutation(codes[parent.name]))
                for _ in range(_PERMUTATIONS)
            ]
            excess = observed - statistics.fmean(shuffled)
            if observed > max(shuffled) and excess >= best_excess:
                best, best_excess = parent.name, excess
        if best is not None:
            parents[child.name] = best
    out = []
    for column in columns:
        parent_name = parents.get(column.name)
        if parent_name is None:
            out.append(column)
            continue
        pairs = frame.select(
            _category_expr(frame, parent_name).alias("p"),
            _category_expr(frame, column.name).alias("c"),
        ).rows()
        groups: dict[Value, list[Value]] = {}
        for given, value in pairs:
            groups.setdefault(given, []).append(value)
        conditional = tuple(
            Conditional(given=g, categories=_categories(v))
            for g, v in sorted(groups.items(), key=lambda kv: (kv[0] is None, str(kv[0])))
        )
        out.append(column.model_copy(update={"parent": parent_name, "conditional": conditional}))
    return out


def _category_expr(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if frame.schema[name] == pl.Boolean else pl.col(name).cast(pl.String)


# --------------------------------------------------------------------------- record model


def record_model(profile: Profile, text_headroom: float = 1.25) -> type[BaseModel]:
    """The pydantic model one synthetic record must validate against (identifiers excluded).

    Categories are ``Literal`` of the observed values; integers, floats and dates are bounded by
    the observed range (date bounds are checked on validation: JSON schema cannot carry them);
    free text is capped at the longest observed value times ``text_headroom``. A column that
    had nulls accepts null. Column names that are not Python identifiers become aliases, so the
    JSON keys are always the column names.
    """
    fields: dict[str, Any] = {}
    for index, column in enumerate(profile.columns):
        if column.kind == "identifier":
            continue
        annotation = _annotation(column, text_headroom)
        name = _field_name(column.name, index, fields)
        alias = column.name if name != column.name else None
        fields[name] = (annotation, Field(..., alias=alias))
    model: type[BaseModel] = create_model(
        "SyntheticRecord",
        __config__=ConfigDict(extra="forbid", populate_by_name=True),
        __doc__="One synthetic record: the original's columns, shaped by its profile.",
        **fields,
    )
    return model


def _field_name(column: str, index: int, taken: Mapping[str, Any]) -> str:
    safe = (
        column.isidentifier()
        and not keyword.iskeyword(column)
        and not column.startswith(("_", "model_"))
        and not hasattr(BaseModel, column)
        and column not in taken
    )
    return column if safe else f"column_{index}"


def _annotation(column: ColumnProfile, headroom: float) -> Any:
    nullable = column.nulls > 0
    annotation: Any
    present = [c.value for c in column.categories if c.value is not None]
    if column.kind == "categorical":
        if not present:
            return type(None)
        annotation = Literal[tuple(present)]
    elif column.kind == "boolean":
        annotation = bool
    elif column.kind == "integer":
        low, high = _bounds(column)
        annotation = Annotated[int, Field(ge=math.floor(low), le=math.ceil(high))]
    elif column.kind == "float":
        low, high = _bounds(column)
        scale = 10 ** _places(column)  # outward to the places targets are rounded to
        annotation = Annotated[
            float, Field(ge=math.floor(low * scale) / scale, le=math.ceil(high * scale) / scale)
        ]
    elif column.kind == "date":
        low, high = _bounds(column)
        annotation = Annotated[date, Field(ge=_day(low), le=_day(high))]
    elif column.kind == "datetime":
        annotation = datetime
    else:
        annotation = Annotated[
            str, Field(min_length=1, max_length=math.ceil(column.max_length * headroom))
        ]
    return annotation | None if nullable else annotation


def _bounds(column: ColumnProfile) -> tuple[float, float]:
    low = column.minimum if column.minimum is not None else 0.0
    high = column.maximum if column.maximum is not None else low
    return low, high


def _day(days: float) -> date:
    return _EPOCH + timedelta(days=round(days))


def _moment(seconds: float) -> datetime:
    return _EPOCH_TIME + timedelta(seconds=round(seconds))


def _columns_of(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> column name."""
    return {name: info.alias or name for name, info in model.model_fields.items()}


# --------------------------------------------------------------------------- prompts

SYSTEM_TEMPLATE = """You write one record at a time for a synthetic dataset that stands in for \
sensitive user research. Every record must be realistic, and must describe nobody real.
Rules:
- Copy the values given under "Use exactly these values" into the record unchanged.
- Write the free-text fields yourself, in the style of the examples and in keeping with the \
record's other values, at about the length asked for. Never copy an example or reuse its sentences.
- Text such as <PERSON> or <EMAIL_ADDRESS> marks personal data that was removed. You may use such \
placeholders, but never write a name, e-mail address, phone number, card number, IBAN, IP address \
or street address that could be real.
- Reply with one JSON object that matches the schema, and nothing else.

The dataset's columns:
{columns}{examples}"""
USER_TEMPLATE = """Record {number} of {count}.
Use exactly these values: {values}{lengths}"""
SYNTH_TEMPLATE_SHA256 = hashlib.sha256(
    f"{SYNTH_TEMPLATE_VERSION}\n{SYSTEM_TEMPLATE}\n{USER_TEMPLATE}".encode()
).hexdigest()


@dataclass(frozen=True)
class RecordTarget:
    """What one record is asked for: exact values, and character lengths for free text."""

    values: dict[str, Value]
    lengths: dict[str, int]


def synthesis_items(
    profile: Profile,
    count: int,
    model_name: str,
    seed: int,
    *,
    options: Mapping[str, Any] | None = None,
    schema: Mapping[str, Any] | None = None,
) -> list[WorkItem]:
    """One work item per synthetic record, each with its own targets (see :func:`targets`).

    The key hashes the prompt, the model, the options, the reply schema and the template, so a
    rerun with the same profile, count and seed resumes from the journal. ``options`` are the
    Ollama options the requests will carry (``GenerateSettings.options.as_options()``).
    """
    reply_schema = dict(schema) if schema is not None else record_model(profile).model_json_schema()
    fingerprint = json.dumps(
        {
            "model": model_name,
            "options": dict(options or {}),
            "schema": reply_schema,
            "template": SYNTH_TEMPLATE_SHA256,
        },
        sort_keys=True,
    )
    system = _system_message(profile)
    dated = {c.name for c in profile.columns if c.kind in ("date", "datetime")}
    ranges = tuple(
        Region(0, start, start + len(text), "computed")
        for c in profile.columns
        if c.kind == "date"
        for text in (_describe(c),)
        for start in (system.find(text),)
        if start >= 0
    )
    items = []
    for index, target in enumerate(targets(profile, count, seed)):
        user = USER_TEMPLATE.format(
            number=index + 1,
            count=count,
            values=json.dumps(target.values, ensure_ascii=False),
            lengths=_lengths_line(profile, target),
        )
        messages = ({"role": "system", "content": system}, {"role": "user", "content": user})
        prompt = json.dumps(messages, sort_keys=True)
        items.append(
            WorkItem(
                index=index,
                persona_id=f"synthetic-{index + 1}",
                source_ids=(),
                messages=messages,
                key=hashlib.sha256(f"{fingerprint}\n{prompt}".encode()).hexdigest(),
                prompt_sha256=hashlib.sha256(prompt.encode()).hexdigest(),
                pii_counts=(),
                regions=ranges + _computed_values(user, target, dated),
            )
        )
    return items


def _computed_values(user: str, target: RecordTarget, dated: set[str]) -> tuple[Region, ...]:
    """Where the record's target dates sit in its message: values the job drew itself, which
    the gate skips (it checks the rest: categories come from the anonymised source)."""
    found = []
    for name, value in target.values.items():
        if name not in dated or not isinstance(value, str):
            continue
        key = f"{json.dumps(name, ensure_ascii=False)}: "
        start = user.find(key + json.dumps(value, ensure_ascii=False))
        if start >= 0:
            begin = start + len(key)
            found.append(Region(1, begin, begin + len(json.dumps(value)), "computed"))
    return tuple(found)


def _system_message(profile: Profile) -> str:
    lines = [_describe(c) for c in profile.columns if c.kind != "identifier"]
    examples = []
    for column in profile.columns:
        if column.kind == "text" and column.examples:
            examples.append(f"{column.name}:")
            examples.extend(f"  - {json.dumps(e, ensure_ascii=False)}" for e in column.examples)
    block = "\n\nExamples of the free-text columns (anonymised):\n" + "\n".join(examples)
    return SYSTEM_TEMPLATE.format(columns="\n".join(lines), examples=block if examples else "")


def _describe(column: ColumnProfile) -> str:
    low, high = _bounds(column)
    present = [c.value for c in column.categories if c.value is not None]
    if column.kind == "categorical" and len(present) == 1:
        text = f"always {json.dumps(present[0], ensure_ascii=False)}"
    elif column.kind == "categorical":
        text = f"one of {len(present)} categories"
    elif column.kind == "boolean":
        text = "true or false"
    elif column.kind == "integer":
        text = f"a whole number from {low:.0f} to {high:.0f}"
    elif column.kind == "float":
        text = f"a number from {_round(low, column.decimals)} to {_round(high, column.decimals)}"
    elif column.kind == "date":
        text = f"a date (YYYY-MM-DD) from {_day(low)} to {_day(high)}"
    elif column.kind == "datetime":
        text = "a date and time (ISO 8601)"
    else:
        short, long = column.lengths[10], column.lengths[90]
        text = f"free text, usually {short:.0f} to {long:.0f} characters"
    return f"- {column.name}: {text}{', or null' if column.nulls else ''}"


def _lengths_line(profile: Profile, target: RecordTarget) -> str:
    if not target.lengths:
        return ""
    asks = {
        name: f"about {max(1, round(chars / (profile.column(name).chars_per_word or 6.0)))} "
        f"words, {chars} characters"
        for name, chars in target.lengths.items()
    }
    return f"\nWrite the free-text fields at about these lengths: {json.dumps(asks)}"


def targets(profile: Profile, count: int, seed: int) -> list[RecordTarget]:
    """Per record, the values to use and the text lengths to aim at; seeded, so repeatable.

    Stratified rather than independent draws, so a few hundred records already follow the
    original: categories are dealt out in quotas proportional to their counts (largest
    remainder) and shuffled; numbers come from the original's percentiles at evenly spread
    probabilities ((i + u) / n, shuffled), and from its exact value counts when it has few
    distinct values; nulls keep their share. A dependent column is dealt out within each value
    of its parent. Columns are otherwise drawn independently, so no original row's combination
    of values is replayed as a whole.
    """
    rng = random.Random(f"persona_batch.synthesise.job:{seed}")
    values: list[dict[str, Value]] = [{} for _ in range(count)]
    lengths: list[dict[str, int]] = [{} for _ in range(count)]
    drawn: dict[str, list[Value]] = {}
    ordered = sorted(
        profile.columns,
        key=lambda c: (c.kind not in ("categorical", "boolean"), len(c.categories), c.name),
    )
    for column in ordered:
        if column.kind == "identifier":
            continue
        if column.kind == "text":
            drawn[column.name] = list(_draw_lengths(column, count, rng))
        elif column.parent is not None and column.parent in drawn:
            drawn[column.name] = _draw_given(column, drawn[column.parent], rng)
        elif column.categories:
            drawn[column.name] = _deal(column.categories, count, rng)
        else:
            drawn[column.name] = _draw_numbers(column, count, rng)
    for column in profile.columns:
        if column.name not in drawn:
            continue
        for i, value in enumerate(drawn[column.name]):
            if column.kind == "text" and value is not None:
                lengths[i][column.name] = int(value)
            else:
                values[i][column.name] = _render(column, value)
    return [RecordTarget(v, n) for v, n in zip(values, lengths, strict=True)]


def _apportion(weights: Sequence[float], total: int) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder; ties to the first)."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0] * len(weights)
    exact = [w * total / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _deal(categories: Sequence[Category], n: int, rng: random.Random) -> list[Value]:
    counts = _apportion([c.count for c in categories], n)
    dealt = [c.value for c, k in zip(categories, counts, strict=True) for _ in range(k)]
    rng.shuffle(dealt)
    return dealt


def _draw_given(column: ColumnProfile, parents: list[Value], rng: random.Random) -> list[Value]:
    tables = {c.given: c.categories for c in column.conditional}
    out: list[Value] = [None] * len(parents)
    groups: dict[Value, list[int]] = {}
    for i, given in enumerate(parents):
        groups.setdefault(given, []).append(i)
    for given, members in groups.items():
        table = tables.get(given) or column.categories
        for i, value in zip(members, _deal(table, len(members), rng), strict=True):
            out[i] = value
    return out


def _spread(n: int, rng: random.Random) -> list[float]:
    """``n`` probabilities, one in each of ``n`` equal slices of [0, 1), shuffled."""
    points = [(i + rng.random()) / n for i in range(n)]
    rng.shuffle(points)
    return points


def _quantile(percentiles: Sequence[float], p: float) -> float:
    position = min(max(p, 0.0), 1.0) * (len(percentiles) - 1)
    low = math.floor(position)
    high = min(low + 1, len(percentiles) - 1)
    return percentiles[low] + (position - low) * (percentiles[high] - percentiles[low])


def _with_nulls(
    column: ColumnProfile, n: int, rng: random.Random, draw: Callable[[int], list[Value]]
) -> list[Value]:
    nulls, present = _apportion([column.nulls, column.rows - column.nulls], n)
    values = draw(present) + [None] * nulls
    rng.shuffle(values)
    return values


def _draw_numbers(column: ColumnProfile, n: int, rng: random.Random) -> list[Value]:
    if not column.quantiles:
        return [None] * n
    low, high = _bounds(column)

    def draw(m: int) -> list[Value]:
        out: list[Value] = []
        for p in _spread(m, rng):
            x = min(max(_quantile(column.quantiles, p), low), high)
            out.append(round(x) if column.kind in ("integer", "date") else x)
        return out

    return _with_nulls(column, n, rng, draw)


def _draw_lengths(column: ColumnProfile, n: int, rng: random.Random) -> list[Value]:
    def draw(m: int) -> list[Value]:
        cap = column.max_length
        return [min(cap, max(1, round(_quantile(column.lengths, p)))) for p in _spread(m, rng)]

    return _with_nulls(column, n, rng, draw)


def _places(column: ColumnProfile) -> int:
    """Decimal places of a float column's targets: the original's, or 2 when it had none."""
    return column.decimals or 2


def _round(value: float, decimals: int) -> float | int:
    return round(value, decimals) if decimals else round(value)


def _render(column: ColumnProfile, value: Value) -> Value:
    """A drawn value as the record carries it in JSON."""
    if value is None or isinstance(value, bool | str):
        return value
    if column.kind == "date":
        return _day(float(value)).isoformat()
    if column.kind == "datetime":
        return _moment(float(value)).isoformat()
    if column.kind == "integer":
        return round(value)
    if column.kind == "float":
        return float(round(float(value), _places(column)))
    return value


# --------------------------------------------------------------------------- validation


class TargetRow(_Frozen):
    """One line of the validation table; ``passed`` is ``None`` for figures without a target."""

    name: str
    value: float
    shown: str
    target: str | None
    passed: bool | None
    detail: str


class ColumnCheck(_Frozen):
    """One column: present with the same dtype, and how alike its distribution is."""

    column: str
    kind: Kind
    dtype: str
    synthetic_dtype: str | None
    measure: str
    similarity: float | None
    """``None`` for identifiers, which are numbered afresh and not compared."""


class CopyMatch(_Frozen):
    """A synthetic record (0-based row) and the original row it copies."""

    synthetic_row: int
    original_row: int
    similarity: float
    exact: bool


class PiiCount(_Frozen):
    """Findings of one entity type in one column of the synthetic set."""

    column: str
    entity_type: str
    cells: int
    findings: int
    counted: bool


class Validation(_Frozen):
    """Whether a synthetic set meets its targets, with the figures behind each."""

    passed: bool
    rows: tuple[TargetRow, ...]
    columns: tuple[ColumnCheck, ...]
    pii: tuple[PiiCount, ...]
    copies: tuple[CopyMatch, ...]
    """Up to 20, the closest first."""
    original_rows: int
    synthetic_rows: int

    @property
    def exit_code(self) -> int:
        """0 when every target is met, 5 when one is missed."""
        return EXIT_OK if self.passed else EXIT_SYNTHETIC_TARGETS


Scanner = Callable[[pl.DataFrame], Sequence[ScanColumn]]
"""Scans a frame for PII; :func:`pii_scanner` gives the privacy scan's."""


def validate(
    original: pl.DataFrame,
    synthetic: pl.DataFrame,
    scan: Scanner,
    settings: SynthesiseSettings | None = None,
) -> Validation:
    """Check ``synthetic`` against the (anonymised) ``original`` it was learnt from.

    - **schema match**: share of the original's columns present with the same dtype;
    - **distribution similarity**: per column, 1 - total variation distance of the category
      shares (nulls are a category) for categorical and boolean columns, 1 - the two-sample
      Kolmogorov-Smirnov statistic for numbers and dates, 1 - KS of the character lengths for
      free text; for those two, the difference in null share counts when it is larger than KS.
      Identifiers are not compared. The figure is the mean over the compared columns;
    - **PII findings**: what ``scan`` finds of ``settings.pii_entities`` (pattern types) in any
      synthetic cell; other types are listed without a target;
    - **copies**: synthetic records whose normalised text (every compared column) equals an
      original row's, or whose word-shingle Jaccard similarity reaches ``near_copy_threshold``;
    - **diversity** (no target): share of distinct records, mean pairwise similarity.
    """
    settings = settings or SynthesiseSettings()
    plain = settings.model_copy(update={"dependencies": False, "examples": 0})
    prof = profile(original, plain)
    columns = list(prof.columns)
    checks = tuple(_check_column(c, original, synthetic) for c in columns)
    matched = sum(1 for c in checks if c.synthetic_dtype == c.dtype)
    schema_share = matched / len(checks) if checks else 1.0
    compared = [c for c in checks if c.similarity is not None]
    similarity = (
        statistics.fmean(c.similarity for c in compared if c.similarity is not None)
        if compared
        else 1.0
    )
    targets_ = settings.targets

    pii = _pii_counts(scan(synthetic) if synthetic.height else [], settings)
    counted = sum(p.findings for p in pii if p.counted)
    texts = [c.name for c in columns if c.kind != "identifier"]
    original_records = _record_texts(original, texts)
    synthetic_records = _record_texts(synthetic, [t for t in texts if t in synthetic.columns])
    copies, closest = _copies(original_records, synthetic_records, settings)
    verbatim, text_cells = _verbatim(
        original, synthetic, [c.name for c in columns if c.kind == "text"]
    )
    distinct = len(set(synthetic_records))
    mean_pair, max_pair, pairs = _pairwise(synthetic_records, settings.shingle_words)

    rows = (
        TargetRow(
            name="schema match",
            value=schema_share,
            shown=f"{schema_share:.0%}",
            target=f"≥ {targets_.schema_match:.0%}",
            passed=schema_share >= targets_.schema_match,
            detail=_schema_detail(checks, matched),
        ),
        TargetRow(
            name="distribution similarity",
            value=similarity,
            shown=f"{similarity:.3f}",
            target=f"≥ {targets_.similarity:.2f}",
            passed=similarity >= targets_.similarity,
            detail=_similarity_detail(compared),
        ),
        TargetRow(
            name="PII findings",
            value=float(counted),
            shown=str(counted),
            target=f"≤ {targets_.pii_findings}",
            passed=counted <= targets_.pii_findings,
            detail=_pii_detail(pii, settings),
        ),
        TargetRow(
            name="copies of original rows",
            value=float(len(copies)),
            shown=str(len(copies)),
            target=f"≤ {targets_.copies}",
            passed=len(copies) <= targets_.copies,
            detail=_copies_detail(copies, closest, settings),
        ),
        TargetRow(
            name="text cells copied verbatim",
            value=float(verbatim),
            shown=str(verbatim),
            target=None,
            passed=None,
            detail=f"of {text_cells} free-text cells ({_VERBATIM_MIN_CHARS}+ characters) equal "
            "an original cell: stock answers, or examples the model copied",
        ),
        TargetRow(
            name="distinct records",
            value=distinct / len(synthetic_records) if synthetic_records else 0.0,
            shown=f"{distinct / len(synthetic_records):.0%}" if synthetic_records else "-",
            target=None,
            passed=None,
            detail=f"{distinct} of {len(synthetic_records)} records differ after normalising",
        ),
        TargetRow(
            name="mean pairwise similarity",
            value=mean_pair,
            shown=f"{mean_pair:.3f}",
            target=None,
            passed=None,
            detail=f"Jaccard of word {settings.shingle_words}-shingles over {pairs:,} pairs of "
            f"synthetic records; most alike: {max_pair:.2f}",
        ),
    )
    return Validation(
        passed=all(r.passed for r in rows if r.passed is not None),
        rows=rows,
        columns=checks,
        pii=tuple(pii),
        copies=tuple(sorted(copies, key=lambda c: (-c.similarity, c.synthetic_row))[:20]),
        original_rows=original.height,
        synthetic_rows=synthetic.height,
    )


def _check_column(
    column: ColumnProfile, original: pl.DataFrame, synthetic: pl.DataFrame
) -> ColumnCheck:
    dtype = original.schema[column.name]
    present = column.name in synthetic.columns
    found = str(synthetic.schema[column.name]) if present else None
    measure = {
        "identifier": "not compared (numbered afresh)",
        "categorical": "1 - TVD",
        "boolean": "1 - TVD",
        "text": "1 - KS of lengths",
    }.get(column.kind, "1 - KS")
    base = {"column": column.name, "kind": column.kind, "dtype": str(dtype)}
    if column.kind == "identifier":
        return ColumnCheck(**base, synthetic_dtype=found, measure=measure, similarity=None)
    if not present:
        return ColumnCheck(**base, synthetic_dtype=None, measure=measure, similarity=0.0)
    ours = synthetic.get_column(column.name)
    if ours.dtype != dtype:
        try:
            ours = ours.cast(dtype)
        except pl.exceptions.PolarsError:
            return ColumnCheck(**base, synthetic_dtype=found, measure=measure, similarity=0.0)
    theirs = original.get_column(column.name)
    if column.kind in ("categorical", "boolean"):
        distance = total_variation(_shares(theirs), _shares(ours))
    elif column.kind == "text":
        distance = max(ks_statistic(_lengths(theirs), _lengths(ours)), _null_gap(theirs, ours))
    else:
        distance = max(
            ks_statistic(
                _numbers(theirs.drop_nulls(), column.kind), _numbers(ours.drop_nulls(), column.kind)
            ),
            _null_gap(theirs, ours),
        )
    return ColumnCheck(
        **base, synthetic_dtype=found, measure=measure, similarity=round(1.0 - distance, 4)
    )


def _shares(series: pl.Series) -> dict[Value, float]:
    values = series.to_list() if series.dtype == pl.Boolean else series.cast(pl.String).to_list()
    counts = Counter(values)
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()} if total else {}


def _lengths(series: pl.Series) -> npt.NDArray[np.float64]:
    return series.drop_nulls().cast(pl.String).str.len_chars().to_numpy().astype(np.float64)


def _null_gap(a: pl.Series, b: pl.Series) -> float:
    share_a = a.null_count() / a.len() if a.len() else 0.0
    share_b = b.null_count() / b.len() if b.len() else 0.0
    return abs(share_a - share_b)


def total_variation(p: Mapping[Value, float], q: Mapping[Value, float]) -> float:
    """Total variation distance of two discrete distributions: half the L1 distance."""
    if not p and not q:
        return 0.0
    if not p or not q:
        return 1.0
    return 0.5 * math.fsum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in set(p) | set(q))


def ks_statistic(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """Two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical CDFs."""
    x = np.sort(np.asarray(a, dtype=np.float64))
    y = np.sort(np.asarray(b, dtype=np.float64))
    if not x.size or not y.size:
        return 0.0 if x.size == y.size else 1.0
    grid = np.concatenate([x, y])
    cdf_x = np.searchsorted(x, grid, side="right") / x.size
    cdf_y = np.searchsorted(y, grid, side="right") / y.size
    return float(np.max(np.abs(cdf_x - cdf_y)))


def _schema_detail(checks: Sequence[ColumnCheck], matched: int) -> str:
    missing = [c.column for c in checks if c.synthetic_dtype is None]
    changed = [
        f"{c.column} ({c.dtype} → {c.synthetic_dtype})"
        for c in checks
        if c.synthetic_dtype is not None and c.synthetic_dtype != c.dtype
    ]
    detail = f"{matched} of {len(checks)} columns with the same dtype"
    if missing:
        detail += f"; missing: {', '.join(missing)}"
    if changed:
        detail += f"; dtype differs: {', '.join(changed)}"
    return detail


def _similarity_detail(compared: Sequence[ColumnCheck]) -> str:
    if not compared:
        return "no column to compare"
    worst = sorted(compared, key=lambda c: (c.similarity or 0.0, c.column))[:3]
    lowest = ", ".join(f"{c.column} {c.similarity:.2f}" for c in worst)
    return f"mean of {len(compared)} columns; lowest: {lowest}"


def _pii_counts(report: Sequence[ScanColumn], settings: SynthesiseSettings) -> list[PiiCount]:
    counted = {e.upper() for e in settings.pii_entities}
    return [
        PiiCount(
            column=r.column,
            entity_type=r.entity_type,
            cells=r.cells,
            findings=r.findings,
            counted=r.entity_type in counted,
        )
        for r in report
    ]


def _pii_detail(pii: Sequence[PiiCount], settings: SynthesiseSettings) -> str:
    hits = [f"{p.entity_type} ×{p.findings} in {p.column}" for p in pii if p.counted]
    others: Counter[str] = Counter()
    for p in pii:
        if not p.counted:
            others[p.entity_type] += p.findings
    detail = "; ".join(hits) if hits else "none"
    detail += f" (counts {', '.join(settings.pii_entities)})"
    if others:
        listed = ", ".join(f"{k} ×{v}" for k, v in sorted(others.items()))
        detail += f"; not counted: {listed}"
    return detail


def _copies_detail(
    copies: Sequence[CopyMatch], closest: float, settings: SynthesiseSettings
) -> str:
    exact = sum(1 for c in copies if c.exact)
    return (
        f"{exact} exact, {len(copies) - exact} near (Jaccard ≥ {settings.near_copy_threshold:g}); "
        f"closest record to an original: {closest:.2f}"
    )


# -- record text, copies and diversity


def _normalise(text: str) -> str:
    return " ".join(WORD_RE.findall(text.casefold()))


def _record_texts(frame: pl.DataFrame, columns: Sequence[str]) -> list[str]:
    """Each row as one normalised string of its values (nulls empty), in column order."""
    if not columns:
        return [""] * frame.height
    rows = frame.select(pl.col(c).cast(pl.String) for c in columns).rows()
    return [_normalise(" | ".join(v or "" for v in row)) for row in rows]


def _copies(
    originals: Sequence[str], synthetic: Sequence[str], settings: SynthesiseSettings
) -> tuple[list[CopyMatch], float]:
    """Synthetic records that copy an original row, and the highest similarity seen.

    Candidates come from an inverted index of the originals' shingles (leaving out shingles
    shared by more than 1,000 originals, which a copy does not need to be found), so the cost
    follows the overlap, not the product of the two sizes.
    """
    k = settings.shingle_words
    exact_rows: dict[str, int] = {}
    for i, text in enumerate(originals):
        exact_rows.setdefault(text, i)
    sets = [shingles(t.split(), k) for t in originals]
    index: dict[str, list[int]] = {}
    for i, grams in enumerate(sets):
        for s in grams:
            index.setdefault(s, []).append(i)
    matches: list[CopyMatch] = []
    closest = 0.0
    for row, text in enumerate(synthetic):
        if text in exact_rows:
            matches.append(
                CopyMatch(
                    synthetic_row=row, original_row=exact_rows[text], similarity=1.0, exact=True
                )
            )
            closest = 1.0
            continue
        mine = shingles(text.split(), k)
        candidates: Counter[int] = Counter()
        for s in mine:
            posting = index.get(s, ())
            if len(posting) <= _COMMON_SHINGLE:
                candidates.update(posting)
        best, best_row = 0.0, -1
        for other, _ in candidates.most_common(50):
            score = jaccard(mine, sets[other])
            if score > best:
                best, best_row = score, other
        closest = max(closest, best)
        if best >= settings.near_copy_threshold:
            matches.append(
                CopyMatch(
                    synthetic_row=row, original_row=best_row, similarity=round(best, 4), exact=False
                )
            )
    return matches, closest


def _verbatim(
    original: pl.DataFrame, synthetic: pl.DataFrame, columns: Sequence[str]
) -> tuple[int, int]:
    """Synthetic free-text cells equal to an original cell of the same column, and cells seen."""
    found = seen = 0
    for name in columns:
        if name not in synthetic.columns:
            continue
        theirs = {_normalise(v) for v in original.get_column(name).cast(pl.String).drop_nulls()}
        for value in synthetic.get_column(name).cast(pl.String).drop_nulls():
            if len(value) >= _VERBATIM_MIN_CHARS:
                seen += 1
                found += _normalise(value) in theirs
    return found, seen


def _pairwise(records: Sequence[str], k: int) -> tuple[float, float, int]:
    """Mean and largest Jaccard similarity over record pairs (all, or 20,000 seeded ones)."""
    n = len(records)
    if n < 2:
        return 0.0, 0.0, 0
    sets = [shingles(t.split(), k) for t in records]
    if n * (n - 1) // 2 <= _MEAN_PAIRS:
        pairs: Iterable[tuple[int, int]] = ((i, j) for i in range(n) for j in range(i + 1, n))
    else:
        rng = random.Random(20_240_917)
        pairs = (tuple(rng.sample(range(n), 2)) for _ in range(_MEAN_PAIRS))  # type: ignore[misc]
    scores = [jaccard(sets[i], sets[j]) for i, j in pairs]
    return round(math.fsum(scores) / len(scores), 4), round(max(scores), 4), len(scores)


# --------------------------------------------------------------------------- jobs


@dataclass
class SynthesiseResult:
    """What ``persona synthesise`` did, for the summary and the exit code."""

    output: Path
    requested: int
    generated: int
    failed: int
    resumed: int
    connection: Connection
    validation: Validation
    manifest: dict[str, Any]
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """1 when nothing was generated, 5 when a target was missed, 4 when records failed."""
        if self.generated == 0:
            return EXIT_FAILURE
        if not self.validation.passed:
            return EXIT_SYNTHETIC_TARGETS
        if self.failed:
            return EXIT_PARTIAL
        return EXIT_OK


def synthesise_settings(config: JobConfig) -> SynthesiseSettings:
    """The job's ``[synthesise]`` table, or the defaults while the job has none."""
    return config.synthesise


def pii_scanner(config: JobConfig) -> Scanner:
    """The privacy scan (:func:`pipeline.run_scan`) over a frame, through a temporary Parquet file.

    The job's per-column overrides are dropped: a column pinned as whole values of an entity
    would count every placeholder it holds as a finding.
    Cells that are nothing but a removal placeholder (``<PERSON>``, the anonymiser's own output
    kept by a categorical column) are not scanned: spaCy reads some of them as names.
    """
    scan_config = config.model_copy(
        update={"anonymise": config.anonymise.model_copy(update={"columns": {}})}
    )

    def scan(frame: pl.DataFrame) -> Sequence[ScanColumn]:
        if frame.height == 0:
            return []
        frame = frame.with_columns(
            pl.when(pl.col(name).cast(pl.String).str.contains(_PLACEHOLDER))
            .then(None)
            .otherwise(pl.col(name))
            .alias(name)
            for name, dtype in frame.schema.items()
            if _is_text_dtype(dtype)
        )
        with tempfile.TemporaryDirectory(prefix="persona-synthesise-") as folder:
            path = Path(folder) / "synthetic.parquet"
            with ParquetSink(path) as sink:
                sink.write(frame)
                sink.commit({})
            return run_scan(scan_config.privacy, path)[1]

    return scan


def run_synthesise(
    config: JobConfig,
    input_path: Path,
    output: Path,
    count: int | None = None,
) -> SynthesiseResult:
    """Learn ``input_path`` (anonymised first), generate ``count`` records, validate, write."""
    started = datetime.now(UTC)
    settings = synthesise_settings(config)
    count = count or settings.count
    check_output_path(input_path, output)
    info = describe_input(input_path, config.input)
    connection = connect(config.generate)
    model = connection.model
    guard = Guard(config.gate, RunValues() if config.generate.anonymise else None)
    frame, anonymisation = load_anonymised(
        config.privacy, input_path, info.rows, config.generate.anonymise, guard=guard
    )
    original = frame.select(_columns(frame, settings))
    prof = profile(original, settings)
    reply_model = record_model(prof, settings.text_headroom)
    schema = reply_model.model_json_schema()
    generate = config.generate
    items = synthesis_items(
        prof, count, model.name, settings.seed, options=generate.options.as_options(), schema=schema
    )
    requests = RequestRunner(connection, output, guard)
    try:
        outcomes = requests.run("synthesise", items, model.name, generate, reply_model=reply_model)
    finally:
        requests.close()
    synthetic, records = _assemble(prof, original.schema, reply_model, items, outcomes)
    made = [i for i in items if outcomes[i.key].payload is not None]
    synthetic = guard.records(synthetic, made)  # the gate, before anything is written
    validation = validate(original, synthetic.drop(GEN_GATE), pii_scanner(config), settings)
    failures = [outcomes[i.key].error for i in items if outcomes[i.key].error]
    manifest = {
        "input": input_manifest(info),
        "anonymisation": anonymisation,
        "profile": prof.public(),
        "generation": {
            "provider": generate.provider,
            "model": model.name,
            "model_digest": model.digest,
            "model_choice": connection.reason,
            "hosts": connection.hosts,
            "host_stats": {url: asdict(s) for url, s in requests.hosts.items()},
            "options": generate.options.as_options(),
            "keep_alive": generate.keep_alive,
            "template_version": SYNTH_TEMPLATE_VERSION,
            "template_sha256": SYNTH_TEMPLATE_SHA256,
            "record_schema": schema,
            "settings": generate.model_dump(mode="json"),
        },
        "synthesise": settings.model_dump(mode="json"),
        "adherence": adherence(prof, targets(prof, count, settings.seed), records),
        "counts": {
            "source_rows": original.height,
            "requested": count,
            "generated": synthetic.height,
            "failed": len(failures),
            "resumed": requests.resumed,
            "prompt_tokens": sum(outcomes[i.key].prompt_tokens for i in items),
            "completion_tokens": sum(outcomes[i.key].completion_tokens for i in items),
        },
        "gate": guard.manifest(),
        "versions": versions(config.detect),
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
    }
    with ParquetSink(output) as sink:
        sink.write(synthetic)
        sink.commit(
            {MANIFEST_KEY: manifest, VALIDATION_KEY: validation.model_dump(mode="json")},
            empty_schema=synthetic.schema,
        )
    requests.finish()
    errors: Counter[str] = Counter(
        outcomes[i.key].reason or str(outcomes[i.key].error) for i in items if outcomes[i.key].error
    )
    return SynthesiseResult(
        output=output,
        requested=count,
        generated=synthetic.height,
        failed=len(failures),
        resumed=requests.resumed,
        connection=connection,
        validation=validation,
        manifest=manifest,
        errors=dict(errors),
    )


def _assemble(
    profile: Profile,
    schema: pl.Schema,
    model: type[BaseModel],
    items: Sequence[WorkItem],
    outcomes: Mapping[str, Outcome],
) -> tuple[pl.DataFrame, list[dict[str, Any] | None]]:
    """The synthetic frame (failed records left out) and each item's record as JSON, or None."""
    names = _columns_of(model)
    records: list[dict[str, Any] | None] = []
    rows: list[dict[str, Any]] = []
    for item in items:
        payload = outcomes[item.key].payload
        if payload is None:
            records.append(None)
            continue
        parsed = model.model_validate(payload)
        records.append({names[k]: v for k, v in parsed.model_dump(mode="json").items()})
        rows.append({names[k]: v for k, v in parsed.model_dump().items()})
    data: dict[str, pl.Series] = {}
    for column in profile.columns:
        dtype = schema[column.name]
        if column.kind == "identifier":
            data[column.name] = _fresh_ids(column, dtype, len(rows))
            continue
        values = [r.get(column.name) for r in rows]
        if _is_text_dtype(dtype):
            series = pl.Series(column.name, values, dtype=pl.String)
        elif isinstance(dtype, pl.Datetime):
            naive = [_naive_utc(v) if isinstance(v, datetime) else v for v in values]
            series = pl.Series(column.name, naive, dtype=pl.Datetime("us"))
        else:
            series = pl.Series(column.name, values, dtype=dtype, strict=False)
        data[column.name] = series.cast(dtype)
    return pl.DataFrame(data, schema=schema), records


def _naive_utc(moment: datetime) -> datetime:
    """Date-times are kept as naive UTC until cast to the column's own zone."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _fresh_ids(column: ColumnProfile, dtype: pl.DataType, n: int) -> pl.Series:
    """Identifiers no original row has: past the original's largest, or ``syn-000001``."""
    if dtype.is_integer():
        start = int(column.maximum) + 1 if column.maximum is not None else 1
        return pl.Series(column.name, range(start, start + n), dtype=pl.Int64).cast(dtype)
    return pl.Series(column.name, [f"syn-{i + 1:06d}" for i in range(n)], dtype=pl.String).cast(
        dtype
    )


def adherence(
    profile: Profile, asked: Sequence[RecordTarget], records: Sequence[dict[str, Any] | None]
) -> dict[str, Any]:
    """How closely the model kept to its targets: share of exact values per column, and the
    median ratio of written to asked length per free-text column."""
    exact: dict[str, list[bool]] = {}
    ratios: dict[str, list[float]] = {}
    for target, record in zip(asked, records, strict=True):
        if record is None:
            continue
        for name, value in target.values.items():
            got = record.get(name)
            same = (
                math.isclose(float(got), float(value), rel_tol=1e-9, abs_tol=1e-9)
                if isinstance(got, int | float)
                and isinstance(value, int | float)
                and not isinstance(got, bool)
                else got == value
            )
            exact.setdefault(name, []).append(same)
        for name, length in target.lengths.items():
            text = record.get(name)
            if isinstance(text, str) and length:
                ratios.setdefault(name, []).append(len(text) / length)
    return {
        "values": {k: round(sum(v) / len(v), 4) for k, v in exact.items()},
        "length_ratio": {k: round(statistics.median(v), 3) for k, v in ratios.items()},
    }


def run_validate(config: JobConfig, original_path: Path, synthetic_path: Path) -> Validation:
    """``persona synthesise validate``: check a synthetic file against its original.

    The original is anonymised as the synthesise job did (unless it already carries the
    ``pii_*`` audit of an anonymised file, or the job turns anonymisation off), so both see the
    same text.
    """
    settings = synthesise_settings(config)
    info = describe_input(original_path, config.input)
    first = next(iter_batches(original_path, config.input, 1), None)
    if first is not None and "pii_entities" in first.columns:
        original = pl.concat(
            list(iter_batches(original_path, config.input, config.anonymise.batch_rows)),
            how="vertical_relaxed",
        )
    else:
        original, _ = load_anonymised(
            config.privacy, original_path, info.rows, config.generate.anonymise
        )
    synthetic = read_parquet(synthetic_path)
    return validate(
        original.select(_columns(original, settings)), synthetic, pii_scanner(config), settings
    )
