"""Reference pages of promoted images: Markdown, JSON and a self-contained HTML page, each a pure function.

All three share the section anchors of :func:`section_anchors` (GitHub's heading slugs), so a link to
``page.md#ocp417`` and ``page.html#ocp417`` lead to the same table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from promoter.docs import PIPELINE_PREFIX, DocsPage, DocsRow, DocsSection, NamespaceSummary, source_link
from promoter.model import ImageStreamTag
from promoter.render import KIND_WORDS, json_document, visible
from promoter.render.hugo import front_matter

# 2: the namespace's and section's "official" became "app_ci_kept_current", rows lost "official" and gained
# "built_from" (the image graph's inputs of the source image, each with the edge kinds that lead from it).
JSON_FORMAT_VERSION = 2
TITLE = "Promoted images"
GENERATED_BY = "promoted-images docs"
COLUMNS = (
    "image stream tag",
    "pull specs",
    "config",
    "source",
    "Dockerfile",
    "base image",
    "builder images",
)
USED_BY_TESTS_COLUMN = "used by tests"
# Whether promotion keeps registry.ci.openshift.org current is the one thing about a namespace people must know to
# pick a pull spec; it comes from promoter.registries, like the pull specs of `show`.
APP_CI_COLUMN = "app.ci kept current"
SUMMARY_COLUMNS = ("namespace", APP_CI_COLUMN, "release streams", "per-image streams", "tags", "configs")
_NOT_KEPT = "not updated by promotion"
# Characters that start Markdown syntax inside a line of text; every ASCII punctuation character may be
# backslash-escaped in CommonMark, and these are the ones that could change how a heading or a cell renders.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!{}])")
_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


# Anchors


def github_slug(text: str, used: dict[str, int]) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as ``-``, ``-1``... for repeats."""
    slug = _SLUG_DROP.sub("", text.strip().lower()).replace(" ", "-")
    count = used.get(slug, 0)
    used[slug] = count + 1
    return slug if count == 0 else f"{slug}-{count}"


def section_anchors(page: DocsPage, *, titled: bool = True) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Anchors of the namespace headings and of the section headings, in the order the Markdown page has them.

    ``titled`` is False for a page whose title is in front matter, where no heading takes the title's slug.
    """
    used: dict[str, int] = {}
    for fixed in (TITLE, "Summary", "Contents") if titled else ("Summary", "Contents"):
        github_slug(fixed, used)
    namespace_anchors: dict[str, str] = {}
    anchors: dict[tuple[str, str], str] = {}
    for section in page.sections:
        if section.namespace not in namespace_anchors:
            namespace_anchors[section.namespace] = github_slug(section.namespace, used)
        anchors[(section.namespace, section.stream)] = github_slug(section.title, used)
    return namespace_anchors, anchors


def _sections_by_namespace(page: DocsPage) -> dict[str, list[DocsSection]]:
    """The sections of each namespace, in page order: looked up once, not scanned for each namespace."""
    grouped: dict[str, list[DocsSection]] = {}
    for section in page.sections:
        grouped.setdefault(section.namespace, []).append(section)
    return grouped


def _intro(page: DocsPage) -> str:
    streams = len({(row.ist.namespace, row.ist.name) for row in page.rows})
    return (
        f"{_count(len(page.rows), 'promoted tag')} in {_count(streams, 'image stream')} of"
        f" {_count(len(page.summary), 'namespace')}, from {_count(page.configs_promoting, 'config')}"
        f" ({_count(page.files_read, 'file')} read)."
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _filters(page: DocsPage) -> str:
    parts = []
    if page.namespace_filter:
        parts.append("namespace " + ", ".join(page.namespace_filter))
    if page.stream_filter:
        parts.append("stream " + ", ".join(page.stream_filter))
    return f"Only {'; '.join(parts)}." if parts else ""


def _section_note(section: DocsSection) -> str:
    kind = (
        "Release stream: one tag per component."
        if section.stream
        else "Per-image streams: one image stream per component, tagged by each target."
    )
    if section.app_ci_kept:
        where = "Promotion keeps both registry.ci.openshift.org and quay-proxy up to date for this namespace."
    else:
        where = "Pull from quay-proxy: promotion does not update registry.ci.openshift.org for this namespace."
    return f"{kind} {where}"


# Markdown


def escape_markdown(text: str) -> str:
    """Plain text for a Markdown line or table cell: syntax characters escaped, line breaks as spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text))


def code_span(text: str) -> str:
    """``text`` as a Markdown code span that survives a table cell.

    The fence is longer than any run of backticks inside, ``|`` is escaped (GFM splits a table row into cells before
    it reads code spans, and drops the backslash), and line breaks become spaces.
    """
    text = _one_line(text)
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A space on both sides is stripped by the reader; it keeps a backtick at either end off the fence.
    pad = " " if text.startswith("`") or text.endswith("`") or (text[0] == " " and text[-1] == " ") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def _one_line(text: str) -> str:
    # A line break inside a value is a space; any other control character is shown, never passed to a terminal.
    return visible(" ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))


def _md_lines(parts: Iterable[str]) -> str:
    # <br> is the only line break a GFM table cell can hold.
    return " <br> ".join(part for part in parts if part)


def _md_reference(text: str) -> str:
    """An image reference in code, or a description (of a build root that is not an image stream tag) as text."""
    if ImageStreamTag.parse(text) is not None or text.startswith("pipeline:"):
        return code_span(text)
    return escape_markdown(text)


def _md_row(row: DocsRow, source_url: str) -> list[str]:
    specs = [code_span(spec.pull_spec) + ("" if spec.kept else f" ({_NOT_KEPT})") for spec in row.pull_specs]
    link = source_link(source_url, row.file)
    config = f"[{code_span(row.config)}]({link})" if link else code_span(row.config)
    label = KIND_WORDS[row.kind]
    source = code_span(row.source) + (f" ({label})" if label else "")
    if row.dockerfile_literal:
        lines = [code_span(line) for line in row.dockerfile_literal.splitlines() if line.strip()]
        dockerfile = _md_lines(["literal:", *lines])
    else:
        dockerfile = code_span(row.dockerfile_path)
    builders = [code_span(image) for image in row.builder_images]
    if row.build_root:
        builders.append(f"build root {_md_reference(row.build_root)}")
    return [
        code_span(str(row.ist)),
        _md_lines(specs),
        config,
        source,
        dockerfile,
        _md_reference(row.base_image) if row.base_image else "",
        _md_lines(builders),
    ]


def _md_table(header: Iterable[str], rows: Iterable[list[str]], *, numeric_from: int | None = None) -> list[str]:
    header = list(header)
    align = ["---:" if numeric_from is not None and index >= numeric_from else "---" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _summary_cells(summary: NamespaceSummary, link: str) -> list[str]:
    return [
        f"[{escape_markdown(summary.namespace)}]({link})",
        "yes" if summary.app_ci_kept else "no",
        str(summary.release_streams),
        str(summary.image_streams),
        str(summary.tags),
        str(summary.configs),
    ]


DESCRIPTION = "The images that ci-operator configs promote: pull specs, configs, and what each image is built from."
# Also how `docs --split` tells its own pages (which it may replace or remove) from files someone else wrote.
GENERATED_MARK = f"Generated by {GENERATED_BY}; do not edit by hand"
_GENERATED_COMMENT = f"<!-- {GENERATED_MARK}, regenerate it. -->"
# Names a Hugo section cannot give a namespace's page: _index.md is the section itself, index.md a page bundle.
_RESERVED_PAGES = frozenset({"_index", "index", "readme"})
_UNSAFE_FILE_CHARACTERS = re.compile(r"[^a-z0-9._-]+")


def _md_head(title: str, description: str, *, front: bool, weight: int) -> list[str]:
    """Front matter for Hugo (whose theme shows the title), or the title as the page's first heading."""
    head = [front_matter(title=title, description=description, weight=weight)] if front else [f"# {title}", ""]
    return [*head, _GENERATED_COMMENT, ""]


def _md_overview(page: DocsPage, namespace_link: dict[str, str], section_link: dict[tuple[str, str], str]) -> list[str]:
    """Intro, filters, the summary table and the contents, with the links of a single page or of split pages."""
    lines = [escape_markdown(_intro(page))]
    if _filters(page):
        lines += ["", escape_markdown(_filters(page))]
    lines += ["", "## Summary", ""]
    if page.summary:
        lines += _md_table(
            SUMMARY_COLUMNS,
            (_summary_cells(summary, namespace_link[summary.namespace]) for summary in page.summary),
            numeric_from=2,
        )
    else:
        lines.append("No promoted tags.")
    lines += ["", "## Contents", ""]
    grouped = _sections_by_namespace(page)
    for summary in page.summary:
        namespace = summary.namespace
        lines.append(f"- [{escape_markdown(namespace)}]({namespace_link[namespace]})")
        lines.extend(
            f"  - [{escape_markdown(section.title)}]({section_link[(section.namespace, section.stream)]})"
            for section in grouped.get(namespace, ())
        )
    return lines


def _md_section(section: DocsSection, level: str, source_url: str) -> list[str]:
    lines = ["", f"{level} {escape_markdown(section.title)}", "", escape_markdown(_section_note(section)), ""]
    if any(row.used_by_tests is not None for row in section.rows):
        # Only where a step registry was given: without one, nobody knows which tests run the image.
        rows = ([*_md_row(row, source_url), str(row.used_by_tests or 0)] for row in section.rows)
        return lines + _md_table((*COLUMNS, USED_BY_TESTS_COLUMN), rows, numeric_from=len(COLUMNS))
    return lines + _md_table(COLUMNS, (_md_row(row, source_url) for row in section.rows))


def render_markdown(page: DocsPage, *, source_url: str = "", front: bool = False, weight: int = 1) -> str:
    """The page as GitHub-flavoured Markdown: summary, contents, then a table per release stream or namespace.

    With ``front``, the page starts with Hugo front matter (``title``, ``description``, ``weight``) in place of its
    title heading, ready to go under the content folder of the CI docs site.
    """
    namespace_anchors, anchors = section_anchors(page, titled=not front)
    lines = _md_head(TITLE, DESCRIPTION, front=front, weight=weight)
    lines += _md_overview(
        page,
        {namespace: f"#{anchor}" for namespace, anchor in namespace_anchors.items()},
        {key: f"#{anchor}" for key, anchor in anchors.items()},
    )
    current = None
    for section in page.sections:
        if section.namespace != current:
            current = section.namespace
            lines += ["", f"## {escape_markdown(section.namespace)}"]
        lines += _md_section(section, "###", source_url)
    return "\n".join(lines) + "\n"


def page_files(namespaces: Iterable[str], *, front: bool) -> tuple[str, dict[str, str]]:
    """File names of split pages: the index (``_index.md`` for Hugo, ``README.md`` for GitHub) and one per namespace.

    A namespace's file is its name in lower case with anything but letters, digits, ``.``, ``_`` and ``-`` replaced
    (Hugo lower-cases URLs); a name that is taken or reserved gets ``-2``, ``-3``... appended.
    """
    index = "_index.md" if front else "README.md"
    taken = {index.lower()}
    files: dict[str, str] = {}
    for namespace in sorted(set(namespaces)):
        stem = _UNSAFE_FILE_CHARACTERS.sub("-", namespace.lower()).strip(".") or "namespace"
        if stem in _RESERVED_PAGES:
            stem = f"{stem}-namespace"
        name, number = f"{stem}.md", 1
        while name in taken:
            number += 1
            name = f"{stem}-{number}.md"
        taken.add(name)
        files[namespace] = name
    return index, files


def render_markdown_pages(
    page: DocsPage, *, source_url: str = "", front: bool = False, weight: int = 1
) -> dict[str, str]:
    """The page split into an index (summary and contents) and one page per namespace: file name to text.

    Links between the pages are relative: for Hugo (``front``) to the pages' URLs (``ocp/``, ``../``), which is
    where Hugo serves ``ocp.md`` and ``_index.md`` of one section; for GitHub to the files (``ocp.md``).
    """
    index, files = page_files(page.namespaces, front=front)
    to_page = {namespace: (name.removesuffix(".md") + "/" if front else name) for namespace, name in files.items()}
    up = "../" if front else index
    pages: dict[str, str] = {}
    section_links: dict[tuple[str, str], str] = {}
    bodies: dict[str, list[str]] = {}
    grouped = _sections_by_namespace(page)
    for summary in page.summary:
        namespace = summary.namespace
        used: dict[str, int] = {}
        if not front:
            github_slug(namespace, used)
        lines: list[str] = []
        for section in grouped.get(namespace, ()):
            section_links[(namespace, section.stream)] = f"{to_page[namespace]}#{github_slug(section.title, used)}"
            lines += _md_section(section, "##", source_url)
        bodies[namespace] = lines
    overview = _md_head(TITLE, DESCRIPTION, front=front, weight=weight)
    pages[index] = "\n".join(overview + _md_overview(page, to_page, section_links)) + "\n"
    for number, summary in enumerate(page.summary, 1):
        namespace = summary.namespace
        description = (
            f"Images promoted to the namespace {namespace}: {_count(summary.tags, 'tag')}"
            f" from {_count(summary.configs, 'config')}."
        )
        lines = _md_head(namespace, description, front=front, weight=number)
        counts = f"{_count(summary.tags, 'promoted tag')} from {_count(summary.configs, 'config')}."
        lines += [f"{escape_markdown(counts)} Every namespace: [{escape_markdown(TITLE)}]({up})."]
        pages[files[namespace]] = "\n".join(lines + bodies[namespace]) + "\n"
    return pages


# JSON


def render_json(page: DocsPage, *, source_url: str = "") -> str:
    """The page as a stable JSON document: filters, summary, and the sections with their rows."""
    namespace_anchors, anchors = section_anchors(page)
    document = {
        "format_version": JSON_FORMAT_VERSION,
        "generated_by": GENERATED_BY,
        "filters": {"namespaces": list(page.namespace_filter), "streams": list(page.stream_filter)},
        "summary": {
            "files": page.files_read,
            "configs": page.configs_promoting,
            "promoted_tags": len(page.rows),
            "namespaces": [
                {
                    "namespace": summary.namespace,
                    "anchor": namespace_anchors[summary.namespace],
                    "app_ci_kept_current": summary.app_ci_kept,
                    "release_streams": summary.release_streams,
                    "per_image_streams": summary.image_streams,
                    "tags": summary.tags,
                    "configs": summary.configs,
                }
                for summary in page.summary
            ],
        },
        "sections": [
            {
                "anchor": anchors[(section.namespace, section.stream)],
                "title": section.title,
                "namespace": section.namespace,
                "stream": section.stream or None,
                "kind": section.kind,
                "app_ci_kept_current": section.app_ci_kept,
                "rows": [_json_row(row, source_url) for row in section.rows],
            }
            for section in page.sections
        ],
    }
    return json_document(document)


def _json_row(row: DocsRow, source_url: str) -> dict[str, object]:
    return {
        "tag": str(row.ist),
        "namespace": row.ist.namespace,
        "stream": row.ist.name,
        "stream_tag": row.ist.tag,
        "kind": row.kind,
        "pull_specs": [
            {"registry": spec.registry, "pull_spec": spec.pull_spec, "kept_up_to_date": spec.kept}
            for spec in row.pull_specs
        ],
        "config": row.config,
        "file": row.file,
        "url": source_link(source_url, row.file) or None,
        "source": row.source,
        "dockerfile_path": row.dockerfile_path or None,
        "dockerfile_literal": row.dockerfile_literal or None,
        "base_image": row.base_image or None,
        "builder_images": list(row.builder_images),
        "build_root": row.build_root or None,
        **({} if row.used_by_tests is None else {"used_by_tests": row.used_by_tests}),
        "built_from": [{"image": item.label, "via": list(item.via)} for item in row.built_from],
    }


# HTML

HTML_COLUMNS = ("image stream tag", "pull specs", "config", "source", "built from")
_KEPT = "kept current"
_ROW_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Where the pieces of a pull spec, tag or path may wrap: after these characters and nowhere else (not at hyphens,
# which names are full of); a config identifier may also wrap before its "@branch".
_BREAK_AFTER = re.compile(r"(?<=[/:_])")
_BREAK_CONFIG = re.compile(r"(?<=[/:_])|(?=@)")
# What an input is to the image is named after the edges of its chain in the image graph (see input_role).


def _e(text: str) -> str:
    # Control characters are shown, as in every other output; a page saved and printed at a terminal stays safe.
    return html.escape(visible(text), quote=True)


def _h_code(text: str) -> str:
    return f"<code>{_e(text)}</code>" if text else ""


def _h_wrapping(text: str, *, kind: str = "", breaks: re.Pattern[str] = _BREAK_AFTER) -> str:
    """Code that wraps where ``breaks`` allows, ``<wbr>`` between pieces; a piece of a ``strict`` one never breaks.

    Pull specs and tags are strict (never wrapped at hyphens or dots, which names are full of); the other columns
    may also wrap at hyphens when the window is narrow. The text (and so copying, searching, sorting) is unchanged.
    """
    if not text:
        return ""
    pieces = "<wbr>".join(f"<span>{_e(piece)}</span>" for piece in breaks.split(text) if piece)
    return f'<code class="w {kind}">{pieces}</code>' if kind else f"<code>{pieces}</code>"


def row_ids(page: DocsPage) -> list[str]:
    """An element id for every row of the page, in page order: ``t-`` and the tag, made unique."""
    used: dict[str, int] = {}
    ids = []
    for row in page.rows:
        base = "t-" + _ROW_ID_UNSAFE.sub("-", str(row.ist))
        count = used.get(base, 0)
        used[base] = count + 1
        ids.append(base if count == 0 else f"{base}-{count}")
    return ids


def input_role(via: tuple[str, ...]) -> str:
    """What an input is to the image, from the chain of edge kinds that leads from it to the image."""
    if "build-cache" in via:
        return "build cache"
    if "clones" in via:
        return "build root"
    if via[-1] in ("input", "replaces"):
        return "builder image"
    if via[-1] == "base":
        return "base image"
    if via == ("imports",):
        return "copied as it is"
    return "input"


def _h_specs(row: DocsRow) -> str:
    items = []
    for spec in row.pull_specs:
        css = "kept" if spec.kept else "stale"
        mark = f'<span class="mark {css}">{_KEPT if spec.kept else _NOT_KEPT}</span>'
        items.append(f'<li class="{css}">{_h_wrapping(spec.pull_spec, kind="strict pull")} {mark}</li>')
    return '<ul class="specs">' + "".join(items) + "</ul>"


def _h_source(row: DocsRow) -> str:
    label = KIND_WORDS[row.kind]
    parts = [_h_code(row.source) + (f" ({_e(label)})" if label else "")]
    if row.dockerfile_literal:
        # Line by line: _e shows a control character as an escape, and a line break is one here.
        literal = "\n".join(_e(line) for line in row.dockerfile_literal.rstrip().split("\n"))
        parts.append(f"<details><summary>Dockerfile literal</summary><pre>{literal}</pre></details>")
    elif row.dockerfile_path:
        parts.append(f'<span class="via">Dockerfile</span> {_h_wrapping(row.dockerfile_path)}')
    if row.used_by_tests is not None:
        # Only where a step registry was given, as in the Markdown column.
        parts.append(f'<span class="via">{USED_BY_TESTS_COLUMN}:</span> {row.used_by_tests}')
    return "<br>".join(parts)


def _h_built_from(row: DocsRow, links: dict[str, str]) -> str:
    """What the image is built from: the main input in a summary, every input (linked to its row) when unfolded.

    The inputs are the image stream tags of the image graph, with the chain of edges from each, and the pipeline
    images of the same config that the source is based on or copies from.
    """
    entries: list[tuple[str, str, str]] = []
    for item in row.built_from:
        entries.append((input_role(item.via), item.label, " → ".join(item.via)))
    if row.base_image.startswith(PIPELINE_PREFIX):
        entries.append(("base image", row.base_image, "built by this config"))
    entries.extend(
        ("builder image", image, "built by this config")
        for image in row.builder_images
        if image.startswith(PIPELINE_PREFIX)
    )
    if not entries:
        return f'<span class="via">build root</span> {_e(row.build_root)}' if row.build_root else ""
    items = []
    for role, label, how in entries:
        shown = _h_wrapping(label)
        target = links.get(label)
        if target is not None:
            shown = f'<a href="#{_e(target)}">{shown}</a>'
        items.append(f'<li>{shown} <span class="via">{_e(role)}: {_e(how)}</span></li>')
    # The summary names the base image when there is one: what people look for first.
    role, label, _ = min(entries, key=lambda entry: entry[0] != "base image")
    summary = f'<span class="via">{_e(role)}</span> {_h_wrapping(label)}'
    if len(entries) > 1:
        summary += f' <span class="via">and {len(entries) - 1} more</span>'
    return f'<details><summary>{summary}</summary><ul class="inputs">{"".join(items)}</ul></details>'


def _h_row(row: DocsRow, row_id: str, links: dict[str, str], source_url: str) -> str:
    link = source_link(source_url, row.file)
    config = _h_wrapping(row.config, breaks=_BREAK_CONFIG)
    if link:
        config = f'<a href="{_e(link)}">{config}</a>'
    cells = [
        _h_wrapping(str(row.ist), kind="strict"),
        _h_specs(row),
        config,
        _h_source(row),
        _h_built_from(row, links),
    ]
    attributes = (
        f'id="{_e(row_id)}" data-namespace="{_e(row.ist.namespace)}" data-stream="{_e(row.ist.name)}"'
        f' data-config="{_e(row.config)}" data-file="{_e(row.file)}"'
        f' data-release="{"true" if row.release_stream else "false"}"'
    )
    body = "".join(f'<td data-label="{_e(label)}">{cell}</td>' for label, cell in zip(HTML_COLUMNS, cells, strict=True))
    return f"<tr {attributes}>{body}</tr>"


def _h_table(header: Iterable[str], body: Iterable[str], *, css: str) -> list[str]:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    return [
        '<div class="wrap">',
        f'<table class="{css}">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *body,
        "</tbody>",
        "</table>",
        "</div>",
    ]


_CSS = """
:root { color-scheme: light dark; --muted: #57606a; --line: #d0d7de; --head: #f6f8fa; --kept: #1a7f37; }
@media (prefers-color-scheme: dark) {
  :root { --muted: #8b949e; --line: #30363d; --head: #161b22; --kept: #3fb950; }
}
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; }
header { position: sticky; top: 0; z-index: 1; padding: .5rem 1rem; background: Canvas;
  border-bottom: 1px solid var(--line); }
main { padding: 0 1rem 3rem; }
h1 { margin: 0; font-size: 1.4rem; }
header p { margin: .2rem 0; color: var(--muted); }
#controls { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; margin-top: .25rem; }
#controls[hidden], [hidden] { display: none; }
input[type=search] { font: inherit; padding: .3rem .5rem; width: 38rem; max-width: 100%; }
#count { color: var(--muted); }
#no-match { margin: 0; font-weight: 600; }
.wrap { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
table.rows { width: 100%; }
/* The same columns in every table, the widest for the pull specs; a cell still grows to its longest piece. */
table.rows td:nth-child(1) { width: 15%; }
table.rows td:nth-child(2) { width: 40%; }
table.rows td:nth-child(3) { width: 15%; }
table.rows td:nth-child(4) { width: 14%; }
table.rows td:nth-child(5) { width: 16%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); }
th button { font: inherit; font-weight: 600; color: inherit; background: none; border: 0; padding: 0;
  cursor: pointer; }
th[aria-sort=ascending] button::after { content: " \\25B2"; }
th[aria-sort=descending] button::after { content: " \\25BC"; }
td.number { text-align: right; }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code.w > span { white-space: nowrap; }
ul.specs, ul.inputs { list-style: none; margin: 0; padding: 0; }
ul.specs li + li, ul.inputs li + li { margin-top: .25rem; }
.mark { font-size: 11px; white-space: nowrap; border: 1px solid currentColor; border-radius: 3px;
  padding: 0 .25rem; }
.mark.kept { color: var(--kept); }
.mark.stale, .via, .note { color: var(--muted); }
button.copy { font: 11px/1.3 system-ui, sans-serif; margin: 0 .25rem; padding: 0 .35rem; cursor: pointer; }
summary { cursor: pointer; }
pre { margin: .25rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
tr:target > td { background: var(--head); }
/* A link to a row or table lands below the sticky header, not under it. */
section, tr { scroll-margin-top: 9rem; }
nav ul { margin: .25rem 0; }
@media (max-width: 760px) {
  header { position: static; }
  section, tr { scroll-margin-top: 0; }
  main { padding: 0 .5rem 2rem; }
  table.rows, table.rows tbody, table.rows tr, table.rows td, table.rows td:nth-child(n) { display: block;
    width: 100%; }
  table.rows thead { display: none; }
  table.rows tr { border: 1px solid var(--line); margin-bottom: .75rem; }
  table.rows td { border: 0; overflow-x: auto; }
  table.summary { font-size: 12px; }
  table.summary th, table.summary td { padding: .2rem .25rem; }
  table.summary th { font-size: 11px; }
  table.summary td:first-child { overflow-wrap: anywhere; }
  table.rows td::before { content: attr(data-label); display: block; font-size: 11px; color: var(--muted); }
}
""".strip()

# Runs first, in <head>, so that errors of the page script below are recorded too: tests (and curious people) read
# data-errors on <html>, which stays empty while the page works.
_ERROR_SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  function record(message) {
    root.setAttribute("data-errors", (root.getAttribute("data-errors") || "") + message + "\\n");
  }
  window.addEventListener("error", function (event) { record("error: " + event.message); });
  window.addEventListener("unhandledrejection", function (event) { record("rejection: " + event.reason); });
  document.addEventListener("securitypolicyviolation", function (event) {
    record("blocked: " + event.blockedURI);
  });
  var original = console.error;
  console.error = function () {
    record("console.error: " + Array.prototype.join.call(arguments, " "));
    return original.apply(console, arguments);
  };
})();
""".strip()

# The page works without it (every row shown, every detail unfoldable); with it, the search box filters rows, the
# summary counts and the contents together and keeps the query in the URL (?q=), headers sort their table, and
# each pull spec gets a copy button.
_PAGE_SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  var each = function (list, action) { Array.prototype.forEach.call(list, action); };
  var input = document.getElementById("search");
  var count = document.getElementById("count");
  var empty = document.getElementById("no-match");
  var nojs = document.getElementById("nojs");
  document.getElementById("controls").hidden = false;
  if (nojs) { nojs.parentNode.removeChild(nojs); }

  var rows = Array.prototype.map.call(document.querySelectorAll("table.rows tbody tr"), function (row) {
    var cells = Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; });
    return {
      row: row,
      text: cells.join("\\n").toLowerCase(),
      namespace: row.getAttribute("data-namespace"),
      stream: row.getAttribute("data-stream"),
      config: row.getAttribute("data-config").toLowerCase(),
      key: row.getAttribute("data-config") + "\\n" + row.getAttribute("data-file"),
      release: row.getAttribute("data-release") === "true"
    };
  });
  var groups = document.querySelectorAll("section.stream, section.namespace");
  var summaries = document.querySelectorAll("#summary tbody tr");
  var contents = document.querySelectorAll("#contents li[data-target]");

  // namespace:, stream: and config: terms match those fields; any other word is looked for in the row's text.
  function parse(query) {
    return query.split(/\\s+/).filter(function (word) { return word.length > 0; }).map(function (word) {
      var term = /^(namespace|stream|config):(.+)$/i.exec(word);
      return term ? { field: term[1].toLowerCase(), value: term[2].toLowerCase() }
                  : { field: "", value: word.toLowerCase() };
    });
  }
  function matches(entry, term) {
    var value = term.value;
    if (term.field === "namespace") { return entry.namespace.toLowerCase() === value; }
    if (term.field === "stream") {
      var full = (entry.namespace + "/" + entry.stream).toLowerCase();
      return value.indexOf("/") === -1 ? entry.stream.toLowerCase() === value : full === value;
    }
    if (term.field === "config") {
      // The whole identifier, or org/repo before its @branch, or an org before its /repo.
      return entry.config === value || entry.config.indexOf(value + "@") === 0 ||
        entry.config.indexOf(value + "/") === 0;
    }
    return entry.text.indexOf(value) !== -1;
  }
  function apply() {
    var terms = parse(input.value);
    var shown = 0;
    var tally = {};
    rows.forEach(function (entry) {
      var match = terms.every(function (term) { return matches(entry, term); });
      entry.row.hidden = !match;
      if (!match) { return; }
      shown += 1;
      var counts = tally[entry.namespace];
      if (!counts) { counts = tally[entry.namespace] = { release: {}, image: {}, tags: 0, configs: {} }; }
      (entry.release ? counts.release : counts.image)[entry.stream] = true;
      counts.tags += 1;
      counts.configs[entry.key] = true;
    });
    each(groups, function (group) { group.hidden = group.querySelector("tbody tr:not([hidden])") === null; });
    each(summaries, function (row) {
      var counts = tally[row.getAttribute("data-namespace")];
      row.hidden = !counts;
      if (!counts) { return; }
      var values = [Object.keys(counts.release).length, Object.keys(counts.image).length, counts.tags,
                    Object.keys(counts.configs).length];
      each(row.querySelectorAll("td.number"), function (cell, index) { cell.textContent = String(values[index]); });
    });
    each(contents, function (item) {
      var target = document.getElementById(item.getAttribute("data-target"));
      item.hidden = target === null || target.hidden;
    });
    count.textContent = terms.length === 0 ? rows.length + " promoted tags"
                                           : shown + " of " + rows.length + " promoted tags match";
    empty.hidden = shown !== 0 || rows.length === 0;
    root.setAttribute("data-shown", String(shown));
  }
  function remember() {
    var url = new URL(window.location.href);
    if (input.value.trim()) { url.searchParams.set("q", input.value); } else { url.searchParams.delete("q"); }
    if (url.href !== window.location.href) { window.history.replaceState(window.history.state, "", url.href); }
  }
  input.addEventListener("input", function () { apply(); remember(); });

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  each(document.querySelectorAll("table"), function (table) {
    var heads = table.tHead.rows[0].cells;
    each(heads, function (head, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = head.textContent;
      head.textContent = "";
      head.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = head.getAttribute("aria-sort") !== "ascending";
        each(heads, function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        Array.prototype.slice.call(body.rows).sort(function (a, b) {
          var order = collator.compare(a.cells[index].textContent.trim(), b.cells[index].textContent.trim());
          return ascending ? order : -order;
        }).forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // The clipboard API needs a secure context and permission; a hidden text area and execCommand is the fallback,
  // and when both fail the pull spec is selected for the user to copy.
  function copyByCommand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done;
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
                                                      function () { return copyByCommand(text); });
    }
    return Promise.resolve(copyByCommand(text));
  }
  each(document.querySelectorAll("code.pull"), function (code) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "copy";
    button.setAttribute("aria-label", "copy " + code.textContent);
    code.parentNode.insertBefore(button, code.nextSibling);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.copy") : null;
    if (button) {
      var code = button.previousElementSibling;
      copy(code.textContent).then(function (done) {
        if (!done) { window.getSelection().selectAllChildren(code); }
        button.textContent = done ? "copied" : "press Ctrl+C";
        button.setAttribute("data-copied", done ? "true" : "false");
        window.setTimeout(function () { button.textContent = "copy"; }, 2000);
      });
      return;
    }
    // A link to a row the search hides clears the search first, so the link leads somewhere.
    var link = event.target.closest ? event.target.closest("a[href^='#t-']") : null;
    var target = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    if (target && target.hidden) {
      input.value = "";
      apply();
      remember();
    }
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; }
  apply();
  root.setAttribute("data-ready", "true");
})();
""".strip()

# No external assets: everything is inline, and the policy makes the browser refuse anything else.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
_SEARCH_HINT = "words, namespace:ocp, stream:4.17, config:openshift/installer"


def render_html(page: DocsPage, *, source_url: str = "") -> str:
    """The page as one self-contained HTML document: inline CSS and JS, a strict CSP, usable without JavaScript.

    Rows link to each other where one image is built from another promoted on the page; with JavaScript, a search
    box filters rows, summary and contents (``?q=`` in the URL), headers sort, and pull specs get copy buttons.
    """
    namespace_anchors, anchors = section_anchors(page)
    ids = row_ids(page)
    links: dict[str, str] = {}
    for row, row_id in zip(page.rows, ids, strict=True):
        links.setdefault(str(row.ist), row_id)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en" data-errors="">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # A constant with single quotes only: readable in the page as it is, no escaping needed in "...".
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        f'<meta name="generator" content="{_e(GENERATED_BY)}">',
        f"<title>{_e(TITLE)}</title>",
        '<link rel="icon" href="data:,">',
        f"<style>\n{_CSS}\n</style>",
        f"<script>\n{_ERROR_SCRIPT}\n</script>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(TITLE)}</h1>",
        f"<p>{_e(_intro(page))}</p>",
    ]
    if _filters(page):
        out.append(f"<p>{_e(_filters(page))}</p>")
    out += [
        '<div id="controls" hidden>',
        '<label for="search">Search</label>',
        f'<input type="search" id="search" autocomplete="off" spellcheck="false" placeholder="{_e(_SEARCH_HINT)}">',
        '<span id="count" aria-live="polite"></span>',
        '<p id="no-match" hidden>No row matches the search.</p>',
        "</div>",
        '<p id="nojs" class="note">Search, sorting and copy buttons need JavaScript; every row is shown.</p>',
        "</header>",
        "<main>",
        '<section id="summary">',
        "<h2>Summary</h2>",
    ]
    if page.summary:
        out += _h_table(
            SUMMARY_COLUMNS,
            (
                f'<tr data-namespace="{_e(summary.namespace)}">'
                f'<td><a href="#{_e(namespace_anchors[summary.namespace])}">{_e(summary.namespace)}</a></td>'
                f"<td>{'yes' if summary.app_ci_kept else 'no'}</td>"
                + "".join(
                    f'<td class="number">{value}</td>'
                    for value in (summary.release_streams, summary.image_streams, summary.tags, summary.configs)
                )
                + "</tr>"
                for summary in page.summary
            ),
            css="summary",
        )
    else:
        out.append("<p>No promoted tags.</p>")
    out += ["</section>", '<nav id="contents">', "<h2>Contents</h2>", "<ul>"]
    grouped = _sections_by_namespace(page)
    for summary in page.summary:
        namespace = summary.namespace
        items = "".join(
            f'<li data-target="{_e(anchors[(section.namespace, section.stream)])}">'
            f'<a href="#{_e(anchors[(section.namespace, section.stream)])}">{_e(section.title)}</a></li>'
            for section in grouped.get(namespace, ())
        )
        anchor = _e(namespace_anchors[namespace])
        out.append(f'<li data-target="{anchor}"><a href="#{anchor}">{_e(namespace)}</a><ul>{items}</ul></li>')
    out += ["</ul>", "</nav>"]
    current = None
    next_id = iter(ids)
    for section in page.sections:
        if section.namespace != current:
            if current is not None:
                out.append("</section>")
            current = section.namespace
            out += [
                f'<section class="namespace" id="{_e(namespace_anchors[current])}">',
                f"<h2>{_e(current)}</h2>",
            ]
        out += [
            f'<section class="stream" id="{_e(anchors[(section.namespace, section.stream)])}">',
            f"<h3>{_e(section.title)}</h3>",
            f'<p class="note">{_e(_section_note(section))}</p>',
            *_h_table(
                HTML_COLUMNS, (_h_row(row, next(next_id), links, source_url) for row in section.rows), css="rows"
            ),
            "</section>",
        ]
    if current is not None:
        out.append("</section>")
    out += ["</main>", f"<script>\n{_PAGE_SCRIPT}\n</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
