"""Which quality flags are defects a reader would mark down, and what they cost the score.

A flag names one thing a rule found; a defect is what a reader of the persona sees. Minor
defects (a one-line background, a quote that is no sentence) keep a persona below good; major
ones (a tag for a name, a contradiction, a copy of a source, a near duplicate, invented content)
below acceptable. See ``data/calibration/RUBRIC.md`` for the rubric they come from.
"""

from __future__ import annotations

from collections.abc import Sequence

from persona_batch.core.quality_settings import QualitySettings

__all__ = ["MAJOR", "MINOR", "defect", "defect_factor", "defects"]

MAJOR = "major"
MINOR = "minor"
_CONTRADICTIONS = (
    "age_career_mismatch",
    "age_background_mismatch",
    "experience_exceeds_age",
    "age_contradicts_source",
)


def defect(flag: str) -> tuple[str, str] | None:
    """The defect a flag names, as ``(subject, severity)``, or ``None`` for a flag that is only
    a hint (``quote_unrelated``, ``no_evidence``, ``ungrounded:<field>``, ...).

    The subject groups flags that are one defect for a reader: a quote that is short, not a
    sentence and in the third person is one bad quote; three age contradictions are one wrong
    age. Each subject counts once, at its most severe.
    """
    kind, _, field_name = flag.partition(":")
    if kind in ("placeholder", "missing"):
        return field_name, MAJOR
    if kind == "not_a_name":
        return "name", MAJOR
    if kind in ("unknown_name", "name_shape"):
        return "name", MINOR
    if kind in ("quote_not_sentence", "quote_third_person"):
        return "quote", MINOR
    if kind in ("thin", "too_few", "trivial", "repeated_words", "repeated_item"):
        return field_name, MINOR
    if kind in _CONTRADICTIONS:
        return "age", MAJOR
    if kind == "goal_equals_frustration":
        return "aims", MAJOR
    if kind in ("implausible_age", "unusual_age"):
        return "age_value", MAJOR if kind == "implausible_age" else MINOR
    if kind == "copied":
        return "copy", MAJOR
    if kind == "near_duplicate_of":
        return "duplicate", MAJOR
    if kind == "duplicate_name":
        return "duplicate_name", MINOR
    if kind in ("invented", "stereotype"):
        return "invention", MAJOR
    if kind == "location_language_mismatch":
        return "language", MINOR
    if kind == "occupation_shape":
        return "occupation", MINOR
    return None


def defects(flags: Sequence[str]) -> dict[str, str]:
    """``{subject: severity}`` of the defects among ``flags``."""
    found: dict[str, str] = {}
    for flag in flags:
        named = defect(flag)
        if named is not None:
            subject, severity = named
            if found.get(subject) != MAJOR:
                found[subject] = severity
    return found


def defect_factor(flags: Sequence[str], s: QualitySettings) -> float:
    """What the defects leave of the dimensions' mean: the product of one factor per defect."""
    factor = 1.0
    for severity in defects(flags).values():
        factor *= s.major_defect_factor if severity == MAJOR else s.minor_defect_factor
    return factor
