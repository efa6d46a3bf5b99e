"""``promoted-images show``: every image a config publishes when its branch merges, with its pull specs."""

from __future__ import annotations

import dataclasses
import functools
import sys
import typing
from typing import TYPE_CHECKING

import click

from promoter.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    READING_OPTIONS,
    analyse,
    analyse_rendered,
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
    from promoter.limits import Limits
    from promoter.render.promoted import ShowFormat, Shown
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
    from promoter.render import promoted  # noqa: PLC0415
    from promoter.render.findings import render_findings  # noqa: PLC0415

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
    stdout_color = output_format == "text" and use_color(color)
    chosen = None if registry is None else _REGISTRIES[registry]
    entries = _shown(
        paths,
        output_format=typing.cast("ShowFormat", output_format),
        color=stdout_color,
        registry=chosen,
        commit=commit,
        limits=limits,
        jobs=jobs,
        cache_dir=cache_dir,
        no_cache=no_cache,
    )
    if not selection.is_default:
        entries = [dataclasses.replace(entry, findings=tuple(selection.apply(entry.findings))) for entry in entries]
    findings = sorted_findings(finding for entry in entries for finding in entry.findings)
    if output_format == "json":
        echo_parts(promoted.iter_shown_json(entries))
    else:
        if output_format == "urls":
            click.echo(promoted.render_shown_urls(entries), nl=False)
        else:
            click.echo(promoted.render_shown_text(entries), nl=False, color=stdout_color)
        stderr_color = use_color(color, sys.stderr)
        click.echo(
            render_findings(findings, color=stderr_color, doc_url=selection.doc_url),
            nl=False,
            err=True,
            color=stderr_color,
        )
    raise SystemExit(EXIT_FINDINGS if fails(findings, strict=strict) else EXIT_OK)


def _shown(
    paths: tuple[str, ...],
    *,
    output_format: ShowFormat,
    color: bool,
    registry: PullRegistry | None,
    commit: str | None,
    limits: Limits,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
) -> list[Shown]:
    """What each config under ``paths`` shows in ``output_format``, sorted by file.

    Each config is rendered where it is analysed (in the workers), and cached so, unless a commit is given: a commit
    changes what tag_by_commit targets push, and each merged commit would fill the cache with a tree of entries.
    """
    from promoter.render import promoted  # noqa: PLC0415

    render = functools.partial(promoted.shown, output_format=output_format, color=color, registry=registry)
    if commit is not None:
        results = analyse(paths, commit=commit, limits=limits, jobs=jobs, cache_dir=cache_dir, no_cache=no_cache)
        return [render(result) for result in results]
    return analyse_rendered(
        paths,
        render,
        encode=promoted.encode_shown,
        decode=promoted.decode_shown,
        file=promoted.shown_file,
        variant=f"show|{output_format}|{color}|{registry}|{promoted.JSON_FORMAT_VERSION}",
        limits=limits,
        jobs=jobs,
        cache_dir=cache_dir,
        no_cache=no_cache,
    )


__all__ = ["EXIT_USAGE", "show"]
