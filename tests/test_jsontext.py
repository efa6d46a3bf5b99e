"""Indented JSON written in parts is byte for byte what json.dumps writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from promoter.render.jsontext import chunked, indented, indented_list

_SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=30,
)


@given(_VALUES, st.booleans())
def test_indented_is_what_json_dumps_writes(value: Any, sort_keys: bool) -> None:
    assert indented(value, sort_keys=sort_keys) == json.dumps(value, indent=2, sort_keys=sort_keys, ensure_ascii=False)


@given(st.lists(_VALUES, max_size=5), st.booleans())
def test_a_list_in_parts_is_the_list_at_once(items: list[Any], sort_keys: bool) -> None:
    document = {"a": 1, "items": items, "z": [2]}  # keys in sorted order: the same document either way
    parts = ['{\n  "a": 1,\n  "items": ', *indented_list(iter(items), level=1, sort_keys=sort_keys)]
    parts.append(',\n  "z": ' + indented([2], level=1) + "\n}")
    assert "".join(parts) == json.dumps(document, indent=2, sort_keys=sort_keys, ensure_ascii=False)


def test_nested_deeper_than_the_prepared_encoders() -> None:
    value: Any = {"leaf": "x", "n": 1}
    for depth in range(12):
        value = {f"level{depth}": value, "other": [depth, {"a": None}]}
    assert indented(value, sort_keys=True) == json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def test_chunks_join_to_the_parts() -> None:
    parts = [str(number) * (number % 7) for number in range(1000)]
    pieces = list(chunked(parts, size=100))
    assert "".join(pieces) == "".join(parts)
    assert all(len(piece) < 200 for piece in pieces)


def test_long_runs_of_flat_mappings_are_what_json_dumps_writes() -> None:
    # Runs longer than a batch, cut by nested items and empty mappings, with text that looks like the separators.
    tricky = ["}", "{", "},\n      {", '"}', "\u2028", "", "}\n{"]
    items: list[Any] = []
    for number in range(700):
        if number % 97 == 0:
            items.append({"nested": {"a": [number]}})
        elif number % 131 == 0:
            items.append({})
        elif number % 5 == 0:
            # Lists of plain values, written in place of a stand-in; some text holds the stand-in's character.
            odd = ["\x01", '"\x01', "a\x01"][number % 3] if number % 50 == 0 else "x"
            items.append({"z": [odd, "}"], "a": number, "e": [], "t": (1.5, None), odd: "k"})
        else:
            items.append({"z": tricky[number % len(tricky)], "a": number, "m": number % 3 == 0, "n": None})
    for sort_keys in (False, True):
        for level in (0, 1, 3):
            expected = json.dumps(items, indent=2, sort_keys=sort_keys, ensure_ascii=False)
            expected = expected.replace("\n", "\n" + "  " * level)
            assert "".join(indented_list(iter(items), level=level, sort_keys=sort_keys)) == expected


def test_mappings_with_the_stand_in_character_are_what_json_dumps_writes() -> None:
    values: list[Any] = [
        {"\x01": [1], "a": "\x01", "b": {"c": [2]}},
        {"a": ["\x01"], "b": '"\x01', "c": {"\x01": "\x01"}},
        {"z": [], "y": {}, "x": [{"k": "\x01"}, {"k": ["\x01"]}], "w": "\x01x"},
    ]
    for value in values:
        for sort_keys in (False, True):
            assert indented(value, sort_keys=sort_keys) == json.dumps(
                value, indent=2, sort_keys=sort_keys, ensure_ascii=False
            )
