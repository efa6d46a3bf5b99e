"""``promoted-images doctor``: which registry credentials podman and docker send, and which are stale or broken.

A thin command: it finds the auth files from the environment, reads them (only reads), and echoes a renderer's text.
Exit status 0 when no problem is found, 1 when one is (an expired token, a malformed or unreadable file, a bad auth
value, an entry for the retired api.ci registry, or no credentials for an image that needs them), 2 for a usage error.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import click

from promoter.cli import EXIT_FINDINGS, EXIT_OK, fail


def _now() -> datetime:
    # One place for the clock, so that tests can fix it.
    return datetime.now(UTC)


@click.command()
@click.argument("image", required=False, metavar="[IMAGE]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
def doctor(image: str | None, output_format: str) -> None:
    """Check the container auth files for a registry: which credentials podman and docker send, and what is stale.

    IMAGE is a pull spec, a registry host, or a cluster (app.ci, build02, quay-proxy, ...); without it every CI
    registry is checked. The files are read in the order podman and docker read them ($REGISTRY_AUTH_FILE,
    $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json, ~/.docker/config.json, ~/.dockercfg).
    A JWT's expiry is read from its exp claim. Nothing is written, no credential helper is run, no registry is
    contacted, and no token is ever printed. Exits 0 when nothing is wrong, 1 when a problem is found, 2 on a
    usage error.
    """
    from promoter.authfiles import (  # noqa: PLC0415
        DoctorError,
        auth_file_locations,
        default_targets,
        diagnose,
        read_auth_files,
        resolve_target,
    )
    from promoter.render.doctor import render_doctor_json, render_doctor_text  # noqa: PLC0415

    try:
        target = resolve_target(image) if image is not None else None
    except DoctorError as error:
        fail(str(error))
    home = os.environ.get("HOME") or os.path.expanduser("~")
    locations = auth_file_locations(os.environ, home=home, uid=os.getuid())
    files = read_auth_files(locations)
    targets = (target,) if target is not None else default_targets(files)
    report = diagnose(files, targets, _now(), image=image or "")
    render = render_doctor_json if output_format == "json" else render_doctor_text
    click.echo(render(report), nl=False)
    raise SystemExit(EXIT_FINDINGS if report.problems else EXIT_OK)


__all__ = ["doctor"]
