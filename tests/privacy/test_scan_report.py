"""The privacy scan's JSON (``persona privacy scan --format json``) as the typed ScanReport:
the same keys, in the same order, as the command has always printed."""

from __future__ import annotations

import json

from persona_batch.privacy.scan import ScanColumn, ScanReport

EXPECTED = """{
  "rows_scanned": 12,
  "findings": [
    {
      "column": "email",
      "entity_type": "EMAIL_ADDRESS",
      "cells": 10,
      "count": 11,
      "examples": [
        "a***@***.com",
        "\\u00e9***@***.fr"
      ]
    },
    {
      "column": "notes",
      "entity_type": "PERSON",
      "cells": 2,
      "count": 3,
      "examples": []
    }
  ]
}"""


def test_the_report_dumps_as_the_command_prints_it() -> None:
    report = ScanReport.of(
        12,
        [
            ScanColumn("email", "EMAIL_ADDRESS", 10, 11, ["a***@***.com", "é***@***.fr"]),
            ScanColumn("notes", "PERSON", 2, 3, []),
        ],
    )
    assert json.dumps(report.model_dump(), indent=2) == EXPECTED
    assert [f.count for f in report.findings] == [11, 3]  # a column's findings, as "count"


def test_an_empty_scan() -> None:
    report = ScanReport.of(5, [])
    assert json.loads(json.dumps(report.model_dump())) == {"rows_scanned": 5, "findings": []}
