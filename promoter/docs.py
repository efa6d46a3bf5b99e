"""Reference tables of promoted images: rows and sections for ``promoted-images docs``, without I/O.

Every promoted tag of every config (the ``tags`` of its promotion, build caches included) becomes one row, with its
pull specs, the config that promotes it, the pipeline image it is copied from, and what that image is built from.
Rows are grouped into sections: a release stream (an image stream that a ``name`` target fills, one tag per
component, such as ``ocp/4.17``) gets a section of its own; the per-image streams of ``tag`` targets and the build
caches (``build-cache/<org>-<repo>:<branch>``) are grouped into one section per namespace. Everything is sorted on
content, so the page is the same whatever order the files were read in.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from promoter.analysis import ConfigResult
from promoter.findings import Finding
from promoter.graph import Input, config_graph, inputs_of, ist_id, promoters
from promoter.lazydataclass import dataclass
from promoter.model import Config, ImageBuild, ImageStreamTag

# Named here too, for the reference pages' renderer (explicit re-exports).
from promoter.pipelinenames import PIPELINE_PREFIX as PIPELINE_PREFIX  # noqa: PLC0414
from promoter.pipelinenames import ROOT_IMAGE as ROOT_IMAGE  # noqa: PLC0414
from promoter.pipelinenames import build_root_text as build_root_text  # noqa: PLC0414
from promoter.promotion import PromotedTag, PromotionKind
from promoter.registries import PullRegistry, app_ci_reference_kept, parse_pull_spec

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

# The pull specs a row shows: the two registries people pull promoted images from (quay.io itself needs a push
# secret, so it is left out of reference pages).
DOCS_REGISTRIES: tuple[PullRegistry, ...] = ("app.ci", "quay-proxy")
# Pipeline images that ci-operator builds inside the build root (git clone, binary_build_commands, ...), not from a
# Dockerfile: a tag promoted from one of these is built by the build root image.
BUILT_IN_BUILD_ROOT = frozenset({"src", "bin", "test-bin", "rpms"})
DEFAULT_DOCKERFILE = "Dockerfile"

SectionKind = Literal["release-stream", "image-streams"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PullSpecEntry:
    """One pull spec of a row, and whether promotion keeps that registry's copy up to date."""

    registry: PullRegistry
    pull_spec: str
    kept: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DocsRow:
    """One promoted tag: where to pull it, which config promotes it, and what its source image is built from.

    ``file`` is the config's path relative to the directory it was found under (the key for ``--source-url``).
    ``base_image`` is the image stream tag behind the source's ``from`` (``pipeline:NAME`` for another pipeline
    image), ``builder_images`` those behind its ``inputs`` (base image aliases, pipeline images, and pull specs of
    CI registries in ``inputs.*.as``), and ``build_root`` the build root that builds a source such as ``src`` or
    ``bin``; each is empty when it does not apply. ``built_from`` is every image stream tag (or external image)
    behind the source, with the chain of edges that leads from it, as the image graph of ``graph`` has them.
    """

    ist: ImageStreamTag
    kind: PromotionKind
    release_stream: bool
    pull_specs: tuple[PullSpecEntry, ...]
    config: str
    file: str
    source: str
    dockerfile_path: str = ""
    dockerfile_literal: str = ""
    base_image: str = ""
    builder_images: tuple[str, ...] = ()
    build_root: str = ""
    used_by_tests: int | None = None
    built_from: tuple[Input, ...] = ()

    def sort_key(self) -> tuple[object, ...]:
        """Streams and tags in natural order (4.9 before 4.17), then config, file and source for equal tags."""
        return (
            natural_key(self.ist.name),
            natural_key(self.ist.tag),
            self.config,
            self.file,
            self.source,
            self.kind,
            self.dockerfile_path,
            self.dockerfile_literal,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DocsSection:
    """A table of the page: one release stream, or the per-image streams of a namespace (``stream`` empty)."""

    namespace: str
    stream: str
    app_ci_kept: bool
    rows: tuple[DocsRow, ...]

    @property
    def kind(self) -> SectionKind:
        """``release-stream`` for a stream with a tag per component, ``image-streams`` for per-image streams."""
        return "release-stream" if self.stream else "image-streams"

    @property
    def title(self) -> str:
        """``namespace/stream`` for a release stream, ``namespace (per-image streams)`` otherwise."""
        return f"{self.namespace}/{self.stream}" if self.stream else f"{self.namespace} (per-image streams)"


@dataclass(frozen=True, slots=True, kw_only=True)
class NamespaceSummary:
    """The counts of one namespace in the summary at the top of the page."""

    namespace: str
    app_ci_kept: bool
    release_streams: int
    image_streams: int
    tags: int
    configs: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DocsPage:
    """Everything a docs renderer needs: sections in page order, the summary, and what the page was made from.

    ``files_read`` counts every file given, ``configs_promoting`` the configs with at least one row on the page.
    """

    sections: tuple[DocsSection, ...]
    summary: tuple[NamespaceSummary, ...]
    files_read: int
    configs_promoting: int
    namespace_filter: tuple[str, ...] = ()
    stream_filter: tuple[str, ...] = ()
    # Filter values that match no promoted tag at all (a typo gives an empty page, so the command says so).
    unmatched_filters: tuple[str, ...] = ()

    @property
    def rows(self) -> tuple[DocsRow, ...]:
        """Every row of the page, in page order."""
        return tuple(row for section in self.sections for row in section.rows)

    @property
    def namespaces(self) -> tuple[str, ...]:
        """The namespaces of the page, in page order."""
        return tuple(summary.namespace for summary in self.summary)


def natural_key(text: str) -> tuple[object, ...]:
    """Sort key that orders digit runs by value (``4.9`` before ``4.17``) and is total: the text breaks ties."""
    parts = re.split(r"(\d+)", text)
    return (tuple((1, int(part), "") if part.isdigit() else (0, 0, part) for part in parts), text)


def relative_file(file: str, roots: Sequence[str]) -> str:
    """The path of ``file`` relative to the longest directory of ``roots`` that holds it, in POSIX form.

    Config files found below a directory argument are named from that directory (``org/repo/file.yaml`` for the
    ``ci-operator/config`` tree), so the page does not depend on where the command was run; a file that no root
    holds (named directly) keeps its path as given.
    """
    path = posixpath.normpath(file.replace("\\", "/"))
    best: str | None = None
    for root in roots:
        directory = posixpath.normpath(root.replace("\\", "/"))
        if directory == ".":
            inside = not (path.startswith("../") or path.startswith("/"))
            relative = path
        else:
            prefix = directory.rstrip("/") + "/"
            inside = path.startswith(prefix)
            relative = path[len(prefix) :]
        # The longest root gives the shortest relative path; equal lengths are equal paths, so no tie to break.
        if inside and relative and (best is None or len(relative) < len(best)):
            best = relative
    return path if best is None else best


@dataclass(frozen=True, slots=True)
class DocsEntry:
    """What the docs page takes from one file: its rows, whether it is a config at all, and its findings.

    Made where the file is analysed (in a worker process, for a tree), so that only this crosses to the process
    that writes the page.
    """

    file: str
    is_config: bool
    rows: tuple[DocsRow, ...]
    findings: tuple[Finding, ...]


def docs_entry(result: ConfigResult, *, roots: Sequence[str] = ()) -> DocsEntry:
    """The :class:`DocsEntry` of one analysed file (``roots`` as for :func:`relative_file`)."""
    rows = tuple(config_rows_of(result, roots=roots))
    return DocsEntry(result.file, result.config is not None, rows, result.findings)


def build_page(
    results: Iterable[ConfigResult],
    *,
    roots: Sequence[str] = (),
    namespaces: Iterable[str] = (),
    streams: Iterable[str] = (),
    tests_by_tag: Mapping[str, int] | None = None,
) -> DocsPage:
    """Rows, sections and summary for the configs of ``results``, keeping only the selected namespaces and streams.

    ``roots`` are the directories the configs were found under (see :func:`relative_file`). ``namespaces`` keeps
    rows of those namespaces; ``streams`` keeps rows whose image stream is one of them, written
    ``namespace/stream`` or as a bare stream name that matches in every namespace. Empty filters keep everything.
    """
    entries = [docs_entry(result, roots=roots) for result in results]
    return page_of_entries(entries, namespaces=namespaces, streams=streams, tests_by_tag=tests_by_tag)


def page_of_entries(
    entries: Iterable[DocsEntry],
    *,
    namespaces: Iterable[str] = (),
    streams: Iterable[str] = (),
    tests_by_tag: Mapping[str, int] | None = None,
) -> DocsPage:
    """:func:`build_page` of the files these entries were made from."""
    wanted_namespaces = tuple(sorted(set(namespaces)))
    wanted_streams = tuple(sorted(set(streams)))
    entry_list = sorted(entries, key=docs_entry_file)
    every_row = [row for entry in entry_list for row in entry.rows]
    if tests_by_tag is not None:
        every_row = [dataclasses.replace(row, used_by_tests=tests_by_tag.get(str(row.ist), 0)) for row in every_row]
    rows = [row for row in every_row if _selected(row.ist, wanted_namespaces, wanted_streams)]
    unmatched = [
        *(
            f"--namespace {value}"
            for value in wanted_namespaces
            if not any(_selected(r.ist, (value,), ()) for r in every_row)
        ),
        *(
            f"--stream {value}"
            for value in wanted_streams
            if not any(_selected(r.ist, (), (value,)) for r in every_row)
        ),
    ]
    # Decided over every row, so that a filter never moves a tag between a release stream and per-image streams.
    release_streams = {(row.ist.namespace, row.ist.name) for row in every_row if row.release_stream}
    grouped: dict[tuple[str, str], list[DocsRow]] = {}
    for row in rows:
        key = (row.ist.namespace, row.ist.name if (row.ist.namespace, row.ist.name) in release_streams else "")
        grouped.setdefault(key, []).append(row)
    # A namespace's release streams come first, in natural order, then its per-image streams ("" sorts last here).
    ordered = sorted(grouped, key=lambda key: (key[0], key[1] == "", natural_key(key[1])))
    sections = tuple(
        DocsSection(
            namespace=namespace,
            stream=stream,
            app_ci_kept=app_ci_reference_kept(namespace),
            rows=tuple(sorted(grouped[(namespace, stream)], key=DocsRow.sort_key)),
        )
        for namespace, stream in ordered
    )
    return DocsPage(
        sections=sections,
        summary=_summary(sections),
        files_read=len(entry_list),
        configs_promoting=len({(row.config, row.file) for row in rows}),
        namespace_filter=wanted_namespaces,
        stream_filter=wanted_streams,
        unmatched_filters=tuple(unmatched),
    )


def docs_entry_file(entry: DocsEntry) -> str:
    """The file an entry is of: what entries are sorted by."""
    return entry.file


def _selected(ist: ImageStreamTag, namespaces: tuple[str, ...], streams: tuple[str, ...]) -> bool:
    if namespaces and ist.namespace not in namespaces:
        return False
    return not streams or ist.name in streams or f"{ist.namespace}/{ist.name}" in streams


def _summary(sections: Sequence[DocsSection]) -> tuple[NamespaceSummary, ...]:
    by_namespace: dict[str, list[DocsSection]] = {}
    for section in sections:
        by_namespace.setdefault(section.namespace, []).append(section)
    summary: list[NamespaceSummary] = []
    for namespace in sorted(by_namespace):
        group = by_namespace[namespace]
        rows = [row for section in group for row in section.rows]
        image_sections = [section for section in group if not section.stream]
        summary.append(
            NamespaceSummary(
                namespace=namespace,
                app_ci_kept=app_ci_reference_kept(namespace),
                release_streams=sum(1 for section in group if section.stream),
                image_streams=len({row.ist.name for section in image_sections for row in section.rows}),
                tags=len(rows),
                configs=len({(row.config, row.file) for row in rows}),
            )
        )
    return tuple(summary)


def config_rows_of(result: ConfigResult, *, roots: Sequence[str] = ()) -> list[DocsRow]:
    """One row per promoted tag of one config, in the config's promoted-list order.

    Commit tags of ``tag_by_commit`` targets are not rows: they are pushed per merged commit, not kept as a tag
    people pull by name.
    """
    config = result.config
    if config is None or not result.promotion.tags:
        return []
    file = relative_file(result.file, roots)
    identifier = config.metadata.identifier if config.metadata else file
    # The config's own part of the image graph is all it takes: a walk up from an image stops at the tags it imports.
    graph = config_graph(config, result.promotion)
    return [
        dataclasses.replace(_row(config, tag, identifier=identifier, file=file), built_from=_built_from(graph, tag))
        for tag in result.promotion.tags
    ]


def _built_from(graph: nx.DiGraph[str], tag: PromotedTag) -> tuple[Input, ...]:
    for node in promoters(graph, ist_id(tag.ist)):
        if graph.nodes[node].get("tag") == tag.source:
            return inputs_of(graph, node)
    return ()


def _row(config: Config, tag: PromotedTag, *, identifier: str, file: str) -> DocsRow:
    targets = config.promotion.targets if config.promotion is not None else ()
    release_stream = tag.target is not None and tag.target < len(targets) and targets[tag.target].mode == "name"
    row = DocsRow(
        ist=tag.ist,
        kind=tag.kind,
        release_stream=release_stream,
        # Registries that promotion keeps up to date first: a stale app.ci copy (see APP_CI_KEPT_CURRENT) comes last.
        pull_specs=tuple(
            PullSpecEntry(registry=registry, pull_spec=tag.pull_spec(registry), kept=tag.kept(registry))
            for registry in sorted(DOCS_REGISTRIES, key=lambda registry: not tag.kept(registry))
        ),
        config=identifier,
        file=file,
        source=tag.source,
    )
    bases = _base_aliases(config)
    image = _image_named(config, tag.source)
    if image is not None:
        return dataclasses.replace(
            row,
            dockerfile_path="" if image.dockerfile_literal else _dockerfile_path(image),
            dockerfile_literal=image.dockerfile_literal,
            base_image=_resolve_from(config, image.from_, bases),
            builder_images=_builders(image, bases),
        )
    if tag.source in BUILT_IN_BUILD_ROOT:
        return dataclasses.replace(row, build_root=build_root_text(config))
    if tag.source in bases or tag.source == ROOT_IMAGE:
        # A promoted base image alias or the build root itself is imported, not built: it is its own base image.
        return dataclasses.replace(row, base_image=_resolve_from(config, tag.source, bases))
    # Any other source is made by a step this config does not describe (a multi-stage test, an RPM repository).
    return row


def _base_aliases(config: Config) -> dict[str, ImageStreamTag]:
    aliases: dict[str, ImageStreamTag] = {}
    for base in config.base_images:
        # base_images comes before base_rpm_images in the model; the first definition of an alias is the one shown.
        aliases.setdefault(base.alias, base.ist)
    return aliases


def _image_named(config: Config, name: str) -> ImageBuild | None:
    for image in config.images:
        if image.to == name:
            return image
    return None


def _dockerfile_path(image: ImageBuild) -> str:
    path = image.dockerfile_path or DEFAULT_DOCKERFILE
    return posixpath.join(image.context_dir, path) if image.context_dir else path


def _resolve_from(config: Config, name: str, bases: dict[str, ImageStreamTag]) -> str:
    if not name:
        return ""
    if name in bases:
        return str(bases[name])
    if name == ROOT_IMAGE:
        return build_root_text(config)
    return f"{PIPELINE_PREFIX}{name}"


def _builders(image: ImageBuild, bases: dict[str, ImageStreamTag]) -> tuple[str, ...]:
    found: set[str] = set()
    for image_input in image.inputs:
        if image_input.name in bases:
            found.add(str(bases[image_input.name]))
        elif image_input.name:
            # An input that is not a base image is a pipeline image (files copied from bin, a built image).
            found.add(f"{PIPELINE_PREFIX}{image_input.name}")
        for reference in image_input.as_:
            parsed = parse_pull_spec(reference)
            if parsed is not None:
                found.add(str(parsed))
    return tuple(sorted(found))


def source_link(source_url: str, file: str) -> str:
    """The URL of a config file below ``source_url`` (a base URL), or empty when there is no base or no usable path.

    The path is percent-encoded (spaces, parentheses and ``|`` included, in the base URL too), so the URL can go
    into a Markdown link or an HTML attribute as it is; a path that leaves the tree (absolute, ``..``) or standard
    input gets no link.
    """
    if not source_url or not file or file.startswith(("/", "../", "<")) or file == "..":
        return ""
    # The base keeps its URL syntax and existing %-escapes; only what would break a Markdown link is encoded.
    base = quote(source_url.rstrip("/"), safe=":/?#[]@!$&*+,;=%~-._")
    return f"{base}/{quote(file, safe='/-._~@+')}"
