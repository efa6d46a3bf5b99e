"""``dataclass``: the standard decorator's classes, without its cost at import.

``dataclasses.dataclass`` compiles six or more methods from source text for every class as the class is defined:
about 0.8 ms a class, 40 ms for the classes a lint of one config imports, most of them never instantiated in that
run. This decorator makes the same class (slots, frozen, ``kw_only``, ``order``, the same ``__init__`` signature,
equality, hash, order, repr and pickling) from methods that need no compiling, and compiles ``__init__`` only when
the class is first instantiated. ``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` see a dataclass:
``__dataclass_fields__`` is made the first time something asks for it, and ``__dataclass_params__`` (read only by
the standard decorator, for a subclass) by the standard decorator running on the class body.

Type checkers see ``dataclasses.dataclass`` itself, so mypy checks these classes as dataclasses. A class this
decorator does not handle (no ``slots=True``, inheritance from a dataclass, ``ClassVar``, ``InitVar``, a field option
other than ``default``, ``default_factory``, ``repr`` and ``compare``, or its own dunder methods) is handed to the
standard decorator, which makes it as it always did.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__all__ = ["dataclass", "standard_twin"]

# The options this decorator implements; any other option goes to the standard decorator.
_OPTIONS = frozenset({"frozen", "slots", "kw_only", "order"})
# Names the decorator writes: a class that defines one of them itself goes to the standard decorator.
_WRITTEN = frozenset(
    {
        *("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__getstate__", "__setstate__"),
        *("__lt__", "__le__", "__gt__", "__ge__", "__match_args__", "__post_init__", "__slots__"),
    }
)
_STANDARD_ATTRIBUTES = ("__dataclass_fields__", "__dataclass_params__")
_MISSING = dataclasses.MISSING


class _Factory:
    """The default an ``__init__`` signature shows for a field with a ``default_factory``, as dataclasses shows it."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


class _Field:
    """What the methods need to know of one field."""

    __slots__ = ("compare", "default", "factory", "name", "repr", "type")

    def __init__(self, name: str, annotation: str, declared: Any) -> None:
        self.name, self.type = name, annotation
        self.default: Any = declared
        self.factory: Any = _MISSING
        self.repr, self.compare = True, True
        if isinstance(declared, dataclasses.Field):
            self.default, self.factory = declared.default, declared.default_factory
            self.repr, self.compare = bool(declared.repr), bool(declared.compare)


def _fields(cls: type, options: dict[str, Any]) -> list[_Field] | None:
    """The fields of ``cls``, or None when the standard decorator should make the class."""
    if not options.get("slots") or set(options) - _OPTIONS or _WRITTEN & set(cls.__dict__):
        return None
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return None
    fields = []
    for name, annotation in inspect.get_annotations(cls).items():
        if not isinstance(annotation, str) or any(word in annotation for word in ("ClassVar", "InitVar", "KW_ONLY")):
            return None
        declared = cls.__dict__.get(name, _MISSING)
        if isinstance(declared, dataclasses.Field):
            if declared.init is not True or declared.hash is not None or declared.kw_only is not _MISSING:
                return None
            if declared.metadata:
                return None
        elif declared is not _MISSING and type(declared).__hash__ is None:
            return None  # a mutable default: the standard decorator's error
        fields.append(_Field(name, annotation, declared))
    if not options.get("kw_only"):
        defaulted = [field.default is not _MISSING or field.factory is not _MISSING for field in fields]
        if any(not has and any(defaulted[:index]) for index, has in enumerate(defaulted)):
            return None  # a field without a default after one with: the standard decorator's error
    return fields


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function from an instance to the tuple of these fields, which the standard methods compare and hash."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        get = operator.attrgetter(names[0])
        return lambda instance: (get(instance),)
    return lambda _: ()


def _compile_init(cls: type, fields: list[_Field], *, frozen: bool, kw_only: bool) -> Callable[..., None]:
    """The standard ``__init__`` of these fields, compiled: the one method whose speed matters."""
    namespace: dict[str, Any] = {"__FACTORY": _FACTORY}
    parameters, body = [], []
    for field in fields:
        if frozen:
            # The slot's own setter: what object.__setattr__ ends up calling, without looking the name up first
            # (half the cost of a frozen instance's __init__).
            namespace[f"__set_{field.name}"] = vars(cls)[field.name].__set__
        value = field.name
        if field.factory is not _MISSING:
            namespace[f"__factory_{field.name}"] = field.factory
            parameters.append(f"{field.name}=__FACTORY")
            value = f"__factory_{field.name}() if {field.name} is __FACTORY else {field.name}"
        elif field.default is not _MISSING:
            namespace[f"__default_{field.name}"] = field.default
            parameters.append(f"{field.name}=__default_{field.name}")
        else:
            parameters.append(field.name)
        body.append(f"__set_{field.name}(self, {value})" if frozen else f"self.{field.name} = {value}")
    if kw_only and parameters:
        parameters.insert(0, "*")
    source = f"def __init__({', '.join(['self', *parameters])}):\n    " + "\n    ".join(body or ["pass"])
    exec(source, namespace)  # noqa: S102 - our own source text, as the standard decorator does
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = {**{field.name: field.type for field in fields}, "return": None}
    return init


def _methods(fields: list[_Field], options: dict[str, Any], made: list[type]) -> dict[str, Any]:
    """The methods of the class by name (None for an unhashable class's ``__hash__``); ``made`` holds the class."""
    frozen, kw_only = bool(options.get("frozen")), bool(options.get("kw_only"))
    shown = [field.name for field in fields if field.repr]
    key = _key([field.name for field in fields if field.compare])
    running: set[tuple[int, int]] = set()

    def first_init(self: Any, *args: Any, **kwargs: Any) -> None:
        # The first instance: compile the real __init__ and put it on the class, where it serves every later one.
        init = _compile_init(made[0], fields, frozen=frozen, kw_only=kw_only)
        type.__setattr__(made[0], "__init__", init)
        init(self, *args, **kwargs)

    def representation(self: Any) -> str:
        import _thread  # noqa: PLC0415 - built in; the standard repr's guard against recursion keys on the thread

        guard = (id(self), _thread.get_ident())
        if guard in running:
            return "..."
        running.add(guard)
        try:
            return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"
        finally:
            running.discard(guard)

    def equal(self: Any, other: Any) -> Any:
        return key(self) == key(other) if other.__class__ is self.__class__ else NotImplemented

    def hashed(self: Any) -> int:
        return hash(key(self))

    methods: dict[str, Any] = {"__init__": first_init, "__repr__": representation, "__eq__": equal}
    # eq without frozen is unhashable, as the standard decorator makes it.
    methods["__hash__"] = hashed if frozen else None
    if frozen:
        methods.update(_frozen_methods([field.name for field in fields], made))
    if options.get("order"):
        for name, compare in (("__lt__", operator.lt), ("__le__", operator.le), ("__gt__", operator.gt)):
            methods[name] = _ordering(compare, key)
        methods["__ge__"] = _ordering(operator.ge, key)
    return methods


def _ordering(compare: Callable[[Any, Any], Any], key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def ordered(self: Any, other: Any) -> Any:
        return compare(key(self), key(other)) if other.__class__ is self.__class__ else NotImplemented

    return ordered


def _frozen_methods(names: list[str], made: list[type]) -> dict[str, Callable[..., Any]]:
    """Assignment and deletion that raise, and the pickling a frozen class with slots needs."""
    fieldset = frozenset(names)

    def set_attribute(self: Any, name: str, value: Any) -> None:
        if type(self) is made[0] or name in fieldset:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def delete_attribute(self: Any, name: str) -> None:
        if type(self) is made[0] or name in fieldset:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)

    def get_state(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def set_state(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    return {
        "__setattr__": set_attribute,
        "__delattr__": delete_attribute,
        "__getstate__": get_state,
        "__setstate__": set_state,
    }


# How dataclasses marks a field that is neither a ClassVar nor an InitVar (a private name, checked for).
_PLAIN_FIELD = getattr(dataclasses, "_FIELD", None)


class _Standard:
    """``__dataclass_fields__`` or ``__dataclass_params__`` of a class, made when first asked for.

    The fields (what ``fields``, ``replace`` and ``asdict`` read) are made here, as the standard decorator makes them;
    the parameters, which only a subclass made by the standard decorator reads, come from the standard twin.
    """

    def __init__(self, made: list[type], fields: list[_Field], kw_only: bool) -> None:
        self.made, self.fields, self.kw_only, self.name = made, fields, kw_only, ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if self.name == "__dataclass_fields__" and _PLAIN_FIELD is not None:
            value: Any = {field.name: self._standard_field(field) for field in self.fields}
        else:
            value = vars(standard_twin(self.made[0]))[self.name]
        type.__setattr__(self.made[0], self.name, value)
        return value

    def _standard_field(self, field: _Field) -> dataclasses.Field[Any]:
        made: dataclasses.Field[Any] = dataclasses.field(
            default=field.default,
            default_factory=field.factory,
            repr=field.repr,
            compare=field.compare,
            kw_only=self.kw_only,
        )
        made.name, made.type = field.name, field.type
        made._field_type = _PLAIN_FIELD  # type: ignore[attr-defined]  # as the standard decorator sets it
        return made


# Each class this decorator made: its class body as written (unused since) and the decorator's options.
_BODIES: dict[type, tuple[type, dict[str, Any]]] = {}


def standard_twin(cls: type) -> type:
    """The class the standard decorator makes (without slots) of the body behind ``cls``: what ``cls`` stands for."""
    if cls not in _BODIES:
        return cls
    body, options = _BODIES[cls]
    if "__dataclass_fields__" not in vars(body):
        dataclasses.dataclass(body, **{**options, "slots": False})
    return body


def _make(cls: type, options: dict[str, Any]) -> type:
    fields = _fields(cls, options)
    if fields is None:
        made_by_standard: type = dataclasses.dataclass(cls, **options)
        return made_by_standard
    names = [field.name for field in fields]
    made: list[type] = []
    namespace = {name: value for name, value in vars(cls).items() if name not in {*names, "__dict__", "__weakref__"}}
    for name, method in _methods(fields, options, made).items():
        if method is not None:
            method.__name__, method.__qualname__ = name, f"{cls.__qualname__}.{name}"
        namespace[name] = method
    namespace["__slots__"] = tuple(names)
    namespace["__match_args__"] = () if options.get("kw_only") else tuple(names)
    for name in _STANDARD_ATTRIBUTES:
        namespace[name] = _Standard(made, fields, bool(options.get("kw_only")))
    result = type(cls)(cls.__name__, cls.__bases__, namespace)
    result.__qualname__ = cls.__qualname__
    made.append(result)
    _BODIES[result] = (cls, options)
    return result


if TYPE_CHECKING:
    from dataclasses import dataclass
else:

    def dataclass(cls: type | None = None, /, **options: Any) -> Any:
        """``dataclasses.dataclass``, with methods made without compiling at import (see the module's doc)."""
        if cls is None:
            return lambda cls: _make(cls, options)
        return _make(cls, options)
