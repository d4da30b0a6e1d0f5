"""Ollama requests translated for llama.cpp: options, formats, and the job a request asks for."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from persona_batch.servers.devserver.model import ModelCard
from persona_batch.servers.wire import HTTPError

_ZERO_DURATION_RE: Final = re.compile(r"^\s*[+-]?0+(\.0*)?(ns|us|µs|ms|s|m|h)?\s*$")

# Ollama's defaults where llama.cpp's differ; sent with every generation unless overridden.
_OLLAMA_DEFAULTS: Final[Mapping[str, float | int]] = {
    "temperature": 0.8,
    "top_k": 40,
    "top_p": 0.9,
    "min_p": 0.0,
    "repeat_penalty": 1.1,
    "repeat_last_n": 64,
}
# Ollama option -> llama.cpp request field, for numeric options.
_FLOAT_OPTIONS: Final[Mapping[str, str]] = {
    "temperature": "temperature",
    "top_p": "top_p",
    "min_p": "min_p",
    "typical_p": "typical_p",
    "repeat_penalty": "repeat_penalty",
    "presence_penalty": "presence_penalty",
    "frequency_penalty": "frequency_penalty",
    "mirostat_tau": "mirostat_tau",
    "mirostat_eta": "mirostat_eta",
}
_INT_OPTIONS: Final[Mapping[str, str]] = {
    "top_k": "top_k",
    "repeat_last_n": "repeat_last_n",
    "mirostat": "mirostat",
    "num_keep": "n_keep",
    "num_predict": "n_predict",
    "seed": "seed",
    "num_ctx": "",  # accepted; the context is fixed at start-up
}


def _number(name: str, value: Any, kind: type[int] | type[float]) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise HTTPError(400, f'option "{name}" must be a number')
    if kind is int:
        if float(value) != int(value):
            raise HTTPError(400, f'option "{name}" must be an integer')
        return int(value)
    return float(value)


def sampling_request(options: Mapping[str, Any]) -> dict[str, Any]:
    """Ollama ``options`` as llama.cpp request fields, with Ollama's defaults filled in."""
    request: dict[str, Any] = dict(_OLLAMA_DEFAULTS)
    for name, value in options.items():
        if value is None:
            continue
        if name in _FLOAT_OPTIONS:
            request[_FLOAT_OPTIONS[name]] = _number(name, value, float)
        elif name in _INT_OPTIONS:
            number = int(_number(name, value, int))
            target = _INT_OPTIONS[name]
            if name == "seed" and number < 0:
                continue  # Ollama: a random seed
            if name == "num_predict" and number < 0:
                number = -1  # -1 (unlimited) and -2 (fill the context) alike
            if target:
                request[target] = number
        elif name == "stop":
            stops = [value] if isinstance(value, str) else value
            if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
                raise HTTPError(400, 'option "stop" must be a string or a list of strings')
            request["stop"] = [s for s in stops if s]
    return request


def format_request(fmt: Any) -> dict[str, Any]:
    """Ollama ``format`` as a llama.cpp constraint."""
    if fmt is None or fmt == "":
        return {}
    if fmt == "json":
        return {"json_schema": {"type": "object"}}
    if isinstance(fmt, dict):
        return {"json_schema": fmt}
    raise HTTPError(400, 'invalid format: expected "json" or a JSON schema')


def _is_zero_duration(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == 0
    return isinstance(value, str) and bool(_ZERO_DURATION_RE.match(value))


@dataclass
class Job:
    endpoint: Literal["chat", "generate"]
    model: str
    stream: bool
    kind: Literal["chat", "completion"] = "chat"
    request: dict[str, Any] = field(default_factory=dict)
    empty: bool = False
    unload: bool = False


def parse_job(
    body: Any, endpoint: Literal["chat", "generate"], card: ModelCard, cache_prompt: bool = True
) -> Job:
    if not isinstance(body, dict):
        raise HTTPError(400, "invalid request body: expected a JSON object")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise HTTPError(400, "model is required")
    if not card.answers_to(model):
        raise HTTPError(404, f'model "{model}" not found, try pulling it first')
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise HTTPError(400, "stream must be a boolean")
    options = {} if body.get("options") is None else body["options"]
    if not isinstance(options, dict):
        raise HTTPError(400, "options must be a JSON object")
    if body.get("think"):
        raise HTTPError(400, f'"{model}" does not support thinking')
    job = Job(
        endpoint, model, stream is not False, unload=_is_zero_duration(body.get("keep_alive"))
    )
    if endpoint == "chat":
        if body.get("tools"):
            raise HTTPError(400, f"{model} does not support tools")
        messages = body.get("messages") or []
        if not isinstance(messages, list):
            raise HTTPError(400, "messages must be an array")
        converted = []
        for message in messages:
            if not isinstance(message, dict) or not isinstance(message.get("role"), str):
                raise HTTPError(400, "each message needs a role")
            content = message.get("content") or ""
            if not isinstance(content, str):
                raise HTTPError(400, "message content must be a string")
            if message.get("images"):
                raise HTTPError(400, f"{model} does not support images")
            converted.append({"role": message["role"], "content": content})
        job.empty = not converted
        job.request = {"messages": converted}
    else:
        prompt, system = body.get("prompt") or "", body.get("system") or ""
        if not isinstance(prompt, str) or not isinstance(system, str):
            raise HTTPError(400, "prompt and system must be strings")
        if body.get("images"):
            raise HTTPError(400, f"{model} does not support images")
        if body.get("suffix"):
            raise HTTPError(400, f"{model} does not support insert")
        if body.get("template"):
            raise HTTPError(400, "the dev server cannot run custom templates; leave out template")
        job.empty = not prompt
        if body.get("raw"):
            job.kind, job.request = "completion", {"prompt": prompt}
        else:
            turns = [{"role": "system", "content": system}] if system else []
            job.request = {"messages": [*turns, {"role": "user", "content": prompt}]}
    job.request |= sampling_request(options) | format_request(body.get("format"))
    job.request["cache_prompt"] = cache_prompt
    return job
