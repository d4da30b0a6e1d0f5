"""What every stage shares: the typed job file, errors and exit codes, column names, the work
item, manifest models, file I/O, logs, progress, stopping and text helpers.

Core imports nothing above it. Import from its modules (``persona_batch.core.config``,
``persona_batch.core.io``, ...); the package re-exports the job file's entry points.
"""

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:
    from persona_batch.core.config import JobConfig, load_config, with_overrides
    from persona_batch.core.errors import PersonaBatchError

__all__ = ["JobConfig", "PersonaBatchError", "load_config", "with_overrides"]
__getattr__ = exports(
    __name__,
    {"config": ["JobConfig", "load_config", "with_overrides"], "errors": ["PersonaBatchError"]},
)
