"""The privacy stage: plan the columns, detect (Presidio, spaCy and our recognisers), anonymise,
gate, verify; fanned out to joblib workers or a Dask cluster.

- :mod:`~persona_batch.privacy.stream`: the one verified anonymise stream every command uses;
- :mod:`~persona_batch.privacy.job`: ``persona privacy anonymise``;
- :mod:`~persona_batch.privacy.scan`: ``persona privacy scan``;
- :mod:`~persona_batch.privacy.gate` and :mod:`~persona_batch.privacy.guard`: the independent
  second line of defence on everything that leaves.

Presidio and spaCy are imported only here, inside the functions that build their engines.
"""

from typing import TYPE_CHECKING

from persona_batch.core.lazy import exports

if TYPE_CHECKING:
    from persona_batch.privacy.job import AnonymiseResult, collect_values, run_anonymise
    from persona_batch.privacy.scan import ScanColumn, ScanReport, run_scan
    from persona_batch.privacy.stream import VerifiedStream, load_anonymised

__all__ = [
    "AnonymiseResult",
    "ScanColumn",
    "ScanReport",
    "VerifiedStream",
    "collect_values",
    "load_anonymised",
    "run_anonymise",
    "run_scan",
]
__getattr__ = exports(
    __name__,
    {
        "job": ["AnonymiseResult", "collect_values", "run_anonymise"],
        "scan": ["ScanColumn", "ScanReport", "run_scan"],
        "stream": ["VerifiedStream", "load_anonymised"],
    },
)
