"""``promoted-images graph`` and ``explain``: the image input graph of a config tree, and who promotes a tag."""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from promoter.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    READING_OPTIONS,
    analyse,
    analyse_rendered,
    cache_options,
    echo_parts,
    jobs_option,
    limits_options,
    make_limits,
    memoized,
    open_step_registry,
    require_any_config,
    require_paths,
    step_registry_option,
)
from promoter.lazydataclass import dataclass

if TYPE_CHECKING:
    from promoter.analysis import ConfigResult
    from promoter.graph import AnyGraph, ConfigPart, Direction
    from promoter.limits import Limits
    from promoter.render.graph import GraphFragment
    from promoter.stepregistry import Registry

# Everything graph and explain read besides the configs (see memoized).
_LOADING = READING_OPTIONS | {"step_registry"}
_GRAPH_PURE = _LOADING | {"output_format", "focus_ref", "upstream", "downstream", "depth"}
_EXPLAIN_PURE = _LOADING | {"ref", "output_format"}
GRAPH_FORMATS = ("tree", "json", "dot", "mermaid", "graphml")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _Reading:
    """How a run reads the configs: its limits, worker processes and cache."""

    limits: Limits
    jobs: int | None
    cache_dir: str | None
    no_cache: bool


def _opened(
    paths: tuple[str, ...],
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    *,
    prog: str,
    step_registry: str | None,
) -> tuple[Limits, Registry | None]:
    """The limits of the run, and its step registry (saying which on standard error), once PATH is known to exist."""
    require_paths(paths)
    limits = make_limits(max_file_size, max_nodes, max_depth)
    return limits, open_step_registry(prog, paths, step_registry, limits)


def _whole_graph(paths: tuple[str, ...], reading: _Reading, registry: Registry | None) -> AnyGraph:
    """The image graph of every config under ``paths``, after printing the findings that kept a file out of it."""
    from promoter.graph import build_graph, graph_of_parts, handed_over  # noqa: PLC0415

    if registry is not None:
        # The tests join the graph through the step registry, which is here: the configs are built on here.
        results = analyse(
            paths, limits=reading.limits, jobs=reading.jobs, cache_dir=reading.cache_dir, no_cache=reading.no_cache
        )
        _left_out([result for result in results if result.config is None], any(r.config for r in results))
        # Each config is handed over as it is added, so that the configs and the graph are never both whole in memory.
        return build_graph(handed_over(results), registry)
    # Without one, each worker makes the graph's part of its configs, and this process only joins them.
    parts = _parts(paths, reading)
    _left_out([part.left_out for part in parts if part.left_out is not None], any(part.identifier for part in parts))
    with _collector_paused():
        return graph_of_parts(parts)


# Entries decoded between two freezes of the collector's young objects (see _settled).
_SETTLE_EVERY = 256


def _settled(decode: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """``decode``, freezing the collector's young objects every few hundred entries it decodes (in this process).

    What this process decodes from the workers lives until the graph is written, and holds no reference cycle
    (reference counting frees it): the collector would only scan it again and again, up to half a second of this
    process's time at 15,000 configs, while the workers need the cores.
    """
    count = itertools.count(1)

    def settled(data: Any) -> _T:
        if not next(count) % _SETTLE_EVERY:
            gc.freeze()
        return decode(data)

    return settled


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No collection while the block joins or writes the graph: it makes no reference cycle, only many objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _whole_fragments(paths: tuple[str, ...], output_format: str, reading: _Reading) -> list[GraphFragment]:
    """The whole graph's document in ``output_format`` in the fragments of its configs (without a step registry).

    Each worker renders its configs' share of the document (see :class:`promoter.render.graph.GraphFragment`);
    this process joins and sorts their text. Through the cache unless --no-cache; the findings that kept a file
    out of the graph are printed first.
    """
    from promoter.render import graph as render  # noqa: PLC0415

    made = analyse_rendered(
        paths,
        functools.partial(render.graph_fragment, output_format=output_format),
        encode=render.encode_fragment,
        decode=render.decode_fragment,
        decode_new=_settled(render.decode_new_fragment),
        file=render.fragment_file,
        variant=f"graph-fragment|{output_format}|{render.JSON_FORMAT_VERSION}",
        limits=reading.limits,
        jobs=reading.jobs,
        cache_dir=reading.cache_dir,
        no_cache=reading.no_cache,
    )
    _left_out([f.left_out for f in made if f.left_out is not None], any(f.identifier for f in made))
    return _rescoped(made, output_format, reading)


def _left_out(left_out: list[ConfigResult], any_config: bool) -> None:
    """Print the findings that kept files out of the graph; exit 1 when not one file is a config."""
    from promoter.findings import sorted_findings  # noqa: PLC0415
    from promoter.render.findings import render_findings  # noqa: PLC0415

    require_any_config(any_config, left_out)
    # The graph is not a linter: only the findings that kept a file out of the graph are printed (`lint` says more).
    click.echo(render_findings(sorted_findings(f for result in left_out for f in result.findings)), nl=False, err=True)


def _parts(paths: tuple[str, ...], reading: _Reading, *, few_cached: bool = False) -> list[ConfigPart]:
    """The graph's part of every file under ``paths``, through the cache unless --no-cache (as :func:`analyse`).

    ``few_cached``: through the cache even for a few files named one by one (see :func:`analyse_rendered`).
    """
    from promoter.graph import config_part, part_file, part_from_json, part_from_new_json, part_json  # noqa: PLC0415

    return analyse_rendered(
        paths,
        config_part,
        encode=part_json,
        decode=part_from_json,
        decode_new=_settled(part_from_new_json),
        file=part_file,
        variant="graph-part",
        limits=reading.limits,
        jobs=reading.jobs,
        cache_dir=reading.cache_dir,
        no_cache=reading.no_cache,
        few_cached=few_cached,
    )


def _rescoped(fragments: list[GraphFragment], output_format: str, reading: _Reading) -> list[GraphFragment]:
    """The fragments, those of configs that share an identifier made again with their files in node ids.

    A worker cannot know that another file has the same identifier: the few such configs are built again here (from
    their parts), as :func:`promoter.graph.graph_of_parts` names them.
    """
    from promoter.graph import rescoped  # noqa: PLC0415
    from promoter.render.graph import fragment_of_part, shared_identifiers  # noqa: PLC0415

    shared = shared_identifiers(fragments)
    if not shared:
        return fragments
    again = tuple(f.file for f in fragments if f.identifier in shared and f.part is None)
    # Through the cache, so that a warm run finds them there.
    found = _parts(again, reading, few_cached=True) if again else []
    parts = {part.file: part for part in found}
    made = []
    for fragment in fragments:
        part = fragment.part or parts.get(fragment.file) if fragment.identifier in shared else None
        if part is None:
            made.append(fragment)
        elif part.identifier:  # else no longer a config: changed since it was read
            made.append(fragment_of_part(rescoped(part, f"{part.identifier}[{part.file}]"), output_format))
    return made


@click.command()
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(GRAPH_FORMATS),
    default="tree",
    show_default=True,
    help="tree for people; json (networkx node-link), dot (Graphviz), mermaid or graphml for tools.",
)
@click.option(
    "--focus",
    "focus_ref",
    metavar="REF",
    help="Keep only what is around REF: an image stream tag (ocp/4.17:base), a pull spec on a CI registry, or a "
    "config image (org/repo@branch:image).",
)
@click.option("--upstream", is_flag=True, help="With --focus: what REF is built from.")
@click.option("--downstream", is_flag=True, help="With --focus: everything built on REF, across repositories.")
@click.option("--depth", type=click.IntRange(min=1), metavar="N", help="With --focus: at most N edges from REF.")
@step_registry_option
@limits_options
@jobs_option
@cache_options
@memoized(pure=_GRAPH_PURE)
def graph(
    paths: tuple[str, ...],
    output_format: str,
    focus_ref: str | None,
    upstream: bool,
    downstream: bool,
    depth: int | None,
    step_registry: str | None,
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
) -> None:
    """Print the image input graph of the configs under PATH: what every image is built from, across configs.

    A tag one config promotes and another imports joins the two, so --focus REF --downstream lists everything that
    transitively builds on REF. Exits 0, 1 when REF matches nothing in the graph, 2 on a usage error.
    """
    from promoter.graph import ImageGraph, RefError, focus, near_matches, resolve  # noqa: PLC0415
    from promoter.render import graph as render  # noqa: PLC0415
    from promoter.render import visible  # noqa: PLC0415

    if (upstream or downstream or depth) and not focus_ref:
        raise click.UsageError("--upstream, --downstream and --depth need --focus REF")
    limits, registry = _opened(
        paths, max_file_size, max_nodes, max_depth, prog="promoted-images graph", step_registry=step_registry
    )
    reading = _Reading(limits, jobs, cache_dir, no_cache)
    if registry is None and focus_ref is None and output_format in render.FRAGMENT_FORMATS:
        fragments = _whole_fragments(paths, output_format, reading)
        # Written as it is joined: a whole tree's graph is hundreds of megabytes of text.
        with _collector_paused():
            echo_parts(render.iter_fragments(fragments, output_format))
        raise SystemExit(EXIT_OK)
    whole = _whole_graph(paths, reading, registry)
    shown = whole
    roots: list[str] | None = None
    if focus_ref is not None:
        if isinstance(whole, ImageGraph):
            whole = whole.to_networkx()  # a part of it is copied out
        try:
            subject, nodes = resolve(whole, focus_ref)
        except RefError as error:
            raise click.BadParameter(str(error), param_hint="--focus") from error
        if not nodes:
            click.echo(visible(f"{subject} is not in the graph of these configs"), err=True)
            suggestions = near_matches(whole, subject)
            if suggestions:
                click.echo(visible(f"  did you mean: {', '.join(suggestions)}"), err=True)  # as explain has it
            raise SystemExit(EXIT_FINDINGS)
        shown = focus(whole, nodes, upstream=upstream, downstream=downstream, depth=depth)
        roots = nodes
    with _collector_paused():
        _echo_graph(shown, output_format, roots=roots, upstream=upstream, downstream=downstream)
    raise SystemExit(EXIT_OK)


def _echo_graph(
    shown: AnyGraph, output_format: str, *, roots: list[str] | None, upstream: bool, downstream: bool
) -> None:
    """Write a graph in ``output_format``; a tree from ``roots`` when given, in the directions asked for."""
    from promoter.render import graph as render  # noqa: PLC0415

    # Every format is written as it is made: a whole tree's graph is hundreds of megabytes of text.
    if output_format != "tree":
        renderers = {
            "json": render.iter_json,
            "graphml": render.iter_graphml,
            "dot": render.iter_dot,
            "mermaid": render.iter_mermaid,
        }
        echo_parts(renderers[output_format](shown))
    elif roots is None:
        echo_parts(render.iter_tree(shown))
    else:
        wanted: tuple[tuple[Direction, bool], ...] = (
            ("upstream", upstream or not downstream),
            ("downstream", downstream or not upstream),
        )
        for index, direction in enumerate(name for name, chosen in wanted if chosen):
            if index:
                click.echo("")
            echo_parts(render.iter_tree(shown, roots=roots, direction=direction))


@click.command()
@click.argument("ref", metavar="REF")
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
@step_registry_option
@limits_options
@jobs_option
@cache_options
@memoized(pure=_EXPLAIN_PURE)
def explain(
    ref: str,
    paths: tuple[str, ...],
    output_format: str,
    step_registry: str | None,
    max_file_size: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    jobs: int | None,
    cache_dir: str | None,
    no_cache: bool,
) -> None:
    """Explain which config and line promotes REF, from which pipeline image, built from what, and who uses it.

    With a step registry, it also lists the tests that run REF, in a step or as a container test.

    REF is an image stream tag (ocp/4.17:cli), a pull spec on a CI registry, or a config image
    (org/repo@branch:image). Exits 0 when a config promotes REF (or defines the image), 1 when none does (near
    matches are suggested), 2 on a usage error.
    """
    from promoter.graph import RefError  # noqa: PLC0415
    from promoter.graph import explain as explain_ref  # noqa: PLC0415
    from promoter.render.graph import render_explanation_json, render_explanation_text  # noqa: PLC0415

    limits, registry = _opened(
        paths, max_file_size, max_nodes, max_depth, prog="promoted-images explain", step_registry=step_registry
    )
    whole = _whole_graph(paths, _Reading(limits, jobs, cache_dir, no_cache), registry)
    try:
        explanation = explain_ref(whole, ref)
    except RefError as error:
        raise click.BadParameter(str(error), param_hint="REF") from error
    if output_format == "json":
        click.echo(render_explanation_json(explanation), nl=False)
    else:
        click.echo(render_explanation_text(explanation), nl=False)
    raise SystemExit(EXIT_OK if explanation.found else EXIT_FINDINGS)


__all__ = ["EXIT_USAGE", "explain", "graph"]
