"""The YAML loader: Go semantics, positions of every node, and findings instead of exceptions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from yaml.nodes import MappingNode, Node

from promoter import analyze_text, decode, model, yamldoc
from promoter.findings import Severity
from promoter.model import Location
from promoter.yamldoc import Document, JsonPath, Limits, format_path, load_yaml


def rules(text: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in analyze_text(text, "f.yaml").findings]


def test_positions_of_keys_and_values() -> None:
    document = load_yaml("a:\n  b:\n  - x\n  - c: 1\n", "f.yaml")
    assert document.data == {"a": {"b": ["x", {"c": 1}]}}
    assert document.position(("a", "b", 1, "c")) == (4, 8)
    assert document.position(("a", "b", 1, "c"), key=True) == (4, 5)
    assert document.position(("a", "missing")) == (2, 3)  # the nearest existing node


def test_plain_scalars_follow_go() -> None:
    document = load_yaml("a: y\nb: 'y'\nc: 4.10\nd: 2020-01-01\ne: !!str 5\n", "f.yaml")
    assert document.data == {"a": True, "b": "y", "c": 4.1, "d": "2020-01-01", "e": "5"}


def test_numeric_keys_become_go_strings() -> None:
    # go-yaml v2 reads an unquoted y as a boolean, in keys too: the key becomes "true".
    assert load_yaml("4.10: x\ny: w\n7: z\n", "f.yaml").data == {"4.1": "x", "true": "w", "7": "z"}


def test_keys_read_the_same_in_every_document_of_a_process() -> None:
    # Plain keys that read as their own text are remembered across documents; the others are read, and reported,
    # in each document again, and the memory of the first kind stays bounded.
    for _ in range(2):
        document = load_yaml("name: a\n4.10: x\ny: w\n", "f.yaml")
        assert document.data == {"name": "a", "4.1": "x", "true": "w"}
        assert [finding.rule for finding in document.findings] == ["LD-3", "LD-3"]
    many = "".join(f"key{number}: {number}\n" for number in range(yamldoc._PLAIN_KEYS_KEPT + 10))
    assert len(load_yaml(many, "f.yaml").data) == yamldoc._PLAIN_KEYS_KEPT + 10
    assert len(yamldoc._PLAIN_KEYS) <= yamldoc._PLAIN_KEYS_KEPT
    assert not load_yaml("a_key_never_seen: 1\n", "f.yaml").findings


def test_remembered_path_texts_stay_bounded() -> None:
    for number in range(yamldoc._FORMATTED_KEPT + 10):
        assert format_path(("base_images", f"a{number}")) == f"base_images.a{number}"
    assert len(yamldoc._FORMATTED) <= yamldoc._FORMATTED_KEPT


def test_locations_are_shared_between_configs_and_stay_bounded() -> None:
    text = "images:\n  items:\n  - to: a\n"
    first, _ = decode.decode_config(load_yaml(text, "a.yaml"))
    second, _ = decode.decode_config(load_yaml(text, "b.yaml"))
    assert first is not None
    assert second is not None
    assert first.images[0].location == Location(path="images.items[0]", line=3, column=5)
    assert second.images[0].location is first.images[0].location
    moved, _ = decode.decode_config(load_yaml("\n" + text, "c.yaml"))
    assert moved is not None
    assert moved.images[0].location.line == 4
    for number in range(decode._LOCATIONS_KEPT + 10):
        reader = decode._Reader(load_yaml(f"a{number}: x\n", "f.yaml"))
        column = len(f"a{number}: ") + 1
        assert reader.location((f"a{number}",)) == Location(path=f"a{number}", line=1, column=column)
    assert len(decode._LOCATIONS) <= decode._LOCATIONS_KEPT


def test_duplicate_keys_last_wins_and_are_an_error() -> None:
    # ghodss/yaml keeps the last value; determinize-ci-operator then rewrites the file without the first.
    document = load_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert document.data == {"a": 3, "b": 2}
    (finding,) = document.findings
    assert (finding.rule, finding.severity, finding.line, finding.column) == ("LD-4", Severity.ERROR, 3, 1)


def test_merge_keys() -> None:
    assert load_yaml("base: &b {p: 1, q: 2}\nz:\n  <<: *b\n  q: 3\n", "f.yaml").data["z"] == {"p": 1, "q": 3}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, 2\n", [("LD-1", 2, 1)]),
        ("a: 1\n---\nb: 2\n", [("LD-5", 3, 1)]),
        ("- a\n- b\n", [("LD-2", 1, 1)]),
        ("just a string\n", [("LD-2", 1, 1)]),
        ("", [("TL-1", 1, 1)]),
        ("# comment\n", [("TL-1", 1, 1)]),
        ("a: !!python/object:os.system x\n", [("LD-1", 1, 4)]),
        ("a: \x00\n", [("LD-1", 0, 0)]),
    ],
    ids=["syntax", "two-documents", "top-level-list", "top-level-scalar", "empty", "comment-only", "python-tag", "nul"],
)
def test_broken_documents_give_findings(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert rules(text) == expected


def test_alias_bomb_is_stopped_by_the_node_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    document = load_yaml("\n".join(lines) + "\n", "bomb.yaml", Limits(max_nodes=100_000))
    assert document.data is None
    assert [f.rule for f in document.findings] == ["LD-8"]


def test_deep_nesting_is_stopped_by_the_depth_limit() -> None:
    document = load_yaml("a: " + "[" * 300 + "]" * 300 + "\n", "deep.yaml", Limits(max_depth=100))
    assert [f.rule for f in document.findings] == ["LD-8"]


def test_size_limit() -> None:
    document = load_yaml("a: " + "x" * 100 + "\n", "big.yaml", Limits(max_bytes=50))
    assert [f.rule for f in document.findings] == ["LD-1"]


def test_case_insensitive_keys_are_read_and_reported() -> None:
    result = analyze_text("images: {items: [{to: a}]}\nPromotion: {to: [{namespace: ci, tag: x}]}\n", "f.yaml")
    assert [str(t.ist) for t in result.promotion.tags] == ["ci/a:x"]
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("LD-7", 2, 1)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("promotion", "to", 0, "name"), "promotion.to[0].name"),
        (("base_images", "a.b"), "base_images[a.b]"),
        (("env", ""), "env[]"),
        ((0, "a"), "[0].a"),
        ((), ""),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    # Formatted text is remembered per tuple: the second call must give the same, and a list the same again.
    assert format_path(path) == text
    assert format_path(list(path)) == text
    assert format_path(path) == text


# Mappings whose keys the constructor's index must read exactly as a fresh lookup does: merges, tagged and
# duplicate keys, null values, keys that are numbers, dots or empty, aliases of a mapping.
_INDEX_CASES = [
    "a: 1\nb: {c: 2, d: null}\n",
    "a: 1\na: 2\n",
    "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n",
    "use:\n  x: 1\n  <<: [{x: 2}, {z: null}]\n",
    "? [1, 2]\n: v\nk: w\n",
    "!!merge '<<': {a: 1}\n!!str b: 2\n!!int 3: c\n",
    "!!merge m: {a: 1}\nb: 2\n",
    "1.50: a\ntrue: b\n'x.y': c\n'': d\n~: e\n",
    "m: &m {a: {b: 1}}\nn: *m\n",
]


@pytest.mark.parametrize("text", _INDEX_CASES)
def test_key_index_from_the_constructor_matches_a_fresh_lookup(text: str) -> None:
    document = load_yaml(text, "f.yaml")
    assert document.root is not None
    seen: list[MappingNode] = []

    def mappings(node: Node) -> None:
        if isinstance(node, MappingNode):
            if any(node is other for other in seen):
                return
            seen.append(node)
        for child in node.value if not isinstance(node.value, str) else []:
            for item in child if isinstance(child, tuple) else (child,):
                mappings(item)

    mappings(document.root)
    assert seen
    fresh = Document(file="f.yaml", data=document.data, root=document.root, findings=[])
    for mapping in seen:
        assert document.key_index(mapping) == fresh.key_index(mapping)


_TEST_CASES = [
    "tests:\n- as: e2e\n  steps:\n    test:\n    - as: a\n      commands: make\n      from: src\n    env: {A.B: x, '': y}\n",
    "tests:\n- as: ~\n  steps: {workflow: w, pre: [{ref: r}, null, {chain: c}]}\n- as: unit\n  commands: make\n",
    "steps: &s {workflow: w, leases: [{resource_type: t, env: E}]}\ntests:\n- as: x\n  <<: {steps: *s}\n"
    "- as: y\n  steps: *s\n  steps: {test: [{ref: z, documentation: d}]}\n",
    "tests:\n- as: x\n  steps: {workflow: w}\n  <<: {steps: null}\n",
    "tests:\n- {as: [1], steps: {env: {'1': 2, 3: four}, dependencies: {}}}\n",
]


def _paths(path: JsonPath, value: Any) -> Iterator[JsonPath]:
    """Every path of the data below ``path``, free text left out, as a test's positions list them."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("commands", "documentation"):
                yield from _paths((*path, key), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths((*path, index), item)


@pytest.mark.parametrize("text", _TEST_CASES)
def test_test_positions_match_a_lookup_per_path(text: str) -> None:
    document = load_yaml(text, "f.yaml")
    sources = decode.test_sources(document, document.data)
    assert sources
    for source in sources:
        test_path = ("tests", source.index)
        expected: dict[str, tuple[int, int]] = {}
        for path in [test_path, *_paths((*test_path, "steps"), source.steps)]:
            node = document.node_at(path)
            if node is not None:
                expected[format_path(path)] = (node.start_mark.line + 1, node.start_mark.column + 1)
        assert source.position_table() == expected
        # The cache keeps a source as JSON: read back, it locates every path alike.
        again = model.TestSource.from_json(json.loads(json.dumps(source.to_json())))
        assert again.position_table() == expected
