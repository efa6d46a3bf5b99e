"""What a command printed, kept for the same command on the same tree: a docs page in a loop costs a stat walk.

A command that only reads the config tree prints the same bytes for the same options, code and file contents. The
memo key is a hash of those (the contents by the content keys of the cache, found from the files' stat signatures
without reading them); the memo is the sequence of writes to standard output and standard error, and the exit
status, in one file under the cache directory. Replaying it writes the same bytes in the same order. Only the
newest :data:`KEEP` memos are kept, and a run that fails (a usage error, a traceback) leaves none. This is an I/O
edge, like the cache it sits beside.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
import sys
import time
from collections.abc import Iterator
from typing import BinaryIO

DIRECTORY = "outputs-v1"
KEEP = 16
# A memo larger than this is not kept: replaying it would save little next to writing it out.
MAX_BYTES = 1 << 30
# stream (1 standard output, 2 standard error, 3 standard error with the run's time to fill in, 0 the exit status)
_HEADER = struct.Struct("<BQ")
STDOUT, STDERR, ELAPSED, STATUS = 1, 2, 3, 0
# Where the seconds go in the text of an ELAPSED record.
SECONDS = "{seconds}"
# The recorder of the running command, if its output is being memoized.
_active: list[Recorder] = []


def memo_path(cache_directory: str, key: str) -> str:
    """Where the memo of ``key`` lives."""
    return os.path.join(cache_directory, DIRECTORY, f"{key}.memo")


def replay(path: str, stdout: BinaryIO, stderr: BinaryIO, *, started: float | None = None) -> int | None:
    """Write a memo's output again and return its exit status; None (and nothing written) without a whole memo.

    A line that states the run's time states the time since ``started`` (a ``time.perf_counter()``).
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, and only opened when it exists
    except OSError:
        return None
    with handle:
        status = _status(handle)
        if status is None:
            return None
        handle.seek(0)
        for stream, data in _records(handle):
            if stream == STATUS:
                break
            text = data
            if stream == ELAPSED:
                seconds = 0.0 if started is None else time.perf_counter() - started
                text = data.replace(SECONDS.encode(), f"{seconds:.2f}".encode())
            target = stdout if stream == STDOUT else stderr
            (stderr if stream == STDOUT else stdout).flush()
            target.write(text)
        stdout.flush()
        stderr.flush()
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longer
    return status


def _status(handle: BinaryIO) -> int | None:
    """The exit status at the end of a memo, or None when the memo is cut short or malformed."""
    try:
        handle.seek(-(_HEADER.size + 1), os.SEEK_END)
    except OSError:
        return None
    stream, length = _HEADER.unpack(handle.read(_HEADER.size))
    last = handle.read(1)
    if stream != STATUS or length != 1 or len(last) != 1:
        return None
    return last[0]


def _records(handle: BinaryIO) -> Iterator[tuple[int, bytes]]:
    while True:
        header = handle.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        stream, length = _HEADER.unpack(header)
        yield stream, handle.read(length)


class _Tee(io.RawIOBase):
    """A binary stream that writes to the real one and appends each write, tagged, to the memo file."""

    def __init__(self, real: BinaryIO, stream: int, recorder: Recorder) -> None:
        super().__init__()
        self.real = real
        self.stream = stream
        self.recorder = recorder

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.real.isatty()

    def fileno(self) -> int:
        return self.real.fileno()

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        block = bytes(data)
        self.real.write(block)
        self.recorder.record(self.stream, block)
        return len(block)

    def flush(self) -> None:
        self.real.flush()


class Recorder:
    """Records what is written to standard output and standard error while it is active, into a memo file."""

    def __init__(self, path: str) -> None:
        """Record into a new temporary file beside ``path``; nothing appears at ``path`` until :meth:`keep`."""
        self.path = path
        self.size = 0
        self.paused = False
        self.file: BinaryIO | None = None
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            descriptor, self.temporary = _new_file(path)
            self.file = os.fdopen(descriptor, "wb")
        except OSError:
            self.file = None

    def record(self, stream: int, data: bytes) -> None:
        """Append one write; past :data:`MAX_BYTES` the memo is given up."""
        if self.file is None or not data or self.paused:
            return
        self.size += len(data)
        if self.size > MAX_BYTES:
            self.discard()
            return
        try:
            self.file.write(_HEADER.pack(stream, len(data)))
            self.file.write(data)
        except OSError:
            self.discard()

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Send sys.stdout and sys.stderr through the recorder (as text streams like the ones they replace)."""
        saved = sys.stdout, sys.stderr
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout = _text(saved[0], STDOUT, self)
        sys.stderr = _text(saved[1], STDERR, self)
        _active.append(self)
        try:
            yield
        finally:
            _active.remove(self)
            with contextlib.suppress(ValueError, OSError):
                sys.stdout.flush()
                sys.stderr.flush()
            sys.stdout, sys.stderr = saved

    def keep(self, status: int, path: str | None = None) -> None:
        """End the memo with the exit status and put it in place, then drop all but the newest memos.

        ``path``, in the same directory, is where the memo goes when it was not known as recording began.
        """
        if self.file is None:
            return
        if path is not None:
            self.path = path
        try:
            self.file.write(_HEADER.pack(STATUS, 1) + bytes([status]))
            self.file.close()
            os.replace(self.temporary, self.path)
        except OSError:
            self.discard()
            return
        self.file = None
        keep_newest(os.path.dirname(self.path), ".memo", KEEP)

    def discard(self) -> None:
        """Give up the memo."""
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.close()
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
        self.file = None


def _new_file(path: str) -> tuple[int, str]:
    """A new file of this process's own beside ``path``, open for writing, and its name (as ``tempfile.mkstemp``).

    tempfile itself is not imported: with shutil, random, bz2 and lzma it costs a recorded run about 4 ms.
    """
    for attempt in range(100):
        temporary = f"{path}.{os.getpid()}.{time.monotonic_ns()}.{attempt}.partial"
        try:
            return os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
            ), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no new file name beside {path}")


def echo_elapsed(template: str, seconds: float) -> None:
    """Write ``template`` to standard error with :data:`SECONDS` replaced by ``seconds``, the run's wall time.

    A memo keeps the template, so that its replay states how long the replay took rather than the recorded run.
    """
    with unrecorded():
        sys.stderr.write(template.replace(SECONDS, f"{seconds:.2f}"))
    if _active:
        recorder = _active[-1]
        encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
        recorder.record(ELAPSED, template.encode(encoding, "replace"))


@contextlib.contextmanager
def unrecorded() -> Iterator[None]:
    """Write what is written meanwhile without putting it in the memo: a progress bar, which a replay does not draw."""
    recorder = _active[-1] if _active else None
    if recorder is None:
        yield
        return
    sys.stderr.flush()
    sys.stdout.flush()
    recorder.paused = True
    try:
        yield
    finally:
        with contextlib.suppress(ValueError, OSError):
            sys.stdout.flush()
            sys.stderr.flush()
        recorder.paused = False


def _text(real: object, stream: int, recorder: Recorder) -> io.TextIOWrapper:
    buffer = getattr(real, "buffer", None)
    if buffer is None:  # pragma: no cover - a text stream without bytes underneath (an IDE's console)
        raise OSError("standard streams without a byte buffer")
    return io.TextIOWrapper(
        _Tee(buffer, stream, recorder),  # type: ignore[arg-type]
        encoding=getattr(real, "encoding", None) or "utf-8",
        errors=getattr(real, "errors", None) or "strict",
        write_through=True,
    )


def keep_newest(directory: str, suffix: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently used files of ``directory`` whose names end with ``suffix``."""
    with contextlib.suppress(OSError):
        entries = [entry for entry in os.scandir(directory) if entry.name.endswith(suffix)]
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for stale in entries[keep:]:
            with contextlib.suppress(OSError):
                os.unlink(stale.path)
