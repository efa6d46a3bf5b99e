"""The lint engine: the cache is keyed by content and never trusted blindly; workers do not change the output."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TESTDATA

from promoter import engine, files
from promoter.files import PARALLEL_THRESHOLD, read_configs
from promoter.findings import Finding
from promoter.lint import FileOutcome, combine
from promoter.yamldoc import DEFAULT_LIMITS, Limits


def _tree(tmp_path: Path, copies: int) -> Path:
    source = TESTDATA / "lint" / "XC-1" / "fail" / "acme" / "app" / "acme-app-main.yaml"
    root = tmp_path / "tree"
    for index in range(copies):
        directory = root / "acme" / f"app{index}"
        directory.mkdir(parents=True)
        text = (
            source.read_text()
            .replace("repo: app", f"repo: app{index}")
            .replace("namespace: acme", f"namespace: ns{index % 7}")
        )
        (directory / f"acme-app{index}-main.yaml").write_text(text)
    return root


def _report(outcomes: list[FileOutcome]) -> list[str]:
    return [f"{f.file}:{f.line}:{f.column} {f.rule} {f.message}" for f in combine(outcomes).findings]


def test_jobs_do_not_change_the_result(tmp_path: Path) -> None:
    tree = _tree(tmp_path, PARALLEL_THRESHOLD + 10)
    serial = engine.lint_paths([str(tree)], jobs=1)
    parallel = engine.lint_paths([str(tree)], jobs=2)
    assert serial == parallel
    assert any("XC-1" in line for line in _report(serial))


def test_cache_reuses_unchanged_files_and_recomputes_changed_ones(tmp_path: Path) -> None:
    tree = _tree(tmp_path, 3)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    first = engine.lint_paths([str(tree)], cache=cache)
    assert (
        len(cache.get_many([engine._cache_key(o.file, Path(o.file).read_bytes(), DEFAULT_LIMITS) for o in first])) == 3
    )
    changed = tree / "acme" / "app0" / "acme-app0-main.yaml"
    changed.write_text(changed.read_text().replace("tag: latest", "tag: '4.10'"))
    second = engine.lint_paths([str(tree)], cache=cache)
    uncached = engine.lint_paths([str(tree)])
    assert second == uncached
    assert second != first
    cache.close()


def test_corrupt_cache_is_rebuilt(tmp_path: Path) -> None:
    tree = _tree(tmp_path, 2)
    directory = tmp_path / "cache"
    directory.mkdir()
    (directory / engine.CACHE_FILE_NAME).write_bytes(b"this is not a database" * 100)
    cache = engine.OutcomeCache(str(directory))
    assert engine.lint_paths([str(tree)], cache=cache) == engine.lint_paths([str(tree)])
    cache.close()
    reopened = engine.OutcomeCache(str(directory))
    assert reopened.connection is not None
    reopened.close()


def test_tampered_entries_are_misses(tmp_path: Path) -> None:
    tree = _tree(tmp_path, 2)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    expected = engine.lint_paths([str(tree)], cache=cache)
    assert cache.connection is not None
    cache.connection.execute("UPDATE outcomes SET value = '{\"file\": 1}'")
    assert engine.lint_paths([str(tree)], cache=cache) == expected
    cache.close()


def test_unwritable_cache_directory_runs_without_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    cache = engine.OutcomeCache(str(blocker / "cache"))
    assert cache.connection is None
    tree = _tree(tmp_path, 1)
    assert engine.lint_paths([str(tree)], cache=cache) == engine.lint_paths([str(tree)])


def test_cache_is_keyed_by_path_too(tmp_path: Path) -> None:
    tree = _tree(tmp_path, 1)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    engine.lint_paths([str(tree)], cache=cache)
    moved = tmp_path / "moved" / "other" / "place"
    shutil.copytree(tree / "acme" / "app0", moved)
    outcomes = engine.lint_paths([str(tmp_path / "moved")], cache=cache)
    assert {o.file for o in outcomes} == {str(moved / "acme-app0-main.yaml")}
    cache.close()


def _age(tree: Path, seconds: int = 3600) -> None:
    for path in tree.rglob("*.yaml"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read from now on in this process."""
    reads: list[str] = []
    real_read = engine._read

    def counting_read(path: str, limits: Limits) -> bytes | Finding:
        reads.append(path)
        return real_read(path, limits)

    monkeypatch.setattr(engine, "_read", counting_read)
    return reads


def test_unchanged_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _tree(tmp_path, 3)
    _age(tree)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    first = engine.lint_paths([str(tree)], cache=cache)
    reads = _count_reads(monkeypatch)
    assert engine.lint_paths([str(tree)], cache=cache) == first
    assert reads == []
    changed = tree / "acme" / "app1" / "acme-app1-main.yaml"
    changed.write_text(changed.read_text().replace("tag: latest", "tag: other"))
    second = engine.lint_paths([str(tree)], cache=cache)
    assert reads == [str(changed)]
    assert second == engine.lint_paths([str(tree)])
    cache.close()


def test_recently_modified_files_are_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _tree(tmp_path, 2)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    engine.lint_paths([str(tree)], cache=cache)
    reads = _count_reads(monkeypatch)
    engine.lint_paths([str(tree)], cache=cache)
    # Written less than RACY_NS before their keys were recorded: the signature alone is not trusted.
    assert len(reads) == 2
    cache.close()


def test_read_configs_jobs_do_not_change_the_result(tmp_path: Path) -> None:
    tree = _tree(tmp_path, PARALLEL_THRESHOLD + 10)
    assert read_configs([str(tree)], jobs=2) == read_configs([str(tree)], jobs=1)


def test_outcomes_read_without_their_tests_are_the_outcomes_without_tests(tmp_path: Path) -> None:
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    outcomes = engine.lint_paths([str(TESTDATA)], cache=cache)
    assert sum(len(outcome.tests) for outcome in outcomes) > 50  # multi-stage tests, with steps of every shape
    keys = [engine._cache_key(o.file, Path(o.file).read_bytes(), DEFAULT_LIMITS) for o in outcomes if o.file]
    full, slim = cache.get_many(keys), cache.get_many(keys, tests=False)
    assert len(slim) == len(full) > 700
    for key, outcome in full.items():
        assert slim[key] == dataclasses.replace(outcome, tests=())
    cache.close()


# A multi-stage test and a container test: only the first is counted, and kept for the step registry's checks.
_TESTS = "tests:\n- as: e2e\n  steps:\n    workflow: ipi-aws\n- as: unit\n  commands: make test\n  container:\n    from: src\n"


@pytest.mark.parametrize("jobs", [1, 2])
def test_outcomes_stored_without_their_tests_are_computed_again_for_a_run_that_checks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    tree = _tree(tmp_path, PARALLEL_THRESHOLD + 10)
    with_tests = sorted(tree.rglob("*.yaml"))[::2]
    for path in with_tests:
        path.write_text(path.read_text() + _TESTS)
    expected = engine.lint_paths([str(tree)])
    assert sum(len(outcome.tests) for outcome in expected) == len(with_tests)
    keys = {engine._cache_key(o.file, Path(o.file).read_bytes(), DEFAULT_LIMITS): o for o in expected}
    full = {key: engine.entry_text(engine.OUTCOMES.encode(outcome)) for key, outcome in keys.items()}
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    # Without a step registry, the tests are counted, not kept: an outcome that has some says it left them out.
    counted, count = engine.lint_paths_counting_tests([str(tree)], jobs=jobs, cache=cache)
    assert (_report(counted), count) == (_report(expected), len(with_tests))
    stored = _entries(cache)
    assert stored.keys() == full.keys()
    for key, text in stored.items():
        if keys[key].tests:
            assert text.endswith(',"tests":null}')
            assert cache.get_many([key]) == {}  # not an outcome with its tests
        else:
            assert text == full[key]  # none to leave out: the same either way
    # A run that checks the tests computes those outcomes again, and stores them whole in their place; with
    # workers, the workers do (this process only computes again an entry that does not decode).
    here: list[str] = []
    computed = engine._computed

    def computing_here(path: str, *args: Any) -> Any:
        here.append(path)
        return computed(path, *args)

    monkeypatch.setattr(engine, "_computed", computing_here)
    assert engine.lint_paths([str(tree)], jobs=jobs, cache=cache) == expected
    if jobs > 1:
        assert here == []
    assert _entries(cache) == full
    # Which a run without a step registry reads as well.
    again, count = engine.lint_paths_counting_tests([str(tree)], jobs=jobs, cache=cache)
    assert (_report(again), count) == (_report(expected), len(with_tests))
    cache.close()


def test_a_tree_the_cache_knows_nothing_of_is_walked_by_the_run_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = _tree(tmp_path, PARALLEL_THRESHOLD + 10)
    _age(tree)
    (tree / "acme" / "app3" / "dangling.yaml").symlink_to(tmp_path / "missing")
    walked: list[str] = []
    real_walk = files._walk_all

    def counting_walk(root: str) -> Iterator[tuple[str, bool]]:
        walked.append(root)
        return real_walk(root)

    monkeypatch.setattr(files, "_walk_all", counting_walk)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    paths = [str(tree), str(tmp_path / "nowhere")]
    # Nothing known: the key is left to the run, which walks the tree while the workers compute the first files.
    assert engine.tree_key(paths, cache, DEFAULT_LIMITS, defer=True) == engine.DEFERRED
    assert walked == []
    streamed = engine.lint_paths(paths, jobs=2, cache=cache)
    assert walked == [str(tree)]
    assert streamed == engine.lint_paths(paths, jobs=1)
    unreadable = [outcome.file for outcome in streamed if any(f.rule == "IO-1" for f in outcome.findings)]
    assert sorted(unreadable) == sorted([str(tree / "acme" / "app3" / "dangling.yaml"), paths[1]])
    # The key of what the run read is the tree's key, as the stat index gives it on the next run.
    ran = engine.ran_tree_key(paths, DEFAULT_LIMITS)
    assert ran is not None
    assert ran == engine.tree_key(paths, cache, DEFAULT_LIMITS, defer=True)
    engine.forget_identified()


def test_discovery_as_it_goes_finds_what_discover_finds(tmp_path: Path) -> None:
    tree = _tree(tmp_path, 3)
    (tree / "acme" / "app1" / "x-main.yml ").write_text("")
    (tree / "empty").mkdir()
    paths = [str(tree / "acme"), str(tree), str(tree / "empty"), str(tree / "acme" / "app0" / "acme-app0-main.yaml")]
    discovery = files.Discovery(paths)
    found = list(discovery)
    assert len(found) == len(set(found)) == 3  # each file once, however often it is named
    assert discovery.result() == files.discover(paths)
    assert sorted(found) == discovery.result()[0]


def _entries(cache: engine.OutcomeCache) -> dict[str, str]:
    return {str(key): str(value) for key, value in _rows(cache, "SELECT key, value FROM outcomes")}


def _rows(cache: engine.OutcomeCache, query: str) -> set[tuple[object, ...]]:
    assert cache.connection is not None
    return set(cache.connection.execute(query))


def test_workers_store_what_a_run_in_one_process_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = _tree(tmp_path, PARALLEL_THRESHOLD + 10)
    _age(tree)
    serial_cache = engine.OutcomeCache(str(tmp_path / "serial"))
    parallel_cache = engine.OutcomeCache(str(tmp_path / "parallel"))
    # A cold run: each file is read, keyed, computed and stored where it is computed, in the workers here.
    serial = engine.lint_paths([str(tree)], jobs=1, cache=serial_cache)
    parallel = engine.lint_paths([str(tree)], jobs=2, cache=parallel_cache)
    assert serial == parallel == engine.lint_paths([str(tree)])
    entries = "SELECT key, value FROM outcomes"
    assert _rows(parallel_cache, entries) == _rows(serial_cache, entries)
    assert {key for key, _ in _rows(parallel_cache, entries)} == {
        engine._cache_key(o.file, Path(o.file).read_bytes(), DEFAULT_LIMITS) for o in serial
    }
    index = "SELECT path, context, signature, key FROM files"
    assert _rows(parallel_cache, index) == _rows(serial_cache, index)
    assert len(_rows(parallel_cache, index)) == len(serial)
    reads = _count_reads(monkeypatch)
    # What the workers recorded is trusted: a warm run reads nothing.
    assert engine.lint_paths([str(tree)], jobs=2, cache=parallel_cache) == serial
    assert reads == []
    serial_cache.close()
    parallel_cache.close()


def _unreadable_tree(tmp_path: Path) -> Path:
    tree = _tree(tmp_path, PARALLEL_THRESHOLD + 10)
    folder = tree / "acme" / "app3"
    (folder / "dangling.yaml").symlink_to(folder / "missing")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "latin1.yaml").write_bytes(b"zz: \xe9\n")
    return tree


@pytest.mark.parametrize("jobs", [1, 2])
def test_unreadable_files_are_findings_wherever_they_are_read(tmp_path: Path, jobs: int) -> None:
    tree = _unreadable_tree(tmp_path)
    expected = engine.lint_paths([str(tree)])
    messages = [f.message for o in expected for f in o.findings if f.rule == "IO-1"]
    assert len(messages) == 3
    assert any("FIFO" in message for message in messages)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    assert engine.lint_paths([str(tree)], jobs=jobs, cache=cache) == expected
    assert engine.lint_paths([str(tree)], jobs=jobs, cache=cache) == expected
    indexed = {path for (path,) in _rows(cache, "SELECT path FROM files")}
    # The file that is not UTF-8 has a key (its entry is its finding); files that cannot be read have none.
    assert str(tree / "acme" / "app3" / "latin1.yaml") in indexed
    assert str(tree / "acme" / "app3" / "fifo.yaml") not in indexed
    assert str(tree / "acme" / "app3" / "dangling.yaml") not in indexed
    cache.close()


def test_entries_that_workers_find_tampered_are_computed_again(tmp_path: Path) -> None:
    tree = _tree(tmp_path, PARALLEL_THRESHOLD + 10)
    cache = engine.OutcomeCache(str(tmp_path / "cache"))
    expected = engine.lint_paths([str(tree)], jobs=2, cache=cache)
    assert cache.connection is not None
    cache.connection.execute("UPDATE outcomes SET value = '{\"file\": 1}'")
    # Without the stat index, every file is read, keyed and looked up by a worker, which finds the tampered entry.
    cache.connection.execute("DELETE FROM files")
    assert engine.lint_paths([str(tree)], jobs=2, cache=cache) == expected
    stored = cache.get_many([str(key) for key, _ in _rows(cache, "SELECT key, value FROM outcomes")])
    assert sorted(stored.values(), key=lambda outcome: outcome.file) == expected
    cache.close()


def test_a_worker_never_deletes_the_cache_it_cannot_read(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    directory.mkdir()
    garbage = b"this is not a database" * 100
    (directory / engine.CACHE_FILE_NAME).write_bytes(garbage)
    attached = engine.OutcomeCache(str(directory), attached=True)
    assert attached.get_texts("outcomes", ["key"]) == {}
    assert attached.connection is None
    assert (directory / engine.CACHE_FILE_NAME).read_bytes() == garbage


def test_the_pool_brings_batches_back_through_a_wide_pipe() -> None:
    """A batch of outcomes (150 KB) fits in the pipe at once: a worker never waits for this process to read it."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("pipe sizes are Linux's")
    import concurrent.futures  # noqa: PLC0415

    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        engine._widen_results_pipe(pool)
        writer = pool._result_queue._writer  # type: ignore[attr-defined]
        assert fcntl.fcntl(writer.fileno(), fcntl.F_GETPIPE_SZ) >= engine.RESULTS_PIPE_BYTES
        assert list(pool.map(abs, [-1, -2])) == [1, 2]
