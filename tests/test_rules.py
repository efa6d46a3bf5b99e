"""The rule table agrees with ci-operator: its verdict decides the severity of the rule and of every finding."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter.cli import main
from promoter.findings import Severity
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
