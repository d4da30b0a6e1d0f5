"""Named points where the chaos suite kills the process, to prove a kill anywhere loses nothing.

``PERSONA_FAILPOINTS="publish=3"`` makes the process SIGKILL itself the 3rd time it reaches the
point ``publish`` (several points: ``"sink.write=2,request.judge=5"``). Unset, as in every real
run, :func:`reach` is one dictionary lookup. The points, in the order a run reaches them:

- ``sink.write``: a batch appended to an output's temporary Parquet file (anonymised rows,
  then personas);
- ``request.generate`` / ``request.refine`` / ``request.judge``: a reply journalled;
- ``score``: a batch of personas scored;
- ``report``: the report rendered, before the run's files are written;
- ``publish``: a finished temporary file about to be renamed into place (the anonymised file,
  the personas, ``manifest.json``, ``report.html``).

Read once, when first used; worker processes never reach a point.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

__all__ = ["ENV", "reach"]

ENV = "PERSONA_FAILPOINTS"
_schedule: dict[str, int] | None = None
_hits: Counter[str] = Counter()


def _parse(spec: str) -> dict[str, int]:
    schedule: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, _, count = part.partition("=")
        schedule[name.strip()] = int(count or 1)
    return schedule


def reach(name: str) -> None:
    """Count a pass through ``name``; SIGKILL this process on the scheduled pass."""
    global _schedule
    if _schedule is None:
        _schedule = _parse(os.environ.get(ENV, ""))
    if not _schedule or name not in _schedule:
        return
    _hits[name] += 1
    if _hits[name] == _schedule[name]:
        os.kill(os.getpid(), signal.SIGKILL)
