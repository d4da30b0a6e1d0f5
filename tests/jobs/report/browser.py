"""Debian's chromium for the browser tests: where it is, and what a test does without it."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """Chromium's path; outside CI a test without it is skipped, in CI it fails."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium: .ci/run runs `make setup-browser`")
        pytest.skip("no chromium here; `make setup-browser` installs Debian's")
    return CHROMIUM
