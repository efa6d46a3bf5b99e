"""From loaded YAML data to the :mod:`promoter.model`, reading fields the way ci-operator's Go decoder does.

Go matches field names case-insensitively, coerces YAML numbers and booleans into string fields, treats null as
absent, and ignores unknown keys. The decoder reproduces that so the computed promotions are the ones ci-operator
computes, and reports each such liberty as a finding with its line (LD-2, LD-3, LD-7), as well as the legacy forms
that older ci-operator versions read (LEG-1, LEG-2), which are still understood here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from promoter import goload, goyaml
from promoter.findings import Finding, Severity
from promoter.goyaml import field_text
from promoter.model import (
    UNPOSITIONED_KEYS,
    BaseImage,
    BuildRoot,
    Config,
    ContainerTest,
    ExternalImage,
    ImageBuild,
    ImageInput,
    ImageStreamRef,
    ImageStreamTag,
    Location,
    Metadata,
    Promotion,
    PromotionTarget,
    TestSource,
    steps_paths,
)
from promoter.naming import metadata_from_path
from promoter.yamldoc import Document, JsonPath, format_path

LEGACY_TARGET_KEYS = (
    "namespace",
    "name",
    "tag",
    "tag_by_commit",
    "excluded_images",
    "additional_images",
    "disabled",
    "name_prefix",
)


# Locations by JSON path, line and column. The configs of a tree repeat the same few (the top of the file for
# fields they do not write, promotion.to[0] on the same line, ...), and one frozen Location serves them all; the
# table stops growing at a size that bounds its memory whatever the input.
_LOCATIONS: dict[tuple[JsonPath, int, int], Location] = {}
_LOCATIONS_KEPT = 20_000


class _Reader:
    """Typed field access over one document, collecting findings."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.findings: list[Finding] = []
        self.type_errors = 0
        self._cased_keys: dict[int, list[str]] = {}

    def location(self, path: JsonPath) -> Location:
        line, column = self.document.position(path)
        key = (path, line, column)
        found = _LOCATIONS.get(key)
        if found is None:
            found = Location(path=format_path(path), line=line, column=column)
            if len(_LOCATIONS) < _LOCATIONS_KEPT:
                _LOCATIONS[key] = found
        return found

    def report(self, path: JsonPath, rule: str, severity: Severity, message: str, *, key: bool = False) -> None:
        where = format_path(path)
        text = f"{where}: {message}" if where else message
        self.findings.append(self.document.finding(path, rule, severity, text, key=key))

    def field(self, mapping: dict[str, Any], path: JsonPath, name: str) -> tuple[Any, JsonPath]:
        """Value of ``name`` (None when absent), matched case-insensitively like Go's JSON decoder."""
        if name in mapping:
            return mapping[name], (*path, name)
        cased = self._cased_keys.get(id(mapping))
        if cased is None:
            cased = self._cased(mapping)
        if not cased:
            return None, (*path, name)
        folded = name.casefold()
        matches = sorted(key for key in cased if key.casefold() == folded)
        if not matches:
            return None, (*path, name)
        # Go's decoder sees keys in sorted order and the last case-insensitive match overwrites earlier ones.
        actual = matches[-1]
        self.findings.append(self.document.case_finding((*path, actual), name))
        return mapping[actual], (*path, actual)

    def _cased(self, mapping: dict[str, Any]) -> list[str]:
        """The keys of ``mapping`` with upper-case letters: only they can match a (lower-case) field name otherwise."""
        # Lowering every key is what finding one with an upper-case letter costs, and almost no mapping has one:
        # lowering all of them at once tells first (a key changes when lowered exactly when the joined text does).
        joined = "".join(mapping)
        cased = [] if joined == joined.lower() else [key for key in mapping if key != key.lower()]
        self._cased_keys[id(mapping)] = cased
        return cased

    def mapping(self, value: Any, path: JsonPath) -> dict[str, Any] | None:
        if value is None:
            return None
        if isinstance(value, dict):
            return value
        self._type_error(path, value, "a mapping")
        return None

    def sequence(self, value: Any, path: JsonPath) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self._type_error(path, value, "a list")
        return []

    def boolean(self, mapping: dict[str, Any], path: JsonPath, name: str) -> bool:
        value = mapping.get(name)
        if isinstance(value, bool):
            return value  # present and of its type: what field() and the checks below give
        if value is None and not self._cased_keys.get(id(mapping), True):
            return False  # absent, and no key matches when case is ignored (the loader drops null values)
        value, where = self.field(mapping, path, name)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self._type_error(where, value, "a boolean")
        return False

    def string(self, mapping: dict[str, Any], path: JsonPath, name: str) -> str:
        value = mapping.get(name)
        if isinstance(value, str):
            return value  # present and of its type: what field() and coerce_string give
        if value is None and not self._cased_keys.get(id(mapping), True):
            return ""  # absent, and no key matches when case is ignored (the loader drops null values)
        value, where = self.field(mapping, path, name)
        return self.coerce_string(value, where)

    def coerce_string(self, value: Any, where: JsonPath) -> str:
        """A Go string field's value; numbers and booleans are coerced as ghodss/yaml does, with a finding."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float):
            self.findings.append(goload.scalar_finding(self.document, where, value))
            return goyaml.to_go_string(value) or ""
        self._type_error(where, value, "a string")
        return ""

    def string_map(self, value: Any, path: JsonPath) -> tuple[tuple[str, str], ...]:
        mapping = self.mapping(value, path)
        if mapping is None:
            return ()
        return tuple((key, self.coerce_string(item, (*path, key))) for key, item in mapping.items())

    def string_list(self, value: Any, path: JsonPath) -> tuple[str, ...]:
        return tuple(self.coerce_string(item, (*path, index)) for index, item in enumerate(self.sequence(value, path)))

    def _type_error(self, path: JsonPath, value: Any, expected: str) -> None:
        self.type_errors += 1
        self.report(
            path,
            "LD-2",
            Severity.ERROR,
            f"expected {expected}, found {goyaml.kind_in_words(value)}; ci-operator cannot load this file",
        )


def decode_config(
    document: Document, *, path_for_metadata: str | None = None, tests: bool = True
) -> tuple[Config | None, list[Finding]]:
    """Build the config model from a loaded document; None when the document is not a mapping.

    ``path_for_metadata`` is the file's path inside a config tree, used for org/repo/branch when the file has no
    ``zz_generated_metadata``. Without ``tests``, the config is decoded for what the image graph, ``show`` and
    ``docs`` read without a step registry: the fields only tests need are left out, and the config says so (see
    :attr:`promoter.model.Config.with_tests`). The findings are the same either way.
    """
    reader = _Reader(document)
    data = document.data
    if document.root is None or data is None:
        if not document.findings:
            reader.findings.append(
                document.finding(
                    (),
                    "TL-1",
                    Severity.ERROR,
                    "file is empty or only comments; a config must define at least one test or image build",
                )
            )
        return None, reader.findings
    if not isinstance(data, dict):
        found = goyaml.kind_in_words(data)
        reader.report((), "LD-2", Severity.ERROR, f"the top level must be a mapping, found {found}")
        return None, reader.findings

    from_path = metadata_from_path(path_for_metadata) if path_for_metadata else None
    metadata = _metadata(reader, data) or from_path
    images, legacy_list, build_if_affected = _images(reader, data)
    value, where = reader.field(data, (), "build_images_if_affected")
    if value is not None:
        reader.report(
            where,
            "LEG-3",
            Severity.ERROR,
            "top-level build_images_if_affected is ignored by ci-operator since 2026-03-12;"
            " move it to images.build_if_affected",
            key=True,
        )
    # Fields read only for the image graph are read quietly: their problems are the schema's and lint's to report, and
    # the findings of decoding must not change when the model grows.
    quiet = _Reader(document)
    config = Config(
        file=document.file,
        metadata=metadata,
        metadata_from_path=from_path,
        images=images,
        images_is_legacy_list=legacy_list,
        build_if_affected=build_if_affected,
        promotion=_promotion(reader, data),
        binary_build_commands=reader.string(data, (), "binary_build_commands"),
        test_binary_build_commands=reader.string(data, (), "test_binary_build_commands"),
        rpm_build_commands=reader.string(data, (), "rpm_build_commands"),
        build_root=_build_root(reader, data),
        base_images=_base_images(reader, data),
        binary_build_commands_location=reader.location(("binary_build_commands",)),
        test_binary_build_commands_location=quiet.location(("test_binary_build_commands",)),
        rpm_build_commands_location=quiet.location(("rpm_build_commands",)),
        external_images=_external_images(quiet, data),
        tag_specification=_tag_specification(quiet, data),
        releases=tuple(sorted(data["releases"])) if isinstance(data.get("releases"), dict) else (),
        **(_test_inputs(quiet, document, data) if tests else {"with_tests": False}),
    )
    return config, reader.findings


def _test_inputs(quiet: _Reader, document: Document, data: dict[str, Any]) -> dict[str, Any]:
    """The fields of a config that only its tests need, read quietly (nothing here reports a finding)."""
    return {
        "tests": test_sources(document, data),
        "pipeline_tags": tuple(sorted(pipeline_tags(data))),
        "container_tests": _container_tests(quiet, data),
        "release_streams": _release_streams(data),
    }


def _metadata(reader: _Reader, data: dict[str, Any]) -> Metadata | None:
    value, where = reader.field(data, (), "zz_generated_metadata")
    raw = reader.mapping(value, where)
    if raw is None:
        return None
    fields = {name: reader.string(raw, where, name) for name in ("org", "repo", "branch", "variant")}
    if not (fields["org"] and fields["repo"] and fields["branch"]):
        return None
    return Metadata(**fields)


def _images(reader: _Reader, data: dict[str, Any]) -> tuple[tuple[ImageBuild, ...], bool, bool]:
    value, where = reader.field(data, (), "images")
    if value is None:
        return (), False, False
    if isinstance(value, list):
        reader.report(
            where,
            "LEG-1",
            Severity.ERROR,
            "a plain list, the form ci-operator stopped loading on 2026-04-02; put the list under images.items",
            key=True,
        )
        return _image_items(reader, value, where), True, False
    images = reader.mapping(value, where)
    if images is None:
        return (), False, False
    items_value, items_path = reader.field(images, where, "items")
    items = _image_items(reader, reader.sequence(items_value, items_path), items_path)
    return items, False, reader.boolean(images, where, "build_if_affected")


def _image_items(reader: _Reader, items: Sequence[Any], path: JsonPath) -> tuple[ImageBuild, ...]:
    builds: list[ImageBuild] = []
    for index, item in enumerate(items):
        item_path = (*path, index)
        raw = reader.mapping(item, item_path)
        if raw is None:
            continue
        inputs_value, inputs_path = reader.field(raw, item_path, "inputs")
        builds.append(
            ImageBuild(
                to=reader.string(raw, item_path, "to"),
                from_=reader.string(raw, item_path, "from"),
                optional=reader.boolean(raw, item_path, "optional"),
                context_dir=reader.string(raw, item_path, "context_dir"),
                dockerfile_path=reader.string(raw, item_path, "dockerfile_path"),
                dockerfile_literal=reader.string(raw, item_path, "dockerfile_literal"),
                inputs=_inputs(reader, inputs_value, inputs_path),
                location=reader.location(item_path),
            )
        )
    return tuple(builds)


def _inputs(reader: _Reader, value: Any, path: JsonPath) -> tuple[ImageInput, ...]:
    inputs = reader.mapping(value, path)
    if inputs is None:
        return ()
    result: list[ImageInput] = []
    for name, raw_input in inputs.items():
        input_path = (*path, name)
        raw = reader.mapping(raw_input, input_path) or {}
        as_value, as_path = reader.field(raw, input_path, "as")
        paths_value, paths_path = reader.field(raw, input_path, "paths")
        copies: list[tuple[str, str]] = []
        for index, entry in enumerate(reader.sequence(paths_value, paths_path)):
            copy = reader.mapping(entry, (*paths_path, index))
            if copy is not None:
                copies.append(
                    (
                        reader.string(copy, (*paths_path, index), "source_path"),
                        reader.string(copy, (*paths_path, index), "destination_dir"),
                    )
                )
        result.append(ImageInput(name=name, as_=reader.string_list(as_value, as_path), paths=tuple(copies)))
    return tuple(result)


def _promotion(reader: _Reader, data: dict[str, Any]) -> Promotion | None:
    value, where = reader.field(data, (), "promotion")
    raw = reader.mapping(value, where)
    if raw is None:
        return None
    targets: list[PromotionTarget] = []
    legacy_keys = [key for key in LEGACY_TARGET_KEYS if reader.field(raw, where, key)[0] is not None]
    if legacy_keys:
        reader.report(
            where,
            "LEG-2",
            Severity.ERROR,
            f"single-target promotion keys ({', '.join(legacy_keys)}) directly under promotion were dropped by"
            " ci-operator on 2024-02-08 and are ignored now; move them into a promotion.to entry",
            key=True,
        )
        # The 2023 compatibility code made the legacy target the first one, and only when it named a namespace.
        legacy = _target(reader, raw, where, legacy=True)
        if legacy.namespace:
            targets.append(legacy)
    to_value, to_path = reader.field(raw, where, "to")
    for index, item in enumerate(reader.sequence(to_value, to_path)):
        target = reader.mapping(item, (*to_path, index))
        if target is not None:
            targets.append(_target(reader, target, (*to_path, index), legacy=False))
    return Promotion(
        targets=tuple(targets),
        disable_build_cache=reader.boolean(raw, where, "disable_build_cache"),
        registry_override=reader.string(raw, where, "registry_override"),
        cron=reader.string(raw, where, "cron"),
        location=reader.location(where),
    )


def _target(reader: _Reader, raw: dict[str, Any], path: JsonPath, *, legacy: bool) -> PromotionTarget:
    errors_before = reader.type_errors
    excluded_value, excluded_path = reader.field(raw, path, "excluded_images")
    additional_value, additional_path = reader.field(raw, path, "additional_images")
    additional = reader.string_map(additional_value, additional_path)
    prefix = reader.string(raw, path, "name_prefix") if legacy else ""
    if prefix:
        reader.report(
            (*path, "name_prefix"),
            "LEG-2",
            Severity.ERROR,
            f"name_prefix was removed from ci-operator on 2020-12-18; images are promoted without the {prefix!r}"
            " prefix (rename them with additional_images)",
            key=True,
        )
    return PromotionTarget(
        namespace=reader.string(raw, path, "namespace"),
        name=reader.string(raw, path, "name"),
        tag=reader.string(raw, path, "tag"),
        tag_by_commit=reader.boolean(raw, path, "tag_by_commit"),
        excluded_images=reader.string_list(excluded_value, excluded_path),
        additional_images=additional,
        disabled=reader.boolean(raw, path, "disabled"),
        legacy=legacy,
        malformed=reader.type_errors > errors_before,
        location=reader.location(path),
    )


def _build_root(reader: _Reader, data: dict[str, Any]) -> BuildRoot | None:
    value, where = reader.field(data, (), "build_root")
    raw = reader.mapping(value, where)
    if raw is None:
        return None
    ist_value, ist_path = reader.field(raw, where, "image_stream_tag")
    ist_raw = reader.mapping(ist_value, ist_path)
    ist = _ist(reader, ist_raw, ist_path) if ist_raw is not None else None
    project_value, _ = reader.field(raw, where, "project_image")
    return BuildRoot(
        image_stream_tag=ist,
        project_image=project_value is not None,
        from_repository=reader.boolean(raw, where, "from_repository"),
        use_build_cache=reader.boolean(raw, where, "use_build_cache"),
        location=reader.location(where),
    )


def _ist(reader: _Reader, raw: dict[str, Any], path: JsonPath) -> ImageStreamTag:
    return ImageStreamTag(
        reader.string(raw, path, "namespace"), reader.string(raw, path, "name"), reader.string(raw, path, "tag")
    )


def _base_images(reader: _Reader, data: dict[str, Any]) -> tuple[BaseImage, ...]:
    result: list[BaseImage] = []
    for field, rpm in (("base_images", False), ("base_rpm_images", True)):
        value, where = reader.field(data, (), field)
        images = reader.mapping(value, where)
        for alias, raw_entry in (images or {}).items():
            entry_path = (*where, alias)
            entry = reader.mapping(raw_entry, entry_path)
            if entry is not None:
                result.append(
                    BaseImage(
                        alias=alias,
                        ist=_ist(reader, entry, entry_path),
                        rpm=rpm,
                        location=reader.location(entry_path),
                    )
                )
    return tuple(result)


def _external_images(reader: _Reader, data: dict[str, Any]) -> tuple[ExternalImage, ...]:
    value, where = reader.field(data, (), "external_images")
    result: list[ExternalImage] = []
    for alias, raw_entry in (reader.mapping(value, where) or {}).items():
        entry_path = (*where, alias)
        entry = reader.mapping(raw_entry, entry_path)
        if entry is not None:
            result.append(
                ExternalImage(
                    alias=alias,
                    registry=reader.string(entry, entry_path, "registry"),
                    namespace=reader.string(entry, entry_path, "namespace"),
                    name=reader.string(entry, entry_path, "name"),
                    tag=reader.string(entry, entry_path, "tag"),
                    location=reader.location(entry_path),
                )
            )
    return tuple(result)


def _tag_specification(reader: _Reader, data: dict[str, Any]) -> ImageStreamRef | None:
    value, where = reader.field(data, (), "tag_specification")
    raw = reader.mapping(value, where)
    if raw is None:
        return None
    return ImageStreamRef(
        namespace=reader.string(raw, where, "namespace"),
        name=reader.string(raw, where, "name"),
        location=reader.location(where),
    )


def _container_tests(reader: _Reader, data: dict[str, Any]) -> tuple[ContainerTest, ...]:
    tests = []
    for index, test in enumerate(_seq(data.get("tests"))):
        container = _map(_map(test).get("container"))
        image = container.get("from")
        if isinstance(image, str) and image:
            tests.append(
                ContainerTest(name=_str(test.get("as")), from_=image, location=reader.location(("tests", index)))
            )
    return tuple(tests)


def _release_streams(data: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """The image stream each release is imported from: ``(release, namespace, name)``.

    ``tag_specification`` gives ``latest`` and ``initial``; a ``releases`` entry with ``integration`` gives its own.
    Releases from a release controller (``candidate``, ``release``, ``prerelease``) have no stream here.
    """
    streams: dict[str, tuple[str, str]] = {}
    specification = _map(data.get("tag_specification"))
    if field_text(specification.get("namespace")) and field_text(specification.get("name")):
        pair = (field_text(specification["namespace"]) or "", field_text(specification["name"]) or "")
        streams.update({"latest": pair, "initial": pair})
    for name, release in _map(data.get("releases")).items():
        integration = _map(_map(release).get("integration"))
        if field_text(integration.get("namespace")) and field_text(integration.get("name")):
            streams[name] = (field_text(integration["namespace"]) or "", field_text(integration["name"]) or "")
    return tuple((name, namespace, stream) for name, (namespace, stream) in sorted(streams.items()))


_RAW_STEP_OUTPUTS = (
    "input_image_tag_step",
    "pipeline_image_cache_step",
    "source_step",
    "index_generator_step",
    "project_directory_image_build_step",
    "rpm_image_injection_step",
)


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _seq(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def pipeline_tags(data: dict[str, Any]) -> set[str]:
    """The tags of the ``pipeline`` image stream a config produces: src, root, bin, aliases, built images."""
    tags = {"src"}
    if data.get("build_root") is not None:
        tags.add("root")
    for field, tag in (("binary_build_commands", "bin"), ("test_binary_build_commands", "test-bin")):
        if data.get(field):
            tags.add(tag)
    if data.get("rpm_build_commands"):
        tags.add("rpms")
    tags.update(_map(data.get("base_images")))
    for alias in _map(data.get("base_rpm_images")):
        tags.update({alias, f"{alias}-without-rpms"})
    tags.update(_map(data.get("external_images")))
    tags.update(_str(item.get("to")) for _, item in _raw_image_items(data))
    operator = _map(data.get("operator"))
    for index, bundle in enumerate(_seq(operator.get("bundles"))):
        name = _str(_map(bundle).get("as")) or f"ci-bundle{index}"
        tags.update({name, f"ci-index-{name}", "src-bundle", "ci-index"})
    for step in _seq(data.get("raw_steps")):
        for kind in _RAW_STEP_OUTPUTS:
            output = _map(_map(step).get(kind)).get("to")
            if isinstance(output, str):
                tags.add(output)
    tags.discard("")
    return tags


def _raw_image_items(data: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    images = data.get("images")
    path: JsonPath = ("images",) if isinstance(images, list) else ("images", "items")
    items = images if isinstance(images, list) else _seq(_map(images).get("items"))
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield (*path, index), item


def test_sources(document: Document, data: dict[str, Any]) -> tuple[TestSource, ...]:
    """The multi-stage tests of a config (those with ``steps``), with the positions of their nodes."""
    tests = data.get("tests")
    if not isinstance(tests, list):
        return ()
    sources = []
    for index, test in enumerate(tests):
        if not _multi_stage(test):
            continue
        name = test.get("as")
        positions: list[int] = []
        node = document.node_at(("tests", index))
        if node is not None:
            mark = node.start_mark
            positions += (mark.line + 1, mark.column + 1)
            found = document.key_index(node).get("steps") if node.__class__ is MappingNode else None
            if found is None:
                _record_nothing(test["steps"], positions)
            else:
                _record_positions(document, found[1], test["steps"], positions)
        sources.append(TestSource(index, name if isinstance(name, str) else "", test["steps"], tuple(positions)))
    return tuple(sources)


def multi_stage_count(data: dict[str, Any]) -> int:
    """How many multi-stage tests :func:`test_sources` finds in a config's data, without reading them."""
    tests = data.get("tests")
    return sum(1 for test in tests if _multi_stage(test)) if isinstance(tests, list) else 0


def _multi_stage(test: Any) -> bool:
    return isinstance(test, dict) and isinstance(test.get("steps"), dict)


def _record_positions(document: Document, node: Node, value: Any, out: list[int]) -> None:
    """Append the line and column of ``node`` and of every value below it, in :func:`steps_paths` order.

    One walk down the nodes beside their data. A value without a node of its own gets ``0, 0``, so that the
    positions stay in step with the data, from which :meth:`TestSource.locator` makes their paths again.
    """
    mark = node.start_mark
    out += (mark.line + 1, mark.column + 1)
    # Most values are scalars, whose position is appended here rather than in a call of their own.
    if value.__class__ is dict:
        entries = document.key_index(node) if node.__class__ is MappingNode else _NO_ENTRIES
        for key, item in value.items():
            if key in UNPOSITIONED_KEYS:
                continue
            found = entries.get(key)
            if found is None:
                _record_nothing(item, out)
            elif item.__class__ is dict or item.__class__ is list:
                _record_positions(document, found[1], item, out)
            else:
                mark = found[1].start_mark
                out += (mark.line + 1, mark.column + 1)
    elif value.__class__ is list:
        nodes = node.value if node.__class__ is SequenceNode else ()
        for index, item in enumerate(value):
            if index >= len(nodes):
                _record_nothing(item, out)
            elif item.__class__ is dict or item.__class__ is list:
                _record_positions(document, nodes[index], item, out)
            else:
                mark = nodes[index].start_mark
                out += (mark.line + 1, mark.column + 1)


_NO_ENTRIES: dict[str, tuple[Node, Node]] = {}


def _record_nothing(value: Any, out: list[int]) -> None:
    """Append ``0, 0`` for ``value`` and for each value below it: none of them has a node."""
    out += [0, 0] * len(steps_paths("", value))
