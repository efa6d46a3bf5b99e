"""The compiled schema predicate must agree with jsonschema: on real configs, on mutations of them, per keyword."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import TESTDATA, corpus_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from promoter.fastschema import UnsupportedSchemaError, compile_schema, json_equal
from promoter.files import discover
from promoter.validate import quick_check, strip_nulls, validator
from promoter.yamldoc import load_yaml


def _configs() -> list[dict[str, Any]]:
    files = [str(p) for p in corpus_files()] or discover([str(TESTDATA)])[0]
    out = []
    for path in files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        data = load_yaml(text, path).data
        if isinstance(data, dict):
            out.append(strip_nulls(data))
    return out


CONFIGS = _configs()


def test_agrees_with_jsonschema_on_every_config() -> None:
    check = quick_check()
    assert check is not None
    disagreements = [index for index, data in enumerate(CONFIGS) if check(data) != validator().is_valid(data)]
    assert disagreements == []


scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, max(len(CONFIGS) - 1, 0)), st.data())
def test_agrees_on_mutated_configs(index: int, data: st.DataObject) -> None:
    if not CONFIGS:
        pytest.skip("no configs to mutate")
    config = dict(CONFIGS[index])
    keys = sorted(config)
    key = data.draw(st.sampled_from([*keys, "promotion", "images", "unknown_field"]))
    config[key] = data.draw(values)
    check = quick_check()
    assert check is not None
    assert check(strip_nulls(config)) == validator().is_valid(strip_nulls(config))


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"type": "integer"}, [1, 2.0], [True, 1.5, "1"]),
        ({"enum": [1, "a"]}, [1.0, "a"], [True, "b"]),
        ({"const": False}, [False], [0]),
        ({"required": ["a"], "properties": {"a": {"type": "string"}}}, [{"a": "x"}, 3], [{}, {"a": 1}]),
        ({"additionalProperties": False, "properties": {"a": {}}}, [{"a": 1}], [{"b": 1}]),
        ({"dependentRequired": {"a": ["b"]}}, [{"b": 1}, {"a": 1, "b": 2}], [{"a": 1}]),
        (
            {"if": {"type": "array"}, "then": {"items": {"type": "string"}}, "else": {"type": "object"}},
            [["x"], {}],
            [[1], 3],
        ),
        ({"not": {}}, [], [1, None]),
        ({"pattern": "^a"}, ["ab", 3], ["ba"]),
        ({"maxLength": 2, "minProperties": 1}, ["ab", {"x": 1}], ["abc", {}]),
        ({"minimum": 0}, [0, "x"], [-1]),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, ["x", None], [1]),
        ({"$defs": {"n": {"type": "null"}}, "items": {"$ref": "#/$defs/n"}}, [[None]], [[1]]),
        # Shapes checked by one function for several keywords.
        (
            {
                "type": "object",
                "properties": {"a": {"type": "string"}, "b": {"type": "boolean"}, "c": {"minimum": 1}, "d": {}},
                "additionalProperties": False,
                "required": ["a"],
            },
            [{"a": "x"}, {"a": "x", "b": True, "c": 2, "d": None}],
            [3, [], {"a": 1}, {"b": True}, {"a": "x", "b": 1}, {"a": "x", "c": 0}, {"a": "x", "e": 1}],
        ),
        ({"properties": {"a": {"type": ["string", "null"]}}}, [1, {"a": None}, {"b": 1}], [{"a": 1}]),
        ({"additionalProperties": {"type": "integer"}}, [{"a": 1}, "x"], [{"a": "1"}, {"a": True}]),
        ({"type": "array", "items": {"type": "string"}}, [[], ["a"]], [{}, "a", [1], ["a", None]]),
        ({"type": "array", "items": {"minLength": 2}}, [["ab", 1]], [["a"], {}]),
        ({"type": "string", "enum": ["a", "b"]}, ["a"], [1, "c", None, ["a"]]),
        ({"enum": ["1", "true"]}, ["1"], [1, True, None]),
        ({"propertyNames": {"enum": ["a", "b"]}}, [{"a": 1}, {}, 3], [{"c": 1}, {"a": 1, "c": 2}]),
        ({"type": "string", "pattern": "^a", "enum": ["ab", "b"]}, ["ab"], ["b", 1]),
        ({"type": "string", "pattern": "^a", "maxLength": 2}, ["ab"], ["abc", 1, "b"]),
        ({"not": {"not": {}}}, [1, None], []),
        ({"not": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}}, [{"c": 1}], [{"a": 1}, {"b": 1}, 3]),
        ({"dependentSchemas": {"a": {"properties": {"b": {"not": {}}}}}}, [{"a": 1}, {"b": 1}], [{"a": 1, "b": 2}]),
        (
            {"$defs": {"t": {"type": "object", "properties": {"c": {"$ref": "#/$defs/t"}}}}, "$ref": "#/$defs/t"},
            [{}, {"c": {"c": {}}}],
            [{"c": {"c": 1}}, []],
        ),
    ],
)
def test_keywords(schema: dict[str, Any], valid: list[Any], invalid: list[Any]) -> None:
    check = compile_schema(schema)
    assert all(check(value) for value in valid)
    assert not any(check(value) for value in invalid)
    # The cases themselves follow JSON Schema, as jsonschema reads it.
    reference = Draft202012Validator(schema)
    assert all(reference.is_valid(value) for value in valid)
    assert not any(reference.is_valid(value) for value in invalid)


def test_unknown_keyword_is_refused() -> None:
    with pytest.raises(UnsupportedSchemaError):
        compile_schema({"uniqueItems": True})


def test_json_equal() -> None:
    assert json_equal(1, 1.0)
    assert not json_equal(True, 1)
    assert json_equal({"a": [1]}, {"a": [1.0]})


def _documents() -> list[Any]:
    files = [str(p) for p in corpus_files()] + discover([str(TESTDATA / "lint")])[0]
    documents = []
    for path in files:
        try:
            document = load_yaml(Path(path).read_text(encoding="utf-8"), path)
        except (OSError, UnicodeDecodeError):
            continue
        if isinstance(document.data, dict):
            documents.append(document)
    return documents


def test_narrowed_explanations_equal_full_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from promoter import validate  # noqa: PLC0415 - the module is patched below

    documents = _documents()
    narrowed = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    monkeypatch.setattr(validate, "predicates", lambda: None)
    full = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    assert any(narrowed)
    assert narrowed == full
