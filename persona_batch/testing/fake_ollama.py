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

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib
import json
import math
import random
import re
import socket
import string
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Final, Literal

from persona_batch.servers.wire import (
    OLLAMA_VERSION,
    HTTPError,
    LoopbackServer,
    OllamaHandler,
    iso,
    reply_base,
    reply_piece,
)

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

# --------------------------------------------------------------------------- constants

FAULT_FAIL_503: Final = "fail_503"
"""Reply 503 with Ollama's "server busy" error, as when its queue is full."""
FAULT_ERROR_500: Final = "error_500"
"""Reply 500 with a runner crash message."""
FAULT_TIMEOUT: Final = "timeout"
"""Hang ``hang_seconds`` (holding a slot) before answering normally."""
FAULT_DROP: Final = "drop"
"""Read the request, then close the connection without any response."""
FAULT_TRUNCATE: Final = "truncate"
"""Answer with the first half of the content and ``done_reason="length"``."""
FAULTS: Final[tuple[str, ...]] = (
    FAULT_FAIL_503,
    FAULT_ERROR_500,
    FAULT_TIMEOUT,
    FAULT_DROP,
    FAULT_TRUNCATE,
)

BUSY_MESSAGE: Final = "server busy, please try again.  maximum pending requests exceeded"
RUNNER_ERROR_MESSAGE: Final = "llama runner process has terminated: exit status 2"

Responder = Callable[[dict[str, Any]], str | None]
"""Gets a chat/generate request's JSON body; returns the reply content or ``None``."""

# Fake but deterministic timings, in nanoseconds.
_COLD_LOAD_NS: Final = 850_000_000
_WARM_LOAD_NS: Final = 12_000_000
_PROMPT_NS_PER_TOKEN: Final = 250_000
_EVAL_NS_PER_TOKEN: Final = 20_000_000
_DEFAULT_KEEP_ALIVE_S: Final = 300.0
_FOREVER: Final = datetime(2318, 1, 1, tzinfo=UTC)
_POLL_S: Final = 0.02

_WORDS: Final[tuple[str, ...]] = (
    "amber", "anchor", "atlas", "autumn", "beacon", "birch", "bright", "brook",
    "calm", "canvas", "cedar", "clear", "clever", "coral", "crisp", "curious",
    "dawn", "delta", "eager", "echo", "ember", "field", "fern", "focus",
    "gentle", "harbor", "honest", "island", "jade", "keen", "lively", "lumen",
    "maple", "meadow", "mellow", "modest", "nimble", "noble", "north", "oak",
    "orbit", "pepper", "pine", "prairie", "quiet", "rapid", "river", "sage",
    "signal", "silver", "steady", "stone", "summit", "swift", "timber", "tidy",
    "vivid", "warm", "willow", "wise", "yarrow", "zephyr", "urban", "open",
)  # fmt: skip

_TOKEN_RE: Final = re.compile(r"\w+|[^\w\s]")
_PIECE_RE: Final = re.compile(r"\s*\S+|\s+")
_DURATION_RE: Final = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_SIZE_RE: Final = re.compile(r"(\d+(?:\.\d+)?)([bm])\b", re.IGNORECASE)

# family, context length by model base name (the part before ":")
_KNOWN_FAMILIES: Final[dict[str, tuple[str, int]]] = {
    "qwen2.5": ("qwen2", 32768),
    "qwen2": ("qwen2", 32768),
    "qwen3": ("qwen3", 40960),
    "llama3": ("llama", 8192),
    "llama3.1": ("llama", 131072),
    "llama3.2": ("llama", 131072),
    "llama3.3": ("llama", 131072),
    "mistral": ("llama", 32768),
    "gemma2": ("gemma2", 8192),
    "gemma3": ("gemma3", 131072),
    "phi3": ("phi3", 131072),
    "phi4": ("phi3", 16384),
}


def count_tokens(text: str) -> int:
    """Rough token count: words and punctuation marks."""
    return len(_TOKEN_RE.findall(text))


def _normalize_name(name: str) -> str:
    """``llama3.2`` -> ``llama3.2:latest``, as Ollama does."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


# --------------------------------------------------------------------------- models


@dataclass(frozen=True)
class ModelSpec:
    """A model the fake server pretends to have pulled."""

    name: str
    family: str
    parameter_size: str = "7B"
    quantization_level: str = "Q4_K_M"
    context_length: int = 8192
    capabilities: tuple[str, ...] = ("completion",)
    format: str = "gguf"

    @classmethod
    def from_name(cls, name: str, **overrides: Any) -> ModelSpec:
        """Derive plausible details from a name such as ``qwen2.5:7b``."""
        full = _normalize_name(name)
        base, tag = full.rsplit(":", 1)
        short = base.rsplit("/", 1)[-1]
        letters = re.match(r"[a-z]+", short.lower())
        family, context = _KNOWN_FAMILIES.get(
            short.lower(), (letters.group(0) if letters else "llama", 8192)
        )
        size = _SIZE_RE.search(tag)
        parameter_size = f"{size.group(1)}{size.group(2).upper()}" if size else "7B"
        values: dict[str, Any] = {
            "name": full,
            "family": family,
            "parameter_size": parameter_size,
            "context_length": context,
        }
        values.update(overrides)
        return cls(**values)

    @property
    def digest(self) -> str:
        """Stable fake digest: sha256 of the name."""
        return hashlib.sha256(self.name.encode()).hexdigest()

    @property
    def parameter_count(self) -> int:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([BMK]?)", self.parameter_size.upper())
        if not match:
            return 7_000_000_000
        scale = {"B": 10**9, "M": 10**6, "K": 10**3, "": 1}[match.group(2)]
        return int(float(match.group(1)) * scale)

    @property
    def size(self) -> int:
        """Bytes on disk: about 0.6 byte per parameter, like a Q4_K_M GGUF."""
        return int(self.parameter_count * 0.6) + 1024

    @property
    def modified_at(self) -> str:
        offset = int(self.digest[:8], 16) % (300 * 86400)
        return iso(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=offset))

    def details(self) -> dict[str, Any]:
        return {
            "parent_model": "",
            "format": self.format,
            "family": self.family,
            "families": [self.family],
            "parameter_size": self.parameter_size,
            "quantization_level": self.quantization_level,
        }


# --------------------------------------------------------------------------- schemas


class SchemaError(ValueError):
    """The JSON schema cannot be satisfied or is malformed."""


_NULL_TYPES: Final = ("null", None)
_SOFT_DEPTH: Final = 6
_HARD_DEPTH: Final = 64

_try_parser: Any
try:  # the stdlib regex parser, used to build strings matching a "pattern"
    _try_parser = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - only on unusual Pythons
    _try_parser = None
_RE_PARSER: Final[Any] = _try_parser


def _is_null_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    return (
        schema.get("type") == "null"
        or ("const" in schema and schema["const"] is None)
        or schema.get("enum") == [None]
    )


class _SchemaGenerator:
    def __init__(self, root: Mapping[str, Any], rng: random.Random) -> None:
        self.root = root
        self.rng = rng

    # -- helpers

    def word(self) -> str:
        return self.rng.choice(_WORDS)

    def resolve(self, ref: Any) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise SchemaError(f"unsupported $ref {ref!r}")
        node: Any = self.root
        for raw in ref[1:].split("/"):
            if raw == "":
                continue
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise SchemaError(f"unresolvable $ref {ref!r}")
        return node

    @staticmethod
    def merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
        merged = dict(base)
        for key, value in extra.items():
            if key == "properties" and isinstance(merged.get(key), Mapping):
                merged[key] = {**merged[key], **value}
            elif key == "required" and isinstance(merged.get(key), list):
                merged[key] = [*merged[key], *[v for v in value if v not in merged[key]]]
            else:
                merged[key] = value
        return merged

    # -- dispatch

    def value(self, schema: Any, depth: int = 0) -> Any:
        if depth > _HARD_DEPTH:
            raise SchemaError("schema recursion too deep")
        if schema is True:
            return self.word()
        if schema is False:
            raise SchemaError("schema 'false' accepts nothing")
        if not isinstance(schema, Mapping):
            raise SchemaError(f"a schema must be an object, got {type(schema).__name__}")
        deep = depth >= _SOFT_DEPTH
        if "$ref" in schema:
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            target = self.resolve(schema["$ref"])
            if not isinstance(target, Mapping):
                return self.value(target, depth + 1)
            return self.value(self.merge(target, rest), depth + 1)
        if "allOf" in schema:
            merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
            for sub in schema["allOf"]:
                while isinstance(sub, Mapping) and "$ref" in sub:
                    rest = {k: v for k, v in sub.items() if k != "$ref"}
                    sub = self.merge(self.resolve(sub["$ref"]), rest)
                if not isinstance(sub, Mapping):
                    raise SchemaError("allOf items must be schemas")
                merged = self.merge(merged, sub)
            return self.value(merged, depth + 1)
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            choices = schema["enum"]
            if not isinstance(choices, list) or not choices:
                raise SchemaError("enum must be a non-empty array")
            return self.rng.choice(choices)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = schema[key]
                if not isinstance(options, list) or not options:
                    raise SchemaError(f"{key} must be a non-empty array")
                non_null = [o for o in options if not _is_null_schema(o)]
                if deep and len(non_null) < len(options):
                    return None
                pick = non_null[0] if non_null else options[0]
                if not isinstance(pick, Mapping):
                    return self.value(pick, depth + 1)
                rest = {k: v for k, v in schema.items() if k != key}
                return self.value(self.merge(rest, pick), depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list):
            non_null_kinds = [k for k in kind if k not in _NULL_TYPES]
            if not non_null_kinds or (deep and len(non_null_kinds) < len(kind)):
                return None
            kind = non_null_kinds[0]
        if kind is None:
            kind = self.infer_type(schema)
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            return self.array(schema, depth)
        if kind == "string":
            return self.string(schema)
        if kind == "integer":
            return self.integer(schema)
        if kind == "number":
            return self.number(schema)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "null":
            return None
        raise SchemaError(f"unknown type {kind!r}")

    @staticmethod
    def infer_type(schema: Mapping[str, Any]) -> str:
        keys = set(schema)
        if keys & {"properties", "additionalProperties", "required", "minProperties"}:
            return "object"
        if keys & {"items", "prefixItems", "minItems", "maxItems"}:
            return "array"
        if keys & {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}:
            return "number"
        return "string"

    # -- types

    def object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties") or {}
        required = list(schema.get("required") or [])
        if not isinstance(properties, Mapping):
            raise SchemaError("properties must be an object")
        min_props = int(schema.get("minProperties", 0))
        max_props = schema.get("maxProperties")
        deep = depth >= _SOFT_DEPTH
        out: dict[str, Any] = {}
        for name, sub in properties.items():
            wanted = name in required or (not deep and self.rng.random() < 0.8)
            if wanted and (name in required or max_props is None or len(out) < max_props):
                out[name] = self.value(sub, depth + 1)
        for name in required:
            if name not in out:
                extra = schema.get("additionalProperties", True)
                out[name] = self.value(extra if isinstance(extra, Mapping) else True, depth + 1)
        additional = schema.get("additionalProperties", True)
        if additional is False:
            return out
        extra_schema: Any = additional if isinstance(additional, Mapping) else True
        wanted_extra = min_props - len(out)
        if isinstance(additional, Mapping) and not properties and not deep:
            wanted_extra = max(wanted_extra, self.rng.randint(1, 2))
        if max_props is not None:
            wanted_extra = min(wanted_extra, int(max_props) - len(out))
        attempts = 0
        while wanted_extra > 0 and attempts < 200:
            attempts += 1
            key = self.word() if attempts < 50 else f"{self.word()}_{attempts}"
            if key in out or key in properties:
                continue
            out[key] = self.value(extra_schema, depth + 1)
            wanted_extra -= 1
        return out

    def array(self, schema: Mapping[str, Any], depth: int) -> list[Any]:
        prefix = schema.get("prefixItems")
        items = schema.get("items", True)
        if isinstance(items, list):  # draft 4-7 tuple form
            prefix, items = items, schema.get("additionalItems", True)
        prefix = list(prefix or [])
        min_items = int(schema.get("minItems", 0))
        max_items = schema.get("maxItems")
        upper = min_items + 3 if max_items is None else min(int(max_items), min_items + 3)
        if items is False:
            upper = min(upper, len(prefix))
        if upper < min_items:
            raise SchemaError("array bounds cannot be satisfied")
        count = min_items if depth >= _SOFT_DEPTH else self.rng.randint(min_items, upper)
        count = max(count, min(len(prefix), upper))
        unique = bool(schema.get("uniqueItems"))
        out: list[Any] = []
        seen: set[str] = set()
        attempts = 0
        while len(out) < count:
            attempts += 1
            if attempts > 20 * (count + 1):
                if len(out) >= min_items:
                    break
                raise SchemaError("cannot generate enough unique items")
            index = len(out)
            sub = prefix[index] if index < len(prefix) else items
            item = self.value(sub, depth + 1)
            if unique:
                key = json.dumps(item, sort_keys=True)
                if key in seen:
                    continue
                seen.add(key)
            out.append(item)
        return out

    def string(self, schema: Mapping[str, Any]) -> str:
        min_len = int(schema.get("minLength", 0))
        max_len_raw = schema.get("maxLength")
        max_len = None if max_len_raw is None else int(max_len_raw)
        if max_len is not None and max_len < min_len:
            raise SchemaError("maxLength is smaller than minLength")

        def fits(text: str) -> bool:
            return len(text) >= min_len and (max_len is None or len(text) <= max_len)

        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            for _ in range(30):
                candidate = self.from_pattern(pattern)
                if candidate is not None and fits(candidate):
                    return candidate
        fmt = schema.get("format")
        if isinstance(fmt, str):
            formatted = self.formatted(fmt)
            if formatted is not None and fits(formatted):
                return formatted
        text = " ".join(self.word() for _ in range(self.rng.randint(1, 3)))
        while len(text) < min_len:
            text += " " + self.word()
        if max_len is not None and len(text) > max_len:
            text = text[:max_len]
            if text.endswith(" "):
                text = text[:-1] + "s"
        return text

    def formatted(self, fmt: str) -> str | None:
        rng = self.rng
        moment = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 10**8))
        word = self.word()
        makers: dict[str, Callable[[], str]] = {
            "date-time": lambda: moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "date": lambda: moment.strftime("%Y-%m-%d"),
            "time": lambda: moment.strftime("%H:%M:%S"),
            "duration": lambda: f"PT{rng.randint(1, 59)}M",
            "email": lambda: f"{word}@example.com",
            "idn-email": lambda: f"{word}@example.com",
            "uri": lambda: f"https://example.com/{word}",
            "url": lambda: f"https://example.com/{word}",
            "iri": lambda: f"https://example.com/{word}",
            "uri-reference": lambda: f"https://example.com/{word}",
            "hostname": lambda: f"{word}.example.com",
            "idn-hostname": lambda: f"{word}.example.com",
            "uuid": lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "ipv4": lambda: f"192.0.2.{rng.randint(1, 254)}",
            "ipv6": lambda: f"2001:db8::{rng.randint(1, 9999)}",
            "ipvanyaddress": lambda: f"192.0.2.{rng.randint(1, 254)}",
            "ipvanyinterface": lambda: f"192.0.2.{rng.randint(1, 254)}/24",
            "ipvanynetwork": lambda: "192.0.2.0/24",
            "json-string": lambda: json.dumps({"value": word}),
            "path": lambda: f"/tmp/{word}",
        }
        maker = makers.get(fmt)
        return maker() if maker else None

    def from_pattern(self, pattern: str) -> str | None:
        """A string matching ``pattern`` (a Python-compatible regex), or None."""
        if _RE_PARSER is None:  # pragma: no cover
            return None
        try:
            compiled = re.compile(pattern)
            parsed = _RE_PARSER.parse(pattern)
            text = self.regex_nodes(list(parsed), {})
        except (re.error, SchemaError, ValueError, TypeError, IndexError):
            return None
        return text if compiled.search(text) else None

    def regex_nodes(self, nodes: Sequence[Any], groups: dict[int, str]) -> str:
        out: list[str] = []
        for op, arg in nodes:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name in ("NOT_LITERAL", "ANY", "IN", "CATEGORY"):
                items = {
                    "NOT_LITERAL": [("NEGATE", None), ("LITERAL", arg)],
                    "ANY": [("NEGATE", None), ("LITERAL", ord("\n"))],
                    "IN": arg,
                    "CATEGORY": [("CATEGORY", arg)],
                }[name]
                out.append(self.regex_char(items))
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, high, sub = arg
                high = min(high, low + 3)
                for _ in range(self.rng.randint(low, high)):
                    out.append(self.regex_nodes(list(sub), groups))
            elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                sub = arg[-1] if name == "SUBPATTERN" else arg
                text = self.regex_nodes(list(sub), groups)
                if name == "SUBPATTERN" and arg[0] is not None:
                    groups[arg[0]] = text
                out.append(text)
            elif name == "BRANCH":
                out.append(self.regex_nodes(list(self.rng.choice(arg[1])), groups))
            elif name == "GROUPREF":
                out.append(groups.get(arg, ""))
            elif name in ("AT", "ASSERT", "ASSERT_NOT"):
                continue
            else:
                raise SchemaError(f"unsupported regex construct {name}")
        return "".join(out)

    def regex_char(self, items: Sequence[Any]) -> str:
        negate = any(str(op) == "NEGATE" for op, _ in items)

        def member(ch: str) -> bool:
            for op, arg in items:
                name = str(op)
                if name == "LITERAL" and ch == chr(arg):
                    return True
                if name == "RANGE" and arg[0] <= ord(ch) <= arg[1]:
                    return True
                if name == "CATEGORY":
                    cat = str(arg)
                    hit = {
                        "CATEGORY_DIGIT": ch.isdigit(),
                        "CATEGORY_SPACE": ch.isspace(),
                        "CATEGORY_WORD": ch.isalnum() or ch == "_",
                    }
                    base = cat.replace("NOT_", "")
                    if base in hit and hit[base] != ("NOT_" in cat):
                        return True
            return False

        pool = string.ascii_lowercase + string.digits + string.ascii_uppercase + "-_ .,:/@"
        pool += "".join(chr(c) for c in range(32, 127))
        nice = [ch for ch in dict.fromkeys(pool) if member(ch) != negate]
        if nice:
            return self.rng.choice(nice[:40] if len(nice) > 40 else nice)
        for op, arg in items:  # non-ASCII literal or range
            if str(op) == "LITERAL" and not negate:
                return str(chr(arg))
            if str(op) == "RANGE" and not negate:
                return str(chr(arg[0]))
        raise SchemaError("cannot build a character for a regex class")

    def bounds(self, schema: Mapping[str, Any]) -> tuple[float | None, bool, float | None, bool]:
        low = schema.get("minimum")
        high = schema.get("maximum")
        low_excl = high_excl = False
        ex_min = schema.get("exclusiveMinimum")
        ex_max = schema.get("exclusiveMaximum")
        if isinstance(ex_min, bool):  # draft 4
            low_excl = ex_min and low is not None
        elif isinstance(ex_min, int | float) and (low is None or ex_min >= low):
            low, low_excl = ex_min, True
        if isinstance(ex_max, bool):
            high_excl = ex_max and high is not None
        elif isinstance(ex_max, int | float) and (high is None or ex_max <= high):
            high, high_excl = ex_max, True
        return low, low_excl, high, high_excl

    def integer(self, schema: Mapping[str, Any]) -> int:
        low, low_excl, high, high_excl = self.bounds(schema)
        lo = None if low is None else (math.floor(low) + 1 if low_excl else math.ceil(low))
        hi = None if high is None else (math.ceil(high) - 1 if high_excl else math.floor(high))
        if lo is None and hi is None:
            lo, hi = 0, 100
        elif lo is None:
            lo = hi - 100 if hi is not None else 0
        elif hi is None:
            hi = lo + 100
        assert lo is not None and hi is not None
        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0:
            first, last = math.ceil(lo / step), math.floor(hi / step)
            if first > last:
                raise SchemaError("no multiple of multipleOf within bounds")
            value = self.rng.randint(first, last) * step
            if float(value).is_integer():
                return int(value)
            raise SchemaError("integer multipleOf must be integral")
        if lo > hi:
            raise SchemaError("integer bounds cannot be satisfied")
        return self.rng.randint(lo, hi)

    def number(self, schema: Mapping[str, Any]) -> float | int:
        low, low_excl, high, high_excl = self.bounds(schema)
        lo = 0.0 if low is None else float(low)
        hi = lo + 100.0 if high is None else float(high)
        if low is None and high is not None:
            lo = hi - 100.0

        def ok(value: float) -> bool:
            above = value > lo if low_excl else value >= lo
            below = value < hi if high_excl else value <= hi
            return above and below

        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0:
            first, last = math.ceil(lo / step), math.floor(hi / step)
            for k in sorted(range(first, last + 1)[:50], key=lambda _: self.rng.random()):
                candidate = k * step
                if isinstance(step, int):
                    if ok(candidate):
                        return candidate
                    continue
                rounded = round(candidate, 10)
                if ok(rounded) and math.isclose(rounded / step, round(rounded / step)):
                    return rounded
            raise SchemaError("no multiple of multipleOf within bounds")
        for candidate in (round(self.rng.uniform(lo, hi), 2), (lo + hi) / 2):
            if ok(candidate):
                return candidate
        if ok(lo):
            return lo
        raise SchemaError("number bounds cannot be satisfied")


def generate_from_schema(schema: Mapping[str, Any], rng: random.Random) -> Any:
    """Build a JSON value valid against ``schema``, deterministically from ``rng``.

    Supported: ``type`` (also as a list), ``properties``/``required``/
    ``additionalProperties``/``minProperties``/``maxProperties``, ``items``/
    ``prefixItems``/``minItems``/``maxItems``/``uniqueItems``, ``minLength``/``maxLength``/
    ``pattern`` (via the stdlib regex parser) /``format`` (date-time, date, time, duration,
    email, uri, uuid, ipv4, ipv6, hostname, ...), ``minimum``/``maximum``/
    ``exclusiveMinimum``/``exclusiveMaximum``/``multipleOf``, ``enum``, ``const``,
    ``anyOf``/``oneOf`` (the first non-null choice), ``allOf`` (merged), ``$ref`` into
    ``$defs``/``definitions`` (any local JSON pointer), nesting and recursion (optional
    parts are dropped past a depth of 6).  Raises :class:`SchemaError` when the schema is
    malformed or cannot be satisfied.
    """
    if not isinstance(schema, Mapping):
        raise SchemaError("a schema must be an object")
    return _SchemaGenerator(schema, rng).value(schema)


def _plain_text(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 24))]
    if len(words) > 10:
        words[rng.randint(3, len(words) - 4)] += ","
    return " ".join(words).capitalize() + "."


def _parse_keep_alive(value: Any) -> float | None:
    """Seconds to keep the model loaded; None means forever.  Raises ValueError."""
    if value is None:
        return _DEFAULT_KEEP_ALIVE_S
    if isinstance(value, bool):
        raise ValueError("invalid keep_alive")
    if isinstance(value, int | float):
        return None if value < 0 else float(value)
    if not isinstance(value, str):
        raise ValueError("invalid keep_alive")
    text = value.strip()
    with contextlib.suppress(ValueError):
        return _parse_keep_alive(float(text))
    negative = text.startswith("-")
    body = text.lstrip("+-")
    parts = _DURATION_RE.findall(body)
    if not parts or "".join(n + u for n, u in parts) != body:
        raise ValueError(f'time: invalid duration "{value}"')
    unit = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    seconds = sum(float(n) * unit[u] for n, u in parts)
    return None if negative else seconds


# --------------------------------------------------------------------------- records


@dataclass
class RequestRecord:
    """One HTTP request seen by the server."""

    index: int
    """Arrival order among all requests."""
    method: str
    path: str
    body: Any
    """The parsed JSON body, or None (no body or not JSON)."""
    timestamp: float
    """``time.time()`` at arrival."""
    generation_index: int | None = None
    """0-based index among /api/chat and /api/generate requests (the fault index)."""
    fault: str | None = None
    """The injected fault actually applied, if any."""
    status: int | None = None
    """The HTTP status sent; None while pending or when no response was sent."""


class _AbortError(Exception):
    """The client went away or the server is stopping: close without a response."""


# --------------------------------------------------------------------------- server


class FakeOllama:
    """A fake Ollama server; see the module docstring for usage.

    Attributes that may be changed at run time: ``latency``, ``slots``, ``max_queue``,
    ``hang_seconds``, ``seed``, the ``*_rate`` fault rates, ``fault_schedule``,
    ``responder``, ``models`` (a dict name -> :class:`ModelSpec`) and ``version``.
    """

    def __init__(
        self,
        models: Iterable[str | ModelSpec] = ("qwen2.5:7b", "llama3.2:3b"),
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        slots: int = 4,
        max_queue: int = 512,
        seed: int = 0,
        fail_503_rate: float = 0.0,
        error_500_rate: float = 0.0,
        timeout_rate: float = 0.0,
        drop_rate: float = 0.0,
        truncate_rate: float = 0.0,
        hang_seconds: float = 10.0,
        fault_schedule: Mapping[int, str | None] | None = None,
        responder: Responder | None = None,
        version: str = OLLAMA_VERSION,
    ) -> None:
        self.models: dict[str, ModelSpec] = {}
        for model in models:
            spec = ModelSpec.from_name(model) if isinstance(model, str) else model
            spec = dataclasses.replace(spec, name=_normalize_name(spec.name))
            self.models[spec.name] = spec
        self.host = host
        self.port = port
        self.latency = latency
        self.slots = slots
        self.max_queue = max_queue
        self.seed = seed
        self.fail_503_rate = fail_503_rate
        self.error_500_rate = error_500_rate
        self.timeout_rate = timeout_rate
        self.drop_rate = drop_rate
        self.truncate_rate = truncate_rate
        self.hang_seconds = hang_seconds
        self.fault_schedule: dict[int, str | None] = dict(fault_schedule or {})
        self.responder = responder
        self.version = version
        self._check_settings()

        self.max_in_flight = 0
        """Most generations observed running at once."""
        self.total_generations = 0
        """Generations completed (counted as their reply starts; truncated ones too)."""
        self.errors: list[str] = []
        """Tracebacks of unexpected exceptions in handlers (should stay empty)."""

        self._lock = threading.Lock()
        self._slot_cond = threading.Condition(self._lock)
        self._in_flight = 0
        self._waiting = 0
        self._records: list[RequestRecord] = []
        self._generation_counter = 0
        self._loaded: dict[str, tuple[datetime, int]] = {}
        self._connections: dict[threading.Thread, socket.socket] = {}
        self._stop_event = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- settings

    def _check_settings(self) -> None:
        rates = (
            self.fail_503_rate,
            self.error_500_rate,
            self.timeout_rate,
            self.drop_rate,
            self.truncate_rate,
        )
        if any(not 0.0 <= rate <= 1.0 for rate in rates) or sum(rates) > 1.0 + 1e-9:
            raise ValueError("fault rates must be in [0, 1] and sum to at most 1")
        if self.slots < 1:
            raise ValueError("slots must be >= 1")
        if self.max_queue < 0 or self.latency < 0 or self.hang_seconds < 0:
            raise ValueError("max_queue, latency and hang_seconds must be >= 0")
        unknown = {f for f in self.fault_schedule.values() if f is not None and f not in FAULTS}
        if unknown:
            raise ValueError(f"unknown fault names {sorted(unknown)}; known: {FAULTS}")

    def planned_fault(self, index: int) -> str | None:
        """The fault generation request ``index`` gets (schedule first, then the rates)."""
        if index in self.fault_schedule:
            fault = self.fault_schedule[index]
            if fault is not None and fault not in FAULTS:
                raise ValueError(f"unknown fault name {fault!r}")
            return fault
        draw = random.Random(f"{self.seed}:{index}").random()
        threshold = 0.0
        for fault, rate in (
            (FAULT_FAIL_503, self.fail_503_rate),
            (FAULT_ERROR_500, self.error_500_rate),
            (FAULT_TIMEOUT, self.timeout_rate),
            (FAULT_DROP, self.drop_rate),
            (FAULT_TRUNCATE, self.truncate_rate),
        ):
            threshold += rate
            if draw < threshold:
                return fault
        return None

    # -- life cycle

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` once started."""
        if self._server is None:
            raise RuntimeError("FakeOllama is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> FakeOllama:
        """Bind and serve in a daemon thread; returns self.

        ``port=0`` picks a free port; after :meth:`stop`, ``start()`` binds the same port
        again (a restarted Ollama).
        """
        if self._server is not None:
            raise RuntimeError("FakeOllama is already running")
        self._stop_event.clear()
        server = _Server((self.host, self.port), self)
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-ollama-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving: release waiting handlers, close connections, join threads."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stop_event.set()
        with self._slot_cond:
            self._slot_cond.notify_all()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections.items())
        for _, conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        if thread is not None:
            thread.join(max(0.0, deadline - time.monotonic()))
        for handler_thread, _ in connections:
            handler_thread.join(max(0.0, deadline - time.monotonic()))
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeOllama:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- observations

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of every request recorded so far, in arrival order."""
        with self._lock:
            return list(self._records)

    @property
    def in_flight(self) -> int:
        """Generations running now."""
        with self._lock:
            return self._in_flight

    @property
    def queued(self) -> int:
        """Generations waiting for a slot now."""
        with self._lock:
            return self._waiting

    @property
    def generation_count(self) -> int:
        """How many /api/chat + /api/generate requests arrived (the next fault index)."""
        with self._lock:
            return self._generation_counter

    def loaded_models(self) -> list[str]:
        """Models /api/ps reports as loaded."""
        return [entry["name"] for entry in self._ps_entries()]

    def reset(self) -> None:
        """Forget records, counters, loaded models; restart the fault index at 0."""
        with self._lock:
            self._records.clear()
            self._generation_counter = 0
            self._loaded.clear()
            self.max_in_flight = 0
            self.total_generations = 0
            self.errors.clear()

    # -- internals used by the handler

    def _record(self, method: str, path: str, body: Any, generation: bool) -> RequestRecord:
        with self._lock:
            record = RequestRecord(
                index=len(self._records),
                method=method,
                path=path,
                body=body,
                timestamp=time.time(),
            )
            if generation:
                record.generation_index = self._generation_counter
                self._generation_counter += 1
            self._records.append(record)
        return record

    def _acquire_slot(self, client_gone: Callable[[], bool]) -> bool:
        """Wait for a slot.  False when the queue is full; raises _AbortError on stop."""
        with self._slot_cond:
            if self._in_flight + self._waiting >= self.slots + self.max_queue:
                return False
            self._waiting += 1
            try:
                while self._in_flight >= self.slots:
                    if self._stop_event.is_set() or client_gone():
                        raise _AbortError
                    self._slot_cond.wait(_POLL_S)
                if self._stop_event.is_set():
                    raise _AbortError
            finally:
                self._waiting -= 1
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            return True

    def _release_slot(self) -> None:
        with self._slot_cond:
            self._in_flight -= 1
            self._slot_cond.notify_all()

    def _touch_model(self, name: str, keep_alive: float | None, context: int) -> bool:
        """Mark a model used; return True if it was already loaded (warm)."""
        now = datetime.now(UTC)
        with self._lock:
            entry = self._loaded.get(name)
            warm = entry is not None and entry[0] > now
            if keep_alive == 0:
                self._loaded.pop(name, None)
            else:
                expires = _FOREVER if keep_alive is None else now + timedelta(seconds=keep_alive)
                self._loaded[name] = (expires, context)
        return warm

    def _ps_entries(self) -> list[dict[str, Any]]:
        now = datetime.now(UTC)
        with self._lock:
            loaded = [(n, e) for n, e in self._loaded.items() if e[0] > now]
        entries = []
        for name, (expires, context) in loaded:
            spec = self.models.get(name)
            if spec is None:
                continue
            entries.append(
                {
                    "name": name,
                    "model": name,
                    "size": spec.size,
                    "digest": spec.digest,
                    "details": spec.details(),
                    "expires_at": iso(expires),
                    "size_vram": spec.size,
                    "context_length": context,
                }
            )
        return entries

    def _record_error(self, text: str) -> None:
        with self._lock:
            self.errors.append(text)


class _Server(LoopbackServer):
    request_queue_size = 1024
    quiet = (ConnectionError, TimeoutError, _AbortError)

    def __init__(self, address: tuple[str, int], fake: FakeOllama) -> None:
        self.fake = fake
        super().__init__(address, _Handler)

    def report_error(self, request: Any, client_address: Any) -> None:
        self.fake._record_error(traceback.format_exc())


@dataclass
class _Generation:
    endpoint: Literal["chat", "generate"]
    body: dict[str, Any]
    spec: ModelSpec
    stream: bool
    prompt_text: str
    default_content: str
    options: dict[str, Any]
    keep_alive: float | None


class _Handler(OllamaHandler):
    server_version = "FakeOllama/1.0"

    @property
    def fake(self) -> FakeOllama:
        server = self.server
        assert isinstance(server, _Server)
        return server.fake

    def _opened(self) -> None:
        with self.fake._lock:
            self.fake._connections[threading.current_thread()] = self.connection

    def _closed(self) -> None:
        with self.fake._lock:
            self.fake._connections.pop(threading.current_thread(), None)

    # -- plumbing

    def _send_json(self, record: RequestRecord, status: int, obj: Any) -> None:
        payload = json.dumps(obj).encode()
        record.status = status
        self._send_bytes(status, payload, "application/json; charset=utf-8")

    def _send_text(self, record: RequestRecord, status: int, text: str) -> None:
        record.status = status
        self._send_bytes(status, text.encode(), "text/plain; charset=utf-8")

    def _wait(self, seconds: float) -> None:
        """Sleep, but raise _AbortError as soon as the server stops or the client leaves."""
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            if self.fake._stop_event.wait(min(remaining, _POLL_S)) or self._client_gone():
                raise _AbortError

    def _begin(self, generation: bool = False) -> tuple[RequestRecord, bytes, Any, str | None]:
        path = self.path.split("?", 1)[0]
        body: Any = None
        error: str | None = None
        try:
            raw = self._read_body() if self.command in ("POST", "PUT", "DELETE") else b""
        except ValueError:
            raw, error = b"", "invalid request body framing"
            self.close_connection = True
        if error is not None:
            pass
        elif raw.strip():
            try:
                body = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                error = f"invalid JSON body: {exc}"
        elif self.command == "POST":
            error = "missing request body"
        record = self.fake._record(self.command, path, body, generation)
        return record, raw, body, error

    def _dispatch(
        self, routes: Mapping[str, Callable[[RequestRecord, Any, str | None], None]]
    ) -> None:
        path = self.path.split("?", 1)[0]
        route = routes.get(path)
        record, _, body, error = self._begin(generation=path in ("/api/chat", "/api/generate"))
        try:
            if route is None:
                self._send_text(record, 404, "404 page not found")
                return
            route(record, body, error)
        except HTTPError as exc:
            self._send_json(record, exc.status, {"error": exc.message})
        except _AbortError:
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            self.fake._record_error(traceback.format_exc())
            self.close_connection = True
            if record.status is None:
                with contextlib.suppress(OSError):
                    self._send_json(record, 500, {"error": "internal error in FakeOllama"})

    # -- HTTP verbs

    def do_GET(self) -> None:
        self._dispatch(
            {
                "/": self._root,
                "/api/version": self._version,
                "/api/tags": self._tags,
                "/api/ps": self._ps,
            }
        )

    def do_HEAD(self) -> None:
        self._dispatch({"/": self._root, "/api/version": self._version})

    def do_POST(self) -> None:
        self._dispatch(
            {
                "/api/show": self._show,
                "/api/chat": self._chat,
                "/api/generate": self._generate,
            }
        )

    def do_DELETE(self) -> None:
        self._dispatch({})

    # -- simple endpoints

    def _root(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._send_text(record, 200, "Ollama is running")

    def _version(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._send_json(record, 200, {"version": self.fake.version})

    def _tags(self, record: RequestRecord, body: Any, error: str | None) -> None:
        models = [
            {
                "name": spec.name,
                "model": spec.name,
                "modified_at": spec.modified_at,
                "size": spec.size,
                "digest": spec.digest,
                "details": spec.details(),
            }
            for spec in list(self.fake.models.values())
        ]
        self._send_json(record, 200, {"models": models})

    def _ps(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._send_json(record, 200, {"models": self.fake._ps_entries()})

    def _find_model(self, body: Any, error: str | None) -> ModelSpec:
        if error is not None:
            raise HTTPError(400, error)
        if not isinstance(body, dict):
            raise HTTPError(400, "invalid request body: expected a JSON object")
        name = body.get("model") or body.get("name")
        if not isinstance(name, str) or not name:
            raise HTTPError(400, "model is required")
        spec = self.fake.models.get(_normalize_name(name))
        if spec is None:
            raise HTTPError(404, f'model "{name}" not found, try pulling it first')
        return spec

    def _show(self, record: RequestRecord, body: Any, error: str | None) -> None:
        spec = self._find_model(body, error)
        arch = spec.family
        self._send_json(
            record,
            200,
            {
                "license": "",
                "modelfile": (
                    '# Modelfile generated by "ollama show"\n'
                    f"FROM /root/.ollama/models/blobs/sha256-{spec.digest}\n"
                    'TEMPLATE "{{ .Prompt }}"\n'
                ),
                "parameters": "temperature 0.7\ntop_p 0.8",
                "template": "{{ .Prompt }}",
                "details": spec.details(),
                "model_info": {
                    "general.architecture": arch,
                    "general.basename": spec.name.split(":", 1)[0],
                    "general.parameter_count": spec.parameter_count,
                    "general.quantization_version": 2,
                    f"{arch}.context_length": spec.context_length,
                    f"{arch}.embedding_length": 4096,
                    f"{arch}.block_count": 32,
                },
                "capabilities": list(spec.capabilities),
                "modified_at": spec.modified_at,
            },
        )

    # -- generation

    def _chat(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._generation(record, body, error, "chat")

    def _generate(self, record: RequestRecord, body: Any, error: str | None) -> None:
        self._generation(record, body, error, "generate")

    def _generation(
        self,
        record: RequestRecord,
        body: Any,
        error: str | None,
        endpoint: Literal["chat", "generate"],
    ) -> None:
        fake = self.fake
        assert record.generation_index is not None
        fault = fake.planned_fault(record.generation_index)
        if fault == FAULT_DROP:
            record.fault = fault
            self.close_connection = True
            return
        if fault == FAULT_FAIL_503:
            record.fault = fault
            raise HTTPError(503, BUSY_MESSAGE)
        if fault == FAULT_ERROR_500:
            record.fault = fault
            raise HTTPError(500, RUNNER_ERROR_MESSAGE)

        job = self._prepare(body, error, endpoint)
        if not self._has_input(job):
            self._load_only(record, job)
            return
        if not fake._acquire_slot(self._client_gone):
            raise HTTPError(503, BUSY_MESSAGE)
        started = time.monotonic()
        try:
            if fault == FAULT_TIMEOUT:
                record.fault = fault
                self._wait(fake.hang_seconds)
            if fake.latency > 0:
                self._wait(fake.latency)
            content = self._content(job)
            done_reason = "stop"
            if fault == FAULT_TRUNCATE:
                record.fault = fault
                content, done_reason = content[: len(content) // 2], "length"
            else:
                content, done_reason = self._apply_limits(content, job.options)
            with fake._lock:  # counted before the reply goes out, so clients see it
                fake.total_generations += 1
            self._reply(record, job, content, done_reason, started)
        finally:
            fake._release_slot()

    @staticmethod
    def _has_input(job: _Generation) -> bool:
        if job.endpoint == "chat":
            return bool(job.body.get("messages"))
        return job.body.get("prompt") is not None and job.body.get("prompt") != ""

    def _prepare(
        self, body: Any, error: str | None, endpoint: Literal["chat", "generate"]
    ) -> _Generation:
        spec = self._find_model(body, error)
        assert isinstance(body, dict)
        options = body.get("options") or {}
        if not isinstance(options, dict):
            raise HTTPError(400, "options must be a JSON object")
        stream = body.get("stream", True)
        if not isinstance(stream, bool):
            raise HTTPError(400, "stream must be a boolean")
        try:
            keep_alive = _parse_keep_alive(body.get("keep_alive"))
        except ValueError as exc:
            raise HTTPError(400, str(exc)) from None
        if endpoint == "chat":
            messages = body.get("messages") or []
            if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
                raise HTTPError(400, "messages must be an array of objects")
            parts = [str(m.get("content") or "") for m in messages]
            key: Any = [[m.get("role"), m.get("content")] for m in messages]
        else:
            prompt = body.get("prompt") or ""
            system = body.get("system") or ""
            if not isinstance(prompt, str) or not isinstance(system, str):
                raise HTTPError(400, "prompt and system must be strings")
            parts = [p for p in (system, prompt) if p]
            key = [system, prompt]
        digest = hashlib.sha256(
            json.dumps(
                {"model": spec.name, "prompt": key, "seed": options.get("seed")},
                sort_keys=True,
                default=str,
            ).encode()
        ).digest()
        rng = random.Random(int.from_bytes(digest[:16], "big"))
        fmt = body.get("format")
        if fmt is None or fmt == "":
            content = _plain_text(rng)
        elif fmt == "json":
            content = json.dumps(
                {
                    "answer": " ".join(rng.choice(_WORDS) for _ in range(3)),
                    "score": rng.randint(1, 10),
                }
            )
        elif isinstance(fmt, dict):
            try:
                content = json.dumps(generate_from_schema(fmt, rng))
            except SchemaError as exc:
                raise HTTPError(400, f"invalid JSON schema in format: {exc}") from None
        else:
            raise HTTPError(400, 'invalid format: expected "json" or a valid JSON schema')
        return _Generation(
            endpoint=endpoint,
            body=body,
            spec=spec,
            stream=stream,
            prompt_text="\n".join(parts),
            default_content=content,
            options=options,
            keep_alive=keep_alive,
        )

    def _content(self, job: _Generation) -> str:
        responder = self.fake.responder
        if responder is None:
            return job.default_content
        try:
            content = responder(job.body)
        except Exception as exc:
            self.fake._record_error(traceback.format_exc())
            raise HTTPError(500, f"responder failed: {exc!r}") from None
        if content is None:
            return job.default_content
        if not isinstance(content, str):
            raise HTTPError(500, f"responder returned {type(content).__name__}, not str")
        return content

    @staticmethod
    def _apply_limits(content: str, options: Mapping[str, Any]) -> tuple[str, str]:
        done_reason = "stop"
        stops = options.get("stop")
        if isinstance(stops, str):
            stops = [stops]
        if isinstance(stops, list):
            cuts = [content.find(s) for s in stops if isinstance(s, str) and s]
            cuts = [c for c in cuts if c >= 0]
            if cuts:
                content = content[: min(cuts)]
        limit = options.get("num_predict")
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            tokens = list(_TOKEN_RE.finditer(content))
            if len(tokens) > limit:
                content, done_reason = content[: tokens[limit - 1].end()], "length"
        return content, done_reason

    def _base(self, job: _Generation) -> dict[str, Any]:
        return reply_base(job.spec.name)

    def _piece(self, job: _Generation, text: str) -> dict[str, Any]:
        return reply_piece(job.endpoint, text)

    def _load_only(self, record: RequestRecord, job: _Generation) -> None:
        """Empty prompt/messages: Ollama just loads (or, with keep_alive 0, unloads)."""
        context = self._context_size(job)
        self.fake._touch_model(job.spec.name, job.keep_alive, context)
        reason = "unload" if job.keep_alive == 0 else "load"
        reply = {**self._base(job), **self._piece(job, ""), "done_reason": reason, "done": True}
        if job.stream:
            self._send_stream(record, [reply])
        else:
            self._send_json(record, 200, reply)

    def _context_size(self, job: _Generation) -> int:
        num_ctx = job.options.get("num_ctx")
        if isinstance(num_ctx, int) and num_ctx > 0:
            return min(num_ctx, job.spec.context_length)
        return min(4096, job.spec.context_length)

    def _reply(
        self,
        record: RequestRecord,
        job: _Generation,
        content: str,
        done_reason: str,
        started: float,
    ) -> None:
        context = self._context_size(job)
        warm = self.fake._touch_model(job.spec.name, job.keep_alive, context)
        prompt_tokens = min(count_tokens(job.prompt_text), context)
        eval_tokens = count_tokens(content)
        load_ns = _WARM_LOAD_NS if warm else _COLD_LOAD_NS
        prompt_ns = prompt_tokens * _PROMPT_NS_PER_TOKEN
        eval_ns = eval_tokens * _EVAL_NS_PER_TOKEN
        waited_ns = int((time.monotonic() - started) * 1e9)
        stats = {
            "done_reason": done_reason,
            "done": True,
            "total_duration": load_ns + prompt_ns + eval_ns + waited_ns,
            "load_duration": load_ns,
            "prompt_eval_count": prompt_tokens,
            "prompt_eval_duration": prompt_ns,
            "eval_count": eval_tokens,
            "eval_duration": eval_ns,
        }
        if not job.stream:
            self._send_json(record, 200, {**self._base(job), **self._piece(job, content), **stats})
            return
        lines = [
            {**self._base(job), **self._piece(job, piece), "done": False}
            for piece in _PIECE_RE.findall(content)
        ]
        lines.append({**self._base(job), **self._piece(job, ""), **stats})
        self._send_stream(record, lines)

    def _send_stream(self, record: RequestRecord, lines: Iterable[dict[str, Any]]) -> None:
        self._start_stream()
        record.status = 200
        for line in lines:
            self._stream_line(line)
        self._end_stream()
