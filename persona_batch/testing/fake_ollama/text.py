"""The fake server's vocabulary: the words its replies are made of, and its token count."""

from __future__ import annotations

import random
import re
from typing import Final

WORDS: Final[tuple[str, ...]] = (
    "amber", "anchor", "atlas", "autumn", "beacon", "birch", "bright", "brook",
    "calm", "canvas", "cedar", "clear", "clever", "coral", "crisp", "curious",
    "dawn", "delta", "eager", "echo", "ember", "field", "fern", "focus",
    "gentle", "harbor", "honest", "island", "jade", "keen", "lively", "lumen",
    "maple", "meadow", "mellow", "modest", "nimble", "noble", "north", "oak",
    "orbit", "pepper", "pine", "prairie", "quiet", "rapid", "river", "sage",
    "signal", "silver", "steady", "stone", "summit", "swift", "timber", "tidy",
    "vivid", "warm", "willow", "wise", "yarrow", "zephyr", "urban", "open",
)  # fmt: skip

TOKEN_RE: Final = re.compile(r"\w+|[^\w\s]")


def count_tokens(text: str) -> int:
    """Rough token count: words and punctuation marks."""
    return len(TOKEN_RE.findall(text))


def plain_text(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    if len(words) > 10:
        words[rng.randint(3, len(words) - 4)] += ","
    return " ".join(words).capitalize() + "."
