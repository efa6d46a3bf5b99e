"""Golden files of the build farm commands: each folder under testdata/buildfarm/cases/ holds the command line in
``args`` (the command, then its arguments, relative to testdata/buildfarm/) and the expected output per format."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import TESTDATA, compare_golden

# The module, not its commands: pytest would try to collect a module-level name starting with "test".
from promoter.cli import buildfarm as cli

BUILDFARM = TESTDATA / "buildfarm"
CASES = sorted(p for p in (BUILDFARM / "cases").iterdir() if p.is_dir())
COMMANDS: dict[str, tuple[click.Command, tuple[str, ...]]] = {
    "registries": (cli.registries, ("text", "json", "markdown", "html")),
    "login": (cli.login, ("text", "json")),
    "testrun-image": (cli.testrun_image, ("text", "json", "urls")),
}
SUFFIX = {"text": "txt", "json": "json", "urls": "urls", "markdown": "md", "html": "html"}


def _args(case: Path) -> tuple[click.Command, list[str], tuple[str, ...]]:
    name, *args = shlex.split((case / "args").read_text())
    command, formats = COMMANDS[name]
    # An error case prints nothing on standard output in any format: its text run and stderr say it all.
    return command, args, ("text",) if case.name.startswith("error-") else formats


def _run(command: click.Command, args: list[str]) -> tuple[int, str, str]:
    cwd = Path.cwd()
    os.chdir(BUILDFARM)
    try:
        result = CliRunner().invoke(command, args)
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


PARAMS = [
    pytest.param(case, output_format, id=f"{case.name}-{output_format}")
    for case in CASES
    for output_format in _args(case)[2]
]


@pytest.mark.parametrize(("case", "output_format"), PARAMS)
def test_golden(case: Path, output_format: str, update_goldens: bool) -> None:
    command, args, _ = _args(case)
    exit_code, stdout, stderr = _run(command, [*args, "--format", output_format])
    compare_golden(case / f"expected.{SUFFIX[output_format]}", stdout, update=update_goldens)
    if output_format == "text":
        compare_golden(case / "expected.stderr", f"exit {exit_code}\n{stderr}", update=update_goldens)
    assert exit_code == (2 if case.name.startswith("error-") else 0), stderr


def test_every_case_has_its_golden_files() -> None:
    for case in CASES:
        for output_format in _args(case)[2]:
            assert (case / f"expected.{SUFFIX[output_format]}").exists(), case


def test_registries_page_for_hugo(update_goldens: bool) -> None:
    # The page as committed under the CI docs' content folder: front matter in place of the title, same body.
    exit_code, stdout, stderr = _run(cli.registries, ["--format", "markdown", "--front-matter"])
    assert (exit_code, stderr) == (0, "")
    compare_golden(BUILDFARM / "cases" / "registries" / "expected-hugo.md", stdout, update=update_goldens)
    plain = (BUILDFARM / "cases" / "registries" / "expected.md").read_text(encoding="utf-8")
    front, body = stdout.split("\n---\n", 1)
    assert front.startswith('---\ntitle: "CI image registries"\ndescription: ')
    assert plain == "# CI image registries\n" + body


def test_front_matter_only_with_markdown() -> None:
    exit_code, stdout, stderr = _run(cli.registries, ["--format", "html", "--front-matter"])
    assert (exit_code, stdout) == (2, "")
    assert "--front-matter goes with --format markdown" in stderr
