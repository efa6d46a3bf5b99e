"""Decoding without the fields only tests need: what graph, show and docs workers read must not change."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import ROOT, TESTDATA

from promoter.analysis import analyze_text
from promoter.docs import docs_entry
from promoter.graph import config_part
from promoter.render.promoted import shown
from promoter.stepregistry import load_registry

SR_CASE = TESTDATA / "lint" / "SR-2" / "pass" / "ci-operator"
# Fields a config decoded without tests leaves empty; everything else must be as a full decode makes it.
TEST_FIELDS = ("tests", "pipeline_tags", "container_tests", "release_streams", "with_tests")


def _decodable(path: Path) -> bool:
    """Whether a file is UTF-8 text: any other file is reported unreadable before decoding, in both modes."""
    try:
        path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _configs() -> list[Path]:
    """Our own configs, and the recent real ones when they are beside the project, that get as far as decoding."""
    found = sorted(TESTDATA.rglob("*.yaml"))
    recent = ROOT.parent / "shared" / "recent-configs"
    if recent.is_dir():
        found += sorted(recent.rglob("*.yaml"))
    return [
        path for path in found if "step-registry" not in path.parts and "expected" not in path.name and _decodable(path)
    ]


@pytest.mark.parametrize("path", _configs(), ids=str)
def test_a_config_decoded_without_tests_gives_the_same_findings_graph_part_show_and_docs(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    name = str(path)
    full = analyze_text(text, name, path_for_metadata=name)
    lean = analyze_text(text, name, path_for_metadata=name, tests=False)
    assert lean.findings == full.findings
    assert lean.promotion == full.promotion
    if full.config is None:
        assert lean.config is None
        return
    assert lean.config is not None
    assert full.config.with_tests
    assert not lean.config.with_tests
    assert (lean.config.tests, lean.config.pipeline_tags) == ((), ())
    assert (lean.config.container_tests, lean.config.release_streams) == ((), ())
    others = [field.name for field in dataclasses.fields(full.config) if field.name not in TEST_FIELDS]
    assert [getattr(lean.config, f) for f in others] == [getattr(full.config, f) for f in others]
    assert config_part(lean) == config_part(full)
    for output_format in ("text", "json", "urls"):
        assert shown(lean, output_format=output_format) == shown(full, output_format=output_format)
    assert docs_entry(lean, roots=(str(TESTDATA),)) == docs_entry(full, roots=(str(TESTDATA),))


def test_a_config_decoded_without_tests_refuses_to_join_a_graph_with_a_step_registry() -> None:
    path = SR_CASE / "config" / "acme" / "app" / "acme-app-main.yaml"
    registry = load_registry(str(SR_CASE / "step-registry"))
    text = path.read_text(encoding="utf-8")
    full = analyze_text(text, str(path), path_for_metadata=str(path))
    assert full.config is not None
    assert full.config.tests  # the case has a multi-stage test, which a config decoded without tests cannot give
    assert any(node.startswith("step:") for node in config_part(full, registry).nodes)
    lean = analyze_text(text, str(path), path_for_metadata=str(path), tests=False)
    assert lean.config is not None
    with pytest.raises(ValueError, match="decoded without its tests"):
        config_part(lean, registry)
