"""Whole-tree benchmark: a generated tree of N configs, timed against the libyaml floor, in one run.

Usage: python bench/bench.py [--configs 15000] [--jobs N] [--keep DIR] [--json FILE]

The tree replicates the configs of ../shared/corpus (or testdata/ without it) under new org/repo names with
distinct promotion namespaces, so that it holds no cross-config conflicts by construction. Every measurement is
wall time of one run on the same tree; ratios are to the floor: reading and parsing every file with
yaml.CSafeLoader in one process, nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def sources() -> list[dict[str, Any]]:
    """Configs to replicate: every corpus file that loads to a mapping (testdata when there is no corpus)."""
    base = CORPUS if CORPUS.is_dir() else ROOT / "testdata"
    found = []
    for path in sorted(base.rglob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def _rename_targets(promotion: Any, suffix: str) -> None:
    if not isinstance(promotion, dict):
        return
    targets = [promotion, *[t for t in promotion.get("to") or [] if isinstance(t, dict)]]
    for target in targets:
        if isinstance(target.get("namespace"), str):
            target["namespace"] = f"{target['namespace']}-{suffix}"


def generate(directory: Path, count: int) -> list[Path]:
    """Write ``count`` configs under ``directory/<org>/<repo>/`` and return their paths."""
    templates = sources()
    paths = []
    for index in range(count):
        config = json.loads(json.dumps(templates[index % len(templates)], default=str))
        # Like openshift/release: a few branch configs per repository, a few hundred repositories per org.
        org, repo = f"bench{index // 1500}", f"repo{index // 3}"
        branch = ("main", "release-4.21", "release-4.22")[index % 3]
        config["zz_generated_metadata"] = {"org": org, "repo": repo, "branch": branch}
        _rename_targets(config.get("promotion"), f"b{index}")
        path = directory / org / repo / f"{org}-{repo}-{branch}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(config, Dumper=yaml.CSafeDumper, sort_keys=True), encoding="utf-8")
        paths.append(path)
    return paths


def floor(paths: list[Path]) -> float:
    """Read and parse every file with libyaml in this process: the cost any YAML tool pays."""
    started = time.perf_counter()
    for path in paths:
        with path.open("rb") as handle:
            yaml.load(handle.read(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def timed(command: list[str]) -> tuple[float, int]:
    """Wall time and exit code of a command, its output discarded."""
    started = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started, completed.returncode


def main() -> int:
    """Generate the tree, run every measurement once, print a table and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", type=int, default=15000)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", type=Path, help="generate the tree here and keep it")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "bench.json")
    args = parser.parse_args()

    tool = str(Path(sys.executable).parent / "promoted-images")
    workdir = Path(tempfile.mkdtemp(prefix="promoter-bench-"))
    tree = args.keep or workdir / "tree"
    cache = workdir / "cache"
    try:
        started = time.perf_counter()
        paths = generate(tree, args.configs)
        generated = time.perf_counter() - started
        results: dict[str, float] = {"floor: libyaml CSafeLoader, 1 process": floor(paths)}
        lint = [tool, "lint", str(tree), "--jobs", str(args.jobs), "--cache-dir", str(cache)]
        results["lint cold (empty cache)"], lint_code = timed(lint)
        results["lint warm (cache filled)"], _ = timed(lint)
        single = [tool, "lint", str(tree), "--jobs", "1", "--no-cache"]
        results["lint --no-cache --jobs 1"], _ = timed(single)
        results["promoted list (--format urls)"], _ = timed([tool, str(tree), "--format", "urls"])
        commands = subprocess.run([tool, "--help"], capture_output=True, text=True, check=False).stdout
        if "\n  graph " in commands:
            results["graph (--format json)"], _ = timed([tool, "graph", str(tree), "--format", "json"])
        beside = str(Path(sys.executable).parent)
        checker = shutil.which("check-jsonschema") or shutil.which("check-jsonschema", path=beside)
        if checker:
            schema = str(ROOT / "schemas" / "ci-operator-config.schema.json")
            total = 0.0
            for start in range(0, len(paths), 2000):
                batch = [str(p) for p in paths[start : start + 2000]]
                seconds, _ = timed([checker, "--schemafile", schema, *batch])
                total += seconds
            results["check-jsonschema --schemafile (our schema)"] = total
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)

    base = results["floor: libyaml CSafeLoader, 1 process"]
    print(f"{args.configs} configs generated in {generated:.1f}s; {os.cpu_count()} cores, --jobs {args.jobs}")
    print(f"lint exit code on the generated tree: {lint_code}")
    width = max(len(name) for name in results)
    for name, seconds in results.items():
        print(f"  {name.ljust(width)}  {seconds:8.2f}s  {seconds / base:6.2f}x floor")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "configs": args.configs,
                "cores": os.cpu_count(),
                "jobs": args.jobs,
                "seconds": results,
                "ratio_to_floor": {name: seconds / base for name, seconds in results.items()},
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
