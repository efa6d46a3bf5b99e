"""Hostile and careless use, round two: escapes in text output, special files, git names, crowds and crashes.

Each test here failed before its fix; the inputs are small, and large inputs are generated in a temporary directory.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter.cli import main

HOSTILE = TESTDATA / "hostile"
ESCAPES = HOSTILE / "escapes.yaml"
# What a terminal acts on: C0 controls but tab and newline, DEL, C1 controls.
_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LOG_LINE = (
    "INFO[0000] Using namespace https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti?"
    "x=\x1b]52;c;cHduZWQ=\x07\r\n"
)


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    """The command's exit code, standard output and standard error, never raising."""
    result = CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --- control characters in text output ------------------------------------------------------------------------------


def test_visible_shows_every_control_character_once() -> None:
    from promoter.render import visible  # noqa: PLC0415 - the shared helper this round added

    assert visible("a\x1b]0;t\x07\rb\x9b\u202e\tc\n") == "a\\x1b]0;t\\x07\\x0db\\x9b\\u202e\tc\\x0a"
    assert visible("plain ünïcode/path:tag") == "plain ünïcode/path:tag"


_OUR_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize(
    "args",
    [
        [str(ESCAPES), "--color", "always"],
        [str(ESCAPES), "--color", "never"],
        ["show", str(ESCAPES), "--format", "urls"],
        ["graph", str(ESCAPES)],
        ["graph", str(ESCAPES), "--format", "dot"],
        ["graph", str(ESCAPES), "--format", "mermaid"],
        ["explain", "acme/widgets:app", str(ESCAPES)],
        ["explain", "acme/app@main:app\x1b]52;c;cHduZWQ=\x07", str(ESCAPES)],
        ["docs", str(ESCAPES), "--color", "always"],
        ["lint", str(ESCAPES), "--no-cache", "--format", "text", "--color", "always"],
    ],
    ids=["show-color", "show", "urls", "tree", "dot", "mermaid", "explain-missing", "explain-image", "docs", "lint"],
)
def test_no_control_character_from_a_config_reaches_the_terminal(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code in (0, 1), err
    assert "x1b" in out + err  # the value is shown, made visible
    # Only the colours the tool itself paints with are escape sequences.
    assert not _ACTIVE.search(_OUR_COLOURS.sub("", out))
    assert not _ACTIVE.search(_OUR_COLOURS.sub("", err))


def test_testrun_image_shows_where_it_found_the_namespace_without_its_escapes() -> None:
    code, out, err = run("testrun-image", "-", stdin=_LOG_LINE)
    assert code == 0, err
    assert "found in <stdin> line 1" in out
    assert not _ACTIVE.search(out + err)


# --- small -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["build\u0660\u0662", "build\uff10\uff12", "build0\u0663"])
def test_only_ascii_digits_make_a_build_cluster(name: str) -> None:
    from promoter.registries import cluster_for_registry, find_cluster  # noqa: PLC0415

    assert find_cluster(name) is None
    assert cluster_for_registry(f"registry.{name}.ci.openshift.org") is None
    code, _, err = run("testrun-image", "--cluster", name, "--namespace", "ci-op-2c2tvgti")
    assert code == 2
    assert "unknown cluster" in err
