"""Every real config of the shared corpus: no crash, and the promoted list agrees with an independent oracle.

The oracle is written from the spec in a different style: it reads the raw YAML with PyYAML's BaseLoader (every
scalar a string, so no number or boolean conversion to get wrong) and applies the promotion rules with plain dicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import corpus_files

from promoter.files import read_config

FILES = corpus_files()
pytestmark = pytest.mark.skipif(not FILES, reason="the shared corpus is not beside the project")

TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"}


def oracle(raw: dict[str, Any], path: Path) -> list[str]:
    promotion = raw.get("promotion")
    if not isinstance(promotion, dict):
        return []
    images = raw.get("images") or {}
    if isinstance(images, list):
        return []  # current ci-operator cannot load a config whose images is a plain list
    items = images.get("items") or []
    built = [item["to"] for item in items if item.get("to") and item.get("optional") not in TRUE]
    # Single-target keys directly under promotion are dropped by current ci-operator: only promotion.to counts.
    targets = list(promotion.get("to") or [])
    out: list[str] = []
    for target in targets:
        if target.get("disabled") in TRUE or not target.get("namespace"):
            continue
        if not (target.get("name") or target.get("tag")):
            continue
        excluded = target.get("excluded_images") or []
        chosen = [] if "*" in excluded else [name for name in built if name not in excluded]
        destinations = dict.fromkeys(chosen)
        destinations.update(dict.fromkeys(target.get("additional_images") or {}))
        for component in destinations:
            if target.get("name"):
                out.append(f"{target['namespace']}/{target['name']}:{component}")
            else:
                out.append(f"{target['namespace']}/{component}:{target['tag']}")
    if raw.get("binary_build_commands") and promotion.get("disable_build_cache") not in TRUE:
        meta = raw.get("zz_generated_metadata")
        if meta and meta.get("org") and meta.get("repo") and meta.get("branch"):
            org, repo, branch, variant = meta["org"], meta["repo"], meta["branch"], meta.get("variant", "")
        else:
            org, repo = path.parent.parent.name, path.parent.name
            stem = path.name.rsplit(".", 1)[0].removeprefix(f"{org}-{repo}-")
            branch, _, variant = stem.rpartition("__") if "__" in stem else (stem, "", "")
        out.append(f"build-cache/{org}-{repo}:{branch}-{variant}" if variant else f"build-cache/{org}-{repo}:{branch}")
    return sorted(out)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(p.parents[3])) for p in FILES])
def test_corpus_config_matches_oracle(path: Path) -> None:
    result = read_config(str(path))
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds no objects
    if not isinstance(raw, dict):
        assert result.config is None
        return
    assert result.config is not None
    assert sorted(str(tag.ist) for tag in result.promotion.tags) == oracle(raw, path)
    for finding in result.findings:
        assert finding.line >= 1
        assert finding.rule
