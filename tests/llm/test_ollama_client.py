"""The official client against httpx.MockTransport: error classification and model choice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import httpx
import pytest

from persona_batch.core.errors import (
    HostUnreachableError,
    ModelNotFoundError,
    OllamaUnavailableError,
    TerminalGenerationError,
    TransientGenerationError,
)
from persona_batch.llm.client import (
    DEFAULT_HOST,
    InstalledModel,
    OllamaHost,
    choose_model,
    installed_models,
    resolve_hosts,
)

CHAT_OK = {
    "model": "m",
    "created_at": "2026-11-23T10:00:00Z",
    "message": {"role": "assistant", "content": '{"a": 1}'},
    "done": True,
    "done_reason": "stop",
    "total_duration": 10,
    "prompt_eval_count": 12,
    "eval_count": 7,
    "eval_duration": 5_000_000,
}


def _host(handler: Callable[[httpx.Request], httpx.Response]) -> OllamaHost:
    return OllamaHost(
        "http://ollama.test:11434", timeout=1.0, transport=httpx.MockTransport(handler)
    )


def _chat(host: OllamaHost) -> object:
    return asyncio.run(
        host.chat_json(
            "m", [{"role": "user", "content": "hi"}], {"type": "object"}, {"seed": 1}, "5m"
        )
    )


def test_a_reply_and_the_request_it_came_from() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json=CHAT_OK)

    reply = _chat(_host(handler))
    assert (
        reply.content == '{"a": 1}' and reply.prompt_tokens == 12 and reply.completion_tokens == 7
    )  # type: ignore[attr-defined]
    body = seen[0]
    assert body["format"] == {"type": "object"} and body["stream"] is False
    assert body["options"] == {"seed": 1} and body["keep_alive"] == "5m"


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (503, TransientGenerationError),
        (500, TransientGenerationError),
        (429, TransientGenerationError),
        (400, TerminalGenerationError),
        (404, TerminalGenerationError),
    ],
)
def test_status_codes_are_classified(status: int, kind: type[Exception]) -> None:
    host = _host(lambda r: httpx.Response(status, json={"error": "secret prompt text"}))
    with pytest.raises(kind) as info:
        _chat(host)
    assert "secret" not in str(info.value)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (httpx.ReadTimeout("slow"), TransientGenerationError),
        (httpx.ConnectError("refused"), HostUnreachableError),
        (httpx.RemoteProtocolError("dropped"), TransientGenerationError),
    ],
)
def test_transport_failures_are_transient(error: Exception, kind: type[Exception]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(kind):
        _chat(_host(handler))


def test_unreachable_host_says_what_to_do() -> None:
    with pytest.raises(OllamaUnavailableError) as info:
        installed_models("http://127.0.0.1:9", timeout=0.5)
    message = str(info.value)
    assert "http://127.0.0.1:9" in message and "ollama serve" in message and "--host" in message


def test_resolve_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    assert resolve_hosts() == [DEFAULT_HOST]
    monkeypatch.setenv("OLLAMA_HOST", "10.0.0.5")
    assert resolve_hosts() == ["http://10.0.0.5:11434"]
    assert resolve_hosts(["gpu1:11434"]) == ["http://gpu1:11434"]  # configured beats the env
    assert resolve_hosts(["http://a:1/", "http://a:1", "b"]) == ["http://a:1", "http://b:11434"]


def _model(name: str, size: int = 1) -> InstalledModel:
    return InstalledModel(name=name, digest=f"sha-{name}", size=size, parameter_size="", host="h")


def test_choose_model() -> None:
    installed = [
        _model("llama3.2:3b", 2),
        _model("qwen2.5:7b", 5),
        _model("mistral-small:latest", 9),
    ]
    preference = ("qwen2.5:72b", "mistral-small", "qwen2.5:7b")
    assert choose_model(installed, None, preference, "h")[0].name == "mistral-small:latest"
    assert choose_model(installed, "qwen2.5", preference, "h")[0].name == "qwen2.5:7b"
    model, reason = choose_model(installed, None, ("phi4",), "h")
    assert model.name == "mistral-small:latest" and reason.startswith("largest installed")
    with pytest.raises(ModelNotFoundError) as info:
        choose_model(installed, "gemma2:9b", preference, "h")
    assert "ollama pull gemma2:9b" in str(info.value) and "qwen2.5:7b" in str(info.value)
    with pytest.raises(ModelNotFoundError, match=r"no models installed.*ollama pull qwen2.5:7b"):
        choose_model([], None, preference, "h")
