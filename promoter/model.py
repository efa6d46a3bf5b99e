"""The ci-operator config model: frozen value types for the parts of a config that promotion and the graph use.

Every located object carries the JSON path (ci-operator notation) and the 1-based line and column of its node, so
findings computed from the model point at the file without going back to YAML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from promoter.lazydataclass import dataclass
from promoter.yamldoc import JsonPath, format_path


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where a model object was written: JSON path, 1-based line and column."""

    path: str
    line: int
    column: int


NOWHERE = Location(path="", line=0, column=0)


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Metadata:
    """Which repository branch a config belongs to (``zz_generated_metadata``, or derived from the file path)."""

    org: str
    repo: str
    branch: str
    variant: str = ""

    @property
    def identifier(self) -> str:
        """``org/repo@branch`` plus ``__variant`` when there is one, as the docs and file names write it."""
        base = f"{self.org}/{self.repo}@{self.branch}"
        return f"{base}__{self.variant}" if self.variant else base

    @property
    def build_cache_tag(self) -> str:
        """The tag of this branch's build cache image: ``branch`` or ``branch-variant``."""
        return f"{self.branch}-{self.variant}" if self.variant else self.branch

    @property
    def canonical_basename(self) -> str:
        """The file name openshift/release expects for this metadata."""
        suffix = f"__{self.variant}" if self.variant else ""
        return f"{self.org}-{self.repo}-{self.branch}{suffix}.yaml"


@dataclass(frozen=True, slots=True, order=True)
class ImageStreamTag:
    """An image stream tag ``namespace/name:tag`` (on app.ci unless said otherwise)."""

    namespace: str
    name: str
    tag: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}:{self.tag}"

    @property
    def qci_tag(self) -> str:
        """The tag of this image in the Quay repository quay.io/openshift/ci: ``namespace_name_tag``."""
        return f"{self.namespace}_{self.name}_{self.tag}"

    @classmethod
    def parse(cls, text: str) -> ImageStreamTag | None:
        """Read ``namespace/name:tag``; None when the text is not of that shape."""
        namespace, slash, rest = text.partition("/")
        name, colon, tag = rest.partition(":")
        if not (slash and colon and namespace and name and tag) or "/" in rest or ":" in tag:
            return None
        return cls(namespace, name, tag)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageInput:
    """One ``inputs`` entry of an image build: a pipeline tag used as Dockerfile image refs and/or copied paths."""

    name: str
    as_: tuple[str, ...]
    paths: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageBuild:
    """One image that the config builds (an entry of ``images.items``, or of the legacy ``images`` list)."""

    to: str
    from_: str = ""
    optional: bool = False
    context_dir: str = ""
    dockerfile_path: str = ""
    dockerfile_literal: str = ""
    inputs: tuple[ImageInput, ...] = ()
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class PromotionTarget:
    """One place a config publishes its images to (an entry of ``promotion.to``, or the legacy single target).

    ``malformed`` marks a target with a field of the wrong type: ci-operator cannot load it, and the type error has
    already been reported, so the promotion rules do not report its consequences again.
    """

    namespace: str
    name: str = ""
    tag: str = ""
    tag_by_commit: bool = False
    excluded_images: tuple[str, ...] = ()
    additional_images: tuple[tuple[str, str], ...] = ()
    disabled: bool = False
    legacy: bool = False
    malformed: bool = False
    location: Location = NOWHERE

    @property
    def mode(self) -> Literal["name", "tag"]:
        """``name``: one stream ``namespace/name`` holding every image; ``tag``: one stream per image."""
        # ci-operator checks name first: with both set (invalid) the target behaves as a name target.
        return "name" if self.name else "tag"

    def destination(self, component: str) -> ImageStreamTag:
        """The image stream tag that ``component`` is published as."""
        if self.mode == "name":
            return ImageStreamTag(self.namespace, self.name, component)
        return ImageStreamTag(self.namespace, component, self.tag)


@dataclass(frozen=True, slots=True, kw_only=True)
class Promotion:
    """The ``promotion`` stanza."""

    targets: tuple[PromotionTarget, ...] = ()
    disable_build_cache: bool = False
    registry_override: str = ""
    cron: str = ""
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildRoot:
    """``build_root``: an imported image stream tag, an image built from the repo, or ``.ci-operator.yaml``."""

    image_stream_tag: ImageStreamTag | None = None
    project_image: bool = False
    from_repository: bool = False
    use_build_cache: bool = False
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class BaseImage:
    """A ``base_images`` (or ``base_rpm_images``) entry: an external image stream tag imported under an alias."""

    alias: str
    ist: ImageStreamTag
    rpm: bool = False
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalImage:
    """An ``external_images`` entry: an image of a Quay registry imported under an alias."""

    alias: str
    registry: str
    namespace: str
    name: str
    tag: str
    location: Location = NOWHERE

    @property
    def pull_spec(self) -> str:
        """``registry/namespace/name:tag``, the image ci-operator imports."""
        return f"{self.registry}/{self.namespace}/{self.name}:{self.tag}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageStreamRef:
    """An image stream ``namespace/name`` without a tag, such as the one ``tag_specification`` names."""

    namespace: str
    name: str
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True, kw_only=True)
class ContainerTest:
    """A test that runs a command in one pipeline image (``tests[].container.from``)."""

    name: str
    from_: str
    location: Location = NOWHERE


@dataclass(frozen=True, slots=True)
class TestSource:
    """A config's multi-stage test as written: its ``steps`` data and the positions of their nodes.

    Small and JSON-safe, so that the caches can keep it; :func:`promoter.steps.decode_test` turns it into a
    ``StepsConfig``. ``positions`` holds 1-based lines and columns, flat: ``tests[index]`` first, then its ``steps``
    and every value below it in :func:`steps_paths` order, ``0, 0`` for one without a node of its own. The paths are
    those of the data, so they are made again when a position is looked up rather than stored.
    """

    index: int
    name: str
    steps: Any
    positions: tuple[int, ...]

    def locator(self) -> Callable[[JsonPath], Location]:
        """A function giving the position of a path, or of its deepest ancestor that was recorded."""
        table = self.position_table()

        def locate(path: JsonPath) -> Location:
            text = format_path(path)
            found = table.get(text)
            depth = len(path)
            while found is None and depth > 0:
                depth -= 1
                found = table.get(format_path(path[:depth]))
            return (
                Location(path=text, line=found[0], column=found[1]) if found else Location(path=text, line=0, column=0)
            )

        return locate

    def position_table(self) -> dict[str, tuple[int, int]]:
        """The recorded positions by path text (``tests[0].steps.pre[1].ref``)."""
        where = f"tests[{self.index}]"
        paths = [where, *steps_paths(f"{where}.steps", self.steps)]
        positions = self.positions
        table: dict[str, tuple[int, int]] = {}
        for number, path in enumerate(paths[: len(positions) // 2]):
            line = positions[2 * number]
            if line:
                table[path] = (line, positions[2 * number + 1])
        return table

    def to_json(self) -> list[Any]:
        """A form ``json.dumps`` writes (tuples as arrays), for the lint cache."""
        return [self.index, self.name, self.steps, self.positions]

    @classmethod
    def from_json(cls, data: list[Any]) -> TestSource:
        """Rebuild a source from :meth:`to_json`; raises on malformed data."""
        index, name, steps, positions = data
        return cls(int(index), str(name), steps, tuple([int(number) for number in positions]))


# Free text that no step check points into: a test's positions leave its nodes out.
UNPOSITIONED_KEYS = frozenset({"commands", "documentation"})


def steps_paths(where: str, value: Any) -> list[str]:
    """The path text of ``value`` (at ``where``) and of every value below it but free text, depth first.

    Without recursion: the steps may come from a cache entry, where nothing bounds their depth.
    """
    paths: list[str] = []
    pending = [(where, value)]
    while pending:
        where, value = pending.pop()
        paths.append(where)
        if value.__class__ is dict:
            pending.extend(
                reversed(
                    [
                        (f"{where}[{key}]" if "." in key or not key else f"{where}.{key}", item)
                        for key, item in value.items()
                        if key not in UNPOSITIONED_KEYS
                    ]
                )
            )
        elif value.__class__ is list:
            pending.extend(reversed([(f"{where}[{index}]", item) for index, item in enumerate(value)]))
    return paths


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """A ci-operator config, as far as promotion and image inputs are concerned."""

    file: str
    metadata: Metadata | None
    metadata_from_path: Metadata | None = None
    images: tuple[ImageBuild, ...] = ()
    images_is_legacy_list: bool = False
    build_if_affected: bool = False
    promotion: Promotion | None = None
    binary_build_commands: str = ""
    test_binary_build_commands: str = ""
    rpm_build_commands: str = ""
    build_root: BuildRoot | None = None
    base_images: tuple[BaseImage, ...] = ()
    binary_build_commands_location: Location = NOWHERE
    test_binary_build_commands_location: Location = NOWHERE
    rpm_build_commands_location: Location = NOWHERE
    external_images: tuple[ExternalImage, ...] = ()
    tag_specification: ImageStreamRef | None = None
    releases: tuple[str, ...] = ()
    tests: tuple[TestSource, ...] = ()
    pipeline_tags: tuple[str, ...] = ()
    container_tests: tuple[ContainerTest, ...] = ()
    release_streams: tuple[tuple[str, str, str], ...] = ()
    # False when decoded without the fields only tests need (``decode_config(..., tests=False)``): ``tests``,
    # ``pipeline_tags``, ``container_tests`` and ``release_streams`` are then empty whatever the file says.
    with_tests: bool = True

    def require_tests(self) -> None:
        """Raise ValueError when the config was decoded without the fields its tests need (see ``with_tests``)."""
        if not self.with_tests:
            raise ValueError(f"{self.file}: the config was decoded without its tests; decode it with tests=True")

    @property
    def identifier(self) -> str:
        """``org/repo@branch[__variant]``, or the file name when the config has no metadata."""
        return self.metadata.identifier if self.metadata else self.file
