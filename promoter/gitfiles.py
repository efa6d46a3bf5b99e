"""Which files changed since a git revision: the only place the tool runs git."""

from __future__ import annotations

import os
import subprocess


class GitError(Exception):
    """git could not answer: not a checkout, an unknown revision, or no git at all."""


def _git(arguments: list[str], cwd: str) -> str:
    try:
        completed = subprocess.run(  # noqa: S603 - fixed git arguments, no shell
            ["git", *arguments],  # noqa: S607 - git is looked up on PATH like any developer tool
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from error
    if completed.returncode != 0:
        raise GitError(completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "git failed")
    return completed.stdout


def changed_files(revision: str, cwd: str = ".") -> set[str]:
    """Absolute paths of the files that differ from ``revision`` in the working tree, untracked files included."""
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
    names = _git(["diff", "--name-only", "--no-renames", revision, "--"], top).splitlines()
    names += _git(["ls-files", "--others", "--exclude-standard"], top).splitlines()
    return {os.path.normpath(os.path.join(top, name)) for name in names if name}
