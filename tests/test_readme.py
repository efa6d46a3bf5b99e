"""The README's console examples are what the tool prints now: each ``$ promoted-images ...`` is run and compared.

An example whose output is elided (``...``) or depends on the machine (doctor reads the user's auth files) is
skipped; the time in a summary line is the one part that is allowed to differ.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from promoter.cli import main

_BLOCK = re.compile(r"```console\n(.*?)```", re.S)
_SECONDS = re.compile(r" in \d+\.\d\ds$")


def _examples() -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for block in _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8")):
        command, expected = "", list[str]()
        for line in [*block.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command:
                    examples.append((command, expected))
                command, expected = line[2:], []
            else:
                expected.append(line)
    return examples


EXAMPLES = _examples()


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 10


_CD = re.compile(r"^cd (\S+) && ")
_TAIL = re.compile(r" \| tail -(\d+)$")


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_readme_example_prints_what_it_shows(
    command: str, expected: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "..." in expected or " doctor " in command:
        pytest.skip("elided or machine-dependent output")
    monkeypatch.chdir(ROOT)
    for name in ("GITHUB_ACTIONS", "ARTIFACT_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    line = command
    if cd := _CD.match(line):
        monkeypatch.chdir(ROOT / cd.group(1))
        line = line[cd.end() :]
    tail = _TAIL.search(line)
    if tail:
        line = line[: tail.start()]
    words = shlex.split(line)
    assert words[0] == "promoted-images"
    result = CliRunner().invoke(main, words[1:], catch_exceptions=False)
    printed = result.output.splitlines()
    if tail:
        printed = printed[-int(tail.group(1)) :]
    assert [_SECONDS.sub("", line) for line in printed] == [_SECONDS.sub("", line) for line in expected]
