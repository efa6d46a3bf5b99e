"""The cache of analysed configs: a warm run prints exactly what a cold one does, and a change invalidates one entry."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import TESTDATA

from promoter import analysis, engine, outputmemo
from promoter.analysis import ConfigResult
from promoter.cli import main
from promoter.codec import decode_result, encode_result
from promoter.files import read_configs
from promoter.yamldoc import DEFAULT_LIMITS, Limits

# Trees with promotion of every kind, image graphs across configs, and files with findings of every kind.
TREES = ("example", "graph/input", "docs/input", "promoted", "lint/LD-3", "lint/XC-1", "buildfarm/configs")
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("show", "--format", "text"),
    ("show", "--format", "json"),
    ("show", "--format", "urls"),
    ("show", "--format", "json", "--commit", "4f2a9c1"),
    *(("graph", "--format", output) for output in ("tree", "json", "dot", "mermaid", "graphml")),
    *(("docs", "--format", output) for output in ("markdown", "json", "html")),
    ("explain", "acme/widget:latest"),
    ("explain", "ocp/4.17:nothing-promotes-this", "--format", "json"),
)


def _run(arguments: list[str]) -> tuple[int, bytes, bytes]:
    result = CliRunner().invoke(main, arguments)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def _invocation(command: tuple[str, ...], tree: Path, cache: Path) -> list[str]:
    name, *rest = command
    if name == "explain":
        ref, *options = rest
        return [name, ref, str(tree), *options, "--cache-dir", str(cache)]
    return [name, str(tree), *rest, "--cache-dir", str(cache)]


@pytest.mark.parametrize("tree", TREES)
def test_a_warm_run_prints_exactly_what_a_cold_run_does(
    tree: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = TESTDATA / tree
    uncached = {
        command: _run([*_invocation(command, root, tmp_path / "none")[:-2], "--no-cache"]) for command in COMMANDS
    }
    cache = tmp_path / "cache"
    cold = {command: _run(_invocation(command, root, cache)) for command in COMMANDS}

    def no_analysis(*_arguments: Any, **_keywords: Any) -> ConfigResult:
        raise AssertionError("a warm run analysed a file again")

    monkeypatch.setattr(analysis, "analyze_text", no_analysis)
    replayed = {command: _run(_invocation(command, root, cache)) for command in COMMANDS}
    # Without the memos of whole outputs, the analysed configs come from the cache one by one.
    shutil.rmtree(cache / outputmemo.DIRECTORY)
    warm = {command: _run(_invocation(command, root, cache)) for command in COMMANDS}
    for command in COMMANDS:
        assert cold[command] == uncached[command], command
        assert replayed[command] == cold[command], command
        assert warm[command] == cold[command], command


def test_a_change_to_a_config_is_never_answered_from_an_old_output(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(TESTDATA / "graph" / "input", tree)
    cache = tmp_path / "cache"
    for command in COMMANDS:
        _run(_invocation(command, tree, cache))
    changed = sorted(tree.rglob("*.yaml"))[1]
    changed.write_text(changed.read_text().replace("namespace: ocp", "namespace: ocp-changed"))
    for command in COMMANDS:
        assert _run(_invocation(command, tree, cache)) == _run([*_invocation(command, tree, cache)[:-2], "--no-cache"])
    assert "ocp-changed" in _run(_invocation(("graph", "--format", "json"), tree, cache))[1].decode()


def test_what_writes_files_or_fails_is_not_replayed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    page = tmp_path / "page.md"
    arguments = ["docs", str(TESTDATA / "docs" / "input"), "--output", str(page), "--cache-dir", str(cache)]
    assert _run(arguments)[0] == 0
    page.unlink()
    assert _run(arguments)[0] == 0
    assert page.exists()
    failing = ["graph", str(TESTDATA / "graph" / "input"), "--focus", "not a ref", "--cache-dir", str(cache)]
    assert _run(failing)[0] == 2
    assert _run(failing)[0] == 2
    memos = list((cache / outputmemo.DIRECTORY).glob("*")) if (cache / outputmemo.DIRECTORY).exists() else []
    assert memos == []


def test_only_the_newest_outputs_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outputmemo, "KEEP", 2)
    cache = tmp_path / "cache"
    for output in ("text", "json", "urls"):
        _run(["show", str(TESTDATA / "example"), "--format", output, "--cache-dir", str(cache)])
    assert len(list((cache / outputmemo.DIRECTORY).glob("*.memo"))) == 2


def test_a_cut_short_output_is_not_replayed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    arguments = ["show", str(TESTDATA / "example"), "--format", "json", "--cache-dir", str(cache)]
    first = _run(arguments)
    (memo,) = (cache / outputmemo.DIRECTORY).glob("*.memo")
    memo.write_bytes(memo.read_bytes()[:-5])
    assert _run(arguments) == first


def test_the_codec_gives_back_every_result_of_the_testdata() -> None:
    results = read_configs([str(TESTDATA)])
    assert len(results) > 100
    for result in results:
        assert decode_result(encode_result(result)) == result


def test_a_changed_file_invalidates_exactly_its_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(TESTDATA / "graph" / "input", tree)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    first = engine.analyse_paths([str(tree)], cache=cache)
    analysed: list[str] = []
    real = analysis.analyze_text

    def counting(text: str, file: str, **keywords: Any) -> ConfigResult:
        analysed.append(file)
        return real(text, file, **keywords)

    monkeypatch.setattr(analysis, "analyze_text", counting)
    assert engine.analyse_paths([str(tree)], cache=cache) == first
    assert analysed == []
    changed = sorted(tree.rglob("*.yaml"))[1]
    changed.write_text(changed.read_text().replace("namespace: ocp", "namespace: ocp-changed"))
    second = engine.analyse_paths([str(tree)], cache=cache)
    assert analysed == [str(changed)]
    assert second == engine.analyse_paths([str(tree)])
    assert [r.file for r in second if r not in first] == [str(changed)]
    cache.close()


def test_lint_and_show_keep_their_entries_apart(tmp_path: Path) -> None:
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    tree = str(TESTDATA / "example")
    outcomes = engine.lint_paths([tree], cache=cache)
    results = engine.analyse_paths([tree], cache=cache)
    assert engine.lint_paths([tree], cache=cache) == outcomes
    assert engine.analyse_paths([tree], cache=cache) == results
    cache.close()


def test_results_depend_on_the_limits(tmp_path: Path) -> None:
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    tree = str(TESTDATA / "example")
    engine.analyse_paths([tree], cache=cache)
    tight = Limits(max_bytes=DEFAULT_LIMITS.max_bytes, max_nodes=10, max_depth=DEFAULT_LIMITS.max_depth)
    (result,) = engine.analyse_paths([tree], cache=cache, limits=tight)
    assert [finding.rule for finding in result.findings] == ["LD-8"]
    cache.close()


def test_each_variant_of_an_output_has_its_own_entries(tmp_path: Path) -> None:
    # show renders each config where it is analysed and caches that: text in colour, or for another registry, is
    # another entry, never the one cached for the options of an earlier run.
    cache = tmp_path / "cache"
    tree = TESTDATA / "promoted"
    variants = (
        ("show", "--format", "text"),
        ("show", "--format", "text", "--color", "always"),
        ("show", "--format", "urls"),
        ("show", "--format", "urls", "--registry", "quay"),
        ("show", "--format", "urls", "--registry", "app.ci"),
    )
    for command in variants:
        _run(_invocation(command, tree, cache))
    shutil.rmtree(cache / outputmemo.DIRECTORY)
    for command in variants:
        assert _run(_invocation(command, tree, cache)) == _run([*_invocation(command, tree, cache)[:-2], "--no-cache"])


def test_an_entry_that_does_not_decode_is_computed_again(tmp_path: Path) -> None:
    import sqlite3  # noqa: PLC0415

    cache = tmp_path / "cache"
    tree = TESTDATA / "promoted"
    command = ("show", "--format", "json")
    expected = _run(_invocation(command, tree, cache))
    shutil.rmtree(cache / outputmemo.DIRECTORY)
    with sqlite3.connect(cache / engine.CACHE_FILE_NAME) as connection:
        keys = [key for (key,) in connection.execute("SELECT key FROM fragments")]
        assert keys
        for number, key in enumerate(keys):
            broken = ('["a", "b"]', '[1, "", [], 0, []]', '["f", "", [], 0, [["f", 1, 1, "", "R", "bad", "m"]]]')
            connection.execute("UPDATE fragments SET value = ? WHERE key = ?", (broken[number % 3], key))
    assert _run(_invocation(command, tree, cache)) == expected
