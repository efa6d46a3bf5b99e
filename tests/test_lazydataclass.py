"""promoter.lazydataclass makes the classes the standard decorator makes: the same behaviour, compiled later."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import pkgutil
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

import promoter
from promoter.lazydataclass import dataclass, standard_twin


def _keywords() -> type:
    class Keywords:
        """Frozen, keyword-only, with plain defaults, a factory, and a field left out of repr and comparison."""

        name: str
        count: int = 0
        tags: tuple[str, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list, compare=False, repr=False)

        @property
        def label(self) -> str:
            return f"{self.name}:{self.count}"

    return Keywords


def _ordered() -> type:
    class Ordered:
        """Positional, ordered."""

        namespace: str
        name: str
        tag: str = "latest"

        def __str__(self) -> str:
            return f"{self.namespace}/{self.name}:{self.tag}"

    return Ordered


def _mutable() -> type:
    class Mutable:
        """Not frozen: assignable and unhashable."""

        text: str
        index: dict[str, int] = dataclasses.field(default_factory=dict, repr=False)

    return Mutable


def _empty() -> type:
    class Empty:
        """No fields at all."""

    return Empty


def _single() -> type:
    class Single:
        """One field: compared and hashed as a 1-tuple."""

        value: int

    return Single


# Each case: a fresh class body, the decorator's options, and the arguments of a few instances (args, kwargs).
CASES: list[tuple[Callable[[], type], dict[str, Any], list[tuple[tuple[Any, ...], dict[str, Any]]]]] = [
    (
        _keywords,
        {"frozen": True, "slots": True, "kw_only": True},
        [((), {"name": "a"}), ((), {"name": "a", "count": 2, "notes": ["x"]}), ((), {"name": "b", "tags": ("t",)})],
    ),
    (
        _ordered,
        {"frozen": True, "slots": True, "order": True},
        [(("ns", "b"), {}), (("ns", "a", "1"), {}), (("a", "z"), {})],
    ),
    (_mutable, {"slots": True}, [(("x",), {}), ((), {"text": "y", "index": {"k": 1}})]),
    (_empty, {"frozen": True, "slots": True}, [((), {})]),
    (_single, {"frozen": True, "slots": True}, [((1,), {}), ((2,), {})]),
]
IDS = [case[0].__name__.strip("_") for case in CASES]


def _described(cls: Any) -> list[tuple[Any, ...]]:
    """Everything the standard decorator records of each field."""
    return [
        tuple(getattr(field, name) for name in dataclasses.Field.__slots__)
        for field in cls.__dataclass_fields__.values()
    ]


def _pair(body: Callable[[], type], options: dict[str, Any]) -> tuple[Any, Any]:
    lazy: Any = dataclass(**options)(body())
    standard: Any = dataclasses.dataclass(**options)(body())
    return lazy, standard


@pytest.mark.parametrize(("body", "options", "arguments"), CASES, ids=IDS)
def test_instances_behave_as_the_standard_ones(body: Any, options: dict[str, Any], arguments: Any) -> None:
    lazy, standard = _pair(body, options)
    made = [lazy(*args, **kwargs) for args, kwargs in arguments]
    expected = [standard(*args, **kwargs) for args, kwargs in arguments]
    assert str(inspect.signature(lazy)) == str(inspect.signature(standard))
    assert lazy.__slots__ == standard.__slots__
    assert lazy.__match_args__ == standard.__match_args__
    assert [repr(item) for item in made] == [repr(item) for item in expected]
    for first, other in zip(made, expected, strict=True):
        assert [first == item for item in made] == [other == item for item in expected]
        assert [first != item for item in made] == [other != item for item in expected]
        assert first.__eq__(object()) is NotImplemented
        if options.get("frozen"):
            assert [hash(first) == hash(item) for item in made] == [hash(other) == hash(item) for item in expected]
            assert hash(first) == hash(other)
        else:
            assert lazy.__hash__ is None
        if options.get("order"):
            for operation in ("__lt__", "__le__", "__gt__", "__ge__"):
                got = [getattr(first, operation)(item) for item in made]
                assert got == [getattr(other, operation)(item) for item in expected]
    assert [dataclasses.asdict(item) for item in made] == [dataclasses.asdict(item) for item in expected]


@pytest.mark.parametrize(("body", "options", "arguments"), CASES, ids=IDS)
def test_the_dataclasses_functions_see_a_dataclass(body: Any, options: dict[str, Any], arguments: Any) -> None:
    lazy, standard = _pair(body, options)
    # Asked before any instance exists: the standard decorator makes the fields then.
    assert lazy.__dataclass_params__.frozen == bool(options.get("frozen"))
    assert _described(lazy) == _described(standard)
    made = [lazy(*args, **kwargs) for args, kwargs in arguments]
    assert [dataclasses.replace(item) for item in made] == made
    if dataclasses.fields(lazy):
        first = dataclasses.fields(lazy)[0].name
        changed = dataclasses.replace(made[0], **{first: getattr(made[-1], first)})
        assert type(changed) is lazy
        assert getattr(changed, first) == getattr(made[-1], first)
    assert dataclasses.is_dataclass(lazy)
    assert dataclasses.is_dataclass(made[0])


@pytest.mark.parametrize(("body", "options", "arguments"), CASES, ids=IDS)
def test_frozen_instances_refuse_assignment_and_copy(body: Any, options: dict[str, Any], arguments: Any) -> None:
    lazy, _ = _pair(body, options)
    for args, kwargs in arguments:
        item = lazy(*args, **kwargs)
        assert copy.deepcopy(item) == item
        fields = [field.name for field in dataclasses.fields(lazy)]
        if not fields:
            continue
        if options.get("frozen"):
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field"):
                setattr(item, fields[0], None)
            with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field"):
                delattr(item, fields[0])
        else:
            setattr(item, fields[0], "changed")
            assert getattr(item, fields[0]) == "changed"
        with pytest.raises(AttributeError):
            item.__dict__  # noqa: B018 - slots: no instance dictionary


@dataclass(frozen=True, slots=True, kw_only=True)
class Pickled:
    """Defined at module level, so that pickle finds it by name."""

    name: str
    values: tuple[int, ...] = ()


def test_pickles_round_trip() -> None:
    item = Pickled(name="a", values=(1, 2))
    assert pickle.loads(pickle.dumps(item)) == item  # noqa: S301 - our own bytes


def test_what_it_does_not_handle_goes_to_the_standard_decorator() -> None:
    class WithClassVar:
        """A ClassVar is not a field."""

        shared: ClassVar[int] = 1
        value: int

    class WithoutSlots:
        """Without slots."""

        value: int

    class OwnRepr:
        """Its own repr."""

        value: int

        def __repr__(self) -> str:
            return "mine"

    for cls, options in ((WithClassVar, {"frozen": True, "slots": True}), (WithoutSlots, {"frozen": True})):
        made = dataclass(**options)(cls)
        assert isinstance(vars(made)["__dataclass_fields__"], dict)
        assert standard_twin(made) is made
    own: Any = dataclass(frozen=True, slots=True)(OwnRepr)
    assert repr(own(1)) == "mine"
    with pytest.raises(TypeError, match="non-default argument"):

        @dataclass(frozen=True, slots=True)
        class Misordered:
            """A field without a default after one with: the standard error."""

            first: int = 0
            second: int  # type: ignore[misc]


def _package_classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(promoter.__path__, "promoter."):
        if module.name == "promoter.__main__":
            continue  # it runs the command line
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and value.__module__ == module.name and standard_twin(value) is not value:
                found.append(value)
    return found


def test_every_class_of_the_package_initialises_as_its_standard_twin() -> None:
    classes = _package_classes()
    assert len(classes) > 50
    for made in classes:
        cls: Any = made
        twin: Any = standard_twin(cls)
        signature = inspect.signature(twin.__init__)
        # Any value will do for a field without default: __init__ only stores them.
        required = {
            name: object()
            for name, parameter in signature.parameters.items()
            if name != "self" and parameter.default is inspect.Parameter.empty
        }
        item, expected = cls(**required), twin(**required)
        assert str(inspect.signature(cls.__init__)) == str(signature), cls
        assert cls.__init__.__annotations__ == twin.__init__.__annotations__, cls
        assert repr(item) == repr(expected), cls
        assert _described(cls) == _described(twin), cls
        assert [getattr(item, field.name) for field in dataclasses.fields(cls)] == [
            getattr(expected, field.name) for field in dataclasses.fields(twin)
        ], cls
