"""Benchmark every SPARQL catalog question on generated builds, against a naive rdflib reference.

For each size (``kg generate -n N --seed 1``, built once with ``kg build --no-shacl`` and cached
under ``--cache``), prints the p95 and median of ``--runs`` in-process runs of every SPARQL
catalog question on the persistent build (``kg.build.open_build`` + ``kg.ask``), then the same
questions on the naive reference: an rdflib ``Dataset`` (union default graph) parsed from the
build's N-Quads, queried with ``initBindings``. Then whole-process wall times of ``kg ask``
and ``kg --help``.

Targets (issue 8): p95 ≤ 50 ms per question at 10,000 records and ≤ 200 ms at 100,000;
``kg ask`` ≤ 1.5 s at 100,000; ``kg --help`` ≤ 150 ms.

Usage (from the repository root)::

    python3 benchmarks/bench_questions.py --cache /tmp/jj-bench --sizes 10000 100000

The rdflib reference is slow (minutes per question at 10,000 records): ``--reference-runs``
runs it fewer times, and ``--reference-max`` skips it above that many records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.build import Build, open_build  # noqa: E402
from kg.errors import BuildError  # noqa: E402
from kg.questions import ask, catalog, coerce_parameters  # noqa: E402

TOP_HOST = """PREFIX jj: <https://w3id.org/jejaring/ontology#>
SELECT ?code (COUNT(*) AS ?n) WHERE { ?e jj:hostRegion ?r . ?r jj:kemendagriCode ?code }
GROUP BY ?code ORDER BY DESC(?n) ?code LIMIT 1"""
TOP_PERSON = """PREFIX jj: <https://w3id.org/jejaring/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?name (COUNT(DISTINCT ?s) AS ?n) WHERE { ?p a jj:Person ; jj:name ?name ; prov:wasDerivedFrom ?s }
GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1"""


def kg_command() -> list[str]:
    return [sys.executable, "-m", "kg"]


def ensure_build(cache: Path, size: int) -> Build:
    records, build_dir = cache / f"records-{size}", cache / f"build-{size}"
    if not records.is_dir():
        print(f"generating {size} records into {records} …", file=sys.stderr)
        subprocess.run([*kg_command(), "generate", "-o", str(records), "-n", str(size), "--seed", "1"],
                       check=True, cwd=REPO)
    try:
        return open_build(build_dir)
    except BuildError:
        print(f"building {build_dir} …", file=sys.stderr)
        started = time.perf_counter()
        subprocess.run([*kg_command(), "build", str(records), "--no-shacl", "-o", str(build_dir)], check=True,
                       cwd=REPO, stdout=subprocess.DEVNULL)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return open_build(build_dir)


def cases(build: Build) -> list[tuple[str, dict[str, Any]]]:
    """One case per SPARQL question (the broadest form), plus the filtered form of timeline."""
    region = next(iter(build.select(TOP_HOST)))["code"].value  # type: ignore[union-attr]
    person = next(iter(build.select(TOP_PERSON)))["name"].value  # type: ignore[union-attr]
    given: dict[str, dict[str, Any]] = {
        "agreements-expiring": {"before": dt.date(2027, 1, 1)},
        "agreements-of": {"region": region},
        "delegations-visiting": {"region": region},
        "officials-of": {"region": region},
        "partners-of": {"region": region},
        "sector-ties": {"sector": "kerajinan"},
        "sources-of": {"entity": person},
        "visits-by": {"region": region},
    }
    found = [(name, given.get(name, {})) for name, q in sorted(catalog().items()) if q.engine == "sparql"]
    found.append(("timeline", {"region": region, "from": dt.date(2025, 1, 1), "to": dt.date(2025, 12, 31)}))
    return found


def timings(function: Callable[[], int], runs: int) -> tuple[list[float], int]:
    function()  # warm-up, not counted
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = function()
        times.append(time.perf_counter() - started)
    return times, rows


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def label(name: str, params: dict[str, Any]) -> str:
    shown = ",".join(f"{k}={v}" for k, v in params.items())
    return f"{name}({shown})" if shown else name


def reference_graph(build: Build) -> Any:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(data=build.serialize("nq"), format="nquads")
    return dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, required=True, help="Folder for generated records and builds.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reference-runs", type=int, default=3)
    parser.add_argument("--reference-max", type=int, default=10_000,
                        help="Skip the rdflib reference above this many records.")
    parser.add_argument("--process-runs", type=int, default=5)
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}: {platform.platform()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    largest: Build | None = None
    for size in args.sizes:
        build = ensure_build(args.cache, size)
        largest = build
        counts = build.manifest["counts"]
        print(f"\n## {size} records: {counts['quads']} quads in {counts['named_graphs']} named graphs")
        limit = 0.050 if size <= 10_000 else 0.200
        reference = None
        if size <= args.reference_max:
            started = time.perf_counter()
            reference = reference_graph(build)
            print(f"rdflib reference: N-Quads parsed in {time.perf_counter() - started:.1f} s")
        print(f"\n| question | rows | Oxigraph p95 ms | median ms | target ms | "
              f"rdflib p95 ms ({args.reference_runs} runs) |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, params in cases(build):
            times, rows = timings(lambda: len(ask(build, name, **params).rows), args.runs)
            ref = "skipped"
            if reference is not None:
                question = catalog()[name]
                bound = coerce_parameters(question, params)

                def naive() -> int:
                    return len(list(reference.query(question.sparql, initBindings=bound)))

                ref_times, ref_rows = timings(naive, args.reference_runs)
                ref = f"{p95(ref_times) * 1000:.0f}" + ("" if ref_rows == rows else f" ({ref_rows} rows!)")
            flag = "" if p95(times) <= limit else " ✗"
            print(f"| {label(name, params)} | {rows} | {p95(times) * 1000:.1f}{flag} | "
                  f"{statistics.median(times) * 1000:.1f} | {limit * 1000:.0f} | {ref} |", flush=True)
    if largest is not None:
        region = next(iter(largest.select(TOP_HOST)))["code"].value  # type: ignore[union-attr]
        command = [*kg_command(), "ask", "agreements-of", "--param", f"region={region}", "--build-dir", str(largest.dir),
                   "--format", "csv"]
        walls = []
        for _ in range(args.process_runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - started)
        print(f"\nwhole-process `kg ask agreements-of` on {largest.manifest['counts']['quads']} quads: "
              f"median {statistics.median(walls):.2f} s, max {max(walls):.2f} s (target 1.5 s)")
    walls = []
    for _ in range(10):
        started = time.perf_counter()
        subprocess.run([*kg_command(), "--help"], check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
    print(f"`kg --help`: median {statistics.median(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms "
          "(target 150 ms)")


if __name__ == "__main__":
    main()
