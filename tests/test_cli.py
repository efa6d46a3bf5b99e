"""The command line: exit codes, inputs, output streams, colour, and the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter import __version__
from promoter.cli import main

EXAMPLE = TESTDATA / "example"
EXAMPLE_FILE = EXAMPLE / "openshift" / "widget-operator" / "openshift-widget-operator-main.yaml"
GOOD = "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: latest}]}\n"


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_bare_paths_run_the_default_command() -> None:
    code, out, err = invoke(str(EXAMPLE_FILE))
    assert code == 0, err
    assert "ocp/4.17:widget-operator" in out
    assert "registry.ci.openshift.org/ocp/4.17:widget-operator" in out


def test_show_and_bare_form_agree() -> None:
    assert invoke(str(EXAMPLE), "--format", "json") == invoke("show", str(EXAMPLE), "--format", "json")


def test_stdin() -> None:
    code, out, _ = invoke("-", "--format", "urls", stdin=GOOD)
    assert code == 0
    assert out == "quay-proxy.ci.openshift.org/openshift/ci:ci_a_latest\n"


def test_no_paths_is_a_usage_error() -> None:
    code, _, err = invoke()
    assert code == 2
    assert "PATH" in err


def test_bad_commit_is_a_usage_error() -> None:
    code, _, err = invoke(str(EXAMPLE_FILE), "--commit", "not-a-sha")
    assert code == 2
    assert "--commit" in err


def test_unknown_format_is_a_usage_error() -> None:
    assert invoke(str(EXAMPLE_FILE), "--format", "xml")[0] == 2


def test_a_missing_path_is_a_usage_error_even_beside_good_ones(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    code, out, err = invoke(str(good), str(tmp_path / "missing.yaml"), "--format", "urls")
    assert (code, out, err) == (2, "", f"Error: {tmp_path / 'missing.yaml'}: no such file or directory\n")


def test_unreadable_and_undecodable_files(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes(b"promotion: {to: [{namespace: caf\xe9}]}\n")
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "good.yaml").write_text(GOOD)
    code, out, err = invoke(str(tmp_path), "--format", "urls")
    assert code == 1
    assert out == "quay-proxy.ci.openshift.org/openshift/ci:ci_a_latest\n"
    assert "latin1.yaml: error IO-1 not UTF-8" in err
    assert "dir.yaml" not in err  # a directory named like a config is walked, not read
    assert "Traceback" not in err


def test_warnings_fail_only_under_strict(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: 7}]}\n")
    assert invoke(str(config))[0] == 0
    assert invoke(str(config), "--strict")[0] == 1


def test_json_is_stable_and_documented_shape() -> None:
    code, out, _ = invoke(str(EXAMPLE), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["format_version"] == 1
    (config,) = document["configs"]
    assert config["config"] == "openshift/widget-operator@main"
    tags = [tag["tag"] for tag in config["promoted"]]
    assert tags == sorted(tags)
    spec = config["promoted"][0]["pull_specs"]
    assert [entry["registry"] for entry in spec] == ["app.ci", "quay-proxy", "quay"]


def test_output_identical_for_shuffled_inputs(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.yaml").write_text(GOOD.replace("to: a", f"to: {name}"))
    first = invoke(str(tmp_path / "c.yaml"), str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "--format", "json")
    second = invoke(str(tmp_path / "b.yaml"), str(tmp_path / "c.yaml"), str(tmp_path / "a.yaml"), "--format", "json")
    assert first == second


def test_color_follows_option_and_no_color() -> None:
    assert "\x1b[" in invoke(str(EXAMPLE_FILE), "--color", "always")[1]
    assert "\x1b[" not in invoke(str(EXAMPLE_FILE), "--color", "never")[1]
    # CliRunner's stdout is not a terminal, so auto means no colour.
    assert "\x1b[" not in invoke(str(EXAMPLE_FILE), env={"NO_COLOR": ""})[1]


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert out == f"promoted-images, version {__version__}\n"


@pytest.mark.parametrize("command", [(), ("lint",), ("diff",)])
def test_help_ends_its_options_with_the_help_option(command: tuple[str, ...]) -> None:
    # Our own -h/--help (click's looks up a translation of its text: see promoter.cli.HELP_OPTION_NAMES) is click's.
    for flag in ("--help", "-h"):
        code, out, _ = invoke(*command, flag)
        assert code == 0
        lines = out.splitlines()
        options = lines[lines.index("Options:") + 1 : lines.index("Commands:") if not command else len(lines)]
        assert [line for line in options if line][-1].split() == [
            "-h,",
            "--help",
            "Show",
            "this",
            "message",
            "and",
            "exit.",
        ]
        assert sum("--help" in line for line in lines) == 1


def test_options_naming_a_directory_are_checked_as_click_checks_paths(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    code, _, err = invoke("lint", "--cache-dir", str(a_file), str(EXAMPLE_FILE))
    assert (code, err) == (2, f"Error: Invalid value for '--cache-dir': Directory {str(a_file)!r} is a file.\n")
    missing = tmp_path / "missing"
    code, _, err = invoke("lint", "--step-registry", str(missing), str(EXAMPLE_FILE))
    assert (code, err) == (
        2,
        f"Error: Invalid value for '--step-registry': Directory {str(missing)!r} does not exist.\n",
    )
    code, _, err = invoke("lint", "--cache-dir", str(tmp_path / "new"), str(EXAMPLE_FILE))
    assert code == 0, err
    assert (tmp_path / "new").is_dir()


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "promoter", str(EXAMPLE_FILE), "--format", "urls"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "registry.ci.openshift.org/ocp/4.17:widget-operator\n" in result.stdout


def test_installed_console_script(tmp_path: Path) -> None:
    script = shutil.which("promoted-images") or str(Path(sys.executable).parent / "promoted-images")
    if not os.path.exists(script):
        pytest.skip("the promoted-images console script is not installed in this environment")
    result = subprocess.run([script, str(EXAMPLE_FILE)], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ocp/4.17:widget-operator" in result.stdout


def test_schema_command_prints_the_packaged_schema() -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_installed_console_script_finds_the_schema_outside_the_source_tree(tmp_path: Path) -> None:
    script = shutil.which("promoted-images") or str(Path(sys.executable).parent / "promoted-images")
    if not os.path.exists(script):
        pytest.skip("the promoted-images console script is not installed in this environment")
    result = subprocess.run([script, "schema"], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"]
