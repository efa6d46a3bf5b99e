"""Output formats of ``promoted-images diff``: text for people, JSON for programs, Markdown for a pull request."""

from __future__ import annotations

from promoter.diff import ConfigDiff, DiffReport, InputChange, TagEntry
from promoter.findings import Finding, Severity
from promoter.lazyre import lazy_compile
from promoter.registries import PULL_REGISTRIES, PullRegistry, pull_spec, pull_spec_kept
from promoter.render import (
    ANSI_BOLD,
    ANSI_CYAN,
    ANSI_DIM,
    ANSI_RED,
    ANSI_YELLOW,
    SEVERITY_NOUNS,
    json_document,
    kind_label,
    paint,
    plural,
    visible,
)

JSON_FORMAT_VERSION = 1
ANSI_GREEN = "\x1b[32m"
# GitHub refuses comments over 65,536 characters; the rest of the budget is for whatever a bot puts around this.
MARKDOWN_MAX_CHARS = 60_000
_SHOWN_REGISTRIES: tuple[PullRegistry, ...] = ("app.ci", "quay-proxy")


def _short(commit: str | None) -> str:
    return commit[:12] if commit else ""


def _revision(label: str, commit: str | None) -> str:
    return f"{label} ({_short(commit)})" if commit else label


def _findings_phrase(count: int, severity: Severity) -> str:
    singular, plural_form = SEVERITY_NOUNS[severity]
    return f"{count} new {singular if count == 1 else plural_form}"


def summary_line(report: DiffReport) -> str:
    """One line saying what changed: configs by status, tags, targets, inputs, and new findings."""
    counts = report.summary()
    if not report.configs:
        return "no config changed"
    statuses = ", ".join(
        f"{counts[status]} {status}" for status in ("added", "removed", "renamed", "modified") if counts[status]
    )
    parts = [f"{plural(counts['configs'], 'config')} changed" + (f" ({statuses})" if statuses else "")]
    if counts["unchanged"]:
        parts.append(f"{plural(counts['unchanged'], 'other config')} with changed findings")
    still = counts["tags_removed"] - counts["tags_no_longer_promoted"]
    elsewhere = f" ({still} still promoted elsewhere)" if still else ""
    phrases = [
        (counts["tags_added"], plural(counts["tags_added"], "tag") + " added"),
        (counts["tags_removed"], plural(counts["tags_removed"], "tag") + " removed" + elsewhere),
        (counts["sources_changed"], plural(counts["sources_changed"], "source") + " changed"),
        (counts["targets_changed"], plural(counts["targets_changed"], "target") + " changed"),
        (counts["inputs_changed"], plural(counts["inputs_changed"], "input") + " changed"),
        (counts["new_errors"], _findings_phrase(counts["new_errors"], Severity.ERROR)),
        (counts["new_warnings"], _findings_phrase(counts["new_warnings"], Severity.WARNING)),
        (counts["new_info"], _findings_phrase(counts["new_info"], Severity.INFO)),
        (counts["fixed_findings"], plural(counts["fixed_findings"], "finding") + " fixed"),
    ]
    parts.extend(phrase for count, phrase in phrases if count)
    return ", ".join(parts)


def _pull_specs(tag: TagEntry) -> list[str]:
    """The pull specs promotion keeps up to date, app.ci first when it is one of them."""
    return [pull_spec(tag.tag, registry) for registry in _SHOWN_REGISTRIES if pull_spec_kept(tag.tag, registry)]


def _input_subject(change: InputChange) -> str:
    if change.field == "build_root":
        return "build_root"
    if change.field == "from":
        return "from"
    return f"{change.field}.{change.name}"


def _input_value(change: InputChange) -> tuple[str, str]:
    """The change as an arrow, and the images it concerns."""
    if change.change == "added":
        arrow = f"+ {change.after}"
    elif change.change == "removed":
        arrow = f"- {change.before}"
    else:
        arrow = f"{change.before} -> {change.after}"
    return arrow, ", ".join(change.images)


# Text


def render_text(report: DiffReport, *, color: bool = False) -> str:
    """The summary line, then one block per config: tags with pull specs, targets, inputs and findings."""
    header = visible(
        f"base {_revision(report.base, report.base_commit)} .. head {_revision(report.head, report.head_commit)}"
    )
    lines = [paint(header, ANSI_DIM, color=color), summary_line(report)]
    for config in report.configs:
        lines.append("")
        lines.extend(_text_block(config, color=color))
    return "\n".join(lines) + "\n"


def _status_text(config: ConfigDiff) -> str:
    if config.status == "renamed":
        text = f"renamed from {visible(config.base_file or '')}"
        if config.base_config is not None and config.base_config != config.config:
            text += f" (was {visible(config.base_config)})"
        return text
    if config.status == "unchanged":
        return "unchanged, findings changed through other configs"
    return config.status


def _text_block(config: ConfigDiff, *, color: bool) -> list[str]:
    title = paint(visible(config.config), ANSI_BOLD + ANSI_CYAN, color=color)
    lines = [f"{title}  {paint(visible(config.file), ANSI_DIM, color=color)}  {_status_text(config)}"]
    lines.extend(_text_tag(tag, "+", color=color) for tag in config.tags_added)
    lines.extend(_text_tag(tag, "-", color=color) for tag in config.tags_removed)
    lines.extend(
        f"  {paint(visible(f'~ {change.tag}'), ANSI_YELLOW, color=color)}"
        f"  source {visible(change.before)} -> {visible(change.after)}"
        for change in config.sources_changed
    )
    lines.extend(
        visible(f"  target {target.target} {target.change}  ({target.path}, line {target.line})")
        for target in config.targets
    )
    for input_change in config.inputs:
        arrow, images = _input_value(input_change)
        where = f"  (images: {images})" if images else ""
        lines.append(visible(f"  input {_input_subject(input_change)}: {arrow}{where}"))
    lines.extend(f"  {_finding_text(finding, 'new', color=color)}" for finding in config.new_findings)
    lines.extend(f"  {_finding_text(finding, 'fixed', color=False)}" for finding in config.fixed_findings)
    if not config.affects_promotion:
        lines.append("  no change to promoted tags, targets, inputs or findings")
    return lines


def _text_tag(tag: TagEntry, sign: str, *, color: bool) -> str:
    """A tag line with its pull specs below it."""
    elsewhere = ""
    if tag.elsewhere:
        verb = "still promoted by" if sign == "-" else "moved from"
        elsewhere = visible(f"  ({verb} {', '.join(tag.elsewhere)})")
    style = ANSI_GREEN if sign == "+" else ANSI_RED
    source = visible(tag.source)
    head = f"  {paint(visible(f'{sign} {tag.tag}'), style, color=color)}  <- {source}{kind_label(tag.kind)}{elsewhere}"
    return "\n".join([head, *(f"      {visible(spec)}" for spec in _pull_specs(tag))])


def _finding_text(finding: Finding, label: str, *, color: bool) -> str:
    style = ANSI_RED if finding.severity is Severity.ERROR else ANSI_YELLOW
    severity = paint(finding.severity.value, style, color=color)
    return f"{label} {severity} {finding.rule} (line {finding.line}): {visible(finding.message)}"


# JSON


def render_json(report: DiffReport) -> str:
    """A stable JSON document: the revisions, the summary counts, and every config's changes."""
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "base": {"revision": report.base, "commit": report.base_commit},
        "head": {"revision": report.head, "commit": report.head_commit},
        "summary": report.summary(),
        "configs": [_json_config(config) for config in report.configs],
    }
    return json_document(document)


def _json_config(config: ConfigDiff) -> dict[str, object]:
    return {
        "status": config.status,
        "file": config.file,
        "base_file": config.base_file,
        "config": config.config,
        "base_config": config.base_config,
        "tags_added": [_json_tag(tag, "moved_from") for tag in config.tags_added],
        "tags_removed": [_json_tag(tag, "still_promoted_by") for tag in config.tags_removed],
        "sources_changed": [
            {"tag": str(change.tag), "before": change.before, "after": change.after}
            for change in config.sources_changed
        ],
        "targets": [
            {"change": target.change, "target": target.target, "path": target.path, "line": target.line}
            for target in config.targets
        ],
        "inputs": [
            {
                "field": change.field,
                "name": change.name,
                "change": change.change,
                "before": change.before,
                "after": change.after,
                "images": list(change.images),
                "previous_name": change.previous_name,
            }
            for change in config.inputs
        ],
        "new_findings": [finding.to_dict() for finding in config.new_findings],
        "fixed_findings": [finding.to_dict() for finding in config.fixed_findings],
    }


def _json_tag(tag: TagEntry, elsewhere: str) -> dict[str, object]:
    return {
        "tag": str(tag.tag),
        "namespace": tag.tag.namespace,
        "stream": tag.tag.name,
        "stream_tag": tag.tag.tag,
        "source": tag.source,
        "kind": tag.kind,
        "path": tag.path,
        "line": tag.line,
        elsewhere: list(tag.elsewhere),
        "pull_specs": [
            {
                "registry": registry,
                "pull_spec": pull_spec(tag.tag, registry),
                "kept_up_to_date": pull_spec_kept(tag.tag, registry),
            }
            for registry in PULL_REGISTRIES
        ],
    }


# Markdown

_MARKDOWN_SPECIAL = lazy_compile(r"([\\`*_\[\]|])")


# GitHub links @user and @org/team after anything but a letter, digit or _ (so org/repo@branch is no mention); a
# zero-width joiner after the @ keeps the text as written and links nobody.
_MENTION = lazy_compile(r"(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])")


def _text(text: str) -> str:
    r"""Prose for a pull request comment: one line, HTML and Markdown syntax escaped, mentions neutralised.

    A config author controls the values inside a message: a line break (shown as ``\x0a``) cannot start a heading
    or close the ``<details>`` around it, and ``@someone`` does not notify anyone.
    """
    import html  # noqa: PLC0415 - for Markdown only: the text of a diff needs none

    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(visible(text), quote=False))
    return _MENTION.sub("@\u200d", escaped)


def _code(text: str) -> str:
    """A value as a code span that nothing can break out of.

    The fence is longer than any run of backticks inside, the value is one line, and ``|`` is escaped for table
    cells. GitHub links no mention inside code.
    """
    # The reference pages' renderer (and the image graph behind it) only for the Markdown of a diff.
    from promoter.render.docs import code_span  # noqa: PLC0415

    return code_span(text)


def _html_code(text: str) -> str:
    """A value as ``<code>`` inside the raw HTML of ``<summary>``: escaped, one line."""
    import html  # noqa: PLC0415 - for Markdown only

    return f"<code>{html.escape(visible(text))}</code>"


def render_markdown(report: DiffReport, *, max_chars: int = MARKDOWN_MAX_CHARS) -> str:
    """A pull request comment: the summary line, then a collapsed section per config that changes anything.

    Configs whose change has no visible consequence are listed on one line. When the comment would grow past
    ``max_chars``, the remaining sections are left out and counted, so the comment can always be posted.
    """
    base = _code(_revision(report.base, report.base_commit))
    head = _code(_revision(report.head, report.head_commit))
    parts = [f"**promoted-images diff** {base} → {head}: {summary_line(report)}\n"]
    quiet = [config for config in report.configs if not config.affects_promotion]
    sections = [_markdown_section(config) for config in report.configs if config.affects_promotion]
    footer = ""
    if quiet:
        names = ", ".join(_code(config.file) for config in quiet)
        footer = f"\nChanged with no effect on promoted tags, targets, inputs or findings: {names}\n"
    used = len(parts[0])
    omitted = 0
    for index, section in enumerate(sections):
        # Room is kept for the line that says how many sections were left out.
        if used + len(section) + 200 > max_chars:
            omitted = len(sections) - index
            break
        parts.append(section)
        used += len(section)
    if omitted:
        parts.append(
            f"\n… and {plural(omitted, 'more config')} not shown here: run `promoted-images diff` for all of them.\n"
        )
    elif footer and used + len(footer) <= max_chars:
        parts.append(footer)
    return "".join(parts)


def _section_counts(config: ConfigDiff) -> str:
    counts = []
    if config.tags_added or config.tags_removed:
        counts.append(f"+{len(config.tags_added)} -{len(config.tags_removed)} tags")
    if config.sources_changed:
        counts.append(plural(len(config.sources_changed), "source") + " changed")
    if config.targets:
        counts.append(plural(len(config.targets), "target") + " changed")
    if config.inputs:
        counts.append(plural(len(config.inputs), "input") + " changed")
    for severity in Severity:
        new = sum(1 for finding in config.new_findings if finding.severity is severity)
        if new:
            counts.append(_findings_phrase(new, severity))
    if config.fixed_findings:
        counts.append(plural(len(config.fixed_findings), "finding") + " fixed")
    return ", ".join(counts)


def _markdown_section(config: ConfigDiff) -> str:
    status = config.status if config.status != "unchanged" else "findings changed"
    summary = f"{_html_code(config.config)} {status}: {_section_counts(config)}"
    where = _code(config.file)
    if config.status == "renamed":
        where = f"{_code(config.base_file or '')} → {where}"
    lines = ["", "<details>", f"<summary>{summary}</summary>", "", where, ""]
    rows = [
        *(_tag_row("+", tag) for tag in config.tags_added),
        *(_tag_row("-", tag) for tag in config.tags_removed),
        *(
            f"| ~ | {_code(str(change.tag))} | {_code(change.before)} → {_code(change.after)} | |"
            for change in config.sources_changed
        ),
    ]
    if rows:
        lines.extend(["| | tag | from | pull spec |", "| --- | --- | --- | --- |", *rows, ""])
    items = [f"- target {_code(target.target)} {target.change} (line {target.line})" for target in config.targets]
    items.extend(_input_item(change) for change in config.inputs)
    items.extend(
        f"- new **{f.severity.value}** {f.rule} (line {f.line}): {_text(f.message)}" for f in config.new_findings
    )
    if config.fixed_findings:
        fixed = ", ".join(sorted({finding.rule for finding in config.fixed_findings}))
        items.append(f"- {plural(len(config.fixed_findings), 'finding')} fixed ({fixed})")
    if items:
        lines.extend([*items, ""])
    lines.append("</details>")
    return "\n".join(lines) + "\n"


def _input_item(change: InputChange) -> str:
    if change.change == "added":
        arrow = f"added {_code(change.after)}"
    elif change.change == "removed":
        arrow = f"removed {_code(change.before)}"
    else:
        arrow = f"{_code(change.before)} → {_code(change.after)}"
    images = f" of {', '.join(_code(image) for image in change.images)}" if change.images else ""
    return f"- {_code(_input_subject(change))}{images}: {arrow}"


def _tag_row(sign: str, tag: TagEntry) -> str:
    specs = _pull_specs(tag)
    spec = _code(specs[0]) if specs else ""
    if tag.elsewhere:
        verb = "still promoted by" if sign == "-" else "moved from"
        spec += f" ({verb} {', '.join(_code(name) for name in tag.elsewhere)})"
    return f"| {sign} | {_code(str(tag.tag))} | {_code(tag.source)}{kind_label(tag.kind)} | {spec} |"
