"""A compact JSON form of an analysed config (:class:`ConfigResult` without its YAML nodes), for the cache.

A dataclass is written as the list of its field values in field order, tuples and frozensets as lists, enums as
their value. Decoding follows a plan made once per class from its type hints, so it builds the frozen objects
directly, without a keyword argument dict per object: the warm path of ``show``, ``graph``, ``docs`` and ``explain``
decodes every config of the tree, and this is most of its time. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import sys
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from promoter.analysis import ConfigResult

Converter = Callable[[Any], Any] | None
Encoder = Callable[[Any], Any] | None
_D = TypeVar("_D")
_new = object.__new__
_set = object.__setattr__  # the dataclasses are frozen: this is how their own __init__ sets fields


def encode_result(result: ConfigResult) -> list[Any]:
    """The JSON-safe form of a result; its document (the YAML nodes) is left out."""
    encoded = _encode(dataclasses.replace(result, document=None))
    assert isinstance(encoded, list)
    return encoded


def decode_result(data: Any) -> ConfigResult:
    """Rebuild a result from :func:`encode_result`; raises ValueError, TypeError or KeyError on malformed data."""
    if not isinstance(data, list):
        raise TypeError("an encoded result is a list")
    result: ConfigResult = _decode(ConfigResult, data)
    return result


def encode_entry(value: Any) -> Any:
    """The JSON-safe form of a dataclass of the tool (an entry a command caches), as described above."""
    return _encode(value)


def decode_entry(cls: type[_D], data: Any) -> _D:
    """Rebuild an instance of the dataclass ``cls`` from :func:`encode_entry`; raises ValueError or TypeError."""
    if not isinstance(data, list):
        raise TypeError(f"an encoded {cls.__name__} is a list")
    entry: _D = _decode(cls, data)
    return entry


def _encode(value: Any) -> Any:
    kind: Any = type(value)
    encoders = _encoders(kind)
    if encoders is None:
        return value
    encoded = []
    for name, encode in encoders:
        field = getattr(value, name)
        encoded.append(field if encode is None or field is None else encode(field))
    return encoded


@functools.cache
def _encoders(cls: type) -> tuple[tuple[str, Encoder], ...] | None:
    """How to encode each field of a dataclass, from its type hints; None for a type that is not a dataclass."""
    if not dataclasses.is_dataclass(cls):
        return None
    hints = typing.get_type_hints(cls)
    return tuple((field.name, _encoder(hints[field.name])) for field in dataclasses.fields(cls))


def _encoder(hint: Any) -> Encoder:
    """How to write a value of type ``hint`` in JSON form; None: it is its own JSON form."""
    origin = typing.get_origin(hint)
    if hint in (str, int, bool) or hint is Any or origin is typing.Literal:
        return None
    if origin in (types.UnionType, typing.Union):
        (inner,) = [argument for argument in typing.get_args(hint) if argument is not type(None)]
        return _encoder(inner)
    if origin is tuple or origin is frozenset:
        arguments = typing.get_args(hint)
        items = [_encoder(argument) for argument in arguments if argument is not Ellipsis]
        if all(item is None for item in items):
            return sorted if origin is frozenset else list
        return functools.partial(_list_of, _encode)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _encode
    raise TypeError(f"no cache form for {hint!r}")


def _list_of(encode: Callable[[Any], Any], values: Any) -> list[Any]:
    return [encode(value) for value in values]


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _decode(cls: type, values: list[Any]) -> Any:
    plan = _plan(cls)
    if len(values) != len(plan):
        raise ValueError(f"{cls.__name__}: {len(values)} values for {len(plan)} fields")
    instance: Any = _new(cls)
    for (name, convert), value in zip(plan, values, strict=True):
        _set(instance, name, value if convert is None or value is None else convert(value))
    return instance


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, Converter], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((field.name, _converter(hints[field.name])) for field in dataclasses.fields(cls))


def _converter(hint: Any) -> Converter:
    """How to turn the JSON form of a value of type ``hint`` back into the value; None: it is already the value.

    Text is interned: a tree's configs repeat the same few thousand strings (``src``, ``promotion.to[0]``, their
    org and namespaces) hundreds of thousands of times, and one copy of each halves the memory of a decoded tree.
    """
    origin = typing.get_origin(hint)
    if hint is str or origin is typing.Literal:
        return sys.intern
    if hint in (int, bool) or hint is Any:
        return None  # plain JSON values (Any: data kept as loaded, such as a test's raw steps)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [argument for argument in typing.get_args(hint) if argument is not type(None)]
        return _converter(inner)
    if origin is tuple:
        arguments = typing.get_args(hint)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            item = _converter(arguments[0])
            return tuple if item is None else functools.partial(_tuple_of, item)
        items = tuple(_converter(argument) for argument in arguments)
        return functools.partial(_fixed_tuple, items)
    if origin is frozenset:
        return frozenset
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return functools.partial(_decode, hint)
    return _unsupported(hint)


def _tuple_of(item: Callable[[Any], Any], values: list[Any]) -> tuple[Any, ...]:
    return tuple([item(value) for value in values])


def _fixed_tuple(items: tuple[Converter, ...], values: list[Any]) -> tuple[Any, ...]:
    if len(values) != len(items):
        raise ValueError(f"{len(values)} values for a tuple of {len(items)}")
    return tuple([v if c is None or v is None else c(v) for c, v in zip(items, values, strict=True)])


def _unsupported(hint: Any) -> Converter:
    raise TypeError(f"no cache form for {hint!r}")
