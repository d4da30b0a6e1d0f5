"""The quality score's settings: dimension weights, level thresholds, minimum counts and the
presets. Data models only, so the job configuration can hold them without loading the scorer
(:mod:`persona_batch.quality.score`) or Polars.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from persona_batch.core.models import FrozenModel

__all__ = [
    "DIMENSIONS",
    "LEVELS",
    "DimensionWeights",
    "LevelThresholds",
    "MinimumCounts",
    "PresetName",
    "QualitySettings",
]

DIMENSIONS: tuple[str, ...] = (
    "completeness",
    "consistency",
    "evidence",
    "distinctiveness",
    "realism",
)
LEVELS: tuple[str, ...] = ("excellent", "good", "acceptable", "poor", "failing")


class DimensionWeights(FrozenModel):
    """How much each dimension counts in the overall score; only the ratios matter."""

    completeness: float = Field(0.25, ge=0.0)
    consistency: float = Field(0.20, ge=0.0)
    evidence: float = Field(0.25, ge=0.0)
    distinctiveness: float = Field(0.15, ge=0.0)
    realism: float = Field(0.15, ge=0.0)

    @model_validator(mode="after")
    def _positive_total(self) -> DimensionWeights:
        if self.total() <= 0:
            raise ValueError("the weights must sum to more than 0")
        return self

    def total(self) -> float:
        return sum(self.as_dict().values())

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in DIMENSIONS}


class LevelThresholds(FrozenModel):
    """Lowest overall score of each level; below ``poor`` a persona is ``failing``."""

    excellent: float = Field(94.0, ge=0.0, le=100.0)
    good: float = Field(80.0, ge=0.0, le=100.0)
    acceptable: float = Field(60.0, ge=0.0, le=100.0)
    poor: float = Field(35.0, ge=0.0, le=100.0)

    @model_validator(mode="after")
    def _descending(self) -> LevelThresholds:
        if not self.excellent >= self.good >= self.acceptable >= self.poor:
            raise ValueError("thresholds must satisfy excellent >= good >= acceptable >= poor")
        return self

    def level(self, score: float) -> str:
        """The level a score falls in."""
        for name in LEVELS[:-1]:
            if score >= getattr(self, name):
                return name
        return LEVELS[-1]


class MinimumCounts(FrozenModel):
    """How many items a complete persona has (0: not required)."""

    goals: int = Field(2, ge=0, le=5)
    frustrations: int = Field(1, ge=0, le=5)
    behaviours: int = Field(1, ge=0, le=5)
    quote: int = Field(1, ge=0, le=1)
    evidence: int = Field(2, ge=0, le=8)
    """Evidence items the supported share is taken over: fewer citations score less."""


PresetName = Literal["default", "strict", "lenient"]


class QualitySettings(FrozenModel):
    """Weights, level thresholds and the bars each rule measures against."""

    weights: DimensionWeights = DimensionWeights()
    levels: LevelThresholds = LevelThresholds()
    minimums: MinimumCounts = MinimumCounts()
    min_background_words: int = Field(8, ge=0)
    min_item_words: int = Field(2, ge=1)
    """Words a goal, frustration, behaviour or the quote needs not to count as filler."""
    near_duplicate_threshold: float = Field(0.8, gt=0.0, le=1.0)
    excerpt_min_overlap: float = Field(0.8, gt=0.0, le=1.0)
    """Share of an excerpt's word pairs that must occur in the source when it is not verbatim."""
    claim_min_overlap: float = Field(0.5, gt=0.0, le=1.0)
    """Share of a list item's content words that must occur in the source text."""
    consistency_penalty: float = Field(30.0, ge=0.0, le=100.0)
    realism_penalty: float = Field(20.0, ge=0.0, le=100.0)
    realistic_age: tuple[int, int] = (18, 85)
    max_above_weakest: float = Field(100.0, ge=0.0, le=100.0)
    """The overall score is at most this far above the weakest dimension (100: no cap)."""
    copy_min_words: int = Field(12, ge=4)
    """A field repeating this many consecutive words of a source is a copy."""
    minor_defect_factor: float = Field(0.74, gt=0.0, le=1.0)
    """Each minor defect (a one-line background, a quote that is no sentence, generic lists)
    multiplies the score by this: one keeps a persona below good."""
    major_defect_factor: float = Field(0.58, gt=0.0, le=1.0)
    """Each major defect (a tag or no one's name, a contradiction, a copy, a near duplicate,
    invented content) multiplies the score by this: one keeps a persona below acceptable."""

    @model_validator(mode="after")
    def _age_range(self) -> QualitySettings:
        low, high = self.realistic_age
        if low > high:
            raise ValueError("realistic_age must be (low, high) with low <= high")
        return self

    @classmethod
    def preset(cls, name: PresetName) -> QualitySettings:
        """``"default"``, ``"strict"`` or ``"lenient"``."""
        if name == "default":
            return cls()
        if name == "strict":
            return cls.strict()
        if name == "lenient":
            return cls.lenient()
        raise ValueError(f"unknown quality preset {name!r}: use default, strict or lenient")

    @classmethod
    def strict(cls) -> QualitySettings:
        """Higher bars everywhere; never scores a persona above the default."""
        return cls(
            levels=LevelThresholds(excellent=96, good=85, acceptable=65, poor=40),
            minimums=MinimumCounts(goals=3, frustrations=2, behaviours=2, quote=1, evidence=3),
            min_background_words=15,
            min_item_words=3,
            near_duplicate_threshold=0.7,
            excerpt_min_overlap=0.9,
            claim_min_overlap=0.6,
            consistency_penalty=40.0,
            realism_penalty=25.0,
            copy_min_words=10,
            minor_defect_factor=0.7,
            major_defect_factor=0.55,
        )

    @classmethod
    def lenient(cls) -> QualitySettings:
        """Lower bars everywhere; never scores a persona below the default."""
        return cls(
            levels=LevelThresholds(excellent=90, good=75, acceptable=55, poor=30),
            minimums=MinimumCounts(goals=1, frustrations=1, behaviours=1, quote=0, evidence=1),
            min_background_words=4,
            min_item_words=1,
            near_duplicate_threshold=0.9,
            excerpt_min_overlap=0.7,
            claim_min_overlap=0.34,
            consistency_penalty=20.0,
            realism_penalty=15.0,
            copy_min_words=16,
            minor_defect_factor=0.78,
            major_defect_factor=0.62,
        )
