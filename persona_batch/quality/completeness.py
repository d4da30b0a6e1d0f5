"""The completeness dimension: the persona's fields are there and say something."""

from __future__ import annotations

from persona_batch.core.quality_settings import QualitySettings
from persona_batch.core.text import is_filler, text_words
from persona_batch.quality.rows import LIST_FIELDS, PersonaRow, RowResult

__all__ = ["score_completeness"]


def score_completeness(p: PersonaRow, s: QualitySettings, out: RowResult) -> None:
    credits: list[float] = []
    for name in ("name", "occupation", "location"):
        ok = not is_filler(p.text(name))
        credits.append(1.0 if ok else 0.0)
        if not ok:
            out.flags.append(f"missing:{name}")
    credits.append(1.0 if p.age is not None else 0.0)
    if p.age is None:
        out.flags.append("missing:age")
    if is_filler(p.background):
        credits.append(0.0)
        out.flags.append("missing:background")
    elif len(text_words(p.background)) < s.min_background_words:
        credits.append(0.5)
        out.flags.append("thin:background")
    else:
        credits.append(1.0)
    if s.minimums.quote == 0:
        credits.append(1.0)
    elif is_filler(p.quote):
        credits.append(0.0)
        out.flags.append("missing:quote")
    elif len(text_words(p.quote)) < s.min_item_words:
        credits.append(0.5)
        out.flags.append("thin:quote")
    else:
        credits.append(1.0)
    for name in LIST_FIELDS:
        items = [i for i in p.lists[name] if i]
        valid = sum(1 for i in items if not is_filler(i) and len(text_words(i)) >= s.min_item_words)
        need: int = getattr(s.minimums, name)
        credits.append(1.0 if need == 0 else min(valid / need, 1.0))
        if need and not items:
            out.flags.append(f"missing:{name}")
        elif valid < need:
            out.flags.append(f"too_few:{name}")
        if valid < len(items):
            out.flags.append(f"trivial:{name}")
    out.scores["completeness"] = 100.0 * sum(credits) / len(credits)
