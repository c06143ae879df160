"""Benchmark ``kg describe`` on a build: run by hand, prints a table.

    kg build data/records -o /tmp/corpus-build
    python benchmarks/bench_describe.py --build-dir /tmp/corpus-build

For each entity: resolving the name and describing it in-process on the open build (p50 and
p95 of ``--runs`` runs after one warm-up; target < 0.3 s on the corpus build), the same on the
embedded Cypher database, and one whole ``kg describe`` process (wall time, with Python start,
imports and the manifest check of ``open_build``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kg.build import open_build
from kg.describe import describe

THINGS = ("Kota Pontianak", "Kota Blitar", "Irawati", "Jawa Timur", "Kabupaten Buleleng", "Pemerintah Kota Pontianak")


def _times(run: object, runs: int) -> tuple[float, float]:
    assert callable(run)
    run()  # warm-up: the ontology labels are read once per process
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    build = open_build(args.build_dir)
    print(f"open_build: {time.perf_counter() - started:.3f} s ({len(build)} quads)")
    print(f"{'thing':30} {'facts':>5} {'sparql p50':>10} {'p95':>7} {'cypher p50':>10} {'p95':>7} {'process':>8}")
    for thing in THINGS:
        facts = len(describe(build, thing).facts)
        s50, s95 = _times(lambda: describe(build, thing), args.runs)  # noqa: B023
        c50, c95 = _times(lambda: describe(build, thing, engine="cypher"), max(3, args.runs // 4))  # noqa: B023
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "describe", thing, "--format", "json", "--build-dir",
                        str(args.build_dir)], check=True, capture_output=True)
        wall = time.perf_counter() - started
        print(f"{thing:30} {facts:5d} {s50:10.3f} {s95:7.3f} {c50:10.3f} {c95:7.3f} {wall:8.2f}")


if __name__ == "__main__":
    main()
