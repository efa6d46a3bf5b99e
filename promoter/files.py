"""Reading configs from the file system and standard input: the only I/O of the analysis."""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from promoter.collector import tune_gc
from promoter.findings import Finding, Severity
from promoter.limits import DEFAULT_LIMITS, Limits
from promoter.naming import CONFIG_SUFFIXES
from promoter.regularfile import read_regular_file

if TYPE_CHECKING:
    # Imported to analyse a file: finding which files there are (and whether the cache knows them) needs none of it.
    from promoter.analysis import ConfigResult

STDIN = "-"
# What standard input is called in findings and results.
STDIN_NAME = "<stdin>"
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
# Files per task handed to a worker process.
CHUNK_SIZE = 64
# More workers than this only cost memory and start-up time, whatever --jobs asks for.
MAX_JOBS = 64


def worker_count(jobs: int, items: int) -> int:
    """How many worker processes ``items`` files deserve: ``jobs``, but no more than chunks of work or ``MAX_JOBS``.

    ``--jobs 3000`` on 218 files started 3,000 processes for 4 chunks; 0 means work in this process.
    """
    if jobs <= 1 or items < PARALLEL_THRESHOLD:
        return 0
    return min(jobs, -(-items // CHUNK_SIZE), MAX_JOBS)


def discover(paths: Iterable[str]) -> tuple[list[str], list[Finding]]:
    """Expand files and directories into config files, sorted, without duplicates.

    A directory contributes every ``*.yaml`` and ``*.yml`` file below it, skipping names starting with ``..``
    (Kubernetes ConfigMap internals) and following no directory symlink twice; a file named explicitly is taken
    whatever its name. Paths that do not exist become findings, and so does a file in a repository's folder of a
    config tree (``ci-operator/config/ORG/REPO/``) whose name ci-operator would skip (FN-5).
    """
    discovery = Discovery(paths)
    for _ in discovery:
        pass
    return discovery.result()


class Discovery:
    """:func:`discover` as the walk goes: iterating yields each file once, as it is found (not sorted).

    Once the iteration is done, :meth:`result` is what :func:`discover` returns. A run that computes files as they
    are found starts before the whole tree is walked.
    """

    def __init__(self, paths: Iterable[str]) -> None:
        """Discover the files under ``paths`` when iterated."""
        self.paths = tuple(paths)
        self._found: set[str] = set()
        self._problems: list[Finding] = []

    def __iter__(self) -> Iterator[str]:
        """Each file not found before, in the order the walk finds it; the problems are kept for :meth:`result`."""
        found = self._found
        for path in self.paths:
            if path == STDIN:
                file = STDIN
            elif os.path.isdir(path):
                below = False
                strays: list[str] = []
                for file, is_config in _walk_all(path):
                    below = True
                    if not is_config:
                        strays.append(file)
                    elif file not in found:
                        found.add(file)
                        yield file
                if not below:
                    self._problems.append(_finding(path, NO_CONFIG_BELOW))
                self._problems.extend(stray_finding(stray) for stray in sorted(strays))
                continue
            elif os.path.lexists(path):
                file = os.path.normpath(path)
            else:
                self._problems.append(_finding(path, "no such file or directory"))
                continue
            if file not in found:
                found.add(file)
                yield file

    def result(self) -> tuple[list[str], list[Finding]]:
        """The files found, sorted, and the problems, sorted by file: the walk must be done."""
        return sorted(self._found), sorted(self._problems, key=lambda finding: finding.file)


NO_CONFIG_BELOW = "no ci-operator config below this directory (no *.yaml or *.yml file)"
# Files that belong in a repository's folder of openshift/release's config tree beside its configs.
_NOT_CONFIGS = ("OWNERS", "OWNERS_ALIASES", ".gitattributes")


def path_problem(path: str) -> str | None:
    """Why ``path`` gives nothing to read (it does not exist, or is a directory without configs), else None."""
    if path == STDIN:
        return None
    if os.path.isdir(path):
        return NO_CONFIG_BELOW if next(_walk_all(path), None) is None else None
    if not os.path.lexists(path):
        return "no such file or directory"
    return None


def _walk_all(root: str) -> Iterator[tuple[str, bool]]:
    """Every config and stray file below ``root`` as a normalised path, directories in sorted depth-first order.

    What ``os.walk(root, followlinks=True)`` would find, with each directory read once (a directory reached again
    through a symlink or a bind mount is skipped), walked with one ``scandir`` per directory: a warm run of any
    command on a large tree is mostly this walk and the stat of each file.
    """
    seen: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as entries:
                listing = [(entry.name, _is_directory(entry)) for entry in entries]
            info = os.stat(directory)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        normal = os.path.normpath(directory)
        prefix = "" if normal == os.curdir else os.path.join(normal, "")
        subdirectories = sorted(name for name, is_directory in listing if is_directory and not name.startswith(".."))
        pending.extend(os.path.join(directory, name) for name in reversed(subdirectories))
        in_repository_folder: bool | None = None
        for name in sorted(name for name, is_directory in listing if not is_directory):
            if name.startswith(".."):
                continue
            if name.endswith(CONFIG_SUFFIXES):
                yield prefix + name, True
                continue
            if in_repository_folder is None:
                in_repository_folder = _is_repository_folder(directory)
            if in_repository_folder and not _belongs_beside_configs(name):
                yield prefix + name, False


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def config_file(path: str) -> bool:
    """Whether a repository path (``/`` between its parts) is a config file, by the rules :func:`walk` follows."""
    # No part of the path starts with "..": not the first, and none after a "/".
    return path.endswith(CONFIG_SUFFIXES) and not path.startswith("..") and "/.." not in path


def _is_repository_folder(directory: str) -> bool:
    parts = os.path.abspath(directory).replace(os.sep, "/").split("/")
    return len(parts) >= 4 and parts[-4:-2] == ["ci-operator", "config"]


def _belongs_beside_configs(name: str) -> bool:
    return name in _NOT_CONFIGS or name.upper().startswith("README")


def stray_finding(path: str) -> Finding:
    """FN-5: a file that ci-operator skips because of its name, in a folder that holds only configs."""
    name = os.path.basename(path)
    fixed = name.strip()
    for suffix in ("yaml", "yml"):
        if fixed.endswith(suffix) and not fixed.endswith("." + suffix):
            fixed = fixed[: -len(suffix)] + "." + suffix
    hint = f"; rename it to {fixed!r}" if fixed != name and fixed.endswith(CONFIG_SUFFIXES) else ""
    return Finding(
        file=path,
        line=0,
        column=0,
        json_path="",
        rule="FN-5",
        severity=Severity.WARNING,
        message=f"ci-operator accepts this tree but skips this file: it reads only names ending in .yaml or .yml, so"
        f" the file {name!r} configures nothing{hint}",
    )


def read_config(path: str, *, commit: str | None = None, limits: Limits = DEFAULT_LIMITS) -> ConfigResult:
    """Read and analyse one file (``-`` for standard input); unreadable files give a result with one finding."""
    from promoter.analysis import analyze_text, unreadable  # noqa: PLC0415

    try:
        if path == STDIN:
            raw = sys.stdin.buffer.read(limits.max_bytes + 1)
            display = STDIN_NAME
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
        path_for_metadata=None if path == STDIN else path,
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
    from promoter.analysis import unreadable  # noqa: PLC0415

    files, problems = discover(paths)
    tune_gc()
    on_disk = [path for path in files if path != STDIN]
    results: list[ConfigResult] = []
    if STDIN in files:
        results.append(_analysed(STDIN, commit, limits, keep_documents=keep_documents))
    workers = worker_count(jobs, len(on_disk))
    if workers:
        import concurrent.futures  # noqa: PLC0415 - a pool only for work worth one; one file needs none

        chunks = [on_disk[start : start + CHUNK_SIZE] for start in range(0, len(on_disk), CHUNK_SIZE)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
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


def default_registry(paths: tuple[str, ...] | list[str]) -> str | None:
    """The registry beside an openshift/release checkout's ``ci-operator/config`` that holds PATH, or None.

    Only when every PATH lies in one such checkout: linting two checkouts at once names no registry. It lives with
    discovery rather than with the registry's model, so that a run answered from a memo need not import that.
    """
    found: set[str] = set()
    for path in paths:
        if path == STDIN:
            return None
        current = os.path.abspath(path)
        while True:
            parent = os.path.dirname(current)
            if os.path.basename(current) == "config" and os.path.basename(parent) == "ci-operator":
                candidate = os.path.join(parent, "step-registry")
                if not os.path.isdir(candidate):
                    return None
                found.add(candidate if os.path.isabs(path) else os.path.relpath(candidate))
                break
            if parent == current:
                return None
            current = parent
    return found.pop() if len(found) == 1 else None
