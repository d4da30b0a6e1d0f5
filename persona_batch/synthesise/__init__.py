"""Synthetic datasets from a sensitive source: profile, prompt, generate, validate, write.

``persona synthesise`` turns a sensitive table into a synthetic one with the same columns:

1. **load and anonymise** the input with the generate job's stage
   (:func:`persona_batch.privacy.stream.load_anonymised`); nothing below ever sees a raw
   value;
2. **profile** the anonymised frame (:func:`profiling.profile`): each column's dtype and kind,
   category frequencies, numeric percentiles, text-length percentiles, a few example texts, and
   which categorical columns depend on one another (city on country);
3. **prompt** one record per request (:func:`prompts.synthesis_items`). Each record is given
   target values for its categorical, numeric and date columns, drawn so the shares and the
   numeric distributions follow the original (stratified: quotas of categories, evenly spread
   percentiles; :func:`drawing.targets`), and a target length for each free-text column. The
   reply must validate against :func:`record.record_model`, whose JSON schema is sent as
   Ollama's ``format``: categories are ``Literal`` of observed values, numbers are bounded by
   the observed range, text by a length cap;
4. **generate** through the generate job's machinery (``RequestRunner``: host slots, retries,
   validation, a journal beside the output so a rerun resumes);
5. **validate** (:func:`validation.validate`): schema, per-column distribution similarity
   (:mod:`.distributions`), a PII scan of the output with the privacy scan
   (:func:`persona_batch.privacy.scan.run_scan`), copies of original rows, and diversity
   (:mod:`.copies`);
6. **write** the records atomically (:class:`persona_batch.core.io.ParquetSink`) with the
   validation block and the manifest in the file's metadata. A set that misses a target is
   still written; the result's exit code is then ``EXIT_SYNTHETIC_TARGETS`` (5).

:func:`job.run_synthesise` wires these together and :func:`job.run_validate` is
``persona synthesise validate``.

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

The names below load their module on first use (:mod:`persona_batch.core.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:
    from persona_batch.synthesise.distributions import ks_statistic, total_variation
    from persona_batch.synthesise.drawing import RecordTarget, targets
    from persona_batch.synthesise.job import (
        VALIDATION_KEY,
        SynthesiseResult,
        pii_scanner,
        run_synthesise,
        run_validate,
    )
    from persona_batch.synthesise.profiling import ColumnProfile, Profile, profile
    from persona_batch.synthesise.prompts import synthesis_items
    from persona_batch.synthesise.record import record_model
    from persona_batch.synthesise.validation import Validation, validate

__all__ = [
    "VALIDATION_KEY",
    "ColumnProfile",
    "Profile",
    "RecordTarget",
    "SynthesiseResult",
    "Validation",
    "ks_statistic",
    "pii_scanner",
    "profile",
    "record_model",
    "run_synthesise",
    "run_validate",
    "synthesis_items",
    "targets",
    "total_variation",
    "validate",
]
__getattr__ = exports(
    __name__,
    {
        "distributions": ["ks_statistic", "total_variation"],
        "drawing": ["RecordTarget", "targets"],
        "job": [
            "VALIDATION_KEY",
            "SynthesiseResult",
            "pii_scanner",
            "run_synthesise",
            "run_validate",
        ],
        "profiling": ["ColumnProfile", "Profile", "profile"],
        "prompts": ["synthesis_items"],
        "record": ["record_model"],
        "validation": ["Validation", "validate"],
    },
)
