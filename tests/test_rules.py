"""The rule table agrees with ci-operator: its verdict decides the severity of the rule and of every finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter.analysis import analyze_text
from promoter.cli import main
from promoter.findings import Severity
from promoter.lint import lint
from promoter.render.rules import render_markdown
from promoter.rule_examples import BASE, BASE_FILE, EXAMPLES, whole_config
from promoter.rules import RULES, RULES_BY_ID, VERDICTS

REJECTED = {"rejected at load", "rejected by validation", "fails at run time"}


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_verdict_decides_severity(rule: object) -> None:
    from promoter.rules import Rule  # noqa: PLC0415

    assert isinstance(rule, Rule)
    assert rule.verdict in VERDICTS
    if rule.verdict == "accepted (opinion)":
        assert rule.severity is not Severity.ERROR, f"{rule.id}: ci-operator accepts it, so it cannot be an error"
        assert rule.enforced_by == "", f"{rule.id}: nothing in ci-tools enforces an opinion"
    if rule.verdict in REJECTED:
        assert rule.severity is Severity.ERROR, f"{rule.id}: ci-operator rejects it, so it is an error"
    if rule.verdict in ("rejected at load", "rejected by validation"):
        assert rule.enforced_by, f"{rule.id}: name the ci-tools function that rejects it"


def _findings_of_every_case() -> list[dict[str, object]]:
    paths = sorted(str(case / "fail") for case in (TESTDATA / "lint").iterdir() if (case / "fail").is_dir())
    result = CliRunner().invoke(
        main, ["lint", *paths, "--format", "json", "--no-cache", "--jobs", "1"], env={"ARTIFACT_DIR": ""}
    )
    return [f for report in json.loads(result.stdout)["files"] for f in report["findings"]]


def test_every_finding_follows_its_rules_verdict() -> None:
    findings = _findings_of_every_case()
    assert len({f["rule"] for f in findings}) > 40
    for finding in findings:
        rule = RULES_BY_ID[str(finding["rule"])]
        message = str(finding["message"])
        if finding["severity"] == "error":
            assert rule.verdict != "accepted (opinion)", finding
        if rule.verdict == "fails at run time" and finding["severity"] == "error":
            assert "fails at run time" in message, finding
        if finding["severity"] == "warning" and rule.verdict != "promoter":
            assert "ci-operator accepts this" in message, finding


# Examples: every invalid example reports its rule, every fixed one reports nothing.

# Rules without a single-file example: several files (XC-1), file names (FN-5), unreadable paths (IO-1), the limits
# (LD-8), a schema fallback no keyword uses (SC-6), and the step registry's rules, which need a registry beside it.
WITHOUT_EXAMPLE = {"FN-5", "IO-1", "LD-8", "SC-6", "XC-1"}


def test_examples_name_real_rules_and_cover_every_single_file_rule() -> None:
    assert set(EXAMPLES) <= set(RULES_BY_ID)
    needed = {r.id for r in RULES if r.id.split("-")[0] not in ("SR", "MS")} - WITHOUT_EXAMPLE
    assert needed <= set(EXAMPLES), f"rules without an example: {sorted(needed - set(EXAMPLES))}"


def test_every_example_triggers_its_rule_and_its_fix_is_clean(tmp_path: Path) -> None:
    for rule_id, example in EXAMPLES.items():
        for variant, part in (("invalid", example.invalid), ("fixed", example.fixed)):
            path = tmp_path / rule_id / variant / BASE_FILE
            path.parent.mkdir(parents=True)
            path.write_text(whole_config(part, example.without), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["lint", str(tmp_path), "--format", "json", "--no-cache", "--jobs", "1", "--ignore", "XC-1", "--no-config"],
        env={"ARTIFACT_DIR": ""},
    )
    found: dict[tuple[str, str], set[str]] = {}
    for report in json.loads(result.stdout)["files"]:
        rule_id, variant = Path(report["file"]).relative_to(tmp_path).parts[:2]
        found.setdefault((rule_id, variant), set()).update(f["rule"] for f in report["findings"])
    for rule_id in EXAMPLES:
        assert rule_id in found.get((rule_id, "invalid"), set()), f"the invalid example of {rule_id} does not report it"
        assert not found.get((rule_id, "fixed")), f"the fixed example of {rule_id} reports {found[(rule_id, 'fixed')]}"


def test_base_config_of_the_examples_is_clean() -> None:
    result = analyze_text(BASE, BASE_FILE)
    assert lint([result]).findings == []
    assert whole_config("tests: []\n", ("images",)).count("tests:") == 1
    assert "\nimages:" not in whole_config("tests: []\n", ("images",))


def run_rules(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rules", *args])
    return result.exit_code, result.stdout, result.stderr


def test_rules_explains_one_rule() -> None:
    code, out, _ = run_rules("pr-7")
    assert code == 0
    assert out.startswith("PR-7 names-nothing (warning)\n")
    assert "ci-operator: accepts the config; this rule is promoter's opinion" in out
    assert "Enforced by: nothing in ci-tools" in out
    assert "Invalid (part of a config):\n    images:" in out
    assert "\nFixed:\n" in out
    code, out, _ = run_rules("BR-6", "PR-2")
    assert code == 0
    assert "Invalid (part of a config that has no build_root):" in out
    assert "Enforced by: validation.validatePromotionConfiguration" in out
    assert out.count(" (error)\n") == 2
    _, out, _ = run_rules("XC-1")
    assert "Invalid" not in out
    _, out, _ = run_rules("LD-3", "--format", "json")
    (described,) = json.loads(out)
    assert described["verdict"] == "rejected by validation"
    assert described["example"]["fixed"] == EXAMPLES["LD-3"].fixed
    _, out, _ = run_rules("LD-3", "--format", "markdown")
    assert "## LD-3\n" in out
    assert "```yaml\npromotion:\n  to:\n  - namespace: acme\n    name: 4.10\n```" in out


def test_rules_with_an_unknown_id_is_a_usage_error() -> None:
    code, out, err = run_rules("PR-77")
    assert (code, out) == (2, "")
    assert err == "Error: no rule 'PR-77'; did you mean: PR-7, RS-7, PR-9\n"


def test_rules_table_has_the_verdict_columns_and_links_to_sections() -> None:
    code, out, _ = run_rules()
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:5] == ["rule", "severity", "ci-operator", "enforced", "by"]
    assert len(rows) == len(RULES)
    assert any("rejected by validation  validation.validatePromotionConfiguration" in row for row in rows)
    markdown = render_markdown(RULES)
    for rule in RULES:
        assert f"| [{rule.id}](#{rule.id.lower()}) | {rule.name} | {rule.severity.value} | {rule.verdict} |" in markdown
        assert f"\n## {rule.id}\n" in markdown
