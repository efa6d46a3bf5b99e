"""Output of the build farm commands: the registries table, test-run images, and login instructions."""

from __future__ import annotations

import json
from collections.abc import Sequence

from promoter.buildfarm import Instructions, RunImages
from promoter.registries import RegistryRow
from promoter.render import wrap_text

JSON_FORMAT_VERSION = 1


def _json(document: object) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _comment(text: str, *, first: str = "# ", rest: str = "#   ") -> list[str]:
    # Prose is written as shell comments, so the whole output can be pasted into a shell or saved as a script.
    return wrap_text(text, first, rest)


def _note_lines(notes: Sequence[str]) -> list[str]:
    lines: list[str] = []
    for note in notes:
        lines.extend(wrap_text(note, "note: ", "      "))
    return lines


def render_registries_text(rows: Sequence[RegistryRow], notes: Sequence[str]) -> str:
    """The registries table for people: one block per registry with its role, status and notes."""
    width = max(len(_cluster_label(row)) for row in rows)
    lines: list[str] = []
    for row in rows:
        status = "" if row.status == "active" else f"  [{row.status}]"
        login = ""
        if row.login_cluster and row.login_cluster != row.cluster:
            login = f"  (takes the token of {row.login_cluster})"
        lines.append(f"{_cluster_label(row).ljust(width)}  {row.registry}{status}{login}")
        indent = " " * (width + 2)
        lines.extend(wrap_text(row.role, indent, indent))
        if row.note:
            lines.extend(wrap_text(row.note, f"{indent}note: ", f"{indent}      "))
    lines.append("")
    lines.extend(_note_lines(notes))
    return "\n".join(lines) + "\n"


def _cluster_label(row: RegistryRow) -> str:
    return row.cluster or "QCI"


def render_registries_json(rows: Sequence[RegistryRow], notes: Sequence[str]) -> str:
    """The registries table as a JSON document: one object per registry, and the general notes."""
    registries = [
        {
            "cluster": row.cluster or None,
            "registry": row.registry,
            "status": row.status,
            "login_cluster": row.login_cluster or None,
            "role": row.role,
            "note": row.note or None,
        }
        for row in rows
    ]
    return _json({"format_version": JSON_FORMAT_VERSION, "registries": registries, "notes": list(notes)})


def render_testrun_text(run: RunImages) -> str:
    """Where a test run's pipeline images are: the namespace, one pull spec a line, and how to pull them."""
    namespace = run.namespace
    lines = [
        f"namespace {namespace.namespace} on {namespace.cluster.name} ({namespace.cluster.registry})",
        f"found in {namespace.origin}",
    ]
    lines.extend(f"  {image.pull_spec}" + (f"  ({image.note})" if image.note else "") for image in run.images)
    lines.extend(_note_lines(run.notes))
    return "\n".join(lines) + "\n"


def render_testrun_urls(run: RunImages) -> str:
    """One pull spec a line, for scripts: ``docker pull $(promoted-images testrun-image LOG --format urls)``."""
    return "".join(f"{image.pull_spec}\n" for image in run.images)


def render_testrun_json(run: RunImages) -> str:
    """A test run's namespace, pull specs and notes as a JSON document."""
    namespace = run.namespace
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "cluster": namespace.cluster.name,
        "registry": namespace.cluster.registry,
        "namespace": namespace.namespace,
        "kind": namespace.kind,
        "found_in": namespace.origin,
        "images": [
            {"tag": image.tag, "pull_spec": image.pull_spec, "note": image.note or None} for image in run.images
        ],
        "notes": list(run.notes),
    }
    return _json(document)


def render_instructions_text(instructions: Instructions) -> str:
    """Login steps as a shell script: prose in comments, numbered, followed by the commands to run."""
    lines = _comment(instructions.title)
    for number, step in enumerate(instructions.steps, 1):
        lines.append("")
        lines.extend(_comment(step.says, first=f"# {number}. ", rest="#    "))
        lines.extend(step.commands)
    if instructions.notes:
        lines.append("")
        for note in instructions.notes:
            lines.extend(_comment(note, first="# note: ", rest="#       "))
    return "\n".join(lines) + "\n"


def render_instructions_json(instructions: Instructions) -> str:
    """Login steps as a JSON document: the registry, the cluster whose token it takes, steps and notes."""
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "registry": instructions.registry,
        "cluster": instructions.cluster,
        "title": instructions.title,
        "steps": [{"says": step.says, "commands": list(step.commands)} for step in instructions.steps],
        "notes": list(instructions.notes),
    }
    return _json(document)
