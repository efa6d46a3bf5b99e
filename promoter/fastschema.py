"""A JSON Schema compiled into plain Python predicates: answers "is this config valid?" many times faster.

jsonschema builds detailed errors and resolves references through a general machinery, which costs about a
millisecond and a half per config. Most configs of a tree are valid, so the linter first asks this compiled
predicate and calls jsonschema only for the configs that fail, to explain why. Only the keywords our schema uses are
supported; compiling a schema with any other keyword raises :class:`UnsupportedSchemaError`, and the caller then
uses jsonschema alone. A differential test checks that both agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sized
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from promoter.lazyre import lazy_compile

if TYPE_CHECKING:
    from types import ModuleType

Predicate = Callable[[Any], bool]

_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "x-verdict",
        "x-run-time",
    }
)


class UnsupportedSchemaError(Exception):
    """The schema uses a keyword this compiler does not implement."""


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPE_CHECKS: dict[str, Predicate] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": _is_integer,
}


def json_equal(left: Any, right: Any) -> bool:
    """Equality as JSON Schema defines it: 1 equals 1.0, but true is not 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(json_equal(a, b) for a, b in zip(left, right, strict=True))
    return (
        bool(left == right)
        and type(left) in (int, float, str, type(None))
        and type(right) in (int, float, str, type(None))
    )


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Predicate] = {}

    def ref(self, pointer: str) -> Predicate:
        found = self.refs.get(pointer)
        if found is not None:
            return found
        if not pointer.startswith("#/"):
            raise UnsupportedSchemaError(f"only local references are supported, not {pointer!r}")
        slot: list[Predicate] = []

        def deferred(value: Any) -> bool:
            return slot[0](value)

        # Registered before compiling so that recursive references find it; every later reference gets the
        # predicate itself, saving a call per use.
        self.refs[pointer] = deferred
        target: Any = self.root
        for part in pointer[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        compiled = self.compile(target)
        slot.append(compiled)
        self.refs[pointer] = compiled
        return compiled

    def compile(self, schema: Any) -> Predicate:
        if schema is True or (isinstance(schema, Mapping) and not schema):
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, Mapping):
            raise UnsupportedSchemaError(f"not a schema: {schema!r}")
        keywords = {
            keyword: argument
            for keyword, argument in schema.items()
            if keyword not in _ANNOTATIONS and keyword not in _HANDLED_ELSEWHERE
        }
        # The common shapes are checked by one function each rather than one per keyword.
        checks = [*self._fused(keywords)]
        checks += [self._keyword(keyword, argument, schema) for keyword, argument in keywords.items()]
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return _all_of(checks)

    def _fused(self, keywords: dict[str, Any]) -> Iterator[Predicate]:
        """Predicates for groups of keywords checked together; the keywords they cover are removed."""
        names = keywords.get("type")
        only_type = names if isinstance(names, str) else None
        if ("properties" in keywords or "additionalProperties" in keywords) and "patternProperties" not in keywords:
            properties: dict[str, Any] = keywords.pop("properties", {})
            extra = self.compile(keywords.pop("additionalProperties", True))
            plain: dict[str, type | tuple[type, ...]] = {}
            tests: dict[str, Predicate] = {}
            for name, sub in properties.items():
                classes = _plain_classes(sub)
                if classes is not None:
                    plain[name] = classes
                else:
                    test = self.compile(sub)
                    if test is not _always:
                        tests[name] = test
            is_object = only_type == "object"
            if is_object:
                del keywords["type"]
            yield _object(
                plain,
                tests,
                frozenset(properties),
                None if extra is _always else extra,
                tuple(keywords.pop("required", ())),
                must_be_object=is_object,
            )
        if only_type == "array" and isinstance(keywords.get("items"), Mapping | bool):
            del keywords["type"]
            items = keywords.pop("items")
            yield _list_of(self.compile(items), _plain_classes(items))
        options = keywords.get("enum")
        if _all_strings(options):
            if only_type == "string":
                keywords.pop("type", None)
            del keywords["enum"]
            yield _string_enum(frozenset(options))
        if only_type == "string" and isinstance(keywords.get("pattern"), str):
            keywords.pop("type", None)
            yield _string_pattern(lazy_compile(keywords.pop("pattern")))

    def _keyword(self, keyword: str, argument: Any, schema: Mapping[str, Any]) -> Predicate:  # noqa: PLR0912 - a branch per keyword
        if keyword == "type":
            return _type([argument] if isinstance(argument, str) else list(argument))
        if keyword == "$ref":
            return self.ref(argument)
        if keyword == "properties":
            return _properties({name: self.compile(sub) for name, sub in argument.items()})
        if keyword == "patternProperties":
            return _pattern_properties([(re.compile(p), self.compile(sub)) for p, sub in argument.items()])
        if keyword == "additionalProperties":
            return _additional_properties(
                set(schema.get("properties", {})),
                [re.compile(p) for p in schema.get("patternProperties", {})],
                self.compile(argument),
            )
        if keyword == "required":
            return _required(tuple(argument))
        if keyword == "dependentRequired":
            return _dependent_required([(name, tuple(needed)) for name, needed in argument.items()])
        if keyword == "dependentSchemas":
            return _dependent_schemas([(name, self.compile(sub)) for name, sub in argument.items()])
        if keyword == "propertyNames":
            names = _string_options(argument)
            if names is not None:
                return _names_among(names)
            return _property_names(self.compile(argument))
        if keyword == "items":
            return _items(self.compile(argument))
        if keyword == "pattern":
            return _pattern(lazy_compile(argument))  # a config meets few of the schema's patterns
        if keyword == "enum":
            return _enum(list(argument))
        if keyword == "const":
            return _enum([argument])
        if keyword == "not":
            negated = self.compile(argument)
            if negated is _always:
                return _never
            return _always if negated is _never else _not(negated)
        if keyword == "if":
            return _if(
                self.compile(argument), self.compile(schema.get("then", True)), self.compile(schema.get("else", True))
            )
        if keyword == "anyOf":
            return _any_of([self.compile(sub) for sub in argument])
        if keyword == "allOf":
            return _all_of([self.compile(sub) for sub in argument])
        if keyword == "oneOf":
            return _one_of([self.compile(sub) for sub in argument])
        if keyword in _SIZES:
            kind, measure_min = _SIZES[keyword]
            return _size(kind, int(argument), minimum=measure_min)
        if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            return _bound(keyword, argument)
        raise UnsupportedSchemaError(f"keyword {keyword!r} is not supported")


_HANDLED_ELSEWHERE = frozenset({"$defs", "definitions", "then", "else"})
# Expressions of schemas no value passes (false, and "not" of a schema every value passes).
_NOTHING_PASSES = frozenset({"False", "(not True)"})
# The name a guard of generated source uses for the class a size keyword measures.
_KIND_NAMES: dict[type, str] = {str: "str", list: "list", dict: "dict"}
# Each type as an expression on ``v``, as _TYPE_CHECKS decides it: no booleans among numbers, integral floats
# among integers.
_TYPE_EXPRESSIONS = {
    "object": "isinstance(v, dict)",
    "array": "isinstance(v, list)",
    "string": "isinstance(v, str)",
    "boolean": "isinstance(v, bool)",
    "null": "v is None",
    "number": "(isinstance(v, (int, float)) and not isinstance(v, bool))",
    "integer": "(not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())))",
}
_SIZES: dict[str, tuple[type, bool]] = {
    "minLength": (str, True),
    "maxLength": (str, False),
    "minItems": (list, True),
    "maxItems": (list, False),
    "minProperties": (dict, True),
    "maxProperties": (dict, False),
}


def _plain_classes(schema: Any) -> type | tuple[type, ...] | None:
    """The classes a schema that is only a plain ``type`` accepts (one isinstance call decides), or None."""
    if not isinstance(schema, Mapping):
        return None
    names = None
    for keyword, argument in schema.items():
        if keyword == "type":
            names = [argument] if isinstance(argument, str) else argument
        elif keyword not in _ANNOTATIONS:
            return None
    if not isinstance(names, list) or not names or not all(name in _PLAIN_TYPES for name in names):
        return None
    classes = tuple(_PLAIN_TYPES[name] for name in names)
    return classes[0] if len(classes) == 1 else classes


def _all_strings(options: Any) -> TypeGuard[list[str]]:
    return isinstance(options, list) and all(isinstance(option, str) for option in options)


def _string_options(schema: Any) -> frozenset[str] | None:
    """The strings a schema that is only an ``enum`` of strings allows, or None."""
    if not isinstance(schema, Mapping) or not all(k == "enum" or k in _ANNOTATIONS for k in schema):
        return None
    options = schema.get("enum")
    return frozenset(options) if _all_strings(options) else None


def _inline(schema: Any) -> bool:
    """Whether a schema is small enough to be checked in place where it is referred to: a type, enum or pattern."""
    return isinstance(schema, Mapping) and all(
        keyword in _ANNOTATIONS or keyword in ("type", "enum", "pattern") for keyword in schema
    )


def _always(_value: Any) -> bool:
    return True


def _never(_value: Any) -> bool:
    return False


# Types one isinstance call decides: no booleans among numbers, no integral floats among integers.
_PLAIN_TYPES: dict[str, type] = {
    "object": dict,
    "array": list,
    "string": str,
    "null": type(None),
    "boolean": bool,
}


def _type(names: list[str]) -> Predicate:
    if all(name in _PLAIN_TYPES for name in names):
        # No booleans or numbers involved, so one isinstance call decides.
        classes = tuple(_PLAIN_TYPES[name] for name in names)
        return lambda value: isinstance(value, classes)
    tests = tuple(_TYPE_CHECKS[name] for name in names)
    return lambda value: any(test(value) for test in tests)


def _properties(compiled: dict[str, Predicate]) -> Predicate:
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            test = compiled.get(key)
            if test is not None and not test(item):
                return False
        return True

    return check


def _object(
    plain: dict[str, type | tuple[type, ...]],
    tests: dict[str, Predicate],
    known: frozenset[str],
    extra: Predicate | None,
    required: tuple[str, ...],
    *,
    must_be_object: bool,
) -> Predicate:
    """``properties``, ``additionalProperties`` and ``required`` (and ``type: object``) in one pass over the keys.

    ``plain`` holds the properties a single isinstance call checks, ``tests`` the others that can fail; ``extra``
    is the predicate of keys not in ``known`` (None when any is allowed).
    """

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return not must_be_object
        for key, item in value.items():
            classes = plain.get(key)
            if classes is not None:
                if not isinstance(item, classes):
                    return False
                continue
            test = tests.get(key)
            if test is not None:
                if not test(item):
                    return False
            elif extra is not None and key not in known and not extra(item):
                return False
        for name in required:  # noqa: SIM110 - a plain loop is faster than all() over a generator here
            if name not in value:
                return False
        return True

    return check


def _list_of(test: Predicate, classes: type | tuple[type, ...] | None) -> Predicate:
    """``type: array`` with ``items``."""
    if classes is not None:
        return lambda value: isinstance(value, list) and all(isinstance(item, classes) for item in value)

    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return False
        for item in value:  # noqa: SIM110 - a plain loop is faster than all() over a generator here
            if not test(item):
                return False
        return True

    return check


def _string_enum(options: frozenset[str]) -> Predicate:
    """An ``enum`` of strings: only a string can equal one of them."""
    return lambda value: isinstance(value, str) and value in options


# How many strings each pattern remembers its verdict on; past that it searches every time, so memory stays bounded.
_MEMO_LIMIT = 4096


class _MemoSearch:
    """Whether ``rx`` matches somewhere in a string, remembered per string.

    A tree repeats the same names, tags and namespaces thousands of times; a dict lookup costs a fraction of a
    search, and the searches were about a third of the predicate's time. Generated source reads ``known`` itself
    and calls the search only for a string it has not seen.
    """

    __slots__ = ("known", "rx")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.known: dict[str, bool] = {}

    def __call__(self, value: str) -> bool:
        """Whether ``rx`` matches somewhere in ``value``."""
        found = self.known.get(value)
        if found is None:
            found = self.rx.search(value) is not None
            if len(self.known) < _MEMO_LIMIT:
                self.known[value] = found
        return found


def _memo_search(rx: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether ``rx`` matches somewhere in a string, remembered per string (see :class:`_MemoSearch`)."""
    return _MemoSearch(rx)


def _string_pattern(rx: re.Pattern[str]) -> Predicate:
    """``type: string`` with a ``pattern``."""
    matches = _memo_search(rx)
    return lambda value: isinstance(value, str) and matches(value)


def _names_among(options: frozenset[str]) -> Predicate:
    """``propertyNames`` that is an ``enum`` of strings: every key is one of them."""
    return lambda value: not isinstance(value, dict) or options.issuperset(value)


def _pattern_properties(patterns: list[tuple[re.Pattern[str], Predicate]]) -> Predicate:
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(test(item) for key, item in value.items() for rx, test in patterns if rx.search(key))

    return check


def _additional_properties(known: set[str], patterns: list[re.Pattern[str]], extra: Predicate) -> Predicate:
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            if key in known or any(p.search(key) for p in patterns):
                continue
            if not extra(item):
                return False
        return True

    return check


def _required(names: tuple[str, ...]) -> Predicate:
    if len(names) == 1:
        name = names[0]
        return lambda value: not isinstance(value, dict) or name in value
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _dependent_required(pairs: list[tuple[str, tuple[str, ...]]]) -> Predicate:
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(all(n in value for n in needed) for name, needed in pairs if name in value)

    return check


def _dependent_schemas(subs: list[tuple[str, Predicate]]) -> Predicate:
    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name, test in subs:  # noqa: SIM110 - a plain loop is faster than all() over a generator here
            if name in value and not test(value):
                return False
        return True

    return check


def _property_names(test: Predicate) -> Predicate:
    return lambda value: not isinstance(value, dict) or all(test(key) for key in value)


def _items(test: Predicate) -> Predicate:
    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        for item in value:  # noqa: SIM110 - a plain loop is faster than all() over a generator here
            if not test(item):
                return False
        return True

    return check


def _pattern(rx: re.Pattern[str]) -> Predicate:
    matches = _memo_search(rx)
    return lambda value: not isinstance(value, str) or matches(value)


def _enum_key(value: Any) -> tuple[str, Any] | None:
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        return ("number", float(value))
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null", None)
    return None


def _enum(options: list[Any]) -> Predicate:
    keys = [_enum_key(option) for option in options]
    if all(key is not None for key in keys):
        # Scalar options: a set lookup that keeps JSON's equality (1 == 1.0, true != 1).
        allowed = frozenset(keys)
        return lambda value: _enum_key(value) in allowed
    return lambda value: any(json_equal(value, option) for option in options)


def _not(test: Predicate) -> Predicate:
    return lambda value: not test(value)


def _if(condition: Predicate, then: Predicate, otherwise: Predicate) -> Predicate:
    return lambda value: then(value) if condition(value) else otherwise(value)


def _any_of(tests: list[Predicate]) -> Predicate:
    frozen = tuple(tests)

    def check(value: Any) -> bool:
        for test in frozen:  # noqa: SIM110 - a plain loop is faster than any() over a generator here
            if test(value):
                return True
        return False

    return check


def _all_of(tests: list[Predicate]) -> Predicate:
    frozen = tuple(tests)

    def check(value: Any) -> bool:
        for test in frozen:  # noqa: SIM110 - a plain loop is faster than all() over a generator here
            if not test(value):
                return False
        return True

    return check


def _one_of(tests: list[Predicate]) -> Predicate:
    return lambda value: sum(1 for test in tests if test(value)) == 1


def _size(kind: type, bound: int, *, minimum: bool) -> Predicate:
    if minimum:
        return lambda value: not isinstance(value, kind) or len(cast("Sized", value)) >= bound
    return lambda value: not isinstance(value, kind) or len(cast("Sized", value)) <= bound


def _bound(keyword: str, limit: float) -> Predicate:
    def is_number(value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    if keyword == "minimum":
        return lambda v: not is_number(v) or v >= limit
    if keyword == "maximum":
        return lambda v: not is_number(v) or v <= limit
    if keyword == "exclusiveMinimum":
        return lambda v: not is_number(v) or v > limit
    return lambda v: not is_number(v) or v < limit


def compile_schema(schema: Mapping[str, Any]) -> Predicate:
    """Compile a schema document into a predicate; raises UnsupportedSchemaError for keywords it does not know."""
    compiler = _Compiler(schema)
    compiler.compile(schema)  # finds an unsupported keyword now rather than at the first check
    return _Generator(compiler).build(schema)


# How many configs the closures check before the generated predicate takes over: a run of one or a few configs never
# pays for generating it.
_GENERATE_AFTER = 16


# What a reference maps to before it is looked up (None is a target of its own).
_NO_TARGET: Any = object()


class SchemaPredicates:
    """Predicates for a document's subschemas, compiled on first use and shared (references are compiled once)."""

    def __init__(self, root: Mapping[str, Any], precompiled: ModuleType | None = None) -> None:
        """Prepare to compile subschemas of ``root``; raises UnsupportedSchemaError if the root does not compile.

        ``precompiled`` is the module :func:`generate_module` wrote for this very schema (see :func:`precompiled`):
        its functions check every config from the first, and nothing is compiled.
        """
        self._compiler = _Compiler(root)
        self._cache: dict[int, Predicate] = {}
        self._generated_cache: dict[int, Predicate] = {}
        self._targets: dict[str, Any] = {}
        if precompiled is not None:
            self._generator = _Generator.loaded(self._compiler, precompiled)
            self._warm = True
            self.generated: Predicate = self._generator.namespace[precompiled.ENTRY]
            self.root: Predicate = self.generated
            return
        self._warm = False  # whether the generated functions have taken over
        closures = self.predicate(root)  # also finds an unsupported keyword now rather than at the first check
        #: The whole document as generated source: faster per config, but its functions cost about 0.1 ms each to
        #: write and compile, which only a tree of configs repays.
        self._generator = _Generator(self._compiler)
        self.generated = self._generator.build(root)
        checked = 0

        def warming(value: Any) -> bool:
            # The first configs are checked by the closures; then ``root`` becomes the generated predicate.
            nonlocal checked
            checked += 1
            if checked >= _GENERATE_AFTER:
                self.root = self.generated
                self._warm = True
            return closures(value)

        #: The whole document's predicate, for one config after another.
        self.root = warming

    def predicate(self, schema: Any) -> Predicate:
        """The predicate of a subschema of the root (kept alive by the root, so its id is stable).

        Once the root is the generated predicate, so are those of the root's generated functions: an invalid
        config of a tree is explained by checking its parts again, level by level, which the generated functions
        do in about half the time. The schemas made to explain (a level without its properties, a keyword alone)
        keep their closures: they are checked a few times each, and writing a function costs more.
        """
        key = id(schema)
        if self._warm:
            found = self._generated_cache.get(key)
            if found is None:
                name = self._generator.named(schema)
                found = self._closure(key, schema) if name is None else self._generator.materialize(name)
                self._generated_cache[key] = found
            return found
        return self._closure(key, schema)

    def _closure(self, key: int, schema: Any) -> Predicate:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._compiler.compile(schema)
        return found

    def resolve(self, schema: Any) -> Any:
        """Follow a subschema that is only a local ``$ref`` (with annotations) to its target."""
        seen = 0
        # Explaining an invalid config resolves a subschema at every level it descends: a plain dict is told apart
        # without asking the Mapping ABC, and each reference's target is looked up once.
        while (schema.__class__ is dict or isinstance(schema, Mapping)) and "$ref" in schema and seen < 32:
            if any(key not in _ANNOTATIONS and key != "$ref" for key in schema):
                return schema
            reference = str(schema["$ref"])
            target = self._targets.get(reference, _NO_TARGET)
            if target is _NO_TARGET:
                target = self._targets[reference] = self._target(reference)
            schema, seen = target, seen + 1
        return schema

    def _target(self, reference: str) -> Any:
        """The subschema a local ``$ref`` (``#/$defs/Name``) points at."""
        target: Any = self._compiler.root
        for part in reference[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return target


class _Generator:
    """Writes a schema out as Python source, one function per schema object with the simple checks inline.

    Each call of a closure predicate costs a Python call; a config meets a few dozen schema objects, each checked
    through several nested closures. The generated functions check plain types, patterns, string enums and required
    keys inline and call one another only per schema object, which makes the whole check about twice as fast.
    Keywords it does not write out are checked by the closure predicate of that keyword, so it supports exactly what
    :class:`_Compiler` supports, with the same verdicts.
    """

    # An object with more properties than this is checked key by key of the value rather than property by property.
    _FEW = 8

    def __init__(self, compiler: _Compiler, *, recipes: bool = False) -> None:
        self.compiler = compiler
        self.namespace: dict[str, Any] = {"_M": object()}
        self.constants: dict[int, str] = {}
        self.functions: dict[int, str] = {}
        self.refs: dict[str, str] = {}
        # Functions named but not written yet: their schema, and the dispatch tables that hold their stand-in.
        self.pending: dict[str, Any] = {}
        self.slots: dict[str, list[tuple[dict[str, Any], str]]] = {}
        #: With ``recipes`` (writing a whole module, see :func:`generate_module`): the source that makes each constant
        #: again, and the keyword and schema (a JSON pointer) of each closure predicate, made again where it is loaded.
        self.recipes: dict[str, str] | None = {} if recipes else None
        self.closures: dict[str, tuple[str, str]] = {}

    def const(self, value: Any, recipe: Callable[[], str] | None = None) -> str:
        name = self.constants.get(id(value))
        if name is None:
            name = self.constants[id(value)] = f"c{len(self.constants)}"
            self.namespace[name] = value
            if self.recipes is not None:
                self.recipes[name] = recipe() if recipe is not None else _source(value)
        return name

    def closure(self, keyword: str, argument: Any, schema: Mapping[str, Any]) -> str:
        """A constant holding the closure predicate of one keyword of ``schema``."""
        name = self.const(self.compiler._keyword(keyword, argument, schema), lambda: "None")
        if self.recipes is not None:
            self.closures[name] = (keyword, _pointer_of(self.compiler.root, schema))
        return name

    @classmethod
    def loaded(cls, compiler: _Compiler, module: ModuleType) -> _Generator:
        """The generator whose functions a module of :func:`generate_module` holds, all written and compiled."""
        generator = cls(compiler)
        generator.namespace = vars(module)
        for pointer, name in module.FUNCTIONS.items():
            generator.functions[id(_resolve(compiler.root, pointer))] = name
        generator.refs = dict(module.REFS)
        # The closure predicates are made again here, from the schema's own keywords.
        for name, (keyword, pointer) in module.KEYWORDS.items():
            schema = _resolve(compiler.root, pointer)
            generator.namespace[name] = compiler._keyword(keyword, schema[keyword], schema)
        return generator

    def build(self, schema: Any) -> Predicate:
        """The predicate of ``schema``; each function is written and compiled when first called."""
        entry = self.function(schema)
        # Looked up at each call: the first call replaces the stand-in by the compiled function.
        return lambda value: cast("Predicate", self.namespace[entry])(value)  # noqa: PLW0108

    def named(self, schema: Any) -> str | None:
        """The generated function already named for ``schema`` (for a reference, its target's), or None."""
        name = self.functions.get(id(schema))
        if name is None and isinstance(schema, Mapping) and self._keywords(schema).keys() == {"$ref"}:
            name = self.refs.get(schema["$ref"])
        return name

    def _stand_in(self, name: str) -> Predicate:
        def first_call(value: Any) -> bool:
            return self.materialize(name)(value)

        return first_call

    def materialize(self, name: str) -> Predicate:
        """Write and compile a named function, and put it where its stand-in was."""
        schema = self.pending.pop(name, None)
        if schema is not None:
            # Compiled one function at a time: a tree meets a part of the schema, a single config a small part.
            exec(compile(self.source(name, schema), "<promoter schema>", "exec"), self.namespace)  # noqa: S102 - our source
            for table, key in self.slots.pop(name, ()):
                table[key] = self.namespace[name]
        return cast("Predicate", self.namespace[name])

    def source(self, name: str, schema: Any) -> str:
        """The source of the function ``name`` that checks ``schema``; it may name further functions (pending)."""
        if isinstance(schema, Mapping):
            body = self.body(schema, self._keywords(schema))
            lines = [f"def {name}(v):", *("    " + line for line in body), "    return True"]
        else:
            lines = [f"def {name}(v):", f"    return {self.expr(schema, 'v')}"]
        return "\n".join(lines) + "\n"

    def _name(self, schema: Any) -> str:
        key = id(schema)
        name = self.functions.get(key)
        if name is None:
            name = self.functions[key] = f"f{len(self.functions)}"
            self.pending[name] = schema
            self.namespace[name] = self._stand_in(name)
        return name

    @staticmethod
    def _keywords(schema: Mapping[str, Any]) -> dict[str, Any]:
        return {k: a for k, a in schema.items() if k not in _ANNOTATIONS and k not in _HANDLED_ELSEWHERE}

    def target(self, pointer: str) -> Any:
        if not pointer.startswith("#/"):
            raise UnsupportedSchemaError(f"only local references are supported, not {pointer!r}")
        target: Any = self.compiler.root
        for part in pointer[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return target

    def expr(self, schema: Any, var: str) -> str:
        """A boolean expression that checks ``var`` against ``schema``: inline when simple, else a call."""
        if schema is True:
            return "True"
        if schema is False:
            return "False"
        if not isinstance(schema, Mapping):
            raise UnsupportedSchemaError(f"not a schema: {schema!r}")
        keywords = self._keywords(schema)
        names = keywords.get("type")
        rest = {k for k in keywords if k != "type"}
        if not keywords:
            return "True"
        if keywords.keys() == {"$ref"}:
            target = self.target(keywords["$ref"])
            if _inline(target):
                return self.expr(target, var)  # a small schema is checked in place, without a call
            return f"{self.ref(keywords['$ref'])}({var})"
        classes = _plain_classes({"type": names}) if names is not None else None
        if not rest and classes is not None:
            return f"isinstance({var}, {self.const(classes)})"
        if names in ("string", None) and rest == {"enum"} and _all_strings(keywords["enum"]):
            return f"(isinstance({var}, str) and {var} in {self.const(frozenset(keywords['enum']))})"
        if rest == {"pattern"} and isinstance(keywords["pattern"], str) and names in ("string", None):
            matches = self.search(keywords["pattern"], var)
            if names is None:
                return f"(not isinstance({var}, str) or {matches})"
            return f"(isinstance({var}, str) and {matches})"
        if keywords.keys() == {"required"}:
            needed = " and ".join(f"{name!r} in {var}" for name in keywords["required"]) or "True"
            return f"(not isinstance({var}, dict) or ({needed}))"
        if keywords.keys() == {"not"}:
            return f"(not {self.expr(keywords['not'], var)})"
        return f"{self.function(schema)}({var})"

    def search(self, pattern: str, var: str) -> str:
        """An expression: whether ``pattern`` matches in the string ``var``, the verdict remembered per string."""
        memo = _MemoSearch(lazy_compile(pattern))
        search = self.const(memo, lambda: f"_MemoSearch(lazy_compile({pattern!r}))")
        known = self.const(memo.known, lambda: f"{search}.known")
        # A string seen before costs one lookup: True, or False and a membership test; only a new one is searched.
        return f"({known}.get({var}) or ({var} not in {known} and {search}({var})))"

    def ref(self, pointer: str) -> str:
        name = self.refs.get(pointer)
        if name is None:
            target = self.target(pointer)
            self.refs[pointer] = name = self.function(target) if isinstance(target, Mapping) else self.wrap(target)
        return name

    def callee(self, schema: Any) -> str:
        """The function to call for ``schema``: a reference's target itself, rather than a function that calls it."""
        if isinstance(schema, Mapping) and self._keywords(schema).keys() == {"$ref"}:
            return self.ref(schema["$ref"])
        return self.function(schema)

    def wrap(self, schema: Any) -> str:
        """A function for a schema whose check is a simple expression (needed where a callable is)."""
        return self._name(schema)

    def function(self, schema: Any) -> str:
        """The name of the generated function that checks ``schema`` (written once per schema object)."""
        return self._name(schema)

    def body(self, schema: Mapping[str, Any], keywords: dict[str, Any]) -> list[str]:
        """Statements that return False when ``v`` fails ``keywords``."""
        lines: list[str] = []
        names = keywords.get("type")
        if isinstance(names, str) and names in _PLAIN_TYPES:
            lines.append(f"if not isinstance(v, {_PLAIN_TYPES[names].__name__ if names != 'null' else 'type(None)'}):")
            lines.append("    return False")
            del keywords["type"]
            guarded = names
        else:
            guarded = None
        if ("properties" in keywords or "additionalProperties" in keywords) and "patternProperties" not in keywords:
            object_lines = self.object(
                keywords.pop("properties", {}),
                keywords.pop("additionalProperties", True),
                tuple(keywords.pop("required", ())),
            )
            lines += self.guard("dict", guarded, object_lines)
        if isinstance(keywords.get("items"), Mapping | bool):
            item = self.expr(keywords.pop("items"), "x")
            lines += self.guard("list", guarded, ["for x in v:", f"    if not {item}:", "        return False"])
        if _all_strings(keywords.get("enum")):
            options = self.const(frozenset(keywords.pop("enum")))
            lines += [f"if not (isinstance(v, str) and v in {options}):", "    return False"]
        if isinstance(keywords.get("pattern"), str):
            matches = self.search(keywords.pop("pattern"), "v")
            lines += self.guard("str", guarded, [f"if not {matches}:", "    return False"])
        if "required" in keywords:
            needed = " and ".join(f"{name!r} in v" for name in keywords.pop("required")) or "True"
            lines += self.guard("dict", guarded, [f"if not ({needed}):", "    return False"])
        return lines + self.logic(schema, keywords, guarded)

    def logic(self, schema: Mapping[str, Any], keywords: dict[str, Any], guarded: str | None) -> list[str]:
        """Statements for references, combinators, conditions and the rarer keywords."""
        lines: list[str] = []
        for keyword in ("$ref", "not", "allOf", "anyOf"):
            if keyword not in keywords:
                continue
            argument = keywords.pop(keyword)
            if keyword == "$ref":
                test = f"{self.ref(argument)}(v)"
            elif keyword == "not":
                test = f"not {self.expr(argument, 'v')}"
            elif keyword == "allOf":
                test = " and ".join(self.expr(sub, "v") for sub in argument) or "True"
            else:
                test = " or ".join(self.expr(sub, "v") for sub in argument) or "False"
            lines += [f"if not ({test}):", "    return False"]
        if "if" in keywords:
            condition = self.expr(keywords.pop("if"), "v")
            then = self.expr(schema.get("then", True), "v")
            otherwise = self.expr(schema.get("else", True), "v")
            lines += [f"if not (({then}) if {condition} else ({otherwise})):", "    return False"]
        for name, sub in keywords.pop("dependentSchemas", {}).items():
            lines += self.guard(
                "dict", guarded, [f"if {name!r} in v and not {self.expr(sub, 'v')}:", "    return False"]
            )
        for name, needed in keywords.pop("dependentRequired", {}).items():
            present = " and ".join(f"{other!r} in v" for other in needed) or "True"
            lines += self.guard("dict", guarded, [f"if {name!r} in v and not ({present}):", "    return False"])
        if "oneOf" in keywords:
            count = " + ".join(f"(1 if {self.expr(sub, 'v')} else 0)" for sub in keywords.pop("oneOf")) or "0"
            lines += [f"if {count} != 1:", "    return False"]
        names_schema = keywords.get("propertyNames")
        if names_schema is not None and _string_options(names_schema) is not None:
            options = self.const(_string_options(keywords.pop("propertyNames")))
            lines += self.guard("dict", guarded, [f"if not {options}.issuperset(v):", "    return False"])
        for keyword, argument in keywords.items():
            # The rarer keywords are written out when simple, and checked by their closure predicate otherwise.
            inline = self.inline_keyword(keyword, argument, guarded)
            closure = self.closure(keyword, argument, schema) if inline is None else ""
            lines += inline or [f"if not {closure}(v):", "    return False"]
        return lines

    def inline_keyword(self, keyword: str, argument: Any, guarded: str | None) -> list[str] | None:
        """Statements for a keyword that is simple to write out (a size, a type with numbers, a constant), or None.

        Each says what the keyword's closure predicate says, without the call.
        """
        if keyword in _SIZES:
            kind, minimum = _SIZES[keyword]
            limit = int(argument)
            within = f"len(v) >= {limit}" if minimum else f"len(v) <= {limit}"
            return self.guard(_KIND_NAMES[kind], guarded, [f"if not {within}:", "    return False"])
        if keyword == "type":
            names = [argument] if isinstance(argument, str) else list(argument)
            if not all(name in _TYPE_EXPRESSIONS for name in names):
                return None
            return [f"if not ({' or '.join(_TYPE_EXPRESSIONS[name] for name in names)}):", "    return False"]
        if keyword == "const" and (isinstance(argument, str) or argument is True or argument is False):
            # JSON's equality: a string equals only a string, and true only true (never 1).
            equal = f"(isinstance(v, str) and v == {argument!r})" if isinstance(argument, str) else f"v is {argument}"
            return [f"if not {equal}:", "    return False"]
        if keyword == "propertyNames" and isinstance(argument, Mapping):
            return self.guard(
                "dict", guarded, ["for k in v:", f"    if not {self.expr(argument, 'k')}:", "        return False"]
            )
        return None

    @staticmethod
    def guard(kind: str, guarded: str | None, lines: list[str]) -> list[str]:
        """``lines`` run only when ``v`` is a ``kind`` (unless the type check before already made sure of it)."""
        if not lines or guarded == {"dict": "object", "list": "array", "str": "string"}[kind]:
            return lines  # nothing to check (an object whose properties all pass), or nothing to guard
        return [f"if isinstance(v, {kind}):", *("    " + line for line in lines)]

    def object(self, properties: dict[str, Any], extra: Any, required: tuple[str, ...]) -> list[str]:
        """``properties``, ``additionalProperties`` and ``required`` of a value known to be a dict."""
        lines: list[str] = []
        known = self.const(frozenset(properties))
        extra_test = self.expr(extra, "x")
        if required:
            lines += [f"if not ({' and '.join(f'{name!r} in v' for name in required)}):", "    return False"]
        checked = {name: sub for name, sub in properties.items() if self.expr(sub, "x") != "True"}
        if extra_test == "False":
            lines += [f"if not {known}.issuperset(v):", "    return False"]
        if len(checked) <= self._FEW:
            for name, sub in checked.items():
                test = self.expr(sub, "x")
                if test in _NOTHING_PASSES:
                    # A field that may not be there at all (the "then" of a condition): only its presence fails.
                    lines += [f"if {name!r} in v:", "    return False"]
                    continue
                lines += [f"x = v.get({name!r}, _M)", f"if x is not _M and not {test}:", "    return False"]
            if extra_test not in ("True", "False"):
                lines += [
                    "for k, x in v.items():",
                    f"    if k not in {known} and not {extra_test}:",
                    "        return False",
                ]
            return lines
        plain: dict[str, Any] = {}
        tests: dict[str, str] = {}
        for name, sub in checked.items():
            classes = _plain_classes(sub)
            if classes is not None:
                plain[name] = classes
            else:
                tests[name] = self.callee(sub)
        plain_name = self.const(plain)
        table: dict[str, Any] = {}
        for key, function in tests.items():
            table[key] = self.namespace[function]
            if function in self.pending:
                self.slots.setdefault(function, []).append((table, key))
        tests_name = self.const(table, lambda: "{" + ", ".join(f"{key!r}: {tests[key]}" for key in table) + "}")
        lines += [
            "for k, x in v.items():",
            f"    c = {plain_name}.get(k)",
            "    if c is not None:",
            "        if not isinstance(x, c):",
            "            return False",
            "        continue",
            f"    t = {tests_name}.get(k)",
            "    if t is not None:",
            "        if not t(x):",
            "            return False",
        ]
        if extra_test not in ("True", "False"):
            lines += [f"    elif k not in {known} and not {extra_test}:", "        return False"]
        return lines


# The module generate_module writes, committed beside this one: installed, its bytecode is loaded rather than source
# written and compiled in each process (about 40 ms for the functions a tree of configs meets, 7 ms of closures for one
# config).
PRECOMPILED = "promoter.schemacode"
PRECOMPILED_FILE = "schemacode.py"

_CLASS_SOURCES: dict[type, str] = {
    dict: "dict",
    list: "list",
    str: "str",
    bool: "bool",
    int: "int",
    float: "float",
    type(None): "type(None)",
}


def _source(value: Any) -> str:
    """Python source that makes ``value`` again: a constant of the generated functions."""
    if isinstance(value, type) and value in _CLASS_SOURCES:
        return _CLASS_SOURCES[value]
    if isinstance(value, tuple):
        return "(" + "".join(f"{_source(item)}, " for item in value) + ")"
    if isinstance(value, frozenset):
        return "frozenset((" + "".join(f"{_source(item)}, " for item in sorted(value, key=repr)) + "))"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_source(key)}: {_source(item)}" for key, item in value.items()) + "}"
    if value is None or isinstance(value, str | int | float):
        return repr(value)
    raise UnsupportedSchemaError(f"a constant that cannot be written as source: {value!r}")


def _pointers(root: Any) -> dict[int, str]:
    """The JSON pointer (``""`` for the root, else ``/a/0/b``) of every value of a document, by identity.

    Booleans are shared objects: ``True`` gets the first place that holds it, which checks the same anywhere.
    """
    found: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(root, "")]
    while stack:
        value, pointer = stack.pop()
        found.setdefault(id(value), pointer)
        if isinstance(value, dict):
            children: Any = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            continue
        for key, child in reversed(list(children)):
            stack.append((child, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"))
    return found


def _pointer_of(root: Any, schema: Any) -> str:
    """The JSON pointer of ``schema`` inside ``root`` (a generated module names schemas so)."""
    pointer = _pointers(root).get(id(schema))
    if pointer is None:
        raise UnsupportedSchemaError("a schema that is not a part of the document")
    return pointer


def _resolve(root: Any, pointer: str) -> Any:
    """The value at a JSON pointer of :func:`_pointers`."""
    target = root
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        target = target[int(key)] if isinstance(target, list) else target[key]
    return target


def precompiled_digest(schema_text: str) -> str | None:
    """What a generated module is made from: the schema's text and this module's code (None when it cannot be read)."""
    try:
        with open(__file__, "rb") as handle:
            code = handle.read()
    except OSError:
        return None
    try:
        from _blake2 import blake2b  # noqa: PLC0415 - hashlib's own BLAKE2, without the OpenSSL hashlib loads (2 ms)
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b  # noqa: PLC0415
    digest = blake2b(code, digest_size=20)
    digest.update(b"\0" + schema_text.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def precompiled(schema_text: str) -> ModuleType | None:
    """The module :func:`generate_module` wrote for this schema with this code, or None (absent, or another's).

    A schema or a compiler changed since the module was written is never checked by it: the digest it carries names
    both (a test keeps it current).
    """
    import importlib  # noqa: PLC0415

    digest = precompiled_digest(schema_text)
    if digest is None:
        return None
    try:
        module = importlib.import_module(PRECOMPILED)
    except (ImportError, SyntaxError):
        return None
    return module if getattr(module, "DIGEST", None) == digest else None


def generate_module(schema_text: str) -> str:
    """The source of :data:`PRECOMPILED`: every function the schema's generated predicate has, and its constants.

    The functions are those :class:`_Generator` writes one by one when they are first called, all of them, in a
    fixed order; the constants are written as the source that makes them, after the functions (which look them up
    when called); the closure predicates of the keywords the functions do not write out are made where the module is
    loaded (:meth:`_Generator.loaded`), as are the places of the schemas the functions check.
    """
    import json  # noqa: PLC0415

    root = json.loads(schema_text)
    compiler = _Compiler(root)
    compiler.compile(root)
    generator = _Generator(compiler, recipes=True)
    entry = generator.function(root)
    functions = []
    while generator.pending:
        name = next(iter(generator.pending))
        functions.append(generator.source(name, generator.pending.pop(name)))
    pointers = _pointers(root)
    named = {pointers[key]: name for key, name in generator.functions.items()}
    assert generator.recipes is not None
    header = [
        '"""The schema of ci-operator configs as Python predicates, written by promoter.fastschema: never edit it.',
        "",
        "Regenerate it with ``python -m pytest tests/test_fastschema.py --update-goldens`` after a change to the",
        "schema or to promoter/fastschema.py; until then the functions are written and compiled at run time instead.",
        '"""',
        "# ruff: noqa",
        "# mypy: ignore-errors",
        "",
        "from promoter.fastschema import _MemoSearch",
        "from promoter.lazyre import lazy_compile",
        "",
        f"DIGEST = {precompiled_digest(schema_text)!r}",
        f"ENTRY = {entry!r}",
        f"FUNCTIONS = {named!r}",
        f"REFS = {generator.refs!r}",
        f"KEYWORDS = {generator.closures!r}",
        "",
        "_M = object()",
        "",
    ]
    constants = [f"{name} = {recipe}\n" for name, recipe in generator.recipes.items()]
    return "\n".join(header) + "\n" + "".join(functions) + "\n" + "".join(constants)
