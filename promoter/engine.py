"""Reading many files fast: a content-keyed cache, worker processes, and progress reports. The I/O edge of the tool.

Each file is keyed by a hash of its path, its git blob id, the limits and the code of the tool; a file whose stat
signature is unchanged since its key was recorded is not read at all. Two kinds of entries share the key: lint
outcomes (:func:`lint_paths`, and ``diff``, which knows the blob ids of a revision without reading them) and
analysed configs (:func:`analyse_paths`, for ``show``, ``graph``, ``docs`` and ``explain``). Entries found in the
cache are reused, the others are computed (in worker processes when there are many) and stored. Output never depends
on the number of workers or on the cache: results are sorted by file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from promoter.collector import tune_gc
from promoter.files import CHUNK_SIZE, STDIN, discover, io_finding, read_config, worker_count
from promoter.findings import Finding
from promoter.lazydataclass import dataclass
from promoter.limits import DEFAULT_LIMITS, Limits
from promoter.regularfile import read_regular_file

if TYPE_CHECKING:
    import hashlib
    import sqlite3

    # Imported when a file is analysed: a run answered from the cache's stat index and a memo never is.
    from promoter.analysis import ConfigResult

    # Imported when linting only: show, graph, docs and explain of one file do not pay for the lint machinery.
    from promoter.lint import FileOutcome

# Entries computed by workers are stored a few thousand at a time: one transaction each.
STORE_BATCH = 4096
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
    from pathlib import Path  # noqa: PLC0415

    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
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
    and ``diff`` finds them without reading the blob.
    """
    return content_keys({path: blob}, limits)[path]


def content_keys(blobs: Mapping[str, str], limits: Limits) -> dict[str, str]:
    """The :func:`content_key` of many files at once (path -> blob id): ``diff`` keys every file of a revision."""
    prefix = _key_prefix(limits)
    keys: dict[str, str] = {}
    for path, blob in blobs.items():
        digest = prefix.copy()
        digest.update(f"{path}\0{blob}".encode("utf-8", "surrogateescape"))
        keys[path] = digest.hexdigest()
    return keys


@functools.cache
def _key_prefix(limits: Limits) -> hashlib.blake2b:
    """The hash of what every content key starts with, copied for each key: ``diff`` keys a whole revision."""
    import hashlib  # noqa: PLC0415

    digest = hashlib.blake2b(digest_size=20)
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

    @property
    def transfer(self) -> Callable[[_T], Any]:
        """How an entry crosses from a worker when it is not stored."""
        return self.transfer_only or self.encode


def outcome_from_bytes(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> FileOutcome:
    """Lint one file's bytes (read by the caller); never raises for bad content."""
    from promoter.lint import lint_file  # noqa: PLC0415 - the lint machinery only when linting

    return lint_file(_analysed(path, raw, limits))


def result_from_bytes(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> ConfigResult:
    """Analyse one file's bytes (read by the caller) without keeping its YAML nodes; never raises for bad content."""
    return dataclasses.replace(_analysed(path, raw, limits), document=None)


def _analysed(path: str, raw: bytes, limits: Limits) -> ConfigResult:
    from promoter.analysis import analyze_text, unreadable  # noqa: PLC0415

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return unreadable(path, io_finding(path, f"not UTF-8 text (byte {error.start}): cannot be a config"))
    return analyze_text(text, path, path_for_metadata=path, limits=limits)


def _unreadable_outcome(path: str, finding: Finding) -> FileOutcome:
    from promoter.analysis import unreadable  # noqa: PLC0415
    from promoter.lint import lint_file  # noqa: PLC0415

    return lint_file(unreadable(path, finding))


def _unreadable_result(path: str, finding: Finding) -> ConfigResult:
    from promoter.analysis import unreadable  # noqa: PLC0415

    return unreadable(path, finding)


def _outcome_json(outcome: FileOutcome) -> dict[str, Any]:
    data = outcome.to_json()
    tests = data.pop("tests")
    data["test_count"] = len(tests)
    # The tests last: the step registry's checks need them, diff does not, and they are most of an entry's text.
    data["tests"] = tests
    return data


def _outcome_json_without_tests(outcome: FileOutcome) -> dict[str, Any]:
    """An outcome's JSON form as :func:`_parse_without_tests` reads it back: its tests counted, not written."""
    data = outcome.to_json()
    data["test_count"] = len(data.pop("tests"))
    data["tests"] = []
    return data


_TESTS_KEY = ',"tests":['


def _parse_without_tests(text: str) -> Any:
    """An outcome's JSON form with its tests left unread (an empty list).

    The tests are the last key of an outcome's text (:func:`_outcome_json`), and the first ``,"tests":[`` outside a
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


def _outcome_from_json(data: Any) -> FileOutcome:
    from promoter.lint import FileOutcome  # noqa: PLC0415

    return FileOutcome.from_json(data)


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
    "outcomes", outcome_from_bytes, _unreadable_outcome, _outcome_file, _outcome_json, _outcome_from_json
)
# Lint outcomes without their multi-stage tests, which only the step registry's checks read: what diff needs.
OUTCOMES_WITHOUT_TESTS = dataclasses.replace(
    OUTCOMES, parse=_parse_without_tests, transfer_only=_outcome_json_without_tests
)


def _counted_from_bytes(path: str, raw: bytes, limits: Limits) -> tuple[FileOutcome, int]:
    return _counted(outcome_from_bytes(path, raw, limits))


def _counted_unreadable(path: str, finding: Finding) -> tuple[FileOutcome, int]:
    return _unreadable_outcome(path, finding), 0


def _counted_file(entry: tuple[FileOutcome, int]) -> str:
    return entry[0].file


def _counted_json(entry: tuple[FileOutcome, int]) -> dict[str, Any]:
    return _outcome_json(entry[0])


def _counted_json_without_tests(entry: tuple[FileOutcome, int]) -> dict[str, Any]:
    return _outcome_json_without_tests(entry[0])


def _counted_from_json(data: Any) -> tuple[FileOutcome, int]:
    return _outcome_from_json(data), int(data["test_count"])


# The same entries as OUTCOMES, read as lint without a step registry needs them: no tests, and how many there are.
COUNTED_OUTCOMES: _Kind[tuple[FileOutcome, int]] = _Kind(
    "outcomes",
    _counted_from_bytes,
    _counted_unreadable,
    _counted_file,
    _counted_json,
    _counted_from_json,
    parse=_parse_without_tests,
    transfer_only=_counted_json_without_tests,
)
RESULTS: _Kind[ConfigResult] = _Kind(
    "results", result_from_bytes, _unreadable_result, _result_file, _result_json, _result_from_json
)
_UNDECODABLE = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


class OutcomeCache:
    """Lint outcomes by content key, in one SQLite file; safe under concurrent runs, and never trusted blindly.

    A cache that cannot be opened or read is deleted and rebuilt; an entry that does not decode is treated as a miss.
    """

    def __init__(self, directory: str) -> None:
        """Open (or create) the cache in ``directory``."""
        # SQLite is imported with the first cache opened: a run on a few files has none, and need not pay for it.
        import sqlite3  # noqa: PLC0415

        self.path = os.path.join(directory, CACHE_FILE_NAME)
        self.connection: sqlite3.Connection | None = None
        self._database_error: type[Exception] = sqlite3.Error
        try:
            os.makedirs(directory, exist_ok=True)
            self.connection = self._open()
        except (OSError, sqlite3.Error):
            self._reset()

    def _open(self) -> sqlite3.Connection:
        import sqlite3  # noqa: PLC0415 - already imported by __init__

        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS outcomes (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
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
        decode, parse = kind.decode, kind.parse
        try:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self.connection.execute(f"SELECT key, value FROM {kind.table} WHERE key IN ({marks})", batch)  # noqa: S608 - a fixed table name and placeholders
                for key, value in rows:
                    # Whatever an entry holds (anyone who can write the cache can write it), one that does not
                    # decode is a miss: deep nesting raises RecursionError, a wrong shape any of the others.
                    with contextlib.suppress(*_UNDECODABLE):
                        found[key] = decode(parse(value))
        except self._database_error:
            self._reset()
            return {}
        return found

    def known_keys(self, paths: Sequence[str], context: str) -> dict[str, tuple[str, str, int]]:
        """For files seen before under this code and limits: path -> (stat signature, content key, time recorded)."""
        if self.connection is None or not paths:
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

    def remember_keys(self, rows: Iterable[tuple[str, str, str]], context: str) -> None:
        """Record the content key of files just read, with their stat signature."""
        if self.connection is None:
            return
        now = time.time_ns()
        values = [(path, context, signature, key, now) for path, signature, key in rows]
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.executemany(
                "INSERT OR REPLACE INTO files (path, context, signature, key, recorded_ns) VALUES (?, ?, ?, ?, ?)",
                values,
            )
            self.connection.execute("COMMIT")
        except self._database_error:
            with contextlib.suppress(self._database_error):
                self.connection.execute("ROLLBACK")

    def put_many(self, entries: Iterable[tuple[str, FileOutcome]]) -> None:
        """Store lint outcomes; a failure to write only means the next run computes them again."""
        self.put_entries(OUTCOMES, entries)

    def put_entries(self, kind: _Kind[_T], entries: Iterable[tuple[str, _T]]) -> None:
        """Store entries of one kind; a failure to write only means the next run computes them again."""
        if self.connection is None:
            return
        encode = kind.encode
        self.put_texts(kind, [(key, json.dumps(encode(entry), separators=(",", ":"))) for key, entry in entries])

    def put_texts(self, kind: _Kind[_T], rows: Sequence[tuple[str, str]]) -> None:
        """Store entries of one kind already in their JSON form: (key, text)."""
        if self.connection is None:
            return
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.executemany(f"INSERT OR REPLACE INTO {kind.table} (key, value) VALUES (?, ?)", rows)  # noqa: S608 - a fixed table name
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
    """Lint outcomes for a run without a step registry, whose multi-stage tests may be left out, and their number.

    The tests are most of a cached outcome and only the step registry's checks read them; an outcome read from the
    cache or from a worker comes without them, several times faster. ``keys`` as for :func:`lint_paths`.
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
    files, problems = _discover(paths)
    from promoter.lint import lint_file  # noqa: PLC0415

    entries = [kind.unreadable(p.file, p) for p in problems]
    if STDIN in files:
        entries.append(entry(lint_file(read_config(STDIN, limits=limits))))
    entries.extend(_entries(kind, files, jobs=jobs, cache=cache, limits=limits, progress=progress, keys=keys))
    return entries


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
    files, problems = _discover(paths)
    results = [unreadable(problem.file, problem) for problem in problems]
    if STDIN in files:
        results.append(dataclasses.replace(read_config(STDIN, limits=limits), document=None))
    results.extend(_entries(RESULTS, files, jobs=jobs, cache=cache, limits=limits, progress=None))
    if commit is not None:
        results = [with_commit(result, commit) for result in results]
    return sorted(results, key=lambda result: result.file)


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
    """
    if cache is None:
        # Nothing to look up or store: each file is read where it is computed, in the workers when there are some,
        # so that they start at once rather than after this process has read the whole tree alone.
        unread: list[tuple[str, bytes | None]] = [(path, None) for path in files if path != STDIN]
        return _compute(kind, unread, jobs=jobs, limits=limits, progress=progress, cache=None, keys={})
    found = _identify([path for path in files if path != STDIN], cache, limits)
    entries = [kind.unreadable(path, finding) for path, finding in found.unreadable]
    cached = cache.get_entries(kind, list(found.keys.values()))
    misses: list[tuple[str, bytes | None]] = []
    vanished: list[str] = []
    for path, key in found.keys.items():
        if key in cached:
            entries.append(cached[key])
            continue
        raw = found.contents.get(path)
        if raw is None:
            # A file known only by its stat signature whose entry is gone from the cache: read it after all.
            read = _read(path, limits)
            if isinstance(read, Finding):
                entries.append(kind.unreadable(path, read))
                vanished.append(path)
                continue
            raw = read
            found.keys[path] = _cache_key(path, raw, limits)
        misses.append((path, raw))
    found.contents.clear()  # the misses hold what is still needed
    if progress is not None:
        progress(len(entries))
    computed = _compute(kind, misses, jobs=jobs, limits=limits, progress=progress, cache=cache, keys=found.keys)
    entries.extend(computed)
    if keys is not None:
        keys.update(found.keys)
        for path in vanished:
            del keys[path]  # its entry says it is unreadable, whatever its key was
    return entries


def tree_key(paths: Iterable[str], cache: OutcomeCache, limits: Limits) -> str | None:
    """A hash of everything the configs under ``paths`` are: each file's path and content key, and the problems.

    Found from the cache's stat index without reading unchanged files (and recorded for the run that follows);
    None when standard input is among the paths, which has no key. The files found and the bytes read are handed to
    the next :func:`lint_paths` or :func:`analyse_paths` of the same paths, the run this key is for, so that it does
    not walk, read and hash again; :func:`forget_identified` drops them when that run does not happen.
    """
    paths = tuple(paths)
    forget_identified()
    files, problems = discover(paths)
    if STDIN in files:
        return None
    _discovered[paths] = (files, problems)
    found = _identify(files, cache, limits)
    # The run that follows (when the key has no memo) needs the same keys, and the bytes of every file just read.
    _identified[(context_key(limits), tuple(files))] = found
    import hashlib  # noqa: PLC0415

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{context_key(limits)}\0".encode())
    for path in files:
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(f"\0{found.keys.get(path, '-')}\n".encode())
    for path, finding in [*found.unreadable, *((problem.file, problem) for problem in problems)]:
        digest.update(f"{path}\0{finding.message}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass(slots=True)
class _Identified:
    keys: dict[str, str]
    contents: dict[str, bytes]
    unreadable: list[tuple[str, Finding]]


# What tree_key found and identified, for the run it keys: a cold run reads and hashes each file once, and walks
# the tree once.
_identified: dict[tuple[str, tuple[str, ...]], _Identified] = {}
_discovered: dict[tuple[str, ...], tuple[list[str], list[Finding]]] = {}


def forget_identified() -> None:
    """Drop what :func:`tree_key` identified for a run that did not happen (its output was replayed, or it failed)."""
    _identified.clear()
    _discovered.clear()


def _discover(paths: Iterable[str]) -> tuple[list[str], list[Finding]]:
    """:func:`promoter.files.discover`, or what tree_key found for the same paths just before."""
    paths = tuple(paths)
    found = _discovered.pop(paths, None)
    return found if found is not None else discover(paths)


def _identify(files: list[str], cache: OutcomeCache, limits: Limits) -> _Identified:
    """The content key of every file: from the cache's stat index when the file is unchanged, else by reading it."""
    context = context_key(limits)
    handed = _identified.pop((context, tuple(files)), None)
    if handed is not None:
        return handed
    known = cache.known_keys(files, context)
    found = _Identified(keys={}, contents={}, unreadable=[])
    fresh: list[tuple[str, str, str]] = []
    for path in files:
        stat = _signature(path)
        signature = None if stat is None else stat[0]
        remembered = known.get(path)
        if remembered is not None and stat is not None and _trustworthy(remembered, *stat):
            found.keys[path] = remembered[1]
            continue
        raw = _read(path, limits)
        if isinstance(raw, Finding):
            found.unreadable.append((path, raw))
            continue
        found.keys[path] = _cache_key(path, raw, limits)
        found.contents[path] = raw
        if signature is not None:
            fresh.append((path, signature, found.keys[path]))
    if fresh:
        cache.remember_keys(fresh, context)
    return found


def _compute(
    kind: _Kind[_T],
    misses: list[tuple[str, bytes | None]],
    *,
    jobs: int,
    limits: Limits,
    progress: Progress | None,
    cache: OutcomeCache | None,
    keys: dict[str, str],
) -> list[_T]:
    """Compute the entries of files not in the cache, and store them.

    Worker processes send back each entry in its cache form, JSON text: it is what the cache stores, it crosses
    the process boundary faster than the objects, and the main process only decodes it (the codec of analysed
    configs interns text, so a tree's entries share their strings).
    """
    if worker_count(jobs, len(misses)):
        # Text that is not stored need only hold what this run reads back (``kind.parse``).
        encode = kind.encode if cache is not None else kind.transfer
        work = functools.partial(
            _text_batch, compute=kind.compute, unreadable=kind.unreadable, encode=encode, limits=limits
        )
        computed: list[_T] = []
        rows: list[tuple[str, str]] = []
        done = 0
        # Each batch is decoded (and stored) as it arrives, while the workers go on with the next ones.
        for batch in iter_batches(work, misses, jobs=jobs, progress=progress):
            if cache is not None:
                rows.extend(
                    (keys[path], text)
                    for (path, _), text in zip(misses[done : done + len(batch)], batch, strict=True)
                    if path in keys
                )
                if len(rows) >= STORE_BATCH:
                    cache.put_texts(kind, rows)
                    rows = []
            done += len(batch)
            computed.extend(kind.decode(kind.parse(text)) for text in batch)
        if cache is not None and rows:
            cache.put_texts(kind, rows)
        return computed
    computed = map_batches(
        functools.partial(_batch, compute=kind.compute, unreadable=kind.unreadable, limits=limits),
        misses,
        jobs=1,
        progress=progress,
    )
    if cache is not None and computed:
        cache.put_entries(kind, ((keys[kind.file(entry)], entry) for entry in computed if kind.file(entry) in keys))
    return computed


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
        import concurrent.futures  # noqa: PLC0415 - a pool only for work worth one; one file needs none

        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=tune_gc) as pool:
            for batch in pool.map(work, _chunks(items, CHUNK_SIZE)):
                if progress is not None:
                    progress(len(batch))
                yield batch
        return
    for chunk in _chunks(items, CHUNK_SIZE):
        batch = work(chunk)
        if progress is not None:
            progress(len(batch))
        yield batch


def _text_batch(
    batch: list[tuple[str, bytes | None]],
    compute: Callable[[str, bytes, Limits], _T],
    unreadable: Callable[[str, Finding], _T],
    encode: Callable[[_T], Any],
    limits: Limits,
) -> list[str]:
    return [
        json.dumps(encode(_computed(path, raw, compute, unreadable, limits)), separators=(",", ":"))
        for path, raw in batch
    ]


def stderr_is_interactive() -> bool:
    """Whether a progress bar may be drawn: a terminal, and not a CI job."""
    return sys.stderr.isatty() and not os.environ.get("CI")
