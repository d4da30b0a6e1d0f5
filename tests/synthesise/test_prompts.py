"""The synthesis work items: one per record, keyed so that a rerun resumes."""

from __future__ import annotations

from persona_batch.synthesise.profiling import profile
from persona_batch.synthesise.prompts import synthesis_items

from .fakes import kinds_frame


def test_item_keys_are_stable_and_follow_what_is_sent() -> None:
    prof = profile(kinds_frame())
    items = synthesis_items(prof, 50, "qwen2.5:7b", seed=3)
    again = synthesis_items(prof, 50, "qwen2.5:7b", seed=3)
    assert [i.key for i in items] == [i.key for i in again]
    assert len({i.key for i in items}) == 50
    assert items[0].key != synthesis_items(prof, 50, "llama3.2:3b", seed=3)[0].key
    assert items[0].key != synthesis_items(prof, 50, "qwen2.5:7b", seed=4)[0].key
    options = {"temperature": 0.2}
    assert items[0].key != synthesis_items(prof, 50, "qwen2.5:7b", 3, options=options)[0].key
    assert items[0].messages[0] == items[1].messages[0]  # one shared system message
