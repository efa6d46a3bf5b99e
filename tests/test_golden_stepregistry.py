"""Golden files of lint, graph, explain and docs with a step registry: testdata/stepregistry.

``release/`` is laid out as an openshift/release checkout, so its registry is found beside the config tree.
``acme/widget`` builds ``widget`` and promotes it into the release stream ``ocp/4.17``; its container test runs in
``src`` and its multi-stage test (workflow ``upi-e2e``) installs with ``upi-installer`` from its ``latest`` release
(the integration stream ``ocp/4.17``) and gets the ``widget`` image in ``WIDGET_IMAGE``. ``other/console`` runs a step
in ``ocp/4.17:widget`` itself, takes its ``latest`` release from a release controller (no stream to follow), and has a
test naming a workflow that does not exist. ``sample-config/`` is linted against ../shared/step-registry-sample.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, TESTDATA, compare_golden

from promoter.cli import main

CASE_DIR = TESTDATA / "stepregistry"
EXPECTED = CASE_DIR / "expected"
TREE = "release/ci-operator/config"
SAMPLE = ROOT.parent / "shared" / "step-registry-sample"
# The sample, as the case directory reaches it: relative, so that file names in the output do not depend on where
# the project lives.
SAMPLE_FROM_CASE = os.path.relpath(SAMPLE, CASE_DIR)
# name of the expected file -> (arguments, exit status, needs the sample)
CASES: dict[str, tuple[list[str], int, bool]] = {
    "lint.txt": (["lint", TREE, "--color", "never"], 1, False),
    "lint.json": (["lint", TREE, "--format", "json"], 1, False),
    "graph.tree": (["graph", TREE], 0, False),
    "graph.json": (["graph", TREE, "--format", "json"], 0, False),
    "focus-upi-installer-downstream.tree": (
        ["graph", TREE, "--focus", "ocp/4.17:upi-installer", "--downstream"],
        0,
        False,
    ),
    "focus-test-downstream.tree": (["graph", TREE, "--focus", "acme/widget@main:e2e", "--downstream"], 0, False),
    "explain-widget.txt": (["explain", "ocp/4.17:widget", TREE], 0, False),
    "explain-widget.json": (["explain", "ocp/4.17:widget", TREE, "--format", "json"], 0, False),
    "explain-upi-installer.txt": (["explain", "ocp/4.17:upi-installer", TREE], 1, False),
    "explain-src.txt": (["explain", "acme/widget@main:src", TREE], 0, False),
    "explain-test.txt": (["explain", "acme/widget@main:e2e", TREE], 0, False),
    "explain-test.json": (["explain", "acme/widget@main:e2e", TREE, "--format", "json"], 0, False),
    "explain-refused-test.txt": (["explain", "other/console@main:broken", TREE], 0, False),
    "docs.md": (["docs", TREE], 0, False),
    "docs.json": (["docs", TREE, "--format", "json"], 0, False),
    "sample-lint.txt": (["lint", "sample-config", "--step-registry", SAMPLE_FROM_CASE, "--color", "never"], 1, True),
    "sample-explain-src.txt": (
        ["explain", "acme/tools@main:src", "sample-config", "--step-registry", SAMPLE_FROM_CASE],
        0,
        True,
    ),
}


def _run(args: list[str]) -> Result:
    cwd = Path.cwd()
    os.chdir(CASE_DIR)
    try:
        return CliRunner().invoke(main, [*args, "--no-cache"], env={"ARTIFACT_DIR": ""})
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, update_goldens: bool) -> None:
    args, status, needs_sample = CASES[name]
    if needs_sample and not SAMPLE.is_dir():
        pytest.skip("the step registry sample is not beside the project")
    result = _run(args)
    assert result.exit_code == status, result.output
    assert "step registry " in result.stderr
    compare_golden(EXPECTED / name, result.stdout, update=update_goldens)


def test_explain_without_a_registry_does_not_claim_there_are_no_tests() -> None:
    result = _run(["explain", "ocp/4.17:widget", TREE, "--step-registry", "release/ci-operator/config/acme"])
    # Not a registry at all: nothing loads, and the output says no test runs it, from that (empty) registry.
    assert "0 refs, 0 chains, 0 workflows" in result.stderr
    cwd = Path.cwd()
    os.chdir(CASE_DIR / "release")
    try:
        alone = CliRunner().invoke(
            main,
            ["explain", "ocp/4.17:widget", "-", "--no-cache"],
            input=Path("ci-operator/config/acme/widget/acme-widget-main.yaml").read_text(),
        )
    finally:
        os.chdir(cwd)
    assert "tests that run it: not known without a step registry" in alone.stdout


def test_html_page_says_how_many_tests_use_each_image() -> None:
    document = json.loads(_run(["docs", TREE, "--format", "json"]).stdout)
    page = _run(["docs", TREE, "--format", "html"]).stdout
    rows = {match.group(1): match.group(2) for match in re.finditer(r'<tr id="t-([^"]+)"[^>]*>(.*?)</tr>', page)}
    counted = [row for section in document["sections"] for row in section["rows"]]
    assert counted
    assert len(rows) == len(counted)
    for row in counted:
        cells = rows[re.sub(r"[^A-Za-z0-9._-]+", "-", row["tag"])]
        assert f'<span class="via">used by tests:</span> {row["used_by_tests"]}<' in cells
