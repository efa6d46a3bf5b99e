"""ci-operator's verdict, case by case: lint must agree with ci-operator on every case of testdata/verdict/.

A case is a config tree in ``testdata/verdict/<ci-tools function>/{reject,accept}/<case>/``, written from a table test
of that ci-tools validation function. In a ``reject`` case (a config ci-operator rejects) each line marked with a
comment ``# expect: RULE-ID`` must get an error of that rule, and there is at least one such mark; an ``accept`` case
(a config ci-operator accepts) must get no error at all. ``expected.txt`` holds the whole lint report (text format)
as a golden file. Folders of other shapes are ignored, so the tree can grow by function.

The recent real configs beside the project are the accept cases at scale: lint must report no error on any of them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, TESTDATA, compare_golden

from promoter import engine
from promoter.findings import Severity
from promoter.lint import LintReport, combine
from promoter.render.lint import render_text

VERDICT = TESTDATA / "verdict"
EXPECT = re.compile(r"#\s*expect:\s*([A-Z]+-\d+(?:\s*,\s*[A-Z]+-\d+)*)")
RECENT_CONFIGS = ROOT.parent / "shared" / "recent-configs"


def _cases() -> list[Path]:
    if not VERDICT.is_dir():
        return []
    return sorted(
        case
        for case in VERDICT.glob("*/*/*")
        if case.is_dir() and case.parent.name in ("reject", "accept") and any(case.rglob("*.yaml"))
    )


CASES = _cases()


def _lint(directory: Path) -> LintReport:
    cwd = Path.cwd()
    os.chdir(directory)
    try:
        return combine(engine.lint_paths(["."]))
    finally:
        os.chdir(cwd)


def _expectations(directory: Path) -> set[tuple[str, int, str]]:
    """(file, line, rule) for every ``# expect: RULE`` mark of a case."""
    marks: set[tuple[str, int, str]] = set()
    for path in sorted(directory.rglob("*.yaml")):
        file = path.relative_to(directory).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in EXPECT.finditer(line):
                marks.update((file, number, rule) for rule in re.split(r"\s*,\s*", match.group(1)))
    return marks


def marked_rules() -> set[str]:
    """Every rule some reject case expects: such a rule needs no case of its own under testdata/lint/."""
    return {rule for case in CASES if case.parent.name == "reject" for _, _, rule in _expectations(case)}


@pytest.mark.parametrize("case", CASES, ids=[case.relative_to(VERDICT).as_posix() for case in CASES])
def test_verdict_case(case: Path, update_goldens: bool) -> None:
    report = _lint(case)
    compare_golden(case / "expected.txt", render_text(report), update=update_goldens)
    errors = {
        (Path(f.file).as_posix().removeprefix("./"), f.line, f.rule)
        for f in report.findings
        if f.severity is Severity.ERROR
    }
    if case.parent.name == "accept":
        assert not errors, f"ci-operator accepts {case.name}, but lint reports errors: {sorted(errors)}"
        return
    expected = _expectations(case)
    assert expected, f"the reject case {case.name} marks no line with '# expect: RULE'"
    missing = expected - errors
    assert not missing, f"ci-operator rejects {case.name}; lint misses these errors: {sorted(missing)}"


def test_every_case_folder_has_the_expected_shape() -> None:
    if not VERDICT.is_dir():
        pytest.skip("no verdict cases")
    for function in VERDICT.iterdir():
        if function.is_dir():
            assert {child.name for child in function.iterdir() if child.is_dir()} <= {"reject", "accept"}, function


@pytest.mark.skipif(not RECENT_CONFIGS.is_dir(), reason="the recent configs are not beside the project")
def test_recent_real_configs_get_no_error() -> None:
    report = combine(engine.lint_paths([str(RECENT_CONFIGS)], jobs=1))
    errors = [f"{f.file}:{f.line}: {f.rule} {f.message}" for f in report.findings if f.severity is Severity.ERROR]
    assert not errors, "\n".join(errors)
