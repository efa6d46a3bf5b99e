"""``promoted-images lint``: the presubmit check, with formats for people, programs, GitHub and Prow."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import click

from promoter.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    READING_OPTIONS,
    cache_options,
    color_option,
    fail,
    jobs_option,
    limits_options,
    list_files_option,
    make_limits,
    memoized,
    note_without_registry,
    open_step_registry,
    print_files,
    require_color_applies,
    require_paths,
    resolve_jobs,
    step_registry_option,
    use_color,
)
from promoter.cli.selecting import selection_options

if TYPE_CHECKING:
    from promoter.engine import OutcomeCache
    from promoter.fix import Edit
    from promoter.limits import Limits
    from promoter.lint import FileOutcome, LintReport
    from promoter.selection import RuleSelection

JUNIT_FILE_NAME = "junit_promoted-images.xml"
PROG = "promoted-images lint"
# Everything that decides what lint prints, besides the tree; --junit, --changed-since (git's state), --fix and
# --diff are left out: with one of them, or $ARTIFACT_DIR (a JUnit file to write), lint is never replayed.
_PURE = READING_OPTIONS | {"output_format", "strict", "exit_zero", "quiet", "selection", "color"}


@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["auto", "text", "json", "github", "sarif"]),
    default="auto",
    show_default=True,
    help="auto is github under GitHub Actions and text elsewhere; sarif is SARIF 2.1.0 for code scanning.",
)
@click.option(
    "--junit",
    "junit_path",
    metavar="FILE",
    help=f"Also write JUnit XML for Prow [default: $ARTIFACT_DIR/{JUNIT_FILE_NAME} when ARTIFACT_DIR is set].",
)
@click.option(
    "--changed-since",
    metavar="REV",
    help="Report per-file findings only for configs changed since this git revision (PULL_BASE_SHA in a Prow"
    " presubmit); cross-config rules still see every config.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@step_registry_option
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings would fail the run (2 still means misuse).")
@click.option("--quiet", "-q", is_flag=True, help="Print no summary line.")
@click.option(
    "--fix",
    is_flag=True,
    help="Quote unquoted numbers and booleans in string fields as written, and correct the case of keys, in place;"
    " then report what is left.",
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print what --fix would change as a unified diff; write nothing."
)
@selection_options
@list_files_option
@jobs_option
@cache_options
@limits_options
@color_option
@memoized(pure=_PURE, unless_environment=("ARTIFACT_DIR",))
def lint(
    paths: tuple[str, ...],
    output_format: str,
    junit_path: str | None,
    changed_since: str | None,
    strict: bool,
    step_registry: str | None,
    exit_zero: bool,
    quiet: bool,
    fix: bool,
    show_diff: bool,
    selection: RuleSelection,
    list_files: bool,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    color: str,
) -> None:
    """Check ci-operator configs: schema, semantic rules and cross-config conflicts.

    PATH is a config file, a directory (every *.yaml and *.yml below it), or - for standard input. Give the whole
    config tree even when only some files changed, so that conflicts between configs are found. Exits 0 when clean,
    1 on errors (and warnings with --strict), 2 on a usage or environment error.
    """
    from promoter import engine  # noqa: PLC0415
    from promoter.files import STDIN  # noqa: PLC0415
    from promoter.lint import combine  # noqa: PLC0415
    from promoter.outputmemo import SECONDS, echo_elapsed  # noqa: PLC0415
    from promoter.render import lint as render  # noqa: PLC0415
    from promoter.selection import select_report  # noqa: PLC0415

    if output_format != "auto":  # text outside GitHub Actions, where colour applies; left out under Actions
        require_color_applies(color, output_format, ("text",))
    require_paths(paths)
    if list_files:
        print_files(paths)
    if (fix or show_diff) and STDIN in paths:
        fail("--fix and --diff change files; they cannot read - (standard input)")
    started = time.perf_counter()
    if changed_since is not None:
        from promoter.gitfiles import GitError, changed_files  # noqa: PLC0415 - git only for --changed-since

        try:
            changed = changed_files(changed_since, paths)
        except GitError as error:
            fail(f"--changed-since {changed_since}: {error}")
    limits = make_limits(max_file_size, max_nodes, max_depth)
    registry = open_step_registry(PROG, paths, step_registry, limits)

    def run() -> tuple[LintReport, int]:
        cache = None if no_cache else engine.OutcomeCache(cache_dir or engine.default_cache_dir())
        keys: dict[str, str] = {}
        try:
            outcomes, tests = _outcomes(
                paths, counting_tests=registry is None, jobs=jobs, cache=cache, limits=limits, keys=keys
            )
        finally:
            if cache is not None:
                cache.close()
        if keys:
            _index_tree(cache_dir or engine.default_cache_dir(), outcomes, keys, limits)
        only_files: set[str] | None = None
        if changed_since is not None:
            # git names files below the resolved top of the work tree; a PATH may lead there through a symlink.
            only_files = {outcome.file for outcome in outcomes if os.path.realpath(outcome.file) in changed}
            if registry is not None:
                only_files.update(f.file for f in registry.findings if os.path.realpath(f.file) in changed)
        return select_report(combine(outcomes, only_files=only_files, registry=registry), selection), tests

    report, tests = run()
    if (fix or show_diff) and _fix(report, show_diff=show_diff, quiet=quiet, exit_zero=exit_zero):
        report, tests = run()

    _print_report(report, output_format, color, selection.doc_url)

    _write_junit(report, junit_path, strict=strict)
    if not quiet:
        if registry is None:
            note_without_registry(PROG, tests, "not checked against the step registry")
        echo_elapsed(render.render_summary(report, seconds=SECONDS), time.perf_counter() - started)
    sys.exit(EXIT_FINDINGS if report.fails(strict=strict) and not exit_zero else EXIT_OK)


def _outcomes(
    paths: tuple[str, ...],
    *,
    counting_tests: bool,
    jobs: int | None,
    cache: OutcomeCache | None,
    limits: Limits,
    keys: dict[str, str],
) -> tuple[list[FileOutcome], int]:
    """Every file's lint outcome, with a progress bar at a terminal; and the number of multi-stage tests.

    ``counting_tests`` (no step registry): the tests are only counted, and outcomes are read without them. ``keys``
    is filled with each file's content key when there is a cache.
    """
    from promoter import engine  # noqa: PLC0415

    with _progress_bar() as progress:
        if counting_tests:
            return engine.lint_paths_counting_tests(
                paths, jobs=resolve_jobs(jobs), cache=cache, limits=limits, progress=progress, keys=keys
            )
        outcomes = engine.lint_paths(
            paths, jobs=resolve_jobs(jobs), cache=cache, limits=limits, progress=progress, keys=keys
        )
        return outcomes, sum(len(outcome.tests) for outcome in outcomes)


def _index_tree(cache_dir: str, outcomes: list[FileOutcome], keys: dict[str, str], limits: Limits) -> None:
    """Keep which files of the tree promote each tag, for a ``diff`` of the same working tree (promoter.treeindex)."""
    from promoter import treeindex  # noqa: PLC0415

    # Most configs promote nothing, and add nothing to the index.
    index = treeindex.promoters(outcome for outcome in outcomes if outcome.promoted and outcome.file in keys)
    treeindex.store(cache_dir, treeindex.tree_key(limits, keys), index)


def _write_junit(report: LintReport, junit_path: str | None, *, strict: bool) -> None:
    """JUnit XML to --junit FILE, or into $ARTIFACT_DIR in a Prow job; exit 2 when it cannot be written."""
    if junit_path is None and os.environ.get("ARTIFACT_DIR"):
        junit_path = os.path.join(os.environ["ARTIFACT_DIR"], JUNIT_FILE_NAME)
    if junit_path is not None:
        # Only a run that writes JUnit needs the writer.
        from promoter.atomicwrite import AtomicWriteError, write_text_atomically  # noqa: PLC0415
        from promoter.render import lint as render  # noqa: PLC0415

        try:
            write_text_atomically(junit_path, render.render_junit(report, strict=strict))
        except AtomicWriteError as error:
            fail(str(error))


def _fix(report: LintReport, *, show_diff: bool, quiet: bool, exit_zero: bool) -> bool:
    """--fix: fix the files and say so, True when one changed; --diff: print the changes and exit (1 if any)."""
    from promoter.fix import unified_diff  # noqa: PLC0415
    from promoter.render import plural  # noqa: PLC0415

    fixes = _fix_files(report, write=not show_diff)
    count = sum(len(edits) for _, _, _, edits in fixes)
    what = f"{plural(count, 'finding')} in {plural(len(fixes), 'file')}"
    if show_diff:
        click.echo("".join(unified_diff(file, before, after) for file, before, after, _ in fixes), nl=False)
        if not quiet:
            click.echo(f"{PROG}: --fix would fix {what}", err=True)
        sys.exit(EXIT_FINDINGS if fixes and not exit_zero else EXIT_OK)
    if not quiet:
        click.echo(f"{PROG}: fixed {what}", err=True)
    return bool(fixes)


def _fix_files(report: LintReport, *, write: bool) -> list[tuple[str, str, str, list[Edit]]]:
    """Fix the reported findings that have a certain fix, file by file: (file, text before, after, edits).

    A file is read as bytes and written back with the same byte order mark and line ends; only reported findings
    are fixed, so ignored rules and suppressed lines are left alone.
    """
    from promoter.atomicwrite import AtomicWriteError, write_text_atomically  # noqa: PLC0415
    from promoter.fix import FIXABLE_RULES, fix_text  # noqa: PLC0415

    done = []
    for file_report in report.files:
        wanted = {(f.line, f.column, f.rule) for f in file_report.findings if f.rule in FIXABLE_RULES}
        if not wanted:
            continue
        try:
            with open(file_report.file, "rb") as handle:
                raw = handle.read().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported as IO-1 or LD-1 already; nothing here can be fixed for certain
        mark = "\ufeff" if raw.startswith("\ufeff") else ""
        before = raw[len(mark) :]
        after, edits = fix_text(before, file_report.file, wanted)
        if not edits:
            continue
        if write:
            try:
                write_text_atomically(file_report.file, mark + after)
            except AtomicWriteError as error:
                fail(str(error))
        done.append((file_report.file, before, after, edits))
    return done


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error for long runs at a terminal; nothing in CI logs or piped output."""
    from promoter.engine import stderr_is_interactive  # noqa: PLC0415
    from promoter.outputmemo import unrecorded  # noqa: PLC0415

    if not stderr_is_interactive():
        yield None
        return
    # A replay of this run's output has nothing to wait for: the bar is not part of it.
    with unrecorded(), click.progressbar(length=0, label="linting", file=sys.stderr, show_pos=True) as bar:

        def advance(count: int) -> None:
            bar.update(count)

        yield advance


def _print_report(report: LintReport, output_format: str, color: str, doc_url: str) -> None:
    from promoter.render import lint as render  # noqa: PLC0415
    from promoter.rules import RULES  # noqa: PLC0415

    if output_format == "auto":
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if output_format == "json":
        _echo_report(render.render_json(report), color=None)
    elif output_format == "github":
        _echo_report(render.render_github(report), color=None)
    elif output_format == "sarif":
        _echo_report(render.render_sarif(report, RULES, doc_url=doc_url), color=None)
    else:
        stdout_color = use_color(color)
        _echo_report(render.render_text(report, color=stdout_color, doc_url=doc_url), color=stdout_color)


def _echo_report(text: str, *, color: bool | None) -> None:
    """Write a rendered report to standard output as ``click.echo`` does with ``color``.

    Without colour, click strips terminal escapes from what it writes with a regular expression over all of it (10
    ms for a 15,000-file tree's 5 MB); text without an escape character has none to strip, and is written as it is.
    """
    click.echo(text, nl=False, color=True if "\x1b" not in text else color)
