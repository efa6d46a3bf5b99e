"""A long fuzzing run of the loader, the validator, the rules and every renderer (not part of the test suite).

Usage: python bench/fuzz.py [--examples 20000] [--seed N]

Uses the same strategies as tests/test_hostile.py (configs generated from our schema, mutated as data and as
bytes) for many more examples, and reports how many inputs it tried, how long it took, and any failure with the
input that caused it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile import hostile_documents
from test_hostile import check_everything


def main() -> int:
    """Run the fuzzer and print a one-line report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    tried = 0

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(hostile_documents())
    def fuzz(raw: bytes) -> None:
        nonlocal tried
        tried += 1
        check_everything(raw)

    started = time.perf_counter()
    try:
        fuzz()
    except Exception as error:
        print(f"FAILED after {tried} inputs in {time.perf_counter() - started:.0f}s: {type(error).__name__}: {error}")
        return 1
    print(f"{tried} inputs in {time.perf_counter() - started:.0f}s: no exception, every output well formed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
