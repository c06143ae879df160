"""Benchmark ``kg neo4j push`` (the sync plan) into a live Neo4j: run by hand, prints figures.

    eval "$(scripts/neo4j.sh start && scripts/neo4j.sh env)"
    python benchmarks/bench_neo4j_push.py --count 10000 --count 100000

For each count: generate records, build the graph, project it, then push it into an emptied
database (first push: everything is created), push it again (every MERGE matches, nothing
changes) and report entities (nodes + relationships) per second for both. The database is
emptied first: use a scratch server.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from pathlib import Path

from kg.build import build_graph
from kg.generator import write_records
from kg.projection import project
from kg.sync import DEFAULT_BATCH_SIZE, Neo4jExecutor, plan, sync


def _wipe(executor: Neo4jExecutor) -> None:
    with executor.driver.session(database=executor.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def bench(count: int, executor: Neo4jExecutor, batch_size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records"
        started = time.perf_counter()
        write_records(records, count=count, seed=1)
        graph = build_graph([records])
        mirror = project(graph)
        prepared = time.perf_counter() - started
    entities = len(mirror.nodes) + len(mirror.relationships)
    batches = plan(mirror, batch_size=batch_size)
    print(f"{count} records: {len(mirror.nodes)} nodes, {len(mirror.relationships)} relationships, "
          f"{len(batches)} batches of <= {batch_size} (generated, built and projected in {prepared:.1f} s)", flush=True)
    _wipe(executor)
    for label in ("first push (creates)", "second push (no change)"):
        started = time.perf_counter()
        report = sync(batches, executor, mirror.mapping)
        elapsed = time.perf_counter() - started
        assert report.node_counts == mirror.node_counts(), "the mirror does not match the projection"
        print(f"  {label:<26} {elapsed:8.1f} s  {entities / elapsed:10.0f} entities/s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, action="append", help="records to generate (repeat)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI"))
    args = parser.parse_args()
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # "type does not exist yet" notices on an empty database
    if not args.uri:
        parser.error("give --uri or set NEO4J_URI (scripts/neo4j.sh env)")
    executor = Neo4jExecutor(args.uri, database=os.environ.get("NEO4J_DATABASE"))
    try:
        for count in args.count or [10000]:
            bench(count, executor, args.batch_size)
    finally:
        executor.close()


if __name__ == "__main__":
    main()
