"""Output formats of ``promoted-images lint``: text, JSON, GitHub workflow annotations and JUnit XML for Prow."""

from __future__ import annotations

import os
from collections.abc import Sequence

from promoter import __version__
from promoter.findings import Finding, Severity
from promoter.lazyre import lazy_compile
from promoter.lint import LintReport
from promoter.render import json_document, plural, severity_count, visible
from promoter.render.findings import doc_link, render_findings
from promoter.rules import Rule

JSON_FORMAT_VERSION = 1
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render_text(report: LintReport, *, color: bool = False, doc_url: str = "") -> str:
    """``file:line:col: severity rule-id message``, one finding per line, each ending with its rule's doc link."""
    return render_findings(report.findings, color=color, doc_url=doc_url)


def render_json(report: LintReport) -> str:
    """One object per file with its findings, and a summary by severity."""
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "files": [
            {
                "file": file_report.file,
                "config": file_report.config,
                "findings": [finding.to_dict() for finding in file_report.findings],
            }
            for file_report in report.files
        ],
        "summary": {"files": len(report.files), **report.counts()},
    }
    return json_document(document)


def _escape_data(text: str) -> str:
    # Made visible first: the runner's log shows a workflow command's text raw, and only %, CR and LF are its escapes.
    return visible(text).replace("%", "%25")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: LintReport) -> str:
    """GitHub Actions workflow commands: an annotation per finding, on the file and line of the pull request."""
    lines = []
    for finding in report.findings:
        properties = [f"file={_escape_property(finding.file)}"]
        if finding.line:
            properties += [f"line={finding.line}", f"col={finding.column}"]
        properties.append(f"title={_escape_property(finding.rule)}")
        command = _GITHUB_COMMAND[finding.severity]
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(finding.message)}")
    return "".join(line + "\n" for line in lines)


_XML_INVALID = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text that XML 1.0 can hold: what it cannot (lone surrogates, after :func:`visible`) written as escapes."""
    return _XML_INVALID.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _xml_value(text: str) -> str:
    """A value from input as XML text, its controls made visible."""
    return _xml_text(visible(text))


def _failing(finding: Finding, *, strict: bool) -> bool:
    return finding.severity is Severity.ERROR or (strict and finding.severity is Severity.WARNING)


def render_junit(report: LintReport, *, strict: bool = False) -> str:
    """JUnit XML: a test suite per config file, a failed test case per failing finding, one passing case otherwise.

    Prow shows each failed case on the job page; its name carries the file, line and rule. Findings that do not fail
    the run (warnings without ``strict``, information) are listed in the suite's system-out.
    """
    from xml.etree import ElementTree  # noqa: PLC0415 - JUnit only when asked for: text output needs no XML

    root = ElementTree.Element("testsuites", name="promoted-images lint")
    total_tests = total_failures = 0
    for file_report in report.files:
        failing = [f for f in file_report.findings if _failing(f, strict=strict)]
        others = [f for f in file_report.findings if not _failing(f, strict=strict)]
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=_xml_value(file_report.config or file_report.file),
            tests=str(max(len(failing), 1)),
            failures=str(len(failing)),
            errors="0",
            skipped="0",
            file=_xml_value(file_report.file),
        )
        total_tests += max(len(failing), 1)
        total_failures += len(failing)
        if not failing:
            ElementTree.SubElement(suite, "testcase", name=_xml_value(f"{file_report.file} is valid"), classname="lint")
        for finding in failing:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                name=_xml_value(f"{finding.file}:{finding.line}:{finding.column}: {finding.rule}"),
                classname=finding.rule,
                file=_xml_value(finding.file),
                line=str(finding.line),
            )
            failure = ElementTree.SubElement(case, "failure", message=_xml_value(finding.message), type=finding.rule)
            failure.text = _xml_text(render_findings([finding]))
        if others:
            ElementTree.SubElement(suite, "system-out").text = _xml_text(render_findings(others))
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact_uri(file: str) -> str:
    """A URI reference for a finding's file: relative paths stay relative (to the run's directory), with ``/``."""
    from urllib.parse import quote  # noqa: PLC0415 - for SARIF only

    path = file.replace(os.sep, "/")
    if os.path.isabs(file):
        return "file://" + quote(path if path.startswith("/") else "/" + path)
    return quote(path)


def _sarif_rule(rule: Rule, doc_url: str) -> dict[str, object]:
    described: dict[str, object] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.detail}".strip()},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"verdict": rule.verdict, "enforcedBy": rule.enforced_by},
    }
    if doc_url:
        described["helpUri"] = doc_link(doc_url, rule.id)
    return described


def render_sarif(report: LintReport, rules: Sequence[Rule], *, doc_url: str = "") -> str:
    """SARIF 2.1.0 for GitHub code scanning and editors: every rule in the driver, a result per finding.

    Locations are the files as given on the command line, relative to where lint ran (``%SRCROOT%``), with the
    line and column of the finding and its JSON path as the logical location.
    """
    index = {rule.id: number for number, rule in enumerate(rules)}
    results = []
    for finding in report.findings:
        artifact = {"uri": _artifact_uri(finding.file)}
        if not os.path.isabs(finding.file):
            artifact["uriBaseId"] = "%SRCROOT%"
        location: dict[str, object] = {"artifactLocation": artifact}
        if finding.line:
            location["region"] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
        result: dict[str, object] = {
            "ruleId": finding.rule,
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": location,
                    **(
                        {"logicalLocations": [{"fullyQualifiedName": finding.json_path, "kind": "member"}]}
                        if finding.json_path
                        else {}
                    ),
                }
            ],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        results.append(result)
    driver: dict[str, object] = {
        "name": "promoted-images",
        "version": __version__,
        "rules": [_sarif_rule(rule, doc_url) for rule in rules],
    }
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }
    return json_document(document)


def render_summary(report: LintReport, *, seconds: str) -> str:
    """The one-line summary written to standard error; ``seconds`` is the run's time as shown, or a placeholder."""
    counts = report.counts()
    severities = ", ".join(severity_count(counts[severity.value], severity) for severity in Severity)
    return f"promoted-images lint: {plural(len(report.files), 'file')} checked, {severities} in {seconds}s\n"
