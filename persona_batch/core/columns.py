"""Column names and prefixes the stages agree on."""

from __future__ import annotations

__all__ = ["AUDIT_PREFIX", "MISSING_GROUP", "ROW_COLUMN"]

AUDIT_PREFIX = "pii_"
"""The PII audit columns' prefix: never part of a prompt."""
ROW_COLUMN = "_row"
"""Each row's position in the input (from 0), set on frames that are not the whole input from
its first row: a sample, a later batch. Never a value of the input: ids that are values (an
``id_column``) are read from the anonymised frame."""
MISSING_GROUP = "(missing)"
