"""Writing a text file atomically: readers see the old file or the whole new one, never a half-written file.

The text goes to a temporary file in the target's directory (a rename is only atomic within one file system), is
flushed to disk, and replaces the target with ``os.replace``. On any error the temporary file is removed, the old
file is left as it was, and :class:`AtomicWriteError` says in one line what failed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat

_TEMPORARY_ATTEMPTS = 100


class AtomicWriteError(OSError):
    """Writing ``path`` failed; ``str()`` is one line for the user, such as ``cannot write x.md: Permission denied``."""

    def __init__(self, path: str, reason: str, *, errno: int | None = None) -> None:
        """Record the path as given and the reason, such as an ``OSError``'s ``strerror``."""
        super().__init__(errno, reason, path)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.reason}"

    def __reduce__(self) -> tuple[object, ...]:
        # OSError pickles its constructor arguments, which are not this class's; keep it usable across processes.
        return (_rebuild, (self.path, self.reason, self.errno))


def _rebuild(path: str, reason: str, errno: int | None) -> AtomicWriteError:
    return AtomicWriteError(path, reason, errno=errno)


def write_text_atomically(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (temporary file, fsync, ``os.replace``), line ends as they are.

    A new file gets the usual permissions (0666 less the umask, as ``open`` would give); an existing file keeps its
    mode. A symlink is followed, so the file it points to is replaced and the link stays a link. Raises
    :class:`AtomicWriteError` (an ``OSError``) when the directory is missing or read-only, the disk is full, or the
    target is a directory.
    """
    shown = os.fspath(path)
    target = os.path.realpath(shown)
    if os.path.isdir(target):
        raise AtomicWriteError(shown, "is a directory")
    directory = os.path.dirname(target)
    data = text.encode(encoding)
    temporary = ""
    try:
        descriptor, temporary = _create_temporary(directory, os.path.basename(target))
        try:
            with contextlib.suppress(FileNotFoundError):
                # Keep the mode of the file being replaced (a page someone made group-writable stays so).
                os.fchmod(descriptor, stat.S_IMODE(os.stat(target).st_mode))
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
        temporary = ""
        _sync_directory(directory)
    except OSError as error:
        raise AtomicWriteError(shown, error.strerror or str(error), errno=error.errno) from error
    finally:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _create_temporary(directory: str, name: str) -> tuple[int, str]:
    # os.open with mode 0o666 lets the kernel apply the umask; tempfile.mkstemp would leave the page mode 0600.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_TEMPORARY_ATTEMPTS):
        candidate = os.path.join(directory, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(candidate, flags, 0o666), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary file name in {directory}")


def _sync_directory(directory: str) -> None:
    # The rename is durable only once the directory is flushed too; some systems cannot open a directory, and the
    # file is already in place then, so a failure here is not an error.
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
