"""Schema validation of ci-operator configs: every schema error as one finding at the offending line.

jsonschema reports what failed in schema terms; this module turns each error into what a config author needs: the
key that is unknown (with a suggestion), the value that is wrong (with what was expected), the field that is
missing. One root cause gives one finding: a misspelled key is reported as unknown, not also as a missing required
field, and a failed ``oneOf`` names the branch that came closest.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from promoter import goload
from promoter.fastschema import Predicate, SchemaPredicates, UnsupportedSchemaError, precompiled
from promoter.findings import Finding, Severity
from promoter.goyaml import kind_in_words
from promoter.lazydataclass import dataclass
from promoter.lazyre import lazy_compile
from promoter.schema import schema, schema_text
from promoter.yamldoc import Document, JsonPath, format_path

if TYPE_CHECKING:
    # jsonschema takes tens of milliseconds to import and is only needed to explain an invalid config.
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# Fields ci-operator used to read and no longer does: reported as legacy (LEG-4) rather than as typos.
REMOVED_FIELDS = {
    "cluster": "the api.ci cluster URL fields were removed with the api.ci cluster in 2021",
    "artifact_dir": "tests no longer take artifact_dir; artifacts are collected from $ARTIFACT_DIR",
    "openshift_installer": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_installer_src": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_installer_upi": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_installer_upi_src": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_installer_custom_test_image": "template tests were removed from ci-operator; use a multi-stage test",
    "openshift_installer_console": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_ansible": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_ansible_40": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_ansible_src": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_ansible_custom": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "openshift_ansible_upgrade": "template tests were removed from ci-operator; use a multi-stage test (steps)",
    "tag_overrides": "tag_specification.tag_overrides was removed; ci-operator ignores it",
}

_PYTHON_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}


@functools.cache
def validator() -> Draft202012Validator:
    """The jsonschema validator, built once per process and reused for every file; it explains failures."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - see the TYPE_CHECKING import

    return Draft202012Validator(schema())


@functools.cache
def predicates() -> SchemaPredicates | None:
    """The schema compiled into fast yes/no predicates, or None if the schema uses a keyword they cannot handle.

    The predicates come precompiled with the package (promoter.schemacode) when it was generated from this schema.
    """
    try:
        return SchemaPredicates(schema(), precompiled=precompiled(schema_text()))
    except UnsupportedSchemaError:
        return None


def quick_check() -> Predicate | None:
    """The whole schema as one fast predicate, the generated one (None when it cannot be compiled)."""
    compiled = predicates()
    return compiled.generated if compiled is not None else None


def _errors(instance: Any, subschema: Any, path: JsonPath) -> Iterator[ValidationError]:
    """The errors jsonschema reports for ``instance`` against ``subschema``, with paths made absolute."""
    for error in validator().evolve(schema=subschema).iter_errors(instance):
        error.path.extendleft(reversed(path))
        yield error


def _stub(schema: Any) -> Any:
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return {"description": schema["description"]}
    return True


# The shallow form of each subschema explained so far, by id, with the subschema itself to make the id certain.
_SHALLOW: dict[int, tuple[Any, dict[str, Any]]] = {}


def _shallow(subschema: dict[str, Any], *, stub_properties: bool) -> dict[str, Any]:
    """The subschema with its properties (or items) accepted whatever they hold, made once per subschema."""
    key = id(subschema) * 2 + stub_properties
    cached = _SHALLOW.get(key)
    if cached is not None and cached[0] is subschema:
        return cached[1]
    shallow = dict(subschema)
    if stub_properties:
        # Stubs accept anything but keep the descriptions that messages quote.
        shallow["properties"] = {key: _stub(value) for key, value in subschema["properties"].items()}
    else:
        shallow["items"] = True
    _SHALLOW[key] = (subschema, shallow)
    return shallow


# Keywords whose check reads a sibling: what additionalProperties counts as known, if's then and else.
_SIBLINGS = {"additionalProperties": ("properties", "patternProperties"), "if": ("then", "else")}
# Keywords checked only with another (the stubbed properties always pass, and messages quote them).
_NOT_ON_THEIR_OWN = frozenset({"properties", "then", "else", "$defs"})
# The keyword groups of each shallow schema (each with the schema of its keywords alone), by id, as _SHALLOW.
_PARTS: dict[int, tuple[Any, list[tuple[frozenset[str], dict[str, Any]]]]] = {}


def _parts(shallow: dict[str, Any]) -> list[tuple[frozenset[str], dict[str, Any]]]:
    """The keywords of a shallow schema in groups checked on their own, with the schema of each group."""
    cached = _PARTS.get(id(shallow))
    if cached is not None and cached[0] is shallow:
        return cached[1]
    parts = []
    for keyword in shallow:
        if keyword not in _NOT_ON_THEIR_OWN:
            keys = frozenset({keyword, *_SIBLINGS.get(keyword, ())})
            parts.append((keys, {key: value for key, value in shallow.items() if key in keys}))
    _PARTS[id(shallow)] = (shallow, parts)
    return parts


def _failing(schema: dict[str, Any], instance: Any, compiled: SchemaPredicates) -> set[str]:
    """The keywords of ``schema`` that ``instance`` fails, with the siblings each is checked with."""
    failing: set[str] = set()
    for keys, part in _parts(schema):
        if not compiled.predicate(part)(instance):
            failing.update(keys)
    return failing


def _failing_keywords(shallow: dict[str, Any], failing: set[str]) -> dict[str, Any]:
    """The shallow schema without the keywords that pass: jsonschema then reports the same errors, sooner.

    Annotations (descriptions quoted by messages) and the stubbed properties are kept; so is the order of the
    keywords, which is the order of the errors.
    """
    passing = {key for keys, _part in _parts(shallow) for key in keys}
    drop = passing - failing - {"properties"}
    if not drop:
        return shallow
    return {key: value for key, value in shallow.items() if key not in drop}


class KeywordError:
    """One failed keyword, found without jsonschema: what the converter reads of a jsonschema ``ValidationError``."""

    __slots__ = ("absolute_path", "instance", "schema", "validator", "validator_value")
    # A keyword explained here never fails inside a oneOf or anyOf, so it has no context of its own.
    context: tuple[()] = ()

    def __init__(self, keyword: str, schema: dict[str, Any], instance: Any, path: JsonPath) -> None:
        """The failure of ``schema[keyword]`` for ``instance`` at ``path``."""
        self.validator = keyword
        self.validator_value = schema[keyword]
        self.instance = instance
        self.schema = schema
        self.absolute_path = path

    @property
    def message(self) -> str:
        """The wording jsonschema gives, which no converter of the keywords explained here reads."""
        raise NotImplementedError(f"no message is made for {self.validator!r} without jsonschema")


# Keywords whose failures are found without jsonschema, by the keyword: each yields what jsonschema yields, in its
# order (one error, or one per missing field). "properties" is only ever a sibling here: its values are stubbed,
# or the instance is not a mapping. Together they are almost every failure of real configs.
def _one(
    keyword: str, schema: dict[str, Any], instance: Any, path: JsonPath, _compiled: SchemaPredicates
) -> Iterator[KeywordError]:
    yield KeywordError(keyword, schema, instance, path)


def _missing(
    keyword: str, schema: dict[str, Any], instance: Any, path: JsonPath, _compiled: SchemaPredicates
) -> Iterator[KeywordError]:
    for name in schema[keyword]:
        if name not in instance:
            yield KeywordError(keyword, schema, instance, path)


def _nothing(
    _keyword: str, _schema: dict[str, Any], _instance: Any, _path: JsonPath, _compiled: SchemaPredicates
) -> Iterator[KeywordError]:
    return iter(())


def _conditional(
    _keyword: str, schema: dict[str, Any], instance: Any, path: JsonPath, compiled: SchemaPredicates
) -> Iterator[ValidationError | KeywordError]:
    # jsonschema reports the errors of the branch the condition picks, as if that branch were the whole schema.
    branch = schema.get("then" if compiled.predicate(schema["if"])(instance) else "else")
    if branch is not None:
        yield from explain(instance, branch, path, compiled)


def _reference(
    keyword: str, schema: dict[str, Any], instance: Any, path: JsonPath, compiled: SchemaPredicates
) -> Iterator[ValidationError | KeywordError]:
    # jsonschema reports the errors of the schema referred to, as if it stood in place of the reference.
    yield from explain(instance, {keyword: schema[keyword]}, path, compiled)


def _additional(
    keyword: str, schema: dict[str, Any], instance: Any, path: JsonPath, compiled: SchemaPredicates
) -> Iterator[ValidationError | KeywordError]:
    extra = schema[keyword]
    if extra is False:
        yield KeywordError(keyword, schema, instance, path)
        return
    # An open object: jsonschema checks each key its properties do not name against the schema of the rest.
    known = schema.get("properties", {})
    check = compiled.predicate(extra)
    for key, value in instance.items():
        if key not in known and not check(value):
            yield from explain(value, extra, (*path, key), compiled)


_OWN_KEYWORDS = {
    "additionalProperties": _additional,
    "$ref": _reference,
    "required": _missing,
    "type": _one,
    "enum": _one,
    "pattern": _one,
    "minProperties": _one,
    "not": _one,
    "if": _conditional,
    "then": _nothing,
    "else": _nothing,
    "properties": _nothing,
}


def _own_errors(
    schema: dict[str, Any], failing: set[str], instance: Any, path: JsonPath, compiled: SchemaPredicates
) -> list[ValidationError | KeywordError] | None:
    """The errors jsonschema reports for ``instance`` against ``schema``, or None if a failing keyword needs it."""
    # Siblings the schema lacks (an additionalProperties without patternProperties) are not failures.
    failing = failing.intersection(schema)
    if not failing.issubset(_OWN_KEYWORDS):
        return None
    # additionalProperties beside patternProperties is left to jsonschema (patternProperties fails with it).
    # The converter reads jsonschema's message for minProperties unless it asks for one of its named fields.
    if "minProperties" in failing and (schema["minProperties"] != 1 or not schema.get("properties")):
        return None
    errors: list[ValidationError | KeywordError] = []
    for keyword in schema:
        if keyword in failing:
            errors.extend(_OWN_KEYWORDS[keyword](keyword, schema, instance, path, compiled))
    return errors


def _level_errors(
    instance: Any, subschema: Any, path: JsonPath, compiled: SchemaPredicates, *, narrow: bool
) -> Iterator[ValidationError | KeywordError]:
    """The errors of ``subschema``'s own keywords: found here when they are common ones, by jsonschema otherwise."""
    if not isinstance(subschema, dict):
        yield from _errors(instance, subschema, path)
        return
    failing = _failing(subschema, instance, compiled)
    checked = _failing_keywords(subschema, failing) if narrow else subschema
    own = _own_errors(checked, failing, instance, path, compiled)
    if own is not None:
        yield from own
    else:
        yield from _errors(instance, checked, path)


def explain(
    instance: Any, subschema: Any, path: JsonPath, compiled: SchemaPredicates
) -> Iterator[ValidationError | KeywordError]:
    """The errors jsonschema reports for an invalid instance, asking it only about the parts that fail.

    At each level the object's own keywords are checked with its properties and items stubbed out, only when the
    compiled predicate of that shallow schema fails, and then only its keywords that fail: the common ones here,
    the rest by jsonschema. Then each property and item is checked with its compiled predicate, and only the
    failing ones are explained in turn. The errors are those of validating the whole instance with jsonschema at
    once, at a fraction of the cost.
    """
    subschema = compiled.resolve(subschema)
    properties = subschema.get("properties") if isinstance(subschema, dict) and isinstance(instance, dict) else None
    items = subschema.get("items") if isinstance(subschema, dict) and isinstance(instance, list) else None
    if not properties and not isinstance(items, dict):
        yield from _level_errors(instance, subschema, path, compiled, narrow=False)
        return
    shallow = _shallow(subschema, stub_properties=bool(properties))
    if not compiled.predicate(shallow)(instance):
        yield from _level_errors(instance, shallow, path, compiled, narrow=True)
    if properties:
        for key, value in instance.items():
            child = properties.get(key)
            # A list is explained item by item at once: checking it whole first would check every item twice when
            # one fails, and explaining a valid list costs what checking it does (its items' checks, no error).
            if child is not None and (
                (value.__class__ is list and _checks_items(compiled.resolve(child)))
                or not compiled.predicate(child)(value)
            ):
                yield from explain(value, child, (*path, key), compiled)
    if isinstance(items, dict):
        check = compiled.predicate(items)
        for index, value in enumerate(instance):
            if not check(value):
                yield from explain(value, items, (*path, index), compiled)


def _checks_items(subschema: Any) -> bool:
    """Whether :func:`explain` checks a list against ``subschema`` item by item (its ``items`` is a schema)."""
    return isinstance(subschema, dict) and isinstance(subschema.get("items"), dict)


def strip_nulls(value: Any) -> Any:
    """Drop mapping entries whose value is null: ci-operator treats them as absent."""
    if isinstance(value, dict):
        return {key: strip_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [strip_nulls(item) for item in value]
    return value


# What each pattern of the schema accepts, in words with an example: findings never show a regular expression.
PATTERN_SHAPES: dict[str, str] = {
    r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$": "an image tag name: up to 128 letters, digits, '_', '.' or '-', not"
    " starting with '.' or '-', e.g. 'base-rhel9'",
    r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$": "a DNS-1123 label: up to 63 lower-case letters, digits or '-',"
    " starting and ending with a letter or digit, e.g. 'e2e-aws'",
    r"^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$": "an image name: up to 63 lower-case letters, digits, '.', '_' or"
    " '-', starting and ending with a letter or digit, e.g. 'my-operator'",
    r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$": "a Kubernetes quantity, a"
    " number with an optional unit, e.g. '1Gi' or '500M'",
    r"^/": "an absolute path, starting with '/', e.g. '/var/run/secrets/my-secret'",
    r"^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$": "a Go duration, numbers"
    " with units h, m, s, ms, us or ns, e.g. '1h30m' or '90s'",
    r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$": "a label value: letters, digits, '-', '_' or '.', starting"
    " and ending with a letter or digit, e.g. 'arm64'",
    r"^[^.]+\.[^.]+$": "an extra ref written <org>.<repo>, with exactly one dot, e.g. 'openshift.installer'",
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)?$": "an image stream name: letters, digits, '.', '_' or '-', starting with a"
    " letter or digit, e.g. 'release' or '4.17'",
    r"^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)?$": "a namespace, a DNS-1123 label: up to 63 lower-case letters,"
    " digits or '-', starting and ending with a letter or digit, e.g. 'ocp'",
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$": "a name of letters, digits, '.', '_' or '-', starting with a letter or digit,"
    " e.g. '4.17'",
    r"^[A-Za-z0-9_.-]*$": "a branch name of letters, digits, '_', '.' or '-', e.g. 'release-4.17'",
    r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$": "a variant name: up to 63 letters, digits, '_', '.' or"
    " '-', starting and ending with a letter or digit, e.g. 'okd-scos'",
    r"^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$": "a DNS-1123 subdomain: up to 253 lower-case letters, digits, '-' or"
    " '.', starting and ending with a letter or digit, e.g. 'my-secret'",
    r"^(app\.ci|arm01|vsphere02)$|build[0-9][0-9]+": "a build farm cluster: app.ci, arm01, vsphere02 or buildNN,"
    " e.g. 'build05'",
    r"[0-9]\.[0-9]+": "a version holding <major>.<minor>, quoted, e.g. '4.17' or '4.16.3'",
    r"quay.io": "a registry host holding quay.io, e.g. 'quay.io'",
    r"^[^.]*$": "a release name without '.', e.g. 'latest' or 'custom-4_17'",
    r"^([a-z0-9]+((_|__|-*)[a-z0-9]+)*|.*[.].*)$": "a release name of lower-case letters, digits, '-' or '_', e.g."
    " 'latest' or 'custom-4_17'",
}


@dataclass(frozen=True, slots=True)
class SchemaResult:
    """Schema findings, and the fields (``promotion.to[0].namespace``) that a misspelled key explains.

    Other rules use ``explained`` to stay silent about a "missing" field that is really a typo already reported.
    """

    findings: list[Finding]
    explained: frozenset[str]


def validate_document(document: Document) -> SchemaResult:
    """Every schema finding of one loaded document (nothing when it did not load to a mapping)."""
    if not isinstance(document.data, dict):
        return SchemaResult([], frozenset())
    data = document.data  # the loader already dropped null values, as ci-operator ignores them
    compiled = predicates()
    if compiled is not None and compiled.root(data):
        return SchemaResult([], frozenset())
    errors = explain(data, schema(), (), compiled) if compiled is not None else validator().iter_errors(data)
    converter = _Converter(document)
    findings: list[Finding] = []
    for error in errors:
        findings.extend(converter.convert(error))
    return SchemaResult(converter.drop_cascades(findings), frozenset(converter.explained_paths()))


def _schema(error: ValidationError | KeywordError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def _value(error: ValidationError | KeywordError) -> Any:
    return error.validator_value


_SENTENCE_END = lazy_compile(r"(?<!e\.g)(?<!i\.e)\.\s+(?=[A-Z(])")


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text, maxsplit=1)[0].rstrip(".")


class _KnownNames(dict[str, str]):
    """The known field names of an object by their case-folded form (the first of those that fold alike)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = frozenset(names)
        for name in names:
            self.setdefault(name.casefold(), name)


# The known names of each object schema's properties explained so far, by the id of its properties, with the
# properties themselves to make the id certain (as _SHALLOW); bounded, though a schema has only so many objects.
_KNOWN: dict[int, tuple[Any, _KnownNames]] = {}
_KNOWN_KEPT = 1024
_NO_PROPERTIES: dict[str, Any] = {}


def _known_names(properties: dict[str, Any]) -> _KnownNames:
    """The names of an object schema's properties, folded once: the same few objects are explained again and again."""
    cached = _KNOWN.get(id(properties))
    if cached is not None and cached[0] is properties:
        return cached[1]
    names = _KnownNames(tuple(properties))
    if len(_KNOWN) < _KNOWN_KEPT:
        _KNOWN[id(properties)] = (properties, names)
    return names


class _Converter:
    def __init__(self, document: Document) -> None:
        self.document = document
        # (object path, property) pairs explained by an unknown or miscased key, whose "required" error is a cascade.
        self.explained_missing: set[tuple[JsonPath, str]] = set()

    def convert(self, error: ValidationError | KeywordError) -> Iterator[Finding]:
        path: JsonPath = tuple(error.absolute_path)
        keyword = str(error.validator)
        if keyword in ("oneOf", "anyOf") and error.context:
            from jsonschema.exceptions import best_match  # noqa: PLC0415 - see the TYPE_CHECKING import

            yield from self.convert(best_match(error.context))
            return
        handler = getattr(self, f"_on_{keyword}", None)
        if handler is not None:
            yield from handler(error, path)
            return
        yield self._finding(path, "SC-6", f"{self._where(path)}{error.message}")

    def drop_cascades(self, findings: list[Finding]) -> list[Finding]:
        """Drop missing-field errors explained by a misspelled key, and keep one finding per rule and place."""
        explained = self.explained_paths()
        best: dict[tuple[str, str, int, int], Finding] = {}
        for finding in findings:
            if finding.rule == "SC-1" and finding.json_path in explained:
                continue
            key = (finding.rule, finding.json_path, finding.line, finding.column)
            # The same constraint can fail through two schema routes; keep the more explicit message.
            # Ties go to the message that sorts first, so the order the errors came in never matters.
            if key not in best or (-len(finding.message), finding.message) < (
                -len(best[key].message),
                best[key].message,
            ):
                best[key] = finding
        return list(best.values())

    def explained_paths(self) -> set[str]:
        """Fields reported as misspelled or miscased keys, by path."""
        return {format_path((*path, name)) for path, name in self.explained_missing}

    def _where(self, path: Sequence[str | int]) -> str:
        text = format_path(path)
        return f"{text}: " if text else ""

    def _finding(
        self, path: JsonPath, rule: str, message: str, *, severity: Severity = Severity.ERROR, key: bool = False
    ) -> Finding:
        return self.document.finding(path, rule, severity, message, key=key)

    def _on_additionalProperties(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:  # noqa: N802
        instance = error.instance
        if not isinstance(instance, dict):
            return
        properties = _schema(error).get("properties", _NO_PROPERTIES)
        if _schema(error).get("additionalProperties") is not False:
            return
        by_case = _known_names(properties)
        for key in sorted(k for k in instance if k not in by_case.names):
            key_path = (*path, key)
            folded = by_case.get(key.casefold())
            if folded is not None:
                self.explained_missing.add((path, folded))
                yield self.document.case_finding(key_path, folded)
                continue
            if key in REMOVED_FIELDS:
                yield self._finding(
                    key_path,
                    "LEG-4",
                    f"{format_path(key_path)}: {key!r} is no longer a ci-operator field ({REMOVED_FIELDS[key]})",
                    key=True,
                )
                continue
            import difflib  # noqa: PLC0415 - only for a key that is not known

            suggestion = difflib.get_close_matches(key, list(properties), n=1, cutoff=0.75)
            hint = f"; did you mean {suggestion[0]!r}?" if suggestion else ""
            if suggestion:
                self.explained_missing.add((path, suggestion[0]))
            where = format_path(path) or "top level"
            yield self._finding(
                key_path,
                "LD-6",
                f"{where}: unknown field {key!r}{hint} (ci-operator ignores unknown fields)",
                key=True,
            )

    def _on_required(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        properties = _schema(error).get("properties", {})
        for name in _value(error):
            if name in instance:
                continue
            described = properties.get(name)
            description = described.get("description", "") if isinstance(described, dict) else ""
            detail = f" ({_first_sentence(description)})" if description else ""
            finding = self._finding(path, "SC-1", f"{self._where(path)}missing required field {name!r}{detail}")
            # Located at the object, but keyed by the missing field so a cascade can be recognised.
            yield Finding(
                file=finding.file,
                line=finding.line,
                column=finding.column,
                json_path=format_path((*path, name)),
                rule=finding.rule,
                severity=finding.severity,
                message=finding.message,
            )

    def _on_dependentRequired(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:  # noqa: N802
        instance = error.instance if isinstance(error.instance, dict) else {}
        dependencies = _value(error) if isinstance(_value(error), dict) else {}
        # One finding per field set without what it needs, at that field, in ci-operator's words.
        for field, needed in dependencies.items():
            if field not in instance:
                continue
            for name in needed:
                if name not in instance:
                    where = (*path, field)
                    yield self._finding(
                        where, "SC-4", f"{format_path(where)}: {field} requires {name!r} to be set", key=True
                    )

    def _on_type(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:
        expected = _value(error)
        expected_types = [expected] if isinstance(expected, str) else list(expected)
        value = error.instance
        if "string" in expected_types and isinstance(value, bool | int | float):
            yield goload.scalar_finding(self.document, path, value)
            return
        wanted = " or ".join(_PYTHON_TYPE_NAMES.get(t, t) for t in expected_types)
        yield self._finding(
            path,
            "LD-2",
            f"{self._where(path)}expected {wanted}, found {kind_in_words(value)}; ci-operator cannot load this file",
        )

    def _on_enum(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:
        allowed = [str(item) for item in _value(error)]
        value = error.instance
        import difflib  # noqa: PLC0415 - only for a value that is not allowed

        suggestion = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {suggestion[0]!r}?" if suggestion else ""
        yield self._finding(path, "SC-2", f"{self._where(path)}{value!r} is not one of {', '.join(allowed)}{hint}")

    def _on_const(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:
        description = _schema(error).get("description")
        message = _first_sentence(description) if description else error.message
        yield self._finding(path, "SC-4", f"{self._where(path)}{message}")

    def _on_not(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:
        description = _schema(error).get("description")
        message = _first_sentence(description) if description else "this field is not allowed here"
        yield self._finding(path, "SC-4", f"{self._where(path)}{message}", key=True)

    def _on_pattern(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:
        description = _schema(error).get("description", "")
        shape = PATTERN_SHAPES.get(str(_value(error)))
        if shape is None:
            # A pattern without words of its own: its field's description says what is expected, never the regex.
            shape = _first_sentence(description) if description else "a value of another form"
        mismatch = f"{error.instance!r} is not {shape}"
        # x-verdict marks a shape ci-operator's validation does not check: what happens then decides the severity,
        # and x-run-time says which jobs fail when it runs (every job, or only the jobs that use the field).
        schema = _schema(error)
        verdict = schema.get("x-verdict")
        run_time = schema.get("x-run-time")
        if error.instance == "" and (verdict == "fails at run time" or run_time):
            yield self._finding(path, "SC-3", f"{self._where(path)}must be set; ci-operator refuses an empty value")
        elif verdict == "accepted (opinion)":
            consequence = f"; {run_time}" if run_time else ""
            yield self._finding(
                path,
                "SC-3",
                f"{self._where(path)}ci-operator accepts this, but {mismatch}{consequence}",
                severity=Severity.WARNING,
            )
        elif verdict == "fails at run time":
            yield self._finding(
                path, "SC-3", f"{self._where(path)}{mismatch}; ci-operator does not check this, but {run_time}"
            )
        else:
            yield self._finding(path, "SC-3", f"{self._where(path)}{mismatch}")

    def _on_propertyNames(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:  # noqa: N802
        yield self._finding(path, "SC-3", f"{self._where(path)}{error.message}")

    def _size(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:
        yield self._finding(path, "SC-5", f"{self._where(path)}{error.message}")

    _on_minItems = _size  # noqa: N815
    _on_maxItems = _size  # noqa: N815
    _on_minLength = _size  # noqa: N815
    _on_maxLength = _size  # noqa: N815

    def _on_minProperties(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:  # noqa: N802
        fields = sorted(_schema(error).get("properties", {}))
        if not fields or _value(error) != 1:
            yield from self._size(error, path)
            return
        yield self._finding(path, "SC-5", f"{self._where(path)}must set one of {', '.join(fields)}")

    def _on_maxProperties(self, error: ValidationError | KeywordError, path: JsonPath) -> Iterator[Finding]:  # noqa: N802
        fields = sorted(_schema(error).get("properties", {}))
        instance = error.instance if isinstance(error.instance, dict) else {}
        if not fields or _value(error) != 1:
            yield from self._size(error, path)
            return
        given = ", ".join(sorted(key for key in instance if key in fields))
        yield self._finding(
            path, "SC-5", f"{self._where(path)}cannot set more than one of {', '.join(fields)} (found {given})"
        )

    _on_minimum = _size
    _on_maximum = _size
    _on_exclusiveMinimum = _size  # noqa: N815
    _on_exclusiveMaximum = _size  # noqa: N815
