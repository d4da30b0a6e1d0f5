"""Function words of the supported languages (spaCy's stop-word lists): never a name or a place."""

from __future__ import annotations

import importlib.util
from functools import cache

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl")


@cache
def stop_words() -> frozenset[str]:
    """spaCy's ``spacy/lang/<xx>/stop_words.py`` lists, loaded as plain modules.

    Importing ``spacy.lang.fr`` itself would build its tokenizer exceptions (seconds); the
    stop-word files are plain data, so they are executed on their own."""
    words: set[str] = set()
    for lang in LANGUAGES:
        package = importlib.util.find_spec(f"spacy.lang.{lang}")
        if package is None or not package.submodule_search_locations:
            continue
        path = f"{next(iter(package.submodule_search_locations))}/stop_words.py"
        spec = importlib.util.spec_from_file_location(f"_persona_stop_words_{lang}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        words.update(w.casefold() for w in module.STOP_WORDS)
    return frozenset(words)
