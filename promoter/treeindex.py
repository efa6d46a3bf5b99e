"""Which configs of a whole tree promote each tag, kept beside the cache: how ``diff`` reads a tree lint just read.

``diff`` needs every config's outcome only for the cross-config rule (XC-1) and to name the other configs promoting
a tag: what matters are the configs promoting the tags the changed configs promote. ``lint`` (and ``diff`` itself)
record, for a tree they read whole, which files promote each tag; ``diff`` then reads the outcomes of those files
alone. An index is keyed by the tree's identity, every file's path and git blob id, with the tool's code and limits
(:func:`blob_tree_key`), so it is only ever used for the very tree it describes. Only the newest :data:`KEEP` indexes
are kept. An I/O edge, like the cache it sits beside; an index that cannot be read or written is simply not there.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from promoter.limits import Limits
    from promoter.lint import FileOutcome

DIRECTORY = "trees-v1"
KEEP = 16


def tree_key(limits: Limits, keys: Mapping[str, str]) -> str:
    """The identity of a tree from each file's content key (path -> key), as lint knows its files.

    The same as :func:`blob_tree_key` of the blob ids the keys end with.
    """
    from promoter.engine import key_blob  # noqa: PLC0415

    return blob_tree_key(limits, {path: key_blob(key) for path, key in keys.items()})


def blob_tree_key(limits: Limits, blobs: Mapping[str, str]) -> str:
    """The identity of a tree: the tool's code and limits, and each file's path and git blob id (path -> blob id).

    Made of blob ids rather than content keys, so that ``diff``, which has them from git, keys a tree of thousands of
    files without hashing each (it needs the content keys of a few).
    """
    import hashlib  # noqa: PLC0415

    from promoter.engine import context_key  # noqa: PLC0415

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{context_key(limits)}\n".encode())
    # One line per file, "path NUL blob id", sorted by path (a path holds no NUL, nor a blob id).
    digest.update("\n".join(map("\0".join, sorted(blobs.items()))).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def promoters(outcomes: Iterable[FileOutcome]) -> dict[str, list[str]]:
    """Tag -> the files promoting it (each once, in the order of ``outcomes``)."""
    return index_of((outcome.file, promoted_tags(outcome)) for outcome in outcomes)


def promoted_tags(outcome: FileOutcome) -> tuple[str, ...]:
    """The tags a file promotes, each once, in the order it promotes them."""
    return tuple(dict.fromkeys(promoted[0] for promoted in outcome.promoted))


def index_of(files: Iterable[tuple[str, Iterable[str]]]) -> dict[str, list[str]]:
    """Tag -> the files promoting it, from each file and the tags it promotes (see :func:`promoted_tags`)."""
    found: dict[str, list[str]] = {}
    for file, tags in files:
        for tag in tags:
            found.setdefault(tag, []).append(file)
    return found


def promoting(index: Mapping[str, list[str]], tags: Iterable[str], among: Mapping[str, object]) -> set[str]:
    """The files of ``among`` that promote one of ``tags``, by an index from :func:`load`."""
    return {file for tag in tags for file in index.get(tag, ()) if type(file) is str and file in among}


def _path(cache_directory: str, key: str) -> str:
    return os.path.join(cache_directory, DIRECTORY, f"{key}.json")


def store(cache_directory: str, key: str, index: Mapping[str, list[str]]) -> None:
    """Keep the index of the tree ``key`` (see :func:`promoters`); a failure to write only loses the index."""
    import tempfile  # noqa: PLC0415

    directory = os.path.join(cache_directory, DIRECTORY)
    text = json.dumps(index, separators=(",", ":"))  # ASCII: a name that is not UTF-8 is escaped
    try:
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".partial")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(text)
        os.replace(temporary, _path(cache_directory, key))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    from promoter.outputmemo import keep_newest  # noqa: PLC0415

    keep_newest(directory, ".json", KEEP)


def load(cache_directory: str, key: str) -> dict[str, list[str]] | None:
    """The index of the tree ``key``, or None when there is none (or it does not read back as one)."""
    try:
        with open(_path(cache_directory, key), encoding="ascii") as handle:
            index = json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None
    # Anyone who can write the cache can write this file: anything but the shape stored is no index (the names in
    # each list are checked where they are read, see promoting).
    if not isinstance(index, dict) or not all(type(files) is list for files in index.values()):
        return None
    with contextlib.suppress(OSError):
        os.utime(_path(cache_directory, key))  # recently used: kept longer
    return index
