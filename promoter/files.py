"""Reading configs from the file system and standard input: the only I/O of the analysis."""

from __future__ import annotations

import dataclasses
import gc
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from promoter.analysis import ConfigResult, analyze_text, unreadable
from promoter.findings import Finding, Severity
from promoter.naming import CONFIG_SUFFIXES
from promoter.yamldoc import DEFAULT_LIMITS, Limits

STDIN = "-"


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
            with open(path, "rb") as handle:
                raw = handle.read(limits.max_bytes + 1)
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
) -> list[ConfigResult]:
    """Discover and analyse every config under ``paths``, in sorted file order; problems never stop the run.

    The YAML node graphs are dropped once a file is analysed (a whole tree of them does not fit comfortably in
    memory) unless ``keep_documents`` asks for them.
    """
    files, problems = discover(paths)
    gc.freeze()  # the modules imported so far need no more scanning by the cyclic collector
    results = []
    for path in files:
        result = read_config(path, commit=commit, limits=limits)
        results.append(result if keep_documents else dataclasses.replace(result, document=None))
    results.extend(unreadable(problem.file, problem) for problem in problems)
    return sorted(results, key=lambda result: result.file)


def io_finding(file: str, message: str) -> Finding:
    """An IO-1 finding: the file as a whole could not be read as a config."""
    return _finding(file, message)


def _finding(file: str, message: str) -> Finding:
    return Finding(file=file, line=0, column=0, json_path="", rule="IO-1", severity=Severity.ERROR, message=message)
