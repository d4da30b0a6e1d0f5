"""The run's report: the page (:mod:`~persona_batch.jobs.report.page`, the only module that
imports matplotlib and Jinja2), the persona gallery, the trends across nights and the number
formats they share.
"""

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:
    from persona_batch.jobs.report.page import render, render_index

__all__ = ["render", "render_index"]
__getattr__ = exports(__name__, {"page": ["render", "render_index"]})
