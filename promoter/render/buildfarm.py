"""Output of the build farm commands: the registries table, test-run images, and login instructions."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from promoter.buildfarm import Instructions, RegistriesPage, RegistryEntry, RunImages
from promoter.registries import RegistryRow
from promoter.render import json_document, visible, wrap_text
from promoter.render.docs import code_span, escape_markdown
from promoter.render.hugo import front_matter

JSON_FORMAT_VERSION = 1


def _json(document: object) -> str:
    return json_document(document)


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
    # The origin quotes the build log, which holds whatever the job printed.
    return "".join(f"{visible(line)}\n" for line in lines)


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


# --- the registries page (Markdown for the CI docs, and one HTML page) ----------------------------------------------

PAGE_TITLE = "CI image registries"
PAGE_GENERATED_BY = "promoted-images registries"
PAGE_DESCRIPTION = (
    "The registries of the CI clusters and of QCI: whose token each takes, how to log in safely, the images of a "
    "test run, and the retired hosts."
)
PAGE_COLUMNS = ("cluster", "registry", "console", "log in with", "serves", "note")


def _page_note(entry: RegistryEntry) -> str:
    row = entry.row
    if row.status == "restricted":
        return f"restricted: {row.note}" if row.note else "restricted"
    return row.note


def _test_run_lines(page: RegistriesPage) -> tuple[str, str, tuple[str, ...]]:
    run = page.test_run
    example = run.images[0].pull_spec if run.images else ""
    intro = (
        f"ci-operator builds a test run's images in its {run.namespace.kind}-* namespace on the cluster the job ran "
        f"on; its build log names both in the line 'Using namespace <console URL>'. Their pull specs follow "
        f"{page.test_run_pattern}, for example {example} for a run in {run.namespace.namespace} on "
        f"{run.namespace.cluster.name}. promoted-images testrun-image BUILD_LOG prints them."
    )
    return intro, example, run.notes


def render_registries_markdown(page: RegistriesPage, *, front: bool = False, weight: int = 1) -> str:
    """The registries page as Markdown for the CI docs; with ``front``, Hugo front matter instead of the title."""
    lines: list[str] = []
    if front:
        lines.append(front_matter(title=PAGE_TITLE, description=PAGE_DESCRIPTION, weight=weight))
    else:
        lines += [f"# {PAGE_TITLE}", ""]
    lines += [f"<!-- Generated by {PAGE_GENERATED_BY}; do not edit by hand, regenerate it. -->", ""]
    lines += [f"- {escape_markdown(note)}" for note in page.notes]
    lines += ["", "## Registries", ""]
    lines.append("| " + " | ".join(PAGE_COLUMNS) + " |")
    lines.append("| " + " | ".join("---" for _ in PAGE_COLUMNS) + " |")
    for entry in page.entries:
        row = entry.row
        console = f"<{entry.console}>" if entry.console and not entry.pattern else code_span(entry.console)
        cells = [
            code_span(row.cluster) if row.cluster else "QCI",
            code_span(row.registry),
            console,
            escape_markdown(entry.log_in_with),
            escape_markdown(row.role),
            escape_markdown(_page_note(entry)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    logins = [entry for entry in page.entries if entry.login is not None]
    lines += ["", "## Logging in", ""]
    if logins and logins[0].login is not None and len(logins[0].login.steps) > 1:
        lines += [escape_markdown(_sentence(logins[0].login.steps[1].says)), ""]
    for entry in logins:
        assert entry.login is not None
        first, login, *_ = entry.login.steps
        lines += [f"### {escape_markdown(entry.row.registry)}", "", escape_markdown(first.says), ""]
        lines += _md_block([*first.commands, *login.commands])
        lines += [f"- {escape_markdown(note)}" for note in entry.login.notes]
        lines.append("")
    lines += ["## Authentication required", "", escape_markdown(page.trap.says), ""]
    lines += _md_block(page.trap.commands)
    lines += [f"- {escape_markdown(note)}" for note in page.trap_notes]
    intro, example, notes = _test_run_lines(page)
    lines += ["", "## Images of a test run", "", escape_markdown(intro), ""]
    lines += _md_block([f"podman pull {example}"])
    lines += [f"- {escape_markdown(note)}" for note in notes]
    lines += ["", "## Retired hosts", ""]
    for row in page.retired:
        lines.append(f"- {code_span(row.registry)} ({escape_markdown(row.cluster)}): {escape_markdown(row.role)}")
        if row.note:
            lines[-1] += f"; {escape_markdown(row.note)}"
    return "\n".join(lines) + "\n"


def _sentence(says: str) -> str:
    # A step's text leads into its commands with a colon; on its own, above every registry, it ends as a sentence.
    return says.rstrip(":") + "."


def _md_block(commands: Sequence[str]) -> list[str]:
    longest = max((len(run) for command in commands for run in re.findall(r"`+", command)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}sh", *commands, fence, ""]


_PAGE_CSS = """
:root { color-scheme: light dark; --muted: #6a737d; --line: #d0d7de; --head: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --muted: #8b949e; --line: #30363d; --head: #161b22; } }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto 3rem; padding: 0 1rem;
  max-width: 75rem; overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--head); padding: .5rem; overflow-x: auto; }
@media (max-width: 50rem) {
  table, thead, tbody, tr, th, td { display: block; }
  thead { display: none; }
  tr { border: 1px solid var(--line); margin: .5rem 0; }
  td { border: 0; }
  td:empty { display: none; }
  td::before { content: attr(data-label) ": "; color: var(--muted); }
}
""".strip()


def render_registries_html(page: RegistriesPage) -> str:
    """The registries page as one self-contained HTML document (inline CSS, no script, a strict CSP)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f'<meta name="generator" content="{_e(PAGE_GENERATED_BY)}">',
        f'<meta name="description" content="{_e(PAGE_DESCRIPTION)}">',
        f"<title>{_e(PAGE_TITLE)}</title>",
        f"<style>\n{_PAGE_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(PAGE_TITLE)}</h1>",
        "<ul>",
        *(f"<li>{_e(note)}</li>" for note in page.notes),
        "</ul>",
        '<h2 id="registries">Registries</h2>',
        "<table>",
        "<thead><tr>" + "".join(f"<th>{_e(column)}</th>" for column in PAGE_COLUMNS) + "</tr></thead>",
        "<tbody>",
    ]
    for entry in page.entries:
        row = entry.row
        console = entry.console
        console_cell = f'<a href="{_e(console)}">{_e(console)}</a>' if console and not entry.pattern else _code(console)
        cells = [
            _code(row.cluster) if row.cluster else "QCI",
            _code(row.registry),
            console_cell,
            _e(entry.log_in_with),
            _e(row.role),
            _e(_page_note(entry)),
        ]
        out.append(
            "<tr>"
            + "".join(
                f'<td data-label="{_e(label)}">{cell}</td>' for label, cell in zip(PAGE_COLUMNS, cells, strict=True)
            )
            + "</tr>"
        )
    out += ["</tbody>", "</table>", '<h2 id="logging-in">Logging in</h2>']
    logins = [entry for entry in page.entries if entry.login is not None]
    if logins and logins[0].login is not None and len(logins[0].login.steps) > 1:
        out.append(f"<p>{_e(_sentence(logins[0].login.steps[1].says))}</p>")
    for entry in logins:
        assert entry.login is not None
        first, login, *_ = entry.login.steps
        out += [
            f"<h3>{_e(entry.row.registry)}</h3>",
            f"<p>{_e(first.says)}</p>",
            _pre([*first.commands, *login.commands]),
        ]
        out += _html_list(entry.login.notes)
    out += [
        '<h2 id="authentication-required">Authentication required</h2>',
        f"<p>{_e(page.trap.says)}</p>",
        _pre(page.trap.commands),
        *_html_list(page.trap_notes),
    ]
    intro, example, notes = _test_run_lines(page)
    out += [
        '<h2 id="images-of-a-test-run">Images of a test run</h2>',
        f"<p>{_e(intro)}</p>",
        _pre([f"podman pull {example}"]),
        *_html_list(notes),
        '<h2 id="retired-hosts">Retired hosts</h2>',
        "<ul>",
    ]
    for row in page.retired:
        note = f"; {_e(row.note)}" if row.note else ""
        out.append(f"<li>{_code(row.registry)} ({_e(row.cluster)}): {_e(row.role)}{note}</li>")
    out += ["</ul>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _code(text: str) -> str:
    return f"<code>{_e(text)}</code>" if text else ""


def _pre(commands: Sequence[str]) -> str:
    return "<pre><code>" + "\n".join(_e(command) for command in commands) + "</code></pre>"


def _html_list(items: Sequence[str]) -> list[str]:
    return ["<ul>", *(f"<li>{_e(item)}</li>" for item in items), "</ul>"] if items else []
