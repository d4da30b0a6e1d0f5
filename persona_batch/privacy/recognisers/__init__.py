"""Recognisers of our own, beside Presidio's: one module per kind of PII."""
