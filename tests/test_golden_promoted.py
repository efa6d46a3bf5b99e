"""Golden files: each folder under testdata/promoted/ holds a config tree and the expected output per format."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTDATA, compare_golden

from promoter.cli import main

CASES = sorted(p for p in (TESTDATA / "promoted").iterdir() if p.is_dir())
FORMATS = {"text": "expected.txt", "json": "expected.json", "urls": "expected.urls", "stderr": "expected.stderr"}


def _run(case: Path, output_format: str) -> tuple[int, str, str]:
    args_file = case / "args"
    extra = shlex.split(args_file.read_text()) if args_file.exists() else []
    runner = CliRunner()
    cwd = Path.cwd()
    os.chdir(case)
    try:
        result = runner.invoke(main, ["input", "--format", output_format, "--color", "never", *extra])
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("output_format", ["text", "json", "urls"])
def test_golden(case: Path, output_format: str, update_goldens: bool) -> None:
    exit_code, stdout, stderr = _run(case, output_format)
    compare_golden(case / FORMATS[output_format], stdout, update=update_goldens)
    if output_format == "text":
        # Findings go to stderr, the exit code says whether any is an error; both are part of the contract.
        compare_golden(case / FORMATS["stderr"], f"exit {exit_code}\n{stderr}", update=update_goldens)
