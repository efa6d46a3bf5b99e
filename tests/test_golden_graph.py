"""Golden files of ``graph`` and ``explain`` over testdata/graph/input, a tree of configs that feed each other.

``acme/builder-images`` promotes a Go builder; ``acme/widget`` builds on it (build root, base image, a Dockerfile
reference) and promotes ``acme/widget:latest``; ``acme/gadget`` builds from that and promotes into ``ocp/4.17``, which
``other/console`` imports. Each case runs one command in testdata/graph and compares its standard output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import click
import networkx as nx  # type: ignore[import-untyped, unused-ignore]
import pytest
from click.testing import CliRunner, Result
from conftest import TESTDATA, compare_golden

from promoter.cli.graph import explain, graph

CASE_DIR = TESTDATA / "graph"
EXPECTED = CASE_DIR / "expected"
COMMANDS: dict[str, click.Command] = {"graph": graph, "explain": explain}
# name of the expected file -> (command, arguments, exit status)
CASES: dict[str, tuple[str, list[str], int]] = {
    "graph.tree": ("graph", ["input"], 0),
    "graph.json": ("graph", ["input", "--format", "json"], 0),
    "graph.dot": ("graph", ["input", "--format", "dot"], 0),
    "graph.mermaid": ("graph", ["input", "--format", "mermaid"], 0),
    "graph.graphml": ("graph", ["input", "--format", "graphml"], 0),
    "focus-builder-downstream.tree": (
        "graph",
        ["input", "--focus", "registry.ci.openshift.org/acme/builder:golang-1.22", "--downstream"],
        0,
    ),
    "focus-gadget-upstream-depth2.tree": (
        "graph",
        ["input", "--focus", "acme/gadget@main:gadget", "--upstream", "--depth", "2"],
        0,
    ),
    "focus-ocp-gadget.dot": ("graph", ["input", "--focus", "ocp/4.17:gadget", "--format", "dot"], 0),
    "focus-ocp-gadget.mermaid": ("graph", ["input", "--focus", "ocp/4.17:gadget", "--format", "mermaid"], 0),
    "focus-ocp-gadget.json": ("graph", ["input", "--focus", "ocp/4.17:gadget", "--depth", "1", "--format", "json"], 0),
    "explain-ocp-gadget.txt": ("explain", ["ocp/4.17:gadget", "input"], 0),
    "explain-builder-quay-proxy.txt": (
        "explain",
        ["quay-proxy.ci.openshift.org/openshift/ci:acme_builder_golang-1.22", "input"],
        0,
    ),
    "explain-builder.json": ("explain", ["acme/builder:golang-1.22", "input", "--format", "json"], 0),
    "explain-image.txt": ("explain", ["acme/widget@main:widget", "input"], 0),
    "explain-typo.txt": ("explain", ["ocp/4.17:gadgte", "input"], 1),
    "explain-external-input.txt": ("explain", ["ocp/ubi-minimal:9", "input"], 1),
}


def _run(command: str, args: list[str]) -> Result:
    cwd = Path.cwd()
    os.chdir(CASE_DIR)
    try:
        return CliRunner().invoke(COMMANDS[command], args)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, update_goldens: bool) -> None:
    command, args, status = CASES[name]
    result = _run(command, args)
    assert result.exit_code == status, result.output
    assert result.stderr == ""
    compare_golden(EXPECTED / name, result.stdout, update=update_goldens)


def test_json_round_trips_through_networkx() -> None:
    data = json.loads((EXPECTED / "graph.json").read_text(encoding="utf-8"))
    assert data["graph"] == {"configs": 5, "format_version": 1}
    loaded = nx.node_link_graph(data, edges="edges")
    assert loaded.is_directed()
    assert loaded.has_edge("ist:ocp/4.17:gadget", "pipeline:other/console@main:cli")


def test_graphml_parses_with_networkx() -> None:
    loaded = nx.parse_graphml((EXPECTED / "graph.graphml").read_text(encoding="utf-8"))
    edge = loaded.edges["pipeline:acme/widget@main:bin", "pipeline:acme/widget@main:widget"]
    assert edge["kind"] == "input"
    assert json.loads(edge["paths"]) == ["/go/bin/widget -> ."]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("name", ["graph.dot", "focus-ocp-gadget.dot"])
def test_dot_renders_with_graphviz(name: str) -> None:
    completed = subprocess.run(
        ["dot", "-Tsvg", str(EXPECTED / name)], capture_output=True, text=True, check=False, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert "<svg" in completed.stdout


# Every statement a flowchart of ours may hold; Mermaid is not installed here, so the shape is checked instead.
_MERMAID_LINE = re.compile(
    r'^(flowchart LR|  end|  subgraph c\d+\["[^"]*"\]|( {2}| {4})n\d+(\(\["[^"]*"\]\)|\["[^"]*"\]|\("[^"]*"\))'
    r'|  n\d+ -->\|"[a-z,-]+"\| n\d+)$'
)


@pytest.mark.parametrize("name", ["graph.mermaid", "focus-ocp-gadget.mermaid"])
def test_mermaid_is_a_flowchart_of_safe_statements(name: str) -> None:
    lines = (EXPECTED / name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines:
        assert _MERMAID_LINE.match(line), line
    assert sum(line.strip().startswith("subgraph") for line in lines) == sum(line == "  end" for line in lines)
