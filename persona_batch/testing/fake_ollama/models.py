"""The models the fake server pretends to have pulled: names, families, sizes and details."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from persona_batch.servers.wire import iso

_SIZE_RE: Final = re.compile(r"(\d+(?:\.\d+)?)([bm])\b", re.IGNORECASE)

# family, context length by model base name (the part before ":")
_KNOWN_FAMILIES: Final[dict[str, tuple[str, int]]] = {
    "qwen2.5": ("qwen2", 32768),
    "qwen2": ("qwen2", 32768),
    "qwen3": ("qwen3", 40960),
    "llama3": ("llama", 8192),
    "llama3.1": ("llama", 131072),
    "llama3.2": ("llama", 131072),
    "llama3.3": ("llama", 131072),
    "mistral": ("llama", 32768),
    "gemma2": ("gemma2", 8192),
    "gemma3": ("gemma3", 131072),
    "phi3": ("phi3", 131072),
    "phi4": ("phi3", 16384),
}


def normalize_name(name: str) -> str:
    """``llama3.2`` -> ``llama3.2:latest``, as Ollama does."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


@dataclass(frozen=True)
class ModelSpec:
    """A model the fake server pretends to have pulled."""

    name: str
    family: str
    parameter_size: str = "7B"
    quantization_level: str = "Q4_K_M"
    context_length: int = 8192
    capabilities: tuple[str, ...] = ("completion",)
    format: str = "gguf"

    @classmethod
    def from_name(cls, name: str, **overrides: Any) -> ModelSpec:
        """Derive plausible details from a name such as ``qwen2.5:7b``."""
        full = normalize_name(name)
        base, tag = full.rsplit(":", 1)
        short = base.rsplit("/", 1)[-1]
        letters = re.match(r"[a-z]+", short.lower())
        family, context = _KNOWN_FAMILIES.get(
            short.lower(), (letters.group(0) if letters else "llama", 8192)
        )
        size = _SIZE_RE.search(tag)
        parameter_size = f"{size.group(1)}{size.group(2).upper()}" if size else "7B"
        values: dict[str, Any] = {
            "name": full,
            "family": family,
            "parameter_size": parameter_size,
            "context_length": context,
        }
        values.update(overrides)
        return cls(**values)

    @property
    def digest(self) -> str:
        """Stable fake digest: sha256 of the name."""
        return hashlib.sha256(self.name.encode()).hexdigest()

    @property
    def parameter_count(self) -> int:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([BMK]?)", self.parameter_size.upper())
        if not match:
            return 7_000_000_000
        scale = {"B": 10**9, "M": 10**6, "K": 10**3, "": 1}[match.group(2)]
        return int(float(match.group(1)) * scale)

    @property
    def size(self) -> int:
        """Bytes on disk: about 0.6 byte per parameter, like a Q4_K_M GGUF."""
        return int(self.parameter_count * 0.6) + 1024

    @property
    def modified_at(self) -> str:
        offset = int(self.digest[:8], 16) % (300 * 86400)
        return iso(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=offset))

    def details(self) -> dict[str, Any]:
        return {
            "parent_model": "",
            "format": self.format,
            "family": self.family,
            "families": [self.family],
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization_level,
        }
