"""JSON values that satisfy a JSON schema, built deterministically from a seeded random source.

The fake server answers a request whose ``format`` is a JSON schema with such a value.
"""

from __future__ import annotations

import importlib
import json
import math
import random
import re
import string
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from persona_batch.testing.fake_ollama.text import WORDS


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
        return self.rng.choice(WORDS)

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
