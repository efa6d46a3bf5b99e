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
    cache_options,
    color_option,
    fail,
    jobs_option,
    limits_options,
    list_files_option,
    make_limits,
    note_without_registry,
    open_step_registry,
    print_files,
    require_paths,
    resolve_jobs,
    step_registry_option,
    use_color,
)
from promoter.cli.selecting import selection_options

if TYPE_CHECKING:
    from promoter.lint import LintReport
    from promoter.selection import RuleSelection

JUNIT_FILE_NAME = "junit_promoted-images.xml"


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
    help=f"Also write JUnit XML for Prow; defaults to $ARTIFACT_DIR/{JUNIT_FILE_NAME} when ARTIFACT_DIR is set.",
)
@click.option(
    "--changed-since",
    metavar="REV",
    help="Report per-file findings only for configs changed since this git revision (PULL_BASE_SHA in a Prow"
    " presubmit); cross-config rules still see every config.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@step_registry_option
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings would fail the run (2 still means misuse).")
@click.option("--quiet", "-q", is_flag=True, help="Print no summary line.")
@selection_options
@list_files_option
@jobs_option
@cache_options
@limits_options
@color_option
def lint(
    paths: tuple[str, ...],
    output_format: str,
    junit_path: str | None,
    changed_since: str | None,
    strict: bool,
    step_registry: str | None,
    exit_zero: bool,
    quiet: bool,
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

    PATH is a config file, a directory (every *.yaml below it), or - for standard input. Give the whole config tree
    even when only some files changed, so that conflicts between configs are found. Exits 0 when clean, 1 on errors
    (and warnings with --strict), 2 on a usage or environment error.
    """
    from promoter import engine  # noqa: PLC0415
    from promoter.atomicwrite import AtomicWriteError, write_text_atomically  # noqa: PLC0415
    from promoter.gitfiles import GitError, changed_files  # noqa: PLC0415
    from promoter.lint import combine  # noqa: PLC0415
    from promoter.render import lint as render  # noqa: PLC0415
    from promoter.selection import select_report  # noqa: PLC0415

    require_paths(paths)
    if list_files:
        print_files(paths)
    started = time.perf_counter()
    only_files: set[str] | None = None
    if changed_since is not None:
        try:
            changed = changed_files(changed_since, paths)
        except GitError as error:
            fail(f"--changed-since {changed_since}: {error}")
    limits = make_limits(max_file_size, max_nodes, max_depth)
    registry = open_step_registry("promoted-images lint", paths, step_registry, limits)
    cache = None if no_cache else engine.OutcomeCache(cache_dir or engine.default_cache_dir())
    try:
        with _progress_bar() as progress:
            outcomes = engine.lint_paths(
                paths,
                jobs=resolve_jobs(jobs),
                cache=cache,
                limits=limits,
                progress=progress,
            )
    finally:
        if cache is not None:
            cache.close()
    if changed_since is not None:
        # git names files below the resolved top of the work tree; a PATH may lead there through a symlink.
        only_files = {outcome.file for outcome in outcomes if os.path.realpath(outcome.file) in changed}
        if registry is not None:
            only_files.update(f.file for f in registry.findings if os.path.realpath(f.file) in changed)
    report = select_report(combine(outcomes, only_files=only_files, registry=registry), selection)

    _print_report(report, output_format, color, selection.doc_url)

    if junit_path is None and os.environ.get("ARTIFACT_DIR"):
        junit_path = os.path.join(os.environ["ARTIFACT_DIR"], JUNIT_FILE_NAME)
    if junit_path is not None:
        try:
            write_text_atomically(junit_path, render.render_junit(report, strict=strict))
        except AtomicWriteError as error:
            fail(str(error))
    if not quiet:
        if registry is None:
            tests = sum(len(outcome.tests) for outcome in outcomes)
            note_without_registry("promoted-images lint", tests, "not checked against the step registry")
        click.echo(render.render_summary(report, seconds=time.perf_counter() - started), nl=False, err=True)
    sys.exit(EXIT_FINDINGS if report.fails(strict=strict) and not exit_zero else EXIT_OK)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error for long runs at a terminal; nothing in CI logs or piped output."""
    from promoter.engine import stderr_is_interactive  # noqa: PLC0415

    if not stderr_is_interactive():
        yield None
        return
    with click.progressbar(length=0, label="linting", file=sys.stderr, show_pos=True) as bar:

        def advance(count: int) -> None:
            bar.update(count)

        yield advance


def _print_report(report: LintReport, output_format: str, color: str, doc_url: str) -> None:
    from promoter.render import lint as render  # noqa: PLC0415
    from promoter.rules import RULES  # noqa: PLC0415

    if output_format == "auto":
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if output_format == "json":
        click.echo(render.render_json(report), nl=False)
    elif output_format == "github":
        click.echo(render.render_github(report), nl=False)
    elif output_format == "sarif":
        click.echo(render.render_sarif(report, RULES, doc_url=doc_url), nl=False)
    else:
        stdout_color = use_color(color)
        click.echo(render.render_text(report, color=stdout_color, doc_url=doc_url), nl=False, color=stdout_color)
