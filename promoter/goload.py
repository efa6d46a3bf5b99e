"""Where ci-operator's loader turns a YAML number or boolean into a string, and where it cannot.

ci-operator reads a config with ghodss/yaml: go-yaml v2 builds generic data, which is converted to JSON and decoded
by ``encoding/json`` into Go structs. JSON has no room for "a number that should be a string", so during the
conversion ghodss/yaml walks the Go struct by reflection, following each key to the field JSON would fill, and turns
a number or boolean into a string when that field is a string. Checked against the real library (Debian's
golang-github-ghodss-yaml-dev, the version ci-tools pins), the walk has one blind spot: for a field that Go declares
in an embedded ``json:",inline"`` struct it takes the embedded struct itself as the target, not the field. Below
such a key a scalar is not converted, and the decoder then refuses the whole file ("json: cannot unmarshal number
into Go struct field ImageStreamTagReference.base_images.tag of type string"). The children of such a key are looked
up among the embedded struct's own fields, so a child that happens to share a name with one of them (a base image
called ``build_root``) is walked again; anything else is blind all the way down.

A type with its own JSON decoder also stops the walk; the one ci-operator configs use (prow's ``Duration``) accepts
an integer itself, and the schema says so.

:data:`INLINED` is the table of every embedded struct in a ci-operator config, by the schema definition of the
struct that embeds it; the JSON Schema provides the rest of the Go types.
"""

from __future__ import annotations

import functools
from typing import Any

from yaml.nodes import ScalarNode

from promoter import goyaml
from promoter.findings import Finding, Severity
from promoter.lazydataclass import dataclass
from promoter.schema import schema
from promoter.yamldoc import Document, JsonPath, format_path


@dataclass(frozen=True, slots=True)
class Inlined:
    """An embedded ``json:",inline"`` struct: its Go name and the JSON names of its fields."""

    go_name: str
    fields: frozenset[str]


_ROOT = "ReleaseBuildConfiguration"
_IMAGE_STREAM_TAG_FIELDS = frozenset({"namespace", "name", "tag", "as"})
_RELEASE_DESCRIPTOR = Inlined("ReleaseDescriptor", frozenset({"product", "architecture", "relative"}))
_LITERAL_TEST_STEP = Inlined(
    "LiteralTestStep",
    frozenset(
        {
            "as", "from", "from_image", "nested_podman", "commands", "resources", "timeout", "grace_period",
            "credentials", "env", "dependencies", "dnsConfig", "leases", "optional_on_success", "best_effort",
            "no_kubeconfig", "cli", "observers", "run_as_script", "node_architecture",
        }
    ),
)  # fmt: skip
_PROJECT_DIRECTORY_INPUTS = Inlined(
    "ProjectDirectoryImageBuildInputs",
    frozenset({"context_dir", "dockerfile_path", "dockerfile_literal", "inputs", "build_args", "ref"}),
)

# Schema definition of a Go struct (the config itself is _ROOT) -> the struct it embeds with json:",inline".
INLINED: dict[str, Inlined] = {
    _ROOT: Inlined(
        "InputConfiguration",
        frozenset(
            {
                "base_images",
                "base_rpm_images",
                "build_root",
                "build_roots",
                "external_images",
                "tag_specification",
                "releases",
            }
        ),
    ),
    "ExternalImage": Inlined("ImageStreamTagReference", _IMAGE_STREAM_TAG_FIELDS),
    "Candidate": _RELEASE_DESCRIPTOR,
    "Prerelease": _RELEASE_DESCRIPTOR,
    "ResolvedReleaseImagesStep": Inlined(
        "UnresolvedRelease", frozenset({"integration", "candidate", "prerelease", "release"})
    ),
    "InputImageTagStep": Inlined("InputImage", frozenset({"base_image", "external_image", "to", "ref"})),
    "ImageBuild": _PROJECT_DIRECTORY_INPUTS,
    "TestStep": _LITERAL_TEST_STEP,
}

# Go names of the structs whose schema definitions are named differently, for messages quoting Go's error.
GO_NAMES = {
    "ImageBuild": "ProjectDirectoryImageBuildStepConfiguration",
    "ImageBuildInputPath": "ImageSourcePath",
    "InputImageTagStep": "InputImageTagStepConfiguration",
    "ResolvedReleaseImagesStep": "ReleaseConfiguration",
    "ProjectDirectoryImageBuildInputs": "ProjectDirectoryImageBuildInputs",
}

# Schema definitions of Go types with their own JSON decoder: ghodss/yaml converts nothing for them.
UNMARSHALERS = frozenset({"Duration"})


@dataclass(frozen=True, slots=True)
class Target:
    """What a scalar at a path lands in. ``converted``: ghodss/yaml turns a number or boolean into a string there.

    ``go_field`` is the field as Go's decoder names it in its error (``ImageStreamTagReference.base_images.tag``),
    empty when the value lands in no struct field.
    """

    converted: bool
    go_field: str = ""


def _definition(node: Any) -> tuple[Any, str | None]:
    """Resolve a ``$ref``; the definition's name when there was one."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        name = node["$ref"].rsplit("/", 1)[-1]
        return schema()["$defs"][name], name
    return node, None


def _branch_with(node: Any, keyword: str) -> Any:
    """The part of a schema node that has ``keyword`` (properties, additionalProperties, items), through branches."""
    node, _ = _definition(node)
    if not isinstance(node, dict):
        return None
    if keyword in node and node[keyword] not in (False, True):
        return node
    for branch in ("then", "else"):
        found = _branch_with(node.get(branch), keyword)
        if found is not None:
            return found
    for combinator in ("allOf", "anyOf", "oneOf"):
        for option in node.get(combinator, ()):
            found = _branch_with(option, keyword)
            if found is not None:
                return found
    return None


def _field(names: Any, key: str) -> str | None:
    """The field Go's decoder fills for ``key``: an exact match first, else one equal when case is ignored."""
    if key in names:
        return key
    folded = key.casefold()
    return next((name for name in sorted(names) if name.casefold() == folded), None)


@dataclass(frozen=True, slots=True)
class _Type:
    """A place in the Go types: the schema node of its type and the definition of the innermost struct."""

    node: Any
    struct: str


def _child(place: _Type, element: str | int) -> tuple[_Type | None, str | None]:
    """The Go type one step down (None when there is none) and the struct field that step fills, if any."""
    if isinstance(element, int):
        sequence = _branch_with(place.node, "items")
        return (_type(sequence["items"], place.struct), None) if sequence is not None else (None, None)
    struct = _branch_with(place.node, "properties")
    if struct is not None:
        name = _field(struct["properties"], element)
        if name is None:
            return None, None
        return _type(struct["properties"][name], place.struct), name
    mapping = _branch_with(place.node, "additionalProperties")
    if mapping is not None:
        return _type(mapping["additionalProperties"], place.struct), None
    return None, None


def _type(node: Any, struct: str) -> _Type:
    resolved, definition = _definition(node)
    return _Type(resolved, definition or struct)


def _root() -> _Type:
    return _Type(schema(), _ROOT)


def _go_field(path: JsonPath) -> str:
    """The field as Go's decoder names it: the innermost struct, then the JSON field names from the root."""
    place: _Type | None = _root()
    owner, names = _ROOT, []
    for element in path:
        if place is None:
            return ""
        struct = place.struct
        place, name = _child(place, element)
        if name is not None:
            owner = struct
            names.append(name)
    return ".".join((GO_NAMES.get(owner, owner), *names)) if names else ""


def _converted(path: JsonPath) -> bool:
    """Whether ghodss/yaml's walk reaches a string field at ``path`` (it has lost its way otherwise)."""
    place: _Type | None = _root()
    embedded: tuple[Inlined, str] | None = None  # at an embedded struct: it, and the definition that embeds it
    for element in path:
        if place is None or place.struct in UNMARSHALERS:
            return False
        if embedded is not None:
            into, owner = embedded
            embedded = None
            name = _field(into.fields, element) if isinstance(element, str) else None
            # The embedded struct's fields are flattened into the definition of the struct that embeds it.
            place = _child(_Type(schema()["$defs"].get(owner, schema()), owner), name)[0] if name else None
            continue
        inlined = INLINED.get(place.struct)
        owner = place.struct
        place, name = _child(place, element)
        if inlined is not None and name is not None and name in inlined.fields:
            embedded = (inlined, owner)
    return embedded is None and place is not None and place.struct not in UNMARSHALERS


def _normalised(path: JsonPath) -> JsonPath:
    return tuple(0 if isinstance(element, int) else element for element in path)


@functools.lru_cache(maxsize=4096)
def _target(path: JsonPath) -> Target:
    return Target(converted=_converted(path), go_field=_go_field(path))


def string_target(path: JsonPath) -> Target:
    """Whether ghodss/yaml converts a number or boolean at ``path`` into a string, and the Go field it lands in."""
    return _target(_normalised(path))


def scalar_finding(document: Document, path: JsonPath, value: bool | int | float) -> Finding:
    """The finding for an unquoted number or boolean where ci-operator expects a string.

    Where ghodss/yaml converts it, LD-3 (an error only when the text changes, ``4.10`` becoming ``4.1``); where it
    cannot, LD-2: ci-operator does not load the file at all.
    """
    target = string_target(path)
    coerced = goyaml.to_go_string(value) or ""
    if target.converted:
        return document.coercion_finding(path, coerced)
    node = document.node_at(path)
    written = str(node.value) if isinstance(node, ScalarNode) else coerced
    kind = "bool" if isinstance(value, bool) else "number"
    field = f"Go struct field {target.go_field}" if target.go_field else "Go value"
    return document.finding(
        path,
        "LD-2",
        Severity.ERROR,
        f"{format_path(path)}: ci-operator cannot load this file: unquoted {written} stays a"
        f" {'boolean' if kind == 'bool' else 'number'} in a field of an inlined Go struct (json: cannot unmarshal"
        f" {kind} into {field} of type string); quote it: {written!r}",
    )
