"""Benchmark the pipeline on generated records: run by hand, prints figures.

    python benchmarks/bench_scale.py --count 5000

Speed and memory targets belong here, not in unit tests (timings vary with the machine).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.build import build_graph, write_build
from kg.cypher_questions import run_question_cypher
from kg.embedded import EMBEDDED_FILE, write_embedded
from kg.generator import write_records
from kg.questions import run_question

QUESTIONS: list[tuple[str, dict[str, str]]] = [
    ("delegations-visiting", {"region": "Kota Surabaya"}),
    ("agreements-of", {"region": "Kota Surabaya"}),
    ("sector-ties", {"sector": "kerajinan"}),
    ("region-ties", {}),
    ("mou-without-pks", {}),
    ("timeline", {"from": "2024-01-01", "to": "2024-12-31"}),
    ("most-connected", {"top": "10"}),
]


def timed(label: str, action: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = action()
    print(f"{label:<48} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        timed(f"generate {args.count} records", lambda: write_records(folder / "records", count=args.count, seed=args.seed))
        graph = timed("read, validate and load records (build_graph)", lambda: build_graph([folder / "records"]))
        print(f"{'quads':<48} {len(graph):>8}")
        timed("write TriG + Turtle + stats", lambda: write_build(graph, folder / "build"))
        timed("write embedded LadybugDB (projection + COPY)",
              lambda: write_embedded(graph, folder / "build" / EMBEDDED_FILE))
        for name, params in QUESTIONS:
            answer = timed(f"SPARQL {name}", lambda: run_question(graph, name, params))
            timed(f"Cypher {name} ({len(answer.rows)} rows)",
                  lambda: run_question_cypher(folder / "build" / EMBEDDED_FILE, name, params, graph=graph))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory (RSS)':<48} {peak:8.0f} MB")


if __name__ == "__main__":
    main()
