"""Time building the image graph: over the shared corpus, and over a generated tree of many configs.

Usage: ``.venv/bin/python bench/graph_time.py [--configs 15000] [--corpus ../shared/corpus]``

Loading (reading, YAML, decoding, promotion) and building the graph are timed separately, best of ``--repeat`` runs;
then what the command line does instead of building it with networkx: each config's part of the graph (made in the
worker processes there), through its JSON form, joined into an ImageGraph, and each output format rendered from it.
The generated tree copies corpus configs round-robin under new organisation names (``<org>-c<i>``, also in
``zz_generated_metadata``) into a temporary directory, so every copy is a config of its own; copies promote the
same tags as their originals, so a promoted tag has many promoters and many consumers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from promoter.files import read_configs
from promoter.graph import build_graph, config_part, graph_of_parts, part_from_json, part_json
from promoter.render import graph as render

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
_METADATA_ORG = re.compile(r"^(zz_generated_metadata:\n(?:[ \t]+.*\n)*?[ \t]+org:[ \t]*)(\S+)", re.MULTILINE)


def best_of(repeat: int, action: Callable[[], T]) -> tuple[float, T]:
    """The shortest wall time of ``repeat`` runs of ``action``, and its last result."""
    best = float("inf")
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def measure(label: str, paths: list[str], repeat: int) -> None:
    """Print the load and graph build times of the configs under ``paths``."""
    load_time, results = best_of(repeat, lambda: read_configs(paths))
    build_time, graph = best_of(repeat, lambda: build_graph(results))
    configs = sum(1 for result in results if result.config is not None)
    print(
        f"{label}: {configs} configs, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges;"
        f" load {load_time:.2f}s, build graph {build_time:.3f}s, total {load_time + build_time:.2f}s"
    )
    part_time, texts = best_of(repeat, lambda: [json.dumps(part_json(config_part(r))) for r in results])
    join_time, joined = best_of(repeat, lambda: graph_of_parts([part_from_json(json.loads(t)) for t in texts]))
    renderers = {"tree": render.iter_tree, "json": render.iter_json, "dot": render.iter_dot}
    renderers.update(mermaid=render.iter_mermaid, graphml=render.iter_graphml)
    rendered = {name: best_of(repeat, lambda r=r: sum(map(len, r(joined))))[0] for name, r in renderers.items()}
    print(
        f"  parts {part_time:.3f}s (in the workers), decode and join {join_time:.3f}s; render "
        + ", ".join(f"{name} {seconds:.3f}s" for name, seconds in rendered.items())
    )


def generate_tree(corpus: Path, target: Path, count: int) -> None:
    """Write ``count`` configs below ``target``: corpus configs round-robin, each under a new organisation."""
    sources = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
    sources = [p for p in sources if "zz_generated_metadata" in p.read_text(encoding="utf-8")]
    for index in range(count):
        source = sources[index % len(sources)]
        text = source.read_text(encoding="utf-8")
        org = source.parent.parent.name
        # One organisation per copy: corpus files of the same path (ci-tools test data) must not overwrite each other.
        new_org = f"{org}-c{index}"
        text = _METADATA_ORG.sub(rf"\g<1>{new_org}", text, count=1)
        directory = target / new_org / source.parent.name
        directory.mkdir(parents=True, exist_ok=True)
        name = source.name.replace(f"{org}-", f"{new_org}-", 1)
        (directory / name).write_text(text, encoding="utf-8")


def main() -> None:
    """Measure the corpus, then the generated tree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--configs", type=int, default=15000, help="size of the generated tree; 0 skips it")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    corpus = Path(arguments.corpus)
    if not corpus.is_dir():
        raise SystemExit(f"no corpus at {corpus}")
    print(f"cpu count {os.cpu_count()}; loading is serial")
    measure(f"corpus {corpus}", [str(corpus)], arguments.repeat)
    if arguments.configs:
        with tempfile.TemporaryDirectory(prefix="graph-bench-") as directory:
            generate_tree(corpus, Path(directory), arguments.configs)
            measure("generated tree", [directory], max(1, arguments.repeat - 2))


if __name__ == "__main__":
    main()
