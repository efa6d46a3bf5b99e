"""lint beyond the per-rule golden cases: CI integration, suppressions, changed files, generated docs, the corpus."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS, ROOT, TESTDATA

from promoter.cli import main
from promoter.render.rules import render_markdown
from promoter.rules import RULES

CLEAN = TESTDATA / "lint" / "PR-7" / "pass"
FAILING = TESTDATA / "lint" / "XC-1" / "fail"
CONFIG = (TESTDATA / "lint" / "PR-7" / "pass" / "acme" / "app" / "acme-app-main.yaml").read_text()


def lint(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    environment = {"ARTIFACT_DIR": "", "GITHUB_ACTIONS": "", **(env or {})}
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["lint", *args], env=environment)
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout, result.stderr


def write_config(directory: Path, text: str, name: str = "acme-app-main.yaml") -> Path:
    path = directory / "acme" / "app" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_docs_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_markdown(RULES), "docs/rules.md is stale: promoted-images rules --format markdown"


def test_rule_ids_are_unique_and_documented() -> None:
    assert len({rule.id for rule in RULES}) == len(RULES)
    assert all(rule.summary and rule.name for rule in RULES)


def test_exit_codes_and_summary_line() -> None:
    code, out, err = lint(str(CLEAN))
    assert (code, out) == (0, "")
    assert err.startswith("promoted-images lint: 1 file checked, 0 errors, 0 warnings, 0 info in ")
    assert lint(str(FAILING))[0] == 1
    assert lint()[0] == 2


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    write_config(tmp_path, CONFIG.replace("    - app\n", "    - not-built\n"))
    assert lint(str(tmp_path))[0] == 0
    assert lint(str(tmp_path), "--strict")[0] == 1


def test_github_format_is_chosen_under_github_actions() -> None:
    code, out, _ = lint(str(FAILING), env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert out.startswith("::error file=")
    assert ",line=17,col=5,title=XC-1::" in out


def test_github_escapes_properties_and_data(tmp_path: Path) -> None:
    write_config(tmp_path, "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, name: '4.10', tag: x}]}\n")
    _, out, _ = lint(str(tmp_path), "--format", "github")
    for line in out.splitlines():
        properties, _, message = line.partition("::")[2].partition("::")
        assert "\n" not in message
        assert all(part.count("=") == 1 for part in properties.split(" ", 1)[1].split(","))


def test_junit_written_to_artifact_dir_and_well_formed(tmp_path: Path) -> None:
    code, _, _ = lint(str(FAILING), env={"ARTIFACT_DIR": str(tmp_path)})
    assert code == 1
    root = ElementTree.parse(tmp_path / "junit_promoted-images.xml").getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 2  # one per config
    failures = [case for suite in suites for case in suite.findall("testcase") if case.find("failure") is not None]
    assert len(failures) == 2  # a failure per finding
    assert failures[0].get("name", "").startswith("acme/app/") or "acme-app" in failures[0].get("name", "")
    assert int(root.get("failures", "0")) == 2


def test_junit_write_failure_is_an_environment_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user that can write anywhere")
        code, _, err = lint(str(CLEAN), "--junit", str(locked / "junit.xml"))
    finally:
        locked.chmod(stat.S_IRWXU)
    assert code == 2
    assert "cannot write" in err
    assert list(locked.iterdir()) == []


def test_junit_into_missing_directory_is_an_environment_error(tmp_path: Path) -> None:
    code, _, err = lint(str(CLEAN), "--junit", str(tmp_path / "missing" / "junit.xml"))
    assert code == 2
    assert "cannot write" in err


def test_suppression_on_the_line_and_above(tmp_path: Path) -> None:
    inline = CONFIG.replace("    - app\n", "    - old-app  # promoted-images: ignore[PR-7] removed in 1.x\n")
    write_config(tmp_path, inline)
    assert lint(str(tmp_path), "--strict")[:2] == (0, "")
    above = CONFIG.replace("    - app\n", "    # promoted-images: ignore[PR-7]\n    - old-app\n")
    write_config(tmp_path, above)
    assert lint(str(tmp_path), "--strict")[0] == 0


def test_suppression_is_scoped_to_its_rule(tmp_path: Path) -> None:
    write_config(tmp_path, CONFIG.replace("    - app\n", "    - old-app  # promoted-images: ignore[PR-8]\n"))
    code, out, _ = lint(str(tmp_path), "--strict")
    assert code == 1
    assert "PR-7" in out
    assert "SUP-1" in out


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_changed_since_reports_changed_files_but_sees_the_whole_tree(tmp_path: Path) -> None:
    main_config = write_config(tmp_path, CONFIG)
    other = CONFIG.replace("branch: main", "branch: release-1.0").replace("namespace: acme", "namespace: other")
    write_config(tmp_path, other, "acme-app-release-1.0.yaml")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    # The change makes the release config promote the same tag as the unchanged main config.
    write_config(tmp_path, other.replace("namespace: other", "namespace: acme"), "acme-app-release-1.0.yaml")
    code, out, _ = lint(".", "--changed-since", "HEAD", cwd=tmp_path)
    assert code == 1
    assert "acme-app-release-1.0.yaml" in out
    assert "acme-app-main.yaml:" not in out.split("also by")[0]
    assert main_config.exists()


def test_changed_since_outside_git_is_an_environment_error(tmp_path: Path) -> None:
    write_config(tmp_path, CONFIG)
    code, _, err = lint(".", "--changed-since", "HEAD", cwd=tmp_path)
    assert code == 2
    assert "--changed-since HEAD" in err


def test_pre_commit_hook_sees_the_whole_tree() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["pass_filenames"] is False
    assert hook["entry"] == "promoted-images lint ci-operator/config"


RELEASE_TREE = CORPUS / "openshift-release" / "ci-operator" / "config"


@pytest.mark.skipif(not RELEASE_TREE.is_dir(), reason="the shared corpus is not beside the project")
def test_corpus_findings_are_the_reviewed_ones() -> None:
    """Every finding over openshift/release's configs was reviewed (see the issue notes); new ones fail here."""
    code, out, _ = lint(str(RELEASE_TREE), "--format", "json")
    assert code == 1
    found = sorted(
        f"{Path(report['file']).relative_to(RELEASE_TREE)}:{finding['line']}:{finding['column']} {finding['rule']}"
        for report in json.loads(out)["files"]
        for finding in report["findings"]
    )
    reviewed = (TESTDATA / "corpus-lint" / "openshift-release.txt").read_text().splitlines()
    assert found == reviewed


JUNIT_CASES = sorted((TESTDATA / "lint").glob("*/*/expected.junit.xml"))


@pytest.mark.parametrize("path", JUNIT_CASES, ids=[f"{p.parent.parent.name}-{p.parent.name}" for p in JUNIT_CASES])
def test_junit_goldens_validate_against_the_junit_schema(path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(TESTDATA / "junit" / "junit.xsd"))
    schema.validate(str(path))
