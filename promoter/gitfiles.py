"""Which files changed since a git revision: the only place the tool runs git."""

from __future__ import annotations

import os
from collections.abc import Iterable


class GitError(Exception):
    """git could not answer: not a checkout, an unknown revision, or no git at all."""


def _git(arguments: list[str], cwd: str) -> bytes:
    import subprocess  # noqa: PLC0415 - lint imports this module, and only --changed-since runs git

    try:
        completed = subprocess.run(  # noqa: S603 - fixed git arguments, no shell
            ["git", *arguments],  # noqa: S607 - git is looked up on PATH like any developer tool
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise GitError(message.splitlines()[-1] if message else "git failed")
    return completed.stdout


def _names(output: bytes) -> list[str]:
    # -z lists names as they are, NUL-terminated: without it git quotes names with non-ASCII bytes, '"' or '\\'.
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


def repository_of(path: str) -> str:
    """The top directory of the git work tree that holds ``path`` (a file or directory), resolved."""
    directory = path if os.path.isdir(path) else os.path.dirname(path) or "."
    try:
        top = _git(["rev-parse", "--show-toplevel"], directory)
    except GitError as error:
        raise GitError(f"{path} is not in a git checkout ({error})") from None
    return os.path.realpath(os.fsdecode(top.rstrip(b"\n")))


def _commit(revision: str, top: str) -> str:
    """The commit ``revision`` names, checked and worded as diff does it: "unknown revision 'REV'"."""
    from promoter.gitrevisions import GitRevisionError, resolve_commit  # noqa: PLC0415

    try:
        return resolve_commit(revision, top)
    except GitRevisionError as error:
        raise GitError(str(error)) from None


def changed_files(revision: str, paths: Iterable[str] = (".",)) -> set[str]:
    """Resolved paths of the files that differ from ``revision`` in the working trees holding ``paths``.

    Untracked files count as changed. git runs in the repository of each PATH, not in the current directory; a PATH
    outside any repository, or a revision a repository does not have, raises :class:`GitError`.
    """
    given = [path for path in paths if path != "-" and os.path.lexists(path)]
    tops = sorted({repository_of(path) for path in given} or {repository_of(".")})
    changed: set[str] = set()
    for top in tops:
        commit = _commit(revision, top)
        names = _names(_git(["diff", "-z", "--name-only", "--no-renames", commit, "--"], top))
        names += _names(_git(["ls-files", "-z", "--others", "--exclude-standard"], top))
        changed.update(os.path.normpath(os.path.join(top, name)) for name in names)
    return changed
