"""Every error persona_batch raises on purpose, in one hierarchy.

    PersonaBatchError                 anything we raise deliberately; the CLI prints it as one line
    ├── ConfigError                   a job file or flag is wrong (file, key, line)
    ├── InputError                    the input cannot be read as a table (file, column, row)
    │   ├── ColumnNotFoundError       a configured column is not in the input
    │   └── UnsupportedFormatError    an extension we cannot load
    ├── OutputError                   the output path cannot be written
    │   └── LockedError               another run holds the output folder
    ├── HashKeyError                  strategy "hash" without a key
    ├── ResidualPiiError              verification found PII left in the output
    │   └── GateError                 the independent gate found values in what was to leave
    ├── ModelError                    the NLP model is missing or broken
    └── OllamaError                   talking to Ollama went wrong, for the whole run
        ├── OllamaUnavailableError    nothing answers at the host(s)
        └── ModelNotFoundError        no such model there (or none at all)

    GenerationError                   one request failed; recorded in that row's gen_error
    ├── TransientGenerationError      503, 500, timeout, dropped connection, bad JSON: retried
    │   └── HostUnreachableError      connection refused: the host may be down
    └── TerminalGenerationError       400 and the like: retrying cannot help

    KeyboardInterrupt (built in)      Ctrl-C: exit 130
    └── Terminated                    SIGTERM (systemd's stop, a scheduler's timeout): exit 143

Each message says what happened and what to do. Messages never contain cell values: at most
a file name, a column name, a row number and an entity type, so raw PII cannot leak through an
error. Every class pickles (arguments are kept in ``args``), so an error raised inside a worker
process reaches the parent intact.
"""

from __future__ import annotations

from collections.abc import Iterable

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_RESIDUAL_PII = 3
EXIT_PARTIAL = 4
EXIT_SYNTHETIC_TARGETS = 5  # a synthetic set was written but missed a validation target
EXIT_LOCKED = 75  # EX_TEMPFAIL: a scheduler may retry later
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


class PersonaBatchError(Exception):
    """Base class: a deliberate, user-facing error with a one-line message."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(PersonaBatchError):
    """A job file, an override or a flag has a bad value."""

    exit_code = EXIT_USAGE


class InputError(PersonaBatchError):
    """The input cannot be loaded."""


class ColumnNotFoundError(InputError):
    """A column named in the configuration is not in the input."""

    @classmethod
    def naming(cls, what: str, columns: Iterable[str], fix: str) -> ColumnNotFoundError:
        """``<what> is not a column of the input (it has: a, b); <fix>``."""
        return cls(f"{what} is not a column of the input (it has: {', '.join(columns)}); {fix}")


class UnsupportedFormatError(InputError):
    """The input's extension is not one we can load."""


class OutputError(PersonaBatchError):
    """The output cannot be written where asked."""


class LockedError(OutputError):
    """Another run is writing to the same output folder."""

    exit_code = EXIT_LOCKED


class HashKeyError(PersonaBatchError):
    """The hash strategy was chosen but no key is available."""

    exit_code = EXIT_USAGE


class ResidualPiiError(PersonaBatchError):
    """Verification re-scanned the output and found PII that should have been removed."""

    exit_code = EXIT_RESIDUAL_PII


class GateError(ResidualPiiError):
    """The gate (the second line of defence) found values in a file, prompt, persona, synthetic
    record or report about to leave, and ``[gate] on_residual = "fail"``: nothing was published
    or sent. The message has one line per finding: where, and the family, never the value."""


class ModelError(PersonaBatchError):
    """The spaCy model cannot be loaded."""


class OllamaError(PersonaBatchError):
    """Ollama cannot serve this run at all."""


class OllamaUnavailableError(OllamaError):
    """Nothing answers at the configured host(s)."""


class ModelNotFoundError(OllamaError):
    """The requested model is not installed, or no model is."""

    exit_code = EXIT_USAGE


class GenerationError(Exception):
    """One request failed; the row keeps its place with this message in ``gen_error``.

    Messages describe the failure (status, timeout, validation), never the prompt or the reply.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class TransientGenerationError(GenerationError):
    """Worth retrying: the server was busy, slow, dropped us, or the reply was cut short."""


class HostUnreachableError(TransientGenerationError):
    """Nothing accepted the connection: counts towards marking the host down."""


class TerminalGenerationError(GenerationError):
    """Retrying cannot help: the request itself is wrong."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread by the handler of
    :func:`persona_batch.core.stopping.handle_signals` (the CLI runs every command in it) so that
    a stop unwinds like Ctrl-C: temporary files are removed, journals keep what finished, locks
    are released."""
