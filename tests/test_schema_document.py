"""Checks of the JSON Schema document itself (not of configs validated with it).

The schema is what editors with a YAML language server show while a ci-operator config is being written, so
besides being a valid draft 2020-12 schema it must document every property and keep every ``$ref`` working.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SCHEMA_PATH = Path(__file__).parent.parent / "schemas" / "ci-operator-config.schema.json"

# Keywords whose value is a single subschema.
SINGLE_SUBSCHEMA = (
    "additionalProperties",
    "propertyNames",
    "items",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
)
# Keywords whose value is a list of subschemas.
LIST_SUBSCHEMAS = ("allOf", "anyOf", "oneOf", "prefixItems")
# Keywords whose value maps names to subschemas.
MAP_SUBSCHEMAS = ("properties", "patternProperties", "$defs", "dependentSchemas")
# Places where a schema documents data (and therefore needs a description).
DOCUMENTED = {"properties", "patternProperties", "$defs", "items", "additionalProperties"}


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def walk(node: Any, pointer: str = "", via: str = "") -> Iterator[tuple[str, str, Any]]:
    """Yield ``(json_pointer, keyword_that_led_here, subschema)`` for the root and every nested subschema."""
    yield pointer, via, node
    if not isinstance(node, dict):
        return
    for keyword in SINGLE_SUBSCHEMA:
        if keyword in node:
            yield from walk(node[keyword], f"{pointer}/{keyword}", keyword)
    for keyword in LIST_SUBSCHEMAS:
        for index, child in enumerate(node.get(keyword, [])):
            yield from walk(child, f"{pointer}/{keyword}/{index}", keyword)
    for keyword in MAP_SUBSCHEMAS:
        for name, child in node.get(keyword, {}).items():
            yield from walk(child, f"{pointer}/{keyword}/{_escape(name)}", keyword)


def resolve_pointer(document: Any, fragment: str) -> Any:
    """Resolve a JSON pointer fragment (without the leading ``#``) against ``document``."""
    node = document
    for raw in fragment.split("/")[1:]:
        token = _unescape(raw)
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict) and token in node:
            node = node[token]
        else:
            raise KeyError(f"cannot resolve {fragment!r} at {token!r}")
    return node


@pytest.fixture(scope="module")
def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schema(schema_text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text)
    return loaded


def test_is_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://github.com/openshift/promoter/schemas/ci-operator-config.schema.json"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_file_is_pretty_printed_with_final_newline(schema: dict[str, Any], schema_text: str) -> None:
    assert schema_text == json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def test_every_documented_schema_has_a_description(schema: dict[str, Any]) -> None:
    missing = [
        pointer or "/"
        for pointer, via, node in walk(schema)
        if via in DOCUMENTED
        and isinstance(node, dict)
        and not (isinstance(node.get("description"), str) and node["description"].strip())
    ]
    # Boolean subschemas cannot carry a description; forbidden keys use {"not": {}} with a description instead.
    boolean_properties = [pointer for pointer, via, node in walk(schema) if via == "properties" and node is False]
    assert missing == []
    assert boolean_properties == []
    assert isinstance(schema.get("description"), str)
    assert schema["description"].strip()


def test_every_definition_has_a_title(schema: dict[str, Any]) -> None:
    untitled = [name for name, node in schema["$defs"].items() if not str(node.get("title", "")).strip()]
    assert untitled == []


# Objects with known keys that stay open on purpose, and why.
OPEN_OBJECTS = {
    # ci-operator refuses any other resource name as "an invalid key" (RS-4); it is not an ignored unknown field.
    "/$defs/ResourceList",
}


def test_fixed_key_objects_reject_unknown_keys(schema: dict[str, Any]) -> None:
    open_objects = [
        pointer
        for pointer, _via, node in walk(schema)
        if isinstance(node, dict)
        and "properties" in node
        and "object" in ([node["type"]] if isinstance(node.get("type"), str) else node.get("type", []))
        and node.get("additionalProperties") is not False
    ]
    assert sorted(open_objects) == sorted(OPEN_OBJECTS)


def test_every_ref_resolves(schema: dict[str, Any]) -> None:
    refs = [
        (pointer, node["$ref"]) for pointer, _via, node in walk(schema) if isinstance(node, dict) and "$ref" in node
    ]
    assert refs, "the schema is expected to reuse $defs through $ref"
    unresolved: list[str] = []
    for pointer, ref in refs:
        if not ref.startswith("#"):
            unresolved.append(f"{pointer}: non-local $ref {ref}")
            continue
        try:
            target = resolve_pointer(schema, ref[1:])
        except (KeyError, IndexError, ValueError) as exc:
            unresolved.append(f"{pointer}: {exc}")
            continue
        if not isinstance(target, (dict, bool)):
            unresolved.append(f"{pointer}: {ref} does not point at a schema")
    assert unresolved == []


def test_every_definition_is_used(schema: dict[str, Any]) -> None:
    used = {
        node["$ref"].removeprefix("#/$defs/")
        for _pointer, _via, node in walk(schema)
        if isinstance(node, dict) and isinstance(node.get("$ref"), str)
    }
    assert sorted(set(schema["$defs"]) - used) == []
