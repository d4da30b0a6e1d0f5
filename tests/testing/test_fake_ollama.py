"""Tests of the fake Ollama server, driven through the real official ``ollama`` client."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import random
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

import httpx
import ollama
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    TypeAdapter,
    ValidationError,
    create_model,
)

from persona_batch.testing.fake_ollama import (
    BUSY_MESSAGE,
    FAULT_DROP,
    FAULT_ERROR_500,
    FAULT_FAIL_503,
    FAULT_TIMEOUT,
    FAULT_TRUNCATE,
    FAULTS,
    FakeOllama,
    ModelSpec,
    SchemaError,
    count_tokens,
    generate_from_schema,
)

MODEL = "qwen2.5:7b"
USER = [{"role": "user", "content": "Describe a typical user of a banking app."}]


@pytest.fixture
def srv() -> Iterator[FakeOllama]:
    with FakeOllama(models=[MODEL, "llama3.2:3b"]) as server:
        yield server


@pytest.fixture
def client(srv: FakeOllama) -> Iterator[ollama.Client]:
    with ollama.Client(host=srv.url, timeout=5) as c:
        yield c


# --------------------------------------------------------------------------- structured output


class Mood(StrEnum):
    HAPPY = "happy"
    STRESSED = "stressed"


class Address(BaseModel):
    city: Annotated[str, Field(min_length=2, max_length=12)]
    postcode: Annotated[str, Field(pattern=r"^[A-Z]{2}\d{3}$")]


class Goal(BaseModel):
    title: Annotated[str, Field(max_length=5)]
    priority: Annotated[int, Field(ge=1, le=3)]
    steps: Annotated[list[str], Field(max_length=2)]


class Persona(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["persona"]
    name: Annotated[str, Field(min_length=2, max_length=20)]
    age: Annotated[int, Field(ge=18, le=90)]
    score: Annotated[float, Field(gt=0, lt=1)]
    role: Literal["designer", "engineer", "manager"]
    mood: Mood
    active: bool
    nickname: str | None = None
    address: Address | None = None
    tags: Annotated[list[Annotated[str, Field(max_length=8)]], Field(min_length=1, max_length=3)]
    goals: Annotated[list[Goal], Field(max_length=2)]
    matrix: list[list[int]]
    counts: dict[str, int]
    labels: set[str]
    pair: tuple[int, str]
    id: UUID
    born: date
    seen_at: datetime
    website: HttpUrl
    budget: Decimal
    team_size: Annotated[int, Field(multiple_of=5, ge=0, le=50)]
    nothing: None = None


def test_structured_chat_output_validates(client: ollama.Client, srv: FakeOllama) -> None:
    schema = Persona.model_json_schema()
    for seed in range(15):
        resp = client.chat(model=MODEL, messages=USER, format=schema, options={"seed": seed})
        persona = Persona.model_validate_json(resp.message.content or "")
        assert len(persona.name) <= 20
        assert 1 <= len(persona.tags) <= 3
        assert resp.done_reason == "stop"
    assert srv.errors == []


def test_structured_generate_streamed_validates(client: ollama.Client) -> None:
    schema = Persona.model_json_schema()
    parts = list(client.generate(model=MODEL, prompt="persona", format=schema, stream=True))
    Persona.model_validate_json("".join(p.response or "" for p in parts))
    assert parts[-1].done is True


def test_format_json_gives_an_object(client: ollama.Client) -> None:
    resp = client.generate(model=MODEL, prompt="hi", format="json")
    assert isinstance(json.loads(resp.response or ""), dict)


def test_generate_from_schema_keywords() -> None:
    schema: dict[str, Any] = {
        "definitions": {"Leaf": {"type": "string", "const": "leaf"}},
        "type": "object",
        "required": ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
        "additionalProperties": False,
        "properties": {
            "a": {"$ref": "#/definitions/Leaf"},
            "b": {"allOf": [{"type": "object", "properties": {"x": {"type": "integer"}}}]},
            "c": {"type": ["null", "integer"], "minimum": 3, "exclusiveMinimum": True},
            "d": {"type": "array", "items": [{"type": "boolean"}, {"type": "null"}]},
            "e": {"type": "number", "exclusiveMinimum": 1.5, "exclusiveMaximum": 1.6},
            "f": {"type": "number", "multipleOf": 0.25, "minimum": 1, "maximum": 2},
            "g": {"oneOf": [{"type": "null"}, {"type": "string", "format": "email"}]},
            "h": {"type": "object", "minProperties": 2},
            "i": {"enum": [1, "two", None]},
        },
    }
    value = generate_from_schema(schema, random.Random(3))
    assert value["a"] == "leaf"
    assert isinstance(value["c"], int) and value["c"] > 3
    assert isinstance(value["d"][0], bool) and value["d"][1] is None
    assert 1.5 < value["e"] < 1.6
    assert value["f"] in (1.0, 1.25, 1.5, 1.75, 2.0)
    assert value["g"].endswith("@example.com")
    assert len(value["h"]) >= 2
    assert value["i"] in (1, "two", None)
    assert generate_from_schema(schema, random.Random(3)) == value


def test_generate_from_schema_recursive_and_formats() -> None:
    class Node(BaseModel):
        name: Annotated[str, Field(max_length=4)]
        children: list[Node] = []
        parent: Node | None = None

    adapter = TypeAdapter(Node)
    for seed in range(10):
        value = generate_from_schema(adapter.json_schema(), random.Random(seed))
        adapter.validate_python(value)
    for fmt in ("date-time", "date", "time", "duration", "uri", "uuid", "ipv4", "ipv6", "hostname"):
        text = generate_from_schema({"type": "string", "format": fmt}, random.Random(1))
        assert isinstance(text, str) and text
    assert generate_from_schema({"type": "string", "maxLength": 0}, random.Random(1)) == ""
    long = generate_from_schema(
        {"type": "string", "minLength": 40, "maxLength": 41}, random.Random(1)
    )
    assert 40 <= len(long) <= 41 and not long.endswith(" ")
    assert len(generate_from_schema({"uniqueItems": True, "minItems": 5}, random.Random(2))) >= 5
    assert generate_from_schema(
        {"type": "string", "pattern": r"^(ab|cd)[^x]\w{2}$"}, random.Random(4)
    )


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer", "minimum": 5, "maximum": 1},
        {"$ref": "#/$defs/Missing"},
        {"type": "array", "minItems": 3, "maxItems": 1},
        {"enum": []},
        {"type": "string", "minLength": 3, "maxLength": 1},
        {"type": "wat"},
        {"type": "number", "exclusiveMinimum": 1, "exclusiveMaximum": 1},
        {"type": "integer", "multipleOf": 7, "minimum": 1, "maximum": 6},
        {"type": "array", "items": {"type": "boolean"}, "uniqueItems": True, "minItems": 3},
        {"properties": {"x": False}, "required": ["x"]},
    ],
)
def test_unsatisfiable_schemas_raise(schema: dict[str, Any]) -> None:
    with pytest.raises(SchemaError):
        generate_from_schema(schema, random.Random(0))


# a small strategy of pydantic field types, nested
_names = itertools.count()
_PATTERNS = [r"^[A-Z]{2}-\d{3}$", r"^(yes|no)$", r"^\w+@\w+\.com$"]


def _model(fields: list[tuple[Any, bool]]) -> Any:
    spec: dict[str, Any] = {}
    for i, (kind, required) in enumerate(fields):
        spec[f"f{i}"] = (kind, ...) if required else (kind | None, None)
    return create_model(f"Gen{next(_names)}", **spec)


_leaf = st.one_of(
    st.sampled_from([str, int, float, bool, Mood]),
    st.builds(
        lambda lo, extra: Annotated[str, Field(min_length=lo, max_length=lo + extra)],
        st.integers(0, 5),
        st.integers(0, 30),
    ),
    st.builds(
        lambda lo, span: Annotated[int, Field(ge=lo, le=lo + span)],
        st.integers(-1000, 1000),
        st.integers(0, 50),
    ),
    st.builds(
        lambda lo, span: Annotated[float, Field(gt=lo, lt=lo + span)],
        st.integers(-100, 100),
        st.integers(1, 10),
    ),
    st.lists(st.sampled_from("abcdef"), min_size=1, max_size=3, unique=True).map(
        lambda xs: Literal[tuple(xs)]
    ),
    st.sampled_from(_PATTERNS).map(lambda p: Annotated[str, Field(pattern=p)]),
)


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        children.map(lambda t: t | None),
        st.builds(
            lambda t, lo, extra: Annotated[
                list[t],  # type: ignore[valid-type]
                Field(min_length=lo, max_length=lo + extra),
            ],
            children,
            st.integers(0, 2),
            st.integers(0, 3),
        ),
        children.map(lambda t: dict[str, t]),  # type: ignore[valid-type]
        st.lists(st.tuples(children, st.booleans()), min_size=1, max_size=4).map(_model),
    )


_types = st.recursive(_leaf, _extend, max_leaves=8)


@settings(
    max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    fields=st.lists(st.tuples(_types, st.booleans()), min_size=1, max_size=5), seed=st.integers()
)
def test_generated_json_validates_for_random_models(
    fields: list[tuple[Any, bool]], seed: int
) -> None:
    model = _model(fields)
    schema = model.model_json_schema()
    value = generate_from_schema(schema, random.Random(seed))
    model.model_validate_json(json.dumps(value))
    assert generate_from_schema(schema, random.Random(seed)) == value


# --------------------------------------------------------------------------- plain endpoints


def test_root_version_and_head_via_httpx(srv: FakeOllama) -> None:
    with httpx.Client(base_url=srv.url, timeout=5) as http:
        assert http.get("/").text == "Ollama is running"
        assert http.get("/api/version").json() == {"version": "0.12.6"}
        assert http.head("/").status_code == 200
        assert http.get("/nope").status_code == 404
    assert [r.path for r in srv.requests] == ["/", "/api/version", "/", "/nope"]
    assert srv.requests[0].method == "GET" and srv.requests[0].body is None


def test_list_show_and_ps(client: ollama.Client) -> None:
    models = {m.model: m for m in client.list().models}
    assert set(models) == {MODEL, "llama3.2:3b"}
    details = models[MODEL].details
    assert details is not None and details.parameter_size == "7B"
    assert models[MODEL].digest == hashlib.sha256(MODEL.encode()).hexdigest()

    shown = client.show(MODEL)
    assert shown.capabilities == ["completion"]
    assert shown.modelinfo is not None
    assert shown.modelinfo["general.architecture"] == "qwen2"
    assert shown.modelinfo["qwen2.context_length"] == 32768

    assert client.ps().models == []
    client.chat(model=MODEL, messages=USER, options={"num_ctx": 8192})
    loaded = client.ps().models
    assert [m.model for m in loaded] == [MODEL]
    assert loaded[0].context_length == 8192 and loaded[0].expires_at is not None
    # Ollama's load/unload requests: no messages, keep_alive 0 unloads
    unload = client.chat(model=MODEL, messages=[], keep_alive=0)
    assert unload.done_reason == "unload"
    assert client.ps().models == []
    load = client.generate(model=MODEL, keep_alive=-1)
    assert load.done_reason == "load"
    assert client.ps().models[0].expires_at is not None


def test_model_names_and_specs() -> None:
    spec = ModelSpec.from_name("llama3.2")
    assert spec.name == "llama3.2:latest" and spec.family == "llama"
    custom = ModelSpec(name="tiny", family="gemma3", parameter_size="270M", context_length=2048)
    with FakeOllama(models=[custom, "mystery:1.5b"]) as srv:
        client = ollama.Client(host=srv.url, timeout=5)
        assert client.show("tiny").modelinfo == client.show("tiny:latest").modelinfo
        assert client.show("tiny").modelinfo["gemma3.context_length"] == 2048  # type: ignore[index]
        details = client.show("mystery:1.5b").details
        assert details is not None and details.parameter_size == "1.5B"


# --------------------------------------------------------------------------- generation


def test_chat_non_streamed(client: ollama.Client) -> None:
    resp = client.chat(model=MODEL, messages=USER)
    content = resp.message.content or ""
    assert resp.model == MODEL and resp.done is True and resp.done_reason == "stop"
    assert resp.message.role == "assistant" and content
    assert resp.prompt_eval_count == count_tokens(USER[0]["content"])
    assert resp.eval_count == count_tokens(content)
    assert resp.total_duration and resp.load_duration and resp.eval_duration
    assert resp.total_duration >= resp.load_duration + resp.eval_duration
    assert resp.created_at and resp.created_at.endswith("Z")


def test_chat_streamed_matches_non_streamed(client: ollama.Client) -> None:
    whole = client.chat(model=MODEL, messages=USER).message.content
    parts = list(client.chat(model=MODEL, messages=USER, stream=True))
    assert len(parts) > 2
    assert all(p.done is False for p in parts[:-1]) and parts[-1].done is True
    assert "".join(p.message.content or "" for p in parts) == whole
    assert parts[-1].eval_count == count_tokens(whole or "")


def test_generate_both_modes(client: ollama.Client) -> None:
    resp = client.generate(model="llama3.2:3b", prompt="Say hi", system="Be brief")
    assert resp.response and resp.done_reason == "stop"
    assert resp.prompt_eval_count == count_tokens("Be brief Say hi")
    parts = list(
        client.generate(model="llama3.2:3b", prompt="Say hi", system="Be brief", stream=True)
    )
    assert "".join(p.response or "" for p in parts) == resp.response


def test_raw_http_defaults_to_streaming(srv: FakeOllama) -> None:
    body = {"model": MODEL, "messages": USER}
    reply = httpx.post(f"{srv.url}/api/chat", json=body, timeout=5)
    assert reply.headers["content-type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in reply.text.splitlines()]
    assert len(lines) > 2 and lines[-1]["done"] is True and lines[0]["done"] is False


def test_determinism(srv: FakeOllama, client: ollama.Client) -> None:
    fmt = Persona.model_json_schema()

    def ask(c: ollama.Client, seed: int) -> str:
        return (
            c.chat(model=MODEL, messages=USER, format=fmt, options={"seed": seed}).message.content
            or ""
        )

    first = ask(client, 1)
    assert ask(client, 1) == first
    with FakeOllama(models=[MODEL]) as other:
        assert ask(ollama.Client(host=other.url, timeout=5), 1) == first
    assert any(ask(client, seed) != first for seed in range(2, 5))


def test_options_stop_and_num_predict(client: ollama.Client) -> None:
    full = client.generate(model=MODEL, prompt="p").response or ""
    short = client.generate(model=MODEL, prompt="p", options={"num_predict": 3})
    assert short.done_reason == "length" and short.eval_count == 3
    assert full.startswith(short.response or "-")
    word = full.split()[2]
    stopped = client.generate(model=MODEL, prompt="p", options={"stop": [word]})
    assert stopped.done_reason == "stop" and word not in (stopped.response or "")


def test_responder(srv: FakeOllama, client: ollama.Client) -> None:
    seen: list[dict[str, Any]] = []

    def responder(request: dict[str, Any]) -> str | None:
        seen.append(request)
        return None if request.get("prompt") == "default" else '{"custom": true}'

    srv.responder = responder
    assert client.chat(model=MODEL, messages=USER).message.content == '{"custom": true}'
    assert client.generate(model=MODEL, prompt="default").response != '{"custom": true}'
    assert seen[0]["messages"] == USER and seen[1]["prompt"] == "default"

    def broken(request: dict[str, Any]) -> str | None:
        raise RuntimeError("boom")

    srv.responder = broken
    with pytest.raises(ollama.ResponseError) as err:
        client.generate(model=MODEL, prompt="x")
    assert err.value.status_code == 500 and "boom" in err.value.error
    srv.errors.clear()


# --------------------------------------------------------------------------- errors


def test_unknown_model_is_404(client: ollama.Client) -> None:
    for call in (
        lambda: client.chat(model="nope:1b", messages=USER),
        lambda: client.generate(model="nope:1b", prompt="x", stream=True).__next__(),
        lambda: client.show("nope:1b"),
    ):
        with pytest.raises(ollama.ResponseError) as err:
            call()
        assert err.value.status_code == 404
        assert err.value.error == 'model "nope:1b" not found, try pulling it first'


def test_bad_requests_are_400(srv: FakeOllama, client: ollama.Client) -> None:
    with httpx.Client(base_url=srv.url, timeout=5) as http:
        bad = http.post(
            "/api/chat", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert bad.status_code == 400 and "invalid JSON" in bad.json()["error"]
        assert http.post("/api/generate").status_code == 400
        assert http.post("/api/generate", json={"prompt": "x"}).json() == {
            "error": "model is required"
        }
        assert http.post("/api/generate", json=[1, 2]).status_code == 400
        for body in (
            {"options": "fast"},
            {"stream": "yes"},
            {"keep_alive": "soon"},
            {"messages": "hello"},
        ):
            reply = http.post("/api/chat", json={"model": MODEL, **body})
            assert reply.status_code == 400, body
    with pytest.raises(ollama.ResponseError) as err:
        client.chat(
            model=MODEL, messages=USER, format={"type": "integer", "minimum": 9, "maximum": 1}
        )
    assert err.value.status_code == 400 and "invalid JSON schema" in err.value.error
    with httpx.Client(base_url=srv.url, timeout=5) as http:
        reply = http.post("/api/chat", json={"model": MODEL, "messages": USER, "format": "xml"})
        assert reply.status_code == 400 and "invalid format" in reply.json()["error"]


def test_fault_503_and_500(client: ollama.Client, srv: FakeOllama) -> None:
    srv.fault_schedule = {0: FAULT_FAIL_503, 1: FAULT_ERROR_500}
    with pytest.raises(ollama.ResponseError) as busy:
        client.chat(model=MODEL, messages=USER)
    assert busy.value.status_code == 503 and busy.value.error == BUSY_MESSAGE
    with pytest.raises(ollama.ResponseError) as crash:
        list(client.chat(model=MODEL, messages=USER, stream=True))
    assert crash.value.status_code == 500
    assert client.chat(model=MODEL, messages=USER).done is True
    assert [(r.fault, r.status) for r in srv.requests] == [
        (FAULT_FAIL_503, 503),
        (FAULT_ERROR_500, 500),
        (None, 200),
    ]


def test_drop_closes_connection_without_reply(client: ollama.Client, srv: FakeOllama) -> None:
    client.list()  # so the dropped request reuses a pooled keep-alive connection
    srv.fault_schedule = {0: FAULT_DROP}
    with pytest.raises((httpx.TransportError, ConnectionError)) as err:
        client.chat(model=MODEL, messages=USER)
    # the client wraps only httpx.ConnectError: a dropped reply surfaces as an httpx error
    assert isinstance(err.value, httpx.RemoteProtocolError)
    assert client.chat(model=MODEL, messages=USER).done is True
    dropped = srv.requests[1]
    assert dropped.fault == FAULT_DROP and dropped.status is None


def test_timeout_fault_and_slot_is_freed(srv: FakeOllama) -> None:
    srv.slots, srv.hang_seconds = 1, 5.0
    srv.fault_schedule = {0: FAULT_TIMEOUT}
    impatient = ollama.Client(host=srv.url, timeout=0.3)
    start = time.monotonic()
    with pytest.raises(httpx.TimeoutException):
        impatient.chat(model=MODEL, messages=USER)
    # the server notices the client left and frees the only slot at once
    assert impatient.chat(model=MODEL, messages=USER).done is True
    assert time.monotonic() - start < 2.0
    assert srv.requests[0].fault == FAULT_TIMEOUT


def test_truncate_fault(client: ollama.Client, srv: FakeOllama) -> None:
    srv.fault_schedule = {0: FAULT_TRUNCATE, 1: FAULT_TRUNCATE}
    fmt = Persona.model_json_schema()
    resp = client.chat(model=MODEL, messages=USER, format=fmt)
    assert resp.done_reason == "length"
    with pytest.raises(ValidationError):
        Persona.model_validate_json(resp.message.content or "")
    parts = list(client.chat(model=MODEL, messages=USER, format=fmt, stream=True))
    assert parts[-1].done_reason == "length"
    assert "".join(p.message.content or "" for p in parts) == resp.message.content
    full = client.chat(model=MODEL, messages=USER, format=fmt).message.content or ""
    assert full.startswith(resp.message.content or "-") and len(full) > len(
        resp.message.content or ""
    )


def test_fault_rates_are_seeded_and_match_planned(srv: FakeOllama, client: ollama.Client) -> None:
    srv.fail_503_rate, srv.truncate_rate, srv.error_500_rate, srv.seed = 0.2, 0.2, 0.1, 42
    planned = [srv.planned_fault(i) for i in range(30)]
    assert planned == [
        FakeOllama(seed=42, fail_503_rate=0.2, truncate_rate=0.2, error_500_rate=0.1).planned_fault(
            i
        )
        for i in range(30)
    ]
    for _ in range(30):
        with contextlib.suppress(ollama.ResponseError):
            client.generate(model=MODEL, prompt="x")
    assert [r.fault for r in srv.requests] == planned
    many = [FakeOllama(seed=7, drop_rate=0.3).planned_fault(i) for i in range(2000)]
    assert 0.25 < many.count(FAULT_DROP) / 2000 < 0.35


def test_invalid_settings() -> None:
    with pytest.raises(ValueError):
        FakeOllama(fail_503_rate=0.7, drop_rate=0.7)
    with pytest.raises(ValueError):
        FakeOllama(fault_schedule={0: "explode"})
    with pytest.raises(ValueError):
        FakeOllama(slots=0)
    assert set(FAULTS) == {"fail_503", "error_500", "timeout", "drop", "truncate"}
    with pytest.raises(RuntimeError):
        _ = FakeOllama().url


# --------------------------------------------------------------------------- load


def test_slots_limit_concurrency() -> None:
    with FakeOllama(models=[MODEL], slots=2, latency=0.2) as srv:

        def one(i: int) -> str:
            c = ollama.Client(host=srv.url, timeout=5)
            msgs = [{"role": "user", "content": f"request {i}"}]
            return c.chat(model=MODEL, messages=msgs).message.content or ""

        start = time.monotonic()
        with ThreadPoolExecutor(6) as pool:
            replies = list(pool.map(one, range(6)))
        elapsed = time.monotonic() - start
        assert all(replies)
        assert srv.max_in_flight == 2
        assert srv.total_generations == 6
        assert elapsed >= 0.55  # three waves of two


def test_queue_overflow_is_503() -> None:
    with FakeOllama(models=[MODEL], slots=1, max_queue=1, latency=1.0) as srv:
        start = threading.Barrier(4)

        def one(_: int) -> int:
            start.wait()  # all four at once, however busy the machine is
            try:
                ollama.Client(host=srv.url, timeout=5).generate(model=MODEL, prompt="x")
            except ollama.ResponseError as exc:
                assert exc.error == BUSY_MESSAGE
                return exc.status_code
            return 200

        with ThreadPoolExecutor(4) as pool:
            statuses = sorted(pool.map(one, range(4)))
        assert statuses == [200, 200, 503, 503]
        assert srv.max_in_flight == 1


def test_stop_releases_hanging_requests() -> None:
    srv = FakeOllama(models=[MODEL], slots=1, hang_seconds=30, fault_schedule={0: FAULT_TIMEOUT})
    srv.start()
    outcome: list[BaseException] = []

    def hang() -> None:
        try:
            ollama.Client(host=srv.url, timeout=10).chat(model=MODEL, messages=USER)
        except BaseException as exc:
            outcome.append(exc)

    workers = [threading.Thread(target=hang) for _ in range(2)]  # one hangs, one queues
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + 2
    while (srv.in_flight, srv.queued) != (1, 1) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (srv.in_flight, srv.queued) == (1, 1)
    start = time.monotonic()
    srv.stop()
    for worker in workers:
        worker.join(2)
        assert not worker.is_alive()
    assert time.monotonic() - start < 1.5
    assert len(outcome) == 2
    assert not srv.running
    srv.stop()  # idempotent


def test_records_and_reset(srv: FakeOllama, client: ollama.Client) -> None:
    client.list()
    client.generate(model=MODEL, prompt="one")
    client.chat(model=MODEL, messages=USER)
    records = srv.requests
    assert [(r.method, r.path, r.generation_index) for r in records] == [
        ("GET", "/api/tags", None),
        ("POST", "/api/generate", 0),
        ("POST", "/api/chat", 1),
    ]
    assert records[1].body is not None and records[1].body["prompt"] == "one"
    assert records[0].timestamp <= records[2].timestamp
    assert srv.generation_count == 2 and srv.total_generations == 2 and srv.queued == 0
    assert srv.loaded_models() == [MODEL]
    srv.reset()
    assert srv.requests == [] and srv.total_generations == 0 and srv.generation_count == 0
    assert srv.errors == []


# --------------------------------------------------------------------------- corner cases

_DEFS_A = {"type": "object", "properties": {"x": {"const": 1}}, "required": ["x"]}


@pytest.mark.parametrize(
    ("schema", "check"),
    [
        ({"$ref": "#/$defs/a~1b", "$defs": {"a/b": {"const": 1}}}, lambda v: v == 1),
        ({"$ref": "#/$defs/l/0", "$defs": {"l": [{"const": 5}]}}, lambda v: v == 5),
        ({"$ref": "#/$defs/t", "$defs": {"t": True}}, lambda v: isinstance(v, str)),
        (
            {
                "allOf": [
                    {"$ref": "#/$defs/A"},
                    {"properties": {"y": {"const": 2}}, "required": ["y"]},
                ],
                "$defs": {"A": _DEFS_A},
            },
            lambda v: v["x"] == 1 and v["y"] == 2,
        ),
        ({"prefixItems": [{"const": 1}], "items": False}, lambda v: v == [1]),
        (
            {
                "properties": {"a": {"const": 1}},
                "required": ["a", "b"],
                "maxProperties": 2,
                "additionalProperties": {"type": "integer"},
            },
            lambda v: v["a"] == 1 and isinstance(v["b"], int) and len(v) == 2,
        ),
        ({"additionalProperties": {"type": "integer"}, "maxProperties": 1}, lambda v: len(v) <= 1),
        ({"anyOf": [{"type": "null"}]}, lambda v: v is None),
        ({"oneOf": [True]}, lambda v: isinstance(v, str)),
        ({"type": ["null"]}, lambda v: v is None),
        ({"type": "null"}, lambda v: v is None),
        ({"type": "integer", "maximum": 10}, lambda v: -90 <= v <= 10),
        ({"type": "integer", "multipleOf": 0.5, "minimum": 1, "maximum": 1}, lambda v: v == 1),
        ({"type": "number", "maximum": -5, "exclusiveMaximum": True}, lambda v: -105 <= v < -5),
        ({"type": "number", "multipleOf": 3, "minimum": 1, "maximum": 7}, lambda v: v in (3, 6)),
        ({"minimum": 0.001, "maximum": 0.002}, lambda v: 0.001 <= v <= 0.002),
        ({"type": "number", "minimum": 2, "maximum": 2}, lambda v: v == 2),
        ({"type": "string", "pattern": r"^(?P<a>x)(?P=a)$"}, lambda v: v == "xx"),
        ({"type": "string", "pattern": r"^(?>ab)\.[^a-z]\D\S\W$"}, lambda v: len(v) == 7),
        ({"type": "string", "pattern": r"^[é-ë]$"}, lambda v: v == "é"),
        ({"type": "string", "pattern": r"^(a)?(?(1)b|c)$"}, lambda v: isinstance(v, str)),
        ({"type": "string", "format": "email", "maxLength": 3}, lambda v: len(v) <= 3),
        ({"type": "string", "format": "no-such-format"}, lambda v: isinstance(v, str)),
        ({"items": {"type": "integer"}}, lambda v: all(isinstance(i, int) for i in v)),
        ({"required": ["q"]}, lambda v: "q" in v),
    ],
)
def test_schema_corner_cases(schema: dict[str, Any], check: Any) -> None:
    assert check(generate_from_schema(schema, random.Random(5)))


@pytest.mark.parametrize(
    "schema",
    [
        {"$ref": "https://example.com/schema"},
        {"$ref": "#"},
        {"properties": [1]},
        {"anyOf": []},
        {"allOf": [1]},
        {"type": "object", "properties": {"x": 3}, "required": ["x"]},
        {"type": "integer", "multipleOf": 0.5, "minimum": 1.4, "maximum": 1.6},
        {"type": "number", "multipleOf": 0.3, "minimum": 0.1, "maximum": 0.2},
        {"type": "number", "multipleOf": 2, "minimum": 1, "maximum": 1.5},
    ],
)
def test_more_bad_schemas_raise(schema: dict[str, Any]) -> None:
    with pytest.raises(SchemaError):
        generate_from_schema(schema, random.Random(0))
    with pytest.raises(SchemaError):
        generate_from_schema("nope", random.Random(0))  # type: ignore[arg-type]


def test_keep_alive_forms_and_odd_requests(srv: FakeOllama) -> None:
    with httpx.Client(base_url=srv.url, timeout=5) as http:
        for keep_alive, ok in [
            ("1h30m", True),
            ("-1m", True),
            (1.5, True),
            ("500ms", True),
            ("10", True),
            (True, False),
            (["x"], False),
            ("5 parsecs", False),
        ]:
            reply = http.post("/api/generate", json={"model": MODEL, "keep_alive": keep_alive})
            assert (reply.status_code == 200) is ok, keep_alive
        # streamed (default) load-only reply is one NDJSON line
        assert (
            json.loads(http.post("/api/chat", json={"model": MODEL}).text)["done_reason"] == "load"
        )

        def chunks() -> Iterator[bytes]:
            yield b'{"model": "qwen2.5:7b", '
            yield b'"prompt": "hi", "stream": false}'

        chunked = http.post("/api/generate", content=chunks())
        assert chunked.status_code == 200 and chunked.json()["response"]
        assert http.request("DELETE", "/api/delete", content=b'{"model": "x"}').status_code == 404
        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as raw:
            raw.sendall(b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n{}")
            assert raw.recv(100).startswith(b"HTTP/1.1 400")
        assert http.post("/api/generate", json={"model": MODEL, "prompt": 3}).status_code == 400
        reply = http.post(
            "/api/generate",
            json={"model": MODEL, "prompt": "p", "stream": False, "options": {"stop": "."}},
        )
        assert "." not in reply.json()["response"]


def test_responder_must_return_text(srv: FakeOllama, client: ollama.Client) -> None:
    srv.responder = lambda request: 42  # type: ignore[assignment,return-value]
    with pytest.raises(ollama.ResponseError) as err:
        client.generate(model=MODEL, prompt="x")
    assert err.value.status_code == 500


def test_unknown_fault_set_at_run_time_is_a_500(srv: FakeOllama, client: ollama.Client) -> None:
    srv.fault_schedule[0] = "explode"
    with pytest.raises(ollama.ResponseError) as err:
        client.generate(model=MODEL, prompt="x")
    assert err.value.status_code == 500
    assert srv.errors and "explode" in srv.errors[0]
    srv.errors.clear()


def test_lifecycle_errors() -> None:
    with pytest.raises(ValueError):
        FakeOllama(latency=-1)
    assert ModelSpec(name="x:1", family="f", parameter_size="huge").parameter_count == 7_000_000_000
    with FakeOllama() as srv, pytest.raises(RuntimeError):
        srv.start()
    srv.start()  # a restart binds the same port again
    try:
        assert ollama.Client(host=srv.url, timeout=5).list().models
    finally:
        srv.stop()
