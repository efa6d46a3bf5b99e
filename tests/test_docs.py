"""``promoted-images docs``: rows and sections, Markdown table structure, the HTML page in Chromium, atomic writes,
--check, and the whole corpus.
"""

from __future__ import annotations

import collections
import errno
import json
import os
import pickle
import random
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS, TESTDATA
from hypothesis import given, settings
from hypothesis import strategies as st

from promoter import atomicwrite
from promoter.analysis import analyze_text
from promoter.atomicwrite import AtomicWriteError, write_text_atomically
from promoter.cli.docs import docs
from promoter.docs import DocsRow, build_page, natural_key, relative_file, source_link
from promoter.files import read_configs
from promoter.render.docs import (
    code_span,
    escape_markdown,
    github_slug,
    input_role,
    page_files,
    render_html,
    render_json,
    render_markdown,
    render_markdown_pages,
)

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is a test dependency")

CASE = TESTDATA / "docs"
INPUT = CASE / "input"
EXPECTED_MD = CASE / "expected.md"
EXPECTED_JSON = CASE / "expected.json"
EXPECTED_HTML = CASE / "expected.html"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(docs, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def rows_of(text: str, file: str = "acme/app/acme-app-main.yaml") -> list[DocsRow]:
    return list(build_page([analyze_text(text, file, path_for_metadata=file)]).rows)


def one_row(text: str, tag: str) -> DocsRow:
    matches = [row for row in rows_of(text) if str(row.ist) == tag]
    assert len(matches) == 1, [str(row.ist) for row in rows_of(text)]
    return matches[0]


# Rows: what each promoted tag is built from

BUILDS = """
base_images:
  base: {namespace: ocp, name: "4.17", tag: base-rhel9}
  golang: {namespace: ocp, name: builder, tag: rhel-9-golang-1.22}
  ubi: {namespace: ocp, name: ubi, tag: "9"}
build_root:
  image_stream_tag: {namespace: openshift, name: release, tag: golang-1.22}
binary_build_commands: make
images:
  items:
  - to: operator
    from: base
    context_dir: images/operator
    inputs:
      golang:
        as: [registry.ci.openshift.org/ocp/builder:rhel-9-golang-1.22]
      bin:
        paths: [{source_path: /go/bin/x, destination_dir: .}]
      other:
        as: [docker.io/library/golang:1.22, "quay-proxy.ci.openshift.org/openshift/ci:ocp_tools_latest"]
  - to: on-root
    from: root
    dockerfile_path: Dockerfile.root
    dockerfile_literal: "FROM root\\nRUN true\\n"
  - to: from-dockerfile
promotion:
  to:
  - namespace: ocp
    name: "4.17"
    additional_images:
      ubi-copy: ubi
      tests-bin: bin
      index: ci-index
      root-copy: root
zz_generated_metadata: {org: acme, repo: app, branch: main}
"""


def test_image_rows_show_base_builders_and_dockerfile() -> None:
    row = one_row(BUILDS, "ocp/4.17:operator")
    assert (row.source, row.kind, row.release_stream) == ("operator", "image", True)
    assert row.dockerfile_path == "images/operator/Dockerfile"
    assert row.base_image == "ocp/4.17:base-rhel9"
    # The alias, the pipeline image files are copied from, and the CI pull spec in `as`; docker.io is not CI's.
    assert row.builder_images == (
        "ocp/builder:rhel-9-golang-1.22",
        "ocp/tools:latest",
        "pipeline:bin",
        "pipeline:other",
    )
    assert row.build_root == ""
    assert [spec.pull_spec for spec in row.pull_specs] == [
        "registry.ci.openshift.org/ocp/4.17:operator",
        "quay-proxy.ci.openshift.org/openshift/ci:ocp_4.17_operator",
    ]


def test_literal_dockerfile_wins_and_root_is_the_build_root() -> None:
    row = one_row(BUILDS, "ocp/4.17:on-root")
    assert (row.dockerfile_path, row.dockerfile_literal) == ("", "FROM root\nRUN true\n")
    assert row.base_image == "openshift/release:golang-1.22"
    plain = one_row(BUILDS, "ocp/4.17:from-dockerfile")
    assert (plain.dockerfile_path, plain.base_image, plain.builder_images) == ("Dockerfile", "", ())


def test_additional_images_from_the_build_root_and_from_base_images() -> None:
    bin_row = one_row(BUILDS, "ocp/4.17:tests-bin")
    assert (bin_row.kind, bin_row.build_root, bin_row.base_image) == ("additional", "openshift/release:golang-1.22", "")
    assert one_row(BUILDS, "ocp/4.17:ubi-copy").base_image == "ocp/ubi:9"
    assert one_row(BUILDS, "ocp/4.17:root-copy").base_image == "openshift/release:golang-1.22"
    # A source made by a step the config does not describe: nothing to say about what it is built from.
    index = one_row(BUILDS, "ocp/4.17:index")
    assert (index.base_image, index.builder_images, index.build_root, index.dockerfile_path) == ("", (), "", "")


def test_rows_carry_what_the_image_graph_says_they_are_built_from() -> None:
    operator = one_row(BUILDS, "ocp/4.17:operator")
    assert [(item.label, item.via) for item in operator.built_from] == [
        ("ocp/4.17:base-rhel9", ("imports", "base")),
        ("ocp/builder:rhel-9-golang-1.22", ("replaces",)),
        ("ocp/tools:latest", ("replaces",)),
        ("openshift/release:golang-1.22", ("imports", "clones", "context")),
    ]
    assert [input_role(item.via) for item in operator.built_from] == [
        "base image",
        "builder image",
        "builder image",
        "build root",
    ]
    assert [(i.label, i.via) for i in one_row(BUILDS, "ocp/4.17:tests-bin").built_from] == [
        ("openshift/release:golang-1.22", ("imports", "clones", "runs"))
    ]
    assert [(i.label, input_role(i.via)) for i in one_row(BUILDS, "ocp/4.17:ubi-copy").built_from] == [
        ("ocp/ubi:9", "copied as it is")
    ]
    # Made by a step the config does not describe: the graph knows nothing it is built from.
    assert one_row(BUILDS, "ocp/4.17:index").built_from == ()


def test_build_cache_rows_are_per_image_streams_of_build_cache() -> None:
    page = build_page([analyze_text(BUILDS, "acme/app/acme-app-main.yaml")])
    cache = [section for section in page.sections if section.namespace == "build-cache"]
    assert [section.title for section in cache] == ["build-cache (per-image streams)"]
    (row,) = cache[0].rows
    assert (str(row.ist), row.kind, row.source, cache[0].app_ci_kept) == (
        "build-cache/acme-app:main",
        "build-cache",
        "bin",
        False,
    )
    assert row.build_root == "openshift/release:golang-1.22"
    assert [spec.registry for spec in row.pull_specs] == ["quay-proxy", "app.ci"]
    assert [spec.kept for spec in row.pull_specs] == [True, False]


@pytest.mark.parametrize(
    ("build_root", "expected"),
    [
        ("build_root: {project_image: {dockerfile_path: Dockerfile.root}}", "built from the repository"),
        ("build_root: {from_repository: true}", ".ci-operator.yaml"),
        ("", ""),
    ],
)
def test_build_roots_that_are_not_image_stream_tags(build_root: str, expected: str) -> None:
    text = f"{build_root}\nimages: {{items: [{{to: a}}]}}\npromotion: {{to: [{{namespace: ci, tag: latest, additional_images: {{s: src}}}}]}}\n"
    assert expected in one_row(text, "ci/s:latest").build_root


def test_release_stream_or_per_image_streams() -> None:
    text = """
images: {items: [{to: a}, {to: b}]}
promotion:
  to:
  - {namespace: acme, name: stream}
  - {namespace: acme, tag: latest}
  - {namespace: other, tag: v1}
"""
    # acme/a:latest is per image; acme/stream is a release stream; a tag target writing into a stream that is also
    # a release stream (acme/stream:x by tag) keeps that stream's rows together.
    more = """
images: {items: [{to: stream}]}
promotion: {to: [{namespace: acme, tag: x}]}
zz_generated_metadata: {org: acme, repo: more, branch: main}
"""
    page = build_page([analyze_text(text, "acme/app/acme-app-main.yaml"), analyze_text(more, "acme/more/m.yaml")])
    assert [(s.namespace, s.stream, [str(r.ist) for r in s.rows]) for s in page.sections] == [
        ("acme", "stream", ["acme/stream:a", "acme/stream:b", "acme/stream:x"]),
        ("acme", "", ["acme/a:latest", "acme/b:latest"]),
        ("other", "", ["other/a:v1", "other/b:v1"]),
    ]
    assert [(s.namespace, s.release_streams, s.image_streams, s.tags, s.configs) for s in page.summary] == [
        ("acme", 1, 2, 5, 2),
        ("other", 0, 2, 2, 1),
    ]
    assert page.files_read == 2
    assert page.configs_promoting == 2


def test_filters_by_namespace_and_stream() -> None:
    results = read_configs([str(INPUT)])
    page = build_page(results, roots=[str(INPUT)], namespaces=["ocp", "origin"])
    assert page.namespaces == ("ocp", "origin")
    page = build_page(results, roots=[str(INPUT)], streams=["4.17"])
    assert {str(row.ist) for row in page.rows} == {
        "ocp/4.17:widget-must-gather",
        "ocp/4.17:widget-operator",
        "ocp-priv/4.17:widget-operator-priv",
    }
    assert "3 promoted tags in 2 image streams of 2 namespaces, from 2 configs (6 files read)." in render_markdown(page)
    page = build_page(results, roots=[str(INPUT)], streams=["origin/scos-4.17", "pipes"], namespaces=["acme-tools"])
    assert {str(row.ist) for row in page.rows} == {"acme-tools/pipes:latest", "acme-tools/pipes:v1.2"}
    assert page.stream_filter == ("origin/scos-4.17", "pipes")
    assert "Only namespace acme-tools; stream origin/scos-4.17, pipes." in render_markdown(page)
    nothing = build_page(results, namespaces=["nope", "ocp"], streams=["4.17", "4.18"])
    assert {str(row.ist) for row in nothing.rows} == {"ocp/4.17:widget-must-gather", "ocp/4.17:widget-operator"}
    assert nothing.unmatched_filters == ("--namespace nope", "--stream 4.18")
    code, out, err = invoke(str(INPUT), "--namespace", "nope")
    assert code == 0
    assert "No promoted tags." in out
    assert err == "promoted-images docs: --namespace nope matches no promoted tag\n"


def test_page_does_not_depend_on_result_order() -> None:
    results = read_configs([str(INPUT)])
    expected = render_json(build_page(results, roots=[str(INPUT)]))
    for seed in range(5):
        shuffled = list(results)
        random.Random(seed).shuffle(shuffled)  # noqa: S311 - a reproducible shuffle, not a secret
        assert render_json(build_page(shuffled, roots=[str(INPUT)])) == expected


def test_a_config_without_metadata_is_named_by_its_file() -> None:
    (row,) = build_page(
        [analyze_text("images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: t}]}\n", "x.yaml")]
    ).rows
    assert (row.config, row.file) == ("x.yaml", "x.yaml")


@pytest.mark.parametrize(
    ("file", "roots", "expected"),
    [
        ("config/acme/app/a.yaml", ["config"], "acme/app/a.yaml"),
        ("config/acme/app/a.yaml", ["config/", "config/acme"], "app/a.yaml"),
        ("config/acme/app/a.yaml", ["config/acme", "config"], "app/a.yaml"),
        ("acme/app/a.yaml", ["."], "acme/app/a.yaml"),
        ("config/acme/app/a.yaml", ["other"], "config/acme/app/a.yaml"),
        ("../corpus/acme/a.yaml", ["../corpus"], "acme/a.yaml"),
        ("/abs/tree/acme/a.yaml", ["/abs/tree"], "acme/a.yaml"),
        ("configs/a.yaml", ["config"], "configs/a.yaml"),
    ],
)
def test_relative_file(file: str, roots: list[str], expected: str) -> None:
    assert relative_file(file, roots) == expected


def test_source_links_are_percent_encoded() -> None:
    assert (
        source_link("https://x/blob/master/", "acme/a b|(c).yaml") == "https://x/blob/master/acme/a%20b%7C%28c%29.yaml"
    )
    assert source_link("../config", "acme/a.yaml") == "../config/acme/a.yaml"
    assert source_link("https://x/a%20b", "f.yaml") == "https://x/a%20b/f.yaml"
    assert source_link("", "acme/a.yaml") == ""
    assert source_link("https://x", "<stdin>") == ""
    assert source_link("https://x", "../up.yaml") == ""


def test_natural_order_of_streams() -> None:
    streams = ["4.17", "4.9", "4.10", "scos-4.17", "4.9.1", "4.09"]
    assert sorted(streams, key=natural_key) == ["4.09", "4.9", "4.9.1", "4.10", "4.17", "scos-4.17"]


def test_github_slugs() -> None:
    used: dict[str, int] = {}
    assert github_slug("ocp/4.17", used) == "ocp417"
    assert github_slug("ci (per-image streams)", used) == "ci-per-image-streams"
    assert github_slug("OCP/4.17", used) == "ocp417-1"


# Markdown: escaping and table structure


def _table_cells(markdown: str) -> list[tuple[list[str], list[list[Any]]]]:
    """Every table of a Markdown text: header cell texts, and per body row its cells' inline tokens."""
    tokens = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    tables: list[tuple[list[str], list[list[Any]]]] = []
    part = ""
    for token in tokens:
        if token.type == "table_open":
            tables.append(([], []))
        elif token.type in ("thead_open", "tbody_open"):
            part = token.type
        elif token.type == "tr_open" and part == "tbody_open":
            tables[-1][1].append([])
        elif token.type == "inline" and tables and part:
            if part == "thead_open":
                tables[-1][0].append(token.content)
            else:
                tables[-1][1][-1].append(token)
        elif token.type == "table_close":
            part = ""
    return tables


def _text(inline: Any) -> str:
    """The text a cell shows: code and plain text, without the markup around it."""
    pieces = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type == "html_inline":
            pieces.append("\n")
    return "".join(pieces)


def test_markdown_tables_have_the_right_rows_and_columns() -> None:
    document = json.loads(EXPECTED_JSON.read_text(encoding="utf-8"))
    tables = _table_cells(EXPECTED_MD.read_text(encoding="utf-8"))
    summary, *sections = tables
    assert len(summary[0]) == 6
    assert [_text(row[0]) for row in summary[1]] == [entry["namespace"] for entry in document["summary"]["namespaces"]]
    assert len(sections) == len(document["sections"])
    for (header, rows), section in zip(sections, document["sections"], strict=True):
        assert header[0] == "image stream tag"
        assert len(header) == 7
        assert len(rows) == len(section["rows"])
        for row, expected in zip(rows, section["rows"], strict=True):
            assert len(row) == 7
            assert _text(row[0]) == expected["tag"]
            assert _text(row[2]) == expected["config"]
            assert _text(row[1]).split("\n")[0].split(" ")[0] == expected["pull_specs"][0]["pull_spec"]


def test_markdown_keeps_pipes_backticks_and_line_breaks_inside_cells() -> None:
    tables = _table_cells(EXPECTED_MD.read_text(encoding="utf-8"))
    cells = {_text(row[0]): [_text(cell) for cell in row] for _, rows in tables[1:] for row in rows}
    assert cells["acme-tools/pipes:latest"][4] == "hack/pipe|dir/Dockerfile"
    literal = cells["ocp/4.9:widget-operator"][4].split("\n")
    assert [line.strip() for line in literal] == [
        "literal:",
        "FROM base",
        "RUN make build | tee /tmp/build.log && echo `date` > /built",
        "COPY --from=builder /go/bin/widget-operator /usr/bin/",
    ]
    assert (
        cells["origin/scos-4.17:origin-tools-bin"][6]
        == "build root built from the repository (build_root.project_image)"
    )


_CELL_TEXT = st.text(alphabet=st.sampled_from("ab |`\\*_<>&#[]()!~\n\t-.:/"), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(_CELL_TEXT)
def test_any_code_span_stays_in_its_cell(text: str) -> None:
    markdown = f"| a | b |\n| --- | --- |\n| {code_span(text)} | x |\n"
    ((_, rows),) = _table_cells(markdown)
    ((cell, other),) = rows
    shown = " ".join(text.split("\n"))
    if shown.strip():
        assert [child.type for child in cell.children] == ["code_inline"]
        assert cell.children[0].content == shown
    assert _text(other) == "x"


@settings(max_examples=300, deadline=None)
@given(_CELL_TEXT)
def test_any_escaped_text_stays_in_its_cell(text: str) -> None:
    markdown = f"| a | b |\n| --- | --- |\n| {escape_markdown(text)} | x |\n"
    ((_, rows),) = _table_cells(markdown)
    ((cell, other),) = rows
    assert _text(cell) == " ".join(text.split("\n")).strip(" \t")
    assert _text(other) == "x"


# The HTML page (tests/test_docs_browser.py checks it in Chromium)


def test_html_page_has_no_external_assets() -> None:
    page = EXPECTED_HTML.read_text(encoding="utf-8")
    assert "default-src 'none'" in page
    for attribute in ("src=", '<link rel="stylesheet"', "@import", "url("):
        assert attribute not in page
    assert "https://" not in page.replace("https://github.com/openshift/release/blob/master/ci-operator/config/", "")


def test_html_escapes_values() -> None:
    text = 'images: {items: [{to: a, dockerfile_literal: "FROM x\\nRUN echo \\"<script>&\\""}]}\npromotion: {to: [{namespace: ci, tag: t}]}\n'
    page = render_html(build_page([analyze_text(text, "a.yaml")]))
    assert "<script>&" not in page
    assert "RUN echo &quot;&lt;script&gt;&amp;&quot;" in page


# Split pages and front matter for the CI docs (Hugo)


def _headings_and_links(markdown: str) -> tuple[set[str], list[str]]:
    """The GitHub/Hugo anchors of a page's headings, and the targets of its relative links."""
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(markdown)
    used: dict[str, int] = {}
    anchors: set[str] = set()
    links: list[str] = []
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if token.type == "inline" and previous is not None and previous.type == "heading_open":
            anchors.add(github_slug(token.content.replace("\\", ""), used))
        for child in token.children or []:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href and "://" not in href:
                links.append(href)
    return anchors, links


@pytest.mark.parametrize("front", [True, False])
def test_split_pages_link_to_each_other(front: bool) -> None:
    page = build_page(read_configs([str(INPUT)]), roots=[str(INPUT)])
    pages = render_markdown_pages(page, front=front)
    index = "_index.md" if front else "README.md"
    assert set(pages) == {index, *(f"{namespace}.md" for namespace in page.namespaces)}
    parsed = {name: _headings_and_links(text) for name, text in pages.items()}
    checked = 0
    for name, (_, links) in parsed.items():
        for link in links:
            target, _, anchor = link.partition("#")
            if front:
                # Hugo serves ocp.md at <section>/ocp/ and _index.md at <section>/, so ocp/ from the index, ../ back.
                base = "" if name == index else "../"
                file = index if target == base else target.removeprefix(base).removesuffix("/") + ".md"
            else:
                file = target or name
            assert file in pages, (name, link)
            assert not anchor or anchor in parsed[file][0], (name, link)
            checked += 1
    assert checked == 2 * len(page.namespaces) + len(page.sections) + len(page.namespaces)
    for namespace in page.namespaces:
        if front:
            head = yaml.safe_load(pages[f"{namespace}.md"].split("---\n")[1])
            assert head["title"] == namespace
            assert set(head) == {"title", "description", "weight"}
        else:
            assert pages[f"{namespace}.md"].startswith(f"# {namespace}\n")


def test_front_matter_holds_any_title() -> None:
    text = 'images: {items: [{to: a}]}\npromotion: {to: [{namespace: "x\\"y: #z\\n---", tag: t}]}\n'
    page = build_page([analyze_text(text, "a.yaml")])
    (namespace,) = page.namespaces
    pages = render_markdown_pages(page, front=True)
    (name,) = set(pages) - {"_index.md"}
    assert name == "x-y-z----.md"
    front = pages[name].split("\n---\n")[0].removeprefix("---\n")
    assert yaml.safe_load(front)["title"] == namespace


def test_page_file_names_avoid_reserved_and_taken_names() -> None:
    index, files = page_files(["_index", "index", "Index", "a/b", "a-b", "..", "ocp"], front=True)
    assert index == "_index.md"
    assert files == {
        "..": "namespace.md",
        "Index": "index-namespace.md",
        "_index": "_index-namespace.md",
        "a-b": "a-b.md",
        "a/b": "a-b-2.md",
        "index": "index-namespace-2.md",
        "ocp": "ocp.md",
    }
    assert page_files(["readme"], front=False) == ("README.md", {"readme": "readme-namespace.md"})


def test_split_replaces_its_own_pages_and_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "pages"
    target.mkdir()
    (target / "notes.md").write_text("my own notes\n")
    (target / "gone.md").write_text("<!-- Generated by promoted-images docs; do not edit by hand, regenerate it. -->\n")
    code, out, err = invoke(str(INPUT), "--split", str(target))
    assert (code, out) == (0, "")
    assert sorted(p.name for p in target.iterdir()) == sorted(
        ["README.md", "notes.md", "acme-tools.md", "build-cache.md", "ci.md", "ocp.md", "ocp-priv.md", "origin.md"]
    )
    assert (target / "notes.md").read_text() == "my own notes\n"
    before = {p.name: p.read_text() for p in target.iterdir()}
    # Someone's own ocp.md is never replaced: the run stops before writing anything.
    (target / "ocp.md").write_text("hand-written\n")
    code, out, err = invoke(str(INPUT), "--split", str(target), "--namespace", "ocp")
    assert (code, out) == (2, "")
    assert err == f"Error: {target / 'ocp.md'} was not written by promoted-images docs; " + (
        "move it away or choose another --split directory\n"
    )
    assert {p.name: p.read_text() for p in target.iterdir()} == {**before, "ocp.md": "hand-written\n"}


def test_split_into_an_impossible_place(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    code, out, err = invoke(str(INPUT), "--split", str(tmp_path / "file" / "pages"))
    assert (code, out) == (2, "")
    assert err == f"Error: cannot write {tmp_path / 'file' / 'pages'}: Not a directory\n"


# The command: output, atomic writes, --check, exit codes


def test_output_writes_the_page(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    code, out, err = invoke(str(INPUT), "--output", str(target))
    assert code == 0
    assert out == ""
    assert err == f"promoted-images docs: wrote {target}: 15 promoted tags in 7 tables\n"
    assert target.read_text() == invoke(str(INPUT))[1]
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_output_keeps_the_old_page_when_the_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.md"
    target.write_text("old page\n")

    def disk_full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    code, out, err = invoke(str(INPUT), "--output", str(target))
    assert (code, out) == (2, "")
    assert err == f"Error: cannot write {target}: No space left on device\n"
    assert target.read_text() == "old page\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_output_into_a_read_only_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(directory: str, name: str) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.path.join(directory, name))

    monkeypatch.setattr(atomicwrite, "_create_temporary", read_only)
    code, _, err = invoke(str(INPUT), "--output", str(tmp_path / "page.md"))
    assert code == 2
    assert err == f"Error: cannot write {tmp_path / 'page.md'}: Read-only file system\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_output_into_a_directory_without_write_permission(tmp_path: Path) -> None:
    directory = tmp_path / "locked"
    directory.mkdir()
    directory.chmod(0o555)
    try:
        code, _, err = invoke(str(INPUT), "--output", str(directory / "page.md"))
    finally:
        directory.chmod(0o755)
    assert code == 2
    assert err == f"Error: cannot write {directory / 'page.md'}: Permission denied\n"
    assert list(directory.iterdir()) == []


@pytest.mark.parametrize(
    ("where", "reason"),
    [("missing/page.md", "No such file or directory"), ("file/page.md", "Not a directory"), ("dir", "is a directory")],
)
def test_output_to_an_impossible_place(tmp_path: Path, where: str, reason: str) -> None:
    (tmp_path / "file").write_text("")
    (tmp_path / "dir").mkdir()
    code, out, err = invoke(str(INPUT), "--output", str(tmp_path / where))
    assert (code, out) == (2, "")
    assert err == f"Error: cannot write {tmp_path / where}: {reason}\n"


def test_check(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    assert invoke(str(INPUT), "--output", str(page))[0] == 0
    code, out, err = invoke(str(INPUT), "--check", str(page))
    assert (code, out, err) == (0, "", f"promoted-images docs: {page} is up to date\n")

    page.write_text(page.read_text().replace("widget-must-gather", "widget-gone"))
    code, out, err = invoke(str(INPUT), "--check", str(page))
    assert code == 1
    assert out.startswith(f"--- {page}\n+++ {page} (generated)\n@@ ")
    assert "\n-| `ocp/4.17:widget-gone` |" in out
    assert "\n+| `ocp/4.17:widget-must-gather` |" in out
    assert err == f"promoted-images docs: {page} is stale; regenerate it with the same arguments and --output {page}\n"

    code, out, err = invoke(str(INPUT), "--format", "json", "--check", str(tmp_path / "none.json"))
    assert code == 1
    assert out.startswith(f"--- /dev/null\n+++ {tmp_path / 'none.json'} (generated)\n")
    assert "does not exist" in err


def test_check_of_a_page_without_a_final_newline(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(invoke(str(INPUT))[1].rstrip("\n"))
    code, out, _ = invoke(str(INPUT), "--check", str(page))
    assert code == 1
    assert all(line for line in out.split("\n")[:-1])
    assert out.endswith("\n")


def test_check_of_an_unreadable_page(tmp_path: Path) -> None:
    code, out, err = invoke(str(INPUT), "--check", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: cannot read {tmp_path}: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give at least one PATH"),
        ((str(INPUT), "--output", "a", "--check", "b"), "give one of them"),
        ((str(INPUT), "--source-url", "javascript:alert(1)"), "--source-url"),
        ((str(INPUT), "--format", "pdf"), "--format"),
        ((str(INPUT), "--format", "html", "--split", "x"), "--front-matter and --split go with --format markdown"),
        ((str(INPUT), "--format", "json", "--hugo"), "--front-matter and --split go with --format markdown"),
        ((str(INPUT), "--split", "x", "--output", "y"), "--split writes a directory of pages"),
        ((str(INPUT), "--split", "x", "--check", "y"), "--split writes a directory of pages"),
        ((str(INPUT), "--hugo", "--weight", "-1"), "--weight"),
    ],
)
def test_usage_errors(args: tuple[str, ...], message: str) -> None:
    code, _, err = invoke(*args)
    assert code == 2
    assert message in err


def test_missing_path_is_an_error_not_an_empty_page(tmp_path: Path) -> None:
    code, out, err = invoke(str(INPUT), str(tmp_path / "typo"))
    assert (code, out) == (2, "")
    assert err == f"Error: {tmp_path / 'typo'}: no such file or directory\n"


def test_findings_go_to_stderr_and_do_not_fail_the_page() -> None:
    text = "images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, name: 4.10}]}\n"
    code, out, err = invoke("-", "--format", "json", stdin=text)
    assert code == 0
    (section,) = json.loads(out)["sections"]
    assert section["title"] == "ci/4.1"
    assert section["rows"][0]["config"] == "<stdin>"
    assert section["rows"][0]["url"] is None
    assert "error LD-3" in err


def test_source_url_links_configs() -> None:
    code, out, _ = invoke(str(INPUT), "--source-url", "../ci-operator/config/", "--stream", "4.9")
    assert code == 0
    assert (
        "[`openshift/widget-operator@release-4.9`]"
        "(../ci-operator/config/openshift/widget-operator/openshift-widget-operator-release-4.9.yaml)"
    ) in out
    assert "](" not in invoke(str(INPUT), "--stream", "4.9")[1].split("## ocp")[1]


# Atomic writes


def test_atomic_write_new_file_follows_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_text_atomically(tmp_path / "new.txt", "x\r\ny\n")
    finally:
        os.umask(previous)
    assert (tmp_path / "new.txt").read_bytes() == b"x\r\ny\n"
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_atomic_write_keeps_the_mode_and_follows_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old")
    target.chmod(0o664)
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    write_text_atomically(str(link), "new")
    assert link.is_symlink()
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "real.md"]


def test_atomic_write_error_is_an_oserror_with_one_line() -> None:
    error = AtomicWriteError("out/page.md", "Read-only file system", errno=errno.EROFS)
    assert isinstance(error, OSError)
    assert error.errno == errno.EROFS
    assert str(error) == "cannot write out/page.md: Read-only file system"
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, just pickled
    assert (type(copy), str(copy), copy.errno) == (AtomicWriteError, str(error), errno.EROFS)


# The shared corpus


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the project")
def test_corpus_rows_are_exactly_the_promoted_lists() -> None:
    results = read_configs([str(CORPUS)])
    page = build_page(results, roots=[str(CORPUS)])
    pages = {
        "md": render_markdown(page, source_url="https://example.invalid/config"),
        "json": render_json(page),
        "html": render_html(page),
    }

    promoted = collections.Counter(
        (relative_file(result.file, [str(CORPUS)]), str(tag.ist), tag.source, tag.kind)
        for result in results
        for tag in result.promotion.tags
    )
    rows = collections.Counter((row.file, str(row.ist), row.source, row.kind) for row in page.rows)
    assert rows == promoted
    assert any(row.kind == "build-cache" for row in page.rows)
    for section in page.sections:
        assert all(row.ist.namespace == section.namespace for row in section.rows)
        if section.stream:
            assert all(row.ist.name == section.stream for row in section.rows)

    tables = _table_cells(pages["md"])
    assert [len(body) for _, body in tables[1:]] == [len(section.rows) for section in page.sections]
    assert all(len(row) == 7 for _, body in tables[1:] for row in body)
    assert sum(len(s["rows"]) for s in json.loads(pages["json"])["sections"]) == sum(promoted.values())
    assert pages["html"].count('<tr id="t-') == sum(promoted.values())
