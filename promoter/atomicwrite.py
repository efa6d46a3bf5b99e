"""Writing a text file atomically: readers see the old file or the whole new one, never a half-written file.

The text goes to a temporary file in the target's directory (a rename is only atomic within one file system), is
flushed to disk, and replaces the target with ``os.replace``. On any error the temporary file is removed, the old
file is left as it was, and :class:`AtomicWriteError` says in one line what failed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time

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
    mode. A symlink is followed, so the file it points to is replaced and the link stays a link. Only a regular file
    (or a new path) is replaced: a FIFO or a character device (``/dev/stdout``, ``/dev/null``), or a link to one, is
    written to in place, as a shell redirection would. Hidden temporary files that an earlier, killed run left beside
    the target are removed. Raises :class:`AtomicWriteError` (an ``OSError``) when the name is empty, the directory
    is missing or read-only, the disk is full, or the target is a directory or another kind of special file.
    """
    shown = os.fspath(path)
    if not shown:
        raise AtomicWriteError("''", "no file name given")
    target = os.path.realpath(shown)
    data = text.encode(encoding)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise AtomicWriteError(shown, error.strerror or str(error), errno=error.errno) from error
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(shown, target, info.st_mode, data)
        return
    directory = os.path.dirname(target)
    name = os.path.basename(target)
    _remove_stale_temporaries(directory, name)
    temporary = ""
    try:
        descriptor, temporary = _create_temporary(directory, name)
        try:
            if info is not None:
                # Keep the mode of the file being replaced (a page someone made group-writable stays so).
                os.fchmod(descriptor, stat.S_IMODE(info.st_mode))
            _write_all(descriptor, data)
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


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _write_in_place(shown: str, target: str, mode: int, data: bytes) -> None:
    """Write to a FIFO or character device as it is; replacing it with a file would break whoever reads it."""
    if stat.S_ISDIR(mode):
        raise AtomicWriteError(shown, "is a directory")
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise AtomicWriteError(shown, "is neither a regular file, a FIFO nor a character device")
    try:
        descriptor = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            _write_all(descriptor, data)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise AtomicWriteError(shown, error.strerror or str(error), errno=error.errno) from error


# A temporary file of a run that was killed (kill -9, a lost machine) is stale once this old even if its process id
# has been reused since; a younger one is stale when no process with its id runs any more.
STALE_TEMPORARY_SECONDS = 3600


def _temporary_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.(?:([0-9]+)\.)?[0-9a-f]{{8}}\.tmp")


def _remove_stale_temporaries(directory: str, name: str) -> None:
    """Remove hidden temporary files of our own naming for this target that no running writer owns."""
    pattern = _temporary_pattern(name)
    try:
        entries = os.listdir(directory or ".")
    except OSError:
        return
    now = time.time()
    for entry in entries:
        match = pattern.fullmatch(entry)
        if match is None:
            continue
        candidate = os.path.join(directory, entry)
        with contextlib.suppress(OSError):
            info = os.lstat(candidate)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            owner = int(match.group(1)) if match.group(1) else None
            if now - info.st_mtime > STALE_TEMPORARY_SECONDS or (owner is not None and not _running(owner)):
                os.unlink(candidate)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # another user's process
    except (ProcessLookupError, OverflowError):
        return False
    return True


def _create_temporary(directory: str, name: str) -> tuple[int, str]:
    # os.open with mode 0o666 lets the kernel apply the umask; tempfile.mkstemp would leave the page mode 0600.
    # The process id in the name tells a later run whether the writer of a leftover file is still alive.
    import secrets  # noqa: PLC0415 - lint imports this module, and only writes a file when asked to

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_TEMPORARY_ATTEMPTS):
        candidate = os.path.join(directory, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
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
