"""The image graph: model, cross-config joins, queries and explain, on small configs and on the shared corpus."""

from __future__ import annotations

import gc
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import networkx as nx  # type: ignore[import-untyped, unused-ignore]
import pytest
from click.testing import CliRunner
from conftest import CORPUS, TESTDATA, corpus_files

from promoter.analysis import ConfigResult, analyze_text
from promoter.cli import graph as graph_cli
from promoter.cli.graph import explain as explain_command
from promoter.cli.graph import graph as graph_command
from promoter.files import read_configs
from promoter.graph import (
    ConfigPart,
    ImageGraph,
    RefError,
    add_edge,
    build_graph,
    config_graph,
    config_part,
    edge_kinds,
    explain,
    focus,
    graph_of_parts,
    near_matches,
    part_from_json,
    part_json,
    promoters,
    reach,
    registry_reference,
    resolve,
)
from promoter.model import ImageStreamTag
from promoter.render.graph import (
    FRAGMENT_FORMATS,
    decode_fragment,
    encode_fragment,
    fragment_of_part,
    iter_dot,
    iter_graphml,
    iter_json,
    iter_mermaid,
    iter_tree,
    render_dot,
    render_mermaid,
    render_tree,
)

GRAPH_INPUT = TESTDATA / "graph" / "input"
RENDERERS = {"json": iter_json, "dot": iter_dot, "mermaid": iter_mermaid, "graphml": iter_graphml, "tree": iter_tree}


def _config(path: str, text: str) -> ConfigResult:
    return analyze_text(textwrap.dedent(text), path, path_for_metadata=path)


def _tree() -> list[ConfigResult]:
    return read_configs([str(GRAPH_INPUT)])


# --- decoding the fields the graph needs -----------------------------------------------------------------------------


def test_decode_reads_external_images_tag_specification_and_command_lines() -> None:
    result = _config(
        "ci-operator/config/o/r/o-r-main.yaml",
        """\
        external_images:
          fedora: {registry: quay.io, namespace: fedora, name: fedora, tag: 40}
        tag_specification: {namespace: ocp, name: "4.17"}
        test_binary_build_commands: make t
        rpm_build_commands: make rpms
        """,
    )
    config = result.config
    assert config is not None
    assert [(e.alias, e.pull_spec) for e in config.external_images] == [("fedora", "quay.io/fedora/fedora:40")]
    assert config.tag_specification is not None
    assert (config.tag_specification.namespace, config.tag_specification.name) == ("ocp", "4.17")
    assert config.test_binary_build_commands_location.line == 4
    assert config.rpm_build_commands_location.line == 5
    # The unquoted 40 would be an LD-3 finding in a field promotion reads; fields read for the graph stay quiet.
    assert result.findings == ()


# --- the model -------------------------------------------------------------------------------------------------------


def test_promotion_edges_agree_with_the_promoted_list() -> None:
    results = _tree()
    graph = build_graph(results)
    promoted = {
        (result.config.identifier, tag.source, f"ist:{tag.ist}")
        for result in results
        if result.config is not None
        for tag in result.promotion.tags
    }
    edges = {
        (data["config"], graph.nodes[source]["tag"], target)
        for source, target, data in graph.edges(data=True)
        if "promotes" in edge_kinds(graph, source, target)
    }
    assert edges == promoted


def test_a_promoted_tag_imported_elsewhere_joins_the_configs() -> None:
    graph = build_graph(_tree())
    node = "ist:ocp/4.17:gadget"
    assert promoters(graph, node) == ["pipeline:acme/gadget@main:gadget"]
    assert graph.edges[node, "pipeline:other/console@main:cli"]["kind"] == "imports"
    downstream = reach(graph, ["ist:acme/builder:golang-1.22"], "downstream")
    # builder -> widget -> acme/widget:latest -> gadget -> ocp/4.17:gadget -> console, across three repositories.
    assert "pipeline:other/console@main:console" in downstream
    assert "pipeline:acme/builder-images@main:golang-1.22" not in downstream


def test_nodes_and_edges_carry_the_config_line_that_defines_them() -> None:
    graph = build_graph(_tree())
    node = graph.nodes["pipeline:acme/widget@main:widget"]
    assert (node["kind"], node["config"], node["line"], node["path"]) == (
        "build",
        "acme/widget@main",
        24,
        "images.items[0]",
    )
    assert node["file"].endswith("acme-widget-main.yaml")
    edge = graph.edges["pipeline:acme/widget@main:widget", "ist:acme/widget:latest"]
    assert (edge["kind"], edge["line"], edge["mode"], edge["target_index"]) == ("promotes", 45, "tag", 0)
    external = graph.nodes["ist:ocp/ubi-minimal:9"]
    assert (external["config"], external["file"], external["line"]) == ("", "", 0)


def test_config_constructs_become_typed_edges() -> None:
    graph = build_graph(_tree())
    w = "pipeline:acme/widget@main:"
    expected = {
        ("ist:acme/builder:golang-1.22", w + "root"): "imports",
        (w + "root", w + "src"): "clones",
        (w + "src", w + "bin"): "runs",
        (w + "src", w + "test-bin"): "runs",
        (w + "bin", w + "rpms"): "runs",
        ("ist:ocp/ubi:9", w + "base-with-rpms-without-rpms"): "imports",
        (w + "base-with-rpms-without-rpms", w + "base-with-rpms"): "base",
        (w + "rpms", w + "base-with-rpms"): "injects-rpms",
        (w + "src", w + "widget"): "context",
        (w + "base", w + "widget"): "base",
        (w + "bin", w + "widget"): "input",
        ("ist:acme/builder:golang-1.22", w + "widget"): "replaces",
        (w + "bin", "ist:build-cache/acme-widget:main"): "promotes",
        ("ext:quay.io/fedora/fedora:40", "pipeline:acme/gadget@release-1.0__okd:fedora"): "imports",
        ("ist:build-cache/acme-gadget:release-1.0-okd", "pipeline:acme/gadget@release-1.0__okd:root"): "build-cache",
    }
    for (source, target), kind in expected.items():
        assert graph.edges[source, target]["kind"] == kind, (source, target)
    assert graph.edges[w + "bin", w + "widget"]["paths"] == ["/go/bin/widget -> ."]
    # A stage name in inputs.as is kept on the input edge but names no image stream tag.
    assert graph.edges["pipeline:acme/gadget@main:root", "pipeline:acme/gadget@main:gadget"]["as"] == [
        "quay-proxy.ci.openshift.org/openshift/ci:acme_builder_golang-1.22",
        "builder",
    ]


def test_a_tag_only_base_image_takes_namespace_and_name_from_tag_specification() -> None:
    graph = build_graph(_tree())
    assert graph.has_edge("ist:ocp/4.17:tools", "pipeline:other/console@main:tools")


def test_build_root_kinds_are_recorded() -> None:
    graph = build_graph(_tree())
    assert graph.nodes["pipeline:other/console@main:root"]["how"] == "project_image"
    assert graph.nodes["pipeline:acme/gadget@main:root"]["how"] == "from_repository"
    assert graph.nodes["pipeline:acme/widget@main:root"]["how"] == "image_stream_tag"


def test_an_undefined_pipeline_tag_is_a_node_of_its_own_kind() -> None:
    result = _config(
        "ci-operator/config/o/r/o-r-main.yaml",
        """\
        build_root: {image_stream_tag: {namespace: ci, name: release, tag: golang}}
        images:
          items:
          - {from: missing, to: app}
        promotion:
          to: [{namespace: o, tag: latest, additional_images: {extra: nowhere}}]
        """,
    )
    assert result.config is not None
    graph = config_graph(result.config)
    assert graph.nodes["pipeline:o/r@main:missing"]["kind"] == "undefined"
    assert graph.nodes["pipeline:o/r@main:nowhere"]["kind"] == "undefined"
    assert graph.has_edge("pipeline:o/r@main:nowhere", "ist:o/extra:latest")


def test_configs_sharing_an_identifier_keep_separate_pipelines() -> None:
    text = """\
    zz_generated_metadata: {org: o, repo: r, branch: main}
    build_root: {image_stream_tag: {namespace: ci, name: release, tag: golang}}
    images: {items: [{from: src, to: app}]}
    """
    graph = build_graph([_config("a/o-r-main.yaml", text), _config("b/o-r-main.yaml", text)])
    assert "pipeline:o/r@main[a/o-r-main.yaml]:app" in graph
    assert "pipeline:o/r@main[b/o-r-main.yaml]:app" in graph
    _, nodes = resolve(graph, "o/r@main:app")
    assert len(nodes) == 2


def _through_parts(results: list[ConfigResult]) -> ImageGraph:
    """The graph as the command line joins it: each file's part through its JSON form, as from a worker or the cache."""
    parts = [part_from_json(json.loads(json.dumps(part_json(config_part(result))))) for result in results]
    return graph_of_parts(parts)


def _contents(graph: nx.DiGraph[str] | ImageGraph) -> tuple[list[Any], ...]:
    """Nodes with their attributes in the order they were added, edges with theirs, each node's neighbours in the
    order their edges were added (explain lists a test's steps in that order), and the graph's attributes."""
    nodes = [(node, dict(graph.nodes[node])) for node in graph.nodes]
    edges = sorted((tail, head, dict(graph.edges[tail, head])) for tail, head in graph.edges)
    neighbours = [(list(graph.successors(node)), list(graph.predecessors(node))) for node in graph.nodes]
    return nodes, edges, neighbours, sorted(graph.graph.items())


def test_parts_joined_make_the_graph_build_graph_makes() -> None:
    results = _tree()
    text = """\
    zz_generated_metadata: {org: o, repo: r, branch: main}
    build_root: {image_stream_tag: {namespace: ci, name: release, tag: golang}}
    images: {items: [{from: src, to: app}]}
    promotion: {to: [{namespace: ocp, name: "4.17"}]}
    """
    # Two files of one identifier (named apart in node ids) and one that is not a config at all.
    results += [_config("a/o-r-main.yaml", text), _config("b/o-r-main.yaml", text), _config("c/x.yaml", "[")]
    expected = build_graph(results)
    joined = _through_parts(results)
    assert _contents(joined) == _contents(expected)
    assert "pipeline:o/r@main[b/o-r-main.yaml]:app" in joined
    assert _contents(joined.to_networkx()) == _contents(expected)


def test_the_first_promoter_in_sorted_order_claims_a_tag_whichever_part_comes_first() -> None:
    def promoting(org: str) -> ConfigResult:
        text = f"""\
        zz_generated_metadata: {{org: {org}, repo: r, branch: main}}
        build_root: {{image_stream_tag: {{namespace: ci, name: release, tag: golang}}}}
        images: {{items: [{{from: src, to: app}}]}}
        promotion: {{to: [{{namespace: ocp, name: "4.17"}}]}}
        """
        return _config(f"{org}/r/{org}-r-main.yaml", text)

    results = [promoting("b"), promoting("a")]
    for graph in (build_graph(results), _through_parts(results), _through_parts(results[::-1])):
        assert graph.nodes["ist:ocp/4.17:app"]["config"] == "a/r@main"


def test_a_part_not_as_the_builder_makes_it_does_not_decode() -> None:
    part = part_json(config_part(_tree()[0]))
    file, identifier, nodes, edges = part
    for broken in (
        [file, identifier, [[nodes[0][0], {**nodes[0][1], "line": None}]], []],
        [file, identifier, [[nodes[0][0], {"kind": "root"}]], []],
        [file, identifier, [[1, nodes[0][1]]], []],
        [file, identifier, [], [edges[0]]],  # an edge between nodes the part does not have
        [file, identifier, nodes, [[edges[0][0], edges[0][1], []]]],
        [file, 3, nodes, edges],
    ):
        with pytest.raises((TypeError, KeyError, ValueError)):
            part_from_json(broken)
    assert isinstance(part_from_json(part), ConfigPart)


@pytest.mark.parametrize(
    ("output_format", "value"),
    [
        ("tree", "[]"),
        ("tree", '["f", "i", [[1, {}]], []]'),
        ("tree", '["f", "i", [], [["a", "b", {}]]]'),
        ("tree", "null"),
        ("json", '["f", "i", [[1, {}]], [], [], []]'),
        ("dot", '["f", "i", [], ["pipeline:x", 1], [], []]'),
        ("mermaid", "[]"),
    ],
)
def test_a_cache_entry_of_a_part_that_does_not_decode_is_a_miss(tmp_path: Path, output_format: str, value: str) -> None:
    from promoter.outputmemo import DIRECTORY  # noqa: PLC0415

    cache = tmp_path / "cache"
    arguments = ["--format", output_format, "--cache-dir", str(cache), str(GRAPH_INPUT)]
    first = CliRunner().invoke(graph_command, arguments)
    assert first.exit_code == 0, first.output
    shutil.rmtree(cache / DIRECTORY)  # no memo of the output: the parts are read from the cache
    connection = sqlite3.connect(cache / "lint-cache-v1.sqlite3")
    with connection:
        assert connection.execute("UPDATE fragments SET value = ?", (value,)).rowcount >= 1
    connection.close()
    second = CliRunner().invoke(graph_command, arguments)
    assert (second.exit_code, second.stdout) == (0, first.stdout)


# --- a whole graph written from the fragments the workers render ------------------------------------------------------

_SHARED_IDENTIFIER = """\
zz_generated_metadata: {org: o, repo: r, branch: main}
build_root: {image_stream_tag: {namespace: ci, name: release, tag: golang}}
images: {items: [{from: src, to: app}]}
promotion: {to: [{namespace: ocp, name: "4.17"}]}
"""


def _fragment_tree(tmp_path: Path) -> Path:
    """testdata/graph/input, two files of one identifier (named apart in node ids) and a file that is no config."""
    tree = tmp_path / "tree"
    shutil.copytree(GRAPH_INPUT, tree)
    for folder in ("a", "b"):
        (tree / folder).mkdir()
        (tree / folder / "o-r-main.yaml").write_text(_SHARED_IDENTIFIER, encoding="utf-8")
    (tree / "c.yaml").write_text("[", encoding="utf-8")
    return tree


@pytest.mark.parametrize("output_format", sorted(FRAGMENT_FORMATS))
def test_fragments_joined_write_what_the_joined_graph_renders(tmp_path: Path, output_format: str) -> None:
    tree = _fragment_tree(tmp_path)
    expected = "".join(RENDERERS[output_format](_through_parts(read_configs([str(tree)]))))
    assert "o/r@main[" in expected
    cache = ["--cache-dir", str(tmp_path / "cache")]
    for options in (["--no-cache"], ["--no-cache", "--jobs", "2"], cache, cache):
        result = CliRunner().invoke(graph_command, [str(tree), "--format", output_format, *options])
        assert result.exit_code == 0, result.output
        assert result.stdout == expected
        assert "c.yaml:2:1: error LD-1" in result.stderr
    # Standard input, read once, of an identifier a file has too.
    arguments = ["-", str(tree / "a"), "--format", output_format, "--no-cache"]
    result = CliRunner().invoke(graph_command, arguments, input=_SHARED_IDENTIFIER)
    assert result.exit_code == 0, result.output
    assert re.search(r"o/r@main\[(<|#lt;)stdin(>|#gt;)\]", result.stdout)


def test_fragments_each_text_where_it_is_made() -> None:
    part = config_part(_tree()[0])
    fragment = fragment_of_part(part, "json")
    assert [node for node, _ in fragment.shared] == [node for node in part.nodes if node.startswith("ist:")]
    ids = fragment.nodes[::2]
    assert ids == sorted(node for node in part.nodes if node.startswith("pipeline:"))
    assert json.loads(fragment.nodes[1])["id"] == ids[0]
    assert fragment.edges[::3] == [source for source, _ in sorted(part.edges)]
    assert decode_fragment(json.loads(json.dumps(encode_fragment(fragment)))) == fragment


@pytest.mark.parametrize(
    "broken",
    [
        ["f", "i", [], ["pipeline:x"], [], []],  # a node without its text
        ["f", "i", [], [], ["a", "b", 3], []],
        ["f", "i", [["ist:a/b:c", {"kind": "ist"}]], [], [], []],
        ["f", "i", [[1, {}]], [], [], []],
        ["f", "i", [], [], [], [["c", ["pipeline:x", None]]]],
        ["f", "i", [], ["pipeline:x", "x"], ["pipeline:x", "pipeline:y", "runs"], []],  # to a node it does not have
        [3, "i", [], [], [], []],
    ],
)
def test_a_fragment_not_as_the_workers_make_it_does_not_decode(broken: list[Any]) -> None:
    with pytest.raises((TypeError, KeyError, ValueError)):
        decode_fragment(broken)


def test_add_edge_joins_two_relations_between_the_same_nodes() -> None:
    graph = build_graph([])
    add_edge(graph, "a", "b", "input", **{"as": ["y"]})
    add_edge(graph, "a", "b", "base", **{"as": ["x"]})
    assert graph.edges["a", "b"]["kind"] == "base,input"
    assert graph.edges["a", "b"]["as"] == ["x", "y"]
    assert edge_kinds(graph, "a", "b") == {"base", "input"}


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("registry.ci.openshift.org/ocp/builder:rhel-9", ImageStreamTag("ocp", "builder", "rhel-9")),
        ("registry.svc.ci.openshift.org/ocp/4.6:base", ImageStreamTag("ocp", "4.6", "base")),
        ("quay-proxy.ci.openshift.org/openshift/ci:ocp_4.17_cli", ImageStreamTag("ocp", "4.17", "cli")),
        ("builder", None),
        ("golang:1.22", None),
        ("openshift/origin-base:latest", None),  # a Docker Hub reference, not an image stream tag
        ("docker.io/library/golang:1.22", None),
    ],
)
def test_registry_reference(reference: str, expected: ImageStreamTag | None) -> None:
    assert registry_reference(reference) == expected


# --- queries ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "subject", "nodes"),
    [
        ("ocp/4.17:gadget", "ocp/4.17:gadget", ["ist:ocp/4.17:gadget"]),
        ("registry.ci.openshift.org/ocp/4.17:gadget", "ocp/4.17:gadget", ["ist:ocp/4.17:gadget"]),
        ("quay.io/openshift/ci:ocp_4.17_gadget", "ocp/4.17:gadget", ["ist:ocp/4.17:gadget"]),
        ("quay-proxy.ci.openshift.org/openshift/ci:ocp_4.17_gadget", "ocp/4.17:gadget", ["ist:ocp/4.17:gadget"]),
        ("registry.build02.ci.openshift.org/ocp/4.17:gadget", "ocp/4.17:gadget", ["ist:ocp/4.17:gadget"]),
        ("acme/gadget@main:gadget", "acme/gadget@main:gadget", ["pipeline:acme/gadget@main:gadget"]),
        ("pipeline:acme/gadget@main:src", "pipeline:acme/gadget@main:src", ["pipeline:acme/gadget@main:src"]),
        ("quay.io/fedora/fedora:40", "quay.io/fedora/fedora:40", ["ext:quay.io/fedora/fedora:40"]),
        ("ocp/4.17:nothing", "ocp/4.17:nothing", []),
    ],
)
def test_resolve(ref: str, subject: str, nodes: list[str]) -> None:
    assert resolve(build_graph(_tree()), ref) == (subject, nodes)


@pytest.mark.parametrize("ref", ["docker.io/library/golang:1.22", "just-a-name", "acme/gadget@main"])
def test_resolve_rejects_what_is_no_ref(ref: str) -> None:
    with pytest.raises(RefError):
        resolve(build_graph(_tree()), ref)


def test_focus_depth_and_direction() -> None:
    graph = build_graph(_tree())
    start = ["ist:acme/widget:latest"]
    assert set(focus(graph, start, downstream=True, depth=1)) == {*start, "pipeline:acme/gadget@main:widget"}
    upstream = set(focus(graph, start, upstream=True, depth=1))
    assert upstream == {*start, "pipeline:acme/widget@main:widget"}
    both = focus(graph, start, depth=1)
    assert set(both) == upstream | {"pipeline:acme/gadget@main:widget"}
    assert both.has_edge("pipeline:acme/widget@main:widget", "ist:acme/widget:latest")


def test_near_matches_for_a_typo() -> None:
    graph = build_graph(_tree())
    assert near_matches(graph, "ocp/4.17:gadgte", promoted_only=True)[0] == "ocp/4.17:gadget"


def test_explain_found_and_not_found() -> None:
    graph = build_graph(_tree())
    found = explain(graph, "registry.ci.openshift.org/acme/widget:latest")
    assert found.found
    (promotion,) = found.promotions
    assert (promotion.config, promotion.line, promotion.image.tag) == ("acme/widget@main", 45, "widget")
    assert [item.label for item in promotion.image.external_inputs] == ["acme/builder:golang-1.22", "ocp/ubi-minimal:9"]
    assert promotion.image.external_inputs[0].promoted_by == ("acme/builder-images@main",)
    assert [link.config for link in found.used_by] == ["acme/gadget@main"]
    missing = explain(graph, "acme/widget:lastest")
    assert not missing.found
    assert missing.suggestions[0] == "acme/widget:latest"


def test_tree_prints_a_cycle_once() -> None:
    # use_build_cache: the build cache that bin promotes is imported into root again, a real cycle.
    graph = build_graph(_tree())
    tree = render_tree(graph)
    assert "build-cache → acme/gadget@release-1.0__okd:root (root, see above)" in tree
    assert tree.count("acme/gadget@release-1.0__okd:root (root)") == 1


def test_dot_and_mermaid_escape_names() -> None:
    result = _config(
        'ci-operator/config/o/r"x/o-r"x-main.yaml',
        """\
        build_root: {image_stream_tag: {namespace: ci, name: 'we"ird', tag: 'a\\b'}}
        images: {items: [{from: src, to: end}]}
        """,
    )
    graph = build_graph([result])
    dot = render_dot(graph)
    assert '"ist:ci/we\\"ird:a\\\\b"' in dot
    mermaid = render_mermaid(graph)
    assert "we#quot;ird" in mermaid
    # Node ids are n<i>: a pipeline tag named "end" cannot close a subgraph.
    assert '("end")' not in mermaid
    assert '["end"]' in mermaid


# --- command line ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        [str(GRAPH_INPUT), "--upstream"],
        [str(GRAPH_INPUT), "--focus", "docker.io/library/golang:1.22"],
    ],
)
def test_graph_usage_errors_exit_2(args: list[str]) -> None:
    assert CliRunner().invoke(graph_command, args).exit_code == 2


def test_graph_focus_on_an_unknown_tag_exits_1_with_suggestions() -> None:
    result = CliRunner().invoke(graph_command, [str(GRAPH_INPUT), "--focus", "ocp/4.17:gadgte"])
    assert result.exit_code == 1
    assert "ocp/4.17:gadgte is not in the graph" in result.stderr
    assert "did you mean: ocp/4.17:gadget" in result.stderr


def test_explain_usage_error_exits_2() -> None:
    result = CliRunner().invoke(explain_command, ["docker.io/library/golang:1.22", str(GRAPH_INPUT)])
    assert result.exit_code == 2


def test_files_left_out_of_the_graph_are_findings_at_their_line(tmp_path: Path) -> None:
    shutil.copytree(GRAPH_INPUT, tmp_path / "tree")
    (tmp_path / "tree" / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    result = CliRunner().invoke(graph_command, [str(tmp_path / "tree")])
    assert result.exit_code == 0
    assert (
        result.stderr
        == f"{tmp_path / 'tree' / 'empty.yaml'}:1:1: error TL-1 file is empty or only comments; a config must define at least one test or image build\n"
    )


def test_a_tree_without_one_config_gives_no_graph(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    result = CliRunner().invoke(graph_command, [str(tmp_path)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert "empty.yaml:1:1: error TL-1" in result.stderr


def test_the_command_modules_do_not_import_networkx() -> None:
    code = "import sys, promoter.cli, promoter.cli.graph; print('networkx' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


# --- the shared corpus: facts checked by hand against the real configs -----------------------------------------------

CORPUS_FILES = corpus_files()
corpus = pytest.mark.skipif(not CORPUS_FILES, reason="the shared corpus is not beside the project")
CONFIGS = CORPUS / "openshift-release" / "ci-operator" / "config"


@pytest.fixture(scope="module")
def corpus_graph() -> nx.DiGraph[str]:
    return build_graph(read_configs([str(CORPUS)]))


@corpus
def test_corpus_graph_agrees_with_every_promoted_list() -> None:
    results = read_configs([str(CORPUS)])
    graph = build_graph(results)
    promoted = sum(len({tag.ist for tag in r.promotion.tags}) for r in results)
    edges = sum(1 for s, t in graph.edges if "promotes" in edge_kinds(graph, s, t))
    assert edges == promoted


@corpus
def test_corpus_builder_image_and_its_consumers(corpus_graph: nx.DiGraph[str]) -> None:
    graph = corpus_graph
    node = "ist:ocp/builder:rhel-9-golang-1.24-openshift-4.21"
    assert not promoters(graph, node)  # ART pushes builder images; no config promotes them
    consumers = {graph.nodes[s]["config"] for s in graph.successors(node)}
    # The eight configs of the corpus that name this builder (grep rhel-9-golang-1.24-openshift-4.21).
    assert consumers == {
        "openshift-priv/api@master",
        "openshift/cluster-network-operator@main__okd-scos",
        "openshift/cluster-network-operator@release-4.21__periodics",
        "openshift/must-gather@release-4.21",
        "openshift/origin@main",
        "openshift/origin@main__okd-scos",
        "openshift/release@main",
        "operator-framework/operator-marketplace@master__okd-scos",
    }
    # openshift/release@main builds its build root from it; must-gather imports it as a base image and its
    # must-gather image names it in inputs.as (the Dockerfile reference ci-operator replaces).
    assert graph.edges[node, "pipeline:openshift/release@main:root"]["kind"] == "imports"
    must_gather = "pipeline:openshift/must-gather@release-4.21:"
    assert graph.edges[node, must_gather + "ocp_builder_rhel-9-golang-1.24-openshift-4.21"]["kind"] == "imports"
    assert graph.edges[node, must_gather + "must-gather"]["kind"] == "replaces"


@corpus
def test_corpus_legacy_configs_promote_nothing_across_repositories(corpus_graph: nx.DiGraph[str]) -> None:
    graph = corpus_graph
    # openshift/hypershift@main names hypershift-operator in additional_images of promotion.to[1] (line 70), but its
    # images is a plain list (line 37), which current ci-operator cannot load: nothing promotes the tag, and
    # openshift/cluster-version-operator@release-4.18 still imports it as a base image (line 6).
    node = "ist:hypershift/hypershift-operator:latest"
    assert promoters(graph, node) == []
    cvo = "pipeline:openshift/cluster-version-operator@release-4.18:hypershift-operator"
    assert graph.edges[node, cvo]["path"] == "base_images.hypershift-operator"
    # openshift/images@master promotes to ocp 4.16 only by legacy single-target keys (line 59), which ci-operator
    # drops: base-rhel9 has no promoter, and explain says so while listing who uses the tag.
    assert promoters(graph, "ist:ocp/4.16:base-rhel9") == []
    explanation = explain(graph, "registry.ci.openshift.org/ocp/4.16:base-rhel9")
    assert not explanation.found
    assert "openshift/prometheus@release-4.16" in {link.config for link in explanation.used_by}


@corpus
def test_corpus_configs_exist_as_named() -> None:
    assert (CONFIGS / "openshift" / "hypershift" / "openshift-hypershift-main.yaml").is_file()
    assert (CONFIGS / "openshift" / "images" / "openshift-images-master.yaml").is_file()


def test_decoded_entries_are_frozen_every_few_hundred(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[int] = []
    decoded: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(len(decoded)))

    def doubled(data: int) -> int:
        decoded.append(data)
        return data * 2

    decode = graph_cli._settled(doubled)
    every = graph_cli._SETTLE_EVERY
    assert [decode(number) for number in range(3 * every)] == [2 * number for number in range(3 * every)]
    assert frozen == [every - 1, 2 * every - 1, 3 * every - 1]  # before the entry that completes each round


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_the_graph_is_written_and_then_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    inside: list[bool] = []

    def written() -> None:
        with graph_cli._collector_paused():
            inside.append(gc.isenabled())
            raise BrokenPipeError

    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        with pytest.raises(BrokenPipeError):
            written()
        assert (inside, gc.isenabled()) == ([False], enabled)
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
