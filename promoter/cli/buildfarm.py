"""``promoted-images registries``, ``testrun-image`` and ``login``: the build farm's registries, from the shell.

Thin commands: they read the input (a build log, a config), call ``promoter.buildfarm`` and echo a renderer's text.
Wrong input exits 2 with one ``Error:`` line on standard error, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

import click

from promoter.cli import EXIT_OK, fail

if TYPE_CHECKING:
    from promoter.buildfarm import JobNamespace

_FORMAT_HELP = "text for people, json for programs."


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, markdown for the CI docs, html for one self-contained page.",
)
@click.option(
    "--front-matter",
    "--hugo",
    "front",
    is_flag=True,
    help="With --format markdown: start with Hugo front matter (title, description, weight) instead of a title.",
)
def registries(output_format: str, front: bool) -> None:
    """Print the registries of the CI clusters and of QCI, whose token each takes, and what each serves.

    --format markdown and html write the whole registries page (how to log in safely, the "authentication
    required" trap, the images of a test run, the retired hosts) from the same table.
    """
    from promoter.buildfarm import REGISTRY_TEXT_NOTES, registries_page  # noqa: PLC0415
    from promoter.registries import registry_rows  # noqa: PLC0415
    from promoter.render import buildfarm as render  # noqa: PLC0415

    if front and output_format != "markdown":
        raise click.UsageError("--front-matter goes with --format markdown")
    if output_format == "markdown":
        text = render.render_registries_markdown(registries_page(), front=front)
    elif output_format == "html":
        text = render.render_registries_html(registries_page())
    elif output_format == "json":
        text = render.render_registries_json(registry_rows(), REGISTRY_TEXT_NOTES)
    else:
        text = render.render_registries_text(registry_rows(), REGISTRY_TEXT_NOTES)
    click.echo(text, nl=False)
    raise SystemExit(EXIT_OK)


@click.command("testrun-image")
@click.argument("source", required=False, metavar="[LOG|-|URL]")
@click.option("--cluster", metavar="CLUSTER", help="The cluster the test ran on (build02, ...), with --namespace.")
@click.option("--namespace", metavar="NAMESPACE", help="The test namespace (ci-op-..., ci-ln-...), with --cluster.")
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help="A pipeline tag to print; repeat for several [default: the images of --config, else src].",
)
@click.option("--config", "config_path", metavar="PATH", help="The job's ci-operator config: print its images.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "urls"]),
    default="text",
    show_default=True,
    help="text for people, json for programs, urls for one pull spec per line.",
)
def testrun_image(
    source: str | None,
    cluster: str | None,
    namespace: str | None,
    tags: tuple[str, ...],
    config_path: str | None,
    output_format: str,
) -> None:
    """Print the pull specs of the images a test run built, in its namespace on the build farm.

    The run is found in its build log (a file, or - for standard input: the "Using namespace" line), in a console
    URL such as https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti, or given with
    --cluster and --namespace. Only the pull request's author can pull these images.
    """
    from promoter.buildfarm import (  # noqa: PLC0415
        DEFAULT_PIPELINE_TAGS,
        BuildFarmError,
        job_namespace,
        pipeline_images,
    )
    from promoter.render.buildfarm import (  # noqa: PLC0415
        render_testrun_json,
        render_testrun_text,
        render_testrun_urls,
    )

    if tags and config_path:
        raise click.UsageError("give either --tag or --config, not both")
    try:
        if source is not None:
            if cluster or namespace:
                raise click.UsageError("give a build log or URL, or --cluster and --namespace, not both")
            found = _namespaces_of(source)
        elif cluster and namespace:
            found = [job_namespace(cluster, namespace)]
        else:
            raise click.UsageError("give a build log (- for stdin), a console URL, or --cluster and --namespace")
        if tags:
            pipeline_tags: tuple[tuple[str, str], ...] = tuple((tag, "") for tag in tags)
        elif config_path:
            pipeline_tags = _tags_of_config(config_path)
        else:
            pipeline_tags = tuple((tag, "") for tag in DEFAULT_PIPELINE_TAGS)
        run = pipeline_images(found[0], pipeline_tags, others=found[1:])
    except BuildFarmError as error:
        fail(str(error))
    if output_format == "json":
        text = render_testrun_json(run)
    elif output_format == "urls":
        text = render_testrun_urls(run)
    else:
        text = render_testrun_text(run)
    click.echo(text, nl=False)
    raise SystemExit(EXIT_OK)


def _namespaces_of(source: str) -> list[JobNamespace]:
    from promoter.buildfarm import namespaces_in_log, parse_console_url  # noqa: PLC0415

    looks_like_url = source.startswith(("http://", "https://")) or (
        source.startswith("console") and "/k8s/" in source and not os.path.exists(source)
    )
    if looks_like_url:
        url = source if "://" in source else f"https://{source}"
        return [parse_console_url(url)]
    if source == "-":
        return list(namespaces_in_log(_log_lines(sys.stdin.buffer), name="<stdin>"))
    try:
        with open(source, "rb") as handle:
            return list(namespaces_in_log(_log_lines(handle), name=source))
    except OSError as error:
        fail(f"cannot read build log {source}: {error.strerror or error}")


# A build log is read a line at a time, and a line of more than this many bytes a piece at a time, so that a log of
# any size (or one long line) takes little memory.
_LOG_PIECE_BYTES = 1 << 20


def _log_lines(stream: BinaryIO) -> Iterator[str]:
    while piece := stream.readline(_LOG_PIECE_BYTES):
        # Build logs carry whatever the job printed; a stray byte must not hide the namespace line.
        yield piece.decode("utf-8", errors="replace")


def _tags_of_config(path: str) -> tuple[tuple[str, str], ...]:
    from promoter.buildfarm import tags_of_images  # noqa: PLC0415
    from promoter.files import read_config  # noqa: PLC0415

    result = read_config(path)
    if result.config is None:
        problem = result.findings[0].message if result.findings else "cannot be read"
        fail(f"config {path}: {problem}")
    tags = tags_of_images(result.config.images)
    if not tags:
        fail(f"config {path} builds no images (images.items is empty): give --tag")
    return tags


@click.command()
@click.argument("target", metavar="REGISTRY_OR_CLUSTER")
@click.option(
    "--service-account",
    metavar="NAMESPACE/NAME",
    help="Print the steps to read this service account's image pull secret for the registry instead.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=_FORMAT_HELP,
)
def login(target: str, service_account: str | None, output_format: str) -> None:
    """Print the commands to log in to a CI registry with your oc token, for docker and podman.

    REGISTRY_OR_CLUSTER is a cluster (app.ci, build02, ...), a registry host, or quay-proxy. The token is passed on
    standard input (--password-stdin), never as an argument, where other users and the shell history would see it.
    Nothing is run: the output is a script to read and paste.
    """
    from promoter.buildfarm import BuildFarmError, login_instructions, service_account_instructions  # noqa: PLC0415
    from promoter.render.buildfarm import render_instructions_json, render_instructions_text  # noqa: PLC0415

    try:
        if service_account is not None:
            instructions = service_account_instructions(target, service_account)
        else:
            instructions = login_instructions(target)
    except BuildFarmError as error:
        fail(str(error))
    render = render_instructions_json if output_format == "json" else render_instructions_text
    click.echo(render(instructions), nl=False)
    raise SystemExit(EXIT_OK)


__all__ = ["login", "registries", "testrun_image"]
