"""Golden files for lint: testdata/lint/<RULE>/{fail,pass}/ hold a config tree and the expected output per format.

The failing tree must report its rule and the passing tree must be clean, so each case proves its rule both ways.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTDATA, compare_golden
from test_verdict import marked_rules

from promoter.cli import main
from promoter.rules import RULES

CASES = sorted(p for p in (TESTDATA / "lint").iterdir() if p.is_dir())
VARIANTS = [(case, variant) for case in CASES for variant in ("fail", "pass")]
FORMATS = {"text": "expected.txt", "json": "expected.json", "github": "expected.github"}


def _lint(directory: Path, *args: str) -> tuple[int, str]:
    cwd = Path.cwd()
    os.chdir(directory)
    # A case laid out as an openshift/release checkout lints its config tree, with the step registry beside it.
    tree = "ci-operator/config" if (directory / "ci-operator").is_dir() else "."
    try:
        result = CliRunner().invoke(main, ["lint", tree, "--color", "never", *args], env={"ARTIFACT_DIR": ""})
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout


@pytest.mark.parametrize(("case", "variant"), VARIANTS, ids=[f"{c.name}-{v}" for c, v in VARIANTS])
def test_lint_case(case: Path, variant: str, update_goldens: bool, tmp_path: Path) -> None:
    directory = case / variant
    for output_format, name in FORMATS.items():
        _, stdout = _lint(directory, "--format", output_format)
        compare_golden(directory / name, stdout, update=update_goldens)
    junit = tmp_path / "junit.xml"
    exit_code, stdout = _lint(directory, "--format", "json", "--junit", str(junit))
    compare_golden(directory / "expected.junit.xml", junit.read_text(encoding="utf-8"), update=update_goldens)
    rules = {finding["rule"] for report in json.loads(stdout)["files"] for finding in report["findings"]}
    if variant == "fail":
        assert case.name in rules
    else:
        assert rules == set(), f"the passing case of {case.name} reports {sorted(rules)}"
        assert exit_code == 0


def test_every_rule_has_a_case() -> None:
    with_cases = {case.name for case in CASES} | marked_rules()
    # SC-6 is the fallback for schema keywords without a dedicated rule; the schema uses none today.
    missing = {rule.id for rule in RULES} - with_cases - {"SC-6"}
    assert not missing, f"rules without a testdata/lint case or a testdata/verdict reject case: {sorted(missing)}"
