"""The report's persona gallery: one card per persona, from a run's personas frame.

Persona text is model output. A card shows it only when the gate checked the persona before it
was written and found nothing in what the model wrote (its ``gen_gate`` audit holds no entry for
a persona field). Otherwise the card is *withheld*: it says which check and which field, never
the text. Entries for ``prompt`` and ``judge_prompt`` are about what was removed from the
prompts before they were sent, not about the persona, and do not withhold it.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl
from pydantic import BaseModel

from persona_batch.core.quality_settings import LEVELS

PROMPT_FIELDS = frozenset({"prompt", "judge_prompt"})
"""``gen_gate`` fields that record what was redacted from a prompt, not from the persona."""

_ANCHOR = re.compile(r"[^A-Za-z0-9_-]+")

_FLAG_WORDS: dict[str, str] = {
    "missing": "no {}",
    "thin": "{} is thin",
    "too_few": "too few {}",
    "trivial": "{} are trivial",
    "ungrounded": "{} not found in the sources",
    "unsupported_evidence": "the evidence for {} is not in its source",
    "placeholder": "placeholder text in {}",
    "repeated_words": "repeated words in {}",
    "repeated_item": "an item repeated in {}",
    "source_missing": "source {} is missing",
    "near_duplicate_of": "nearly the same as {}",
    "duplicate_name": "same name as {}",
}
_FLAG_PHRASES: dict[str, str] = {
    "implausible_age": "implausible age",
    "unusual_age": "unusual age",
    "name_shape": "the name is not a first name and a surname",
    "occupation_shape": "the occupation does not read as a job",
    "no_evidence": "no evidence cited",
    "goal_equals_frustration": "a goal is also a frustration",
    "quote_unrelated": "the quote is unrelated to the rest",
    "generation_failed": "generation failed",
    "age_background_mismatch": "the age does not fit the background",
    "age_career_mismatch": "the age does not fit the career",
    "age_contradicts_source": "the age contradicts the sources",
    "experience_exceeds_age": "more years of experience than the age allows",
    "location_language_mismatch": "the location does not fit the language",
}


class Card(BaseModel):
    """One persona as the gallery shows it."""

    persona_id: str
    anchor: str
    group: str | None = None
    level: str
    score: float
    flags: list[str] = []
    judge_score: float | None = None
    sources: list[str] = []
    refined: bool | None = None
    withheld: str | None = None
    """Why the persona's text is not shown (the check and the field, never the text)."""
    name: str = ""
    age: int | None = None
    occupation: str = ""
    location: str = ""
    quote: str = ""
    goals: list[str] = []
    frustrations: list[str] = []
    behaviours: list[str] = []

    def texts(self) -> list[str]:
        """Every piece of model output the card shows."""
        return [
            t
            for t in (
                self.name,
                self.occupation,
                self.location,
                self.quote,
                *self.goals,
                *self.frustrations,
                *self.behaviours,
            )
            if t
        ]


def plain_flag(flag: str) -> str:
    """A quality flag in words: ``thin:quote`` -> "quote is thin"."""
    if flag in _FLAG_PHRASES:
        return _FLAG_PHRASES[flag]
    kind, _, detail = flag.partition(":")
    if detail and kind in _FLAG_WORDS:
        return _FLAG_WORDS[kind].format(detail)
    return flag.replace("_", " ").replace(":", ": ")


def withheld_reason(audit: list[dict[str, Any]] | None) -> str | None:
    """Why a persona with this ``gen_gate`` audit is withheld; ``None`` when it passed."""
    if audit is None:
        return "not checked: the output PII check was off for this run"
    found = [e for e in audit if e.get("field") not in PROMPT_FIELDS]
    if not found:
        return None
    where = sorted({f"{e.get('family')} in {e.get('field')}" for e in found})
    return "the output PII check found " + ", ".join(where)


def group_of(persona_id: str, group_by: str | None) -> str | None:
    """The group a persona was made for: its id is ``<group>-<k>`` when ``group_by`` is set."""
    if not group_by or "-" not in persona_id:
        return None
    return persona_id.rsplit("-", 1)[0]


def anchor(persona_id: str) -> str:
    """The card's HTML id."""
    return "persona-" + _ANCHOR.sub("-", persona_id).strip("-")


def cards(personas: pl.DataFrame, group_by: str | None = None) -> list[Card]:
    """The gallery's cards: every persona that was made, best quality first."""
    if personas.height == 0 or "persona_id" not in personas.columns:
        return []
    made = (
        personas.filter(pl.col("gen_error").is_null())
        if "gen_error" in personas.columns
        else personas
    )
    out = []
    for row in made.iter_rows(named=True):
        pid = str(row["persona_id"])
        reason = (
            withheld_reason(row.get("gen_gate"))
            if "gen_gate" in row
            else ("not checked: this personas file has no output PII audit")
        )
        card = Card(
            persona_id=pid,
            anchor=anchor(pid),
            group=group_of(pid, group_by),
            level=str(row.get("quality_level") or "unscored"),
            score=float(row.get("quality_score") or 0.0),
            flags=[plain_flag(f) for f in row.get("quality_flags") or []],
            judge_score=row.get("judge_score"),
            sources=[str(s) for s in row.get("source_ids") or []],
            refined=row.get("refined"),
            withheld=reason,
        )
        if reason is None:
            card = card.model_copy(
                update={
                    "name": row.get("name") or "",
                    "age": row.get("age"),
                    "occupation": row.get("occupation") or "",
                    "location": row.get("location") or "",
                    "quote": row.get("quote") or "",
                    "goals": list(row.get("goals") or []),
                    "frustrations": list(row.get("frustrations") or []),
                    "behaviours": list(row.get("behaviours") or []),
                }
            )
        out.append(card)
    return sorted(out, key=lambda c: (-c.score, c.persona_id))


def levels_present(gallery: list[Card]) -> list[str]:
    """The levels the filter offers, best first."""
    order = {name: i for i, name in enumerate(LEVELS)}
    return sorted({c.level for c in gallery}, key=lambda lv: (order.get(lv, len(order)), lv))


def groups_present(gallery: list[Card]) -> list[str]:
    return sorted({c.group for c in gallery if c.group is not None})


FILTER_SCRIPT = """
(function () {
  var level = document.getElementById('filter-level');
  var group = document.getElementById('filter-group');
  var shown = document.getElementById('gallery-shown');
  function apply() {
    var n = 0;
    document.querySelectorAll('.persona').forEach(function (card) {
      var ok = (!level.value || card.dataset.level === level.value) &&
               (!group || !group.value || card.dataset.group === group.value);
      card.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n;
  }
  level.addEventListener('change', apply);
  if (group) { group.addEventListener('change', apply); }
  apply();
})();
"""
"""The filter: a few lines, no library, nothing fetched."""
