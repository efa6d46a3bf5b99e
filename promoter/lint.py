"""``lint``: every finding of every config, the cross-config rules, and suppressions. Pure: data in, report out.

Linting runs in two stages. :func:`lint_file` reduces one loaded config to a small :class:`FileOutcome` (its own
findings, the tags it promotes, its suppression comments); outcomes are independent of each other, so they can be
computed in parallel and cached. :func:`combine` then applies the cross-config rules and the suppressions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from promoter.analysis import ConfigResult
from promoter.checks import CHECKS, ConfigContext, check_config
from promoter.configchecks import CONFIG_CHECKS
from promoter.findings import Finding, Severity, fails, sorted_findings
from promoter.lazydataclass import dataclass
from promoter.lazyre import lazy_compile
from promoter.model import Config, TestSource
from promoter.promotion import COMMIT_PLACEHOLDER
from promoter.rules import rule
from promoter.testchecks import TEST_CHECKS
from promoter.validate import validate_document

if TYPE_CHECKING:
    # Resolving tests against a step registry only when there is one: a lint of one config has none.
    from promoter.stepregistry import Registry

SUPPRESSION = lazy_compile(r"#\s*promoted-images:\s*ignore\[\s*([A-Z]+-\d+(?:\s*,\s*[A-Z]+-\d+)*)\s*\]")
_MISSING_FIELD_RULES = {"PR-1": {"namespace"}, "PR-3": {"name", "tag"}}
# Promotion rules and the schema finding (rule, fields under the target) each stands for.
_PROMOTION_RULES_OVER_SCHEMA = {
    "PR-1": ("SC-1", ("namespace",)),
    "PR-3": ("SC-1", ("tag",)),
    "PR-4": ("SC-4", ("tag",)),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Suppression:
    """A ``# promoted-images: ignore[RULE]`` comment: the line it covers, the rule, and where it is written."""

    target_line: int
    rule: str
    line: int
    column: int


# A promoted tag as the cross-config rules need it: the tag, and the JSON path, line and column that promote it.
Promoted = tuple[str, str, int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class FileOutcome:
    """What lint needs to know of one file once it has been read: small, independent of other files, cacheable."""

    file: str
    identifier: str
    config: str | None
    findings: tuple[Finding, ...]
    promoted: tuple[Promoted, ...]
    suppressions: tuple[Suppression, ...]
    tests: tuple[TestSource, ...] = ()
    pipeline: tuple[str, ...] = ()
    releases: tuple[str, ...] = ()

    def to_json(self, *, tests: bool = True) -> dict[str, Any]:
        """A form ``json.dumps`` writes (tuples as arrays), for the cache; without ``tests``, no ``tests`` key."""
        data: dict[str, Any] = {
            "file": self.file,
            "identifier": self.identifier,
            "config": self.config,
            "findings": [finding.to_dict() for finding in self.findings],
            "promoted": self.promoted,
            "suppressions": [(s.target_line, s.rule, s.line, s.column) for s in self.suppressions],
            "pipeline": self.pipeline,
            "releases": self.releases,
        }
        if tests:
            data["tests"] = [test.to_json() for test in self.tests]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileOutcome:
        """Rebuild an outcome from :meth:`to_json`; raises KeyError, TypeError or ValueError on malformed data."""
        return cls(
            file=str(data["file"]),
            identifier=str(data["identifier"]),
            config=None if data["config"] is None else str(data["config"]),
            findings=tuple(_finding_from_json(item) for item in data["findings"]),
            promoted=tuple(
                (str(tag), str(path), int(line), int(column)) for tag, path, line, column in data["promoted"]
            ),
            suppressions=tuple(
                Suppression(target_line=int(a), rule=str(b), line=int(c), column=int(d))
                for a, b, c, d in data["suppressions"]
            ),
            tests=tuple(TestSource.from_json(item) for item in data["tests"]),
            pipeline=tuple(str(tag) for tag in data["pipeline"]),
            releases=tuple(str(name) for name in data["releases"]),
        )

    @classmethod
    def from_new_json(cls, data: dict[str, Any]) -> FileOutcome:
        """:meth:`from_json` of what :meth:`to_json` has just written in this run (a worker's outcome), unchecked.

        Its values already have their types, so none is converted: a cold lint decodes every file's outcome this
        way, a third faster. Anything read from the cache goes through :meth:`from_json`, which checks.
        """
        severities = _SEVERITIES
        return cls(
            file=data["file"],
            identifier=data["identifier"],
            config=data["config"],
            findings=tuple(
                [
                    Finding(
                        file=item["file"],
                        line=item["line"],
                        column=item["column"],
                        json_path=item["path"],
                        rule=item["rule"],
                        severity=severities[item["severity"]],
                        message=item["message"],
                    )
                    for item in data["findings"]
                ]
            ),
            promoted=tuple([tuple(promoted) for promoted in data["promoted"]]),
            suppressions=tuple(
                [
                    Suppression(target_line=target, rule=rule_id, line=line, column=column)
                    for target, rule_id, line, column in data["suppressions"]
                ]
            ),
            tests=tuple(TestSource.from_json(item) for item in data["tests"]),
            pipeline=tuple(data["pipeline"]),
            releases=tuple(data["releases"]),
        )


_SEVERITIES = {severity.value: severity for severity in Severity}


def _finding_from_json(data: dict[str, Any]) -> Finding:
    return Finding(
        file=str(data["file"]),
        line=int(data["line"]),
        column=int(data["column"]),
        json_path=str(data["path"]),
        rule=str(data["rule"]),
        severity=Severity(data["severity"]),
        message=str(data["message"]),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class FileReport:
    """The findings of one file, and the config it holds (``org/repo@branch``) when it loaded."""

    file: str
    config: str | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LintReport:
    """The result of a lint run: one report per file, in file order."""

    files: tuple[FileReport, ...]

    @property
    def findings(self) -> list[Finding]:
        """All findings, sorted by file and position (each file's are sorted, and files are in order)."""
        return [finding for report in self.files for finding in report.findings]

    def counts(self) -> dict[str, int]:
        """Findings by severity."""
        by_severity = Counter(finding.severity for report in self.files for finding in report.findings)
        return {severity.value: by_severity[severity] for severity in Severity}

    def fails(self, *, strict: bool = False) -> bool:
        """Whether the run fails: any error, or any warning under ``strict``."""
        return fails(self.findings, strict=strict)


def file_findings(result: ConfigResult) -> list[Finding]:
    """Everything wrong with one file on its own: loading, schema, promotion and semantic rules."""
    findings = list(result.findings)
    document = result.document
    if document is not None and result.config is not None and isinstance(document.data, dict):
        schema = validate_document(document)
        # Most configs pass the schema: what follows only sorts out the findings of those that do not.
        if schema.explained:
            # A "missing" namespace or name that is really a misspelled key is reported once, as the misspelling.
            findings = [
                f for f in findings if not _MISSING_FIELD_RULES.get(f.rule, set()) & _explained(f, schema.explained)
            ]
        if schema.findings:
            # The promotion rules say in ci-operator's words what the schema sees of a target; keep those alone.
            covered = {
                f"{f.json_path}.{field}"
                for f in findings
                for rule_id, (_, fields) in _PROMOTION_RULES_OVER_SCHEMA.items()
                if f.rule == rule_id
                for field in fields
            }
            schema_rules = {schema_rule for schema_rule, _ in _PROMOTION_RULES_OVER_SCHEMA.values()}
            findings.extend(f for f in schema.findings if not (f.rule in schema_rules and f.json_path in covered))
        context = ConfigContext(document, document.data, result.config, result.promotion, decoded=True)
        findings.extend(check_config(context, (*CHECKS, *CONFIG_CHECKS, *TEST_CHECKS)))
    return findings


def _explained(finding: Finding, explained: frozenset[str]) -> set[str]:
    """The fields under the finding's path that a misspelled key accounts for."""
    prefix = finding.json_path + "."
    return {path.removeprefix(prefix) for path in explained if path.startswith(prefix)}


def suppressions_in(text: str) -> tuple[Suppression, ...]:
    """The suppression comments of a file; a comment alone on its line covers the next line."""
    if "promoted-images:" not in text:
        return ()
    found: list[Suppression] = []
    for number, source_line in enumerate(text.splitlines(), start=1):
        match = SUPPRESSION.search(source_line)
        if match is None:
            continue
        target = number + 1 if source_line[: match.start()].strip() == "" else number
        for rule_id in re.split(r"\s*,\s*", match.group(1)):
            found.append(Suppression(target_line=target, rule=rule_id, line=number, column=match.start() + 1))
    return tuple(found)


def lint_file(result: ConfigResult) -> FileOutcome:
    """Reduce one loaded config to what lint needs; the YAML nodes can be dropped afterwards."""
    config = result.config
    text = result.document.text if result.document is not None else ""
    return FileOutcome(
        file=result.file,
        identifier=config.identifier if config is not None else result.file,
        config=config.identifier if config is not None and config.metadata is not None else None,
        findings=tuple(sorted_findings(file_findings(result))),
        promoted=tuple(
            (str(tag.ist), tag.location.path, tag.location.line, tag.location.column)
            for tag in result.promotion.tags
            if COMMIT_PLACEHOLDER not in tag.ist.tag
        ),
        suppressions=suppressions_in(text),
        tests=config.tests if config is not None else (),
        pipeline=config.pipeline_tags if config is not None and config.tests else (),
        releases=_releases(config),
    )


def _releases(config: Config | None) -> tuple[str, ...]:
    """The releases a config imports; ``tag_specification`` stands for ``latest`` and ``initial``."""
    if config is None or not config.tests:
        return ()
    names = set(config.releases)
    if config.tag_specification is not None:
        names.update({"latest", "initial"})
    return tuple(sorted(names))


# How many of the other places an XC-1 message names; the rest are counted. Thousands of configs promoting one tag
# would otherwise make the output quadratic in their number.
XC1_SHOWN_PLACES = 10


def cross_config_findings(outcomes: Sequence[FileOutcome]) -> list[Finding]:
    """XC-1 across files: a tag promoted by two configs is an error in each, naming (some of) the other places.

    Each config gets one finding per tag, at the first place it promotes it; the message names up to
    ``XC1_SHOWN_PLACES`` other places, sorted, and counts the rest.
    """
    by_tag: dict[str, dict[str, list[tuple[FileOutcome, Promoted]]]] = defaultdict(lambda: defaultdict(list))
    for outcome in outcomes:
        for promoted in outcome.promoted:
            by_tag[promoted[0]][outcome.file].append((outcome, promoted))
    findings: list[Finding] = []
    for text, by_file in sorted(by_tag.items()):
        if len(by_file) < 2:
            continue  # duplicates inside one config are reported by the promotion rules
        labels = sorted(
            (f"{outcome.identifier} ({outcome.file}:{place[2]})", outcome.file)
            for places in by_file.values()
            for outcome, place in places
        )
        for file, places in by_file.items():
            outcome, (_, path, line, column) = min(places, key=lambda entry: (entry[1][2], entry[1][3]))
            shown: list[str] = []
            for label, other_file in labels:
                if other_file != file:
                    shown.append(label)
                    if len(shown) == XC1_SHOWN_PLACES:
                        break
            hidden = len(labels) - len(places) - len(shown)
            also = ", ".join(shown)
            if hidden:
                also += f" and {hidden} more place{'s' if hidden > 1 else ''} ({len(by_file)} configs promote it)"
            findings.append(
                Finding(
                    file=outcome.file,
                    line=line,
                    column=column,
                    json_path=path,
                    rule="XC-1",
                    severity=rule("XC-1").severity,
                    message=f"output tag {text} is promoted from more than one place: also by {also}",
                )
            )
    return findings


def apply_suppressions(outcome: FileOutcome, findings: Sequence[Finding]) -> list[Finding]:
    """Drop findings a suppression comment covers; report each comment that covers nothing (SUP-1)."""
    if not outcome.suppressions:
        return list(findings)
    covered = {(s.target_line, s.rule) for s in outcome.suppressions}
    used = {(f.line, f.rule) for f in findings if (f.line, f.rule) in covered}
    kept = [f for f in findings if (f.line, f.rule) not in covered]
    for suppression in outcome.suppressions:
        if (suppression.target_line, suppression.rule) not in used:
            kept.append(
                Finding(
                    file=outcome.file,
                    line=suppression.line,
                    column=suppression.column,
                    json_path="",
                    rule="SUP-1",
                    severity=rule("SUP-1").severity,
                    message=f"the suppression of {suppression.rule} matches no finding on line"
                    f" {suppression.target_line}; remove it",
                )
            )
    return kept


# A problem of a resolved test that the file's own checks also find in a step written out in the config:
# ci-operator reports it twice (validating the file, then the resolved test); we report it once, as resolved.
_SAME_PROBLEM = {"MS-2": {"TS-16"}, "MS-4": {"TS-12"}, "MS-5": {"DP-2", "GR-3"}, "MS-6": {"TS-17"}, "MS-7": {"TS-15"}}


def _without_repeats(reported: Sequence[Finding], resolved: Sequence[Finding]) -> list[Finding]:
    """The file's own findings, without those a finding of the resolved tests repeats (same problem, same place)."""
    repeated = [
        (finding.json_path, _SAME_PROBLEM[finding.rule]) for finding in resolved if finding.rule in _SAME_PROBLEM
    ]
    return [
        finding
        for finding in reported
        if not any(
            finding.rule in rules and (_within(finding.json_path, path) or _within(path, finding.json_path))
            for path, rules in repeated
            if path
        )
    ]


def _within(path: str, ancestor: str) -> bool:
    """Whether the JSON path ``path`` is ``ancestor`` or below it."""
    return path == ancestor or path.startswith((f"{ancestor}.", f"{ancestor}["))


def combine(
    outcomes: Sequence[FileOutcome],
    *,
    only_files: Collection[str] | None = None,
    registry: Registry | None = None,
) -> LintReport:
    """Cross-config rules over every outcome, the step registry's checks, then suppressions.

    ``only_files`` limits what is reported. With a ``registry``, every multi-stage test is resolved against it and
    the registry's own files are reported too.
    """
    # The findings of each file that gains some here (cross-config, the step registry's); most files keep their own.
    per_file = _with_cross_config(outcomes)
    reports = []
    if registry is not None:
        from promoter.resolve import ConfigImages, check_registry, check_tests  # noqa: PLC0415 - see TYPE_CHECKING

        for outcome in outcomes:
            if outcome.tests:
                images = ConfigImages(pipeline=frozenset(outcome.pipeline), releases=frozenset(outcome.releases))
                resolved = check_tests(registry, outcome.file, outcome.tests, images)
                own = per_file.get(outcome.file, outcome.findings)
                per_file[outcome.file] = [*_without_repeats(own, resolved), *resolved]
        registry_files: dict[str, list[Finding]] = defaultdict(list)
        for finding in [*registry.findings, *check_registry(registry)]:
            registry_files[finding.file].append(finding)
        for file, findings in sorted(registry_files.items()):
            if only_files is None or file in only_files:
                reports.append(FileReport(file=file, config=None, findings=tuple(sorted_findings(findings))))
    for outcome in sorted(outcomes, key=_file_of):
        if only_files is not None and outcome.file not in only_files:
            continue
        gained = per_file.get(outcome.file)
        if gained is None and not outcome.suppressions:
            # Nothing added, nothing to drop: the outcome's own findings, in their order.
            reports.append(FileReport(file=outcome.file, config=outcome.config, findings=outcome.findings))
            continue
        findings = apply_suppressions(outcome, outcome.findings if gained is None else gained)
        if len(findings) != len(outcome.findings) or outcome.suppressions:
            findings = sorted_findings(findings)  # cross-config findings or suppression reports were added
        reports.append(FileReport(file=outcome.file, config=outcome.config, findings=tuple(findings)))
    return LintReport(files=tuple(sorted(reports, key=_file_of)))


# The sort key of outcomes and reports: their file.
_file_of = attrgetter("file")


def _with_cross_config(outcomes: Sequence[FileOutcome]) -> dict[str, list[Finding]]:
    """The findings of each file that cross-config rules add to: its own, then theirs."""
    cross = cross_config_findings(outcomes)
    if not cross:
        return {}
    own = {outcome.file: outcome.findings for outcome in outcomes}
    per_file: dict[str, list[Finding]] = {}
    for finding in cross:
        if finding.file not in per_file:
            per_file[finding.file] = list(own[finding.file])
        per_file[finding.file].append(finding)
    return per_file


def lint(
    results: Sequence[ConfigResult],
    *,
    only_files: Collection[str] | None = None,
    registry: Registry | None = None,
) -> LintReport:
    """Lint loaded configs. Cross-config rules always see every result; ``only_files`` limits what is reported."""
    return combine([lint_file(result) for result in results], only_files=only_files, registry=registry)
