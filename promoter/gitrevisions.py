"""Config trees at git revisions, read without touching the working tree: the I/O edge of ``diff``.

Files of a revision come from ``git ls-tree``, their contents from one ``git cat-file --batch`` process, and what
changed between two revisions (or between a revision and the working tree) from ``git diff``; nothing is ever
checked out. Every path is relative to the top of the repository, in git's ``/`` notation.

:func:`load_sides` turns two revisions into what :func:`promoter.diff.diff_sides` compares: the configs that differ,
analysed in full on each side, and the lint outcome of the other configs sharing a tag with a changed config, found
by the index of the head tree (:mod:`promoter.treeindex`), computed once for both sides (an unchanged file is the same
blob at both revisions) and cached by blob id. Without a kept index, every unchanged config is computed (or found in
the cache) to make it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import posixpath
import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from promoter import engine, treeindex
from promoter.collector import tune_gc
from promoter.engine import blob_id
from promoter.files import config_file, worker_count
from promoter.lazydataclass import dataclass
from promoter.limits import DEFAULT_LIMITS, Limits
from promoter.regularfile import read_regular_file

if TYPE_CHECKING:
    # Imported to analyse the sides: a diff replayed from its memo reads git alone.
    from promoter.analysis import ConfigResult
    from promoter.diff import DiffReport, FilePair, Side
    from promoter.lint import FileOutcome

_BLOB_MODES = ("100644", "100755")
# Configs of one repository are generated from one template and look alike: at git's default of 50% similarity,
# deleting an end-of-life branch's config and adding a new branch's would read as a rename. A rename here is the same
# config under a new name (a branch renamed, a file moved), so it must be nearly identical.
RENAME_SIMILARITY = "90%"
# cat-file's output holds every blob requested at once; batches bound the memory of one call.
BLOB_BATCH = 2000
WORKING_TREE = "working tree"


class GitRevisionError(Exception):
    """git could not answer: not a checkout, an unknown revision, or no git at all. The message is one line."""


def _environment() -> dict[str, str]:
    # No optional lock: `git diff` against the working tree must not rewrite the index of someone's checkout.
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}


def _command(arguments: Sequence[str]) -> list[str]:
    # Literal pathspecs: a PATH is never a glob.
    return ["git", "--literal-pathspecs", *arguments]


def _git(arguments: Sequence[str], cwd: str, *, stdin: bytes | None = None) -> bytes:
    """Run git with literal pathspecs (a PATH is never a glob) and return its standard output."""
    try:
        completed = subprocess.run(  # noqa: S603 - fixed git arguments, no shell
            _command(arguments), cwd=cwd, input=stdin, capture_output=True, check=False, env=_environment()
        )
    except OSError as error:
        raise GitRevisionError(f"cannot run git: {error.strerror or error}") from error
    return _checked(arguments, completed.returncode, completed.stdout, completed.stderr)


def _checked(arguments: Sequence[str], returncode: int, stdout: bytes, stderr: bytes) -> bytes:
    if returncode != 0:
        message = stderr.decode("utf-8", "replace").strip()
        raise GitRevisionError(message.splitlines()[-1] if message else f"git {arguments[0]} failed")
    return stdout


class _Started:
    """A git command started at once and read later (as :func:`_git` reads it).

    Its work overlaps whatever this process does meanwhile. Used as a context manager, so that a run that fails
    before reading it does not leave it running.
    """

    def __init__(self, arguments: Sequence[str], cwd: str) -> None:
        self.arguments = arguments
        try:
            self.process = subprocess.Popen(  # noqa: S603 - fixed git arguments, no shell
                _command(arguments),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_environment(),
            )
        except OSError as error:
            raise GitRevisionError(f"cannot run git: {error.strerror or error}") from error

    def output(self) -> bytes:
        """The command's standard output, once it is done; GitRevisionError when it failed."""
        stdout, stderr = self.process.communicate()
        return _checked(self.arguments, self.process.returncode, stdout, stderr)

    def __enter__(self) -> _Started:
        return self

    def __exit__(self, *_exception: object) -> None:
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def repository_top(cwd: str) -> str:
    """The top directory of the git checkout that holds ``cwd``."""
    try:
        return _decode(_git(["rev-parse", "--show-toplevel"], cwd)).strip()
    except GitRevisionError:
        raise GitRevisionError(f"not a git checkout: {os.path.abspath(cwd)}") from None


def resolve_commit(revision: str, top: str) -> str:
    """The full commit id that ``revision`` names; GitRevisionError when it names no commit."""
    if not revision or revision.startswith("-"):
        raise GitRevisionError(f"unknown revision {revision!r}")
    try:
        return _decode(_git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)).strip()
    except GitRevisionError:
        raise GitRevisionError(f"unknown revision {revision!r}") from None


def default_base(top: str, environ: Mapping[str, str], head: str = "HEAD") -> tuple[str, str]:
    """The base revision when none is given: (label, commit).

    In a Prow presubmit ``PULL_BASE_SHA`` is the branch the pull request merges into, and the base is its merge base
    with ``head``, so that changes merged into the branch meanwhile are not counted as the pull request's. Elsewhere
    the base is ``HEAD``.
    """
    pull_base = environ.get("PULL_BASE_SHA", "")
    if not pull_base:
        return "HEAD", resolve_commit("HEAD", top)
    head_commit = resolve_commit(head, top)
    base_commit = resolve_commit(pull_base, top)
    try:
        merge_base = _decode(_git(["merge-base", head_commit, base_commit], top)).strip()
    except GitRevisionError:
        raise GitRevisionError(f"{head} and PULL_BASE_SHA {pull_base} have no merge base") from None
    return f"merge base of {head} and PULL_BASE_SHA", merge_base


def list_tree(commit: str, top: str, pathspecs: Sequence[str] = ()) -> dict[str, str]:
    """Regular files of ``commit`` under ``pathspecs`` (repository-relative; none means all): path -> blob id.

    Symbolic links and submodules are left out: a link's blob is the name of its target, not a config.
    """
    output = _decode(_git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *pathspecs], top))
    files: dict[str, str] = {}
    for record in output.split("\0"):
        if not record:
            continue
        header, _, path = record.partition("\t")
        mode, kind, blob = header.split(" ")
        if kind == "blob" and mode in _BLOB_MODES:
            files[path] = blob
    return files


def read_blobs(blobs: Iterable[str], top: str) -> dict[str, bytes]:
    """The contents of many blobs, read by one ``git cat-file --batch`` process: blob id -> bytes."""
    wanted = sorted(set(blobs))
    if not wanted:
        return {}
    output = _git(["cat-file", "--batch"], top, stdin="".join(f"{blob}\n" for blob in wanted).encode())
    contents: dict[str, bytes] = {}
    position = 0
    for blob in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        if len(header) != 3:  # "<id> missing": the caller asked for an object that is not there
            raise GitRevisionError(f"git cat-file: cannot read blob {blob}")
        size = int(header[2])
        contents[blob] = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1  # the content is followed by a newline
    return contents


@dataclass(frozen=True, slots=True, kw_only=True)
class Changes:
    """What ``git diff`` says changed: every path touched, and the renames it detected (old path, new path)."""

    names: frozenset[str]
    renames: tuple[tuple[str, str], ...]


def changed_names(base: str, head: str | None, top: str, pathspecs: Sequence[str] = ()) -> Changes:
    """Paths that differ between ``base`` and ``head``, or between ``base`` and the working tree when head is None.

    Against the working tree, untracked files that git does not ignore count as added. Renames are git's own rename
    detection (``-M``), at :data:`RENAME_SIMILARITY`.
    """
    with _ChangesAsked(base, head, top, pathspecs) as asked:
        return asked.changes()


class _ChangesAsked:
    """:func:`changed_names`, asked of git at once and read later.

    ``git diff`` (and, against the working tree, ``git ls-files`` for untracked files) run while the trees are listed.
    """

    def __init__(self, base: str, head: str | None, top: str, pathspecs: Sequence[str]) -> None:
        revisions = [base] if head is None else [base, head]
        diff = ["diff", "--name-status", "-z", f"-M{RENAME_SIMILARITY}", "--no-ext-diff", "--no-relative"]
        self.started = [_Started([*diff, *revisions, "--", *pathspecs], top)]
        if head is None:
            try:
                untracked = ["ls-files", "-z", "--others", "--exclude-standard", "--", *pathspecs]
                self.started.append(_Started(untracked, top))
            except GitRevisionError:
                self.__exit__()
                raise

    def changes(self) -> Changes:
        """What git said."""
        fields = [_decode(field) for field in self.started[0].output().split(b"\0")]
        names: set[str] = set()
        renames: list[tuple[str, str]] = []
        index = 0
        while index < len(fields) and fields[index]:
            status = fields[index]
            if status[0] in "RC":
                old, new = fields[index + 1], fields[index + 2]
                names.add(new)
                if status[0] == "R":
                    names.add(old)
                    renames.append((old, new))
                index += 3
            else:
                names.add(fields[index + 1])
                index += 2
        if len(self.started) > 1:
            names.update(_decode(name) for name in self.started[1].output().split(b"\0") if name)
        return Changes(names=frozenset(names), renames=tuple(sorted(renames)))

    def __enter__(self) -> _ChangesAsked:
        return self

    def __exit__(self, *_exception: object) -> None:
        for started in self.started:
            started.__exit__()


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision:
    """One side of a diff: how the user named it, and its commit (None for the working tree)."""

    label: str
    commit: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Trees:
    """The config files of both sides under the PATHs, and what differs between them.

    ``base_files`` and ``head_files`` map each config path to a content id (a blob id; for a working tree file the
    blob id its bytes would have), ``head_contents`` holds the working tree files that differ from the base.
    """

    top: str
    base: Revision
    head: Revision
    base_files: dict[str, str]
    head_files: dict[str, str]
    head_contents: dict[str, bytes]
    changed: frozenset[str]
    renames: tuple[tuple[str, str], ...]

    prefixes: tuple[str, ...] = ()

    def pairs(self) -> list[FilePair]:
        """Which base file each head file continues: see :func:`promoter.diff.pair_files`."""
        from promoter.diff import pair_files  # noqa: PLC0415

        return pair_files(self.base_files, self.head_files, changed=self.changed, renames=self.renames)

    def key(self, limits: Limits) -> str:
        """A hash of everything a diff of these trees depends on, for a memo of its output.

        The base commit fixes every base file, and every head file that did not change; what is left is the head
        commit, or the content ids of the working tree files that changed. The code and limits of the tool, the
        repository, the PATHs and how the sides were named complete it.
        """
        digest = hashlib.blake2b(digest_size=20)
        head_changes = sorted((path, self.head_files.get(path)) for path in self.changed)
        material = (
            engine.context_key(limits),
            self.top,
            self.prefixes,
            (self.base.label, self.base.commit),
            (self.head.label, self.head.commit),
            head_changes,
            self.renames,
        )
        digest.update(repr(material).encode("utf-8", "surrogateescape"))
        return digest.hexdigest()


def _under(path: str, prefixes: Sequence[str]) -> bool:
    return not prefixes or any(path == prefix or path.startswith(prefix + "/") for prefix in prefixes)


def read_trees(
    top: str, base: Revision, head: Revision, prefixes: Sequence[str], *, limits: Limits = DEFAULT_LIMITS
) -> Trees:
    """List the configs of both sides under ``prefixes`` (repository-relative; empty means all) and what changed.

    Only the files ``git diff`` names are looked at closely; every other file is the same blob on both sides.
    """
    assert base.commit is not None
    # git compares the revisions (and stats the working tree) while the trees are listed.
    with _ChangesAsked(base.commit, head.commit, top, prefixes) as asked:
        base_files = {path: blob for path, blob in list_tree(base.commit, top, prefixes).items() if config_file(path)}
        head_listing = list_tree(head.commit, top, prefixes) if head.commit is not None else {}
        changes = asked.changes()
    changed = {name for name in changes.names if config_file(name) and _under(name, prefixes)}
    head_contents: dict[str, bytes] = {}
    if head.commit is not None:
        head_files = {path: blob for path, blob in head_listing.items() if config_file(path)}
    else:
        head_files = {path: blob for path, blob in base_files.items() if path not in changed}
        for name in sorted(changed):
            on_disk = os.path.join(top, *name.split("/"))
            if os.path.islink(on_disk) or not os.path.isfile(on_disk):
                continue  # deleted (or replaced by something that is not a config file)
            try:
                with open(on_disk, "rb") as handle:
                    raw = handle.read(limits.max_bytes + 1)
            except OSError as error:
                raise GitRevisionError(f"cannot read {name}: {error.strerror or error}") from error
            head_contents[name] = raw
            # Object ids are as long as the repository's hash: 40 hex digits for SHA-1, 64 for SHA-256.
            head_files[name] = blob_id(raw, sha256=len(base.commit) == 64)
    # A file git names but whose content is the same on both sides (a mode change, a touched file) is unchanged.
    changed = {name for name in changed if base_files.get(name) != head_files.get(name)}
    renames = tuple((old, new) for old, new in changes.renames if old in changed and new in changed)
    return Trees(
        top=top,
        base=base,
        head=head,
        base_files=base_files,
        head_files=head_files,
        head_contents=head_contents,
        changed=frozenset(changed),
        renames=renames,
        prefixes=tuple(prefixes),
    )


def _analysed_batch(
    batch: list[tuple[str, bytes, bool]], limits: Limits
) -> list[tuple[ConfigResult, FileOutcome | None]]:
    """Each changed config in full: its model (without the YAML nodes, which cannot cross processes), and outcome.

    The outcome is computed only when the batch asks for it: the cache may have it (lint stored it).
    """
    from promoter.diff import analyze_bytes  # noqa: PLC0415
    from promoter.lint import lint_file  # noqa: PLC0415

    pairs = []
    for path, raw, needs_outcome in batch:
        result = analyze_bytes(path, raw, limits)
        pairs.append((dataclasses.replace(result, document=None), lint_file(result) if needs_outcome else None))
    return pairs


def _blob_contents(blobs: Iterable[str], top: str) -> dict[str, bytes]:
    wanted = sorted(set(blobs))
    contents: dict[str, bytes] = {}
    for start in range(0, len(wanted), BLOB_BATCH):
        contents.update(read_blobs(wanted[start : start + BLOB_BATCH], top))
    return contents


def load_sides(
    trees: Trees,
    *,
    cache: engine.OutcomeCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
) -> tuple[Side, Side]:
    """Analyse both sides: the changed configs in full, and the outcomes of the other configs the comparison reads.

    An unchanged file is the same blob on both sides: its outcome is found (in the cache, or computed) once for both.
    Only the configs :func:`promoter.diff.diff_sides` reads are decoded (:func:`promoter.diff.tags_read`), found by
    the index of the head tree (:mod:`promoter.treeindex`). When a ``lint`` of the same working tree (or an earlier
    diff) kept that index, only those configs are looked up; without it, every unchanged config is (computed by the
    worker processes, and stored as they come), and the index is made and kept for the next diff.
    """
    from promoter.diff import Side, tags_read  # noqa: PLC0415

    tune_gc()
    unchanged = sorted(path for path in trees.base_files if path not in trees.changed)
    unchanged_blobs = {path: trees.base_files[path] for path in unchanged}
    base_changed = sorted(path for path in trees.base_files if path in trees.changed)
    head_changed = sorted(path for path in trees.head_files if path in trees.changed)
    # lint keys a file by the blob id of its bytes too: an outcome lint stored is found without reading the blob.
    head_keys = engine.content_keys({path: trees.head_files[path] for path in head_changed}, limits)
    # The index of the head tree lives beside the cache: without a cache there is none to read or write. It is found
    # by the blob ids git listed: only the unchanged files the comparison reads need their content keys.
    cache_directory = os.path.dirname(cache.path) if cache is not None else None
    index = None
    if cache_directory is not None:
        head_tree = treeindex.blob_tree_key(
            limits, {**unchanged_blobs, **{p: trees.head_files[p] for p in head_changed}}
        )
        index = treeindex.load(cache_directory, head_tree)

    head_from_git = [path for path in head_changed if path not in trees.head_contents]
    contents = _blob_contents(
        [trees.base_files[path] for path in base_changed] + [trees.head_files[path] for path in head_from_git],
        trees.top,
    )

    def raw(path: str, blob: str, *, head: bool) -> bytes:
        if head and path in trees.head_contents:
            return trees.head_contents[path]
        return contents[blob][: limits.max_bytes + 1]  # as many bytes as lint reads from a file

    # The changed configs' outcomes may be cached (a lint of the working tree stored the head's): then each is
    # analysed, not linted. Both sides go to the worker pool together, as lint's files do.
    base_keys = engine.content_keys({path: trees.base_files[path] for path in base_changed}, limits)
    changed_keys = [*base_keys.values(), *head_keys.values()]
    cached = cache.get_many(changed_keys, tests=False) if cache is not None else {}
    work = [(path, raw(path, trees.base_files[path], head=False)) for path in base_changed]
    work += [(path, raw(path, trees.head_files[path], head=True)) for path in head_changed]
    analysed_or_not = engine.map_batches(
        functools.partial(_analysed_batch, limits=limits),
        [(path, data, key not in cached) for (path, data), key in zip(work, changed_keys, strict=True)],
        jobs=jobs,
    )
    analysed = [
        (result, cached[key] if outcome is None else outcome)
        for (result, outcome), key in zip(analysed_or_not, changed_keys, strict=True)
    ]
    split = len(base_changed)

    known: dict[str, FileOutcome | str] = {}
    if index is None:
        keys: Mapping[str, str] = engine.content_keys(unchanged_blobs, limits)
        known, promoted = _whole_tree(unchanged, keys, trees, cache=cache, limits=limits, jobs=jobs)
        # Outcomes computed here are kept as the text stored: when there are some, the changed configs' outcomes
        # are kept too, for the next diff against the same base (the base's versions are the ones a lint of the
        # working tree never reads). Not otherwise: the first write costs a run a checkpoint of the cache as it
        # closes it, more than linting a few configs again.
        if cache is not None and any(isinstance(entry, str) for entry in known.values()):
            cache.put_many(
                (key, outcome)
                for (_, outcome), key in zip(analysed_or_not, changed_keys, strict=True)
                if outcome is not None
            )
        head = [(outcome.file, treeindex.promoted_tags(outcome)) for _, outcome in analysed[split:]]
        index = treeindex.index_of([*promoted, *head])
        if cache_directory is not None:
            treeindex.store(cache_directory, head_tree, index)
    else:
        keys = _ContentKeys(unchanged_blobs, limits)
    # The configs promoting a tag a changed config promotes, then those promoting a tag one of them promotes: every
    # place of every tag of a config whose findings are compared (see tags_read).
    tags = tags_read(analysed)
    wanted = treeindex.promoting(index, tags, unchanged_blobs)
    shared = _unchanged_outcomes(sorted(wanted), keys, trees, known=known, cache=cache, limits=limits, jobs=jobs)
    more = treeindex.promoting(index, tags_read((None, o) for o in shared.values()) - tags, unchanged_blobs) - wanted
    shared.update(_unchanged_outcomes(sorted(more), keys, trees, known=known, cache=cache, limits=limits, jobs=jobs))

    def side(pairs: Sequence[tuple[ConfigResult, FileOutcome]], paths: Sequence[str]) -> Side:
        outcomes = dict(shared)
        outcomes.update(zip(paths, (outcome for _, outcome in pairs), strict=True))
        return Side(outcomes=outcomes, results={path: result for path, (result, _) in zip(paths, pairs, strict=True)})

    return side(analysed[:split], base_changed), side(analysed[split:], head_changed)


class _ContentKeys(Mapping[str, str]):
    """The content keys of files (path -> blob id), each made when first asked for: a diff reads a few of a tree."""

    def __init__(self, blobs: Mapping[str, str], limits: Limits) -> None:
        self._blobs = blobs
        self._limits = limits
        self._keys: dict[str, str] = {}

    def __getitem__(self, path: str) -> str:
        key = self._keys.get(path)
        if key is None:
            key = self._keys[path] = engine.content_key(path, self._blobs[path], self._limits)
        return key

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


# What a worker makes of an unchanged file: its outcome (as the JSON text of the cache when it crossed from a worker
# process), and the tags it promotes, for the index of the tree.
_Computed = tuple["FileOutcome | str", tuple[str, ...]]


def _whole_tree(
    paths: Sequence[str],
    keys: Mapping[str, str],
    trees: Trees,
    *,
    cache: engine.OutcomeCache | None,
    limits: Limits,
    jobs: int,
) -> tuple[dict[str, FileOutcome | str], list[tuple[str, tuple[str, ...]]]]:
    """Every unchanged file's outcome, from the cache or computed, and the tags each promotes, in ``paths`` order.

    Outcomes computed by worker processes stay the JSON text they arrived as, decoded only when the comparison
    reads them (see :func:`_decoded`).
    """
    # Neither side is checked against a step registry: the outcomes' tests are not read.
    cached = cache.get_many([keys[path] for path in paths], tests=False) if cache is not None else {}
    found: dict[str, FileOutcome | str] = {}
    promoted: dict[str, tuple[str, ...]] = {}
    for path in paths:
        outcome = cached.get(keys[path])
        if outcome is not None:
            found[path] = outcome
            promoted[path] = treeindex.promoted_tags(outcome)
    misses = [path for path in paths if path not in found]
    for path, (entry, tags) in _computed(misses, keys, trees, cache=cache, limits=limits, jobs=jobs).items():
        found[path] = entry
        promoted[path] = tags
    return found, [(path, promoted[path]) for path in paths]


def _computed(
    paths: Sequence[str],
    keys: Mapping[str, str],
    trees: Trees,
    *,
    cache: engine.OutcomeCache | None,
    limits: Limits,
    jobs: int,
) -> dict[str, _Computed]:
    """Compute the outcomes of unchanged files, and store them in the cache as they come (path -> outcome, tags).

    Each file's bytes are read where it is computed (in the workers when there are some): this process reads no
    blob, and stores each batch of outcomes while the workers go on with the next.
    """
    if not paths:
        return {}
    # Text crosses from a worker faster than objects; the cache stores the text with the tests.
    text = None if not worker_count(jobs, len(paths)) else "stored" if cache is not None else "transfer"
    job = functools.partial(
        _unchanged_batch,
        top=trees.top,
        sha256=trees.base.commit is not None and len(trees.base.commit) == 64,
        limits=limits,
        text=text,
    )
    work = [(path, trees.base_files[path]) for path in paths]
    found: dict[str, _Computed] = {}
    rows: list[tuple[str, str]] = []
    for batch in engine.iter_batches(job, work, jobs=jobs):
        for (path, _), (entry, tags) in zip(work[len(found) : len(found) + len(batch)], batch, strict=True):
            # What is kept until the comparison picks the few it reads is small: the text stored, or the outcome
            # without its tests (most of it, and never read by diff).
            kept: FileOutcome | str = entry
            if cache is not None:
                kept = entry if isinstance(entry, str) else _outcome_text(entry, tests=True)
                rows.append((keys[path], kept))
            elif not isinstance(entry, str):
                kept = dataclasses.replace(entry, tests=())
            found[path] = (kept, tags)
        if cache is not None and len(rows) >= engine.STORE_BATCH:
            cache.put_texts(engine.OUTCOMES, rows)
            rows = []
    if cache is not None and rows:
        cache.put_texts(engine.OUTCOMES, rows)
    return found


def _unchanged_batch(
    batch: list[tuple[str, str]], *, top: str, sha256: bool, limits: Limits, text: str | None
) -> list[_Computed]:
    """The outcomes of a batch of unchanged files (path, blob id), as objects or, to cross processes, as JSON text.

    ``text`` is ``stored`` for the cache's full form, ``transfer`` for the form without tests (nothing is stored),
    None for the objects themselves.
    """
    raws = _unchanged_bytes(batch, top, sha256=sha256, limits=limits)
    computed: list[_Computed] = []
    for path, _ in batch:
        outcome = engine.outcome_from_bytes(path, raws[path], limits)
        tags = treeindex.promoted_tags(outcome)
        if text is None:
            computed.append((outcome, tags))
        else:
            computed.append((_outcome_text(outcome, tests=text == "stored"), tags))
    return computed


def _unchanged_bytes(batch: list[tuple[str, str]], top: str, *, sha256: bool, limits: Limits) -> dict[str, bytes]:
    """The bytes of unchanged files (path, blob id), as many as lint reads: from the working tree or from git.

    A file that git says did not change is most often the same blob in the working tree, which is read far faster
    than git inflates an object; its blob id says whether it is. Any other (a head revision that is not the working
    tree, a file changed meanwhile, one larger than the limit) is read from git.
    """
    found: dict[str, bytes] = {}
    missing: list[tuple[str, str]] = []
    for path, blob in batch:
        try:
            raw = read_regular_file(os.path.join(top, *path.split("/")), limits.max_bytes)
        except OSError:
            missing.append((path, blob))
            continue
        if blob_id(raw, sha256=sha256) == blob:
            found[path] = raw
        else:
            missing.append((path, blob))
    if missing:
        contents = read_blobs([blob for _, blob in missing], top)
        found.update((path, contents[blob][: limits.max_bytes + 1]) for path, blob in missing)
    return found


def _unchanged_outcomes(
    paths: Sequence[str],
    keys: Mapping[str, str],
    trees: Trees,
    *,
    known: Mapping[str, FileOutcome | str],
    cache: engine.OutcomeCache | None,
    limits: Limits,
    jobs: int,
) -> dict[str, FileOutcome]:
    """The outcomes of unchanged files (path -> outcome): as ``known``, else from the cache, else computed."""
    found = {path: _decoded(known[path]) for path in paths if path in known}
    rest = [path for path in paths if path not in found]
    # Neither side is checked against a step registry: the outcomes' tests are not read.
    cached = cache.get_many([keys[path] for path in rest], tests=False) if cache is not None and rest else {}
    found.update((path, cached[keys[path]]) for path in rest if keys[path] in cached)
    misses = [path for path in rest if path not in found]
    computed = _computed(misses, keys, trees, cache=cache, limits=limits, jobs=jobs)
    found.update((path, _decoded(entry)) for path, (entry, _) in computed.items())
    return found


def _outcome_text(outcome: FileOutcome, *, tests: bool) -> str:
    """An outcome as the JSON text the cache stores (``tests``), or as it crosses processes without its tests."""
    encode = engine.OUTCOMES.encode if tests else engine.OUTCOMES_WITHOUT_TESTS.transfer
    return engine.entry_text(encode(outcome))


def _decoded(entry: FileOutcome | str) -> FileOutcome:
    """An outcome from :func:`_outcome_text` (read without its tests: diff never reads them), or the outcome itself."""
    if isinstance(entry, str):
        kind = engine.OUTCOMES_WITHOUT_TESTS
        return kind.decode(kind.parse(entry))
    return entry


def repository_paths(paths: Sequence[str], top: str, cwd: str) -> list[str]:
    """PATHs as repository-relative prefixes: relative to ``cwd``, or to the top when only that names something.

    An empty list means the whole repository. GitRevisionError when a PATH lies outside the repository.
    """
    real_top = os.path.realpath(top)
    prefixes: list[str] = []
    for path in paths:
        candidates = [os.path.realpath(os.path.join(cwd, path))]
        if not os.path.isabs(path):
            candidates.append(os.path.realpath(os.path.join(real_top, path)))
        inside = [c for c in candidates if c == real_top or c.startswith(real_top + os.sep)]
        if not inside:
            raise GitRevisionError(f"{path}: outside the repository {top}")
        chosen = next((c for c in inside if os.path.lexists(c)), inside[0])
        relative = os.path.relpath(chosen, real_top).replace(os.sep, "/")
        if relative == ".":
            return []
        prefixes.append(posixpath.normpath(relative))
    return sorted(set(prefixes))


def diff_revisions(
    paths: Sequence[str],
    *,
    cwd: str,
    base: str | None = None,
    head: str | None = None,
    environ: Mapping[str, str] | None = None,
    cache: engine.OutcomeCache | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
) -> DiffReport:
    """The diff of the configs under ``paths`` between ``base`` and ``head`` (None: the working tree).

    Without ``base``, the base is the merge base of the head and ``PULL_BASE_SHA`` when ``environ`` sets it, else
    ``HEAD``. Raises GitRevisionError for anything the user has to fix: no checkout, an unknown revision, a PATH
    outside the repository or with no config at either revision.
    """
    trees = revision_trees(paths, cwd=cwd, base=base, head=head, environ=environ, limits=limits)
    return diff_trees(trees, cache=cache, limits=limits, jobs=jobs)


def revision_trees(
    paths: Sequence[str],
    *,
    cwd: str,
    base: str | None = None,
    head: str | None = None,
    environ: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Trees:
    """The first half of :func:`diff_revisions`: which configs each side has and which differ, from git alone.

    It reads only the working tree files that differ from the base; :meth:`Trees.key` is then everything the diff
    depends on, without analysing a config.
    """
    top = _top(paths, cwd)
    head_revision = (
        Revision(label=head, commit=resolve_commit(head, top))
        if head is not None
        else Revision(label=WORKING_TREE, commit=None)
    )
    if base is not None:
        base_revision = Revision(label=base, commit=resolve_commit(base, top))
    else:
        label, commit = default_base(top, os.environ if environ is None else environ, head or "HEAD")
        base_revision = Revision(label=label, commit=commit)
    prefixes = repository_paths(paths, top, cwd)
    trees = read_trees(top, base_revision, head_revision, prefixes, limits=limits)
    for prefix in prefixes:
        if not any(_under(file, [prefix]) for file in (*trees.base_files, *trees.head_files)):
            raise GitRevisionError(f"{prefix}: no config file there at {base_revision.label} or {head_revision.label}")
    return trees


def diff_trees(
    trees: Trees, *, cache: engine.OutcomeCache | None = None, limits: Limits = DEFAULT_LIMITS, jobs: int = 1
) -> DiffReport:
    """The second half of :func:`diff_revisions`: analyse both sides and compare them."""
    from promoter.diff import diff_sides  # noqa: PLC0415

    base_side, head_side = load_sides(trees, cache=cache, limits=limits, jobs=jobs)
    assert trees.base.commit is not None
    return diff_sides(
        trees.pairs(),
        base_side,
        head_side,
        base_label=trees.base.label,
        base_commit=trees.base.commit,
        head_label=trees.head.label,
        head_commit=trees.head.commit,
    )


def _top(paths: Sequence[str], cwd: str) -> str:
    """The repository of ``cwd``, or else of the first PATH (for a run from outside the checkout)."""
    try:
        return repository_top(cwd)
    except GitRevisionError:
        if not paths:
            raise
        first = os.path.join(cwd, paths[0])
        directory = first if os.path.isdir(first) else os.path.dirname(first)
        if not os.path.isdir(directory):
            raise
        return repository_top(directory)
