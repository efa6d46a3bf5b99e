"""Hostile and broken input: whatever a file holds, the tool answers with findings, in bounded time and memory."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from hostile import hostile_documents
from hypothesis import HealthCheck, given, settings

from promoter.analysis import analyze_text
from promoter.cli import main
from promoter.engine import outcome_from_bytes
from promoter.findings import Finding
from promoter.lint import combine
from promoter.render import lint as lint_render
from promoter.render import promoted as promoted_render
from promoter.rules import RULES_BY_ID
from promoter.yamldoc import Limits

PATH = "acme/app/acme-app-main.yaml"


def check_everything(raw: bytes) -> None:
    """Run lint and every renderer on one file's bytes and check that the outputs are well formed."""
    # CPU time of this process, not wall time: the bound is against blow-ups in our code, and a loaded CI machine
    # stretches wall time several-fold (billion laughs once took 13 s of wall time for 1.3 s of CPU).
    started = time.process_time()
    report = combine([outcome_from_bytes(PATH, raw)])
    for finding in report.findings:
        assert finding.file == PATH
        assert finding.rule in RULES_BY_ID
        assert finding.line >= 0
        assert finding.column >= 0
        assert finding.message
    json.loads(lint_render.render_json(report))
    ElementTree.fromstring(lint_render.render_junit(report))
    lint_render.render_github(report)
    lint_render.render_text(report)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    result = analyze_text(text, PATH, path_for_metadata=PATH)
    json.loads(promoted_render.render_json([result]))
    promoted_render.render_text([result])
    promoted_render.render_urls([result])
    assert time.process_time() - started < 5


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(hostile_documents())
def test_mutated_configs_never_crash(raw: bytes) -> None:
    check_everything(raw)


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(9)
)

HOSTILE = {
    "billion-laughs": BILLION_LAUGHS.encode(),
    "deep-flow": ("a: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "deep-block": ("a:\n" + "".join(" " * i + "k:\n" for i in range(1, 400))).encode(),
    "python-object": b"a: !!python/object/apply:os.system ['echo hacked']\n",
    "unknown-tag": b"promotion: !custom {to: []}\n",
    "binary": bytes(range(256)) * 4,
    "invalid-utf8": b"promotion:\n  to:\n  - namespace: \xc3\x28\n",
    "bom": b"\xef\xbb\xbfimages: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: x}]}\n",
    "nul": b"images:\x00 {}\n",
    "tabs": b"images:\n\titems: []\n",
    "unclosed-quote": b"promotion:\n  to:\n  - namespace: 'ci\n",
    "long-key": (("k" * 200_000) + ": v\n").encode(),
    "long-line": ("images: {items: [{to: " + "a" * 1_000_000 + "}]}\n").encode(),
    "many-documents": b"---\na: 1\n" * 1000,
    "top-level-list": b"- a\n- b\n",
    "top-level-scalar": b"42\n",
    "empty": b"",
    "only-comments": b"# nothing\n# here\n",
    "recursive-alias": b"a: &a\n  b: *a\n",
    "merge-of-scalar": b"a: &a 1\nb:\n  <<: *a\n",
    "null-key": b"~: 1\n",
    "collection-key": b"? [a, b]\n: 1\n",
    # A mapping where an image name belongs: checks that compare it with names must not hash it.
    "mapping-as-image": b"images: [{to: app}]\ntests:\n- as: unit\n  commands: make\n  container:\n    from: {a: 1}\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents(name: str) -> None:
    check_everything(HOSTILE[name])


def test_billion_laughs_is_a_finding_not_a_memory_blowup() -> None:
    report = combine([outcome_from_bytes(PATH, BILLION_LAUGHS.encode())])
    assert [f.rule for f in report.findings] == ["LD-8"]


def test_size_limit_is_a_finding(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * 60_000_000 + b"\n")
    report = combine([outcome_from_bytes(str(big), big.read_bytes()[: Limits().max_bytes + 1])])
    assert [f.rule for f in report.findings] == ["LD-1"]
    assert "larger than the limit" in report.findings[0].message


def test_limits_are_options(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: x}]}\n")
    result = CliRunner().invoke(main, ["lint", str(config), "--no-cache", "--max-nodes", "3", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["findings"][0]["rule"] == "LD-8"


def test_file_system_trouble(tmp_path: Path) -> None:
    tree = tmp_path / "tree" / "acme" / "app"
    tree.mkdir(parents=True)
    (tree / "acme-app-main.yaml").write_text("images: {items: [{to: a}]}\npromotion: {to: [{namespace: ci, tag: x}]}\n")
    (tree / "dir.yaml").mkdir()
    (tree / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tree / "loop").symlink_to(tree)
    (tree / "self.yaml").symlink_to(tree / "self.yaml")
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "tree"), "--no-cache", "--format", "json"])
    assert result.exit_code == 1
    files = {Path(report["file"]).name: report["findings"] for report in json.loads(result.stdout)["files"]}
    assert "IO-1" not in {finding["rule"] for finding in files["acme-app-main.yaml"]}
    assert files["broken.yaml"][0]["rule"] == "IO-1"
    assert files["self.yaml"][0]["rule"] == "IO-1"
    assert "dir.yaml" not in files
    assert "Traceback" not in result.stderr


def test_a_path_that_vanishes_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from promoter import engine, files  # noqa: PLC0415 - patched below

    config = tmp_path / "acme" / "app" / "acme-app-main.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("images: {items: [{to: a}]}\n")

    def discover_then_delete(paths: list[str]) -> tuple[list[str], list[Finding]]:
        found = files.discover(paths)
        os.unlink(config)
        return found

    monkeypatch.setattr("promoter.engine.discover", discover_then_delete)
    (outcome,) = engine.lint_paths([str(tmp_path)])
    assert [f.rule for f in outcome.findings] == ["IO-1"]


def test_output_files_are_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from promoter.atomicwrite import write_text_atomically  # noqa: PLC0415

    target = tmp_path / "junit.xml"
    target.write_text("old report\n")

    def interrupted(_source: str, _destination: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("promoter.atomicwrite.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomically(str(target), "new report\n")
    assert target.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junit.xml"]


def test_failed_lint_run_leaves_the_old_junit_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "junit.xml"
    target.write_text("old report\n")

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr("promoter.render.lint.render_junit", broken)
    config = tmp_path / "c.yaml"
    config.write_text("images: {items: [{to: a}]}\n")
    result = CliRunner().invoke(main, ["lint", str(config), "--no-cache", "--junit", str(target)])
    assert result.exit_code != 0
    assert target.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml", "junit.xml"]
