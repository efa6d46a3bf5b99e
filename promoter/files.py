"""Reading configs from the file system and standard input: the only I/O of the analysis."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import gc
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from promoter.analysis import ConfigResult, analyze_text, unreadable
from promoter.findings import Finding, Severity
from promoter.naming import CONFIG_SUFFIXES
from promoter.regularfile import read_regular_file
from promoter.yamldoc import DEFAULT_LIMITS, Limits

STDIN = "-"
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200


def discover(paths: Iterable[str]) -> tuple[list[str], list[Finding]]:
    """Expand files and directories into config files, sorted, without duplicates.

    A directory contributes every ``*.yaml`` and ``*.yml`` file below it, skipping names starting with ``..``
    (Kubernetes ConfigMap internals) and following no directory symlink twice; a file named explicitly is taken
    whatever its name. Paths that do not exist become findings.
    """
    found: set[str] = set()
    problems: list[Finding] = []
    for path in paths:
        if path == STDIN:
            found.add(STDIN)
            continue
        if os.path.isdir(path):
            below = {os.path.normpath(p) for p in _walk(path)}
            if not below:
                problems.append(_finding(path, "directory holds no *.yaml or *.yml config files"))
            found.update(below)
        elif os.path.lexists(path):
            found.add(os.path.normpath(path))
        else:
            problems.append(_finding(path, "no such file or directory"))
    return sorted(found), problems


def _walk(root: str) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    for directory, subdirectories, files in os.walk(root, followlinks=True):
        try:
            info = os.stat(directory)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            subdirectories[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(".."))
        for name in files:
            if name.endswith(CONFIG_SUFFIXES) and not name.startswith(".."):
                yield os.path.join(directory, name)


def read_config(path: str, *, commit: str | None = None, limits: Limits = DEFAULT_LIMITS) -> ConfigResult:
    """Read and analyse one file (``-`` for standard input); unreadable files give a result with one finding."""
    try:
        if path == STDIN:
            raw = sys.stdin.buffer.read(limits.max_bytes + 1)
            display = "<stdin>"
        else:
            raw = read_regular_file(path, limits.max_bytes)
            display = path
    except OSError as error:
        return unreadable(path, _finding(path, f"cannot read: {error.strerror or error}"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return unreadable(display, _finding(display, f"not UTF-8 text (byte {error.start}): cannot be a config"))
    return analyze_text(
        text,
        display,
        path_for_metadata=None if path == STDIN else Path(path).as_posix(),
        commit=commit,
        limits=limits,
    )


def read_configs(
    paths: Iterable[str],
    *,
    commit: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    keep_documents: bool = False,
    jobs: int = 1,
) -> list[ConfigResult]:
    """Discover and analyse every config under ``paths``, in sorted file order; problems never stop the run.

    The YAML node graphs are dropped once a file is analysed (a whole tree of them does not fit comfortably in
    memory) unless ``keep_documents`` asks for them. With ``jobs`` above 1 and many files, worker processes share
    the work (documents are never kept then: they do not cross process boundaries); the result is the same.
    """
    files, problems = discover(paths)
    gc.freeze()  # the modules imported so far need no more scanning by the cyclic collector
    gc.set_threshold(50_000, 20, 100)
    on_disk = [path for path in files if path != STDIN]
    results: list[ConfigResult] = []
    if STDIN in files:
        results.append(_analysed(STDIN, commit, limits, keep_documents=keep_documents))
    if jobs > 1 and len(on_disk) >= PARALLEL_THRESHOLD:
        chunks = [on_disk[start : start + 64] for start in range(0, len(on_disk), 64)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            for batch in pool.map(functools.partial(_analysed_batch, commit=commit, limits=limits), chunks):
                results.extend(batch)
    else:
        results.extend(_analysed(path, commit, limits, keep_documents=keep_documents) for path in on_disk)
    results.extend(unreadable(problem.file, problem) for problem in problems)
    return sorted(results, key=lambda result: result.file)


def _analysed(path: str, commit: str | None, limits: Limits, *, keep_documents: bool) -> ConfigResult:
    result = read_config(path, commit=commit, limits=limits)
    return result if keep_documents else dataclasses.replace(result, document=None)


def _analysed_batch(paths: list[str], *, commit: str | None, limits: Limits) -> list[ConfigResult]:
    return [_analysed(path, commit, limits, keep_documents=False) for path in paths]


def io_finding(file: str, message: str) -> Finding:
    """An IO-1 finding: the file as a whole could not be read as a config."""
    return _finding(file, message)


def _finding(file: str, message: str) -> Finding:
    return Finding(file=file, line=0, column=0, json_path="", rule="IO-1", severity=Severity.ERROR, message=message)
