"""Figures of hostile use (issue 14), measured on generated inputs in a temporary directory; not part of CI.

Usage: python bench/hostile.py [--fuzz-seconds 60] [--seed N] [--skip-log]

1. IM-11 on a config whose 6,000 images form a chain (and one that closes it into a cycle): lint's time and memory.
2. XC-1 with 5,000 configs that promote one tag: lint's output size, time and memory.
3. testrun-image on a 1 GB build log: time and memory.
4. A fuzz run of the Markdown and text renderers with hostile strings: the diff comment parsed with markdown-it's
   GFM-like preset (only our own HTML, balanced <details>, no heading, no live mention), and the text of diff,
   docs cells and findings (no control character a terminal acts on).

Times and the maximum resident set size come from GNU time (/usr/bin/time -v), which must be installed. Every input
is written below a fresh directory in /tmp and removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_hostile_use import ACTIVE, OUR_COLOURS, check_comment, hostile_report  # noqa: E402

from promoter.findings import Finding, Severity  # noqa: E402
from promoter.render.diff import render_markdown, render_text  # noqa: E402
from promoter.render.docs import code_span, escape_markdown  # noqa: E402
from promoter.render.findings import render_findings  # noqa: E402

PROGRAM = str(Path(sys.executable).with_name("promoted-images"))
PROMOTER = (ROOT / "testdata" / "lint" / "XC-1" / "pass" / "acme" / "app" / "acme-app-main.yaml").read_text()
HEAD = (
    "build_root:\n  image_stream_tag:\n    namespace: openshift\n    name: release\n    tag: golang-1.22\n"
    "resources:\n  '*':\n    requests:\n      cpu: 100m\nimages:\n  items:\n"
)
# Characters that mean something to Markdown, HTML, GitHub or a terminal, and some that mean nothing.
ALPHABET = "`@<>/\\|*_#[]()!&;:=\"'~-+. \n\r\t\x1b\x07\x9b\u202e\u2028\u200daZ09ü"


def measured(command: list[str], *, stdout_file: Path | None = None) -> tuple[float, int, int]:
    """Run ``command`` under GNU time: wall seconds, maximum RSS in KiB, bytes written to standard output."""
    out = stdout_file or Path(os.devnull)
    with out.open("wb") as sink:
        completed = subprocess.run(["/usr/bin/time", "-v", *command], stdout=sink, stderr=subprocess.PIPE, check=False)
    report = completed.stderr.decode("utf-8", "replace")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", report)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    assert wall is not None, report
    assert rss is not None, report
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    size = out.stat().st_size if stdout_file is not None else 0
    return seconds, int(rss.group(1)), size


def chain_config(count: int, *, closed: bool) -> str:
    """A config whose images are built each from the next one, the last from the first when ``closed``."""
    items = []
    for number in range(count):
        following = (number + 1) % count if closed or number + 1 < count else None
        items.append(f"  - to: img{number}\n" + (f"    from: img{following}\n" if following is not None else ""))
    return HEAD + "".join(items)


def figures(work: Path, *, skip_log: bool) -> None:
    """Generate the large inputs below ``work`` and print what each command costs on them."""
    for closed in (False, True):
        config = work / f"chain-{'cycle' if closed else 'open'}.yaml"
        config.write_text(chain_config(6_000, closed=closed))
        seconds, rss, _ = measured([PROGRAM, "lint", "--no-cache", str(config)])
        print(f"IM-11, 6,000-image {'cycle' if closed else 'chain'}: {seconds:.2f} s, max RSS {rss / 1024:.0f} MiB")

    tree = work / "promoters"
    for number in range(5_000):
        directory = tree / "acme" / f"app{number}"
        directory.mkdir(parents=True)
        text = PROMOTER.replace("repo: app", f"repo: app{number}").replace("tag: latest", "tag: shared")
        (directory / f"acme-app{number}-main.yaml").write_text(text)
    output = work / "xc1.txt"
    seconds, rss, size = measured([PROGRAM, "lint", "--no-cache", "--jobs", "2", str(tree)], stdout_file=output)
    lines = sum(1 for _ in output.open("rb"))
    print(
        f"XC-1, 5,000 promoters of one tag: {size / 1e6:.2f} MB of output in {lines} lines, {seconds:.2f} s,"
        f" max RSS {rss / 1024:.0f} MiB"
    )

    if skip_log:
        return
    log = work / "build.log"
    head = "INFO[0000] Using namespace https://console.build02.ci.openshift.org/k8s/cluster/projects/ci-op-2c2tvgti\n"
    noise = "INFO[0001] " + "step output, pull spec registry.build01.ci.openshift.org/ci-op-bbbbbbbb/x " * 12 + "\n"
    block = (noise * 1000).encode()
    with log.open("wb") as handle:
        handle.write(head.encode())
        while handle.tell() < 1 << 30:
            handle.write(block)
    seconds, rss, _ = measured([PROGRAM, "testrun-image", str(log), "--format", "urls"])
    print(f"testrun-image, {log.stat().st_size / 2**30:.2f} GiB log: {seconds:.2f} s, max RSS {rss / 1024:.0f} MiB")


def hostile_string(rng: random.Random) -> str:
    """Up to 40 characters, mostly of the hostile alphabet, some anywhere in the first planes of Unicode."""
    size = rng.randint(1, 40)
    return "".join(rng.choice(ALPHABET) if rng.random() < 0.9 else chr(rng.randint(0x20, 0x2FFF)) for _ in range(size))


def fuzz(seconds: float, seed: int) -> int:
    """Render hostile strings until ``seconds`` have passed; print the count, return the number of failures."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fuzzing, not cryptography
    tried = failures = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = hostile_string(rng)
        tried += 1
        try:
            report = hostile_report(value)
            check_comment(render_markdown(report))
            for color in (False, True):
                assert not ACTIVE.search(OUR_COLOURS.sub("", render_text(report, color=color)))
            finding = Finding(
                file=value, line=1, column=1, json_path="", rule="XC-1", severity=Severity.ERROR, message=value
            )
            assert not ACTIVE.search(OUR_COLOURS.sub("", render_findings([finding], color=True)))
            cell = f"| a | b |\n| --- | --- |\n| {code_span(value)} | {escape_markdown(value)} |\n"
            check_comment(cell, mentions=False)  # a docs page is a file in a repository, not a comment
            assert not ACTIVE.search(cell)
        except AssertionError as error:
            failures += 1
            print(f"failure for {value!r}: {error}")
    print(
        f"fuzz: {tried} hostile strings through the diff Markdown and text, docs cells and findings in"
        f" {seconds:.0f} s (seed {seed}): {failures} failures"
    )
    return failures


def main() -> int:
    """Measure the figures, then fuzz; exit 1 when the fuzzer found a failure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fuzz-seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-log", action="store_true", help="Do not write and read the 1 GB build log.")
    parser.add_argument("--skip-figures", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="promoter-hostile-", dir="/tmp"))
    try:
        if not args.skip_figures:
            figures(work, skip_log=args.skip_log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if fuzz(args.fuzz_seconds, args.seed) else 0


if __name__ == "__main__":
    sys.exit(main())
