"""Replayed outputs of lint and diff: every input that changes what they print is in the memo key.

Each test runs a command against one cache twice or more, changing one input between runs (an option, an
environment variable, a file), and checks that every run prints what a run without the cache prints.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter import engine, gitrevisions, outputmemo
from promoter.cli import main
from promoter.files import PARALLEL_THRESHOLD

# One config with a warning beside one without findings.
LINT_TREE = TESTDATA / "lint" / "PR-7"
FIXABLE = TESTDATA / "fix" / "numbers-and-booleans"
_SECONDS = re.compile(rb" in \d+\.\d\ds\n")


def _run(arguments: list[str], env: dict[str, str | None] | None = None) -> tuple[int, bytes, bytes]:
    result = CliRunner().invoke(main, arguments, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    # The summary states how long the run took: the one part of lint's output that is not the same every time.
    return result.exit_code, result.stdout_bytes, _SECONDS.sub(b" in Ns\n", result.stderr_bytes)


def _lint(tree: Path, cache: Path, *options: str, env: dict[str, str | None] | None = None) -> tuple[int, bytes, bytes]:
    return _run(["lint", str(tree), *options, "--cache-dir", str(cache)], env)


def _uncached(tree: Path, *options: str, env: dict[str, str | None] | None = None) -> tuple[int, bytes, bytes]:
    return _run(["lint", str(tree), *options, "--no-cache"], env)


def _memos(cache: Path) -> list[Path]:
    return sorted((cache / outputmemo.DIRECTORY).glob("*.memo"))


def _no_linting(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_arguments: Any, **_keywords: Any) -> Any:
        raise AssertionError("a replayed run linted the tree")

    monkeypatch.setattr(engine, "lint_paths", fail)
    monkeypatch.setattr(engine, "lint_paths_counting_tests", fail)


def test_a_second_lint_replays_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = _lint(LINT_TREE, cache)
    assert first == _uncached(LINT_TREE)
    assert first[0] == 0
    assert b"1 warning" in first[2]
    assert len(_memos(cache)) == 1
    _no_linting(monkeypatch)
    assert _lint(LINT_TREE, cache) == first


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_without_its_memo_lint_prints_the_same_from_the_cache(tmp_path: Path, jobs: str) -> None:
    tree = TESTDATA / "lint"
    cache = tmp_path / "cache"
    expected = _uncached(tree)
    assert b" multi-stage tests not checked" in expected[2]  # counted, though read from the cache without them
    assert _lint(tree, cache, "--jobs", jobs) == expected
    for memo in _memos(cache):
        memo.unlink()
    assert _lint(tree, cache, "--jobs", jobs) == expected


def test_a_replay_states_its_own_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _lint(LINT_TREE, cache)
    (memo,) = _memos(cache)
    assert b" in {seconds}s\n" in memo.read_bytes()
    clock = iter([100.0, 142.5])
    monkeypatch.setattr(time, "perf_counter", lambda: next(clock))
    result = CliRunner().invoke(main, ["lint", str(LINT_TREE), "--cache-dir", str(cache)])
    assert result.stderr_bytes.endswith(b" in 42.50s\n")


OPTIONS: tuple[tuple[str, ...], ...] = (
    (),
    ("--format", "json"),
    ("--format", "github"),
    ("--format", "sarif"),
    ("--format", "text", "--color", "always"),
    ("--strict",),
    ("--severity", "PR-7=error", "--exit-zero"),
    ("--quiet",),
    ("--ignore", "PR-7"),
    ("--severity", "PR-7=error"),
    ("--select", "IM", "--quiet"),
    ("--format", "sarif", "--doc-url", "https://example.com/rules/{rule}"),
    ("--max-nodes", "10"),
)


def test_every_option_that_changes_the_output_has_its_own_memo(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = {options: _uncached(LINT_TREE, *options) for options in OPTIONS}
    assert len(set(expected.values())) == len(OPTIONS)  # each option does change the output
    for _round in range(2):
        for options in OPTIONS:
            assert _lint(LINT_TREE, cache, *options) == expected[options], options
    assert len(_memos(cache)) == len(OPTIONS)


def test_how_the_work_is_done_shares_one_memo(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _lint(LINT_TREE, cache, "--jobs", "1")
    assert _lint(LINT_TREE, cache, "--jobs", "2") == first
    assert len(_memos(cache)) == 1


def test_github_actions_changes_the_default_format(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    plain = _lint(LINT_TREE, cache, env={"GITHUB_ACTIONS": None})
    actions = _lint(LINT_TREE, cache, env={"GITHUB_ACTIONS": "true"})
    assert actions == _uncached(LINT_TREE, env={"GITHUB_ACTIONS": "true"})
    assert actions != plain
    assert b"::warning" in actions[1]
    assert _lint(LINT_TREE, cache, env={"GITHUB_ACTIONS": None}) == plain


def test_a_junit_file_is_written_on_every_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    junit = tmp_path / "junit.xml"
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    for _round in range(2):
        _lint(LINT_TREE, cache, "--junit", str(junit))
        assert junit.exists()
        junit.unlink()
        _lint(LINT_TREE, cache, env={"ARTIFACT_DIR": str(artifacts)})
        written = artifacts / "junit_promoted-images.xml"
        assert written.exists()
        written.unlink()
    assert _memos(cache) == []


def test_fix_and_diff_are_never_replayed(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(FIXABLE, tree)
    cache = tmp_path / "cache"
    for _round in range(2):
        diff = _lint(tree, cache, "--diff")
        assert diff == _uncached(tree, "--diff")
        assert diff[1].startswith(b"---")
    assert _memos(cache) == []


def test_a_changed_config_is_never_answered_from_an_old_output(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(LINT_TREE, tree)
    cache = tmp_path / "cache"
    before = _lint(tree, cache)
    assert b"PR-7" in before[1]
    config = next((tree / "fail").rglob("*.yaml"))
    config.write_text(config.read_text().replace("- ap\n", "- app\n"))
    after = _lint(tree, cache)
    assert after == _uncached(tree)
    assert b"PR-7" not in after[1]


def test_a_changed_rule_settings_file_is_never_answered_from_an_old_output(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(LINT_TREE, tree)
    cache = tmp_path / "cache"
    assert b"PR-7" in _lint(tree, cache)[1]
    (tree / ".promoted-images.yaml").write_text("ignore: [PR-7]\n")
    ignored = _lint(tree, cache)
    assert ignored == _uncached(tree)
    assert b"PR-7" not in ignored[1]
    (tree / ".promoted-images.yaml").write_text("severity: {PR-7: error}\n")
    assert _lint(tree, cache) == _uncached(tree)
    assert _lint(tree, cache)[0] == 1


# diff: the base commit, the head (a commit, or the working tree files that differ from the base) and the options.
DIFF_CASE = TESTDATA / "diff" / "promotion"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the case's base committed and its head in the working tree; the current directory."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
    monkeypatch.delenv("PULL_BASE_SHA", raising=False)
    root = tmp_path / "repo"
    shutil.copytree(DIFF_CASE / "base", root)
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "base")
    shutil.rmtree(root / "ci-operator")
    shutil.copytree(DIFF_CASE / "head", root, dirs_exist_ok=True)
    monkeypatch.chdir(root)
    return root


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _commit(root: Path, message: str) -> str:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "--allow-empty", "-m", message)
    return _git(root, "rev-parse", "HEAD").strip()


def _diff(cache: Path, *options: str, env: dict[str, str | None] | None = None) -> tuple[int, bytes, bytes]:
    return _run(["diff", "ci-operator", *options, "--cache-dir", str(cache)], env)


def _diff_uncached(*options: str, env: dict[str, str | None] | None = None) -> tuple[int, bytes, bytes]:
    return _run(["diff", "ci-operator", *options, "--no-cache"], env)


def test_a_second_diff_replays_the_first(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = _diff(cache)
    assert first == _diff_uncached()
    assert b"acme" in first[1]

    def fail(*_arguments: Any, **_keywords: Any) -> Any:
        raise AssertionError("a replayed run analysed the trees")

    monkeypatch.setattr(gitrevisions, "load_sides", fail)
    assert _diff(cache) == first


DIFF_OPTIONS: tuple[tuple[str, ...], ...] = (
    (),
    ("--format", "json"),
    ("--format", "markdown"),
    ("--format", "text", "--color", "always"),
    ("--fail-on", "removed-tags"),
    ("--ignore", "ALL"),
    ("--max-nodes", "10"),
)


def test_every_diff_option_that_changes_the_output_has_its_own_memo(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = {options: _diff_uncached(*options) for options in DIFF_OPTIONS}
    assert len(set(expected.values())) == len(DIFF_OPTIONS)
    for _round in range(2):
        for options in DIFF_OPTIONS:
            assert _diff(cache, *options) == expected[options], options


def test_a_changed_working_tree_is_never_answered_from_an_old_diff(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _diff(cache)
    config = sorted((repo / "ci-operator").rglob("*.yaml"))[0]
    config.write_text(config.read_text() + "# a comment changes the bytes, and nothing else\n")
    commented = _diff(cache)
    assert commented == _diff_uncached()
    assert commented != before
    config.write_text(config.read_text().replace("namespace:", "namespace: changed\n  old_namespace:", 1))
    changed = _diff(cache)
    assert changed == _diff_uncached()
    untracked = repo / "ci-operator" / "config" / "acme" / "new" / "acme-new-main.yaml"
    untracked.parent.mkdir(parents=True)
    shutil.copy(config, untracked)
    added = _diff(cache)
    assert added == _diff_uncached()
    assert b"acme-new-main.yaml" in added[1]
    (repo / ".gitignore").write_text("acme-new-main.yaml\n")
    assert _diff(cache) == _diff_uncached()
    assert b"acme-new-main.yaml" not in _diff(cache)[1]


def test_a_new_base_or_head_is_never_answered_from_an_old_diff(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    base = _git(repo, "rev-parse", "HEAD").strip()
    against_working_tree = _diff(cache)
    head = _commit(repo, "head")
    assert _diff(cache) == _diff_uncached()
    assert _diff(cache)[1] != against_working_tree[1]
    for options in (("--base", base), ("--base", base, "--head", head), ("--base", base, "--head", base)):
        assert _diff(cache, *options) == _diff_uncached(*options), options
    # The same base named another way is another label in the output.
    assert _diff(cache, "--base", base)[1].split(b"\n")[1:] == against_working_tree[1].split(b"\n")[1:]
    assert _diff(cache, "--base", base)[1] != against_working_tree[1]
    # In a presubmit the base is the merge base with PULL_BASE_SHA, and the output names it so.
    presubmit: dict[str, str | None] = {"PULL_BASE_SHA": base}
    assert _diff(cache, env=presubmit) == _diff_uncached(env=presubmit)
    assert b"PULL_BASE_SHA" in _diff(cache, env=presubmit)[1]


def test_what_a_memo_key_read_is_not_kept_past_its_command(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(LINT_TREE, tree)
    cache = tmp_path / "cache"
    # The key is computed (every file read), then the command fails before it lints: nothing is left for later.
    assert _lint(tree, cache, "--format", "json", "--color", "always")[0] == 2
    assert engine._identified == {}
    assert engine._discovered == {}
    config = next((tree / "fail").rglob("*.yaml"))
    config.write_text(config.read_text().replace("- ap\n", "- app\n"))
    assert _lint(tree, cache) == _uncached(tree)


def test_a_cold_run_in_workers_keeps_its_output_for_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    for index in range(PARALLEL_THRESHOLD + 10):
        shutil.copytree(LINT_TREE / "fail", tree / f"copy{index}")
    (tree / "copy3" / "dangling.yaml").symlink_to(tree / "missing")
    for config in tree.rglob("*.yaml"):
        if config.exists():
            os.utime(config, (time.time() - 3600, time.time() - 3600))  # not changed as its key is recorded
    cache = tmp_path / "cache"
    # Nothing is known of the tree: its key is found by the run, from what the workers read.
    first = _lint(tree, cache, "--jobs", "2")
    assert first == _uncached(tree)
    assert b"cannot read" in first[1]
    assert len(_memos(cache)) == 1
    with monkeypatch.context() as patched:
        _no_linting(patched)
        assert _lint(tree, cache, "--jobs", "2") == first


def test_a_tree_touched_all_over_is_linted_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(LINT_TREE, tree)
    configs = sorted(tree.rglob("*.yaml"))
    cache = tmp_path / "cache"
    first = _lint(tree, cache)
    # Files older than their keys are trusted from the stat index; a touched file is read again.
    for config in configs:
        os.utime(config, (time.time() - 3600, time.time() - 3600))
    assert _lint(tree, cache) == first  # every file unknown: linted (from the cache's entries)
    os.utime(configs[0], (time.time() - 1800, time.time() - 1800))
    with monkeypatch.context() as patched:
        _no_linting(patched)
        assert _lint(tree, cache) == first  # one file read again in this process: the same key, replayed
    assert len(_memos(cache)) == 1
