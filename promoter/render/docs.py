"""Reference pages of promoted images: Markdown, JSON and a self-contained HTML page, each a pure function.

All three share the section anchors of :func:`section_anchors` (GitHub's heading slugs), so a link to
``page.md#ocp417`` and ``page.html#ocp417`` lead to the same table.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from promoter.docs import DocsPage, DocsRow, DocsSection, NamespaceSummary, source_link
from promoter.model import ImageStreamTag
from promoter.render import visible
from promoter.render.hugo import front_matter

# 2: the namespace's and section's "official" became "app_ci_kept_current", rows lost "official".
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
_KIND_LABEL = {"image": "", "additional": "additional", "build-cache": "build cache", "commit": "commit"}
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
    label = _KIND_LABEL[row.kind]
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
    for summary in page.summary:
        namespace = summary.namespace
        lines.append(f"- [{escape_markdown(namespace)}]({namespace_link[namespace]})")
        lines.extend(
            f"  - [{escape_markdown(section.title)}]({section_link[(section.namespace, section.stream)]})"
            for section in page.sections
            if section.namespace == namespace
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
    for summary in page.summary:
        namespace = summary.namespace
        used: dict[str, int] = {}
        if not front:
            github_slug(namespace, used)
        lines: list[str] = []
        for section in page.sections:
            if section.namespace == namespace:
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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


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
    }


# HTML


# The space keeps the text of the lines apart in textContent, which the search reads; it does not show.
_H_BREAK = " <br>"


def _e(text: str) -> str:
    # Control characters are shown, as in every other output; a page saved and printed at a terminal stays safe.
    return html.escape(visible(text), quote=True)


def _h_code(text: str) -> str:
    return f"<code>{_e(text)}</code>" if text else ""


def _h_row(row: DocsRow, source_url: str) -> str:
    specs = _H_BREAK.join(
        _h_code(spec.pull_spec) + ("" if spec.kept else f' <span class="stale">({_NOT_KEPT})</span>')
        for spec in row.pull_specs
    )
    link = source_link(source_url, row.file)
    config = f'<a href="{_e(link)}">{_h_code(row.config)}</a>' if link else _h_code(row.config)
    label = _KIND_LABEL[row.kind]
    source = _h_code(row.source) + (f" ({_e(label)})" if label else "")
    if row.dockerfile_literal:
        literal = "\n".join(_e(line) for line in row.dockerfile_literal.rstrip().split("\n"))
        dockerfile = f"literal:<pre>{literal}</pre>"
    else:
        dockerfile = _h_code(row.dockerfile_path)
    builders = [_h_code(image) for image in row.builder_images]
    if row.build_root:
        builders.append(f"build root {_h_reference(row.build_root)}")
    cells = [
        _h_code(str(row.ist)),
        specs,
        config,
        source,
        dockerfile,
        _h_reference(row.base_image),
        _H_BREAK.join(builders),
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _h_reference(text: str) -> str:
    if ImageStreamTag.parse(text) is not None or text.startswith("pipeline:"):
        return _h_code(text)
    return _e(text)


def _h_table(header: Iterable[str], body: Iterable[str]) -> list[str]:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody>", "</table>"]


_CSS = """
:root { color-scheme: light dark; --muted: #6a737d; --line: #d0d7de; --head: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --muted: #8b949e; --line: #30363d; --head: #161b22; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 1.5rem 3rem; }
header { position: sticky; top: 0; padding: .75rem 0; background: Canvas; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 .25rem; font-size: 1.5rem; }
header p { margin: .25rem 0; color: var(--muted); }
input[type=search] { font: inherit; padding: .3rem .5rem; width: min(40rem, 90vw); }
#count { margin-left: .75rem; color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); }
td.number { text-align: right; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
td:first-child code { white-space: nowrap; }
pre { margin: .25rem 0 0; white-space: pre-wrap; }
.stale, .note { color: var(--muted); }
nav ul { margin: .25rem 0; }
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

# Filters the rows on every keystroke: a row stays when its text contains every word typed, case-insensitively;
# tables and namespaces without a visible row are hidden. ?q=WORDS in the URL fills the box on load.
_FILTER_SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  var input = document.getElementById("search");
  var count = document.getElementById("count");
  var empty = document.getElementById("no-match");
  var rows = Array.prototype.map.call(document.querySelectorAll("section.stream tbody tr"), function (row) {
    var cells = Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; });
    return { row: row, text: cells.join("\\n").toLowerCase() };
  });
  var groups = document.querySelectorAll("section.stream, section.namespace");
  function apply() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(function (word) { return word.length > 0; });
    var shown = 0;
    rows.forEach(function (entry) {
      var match = words.every(function (word) { return entry.text.indexOf(word) !== -1; });
      entry.row.hidden = !match;
      if (match) { shown += 1; }
    });
    Array.prototype.forEach.call(groups, function (group) {
      group.hidden = group.querySelector("tbody tr:not([hidden])") === null;
    });
    count.textContent = shown + " of " + rows.length + " rows";
    empty.hidden = shown !== 0 || rows.length === 0;
    root.setAttribute("data-shown", String(shown));
  }
  input.addEventListener("input", apply);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    input.dispatchEvent(new Event("input"));
  } else {
    apply();
  }
  root.setAttribute("data-ready", "true");
})();
""".strip()

# No external assets: everything is inline, and the policy makes the browser refuse anything else.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def render_html(page: DocsPage, *, source_url: str = "") -> str:
    """The page as one self-contained HTML document with inline CSS and JS and a search box that filters rows."""
    namespace_anchors, anchors = section_anchors(page)
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
        '<label>Search <input type="search" id="search" autocomplete="off" spellcheck="false"'
        ' placeholder="tag, pull spec, config, image, Dockerfile..."></label>',
        '<span id="count" aria-live="polite"></span>',
        "</header>",
        "<main>",
        '<section id="summary">',
        "<h2>Summary</h2>",
    ]
    if page.summary:
        out += _h_table(
            SUMMARY_COLUMNS,
            (
                "<tr>"
                f'<td><a href="#{_e(namespace_anchors[summary.namespace])}">{_e(summary.namespace)}</a></td>'
                f"<td>{'yes' if summary.app_ci_kept else 'no'}</td>"
                + "".join(
                    f'<td class="number">{value}</td>'
                    for value in (summary.release_streams, summary.image_streams, summary.tags, summary.configs)
                )
                + "</tr>"
                for summary in page.summary
            ),
        )
    else:
        out.append("<p>No promoted tags.</p>")
    out += ["</section>", '<nav id="contents">', "<h2>Contents</h2>", "<ul>"]
    for summary in page.summary:
        namespace = summary.namespace
        items = "".join(
            f'<li><a href="#{_e(anchors[(section.namespace, section.stream)])}">{_e(section.title)}</a></li>'
            for section in page.sections
            if section.namespace == namespace
        )
        out.append(f'<li><a href="#{_e(namespace_anchors[namespace])}">{_e(namespace)}</a><ul>{items}</ul></li>')
    out += ["</ul>", "</nav>", '<p id="no-match" class="note" hidden>No row matches the search.</p>']
    current = None
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
            *_h_table(COLUMNS, (_h_row(row, source_url) for row in section.rows)),
            "</section>",
        ]
    if current is not None:
        out.append("</section>")
    out += ["</main>", f"<script>\n{_FILTER_SCRIPT}\n</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
