"""``promoted-images docs``: reference tables of promoted images as Markdown, JSON or one HTML page."""

from __future__ import annotations

import difflib
import functools
import os
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from promoter.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    READING_OPTIONS,
    analyse,
    analyse_rendered,
    cache_options,
    fail,
    jobs_option,
    limits_options,
    make_limits,
    memoized,
    open_step_registry,
    require_any_config,
    require_configs,
    require_paths,
    step_registry_option,
)
from promoter.cli.selecting import selection_options

if TYPE_CHECKING:
    from promoter.docs import DocsEntry
    from promoter.limits import Limits
    from promoter.selection import RuleSelection
    from promoter.stepregistry import Registry

PROG = "promoted-images docs"
# Everything docs reads besides the configs (see memoized): not --output, --check or --split, which touch files.
_PURE = READING_OPTIONS | {"output_format", "namespaces", "streams", "source_url", "front", "weight", "step_registry"}
# A relative link is a plain path: no scheme, no entity (javascript&colon; is javascript: once a browser or Markdown
# reader decodes it), no query; an absolute one is http(s) with a host and no character that ends an attribute.
_RELATIVE_URL = re.compile(r"[A-Za-z0-9._~/%-]+")
_URL_STOPPERS = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\]")


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
@click.option(
    "--front-matter",
    "--hugo",
    "front",
    is_flag=True,
    help="With --format markdown: Hugo front matter (title, description, weight) in place of the title heading, "
    "for the content folder of the CI docs site.",
)
@click.option(
    "--split",
    "split",
    metavar="DIR",
    help="With --format markdown: write an index page and one page per namespace into DIR, linked relatively, "
    "instead of one page.",
)
@click.option(
    "--weight",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="The weight in the front matter of the page (or the index page): its place in the site's menu.",
)
@step_registry_option
@selection_options
@limits_options
@jobs_option
@cache_options
@memoized(pure=_PURE)
def docs(
    paths: tuple[str, ...],
    output_format: str,
    namespaces: tuple[str, ...],
    streams: tuple[str, ...],
    source_url: str | None,
    output: str | None,
    check: str | None,
    front: bool,
    split: str | None,
    weight: int,
    step_registry: str | None,
    selection: RuleSelection,
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
) -> None:
    """Write reference tables of the images that the configs under PATH promote.

    One table per release stream (ocp/4.17) and one per namespace of per-image streams, a row per promoted tag with
    its pull specs, config, source image, Dockerfile, base and builder images.

    PATH is a config file, a directory (every *.yaml and *.yml below it), or - for standard input. Problems in
    configs are printed to standard error and do not stop the page. Exits 0 when done, 1 when the --check FILE is
    stale, 2 on a usage or environment error (a PATH that does not exist, an unwritable --output).
    """
    from promoter.atomicwrite import AtomicWriteError, write_text_atomically  # noqa: PLC0415
    from promoter.docs import page_of_entries  # noqa: PLC0415
    from promoter.findings import sorted_findings  # noqa: PLC0415
    from promoter.render import docs as render  # noqa: PLC0415
    from promoter.render import plural, visible  # noqa: PLC0415
    from promoter.render.findings import render_findings  # noqa: PLC0415

    _check_destinations(output_format, output=output, check=check, front=front, split=split)
    if source_url is not None and not _acceptable_source_url(source_url):
        raise click.BadParameter(
            "give an http(s) URL with a host, or a relative path of letters, digits and - . _ ~ / %",
            param_hint="--source-url",
        )
    # A mistyped path would otherwise give a page without its configs, and --check would call it stale.
    require_paths(paths)

    limits = make_limits(max_file_size, max_nodes, max_depth)
    registry = open_step_registry(PROG, paths, step_registry, limits)
    entries, tests_by_tag = _entries(paths, registry, limits=limits, jobs=jobs, cache_dir=cache_dir, no_cache=no_cache)
    page = page_of_entries(entries, namespaces=namespaces, streams=streams, tests_by_tag=tests_by_tag)
    pages: dict[str, str] = {}
    if split is not None:  # --split goes with neither --output nor --check: the one page is not needed
        pages = render.render_markdown_pages(page, source_url=source_url or "", front=front, weight=weight)
        text = ""
    elif output_format == "markdown":
        text = render.render_markdown(page, source_url=source_url or "", front=front, weight=weight)
    else:
        renderer = {"json": render.render_json, "html": render.render_html}
        text = renderer[output_format](page, source_url=source_url or "")

    findings = selection.apply(sorted_findings(finding for entry in entries for finding in entry.findings))
    click.echo(render_findings(findings, doc_url=selection.doc_url), nl=False, err=True)
    for unmatched in page.unmatched_filters:
        click.echo(f"{PROG}: {unmatched} matches no promoted tag", err=True)

    if split is not None:
        _write_pages(split, pages)
        click.echo(
            visible(f"{PROG}: wrote {plural(len(pages), 'page')} to {split}: {plural(len(page.rows), 'promoted tag')}"),
            err=True,
        )
        raise SystemExit(EXIT_OK)
    if check is not None:
        raise SystemExit(_check(check, text))
    if output is None:
        click.echo(text, nl=False)
        raise SystemExit(EXIT_OK)
    try:
        write_text_atomically(output, text)
    except AtomicWriteError as error:
        fail(str(error))
    tables = plural(len(page.sections), "table")
    click.echo(visible(f"{PROG}: wrote {output}: {plural(len(page.rows), 'promoted tag')} in {tables}"), err=True)
    raise SystemExit(EXIT_OK)


def _entries(
    paths: tuple[str, ...],
    registry: Registry | None,
    *,
    limits: Limits,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
) -> tuple[list[DocsEntry], dict[str, int] | None]:
    """The rows (and findings) of each config under ``paths``, and with a step registry how many tests use each tag.

    Without a step registry, the rows of each config are made where it is analysed (in the workers), and cached so.
    """
    from promoter import codec  # noqa: PLC0415
    from promoter.docs import DocsEntry, docs_entry, docs_entry_file  # noqa: PLC0415
    from promoter.files import STDIN  # noqa: PLC0415

    roots = tuple(path for path in paths if path != STDIN and os.path.isdir(path))
    if registry is not None:
        # Which tests use a tag takes the whole graph: every analysed config, with the step registry.
        from promoter.graph import build_graph, tests_per_promoted_tag  # noqa: PLC0415

        results = analyse(paths, limits=limits, jobs=jobs, cache_dir=cache_dir, no_cache=no_cache)
        require_configs(results)
        tests_by_tag = tests_per_promoted_tag(build_graph(results, registry))
        return [docs_entry(result, roots=roots) for result in results], tests_by_tag
    entries = analyse_rendered(
        paths,
        functools.partial(docs_entry, roots=roots),
        encode=codec.encode_entry,
        decode=functools.partial(codec.decode_entry, DocsEntry),
        file=docs_entry_file,
        # The rows name each file relative to the directory it was found under.
        variant=f"docs|{roots!r}",
        limits=limits,
        jobs=jobs,
        cache_dir=cache_dir,
        no_cache=no_cache,
    )
    # Not one config: say why and write no page, rather than an empty one that looks like a success.
    require_any_config(any(entry.is_config for entry in entries), entries)
    return entries, None


def _check_destinations(
    output_format: str, *, output: str | None, check: str | None, front: bool, split: str | None
) -> None:
    """Usage errors for options that exclude each other: where the page goes, and what only Markdown has."""
    if output is not None and check is not None:
        raise click.UsageError("--output writes the page and --check compares it; give one of them")
    if (front or split is not None) and output_format != "markdown":
        raise click.UsageError("--front-matter and --split go with --format markdown")
    if split is not None and (output is not None or check is not None):
        raise click.UsageError("--split writes a directory of pages; give it without --output and --check")


def _acceptable_source_url(url: str) -> bool:
    """Whether ``--source-url`` is an http(s) URL with a host or a plain relative path, after parsing it."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number is no URL
    except ValueError:  # an unbalanced [ of an IPv6 address, a bad port
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname) and not _URL_STOPPERS.search(url)
    return not parts.scheme and not parts.netloc and bool(_RELATIVE_URL.fullmatch(url))


def _check(path: str, text: str) -> int:
    """Compare the committed page at ``path`` with ``text``: 0 when equal, 1 (and a diff) when stale."""
    from promoter.regularfile import read_regular_file  # noqa: PLC0415

    # A page more than a mebibyte longer than the one generated now is stale whatever it holds: no need to read it all.
    limit = len(text.encode("utf-8")) + (1 << 20)
    committed: str | None = None
    try:
        raw = read_regular_file(path, limit)
        if len(raw) > limit:
            click.echo(
                f"{PROG}: {path} is stale (far longer than the page); regenerate it with --output {path}", err=True
            )
            return EXIT_FINDINGS
        committed = raw.decode("utf-8")
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        fail(f"cannot read {path}: {reason}")
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


def _write_pages(directory: str, pages: dict[str, str]) -> None:
    """Write split pages into ``directory``, each atomically; drop pages an earlier run wrote that are gone now.

    A file of the same name that this command did not write (it lacks the generated-by comment) is never
    replaced: the run stops before writing anything.
    """
    from promoter.atomicwrite import AtomicWriteError, write_text_atomically  # noqa: PLC0415
    from promoter.render.docs import GENERATED_MARK  # noqa: PLC0415

    try:
        os.makedirs(directory, exist_ok=True)
        existing = sorted(name for name in os.listdir(directory) if name.endswith(".md"))
    except OSError as error:
        fail(f"cannot write {directory}: {error.strerror or error}")
    ours = []
    for name in existing:
        path = os.path.join(directory, name)
        if _generated(path, GENERATED_MARK):
            ours.append(name)
        elif name in pages:
            fail(f"{path} was not written by {PROG}; move it away or choose another --split directory")
    try:
        for name in sorted(pages):
            write_text_atomically(os.path.join(directory, name), pages[name])
        for name in ours:
            if name not in pages:
                os.unlink(os.path.join(directory, name))
    except AtomicWriteError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot remove {error.filename}: {error.strerror or error}")


def _generated(path: str, mark: str) -> bool:
    """Whether the regular file at ``path`` carries our generated-by comment within its first lines."""
    if not os.path.isfile(path) or os.path.islink(path):
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return mark in head
