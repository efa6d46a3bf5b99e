"""File naming in openshift/release: ``<org>/<repo>/<org>-<repo>-<branch>[__<variant>].yaml``."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # The model is imported to name a config's metadata: discovery needs only the suffixes.
    from promoter.model import Metadata

CONFIG_SUFFIXES = (".yaml", ".yml")


def metadata_from_path(path: str) -> Metadata | None:
    """Derive org, repo, branch and variant from a config's path, as determinize-ci-operator does.

    The parent directory is the repo and its parent the org; the ``<org>-<repo>-`` prefix is stripped from the file
    stem (when it does not match, the whole stem is the branch), and the text after the last ``__`` is the variant.
    Returns None when the path is too short to name an org and a repo.
    """
    # The components as pathlib.PurePath finds them (without importing pathlib): empty ones and "." are dropped, and
    # a root counts as one, with no name.
    parts = [part for part in path.replace(os.sep, "/").split("/") if part not in ("", ".")]
    if len(parts) + path.startswith("/") < 3:
        return None
    org, repo, stem = ["", "", *parts][-3:]
    for suffix in CONFIG_SUFFIXES:
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    prefix = f"{org}-{repo}-"
    if stem.startswith(prefix):
        stem = stem[len(prefix) :]
    branch, separator, variant = stem.rpartition("__")
    if not separator:
        branch, variant = stem, ""
    if not (org and repo and branch):
        return None
    return _metadata_class()(org=org, repo=repo, branch=branch, variant=variant)


@functools.cache
def _metadata_class() -> type[Metadata]:
    """The model's Metadata, imported on first use: an import statement run for every config costs 2 µs."""
    from promoter.model import Metadata  # noqa: PLC0415

    return Metadata
