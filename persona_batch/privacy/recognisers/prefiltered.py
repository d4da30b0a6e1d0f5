"""Presidio's own pattern recognisers, each run only on text that has what its patterns need.

Presidio runs every pattern of every recogniser over every text and scores each match; most
texts hold no IP address, no SSN-shaped number and no URL. Each class here first asks for the
one thing every pattern of its recogniser must match (a digit, "@", "::"), so it finds what
Presidio's finds, on the texts that can hold one. The prefilters follow the patterns of
presidio-analyzer 2.2 (checked against them in ``tests/privacy/test_recognisers_prefiltered.py``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import (
    DateRecognizer,
    EmailRecognizer,
    IpRecognizer,
    UrlRecognizer,
    UsSsnRecognizer,
)

__all__ = ["QuickDate", "QuickEmail", "QuickIp", "QuickSsn", "QuickUrl"]


class _Prefiltered:
    """A Presidio pattern recogniser that returns nothing when ``NEEDS`` is not in the text."""

    NEEDS: ClassVar[re.Pattern[str]]

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: Any = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if not self.NEEDS.search(text):
            return []
        found: list[RecognizerResult] = super().analyze(  # type: ignore[misc]
            text, entities, nlp_artifacts, regex_flags
        )
        return found


class QuickIp(_Prefiltered, IpRecognizer):
    NEEDS = re.compile(r"\d\.\d|::|[0-9A-Fa-f]:[0-9A-Fa-f]")
    """IPv4 has a digit, a dot and a digit; every IPv6 form has "::" or two hex groups."""


class QuickSsn(_Prefiltered, UsSsnRecognizer):
    NEEDS = re.compile(r"\d{3}[- .]?\d{2}")
    """Each of the five SSN patterns starts with three digits and two more, one separator
    at most between them."""


class QuickEmail(_Prefiltered, EmailRecognizer):
    NEEDS = re.compile("@")


class QuickDate(_Prefiltered, DateRecognizer):
    NEEDS = re.compile(r"\d")


class QuickUrl(_Prefiltered, UrlRecognizer):
    NEEDS = re.compile(r"(?i)[a-z0-9.\-]\.[a-z]")
    """Every URL pattern has a host name's character, a dot and a top-level domain's letter."""
