"""The compiled schema predicate must agree with jsonschema: on real configs, on mutations of them, per keyword."""

from __future__ import annotations

import json
import types
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, TESTDATA, compare_golden, config_documents, corpus_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from promoter import fastschema
from promoter.fastschema import SchemaPredicates, UnsupportedSchemaError, compile_schema, json_equal
from promoter.files import discover
from promoter.schema import schema, schema_text
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
        # Shapes the generated source writes out: an object with many properties is checked key by key.
        (
            {
                "type": "object",
                "properties": {
                    **{f"p{i}": {"type": "string"} for i in range(10)},
                    "n": {"type": "integer"},
                    "e": {"enum": ["x"]},
                    "o": {"type": "object", "properties": {"q": {"pattern": "^q"}}},
                },
                "additionalProperties": {"type": "boolean"},
                "required": ["p0"],
            },
            [{"p0": "a", "p9": "b", "n": 2.0, "e": "x", "o": {"q": "qq"}, "z": True}],
            [
                {"p9": "b"},
                {"p0": 1},
                {"p0": "a", "n": 1.5},
                {"p0": "a", "e": "y"},
                {"p0": "a", "o": {"q": "r"}},
                {"p0": "a", "z": 1},
            ],
        ),
        ({"oneOf": [{"type": "string"}, {"pattern": "^a"}]}, [1, "b"], ["a"]),
        (
            {"dependentRequired": {"a": ["b", "c"]}, "type": "object"},
            [{"a": 1, "b": 1, "c": 1}, {}],
            [{"a": 1, "b": 1}, 1],
        ),
        ({"allOf": [{"required": ["a"]}, {"not": {"required": ["b"]}}]}, [{"a": 1}], [{"a": 1, "b": 1}, {}, 2]),
        (
            {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
            [{}, {"a": 1, "b": 2}],
            [{"a": 1}, []],
        ),
        ({"type": "array", "items": {"type": "object", "required": ["a"]}}, [[{"a": 1}], []], [[{}], [1], {}]),
        ({"items": False}, [[], "x"], [[1]]),
        ({"type": "object", "additionalProperties": False, "propertyNames": {"enum": ["a"]}}, [{}], [{"a": 1}, []]),
        ({"type": "null"}, [None], [0, False]),
        # Written out in place rather than called: an object with nothing to check, sizes, types with numbers,
        # constants, general property names and a reference to a small schema.
        ({"properties": {"a": True, "b": {"description": "any"}}}, [{}, {"a": 1}, 3], []),
        (
            {"properties": {"a": False, "b": {"not": {}}, "c": {"type": "string"}}},
            [{}, {"c": "x"}, 1],
            [{"a": None}, {"b": 1}, {"c": 1}],
        ),
        ({"type": ["string", "integer", "number"]}, ["x", 1, 1.5, 2.0], [True, None, [], {}]),
        ({"type": ["integer", "null"]}, [1, 2.0, None], [1.5, True, "1"]),
        ({"const": "images"}, ["images"], ["image", 1, None]),
        ({"const": True}, [True], [1, "true", False]),
        ({"minProperties": 1, "maxProperties": 2}, [{"a": 1}, {"a": 1, "b": 2}, "x"], [{}, {"a": 1, "b": 2, "c": 3}]),
        ({"type": "string", "minLength": 2}, ["ab"], ["a", 2]),
        ({"maxItems": 1}, [[], [1], "xy"], [[1, 2]]),
        ({"propertyNames": {"pattern": "^a", "maxLength": 2}}, [{"ab": 1}, {}, 3], [{"b": 1}, {"abc": 1}]),
        (
            {"$defs": {"n": {"type": "string", "pattern": "^x"}}, "properties": {"a": {"$ref": "#/$defs/n"}}},
            [{"a": "xy"}, {}],
            [{"a": "y"}, {"a": 1}],
        ),
    ],
)
def test_keywords(schema: dict[str, Any], valid: list[Any], invalid: list[Any]) -> None:
    generated = compile_schema(schema)
    closures = SchemaPredicates(schema).predicate(schema)
    for check in (generated, closures):
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
    return config_documents("lint")


def test_explanations_are_the_same_once_generated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree's invalid configs are explained through generated predicates, a single config's through closures."""
    from promoter import fastschema, validate  # noqa: PLC0415 - the modules are patched below

    documents = _documents()
    warm = SchemaPredicates(schema())
    for _ in range(fastschema._GENERATE_AFTER):
        warm.root({})
    assert warm.root is warm.generated
    monkeypatch.setattr(validate, "predicates", lambda: warm)
    generated = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    monkeypatch.setattr(fastschema, "_GENERATE_AFTER", len(documents) + 1)
    cold = SchemaPredicates(schema())
    monkeypatch.setattr(validate, "predicates", lambda: cold)
    closures = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    assert cold.root is not cold.generated
    assert any(generated)
    assert generated == closures


def test_narrowed_explanations_equal_full_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from promoter import validate  # noqa: PLC0415 - the module is patched below

    documents = _documents()
    narrowed = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    monkeypatch.setattr(validate, "predicates", lambda: None)
    full = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    assert any(narrowed)
    assert narrowed == full


# The precompiled module of the schema (promoter.schemacode), written by generate_module


def test_the_precompiled_module_is_current(update_goldens: bool) -> None:
    """The module shipped is what generate_module writes for the schema and the compiler of this checkout."""
    compare_golden(
        ROOT / "promoter" / fastschema.PRECOMPILED_FILE,
        fastschema.generate_module(schema_text()),
        update=update_goldens,
    )
    assert fastschema.precompiled(schema_text()) is not None


def _precompiled() -> SchemaPredicates:
    module = fastschema.precompiled(schema_text())
    assert module is not None, "promoter/schemacode.py is stale: run pytest --update-goldens"
    return SchemaPredicates(schema(), precompiled=module)


PRECOMPILED = _precompiled() if fastschema.precompiled(schema_text()) is not None else SchemaPredicates(schema())


def test_the_precompiled_module_checks_from_the_first_config() -> None:
    compiled = _precompiled()
    assert compiled.root is compiled.generated
    documents = CONFIGS + RECENT_CONFIGS
    assert [compiled.root(data) for data in documents] == [validator().is_valid(data) for data in documents]


def test_a_module_of_another_schema_or_code_is_not_used() -> None:
    assert fastschema.precompiled(schema_text() + " ") is None
    assert fastschema.precompiled_digest(schema_text()) != fastschema.precompiled_digest(schema_text() + " ")
    other: dict[str, Any] = {"type": "object", "properties": {"a": {"pattern": "^x"}, "b": {"minimum": 2}}}
    text = fastschema.generate_module(json.dumps(other))
    assert f"DIGEST = {fastschema.precompiled_digest(json.dumps(other))!r}" in text
    module = types.ModuleType("generated")
    exec(compile(text, "<generated>", "exec"), module.__dict__)  # noqa: S102 - the module written for ``other``
    compiled = SchemaPredicates(other, precompiled=module)
    values: list[Any] = [{"a": "xy", "b": 3}, {"a": "y"}, {"b": 1}, {"b": "1"}, {"a": 1}, []]
    assert [compiled.root(value) for value in values] == [True, False, False, True, True, False]


def test_explanations_are_the_same_with_the_precompiled_module(monkeypatch: pytest.MonkeyPatch) -> None:
    from promoter import validate  # noqa: PLC0415 - the module is patched below

    documents = _documents()
    monkeypatch.setattr(validate, "predicates", _precompiled)
    precompiled = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    monkeypatch.setattr(validate, "predicates", lambda: None)
    full = [sorted(f.sort_key() for f in validate.validate_document(d).findings) for d in documents]
    assert any(precompiled)
    assert precompiled == full


RECENT = Path(__file__).resolve().parent.parent.parent / "shared" / "recent-configs"


def _recent_configs() -> list[dict[str, Any]]:
    if not RECENT.is_dir():
        return []
    out = []
    for path in sorted(p for p in RECENT.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")):
        data = load_yaml(path.read_text(encoding="utf-8"), str(path)).data
        if isinstance(data, dict):
            out.append(strip_nulls(data))
    return out


RECENT_CONFIGS = _recent_configs()


def _verdicts(data: Any) -> tuple[bool, bool, bool, bool]:
    """The generated predicate's verdict, the closures', the precompiled module's, and jsonschema's."""
    compiled = SchemaPredicates(schema())
    return (
        compiled.generated(data),
        compiled.predicate(schema())(data),
        PRECOMPILED.root(data),
        validator().is_valid(data),
    )


def test_generated_agrees_on_recent_configs() -> None:
    if not RECENT_CONFIGS:
        pytest.skip("no recent configs beside the project")
    check = quick_check()
    assert check is not None
    assert [check(data) for data in RECENT_CONFIGS] == [validator().is_valid(data) for data in RECENT_CONFIGS]


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a document (the document itself excluded)."""
    found = []
    if isinstance(value, dict):
        children: Any = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    else:
        return []
    for key, child in children:
        found.append((*path, key))
        found += _places(child, (*path, key))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replaced(value[head], rest, new)
    return copy


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_agrees_on_deep_mutations(data: st.DataObject) -> None:
    """A value anywhere in a real config is replaced; the three checkers must still agree."""
    documents = CONFIGS + RECENT_CONFIGS
    if not documents:
        pytest.skip("no configs to mutate")
    config = data.draw(st.sampled_from(documents))
    places = _places(config)
    if not places:
        return
    path = data.draw(st.sampled_from(places))
    mutated = strip_nulls(_replaced(config, path, data.draw(values)))
    generated, closures, precompiled, reference = _verdicts(mutated)
    assert generated == closures == precompiled == reference


def test_root_turns_to_the_generated_predicate() -> None:
    """The first configs are checked by the closures, the later ones by generated source, with the same verdicts."""
    documents = (CONFIGS + RECENT_CONFIGS)[:40]
    compiled = SchemaPredicates(schema())
    first = compiled.root
    verdicts = [compiled.root(data) for data in documents]
    assert verdicts == [validator().is_valid(data) for data in documents]
    if len(documents) >= 20:
        assert compiled.root is compiled.generated is not first
