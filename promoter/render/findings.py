"""Findings as text lines: ``file:line:col: severity rule message``."""

from __future__ import annotations

from collections.abc import Iterable

from promoter.findings import Finding, Severity
from promoter.render import ANSI_DIM, ANSI_RED, ANSI_YELLOW, paint

_STYLE = {Severity.ERROR: ANSI_RED, Severity.WARNING: ANSI_YELLOW, Severity.INFO: ANSI_DIM}


def finding_line(finding: Finding, *, color: bool = False) -> str:
    """One finding on one line, in the format compilers and editors understand."""
    where = f"{finding.file}:{finding.line}:{finding.column}" if finding.line else finding.file
    severity = paint(finding.severity.value, _STYLE[finding.severity], color=color)
    return f"{where}: {severity} {finding.rule} {finding.message}"


def render_findings(findings: Iterable[Finding], *, color: bool = False) -> str:
    """Every finding, one per line, in the order given."""
    return "".join(finding_line(finding, color=color) + "\n" for finding in findings)
