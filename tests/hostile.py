"""Strategies for hostile-input tests: configs generated from our JSON Schema, and mutations of YAML text.

Shared by tests/test_hostile.py (a bounded run in CI) and bench/fuzz.py (long runs on demand).
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "ci-operator-config.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
NAME = st.text(alphabet=string.ascii_lowercase + string.digits + "-._", min_size=1, max_size=12)
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False, allow_infinity=False), NAME
)
JSON_VALUE = st.recursive(
    SCALAR,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(NAME, children, max_size=3)),
    max_leaves=6,
)


def _resolve(schema: Any) -> Any:
    while isinstance(schema, dict) and "$ref" in schema:
        target: Any = SCHEMA
        for part in schema["$ref"][2:].split("/"):
            target = target[part]
        schema = target
    return schema


def from_schema(schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped by a subschema: its properties, items, enums and types, without the finer constraints."""
    schema = _resolve(schema)
    if not isinstance(schema, dict) or depth > 4:
        return JSON_VALUE
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if "object" in kinds or "properties" in schema:
        properties = schema.get("properties", {})
        if properties:
            optional = {name: from_schema(sub, depth + 1) for name, sub in properties.items()}
            return st.fixed_dictionaries({}, optional=optional)
        extra = schema.get("additionalProperties")
        values = from_schema(extra, depth + 1) if isinstance(extra, dict) else JSON_VALUE
        return st.dictionaries(NAME, values, max_size=3)
    if "array" in kinds:
        items = schema.get("items")
        return st.lists(from_schema(items, depth + 1) if isinstance(items, dict) else JSON_VALUE, max_size=3)
    simple = {
        "string": NAME,
        "boolean": st.booleans(),
        "integer": st.integers(-5, 100),
        "number": st.floats(allow_nan=False, allow_infinity=False),
        "null": st.none(),
    }
    options = [simple[kind] for kind in kinds if kind in simple]
    return st.one_of(options) if options else JSON_VALUE


CONFIGS = from_schema(SCHEMA)


def _drop(data: dict[str, Any], draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    if data:
        data.pop(draw(st.sampled_from(sorted(data))))
    return data


def _retype(data: dict[str, Any], draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    key = draw(st.sampled_from([*sorted(data), "promotion", "images", "tests"]))
    data[key] = draw(JSON_VALUE)
    return data


def _rename(data: dict[str, Any], draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    if data:
        key = draw(st.sampled_from(sorted(data)))
        data[draw(st.text(max_size=10))] = data.pop(key)
    return data


@st.composite
def hostile_documents(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
    """A schema-shaped config, mutated as data (drop, retype, rename, duplicate), then possibly as bytes."""
    data = draw(CONFIGS)
    for _ in range(draw(st.integers(0, 3))):
        data = draw(st.sampled_from([_drop, _retype, _rename]))(data, draw)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if draw(st.booleans()) and text.strip():
        # A duplicated line makes duplicate keys, broken indentation or both.
        lines = text.splitlines(keepends=True)
        index = draw(st.integers(0, len(lines) - 1))
        lines.insert(index, lines[index])
        text = "".join(lines)
    raw = text.encode("utf-8")
    if draw(st.booleans()) and raw:
        # Corrupt a few bytes anywhere: invalid UTF-8, NUL bytes, stray YAML syntax.
        mutable = bytearray(raw)
        for _ in range(draw(st.integers(1, 4))):
            position = draw(st.integers(0, len(mutable) - 1))
            mutable[position] = draw(st.sampled_from([0x00, 0xFF, ord("["), ord(":"), ord("&"), ord("*"), ord("\t")]))
        raw = bytes(mutable)
    return raw
