"""Findings: one value type for every problem the tool reports, from a YAML syntax error to a cross-config clash."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from promoter.lazydataclass import dataclass


class Severity(enum.Enum):
    """How bad a finding is; ``error`` fails a run, ``warning`` only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    # An enum member's own hash hashes its name in Python, once per lookup: sorting, counting and printing tens of
    # thousands of findings look their severity up in a dict. A member is unique and equal only to itself.
    __hash__ = object.__hash__

    @property
    def rank(self) -> int:
        """Order for sorting and thresholds: errors first."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """A problem at a place: file, 1-based line and column, JSON path, rule id, severity and message.

    ``line`` and ``column`` are 0 when the problem concerns the file as a whole (an unreadable file).
    ``json_path`` uses ci-operator's notation (``promotion.to[0].name``); it is empty for file-level problems.
    """

    file: str
    line: int
    column: int
    json_path: str
    rule: str
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str, str, int]:
        """Position first, then rule and message, so output is stable whatever order rules ran in.

        The severity comes last: two findings that differ only in it (a rule's severity overridden for one of two
        passes) would otherwise come out in the order of the set that removed duplicates, which the hash seed sets.
        """
        return (self.file, self.line, self.column, self.rule, self.json_path, self.message, _RANK[self.severity])

    def to_dict(self) -> dict[str, object]:
        """The documented JSON shape of a finding."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.json_path,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort findings by position and drop exact duplicates (two passes may see the same problem)."""
    if findings.__class__ is list and len(findings) < 2:
        # Most configs have no finding or one, twice for each file: nothing to hash or sort.
        return list(findings)
    return sorted(set(findings), key=Finding.sort_key)


def fails(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """Whether these findings fail a run: any error, or any warning when ``strict``."""
    limit = Severity.WARNING.rank if strict else Severity.ERROR.rank
    return any(f.severity.rank <= limit for f in findings)
