"""``promoted-images docs``: reference tables of promoted images as Markdown, JSON or one HTML page."""

from __future__ import annotations

import difflib
import os
import sys
from urllib.parse import urlsplit

import click

from promoter.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    color_option,
    jobs_option,
    limits_options,
    make_limits,
    resolve_jobs,
    use_color,
)

PROG = "promoted-images docs"
_SOURCE_URL_SCHEMES = ("", "http", "https")


@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json", "html"]),
    default="markdown",
    show_default=True,
    help="markdown for a docs site or repository, json for programs, html for one self-contained searchable page.",
)
@click.option(
    "--namespace",
    "namespaces",
    multiple=True,
    metavar="NAMESPACE",
    help="Only tags promoted to this namespace; repeat for several.",
)
@click.option(
    "--stream",
    "streams",
    multiple=True,
    metavar="[NAMESPACE/]STREAM",
    help="Only tags of this image stream (ocp/4.17, or 4.17 in any namespace); repeat for several.",
)
@click.option(
    "--source-url",
    metavar="URL",
    help="Link each config to URL/<path below the PATH directory>, e.g. "
    "https://github.com/openshift/release/blob/master/ci-operator/config (a relative URL works too).",
)
@click.option(
    "--output",
    "-o",
    "output",
    metavar="FILE",
    help="Write the page to FILE atomically instead of standard output.",
)
@click.option(
    "--check",
    "check",
    metavar="FILE",
    help="Do not write: exit 1 and print a unified diff when FILE differs from the page generated now.",
)
@limits_options
@jobs_option
@color_option
def docs(
    paths: tuple[str, ...],
    output_format: str,
    namespaces: tuple[str, ...],
    streams: tuple[str, ...],
    source_url: str | None,
    output: str | None,
    check: str | None,
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    jobs: int | None,
    color: str,
) -> None:
    """Write reference tables of the images that the configs under PATH promote.

    One table per release stream (ocp/4.17) and one per namespace of per-image streams, a row per promoted tag with
    its pull specs, config, source image, Dockerfile, base and builder images.

    PATH is a config file, a directory (every *.yaml below it), or - for standard input. Problems in configs are
    printed to standard error and do not stop the page. Exits 0 when done, 1 when the --check FILE is stale, 2 on a
    usage or environment error (a PATH that does not exist, an unwritable --output).
    """
    from promoter.atomicwrite import AtomicWriteError, write_text_atomically  # noqa: PLC0415
    from promoter.docs import build_page  # noqa: PLC0415
    from promoter.files import STDIN, read_configs  # noqa: PLC0415
    from promoter.findings import sorted_findings  # noqa: PLC0415
    from promoter.render import docs as render  # noqa: PLC0415
    from promoter.render.findings import render_findings  # noqa: PLC0415

    if not paths:
        raise click.UsageError("give at least one PATH (the config tree, a file, or - for standard input)")
    if output is not None and check is not None:
        raise click.UsageError("--output writes the page and --check compares it; give one of them")
    if source_url is not None and urlsplit(source_url).scheme not in _SOURCE_URL_SCHEMES:
        raise click.BadParameter("an http(s) URL or a relative URL", param_hint="--source-url")
    missing = [path for path in paths if path != STDIN and not os.path.lexists(path)]
    if missing:
        # A mistyped path would otherwise give a page without its configs, and --check would call it stale.
        _fail(f"no such file or directory: {missing[0]}")

    results = read_configs(paths, limits=make_limits(max_file_size, max_nodes, max_depth), jobs=resolve_jobs(jobs))
    roots = [path for path in paths if path != STDIN and os.path.isdir(path)]
    page = build_page(results, roots=roots, namespaces=namespaces, streams=streams)
    renderer = {"markdown": render.render_markdown, "json": render.render_json, "html": render.render_html}
    text = renderer[output_format](page, source_url=source_url or "")

    findings = sorted_findings(finding for result in results for finding in result.findings)
    stderr_color = use_color(color, sys.stderr)
    click.echo(render_findings(findings, color=stderr_color), nl=False, err=True, color=stderr_color)
    for unmatched in page.unmatched_filters:
        click.echo(f"{PROG}: {unmatched} matches no promoted tag", err=True)

    if check is not None:
        raise SystemExit(_check(check, text))
    if output is None:
        click.echo(text, nl=False)
        raise SystemExit(EXIT_OK)
    try:
        write_text_atomically(output, text)
    except AtomicWriteError as error:
        _fail(str(error))
    click.echo(f"{PROG}: wrote {output}: {len(page.rows)} promoted tags in {len(page.sections)} tables", err=True)
    raise SystemExit(EXIT_OK)


def _check(path: str, text: str) -> int:
    """Compare the committed page at ``path`` with ``text``: 0 when equal, 1 (and a diff) when stale."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            committed = handle.read()
    except FileNotFoundError:
        committed = None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        _fail(f"cannot read {path}: {reason}")
    if committed == text:
        click.echo(f"{PROG}: {path} is up to date", err=True)
        return EXIT_OK
    diff = difflib.unified_diff(
        (committed or "").splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile="/dev/null" if committed is None else path,
        tofile=f"{path} (generated)",
    )
    # difflib leaves a last line without its newline as it is; end it so the next line of the diff stays apart.
    click.echo("".join(line if line.endswith("\n") else line + "\n" for line in diff), nl=False)
    state = "does not exist" if committed is None else "is stale"
    click.echo(f"{PROG}: {path} {state}; regenerate it with the same arguments and --output {path}", err=True)
    return EXIT_FINDINGS


def _fail(message: str) -> None:
    click.echo(f"{PROG}: {message}", err=True)
    raise SystemExit(EXIT_USAGE)
