"""``promoted-images lint``: the presubmit check, with formats for people, programs, GitHub and Prow."""

from __future__ import annotations

import os
import sys
import time

import click

from promoter.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, color_option, use_color

JUNIT_FILE_NAME = "junit_promoted-images.xml"


@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["auto", "text", "json", "github"]),
    default="auto",
    show_default=True,
    help="auto is github under GitHub Actions and text elsewhere.",
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
@color_option
def lint(
    paths: tuple[str, ...],
    output_format: str,
    junit_path: str | None,
    changed_since: str | None,
    strict: bool,
    color: str,
) -> None:
    """Check ci-operator configs: schema, semantic rules and cross-config conflicts.

    PATH is a config file, a directory (every *.yaml below it), or - for standard input. Give the whole config tree
    even when only some files changed, so that conflicts between configs are found. Exits 0 when clean, 1 on errors
    (and warnings with --strict), 2 on a usage or environment error.
    """
    from promoter.files import read_configs  # noqa: PLC0415
    from promoter.gitfiles import GitError, changed_files  # noqa: PLC0415
    from promoter.lint import lint as run_lint  # noqa: PLC0415
    from promoter.outputfile import write_atomically  # noqa: PLC0415
    from promoter.render import lint as render  # noqa: PLC0415

    if not paths:
        raise click.UsageError("give at least one PATH (the config tree, a file, or - for standard input)")
    started = time.perf_counter()
    only_files: set[str] | None = None
    if changed_since is not None:
        try:
            changed = changed_files(changed_since)
        except GitError as error:
            click.echo(f"promoted-images lint: --changed-since {changed_since}: {error}", err=True)
            raise SystemExit(EXIT_USAGE) from None
    results = read_configs(paths)
    if changed_since is not None:
        only_files = {result.file for result in results if os.path.abspath(result.file) in changed}
    report = run_lint(results, only_files=only_files)

    if output_format == "auto":
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if output_format == "json":
        click.echo(render.render_json(report), nl=False)
    elif output_format == "github":
        click.echo(render.render_github(report), nl=False)
    else:
        stdout_color = use_color(color)
        click.echo(render.render_text(report, color=stdout_color), nl=False, color=stdout_color)

    if junit_path is None and os.environ.get("ARTIFACT_DIR"):
        junit_path = os.path.join(os.environ["ARTIFACT_DIR"], JUNIT_FILE_NAME)
    if junit_path is not None:
        try:
            write_atomically(junit_path, render.render_junit(report, strict=strict))
        except OSError as error:
            click.echo(f"promoted-images lint: cannot write {junit_path}: {error.strerror or error}", err=True)
            raise SystemExit(EXIT_USAGE) from None
    click.echo(render.render_summary(report, seconds=time.perf_counter() - started), nl=False, err=True)
    sys.exit(EXIT_FINDINGS if report.fails(strict=strict) else EXIT_OK)
