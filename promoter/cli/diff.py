"""``promoted-images diff``: what a change to a config tree does to promotion, between two git revisions."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, NoReturn

import click

from promoter.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    cache_options,
    color_option,
    fail,
    jobs_option,
    limits_options,
    make_limits,
    output_key,
    require_color_applies,
    resolve_jobs,
    run_memoized,
    use_color,
)
from promoter.cli.selecting import selection_options_without_links

if TYPE_CHECKING:
    from promoter.diff import DiffReport
    from promoter.selection import RuleSelection

FAIL_ON_CHOICES = ("removed-tags", "new-errors", "new-warnings")


def _fail_on(_context: click.Context, _parameter: click.Parameter, value: str | None) -> frozenset[str]:
    if not value:
        return frozenset()
    chosen = {item.strip() for item in value.split(",") if item.strip()}
    unknown = sorted(chosen - set(FAIL_ON_CHOICES))
    if unknown:
        raise click.BadParameter(f"unknown {', '.join(unknown)}; choose from {', '.join(FAIL_ON_CHOICES)}")
    return frozenset(chosen)


@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--base",
    metavar="REV",
    help="The revision before the change [default: the merge base of HEAD (or --head) and $PULL_BASE_SHA when it is"
    " set, else HEAD].",
)
@click.option("--head", metavar="REV", help="The revision after the change [default: the working tree].")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, markdown for a pull request comment.",
)
@click.option(
    "--fail-on",
    metavar="LIST",
    callback=_fail_on,
    help="Exit 1 when the change does any of these (comma-separated): removed-tags (a tag that no config promotes"
    " any more), new-errors, new-warnings (new warnings or errors).",
)
@selection_options_without_links
@jobs_option
@cache_options
@limits_options
@color_option
def diff(
    paths: tuple[str, ...],
    base: str | None,
    head: str | None,
    output_format: str,
    fail_on: frozenset[str],
    selection: RuleSelection,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    color: str,
) -> None:
    """Show what a change does to promotion: tags added and removed, targets, image inputs, new findings.

    The config tree under PATH (relative to the current directory or to the top of the repository) is read at two
    git revisions without touching the working tree. Exits 0 whether or not anything changed, 1 when --fail-on
    matches, 2 on a usage error (not a git checkout, an unknown revision).
    """
    started = time.perf_counter()
    from promoter import engine  # noqa: PLC0415
    from promoter.gitrevisions import GitRevisionError, diff_trees, revision_trees  # noqa: PLC0415

    if not paths:
        fail("give at least one PATH (the config tree, or a part of it)")
    require_color_applies(color, output_format, ("text",))
    limits = make_limits(max_file_size, max_nodes, max_depth)
    try:
        trees = revision_trees(paths, cwd=os.getcwd(), base=base, head=head, limits=limits)
    except GitRevisionError as error:
        fail(str(error))

    def run() -> NoReturn:
        # Imported only to compute a diff: a replayed one needs neither the analysis nor the renderers.
        from promoter.render import diff as render  # noqa: PLC0415
        from promoter.selection import select_diff  # noqa: PLC0415

        cache = None if no_cache else engine.OutcomeCache(cache_dir or engine.default_cache_dir())
        try:
            report = diff_trees(trees, cache=cache, limits=limits, jobs=resolve_jobs(jobs))
        except GitRevisionError as error:
            fail(str(error))
        finally:
            if cache is not None:
                cache.close()
        report = select_diff(report, selection)
        if output_format == "json":
            click.echo(render.render_json(report), nl=False)
        elif output_format == "markdown":
            click.echo(render.render_markdown(report), nl=False)
        else:
            stdout_color = use_color(color)
            click.echo(render.render_text(report, color=stdout_color), nl=False, color=stdout_color)
        sys.exit(EXIT_FINDINGS if fails(report, fail_on) else EXIT_OK)

    if no_cache or not all(hasattr(stream, "buffer") for stream in (sys.stdout, sys.stderr)):
        run()
    # The trees' key is all a diff reads besides these options: the same diff again is replayed.
    options = (paths, output_format, sorted(fail_on), selection, color)
    key = output_key(click.get_current_context().command_path, options, trees.key(limits))
    run_memoized(run, cache_dir, key, started=started)


def fails(report: DiffReport, fail_on: frozenset[str]) -> bool:
    """Whether the change does something ``--fail-on`` names."""
    counts = report.summary()
    return (
        ("removed-tags" in fail_on and counts["tags_no_longer_promoted"] > 0)
        or ("new-errors" in fail_on and counts["new_errors"] > 0)
        or ("new-warnings" in fail_on and counts["new_errors"] + counts["new_warnings"] > 0)
    )
