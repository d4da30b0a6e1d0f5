"""The report's figures as people write them (persona_batch.jobs.report.formatting)."""

from __future__ import annotations

from persona_batch.jobs.report.formatting import count, day, duration, number, seconds_between, when


def test_times_durations_and_counts_read_as_people_write_them() -> None:
    assert when("2026-12-01T21:51:03.123456+00:00") == "1 Dec 2026, 21:51 UTC"
    assert when("2026-12-01T23:30:00+02:00") == "1 Dec 2026, 21:30 UTC"
    assert when("2026-12-01T08:05:00") == "1 Dec 2026, 08:05 UTC"
    assert (when(None), when("soon")) == ("-", "soon")
    assert (day("2026-12-01"), day("latest")) == ("1 Dec 2026", "latest")
    assert [duration(s) for s in (0.42, 42, 210, 7500, None, -1)] == [
        "0.4 s",
        "42 s",
        "3.5 min",
        "2 h 05 min",
        "-",
        "-",
    ]
    assert (count(1234567), count(None), number(1234.56), number(None)) == (
        "1,234,567",
        "-",
        "1,234.6",
        "-",
    )
    assert seconds_between("2026-12-01T21:51:00+00:00", "2026-12-01T21:52:30+00:00") == 90
    assert seconds_between(None, "2026-12-01T21:52:30+00:00") is None
