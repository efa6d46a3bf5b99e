"""``promoted-images show``: every image a config publishes when its branch merges, with its pull specs."""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING

import click

from promoter.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    READING_OPTIONS,
    analyse,
    cache_options,
    color_option,
    echo_parts,
    fail,
    jobs_option,
    limits_options,
    list_files_option,
    make_limits,
    memoized,
    print_files,
    require_color_applies,
    require_paths,
    use_color,
)
from promoter.cli.selecting import selection_options
from promoter.findings import fails, sorted_findings
from promoter.lazyre import lazy_compile
from promoter.registries import PULL_REGISTRIES, PullRegistry

if TYPE_CHECKING:
    from promoter.selection import RuleSelection

# Everything show reads besides the configs (see memoized).
_PURE = READING_OPTIONS | {"output_format", "registry", "commit", "strict", "selection", "list_files", "color"}
_SHA = lazy_compile(r"^[0-9a-f]{7,40}$")
_REGISTRIES: dict[str, PullRegistry] = {registry: registry for registry in PULL_REGISTRIES}


@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "urls"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, urls for one pull spec per line.",
)
@click.option(
    "--registry",
    type=click.Choice(PULL_REGISTRIES),
    help="With --format urls: every pull spec on registry.ci.openshift.org (app.ci), quay-proxy.ci.openshift.org, or"
    " the quay.io push target [default: per namespace, the one promotion keeps current: app.ci for ocp, origin and"
    " ocp-priv, quay-proxy elsewhere].",
)
@click.option("--commit", metavar="SHA", help="List the commit tags of tag_by_commit targets for this merged commit.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@selection_options
@list_files_option
@limits_options
@jobs_option
@cache_options
@color_option
@memoized(pure=_PURE)
def show(
    paths: tuple[str, ...],
    output_format: str,
    registry: str | None,
    commit: str | None,
    strict: bool,
    selection: RuleSelection,
    list_files: bool,
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
    color: str,
) -> None:
    """Print what each config under PATH promotes, and where to pull it.

    PATH is a config file, a directory (every *.yaml and *.yml below it), or - for standard input. Exits 0 when
    every config loaded cleanly, 1 when a config has an error finding (or a warning, with --strict), 2 on a usage
    error (a PATH that does not exist, a directory without configs).
    """
    from promoter.render.findings import render_findings  # noqa: PLC0415
    from promoter.render.promoted import iter_json, render_text, render_urls  # noqa: PLC0415

    # --format urls prints the findings on standard error as text, coloured as --color says.
    require_color_applies(color, output_format, ("text", "urls"))
    if registry is not None and output_format != "urls":
        fail("--registry chooses the registry of --format urls; give --format urls too, or leave --registry out")
    if commit is not None and not _SHA.match(commit):
        raise click.BadParameter("a commit is 7 to 40 lowercase hexadecimal digits", param_hint="--commit")
    require_paths(paths)
    if list_files:
        print_files(paths)
    limits = make_limits(max_file_size, max_nodes, max_depth)
    results = analyse(paths, commit=commit, limits=limits, jobs=jobs, cache_dir=cache_dir, no_cache=no_cache)
    if not selection.is_default:
        results = [dataclasses.replace(result, findings=tuple(selection.apply(result.findings))) for result in results]
    findings = sorted_findings(finding for result in results for finding in result.findings)
    if output_format == "json":
        echo_parts(iter_json(results))
    else:
        if output_format == "urls":
            chosen = None if registry is None else _REGISTRIES[registry]
            click.echo(render_urls(results, registry=chosen), nl=False)
        else:
            stdout_color = use_color(color)
            click.echo(render_text(results, color=stdout_color), nl=False, color=stdout_color)
        stderr_color = use_color(color, sys.stderr)
        click.echo(
            render_findings(findings, color=stderr_color, doc_url=selection.doc_url),
            nl=False,
            err=True,
            color=stderr_color,
        )
    raise SystemExit(EXIT_FINDINGS if fails(findings, strict=strict) else EXIT_OK)


__all__ = ["EXIT_USAGE", "show"]
