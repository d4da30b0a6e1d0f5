"""The repository's paths, computed from this file's place: every test and helper imports them
from here, so a test module can move between folders without its paths changing."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
JOBS = ROOT / "jobs"
SAMPLE_CSV = DATA / "research_sample.csv"
