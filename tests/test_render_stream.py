"""Streamed renderers write exactly what the whole-document renderers of the standard library and networkx write.

Both with the controls in values from input made visible first, as every output of ours has them.
"""

from __future__ import annotations

import json

import networkx as nx  # type: ignore[import-untyped, unused-ignore]
import pytest
from conftest import TESTDATA

from promoter.files import read_configs
from promoter.graph import add_edge, build_graph
from promoter.render import graph as render
from promoter.render import promoted, visible, visible_json

HOSTILE = 'a "quoted" <tag> & amp\tand\r\nlines\u2028more\x0bvertical'


def _reference_json(graph: nx.DiGraph[str]) -> str:
    ordered = render.sorted_graph(graph)
    ordered.graph["format_version"] = render.JSON_FORMAT_VERSION
    data = nx.node_link_data(ordered, edges="edges")
    return visible_json(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def _reference_graphml(graph: nx.DiGraph[str]) -> str:
    ordered = render.sorted_graph(nx.relabel_nodes(graph, visible))
    for _, data in [*ordered.nodes(data=True), *((None, d) for _, _, d in ordered.edges(data=True))]:
        for name, value in data.items():
            if isinstance(value, list | tuple):
                data[name] = visible(json.dumps(list(value)))
            elif isinstance(value, str):
                data[name] = visible(value)
    return "\n".join(nx.generate_graphml(ordered)) + "\n"


def _graphs() -> list[nx.DiGraph[str]]:
    whole = build_graph(read_configs([str(TESTDATA / "graph" / "input")]))
    hostile: nx.DiGraph[str] = nx.DiGraph()
    hostile.graph["configs"] = 1
    hostile.add_node(f"ist:{HOSTILE}", kind="ist", label=HOSTILE, config="", file="", line=0, path="")
    hostile.add_node("pipeline:x:y", kind="build", label="x:y", tag="y", config=HOSTILE, file="f", line=3, path="p")
    # Nodes of one shape, written from one template: only the plain one may be written without escaping.
    for tag, label in (("plain", "x:plain"), ("tab", "x:\tt"), ("é", "x:é\u2028"), ("amp", "a&b"), ("gt", "a>")):
        hostile.add_node(
            f"pipeline:x:{tag}", kind="build", label=label, tag=tag, config="x", file="f", line=5, path="p"
        )
    hostile.add_node('pipeline:x:"q"', kind="build", label="x:q", tag="q", config="x", file="f", line=5, path="p")
    add_edge(
        hostile, f"ist:{HOSTILE}", "pipeline:x:y", "input", config="x", file="f", line=1, path="p", paths=[HOSTILE]
    )
    add_edge(
        hostile, "pipeline:x:y", f"ist:{HOSTILE}", "promotes", config="x", file="f", line=2, path="", by_commit=True
    )
    # Plain elements in one batch with values the batch must escape (list text with XML's characters), may leave
    # (a quote in text) or must send the whole batch the slow way (DEL inside a list, a tab in a value).
    mixed: nx.DiGraph[str] = nx.DiGraph()
    for index, paths in enumerate([["a -> b"], ["x & y", "<z>"], ['"q"'], ["plain"]]):
        for node in (f"ist:n/s:{index}", f"pipeline:c:{index}"):
            mixed.add_node(
                node, kind="build", label=f'c:"{index}"', tag=str(index), config="c", file="f", line=1, path=""
            )
        add_edge(
            mixed,
            f"ist:n/s:{index}",
            f"pipeline:c:{index}",
            "input",
            config="c",
            file="f",
            line=2,
            path="p",
            paths=paths,
        )
    accented = mixed.copy()
    accented.nodes["ist:n/s:0"]["label"] = "c:\u00e9"  # non-ASCII text: the batch is checked the other way
    tabbed = mixed.copy()
    tabbed.nodes["pipeline:c:3"]["label"] = "c:\t3"
    deleted = mixed.copy()
    deleted.edges["ist:n/s:3", "pipeline:c:3"]["paths"] = ["del\x7f"]
    # Batches written at once (every element has a template) around an element that has to be written the slow way:
    # an empty value, after its list made JSON text with an ampersand; and values a %-format must leave as they are.
    formats: nx.DiGraph[str] = nx.DiGraph()
    formats.graph["configs"] = 1
    for index in range(3):
        formats.add_node(f"pipeline:c:{index}", kind="build", label="%s %(x)s %%", tag=str(index), line=1, path="p")
        add_edge(formats, f"pipeline:c:{index}", f"pipeline:c:{index + 1}", "input", line=2, path="", paths=["a&b"])
    formats.edges["pipeline:c:1", "pipeline:c:2"]["path"] = "p"
    formats.add_node("pipeline:c:3", only="one")  # one attribute
    formats.add_node("pipeline:c:4")  # none: written <node id="..." />
    formats.add_node("pipeline:c:5", share=0.5, pair=("a", "b"), flag=False)  # a float, a tuple written as a list
    formats.add_node("pipeline:c:6", numbers=[1, "\u00e9", None, True])  # a list not all text, as JSON writes it
    return [whole, hostile, nx.DiGraph(), whole.subgraph([]).copy(), mixed, accented, tabbed, deleted, formats]


@pytest.mark.parametrize("index", range(9))
def test_streamed_graph_json_and_graphml_are_what_networkx_writes(index: int) -> None:
    graph = _graphs()[index]
    assert render.render_json(graph) == _reference_json(graph)
    assert render.render_graphml(graph) == _reference_graphml(graph)


def test_streamed_promoted_json_is_what_json_dumps_writes() -> None:
    results = read_configs([str(TESTDATA)])
    text = promoted.render_json(results)
    assert text == visible_json(json.dumps(json.loads(text), indent=2, ensure_ascii=False)) + "\n"
    assert promoted.render_json([]) == json.dumps(json.loads(promoted.render_json([])), indent=2) + "\n"
