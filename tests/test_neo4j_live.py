"""Against a live Neo4j 5 (skipped unless NEO4J_URI is set).

Run against your own server:
    NEO4J_URI=neo4j://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=secret \\
        python -m pytest -m neo4j tests/test_neo4j_live.py
Use a scratch database (NEO4J_DATABASE): the test pushes the seed graph and prunes everything else.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cypher_cases import SEED_CASES, assert_same_answer

from kg.cli_mirror import run_query
from kg.cypher_questions import run_question_cypher
from kg.questions import run_question
from kg.dataset import KnowledgeGraph
from kg.projection import PropertyGraph, project
from kg.sync import Neo4jExecutor, plan, snapshot, sync

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set (no live Neo4j server)"),
]


@pytest.fixture(scope="module")
def executor() -> Iterator[Neo4jExecutor]:
    neo4j = Neo4jExecutor(os.environ["NEO4J_URI"], database=os.environ.get("NEO4J_DATABASE"))
    yield neo4j
    neo4j.close()


@pytest.fixture(scope="module")
def projection(seed_graph: KnowledgeGraph) -> PropertyGraph:
    return project(seed_graph)


def test_push_twice_gives_the_projection_counts(executor: Neo4jExecutor, projection: PropertyGraph) -> None:
    first = sync(plan(projection, batch_size=200), executor, projection.mapping)
    assert first.node_counts == projection.node_counts()
    assert first.relationship_counts == projection.relationship_counts()
    before = snapshot(executor, projection.mapping)
    second = sync(plan(projection, batch_size=200), executor, projection.mapping)
    assert second.node_counts == first.node_counts and second.relationship_counts == first.relationship_counts
    assert snapshot(executor, projection.mapping) == before


def test_same_query_same_answer_on_both_engines(executor: Neo4jExecutor, projection: PropertyGraph,
                                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    sync(plan(projection), executor, projection.mapping)
    query = ("MATCH (e:Event)-[:HOST_REGION]->(r:Region) WHERE r.name = $region "
             "RETURN e.name AS event, e.startDate AS date ORDER BY event")
    params = {"region": "Kota Pontianak"}
    on_neo4j = run_query(query, params, neo4j_uri=os.environ["NEO4J_URI"], database=os.environ.get("NEO4J_DATABASE"))
    build = tmp_path_factory.mktemp("build")
    assert on_neo4j == run_query(query, params, build_dir=build)
    assert on_neo4j[1]


@pytest.fixture(scope="module")
def pushed(executor: Neo4jExecutor, projection: PropertyGraph) -> str:
    """Mirror the seed graph into the server once; return its URI."""
    sync(plan(projection), executor, projection.mapping)
    return os.environ["NEO4J_URI"]


@pytest.mark.parametrize("name, params", SEED_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SEED_CASES)])
def test_catalog_question_same_rows_on_neo4j_as_sparql(pushed: str, seed_graph: KnowledgeGraph, tmp_path: Path,
                                                         name: str, params: dict[str, str]) -> None:
    on_neo4j = run_question_cypher(tmp_path, name, params, neo4j_uri=pushed, database=os.environ.get("NEO4J_DATABASE"))
    assert_same_answer(run_question(seed_graph, name, params), on_neo4j)
