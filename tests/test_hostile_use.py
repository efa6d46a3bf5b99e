"""Hostile and careless use, round two: escapes in text output, special files, git names, crowds and crashes.

Each test here failed before its fix; the inputs are small, and large inputs are generated in a temporary directory.
"""

from __future__ import annotations

import base64
import concurrent.futures
import json
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar, cast

import pytest
from click.testing import CliRunner, Result
from conftest import TESTDATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from promoter.cli import main
from promoter.diff import ConfigDiff, DiffReport, InputChange, SourceChange, TagEntry, TargetChange
from promoter.findings import Finding, Severity
from promoter.lint import FileOutcome
from promoter.model import ImageStreamTag

HOSTILE = TESTDATA / "hostile"
ESCAPES = HOSTILE / "escapes.yaml"
# What a terminal acts on: C0 controls but tab and newline, DEL, C1 controls.
ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
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


OUR_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


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
        ["docs", str(ESCAPES)],
        ["docs", str(ESCAPES), "--format", "html"],
        ["lint", str(ESCAPES), "--no-cache", "--format", "text", "--color", "always"],
    ],
    ids=[
        "show-color",
        "show",
        "urls",
        "tree",
        "dot",
        "mermaid",
        "explain-missing",
        "explain-image",
        "docs",
        "docs-html",
        "lint",
    ],
)
def test_no_control_character_from_a_config_reaches_the_terminal(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code in (0, 1), err
    assert "x1b" in out + err  # the value is shown, made visible
    # Only the colours the tool itself paints with are escape sequences.
    assert not ACTIVE.search(OUR_COLOURS.sub("", out))
    assert not ACTIVE.search(OUR_COLOURS.sub("", err))


def test_file_names_and_suggestions_are_shown_without_their_escapes(tmp_path: Path) -> None:
    named = tmp_path / "evil\x1b]0;title\x07.yaml"
    named.write_bytes(ESCAPES.read_bytes())
    code, out, err = run("lint", str(tmp_path), "--list-files")
    assert code == 0, err
    assert "evil\\x1b]0;title\\x07.yaml" in out
    code, _, err = run("graph", str(tmp_path), "--focus", "acme/widgets\x1b[2J:ap")
    assert code == 1
    assert "did you mean: acme/widgets\\x1b[2J:app" in err
    assert not ACTIVE.search(out + err)


def test_testrun_image_shows_where_it_found_the_namespace_without_its_escapes() -> None:
    code, out, err = run("testrun-image", "-", stdin=_LOG_LINE)
    assert code == 0, err
    assert "found in <stdin> line 1" in out
    assert not ACTIVE.search(out + err)


# --- small -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["build\u0660\u0662", "build\uff10\uff12", "build0\u0663"])
def test_only_ascii_digits_make_a_build_cluster(name: str) -> None:
    from promoter.registries import cluster_for_registry, find_cluster  # noqa: PLC0415

    assert find_cluster(name) is None
    assert cluster_for_registry(f"registry.{name}.ci.openshift.org") is None
    code, _, err = run("testrun-image", "--cluster", name, "--namespace", "ci-op-2c2tvgti")
    assert code == 2
    assert "unknown cluster" in err


# --- doctor's fixes, pasted as printed -------------------------------------------------------------------------------

_STUB_JQ = """\
import json, re, sys
program, path = sys.argv[1], sys.argv[2]
match = re.fullmatch(r'del\\(\\.(auths)?\\["([^"]*)"\\]\\)', program)
if match is None:
    sys.exit(f"jq: cannot compile {program!r}")
with open(path, encoding="utf-8") as handle:
    document = json.load(handle)
(document["auths"] if match.group(1) else document).pop(match.group(2), None)
print(json.dumps(document, indent=2))
"""


def _stub_tools(directory: Path) -> Path:
    """jq that knows del(), and docker, podman, oc and promoted-images that do nothing, first on PATH."""
    directory.mkdir()
    (directory / "jq").write_text(f"#!{sys.executable}\n{_STUB_JQ}", encoding="utf-8")
    for name in ("docker", "podman", "oc", "promoted-images"):
        (directory / name).write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    for stub in directory.iterdir():
        stub.chmod(0o755)
    return directory


def _printed_fixes(text: str) -> list[list[str]]:
    """Each fix as the lines it is printed on (a wrapped fix continues on more-indented lines)."""
    fixes: list[list[str]] = []
    indent = -1
    for line in text.splitlines():
        match = re.match(r"( *)fix: (.*)", line)
        if match:
            indent = len(match.group(1))
            fixes.append([match.group(2)])
        elif fixes and indent >= 0 and line.startswith(" " * (indent + 1)) and not re.match(r" *\d+\. ", line):
            fixes[-1].append(line.strip())
        else:
            indent = -1
    return fixes


@pytest.mark.parametrize("padding", range(0, 48, 3))
def test_every_fix_of_doctor_pasted_line_by_line_keeps_the_other_credentials(tmp_path: Path, padding: int) -> None:
    stubs = _stub_tools(tmp_path / "bin")
    # The length of the path moves where a wrapped command would break; every break point is tried.
    config_home = tmp_path / ("d" * (padding + 1)) / "config"
    auth_file = config_home / "containers" / "auth.json"
    auth_file.parent.mkdir(parents=True)
    expired = base64.b64encode(b"u:" + _jwt(exp=946684800).encode()).decode()
    keep = {"quay.io": {"auth": base64.b64encode(b"robot:KEEP-QUAY-SECRET").decode()}}
    keep["registry.build03.ci.openshift.org"] = {"auth": base64.b64encode(b"me:KEEP-BUILD03-SECRET").decode()}
    auth_file.write_text(
        json.dumps({"auths": {"https://registry.build02.ci.openshift.org": {"auth": expired}, **keep}})
    )
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        "XDG_CONFIG_HOME": str(config_home),
        "REGISTRY_AUTH_FILE": None,
        "DOCKER_CONFIG": str(tmp_path / "docker"),
    }
    result = CliRunner().invoke(main, ["doctor", "registry.build02.ci.openshift.org"], env=env)
    assert result.exit_code == 1, result.output
    fixes = [fix for fix in _printed_fixes(result.stdout) if fix[0].split()[0] in ("(", "docker", "podman", "jq")]
    assert any("jq" in " ".join(fix) for fix in fixes), result.stdout
    for fix in fixes:
        shell = subprocess.run(
            ["bash", "--norc", "--noprofile"],
            input="".join(f"{line}\n" for line in fix),
            capture_output=True,
            text=True,
            env={"PATH": f"{stubs}:/usr/bin:/bin", "HOME": str(tmp_path / "home")},
            check=False,
        )
        assert "SECRET" not in shell.stdout + shell.stderr, "a pasted fix printed credentials to the terminal"
    left = json.loads(auth_file.read_text())["auths"]
    assert {key: left.get(key) for key in keep} == keep
    assert "https://registry.build02.ci.openshift.org" not in left


def _jwt(*, exp: int) -> str:
    def part(document: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part({'exp': exp, 'sub': 'system:serviceaccount:ci:x'})}.c2ln"


# --- output files: special files are written in place, never replaced ----------------------------------------------


def _drain(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as handle:
            into.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.parametrize("through_link", [False, True], ids=["fifo", "link-to-fifo"])
@pytest.mark.parametrize("command", ["docs", "lint"])
def test_a_fifo_given_as_output_is_written_into_not_replaced(tmp_path: Path, command: str, through_link: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    received: list[bytes] = []
    reader = _drain(fifo, received)
    args = ["docs", str(ESCAPES), "--output", str(target)]
    if command == "lint":
        args = ["lint", str(ESCAPES), "--no-cache", "--junit", str(target)]
    code, _, err = run(*args)
    reader.join(timeout=10)
    assert code in (0, 1), err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert (target.is_symlink()) == through_link
    assert received, "the FIFO was never opened"
    assert received[0].strip(), "nothing came through the FIFO"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["pipe", *(["link"] if through_link else [])])


def _null_device(directory: Path) -> Path:
    """A character device to write to: as root a private copy of /dev/null, so a failing run cannot replace the real one."""
    if os.geteuid() != 0:
        return Path(os.devnull)  # nobody else can replace it
    device = directory / "null-device"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("root without the right to make device files")
    return device


def test_a_character_device_as_output_stays_a_device(tmp_path: Path) -> None:
    device = _null_device(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(device)
    for target in (link, device):
        code, _, err = run("docs", str(ESCAPES), "--output", str(target))
        assert code == 0, err
        assert stat.S_ISCHR(os.stat(device).st_mode)
    assert link.is_symlink()


def test_a_socket_as_output_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        code, _, err = run("docs", str(ESCAPES), "--output", str(path))
    assert code == 2
    assert "is neither a regular file" in err
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


@pytest.mark.parametrize("option", [["docs", str(ESCAPES), "-o"], ["lint", str(ESCAPES), "--no-cache", "--junit"]])
def test_an_empty_output_name_is_a_usage_error(option: list[str]) -> None:
    code, _, err = run(*option, "")
    assert code == 2
    assert "no file name given" in err
    assert "directory" not in err


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    stale_old = tmp_path / ".page.md.0f3a9c21.tmp"  # an older naming, only its age says it is stale
    stale_old.write_text("half a page")
    os.utime(stale_old, (1, 1))
    child = subprocess.Popen(["true"])
    child.wait()
    stale_dead = tmp_path / f".page.md.{child.pid}.1234abcd.tmp"
    stale_dead.write_text("half a page")
    alive = tmp_path / f".page.md.{os.getppid()}.5678abcd.tmp"  # a writer that still runs
    alive.write_text("being written")
    unrelated = tmp_path / ".other.md.0f3a9c21.tmp"
    unrelated.write_text("not ours to judge")
    os.utime(unrelated, (1, 1))
    code, _, err = run("docs", str(ESCAPES), "--output", str(page))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["page.md", alive.name, unrelated.name])


# --- special files as input: refused at once, never read without end -----------------------------------------------


def _tree_with_a_fifo(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    (tree / "acme" / "app").mkdir(parents=True)
    (tree / "acme" / "app" / "acme-app-main.yaml").write_bytes(
        (TESTDATA / "lint" / "XC-1" / "pass" / "acme" / "app" / "acme-app-main.yaml").read_bytes()
    )
    os.mkfifo(tree / "acme" / "app" / "acme-app-trap.yaml")
    return tree


def _in_a_thread(function: Callable[[], object], seconds: float = 20) -> object:
    """Call ``function`` in a thread and fail (rather than hang the suite) when it does not return in time."""
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(function()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still running after {seconds}s"
    return outcome[0]


@pytest.mark.parametrize(
    "args",
    [["lint", "--no-cache", "--jobs", "1"], ["show"], ["docs"], ["graph"]],
    ids=["lint", "show", "docs", "graph"],
)
def test_a_fifo_named_yaml_in_a_tree_is_a_finding_not_a_hang(tmp_path: Path, args: list[str]) -> None:
    tree = _tree_with_a_fifo(tmp_path)
    result = _in_a_thread(lambda: run(*args, str(tree)))
    assert isinstance(result, tuple)
    code, out, err = result
    assert code in (0, 1), err  # docs and graph report problems in configs without failing
    assert "acme-app-trap.yaml" in out + err
    assert "cannot read: not a regular file (a FIFO)" in out + err


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_an_auth_file_that_is_a_fifo_or_dev_zero_is_reported_not_read(tmp_path: Path, kind: str) -> None:
    auth = tmp_path / "auth.json"
    if kind == "fifo":
        os.mkfifo(auth)
    else:
        auth.symlink_to("/dev/zero")
    env = {"HOME": str(tmp_path / "home"), "XDG_RUNTIME_DIR": str(tmp_path / "run"), "REGISTRY_AUTH_FILE": str(auth)}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "config"), "DOCKER_CONFIG": str(tmp_path / "docker")}
    result = _in_a_thread(lambda: CliRunner().invoke(main, ["doctor", "--format", "json"], env=env))
    assert isinstance(result, Result)
    files = {entry["path"]: entry for entry in json.loads(result.stdout)["files"]}
    assert files[str(auth)]["state"] == "unreadable"
    assert files[str(auth)]["problem"].endswith(
        "not a regular file (a " + ("FIFO)" if kind == "fifo" else "character device)")
    )


def test_docs_check_of_a_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    os.mkfifo(page)
    result = _in_a_thread(lambda: run("docs", str(ESCAPES), "--check", str(page)))
    assert isinstance(result, tuple)
    code, _, err = result
    assert code == 2
    assert "not a regular file (a FIFO)" in err


def test_docs_check_reads_no_more_than_it_needs(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"x" * (3 << 20))
    code, out, err = run("docs", str(ESCAPES), "--check", str(page))
    assert code == 1
    assert out == ""
    assert "is stale" in err


# --- crashes that are usage errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["testrun-image", "https://[::1/k8s/cluster/projects/ci-op-2c2tvgti"], None, "not a console URL"),
        (["testrun-image", "-"], "INFO Using namespace https://[::1/k8s/ns/ci-op-2c2tvgti\n", "not a console URL"),
        (["docs", str(ESCAPES), "--source-url", "http://[x"], None, "--source-url"),
        (["docs", str(ESCAPES), "--source-url", "https://example.com:port/x"], None, "--source-url"),
        (["lint", str(ESCAPES), "--max-file-size", "99999999999999999999999"], None, "--max-file-size"),
        (["show", str(ESCAPES), "--max-file-size", "99999999999999999999999"], None, "--max-file-size"),
        (["lint", str(ESCAPES), "--max-nodes", "99999999999999999999999"], None, "--max-nodes"),
    ],
)
def test_malformed_arguments_are_usage_errors(args: list[str], stdin: str | None, message: str) -> None:
    result = CliRunner().invoke(main, args, input=stdin)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert message in result.stderr


def test_a_log_line_with_a_broken_url_elsewhere_is_only_noise() -> None:
    # Without a Using namespace line, console URLs are looked for, then pull specs on a build farm registry.
    log = "see https://console[::1/k8s/ns/ci-op-bbbbbbbb\npulling registry.build02.ci.openshift.org/ci-op-2c2tvgti/x\n"
    code, out, err = run("testrun-image", "-", "--format", "urls", stdin=log)
    assert (code, out) == (0, "registry.build02.ci.openshift.org/ci-op-2c2tvgti/pipeline:src\n"), err


@pytest.mark.parametrize(
    "url",
    [
        "javascript&colon;alert(1)",
        "javascript:alert(1)",
        "data:text/html,x",
        "JaVaScRiPt:alert(1)",
        "//evil.example/x",
        "https://",
        'https://example.com/"onmouseover="x',
        "https://example.com/a b",
        "x?a=1&#58;",
        "\x01javascript:alert(1)",
    ],
)
def test_source_url_is_http_or_a_plain_relative_path(url: str) -> None:
    code, _, err = run("docs", str(ESCAPES), "--source-url", url)
    assert code == 2
    assert "--source-url" in err


@pytest.mark.parametrize(
    "url", ["https://github.com/openshift/release/blob/master/ci-operator/config", "../config/", "config%20tree"]
)
def test_good_source_urls_still_link(url: str) -> None:
    code, out, err = run("docs", str(HOSTILE), "--source-url", url)
    assert code == 0, err
    assert f"]({url.rstrip('/')}/escapes.yaml)" in out


# --- the cache ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["[" * 200_000 + "]" * 200_000, '{"file": ' * 50_000 + "1" + "}" * 50_000, "[]", '{"file": 3}', "null", "\x00"],
    ids=["deep-list", "deep-object", "list", "wrong-type", "null", "nul"],
)
def test_a_cache_entry_that_does_not_decode_is_a_miss(tmp_path: Path, value: str) -> None:
    cache = tmp_path / "cache"
    first = run("lint", str(ESCAPES), "--cache-dir", str(cache), "--format", "json")
    connection = sqlite3.connect(cache / "lint-cache-v1.sqlite3")
    with connection:
        assert connection.execute("UPDATE outcomes SET value = ?", (value,)).rowcount >= 1
    connection.close()
    assert run("lint", str(ESCAPES), "--cache-dir", str(cache), "--format", "json")[:2] == first[:2]


# --- lint --changed-since: git names, the repository of PATH ----------------------------------------------------------

_LD3 = TESTDATA / "lint" / "LD-3" / "fail" / "acme" / "app" / "acme-app-main.yaml"


def _repository(root: Path, names: list[str]) -> Path:
    """A git repository with one committed config, then ``names`` added as changed copies of a failing config."""
    root.mkdir(parents=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.quotepath=true"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    (root / "base.yaml").write_bytes(_LD3.read_bytes())
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    for name in names:
        (root / name).write_bytes(_LD3.read_bytes())
    subprocess.run([*git, "add", "-N", names[0]], cwd=root, check=True)
    return root


@pytest.fixture
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.mark.usefixtures("_git_env")
def test_changed_since_sees_names_git_would_quote_in_the_repository_of_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ['ünïcode "quoted".yaml', "back\\slash.yaml"]
    repository = _repository(tmp_path / "release", names)
    elsewhere = _repository(tmp_path / "elsewhere", ["other.yaml"])
    monkeypatch.chdir(elsewhere)  # another repository: git must run where PATH is
    code, out, err = run("lint", str(repository), "--changed-since", "HEAD", "--no-cache", "--format", "json")
    assert code == 1, err
    reported = {Path(entry["file"]).name for entry in json.loads(out)["files"]}
    assert reported == set(names)


@pytest.mark.usefixtures("_git_env")
def test_changed_since_for_a_path_outside_any_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "a.yaml").write_bytes(_LD3.read_bytes())
    monkeypatch.chdir(_repository(tmp_path / "repo", ["b.yaml"]))
    code, out, err = run("lint", str(outside), "--changed-since", "HEAD", "--no-cache")
    assert code == 2
    assert out == ""
    assert "not in a git checkout" in err


# --- IM-11 on a crowd of images ---------------------------------------------------------------------------------------

_CONFIG_HEAD = (
    "build_root:\n  image_stream_tag:\n    namespace: openshift\n    name: release\n    tag: golang-1.22\n"
    "resources:\n  '*':\n    requests:\n      cpu: 100m\nimages:\n  items:\n"
)


def _images_config(edges: dict[str, list[str]]) -> str:
    """A config whose image ``name`` is built from the first of ``edges[name]`` and takes the others as inputs."""
    items = []
    for name, sources in edges.items():
        item = f"  - to: {name}\n    dockerfile_path: Dockerfile\n"
        if sources:
            item += f"    from: {sources[0]}\n"
        if sources[1:]:
            item += "    inputs:\n" + "".join(f"      {other}:\n        as: [x-{other}]\n" for other in sources[1:])
        items.append(item)
    return _CONFIG_HEAD + "".join(items)


def _cycle_messages(text: str) -> list[str]:
    from promoter import analyze_text  # noqa: PLC0415
    from promoter.lint import lint  # noqa: PLC0415

    report = lint([analyze_text(text, "config.yaml")])
    return sorted(f.message.split("in a cycle: ", 1)[1] for f in report.findings if f.rule == "IM-11")


@pytest.mark.parametrize(
    ("edges", "cycles"),
    [
        ({"a": ["b"], "b": ["c"], "c": []}, []),
        ({"a": ["a"]}, ["a -> a"]),
        ({"a": ["b"], "b": ["a"], "c": ["a"]}, ["a -> b -> a"]),
        ({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["e"], "e": ["d"]}, ["a -> b -> c -> a", "d -> e -> d"]),
        # A figure eight is one group of images caught in cycles: reported once, by its shortest cycle.
        ({"a": ["b", "c"], "b": ["a"], "c": ["d"], "d": ["a"]}, ["a -> b -> a"]),
        ({"zz": ["yy"], "yy": ["xx"], "xx": ["yy"]}, ["xx -> yy -> xx"]),
        ({"a": ["b", "missing"], "b": []}, []),
    ],
)
def test_image_cycles_one_finding_per_group(edges: dict[str, list[str]], cycles: list[str]) -> None:
    found = _cycle_messages(_images_config(edges))
    suffix = "; the jobs that build this image (the images job, and the tests that use it) fail at run time"
    assert [message.removesuffix(suffix) for message in found] == cycles


class _Items:
    """Just what the IM-11 check reads of a config: its image items; findings come back as their messages."""

    def __init__(self, edges: dict[str, list[str]]) -> None:
        self.items = [{"to": name, "from": sources[0]} if sources else {"to": name} for name, sources in edges.items()]

    def image_items(self) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
        for index, item in enumerate(self.items):
            yield ("images", "items", index), item

    def finding(self, path: tuple[str | int, ...], rule_id: str, message: str) -> str:
        return f"{rule_id} {message}"


@pytest.mark.parametrize(("count", "closed"), [(6_000, False), (6_000, True), (40_000, False)])
def test_image_cycles_are_linear_on_a_chain_and_a_long_list(count: int, closed: bool) -> None:
    from promoter.checks import check_image_cycles  # noqa: PLC0415

    if count == 40_000:
        edges: dict[str, list[str]] = {f"i{n}": [] for n in range(count)}  # a plain list: nothing depends on anything
    else:
        edges = {f"i{n}": [f"i{(n + 1) % count}"] if closed or n + 1 < count else [] for n in range(count)}
    context = cast("Any", _Items(edges))
    # Before, the chain took 116 s and the list 74 s; linear, both take well under a second.
    found = _in_a_thread(lambda: list(check_image_cycles(context)), seconds=20)
    assert isinstance(found, list)
    assert len(found) == (1 if closed else 0)


# --- XC-1 with a crowd of promoters of one tag -----------------------------------------------------------------------


def _promoter_of(number: int, *places: int) -> FileOutcome:
    file = f"acme/app{number:05d}/acme-app{number:05d}-main.yaml"
    promoted = tuple(("acme/shared:latest", "promotion.to[0]", line, 5) for line in places or (17,))
    return FileOutcome(
        file=file, identifier=f"acme/app{number:05d}@main", config=None, findings=(), promoted=promoted, suppressions=()
    )


def test_xc1_names_a_few_others_and_counts_the_rest_once_per_config() -> None:
    from promoter.lint import XC1_SHOWN_PLACES, cross_config_findings  # noqa: PLC0415

    outcomes = [_promoter_of(0, 30, 17), *(_promoter_of(number) for number in range(1, 5_000))]
    findings = _in_a_thread(lambda: cross_config_findings(outcomes), seconds=20)
    assert isinstance(findings, list)
    assert len(findings) == 5_000  # one per config, even for the config that promotes the tag twice
    first = next(f for f in findings if f.file == outcomes[0].file)
    assert first.line == 17
    assert first.message.count("@main (") == XC1_SHOWN_PLACES
    assert first.message.endswith(f"and {4_999 - XC1_SHOWN_PLACES} more places (5000 configs promote it)")
    last = next(f for f in findings if f.file == outcomes[-1].file)
    assert "acme/app00000@main (acme/app00000/acme-app00000-main.yaml:17)" in last.message
    assert last.message.endswith(f"and {5_000 - XC1_SHOWN_PLACES} more places (5000 configs promote it)")
    assert sum(len(f.message) for f in findings) < 5_000 * 1_000


def test_xc1_between_two_configs_names_each_other_as_before() -> None:
    from promoter.lint import cross_config_findings  # noqa: PLC0415

    findings = cross_config_findings([_promoter_of(1), _promoter_of(2)])
    assert [f.message for f in findings] == [
        "output tag acme/shared:latest is promoted from more than one place: also by acme/app00002@main"
        " (acme/app00002/acme-app00002-main.yaml:17)",
        "output tag acme/shared:latest is promoted from more than one place: also by acme/app00001@main"
        " (acme/app00001/acme-app00001-main.yaml:17)",
    ]


# --- testrun-image streams its log -------------------------------------------------------------------------------------


def test_a_build_log_is_read_as_it_comes_in_little_memory() -> None:
    from promoter.buildfarm import namespaces_in_log  # noqa: PLC0415

    def log() -> Iterator[str]:
        yield "INFO[0000] starting\n"
        yield _LOG_LINE
        noise = "INFO[0001] " + "step output, pull spec registry.build01.ci.openshift.org/ci-op-bbbbbbbb/x " * 12 + "\n"
        for _ in range(20_000):  # 20 MB of noise after the line that counts
            yield noise

    tracemalloc.start()
    try:
        found = namespaces_in_log(log(), name="<stdin>")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(n.cluster.name, n.namespace) for n in found] == [("build02", "ci-op-2c2tvgti")]
    assert peak < 2 << 20


def test_a_line_longer_than_a_piece_keeps_the_line_numbers() -> None:
    log = "x" * (3 << 20) + "\nsecond line\n" + _LOG_LINE
    code, out, err = run("testrun-image", "-", stdin=log)
    assert code == 0, err
    assert "found in <stdin> line 3 (Using namespace" in out


# --- the worker pool: sized to the work, shared by diff ----------------------------------------------------------------


class _RecordingPool:
    """A stand-in for ProcessPoolExecutor that records how many workers were asked for and runs the work here."""

    workers: ClassVar[list[int]] = []
    items: ClassVar[list[int]] = []

    def __init__(self, max_workers: int, **_: object) -> None:
        self.workers.append(max_workers)

    def __enter__(self) -> _RecordingPool:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def map(self, function: Callable[[Any], Any], chunks: Iterable[Any]) -> Iterator[Any]:
        chunks = list(chunks)
        self.items.append(sum(len(chunk) for chunk in chunks))
        return map(function, chunks)


@pytest.fixture
def recording_pool(monkeypatch: pytest.MonkeyPatch) -> type[_RecordingPool]:
    _RecordingPool.workers = []
    _RecordingPool.items = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _RecordingPool)
    return _RecordingPool


def _many_configs(root: Path, count: int, *, namespace: str = "acme") -> Path:
    text = (TESTDATA / "lint" / "XC-1" / "pass" / "acme" / "app" / "acme-app-main.yaml").read_text()
    for number in range(count):
        directory = root / "acme" / f"app{number}"
        directory.mkdir(parents=True, exist_ok=True)
        config = text.replace("repo: app", f"repo: app{number}").replace("namespace: acme", f"namespace: {namespace}")
        (directory / f"acme-app{number}-main.yaml").write_text(config)
    return root


@pytest.mark.parametrize("command", [["lint", "--no-cache"], ["show"], ["docs"], ["graph"]])
def test_jobs_never_exceed_the_chunks_of_work(
    tmp_path: Path, recording_pool: type[_RecordingPool], command: list[str]
) -> None:
    tree = _many_configs(tmp_path / "tree", 218)
    code, _, err = run(*command, str(tree), "--jobs", "3000")
    assert code in (0, 1), err
    assert recording_pool.workers, "the work was not shared out"
    assert max(recording_pool.workers) <= 4  # 218 files are 4 chunks of 64


def test_worker_count_is_bounded() -> None:
    from promoter.files import CHUNK_SIZE, MAX_JOBS, worker_count  # noqa: PLC0415

    assert worker_count(3000, 218) == 4
    assert worker_count(3000, 1_000_000) == MAX_JOBS
    assert worker_count(2, 1_000_000) == 2
    assert worker_count(8, 199) == 0  # too little work to start a process
    assert worker_count(1, 1_000_000) == 0
    assert worker_count(MAX_JOBS, MAX_JOBS * CHUNK_SIZE) == MAX_JOBS


@pytest.mark.usefixtures("_git_env")
def test_diff_analyses_changed_configs_in_the_worker_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recording_pool: type[_RecordingPool]
) -> None:
    repository = _many_configs(tmp_path / "release", 210)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=repository, check=True)
    subprocess.run([*git, "add", "."], cwd=repository, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=repository, check=True)
    _many_configs(repository, 210, namespace="other")  # every config changes what it promotes
    monkeypatch.chdir(repository)
    code, out, err = run("diff", ".", "--jobs", "2", "--no-cache", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["summary"]["configs"] == 210
    assert 420 in recording_pool.items  # both sides of every changed config, in one pool
    assert max(recording_pool.workers) == 2


# --- diff --format markdown is a pull request comment ------------------------------------------------------------------

HOSTILE_VALUES = (
    "a``b`c",
    "``",
    "x\n</details>\n\n# Heading\n\n@octocat",
    "@org/team please look",
    "cc @someone, @some-one_2 and x/@other",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "<details><summary>fake</summary>",
    "| a | b |\n| --- | --- |",
    "back\\slash \\` \\|",
    "*bold* _it_ [link](javascript:alert(1)) ![img](x)",
    "line\r\n## still a heading?\r\nend",
    "\x1b]52;c;cHduZWQ=\x07\u202e\u2028next",
    "&lt;b&gt; &#64;entity",
    "    indented code\n    more",
    "> quote\n- list",
    "`",
    " ",
)


def hostile_report(value: str) -> DiffReport:
    tag = ImageStreamTag(namespace=f"ns{value}", name=f"stream{value}", tag=f"tag{value}")
    entry = TagEntry(tag=tag, source=value, kind="image", path="promotion.to[0]", line=3, elsewhere=(value,))
    finding = Finding(
        file=value, line=4, column=1, json_path="x", rule="XC-1", severity=Severity.ERROR, message=f"message {value}"
    )
    config = ConfigDiff(
        status="renamed",
        file=f"ci-operator/config/{value}.yaml",
        base_file=value,
        config=f"org/repo@{value}",
        base_config=value,
        tags_added=(entry,),
        tags_removed=(entry,),
        sources_changed=(SourceChange(tag=tag, before=value, after=value + "2"),),
        targets=(TargetChange(change="added", target=value, path="promotion.to[0]", line=2),),
        inputs=(InputChange(field="base_images", name=value, before=value, after=value + "x", images=(value,)),),
        new_findings=(finding,),
        fixed_findings=(finding,),
    )
    quiet = ConfigDiff(status="modified", file=value, base_file=value, config=value, base_config=value)
    return DiffReport(base=value, base_commit="0" * 40, head=value, head_commit=None, configs=(config, quiet))


_OWN_HTML = re.compile(r"(<details>\n<summary><code>[^<>\n]*</code> [a-z ]+: [^<>\n]*</summary>\n|</details>\n)")
_LIVE_MENTION = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9]")


def check_comment(markdown: str, *, mentions: bool = True) -> None:
    """What GitHub would make of the comment: only our own HTML, balanced; no heading; no mention outside code.

    ``mentions=False`` leaves mentions alone, for a page in a repository, which notifies nobody.
    """
    tokens = MarkdownIt("gfm-like", {"linkify": False}).parse(markdown)
    depth = 0
    for token in tokens:
        assert token.type != "heading_open", f"a heading: {token.map}"
        assert token.type not in ("blockquote_open", "code_block", "fence"), f"{token.type} from input"
        if token.type == "html_block":
            assert _OWN_HTML.fullmatch(token.content), f"raw HTML from input: {token.content!r}"
            depth += token.content.count("<details>") - token.content.count("</details>")
            assert depth in (0, 1), "unbalanced <details>"
            assert not _LIVE_MENTION.search(re.sub(r"<code>[^<]*</code>", "", token.content))
        children = token.children or []
        for child in children:
            assert child.type not in ("html_inline", "image", "link_open"), f"{child.type}: {child.content!r}"
            if child.type == "text" and mentions:
                assert not _LIVE_MENTION.search(child.content), f"a live mention: {child.content!r}"
    assert depth == 0, "unbalanced <details>"


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_diff_markdown_is_safe_to_post_whatever_the_values(value: str) -> None:
    from promoter.render.diff import render_markdown  # noqa: PLC0415

    markdown = render_markdown(hostile_report(value))
    check_comment(markdown)
    assert not ACTIVE.search(markdown)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("`@<>/\\|*_#[]()!&;:\n\r\t -aZ0\x1b\u202e"), min_size=1, max_size=24))
def test_diff_markdown_survives_generated_values(value: str) -> None:
    from promoter.render.diff import render_markdown  # noqa: PLC0415

    check_comment(render_markdown(hostile_report(value)))


@pytest.mark.parametrize("color", [False, True])
def test_diff_text_shows_control_characters(color: bool) -> None:
    from promoter.render.diff import render_text  # noqa: PLC0415

    text = render_text(hostile_report("\x1b]52;c;cHduZWQ=\x07\r\x9b2J"), color=color)
    assert "\\x1b]52" in text
    assert not ACTIVE.search(OUR_COLOURS.sub("", text))


def test_a_fifo_as_the_rule_settings_file_is_a_usage_error_not_a_hang(tmp_path: Path) -> None:
    tree = _tree_with_a_fifo(tmp_path)
    (tree / "acme" / "app" / "acme-app-trap.yaml").unlink()
    settings = tmp_path / "settings.yaml"
    os.mkfifo(settings)
    result = _in_a_thread(lambda: run("lint", str(tree), "--no-cache", "--config", str(settings)))
    assert isinstance(result, tuple)
    code, _, err = result
    assert code == 2
    assert "not a regular file (a FIFO)" in err


def test_a_fifo_in_the_step_registry_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    release = tmp_path / "release"
    shutil.copytree(TESTDATA / "stepregistry" / "release", release)
    os.mkfifo(release / "ci-operator" / "step-registry" / "widget" / "widget-trap-ref.yaml")
    config = release / "ci-operator" / "config"
    result = _in_a_thread(lambda: run("lint", str(config), "--no-cache", "--step-registry", str(release)))
    assert isinstance(result, tuple)
    code, out, err = result
    assert code in (0, 1), err
    assert "widget-trap-ref.yaml: error IO-1 cannot read: not a regular file (a FIFO)" in out + err


@pytest.mark.parametrize(
    "args",
    [["login", "build02"], ["login", "app.ci", "--service-account", "ci/builder"], ["login", "quay-proxy"]],
)
def test_every_printed_login_line_is_a_whole_command_or_a_comment(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 0, err
    for line in out.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        # Pasted a line at a time, each must parse on its own: no command may continue on the next line.
        check = subprocess.run(["bash", "-n", "-c", line], capture_output=True, text=True, check=False)
        assert check.returncode == 0, f"{line!r}: {check.stderr}"


# --- every output format of every command, on a config with C0, C1, bidi and line-separator characters ---------------

INVISIBLES = HOSTILE / "invisibles.yaml"
# What a terminal, a CI log or an editor acts on: ACTIVE, and the line separators and bidi controls of Unicode.
UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMATS = {
    "show": ["text", "json", "urls"],
    "lint": ["text", "json", "github", "sarif"],
    "graph": ["tree", "json", "dot", "mermaid", "graphml"],
    "docs": ["markdown", "json", "html"],
}


@pytest.mark.parametrize(
    "args",
    [[command, "--format", form] for command, forms in FORMATS.items() for form in forms]
    + [["explain", "acme\u2066/widgets\x1b[2J:app\u202eevil\u2028line", "--format", form] for form in ("text", "json")]
    + [
        ["graph", "--focus", "acme\u2066/widgets\x1b[2J:app\u202eevil\u2028line", "--format", form]
        for form in FORMATS["graph"]
    ],
    ids=lambda args: "-".join(arg for arg in args if arg.isascii() and arg.isprintable()),
)
def test_every_format_shows_input_controls_escaped(args: list[str]) -> None:
    code, out, err = run(*args, str(INVISIBLES), "--no-cache")
    assert code in (0, 1), err
    assert not UNSEEN.search(OUR_COLOURS.sub("", out)), out
    assert not UNSEEN.search(err), err
    form = args[args.index("--format") + 1]
    if form in ("json", "sarif"):
        json.loads(out)  # escaped the JSON way: still the same document
    if form == "graphml":
        from xml.etree import ElementTree  # noqa: PLC0415

        ElementTree.fromstring(out)


def test_junit_shows_input_controls_escaped(tmp_path: Path) -> None:
    from xml.etree import ElementTree  # noqa: PLC0415

    junit = tmp_path / "junit.xml"
    # Its findings are warnings (ci-operator accepts the shapes); --strict makes them fail the run.
    code, _, err = run("lint", str(INVISIBLES), "--no-cache", "--strict", "--junit", str(junit))
    assert code == 1, err
    text = junit.read_text(encoding="utf-8")
    assert not UNSEEN.search(text)
    assert "\\x1b]0;pwned" in text
    ElementTree.fromstring(text)


@pytest.mark.parametrize("form", ["text", "json", "markdown"])
def test_diff_formats_show_input_controls_escaped(form: str) -> None:
    from promoter.render import diff  # noqa: PLC0415

    report = hostile_report("\x1b]52;c;cHduZWQ=\x07\x9b\u202e\u2028next")
    text = {"text": diff.render_text, "json": diff.render_json, "markdown": diff.render_markdown}[form](report)
    assert not UNSEEN.search(text)


@pytest.mark.parametrize(
    ("kind", "says"),
    [("fifo", "not a regular file (a FIFO)"), ("directory", "Is a directory"), ("dangling", "No such file")],
)
def test_a_found_settings_file_that_cannot_be_read_is_a_usage_error(tmp_path: Path, kind: str, says: str) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(TESTDATA / "example", tree)
    settings = tree / ".promoted-images.yaml"
    if kind == "fifo":
        os.mkfifo(settings)
    elif kind == "directory":
        settings.mkdir()
    else:
        settings.symlink_to(tmp_path / "missing.yaml")
    for command in ("lint", "show"):
        code, _, err = run(command, str(tree), "--no-cache")
        assert code == 2, (command, err)
        assert err.startswith(f"Error: {settings}: cannot read: ")
        assert says in err
