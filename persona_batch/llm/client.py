"""Talking to Ollama through the official ``ollama`` client: the only module that imports it.

- :func:`resolve_hosts`: the job's ``generate.hosts`` (which ``--host`` overrides), else
  ``OLLAMA_HOST``, else ``http://127.0.0.1:11434``.
- :func:`installed_models` and :func:`choose_model`: what the host has, and the best of it for
  the job, from a preference list (largest capable first).
- :class:`OllamaHost`: one host's async client with an explicit timeout (the client's default
  has none); :meth:`OllamaHost.chat_json` sends one structured-output chat and classifies every
  failure as transient (retry) or terminal (record), never quoting the prompt or the reply.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import ollama

from persona_batch.core.errors import (
    HostUnreachableError,
    ModelNotFoundError,
    OllamaUnavailableError,
    TerminalGenerationError,
    TransientGenerationError,
)

DEFAULT_HOST = "http://127.0.0.1:11434"
TRANSIENT_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def resolve_hosts(configured: Sequence[str] = ()) -> list[str]:
    """The ``configured`` hosts, else ``OLLAMA_HOST``, else :data:`DEFAULT_HOST`, normalised to
    ``http://host:port``; duplicates dropped."""
    raw = list(configured) or [os.environ.get("OLLAMA_HOST") or DEFAULT_HOST]
    hosts: list[str] = []
    for host in raw:
        url = host.strip().rstrip("/")
        if "://" not in url:
            url = f"http://{url}"
        if url.count(":") == 1:
            url = f"{url}:11434"
        if url not in hosts:
            hosts.append(url)
    return hosts


@dataclass(frozen=True)
class InstalledModel:
    """A model a host has pulled."""

    name: str
    digest: str
    size: int
    parameter_size: str
    host: str


def _unreachable(host: str) -> OllamaUnavailableError:
    return OllamaUnavailableError(
        f"cannot reach Ollama at {host}: start it with `ollama serve` (install it from "
        "ollama.com), or point persona_batch at a running server with --host URL or OLLAMA_HOST"
    )


def installed_models(host: str, timeout: float) -> list[InstalledModel]:
    """The models ``host`` has, via ``client.list()``."""
    client = ollama.Client(host=host, timeout=timeout)
    try:
        listing = client.list()
    except (ConnectionError, httpx.TransportError):
        raise _unreachable(host) from None
    except ollama.ResponseError as exc:
        raise OllamaUnavailableError(
            f"Ollama at {host} answered {exc.status_code} to a model listing; check the server's log"
        ) from None
    return [
        InstalledModel(
            name=str(m.model),
            digest=str(m.digest or ""),
            size=int(m.size or 0),
            parameter_size=str(m.details.parameter_size if m.details else "") or "",
            host=host,
        )
        for m in listing.models
        if m.model
    ]


def can_complete(host: str, model: str, timeout: float) -> bool:
    """Whether ``model`` generates text (an embedding model does not)."""
    try:
        shown = ollama.Client(host=host, timeout=timeout).show(model)
    except (ConnectionError, httpx.TransportError):
        raise _unreachable(host) from None
    except ollama.ResponseError:
        return False
    capabilities = list(shown.capabilities or [])
    return not capabilities or "completion" in capabilities


def _matches(preferred: str, installed: str) -> bool:
    if ":" in preferred:
        return installed == preferred
    return installed == preferred or installed.split(":", 1)[0] == preferred


def choose_model(
    installed: Sequence[InstalledModel],
    requested: str | None,
    preference: Sequence[str],
    host: str,
) -> tuple[InstalledModel, str]:
    """The model to use and why; a clear error when there is none."""
    names = ", ".join(sorted(m.name for m in installed)) or "none"
    if not installed:
        suggestion = requested or (preference[-1] if preference else "qwen2.5:7b")
        raise ModelNotFoundError(
            f"Ollama at {host} has no models installed; pull one first, e.g. "
            f"`ollama pull {suggestion}`, then run again"
        )
    if requested:
        for model in installed:
            if _matches(requested, model.name):
                return model, "requested"
        raise ModelNotFoundError(
            f"model '{requested}' is not installed at {host} (installed: {names}); run "
            f"`ollama pull {requested}` or choose one of those with --model"
        )
    for preferred in preference:
        for model in installed:
            if _matches(preferred, model.name):
                return model, f"best installed by preference ({preferred})"
    largest = max(installed, key=lambda m: (m.size, m.name))
    return largest, "largest installed (none of the preferred models is installed)"


@dataclass(frozen=True)
class ChatReply:
    """One successful structured reply and its figures."""

    content: str
    done_reason: str
    prompt_tokens: int
    completion_tokens: int
    eval_duration_ns: int


class OllamaHost:
    """One Ollama host: an async client with a timeout."""

    def __init__(self, url: str, timeout: float, **httpx_options: Any) -> None:
        self.url = url
        self._client = ollama.AsyncClient(host=url, timeout=timeout, **httpx_options)

    async def chat_json(
        self,
        model: str,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        options: dict[str, Any],
        keep_alive: str | float | None,
    ) -> ChatReply:
        """A non-streamed chat constrained to ``schema``; raises a GenerationError on failure."""
        try:
            reply = await self._client.chat(
                model=model,
                messages=messages,
                format=schema,
                options=options,
                keep_alive=keep_alive,
                stream=False,
            )
        except ollama.ResponseError as exc:
            if exc.status_code in TRANSIENT_STATUS:
                raise TransientGenerationError(f"Ollama answered {exc.status_code}") from None
            if exc.status_code == 404:
                raise TerminalGenerationError(f"model '{model}' not found at {self.url}") from None
            raise TerminalGenerationError(
                f"Ollama refused the request ({exc.status_code})"
            ) from None
        except httpx.TimeoutException:
            raise TransientGenerationError("the request timed out") from None
        except (ConnectionError, httpx.ConnectError):
            raise HostUnreachableError(f"cannot connect to {self.url}") from None
        except httpx.TransportError as exc:
            raise TransientGenerationError(f"connection failed ({type(exc).__name__})") from None
        return ChatReply(
            content=reply.message.content or "",
            done_reason=str(reply.done_reason or ""),
            prompt_tokens=int(reply.prompt_eval_count or 0),
            completion_tokens=int(reply.eval_count or 0),
            eval_duration_ns=int(reply.eval_duration or 0),
        )

    async def close(self) -> None:
        await self._client.close()  # type: ignore[no-untyped-call]
