"""The YAML loader: Go semantics, positions of every node, and findings instead of exceptions."""

from __future__ import annotations

import pytest

from promoter import analyze_text
from promoter.findings import Severity
from promoter.yamldoc import Limits, format_path, load_yaml


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
    [(("promotion", "to", 0, "name"), "promotion.to[0].name"), (("base_images", "a.b"), "base_images[a.b]"), ((), "")],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text
