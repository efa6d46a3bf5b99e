"""Linting many files fast: a content-keyed cache, worker processes, and progress reports. The I/O edge of lint.

Each file is read once in the main process and keyed by a hash of its path, its bytes, the limits and the code of
the tool; outcomes found in the cache are reused, the others are computed (in worker processes when there are
many) and stored. Output never depends on the number of workers or on the cache: outcomes are sorted by file.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import functools
import gc
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from promoter.analysis import analyze_text, unreadable
from promoter.files import PARALLEL_THRESHOLD, STDIN, discover, io_finding, read_config
from promoter.lint import FileOutcome, lint_file
from promoter.yamldoc import DEFAULT_LIMITS, Limits

CHUNK_SIZE = 64
CACHE_FILE_NAME = "lint-cache-v1.sqlite3"
Progress = Callable[[int], None]


def default_cache_dir() -> str:
    """The user's cache directory for promoter: ``$XDG_CACHE_HOME/promoter`` or ``~/.cache/promoter``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "promoter")


@functools.cache
def code_fingerprint() -> str:
    """A hash of the tool's own code and schema: a cache entry is only valid for the code that computed it."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _context_key(limits: Limits) -> str:
    return hashlib.blake2b(f"{code_fingerprint()}|{limits!r}".encode(), digest_size=16).hexdigest()


def _signature(path: str) -> str | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"


# A file changed within this long before its key was recorded may change again within the same timestamp tick.
RACY_NS = 2_000_000_000


def _trustworthy(remembered: tuple[str, str, int], signature: str) -> bool:
    """Whether a recorded content key still describes the file: same stat signature, and not recorded racily.

    Like git's index, a file whose modification time is too close to when its key was recorded is read again,
    since a second write within the same timestamp tick would leave the signature unchanged.
    """
    recorded_signature, _key, recorded_ns = remembered
    if recorded_signature != signature:
        return False
    modified_ns = int(signature.split(":")[1])
    return recorded_ns - modified_ns > RACY_NS


def _cache_key(path: str, raw: bytes, limits: Limits) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(code_fingerprint().encode())
    digest.update(repr(limits).encode())
    digest.update(path.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(raw)
    return digest.hexdigest()


class OutcomeCache:
    """Lint outcomes by content key, in one SQLite file; safe under concurrent runs, and never trusted blindly.

    A cache that cannot be opened or read is deleted and rebuilt; an entry that does not decode is treated as a miss.
    """

    def __init__(self, directory: str) -> None:
        """Open (or create) the cache in ``directory``."""
        self.path = os.path.join(directory, CACHE_FILE_NAME)
        self.connection: sqlite3.Connection | None = None
        try:
            os.makedirs(directory, exist_ok=True)
            self.connection = self._open()
        except (OSError, sqlite3.Error):
            self._reset()

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS outcomes (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, context TEXT NOT NULL, signature TEXT NOT NULL,"
            " key TEXT NOT NULL, recorded_ns INTEGER NOT NULL)"
        )
        connection.execute("SELECT count(*) FROM outcomes").fetchone()
        return connection

    def _reset(self) -> None:
        """Throw away a broken cache file and start an empty one; without a usable file, run without a cache."""
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
        self.connection = None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(self.path + suffix)
        with contextlib.suppress(OSError, sqlite3.Error):
            self.connection = self._open()

    def get_many(self, keys: Sequence[str]) -> dict[str, FileOutcome]:
        """The outcomes stored under these keys; missing and undecodable entries are left out."""
        if self.connection is None or not keys:
            return {}
        found: dict[str, FileOutcome] = {}
        try:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self.connection.execute(f"SELECT key, value FROM outcomes WHERE key IN ({marks})", batch)  # noqa: S608 - placeholders only
                for key, value in rows:
                    with contextlib.suppress(ValueError, KeyError, TypeError):
                        found[key] = FileOutcome.from_json(json.loads(value))
        except sqlite3.Error:
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
                for path, signature, key, recorded in rows:
                    found[str(path)] = (str(signature), str(key), int(recorded))
        except (sqlite3.Error, ValueError, TypeError):
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
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")

    def put_many(self, entries: Iterable[tuple[str, FileOutcome]]) -> None:
        """Store outcomes; a failure to write only means the next run computes them again."""
        if self.connection is None:
            return
        rows = [(key, json.dumps(outcome.to_json(), separators=(",", ":"))) for key, outcome in entries]
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.executemany("INSERT OR REPLACE INTO outcomes (key, value) VALUES (?, ?)", rows)
            self.connection.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")

    def close(self) -> None:
        """Close the database."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def outcome_from_bytes(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> FileOutcome:
    """Lint one file's bytes (read by the caller); never raises for bad content."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return lint_file(unreadable(path, io_finding(path, f"not UTF-8 text (byte {error.start}): cannot be a config")))
    return lint_file(analyze_text(text, path, path_for_metadata=Path(path).as_posix(), limits=limits))


def _outcome_batch(batch: list[tuple[str, bytes]], limits: Limits) -> list[FileOutcome]:
    return [outcome_from_bytes(path, raw, limits) for path, raw in batch]


def _read(path: str, limits: Limits) -> bytes | FileOutcome:
    try:
        with open(path, "rb") as handle:
            return handle.read(limits.max_bytes + 1)
    except OSError as error:
        return lint_file(unreadable(path, io_finding(path, f"cannot read: {error.strerror or error}")))


def _chunks(items: list[tuple[str, bytes]], size: int) -> Iterator[list[tuple[str, bytes]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def lint_paths(
    paths: Iterable[str],
    *,
    jobs: int = 1,
    cache: OutcomeCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> list[FileOutcome]:
    """Lint outcomes of every config under ``paths``, sorted by file, computed with ``jobs`` processes."""
    tune_gc()
    files, problems = discover(paths)
    outcomes: list[FileOutcome] = [lint_file(unreadable(p.file, p)) for p in problems]
    if STDIN in files:
        outcomes.append(lint_file(read_config(STDIN, limits=limits)))
    found = _identify([path for path in files if path != STDIN], cache, limits)
    outcomes.extend(found.unreadable)
    cached = cache.get_many(list(found.keys.values())) if cache is not None else {}
    misses: list[tuple[str, bytes]] = []
    for path, key in found.keys.items():
        if key in cached:
            outcomes.append(cached[key])
            continue
        raw = found.contents[path] if path in found.contents else _read(path, limits)
        if isinstance(raw, FileOutcome):
            outcomes.append(raw)
            continue
        # A file known only by its stat signature whose outcome is gone from the cache: read it after all.
        found.keys[path] = _cache_key(path, raw, limits)
        misses.append((path, raw))
    if progress is not None:
        progress(len(outcomes))
    computed = _compute(misses, jobs=jobs, limits=limits, progress=progress)
    if cache is not None and computed:
        cache.put_many((found.keys[outcome.file], outcome) for outcome in computed if outcome.file in found.keys)
    outcomes.extend(computed)
    return sorted(outcomes, key=lambda outcome: outcome.file)


@dataclasses.dataclass(slots=True)
class _Identified:
    keys: dict[str, str]
    contents: dict[str, bytes]
    unreadable: list[FileOutcome]


def _identify(files: list[str], cache: OutcomeCache | None, limits: Limits) -> _Identified:
    """The content key of every file: from the cache's stat index when the file is unchanged, else by reading it."""
    context = _context_key(limits)
    known = cache.known_keys(files, context) if cache is not None else {}
    found = _Identified(keys={}, contents={}, unreadable=[])
    fresh: list[tuple[str, str, str]] = []
    for path in files:
        signature = _signature(path)
        remembered = known.get(path)
        if remembered is not None and signature is not None and _trustworthy(remembered, signature):
            found.keys[path] = remembered[1]
            continue
        raw = _read(path, limits)
        if isinstance(raw, FileOutcome):
            found.unreadable.append(raw)
            continue
        found.keys[path] = _cache_key(path, raw, limits)
        found.contents[path] = raw
        if signature is not None:
            fresh.append((path, signature, found.keys[path]))
    if cache is not None and fresh:
        cache.remember_keys(fresh, context)
    return found


def _compute(
    misses: list[tuple[str, bytes]], *, jobs: int, limits: Limits, progress: Progress | None
) -> list[FileOutcome]:
    computed: list[FileOutcome] = []
    if jobs > 1 and len(misses) >= PARALLEL_THRESHOLD:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, initializer=tune_gc) as pool:
            for batch in pool.map(functools.partial(_outcome_batch, limits=limits), _chunks(misses, CHUNK_SIZE)):
                computed.extend(batch)
                if progress is not None:
                    progress(len(batch))
        return computed
    for batch_input in _chunks(misses, CHUNK_SIZE):
        batch = _outcome_batch(batch_input, limits)
        computed.extend(batch)
        if progress is not None:
            progress(len(batch))
    return computed


def tune_gc() -> None:
    """Make the cyclic garbage collector cheap for a bulk run.

    Loading allocates many small objects that live until the file is done; with the default thresholds the
    collector keeps rescanning everything that is still alive (the imported modules, the outcomes so far). Frozen
    objects are never scanned again, and a higher threshold lets reference counting do the work it can do alone.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def stderr_is_interactive() -> bool:
    """Whether a progress bar may be drawn: a terminal, and not a CI job."""
    return sys.stderr.isatty() and not os.environ.get("CI")
