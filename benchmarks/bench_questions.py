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

While working on some questions: ``--only officials-of timeline`` times those alone (every
case of each), ``--reference-max 0`` skips the rdflib reference, ``--process-runs 0`` skips the
whole-process runs, and ``--no-build`` stops with an error instead of generating or building a
missing or stale build (a 100,000-record build takes a quarter of an hour and GBs).

A question the build answers once (``kg.answers``: parameter-free, no day-dependent default;
``sector-ties`` once per sector, ``agreements-expiring`` once for the latest date) is timed twice: as ``kg.ask`` serves it (the stored rows) and
evaluated live (``live=True``, marked "live"); on a build made before stored answers existed,
only live. A served answer's file is read once before the runs, and a second uncounted call
decides between ``--runs`` and ``--slow-runs``.

Oxigraph runs get one uncounted warm-up run (in a forked child, stopped after ``--timeout``). The rdflib reference is slow (seconds to minutes
per question at 10,000 records): it runs ``--reference-runs`` times without warm-up, and
``--reference-max`` skips it above that many records.
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
from kg.answers import stored_questions, stored_rows  # noqa: E402
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


def ensure_build(cache: Path, size: int, *, build: bool = True) -> Build:
    records, build_dir = cache / f"records-{size}", cache / f"build-{size}"
    if not build:
        return open_build(build_dir)  # a missing or stale build is a BuildError
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


def cases(build: Build) -> list[tuple[str, dict[str, Any], bool]]:
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
    parameter_free = {q.name for q in stored_questions()}
    found: list[tuple[str, dict[str, Any], bool]] = []
    for name, question in sorted(catalog().items()):
        if question.engine == "sparql":
            params = given.get(name, {})
            storable = (not params and name in parameter_free) or set(params) in (
                {question.stored_per}, {question.stored_below[0] if question.stored_below else None})
            served = storable and stored_rows(build.dir, question, coerce_parameters(question, params)) is not None
            found.append((name, params, storable and not served))  # "live": a build made before stored answers
            if served:
                found.append((name, params, True))
    found.append(("timeline", {"region": region, "from": dt.date(2025, 1, 1), "to": dt.date(2025, 12, 31)}, False))
    return found


def timings(function: Callable[[], int], runs: int, *, warm_up: bool = True) -> tuple[list[float], int]:
    if warm_up:
        function()  # not counted
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = function()
        times.append(time.perf_counter() - started)
    return times, rows


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def label(name: str, params: dict[str, Any], live: bool = False) -> str:
    shown = ",".join(f"{k}={v}" for k, v in params.items())
    return (f"{name}({shown})" if shown else name) + (" live" if live else "")


def reference_graph(build: Build) -> Any:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(data=build.serialize("nq"), format="nquads")
    return dataset


def in_forked_child(child: Callable[[Any], None], timeout: float) -> tuple[bool, Any]:
    """Run ``child(connection)`` in a forked process; (True, what it sent) or (False, None) after ``timeout`` s."""
    import multiprocessing

    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=child, args=(send,))
    process.start()
    if not receive.poll(timeout):
        process.kill()
        process.join()
        return False, None
    sent = receive.recv()
    process.join()
    return True, sent


def reference_time(dataset: Any, name: str, params: dict[str, Any], timeout: float) -> str:
    """Time one rdflib run of a question in a forked child (killed after ``timeout`` seconds)."""
    question = catalog()[name]
    bound = coerce_parameters(question, params)

    def child(connection: Any) -> None:
        started = time.perf_counter()
        try:
            rows = len(list(dataset.query(question.sparql, initBindings=bound)))
            connection.send((time.perf_counter() - started, rows))
        except Exception as exc:  # rdflib cannot evaluate some aggregates over unbound values
            connection.send((None, type(exc).__name__))

    finished, sent = in_forked_child(child, timeout)
    if not finished:
        return f"> {timeout * 1000:.0f}"
    elapsed, rows = sent
    return f"error ({rows})" if elapsed is None else f"{elapsed * 1000:.0f} ({rows} rows)"


def oxigraph_warm_up(build_dir: Path, name: str, params: dict[str, Any], timeout: float,
                     live: bool = False) -> float | None:
    """Run a question once in a forked child (its own read-only store); its time, or None after ``timeout``."""
    def child(connection: Any) -> None:
        build = open_build(build_dir)
        started = time.perf_counter()
        ask(build, name, live=live, **params)
        connection.send(time.perf_counter() - started)

    finished, elapsed = in_forked_child(child, timeout)
    return float(elapsed) if finished else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, required=True, help="Folder for generated records and builds.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--slow-runs", type=int, default=3,
                        help="Runs of a question whose warm-up took more than a second.")
    parser.add_argument("--reference-max", type=int, default=10_000,
                        help="Skip the rdflib reference above this many records.")
    parser.add_argument("--reference-timeout", type=float, default=60.0, help="Seconds per rdflib run.")
    parser.add_argument("--process-runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="Seconds a question's first (warm-up) run may take before it is reported as over.")
    parser.add_argument("--only", nargs="+", metavar="QUESTION",
                        help="Time only these questions (every case of each); the rest of the catalog is left out.")
    parser.add_argument("--no-live", action="store_true",
                        help="Leave out the live runs of the questions a build stores (time them as served only).")
    parser.add_argument("--no-build", action="store_true",
                        help="Use the builds in --cache as they are: a missing or stale one is an error, not rebuilt.")
    args = parser.parse_args()
    unknown = sorted(set(args.only or ()) - set(catalog()))
    if unknown:
        parser.error(f"unknown question {unknown[0]!r}; expected one of: {', '.join(sorted(catalog()))}")
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}: {platform.platform()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    largest: Build | None = None
    for size in args.sizes:
        build = ensure_build(args.cache, size, build=not args.no_build)
        largest = build
        counts = build.manifest["counts"]
        print(f"\n## {size} records: {counts['quads']} quads in {counts['named_graphs']} named graphs\n")
        limit = 0.050 if size <= 10_000 else 0.200
        print("| question | rows | runs | Oxigraph p95 ms | median ms | target ms |")
        print("|---|---:|---:|---:|---:|---:|")
        measured = [case for case in cases(build)
                    if (not args.only or case[0] in args.only) and not (args.no_live and case[2])]
        for name, params, live in measured:
            warm_up = oxigraph_warm_up(build.dir, name, params, args.timeout, live)
            if warm_up is None:
                print(f"| {label(name, params, live)} | | 0 | > {args.timeout * 1000:.0f} ✗ | | {limit * 1000:.0f} |",
                      flush=True)
                continue
            if not live:
                ask(build, name, **params)  # a stored answer is read once per process, like the store's pages
                started = time.perf_counter()
                ask(build, name, **params)  # the second call decides the runs: the first read is not a call's cost
                warm_up = time.perf_counter() - started
            runs = args.runs if warm_up < 1.0 else args.slow_runs
            times, rows = timings(lambda: len(ask(build, name, live=live, **params).rows), runs, warm_up=False)
            flag = "" if p95(times) <= limit else " ✗"
            print(f"| {label(name, params, live)} | {rows} | {runs} | {p95(times) * 1000:.1f}{flag} | "
                  f"{statistics.median(times) * 1000:.1f} | {limit * 1000:.0f} |", flush=True)
        if size <= args.reference_max:
            started = time.perf_counter()
            reference = reference_graph(build)
            print(f"\nNaive reference, same run: rdflib Dataset (union default graph) parsed from the build's "
                  f"N-Quads in {time.perf_counter() - started:.0f} s; one run per question, `initBindings`, "
                  f"stopped after {args.reference_timeout:.0f} s\n")
            print("| question | rdflib ms (rows) |")
            print("|---|---:|")
            for name, params, live in measured:
                if live:
                    continue  # the reference always evaluates the text: one row per question
                print(f"| {label(name, params)} | {reference_time(reference, name, params, args.reference_timeout)} |",
                      flush=True)
            del reference
    if args.process_runs <= 0:
        return
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
              f"median {statistics.median(walls):.2f} s, max {max(walls):.2f} s (target 1.5 s at 100,000 records)")
    walls = []
    for _ in range(10):
        started = time.perf_counter()
        subprocess.run([*kg_command(), "--help"], check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
    print(f"`kg --help`: median {statistics.median(walls) * 1000:.0f} ms, max {max(walls) * 1000:.0f} ms "
          "(target 150 ms)", flush=True)


if __name__ == "__main__":
    main()
