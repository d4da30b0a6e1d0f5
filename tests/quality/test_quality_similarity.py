"""Heuristic persona quality: distinctiveness (near duplicates, LSH) and the diversity figures."""

from __future__ import annotations

import random
from typing import Any

import pytest

from persona_batch.quality import DiversityTally, diversity, score_frame

from .examples import DEFAULT, OTHER, SOURCES, frame, persona, score

# --------------------------------------------------------------------------- distinctiveness


def test_identical_pair_flags_the_later_one() -> None:
    first, second = score(persona(), OTHER, persona(persona_id="copy"))[::2]
    assert first["quality_flags"] == [] and first["quality_distinctiveness"] == 100.0
    assert "near_duplicate_of:good" in second["quality_flags"]
    assert "duplicate_name:good" in second["quality_flags"]
    assert second["quality_distinctiveness"] == 0.0
    assert second["quality_level"] in {"poor", "failing"}


def test_near_duplicate_names_the_most_similar_earlier_persona() -> None:
    near = persona(persona_id="near", name="Giulia Ferranti")
    rows = score(OTHER, persona(), near)
    flags = rows[2]["quality_flags"]
    assert "near_duplicate_of:good" in flags
    assert not any(f.startswith("duplicate_name") for f in flags)
    assert 0.0 < rows[2]["quality_distinctiveness"] < 100.0
    assert rows[0]["quality_flags"] == rows[1]["quality_flags"] == []


def test_distinct_personas_are_not_flagged() -> None:
    rows = score(persona(), OTHER)
    assert [r["quality_distinctiveness"] for r in rows] == [100.0, 100.0]


def _random_persona(rng: random.Random, index: int) -> dict[str, Any]:
    words = [f"w{i}" for i in range(400)]

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    return persona(
        persona_id=f"p{index}",
        name=f"Name{index} Surname",
        background=text(40),
        goals=[text(8), text(8)],
        frustrations=[text(8)],
        behaviours=[text(8)],
        quote=text(12),
    )


def test_lsh_finds_every_planted_duplicate_in_a_large_frame() -> None:
    rng = random.Random(7)
    rows = [_random_persona(rng, i) for i in range(1500)]
    planted = {}
    for k in range(0, 1500, 100):
        words = rows[k]["background"].split()
        words[3] = "changed"
        planted[f"dup{k}"] = rows[k]["persona_id"]
        rows.append(rows[k] | {"persona_id": f"dup{k}", "background": " ".join(words)})
    scored = score_frame(frame(*rows), SOURCES, DEFAULT)
    flagged = {
        pid: [f for f in flags if f.startswith("near_duplicate_of:")]
        for pid, flags in zip(scored["persona_id"], scored["quality_flags"], strict=True)
    }
    assert {pid: f for pid, f in flagged.items() if f} == {
        dup: [f"near_duplicate_of:{original}"] for dup, original in planted.items()
    }


# --------------------------------------------------------------------------- diversity


def test_diversity() -> None:
    failed = {"persona_id": "failed", "gen_error": "boom"}
    summary = diversity(frame(persona(), OTHER, persona(persona_id="copy"), failed))
    assert summary["personas"] == 3.0
    assert summary["distinct_names"] == 2.0 and summary["distinct_occupations"] == 2.0
    assert summary["max_similarity"] == 1.0 and summary["near_duplicate_pairs"] == 1.0
    assert 0.0 < summary["mean_similarity"] < 1.0
    alone = diversity(frame(persona()))
    assert alone["mean_similarity"] == alone["near_duplicate_pairs"] == 0.0


def test_diversity_samples_pairs_of_a_large_frame() -> None:
    rng = random.Random(3)
    rows = [_random_persona(rng, i) for i in range(250)]
    rows.append(rows[10] | {"persona_id": "copy"})
    summary = diversity(frame(*rows))
    assert summary["near_duplicate_pairs"] == 1.0 and summary["max_similarity"] == 1.0
    assert summary["mean_similarity"] < 0.1
    assert diversity(frame(*rows)) == summary


def test_diversity_tally_of_one_batch_is_diversity_and_of_several_adds_up() -> None:
    failed = {"persona_id": "failed", "gen_error": "boom"}
    first = frame(persona(), OTHER, persona(persona_id="copy"), failed)
    second = frame(persona(persona_id="again"), OTHER | {"persona_id": "other-2"})
    one = DiversityTally()
    one.add(first)
    assert one.summary() == diversity(first)
    two = DiversityTally()
    two.add(first)
    two.add(second)
    summary, a, b = two.summary(), diversity(first), diversity(second)
    assert summary["personas"] == 5.0
    assert summary["distinct_names"] == 2.0 and summary["distinct_occupations"] == 2.0
    assert summary["near_duplicate_pairs"] == a["near_duplicate_pairs"] + b["near_duplicate_pairs"]
    assert summary["max_similarity"] == max(a["max_similarity"], b["max_similarity"])
    weighted = (3 * a["mean_similarity"] + 1 * b["mean_similarity"]) / 4  # 3 pairs, then 1
    assert summary["mean_similarity"] == pytest.approx(weighted, abs=1e-4)
    assert DiversityTally().summary()["personas"] == 0.0
