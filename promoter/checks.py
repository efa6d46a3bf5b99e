"""Semantic rules of one config: what the schema cannot express, from ci-operator's validation and its run time.

Each check reads the config's data (after schema validation, so shapes are mostly right but never trusted) and the
model, and yields findings located through the document. Rules are documented in :mod:`promoter.rules`.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from promoter.decode import pipeline_tags
from promoter.findings import Finding, Severity
from promoter.lazydataclass import dataclass
from promoter.lazyre import lazy_compile
from promoter.model import Config, Metadata
from promoter.promotion import PromotionResult
from promoter.registries import LEGACY_API_CI_REGISTRY, OFFICIAL_NAMESPACES, QCI_TAG_MAX_LENGTH
from promoter.rules import rule
from promoter.yamldoc import Document, JsonPath, format_path

# ci-tools' pattern; \Z because Go's $ matches only at the very end, where Python's also matches before a newline.
# Each job runs only the part of the step graph its target needs, so a broken image build or import fails the jobs
# that use the image and no other: ci-operator accepts the config.
_BUILD_FAILS = "the jobs that build this image (the images job, and the tests that use it) fail at run time"
_IMPORT_FAILS = "the jobs that use this image fail at run time, when they import it"
_FORBIDDEN_NAMESPACE = lazy_compile(r"^kube|^openshift|^default\Z|^redhat")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


_STAGES = ("pre", "test", "post")
# The keys of a step entry that refers to the step registry; an entry with any other key is written out.
_REFERENCE_KEYS = frozenset({"ref", "chain"})


@dataclass(frozen=True, slots=True)
class ConfigTest:
    """One test as the checks need it: index, path, data, name, its multi-stage stanza and cluster claim."""

    index: int
    path: JsonPath
    data: dict[str, Any]
    name: str
    # The ``literal_steps`` or ``steps`` stanza, whichever is a mapping (``literal_steps`` first), and its key.
    multi_stage: dict[str, Any] | None
    multi_stage_key: str
    claim: dict[str, Any] | None
    # The steps of the multi-stage stanza written out in the config (not a ref or chain): stage, path and data.
    literal_steps: tuple[tuple[str, JsonPath, dict[str, Any]], ...] = ()

    @classmethod
    def of(cls, index: int, path: JsonPath, data: dict[str, Any]) -> ConfigTest:
        """The test ``data`` found at ``path``."""
        literal = data.get("literal_steps")
        if isinstance(literal, dict):
            stanza: dict[str, Any] | None = literal
            key = "literal_steps"
        else:
            steps = data.get("steps")
            stanza = steps if isinstance(steps, dict) else None
            key = "steps"
        claim = data.get("cluster_claim")
        written: list[tuple[str, JsonPath, dict[str, Any]]] = []
        # Most multi-stage tests name a workflow and list no step of their own.
        if stanza is not None and not stanza.keys().isdisjoint(_STAGES):
            for stage in _STAGES:
                entries = stanza.get(stage)
                if isinstance(entries, list):
                    written.extend(
                        (stage, (*path, key, stage, position), step)
                        for position, step in enumerate(entries)
                        if isinstance(step, dict) and not _REFERENCE_KEYS.issuperset(step)
                    )
        name = data.get("as")
        return cls(
            index,
            path,
            data,
            name if isinstance(name, str) else "",
            stanza,
            key,
            claim if isinstance(claim, dict) else None,
            tuple(written),
        )

    @property
    def periodic(self) -> bool:
        """Whether the test runs on a schedule or for the release controller."""
        data = self.data
        return (
            data.get("cron") is not None
            or data.get("interval") is not None
            or data.get("minimum_interval") is not None
            or data.get("release_controller") is True
        )


class ConfigContext:
    """One config as the checks see it: data, model, promotion result, and located findings.

    The facts several checks share are derived once: ``built`` holds the ``to`` of every image build ("" for one
    without), ``tests`` the tests that are mappings, in order.
    """

    def __init__(
        self,
        document: Document,
        data: dict[str, Any],
        config: Config,
        promotion: PromotionResult,
        *,
        decoded: bool = False,
    ) -> None:
        """Index the config once: where its image items are and which pipeline tags it produces.

        ``decoded`` says that ``config`` was decoded from ``data``, so its pipeline tags are those of the data (when
        it was decoded with them: see :attr:`Config.with_tests`).
        """
        self.document = document
        self.data = data
        self.config = config
        self.promotion = promotion
        images = data.get("images")
        if isinstance(images, list):
            self.items_path: JsonPath = ("images",)
            self.items = images
        else:
            self.items_path = ("images", "items")
            self.items = _sequence(_mapping(images).get("items"))
        self.pipeline_tags = set(config.pipeline_tags) if decoded and config.with_tests else pipeline_tags(data)
        # Nearly every check reads these: made here, once, rather than on first use through a lock.
        self._image_items = [
            ((*self.items_path, index), item) for index, item in enumerate(self.items) if isinstance(item, dict)
        ]
        self.built = {_text(item.get("to")) for _, item in self._image_items}
        tests = data.get("tests")
        self.tests = (
            [ConfigTest.of(index, ("tests", index), test) for index, test in enumerate(tests) if isinstance(test, dict)]
            if isinstance(tests, list)
            else []
        )

    def finding(
        self, path: JsonPath, rule_id: str, message: str, *, key: bool = False, severity: Severity | None = None
    ) -> Finding:
        """A finding of ``rule_id`` at ``path``, with the path before the message.

        Its severity is the rule's, or ``severity`` where one case of the rule is milder than the rule's worst.
        """
        where = format_path(path)
        text = f"{where}: {message}" if where else message
        return self.document.finding(path, rule_id, severity or rule(rule_id).severity, text, key=key)

    def image_items(self) -> list[tuple[JsonPath, dict[str, Any]]]:
        """The image builds with their paths, in either form of ``images``."""
        return self._image_items


Check = Callable[[ConfigContext], Iterator[Finding]]


def check_something_to_do(ctx: ConfigContext) -> Iterator[Finding]:
    """TL-1: a config must define a test, an image, or a promotion target."""
    promotion = ctx.config.promotion
    if ctx.items or _sequence(ctx.data.get("tests")) or (promotion is not None and promotion.targets):
        return
    yield ctx.finding((), "TL-1", "you must define at least one test or image build in 'tests' or 'images'")


def _reserved_alias(alias: str) -> str:
    """What ci-operator says of an alias reserved for the images it makes (validateImageStreamTagReferenceMap)."""
    if alias == "root":
        return "can't be named 'root'"
    if alias == "src-bundle":
        return "cannot be named src-bundle"
    if alias.startswith("ci-bundle"):
        return "cannot begin with `ci-bundle`"
    if alias.startswith("ci-index"):
        return "cannot begin with ci-index"
    return ""


def check_build_root(ctx: ConfigContext) -> Iterator[Finding]:
    """BR-6: a config that builds or tests from the repository needs a build root.

    Without one nothing clones the repository, so a job fails when its target needs the source. Each job runs only
    the part of the step graph its target needs, so this is an error only where every job needs the source: the
    config builds images (the images job does) and every test runs in a container made from the source. A
    container test ``from: root`` is left to GR-2, which ci-operator's graph validation rejects.
    """
    if ctx.data.get("build_root") is not None:
        return
    built = ctx.built
    needs = [path for path, _ in ctx.image_items()[:1]]
    for field in ("binary_build_commands", "test_binary_build_commands", "rpm_build_commands"):
        if ctx.data.get(field):
            needs.append((field,))
    every_test_needs_source = True
    for index, test in enumerate(_sequence(ctx.data.get("tests"))):
        container = _mapping(_mapping(test).get("container"))
        source = container.get("from")
        if source in ("src", "bin", "test-bin", "rpms"):
            needs.append(("tests", index, "container", "from"))
        elif source != "root" and (not isinstance(source, str) or source not in built):
            every_test_needs_source = False
    if not needs:
        return
    tests = bool(_sequence(ctx.data.get("tests")))
    if (built or tests) and every_test_needs_source:
        jobs = " and ".join(name for name, present in (("the images job", built), ("every test", tests)) if present)
        yield ctx.finding(
            needs[0],
            "BR-6",
            f"this needs the repository's source, but the config has no build_root, and every job of the config"
            f" ({jobs}) needs the source, so every job fails at run time",
        )
    else:
        yield ctx.finding(
            needs[0],
            "BR-6",
            "ci-operator accepts this, but the config has no build_root, so the jobs that need the repository's source"
            " (the images job, and tests run from src, bin, test-bin, rpms or a built image) fail at run time",
            severity=Severity.WARNING,
        )


def check_base_images(ctx: ConfigContext) -> Iterator[Finding]:
    """BI-4, BI-5, RN-1, EX-4: base, RPM base and external image aliases and references."""
    has_tag_specification = ctx.data.get("tag_specification") is not None
    base_aliases = set(_mapping(ctx.data.get("base_images")))
    for field in ("base_images", "base_rpm_images", "external_images"):
        for alias, entry in _mapping(ctx.data.get(field)).items():
            path = (field, alias)
            # Only these can be reserved: most aliases are spared the four comparisons.
            reserved = _reserved_alias(alias) if alias.startswith(("root", "src-", "ci-")) else ""
            if reserved:
                yield ctx.finding(
                    path, "RN-1", f"{reserved}; the name is reserved for images ci-operator makes", key=True
                )
            if field == "external_images":
                if alias in base_aliases:
                    yield ctx.finding(
                        path, "EX-4", f"external image {alias} collides with base image {alias}", key=True
                    )
                continue
            reference = _mapping(entry)
            namespace, name = reference.get("namespace"), reference.get("name")
            if isinstance(namespace, str) and isinstance(name, str) and namespace and name:
                continue  # the usual reference: namespace and name, nothing to say
            namespace, name = _text(namespace), _text(name)
            if not namespace and not name and not has_tag_specification:
                yield ctx.finding(
                    path,
                    "BI-4",
                    "ci-operator accepts this, but only a tag is given and there is no tag_specification to take the"
                    f" namespace and name from; {_IMPORT_FAILS}",
                )
            elif bool(namespace) != bool(name):
                missing = "name" if namespace else "namespace"
                yield ctx.finding(
                    path,
                    "BI-5",
                    f"ci-operator accepts this, but {missing} is empty, so the import fails: {_IMPORT_FAILS}",
                )


def pipeline_registrations(data: dict[str, Any]) -> Iterator[tuple[str, str, JsonPath, bool]]:
    """The pipeline tags ci-operator's validation registers, in its order: (tag, its field as Go names it, path, key).

    The build command images come first, then ``root``, the operator's images, base images, RPM base images and the
    images built. A tag registered twice is an error at the later field (``addPipelineImage``).
    """
    for field, tag in (
        ("binary_build_commands", "bin"),
        ("test_binary_build_commands", "test-bin"),
        ("rpm_build_commands", "rpms"),
    ):
        if data.get(field):
            yield tag, field, (field,), True
    if data.get("build_root") is not None:
        yield "root", "build_root", ("build_root",), True
    operator = data.get("operator")
    if isinstance(operator, dict):
        yield "src-bundle", "operator", ("operator",), True
        for index, bundle in enumerate(_sequence(operator.get("bundles"))):
            name = _text(_mapping(bundle).get("as"))
            path: JsonPath = ("operator", "bundles", index, "as") if name else ("operator", "bundles", index)
            field = f"operator.bundles[{index}]" + (".as" if name else "")
            name = name or f"ci-bundle{index}"
            yield name, field, path, False
            yield f"ci-index-{name}", field, path, False
    for alias in _mapping(data.get("base_images")):
        yield alias, f"base_images[{alias}]", ("base_images", alias), True
    for alias in _mapping(data.get("base_rpm_images")):
        yield f"{alias}-without-rpms", f"base_rpm_images[{alias}]", ("base_rpm_images", alias), True
        yield alias, f"base_rpm_images[{alias}]", ("base_rpm_images", alias), True
    images = data.get("images")
    items, items_path = (images, ("images",)) if isinstance(images, list) else (None, ("images", "items"))
    if items is None:
        items = _sequence(_mapping(images).get("items"))
    for index, item in enumerate(items):
        if isinstance(item, dict):
            to, ref = _text(item.get("to")), _text(item.get("ref"))
            yield f"{to}-{ref}" if ref else to, f"images[{index}]", (*items_path, index, "to"), False


def check_pipeline_tags(ctx: ConfigContext) -> Iterator[Finding]:
    """PI-1, PI-2, PI-3: one pipeline tag, one producer; nothing may be called src."""
    defined: dict[str, str] = {}
    for tag, field, path, key in pipeline_registrations(ctx.data):
        if not tag:
            continue
        if tag in defined:
            yield ctx.finding(
                path,
                "PI-1",
                f"duplicate image name {tag!r} (previously defined by field {defined[tag]!r})",
                key=key,
            )
        else:
            defined[tag] = field
    for alias in _mapping(ctx.data.get("base_images")):
        if alias == "src":
            yield ctx.finding(
                ("base_images", alias),
                "PI-2",
                "ci-operator accepts this, but a base image imported as src replaces the source code the jobs test",
                key=True,
                severity=Severity.WARNING,
            )
    built: set[str] = set()
    for path, item in ctx.image_items():
        to = _text(item.get("to"))
        built.add(to)
        if to == "src":
            yield ctx.finding((*path, "to"), "PI-2", "an image built as src duplicates the target of the clone step")
    rpm_aliases = set(_mapping(ctx.data.get("base_rpm_images")))
    for alias in _mapping(ctx.data.get("external_images")):
        if alias in built or alias in rpm_aliases:
            yield ctx.finding(
                ("external_images", alias),
                "PI-3",
                f"ci-operator accepts this, but the external image {alias!r} has the name of another image;"
                " one of them silently replaces the other",
                key=True,
            )


def check_images(ctx: ConfigContext) -> Iterator[Finding]:
    """IM-9, IM-10, IM-13, IM-15, GR-10, GR-11: what each image is built from."""
    for path, item in ctx.image_items():
        for field in ("multi_arch", "additional_architectures"):
            if field in item:
                yield ctx.finding(
                    (*path, field),
                    "IM-9",
                    f"ci-operator accepts this, but {field} is deprecated; list architectures in capabilities",
                )
        source = _text(item.get("from"))
        if source and source not in ctx.pipeline_tags:
            yield ctx.finding(
                (*path, "from"),
                "IM-10",
                f"ci-operator accepts this, but {source!r} is not an image of this config (base_images, images,"
                f" build_root, binary build commands); {_BUILD_FAILS}",
            )
        seen_as: dict[str, str] = {}
        for key, raw in _mapping(item.get("inputs")).items():
            input_path = (*path, "inputs", key)
            spec = _mapping(raw)
            if key not in ctx.pipeline_tags:
                yield ctx.finding(
                    input_path,
                    "GR-10",
                    f"ci-operator accepts this, but {key!r} is neither an imported nor a built image; {_BUILD_FAILS}",
                    key=True,
                )
            entries = [entry for entry in _sequence(spec.get("as")) if isinstance(entry, str)]
            if not entries and not _sequence(spec.get("paths")):
                yield ctx.finding(
                    input_path,
                    "GR-11",
                    "ci-operator accepts this, but the input has neither as nor paths, so the build uses nothing of it",
                )
            for index, entry in enumerate(entries):
                if entry in seen_as:
                    yield ctx.finding(
                        (*input_path, "as", index),
                        "IM-13",
                        f"ci-operator accepts this, but {entry!r} is also listed under input {seen_as[entry]!r};"
                        " the build cannot use both",
                    )
                seen_as.setdefault(entry, key)
                if LEGACY_API_CI_REGISTRY in entry:
                    yield ctx.finding(
                        (*input_path, "as", index),
                        "IM-15",
                        f"ci-operator accepts this, but {entry!r} names the retired api.ci registry",
                    )
        literal = _text(item.get("dockerfile_literal"))
        if LEGACY_API_CI_REGISTRY in literal:
            yield ctx.finding(
                (*path, "dockerfile_literal"),
                "IM-15",
                "ci-operator accepts this, but the Dockerfile pulls from the retired api.ci registry",
            )


def check_image_cycles(ctx: ConfigContext) -> Iterator[Finding]:
    """IM-11: images must not depend on each other in a cycle; one finding per group of images caught in one."""
    depends: dict[str, set[str]] = defaultdict(set)
    where: dict[str, JsonPath] = {}
    for path, item in ctx.image_items():
        to = _text(item.get("to"))
        where[to] = path
        if item.get("from"):
            depends[to].add(_text(item.get("from")))
        depends[to].update(_mapping(item.get("inputs")))
    if not any(other in where for others in depends.values() for other in others):
        return  # no image is built from another: no cycle
    edges = {image: sorted(other for other in depends.get(image, ()) if other in where) for image in sorted(where)}
    for group in strongly_connected(edges):
        start = min(group)
        if len(group) > 1 or start in edges[start]:
            cycle = _shortest_cycle(start, edges, group)
            yield ctx.finding(
                where[start],
                "IM-11",
                f"ci-operator accepts this, but images depend on each other in a cycle: {' -> '.join(cycle)};"
                f" {_BUILD_FAILS}",
            )


def strongly_connected(edges: dict[str, list[str]]) -> list[set[str]]:
    """The strongly connected components of a graph given as node -> successors (Tarjan's, without recursion).

    Linear in nodes and edges, where following every path from every image was cubic on a long chain of images.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = edges.get(node, [])
            if position < len(successors):
                work.append((node, position + 1))
                successor = successors[position]
                if successor not in index:
                    work.append((successor, 0))
                elif successor in on_stack:
                    low[node] = min(low[node], index[successor])
                continue
            if low[node] == index[node]:
                group: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def _shortest_cycle(start: str, edges: dict[str, list[str]], group: set[str]) -> list[str]:
    """The shortest way from ``start`` back to itself inside its component, first in sorted order."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in edges[node]:
            if successor == start:
                trail = [node]
                while trail[-1] != start:
                    trail.append(previous[trail[-1]])
                return [*reversed(trail), start]
            if successor in group and successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return [start, start]  # not reached: every node of a component lies on a cycle through its root


def _why_forbidden(namespace: str) -> str:
    if namespace == "default":
        return "it is default"
    prefix = next((p for p in ("kube", "openshift", "redhat") if namespace.startswith(p)), "")
    return f"it starts with {prefix}"


def check_promotion(ctx: ConfigContext) -> Iterator[Finding]:
    """PR-2, PR-5, PR-6, PR-7, PR-8, PR-9: promotion targets beyond what the promoted list shows."""
    promotion = ctx.config.promotion
    if promotion is None:
        return
    promotion_path: JsonPath = ("promotion",)
    if promotion.registry_override:
        yield ctx.finding((*promotion_path, "registry_override"), "PR-9", "setting registry_override is not allowed")
    built = {image.to for image in ctx.config.images}
    seen: dict[tuple[str, str, str], str] = {}
    any_images = bool(ctx.config.images) or any(t.additional_images for t in promotion.targets)
    has_release = ctx.data.get("tag_specification") is not None or "latest" in _mapping(ctx.data.get("releases"))
    official = any(t.namespace in OFFICIAL_NAMESPACES and not t.disabled for t in promotion.targets)
    for target in promotion.targets:
        path = _path_of(target.location.path)
        if target.namespace and _FORBIDDEN_NAMESPACE.match(target.namespace) and target.namespace != "openshift":
            yield ctx.finding(
                (*path, "namespace"),
                "PR-2",
                f"cannot promote to namespace {target.namespace}: {_why_forbidden(target.namespace)}; promotion"
                " namespaces may not start with kube, openshift or redhat, nor be default (openshift itself is"
                " allowed)",
            )
        identity = (target.namespace, target.name, target.tag)
        if identity in seen:
            yield ctx.finding(path, "PR-5", f"promotes to the same target as {seen[identity]}")
        else:
            seen[identity] = target.location.path
        if official and any_images and not has_release and target.namespace in OFFICIAL_NAMESPACES:
            yield ctx.finding(
                path,
                "PR-6",
                f"promoting to {target.namespace} needs the release imported (tag_specification or releases.latest)",
            )
        for index, excluded in enumerate(target.excluded_images):
            if excluded != "*" and excluded not in built and excluded not in ctx.pipeline_tags:
                yield ctx.finding(
                    (*path, "excluded_images", index),
                    "PR-7",
                    f"ci-operator accepts this, but {excluded!r} is not an image of this config",
                )
        for destination, source in target.additional_images:
            if source not in ctx.pipeline_tags:
                yield ctx.finding(
                    (*path, "additional_images", destination),
                    "PR-7",
                    f"ci-operator accepts this, but source {source!r} is not an image of this config, so it is skipped",
                )
        if target.tag_by_commit and target.mode == "name":
            yield ctx.finding(
                (*path, "tag_by_commit"),
                "PR-8",
                f"commit tags of this name target go to {target.namespace}/<image>:<commit>, not to the stream",
            )


def check_promoted_tags(ctx: ConfigContext) -> Iterator[Finding]:
    """PR-10: every promoted tag must fit in a quay.io tag."""
    for tag in ctx.promotion.tags:
        if len(tag.ist.qci_tag) > QCI_TAG_MAX_LENGTH:
            yield ctx.finding(
                _path_of(tag.location.path),
                "PR-10",
                f"ci-operator accepts this, but the quay.io/openshift/ci tag of {tag.ist} has {len(tag.ist.qci_tag)}"
                " characters (the limit is 128), so pushing it fails",
            )


# Every config of a tree has the same few target paths (promotion.to[0], ...).
@functools.lru_cache(maxsize=1024)
def _path_of(text: str) -> JsonPath:
    """Turn ``promotion.to[1]`` back into a path tuple."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


def check_file_name(ctx: ConfigContext) -> Iterator[Finding]:
    """FN-4: the file's place in the config tree must agree with its zz_generated_metadata."""
    from_path = ctx.config.metadata_from_path
    raw = ctx.data.get("zz_generated_metadata")
    if from_path is None or not isinstance(raw, dict):
        return
    org, repo, branch = _text(raw.get("org")), _text(raw.get("repo")), _text(raw.get("branch"))
    if not (org and repo and branch):
        yield ctx.finding(
            ("zz_generated_metadata",),
            "FN-4",
            "org, repo and branch must be set; determinize-ci-operator fills them in from the file path",
            key=True,
        )
        return
    parts = ctx.config.file.replace("\\", "/").split("/")
    in_tree = parts[-3:-1] == [org, repo] or parts[-1].startswith(f"{from_path.org}-{from_path.repo}-")
    if not in_tree:
        return
    declared = Metadata(org=org, repo=repo, branch=branch, variant=_text(raw.get("variant")))
    expected = f"{org}/{repo}/{declared.canonical_basename}"
    if "/".join(parts[-3:]) != expected:
        yield ctx.finding(
            ("zz_generated_metadata",),
            "FN-4",
            f"the metadata says {declared.identifier}, so the file belongs at {expected}",
            key=True,
        )


CHECKS: tuple[Check, ...] = (
    check_something_to_do,
    check_build_root,
    check_base_images,
    check_pipeline_tags,
    check_images,
    check_image_cycles,
    check_promotion,
    check_promoted_tags,
    check_file_name,
)


def check_config(ctx: ConfigContext, checks: Sequence[Check] = CHECKS) -> list[Finding]:
    """Run semantic checks (by default those of this module) on one config."""
    return [finding for check in checks for finding in check(ctx)]
