"""Indented JSON, byte for byte what ``json.dumps(value, indent=2, ensure_ascii=False)`` writes, but fast and in parts.

The standard library encodes indented JSON in pure Python, one generator step per value; a whole tree's graph or
promoted list takes seconds that way, and exists in memory twice (the document, then its text). Here a mapping of
plain values (most nodes and edges of the graph) is encoded by the C encoder in one call, with the indentation as its
item separator, and a document is written a part at a time, so that a renderer can stream it. Pure: no I/O.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
_SEQUENCES = (list, tuple)
# Stands for a nested value while its mapping is encoded: JSON writes a control character as an escape, never as
# it is, so that escape as a whole string in the text is this, or a key or value of just that character (then there
# are more than the stand-ins put in, and the mapping is written the slow way).
_STAND_IN = "\x01"
_ENCODED_STAND_IN = '"\\u0001"'


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
        if (level + 2, sort_keys) in _FLAT and all(type(item) is dict and item and _is_flat(item) for item in value):
            return f"[{_run_text(value, level, sort_keys)}\n{_INDENT * level}]"
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
        if type(value) is dict:
            # The plain values in one call too: the others are encoded as a stand-in, then replaced by their text.
            nested = [key for key, item in value.items() if type(item) not in _LEAVES]
            texts = [indented(value[key], level=inner, sort_keys=sort_keys) for key in _ordered(nested, sort_keys)]
            plain = {key: item if type(item) in _LEAVES else _STAND_IN for key, item in value.items()}
            pieces = flat.encode(plain)[1:-1].split(_ENCODED_STAND_IN)
            if len(pieces) == len(texts) + 1:  # else a key or a value holds the stand-in's character
                text = "".join(itertools.chain.from_iterable(zip(pieces, [*texts, ""], strict=True)))
                return f"{{\n{_INDENT * inner}{text}\n{_INDENT * level}}}"
    indent = _INDENT * inner
    keys = sorted(value) if sort_keys else value
    items = [f"{indent}{_key(key)}: {indented(value[key], level=inner, sort_keys=sort_keys)}" for key in keys]
    return "{\n" + ",\n".join(items) + f"\n{_INDENT * level}}}"


def _ordered(keys: Iterable[Any], sort_keys: bool) -> Iterable[Any]:
    """Keys in the order the encoder writes them."""
    return sorted(keys) if sort_keys else keys


def _key(key: Any) -> str:
    # JSON object keys are strings: json writes true, false, null and numbers as their JSON text, quoted.
    return _string(key if type(key) is str else _SCALAR.encode(key))


# Flat mappings in a row are encoded together, this many at a time.
_FLAT_BATCH = 256


def indented_list(items: Iterable[Any], *, level: int, sort_keys: bool = False) -> Iterator[str]:
    """The parts of an indented JSON array at ``level`` whose items come one at a time, as :func:`indented` has it.

    Flat mappings (most items of a graph or a promoted list: plain values, or lists of them) in a row are one
    part: one call of the C encoder for a few hundred of them costs less than a call each.
    """
    inner = _INDENT * (level + 1)
    batching = (level + 2, sort_keys) in _FLAT
    opening = "["
    run: list[dict[Any, Any]] = []
    for item in items:
        if batching and type(item) is dict and item and _is_flat(item):
            run.append(item)
            if len(run) == _FLAT_BATCH:
                yield opening + _run_text(run, level, sort_keys)
                opening, run = ",", []
            continue
        if run:
            yield opening + _run_text(run, level, sort_keys)
            opening, run = ",", []
        yield f"{opening}\n{inner}{indented(item, level=level + 1, sort_keys=sort_keys)}"
        opening = ","
    if run:
        yield opening + _run_text(run, level, sort_keys)
        opening = ","
    yield "[]" if opening == "[" else f"\n{_INDENT * level}]"


def _is_flat(value: dict[Any, Any]) -> bool:
    """Whether every value of a mapping is a plain value or a list (or tuple) of plain values."""
    if _LEAVES.issuperset(map(type, value.values())):
        return True
    for item in value.values():
        kind = type(item)
        if kind not in _LEAVES and (kind not in _SEQUENCES or not _LEAVES.issuperset(map(type, item))):
            return False
    return True


def _run_text(run: Sequence[dict[Any, Any]], level: int, sort_keys: bool) -> str:
    """Flat mappings as the items of an array at ``level``, each after a line break (no leading comma).

    The encoder's item separator is the line break and indentation of a key, so the text of the list is right but
    for the breaks around each mapping's braces. A line break is only ever in a separator (JSON escapes them in
    strings), and a value in a flat mapping never ends with ``}``, so ``}<separator>{`` is always between two items.
    A list value is encoded as a stand-in, then replaced by its indented text.
    """
    inner = _INDENT * (level + 1)
    keys = _INDENT * (level + 2)
    lists: list[str] = []
    encoded: list[dict[Any, Any]] = []
    for item in run:
        if _LEAVES.issuperset(map(type, item.values())):
            encoded.append(item)
            continue
        encoded.append({key: _STAND_IN if type(value) in _SEQUENCES else value for key, value in item.items()})
        lists.extend(
            indented(item[key], level=level + 2) for key in _ordered(item, sort_keys) if type(item[key]) in _SEQUENCES
        )
    text = (
        _FLAT[(level + 2, sort_keys)]
        .encode(encoded)[2:-2]
        .replace(f"}},\n{keys}{{", f"\n{inner}}},\n{inner}{{\n{keys}")
    )
    if lists:
        pieces = text.split(_ENCODED_STAND_IN)
        if len(pieces) != len(lists) + 1:  # a value holds the stand-in's character: each item on its own
            return ",".join(f"\n{inner}{indented(item, level=level + 1, sort_keys=sort_keys)}" for item in run)
        text = "".join(itertools.chain.from_iterable(zip(pieces, [*lists, ""], strict=True)))
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
