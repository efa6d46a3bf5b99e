"""The image input graph of a config tree: what every image is built from, inside one config and across configs.

A networkx directed graph, edges from input to output, nodes and edges typed (``kind``):

* ``ist:<namespace>/<name>:<tag>`` (kind ``ist``): an image stream tag, imported as an input (``build_root``,
  ``base_images``, ``base_rpm_images``, an ``inputs`` reference to a CI registry) or promoted by a config. A tag that
  one config promotes and another imports is one node: that is what joins configs into one graph.
* ``ext:<registry>/<namespace>/<name>:<tag>`` (kind ``ext``): an ``external_images`` source.
* ``pipeline:<config>:<tag>``: a tag of a config's ``pipeline`` image stream, kinds ``root``, ``src``, ``bin``,
  ``test-bin``, ``rpms``, ``base``, ``base-rpm-raw`` (``<alias>-without-rpms``), ``base-rpm``, ``external``, ``build``,
  and ``undefined`` for a tag the config refers to but never defines. ``<config>`` is ``org/repo@branch[__variant]``
  (with the file in brackets when several files share it, or the file alone without metadata).

Edge kinds: ``imports`` (tag -> root/alias), ``build-cache`` (the branch's build cache -> root, ``use_build_cache``),
``clones`` (root -> src), ``runs`` (src/bin -> bin/test-bin/rpms), ``injects-rpms`` (rpms -> base-rpm), ``context``
(src -> built image), ``base`` (``from`` -> built image, and the raw base of an RPM-injected image), ``input``
(``inputs`` key -> built image; ``as`` and ``paths`` attributes), ``replaces`` (a CI registry reference in ``inputs.as``
-> the built image whose Dockerfile names it; attribute ``input`` is the pipeline tag that stands in for it) and
``promotes`` (pipeline tag -> promoted tag, computed by :func:`promoter.promotion.promote`). Two relations between
the same pair of nodes share one edge whose ``kind`` lists both, comma-separated in sorted order.

With a step registry, tests join the graph: ``test:<config>:<test>`` (kind ``test``, label ``<config>:<test>``) and
``step:<config>:<test>:<step>`` (kind ``step``, with ``stage``, ``ref`` and ``via``, the workflow and chains that
lead to it), ``runs-step`` edges (test -> step), ``runs`` edges into steps and container tests from the image they
run in, and ``depends-on`` edges (attribute ``env``) from the images a step gets in its environment. A release image
whose release is imported from an image stream is that stream's tag; otherwise it is ``release:<config>:<stream>:<tag>``
(kind ``release``).

Every node and edge carries ``config``, ``file``, ``line`` and ``path`` (JSON path) of the config line that defines
it; an image stream tag that no config promotes has empty ones, a promoted one those of its (first) promoter. Nodes
also have ``kind`` and ``label`` (``namespace/name:tag``, or ``<config>:<tag>``); pipeline nodes ``tag``, and the root
``how`` (``image_stream_tag``, ``project_image`` or ``from_repository``). Edges may have ``as`` and ``paths`` (lists,
``input``/``replaces``), ``input`` (``replaces``), ``field`` (``runs``), ``context_dir`` (``context``), and on
``promotes``: ``promotion`` (``image``, ``additional`` or ``build-cache``), ``target_index`` (into ``promotion.to``,
-1 for the build cache), ``mode`` (``name``/``tag``) and ``by_commit``. Pure: no I/O.
"""

from __future__ import annotations

import difflib
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from promoter.analysis import ConfigResult
from promoter.lazydataclass import dataclass
from promoter.model import Config, ImageBuild, ImageStreamTag, Location
from promoter.promotion import PromotionResult, promote
from promoter.registries import OFFICIAL_NAMESPACES, parse_pull_spec
from promoter.resolve import ResolvedStep, release_of, resolve_config_tests
from promoter.stepregistry import Registry

if TYPE_CHECKING:
    # networkx ships no type hints; types-networkx is not a dependency, and when it is installed the ignore is unused.
    # Imported where a graph is built: worker processes make parts of it (:func:`config_part`) without it.
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

PIPELINE = "pipeline:"
TEST = "test:"
STEP = "step:"
RELEASE = "release:"
IST = "ist:"
EXT = "ext:"
PROMOTES = "promotes"
EXTERNAL_KINDS = frozenset({"ist", "ext"})
Direction = Literal["upstream", "downstream"]


class RefError(ValueError):
    """A REF that is neither an image stream tag, a CI registry pull spec, nor ``org/repo@branch:image``."""


def pipeline_id(scope: str, tag: str) -> str:
    """The node id of a pipeline tag of the config ``scope``."""
    return f"{PIPELINE}{scope}:{tag}"


def ist_id(ist: ImageStreamTag) -> str:
    """The node id of an image stream tag."""
    return f"{IST}{ist}"


def build_graph(results: Iterable[ConfigResult], registry: Registry | None = None) -> nx.DiGraph[str]:
    """The image graph of every config among ``results`` (files that are not configs are left out).

    The promoted tags come from each result's promotion, so the graph agrees with the promoted list. With a step
    ``registry``, the tests of each config and the steps they run join the graph (see :class:`_TestBuilder`).
    """
    import networkx as nx  # noqa: PLC0415

    loaded = sorted((r for r in results if r.config is not None), key=lambda r: r.file, reverse=True)
    counts = Counter(_identifier(r) for r in loaded)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.graph["configs"] = len(loaded)
    # Each config is let go of once it is in the graph: when the caller holds no other reference (see
    # :func:`handed_over`), the memory of the configs already added holds the graph, never both at their largest.
    while loaded:
        result = loaded.pop()
        identifier = _identifier(result)
        scope = identifier if counts[identifier] == 1 else f"{identifier}[{result.file}]"
        add_part(graph, config_part(result, registry, scope=scope))
    if registry is not None:
        graph.graph["step_registry"] = registry.root
    return graph


class ImageGraph:
    """The graph :func:`build_graph` makes, in plain dicts: what the renderers and :func:`explain` read of a graph.

    ``nodes`` maps a node to its attributes, ``edges`` a (tail, head) pair to the edge's, both in the order they
    were added, as networkx keeps them; ``succ`` and ``pred`` are networkx's adjacency (node -> neighbour -> edge
    attributes), made when first read. Joining a tree's configs this way costs a fraction of networkx's.
    """

    def __init__(self) -> None:
        """An empty graph."""
        self.graph: dict[str, Any] = {}
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}
        self._succ: dict[str, dict[str, dict[str, Any]]] | None = None
        self._pred: dict[str, dict[str, dict[str, Any]]] | None = None

    def add_part(self, part: ConfigPart) -> None:
        """Add one config's nodes and edges (as :func:`add_part` adds them to a networkx graph)."""
        nodes = self.nodes
        for node, data in part.nodes.items():
            known = nodes.get(node)
            if known is None:
                nodes[node] = data
            else:
                join_node(known, data)
        self.edges.update(part.edges)
        self._succ = self._pred = None

    @property
    def succ(self) -> dict[str, dict[str, dict[str, Any]]]:
        """For each node, the nodes its edges go to, and the attributes of each edge."""
        if self._succ is None:
            self._succ = self._adjacency(0)
        return self._succ

    @property
    def pred(self) -> dict[str, dict[str, dict[str, Any]]]:
        """For each node, the nodes its edges come from, and the attributes of each edge."""
        if self._pred is None:
            self._pred = self._adjacency(1)
        return self._pred

    def _adjacency(self, end: int) -> dict[str, dict[str, dict[str, Any]]]:
        # Each direction only when it is read: the tree of a whole graph reads one, and each is a dict per node.
        other = 1 - end
        adjacency: dict[str, dict[str, dict[str, Any]]] = {node: {} for node in self.nodes}
        for pair, data in self.edges.items():
            adjacency[pair[end]][pair[other]] = data
        return adjacency

    @property
    def in_degree(self) -> list[tuple[str, int]]:
        """Each node and the number of edges into it."""
        counts = Counter(head for _, head in self.edges)
        return [(node, counts[node]) for node in self.nodes]

    @property
    def out_degree(self) -> list[tuple[str, int]]:
        """Each node and the number of edges out of it."""
        counts = Counter(tail for tail, _ in self.edges)
        return [(node, counts[node]) for node in self.nodes]

    def predecessors(self, node: str) -> Iterator[str]:
        """The nodes with an edge to ``node``, in the order the edges were added."""
        return iter(self.pred[node])

    def successors(self, node: str) -> Iterator[str]:
        """The nodes ``node`` has an edge to, in the order the edges were added."""
        return iter(self.succ[node])

    def __contains__(self, node: object) -> bool:
        """Whether ``node`` is a node of the graph."""
        return node in self.nodes

    def to_networkx(self) -> nx.DiGraph[str]:
        """The same graph in networkx; this one is emptied as it is copied, never both whole in memory."""
        import networkx as nx  # noqa: PLC0415

        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.graph.update(self.graph)
        nodes, edges = self.nodes, self.edges
        graph.add_nodes_from((node, nodes.pop(node)) for node in list(nodes))
        graph.add_edges_from((tail, head, edges.pop((tail, head))) for tail, head in list(edges))
        self._succ = self._pred = None
        return graph


# A graph as the queries below read it: networkx's, or the plain one the command line joins from parts.
AnyGraph: TypeAlias = "nx.DiGraph[str] | ImageGraph"


def graph_of_parts(parts: list[ConfigPart], registry: Registry | None = None) -> ImageGraph:
    """The image graph :func:`build_graph` makes, from the parts of the same files (:func:`config_part`).

    The parts are made under each config's identifier; configs that share one are given their file as well here.
    ``parts`` is emptied as they are added: the graph holds their attributes, not a copy.
    """
    parts.sort(key=lambda part: part.file, reverse=True)
    counts = Counter(part.identifier for part in parts if part.identifier)
    graph = ImageGraph()
    graph.graph["configs"] = sum(counts.values())
    while parts:
        part = parts.pop()
        if not part.identifier:
            continue
        if counts[part.identifier] > 1:
            part = rescoped(part, f"{part.identifier}[{part.file}]")
        graph.add_part(part)
    if registry is not None:
        graph.graph["step_registry"] = registry.root
    return graph


def handed_over(results: list[ConfigResult]) -> Iterator[ConfigResult]:
    """The items of ``results``, each removed from the list as it is taken, for :func:`build_graph` to let go of."""
    results.reverse()
    while results:
        yield results.pop()


def config_graph(config: Config, promotion: PromotionResult | None = None) -> nx.DiGraph[str]:
    """The image graph of one config; its promoted tags are computed when ``promotion`` is not given."""
    result = ConfigResult(
        file=config.file,
        config=config,
        promotion=promotion if promotion is not None else promote(config),
        findings=(),
    )
    return build_graph([result])


@dataclass(frozen=True, slots=True)
class ConfigPart:
    """One config's nodes and edges, in the order its builder made them, ready to join a tree's graph.

    Image stream tags and external images are nodes of every config that names them; the tree's graph has each
    once (:func:`join_node`). Every other node, and every edge, has an end that is the config's own. A file that
    is not a config has an empty ``identifier``, no nodes, and its analysis as ``left_out``: its findings say why.
    """

    file: str
    identifier: str
    nodes: dict[str, dict[str, Any]]
    edges: dict[tuple[str, str], dict[str, Any]]
    left_out: ConfigResult | None = None


def config_part(result: ConfigResult, registry: Registry | None = None, *, scope: str | None = None) -> ConfigPart:
    """The nodes and edges of one analysed file; ``scope`` names the config in node ids (its identifier by default).

    A file that is not a config gives a part with only its findings.
    """
    config = result.config
    if config is None:
        return ConfigPart(file=result.file, identifier="", nodes={}, edges={}, left_out=result)
    builder = _ConfigBuilder(config, result.promotion, config.identifier if scope is None else scope)
    builder.build()
    if registry is not None:
        _TestBuilder(builder, registry).build()
    return ConfigPart(file=result.file, identifier=config.identifier, nodes=builder.nodes, edges=builder.edges)


def part_from_new_json(data: Any) -> ConfigPart:
    """:func:`part_from_json` of a part a worker has just made, unchecked."""
    return part_from_json(data, checked=False)


def part_file(part: ConfigPart) -> str:
    """The file a part is of."""
    return part.file


def add_part(graph: nx.DiGraph[str], part: ConfigPart) -> None:
    """Add one config's nodes and edges to a tree's graph: a node it shares with other configs is joined."""
    known = graph.nodes
    for node, data in part.nodes.items():
        if node in known:
            join_node(known[node], data)
        else:
            graph.add_node(node, **data)
    graph.add_edges_from((tail, head, data) for (tail, head), data in part.edges.items())


def join_node(data: dict[str, Any], other: dict[str, Any]) -> None:
    """Join a second config's attributes ``other`` of a node to its attributes ``data`` in the tree's graph.

    Only image stream tags and external images are shared; a tag several configs promote is attributed to the first
    promoter in sorted order (a conflict lint reports), whichever order the configs come in.
    """
    if other["kind"] != "ist" or not other["config"]:
        return
    claim = (other["config"], other["file"], other["line"])
    if not data["config"] or claim < (data["config"], data["file"], data["line"]):
        data.update(config=other["config"], file=other["file"], line=other["line"], path=other["path"])


def rescoped(part: ConfigPart, scope: str) -> ConfigPart:
    """A part built under its config's identifier, with ``scope`` in its node ids and labels instead."""
    own = tuple(f"{prefix}{part.identifier}:" for prefix in (PIPELINE, TEST, STEP, RELEASE))
    skip = len(part.identifier)

    def renamed(node: str) -> str:
        if not node.startswith(own):
            return node
        prefix = node[: node.index(":") + 1]
        return f"{prefix}{scope}{node[len(prefix) + skip :]}"

    nodes = {}
    for node, data in part.nodes.items():
        new = renamed(node)
        nodes[new] = data if new == node else {**data, "label": f"{scope}{data['label'][skip:]}"}
    edges = {(renamed(tail), renamed(head)): data for (tail, head), data in part.edges.items()}
    return ConfigPart(file=part.file, identifier=part.identifier, nodes=nodes, edges=edges)


def part_json(part: ConfigPart) -> list[Any]:
    """The JSON form of a part, for the cache and for worker processes; :func:`part_from_json` reads it back.

    The ``config`` and ``file`` of the config itself, on most nodes and every edge, are written once.
    """
    if part.left_out is not None:
        from promoter.codec import encode_result  # noqa: PLC0415 - the codec only to store or pass on a part

        return [part.file, encode_result(part.left_out)]
    identifier, file = part.identifier, part.file

    def compact(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("config") == identifier and data.get("file") == file:
            data = data.copy()  # the names in their order, without a loop in Python
            del data["config"], data["file"]
        return data

    nodes = [[node, compact(data)] for node, data in part.nodes.items()]
    edges = [[tail, head, compact(data)] for (tail, head), data in part.edges.items()]
    return [file, identifier, nodes, edges]


def part_from_json(data: Any, *, checked: bool = True) -> ConfigPart:
    """Rebuild a part from :func:`part_json`; raises ValueError, TypeError or KeyError on malformed data.

    Without ``checked``, for what a worker process of this run has just made, the types are taken as the builder
    makes them (a cache entry, which anyone who can write the cache can write, is always checked).
    """
    if len(data) == 2:
        from promoter.codec import decode_result  # noqa: PLC0415

        file, result = data
        return ConfigPart(file=str(file), identifier="", nodes={}, edges={}, left_out=decode_result(result))
    file, identifier, node_list, edge_list = data
    if type(file) is not str or type(identifier) is not str:
        raise TypeError("a part's file and identifier are text")
    nodes: dict[str, dict[str, Any]] = {}
    # Each node id once in memory: the edges' ends are the nodes' own strings.
    ids: dict[str, str] = {}
    kinds = _KINDS
    for node, attributes in node_list:
        if "config" not in attributes:
            # The config's own identifier and file, shared by every node and edge: one string each in memory.
            attributes["config"] = identifier
            attributes["file"] = file
        if checked:
            if type(node) is not str:
                raise TypeError("a node id is text")
            check_node(node, attributes)
        kind, path = attributes["kind"], attributes["path"]
        attributes["kind"], attributes["path"] = kinds.setdefault(kind, kind), kinds.setdefault(path, path)
        nodes[node] = attributes
        ids[node] = node
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for tail, head, attributes in edge_list:
        if "config" not in attributes:
            attributes["config"] = identifier
            attributes["file"] = file
        if checked:
            _check(attributes, _EDGE_TYPES, None)
        kind, path = attributes["kind"], attributes["path"]
        attributes["kind"], attributes["path"] = kinds.setdefault(kind, kind), kinds.setdefault(path, path)
        # A KeyError for an edge whose ends are not nodes of the part.
        edges[ids[tail], ids[head]] = attributes
    return ConfigPart(file=file, identifier=identifier, nodes=nodes, edges=edges)


# The types of what every node (kind, label, config, file, path, line) and edge (the same but label) has: what the
# renderers and queries sort, join and compare.
_NODE_TYPES = (str, str, str, str, str, int)
_EDGE_TYPES = (str, str, str, str, int)
# What the renderers and queries read of some nodes besides, by the prefix of their id.
_NODE_NEEDS = {PIPELINE: frozenset({"tag"}), STEP: frozenset({"stage", "via"})}
# The types of the other attribute values: JSON's, but null, numbers with a fraction and mappings; lists of text.
_VALUE_TYPES = frozenset({str, int, bool, list})
# Node and edge kinds and JSON paths, one string each in memory however many nodes and edges have them.
_KINDS: dict[str, str] = {}


def check_node(node: str, attributes: Any) -> None:
    """Raise TypeError or KeyError for a node's attributes of a shape the builder never makes (a tampered cache)."""
    _check(attributes, _NODE_TYPES, _NODE_NEEDS.get(node[: node.find(":") + 1]))


def _check(attributes: dict[str, Any], types: tuple[type, ...], needs: frozenset[str] | None) -> None:
    """Raise for attributes of a shape the builder never makes (a tampered cache entry): none reaches a renderer."""
    if type(attributes) is not dict:
        raise TypeError("the attributes of a node or an edge are a mapping")
    # A KeyError when one is missing. Spelled out: a tuple of lookups costs a third of a map over the names.
    found: tuple[type, ...]
    if len(types) == 6:
        found = (
            type(attributes["kind"]),
            type(attributes["label"]),
            type(attributes["config"]),
            type(attributes["file"]),
            type(attributes["path"]),
            type(attributes["line"]),
        )
    else:
        found = (
            type(attributes["kind"]),
            type(attributes["config"]),
            type(attributes["file"]),
            type(attributes["path"]),
            type(attributes["line"]),
        )
    if found != types or (needs is not None and not needs.issubset(attributes)):
        raise TypeError("not the attributes of a node or an edge")
    values = set(map(type, attributes.values()))
    if not _VALUE_TYPES.issuperset(values):
        raise TypeError("not the attributes of a node or an edge")
    if list in values:
        for value in attributes.values():
            if type(value) is list and not all(type(item) is str for item in value):
                raise TypeError("a list attribute holds text only")


def _identifier(result: ConfigResult) -> str:
    return result.config.identifier if result.config is not None else result.file


class _ConfigBuilder:
    """Makes the nodes and edges of one config (a :class:`ConfigPart`)."""

    def __init__(self, config: Config, promotion: PromotionResult, scope: str) -> None:
        self.config = config
        self.promotion = promotion
        self.scope = scope
        self.identifier = config.identifier
        # The config's nodes and edges with their attributes, in the order they are made: every edge has an end in
        # this config, so none is another config's.
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}

    def add_node(self, node: str, **attributes: Any) -> None:
        """Add a node, or set attributes of one already made, as networkx's ``add_node`` does."""
        data = self.nodes.get(node)
        if data is None:
            self.nodes[node] = attributes
        else:
            data.update(attributes)

    def where(self, location: Location) -> dict[str, Any]:
        return {"config": self.identifier, "file": self.config.file, "line": location.line, "path": location.path}

    def pipeline(self, tag: str, kind: str, location: Location) -> str:
        node = f"{PIPELINE}{self.scope}:{tag}"
        data = self.nodes.get(node)
        if data is None:
            self.nodes[node] = {"kind": kind, "label": f"{self.scope}:{tag}", "tag": tag, **self.where(location)}
        elif data["kind"] == "undefined" and kind != "undefined":
            data.update(kind=kind, **self.where(location))
        return node

    def reference(self, tag: str, location: Location) -> str:
        """A pipeline tag used by the config: defined by now, or ``undefined`` (a finding of lint, not ours)."""
        return self.pipeline(tag, "undefined", location)

    def external(self, ist: ImageStreamTag) -> str:
        node = ist_id(ist)
        if node not in self.nodes:
            self.nodes[node] = {"kind": "ist", "label": str(ist), "config": "", "file": "", "line": 0, "path": ""}
        return node

    def edge(self, tail: str, head: str, kind: str, location: Location, **attributes: Any) -> None:
        data = self.edges.get((tail, head))
        if data is None:
            self.edges[tail, head] = {"kind": kind, **self.where(location), **attributes}
        else:
            _join(data, kind, {**self.where(location), **attributes})

    def build(self) -> None:
        config = self.config
        self._build_root()
        if config.binary_build_commands:
            self.pipeline("bin", "bin", config.binary_build_commands_location)
        if config.test_binary_build_commands:
            self.pipeline("test-bin", "test-bin", config.test_binary_build_commands_location)
        if config.rpm_build_commands:
            self.pipeline("rpms", "rpms", config.rpm_build_commands_location)
        self._base_images()
        for image in config.images:
            if image.to:
                self.pipeline(image.to, "build", image.location)
        # Every node the config defines exists now, so a reference below that creates a node is to an undefined tag.
        self._commands()
        for image in config.images:
            if image.to:
                self._image(image)
        self._promotions()

    def _build_root(self) -> None:
        build_root = self.config.build_root
        if build_root is None:
            return
        where = build_root.location
        root = self.pipeline("root", "root", where)
        if build_root.image_stream_tag is not None:
            how = "image_stream_tag"
        elif build_root.project_image:
            how = "project_image"
        else:
            how = "from_repository" if build_root.from_repository else ""
        self.nodes[root]["how"] = how
        src = self.pipeline("src", "src", where)
        self.edge(root, src, "clones", where)
        if build_root.image_stream_tag is not None:
            self.edge(self.external(build_root.image_stream_tag), root, "imports", where)
        metadata = self.config.metadata
        if build_root.use_build_cache and metadata is not None:
            cache = ImageStreamTag("build-cache", f"{metadata.org}-{metadata.repo}", metadata.build_cache_tag)
            self.edge(self.external(cache), root, "build-cache", where)

    def _base_images(self) -> None:
        specification = self.config.tag_specification
        for base in self.config.base_images:
            ist = base.ist
            if not ist.namespace and not ist.name and specification is not None:
                # ci-operator takes the namespace and name of a tag-only base image from tag_specification.
                ist = ImageStreamTag(specification.namespace, specification.name, ist.tag)
            if base.rpm:
                raw = self.pipeline(f"{base.alias}-without-rpms", "base-rpm-raw", base.location)
                alias = self.pipeline(base.alias, "base-rpm", base.location)
                self.edge(self.external(ist), raw, "imports", base.location)
                self.edge(raw, alias, "base", base.location)
            else:
                self.edge(
                    self.external(ist), self.pipeline(base.alias, "base", base.location), "imports", base.location
                )
        for image in self.config.external_images:
            node = f"{EXT}{image.pull_spec}"
            if node not in self.nodes:
                self.add_node(node, kind="ext", label=image.pull_spec, config="", file="", line=0, path="")
            alias = self.pipeline(image.alias, "external", image.location)
            self.edge(node, alias, "imports", image.location)

    def _commands(self) -> None:
        config = self.config
        if not (config.binary_build_commands or config.test_binary_build_commands or config.rpm_build_commands):
            return
        src = self.reference("src", config.binary_build_commands_location)
        if config.binary_build_commands:
            where = config.binary_build_commands_location
            self.edge(src, pipeline_id(self.scope, "bin"), "runs", where, field="binary_build_commands")
        if config.test_binary_build_commands:
            where = config.test_binary_build_commands_location
            self.edge(src, pipeline_id(self.scope, "test-bin"), "runs", where, field="test_binary_build_commands")
        if config.rpm_build_commands:
            where = config.rpm_build_commands_location
            # RPMs are built in bin when there is one, else in src.
            origin = pipeline_id(self.scope, "bin") if config.binary_build_commands else src
            rpms = pipeline_id(self.scope, "rpms")
            self.edge(origin, rpms, "runs", where, field="rpm_build_commands")
            for base in config.base_images:
                if base.rpm:
                    self.edge(rpms, pipeline_id(self.scope, base.alias), "injects-rpms", base.location)

    def _image(self, image: ImageBuild) -> None:
        where = image.location
        target = pipeline_id(self.scope, image.to)
        keys = {item.name for item in image.inputs}
        if "src" not in keys:
            # The build context is the src image's working directory, unless src is an input of its own.
            extra = {"context_dir": image.context_dir} if image.context_dir else {}
            self.edge(self.reference("src", where), target, "context", where, **extra)
        if image.from_:
            self.edge(self.reference(image.from_, where), target, "base", where)
        for item in image.inputs:
            paths = [f"{source} -> {destination or '.'}" for source, destination in item.paths]
            self.edge(self.reference(item.name, where), target, "input", where, **{"as": list(item.as_)}, paths=paths)
            for reference in item.as_:
                ist = registry_reference(reference)
                if ist is not None:
                    self.edge(self.external(ist), target, "replaces", where, input=item.name, **{"as": [reference]})

    def _promotions(self) -> None:
        promotion = self.config.promotion
        for tag in self.promotion.tags:
            target = None if tag.target is None or promotion is None else promotion.targets[tag.target]
            source = self.reference(tag.source, tag.location)
            node = self.external(tag.ist)
            self._claim(node, tag.location)
            self.edge(
                source,
                node,
                PROMOTES,
                tag.location,
                promotion=tag.kind,
                target_index=-1 if tag.target is None else tag.target,
                mode="" if target is None else target.mode,
                by_commit=bool(target is not None and target.tag_by_commit),
            )

    def _claim(self, node: str, location: Location) -> None:
        """Record the config promoting a tag on its node; with several (a conflict lint reports), the first sorted."""
        data = self.nodes[node]
        mine = (self.identifier, self.config.file, location.line)
        if not data["config"] or mine < (data["config"], data["file"], data["line"]):
            data.update(self.where(location))


class _TestBuilder:
    """Adds a config's tests and the steps they run, with the images each step runs in and depends on.

    Multi-stage tests are resolved against the registry as ci-operator does; a test ci-operator would refuse (an
    unknown name, an unresolved parameter) gets its node, with ``unresolved`` saying why, and no steps.
    """

    def __init__(self, config: _ConfigBuilder, registry: Registry) -> None:
        self.config = config
        self.registry = registry
        self.nodes = config.nodes
        self.scope = config.scope
        model = config.config
        model.require_tests()
        self.pipeline_tags = frozenset(model.pipeline_tags)
        self.streams = {release: (namespace, name) for release, namespace, name in model.release_streams}

    def build(self) -> None:
        model = self.config.config
        for test in model.container_tests:
            node = self.test(test.name, test.location)
            source = self.source(test.from_, test.location)
            if source is not None:
                self.config.edge(source, node, "runs", test.location)
        for source_test, resolved in resolve_config_tests(self.registry, model.tests):
            where = source_test.locator()(("tests", source_test.index))
            node = self.test(source_test.name, where)
            if resolved is None:
                self.nodes[node]["unresolved"] = True
                continue
            for step in resolved.steps:
                self.step(node, source_test.name, step)

    def test(self, name: str, location: Location) -> str:
        node = f"{TEST}{self.scope}:{name}"
        if node not in self.nodes:
            self.config.add_node(node, kind="test", label=f"{self.scope}:{name}", **self.config.where(location))
        return node

    def step(self, test_node: str, test: str, resolved: ResolvedStep) -> None:
        step = resolved.step
        node = f"{STEP}{self.scope}:{test}:{step.as_}"
        where = resolved.origin
        self.config.add_node(
            node,
            kind="step",
            label=f"{self.scope}:{test}/{step.as_}",
            stage=resolved.stage,
            ref=resolved.ref or "",
            via=list(resolved.via),
            **self.config.where(where),
        )
        self.config.edge(test_node, node, "runs-step", where, stage=resolved.stage)
        image = self.config.external(step.from_image) if step.from_image is not None else self.source(step.from_, where)
        if image is not None:
            self.config.edge(image, node, "runs", where)
        for dependency in step.dependencies:
            source = self.source(dependency.name, where)
            if source is not None:
                self.config.edge(source, node, "depends-on", where, env=[dependency.env])

    def source(self, name: str, where: Location) -> str | None:
        """The node of the image a step names, resolved as ci-operator does (``DependencyParts``)."""
        if not name:
            return None
        if ":" not in name:
            if name in self.pipeline_tags:
                return self.config.reference(name, where)
            stream, tag = "stable", name
        else:
            stream, _, tag = name.partition(":")
            if stream == "pipeline":
                return self.config.reference(tag, where)
        release = release_of(stream, tag)
        if release is None:
            return None
        if stream != "release" and release in self.streams:
            namespace, image_stream = self.streams[release]
            return self.config.external(ImageStreamTag(namespace, image_stream, tag))
        node = f"{RELEASE}{self.scope}:{stream}:{tag}"
        if node not in self.nodes:
            label = f"{self.scope}:{stream}:{tag}"
            self.config.add_node(
                node, kind="release", label=label, config=self.config.identifier, file="", line=0, path=""
            )
        return node


def registry_reference(reference: str) -> ImageStreamTag | None:
    """The image stream tag behind a Dockerfile reference of ``inputs.as``, when it names a CI registry pull spec."""
    # A bare namespace/stream:tag there is a Docker Hub reference, not an image stream tag.
    if "." not in reference.split("/", 1)[0]:
        return None
    return parse_pull_spec(reference)


def add_edge(graph: nx.DiGraph[str], tail: str, head: str, kind: str, **attributes: Any) -> None:
    """Add a typed edge; a second relation between the same nodes joins the first (kinds and list values merged)."""
    if not graph.has_edge(tail, head):
        graph.add_edge(tail, head, kind=kind, **attributes)
        return
    _join(graph.edges[tail, head], kind, attributes)


def _join(data: dict[str, Any], kind: str, attributes: dict[str, Any]) -> None:
    """Join a second relation to an edge's attributes ``data``: kinds and list values merged, others kept."""
    data["kind"] = ",".join(sorted({*data["kind"].split(","), kind}))
    for name, value in attributes.items():
        if isinstance(value, list) and isinstance(data.get(name), list):
            data[name] = sorted({*data[name], *value})
        else:
            data.setdefault(name, value)


def edge_kinds(graph: AnyGraph, source: str, target: str) -> frozenset[str]:
    """The relations an edge stands for."""
    return frozenset(str(graph.edges[source, target]["kind"]).split(","))


# --- queries ---------------------------------------------------------------------------------------------------------


def resolve(graph: AnyGraph, ref: str) -> tuple[str, list[str]]:
    """The nodes a REF names, and the REF in canonical form: an image stream tag, or ``config:image``.

    Accepts a node id, ``org/repo@branch[__variant]:image``, ``namespace/stream:tag``, or a pull spec on a CI
    registry (app.ci, a build farm, Quay or its proxy). Raises :class:`RefError` for anything else.
    """
    ref = ref.strip()
    if ref in graph:
        return ref, [ref]
    if "@" in ref:
        identifier, colon, tag = ref.rpartition(":")
        if not colon or not identifier or not tag:
            raise RefError(f"{ref!r}: a config image is written org/repo@branch:image")
        nodes = [
            node
            for node, data in graph.nodes.items()
            if node.startswith(PIPELINE) and data["tag"] == tag and data["config"] == identifier
        ]
        if not nodes:
            # A test of the config, when the graph has tests: org/repo@branch:test.
            nodes = [f"{TEST}{identifier}:{tag}"] if f"{TEST}{identifier}:{tag}" in graph else []
        return f"{identifier}:{tag}", sorted(nodes)
    ist = parse_pull_spec(ref)
    if ist is None:
        if f"{EXT}{ref}" in graph:
            return ref, [f"{EXT}{ref}"]
        raise RefError(
            f"{ref!r} is not an image stream tag (namespace/stream:tag), a pull spec on a CI registry, or a config"
            " image (org/repo@branch:image)"
        )
    node = ist_id(ist)
    return str(ist), [node] if node in graph else []


def near_matches(graph: AnyGraph, text: str, *, promoted_only: bool = False, count: int = 5) -> list[str]:
    """Image stream tags and config images of the graph that look like ``text`` (difflib), best first."""
    candidates = sorted(
        str(data["label"])
        for node, data in graph.nodes.items()
        if node.startswith((IST, PIPELINE)) and (not promoted_only or promoters(graph, node))
    )
    return difflib.get_close_matches(text, candidates, n=count, cutoff=0.6)


def reach(graph: AnyGraph, starts: Iterable[str], direction: Direction, depth: int | None = None) -> set[str]:
    """``starts`` and every node within ``depth`` edges of them (all when None), following or against the edges."""
    seen = set(starts)
    frontier = deque((node, 0) for node in sorted(seen))
    step = graph.predecessors if direction == "upstream" else graph.successors
    while frontier:
        node, distance = frontier.popleft()
        if depth is not None and distance >= depth:
            continue
        for neighbour in step(node):
            if neighbour not in seen:
                seen.add(neighbour)
                frontier.append((neighbour, distance + 1))
    return seen


def focus(
    graph: nx.DiGraph[str],
    starts: Sequence[str],
    *,
    upstream: bool = False,
    downstream: bool = False,
    depth: int | None = None,
) -> nx.DiGraph[str]:
    """The part of the graph around ``starts``: what they are built from, what builds on them, or both (the default)."""
    if not upstream and not downstream:
        upstream = downstream = True
    keep: set[str] = set(starts)
    if upstream:
        keep |= reach(graph, starts, "upstream", depth)
    if downstream:
        keep |= reach(graph, starts, "downstream", depth)
    sub: nx.DiGraph[str] = graph.subgraph(keep).copy()
    return sub


def promoters(graph: AnyGraph, node: str) -> list[str]:
    """The pipeline nodes that promote the tag ``node``, sorted."""
    return sorted(source for source in graph.predecessors(node) if PROMOTES in edge_kinds(graph, source, node))


# --- explain ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """One edge seen from one of its ends: the relation, the node at the other end, and where the config says so."""

    kind: str
    node: str
    label: str
    config: str
    file: str
    line: int
    path: str
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalInput:
    """An image stream tag (or external image) that an image needs, and the configs that promote it, if any."""

    node: str
    label: str
    promoted_by: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageFacts:
    """A pipeline image: where it is defined, what it is built from, what it is promoted as, and who uses it."""

    node: str
    config: str
    tag: str
    kind: str
    file: str
    line: int
    path: str
    built_from: tuple[Link, ...]
    external_inputs: tuple[ExternalInput, ...]
    promoted_as: tuple[Link, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Promotion:
    """One config promoting the explained tag: the promotion line and the pipeline image it copies."""

    config: str
    file: str
    line: int
    path: str
    promotion: str
    image: ImageFacts


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    """The answer of ``explain``: who promotes a tag (or what a config image is), and who uses it.

    ``subject`` is the REF in canonical form; ``kind`` says what it named: ``tag`` (an image stream tag),
    ``external`` (an ``external_images`` pull spec) or ``image`` (a config's pipeline image). ``found`` is False when
    nothing promotes the tag, or no config defines the image; ``suggestions`` then lists near matches.
    """

    ref: str
    subject: str
    kind: Literal["tag", "external", "image", "test"]
    found: bool
    configs: int
    promotions: tuple[Promotion, ...] = ()
    images: tuple[ImageFacts, ...] = ()
    used_by: tuple[Link, ...] = ()
    suggestions: tuple[str, ...] = ()
    tests: tuple[RunningTest, ...] = ()
    step_registry: str = ""
    release_streams: tuple[str, ...] = ()
    test: TestFacts | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StepFacts:
    """A step a test runs: its stage, how the test reaches it, and the images it runs in and depends on."""

    step: str
    stage: str
    via: tuple[str, ...]
    images: tuple[Link, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TestFacts:
    """A test of a config (``org/repo@branch:test``): where it is defined and what it runs.

    ``resolved`` is False for a multi-stage test ci-operator would refuse (lint says why); it then has no steps.
    ``images`` are what a container test runs in.
    """

    config: str
    file: str
    line: int
    path: str
    resolved: bool
    steps: tuple[StepFacts, ...]
    images: tuple[Link, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunningTest:
    """A test that runs an image: in a step (``step`` names it) or as a container test, and where the config says so.

    ``relation`` is ``runs`` (the step or test runs in the image) or ``depends-on`` (a step gets its pull spec in
    ``env``); ``through`` is the image the test uses when it is not the explained one itself (the pipeline image
    that the explained tag is promoted from).
    """

    test: str
    config: str
    file: str
    line: int
    path: str
    step: str
    relation: str
    env: tuple[str, ...] = ()
    through: str = ""


def who_runs(graph: AnyGraph, nodes: Iterable[str], subject: str = "") -> list[RunningTest]:
    """The tests that run the images ``nodes``: container tests directly, multi-stage tests through a step."""
    uses: set[RunningTest] = set()
    for node in nodes:
        label = str(graph.nodes[node]["label"])
        through = "" if label == subject else label
        for target in graph.successors(node):
            data = graph.nodes[target]
            edge = graph.edges[node, target]
            relation = "depends-on" if "depends-on" in edge_kinds(graph, node, target) else "runs"
            if data["kind"] == "test":
                tests = [target]
            elif data["kind"] == "step":
                tests = [t for t in graph.predecessors(target) if graph.nodes[t]["kind"] == "test"]
            else:
                continue
            for test in tests:
                uses.add(
                    RunningTest(
                        test=str(graph.nodes[test]["label"]),
                        config=str(edge["config"]),
                        file=str(edge["file"]),
                        line=int(edge["line"]),
                        path=str(edge["path"]),
                        step=str(data["label"]).rpartition("/")[2] if data["kind"] == "step" else "",
                        relation=relation,
                        env=tuple(edge.get("env", ())),
                        through=through,
                    )
                )
    return sorted(uses, key=lambda use: (use.test, use.step, use.relation, use.through, use.line))


def tests_per_promoted_tag(graph: AnyGraph) -> dict[str, int]:
    """For each promoted tag: how many tests run it, directly or through the pipeline image it is promoted from."""
    counts = {}
    for node, data in graph.nodes.items():
        if data["kind"] == "ist":
            sources = promoters(graph, node)
            if sources:
                counts[str(data["label"])] = len({use.test for use in who_runs(graph, [node, *sources])})
    return counts


def release_streams_of(graph: AnyGraph, node: str) -> list[str]:
    """The release streams (an image stream of an official namespace holding one tag per image) a tag is part of."""
    streams = set()
    for source in promoters(graph, node):
        data = graph.edges[source, node]
        label = str(graph.nodes[node]["label"])
        if data.get("mode") == "name" and label.split("/", 1)[0] in OFFICIAL_NAMESPACES:
            streams.add(label.rpartition(":")[0])
    return sorted(streams)


def explain(graph: AnyGraph, ref: str) -> Explanation:
    """Which config and line promotes a tag, from which pipeline image, built from what, and who uses the tag.

    Raises :class:`RefError` when ``ref`` is not a REF at all.
    """
    subject, nodes = resolve(graph, ref)
    configs = int(graph.graph.get("configs", 0))
    registry = str(graph.graph.get("step_registry", ""))
    if nodes and nodes[0].startswith(TEST):
        return Explanation(
            ref=ref,
            subject=subject,
            kind="test",
            found=True,
            configs=configs,
            step_registry=registry,
            test=test_facts(graph, nodes[0]),
        )
    pipeline_nodes = [node for node in nodes if node.startswith(PIPELINE)]
    if pipeline_nodes or ("@" in subject and not nodes):
        images = tuple(image_facts(graph, node) for node in pipeline_nodes)
        used_by = tuple(sorted({link for node in pipeline_nodes for link in _uses(graph, node)}, key=_link_key))
        suggestions = () if images else tuple(near_matches(graph, subject))
        return Explanation(
            ref=ref,
            subject=subject,
            kind="image",
            found=bool(images),
            configs=configs,
            images=images,
            used_by=used_by,
            suggestions=suggestions,
            tests=tuple(who_runs(graph, pipeline_nodes, subject)),
            step_registry=registry,
        )
    kind: Literal["tag", "external"] = "external" if nodes and nodes[0].startswith(EXT) else "tag"
    if not nodes:
        return Explanation(
            ref=ref,
            subject=subject,
            kind=kind,
            found=False,
            configs=configs,
            suggestions=tuple(near_matches(graph, subject, promoted_only=True)),
        )
    node = nodes[0]
    promotions = []
    for source in promoters(graph, node):
        data = graph.edges[source, node]
        promotions.append(
            Promotion(
                config=data["config"],
                file=data["file"],
                line=data["line"],
                path=data["path"],
                promotion=data["promotion"],
                image=image_facts(graph, source),
            )
        )
    found = bool(promotions)
    return Explanation(
        ref=ref,
        subject=subject,
        kind=kind,
        found=found,
        configs=configs,
        promotions=tuple(promotions),
        used_by=tuple(_uses(graph, node)),
        suggestions=() if found else tuple(near_matches(graph, subject, promoted_only=True)),
        tests=tuple(who_runs(graph, [node, *promoters(graph, node)], subject)),
        step_registry=registry,
        release_streams=tuple(release_streams_of(graph, node)),
    )


def test_facts(graph: AnyGraph, node: str) -> TestFacts:
    """What a test runs: its steps in order with their images, or the image of a container test."""
    data = graph.nodes[node]
    stage_order = {"pre": 0, "test": 1, "post": 2}
    steps = []
    for step in graph.successors(node):
        facts = graph.nodes[step]
        images = sorted(
            (_link(graph, source, step, source) for source in graph.predecessors(step) if source != node), key=_link_key
        )
        steps.append(
            StepFacts(
                step=str(facts["label"]).rpartition("/")[2],
                stage=str(facts["stage"]),
                via=tuple(facts["via"]),
                images=tuple(images),
            )
        )
    # Successors come in the order the steps were added, which is the order ci-operator runs them in each stage.
    steps.sort(key=lambda facts: stage_order.get(facts.stage, 3))
    return TestFacts(
        config=str(data["config"]),
        file=str(data["file"]),
        line=int(data["line"]),
        path=str(data["path"]),
        resolved=not data.get("unresolved", False),
        steps=tuple(steps),
        images=tuple(
            sorted((_link(graph, source, node, source) for source in graph.predecessors(node)), key=_link_key)
        ),
    )


def image_facts(graph: AnyGraph, node: str) -> ImageFacts:
    """What a pipeline image is built from (directly, and the external tags behind it) and what it is promoted as."""
    data = graph.nodes[node]
    built_from = sorted((_link(graph, source, node, source) for source in graph.predecessors(node)), key=_link_key)
    promoted_as = sorted(
        (
            _link(graph, node, target, target)
            for target in graph.successors(node)
            if graph.nodes[target]["kind"] == "ist" and PROMOTES in edge_kinds(graph, node, target)
        ),
        key=_link_key,
    )
    return ImageFacts(
        node=node,
        config=data["config"],
        tag=data["tag"],
        kind=data["kind"],
        file=data["file"],
        line=data["line"],
        path=data["path"],
        built_from=tuple(built_from),
        external_inputs=tuple(_external_inputs(graph, node)),
        promoted_as=tuple(promoted_as),
    )


def _external_inputs(graph: AnyGraph, node: str) -> list[ExternalInput]:
    """The tags an image needs from outside its config: walk up inside the config, stop at every tag."""
    seen = {node}
    frontier = [node]
    found: set[str] = set()
    while frontier:
        current = frontier.pop()
        for source in graph.predecessors(current):
            if source in seen:
                continue
            seen.add(source)
            if graph.nodes[source]["kind"] in EXTERNAL_KINDS:
                found.add(source)
            else:
                frontier.append(source)
    return [
        ExternalInput(
            node=tag,
            label=str(graph.nodes[tag]["label"]),
            promoted_by=tuple(sorted({str(graph.edges[p, tag]["config"]) for p in promoters(graph, tag)})),
        )
        for tag in sorted(found)
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class Input:
    """An image stream tag (or external image) an image is built from, and the edge kinds that lead to the image.

    ``via`` runs from the input to the image: ``("imports", "base")`` for a base image, ``("imports", "clones",
    "context")`` for the build root behind the source code.
    """

    node: str
    label: str
    via: tuple[str, ...]


def inputs_of(graph: AnyGraph, node: str) -> tuple[Input, ...]:
    """The tags and external images a pipeline image is built from, with the shortest chain of edges to each.

    Walks up inside the image's config and stops at every tag, as :func:`image_facts` does; predecessors are taken
    in sorted order, so equal chains are always the same one.
    """
    via: dict[str, tuple[str, ...]] = {node: ()}
    queue = deque([node])
    found: dict[str, tuple[str, ...]] = {}
    while queue:
        current = queue.popleft()
        for source in sorted(graph.predecessors(current)):
            if source in via:
                continue
            chain = (str(graph.edges[source, current]["kind"]), *via[current])
            via[source] = chain
            if graph.nodes[source]["kind"] in EXTERNAL_KINDS:
                found[source] = chain
            else:
                queue.append(source)
    return tuple(
        Input(node=source, label=str(graph.nodes[source]["label"]), via=chain)
        for source, chain in sorted(found.items())
    )


def _uses(graph: AnyGraph, node: str) -> list[Link]:
    """Every edge out of ``node`` except promotions: the images that use it as an input."""
    return sorted(
        (
            _link(graph, node, target, target)
            for target in graph.successors(node)
            if edge_kinds(graph, node, target) != {PROMOTES}
        ),
        key=_link_key,
    )


def _link(graph: AnyGraph, source: str, target: str, other: str) -> Link:
    data = graph.edges[source, target]
    details = []
    if data.get("as"):
        details.append("as " + ", ".join(data["as"]))
    if data.get("paths"):
        details.append("paths " + ", ".join(data["paths"]))
    if data.get("input"):
        details.append(f"via input {data['input']}")
    if data.get("env"):
        details.append("env " + ", ".join(data["env"]))
    return Link(
        kind=str(data["kind"]),
        node=other,
        label=str(graph.nodes[other]["label"]),
        config=str(data["config"]),
        file=str(data["file"]),
        line=int(data["line"]),
        path=str(data["path"]),
        detail="; ".join(details),
    )


def _link_key(link: Link) -> tuple[str, str, int, str, str]:
    return (link.config, link.file, link.line, link.node, link.kind)
