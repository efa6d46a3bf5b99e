"""Findings as text lines: ``file:line:col: severity rule message``."""

from __future__ import annotations

from collections.abc import Iterable

from promoter.findings import Finding, Severity
from promoter.render import ANSI_DIM, ANSI_RED, ANSI_YELLOW, paint, visible

_STYLE = {Severity.ERROR: ANSI_RED, Severity.WARNING: ANSI_YELLOW, Severity.INFO: ANSI_DIM}
# A severity's word, looked up once per finding rather than through the enum's ``value`` property.
_WORD = {severity: severity.value for severity in Severity}


def doc_link(doc_url: str, rule_id: str) -> str:
    """The address of a rule's section in docs/rules.md published at ``doc_url``: ``URL#pr-7``."""
    return f"{doc_url}#{rule_id.lower()}"


def finding_line(finding: Finding, *, color: bool = False, doc_url: str = "") -> str:
    """One finding on one line, in the format compilers and editors understand; with ``doc_url``, its rule's link."""
    file = visible(finding.file)
    where = f"{file}:{finding.line}:{finding.column}" if finding.line else file
    severity = paint(_WORD[finding.severity], _STYLE[finding.severity], color=color)
    link = f" ({doc_link(doc_url, finding.rule)})" if doc_url else ""
    return f"{where}: {severity} {finding.rule} {visible(finding.message)}{link}"


def render_findings(findings: Iterable[Finding], *, color: bool = False, doc_url: str = "") -> str:
    """Every finding, one per line, in the order given."""
    return "".join(finding_line(finding, color=color, doc_url=doc_url) + "\n" for finding in findings)
