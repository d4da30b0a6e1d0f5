"""Each record's targets: stratified, so the set follows the original; seeded, so repeatable."""

from __future__ import annotations

import polars as pl

from persona_batch.synthesise.distributions import ks_statistic, total_variation
from persona_batch.synthesise.drawing import targets
from persona_batch.synthesise.profiling import profile

from .fakes import CITIES, cities_frame, kinds_frame


def test_targets_follow_the_original() -> None:
    frame = kinds_frame()
    prof = profile(frame)
    asked = targets(prof, 200, seed=3)
    shares = pl.Series([t.values["segment"] for t in asked]).value_counts(normalize=True)
    observed = frame["segment"].value_counts(normalize=True)
    tvd = total_variation(
        dict(zip(observed["segment"], observed["proportion"], strict=True)),
        dict(zip(shares[""], shares["proportion"], strict=True)),
    )
    assert tvd < 0.01  # quotas, not independent draws
    ages = pl.Series([t.values["age"] for t in asked]).to_numpy()
    assert ks_statistic(frame["age"].to_numpy(), ages) < 0.06
    assert sum(t.values["plan"] is None for t in asked) == 50  # a quarter were null
    assert all(0 < t.lengths["notes"] <= prof.column("notes").max_length for t in asked)
    assert targets(prof, 200, seed=3) == asked


def test_dependent_columns_stay_consistent() -> None:
    prof = profile(cities_frame())
    assert prof.column("city").parent == "country"
    for target in targets(prof, 150, seed=0):
        assert target.values["city"] in CITIES[str(target.values["country"])]
