"""A deterministic fake Ollama HTTP server for tests and benchmarks.

The server speaks enough of Ollama's HTTP API for the official ``ollama`` Python client
(0.6.x) to parse every reply: ``GET /``, ``GET /api/version``, ``GET /api/tags``,
``POST /api/show``, ``GET /api/ps``, ``POST /api/chat`` and ``POST /api/generate`` (both
streamed as chunked NDJSON, the default when ``stream`` is absent, or not streamed).
It is a real HTTP/1.1 server (standard library only) on ``127.0.0.1`` in a background
thread, so it also exercises the client's connection pool, time-outs and retries::

    import ollama
    from persona_batch.testing.fake_ollama import FakeOllama

    with FakeOllama(models=["qwen2.5:7b", "llama3.2:3b"], slots=2, latency=0.05) as srv:
        client = ollama.Client(host=srv.url, timeout=5)
        reply = client.chat(
            model="qwen2.5:7b",
            messages=[{"role": "user", "content": "Describe a persona"}],
            format=Persona.model_json_schema(),
            options={"seed": 7},
        )
        Persona.model_validate_json(reply.message.content)  # always valid
        assert srv.max_in_flight <= 2

Replies are deterministic: the content depends only on the model, the prompt (chat
messages, or system + prompt) and ``options.seed``.  When ``format`` is a JSON schema the
content is JSON valid against the schema (see :func:`generate_from_schema` for the
keywords supported); ``format="json"`` gives a small JSON object; no format gives a plain
sentence.  ``options.stop`` and ``options.num_predict`` are honoured (the latter cuts the
reply and sets ``done_reason`` to ``"length"``).  A ``responder`` callable may supply the
content instead: it gets the request's JSON body and returns a string, or ``None`` for the
default behaviour.

Load and faults (constructor arguments, also plain attributes that may be changed while
the server runs):

* ``latency``: seconds each generation takes; ``slots``: generations served at once (like
  ``OLLAMA_NUM_PARALLEL``); more wait in a queue of ``max_queue`` (like
  ``OLLAMA_MAX_QUEUE``), beyond which the reply is 503 ``server busy``.
* ``fail_503_rate``, ``error_500_rate``, ``timeout_rate`` (hang ``hang_seconds`` before
  answering), ``drop_rate`` (close the connection with no response), ``truncate_rate``
  (half the content, ``done_reason="length"``).  Whether request *n* (0-based count of
  ``/api/chat`` and ``/api/generate`` requests) gets a fault depends only on ``seed`` and
  *n*; ``fault_schedule={n: "drop", ...}`` forces a fault (or ``None``) for request *n*.
  :meth:`FakeOllama.planned_fault` tells which fault request *n* will get.

Every request is recorded in :attr:`FakeOllama.requests`; :attr:`FakeOllama.max_in_flight`
and :attr:`FakeOllama.total_generations` count concurrency and completed generations.
:meth:`FakeOllama.stop` releases hanging or queued handlers at once, closes idle
keep-alive connections and joins the threads.
"""

from persona_batch.testing.fake_ollama.faults import (
    BUSY_MESSAGE,
    FAULT_DROP,
    FAULT_ERROR_500,
    FAULT_FAIL_503,
    FAULT_TIMEOUT,
    FAULT_TRUNCATE,
    FAULTS,
    RUNNER_ERROR_MESSAGE,
)
from persona_batch.testing.fake_ollama.models import ModelSpec
from persona_batch.testing.fake_ollama.records import RequestRecord
from persona_batch.testing.fake_ollama.schema_values import SchemaError, generate_from_schema
from persona_batch.testing.fake_ollama.server import FakeOllama, Responder
from persona_batch.testing.fake_ollama.text import count_tokens

__all__ = [
    "BUSY_MESSAGE",
    "FAULTS",
    "FAULT_DROP",
    "FAULT_ERROR_500",
    "FAULT_FAIL_503",
    "FAULT_TIMEOUT",
    "FAULT_TRUNCATE",
    "RUNNER_ERROR_MESSAGE",
    "FakeOllama",
    "ModelSpec",
    "RequestRecord",
    "Responder",
    "SchemaError",
    "count_tokens",
    "generate_from_schema",
]
