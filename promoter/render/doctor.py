"""Output of ``doctor``: the auth files read, what podman and docker send to each registry, and what to fix.

The report holds no secret (``promoter.authfiles`` drops them while parsing), so nothing here can print one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from promoter.authfiles import AuthFile, Problem, RegistryReport, Report, Source, Target
from promoter.render import json_document, wrap_text

JSON_FORMAT_VERSION = 1


def _file_state(auth_file: AuthFile) -> str:
    if auth_file.state == "missing":
        state = "not there"
    elif auth_file.state != "ok":
        state = auth_file.problem
    else:
        count = len(auth_file.entries)
        state = f"{count or 'no'} entr{'y' if count == 1 else 'ies'}"
        if auth_file.cred_helpers:
            helpers = len(auth_file.cred_helpers)
            state += f", credHelpers for {helpers} registr{'y' if helpers == 1 else 'ies'}"
        if auth_file.creds_store:
            state += f", credsStore {auth_file.creds_store}"
    extras = []
    if auth_file.location.origin:
        extras.append(f"from {auth_file.location.origin}")
    if auth_file.location.legacy:
        extras.append("legacy format")
    return state + (f" ({', '.join(extras)})" if extras else "")


def _files_text(files: tuple[AuthFile, ...]) -> list[str]:
    lines = wrap_text(
        "Auth files, in the order podman, skopeo and buildah read them (the first file with credentials for a "
        "registry wins; docker reads only its config.json):",
        "",
        "",
    )
    readers = [", ".join(f.location.tools) for f in files]
    reader_width = max(len(r) for r in readers)
    path_width = max(len(f.display) for f in files)
    for auth_file, reader in zip(files, readers, strict=True):
        head = f"  {reader.ljust(reader_width)}  {auth_file.display.ljust(path_width)}  "
        lines.extend(wrap_text(_file_state(auth_file), head, " " * len(head)))
    return lines


def _target_title(target: Target, *, note: bool = False) -> str:
    title = target.registry
    details = [detail for detail in (target.label, target.status if target.status != "active" else "") if detail]
    if note and target.note:
        details.append(target.note)
    if details:
        title += f"  ({'; '.join(details)})"
    return title


def _registry_text(report: RegistryReport) -> list[str]:
    target = report.target
    lines = [_target_title(target)]
    if target.repository:
        lines.append(f"  image   {target.registry}/{target.repository}")
    for source in (report.podman, report.docker):
        lines.extend(wrap_text(source.message, f"  {source.tool.ljust(6)}  ", " " * 10))
    for entry in report.entries:
        used = f"sent by {', '.join(entry.used_by)}" if entry.used_by else f"not sent: {entry.unused_why}"
        lines.extend(wrap_text(f"{entry.file} {entry.entry.shown}: {used}", "  entry   ", " " * 10))
        for token in entry.tokens:
            lines.extend(wrap_text(f"{token.token.field}: {token.summary}", " " * 12, " " * 14))
    for note in report.notes:
        lines.extend(wrap_text(note, "  note    ", " " * 10))
    return lines


def _problems_text(problems: tuple[Problem, ...]) -> list[str]:
    lines = ["Problems:"]
    for number, problem in enumerate(problems, 1):
        first = f"  {number}. "
        lines.extend(wrap_text(problem.message, first, " " * len(first)))
        # A fix is pasted into a shell as printed: wrapped, its second half would run as a command of its own (a
        # redirection alone empties the auth file it then moves into place). It stays on one line, however long.
        lines.extend(f"{' ' * len(first)}fix: {fix}" for fix in problem.fixes)
    return lines


def render_doctor_text(report: Report) -> str:
    """The report for people: the files, a block per registry with something to say, problems with fixes, notes."""
    lines = _files_text(report.files)
    quiet = [r for r in report.registries if not r.has_anything and not r.problems and not report.image]
    for registry in report.registries:
        if registry in quiet:
            continue
        lines.append("")
        lines.extend(_registry_text(registry))
    if quiet:
        lines.append("")
        lines.append("No credentials in any file for:")
        lines.extend(f"  {_target_title(registry.target, note=True)}" for registry in quiet)
    if report.problems:
        lines.append("")
        lines.extend(_problems_text(report.problems))
    lines.append("")
    for note in report.notes:
        lines.extend(wrap_text(note, "note: ", "      "))
    count = len(report.problems)
    lines.append("")
    lines.append(f"{count} problem{'s' * (count != 1)} found" if count else "no problems found")
    return "\n".join(lines) + "\n"


def _source_json(source: Source) -> dict[str, object]:
    return {
        "source": source.kind,
        "file": source.file or None,
        "key": source.key or None,
        "helper": source.helper or None,
        "message": source.message,
    }


def _file_json(auth_file: AuthFile) -> dict[str, object]:
    location = auth_file.location
    return {
        "path": auth_file.display,
        "read_by": list(location.tools),
        "set_by": location.origin or None,
        "format": "dockercfg" if location.legacy else "auth.json",
        "state": auth_file.state,
        "problem": auth_file.problem or None,
        "entries": [entry.shown for entry in auth_file.entries],
        "cred_helpers": dict(auth_file.cred_helpers),
        "creds_store": auth_file.creds_store or None,
    }


def _registry_json(report: RegistryReport) -> dict[str, object]:
    target = report.target
    return {
        "registry": target.registry,
        "repository": target.repository or None,
        "name": target.label or None,
        "status": target.status or None,
        "login": target.login or None,
        "podman": _source_json(report.podman),
        "docker": _source_json(report.docker),
        "entries": [
            {
                "file": entry.file,
                "key": entry.entry.shown,
                "used_by": list(entry.used_by),
                "unused_because": entry.unused_why or None,
                "tokens": [
                    {
                        "field": token.token.field,
                        "kind": token.token.kind,
                        "expires": _iso(token.token.expires) if token.token.expires else None,
                        "expired": token.expired,
                        "summary": token.summary,
                    }
                    for token in entry.tokens
                ],
            }
            for entry in report.entries
        ],
        "notes": list(report.notes),
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_doctor_json(report: Report) -> str:
    """The report as a JSON document: files, registries with their sources and entries, problems, notes."""
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "checked_at": _iso(report.now),
        "image": report.image or None,
        "files": [_file_json(auth_file) for auth_file in report.files],
        "registries": [_registry_json(registry) for registry in report.registries],
        "problems": [
            {
                "kind": problem.kind,
                "registry": problem.registry or None,
                "file": problem.file or None,
                "message": problem.message,
                "fixes": list(problem.fixes),
            }
            for problem in report.problems
        ],
        "notes": list(report.notes),
    }
    return json_document(document)
