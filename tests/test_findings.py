"""The order of findings: whatever order they were found in, and whatever the hash seed, the same output."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys

from promoter.findings import Finding, Severity, sorted_findings


def _finding(severity: Severity, *, line: int = 3, message: str = "m") -> Finding:
    return Finding(file="a.yaml", line=line, column=1, json_path="x", rule="R-1", severity=severity, message=message)


def test_findings_that_differ_only_in_severity_sort_by_severity() -> None:
    findings = [_finding(Severity.INFO), _finding(Severity.ERROR), _finding(Severity.WARNING), _finding(Severity.ERROR)]
    expected = [_finding(Severity.ERROR), _finding(Severity.WARNING), _finding(Severity.INFO)]
    for order in itertools.permutations(findings):
        assert sorted_findings(order) == expected


def test_position_comes_before_severity() -> None:
    later_error = _finding(Severity.ERROR, line=9)
    earlier_info = _finding(Severity.INFO, line=2)
    assert sorted_findings([later_error, earlier_info]) == [earlier_info, later_error]


def test_the_order_does_not_depend_on_the_hash_seed() -> None:
    script = (
        "from promoter.findings import Finding, Severity, sorted_findings\n"
        "found = [Finding(file='a', line=1, column=1, json_path='', rule='R', severity=s, message='m')"
        " for s in (Severity.INFO, Severity.WARNING, Severity.ERROR)]\n"
        "print([f.severity.value for f in sorted_findings(found)])\n"
    )
    printed = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert printed == {"['error', 'warning', 'info']\n"}
