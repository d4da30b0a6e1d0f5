"""The distances behind the distribution similarity: total variation and Kolmogorov-Smirnov."""

from __future__ import annotations

import pytest

from persona_batch.synthesise.distributions import ks_statistic, total_variation


def test_distance_helpers() -> None:
    assert ks_statistic([1, 2, 3], [1, 2, 3]) == 0.0
    assert ks_statistic([1, 2], [5, 6]) == 1.0
    assert ks_statistic([], []) == 0.0 and ks_statistic([1], []) == 1.0
    assert total_variation({"a": 0.5, "b": 0.5}, {"a": 0.5, "b": 0.5}) == 0.0
    assert total_variation({"a": 1.0}, {"b": 1.0}) == 1.0
    assert total_variation({"a": 0.75, None: 0.25}, {"a": 1.0}) == pytest.approx(0.25)
