"""The sync plan, run on the embedded database: idempotent, convergent after interruption, pruning."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kg.dataset import KnowledgeGraph
from kg.projection import PropertyGraph, project
from kg.sync import Batch, LadybugExecutor, plan, snapshot, sync
from interrupted_executor import FailingAfter, Interrupted

# One worker under xdist: the module's reference sync is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("sync")


@pytest.fixture(scope="module")
def projection(seed_graph: KnowledgeGraph) -> PropertyGraph:
    return project(seed_graph)


@pytest.fixture(scope="module")
def reference(projection: PropertyGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The snapshot of one uninterrupted sync into an empty database."""
    executor = LadybugExecutor(tmp_path_factory.mktemp("ref") / "ref.lbug", projection.mapping)
    try:
        sync(plan(projection), executor, projection.mapping)
        return snapshot(executor, projection.mapping)
    finally:
        executor.close()


def test_plan_order_and_statement_shapes(projection: PropertyGraph) -> None:
    batches = plan(projection, batch_size=100)
    kinds = [b.kind for b in batches]
    order = ["constraint", "nodes", "relationships", "prune-relationships", "prune-nodes"]
    assert [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k] == order
    assert sum(b.kind == "nodes" and b.target == "Region" for b in batches) == 6  # 552 rows in batches of 100
    for batch in batches:
        assert "+=" not in batch.cypher
        if batch.kind == "relationships":
            assert batch.cypher.count("MATCH (") == 2 and "," not in batch.cypher.split("MERGE")[0]
        if batch.kind in ("nodes", "relationships"):
            keys = [tuple(row) for row in batch.parameters["rows"]]
            assert len(set(keys)) == 1  # Ladybug needs uniform row maps
    constraint = batches[0].cypher
    assert constraint.startswith("CREATE CONSTRAINT") and "REQUIRE n.iri IS UNIQUE" in constraint


def test_all_null_columns_become_null_literals(projection: PropertyGraph) -> None:
    region = next(b for b in plan(projection) if b.kind == "nodes" and b.target == "Region")
    assert "n.bpsCode = NULL" in region.cypher  # no region has a BPS code yet
    assert "bpsCode" not in region.parameters["rows"][0]


def test_two_runs_leave_identical_graphs(projection: PropertyGraph, reference: dict[str, Any], tmp_path: Path) -> None:
    executor = LadybugExecutor(tmp_path / "twice.lbug", projection.mapping)
    try:
        first = sync(plan(projection), executor, projection.mapping)
        second = sync(plan(projection), executor, projection.mapping)
        assert first.node_counts == second.node_counts == projection.node_counts()
        assert first.relationship_counts == second.relationship_counts == projection.relationship_counts()
        assert snapshot(executor, projection.mapping) == reference
    finally:
        executor.close()


@pytest.mark.parametrize("k", [1, 20, 60])
def test_interrupted_sync_converges(projection: PropertyGraph, reference: dict[str, Any], tmp_path: Path, k: int) -> None:
    batches = plan(projection, batch_size=200)
    executor = LadybugExecutor(tmp_path / "int.lbug", projection.mapping)
    try:
        with pytest.raises(Interrupted):
            sync(batches, FailingAfter(executor, k), projection.mapping)
        sync(batches, executor, projection.mapping)
        assert snapshot(executor, projection.mapping) == reference
    finally:
        executor.close()


def test_prune_removes_what_the_dataset_dropped(projection: PropertyGraph, tmp_path: Path) -> None:
    dropped = {n.iri for n in projection.nodes if n.label in ("Event", "Delegation")}
    smaller = replace(projection,
                      nodes=[n for n in projection.nodes if n.iri not in dropped],
                      relationships=[r for r in projection.relationships
                                     if r.start not in dropped and r.end not in dropped and r.type != "BROADER"])
    executor = LadybugExecutor(tmp_path / "prune.lbug", projection.mapping)
    fresh = LadybugExecutor(tmp_path / "fresh.lbug", projection.mapping)
    try:
        sync(plan(projection), executor, projection.mapping)
        report = sync(plan(smaller), executor, projection.mapping)
        assert report.node_counts["Event"] == 0 and report.relationship_counts["BROADER"] == 0
        sync(plan(smaller), fresh, projection.mapping)
        assert snapshot(executor, projection.mapping) == snapshot(fresh, projection.mapping)
    finally:
        executor.close()
        fresh.close()
