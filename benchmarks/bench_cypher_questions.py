"""Benchmark every Cypher catalog question on the embedded database (LadybugDB) of existing builds.

For each build folder given (made by ``kg build``; this script builds nothing), opens the
build read-only (``kg.build.open_build``) and its embedded database (``jejaring.lbug``) once,
then runs every catalog question that has a ``.cypher`` text through
``kg.cypher_questions.run_question_cypher`` on that one open database
(``kg.cypher_questions.open_question_database``), with the typed parameters ``bench_questions.py`` uses
(its ``cases``: the region hosting the most events, the person with the most sources,
``kerajinan``, 2027-01-01, and the filtered timeline). A question whose answer the build stores
for the embedded database (``answers/cypher/``, :mod:`kg.answers`: asked without parameters, or
``sector-ties`` with its sector) is timed twice: as ``run_question_cypher`` serves it, and run
live (``live=True``, marked "live"); on a build without stored Cypher answers, live only. Each
question gets one uncounted warm-up run, then the p95, median and minimum of ``--runs`` runs
(``--slow-runs`` when the warm-up took more than a second; for a served answer, whose first
call reads its file, a second uncounted call decides); a question whose warm-up exceeds ``--timeout`` is stopped by the
database's query timeout and reported as over. The header names the machine, its load
average and the build's size; the last line says how many times a database was opened (one per
build: the handle is never reopened per question).

Targets (issue 8): p95 ≤ 50 ms per question at 10,000 generated records and ≤ 500 ms at 100,000.
The time is what a caller waits for: parameter checks (a name that is not a region is looked up
in the gazetteer first), the statement guard, the query, and the rows as Python values. The
minimum shows what the question costs when the shared machine leaves the process alone.

Usage (from the repository root)::

    nice -n 5 python3 benchmarks/bench_cypher_questions.py /work/bench/build-10000 /work/bench/build-100000

The records count of a build is read from its folder name (``build-10000``) when it ends in a
number, else given with ``--records`` (the target follows from it: up to 10,000 records the
50 ms target, above it 500 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import ladybug  # noqa: E402
from bench_questions import cases, label, p95  # noqa: E402

from kg.answers import CYPHER_ANSWERS_DIR, stored_cypher_questions  # noqa: E402
from kg.build import Build, open_build  # noqa: E402
from kg.cypher_questions import open_question_database, run_question_cypher  # noqa: E402
from kg.errors import QueryError  # noqa: E402
from kg.questions import catalog  # noqa: E402

OPENED = 0


def _count_opens() -> None:
    """Count every ``ladybug.Database`` made from here on (to show the database is opened once)."""
    original = ladybug.Database.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        global OPENED
        OPENED += 1
        original(self, *args, **kwargs)

    ladybug.Database.__init__ = counting  # type: ignore[method-assign]


def records_of(build_dir: Path, given: int | None) -> int:
    if given is not None:
        return given
    match = re.search(r"(\d+)$", build_dir.name)
    if match is None:
        raise SystemExit(f"{build_dir}: give --records (the folder name does not end in the record count)")
    return int(match.group(1))


def cypher_cases(build: Build) -> list[tuple[str, dict[str, Any], bool]]:
    """The cases of bench_questions.py whose question has a Cypher text: (name, parameters, live).

    A question the build stores for the embedded database (asked without parameters, or with
    only its ``stored_per`` one) comes twice, served (live False) and live; on a build without
    stored Cypher answers, live only; every other case once.
    """
    questions = catalog()
    parameter_free = {q.name for q in stored_cypher_questions()}
    found: list[tuple[str, dict[str, Any], bool]] = []
    for name, params, *_ in cases(build):
        question = questions[name]
        if not question.cypher:
            continue
        if not params and name in parameter_free:
            stored = (build.dir / CYPHER_ANSWERS_DIR / f"{name}.json").is_file()
        elif question.stored_per is not None and set(params) == {question.stored_per}:
            stored = (build.dir / CYPHER_ANSWERS_DIR / name).is_dir()  # one answer per value
        else:
            if (name, params, False) not in found:  # bench_questions may list it twice (SPARQL served and live)
                found.append((name, params, False))  # the text runs: the flag changes nothing
            continue
        for live in [False, True] if stored else [True]:
            if (name, params, live) not in found:
                found.append((name, params, live))
    return found


def bench_build(build_dir: Path, records: int, args: argparse.Namespace) -> None:
    build = open_build(build_dir)
    counts = build.manifest["counts"]
    db_path = build.embedded_path
    size_mb = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*")) / 1e6
    measured = [case for case in cypher_cases(build) if not args.only or case[0] in args.only]
    limit = 0.050 if records <= 10_000 else 0.500
    started = time.perf_counter()
    database = open_question_database(build_dir, timeout=args.timeout)
    opened_in = time.perf_counter() - started
    print(f"\n## {records} records ({build_dir}): {counts['quads']} quads; {db_path.name} {size_mb:.0f} MB, "
          f"opened once in {opened_in * 1000:.0f} ms\n")
    print("| question | rows | runs | LadybugDB p95 ms | median ms | min ms | target ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with database:
        for name, params, live in measured:
            started = time.perf_counter()
            try:
                run_question_cypher(database, name, params, live=live)  # warm-up, not counted
            except QueryError as exc:
                if "timeout" not in str(exc):
                    raise
                print(f"| {label(name, params, live)} | | 0 | > {args.timeout * 1000:.0f} ✗ | | | {limit * 1000:.0f} |",
                      flush=True)
                continue
            warm_up = time.perf_counter() - started
            if warm_up > 1.0 and not live:  # a stored answer's first read: time a second call instead
                started = time.perf_counter()
                run_question_cypher(database, name, params, live=live)
                warm_up = time.perf_counter() - started
            runs = args.runs if warm_up <= 1.0 else args.slow_runs
            times, rows = [], 0
            for _ in range(runs):
                started = time.perf_counter()
                rows = len(run_question_cypher(database, name, params, live=live).rows)
                times.append(time.perf_counter() - started)
            flag = "✓" if p95(times) <= limit else "✗"
            print(f"| {label(name, params, live)} | {rows} | {runs} | {p95(times) * 1000:.1f} {flag} | "
                  f"{statistics.median(times) * 1000:.1f} | {min(times) * 1000:.1f} | {limit * 1000:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("builds", type=Path, nargs="+", help="Build folders (kg build -o …).")
    parser.add_argument("--records", type=int, help="Records in the build (default: from the folder name).")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--slow-runs", type=int, default=3,
                        help="Runs of a question whose warm-up took more than a second.")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="Seconds a query may run before the database stops it (reported as over).")
    parser.add_argument("--only", nargs="+", metavar="QUESTION",
                        help="Time only these questions (every case of each).")
    args = parser.parse_args()
    _count_opens()
    print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}: {platform.platform()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, ladybug {ladybug.__version__}, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for build_dir in args.builds:
        before = OPENED
        bench_build(build_dir, records_of(build_dir, args.records), args)
        print(f"\nembedded database opened {OPENED - before} time(s) for this build; load average now "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
