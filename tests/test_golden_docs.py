"""Golden files of ``promoted-images docs``: Markdown, JSON and HTML pages of the tree under testdata/docs/input."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTDATA, compare_golden

from promoter.cli.docs import docs

CASE = TESTDATA / "docs"
SOURCE_URL = "https://github.com/openshift/release/blob/master/ci-operator/config"
FORMATS = {"markdown": "expected.md", "json": "expected.json", "html": "expected.html"}


def run_docs(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run the docs command from ``cwd``, as a user in that directory would."""
    before = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(docs, list(args))
    finally:
        os.chdir(before)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_golden(output_format: str, update_goldens: bool) -> None:
    code, out, err = run_docs(CASE, "input", "--format", output_format, "--source-url", SOURCE_URL)
    assert (code, err) == (0, "")
    compare_golden(CASE / FORMATS[output_format], out, update=update_goldens)


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_same_page_whatever_the_file_order_and_location(output_format: str, tmp_path: Path) -> None:
    # The same tree written file by file in reverse order, under another directory name and run from elsewhere:
    # directory listings come back in another order and the paths differ, the page must not.
    copy = tmp_path / "somewhere" / "config"
    files = sorted((p for p in (CASE / "input").rglob("*") if p.is_file()), reverse=True)
    for file in files:
        target = copy / file.relative_to(CASE / "input")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    code, out, _ = run_docs(tmp_path, "somewhere/config/", "--format", output_format, "--source-url", SOURCE_URL)
    assert code == 0
    assert out == (CASE / FORMATS[output_format]).read_text(encoding="utf-8")


def test_golden_single_page_with_front_matter(update_goldens: bool) -> None:
    code, out, err = run_docs(CASE, "input", "--front-matter", "--weight", "20", "--source-url", SOURCE_URL)
    assert (code, err) == (0, "")
    compare_golden(CASE / "expected-hugo.md", out, update=update_goldens)


def test_golden_hugo_pages(tmp_path: Path, update_goldens: bool) -> None:
    # One page per namespace and an _index.md, as committed under the CI docs site's content folder.
    target = tmp_path / "promoted-images"
    code, out, err = run_docs(CASE, "input", "--hugo", "--split", str(target), "--source-url", SOURCE_URL)
    assert (code, out) == (0, "")
    assert err == f"promoted-images docs: wrote 7 pages to {target}: 15 promoted tags\n"
    expected = CASE / "hugo"
    if update_goldens:
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(target, expected)
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in expected.iterdir())
    for page in sorted(target.iterdir()):
        compare_golden(expected / page.name, page.read_text(encoding="utf-8"), update=False)
