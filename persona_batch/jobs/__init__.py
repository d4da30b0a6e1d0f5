"""Whole runs: ``persona run`` (:mod:`~persona_batch.jobs.run`), its report
(:mod:`~persona_batch.jobs.report`) and ``persona export`` (:mod:`~persona_batch.jobs.export`).
"""

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:
    from persona_batch.jobs.export import export
    from persona_batch.jobs.run import RunResult, build_report, run_job

__all__ = ["RunResult", "build_report", "export", "run_job"]
__getattr__ = exports(
    __name__, {"run": ["RunResult", "build_report", "run_job"], "export": ["export"]}
)
