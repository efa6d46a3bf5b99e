"""Reading many files fast: a content-keyed cache, worker processes, and progress reports. The I/O edge of the tool.

Each file is keyed by a hash of its path, its git blob id, the limits and the code of the tool; a file whose stat
signature is unchanged since its key was recorded is not read at all. Two kinds of entries share the key: lint
outcomes (:func:`lint_paths`, and ``diff``, which knows the blob ids of a revision without reading them) and
analysed configs (:func:`analyse_paths`, for ``show``, ``graph``, ``docs`` and ``explain``). Entries found in the
cache are reused, the others are computed (in worker processes when there are many) and stored. Output never depends
on the number of workers or on the cache: results are sorted by file. A file the stat index does not know is read,
keyed, looked up and stored by the worker that computes it: on a first run the main process reads nothing, and the
workers start on the first files found while it walks the rest of the tree.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import itertools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from promoter.collector import tune_gc
from promoter.files import (
    CHUNK_SIZE,
    MAX_JOBS,
    PARALLEL_THRESHOLD,
    STDIN,
    Discovery,
    discover,
    io_finding,
    read_config,
    worker_count,
)
from promoter.findings import Finding
from promoter.lazydataclass import dataclass
from promoter.limits import DEFAULT_LIMITS, Limits
from promoter.regularfile import read_regular_file

if TYPE_CHECKING:
    import concurrent.futures
    import hashlib
    import sqlite3

    # Imported when a file is analysed: a run answered from the cache's stat index and a memo never is.
    from promoter.analysis import ConfigResult

    # Imported when linting only: show, graph, docs and explain of one file do not pay for the lint machinery.
    from promoter.lint import FileOutcome

CACHE_FILE_NAME = "lint-cache-v1.sqlite3"
Progress = Callable[[int], None]


def default_cache_dir() -> str:
    """The user's cache directory for promoter: ``$XDG_CACHE_HOME/promoter`` or ``~/.cache/promoter``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "promoter")


@functools.cache
def code_fingerprint() -> str:
    """A hash of the tool's own code and schema: a cache entry is only valid for the code that computed it."""
    import hashlib  # noqa: PLC0415 - hashing only for a run with a cache: one config needs none

    # os.scandir rather than pathlib: importing pathlib and its rglob cost a cached run about 5 ms.
    package = os.path.dirname(os.path.realpath(__file__))
    files: list[tuple[str, str]] = []
    directories = [("", package)]
    while directories:
        relative, directory = directories.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                name = f"{relative}{entry.name}"
                if entry.is_dir():
                    directories.append((f"{name}/", entry.path))
                elif entry.name.endswith((".py", ".json")) and entry.is_file():
                    files.append((name, entry.path))
    digest = hashlib.blake2b(digest_size=16)
    # Sorted as pathlib's parts, so that the fingerprint is the one rglob gave: a directory before its own files.
    for name, path in sorted(files, key=lambda file: file[0].split("/")):
        digest.update(name.encode())
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def context_key(limits: Limits) -> str:
    """A hash of the tool's code and the limits: what every cached entry and memo depends on besides its input."""
    import hashlib  # noqa: PLC0415

    return hashlib.blake2b(f"{code_fingerprint()}|{limits!r}".encode(), digest_size=16).hexdigest()


def _signature(path: str) -> tuple[str, int] | None:
    """A file's stat signature (size, times, inode, device), and its modification time in nanoseconds."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    modified = info.st_mtime_ns
    return f"{info.st_size}:{modified}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}", modified


# A file changed within this long before its key was recorded may change again within the same timestamp tick.
RACY_NS = 2_000_000_000


def _trustworthy(remembered: tuple[str, str, int], signature: str, modified_ns: int) -> bool:
    """Whether a recorded content key still describes the file: same stat signature, and not recorded racily.

    Like git's index, a file whose modification time is too close to when its key was recorded is read again,
    since a second write within the same timestamp tick would leave the signature unchanged.
    """
    recorded_signature, _key, recorded_ns = remembered
    return recorded_signature == signature and recorded_ns - modified_ns > RACY_NS


def blob_id(raw: bytes, *, sha256: bool = False) -> str:
    """The git blob id of some bytes, as ``git hash-object`` computes it in a SHA-1 (or SHA-256) repository."""
    import hashlib  # noqa: PLC0415

    data = b"blob %d\0" % len(raw) + raw
    if sha256:
        return hashlib.sha256(data).hexdigest()
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def content_key(path: str, blob: str, limits: Limits) -> str:
    """The cache key of a file: its path, its git blob id, the limits and the tool's code.

    Keyed by the blob id, a file read from the working tree and the same bytes in a git revision share their entries,
    and ``diff`` finds them without reading the blob. The key ends with the blob id itself (see :func:`key_blob`).
    """
    return content_keys({path: blob}, limits)[path]


def content_keys(blobs: Mapping[str, str], limits: Limits) -> dict[str, str]:
    """The :func:`content_key` of many files at once (path -> blob id)."""
    prefix = _key_prefix(limits)
    keys: dict[str, str] = {}
    for path, blob in blobs.items():
        digest = prefix.copy()
        digest.update(f"{path}\0{blob}".encode("utf-8", "surrogateescape"))
        keys[path] = digest.hexdigest() + blob
    return keys


# The size in bytes of the hash a content key starts with (in hex, twice as many characters), before its blob id.
_KEY_DIGEST_SIZE = 20


def key_blob(key: str) -> str:
    """The git blob id a content key ends with: what a tree's identity is made of (see promoter.treeindex)."""
    return key[2 * _KEY_DIGEST_SIZE :]


@functools.cache
def _key_prefix(limits: Limits) -> hashlib.blake2b:
    """The hash of what every content key starts with, copied for each key: ``diff`` keys a whole revision."""
    import hashlib  # noqa: PLC0415

    digest = hashlib.blake2b(digest_size=_KEY_DIGEST_SIZE)
    digest.update(f"{code_fingerprint()}|{limits!r}|".encode())
    return digest


def _cache_key(path: str, raw: bytes, limits: Limits) -> str:
    return content_key(path, blob_id(raw), limits)


_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Kind(Generic[_T]):
    """One kind of cache entry: its table, how to compute it from a file's bytes, and its JSON form.

    ``compute`` and ``unreadable`` are module-level functions, so that worker processes can be handed them.
    """

    table: str
    compute: Callable[[str, bytes, Limits], _T]
    unreadable: Callable[[str, Finding], _T]
    file: Callable[[_T], str]
    encode: Callable[[_T], Any]
    decode: Callable[[Any], _T]
    # How the stored text becomes what ``decode`` takes: a kind may read only part of it.
    parse: Callable[[str], Any] = json.loads
    # The JSON form a worker sends back for an entry that is not stored: enough for ``parse`` and ``decode``.
    transfer_only: Callable[[_T], Any] | None = None
    # What the entries depend on besides the file (a command's output format and options): each variant of a kind
    # has entries of its own, under the content key hashed with this (see _entry_key).
    variant: str = ""
    # How to decode the text of an entry a worker has just computed (never one read from the cache): a kind whose
    # ``decode`` checks what it reads, since anyone who can write the cache can write anything, may skip that.
    decode_new: Callable[[Any], _T] | None = None
    # Whether a stored text holds all that this kind reads; one that does not is computed again, and stored in its
    # place. Entries of one table may be stored by kinds that compute less (see COUNTED_OUTCOMES).
    serves: Callable[[str], bool] | None = None

    @property
    def transfer(self) -> Callable[[_T], Any]:
        """How an entry crosses from a worker when it is not stored."""
        return self.transfer_only or self.encode


def outcome_from_bytes(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> FileOutcome:
    """Lint one file's bytes (read by the caller); never raises for bad content."""
    from promoter.lint import lint_file  # noqa: PLC0415 - the lint machinery only when linting

    return lint_file(_analysed(path, raw, limits))


def result_from_bytes(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS, *, tests: bool = True) -> ConfigResult:
    """Analyse one file's bytes (read by the caller) without keeping its YAML nodes; never raises for bad content.

    Without ``tests``, the config is decoded without the fields only its tests need (see ``decode_config``).
    """
    return dataclasses.replace(_analysed(path, raw, limits, tests=tests), document=None)


def _analysed(path: str, raw: bytes, limits: Limits, *, tests: bool = True) -> ConfigResult:
    from promoter.analysis import analyze_text, unreadable  # noqa: PLC0415

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return unreadable(path, io_finding(path, f"not UTF-8 text (byte {error.start}): cannot be a config"))
    return analyze_text(text, path, path_for_metadata=path, limits=limits, tests=tests)


def _unreadable_outcome(path: str, finding: Finding) -> FileOutcome:
    from promoter.analysis import unreadable  # noqa: PLC0415
    from promoter.lint import lint_file  # noqa: PLC0415

    return lint_file(unreadable(path, finding))


def _unreadable_result(path: str, finding: Finding) -> ConfigResult:
    from promoter.analysis import unreadable  # noqa: PLC0415

    return unreadable(path, finding)


# What json.dumps(form, separators=(",", ":")) writes. An entry's form is a tree the tool has just built, never a
# cycle: the encoder's check for one (a dict of every container it enters) was a fifth of its time.
_ENTRY_ENCODER = json.JSONEncoder(separators=(",", ":"), check_circular=False)


def entry_text(form: Any) -> str:
    """The text the cache stores for an entry's JSON form, as a worker sends it: the same bytes from every writer."""
    return _ENTRY_ENCODER.encode(form)


def _outcome_json(outcome: FileOutcome) -> dict[str, Any]:
    data = _outcome_json_without_tests(outcome)
    # The tests last: the step registry's checks need them, diff does not, and they are most of an entry's text.
    data["tests"] = [test.to_json() for test in outcome.tests]
    return data


def _outcome_json_without_tests(outcome: FileOutcome) -> dict[str, Any]:
    """An outcome's JSON form as :func:`_parse_without_tests` reads it back: its tests counted, not written."""
    data = outcome.to_json(tests=False)
    data["test_count"] = len(outcome.tests)
    data["tests"] = []
    return data


_TESTS_KEY = ',"tests":'
# How the text of an outcome stored without its tests ends (see _counted_json).
_TESTS_LEFT_OUT = ',"tests":null}'


def _parse_without_tests(text: str) -> Any:
    """An outcome's JSON form with its tests left unread (an empty list).

    The tests are the last key of an outcome's text (:func:`_outcome_json`), and the first ``,"tests":`` outside a
    string is where they start: a quote inside a JSON string is escaped, and no field before them holds a mapping
    with a key of that name. Text of another shape is read whole.
    """
    start = text.find(_TESTS_KEY)
    if start < 0:
        return json.loads(text)
    data = json.loads(text[:start] + "}")
    if isinstance(data, dict):
        data["tests"] = []
    return data


def _holds_tests(text: str) -> bool:
    """Whether a stored outcome holds its multi-stage tests: false for one a run without a step registry stored."""
    return not text.endswith(_TESTS_LEFT_OUT)


def _outcome_from_json(data: Any) -> FileOutcome:
    from promoter.lint import FileOutcome  # noqa: PLC0415

    return FileOutcome.from_json(data)


def _outcome_from_new_json(data: Any) -> FileOutcome:
    from promoter.lint import FileOutcome  # noqa: PLC0415

    return FileOutcome.from_new_json(data)


def _outcome_file(outcome: FileOutcome) -> str:
    return outcome.file


def _result_file(result: ConfigResult) -> str:
    return result.file


# The codec of results is needed only to store them or pass them between processes, never for a few files.
def _result_json(result: ConfigResult) -> Any:
    from promoter.codec import encode_result  # noqa: PLC0415

    return encode_result(result)


def _result_from_json(data: Any) -> ConfigResult:
    from promoter.codec import decode_result  # noqa: PLC0415

    return decode_result(data)


OUTCOMES: _Kind[FileOutcome] = _Kind(
    "outcomes",
    outcome_from_bytes,
    _unreadable_outcome,
    _outcome_file,
    _outcome_json,
    _outcome_from_json,
    decode_new=_outcome_from_new_json,
    serves=_holds_tests,
)
# Lint outcomes without their multi-stage tests, which only the step registry's checks read: what diff needs.
OUTCOMES_WITHOUT_TESTS = dataclasses.replace(
    OUTCOMES, parse=_parse_without_tests, transfer_only=_outcome_json_without_tests, serves=None
)


def _counted_from_bytes(path: str, raw: bytes, limits: Limits) -> tuple[FileOutcome, int]:
    """A file's lint outcome for a run without a step registry, and how many multi-stage tests it has.

    The config is decoded without what only its tests need (a tenth of the work of linting it): the outcome holds
    no tests, and the findings are the same (see :func:`promoter.decode.decode_config`).
    """
    from promoter.decode import multi_stage_count  # noqa: PLC0415 - with the rest of the analysis
    from promoter.lint import lint_file  # noqa: PLC0415 - the lint machinery only when linting

    result = _analysed(path, raw, limits, tests=False)
    document = result.document
    # Only a decoded config has tests: a Kubernetes manifest, say, has none even if it holds a list of them.
    count = multi_stage_count(document.data) if result.config is not None and document is not None else 0
    return lint_file(result), count


def _counted_unreadable(path: str, finding: Finding) -> tuple[FileOutcome, int]:
    return _unreadable_outcome(path, finding), 0


def _counted_file(entry: tuple[FileOutcome, int]) -> str:
    return entry[0].file


def _counted_json(entry: tuple[FileOutcome, int]) -> dict[str, Any]:
    """The stored form of an outcome computed without its tests: they are null, unless there are none to leave out.

    A run that checks tests against a step registry computes such an entry again (see :func:`_holds_tests`); one
    without tests is the same whichever way it was computed.
    """
    outcome, count = entry
    data = outcome.to_json(tests=False)
    data["test_count"] = count
    data["tests"] = None if count else []
    return data


def _counted_from_json(data: Any) -> tuple[FileOutcome, int]:
    return _outcome_from_json(data), int(data["test_count"])


def _counted_from_new_json(data: Any) -> tuple[FileOutcome, int]:
    return _outcome_from_new_json(data), data["test_count"]


# The entries of OUTCOMES as lint without a step registry needs them: no tests, and how many there are. It reads any
# entry of the table, and computes and stores its own without the tests.
COUNTED_OUTCOMES: _Kind[tuple[FileOutcome, int]] = _Kind(
    "outcomes",
    _counted_from_bytes,
    _counted_unreadable,
    _counted_file,
    _counted_json,
    _counted_from_json,
    parse=_parse_without_tests,
    decode_new=_counted_from_new_json,
)
RESULTS: _Kind[ConfigResult] = _Kind(
    "results", result_from_bytes, _unreadable_result, _result_file, _result_json, _result_from_json
)
# The tables of entries, one per kind.
_TABLES = ("outcomes", "results", "fragments")
_UNDECODABLE = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


class OutcomeCache:
    """Lint outcomes by content key, in one SQLite file; safe under concurrent runs, and never trusted blindly.

    A cache that cannot be opened or read is deleted and rebuilt; an entry that does not decode is treated as a miss.
    """

    def __init__(self, directory: str, *, attached: bool = False) -> None:
        """Open (or create) the cache in ``directory``.

        An ``attached`` cache is one a worker process shares with the run that opened it: it creates and deletes
        nothing, and an error only leaves it without a connection (the run's own cache decides what is broken).
        """
        # SQLite is imported with the first cache opened: a run on a few files has none, and need not pay for it.
        import sqlite3  # noqa: PLC0415

        self.path = os.path.join(directory, CACHE_FILE_NAME)
        self.connection: sqlite3.Connection | None = None
        self._database_error: type[Exception] = sqlite3.Error
        self._attached = attached
        try:
            if not attached:
                os.makedirs(directory, exist_ok=True)
            self.connection = self._open()
        except (OSError, sqlite3.Error):
            self._reset()

    def _open(self) -> sqlite3.Connection:
        import sqlite3  # noqa: PLC0415 - already imported by __init__

        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        # A cache need not survive a power loss, only stay whole: in WAL mode NORMAL syncs at checkpoints only,
        # not at each of the many small transactions of worker processes.
        connection.execute("PRAGMA synchronous=NORMAL")
        if self._attached:
            return connection  # the run that opened the cache made it, and keeps it in WAL mode
        # Takes effect only on a new file: SQLite writes outcomes (2 KB of text or so, often two to a 4 KB page)
        # with about a quarter less CPU on pages twice that size; a cold lint of 15,000 files stores 35 MB of them.
        connection.execute("PRAGMA page_size=8192")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS outcomes (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute("CREATE TABLE IF NOT EXISTS fragments (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, context TEXT NOT NULL, signature TEXT NOT NULL,"
            " key TEXT NOT NULL, recorded_ns INTEGER NOT NULL)"
        )
        # Reading one row finds a file that is not a database without scanning a whole table.
        connection.execute("SELECT key FROM outcomes LIMIT 1").fetchone()
        return connection

    def _reset(self) -> None:
        """Throw away a broken cache file and start an empty one; without a usable file, run without a cache."""
        if self.connection is not None:
            with contextlib.suppress(self._database_error):
                self.connection.close()
        self.connection = None
        if self._attached:
            return
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(self.path + suffix)
        with contextlib.suppress(OSError, self._database_error):
            self.connection = self._open()

    def get_many(self, keys: Sequence[str], *, tests: bool = True) -> dict[str, FileOutcome]:
        """The lint outcomes stored under these keys; missing and undecodable entries are left out.

        Without ``tests``, the outcomes hold no multi-stage tests (what only the step registry's checks read), and
        decode several times faster.
        """
        return self.get_entries(OUTCOMES if tests else OUTCOMES_WITHOUT_TESTS, keys)

    def get_entries(self, kind: _Kind[_T], keys: Sequence[str]) -> dict[str, _T]:
        """The entries of one kind stored under these keys; missing and undecodable entries are left out."""
        if self.connection is None or not keys:
            return {}
        found: dict[str, _T] = {}
        decode, parse, serves = kind.decode, kind.parse, kind.serves
        try:
            for key, value in self._rows(kind.table, keys):
                if serves is not None and type(value) is str and not serves(value):
                    continue
                # Whatever an entry holds (anyone who can write the cache can write it), one that does not decode
                # is a miss: deep nesting raises RecursionError, a wrong shape any of the others.
                with contextlib.suppress(*_UNDECODABLE):
                    found[key] = decode(parse(value))
        except self._database_error:
            self._reset()
            return {}
        return found

    def _rows(self, table: str, keys: Sequence[str]) -> Iterator[tuple[str, Any]]:
        """(key, value) of the entries stored under these keys in ``table``, a few hundred keys to a query."""
        assert self.connection is not None
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            marks = ",".join("?" * len(batch))
            yield from self.connection.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", batch)  # noqa: S608 - a fixed table name and placeholders

    def knows(self, context: str) -> bool:
        """Whether the stat index holds a file recorded under this code and limits; if not, it knows none (cold)."""
        if self.connection is None:
            return False
        try:
            return (
                self.connection.execute("SELECT 1 FROM files WHERE context = ? LIMIT 1", [context]).fetchone()
                is not None
            )
        except self._database_error:
            self._reset()
            return False

    def known_keys(self, paths: Sequence[str], context: str) -> dict[str, tuple[str, str, int]]:
        """For files seen before under this code and limits: path -> (stat signature, content key, time recorded)."""
        # A cache new to this code and these limits (a cold run) knows none: one query rather than one per 500.
        if self.connection is None or not paths or not self.knows(context):
            return {}
        found: dict[str, tuple[str, str, int]] = {}
        try:
            for start in range(0, len(paths), 500):
                batch = list(paths[start : start + 500])
                marks = ",".join("?" * len(batch))
                rows = self.connection.execute(
                    f"SELECT path, signature, key, recorded_ns FROM files WHERE context = ? AND path IN ({marks})",  # noqa: S608 - placeholders only
                    [context, *batch],
                )
                # Anyone who can write the cache can put anything in a row: one of the wrong types is not known.
                found.update(
                    (path, (signature, key, recorded))
                    for path, signature, key, recorded in rows
                    if type(recorded) is int and type(key) is str
                )
        except (self._database_error, ValueError, TypeError):
            self._reset()
            return {}
        return found

    def remember_keys(
        self, rows: Iterable[tuple[str, str, str]], context: str, *, recorded_ns: int | None = None
    ) -> None:
        """Record the content key of files just read, with their stat signature.

        ``recorded_ns`` is when they were read (``time.time_ns()``), by default now: what the racy-time rule of
        :func:`_trustworthy` measures from.
        """
        now = time.time_ns() if recorded_ns is None else recorded_ns
        self.store("outcomes", [], [(path, signature, key, now) for path, signature, key in rows], context)

    def put_many(self, entries: Iterable[tuple[str, FileOutcome]]) -> None:
        """Store lint outcomes; a failure to write only means the next run computes them again."""
        self.put_entries(OUTCOMES, entries)

    def put_entries(self, kind: _Kind[_T], entries: Iterable[tuple[str, _T]]) -> None:
        """Store entries of one kind; a failure to write only means the next run computes them again."""
        if self.connection is None:
            return
        encode = kind.encode
        self.put_texts(kind, [(key, entry_text(encode(entry))) for key, entry in entries])

    def put_texts(self, kind: _Kind[_T], rows: Sequence[tuple[str, str]]) -> None:
        """Store entries of one kind already in their JSON form: (key, text)."""
        self.store(kind.table, rows, (), "")

    def get_texts(
        self, table: str, keys: Sequence[str], *, serves: Callable[[str], bool] | None = None
    ) -> dict[str, str]:
        """The stored JSON form of the entries under these keys in ``table``, undecoded; missing ones are left out.

        With ``serves``, so are the texts it refuses (see ``_Kind.serves``).
        """
        if table not in _TABLES:
            raise ValueError(f"no table {table!r} in the cache")
        if self.connection is None or not keys:
            return {}
        found: dict[str, str] = {}
        try:
            found.update(
                (key, value)
                for key, value in self._rows(table, keys)
                if type(value) is str and (serves is None or serves(value))
            )
        except self._database_error:
            self._reset()
            return {}
        return found

    def store(
        self,
        table: str,
        rows: Sequence[tuple[str, str]],
        remembered: Iterable[tuple[str, str, str, int]],
        context: str,
    ) -> None:
        """In one transaction, store entries in their JSON form, (key, text), and record content keys of files read.

        ``remembered`` holds (path, stat signature, content key, when it was read in ``time.time_ns()``) under
        ``context``. A failure to write only means the next run computes the entries, or reads the files, again.
        """
        if table not in _TABLES:
            raise ValueError(f"no table {table!r} in the cache")
        if self.connection is None:
            return
        values = [(path, context, signature, key, read_ns) for path, signature, key, read_ns in remembered]
        if not rows and not values:
            return
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            if rows:
                self.connection.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", rows)  # noqa: S608 - a fixed table name
            if values:
                self.connection.executemany(
                    "INSERT OR REPLACE INTO files (path, context, signature, key, recorded_ns) VALUES (?, ?, ?, ?, ?)",
                    values,
                )
            self.connection.execute("COMMIT")
        except self._database_error:
            with contextlib.suppress(self._database_error):
                self.connection.execute("ROLLBACK")

    def close(self) -> None:
        """Close the database."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _batch(
    batch: list[tuple[str, bytes | None]],
    compute: Callable[[str, bytes, Limits], _T],
    unreadable: Callable[[str, Finding], _T],
    limits: Limits,
) -> list[_T]:
    return [_computed(path, raw, compute, unreadable, limits) for path, raw in batch]


def _computed(
    path: str,
    raw: bytes | None,
    compute: Callable[[str, bytes, Limits], _T],
    unreadable: Callable[[str, Finding], _T],
    limits: Limits,
) -> _T:
    """The entry of one file from its bytes, read here when the caller did not (None)."""
    if raw is None:
        read = _read(path, limits)
        if isinstance(read, Finding):
            return unreadable(path, read)
        raw = read
    return compute(path, raw, limits)


def _read(path: str, limits: Limits) -> bytes | Finding:
    try:
        return read_regular_file(path, limits.max_bytes)
    except OSError as error:
        return io_finding(path, f"cannot read: {error.strerror or error}")


_In = TypeVar("_In")
_Out = TypeVar("_Out")


def _chunks(items: list[_In], size: int) -> Iterator[list[_In]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _chunks_of(items: Iterable[_In], size: int, sent: collections.deque[list[_In]]) -> Iterator[list[_In]]:
    """Chunks of ``size`` items as they come, each also put at the end of ``sent``."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        sent.append(chunk)
        yield chunk


def lint_paths(
    paths: Iterable[str],
    *,
    jobs: int = 1,
    cache: OutcomeCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    keys: dict[str, str] | None = None,
) -> list[FileOutcome]:
    """Lint outcomes of every config under ``paths``, sorted by file, computed with ``jobs`` processes.

    With a cache, ``keys`` is filled with the content key of each file on disk whose outcome was computed from (or
    found under) it.
    """
    entries = _lint_entries(OUTCOMES, _same, paths, jobs=jobs, cache=cache, limits=limits, progress=progress, keys=keys)
    return sorted(entries, key=lambda outcome: outcome.file)


def lint_paths_counting_tests(
    paths: Iterable[str],
    *,
    jobs: int = 1,
    cache: OutcomeCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    keys: dict[str, str] | None = None,
) -> tuple[list[FileOutcome], int]:
    """Lint outcomes for a run without a step registry, without their multi-stage tests, and how many there are.

    Only the step registry's checks read the tests, and they are most of a cached outcome: an outcome computed here
    leaves them out (and is stored so, for :func:`lint_paths` to compute again), and one read from the cache comes
    without them, several times faster. The outcomes' ``pipeline`` and ``releases``, read with the tests, may be
    empty too. ``keys`` as for :func:`lint_paths`.
    """
    entries = _lint_entries(
        COUNTED_OUTCOMES, _counted, paths, jobs=jobs, cache=cache, limits=limits, progress=progress, keys=keys
    )
    outcomes = sorted((outcome for outcome, _ in entries), key=lambda outcome: outcome.file)
    return outcomes, sum(count for _, count in entries)


def _same(outcome: FileOutcome) -> FileOutcome:
    return outcome


def _counted(outcome: FileOutcome) -> tuple[FileOutcome, int]:
    return outcome, len(outcome.tests)


def _lint_entries(
    kind: _Kind[_T],
    entry: Callable[[FileOutcome], _T],
    paths: Iterable[str],
    *,
    jobs: int,
    cache: OutcomeCache | None,
    limits: Limits,
    progress: Progress | None,
    keys: dict[str, str] | None = None,
) -> list[_T]:
    """The entries of ``kind`` of every file under ``paths``, and of standard input (made from its outcome)."""
    tune_gc()
    from promoter.lint import lint_file  # noqa: PLC0415

    computed, files, problems = _path_entries(
        kind, paths, jobs=jobs, cache=cache, limits=limits, progress=progress, keys=keys
    )
    entries = [kind.unreadable(p.file, p) for p in problems]
    if STDIN in files:
        entries.append(entry(lint_file(read_config(STDIN, limits=limits))))
    entries.extend(computed)
    return entries


def _path_entries(
    kind: _Kind[_T],
    paths: Iterable[str],
    *,
    jobs: int,
    cache: OutcomeCache | None,
    limits: Limits,
    progress: Progress | None,
    keys: dict[str, str] | None = None,
) -> tuple[list[_T], list[str], list[Finding]]:
    """:func:`_entries` of the files under ``paths``, and the files and problems found (as :func:`discover`)."""
    paths = tuple(paths)
    if cache is not None and _cold(paths, cache, jobs, limits):
        return _streamed_entries(kind, paths, jobs=jobs, cache=cache, limits=limits, progress=progress, keys=keys)
    files, problems = _discover(paths)
    return _entries(kind, files, jobs=jobs, cache=cache, limits=limits, progress=progress, keys=keys), files, problems


def _cold(paths: tuple[str, ...], cache: OutcomeCache, jobs: int, limits: Limits) -> bool:
    """Whether a run of ``paths`` in worker processes starts them as the files are found: the cache knows none.

    Not when tree_key has already walked the tree for this run, nor with standard input among the paths.
    """
    return jobs > 1 and STDIN not in paths and paths not in _discovered and not cache.knows(context_key(limits))


def _streamed_entries(
    kind: _Kind[_T],
    paths: tuple[str, ...],
    *,
    jobs: int,
    cache: OutcomeCache,
    limits: Limits,
    progress: Progress | None,
    keys: dict[str, str] | None,
) -> tuple[list[_T], list[str], list[Finding]]:
    """:func:`_entries` of a tree the cache knows nothing of, the workers starting on the first files found.

    A cold run spent a tenth of a second walking 15,000 files before the first worker started; now the walk goes on
    while they compute. Returns the entries, and the files and problems found, as :func:`discover` gives them.
    """
    discovery = Discovery(paths)
    walk = iter(discovery)
    # Enough files to know how many workers the whole tree gets: as many as for this many.
    wanted = max(PARALLEL_THRESHOLD, min(jobs, MAX_JOBS) * CHUNK_SIZE)
    first = list(itertools.islice(walk, wanted))
    if len(first) < wanted:  # the whole tree, and a small one
        files, problems = discovery.result()
        _note_discovered(paths, files, problems)
        return (
            _entries(kind, files, jobs=jobs, cache=cache, limits=limits, progress=progress, keys=keys),
            files,
            problems,
        )
    found = _Identified(keys={}, contents={}, unreadable=[], unknown=[])
    work: list[tuple[str, bytes | None]] = [(path, None) for path in first]
    computed = _compute_stored(kind, work, found, jobs=jobs, limits=limits, progress=progress, cache=cache, more=walk)
    files, problems = discovery.result()
    _note_discovered(paths, files, problems)
    _identified_by_run(files, found, limits, keys)
    return computed, files, problems


def analyse_paths(
    paths: Iterable[str],
    *,
    commit: str | None = None,
    jobs: int = 1,
    cache: OutcomeCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[ConfigResult]:
    """Every config under ``paths`` analysed (without its YAML nodes), sorted by file; problems never stop the run.

    The same results as :func:`promoter.files.read_configs`, from the cache for files seen before. Results are
    cached without a commit; with ``commit``, the promotion of each config is computed again for that commit.
    """
    from promoter.analysis import unreadable, with_commit  # noqa: PLC0415

    tune_gc()
    computed, files, problems = _path_entries(RESULTS, paths, jobs=jobs, cache=cache, limits=limits, progress=None)
    results = [unreadable(problem.file, problem) for problem in problems]
    if STDIN in files:
        results.append(dataclasses.replace(read_config(STDIN, limits=limits), document=None))
    results.extend(computed)
    if commit is not None:
        results = [with_commit(result, commit) for result in results]
    return sorted(results, key=lambda result: result.file)


def rendered_paths(
    paths: Iterable[str],
    render: Callable[[ConfigResult], _T],
    *,
    encode: Callable[[_T], Any],
    decode: Callable[[Any], _T],
    file: Callable[[_T], str],
    variant: str,
    jobs: int = 1,
    cache: OutcomeCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    decode_new: Callable[[Any], _T] | None = None,
) -> list[_T]:
    """What ``render`` makes of every config under ``paths`` (analysed as by :func:`analyse_paths`), sorted by file.

    For a command that needs only part of each analysed config (a text block, rows of a table): each config is
    analysed and rendered where it is read, in the workers when there are some, so that only what the command
    prints crosses to this process, which no longer decodes whole configs. Entries are cached apart for each
    ``variant``, which names everything ``render`` depends on besides the config. ``render``, ``encode`` (to the
    JSON form) and ``decode`` (from it) must be picklable: module-level functions, or partials of them.
    ``decode_new``, when given, decodes what a worker has just rendered, as ``decode`` does without its checks.
    The configs are decoded without what only their tests need (see ``Config.with_tests``): ``render`` runs
    without a step registry.
    """
    tune_gc()
    kind = _Kind(
        "fragments",
        functools.partial(_rendered_from_bytes, render=render),
        functools.partial(_rendered_unreadable, render=render),
        file,
        encode,
        decode,
        variant=variant,
        decode_new=decode_new,
    )
    computed, files, problems = _path_entries(kind, paths, jobs=jobs, cache=cache, limits=limits, progress=None)
    entries = [kind.unreadable(problem.file, problem) for problem in problems]
    if STDIN in files:
        entries.append(render(dataclasses.replace(read_config(STDIN, limits=limits), document=None)))
    entries.extend(computed)
    return sorted(entries, key=file)


def _rendered_from_bytes(path: str, raw: bytes, limits: Limits, *, render: Callable[[ConfigResult], _T]) -> _T:
    # Every render runs without a step registry, so nothing reads a config's tests (see Config.with_tests).
    return render(result_from_bytes(path, raw, limits, tests=False))


def _rendered_unreadable(path: str, finding: Finding, *, render: Callable[[ConfigResult], _T]) -> _T:
    return render(_unreadable_result(path, finding))


def _entries(
    kind: _Kind[_T],
    files: list[str],
    *,
    jobs: int,
    cache: OutcomeCache | None,
    limits: Limits,
    progress: Progress | None,
    keys: dict[str, str] | None = None,
) -> list[_T]:
    """The entries of every file on disk among ``files``: from the cache when it has them, else computed and stored.

    ``keys``, when given, is filled with the content key of each entry's file (see :func:`lint_paths`).

    This process looks up the files the cache's stat index knows; every other file is read, keyed, looked up and
    computed where it is computed (in the workers when there are some), so that on a cold run they start at once
    rather than after this process has read and hashed the whole tree alone.
    """
    on_disk = [path for path in files if path != STDIN]
    if cache is None:
        # Nothing to look up or store: each file is read where it is computed.
        unread: list[tuple[str, bytes | None]] = [(path, None) for path in on_disk]
        return _compute(kind, unread, jobs=jobs, limits=limits, progress=progress)
    found = _identify(on_disk, cache, limits, read=False)
    entries = [kind.unreadable(path, finding) for path, finding in found.unreadable]
    cached = cache.get_entries(kind, [_entry_key(key, kind.variant) for key in found.keys.values()])
    work: list[tuple[str, bytes | None]] = []
    for path, key in found.keys.items():
        entry_key = _entry_key(key, kind.variant)
        if entry_key in cached:
            entries.append(cached[entry_key])
        else:
            # Read for the tree's key, or known only by its stat signature and gone from the cache: computed after
            # all (a file not read yet is read again where it is computed).
            work.append((path, found.contents.get(path)))
    found.contents.clear()  # the work holds what is still needed
    work.extend((path, None) for path in found.unknown)
    found.unknown.clear()
    if progress is not None:
        progress(len(entries))
    entries.extend(_compute_stored(kind, work, found, jobs=jobs, limits=limits, progress=progress, cache=cache))
    _identified_by_run(on_disk, found, limits, keys)
    return entries


def _identified_by_run(files: list[str], found: _Identified, limits: Limits, keys: dict[str, str] | None) -> None:
    """What a run found of its ``files`` (on disk): their content keys into ``keys``, and all of it for tree_key."""
    if keys is not None:
        keys.update(found.keys)
    ran = (context_key(limits), tuple(files))
    if ran in _ran:  # tree_key deferred the key of this tree to this run
        _ran[ran] = found


def _entry_key(key: str, variant: str) -> str:
    """The key of an entry for the file of content key ``key``: the content key, or it hashed with ``variant``."""
    if not variant:
        return key
    import hashlib  # noqa: PLC0415

    return hashlib.blake2b(f"{key}|{variant}".encode(), digest_size=20).hexdigest()


# What tree_key returns for a tree most of whose files the stat index does not know (a cold run): the key is not
# worth reading the tree in this process alone for, so it is found by the run (see ran_tree_key).
DEFERRED = "deferred: found by the run"


def tree_key(paths: Iterable[str], cache: OutcomeCache, limits: Limits, *, defer: bool = False) -> str | None:
    """A hash of everything the configs under ``paths`` are: each file's path and content key, and the problems.

    Found from the cache's stat index without reading unchanged files (and recorded for the run that follows);
    None when standard input is among the paths, which has no key. The files found and the bytes read are handed to
    the next :func:`lint_paths` or :func:`analyse_paths` of the same paths, the run this key is for, so that it does
    not walk, read and hash again; :func:`forget_identified` drops them when that run does not happen.

    With ``defer``, when the stat index knows fewer than half of the files, nothing is read and :data:`DEFERRED`
    is returned: the run reads each file where it computes it, and :func:`ran_tree_key` then gives the key of what
    it read. When it knows none of this code and limits, the tree is not even walked here: the run walks it.
    """
    paths = tuple(paths)
    forget_identified()
    context = context_key(limits)
    if defer and STDIN not in paths and not cache.knows(context):
        # The cache knows no file of this code: the run walks the tree itself, and starts on the first files found.
        _deferred[paths] = (context, None, None)
        return DEFERRED
    files, problems = discover(paths)
    if STDIN in files:
        return None
    _discovered[paths] = (files, problems)
    found = _identify(files, cache, limits, read=False)
    # The run that follows needs the same keys, and the bytes of every file read here.
    _identified[(context, tuple(files))] = found
    if defer and 2 * len(found.unknown) > len(files):
        _deferred[paths] = (context, files, problems)
        _ran[(context, tuple(files))] = None
        return DEFERRED
    _read_unknown(found, cache, limits)
    return _tree_digest(context, files, found, problems)


def ran_tree_key(paths: Iterable[str], limits: Limits) -> str | None:
    """The key :func:`tree_key` deferred for ``paths``: that of what the run of them that followed read, or None.

    None when no run of the same paths and limits followed (nothing is known of what it read).
    """
    deferred = _deferred.pop(tuple(paths), None)
    if deferred is None:
        return None
    context, files, problems = deferred
    if files is None or problems is None or context != context_key(limits):
        return None  # the run did not walk the tree
    found = _ran.pop((context, tuple(files)), None)
    if found is None:
        return None
    return _tree_digest(context, files, found, problems)


def _tree_digest(context: str, files: list[str], found: _Identified, problems: list[Finding]) -> str:
    import hashlib  # noqa: PLC0415

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{context}\0".encode())
    keys = found.keys
    digest.update("".join([f"{path}\0{keys.get(path, '-')}\n" for path in files]).encode("utf-8", "surrogateescape"))
    # Files are read in any order (by workers): the unreadable ones are hashed in file order.
    unreadable = sorted(found.unreadable, key=lambda item: item[0])
    for path, finding in [*unreadable, *((problem.file, problem) for problem in problems)]:
        digest.update(f"{path}\0{finding.message}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass(slots=True)
class _Identified:
    """What is known of a tree's files: content keys, the bytes of those read, the unreadable, and the unknown.

    ``unknown`` files are neither trusted by the stat index nor read yet; the run reads them, and fills in ``keys``
    and ``unreadable``.
    """

    keys: dict[str, str]
    contents: dict[str, bytes]
    unreadable: list[tuple[str, Finding]]
    unknown: list[str]


# What tree_key found and identified, for the run it keys: a cold run reads and hashes each file once, and walks
# the tree once.
_identified: dict[tuple[str, tuple[str, ...]], _Identified] = {}
_discovered: dict[tuple[str, ...], tuple[list[str], list[Finding]]] = {}
# Trees whose key tree_key deferred to the run (context, files, problems), and what that run identified.
# Files and problems are None until the run has walked the tree, when tree_key did not (see _note_discovered).
_deferred: dict[tuple[str, ...], tuple[str, list[str] | None, list[Finding] | None]] = {}
_ran: dict[tuple[str, tuple[str, ...]], _Identified | None] = {}


def forget_identified() -> None:
    """Drop what :func:`tree_key` identified for a run that did not happen (its output was replayed, or it failed)."""
    _identified.clear()
    _discovered.clear()
    _deferred.clear()
    _ran.clear()


def _discover(paths: Iterable[str]) -> tuple[list[str], list[Finding]]:
    """:func:`promoter.files.discover`, or what tree_key found for the same paths just before."""
    paths = tuple(paths)
    found = _discovered.pop(paths, None)
    if found is None:
        found = discover(paths)
        _note_discovered(paths, *found)
    return found


def _note_discovered(paths: tuple[str, ...], files: list[str], problems: list[Finding]) -> None:
    """A run walked ``paths``: when tree_key deferred their key without walking them, the run is to find it."""
    deferred = _deferred.get(paths)
    if deferred is not None and deferred[1] is None:
        _deferred[paths] = (deferred[0], files, problems)
        _ran[(deferred[0], tuple(files))] = None


def _identify(files: list[str], cache: OutcomeCache, limits: Limits, *, read: bool = True) -> _Identified:
    """The content key of every file: from the cache's stat index when the file is unchanged, else by reading it.

    Without ``read``, files the stat index does not vouch for are left ``unknown``.
    """
    context = context_key(limits)
    handed = _identified.pop((context, tuple(files)), None)
    if handed is not None:
        if read:
            _read_unknown(handed, cache, limits)
        return handed
    known = cache.known_keys(files, context)
    found = _Identified(keys={}, contents={}, unreadable=[], unknown=[])
    for path in files:
        remembered = known.get(path)
        if remembered is not None:
            stat = _signature(path)
            if stat is not None and _trustworthy(remembered, *stat):
                found.keys[path] = remembered[1]
                continue
        found.unknown.append(path)
    if read:
        _read_unknown(found, cache, limits)
    return found


def _read_unknown(found: _Identified, cache: OutcomeCache, limits: Limits) -> None:
    """Read and key the unknown files, and record their keys in the stat index."""
    fresh: list[tuple[str, str, str]] = []
    for path in found.unknown:
        stat = _signature(path)
        raw = _read(path, limits)
        if isinstance(raw, Finding):
            found.unreadable.append((path, raw))
            continue
        found.keys[path] = _cache_key(path, raw, limits)
        found.contents[path] = raw
        if stat is not None:
            fresh.append((path, stat[0], found.keys[path]))
    found.unknown = []
    if fresh:
        cache.remember_keys(fresh, context_key(limits))


def _compute(
    kind: _Kind[_T], misses: list[tuple[str, bytes | None]], *, jobs: int, limits: Limits, progress: Progress | None
) -> list[_T]:
    """Compute the entries of files without a cache.

    Worker processes send back each entry as JSON text holding what this run reads back (``kind.transfer``): it
    crosses the process boundary faster than the objects, and the main process only decodes it (the codec of
    analysed configs interns text, so a tree's entries share their strings).
    """
    if worker_count(jobs, len(misses)):
        work = functools.partial(
            _text_batch, compute=kind.compute, unreadable=kind.unreadable, encode=kind.transfer, limits=limits
        )
        computed: list[_T] = []
        decode = kind.decode_new or kind.decode
        # Each batch is decoded as it arrives, while the workers go on with the next ones.
        for batch in iter_batches(work, misses, jobs=jobs, progress=progress):
            computed.extend(decode(kind.parse(text)) for text in batch)
        return computed
    return map_batches(
        functools.partial(_batch, compute=kind.compute, unreadable=kind.unreadable, limits=limits),
        misses,
        jobs=1,
        progress=progress,
    )


# Entries computed for the cache are stored a few hundred at a time, one transaction each: the last ones are stored
# once the workers are done, while nothing else runs.
STORE_BATCH = 512


def _compute_stored(
    kind: _Kind[_T],
    work: list[tuple[str, bytes | None]],
    found: _Identified,
    *,
    jobs: int,
    limits: Limits,
    progress: Progress | None,
    cache: OutcomeCache,
    more: Iterable[str] = (),
) -> list[_T]:
    """The entries of files not found in the cache yet; their content keys and problems go into ``found``.

    Each file is read (unless its bytes are given) and keyed, its entry looked up, else computed; this process
    stores the new entries and records the keys of the files read, a few thousand to a transaction. Worker
    processes read, key, look up and compute their files, and send back each entry in its cache form, JSON text: it
    crosses the process boundary faster than the objects, and this process only decodes it. ``more`` are files
    still being found after ``work`` (never with too few files for workers): handed to the workers as they come.
    """
    store = _Store(cache, kind.table, kind.variant, context_key(limits), found)
    if not worker_count(jobs, len(work)):
        work.extend((path, None) for path in more)
        computed = _compute_here(kind, work, store, limits=limits, progress=progress)
        store.flush()
        return computed
    job = functools.partial(
        _looked_up_texts,
        table=kind.table,
        variant=kind.variant,
        compute=kind.compute,
        unreadable=kind.unreadable,
        encode=kind.encode,
        serves=kind.serves,
        directory=None if cache.connection is None else os.path.dirname(cache.path),
        limits=limits,
    )
    computed = []
    # The chunks handed to the workers, in order: each batch that comes back is the computed first of them.
    sent: collections.deque[list[tuple[str, bytes | None]]] = collections.deque()
    chunks = _chunks_of(itertools.chain(work, ((path, None) for path in more)), CHUNK_SIZE, sent)
    # Each batch is decoded and stored as it arrives, while the workers go on with the next ones.
    for texts in _pool_batches(job, chunks, worker_count(jobs, len(work)), progress):
        for (path, _), (text, key, problem, signature, read_ns, new) in zip(sent.popleft(), texts, strict=True):
            store.note(path, key, problem, signature, read_ns)
            try:
                entry = (kind.decode_new or kind.decode)(kind.parse(text)) if new else kind.decode(kind.parse(text))
            except _UNDECODABLE:
                # A stored entry that does not decode is a miss: computed again here, and stored in its place.
                entry = _computed(path, None, kind.compute, kind.unreadable, limits)
                if key is not None:
                    store.put(key, entry_text(kind.encode(entry)))
            else:
                if new and key is not None:
                    store.put(key, text)
            computed.append(entry)
    store.flush()
    return computed


def _compute_here(
    kind: _Kind[_T],
    work: list[tuple[str, bytes | None]],
    store: _Store,
    *,
    limits: Limits,
    progress: Progress | None,
) -> list[_T]:
    """:func:`_compute_stored` in this process."""
    computed: list[_T] = []
    for chunk in _chunks(work, CHUNK_SIZE):
        read = _read_chunk(chunk, limits)
        stored = store.cache.get_entries(kind, [_entry_key(key, kind.variant) for key in read.keys if key is not None])
        for (path, _), raw, key, problem, signature in zip(
            chunk, read.raws, read.keys, read.problems, read.signatures, strict=True
        ):
            store.note(path, key, problem, signature, read.read_ns)
            if raw is None or key is None:
                assert problem is not None
                computed.append(kind.unreadable(path, problem))
                continue
            entry = stored.get(_entry_key(key, kind.variant))
            if entry is None:
                entry = kind.compute(path, raw, limits)
                store.put(key, entry_text(kind.encode(entry)))
            computed.append(entry)
        if progress is not None:
            progress(len(chunk))
    return computed


class _Store:
    """New entries and the keys of files read, stored a few thousand at a time (one transaction each)."""

    def __init__(self, cache: OutcomeCache, table: str, variant: str, context: str, found: _Identified) -> None:
        self.cache = cache
        self.table = table
        self.variant = variant
        self.context = context
        self.found = found
        self.rows: list[tuple[str, str]] = []
        self.remembered: list[tuple[str, str, str, int]] = []

    def note(self, path: str, key: str | None, problem: Finding | None, signature: str | None, read_ns: int) -> None:
        """A file read at ``read_ns``: its content key, or the problem that kept it from being read.

        The key is recorded in the stat index with the signature the file had before it was read, if it had one.
        """
        if key is None:
            assert problem is not None
            self.found.unreadable.append((path, problem))
            self.found.keys.pop(path, None)  # known by the stat index, perhaps, but unreadable now
            return
        self.found.keys[path] = key
        if signature is not None:
            self.remembered.append((path, signature, key, read_ns))

    def put(self, key: str, text: str) -> None:
        """Store the JSON form of the entry of the file of content key ``key``."""
        self.rows.append((_entry_key(key, self.variant), text))
        if len(self.rows) >= STORE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Store what is waiting."""
        self.cache.store(self.table, self.rows, self.remembered, self.context)
        self.rows = []
        self.remembered = []


@dataclass(slots=True)
class _Chunk:
    """A chunk of files read and keyed: per file its bytes and key, or the problem that kept it from being read."""

    raws: list[bytes | None]
    keys: list[str | None]
    problems: list[Finding | None]
    # The stat signature of each file read here, taken before it was read, and when the chunk was read.
    signatures: list[str | None]
    read_ns: int


def _read_chunk(chunk: list[tuple[str, bytes | None]], limits: Limits) -> _Chunk:
    read = _Chunk(raws=[], keys=[], problems=[], signatures=[], read_ns=0)
    for path, given in chunk:
        raw = given
        signature = None
        if raw is None:
            # The signature before the bytes: a file written meanwhile gets a signature the next run does not trust.
            stat = _signature(path)
            got = _read(path, limits)
            if isinstance(got, Finding):
                read.raws.append(None)
                read.keys.append(None)
                read.problems.append(got)
                read.signatures.append(None)
                continue
            raw = got
            signature = None if stat is None else stat[0]
        read.raws.append(raw)
        read.keys.append(_cache_key(path, raw, limits))
        read.problems.append(None)
        read.signatures.append(signature)
    read.read_ns = time.time_ns()
    return read


# The cache a worker process looks entries up in, by directory, opened once per process.
_attached: dict[str, tuple[int, OutcomeCache]] = {}


def _attached_cache(directory: str) -> OutcomeCache:
    held = _attached.get(directory)
    # A process forked from one that held a connection must not use that connection: it opens its own.
    if held is None or held[0] != os.getpid():
        held = (os.getpid(), OutcomeCache(directory, attached=True))
        _attached[directory] = held
    return held[1]


def _looked_up_texts(
    chunk: list[tuple[str, bytes | None]],
    *,
    table: str,
    variant: str = "",
    compute: Callable[[str, bytes, Limits], _T],
    unreadable: Callable[[str, Finding], _T],
    encode: Callable[[_T], Any],
    serves: Callable[[str], bool] | None = None,
    directory: str | None,
    limits: Limits,
) -> list[tuple[str, str | None, Finding | None, str | None, int, bool]]:
    """One chunk of :func:`_compute_stored` in a worker: each file's entry as JSON text, and how it was found.

    That is, for each file: the text, its content key or the problem that kept it from being read, its stat
    signature, when it was read, and whether the entry is new (computed here, not found in the cache). A stored
    entry is sent as it is stored, undecoded: the run decodes it, and computes it again if it does not decode. One
    that does not hold all the kind reads (``serves``) is not looked up: it is computed here again.
    """
    cache = None if directory is None else _attached_cache(directory)
    read = _read_chunk(chunk, limits)
    entry_keys = [None if key is None else _entry_key(key, variant) for key in read.keys]
    stored = (
        {} if cache is None else cache.get_texts(table, [key for key in entry_keys if key is not None], serves=serves)
    )
    done: list[tuple[str, str | None, Finding | None, str | None, int, bool]] = []
    for (path, _), raw, key, entry_key, problem, signature in zip(
        chunk, read.raws, read.keys, entry_keys, read.problems, read.signatures, strict=True
    ):
        if raw is None or key is None or entry_key is None:
            assert problem is not None
            text = entry_text(encode(unreadable(path, problem)))
            done.append((text, None, problem, None, read.read_ns, False))
            continue
        found = stored.get(entry_key)
        if found is not None:
            done.append((found, key, None, signature, read.read_ns, False))
            continue
        text = entry_text(encode(compute(path, raw, limits)))
        done.append((text, key, None, signature, read.read_ns, True))
    return done


def map_batches(
    work: Callable[[list[_In]], list[_Out]], items: list[_In], *, jobs: int, progress: Progress | None = None
) -> list[_Out]:
    """``work`` over batches of ``CHUNK_SIZE`` items, in order; in worker processes when the work is worth it.

    The one worker pool of the tool (lint, diff, show, docs, graph): never more processes than chunks of work or
    ``MAX_JOBS``. ``work`` must be picklable (a module-level function, or a ``functools.partial`` of one).
    """
    results: list[_Out] = []
    for batch in iter_batches(work, items, jobs=jobs, progress=progress):
        results.extend(batch)
    return results


def iter_batches(
    work: Callable[[list[_In]], list[_Out]], items: list[_In], *, jobs: int, progress: Progress | None = None
) -> Iterator[list[_Out]]:
    """:func:`map_batches` one batch at a time, in order, as each is done."""
    workers = worker_count(jobs, len(items))
    if workers:
        yield from _pool_batches(work, _chunks(items, CHUNK_SIZE), workers, progress)
        return
    for chunk in _chunks(items, CHUNK_SIZE):
        batch = work(chunk)
        if progress is not None:
            progress(len(batch))
        yield batch


def _pool_batches(
    work: Callable[[list[_In]], list[_Out]], chunks: Iterable[list[_In]], workers: int, progress: Progress | None
) -> Iterator[list[_Out]]:
    """``work`` over ``chunks`` in ``workers`` processes: each batch in order, as it is done.

    The workers start with the first chunk, while ``chunks`` may still be coming (files being found).
    """
    import concurrent.futures  # noqa: PLC0415 - a pool only for work worth one; one file needs none

    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=tune_gc) as pool:
        _widen_results_pipe(pool)
        for batch in pool.map(work, chunks):
            if progress is not None:
                progress(len(batch))
            yield batch


# The most a process may make a pipe hold without privileges, by default (Linux's fs.pipe-max-size).
RESULTS_PIPE_BYTES = 1 << 20


def _widen_results_pipe(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Let the pipe that brings the workers' batches back hold a few of them (1 MB rather than 64 KB), on Linux.

    A batch of lint outcomes is about 150 KB of text: into a 64 KB pipe, a worker writes it in parts, each once this
    process has read the one before, and the other worker waits for the pipe's lock meanwhile. On a busy machine
    that took 6 ms a batch, 1.4 s of a cold lint of 15,000 files. Best effort: the pool works the same without it.
    """
    try:
        import fcntl  # noqa: PLC0415 - POSIX only
    except ImportError:  # pragma: no cover - Windows
        return
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if writer is None or set_size is None:
        return
    with contextlib.suppress(OSError, ValueError):
        fcntl.fcntl(writer.fileno(), set_size, RESULTS_PIPE_BYTES)


def _text_batch(
    batch: list[tuple[str, bytes | None]],
    compute: Callable[[str, bytes, Limits], _T],
    unreadable: Callable[[str, Finding], _T],
    encode: Callable[[_T], Any],
    limits: Limits,
) -> list[str]:
    return [entry_text(encode(_computed(path, raw, compute, unreadable, limits))) for path, raw in batch]


def stderr_is_interactive() -> bool:
    """Whether a progress bar may be drawn: a terminal, and not a CI job."""
    return sys.stderr.isatty() and not os.environ.get("CI")
