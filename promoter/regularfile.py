"""Reading a file that must be a regular file, bounded: the one way the tool reads configs, auth files and pages."""

from __future__ import annotations

import errno
import os
import stat


class NotRegularFileError(OSError):
    """The path names a FIFO, device or socket: reading it could block for ever or never end."""


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_regular_file(path: str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (a link to one is followed).

    A FIFO named ``*.yaml`` would block the run, a link to ``/dev/zero`` would never end: anything but a regular
    file raises :class:`NotRegularFileError` (a directory ``IsADirectoryError``), an ``OSError`` whose ``strerror``
    says what the path is. The file is opened without blocking, so a FIFO without a writer is refused at once; one
    byte past the limit is read so that the caller can tell a file of exactly ``limit`` bytes from a larger one.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "a special file")
            raise NotRegularFileError(errno.EINVAL, f"not a regular file ({kind})", path)
        chunks: list[bytes] = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(descriptor, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
