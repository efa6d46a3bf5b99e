"""Whole-tree benchmark: every command and format on a generated tree of N configs, against the libyaml floor.

Usage: python bench/bench.py [--configs 15000 | --large] [--jobs N] [--only NAME...] [--extra] [--keep DIR]
                             [--json FILE] [--step-registry DIR] [--rounds N]

The tree replicates the configs of ../shared/corpus (or testdata/ without it) under new org/repo names with distinct
promotion namespaces, so that it holds no cross-config conflicts by construction, and is committed to a git repository
so that ``diff`` has a base (10 files are then changed in the working tree). Every measurement is the wall time of one
run on the same tree; ratios are to the floor: reading and parsing every file with yaml.CSafeLoader in one process,
nothing else, the fastest run of the floor measured both before and after the rows (the machine's speed drifts while
they run). Each row is also compared with the floor measured beside it: the mean of one floor run right before the row
and one right after it, so that a slow or fast spell touches the row and its floor alike; ``--rounds N`` measures every
row N times and reports the medians (one run of the floor varies by up to 80% on a shared machine). Every command runs
as an installed tool does, with the package byte-compiled (see ``installed_environment``). Each command runs cold (an
empty cache) and then warm (the cache the cold run filled). The max RSS of each run is the largest of the command and
its worker processes (``wait4``'s rusage). ``--large`` runs the same table on 50,000 configs. ``--step-registry DIR``
adds lint and graph with that step registry (for instance ../shared/step-registry-sample), which resolve every
multi-stage test of the tree against it.

The single-config rows (``--only single``) time ``show`` and ``lint --no-cache`` of the tree's smallest config that lint
finds no error in against ``python -c "import yaml, click"``, as a user who installed the tool runs them: with
bytecode (see ``singles``), the median of 21 interleaved runs each. When the smallest config has errors, its lint is
timed too (explaining a schema error of an uncommon keyword imports jsonschema).
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LARGE = 50_000
CHANGED_FILES = 10


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


def commit_and_change(tree: Path, paths: list[Path], count: int) -> None:
    """Commit the tree to a new git repository, then change ``count`` files in the working tree (for ``diff``)."""
    environment = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
    environment |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench tree"]):
        subprocess.run(["git", *command], cwd=tree, env=environment, check=True)
    step = max(1, len(paths) // count)
    for path in paths[::step][:count]:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("build_root:\n  image_stream_tag:\n    namespace: bench\n    name: changed\n    tag: root\n")


# Runs of the floor; the fastest is the floor (this machine's speed varies by a fifth from one run to the next, and
# the fastest run is the one least disturbed: the ratios are then the least flattering).
FLOOR_RUNS = 3


def floor(paths: list[Path], runs: int = FLOOR_RUNS) -> float:
    """Read and parse every file with libyaml in this process, the fastest of ``runs``: the cost any YAML tool pays."""
    fastest = math.inf
    for _ in range(runs):
        started = time.perf_counter()
        for path in paths:
            with path.open("rb") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def timed(command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall time, exit code and max RSS in bytes (of the command or its largest worker) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, process.returncode, usage.ru_maxrss * 1024


# Runs of each single-config command; the median is reported (start-up time is noisy on a shared machine).
SINGLE_RUNS = 21


def installed_environment() -> dict[str, str]:
    """The environment as an installed tool runs in: the package byte-compiled, PYTHONDONTWRITEBYTECODE removed.

    ``pip install .`` byte-compiles the package; an editable install run with PYTHONDONTWRITEBYTECODE set (as some
    machines set it) would compile every module it imports on every run, which no user pays.
    """
    import promoter  # noqa: PLC0415 - the package as installed beside this interpreter

    compileall.compile_dir(os.path.dirname(promoter.__file__), quiet=1)
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def singles(commands: dict[str, list[str]], runs: int = SINGLE_RUNS) -> dict[str, float]:
    """The median wall time of each short command, as a user who installed the tool runs it.

    ``pip install .`` byte-compiles the package, and an editable install writes its bytecode on the first run; so
    each command runs once first, unmeasured, with PYTHONDONTWRITEBYTECODE removed from the environment (where it is
    set, nothing would be byte-compiled and every run would compile every module it imports: not what a user has).
    The commands then run in turn, ``runs`` rounds, so that a change in the machine's load touches all of them alike.
    """
    environment = installed_environment()
    for command in commands.values():
        timed(command, env=environment)
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            seconds[name].append(timed(command, env=environment)[0])
    return {name: sorted(values)[len(values) // 2] for name, values in seconds.items()}


def single_config(tool: str, paths: list[Path]) -> dict[str, Any]:
    """The single-config rows: show and lint of the smallest config lint finds no error in, and lint of the smallest.

    A config with a schema error is explained by jsonschema, whose import alone costs about as much as the baseline;
    when the smallest config has one, its lint is a row of its own, so that both costs are seen.
    """
    by_size = sorted(paths, key=lambda path: path.stat().st_size)
    lint = [tool, "lint", "--no-cache"]
    environment = {**os.environ, "NO_COLOR": "1"}
    clean = next((p for p in by_size if timed([*lint, str(p)], env=environment)[1] == 0), by_size[0])
    commands = {
        "python -c 'import yaml, click'": [sys.executable, "-c", "import yaml, click"],
        "show": [tool, str(clean)],
        "lint": [*lint, str(clean)],
    }
    if clean != by_size[0]:
        commands["lint, a config with errors"] = [*lint, str(by_size[0])]
    medians = singles(commands)
    baseline = medians.pop("python -c 'import yaml, click'")
    facts: dict[str, Any] = {"single: python -c 'import yaml, click'": baseline}
    for name, seconds in medians.items():
        facts[f"single: {name}"] = seconds
        facts[f"single: {name} / import yaml, click"] = seconds / baseline
    facts["single: config"] = f"{clean} ({clean.stat().st_size} bytes)"
    return facts


def _first_promoted_tag(tool: str, path: Path) -> str:
    output = subprocess.run([tool, str(path), "--format", "urls"], capture_output=True, text=True, check=False)
    return output.stdout.split("\n", 1)[0] or "ocp/4.17:cli"


def _supports_cache(tool: str, command: str) -> bool:
    text = subprocess.run([tool, command, "--help"], capture_output=True, text=True, check=False).stdout
    return "--cache-dir" in text


def commands(tool: str, tree: Path, ref: str, registry: Path | None = None) -> dict[str, list[str]]:
    """Every command and format measured, by name."""
    found: dict[str, list[str]] = {"lint": [tool, "lint", str(tree)]}
    for output in ("text", "json", "urls"):
        found[f"show --format {output}"] = [tool, "show", str(tree), "--format", output]
    for output in ("tree", "json", "dot", "mermaid", "graphml"):
        found[f"graph --format {output}"] = [tool, "graph", str(tree), "--format", output]
    for output in ("markdown", "json", "html"):
        found[f"docs --format {output}"] = [tool, "docs", str(tree), "--format", output]
    found["explain"] = [tool, "explain", ref, str(tree)]
    found[f"diff ({CHANGED_FILES} changed files)"] = [tool, "diff", "."]
    if registry is not None:
        found["lint --step-registry"] = [tool, "lint", str(tree), "--step-registry", str(registry)]
        found["graph --step-registry"] = [tool, "graph", str(tree), "--step-registry", str(registry)]
    return found


def extra(tool: str, tree: Path, paths: list[Path], environment: dict[str, str]) -> Iterator[tuple[str, float, int]]:
    """Lint with one process and no cache, and check-jsonschema with our schema, for comparison.

    Yields the name, wall seconds and max RSS of each as soon as it is measured.
    """
    single = [tool, "lint", str(tree), "--jobs", "1", "--no-cache"]
    seconds, _, rss = timed(single, env=environment)
    yield "lint --no-cache --jobs 1", seconds, rss
    checker = shutil.which("check-jsonschema") or shutil.which("check-jsonschema", path=str(Path(tool).parent))
    if checker:
        schema = str(ROOT / "schemas" / "ci-operator-config.schema.json")
        total = 0.0
        for start in range(0, len(paths), 2000):
            total += timed([checker, "--schemafile", schema, *[str(p) for p in paths[start : start + 2000]]])[0]
        yield "check-jsonschema --schemafile (our schema)", total, 0


class Row(NamedTuple):
    """One command's measurements.

    Wall seconds cold and warm (NaN: no warm run), max RSS in bytes, the floor beside it (the mean of the two floor
    runs made right before and right after it, in seconds), and the ratios of the cold and warm seconds to that floor.
    Over several rounds, each figure is the median of the rounds' (the max RSS their largest).
    """

    name: str
    cold: float
    warm: float
    max_rss: int
    floor_beside: float
    cold_beside: float
    warm_beside: float


def _row(name: str, cold: float, warm: float, max_rss: int, floor_beside: float) -> Row:
    return Row(name, cold, warm, max_rss, floor_beside, cold / floor_beside, warm / floor_beside)


def _median(values: list[float]) -> float:
    """The median, NaN when every value is NaN (a row with no warm run)."""
    known = sorted(value for value in values if not math.isnan(value))
    if not known:
        return float("nan")
    middle = len(known) // 2
    return known[middle] if len(known) % 2 else (known[middle - 1] + known[middle]) / 2


def combined(rounds: list[list[Row]]) -> list[Row]:
    """One row per command over all rounds, in the order of the first round: medians, and the largest max RSS."""
    by_name: dict[str, list[Row]] = {}
    for round_rows in rounds:
        for row in round_rows:
            by_name.setdefault(row.name, []).append(row)
    return [
        Row(
            name,
            _median([row.cold for row in rows]),
            _median([row.warm for row in rows]),
            max(row.max_rss for row in rows),
            _median([row.floor_beside for row in rows]),
            _median([row.cold_beside for row in rows]),
            _median([row.warm_beside for row in rows]),
        )
        for name, rows in by_name.items()
    ]


class Round(NamedTuple):
    """What one round of measurements runs on."""

    args: argparse.Namespace
    number: int
    tool: str
    tree: Path
    ref: str
    paths: list[Path]
    workdir: Path
    environment: dict[str, str]


def measure_round(context: Round, beside: float, facts: dict[str, Any]) -> tuple[list[Row], float]:
    """Run every row once, a floor run after each; ``beside`` is the floor run just before the first row.

    Returns the rows and the last floor run (the one before the next row). Exit codes go into ``facts``.
    """
    args, number, tool, tree, ref, paths, workdir, environment = context
    rows: list[Row] = []
    for name, command in commands(tool, tree, ref, args.step_registry).items():
        if args.only and not any(part in name for part in args.only):
            continue
        cache = workdir / f"cache-{number}-{len(rows)}"
        full = [*command, "--jobs", str(args.jobs)]
        if _supports_cache(tool, command[1]):
            full += ["--cache-dir", str(cache)]
        cwd = tree if command[1] == "diff" else None
        cold, code, rss = timed(full, cwd=cwd, env=environment)
        warm, _, warm_rss = timed(full, cwd=cwd, env=environment)
        after = floor(paths, runs=1)
        rows.append(_row(name, cold, warm, max(rss, warm_rss), (beside + after) / 2))
        beside = after
        facts[f"exit {name}"] = code
    if not args.only or any("diff" in part for part in args.only):
        # diff after a lint of the same tree: the outcomes lint stored are the ones diff needs.
        cache = workdir / f"cache-shared-{number}"
        # Run from the top of the repository, so that lint names the files as diff does (the path is in the key).
        lint = [tool, "lint", ".", "--jobs", str(args.jobs), "--cache-dir", str(cache)]
        timed(lint, cwd=tree, env=environment)
        shared = [tool, "diff", ".", "--jobs", str(args.jobs), "--cache-dir", str(cache)]
        seconds, _, rss = timed(shared, cwd=tree, env=environment)
        after = floor(paths, runs=1)
        rows.append(_row("diff after lint (lint's cache)", seconds, float("nan"), rss, (beside + after) / 2))
        beside = after
    return rows, beside


def measure(args: argparse.Namespace, workdir: Path) -> tuple[dict[str, Any], list[Row]]:
    """Generate the tree and run every measurement ``args.rounds`` times: the facts, and a row per command."""
    tool = str(Path(sys.executable).parent / "promoted-images")
    tree = args.keep or workdir / "tree"
    started = time.perf_counter()
    if args.keep is not None and (tree / ".git").is_dir():
        # A tree this script generated and kept before: measured again as it is.
        paths = sorted(tree.glob("*/*/*.yaml"))
        args.configs = len(paths)
    else:
        paths = generate(tree, args.configs)
        commit_and_change(tree, paths, CHANGED_FILES)
    facts: dict[str, Any] = {"generated_seconds": time.perf_counter() - started, "configs": args.configs}
    environment = {**installed_environment(), "XDG_CACHE_HOME": str(workdir / "xdg")}
    facts["floor_before"] = floor(paths)
    facts["load_before"] = os.getloadavg()
    rounds: list[list[Row]] = []
    # One floor run between each two rows: each row is also compared with the floor measured right beside it.
    beside = floor(paths, runs=1)
    ref = _first_promoted_tag(tool, paths[0])
    for number in range(args.rounds):
        rows, beside = measure_round(Round(args, number, tool, tree, ref, paths, workdir, environment), beside, facts)
        rounds.append(rows)
    if not args.large and (not args.only or "single" in args.only):
        facts.update(single_config(tool, paths))
    if args.extra:
        for name, seconds, rss in extra(tool, tree, paths, environment):
            after = floor(paths, runs=1)
            rounds[0].append(_row(name, seconds, float("nan"), rss, (beside + after) / 2))
            beside = after
    facts["load_after"] = os.getloadavg()
    # The machine's speed drifts while the rows run: the floor is measured again after them, and the faster of the
    # two is the floor, so that a slow spell at the start cannot flatter every ratio.
    facts["floor_after"] = floor(paths)
    facts["floor"] = min(facts["floor_before"], facts["floor_after"])
    facts["rounds"] = args.rounds
    return facts, combined(rounds)


def report(facts: dict[str, Any], rows: list[Row], jobs: int) -> str:
    """The table of ratios to the floor, with the facts around it."""
    base = facts["floor"]
    lines = [
        f"{facts['configs']} configs (generated in {facts['generated_seconds']:.0f}s); {os.cpu_count()} cores,"
        f" --jobs {jobs}; load average {facts['load_before'][0]:.2f} before, {facts['load_after'][0]:.2f} after",
        f"floor (libyaml CSafeLoader, 1 process, fastest of {FLOOR_RUNS} before the rows and {FLOOR_RUNS} after):"
        f" {base:.2f}s (before {facts['floor_before']:.2f}s, after {facts['floor_after']:.2f}s)",
        "floor beside: the mean of one floor run right before the row and one right after it"
        + (f"; each figure the median of {facts['rounds']} rounds" if facts["rounds"] > 1 else ""),
        "",
        "| command | cold | warm | cold s | warm s | max RSS | floor beside | cold / floor beside"
        " | warm / floor beside |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        # NaN: the row has no warm run.
        warm_ratio = "" if math.isnan(row.warm) else f"{row.warm / base:.3f}x"
        warm_seconds = "" if math.isnan(row.warm) else f"{row.warm:.2f}"
        warm_beside = "" if math.isnan(row.warm) else f"{row.warm_beside:.3f}x"
        lines.append(
            f"| {row.name} | {row.cold / base:.3f}x | {warm_ratio} | {row.cold:.2f} | {warm_seconds}"
            f" | {row.max_rss / 2**20:.0f} MB | {row.floor_beside:.2f} | {row.cold_beside:.3f}x | {warm_beside} |"
        )
    one_config = {key: value for key, value in facts.items() if key.startswith("single:")}
    if one_config:
        lines.append("")
        lines.extend(
            f"{key}: {value}"
            if isinstance(value, str)
            else f"{key}: {value:.2f}x"
            if key.endswith("click") and "/" in key
            else f"{key}: {value * 1000:.0f} ms"
            for key, value in one_config.items()
        )
    failed = {key: value for key, value in facts.items() if key.startswith("exit ") and value not in (0, 1)}
    lines.extend(f"{key}: {value} (usage or environment error: row void)" for key, value in failed.items())
    return "\n".join(lines) + "\n"


def main() -> int:
    """Generate the tree, run every measurement once, print a table and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", type=int, default=15000)
    parser.add_argument("--large", action="store_true", help=f"measure {LARGE:,} configs (memory and linearity)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--only", nargs="*", default=[], help="measure only the rows whose name holds one of these")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure the rows this many times and report the medians (default 1)"
    )
    parser.add_argument("--extra", action="store_true", help="also lint with one process, and check-jsonschema")
    parser.add_argument("--keep", type=Path, help="generate the tree here and keep it (or measure the one kept there)")
    parser.add_argument("--json", type=Path, default=Path(tempfile.gettempdir()) / "promoter-bench.json")
    parser.add_argument("--step-registry", type=Path, help="also lint and graph with this step registry")
    args = parser.parse_args()
    if args.step_registry is not None:
        args.step_registry = args.step_registry.resolve()
    if args.large:
        args.configs = LARGE
    workdir = Path(tempfile.mkdtemp(prefix="promoter-bench-"))
    try:
        facts, rows = measure(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(report(facts, rows, args.jobs), end="")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "facts": facts,
                "rows": [
                    {
                        "name": row.name,
                        "cold": row.cold,
                        "warm": None if math.isnan(row.warm) else row.warm,
                        "max_rss": row.max_rss,
                        "floor_beside": row.floor_beside,
                        "cold_beside": row.cold_beside,
                        "warm_beside": None if math.isnan(row.warm_beside) else row.warm_beside,
                    }
                    for row in rows
                ],
            },
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
