"""Which rules a run reports, and at which severity: ``--select``, ``--ignore``, ``--severity`` and the config file.

The settings come from ``.promoted-images.yaml`` at the root of the tree (found by walking up from PATH, as yamllint
finds ``.yamllint``) and from the command line, which adds to the file: ``--select`` replaces the file's ``select``,
``--ignore`` and ``--severity`` add to its own. A rule is named by its id (``PR-7``), its family (``PR``) or ``ALL``.
Selection is applied to finished findings, after suppressions, so the cache and the suppression check are unchanged.
Pure apart from :func:`find_config_file` and :func:`load_config_file`, which read the file.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from promoter.findings import Finding, Severity
from promoter.lazydataclass import dataclass

if TYPE_CHECKING:
    from promoter.diff import DiffReport

    # The lint machinery is not needed to select findings; show and docs do not load it.
    from promoter.lint import LintReport

CONFIG_FILE_NAME = ".promoted-images.yaml"
# A few rule settings; a larger file (or a link to /dev/zero) is refused rather than read without end.
CONFIG_FILE_MAX_BYTES = 1 << 20
_KEYS = ("select", "ignore", "severity", "per-path-ignores", "doc-url")


class SelectionError(ValueError):
    """A rule selection that cannot be used; ``str()`` names the place (option or file and key) and the problem."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSelection:
    """The rules a run reports and their severities; the default reports every rule at its own severity.

    ``per_path_ignores`` pairs a glob, relative to ``root`` (the config file's directory), with the rules it ignores
    in the files it matches; ``*`` matches across directories, as in fnmatch.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: str = "."
    doc_url: str = ""
    source: str = ""

    def enabled(self, rule_id: str, file: str = "") -> bool:
        """Whether findings of ``rule_id`` in ``file`` are reported."""
        if self.select and not _matches_any(rule_id, self.select):
            return False
        if _matches_any(rule_id, self.ignore):
            return False
        if file and self.per_path_ignores:
            import fnmatch  # noqa: PLC0415 - only for per-path ignores, which few runs have

            relative = _relative(file, self.root)
            for pattern, rules in self.per_path_ignores:
                if fnmatch.fnmatchcase(relative, pattern) and _matches_any(rule_id, rules):
                    return False
        return True

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        """The severity a finding of ``rule_id`` is reported at: the most specific override, else ``default``."""
        chosen, specificity = default, -1
        for spec, level in self.severity:
            rank = _specificity(spec, rule_id)
            if rank >= specificity and rank >= 0:
                chosen, specificity = level, rank
        return chosen

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings this selection reports, with their severities overridden; order is kept."""
        kept = []
        for finding in findings:
            if not self.enabled(finding.rule, finding.file):
                continue
            severity = self.severity_of(finding.rule, finding.severity)
            kept.append(finding if severity is finding.severity else dataclasses.replace(finding, severity=severity))
        return kept

    @property
    def is_default(self) -> bool:
        """True when this selection reports every finding unchanged."""
        return not (self.select or self.ignore or self.severity or self.per_path_ignores)


def _specificity(spec: str, rule_id: str) -> int:
    """2 for the rule's id, 1 for its family, 0 for ALL, -1 when ``spec`` does not name the rule."""
    if spec == rule_id:
        return 2
    if spec == rule_id.split("-", maxsplit=1)[0]:
        return 1
    return 0 if spec == "ALL" else -1


def _matches_any(rule_id: str, specs: Sequence[str]) -> bool:
    return any(_specificity(spec, rule_id) >= 0 for spec in specs)


def _relative(file: str, root: str) -> str:
    absolute = os.path.abspath(file)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:  # pragma: no cover - another drive on Windows
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def check_rule(spec: str, where: str) -> str:
    """``spec`` if it names a rule, a family or ALL; else a :class:`SelectionError` naming ``where``."""
    text = spec.strip()
    ids, families_known = _rule_names()
    if text == "ALL" or text in ids or text in families_known:
        return text
    families = ", ".join(sorted(families_known))
    raise SelectionError(f"{where}: {spec!r} is not a rule id (such as PR-7), a family ({families}) or ALL")


@functools.cache
def _rule_names() -> tuple[frozenset[str], frozenset[str]]:
    """Every rule id and every family; read when a rule is first named (a run without options names none)."""
    from promoter.rules import RULES  # noqa: PLC0415

    return frozenset(rule.id for rule in RULES), frozenset(rule.id.split("-")[0] for rule in RULES)


def parse_severity(item: str, where: str) -> tuple[str, Severity]:
    """``RULE=level`` (level one of error, warning, info) as a pair."""
    spec, sep, level = item.partition("=")
    if not sep:
        raise SelectionError(f"{where}: {item!r} is not RULE=LEVEL (such as PR-7=error)")
    return check_rule(spec, where), _level(level.strip(), where)


def _level(text: str, where: str) -> Severity:
    try:
        return Severity(text)
    except ValueError:
        raise SelectionError(f"{where}: {text!r} is not one of error, warning, info") from None


def find_config_file(paths: Sequence[str], start: str | None = None) -> str | None:
    """The nearest ``.promoted-images.yaml`` in the directory of PATH (their common directory) or above it."""
    local = [os.path.abspath(path) for path in paths if path != "-"]
    if start is not None:
        directory = os.path.abspath(start)
    elif local:
        common = os.path.commonpath(local)
        directory = common if os.path.isdir(common) else os.path.dirname(common)
    else:
        directory = os.getcwd()
    while True:
        candidate = os.path.join(directory, CONFIG_FILE_NAME)
        # Whatever has the name is the settings file: a FIFO, a directory or a dangling link there is an error when
        # read, never a silent fall back to the default rules.
        if os.path.lexists(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_config_file(path: str) -> RuleSelection:
    """Read and check a config file; a :class:`SelectionError` names the file and the key at fault."""
    import yaml  # noqa: PLC0415

    from promoter.regularfile import read_regular_file  # noqa: PLC0415

    try:
        raw = read_regular_file(path, CONFIG_FILE_MAX_BYTES)
        if len(raw) > CONFIG_FILE_MAX_BYTES:
            raise SelectionError(f"{path}: larger than {CONFIG_FILE_MAX_BYTES} bytes")
        data = yaml.safe_load(raw.decode("utf-8"))
    except OSError as error:
        raise SelectionError(f"{path}: cannot read: {error.strerror or error}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SelectionError(f"{path}: not valid YAML: {str(error).splitlines()[0]}") from None
    return selection_from_data({} if data is None else data, path)


def selection_from_data(data: Any, path: str) -> RuleSelection:
    """The selection a config file's content describes; ``path`` names the file in errors and anchors its globs."""
    if not isinstance(data, dict):
        raise SelectionError(f"{path}: the file must be a mapping of {', '.join(_KEYS)}")
    for key in data:
        if key not in _KEYS:
            raise SelectionError(f"{path}: unknown key {key!r}; the keys are {', '.join(_KEYS)}")
    select = _rule_list(data.get("select", []), f"{path}: select")
    ignore = _rule_list(data.get("ignore", []), f"{path}: ignore")
    severity = _severity_map(data.get("severity", {}), f"{path}: severity")
    per_path = data.get("per-path-ignores", {})
    if not isinstance(per_path, dict):
        raise SelectionError(f"{path}: per-path-ignores must map a glob to a list of rules")
    per_path_ignores = tuple(
        (str(pattern), _rule_list(rules, f"{path}: per-path-ignores.{pattern}")) for pattern, rules in per_path.items()
    )
    doc_url = data.get("doc-url", "")
    if not isinstance(doc_url, str):
        raise SelectionError(f"{path}: doc-url must be a string (a URL of docs/rules.md)")
    return RuleSelection(
        select=select,
        ignore=ignore,
        severity=severity,
        per_path_ignores=per_path_ignores,
        root=os.path.dirname(os.path.abspath(path)),
        doc_url=doc_url,
        source=path,
    )


def _rule_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SelectionError(f"{where}: must be a list of rule ids, families or ALL")
    return tuple(check_rule(item, where) for item in value)


def _severity_map(value: Any, where: str) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, dict):
        raise SelectionError(f"{where}: must map a rule to error, warning or info")
    return tuple(
        (check_rule(str(spec), f"{where}.{spec}"), _level(str(level), f"{where}.{spec}"))
        for spec, level in value.items()
    )


def combine_options(
    base: RuleSelection,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Sequence[str] = (),
    doc_url: str | None = None,
) -> RuleSelection:
    """The config file's selection with the command line's on top: --select replaces, --ignore and --severity add."""
    if not (select or ignore or severity or doc_url is not None):
        return base
    overrides: Mapping[str, Any] = {
        "select": _split(select, "--select") if select else base.select,
        "ignore": base.ignore + _split(ignore, "--ignore"),
        "severity": base.severity + tuple(parse_severity(item, "--severity") for item in _items(severity)),
        "doc_url": base.doc_url if doc_url is None else doc_url,
    }
    return dataclasses.replace(base, **overrides)


def _items(values: Sequence[str]) -> list[str]:
    """Repeated options and comma-separated lists alike: ``--ignore A,B --ignore C``."""
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _split(values: Sequence[str], option: str) -> tuple[str, ...]:
    return tuple(check_rule(item, option) for item in _items(values))


def select_report(report: LintReport, selection: RuleSelection) -> LintReport:
    """The lint report with only the selected findings, at their chosen severities."""
    if selection.is_default:
        return report
    return dataclasses.replace(
        report,
        files=tuple(
            dataclasses.replace(file_report, findings=tuple(selection.apply(file_report.findings)))
            for file_report in report.files
        ),
    )


def select_diff(report: DiffReport, selection: RuleSelection) -> DiffReport:
    """The diff with only the selected new and fixed findings; a config whose only change was findings may go."""
    if selection.is_default:
        return report
    configs = []
    for config in report.configs:
        chosen = dataclasses.replace(
            config,
            new_findings=tuple(selection.apply(config.new_findings)),
            fixed_findings=tuple(selection.apply(config.fixed_findings)),
        )
        if chosen.status != "unchanged" or chosen.affects_promotion:
            configs.append(chosen)
    return dataclasses.replace(report, configs=tuple(configs))
