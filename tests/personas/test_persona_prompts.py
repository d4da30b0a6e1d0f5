"""What the model is asked (persona_batch.personas.prompts): each source row rendered as the model
sees it, the ids it is cited by, one item per row or ``per_group`` items per group, within the
source budget, keyed for the journal, and the typed dates marked for the gate. Real frames, no
model: the items are what the generate job would send."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persona_batch.core.columns import MISSING_GROUP, ROW_COLUMN
from persona_batch.core.config import GenerateSettings
from persona_batch.core.errors import ColumnNotFoundError
from persona_batch.core.work import Region
from persona_batch.personas.prompts import (
    GROUP_NOTE,
    SYSTEM_PROMPT,
    USER_TEMPLATE,
    build_items,
    rendered_sources,
    source_ids,
    source_texts,
)

SCHEMA: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}


def gen(**values: Any) -> GenerateSettings:
    return GenerateSettings.model_validate(values)


def head(count: int, note: str = "") -> str:
    """The user message up to its sources."""
    return USER_TEMPLATE.format(count=count, note=note, sources="")


def user(item: Any) -> str:
    return str(item.messages[1]["content"])


NOTES = pl.DataFrame(
    {
        "respondent": ["r1", "r2", "r3"],
        "segment": ["Admin", "New customer", "Admin"],
        "notes": ["Exports every Monday.", "   ", None],
        "pii_count": [2, 0, 1],
        "pii_entities": [
            [{"entity_type": "PERSON"}, {"entity_type": "EMAIL_ADDRESS"}],
            [],
            [{"entity_type": "PERSON"}],
        ],
    }
)


# --- one source row as the model sees it ---------------------------------------------------------


def test_a_row_is_its_id_then_a_line_per_filled_column_without_the_audit() -> None:
    items = build_items(NOTES, gen(), "m", SCHEMA)
    assert [i.persona_id for i in items] == ["row-1", "row-2", "row-3"]
    assert [i.source_ids for i in items] == [("row-1",), ("row-2",), ("row-3",)]
    first, second, third = (user(i) for i in items)
    assert first == head(1) + (
        "[source row-1]\nrespondent: r1\nsegment: Admin\nnotes: Exports every Monday."
    )
    # blank and missing values are left out; no pii_ column is ever shown
    assert second == head(1) + "[source row-2]\nrespondent: r2\nsegment: New customer"
    assert third == head(1) + "[source row-3]\nrespondent: r3\nsegment: Admin"
    assert all(i.messages[0] == {"role": "system", "content": SYSTEM_PROMPT} for i in items)
    assert all([m["role"] for m in i.messages] == ["system", "user"] for i in items)


def test_source_texts_are_the_rendered_rows_by_source_id() -> None:
    texts = source_texts(NOTES, gen(id_column="respondent"))
    assert list(texts) == ["r1", "r2", "r3"]
    assert texts["r2"] == "[source r2]\nrespondent: r2\nsegment: New customer"
    for item in build_items(NOTES, gen(id_column="respondent"), "m", SCHEMA):
        assert user(item).endswith(texts[item.persona_id])  # what scoring checks evidence against
    rendered = rendered_sources(NOTES, gen(id_column="respondent"))
    assert {sid: text for sid, (text, _) in rendered.items()} == texts
    assert all(spans == () for _, spans in rendered.values())  # no typed dates here


def test_source_ids_are_the_id_column_or_the_input_row_number() -> None:
    assert source_ids(NOTES, gen()) == ["row-1", "row-2", "row-3"]
    assert source_ids(NOTES, gen(id_column="respondent")) == ["r1", "r2", "r3"]
    later = NOTES.with_columns(pl.Series(ROW_COLUMN, [40, 41, 57]))  # a later batch, a sample
    assert source_ids(later, gen()) == ["row-41", "row-42", "row-58"]
    assert "_row" not in user(build_items(later, gen(), "m", SCHEMA)[0])
    with pytest.raises(
        ColumnNotFoundError,
        match=r"generate\.id_column 'id' is not a column of the input \(it has: respondent, ",
    ):
        source_ids(NOTES, gen(id_column="id"))


def test_prompt_columns_choose_and_order_what_is_shown() -> None:
    [item, *_] = build_items(NOTES, gen(prompt_columns=["notes", "respondent"]), "m", SCHEMA)
    assert user(item) == head(1) + "[source row-1]\nnotes: Exports every Monday.\nrespondent: r1"
    with pytest.raises(ColumnNotFoundError, match=r"generate\.prompt_columns names 'note', which"):
        build_items(NOTES, gen(prompt_columns=["respondent", "note"]), "m", SCHEMA)
    with pytest.raises(ColumnNotFoundError, match="prompt_columns names 'note'"):
        source_texts(NOTES, gen(prompt_columns=["note"]))


def test_a_row_longer_than_the_budget_is_cut_with_an_ellipsis() -> None:
    long = pl.DataFrame({"notes": [("word " * 400).strip()]})
    [item] = build_items(long, gen(max_source_chars=120), "m", SCHEMA)
    sources = user(item).removeprefix(head(1))
    assert len(sources) == 120 and sources.endswith("…")
    assert sources.startswith("[source row-1]\nnotes: word word")
    [whole] = build_items(long, gen(max_source_chars=5000), "m", SCHEMA)
    assert user(whole).endswith("word") and "…" not in user(whole)


# --- typed dates: regions the gate skips -------------------------------------------------------


def test_typed_dates_and_times_are_marked_where_they_sit_in_the_message() -> None:
    frame = pl.DataFrame(
        {
            "seen": [dt.date(2026, 3, 14), None],
            "at": [dt.datetime(2026, 3, 14, 9, 30), dt.datetime(2026, 5, 1, 18, 0)],
            "notes": ["called on 2026-03-14", "fine"],
        }
    )
    first, second = build_items(frame, gen(), "m", SCHEMA)
    assert all(r.message == 1 and r.kind == "computed" for r in first.regions)
    content = user(first)
    assert [content[r.start : r.end] for r in first.regions] == [
        "2026-03-14",
        "2026-03-14 09:30:00",
    ]  # the typed values; the date typed into the notes is research text
    assert [user(second)[r.start : r.end] for r in second.regions] == ["2026-05-01 18:00:00"]
    text, spans = rendered_sources(frame, gen())["row-1"]
    assert [text[a:b] for a, b in spans] == ["2026-03-14", "2026-03-14 09:30:00"]
    # a cut row keeps only what is left of its dates
    [cut, _] = build_items(frame, gen(max_source_chars=len("[source row-1]\nseen: 2026")), "m", {})
    assert cut.regions == (Region(1, len(head(1)) + 21, len(head(1)) + 24, "computed"),)


# --- the journal's key and the audit -------------------------------------------------------------


def test_the_key_changes_with_model_options_and_schema_the_prompt_hash_only_with_the_prompt() -> (
    None
):
    def key(frame: pl.DataFrame = NOTES, model: str = "m", schema: Any = SCHEMA, **o: Any) -> Any:
        item = build_items(frame, gen(**o), model, schema)[0]
        return item.key, item.prompt_sha256

    base = key()
    assert key() == base  # the same inputs, the same key: a rerun finds its results
    for other in (
        key(model="other"),
        key(schema={}),
        key(options={"seed": 7}),
        key(options={"temperature": 0.1}),
    ):
        assert other[0] != base[0] and other[1] == base[1]
    changed = key(NOTES.with_columns(pl.lit("Exports on Fridays.").alias("notes")))
    assert changed[0] != base[0] and changed[1] != base[1]
    item = build_items(NOTES, gen(), "m", SCHEMA)[0]
    prompt = json.dumps(item.messages, sort_keys=True)
    assert item.prompt_sha256 == hashlib.sha256(prompt.encode()).hexdigest()


def test_pii_counts_come_from_the_audit_of_the_rows_used() -> None:
    items = build_items(NOTES, gen(), "m", SCHEMA)
    assert [i.pii_counts for i in items] == [
        (("EMAIL_ADDRESS", 1), ("PERSON", 1)),
        (),
        (("PERSON", 1),),
    ]
    [admin, _] = build_items(NOTES, gen(group_by="segment"), "m", SCHEMA)
    assert admin.pii_counts == (("EMAIL_ADDRESS", 1), ("PERSON", 2))  # both Admin rows
    assert build_items(NOTES.drop("pii_entities"), gen(), "m", SCHEMA)[0].pii_counts == ()


# --- grouped prompts ----------------------------------------------------------------------------


GROUPS = pl.DataFrame(
    {
        "segment": ["Admin", "Student", "Admin", None, "Student", "Admin", "Admin", "Admin"],
        "notes": [f"note {i} about the export" for i in range(8)],
    }
)


def test_per_group_items_name_their_group_and_use_only_its_rows() -> None:
    items = build_items(GROUPS, gen(group_by="segment", per_group=2), "m", SCHEMA)
    assert [i.persona_id for i in items] == [
        "Admin-1",
        "Admin-2",
        "Student-1",
        "Student-2",
        f"{MISSING_GROUP}-1",
        f"{MISSING_GROUP}-2",
    ]  # groups in order of first appearance, a missing value its own group
    assert [i.index for i in items] == list(range(6))
    segment = {f"row-{i + 1}": s or MISSING_GROUP for i, s in enumerate(GROUPS["segment"])}
    for item in items:
        group, k = item.persona_id.rsplit("-", 1)
        assert {segment[s] for s in item.source_ids} == {group}
        assert list(item.source_ids) == sorted(item.source_ids, key=lambda s: int(s[4:]))
        note = GROUP_NOTE.format(k=int(k), n=2, column="segment", group=group)
        assert user(item).startswith(head(len(item.source_ids), note))
        for sid in item.source_ids:
            assert f"[source {sid}]" in user(item)
    assert items[2].source_ids == ("row-2", "row-5") and items[4].source_ids == ("row-4",)


def test_a_group_takes_rows_up_to_the_source_budget_at_least_one() -> None:
    one_row = len("[source row-1]\nsegment: Admin\nnotes: note 0 about the export")
    items = build_items(GROUPS, gen(group_by="segment", max_source_chars=2 * one_row), "m", {})
    admin = items[0]
    assert len(admin.source_ids) == 2  # of five Admin rows, two fit
    tiny = build_items(GROUPS, gen(group_by="segment", max_source_chars=10), "m", {})
    assert all(len(i.source_ids) == 1 for i in tiny)  # the first row is taken, cut to fit
    assert all(user(i).endswith("…") for i in tiny)


def test_which_rows_a_persona_gets_depends_on_the_seed_not_on_the_order_of_the_call() -> None:
    def chosen(seed: int, frame: pl.DataFrame = GROUPS) -> list[tuple[str, ...]]:
        settings = gen(
            group_by="segment", per_group=3, max_source_chars=130, options={"seed": seed}
        )
        return [i.source_ids for i in build_items(frame, settings, "m", {})]

    assert chosen(1) == chosen(1)
    assert any(chosen(seed) != chosen(1) for seed in range(2, 12))
    # the rows of one group are ranked among themselves: another group's rows change nothing
    admins = GROUPS.with_row_index(ROW_COLUMN).filter(pl.col("segment") == "Admin")
    admin_only = chosen(1, admins)
    assert admin_only == chosen(1)[:3]


def test_an_unknown_group_column_is_named() -> None:
    with pytest.raises(ColumnNotFoundError, match=r"--group-by 'segmnt' is not a column"):
        build_items(GROUPS, gen(group_by="segmnt"), "m", SCHEMA)


# --- properties --------------------------------------------------------------------------------


rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", None]),
        st.text(alphabet="abc xyz", max_size=80),
        st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(data=rows, budget=st.integers(20, 400), group=st.booleans(), per_group=st.integers(1, 3))
def test_every_item_stays_within_its_budget_and_marks_exactly_its_typed_dates(
    data: list[tuple[str | None, str, dt.date | None]], budget: int, group: bool, per_group: int
) -> None:
    frame = pl.DataFrame(
        data, schema={"segment": pl.String, "notes": pl.String, "day": pl.Date}, orient="row"
    )
    options: dict[str, Any] = {"max_source_chars": budget, "per_group": per_group}
    if group:
        options["group_by"] = "segment"
    items = build_items(frame, gen(**options), "m", {})
    used = [s for i in items for s in i.source_ids]
    if not group:
        assert used == [f"row-{n + 1}" for n in range(frame.height)]
    for item in items:
        assert item.source_ids
        content = user(item)
        sources = content[content.index("[source ") :]
        assert len(sources) <= budget + 2 * (len(item.source_ids) - 1)  # joined by blank lines
        dates = [m.span(1) for m in re.finditer(r"\nday: ([0-9-]+)", content)]
        assert [(r.start, r.end) for r in item.regions] == dates
        assert all(r.message == 1 and r.kind == "computed" for r in item.regions)
