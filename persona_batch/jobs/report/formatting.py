"""Figures as people read them: times, durations and counts for the report and the index.

Standard library only: the pages use it, and so could a summary printed by the CLI.
"""

from __future__ import annotations

from datetime import UTC, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def when(iso: str | None) -> str:
    """An ISO timestamp as "1 Dec 2026, 21:51 UTC" (in UTC); "-" when there is none, and the
    text itself when it is no timestamp."""
    if not iso:
        return "-"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"


def day(iso_date: str) -> str:
    """A run's date ("2026-12-01") as "1 Dec 2026"; the text itself when it is no date."""
    try:
        parsed = datetime.strptime(iso_date, "%Y-%m-%d")
    except ValueError:
        return iso_date
    return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"


def duration(seconds: float | None) -> str:
    """Seconds as "0.4 s", "42 s", "3.5 min" or "2 h 05 min"; "-" when unknown."""
    if seconds is None or seconds < 0:
        return "-"
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    hours, rest = divmod(round(seconds / 60), 60)
    return f"{hours} h {rest:02d} min"


def count(value: float | None) -> str:
    """A count with thousands separators ("12,345"); "-" when unknown."""
    if value is None:
        return "-"
    return f"{round(value):,}"


def number(value: float | None, digits: int = 1) -> str:
    """A measure rounded to ``digits``, with separators ("1,234.5"); "-" when unknown."""
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def seconds_between(start: str | None, end: str | None) -> float | None:
    """Seconds from one ISO timestamp to another; ``None`` when either is missing or invalid."""
    try:
        return (
            datetime.fromisoformat(end or "") - datetime.fromisoformat(start or "")
        ).total_seconds()
    except (ValueError, TypeError):
        return None
