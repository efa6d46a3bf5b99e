"""Indented JSON, byte for byte what ``json.dumps(value, indent=2, ensure_ascii=False)`` writes, but fast and in parts.

The standard library encodes indented JSON in pure Python, one generator step per value; a whole tree's graph or
promoted list takes seconds that way, and exists in memory twice (the document, then its text). Here a mapping of
plain values (most nodes and edges of the graph) is encoded by the C encoder in one call, with the indentation as its
item separator, and a document is written a part at a time, so that a renderer can stream it. Pure: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

# Types json writes as one token (their subclasses, such as enums, take the general way).
_LEAVES = frozenset({str, int, bool, float, type(None)})
_INDENT = "  "


def _encoder(level: int, *, sort_keys: bool) -> json.JSONEncoder:
    separator = ",\n" + _INDENT * level
    return json.JSONEncoder(separators=(separator, ": "), sort_keys=sort_keys, ensure_ascii=False)


# Encoders for flat mappings, by nesting level and key order; a graph is at most a few levels deep.
_FLAT = {(level, sort): _encoder(level, sort_keys=sort) for level in range(1, 9) for sort in (False, True)}
_SCALAR = json.JSONEncoder(ensure_ascii=False)
_string: Callable[[str], str] = json.encoder.encode_basestring  # the C function json.dumps uses for text


def indented(value: Any, *, level: int = 0, sort_keys: bool = False) -> str:
    """``value`` as ``json.dumps(value, indent=2, sort_keys=sort_keys, ensure_ascii=False)`` writes it.

    ``level`` is the depth the value sits at in an enclosing document: its inner lines are indented for that depth
    (its first line is where the caller puts it).
    """
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is dict or (kind not in _LEAVES and isinstance(value, Mapping)):
        return _mapping(value, level, sort_keys)
    if kind is list or kind is tuple or (kind not in _LEAVES and isinstance(value, list | tuple)):
        if not value:
            return "[]"
        inner = level + 1
        indent = _INDENT * inner
        items = [indent + indented(item, level=inner, sort_keys=sort_keys) for item in value]
        return "[\n" + ",\n".join(items) + f"\n{_INDENT * level}]"
    return _SCALAR.encode(value)


def _mapping(value: Mapping[Any, Any], level: int, sort_keys: bool) -> str:
    if not value:
        return "{}"
    inner = level + 1
    flat = _FLAT.get((inner, sort_keys))
    if flat is not None:
        for item in value.values():
            if type(item) not in _LEAVES:
                break
        else:
            # {"a": 1,<separator>"b": 2}: only the line breaks after "{" and before "}" are missing.
            text = flat.encode(value)
            return f"{{\n{_INDENT * inner}{text[1:-1]}\n{_INDENT * level}}}"
    indent = _INDENT * inner
    keys = sorted(value) if sort_keys else value
    items = [f"{indent}{_key(key)}: {indented(value[key], level=inner, sort_keys=sort_keys)}" for key in keys]
    return "{\n" + ",\n".join(items) + f"\n{_INDENT * level}}}"


def _key(key: Any) -> str:
    # JSON object keys are strings: json writes true, false, null and numbers as their JSON text, quoted.
    return _string(key if type(key) is str else _SCALAR.encode(key))


# Flat mappings in a row are encoded together, this many at a time.
_FLAT_BATCH = 256


def indented_list(items: Iterable[Any], *, level: int, sort_keys: bool = False) -> Iterator[str]:
    """The parts of an indented JSON array at ``level`` whose items come one at a time, as :func:`indented` has it.

    Flat mappings (most items of a graph or a promoted list) in a row are one part: one call of the C encoder for
    a few hundred of them costs less than a call each.
    """
    inner = _INDENT * (level + 1)
    batching = (level + 2, sort_keys) in _FLAT
    opening = "["
    run: list[dict[Any, Any]] = []
    for item in items:
        if batching and type(item) is dict and item and _is_flat(item):
            run.append(item)
            if len(run) == _FLAT_BATCH:
                yield opening + _flat_run(run, level, sort_keys)
                opening, run = ",", []
            continue
        if run:
            yield opening + _flat_run(run, level, sort_keys)
            opening, run = ",", []
        yield f"{opening}\n{inner}{indented(item, level=level + 1, sort_keys=sort_keys)}"
        opening = ","
    if run:
        yield opening + _flat_run(run, level, sort_keys)
        opening = ","
    yield "[]" if opening == "[" else f"\n{_INDENT * level}]"


def _is_flat(value: dict[Any, Any]) -> bool:
    return _LEAVES.issuperset(map(type, value.values()))


def _flat_run(run: list[dict[Any, Any]], level: int, sort_keys: bool) -> str:
    """Non-empty flat mappings as the items of an array at ``level``, each after a line break (no leading comma).

    The encoder's item separator is the line break and indentation of a key, so the text of the list is right but
    for the breaks around each mapping's braces. A line break is only ever in a separator (JSON escapes them in
    strings), and a value in a flat mapping never ends with ``}``, so ``}<separator>{`` is always between two items.
    """
    inner = _INDENT * (level + 1)
    keys = _INDENT * (level + 2)
    text = _FLAT[(level + 2, sort_keys)].encode(run)[2:-2].replace(f"}},\n{keys}{{", f"\n{inner}}},\n{inner}{{\n{keys}")
    return f"\n{inner}{{\n{keys}{text}\n{inner}}}"


def chunked(parts: Iterable[str], size: int = 1 << 20) -> Iterator[str]:
    """Parts joined into pieces of about ``size`` characters: few writes, and never the whole text at once."""
    pending: list[str] = []
    length = 0
    for part in parts:
        pending.append(part)
        length += len(part)
        if length >= size:
            yield "".join(pending)
            pending.clear()
            length = 0
    if pending:
        yield "".join(pending)
