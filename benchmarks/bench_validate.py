"""Benchmark ``kg validate``: CPU and wall time of the SHACL step, native against pySHACL alone.

    python benchmarks/bench_validate.py [data/records]

Builds the records' graph once, then times (process CPU and wall clock) three ways of checking
it: the shapes as ``kg validate`` runs them (core constraints in pySHACL, SPARQL constraints
natively in Oxigraph, :mod:`kg.shacl_sparql`), pySHACL with the whole shapes file (its SPARQL
constraints re-parsed per focus node), and the native SPARQL constraints alone. Target: the
SHACL step of the 35-record corpus under 3 s CPU (measured 1.05 s; pySHACL alone 16.5 s).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyshacl

from kg.shacl_sparql import evaluate, sparql_constraints
from kg.validation import _as_rdflib, graph_of, shapes_graph, validate_graph


def _timed(label: str, run: Callable[[], object]) -> None:
    cpu, wall = time.process_time(), time.perf_counter()
    run()
    print(f"{label:<44} {time.process_time() - cpu:7.2f} s CPU {time.perf_counter() - wall:7.2f} s wall")


def main() -> None:
    from kg.loaders.records import check_records, record_files

    paths = [Path(p) for p in sys.argv[1:]] or [Path("data/records")]
    items, problems = check_records(record_files(paths))
    if problems:
        raise SystemExit(f"{len(problems)} record problem(s); run kg validate first")
    graph = graph_of(items)
    print(f"{len(items)} records, {graph.triple_count()} triples")
    shapes = shapes_graph()
    _timed("kg validate's SHACL step (native SPARQL)", lambda: validate_graph(graph, items))
    _timed("SPARQL constraints alone (Oxigraph)", lambda: [evaluate(c, graph) for c in sparql_constraints(shapes)])
    _timed("pySHACL alone, whole shapes file", lambda: pyshacl.validate(
        _as_rdflib(graph), shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True))


if __name__ == "__main__":
    main()
