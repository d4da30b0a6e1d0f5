"""persona_batch: turn sensitive user research into personas on your own machines."""

__version__ = "0.1.0"
