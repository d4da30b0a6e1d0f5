"""Function words of the supported languages (spaCy's stop-word lists): never a name or a place.

A text's own function words are those of the languages it is written in
(:func:`own_stop_words`): "darin" is a German function word, but in "notes by darin, edited by
..." it is a name."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from functools import cache

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl")


@cache
def stop_words_by_language() -> dict[str, frozenset[str]]:
    """spaCy's ``spacy/lang/<xx>/stop_words.py`` lists, loaded as plain modules.

    Importing ``spacy.lang.fr`` itself would build its tokenizer exceptions (seconds); the
    stop-word files are plain data, so they are executed on their own."""
    out: dict[str, frozenset[str]] = {}
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
        out[lang] = frozenset(w.casefold() for w in module.STOP_WORDS)
    return out


@cache
def stop_words() -> frozenset[str]:
    """The function words of every supported language."""
    return frozenset().union(*stop_words_by_language().values())


EVIDENCE = 2
"""A text shows its language by this many function words of it at least; with fewer, every
language's function words count."""
SHARE = 0.6
"""A language counts as one a text is written in when the text has at least this share of the
function words of its best-shown language."""


def own_stop_words(words: Iterable[str], ignore: frozenset[str] = frozenset()) -> frozenset[str]:
    """The function words of the languages ``words`` (casefolded) are written in
    (:func:`shown_languages`); with too little to go by (a cell of a name or two), or a text of
    many languages, every language's, as :func:`stop_words`."""
    return own_stops(shown_languages(words, ignore))


def own_stops(languages: tuple[str, ...] | None) -> frozenset[str]:
    """The function words of ``languages`` (every language's for None)."""
    return stop_words() if languages is None else _union(languages)


def shown_languages(
    words: Iterable[str], ignore: frozenset[str] = frozenset()
) -> tuple[str, ...] | None:
    """The languages ``words`` (casefolded) show, in order: each with :data:`EVIDENCE` of its
    function words or more among them and at least :data:`SHARE` of the best-shown language's
    count; words in ``ignore`` are no evidence. None with too little to go by, or when every
    language shows."""
    languages_of = _languages_of()
    counts = dict.fromkeys(stop_words_by_language(), 0)
    for word in words:
        languages = languages_of.get(word)
        if languages is not None and word not in ignore:
            for lang in languages:
                counts[lang] += 1
    best = max(counts.values(), default=0)
    if best < EVIDENCE:
        return None
    shown = tuple(sorted(lang for lang, n in counts.items() if n >= max(EVIDENCE, SHARE * best)))
    return None if len(shown) == len(counts) else shown


@cache
def _languages_of() -> dict[str, tuple[str, ...]]:
    """Each function word's languages."""
    out: dict[str, list[str]] = {}
    for lang, stops in stop_words_by_language().items():
        for word in stops:
            out.setdefault(word, []).append(lang)
    return {word: tuple(languages) for word, languages in out.items()}


@cache
def _union(languages: tuple[str, ...]) -> frozenset[str]:
    by_language = stop_words_by_language()
    return frozenset().union(*(by_language[lang] for lang in languages))
