"""Output formats of ``promoted-images graph`` and ``explain``: pure functions from the image graph to text.

Every format lists nodes sorted by id and edges sorted by (source, target), so the output depends only on the
graph, never on the order the configs were read in or on the networkx version's internal order.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast

from promoter.analysis import ConfigResult
from promoter.files import STDIN_NAME
from promoter.graph import (
    EXT,
    IST,
    PIPELINE,
    AnyGraph,
    ConfigPart,
    Explanation,
    ExternalInput,
    ImageFacts,
    Link,
    TestFacts,
    check_node,
    config_part,
    join_node,
)
from promoter.lazydataclass import dataclass
from promoter.render import json_document, kind_label, plural, visible, visible_json
from promoter.render.jsontext import indented, indented_list

if TYPE_CHECKING:
    # networkx ships no type hints; types-networkx is not a dependency, and when it is installed the ignore is unused.
    # The renderers read either graph through what both have (see promoter.graph.ImageGraph): no networkx to import.
    import networkx as nx  # type: ignore[import-untyped, unused-ignore]

JSON_FORMAT_VERSION = 1
# Arrows of the tree: downstream walks from an input to what is built from it, upstream the other way.
_ARROW = {"downstream": "→", "upstream": "←"}


def sorted_graph(graph: AnyGraph) -> nx.DiGraph[str]:
    """A copy of the graph whose nodes, edges and attributes are inserted in sorted order."""
    import networkx as nx  # noqa: PLC0415

    copy: nx.DiGraph[str] = nx.DiGraph()
    copy.graph.update(sorted(graph.graph.items()))
    copy.add_nodes_from((node, dict(sorted(graph.nodes[node].items()))) for node in sorted(graph.nodes))
    copy.add_edges_from((u, v, dict(sorted(graph.edges[u, v].items()))) for u, v in sorted(graph.edges))
    return copy


def render_json(graph: AnyGraph) -> str:
    """The node-link JSON of networkx: ``nodes`` (``id`` and attributes), ``edges`` (``source``, ``target``, ...)."""
    return "".join(iter_json(graph))


def iter_json(graph: AnyGraph) -> Iterator[str]:
    """:func:`render_json` in parts, a node or an edge at a time, without a copy of the graph or of the document.

    The text is ``json.dumps(nx.node_link_data(sorted_graph(graph), edges="edges"), indent=2, sort_keys=True)``,
    with the controls JSON leaves raw escaped (:func:`promoter.render.visible_json`).
    """
    return map(visible_json, _json_parts(graph))


def _json_parts(graph: AnyGraph) -> Iterator[str]:
    yield '{\n  "directed": true,\n  "edges": '
    # Each edge's and node's data dict looked up whole (edges[u, v], nodes[n]): no view object per lookup.
    edge_data, node_data = graph.edges, graph.nodes
    edges = ({**edge_data[u, v], "source": u, "target": v} for u, v in sorted(edge_data))
    yield from indented_list(edges, level=1, sort_keys=True)
    attributes = {**graph.graph, "format_version": JSON_FORMAT_VERSION}
    yield f',\n  "graph": {indented(attributes, level=1, sort_keys=True)},\n  "multigraph": false,\n  "nodes": '
    nodes = ({**node_data[node], "id": node} for node in sorted(node_data))
    yield from indented_list(nodes, level=1, sort_keys=True)
    yield "\n}\n"


def render_graphml(graph: AnyGraph) -> str:
    """GraphML; list attributes (``as``, ``paths``) are written as JSON arrays in a string, GraphML has no lists."""
    return "".join(iter_graphml(graph))


_GRAPHML_TYPES: dict[type, str] = {str: "string", int: "long", bool: "boolean", float: "double", list: "string"}
# Nodes and edges escaped and split into lines together, a few hundred at a time.
_GRAPHML_BATCH = 512
# Text and attribute values that XML, and a terminal, take as they are (see _xml_text and _xml_attribute).
_XML_PLAIN_TEXT = re.compile("[^&<>\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]*")
_XML_PLAIN_ATTRIBUTE = re.compile('[^&<>"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]*')
# The types a template writes as str() does.
_TEMPLATE_TYPES = frozenset({str, int, bool, float, list, tuple})
_GRAPHML_HEADER = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def iter_graphml(graph: AnyGraph) -> Iterator[str]:
    """:func:`render_graphml` in parts: the text networkx's GraphML writer gives for the sorted graph, streamed.

    networkx builds the whole document as an XML tree first; this writes the same text a node or an edge at a time.
    """
    writer = _GraphmlWriter(graph)
    nodes, edges = writer.nodes, writer.edges
    head = [_GRAPHML_HEADER]
    head.extend(
        f'  <key id="{key}" for="{scope}" attr.name="{_xml_attribute(name)}" attr.type="{_GRAPHML_TYPES[kind]}" />'
        for (name, kind, scope), key in reversed(writer.keys.items())
    )
    graph_lines = writer.data_lines("graph", graph.graph, "    ")
    if not nodes and not edges and not graph_lines:
        yield "\n".join([*head, '  <graph edgedefault="directed" />', "</graphml>"]) + "\n"
        return
    yield _lines("\n".join([*head, '  <graph edgedefault="directed">']) + "\n")
    for start in range(0, len(nodes), _GRAPHML_BATCH):
        yield _lines(writer.nodes_text(start, start + _GRAPHML_BATCH))
    for start in range(0, len(edges), _GRAPHML_BATCH):
        yield _lines(writer.edges_text(start, start + _GRAPHML_BATCH))
    yield _lines("".join(f"{line}\n" for line in graph_lines) + "  </graph>\n</graphml>\n")


_Shape = tuple[str, tuple[str, ...], tuple[type, ...]]


class _GraphmlWriter:
    """The GraphML text of each node and edge of a graph, with networkx's key ids.

    Its keys are numbered in the order networkx numbers them (graph, then node, then edge attributes, as first met),
    so a first pass over the attributes collects them. Nodes and edges of one kind have the same attributes in the
    same order, so each such shape is worked out once: the keys it meets, and a template of its ``<data>`` lines.
    """

    def __init__(self, graph: AnyGraph) -> None:
        self.graph = graph
        self.nodes = sorted(graph.nodes)
        self.edges = sorted(graph.edges)
        # (attribute name, Python type, scope) -> key id; lists and tuples are one type, written as JSON text.
        self.keys: dict[tuple[str, type, str], str] = {}
        self.templates: dict[_Shape, _Template | None] = {}
        self.elements: dict[_Shape, _ElementTemplate | None] = {}
        self._shape("graph", graph.graph)
        # The template of each node and edge, found in the same pass: a shape's keys are numbered when it is first met.
        self.node_data = list(map(graph.nodes.__getitem__, self.nodes))
        self.edge_data = list(map(graph.edges.__getitem__, self.edges))
        self.node_templates = [self._shape("node", data) for data in self.node_data]
        self.edge_templates = [self._shape("edge", data) for data in self.edge_data]

    def _shape(self, scope: str, data: dict[str, Any]) -> _ElementTemplate | None:
        """The element template of the shape of ``data``; the keys of a shape not met before are numbered."""
        shape = (scope, tuple(data), tuple(map(type, data.values())))
        elements = self.elements
        if shape in elements:
            return elements[shape]
        for name in sorted(data):
            kind = type(data[name])
            key = (name, list if kind is tuple else kind, scope)
            if key not in self.keys:
                self.keys[key] = f"d{len(self.keys)}"
        template = elements[shape] = _ElementTemplate.of(shape, self.keys) if data and scope != "graph" else None
        return template

    def data_lines(self, scope: str, data: dict[str, Any], indent: str) -> list[str]:
        """The ``<data>`` lines of a node, an edge or the graph, escaped one by one."""
        lines = []
        for name in sorted(data):
            value = data[name]
            kind = type(value)
            if kind is list or kind is tuple:
                key, text = self.keys[(name, list, scope)], _xml_text(_json_list(value))
            else:
                key, text = self.keys[(name, kind, scope)], _xml_text(str(value))
            lines.append(f'{indent}<data key="{key}">{text}</data>' if text else f'{indent}<data key="{key}" />')
        return lines

    def body(self, scope: str, data: dict[str, Any]) -> str | None:
        """The ``<data>`` lines from the template of the shape, or None when a value needs more than a template."""
        shape = (scope, tuple(data), tuple(map(type, data.values())))
        if shape not in self.templates:
            self.templates[shape] = _Template.of(shape, self.keys)
        template = self.templates[shape]
        if template is None:
            return None
        values = list(data.values())
        for index in template.lists:
            values[index] = _json_list(values[index])
        if "" in values:
            return None  # an empty value is written <data key="..." />
        if _XML_PLAIN_TEXT.fullmatch(template.plain.format(*values)) is None:
            return None
        return template.text.format(*values)

    def nodes_text(self, start: int, stop: int) -> str:
        """The ``<node>`` elements of the sorted nodes from ``start`` to ``stop``, each with its line break."""
        nodes = self.nodes[start:stop]
        return self._batch("node", [(node,) for node in nodes], self.node_data[start:stop], start)

    def edges_text(self, start: int, stop: int) -> str:
        """The ``<edge>`` elements of the sorted edges from ``start`` to ``stop``, each with its line break."""
        return self._batch("edge", self.edges[start:stop], self.edge_data[start:stop], start)

    def _batch(self, scope: str, ends: Sequence[tuple[str, ...]], datas: list[dict[str, Any]], start: int) -> str:
        """Elements filled in from the template of their shape, then checked together: nothing in them to escape.

        A value (or a node id) that needs escaping adds a character the templates' own text does not have (see
        :func:`_plain`); the elements are then written one by one, each escaped as it needs. List values, JSON
        text, are escaped as they are filled in: their ``->`` is common.
        """
        slow = self.node_text if scope == "node" else self.edge_text
        templates = (self.node_templates if scope == "node" else self.edge_templates)[start : start + len(ends)]
        # Shapes without a template are few: a batch with one is written an element at a time.
        text, expected, other = (
            _filled_at_once(ends, datas, templates, slow)
            if all(templates)
            else _filled_each(ends, datas, templates, slow)
        )
        # A quote is text in a value (JSON lists have them), but ends an attribute: ids are looked at alone.
        if '"' in "".join(itertools.chain.from_iterable(ends)) or not _plain(expected, other, text):
            return "".join(slow(*element) for element in ends)
        return text

    def node_text(self, node: str) -> str:
        """A ``<node>`` element and its line break."""
        data = self.graph.nodes[node]
        text = self.body("node", data) if data and _XML_PLAIN_ATTRIBUTE.fullmatch(node) else None
        if text is None:
            return _element("node", f'id="{_xml_attribute(node)}"', self.data_lines("node", data, "      "))
        return f'    <node id="{node}">\n{text}\n    </node>\n'

    def edge_text(self, source: str, target: str) -> str:
        """An ``<edge>`` element and its line break."""
        data = self.graph.edges[source, target]
        plain = data and _XML_PLAIN_ATTRIBUTE.fullmatch(source) and _XML_PLAIN_ATTRIBUTE.fullmatch(target)
        text = self.body("edge", data) if plain else None
        if text is None:
            lines = self.data_lines("edge", data, "      ")
            return _element("edge", f'source="{_xml_attribute(source)}" target="{_xml_attribute(target)}"', lines)
        return f'    <edge source="{source}" target="{target}">\n{text}\n    </edge>\n'


# The batch's text, then the marks and ampersands it may have if no value needs escaping, as _plain counts them in
# ASCII text and in other text.
_Filled = tuple[str, int, int]
_TEMPLATE_VALUES = operator.attrgetter("values")
_TEMPLATE_LISTS = operator.attrgetter("lists")
_TEMPLATE_TEXT = operator.attrgetter("text")
_TEMPLATE_MARKS = operator.attrgetter("marks")


def _filled_at_once(
    ends: Sequence[tuple[str, ...]],
    datas: list[dict[str, Any]],
    templates: Sequence[_ElementTemplate | None],
    slow: Callable[..., str],
) -> _Filled:
    """Elements that each have a template, written by one %-format, their values taken in C.

    An element with an empty value (written ``<data key="..." />``) is written the slow way (``slow``) instead, its
    text a value of the format.
    """
    every = cast("Sequence[_ElementTemplate]", templates)  # the caller has seen that none is None
    filled = list(map(operator.call, map(_TEMPLATE_VALUES, every), datas))
    amps = dict.fromkeys(itertools.compress(range(len(every)), map(_TEMPLATE_LISTS, every)), 0)
    for index in amps:
        filled[index], amps[index] = _json_lists(every[index], filled[index])
    formats = list(map(_TEMPLATE_TEXT, every))
    expected = sum(map(_TEMPLATE_MARKS, every)) + sum(amps.values())
    other = expected
    written = list(ends)
    for index in [index for index, values in enumerate(filled) if "" in values]:
        text = slow(*written[index])
        formats[index] = "%s"
        filled[index] = (text,)
        written[index] = ()
        ascii_marks, other_marks = _counted(text)
        expected += ascii_marks - every[index].marks - amps.get(index, 0)
        other += other_marks - every[index].marks - amps.get(index, 0)
    values = tuple(itertools.chain.from_iterable(itertools.chain.from_iterable(zip(written, filled, strict=True))))
    return "".join(formats) % values, expected, other


def _filled_each(
    ends: Sequence[tuple[str, ...]],
    datas: list[dict[str, Any]],
    templates: list[_ElementTemplate | None],
    slow: Callable[..., str],
) -> _Filled:
    """Elements written by one %-format, an element at a time.

    Each is filled in from its template, or is a value (``%s``) written the slow way (``slow``): one of a shape
    without a template, or with an empty value.
    """
    formats: list[str] = []
    values: list[Any] = []
    expected = other = 0
    for element, data, template in zip(ends, datas, templates, strict=True):
        if template is not None:
            filled, amps = (
                _json_lists(template, template.values(data)) if template.lists else (template.values(data), 0)
            )
            if "" not in filled:
                formats.append(template.text)
                values += element
                values += filled
                expected += template.marks + amps
                other += template.marks + amps
                continue
        text = slow(*element)
        formats.append("%s")
        values.append(text)
        ascii_marks, other_marks = _counted(text)
        expected += ascii_marks
        other += other_marks
    return "".join(formats) % tuple(values), expected, other


def _counted(text: str) -> tuple[int, int]:
    """The marks and ampersands of an element written the slow way, as _plain counts them in ASCII and other text.

    In ASCII text none when the element is not ASCII: nor is its batch then.
    """
    ascii_marks = len(text.encode("ascii").translate(None, _PLAIN_ASCII)) if text.isascii() else 0
    return ascii_marks, _marks(text) + text.count("&")


def _json_lists(template: _ElementTemplate, filled: tuple[Any, ...]) -> tuple[tuple[Any, ...], int]:
    """An element's values with its lists as JSON text, escaped, and how many ampersands that added."""
    made = list(filled)
    amps = 0
    for index in template.lists:
        # JSON text is ASCII, its controls escaped (DEL aside, which _plain finds): XML's three alone.
        listed = _json_list(made[index])
        if "&" in listed or "<" in listed or ">" in listed:
            listed = listed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            amps += listed.count("&")
        made[index] = listed
    return tuple(made), amps


def _json_list(value: Iterable[Any]) -> str:
    """``json.dumps(list(value))``: a list value as GraphML holds it, JSON text.

    The lists the builder makes hold text only: each item is written by the C function json.dumps uses for text,
    without json.dumps' own layers in Python, more than half of its time for such a short list.
    """
    items = list(value)
    try:
        return "[" + ", ".join(map(_JSON_STRING, items)) + "]"
    except TypeError:  # an item that is not text
        return json.dumps(items)


_JSON_STRING: Callable[[str], str] = json.encoder.encode_basestring_ascii


def _element(tag: str, attributes: str, lines: list[str]) -> str:
    if not lines:
        return f"    <{tag} {attributes} />\n"
    return f"    <{tag} {attributes}>\n" + "\n".join(lines) + f"\n    </{tag}>\n"


@dataclass(frozen=True, slots=True)
class _Template:
    """The ``<data>`` lines of a node or an edge of one shape, to fill with its values in their order.

    ``text`` holds the lines (sorted by attribute name, as networkx writes them), ``plain`` the values alone
    between tabs, to see at once that none needs escaping; ``lists`` are the positions of list values.
    """

    text: str
    plain: str
    lists: tuple[int, ...]

    @classmethod
    def of(cls, shape: _Shape, keys: dict[tuple[str, type, str], str]) -> _Template | None:
        """The template of a shape, or None when a value of it is of a type a template may write otherwise."""
        names, types = shape[1:]
        if not _TEMPLATE_TYPES.issuperset(types):
            return None
        lines, lists = _data_templates(shape, keys)
        plain = "\t".join(f"{{{index}}}" for index in range(len(names)))
        return cls(text="\n".join(lines), plain=plain, lists=lists)


def _data_templates(shape: _Shape, keys: dict[tuple[str, type, str], str]) -> tuple[list[str], tuple[int, ...]]:
    """The ``<data>`` lines of a shape, and the numbers of its list values.

    The lines are sorted by name, each to fill with the value numbered by its position in the shape.
    """
    scope, names, types = shape
    lines = []
    for name in sorted(names):
        index = names.index(name)
        kind = types[index]
        key = keys[(name, list if kind is tuple else kind, scope)]
        lines.append(f'      <data key="{key}">{{{index}}}</data>')
    lists = tuple(index for index, kind in enumerate(types) if kind is list or kind is tuple)
    return lines, lists


@dataclass(frozen=True, slots=True)
class _ElementTemplate:
    """A whole ``<node>`` or ``<edge>`` element of one shape, a %-format of its ends (ids), then its values.

    The values are in the order of their names (as networkx writes them): ``values`` gives them in that order from
    an element's attributes, and ``lists`` are the positions among them of list values. ``marks`` is how many of
    the characters :func:`_marks` counts the template's own text has.
    """

    text: str
    values: Callable[[dict[str, Any]], tuple[Any, ...]]
    lists: tuple[int, ...]
    marks: int

    @classmethod
    def of(cls, shape: _Shape, keys: dict[tuple[str, type, str], str]) -> _ElementTemplate | None:
        """The template of a shape, or None when a value of it is of a type a template may write otherwise."""
        scope, names, types = shape
        if not _TEMPLATE_TYPES.issuperset(types):
            return None
        ordered = sorted(zip(names, types, strict=True))
        # Key ids are d and a number: nothing a %-format reads.
        lines = [
            f'      <data key="{keys[(name, list if kind is tuple else kind, scope)]}">%s</data>'
            for name, kind in ordered
        ]
        head = '    <node id="%s">' if scope == "node" else '    <edge source="%s" target="%s">'
        text = "\n".join([head, *lines, f"    </{scope}>"]) + "\n"
        lists = tuple(index for index, (_, kind) in enumerate(ordered) if kind is list or kind is tuple)
        getter = operator.itemgetter(*(name for name, _ in ordered))
        values = getter if len(ordered) > 1 else lambda data: (getter(data),)
        return cls(text=text, values=values, lists=lists, marks=_marks(text))


# What a value in a template may not hold besides the marks (see _marks) and ampersands: controls (a tab only in
# text, but ids are attributes) and what a terminal acts on.
_XML_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The ASCII characters a template's value may hold as they are.
_PLAIN_ASCII = bytes(character for character in range(0x20, 0x7F) if chr(character) not in "<>&")


def _plain(expected: int, other: int, text: str) -> bool:
    """Whether ``text`` has only the marks (see :func:`_marks`) and ampersands expected, and nothing unsafe.

    ``expected`` counts what is not plain ASCII (see :data:`_PLAIN_ASCII`) in ASCII text, ``other`` the marks and
    ampersands in other text. Values only add characters to the templates' text: one that needs escaping adds a
    mark, an ampersand or a character the search finds. On ASCII text, one pass of C deletes every other character,
    and counts the rest.
    """
    if text.isascii():
        return len(text.encode("ascii").translate(None, _PLAIN_ASCII)) == expected
    return _marks(text) + text.count("&") == other and not _XML_UNSAFE.search(text)


def _marks(text: str) -> int:
    """The XML marks and line breaks in ``text``."""
    return text.count("<") + text.count(">") + text.count("\n")


def _xml_text(text: str) -> str:
    # What ElementTree escapes in text, after controls are made visible: XML 1.0 cannot hold most of them at all.
    text = visible(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attribute(text: str) -> str:
    # What ElementTree escapes in attribute values.
    text = _xml_text(text)
    for character, entity in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if character in text:
            text = text.replace(character, entity)
    return text


def _lines(text: str) -> str:
    # networkx's text is ElementTree's ASCII serialisation (a character reference for anything else), then
    # str.splitlines() joined by "\n": every line boundary left (\r, \v, \f, \x1c-\x1e) became "\n". Escaped
    # ASCII text has no line boundary but "\n" (they are controls), and ends with one: nothing to change.
    if text.isascii():
        return text
    ascii_text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return "\n".join(ascii_text.splitlines()) + "\n"


def _scope(node: str) -> str:
    """The config part of a pipeline node id (the tag after the last colon has none)."""
    return node[len(PIPELINE) :].rpartition(":")[0]


def _clusters(graph: AnyGraph) -> tuple[list[str], dict[str, list[str]]]:
    """Image stream tags and external images, and the pipeline nodes of each config, all sorted."""
    outside: list[str] = []
    clusters: dict[str, list[str]] = {}
    for node in sorted(graph.nodes):
        if node.startswith(PIPELINE):
            clusters.setdefault(_scope(node), []).append(node)
        else:
            outside.append(node)
    return outside, dict(sorted(clusters.items()))


def _short_label(node: str, data: dict[str, Any]) -> str:
    return str(data["tag"]) if node.startswith(PIPELINE) else str(data["label"])


def _dot_string(text: str) -> str:
    escaped = visible(text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n"))
    return f'"{escaped}"'


_DOT_SHAPES = {"ist": "box", "ext": "box", "build": "box3d", "undefined": "octagon"}


# The opening of a DOT document, the same whether it is written from a graph or joined from fragments.
_DOT_HEAD = (
    "digraph images {\n  rankdir=LR;\n"
    '  node [fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n'
)


def render_dot(graph: AnyGraph) -> str:
    """Graphviz DOT: one cluster per config holding its pipeline tags, image stream tags outside, edges by kind."""
    return "".join(iter_dot(graph))


def iter_dot(graph: AnyGraph) -> Iterator[str]:
    """:func:`render_dot` a line at a time."""
    yield _DOT_HEAD
    outside, clusters = _clusters(graph)
    data = graph.nodes
    yield from (_dot_node_line(node, data[node], "  ") for node in outside)
    for index, (scope, nodes) in enumerate(clusters.items()):
        yield _dot_cluster_head(index, scope)
        yield from (_dot_node_line(node, data[node], "    ") for node in nodes)
        yield "  }\n"
    for source, target in sorted(graph.edges):
        yield _dot_edge_line(source, target, graph.edges[source, target])
    yield "}\n"


def _dot_node_line(node: str, data: dict[str, Any], indent: str) -> str:
    kind = str(data["kind"])
    attributes = [f"label={_dot_string(_short_label(node, data))}", f"shape={_DOT_SHAPES.get(kind, 'ellipse')}"]
    if kind in ("ist", "ext"):
        attributes.append('style="rounded,dashed"' if not data["config"] else 'style="rounded,bold"')
    return f"{indent}{_dot_string(node)} [{', '.join(attributes)}];\n"


def _dot_cluster_head(index: int, scope: str) -> str:
    return f"  subgraph cluster_{index} {{\n    label={_dot_string(scope)};\n"


def _dot_edge_line(source: str, target: str, data: dict[str, Any]) -> str:
    return f"  {_dot_string(source)} -> {_dot_string(target)} [label={_dot_string(str(data['kind']))}];\n"


def _mermaid_string(text: str) -> str:
    # Mermaid has entity codes, not backslash escapes, inside quoted labels.
    for character, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(character, entity)
    return f'"{visible(text)}"'


def render_mermaid(graph: AnyGraph) -> str:
    """A Mermaid flowchart: one subgraph per config; ids are ``n<i>``/``c<i>`` so no name can be a keyword."""
    return "".join(iter_mermaid(graph))


def iter_mermaid(graph: AnyGraph) -> Iterator[str]:
    """:func:`render_mermaid` a line at a time."""
    outside, clusters = _clusters(graph)
    ids = {node: f"n{index}" for index, node in enumerate(sorted(graph.nodes))}
    data = graph.nodes
    yield "flowchart LR\n"
    yield from (f"  {ids[node]}{_mermaid_shape(node, data[node])}\n" for node in outside)
    for index, (scope, nodes) in enumerate(clusters.items()):
        yield _mermaid_cluster_head(index, scope)
        yield from (f"    {ids[node]}{_mermaid_shape(node, data[node])}\n" for node in nodes)
        yield "  end\n"
    for source, target in sorted(graph.edges):
        kind = _mermaid_string(str(graph.edges[source, target]["kind"]))
        yield f"  {ids[source]} -->|{kind}| {ids[target]}\n"


def _mermaid_shape(node: str, data: dict[str, Any]) -> str:
    """A node's label in the brackets of its shape."""
    kind = str(data["kind"])
    label = _mermaid_string(_short_label(node, data))
    if kind in ("ist", "ext"):
        return f"([{label}])"
    if kind == "build":
        return f"[{label}]"
    return f"({label})"


def _mermaid_cluster_head(index: int, scope: str) -> str:
    return f"  subgraph c{index}[{_mermaid_string(scope)}]\n"


_second = operator.itemgetter(1)


def _tree_label(graph: AnyGraph, node: str, *, again: bool = False) -> str:
    data = graph.nodes[node]
    notes = []
    if node.startswith(PIPELINE):
        notes.append(str(data["kind"]))
    elif data["kind"] == "ext":
        notes.append("external image")
    if again:
        notes.append("see above")
    return f"{data['label']} ({', '.join(notes)})" if notes else str(data["label"])


def render_tree(
    graph: AnyGraph,
    *,
    roots: list[str] | None = None,
    direction: Literal["upstream", "downstream"] = "downstream",
) -> str:
    """An indented tree from ``roots`` (by default every node nothing feeds), each line ``relation → node``.

    A node reached a second time is marked ``(see above)`` instead of being repeated, so shared inputs and cycles
    print once. With ``upstream`` the tree shows what each root is built from.
    """
    return "".join(iter_tree(graph, roots=roots, direction=direction))


def iter_tree(
    graph: AnyGraph,
    *,
    roots: list[str] | None = None,
    direction: Literal["upstream", "downstream"] = "downstream",
) -> Iterator[str]:
    """:func:`render_tree` a line at a time."""
    forward = direction == "downstream"
    # A node's neighbours with the data of the edge to (or from) each; the roots have no edge the other way.
    ahead = graph.succ if forward else graph.pred
    degrees = graph.in_degree if forward else graph.out_degree
    kinds: dict[str, str] = {}

    def children(node: str) -> list[tuple[str, str]]:
        # Last first: the next child to print is popped from the end. A node is a neighbour once, so its id alone
        # orders them. What comes from the configs is made visible alone: the tree's own text needs nothing.
        pairs = []
        for neighbour, data in ahead[node].items():
            kind = str(data["kind"])
            shown = kinds.get(kind)
            if shown is None:
                shown = kinds[kind] = visible(kind)
            pairs.append((shown, neighbour))
        return sorted(pairs, key=_second, reverse=True)

    def label(node: str, again: bool) -> str:
        return visible(_tree_label(graph, node, again=again))

    start = sorted(node for node, count in degrees if count == 0) if roots is None else sorted(roots)
    # Nodes on a cycle have inputs and so are no root; after the roots, the smallest unprinted node starts a tree.
    remaining = sorted(graph.nodes) if roots is None else []
    return _tree_lines(start, remaining, children, label, _ARROW[direction])


def _tree_lines(
    start: list[str],
    remaining: list[str],
    children: Callable[[str], list[tuple[str, str]]],
    label: Callable[[str, bool], str],
    arrow: str,
) -> Iterator[str]:
    """The lines of a tree from the roots ``start``, then from each node of ``remaining`` not printed by then.

    ``children`` gives a node's (relation, child) pairs, last first; ``label`` a node's text, visible, the second
    time marked as seen above.
    """
    printed: set[str] = set()
    for root in itertools.chain(start, (node for node in remaining if node not in printed)):
        if root in printed:
            yield f"{label(root, True)}\n"
            continue
        printed.add(root)
        yield f"{label(root, False)}\n"
        # Depth-first with an explicit stack: (prefix of a node's children, its children still to print).
        stack = [("", children(root))]
        while stack:
            prefix, todo = stack[-1]
            if not todo:
                stack.pop()
                continue
            kind, child = todo.pop()
            last = not todo
            branch = "└── " if last else "├── "
            seen = child in printed
            yield f"{prefix}{branch}{kind} {arrow} {label(child, seen)}\n"
            if not seen:
                printed.add(child)
                stack.append((prefix + ("    " if last else "│   "), children(child)))


# --- a whole graph, rendered where its configs are analysed -----------------------------------------------------------

# The formats a whole graph (no --focus, no step registry) is written in from fragments (see GraphFragment).
FRAGMENT_FORMATS = frozenset({"json", "dot", "mermaid", "tree"})
# Node ids of the nodes configs share: image stream tags and external images.
_SHARED = (IST, EXT)
# Elements of a document made from fragments, written a few thousand at a time.
_JOIN_BATCH = 4096


@dataclass(frozen=True, slots=True)
class GraphFragment:
    """One config's share of a whole graph's output in one format, made where the config is analysed (a worker).

    Image stream tags and external images are nodes of every config that names them, their attributes joined
    across configs (:func:`promoter.graph.join_node`): ``shared`` holds this config's ids and attributes of them,
    and their text is made where the fragments are joined. Every other node, and every edge, is the config's own:
    ``nodes`` holds each such node's id and text (flat: id, text, id, text...) and ``edges`` each edge's source,
    target and text, sorted. For DOT and Mermaid, ``clusters`` holds the config's pipeline nodes by the cluster
    they are drawn in: its name, and the ids and texts of its nodes, flat. A tree needs only each node's label and
    each edge's relation: ``nodes`` then holds every node of the config (see :func:`_tree_text`) and ``shared``
    none. What joins the fragments then sorts and concatenates text.

    A file that is not a config has an empty ``identifier`` and its analysis as ``left_out``. ``part`` is kept for
    standard input only, which cannot be read a second time (see :func:`promoter.graph.rescoped`).
    """

    file: str
    identifier: str
    shared: list[tuple[str, dict[str, Any]]]
    nodes: list[str]
    edges: list[str]
    clusters: list[tuple[str, list[str]]]
    left_out: ConfigResult | None = None
    part: ConfigPart | None = None


def graph_fragment(result: ConfigResult, *, output_format: str) -> GraphFragment:
    """The fragment of one analysed file in ``output_format`` (one of :data:`FRAGMENT_FORMATS`)."""
    part = config_part(result)
    fragment = fragment_of_part(part, output_format)
    if part.file == STDIN_NAME:
        return dataclasses.replace(fragment, part=part)
    return fragment


def fragment_of_part(part: ConfigPart, output_format: str) -> GraphFragment:
    """The fragment of one config's part of the graph in ``output_format``."""
    if part.left_out is not None:
        return GraphFragment(part.file, "", [], [], [], [], left_out=part.left_out)
    data = part.nodes
    shared = [(node, attributes) for node, attributes in data.items() if node.startswith(_SHARED)]
    own = sorted(node for node in data if not node.startswith(_SHARED))
    nodes: list[str] = []
    clusters: list[tuple[str, list[str]]] = []
    edge_text: Callable[[str, str, dict[str, Any]], str]
    if output_format == "tree":
        return _tree_fragment(part)
    if output_format == "json":
        for node in own:
            nodes += (node, _json_element({**data[node], "id": node}))
        edge_text = _json_edge
    elif output_format == "dot":
        clusters = _fragment_clusters(own, lambda node: _dot_node_line(node, data[node], "    "))
        for node in own:
            if not node.startswith(PIPELINE):
                nodes += (node, _dot_node_line(node, data[node], "  "))
        edge_text = _dot_edge_line
    else:
        clusters = _fragment_clusters(own, lambda node: _mermaid_shape(node, data[node]))
        for node in own:
            if not node.startswith(PIPELINE):
                nodes += (node, _mermaid_shape(node, data[node]))
        edge_text = _mermaid_edge_kind
    edges: list[str] = []
    for source, target in sorted(part.edges):
        edges += (source, target, edge_text(source, target, part.edges[source, target]))
    return GraphFragment(part.file, part.identifier, shared, nodes, edges, clusters)


def _tree_fragment(part: ConfigPart) -> GraphFragment:
    nodes: list[str] = []
    for node, attributes in part.nodes.items():
        nodes += (node, _tree_text(node, attributes))
    edges: list[str] = []
    for (source, target), attributes in part.edges.items():
        edges += (source, target, visible(str(attributes["kind"])))
    return GraphFragment(part.file, part.identifier, [], nodes, edges, [])


def _tree_text(node: str, data: dict[str, Any]) -> str:
    """A node's label in a tree (see :func:`_tree_label`), made visible; one with a note without its ``)``.

    Pipeline tags have their kind as a note, external images say so: the builder gives ``ext`` nodes that kind.
    """
    if node.startswith(PIPELINE):
        return visible(f"{data['label']} ({data['kind']}")
    if node.startswith(EXT):
        return visible(f"{data['label']} (external image")
    return visible(str(data["label"]))


def _tree_of_texts(nodes: list[tuple[str, str]], edges: list[tuple[str, str, str]]) -> Iterator[str]:
    """The tree of the whole graph (:func:`iter_tree` without roots) from the texts of fragments.

    ``nodes`` holds each node's text (see :func:`_tree_text`) once per config that has the node.
    """
    labels = dict(nodes)
    ahead: dict[str, list[tuple[str, str]]] = {}
    for source, target, kind in edges:
        ahead.setdefault(source, []).append((kind, target))
    heads = {target for _, target, _ in edges}
    every = sorted(labels)

    def children(node: str) -> list[tuple[str, str]]:
        return sorted(ahead.get(node, ()), key=_second, reverse=True)

    def label(node: str, again: bool) -> str:
        text = labels[node]
        if node.startswith(_NOTED):
            return f"{text}, see above)" if again else f"{text})"
        return f"{text} (see above)" if again else text

    return _tree_lines([node for node in every if node not in heads], every, children, label, _ARROW["downstream"])


# Nodes whose label in a tree has a note (see _tree_text).
_NOTED = (PIPELINE, EXT)


def _fragment_clusters(nodes: list[str], text: Callable[[str], str]) -> list[tuple[str, list[str]]]:
    """The pipeline nodes among ``nodes`` (sorted) by the cluster they are drawn in, each with its text."""
    clusters: dict[str, list[str]] = {}
    for node in nodes:
        if node.startswith(PIPELINE):
            clusters.setdefault(_scope(node), []).extend((node, text(node)))
    return list(clusters.items())


def _json_element(data: dict[str, Any]) -> str:
    """A node or an edge as an item of the node-link document's lists."""
    return visible_json("    " + indented(data, level=2, sort_keys=True))


def _json_edge(source: str, target: str, data: dict[str, Any]) -> str:
    return _json_element({**data, "source": source, "target": target})


def _mermaid_edge_kind(source: str, target: str, data: dict[str, Any]) -> str:
    return _mermaid_string(str(data["kind"]))


def encode_fragment(fragment: GraphFragment) -> list[Any]:
    """The JSON form of a fragment, for the cache and for crossing from a worker process."""
    if fragment.left_out is not None:
        from promoter.codec import encode_result  # noqa: PLC0415 - the codec only to store or pass on a file left out

        return [fragment.file, encode_result(fragment.left_out)]
    shared = [[node, attributes] for node, attributes in fragment.shared]
    clusters = [[name, texts] for name, texts in fragment.clusters]
    return [fragment.file, fragment.identifier, shared, fragment.nodes, fragment.edges, clusters]


def decode_fragment(data: Any, *, checked: bool = True) -> GraphFragment:
    """A fragment from :func:`encode_fragment`; raises ValueError, TypeError or KeyError on malformed data.

    Without ``checked``, for what a worker process of this run has just made, the types are taken as they are made
    (a cache entry, which anyone who can write the cache can write, is always checked).
    """
    if len(data) == 2:
        from promoter.codec import decode_result  # noqa: PLC0415

        file, result = data
        if type(file) is not str:
            raise TypeError("a fragment's file is text")
        return GraphFragment(file, "", [], [], [], [], left_out=decode_result(result))
    file, identifier, shared, nodes, edges, clusters = data
    if checked:
        texts = [file, identifier, *nodes, *edges]
        for name, cluster in clusters:
            texts.append(name)
            texts.extend(cluster)
        if not all(type(text) is str for text in texts) or len(nodes) % 2 or len(edges) % 3:
            raise TypeError("not the texts of a fragment")
        if any(len(cluster) % 2 for _, cluster in clusters):
            raise TypeError("not the texts of a fragment")
        for node, attributes in shared:
            if type(node) is not str:
                raise TypeError("a node id is text")
            check_node(node, attributes)
        ids = {*nodes[::2], *(node for node, _ in shared)}
        for _, cluster in clusters:
            ids.update(cluster[::2])
        if not ids.issuperset(edges[::3]) or not ids.issuperset(edges[1::3]):
            raise ValueError("an edge between nodes the fragment does not have")
    return GraphFragment(
        file,
        identifier,
        [(node, attributes) for node, attributes in shared],
        nodes,
        edges,
        [(name, cluster) for name, cluster in clusters],
    )


def decode_new_fragment(data: Any) -> GraphFragment:
    """:func:`decode_fragment` of a fragment a worker has just made, unchecked."""
    return decode_fragment(data, checked=False)


def fragment_file(fragment: GraphFragment) -> str:
    """The file a fragment is of."""
    return fragment.file


def shared_identifiers(fragments: Iterable[GraphFragment]) -> set[str]:
    """The identifiers more than one config has: their configs are named with their files in node ids."""
    counts = Counter(fragment.identifier for fragment in fragments if fragment.identifier)
    return {identifier for identifier, count in counts.items() if count > 1}


def iter_fragments(fragments: list[GraphFragment], output_format: str) -> Iterator[str]:
    """The whole graph's document in ``output_format`` from the fragments of its configs, sorted by file.

    The text is the renderer's of the graph :func:`promoter.graph.graph_of_parts` joins from the same configs
    (:func:`iter_json`, :func:`iter_dot`, :func:`iter_mermaid`). Fragments of configs that share an identifier
    must have been made from their parts rescoped as that joins them. ``fragments`` is emptied as it is read.
    """
    configs = sum(1 for fragment in fragments if fragment.identifier)
    shared: dict[str, dict[str, Any]] = {}
    nodes: list[tuple[str, str]] = []
    edges: list[tuple[str, str, str]] = []
    clusters: dict[str, list[str]] = {}
    split: set[str] = set()  # clusters more than one config draws in: their nodes are sorted again
    fragments.reverse()
    while fragments:
        fragment = fragments.pop()
        if not fragment.identifier:
            continue
        for node, attributes in fragment.shared:
            known = shared.get(node)
            if known is None:
                shared[node] = attributes
            else:
                join_node(known, attributes)
        texts = iter(fragment.nodes)
        nodes.extend(zip(texts, texts, strict=True))
        texts = iter(fragment.edges)
        edges.extend(zip(texts, texts, texts, strict=True))
        for name, cluster in fragment.clusters:
            if name in clusters:
                clusters[name] += cluster
                split.add(name)
            else:
                clusters[name] = cluster
    for name in split:
        texts = iter(clusters[name])
        clusters[name] = [text for pair in sorted(zip(texts, texts, strict=True)) for text in pair]
    if output_format == "tree":
        return _tree_of_texts(nodes, edges)
    edges.sort()
    if output_format == "json":
        nodes.extend((node, _json_element({**attributes, "id": node})) for node, attributes in shared.items())
        nodes.sort()
        return _joined_json(nodes, edges, configs)
    nodes.extend((node, "") for node in shared)
    nodes.sort()
    joined = _Joined(nodes, shared, edges, dict(sorted(clusters.items())))
    return _joined_dot(joined) if output_format == "dot" else _joined_mermaid(joined)


@dataclass(frozen=True, slots=True)
class _Joined:
    """The fragments of a graph joined, for DOT and Mermaid.

    The nodes outside clusters, sorted (a shared node's text is empty: it is made from its joined attributes), the
    edges sorted, and each cluster's nodes (flat: id, text...) by the cluster's name, sorted.
    """

    nodes: list[tuple[str, str]]
    shared: dict[str, dict[str, Any]]
    edges: list[tuple[str, str, str]]
    clusters: dict[str, list[str]]


def _joined_json(nodes: list[tuple[str, str]], edges: list[tuple[str, str, str]], configs: int) -> Iterator[str]:
    yield '{\n  "directed": true,\n  "edges": '
    yield from _joined_list([edge[2] for edge in edges])
    attributes = {"configs": configs, "format_version": JSON_FORMAT_VERSION}
    yield f',\n  "graph": {indented(attributes, level=1, sort_keys=True)},\n  "multigraph": false,\n  "nodes": '
    yield from _joined_list([node[1] for node in nodes])
    yield "\n}\n"


def _joined_list(texts: list[str]) -> Iterator[str]:
    """The items of a list of the node-link document, in parts."""
    if not texts:
        yield "[]"
        return
    opening = "[\n"
    for start in range(0, len(texts), _JOIN_BATCH):
        yield opening + ",\n".join(texts[start : start + _JOIN_BATCH])
        opening = ",\n"
    yield "\n  ]"


def _joined_dot(joined: _Joined) -> Iterator[str]:
    edges, shared = joined.edges, joined.shared
    yield _DOT_HEAD
    yield "".join(text or _dot_node_line(node, shared[node], "  ") for node, text in joined.nodes)
    for index, (scope, cluster) in enumerate(joined.clusters.items()):
        yield _dot_cluster_head(index, scope) + "".join(cluster[1::2]) + "  }\n"
    for start in range(0, len(edges), _JOIN_BATCH):
        yield "".join([edge[2] for edge in edges[start : start + _JOIN_BATCH]])
    yield "}\n"


def _joined_mermaid(joined: _Joined) -> Iterator[str]:
    nodes, shared, edges, clusters = joined.nodes, joined.shared, joined.edges, joined.clusters
    every = [node for node, _ in nodes]
    for cluster in clusters.values():
        every += cluster[::2]
    every.sort()
    ids = {node: f"n{index}" for index, node in enumerate(every)}
    del every
    yield "flowchart LR\n"
    yield "".join(f"  {ids[node]}{text or _mermaid_shape(node, shared[node])}\n" for node, text in nodes)
    for index, (scope, cluster) in enumerate(clusters.items()):
        texts = iter(cluster)
        lines = "".join(f"    {ids[node]}{shape}\n" for node, shape in zip(texts, texts, strict=True))
        yield _mermaid_cluster_head(index, scope) + lines + "  end\n"
    for start in range(0, len(edges), _JOIN_BATCH):
        yield "".join(
            [
                f"  {ids[source]} -->|{kind}| {ids[target]}\n"
                for source, target, kind in edges[start : start + _JOIN_BATCH]
            ]
        )


# --- explain ---------------------------------------------------------------------------------------------------------


def _where(file: str, line: int, path: str) -> str:
    return f"{file}:{line} {path}".rstrip()


def _link_line(link: Link) -> str:
    detail = f" ({link.detail})" if link.detail else ""
    return f"{link.kind} {link.label}{detail}"


def _external_line(item: ExternalInput) -> str:
    if item.promoted_by:
        return f"{item.label}  promoted by {', '.join(item.promoted_by)}"
    return f"{item.label}  promoted by no config here"


def _image_lines(image: ImageFacts, indent: str) -> list[str]:
    lines: list[str] = []
    if image.built_from:
        lines.append(f"{indent}built from:")
        lines.extend(f"{indent}  {_link_line(link)}" for link in image.built_from)
    else:
        lines.append(f"{indent}built from: nothing the config names ({image.kind})")
    if image.external_inputs:
        lines.append(f"{indent}needs these tags from outside the config:")
        lines.extend(f"{indent}  {_external_line(item)}" for item in image.external_inputs)
    if image.promoted_as:
        lines.append(f"{indent}promoted as: {', '.join(link.label for link in image.promoted_as)}")
    return lines


def _used_by_lines(used_by: tuple[Link, ...]) -> list[str]:
    if not used_by:
        return ["  used as an input by nothing in these configs"]
    lines = ["  used by:"]
    lines.extend(
        f"    {link.config}  {link.kind} -> {link.label.rpartition(':')[2]}  {_where(link.file, link.line, link.path)}"
        for link in used_by
    )
    return lines


def render_explanation_text(explanation: Explanation) -> str:
    """Who promotes the tag, from which image, built from what, and who uses it; or why nothing matched."""
    lines: list[str] = []
    subject = explanation.subject
    if explanation.test is not None:
        return "".join(f"{line}\n" for line in _test_facts_lines(subject, explanation.test))
    if explanation.kind == "image":
        if not explanation.images:
            lines.append(f"no config among {plural(explanation.configs, 'config')} defines the image {subject}")
        for image in explanation.images:
            lines.append(f"{image.config}:{image.tag} is a {image.kind} image of {image.config}")
            lines.append(f"  defined at {_where(image.file, image.line, image.path)}")
            lines.extend(_image_lines(image, "  "))
        if explanation.images:
            lines.extend(_used_by_lines(explanation.used_by))
    elif not explanation.promotions:
        what = "external image" if explanation.kind == "external" else "tag"
        lines.append(f"nothing among {plural(explanation.configs, 'config')} promotes the {what} {subject}")
        if explanation.used_by:
            lines.append("  it is an input from outside the tree (pushed by ART, mirrored, or another system)")
            lines.extend(_used_by_lines(explanation.used_by))
    else:
        for promotion in explanation.promotions:
            image = promotion.image
            lines.append(f"{subject} is promoted by {promotion.config}")
            lines.append(
                f"  at {_where(promotion.file, promotion.line, promotion.path)}{kind_label(promotion.promotion)}"
            )
            lines.append(
                f"  from pipeline image {image.tag} ({image.kind}, {_where(image.file, image.line, image.path)})"
            )
            lines.extend(_image_lines(image, "  "))
        if len(explanation.promotions) > 1:
            lines.append(f"  {len(explanation.promotions)} configs promote it: only one of them wins each push")
        lines.extend(_used_by_lines(explanation.used_by))
    if explanation.found or explanation.used_by:
        lines.extend(_test_lines(explanation))
    if explanation.suggestions:
        lines.append("  did you mean: " + ", ".join(explanation.suggestions))
    return "".join(f"{visible(line)}\n" for line in lines)


def _test_facts_lines(subject: str, test: TestFacts) -> list[str]:
    """A test: where it is, and each step it runs with the images the step runs in and depends on."""
    lines = [f"{subject} is a test of {test.config}", f"  defined at {_where(test.file, test.line, test.path)}"]
    for link in test.images:
        lines.append(f"  runs in {link.label}")
    if not test.resolved:
        lines.append("  ci-operator refuses to resolve it against the step registry; lint says why")
    if test.steps:
        lines.append("  steps:")
    for step in test.steps:
        lines.append(f"    {step.stage} {step.step}  ({' > '.join(step.via)})")
        for link in step.images:
            detail = f" ({link.detail})" if link.detail else ""
            what = "runs in" if link.kind == "runs" else "depends on"
            lines.append(f"      {what} {link.label}{detail}")
    return lines


def _test_lines(explanation: Explanation) -> list[str]:
    """The tests that run the image, or why they are not known; and the release payload nobody can follow."""
    lines = []
    if not explanation.step_registry:
        lines.append("  tests that run it: not known without a step registry (give --step-registry DIR)")
    elif not explanation.tests:
        lines.append(f"  tests that run it: none (step registry {explanation.step_registry})")
    else:
        configs = len({use.config for use in explanation.tests})
        tests = len({use.test for use in explanation.tests})
        where = f"step registry {explanation.step_registry}"
        lines.append(f"  run by {plural(tests, 'test')} of {plural(configs, 'config')} ({where}):")
        for use in explanation.tests:
            how = f"step {use.step} {use.relation}" if use.step else use.relation
            if use.env:
                how += f" ({', '.join(use.env)})"
            if use.through:
                how += f" through {use.through}"
            lines.append(f"    {use.test}  {how}  {_where(use.file, use.line, use.path)}")
    for stream in explanation.release_streams:
        lines.append(
            f"  {stream} is a release stream: tests that install a cluster from its release payload use this image"
            " too, and are out of reach here"
        )
    return lines


def render_explanation_json(explanation: Explanation) -> str:
    """The explanation as JSON: the dataclass fields, nested, with ``format_version``."""
    data = {"format_version": JSON_FORMAT_VERSION, **dataclasses.asdict(explanation)}
    return json_document(data)
