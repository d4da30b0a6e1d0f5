"""Test helpers for persona_batch (fake services, fixtures)."""
