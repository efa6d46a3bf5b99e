"""The HTML page of ``promoted-images docs`` in headless Chromium, driven over the DevTools protocol (tests/cdp.py).

The page of testdata/docs (its golden file) must fit a 1400 px and a 390 px window, wrap pull specs only between
their pieces, copy a pull spec with the clipboard API and with the fallback, filter rows, summary and contents
from the search box and keep the query in the URL, sort on a header click, link a row to the rows it is built
from, and show every row without JavaScript. What each test expects comes from the JSON page of the same configs,
not from the HTML. Screenshots go to $PROMOTER_SCREENSHOTS when set (to look at), else to a temporary directory.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp import Browser, Tab, find_chromium
from conftest import CORPUS, ROOT, TESTDATA

from promoter.docs import build_page
from promoter.files import read_configs
from promoter.render.docs import render_html

CASE = TESTDATA / "docs"
EXPECTED_HTML = CASE / "expected.html"
DOCUMENT = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))
ROWS: list[dict[str, Any]] = [row for section in DOCUMENT["sections"] for row in section["rows"]]
RECENT = ROOT.parent / "shared" / "recent-configs"
WIDTHS = (1400, 390)
NATURAL = "function (a, b) { return a.localeCompare(b, undefined, {numeric: true, sensitivity: 'base'}); }"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no headless Chromium (chromium, google-chrome) on PATH; .ci/run installs Debian's chromium")
    started = Browser(executable)
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    page = tmp_path_factory.mktemp("page") / "page.html"
    page.write_bytes(EXPECTED_HTML.read_bytes())
    return page.resolve().as_uri()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    wanted = os.environ.get("PROMOTER_SCREENSHOTS")
    if not wanted:
        return tmp_path
    directory = Path(wanted)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def open_tab(browser: Browser, url: str, width: int = 1400) -> Tab:
    tab = browser.tab(width)
    tab.open(url)
    assert tab.evaluate("document.documentElement.getAttribute('data-errors')") in ("", None)
    return tab


def row_id(tag: str) -> str:
    """The id the page gives the row of a tag (tags of testdata are unique and need no suffix)."""
    return "t-" + "".join(c if c.isalnum() or c in "._-" else "-" for c in tag)


def row_selector(tag: str) -> str:
    """A CSS selector of the row of a tag (its id has dots, which a #id selector would read as classes)."""
    return f'tr[id="{row_id(tag)}"]'


def expected_rows(query: str) -> set[str]:
    """The tags a search keeps, by the documented rules, read off the JSON page of the same configs."""
    kept = set()
    for row in ROWS:
        fields = json.dumps(row, ensure_ascii=False).lower()
        config = row["config"].lower()
        keep = True
        for word in query.lower().split():
            field, _, value = word.partition(":")
            if field == "namespace" and value:
                keep &= row["namespace"].lower() == value
            elif field == "stream" and value:
                full = f"{row['namespace']}/{row['stream']}".lower()
                keep &= (full if "/" in value else row["stream"].lower()) == value
            elif field == "config" and value:
                keep &= config == value or config.startswith((value + "@", value + "/"))
            else:
                keep &= word in fields
        if keep:
            kept.add(row["tag"])
    return kept


def shown_rows(tab: Tab) -> set[str]:
    ids = tab.evaluate("Array.from(document.querySelectorAll('table.rows tbody tr:not([hidden])'), r => r.id)")
    by_id = {row_id(row["tag"]): row["tag"] for row in ROWS}
    return {by_id[identifier] for identifier in ids}


def png_width(png: bytes) -> int:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int(struct.unpack(">I", png[16:20])[0])


# Fitting the window

FIT = """
(function () {
  var root = document.documentElement;
  return {
    scroll: root.scrollWidth,
    inner: window.innerWidth,
    overflowing: Array.from(document.querySelectorAll(".wrap"))
      .filter(function (wrap) { return wrap.scrollWidth > wrap.clientWidth; })
      .map(function (wrap) { return wrap.parentNode.id; }),
    // A piece of a pull spec or tag broken over two lines: the page wrapped it at a hyphen or a dot.
    broken: Array.from(document.querySelectorAll("code.strict > span"))
      .filter(function (piece) { return piece.getClientRects().length > 1; })
      .map(function (piece) { return piece.textContent; }),
    specs: document.querySelectorAll("code.pull").length,
    rowDisplay: getComputedStyle(document.querySelector("table.rows tbody tr")).display
  };
})()
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_page_fits_the_window(browser: Browser, page_url: str, width: int, shots: Path) -> None:
    tab = open_tab(browser, page_url, width)
    fit = tab.evaluate(FIT)
    assert fit["inner"] == width
    assert fit["scroll"] <= fit["inner"], "the page scrolls sideways"
    assert fit["overflowing"] == [], "a table is wider than the window"
    assert fit["broken"] == []
    assert fit["specs"] == sum(len(row["pull_specs"]) for row in ROWS)
    # A table on a wide window; one card per row on a phone.
    assert fit["rowDisplay"] == ("table-row" if width > 760 else "block")
    # The long pull specs of the page are on one line each at 1400 px: nothing but their own length wraps them.
    if width == 1400:
        lines = tab.evaluate(
            "Array.from(document.querySelectorAll('code.pull'), c => new Set(Array.from(c.querySelectorAll('span'),"
            " s => Math.round(s.getBoundingClientRect().top))).size)"
        )
        assert max(lines) <= 2
        assert lines.count(1) > len(lines) / 2
    assert png_width(tab.screenshot(shots / f"docs-{width}.png")) == width
    tab.close()


@pytest.mark.parametrize("tree", [CORPUS, RECENT], ids=["corpus", "recent-configs"])
def test_pages_of_real_configs_fit_the_window(browser: Browser, tree: Path, tmp_path: Path) -> None:
    if not tree.is_dir():
        pytest.skip(f"{tree} is not beside the project")
    results = read_configs([str(tree)])
    page = build_page(results, roots=[str(tree)])
    html_page = tmp_path / "page.html"
    html_page.write_text(render_html(page), encoding="utf-8")
    for width in WIDTHS:
        tab = open_tab(browser, html_page.resolve().as_uri(), width)
        fit = tab.evaluate(FIT)
        assert (fit["scroll"], fit["overflowing"], fit["broken"]) == (width, [], []), width
        tab.close()
    tab = open_tab(browser, html_page.resolve().as_uri() + "?q=stream:4.17")
    expected = sum(1 for row in page.rows if row.ist.name == "4.17")
    assert tab.evaluate("document.documentElement.getAttribute('data-shown')") == str(expected)
    assert tab.evaluate("document.querySelectorAll('table.rows tbody tr').length") == len(page.rows)
    tab.close()


# Copying a pull spec


def test_copy_button_copies_the_pull_spec(browser: Browser, page_url: str) -> None:
    browser.call("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    tab = open_tab(browser, page_url)
    row = next(row for row in ROWS if row["tag"] == "acme-tools/pipes:latest")
    kept, stale = row["pull_specs"]
    assert (kept["kept_up_to_date"], stale["kept_up_to_date"]) == (True, False)
    specs = f"{row_selector(row['tag'])} ul.specs li"
    # The pull spec promotion keeps current is marked, the other says it is not updated.
    marks = tab.evaluate(f"Array.from(document.querySelectorAll('{specs} .mark'), m => m.textContent)")
    assert marks == ["kept current", "not updated by promotion"]

    tab.click(f"{specs}.kept button.copy")
    tab.evaluate(
        "new Promise(function (done) { (function wait() { document.querySelector('button[data-copied]')"
        " ? done() : setTimeout(wait, 10); })(); })"
    )
    assert tab.evaluate("navigator.clipboard.readText()") == kept["pull_spec"]
    assert tab.evaluate(f"document.querySelector('{specs}.kept button.copy').textContent") == "copied"

    # Without the clipboard API (an http:// page, an old browser) the hidden text area and execCommand copy.
    tab.evaluate(
        "window.reader = navigator.clipboard;"
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: function () { return undefined; }});"
        "Object.defineProperty(navigator, 'clipboard', {get: function () { return undefined; }}); 0"
    )
    assert tab.evaluate("navigator.clipboard === undefined")
    tab.click(f"{specs}.stale button.copy")
    tab.evaluate(
        f"new Promise(function (done) {{ (function wait() {{ document.querySelector('{specs}.stale button[data-copied]')"
        " ? done() : setTimeout(wait, 10); })(); })"
    )
    assert tab.evaluate(f"document.querySelector('{specs}.stale button').dataset.copied") == "true"
    assert tab.evaluate("window.reader.readText()") == stale["pull_spec"]
    tab.close()


# Searching


SUMMARY = """
Array.from(document.querySelectorAll("#summary tbody tr:not([hidden])"), function (row) {
  return Array.from(row.cells, function (cell) { return cell.textContent; });
})
"""


def expected_summary(tags: set[str]) -> list[list[str]]:
    """Summary rows for the rows kept: namespace, app.ci, release streams, per-image streams, tags, configs."""
    summary = []
    for entry in DOCUMENT["summary"]["namespaces"]:
        namespace = entry["namespace"]
        rows = [
            (section["kind"], row)
            for section in DOCUMENT["sections"]
            if section["namespace"] == namespace
            for row in section["rows"]
            if row["tag"] in tags
        ]
        if not rows:
            continue
        release = {row["stream"] for kind, row in rows if kind == "release-stream"}
        image = {row["stream"] for kind, row in rows if kind == "image-streams"}
        configs = {(row["config"], row["file"]) for _, row in rows}
        summary.append(
            [
                namespace,
                "yes" if entry["app_ci_kept_current"] else "no",
                *(str(len(group)) for group in (release, image, rows, configs)),
            ]
        )
    return summary


@pytest.mark.parametrize(
    "query",
    [
        "namespace:ocp widget",
        "stream:4.17 config:openshift/widget-operator",
        "stream:ocp-priv/4.17",
        "config:openshift origin BIN",
        "NAMESPACE:acme-tools pipe|dir",
    ],
)
def test_search_filters_rows_summary_and_contents_and_keeps_the_query_in_the_url(
    browser: Browser, page_url: str, query: str
) -> None:
    tab = open_tab(browser, page_url)
    tab.type("#search", query)
    expected = expected_rows(query)
    assert expected, "a query of this test should keep some rows"
    assert shown_rows(tab) == expected
    assert tab.evaluate("new URLSearchParams(location.search).get('q')") == query
    assert tab.evaluate("document.getElementById('count').textContent") == (
        f"{len(expected)} of {len(ROWS)} promoted tags match"
    )
    assert tab.evaluate(SUMMARY) == expected_summary(expected)
    sections = {
        section["anchor"] for section in DOCUMENT["sections"] if any(row["tag"] in expected for row in section["rows"])
    }
    namespaces = {
        entry["anchor"]
        for entry in DOCUMENT["summary"]["namespaces"]
        for section in DOCUMENT["sections"]
        if section["namespace"] == entry["namespace"] and section["anchor"] in sections
    }
    listed = tab.evaluate(
        "Array.from(document.querySelectorAll('#contents li[data-target]:not([hidden])'),"
        " item => item.getAttribute('data-target'))"
    )
    assert set(listed) == sections | namespaces
    visible = tab.evaluate("Array.from(document.querySelectorAll('section.stream:not([hidden])'), s => s.id)")
    assert set(visible) == sections
    assert tab.evaluate("document.getElementById('no-match').hidden")

    # Emptying the box shows everything again and takes the query out of the URL.
    tab.clear("#search")
    assert shown_rows(tab) == {row["tag"] for row in ROWS}
    assert tab.evaluate("location.search") == ""
    assert tab.evaluate(SUMMARY) == expected_summary({row["tag"] for row in ROWS})
    tab.close()


def test_search_without_a_match_says_so_at_the_top(browser: Browser, page_url: str) -> None:
    tab = open_tab(browser, page_url, 390)
    tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    tab.type("#search", "namespace:ocp no-such-image")
    assert shown_rows(tab) == set()
    assert tab.evaluate("document.getElementById('count').textContent") == f"0 of {len(ROWS)} promoted tags match"
    top = tab.evaluate("document.getElementById('no-match').getBoundingClientRect().top + scrollY")
    assert 0 < top < tab.evaluate("document.getElementById('summary').getBoundingClientRect().top + scrollY")
    assert tab.evaluate(SUMMARY) == []
    tab.close()


def test_query_in_the_url_opens_the_page_filtered(browser: Browser, page_url: str) -> None:
    tab = open_tab(browser, page_url + "?q=origin+BIN")
    assert tab.evaluate("document.getElementById('search').value") == "origin BIN"
    assert (
        shown_rows(tab)
        == expected_rows("origin BIN")
        == {
            "origin/scos-4.17:origin-tests",
            "origin/scos-4.17:origin-tools-bin",
        }
    )
    tab.close()


# Sorting and the rows an image is built from


def test_header_click_sorts_its_table(browser: Browser, page_url: str) -> None:
    tab = open_tab(browser, page_url)
    section = next(section for section in DOCUMENT["sections"] if len(section["rows"]) > 2)
    table = f"#{section['anchor']} table"
    first_cells = f"Array.from(document.querySelectorAll('{table} tbody tr'), r => r.cells[0].textContent)"
    assert tab.evaluate(first_cells) == [row["tag"] for row in section["rows"]]
    tab.click(f"{table} th:nth-child(1) button")
    ascending = tab.evaluate(first_cells)
    assert sorted(ascending) == sorted(row["tag"] for row in section["rows"])
    assert tab.evaluate(
        f"(function (cells) {{ var order = {NATURAL}; return cells.every(function (cell, i) {{"
        " return i === 0 || order(cells[i - 1], cell) <= 0; }); })(" + first_cells + ")"
    )
    assert tab.evaluate(f"document.querySelector('{table} th:nth-child(1)').getAttribute('aria-sort')") == "ascending"
    tab.click(f"{table} th:nth-child(1) button")
    assert tab.evaluate(first_cells) == list(reversed(ascending))

    # The summary's numbers sort as numbers.
    tab.click("table.summary th:nth-child(5) button")
    tags = tab.evaluate("Array.from(document.querySelectorAll('table.summary tbody tr'), r => +r.cells[4].textContent)")
    assert tags == sorted(entry["tags"] for entry in DOCUMENT["summary"]["namespaces"])
    tab.close()


def test_a_row_unfolds_what_it_is_built_from_with_links_to_promoted_rows(browser: Browser, page_url: str) -> None:
    tags = {row["tag"] for row in ROWS}
    row = next(row for row in ROWS if any(item["image"] in tags for item in row["built_from"]))
    linked = [item["image"] for item in row["built_from"] if item["image"] in tags]
    tab = open_tab(browser, page_url)
    tab.type("#search", f"namespace:{row['namespace']}")
    details = f"{row_selector(row['tag'])} td:last-child details"
    assert not tab.evaluate(f"document.querySelector('{details}').open")
    tab.click(f"{details} summary")
    assert tab.evaluate(f"document.querySelector('{details}').open")
    items = tab.evaluate(f"Array.from(document.querySelectorAll('{details} li code'), c => c.textContent)")
    assert items[: len(row["built_from"])] == [item["image"] for item in row["built_from"]]
    hrefs = tab.evaluate(f"Array.from(document.querySelectorAll('{details} li a'), a => a.getAttribute('href'))")
    assert hrefs == [f"#{row_id(tag)}" for tag in linked]
    # The row linked to is hidden by the search: following the link clears the search so the row is there.
    target = row_id(linked[0])
    assert tab.evaluate(f"document.getElementById('{target}').hidden")
    tab.click(f"{details} li a")
    assert tab.evaluate("location.hash") == f"#{target}"
    assert not tab.evaluate(f"document.getElementById('{target}').hidden")
    assert tab.evaluate("document.getElementById('search').value") == ""
    # It lands below the sticky header, in the window.
    landed = tab.evaluate(
        f"[document.getElementById('{target}').getBoundingClientRect().top,"
        " document.querySelector('header').getBoundingClientRect().bottom, innerHeight]"
    )
    assert landed[1] <= landed[0] < landed[2]
    tab.close()


# Without JavaScript


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_every_row_is_shown(browser: Browser, page_url: str, width: int, shots: Path) -> None:
    tab = browser.tab(width)
    tab.disable_scripts()
    tab.open(page_url + "?q=namespace:ocp")
    assert shown_rows(tab) == {row["tag"] for row in ROWS}
    assert tab.evaluate("document.documentElement.getAttribute('data-ready')") is None
    assert tab.evaluate("getComputedStyle(document.getElementById('controls')).display") == "none"
    assert tab.evaluate("document.getElementById('nojs').offsetHeight") > 0
    assert tab.evaluate("document.querySelectorAll('button.copy').length") == 0
    fit = tab.evaluate(FIT)
    assert (fit["scroll"], fit["overflowing"], fit["broken"]) == (width, [], [])
    # What a row is built from still unfolds: <details> needs no script.
    details = "table.rows tbody td:last-child details"
    tab.click(f"{details} summary")
    assert tab.evaluate(f"document.querySelector('{details}').open")
    tab.screenshot(shots / f"docs-{width}-no-javascript.png")
    tab.close()
