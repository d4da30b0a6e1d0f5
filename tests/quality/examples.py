"""Hand-made personas and sources the quality tests score, and the helpers that score them."""

from __future__ import annotations

from typing import Any

import polars as pl

from persona_batch.llm.generator import PERSONA_SCHEMA
from persona_batch.quality import DIMENSIONS, QualitySettings, score_frame

SOURCE = (
    "country: IT\n"
    "age: 41\n"
    "interview_notes: The respondent exports to CSV every Wednesday and cleans the file in "
    "Notion afterwards. Search results felt slow once the workspace grew past a few thousand "
    "items. She wants saved filters to survive an export and re-import.\n"
    "survey_answer: Fix the PDF export and I'd be a promoter."
)
SOURCES = {
    "s1": SOURCE,
    "s2": (
        "country: GB\nage: 63\ninterview_notes: Prefers e-mail for everything; chat "
        "notifications interrupt his routine. He wants to receive updates by e-mail and avoid "
        "learning another chat tool.\nsurvey_answer: Just e-mail me the updates."
    ),
}
DEFAULT = QualitySettings()
QUALITY_COLUMNS = [
    "quality_score",
    "quality_level",
    *(f"quality_{d}" for d in DIMENSIONS),
    "quality_flags",
]


def persona(**overrides: Any) -> dict[str, Any]:
    """A good persona, grounded in ``SOURCE``; overrides change single fields."""
    row: dict[str, Any] = {
        "persona_id": "good",
        "source_ids": ["s1"],
        "name": "Giulia Ferrante",
        "age": 41,
        "occupation": "Operations analyst",
        "location": "Rome, Italy",
        "background": (
            "Giulia runs weekly reporting for a logistics firm and exports data to CSV every "
            "Wednesday before cleaning it in Notion."
        ),
        "goals": [
            "Keep saved filters after an export and re-import",
            "Get faster search results in a large workspace",
        ],
        "frustrations": ["Search results felt slow once the workspace grew"],
        "behaviours": ["Exports to CSV every Wednesday and cleans the file in Notion"],
        "quote": "Fix the PDF export and I'd be a promoter.",
        "evidence": [
            {"field": "behaviours", "source_id": "s1", "excerpt": "exports to CSV every Wednesday"},
            {"field": "frustrations", "source_id": "s1", "excerpt": "Search results felt slow"},
        ],
    }
    return row | overrides


OTHER = persona(
    persona_id="other",
    source_ids=["s2"],
    name="Alan Whitfield",
    age=63,
    occupation="Finance administrator",
    location="Leeds, UK",
    background="Alan keeps the books for a small charity and prefers e-mail to every chat tool.",
    goals=["Receive updates by e-mail", "Avoid learning another chat tool"],
    frustrations=["Chat notifications interrupt his e-mail routine"],
    behaviours=["Prefers e-mail for everything"],
    quote="Just e-mail me the updates, please.",
    evidence=[
        {"field": "behaviours", "source_id": "s2", "excerpt": "Prefers e-mail for everything"},
        {"field": "goals", "source_id": "s2", "excerpt": "avoid learning another chat tool"},
    ],
)


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=PERSONA_SCHEMA)


def score(*rows: dict[str, Any], qs: QualitySettings = DEFAULT) -> list[dict[str, Any]]:
    scored = score_frame(frame(*rows), SOURCES, qs)
    return scored.select("persona_id", *QUALITY_COLUMNS).to_dicts()


def one(qs: QualitySettings = DEFAULT, **overrides: Any) -> dict[str, Any]:
    return score(persona(**overrides), qs=qs)[0]
