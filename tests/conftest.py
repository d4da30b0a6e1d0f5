"""Fixtures shared by every folder: one detector per test session. Fixtures only one folder uses
live in that folder's conftest.py (tests/privacy/, tests/quality/); the repository's paths are in
tests/paths.py."""

from __future__ import annotations

import pytest

from persona_batch.core.config import DetectSettings


@pytest.fixture(scope="session")
def detector():  # type: ignore[no-untyped-def]
    """The session's one detector (the real spaCy model); ``get_detector`` returns it again."""
    from persona_batch.privacy.detect import get_detector

    return get_detector(DetectSettings())
