"""Package exports that load on first use (PEP 562).

A package's ``__init__`` names its public API in ``__all__`` without importing the modules that
hold it, so ``import persona_batch.privacy`` (and with it ``persona --help``) loads neither
Presidio nor spaCy, and no sub-module waits on a half-initialised package::

    from typing import TYPE_CHECKING

    from persona_batch.core.lazy import exports

    if TYPE_CHECKING:  # what type checkers and readers see
        from persona_batch.privacy.job import run_anonymise

    __all__ = ["run_anonymise"]
    __getattr__ = exports(__name__, {"job": ["run_anonymise"]})
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["exports"]


def exports(package: str, modules: Mapping[str, Sequence[str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``package.<module>`` for the names it lists."""
    where = {name: f"{package}.{module}" for module, names in modules.items() for name in names}

    def attribute(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(where[name]), name)

    return attribute
