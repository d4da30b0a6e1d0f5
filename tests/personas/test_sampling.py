"""Grouped generation's streaming sampler: bounded, batch-independent, and the same prompts."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from persona_batch.core.config import GenerateSettings
from persona_batch.core.errors import ColumnNotFoundError
from persona_batch.personas.prompts import build_items
from persona_batch.personas.sampling import ROW_COLUMN, GroupSampler

SCHEMA = {"segment": pl.String, "note": pl.String, "score": pl.Int64}

rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", None]),
        st.text(alphabet="abcdefgh ", min_size=0, max_size=120),
        st.integers(-5, 5),
    ),
    min_size=1,
    max_size=120,
)


def frame_of(data: list[tuple[str | None, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(data, schema=SCHEMA, orient="row")


def job(per_group: int = 2, budget: int = 600, seed: int | None = 7) -> GenerateSettings:
    return GenerateSettings.model_validate(
        {
            "group_by": "segment",
            "per_group": per_group,
            "max_source_chars": budget,
            "options": {"seed": seed},
        }
    )


def sample(frame: pl.DataFrame, settings: GenerateSettings, batch_rows: int) -> pl.DataFrame:
    sampler = GroupSampler.for_settings(settings)
    for batch in frame.iter_slices(batch_rows):
        sampler.add(batch)
    assert sampler.rows_seen == frame.height
    return sampler.frame()


@settings(max_examples=60, deadline=None)
@given(data=rows, batch_rows=st.integers(1, 50), per_group=st.integers(1, 3))
def test_the_sample_does_not_depend_on_the_batches(
    data: list[tuple[str | None, str, int]], batch_rows: int, per_group: int
) -> None:
    frame = frame_of(data)
    whole = sample(frame, job(per_group), frame.height)
    assert_frame_equal(sample(frame, job(per_group), batch_rows), whole)
    assert whole.height <= frame.height
    assert whole.columns == [*frame.columns, ROW_COLUMN]


@settings(max_examples=60, deadline=None)
@given(data=rows, per_group=st.integers(1, 3), budget=st.integers(200, 900))
def test_prompts_from_the_sample_are_the_prompts_from_every_row(
    data: list[tuple[str | None, str, int]], per_group: int, budget: int
) -> None:
    frame = frame_of(data)
    settings = job(per_group, budget)
    every = build_items(frame, settings, "m", {})
    sampled = build_items(sample(frame, settings, 17), settings, "m", {})
    assert [(i.persona_id, i.source_ids, i.messages, i.key) for i in sampled] == [
        (i.persona_id, i.source_ids, i.messages, i.key) for i in every
    ]


def test_memory_is_bounded_by_groups_and_budget_not_by_rows() -> None:
    n = 20_000
    frame = pl.DataFrame(
        {
            "segment": [("a", "b", "c")[i % 3] for i in range(n)],
            "note": [f"note {i} " + "x" * (40 + i % 60) for i in range(n)],
            "score": list(range(n)),
        }
    )
    settings = job(per_group=2, budget=1_500)
    sampler = GroupSampler("segment", 2, 7, settings.source_budget())
    peak = 0
    for batch in frame.iter_slices(1_000):
        sampler.add(batch)
        peak = max(peak, sampler.kept)
    # Each (group, persona) keeps rows until their text reaches budget × 1.5, plus the one that
    # crossed it: at most (2,250 + largest) / smallest rows.
    sizes = [len(v) + 40 for v in frame["note"]]
    bound = 3 * 2 * ((1_500 * 1.5 + max(sizes)) // min(sizes) + 1)
    assert 0 < peak <= bound < n / 50
    items = build_items(sampler.frame(), settings, "m", {})
    assert [i.persona_id for i in items] == ["a-1", "a-2", "b-1", "b-2", "c-1", "c-2"]
    assert all(i.source_ids for i in items)


def test_a_sampler_needs_a_group_column() -> None:
    with pytest.raises(ValueError, match="group_by"):
        GroupSampler.for_settings(GenerateSettings())


def test_the_sample_carries_input_positions_never_id_values() -> None:
    frame = pl.DataFrame({"id": ["r9", "r8", "r7"], "segment": ["x", "y", "x"], "note": ["a"] * 3})
    sampler = GroupSampler("segment", 1, None, 10_000, id_column="id")
    sampler.add(frame.head(1))
    sampler.add(frame.tail(2))
    kept = sampler.frame()
    assert kept[ROW_COLUMN].to_list() == [0, 2, 1]  # x's, then y's
    assert kept["id"].to_list() == ["r9", "r7", "r8"]  # ids stay in their (anonymised) column
    by_position = build_items(kept.drop("id"), job(per_group=1), "m", {})
    assert [i.source_ids for i in by_position] == [("row-1", "row-3"), ("row-2",)]
    with_ids = job(per_group=1).model_copy(update={"id_column": "id"})
    assert [i.source_ids for i in build_items(kept, with_ids, "m", {})] == [("r9", "r7"), ("r8",)]


@pytest.mark.parametrize(
    ("group_by", "id_column", "option"),
    [("segmnt", None, "--group-by 'segmnt'"), ("segment", "respondent", "--id-column")],
)
def test_a_missing_column_is_named(group_by: str, id_column: str | None, option: str) -> None:
    sampler = GroupSampler(group_by, 1, None, 1_000, id_column=id_column)
    with pytest.raises(ColumnNotFoundError, match=option) as raised:
        sampler.add(frame_of([("a", "note", 1)]))
    assert "segment, note, score" in str(raised.value)


def test_audit_columns_do_not_count_towards_the_budget() -> None:
    """An already-anonymised input carries ``pii_*`` columns the prompt never shows."""
    n = 60
    frame = pl.DataFrame(
        {
            "segment": ["a", "b"] * (n // 2),
            "note": [f"short note {i}" for i in range(n)],
            "pii_blob": ["x" * 5_000] * n,
        }
    )
    settings = job(per_group=1, budget=600)
    sampled = sample(frame, settings, 8)
    every = build_items(frame, settings, "m", {})
    assert [i.messages for i in build_items(sampled, settings, "m", {})] == [
        i.messages for i in every
    ]
    assert all(len(i.source_ids) > 1 for i in every)  # the budget holds several rows
