"""``lint``: every finding of every config, the cross-config rules, and suppressions. Pure: results in, report out."""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from promoter.analysis import ConfigResult
from promoter.checks import ConfigContext, check_config
from promoter.findings import Finding, Severity, fails, sorted_findings
from promoter.promotion import COMMIT_PLACEHOLDER, PromotedTag
from promoter.rules import rule
from promoter.validate import strip_nulls, validate_document

SUPPRESSION = re.compile(r"#\s*promoted-images:\s*ignore\[\s*([A-Z]+-\d+(?:\s*,\s*[A-Z]+-\d+)*)\s*\]")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class FileReport:
    """The findings of one file, and the config it holds (``org/repo@branch``) when it loaded."""

    file: str
    config: str | None
    findings: tuple[Finding, ...]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class LintReport:
    """The result of a lint run: one report per file, in file order."""

    files: tuple[FileReport, ...]

    @property
    def findings(self) -> list[Finding]:
        """All findings, sorted by file and position."""
        return sorted_findings(f for report in self.files for f in report.findings)

    def counts(self) -> dict[str, int]:
        """Findings by severity."""
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def fails(self, *, strict: bool = False) -> bool:
        """Whether the run fails: any error, or any warning under ``strict``."""
        return fails(self.findings, strict=strict)


def file_findings(result: ConfigResult) -> list[Finding]:
    """Everything wrong with one file on its own: loading, schema, promotion and semantic rules."""
    findings = list(result.findings)
    document = result.document
    if document is not None and result.config is not None and isinstance(document.data, dict):
        schema = validate_document(document)
        # A "missing" namespace or name that is really a misspelled key is reported once, as the misspelling.
        findings = [
            f for f in findings if not _MISSING_FIELD_RULES.get(f.rule, set()) & _explained(f, schema.explained)
        ]
        findings.extend(schema.findings)
        context = ConfigContext(document, strip_nulls(document.data), result.config, result.promotion)
        findings.extend(check_config(context))
    return findings


_MISSING_FIELD_RULES = {"PR-1": {"namespace"}, "PR-3": {"name", "tag"}}


def _explained(finding: Finding, explained: frozenset[str]) -> set[str]:
    """The fields under the finding's path that a misspelled key accounts for."""
    prefix = finding.json_path + "."
    return {path.removeprefix(prefix) for path in explained if path.startswith(prefix)}


def cross_config_findings(results: Sequence[ConfigResult]) -> list[Finding]:
    """XC-1 across files: a tag promoted by two configs is an error in each, naming the other places."""
    by_tag: dict[str, list[tuple[ConfigResult, PromotedTag]]] = defaultdict(list)
    for result in results:
        for tag in result.promotion.tags:
            if COMMIT_PLACEHOLDER not in tag.ist.tag:
                by_tag[str(tag.ist)].append((result, tag))
    findings: list[Finding] = []
    for text, places in sorted(by_tag.items()):
        if len({result.file for result, _ in places}) < 2:
            continue  # duplicates inside one config are reported by the promotion rules
        for result, tag in places:
            others = sorted(
                f"{_identifier(other)} ({other.file}:{other_tag.location.line})"
                for other, other_tag in places
                if other.file != result.file
            )
            findings.append(
                Finding(
                    file=result.file,
                    line=tag.location.line,
                    column=tag.location.column,
                    json_path=tag.location.path,
                    rule="XC-1",
                    severity=rule("XC-1").severity,
                    message=f"output tag {text} is promoted from more than one place: also by {', '.join(others)}",
                )
            )
    return findings


def _identifier(result: ConfigResult) -> str:
    return result.config.identifier if result.config is not None else result.file


def apply_suppressions(result: ConfigResult, findings: Iterable[Finding]) -> list[Finding]:
    """Drop findings suppressed by a ``# promoted-images: ignore[RULE]`` comment; report comments that match nothing.

    The comment suppresses findings of the named rules on its own line, or on the next line when it stands alone.
    """
    text = result.document.text if result.document is not None else ""
    if "promoted-images:" not in text:
        return list(findings)
    suppressions: dict[tuple[int, str], tuple[int, int]] = {}
    for number, source_line in enumerate(text.splitlines(), start=1):
        match = SUPPRESSION.search(source_line)
        if match is None:
            continue
        target = number + 1 if source_line[: match.start()].strip() == "" else number
        for rule_id in re.split(r"\s*,\s*", match.group(1)):
            suppressions[(target, rule_id)] = (number, match.start() + 1)
    kept: list[Finding] = []
    used: set[tuple[int, str]] = set()
    for finding in findings:
        key = (finding.line, finding.rule)
        if key in suppressions:
            used.add(key)
        else:
            kept.append(finding)
    for key, (line, column) in sorted(suppressions.items()):
        if key not in used:
            kept.append(
                Finding(
                    file=result.file,
                    line=line,
                    column=column,
                    json_path="",
                    rule="SUP-1",
                    severity=rule("SUP-1").severity,
                    message=f"the suppression of {key[1]} matches no finding on line {key[0]}; remove it",
                )
            )
    return kept


def lint(results: Sequence[ConfigResult], *, only_files: Collection[str] | None = None) -> LintReport:
    """Lint loaded configs. Cross-config rules always see every result; ``only_files`` limits what is reported."""
    per_file: dict[str, list[Finding]] = {result.file: file_findings(result) for result in results}
    for finding in cross_config_findings(results):
        per_file[finding.file].append(finding)
    reports = []
    for result in sorted(results, key=lambda r: r.file):
        if only_files is not None and result.file not in only_files:
            continue
        findings = apply_suppressions(result, per_file[result.file])
        config = result.config.identifier if result.config is not None and result.config.metadata else None
        reports.append(FileReport(file=result.file, config=config, findings=tuple(sorted_findings(findings))))
    return LintReport(files=tuple(reports))
