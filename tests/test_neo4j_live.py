"""Against a live Neo4j 5 server: the mirror, the catalog's Cypher, bulk import and the script.

``scripts/test.sh`` starts Neo4j 5.26 Community on loopback (``scripts/neo4j.sh``, resolved from
Maven Central) and exports NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD; in CI these tests fail,
not skip, when the server is missing. Against your own server:

    eval "$(scripts/neo4j.sh start && scripts/neo4j.sh env)"
    python -m pytest -m neo4j tests/test_neo4j_live.py

The tests empty the database they use (NEO4J_DATABASE, else the server's default): use a
scratch server. The bulk-import test starts a second instance of its own in a temporary folder.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cypher_cases import SEED_CASES, assert_same_answer
from live_servers import SCRIPTS, free_port, require_env

from kg.build import build_graph
from kg.cli import cli
from kg.cli.mirror import run_query
from kg.cypher_questions import run_question_cypher
from kg.dataset import KnowledgeGraph
from kg.neo4j_export import write_bulk
from kg.projection import PropertyGraph, project
from kg.questions import run_question
from kg.sync import Batch, Neo4jExecutor, plan, snapshot, sync
from interrupted_executor import FailingAfter, Interrupted
from conftest import RECORDS

# Every test here changes the one live database except those of the second server: under
# xdist (--dist loadgroup) the group keeps them on one worker, one after another.
pytestmark = [pytest.mark.neo4j, pytest.mark.xdist_group("neo4j")]

GENERATED_RECORDS = 300  # enough to exercise batching and every question, quick to push


@pytest.fixture(scope="module")
def uri() -> str:
    return require_env("NEO4J_URI", "start Neo4j with scripts/neo4j.sh start (scripts/test.sh does)")


@pytest.fixture(scope="module")
def database() -> str | None:
    return os.environ.get("NEO4J_DATABASE")


@pytest.fixture(scope="module")
def executor(uri: str, database: str | None) -> Iterator[Neo4jExecutor]:
    neo4j = Neo4jExecutor(uri, database=database)
    yield neo4j
    neo4j.close()


def _wipe(executor: Neo4jExecutor) -> None:
    with executor.driver.session(database=executor.database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def _element_ids(executor: Neo4jExecutor) -> dict[str, str]:
    return {row["iri"]: row["id"] for row in executor.query("MATCH (n) RETURN n.iri AS iri, elementId(n) AS id")}


@pytest.fixture(scope="module")
def projection(seed_graph: KnowledgeGraph) -> PropertyGraph:
    return project(seed_graph)


@pytest.fixture(scope="module")
def reference(projection: PropertyGraph, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The snapshot of one uninterrupted sync into an empty embedded database."""
    from kg.sync import LadybugExecutor

    embedded = LadybugExecutor(tmp_path_factory.mktemp("ref") / "ref.lbug", projection.mapping)
    try:
        sync(plan(projection), embedded, projection.mapping)
        return snapshot(embedded, projection.mapping)
    finally:
        embedded.close()


def _kg(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- the mirror ---------------------------------------------------------------------------------

@pytest.mark.slow  # a minute or more on two cores: the full suite runs it, the fast subset does not
def test_push_creates_constraints_writes_everything_and_a_second_push_changes_nothing(
        executor: Neo4jExecutor, projection: PropertyGraph, reference: dict[str, Any], seed_build_dir: Path,
        uri: str) -> None:
    _wipe(executor)
    printed = _kg("neo4j", "push", "--uri", uri, "--batch-size", "200", "--build-dir", str(seed_build_dir))
    counts = dict(line.split("\t") for line in printed.splitlines())
    assert {k: int(v) for k, v in counts.items()} == {**projection.node_counts(), **projection.relationship_counts()}
    constraints = executor.query("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
                                 "RETURN type, labelsOrTypes[0] AS label, properties")
    unique = {row["label"] for row in constraints
              if row["type"] == "UNIQUENESS" and row["properties"] == [projection.mapping.key]}
    assert unique == set(projection.mapping.nodes)
    assert snapshot(executor, projection.mapping) == reference
    ids = _element_ids(executor)
    _kg("neo4j", "push", "--uri", uri, "--batch-size", "200", "--build-dir", str(seed_build_dir))
    assert snapshot(executor, projection.mapping) == reference
    assert _element_ids(executor) == ids  # nothing was deleted and created again


@pytest.mark.parametrize("k", [1, pytest.param(20, marks=pytest.mark.slow), pytest.param(60, marks=pytest.mark.slow)])
def test_push_killed_after_k_batches_converges(executor: Neo4jExecutor, projection: PropertyGraph,
                                                reference: dict[str, Any], k: int) -> None:
    _wipe(executor)
    batches = plan(projection, batch_size=200)
    with pytest.raises(Interrupted):
        sync(batches, FailingAfter(executor, k), projection.mapping)
    if k < sum(b.kind != "prune-relationships" and b.kind != "prune-nodes" for b in batches):
        assert snapshot(executor, projection.mapping) != reference  # the kill left the mirror half-written
    sync(batches, executor, projection.mapping)
    assert snapshot(executor, projection.mapping) == reference


def test_a_killed_push_process_converges(executor: Neo4jExecutor, projection: PropertyGraph,
                                         reference: dict[str, Any], seed_build_dir: Path, uri: str) -> None:
    """``kg neo4j push`` killed (SIGKILL) mid-way, then run again, leaves the same graph."""
    _wipe(executor)
    command = [sys.executable, "-m", "kg", "neo4j", "push", "--uri", uri, "--batch-size", "50",
               "--build-dir", str(seed_build_dir)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if executor.query("MATCH (n) RETURN count(n) AS n")[0]["n"] > 0:
                break
            time.sleep(0.05)
    finally:
        process.kill()
        process.wait()
    subprocess.run(command, check=True, capture_output=True)
    assert snapshot(executor, projection.mapping) == reference


@pytest.mark.slow  # a minute or more on two cores: the full suite runs it, the fast subset does not
def test_deleting_records_and_pushing_again_prunes_exactly_their_nodes(
        executor: Neo4jExecutor, projection: PropertyGraph, tmp_path: Path) -> None:
    files = sorted(RECORDS.glob("*.yaml"))
    dropped_file = files[0]
    smaller = project(build_graph([f for f in files if f != dropped_file]))
    _wipe(executor)
    sync(plan(projection), executor, projection.mapping)
    before = _element_ids(executor)
    gone = {n.iri for n in projection.nodes} - {n.iri for n in smaller.nodes}
    assert gone, f"dropping {dropped_file.name} should remove some nodes"
    report = sync(plan(smaller), executor, projection.mapping)
    assert report.node_counts == smaller.node_counts()
    assert report.relationship_counts == smaller.relationship_counts()
    after = _element_ids(executor)
    assert set(before) - set(after) == gone
    assert {iri: before[iri] for iri in after} == after  # every other node kept its identity
    from kg.sync import LadybugExecutor

    fresh = LadybugExecutor(tmp_path / "fresh.lbug", smaller.mapping)
    try:
        sync(plan(smaller), fresh, smaller.mapping)
        assert snapshot(executor, projection.mapping) == snapshot(fresh, smaller.mapping)
    finally:
        fresh.close()


# -- the catalog's Cypher on Neo4j ----------------------------------------------------------------

@pytest.fixture(scope="module")
def pushed(executor: Neo4jExecutor, projection: PropertyGraph) -> str:
    """Mirror the seed graph into the server; return its URI."""
    _wipe(executor)
    sync(plan(projection), executor, projection.mapping)
    return os.environ["NEO4J_URI"]


@pytest.mark.parametrize("name, params", SEED_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SEED_CASES)])
def test_catalog_question_same_rows_on_neo4j_as_sparql_and_embedded(
        pushed: str, seed_graph: KnowledgeGraph, seed_build_dir: Path, database: str | None,
        name: str, params: dict[str, str]) -> None:
    on_neo4j = run_question_cypher(seed_build_dir, name, params, neo4j_uri=pushed, database=database)
    assert_same_answer(run_question(seed_graph, name, params), on_neo4j)
    assert_same_answer(run_question_cypher(seed_build_dir, name, params), on_neo4j)


@pytest.mark.parametrize("scheme", ["neo4j", "bolt"])
def test_kg_cypher_and_kg_ask_over_both_uri_schemes(pushed: str, seed_build_dir: Path, scheme: str) -> None:
    server = scheme + pushed[pushed.index("://"):]
    query = ("MATCH (e:Event)-[:HOST_REGION]->(r:Region) WHERE r.kemendagriCode = $code "
             "RETURN e.name AS event, e.startDate AS date ORDER BY event")
    on_server = _kg("cypher", query, "-p", "code=61.71", "--format", "json", "--neo4j", server)
    embedded = _kg("cypher", query, "-p", "code=61.71", "--format", "json", "--build-dir", str(seed_build_dir))
    assert on_server == embedded and '"event"' in on_server
    asked = _kg("ask", "delegations-visiting", "--param", "region=Pontianak", "--engine", "cypher",
                "--neo4j", server, "--format", "json", "--build-dir", str(seed_build_dir))
    sparql = _kg("ask", "delegations-visiting", "--param", "region=Pontianak", "--format", "json",
                 "--build-dir", str(seed_build_dir))
    assert asked == sparql and asked.strip() != "[]"


def test_a_write_through_kg_cypher_is_refused(pushed: str, executor: Neo4jExecutor) -> None:
    before = executor.query("MATCH (n) RETURN count(n) AS n")[0]["n"]
    result = CliRunner().invoke(cli, ["cypher", "CREATE (:Region {iri: 'x'})", "--neo4j", pushed])
    assert result.exit_code != 0
    assert executor.query("MATCH (n) RETURN count(n) AS n")[0]["n"] == before


# -- generated records ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeGraph, Path]:
    from kg.generator import write_records

    records = tmp_path_factory.mktemp("generated-records")
    write_records(records, count=GENERATED_RECORDS, seed=3)
    graph = build_graph([records])
    from kg.embedded import EMBEDDED_FILE, write_embedded

    db = tmp_path_factory.mktemp("generated-lbug") / EMBEDDED_FILE
    write_embedded(graph, db)
    return graph, db


GENERATED_QUESTIONS: list[tuple[str, dict[str, str]]] = [
    ("region-ties", {}), ("sector-ties", {"sector": "kerajinan"}), ("agreements-expiring", {}),
    ("mou-without-pks", {}), ("programs", {}), ("products", {"sector": "ekonomi"}), ("learning-network", {}),
    ("timeline", {"from": "2025-01-01", "to": "2025-12-31"}), ("region-sectors", {}),
    ("visits-by", {"region": "@0"}), ("agreements-of", {"region": "@0"}), ("officials-of", {"region": "@0"}),
    ("partners-of", {"region": "@1"}), ("delegations-visiting", {"region": "@0"}), ("sources-of", {"entity": "@0"}),
]


@pytest.mark.slow
def test_generated_records_same_rows_on_neo4j_as_sparql_and_embedded(
        executor: Neo4jExecutor, generated: tuple[KnowledgeGraph, Path], uri: str, database: str | None) -> None:
    graph, db = generated
    mirror = project(graph)
    _wipe(executor)
    sync(plan(mirror, batch_size=500), executor, mirror.mapping)
    top = executor.query("MATCH (:Event)-[:HOST_REGION]->(r:Region) RETURN r.kemendagriCode AS code, count(*) AS n "
                         "ORDER BY n DESC, code LIMIT 2")
    values = {f"@{i}": row["code"] for i, row in enumerate(top)}
    for name, params in GENERATED_QUESTIONS:
        concrete = {k: values.get(v, v) for k, v in params.items()}
        on_neo4j = run_question_cypher(db, name, concrete, neo4j_uri=uri, database=database)
        assert_same_answer(run_question(graph, name, concrete), on_neo4j)
        assert_same_answer(run_question_cypher(db, name, concrete), on_neo4j)


# -- bulk import and the cypher-shell script, on a second server ---------------------------------------

@pytest.fixture(scope="module")
def imported_server(projection: PropertyGraph, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A second Neo4j instance of its own, filled by ``neo4j-admin database import`` from the bulk CSV.

    Its tests share the group ``neo4j-second``: under xdist they run on one worker, beside the
    tests of the main server. Yields the instance's environment (NEO4J_URI, user, password).
    """
    folder = tmp_path_factory.mktemp("second-neo4j")
    export = write_bulk(projection, folder / "bulk")
    command = shlex.split(export.command)  # as a shell would read the printed command
    assert command[:4] == ["neo4j-admin", "database", "import", "full"]
    env = {**os.environ, "NEO4J_STATE_DIR": str(folder / "instance"), "NEO4J_PORT": str(free_port()),
           "NEO4J_HEAP": "512m"}
    for key in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(key, None)
    neo4j_sh = str(SCRIPTS / "neo4j.sh")
    subprocess.run([neo4j_sh, "init"], env=env, check=True, capture_output=True)
    # the import tool writes import.report into its working folder: keep it out of the checkout
    imported = subprocess.run([neo4j_sh, "admin", *command[1:]], env=env, capture_output=True, text=True,
                              cwd=folder)
    assert imported.returncode == 0, imported.stdout[-3000:] + imported.stderr[-3000:]
    try:
        started = subprocess.run([neo4j_sh, "start"], env=env, capture_output=True, text=True)
        assert started.returncode == 0, started.stderr[-3000:]
        lines = subprocess.run([neo4j_sh, "env"], env=env, check=True, capture_output=True, text=True).stdout
        yield dict(line.removeprefix("export ").split("=", 1) for line in lines.splitlines())
    finally:
        subprocess.run([neo4j_sh, "stop"], env=env, capture_output=True)


@pytest.mark.slow
@pytest.mark.xdist_group("neo4j-second")
def test_bulk_csv_imported_by_neo4j_admin_answers_the_same(imported_server: dict[str, str], projection: PropertyGraph,
                                                           reference: dict[str, Any],
                                                           seed_graph: KnowledgeGraph) -> None:
    second = Neo4jExecutor(imported_server["NEO4J_URI"], user=imported_server["NEO4J_USER"],
                           password=imported_server["NEO4J_PASSWORD"])
    try:
        assert snapshot(second, projection.mapping) == reference
    finally:
        second.close()
    saved = {k: os.environ.get(k) for k in ("NEO4J_USER", "NEO4J_PASSWORD")}
    os.environ.update({k: imported_server[k] for k in saved})
    try:
        for name, params in SEED_CASES[::5]:
            on_import = run_question_cypher(Path("unused"), name, params, neo4j_uri=imported_server["NEO4J_URI"])
            assert_same_answer(run_question(seed_graph, name, params), on_import)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.mark.slow
@pytest.mark.xdist_group("neo4j-second")
def test_cypher_shell_runs_the_script_and_gives_the_same_graph(imported_server: dict[str, str], tmp_path: Path) -> None:
    """The script of the five seed records, run by cypher-shell, leaves what a sync into an empty database leaves.

    Five records, not all of them: Neo4j plans each statement's literal rows afresh, a minute
    and more for the whole corpus, and the script's shape does not depend on its size (every
    label's constraint, upserts in batches, pruning). The server holds the whole corpus from
    the bulk import, so the script must also prune everything the five records do not have.
    """
    from kg.build import build_outputs
    from kg.sync import LadybugExecutor

    build = tmp_path / "build"
    build_outputs(sorted(RECORDS.glob("00[0-4]_*.yaml")), build, embedded=False)
    script = tmp_path / "jejaring.cypher"
    _kg("neo4j", "script", "-o", str(script), "--build-dir", str(build))
    five = project(build_graph(sorted(RECORDS.glob("00[0-4]_*.yaml"))))
    embedded = LadybugExecutor(tmp_path / "expected.lbug", five.mapping)
    try:
        sync(plan(five), embedded, five.mapping)
        expected = snapshot(embedded, five.mapping)
    finally:
        embedded.close()
    server = {k: imported_server[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
    second = Neo4jExecutor(server["NEO4J_URI"], user=server["NEO4J_USER"], password=server["NEO4J_PASSWORD"])
    try:
        assert snapshot(second, five.mapping) != expected  # the imported corpus is more than the five records
        ran = subprocess.run([str(SCRIPTS / "neo4j.sh"), "cypher-shell", "--fail-fast", "-f", str(script)],
                             env={**os.environ, **server}, capture_output=True, text=True)
        assert ran.returncode == 0, ran.stderr[-3000:]
        assert snapshot(second, five.mapping) == expected
    finally:
        second.close()


@pytest.mark.slow  # a minute or more on two cores: the full suite runs it, the fast subset does not
def test_push_removes_a_node_the_dataset_does_not_have(executor: Neo4jExecutor, projection: PropertyGraph,
                                                    reference: dict[str, Any]) -> None:
    """A node someone added by hand is removed by the pruning statements."""
    sync(plan(projection), executor, projection.mapping)
    executor.run(Batch("nodes", "Region", "CREATE (:Region {iri: 'urn:stray'})"))
    sync(plan(projection), executor, projection.mapping)
    assert snapshot(executor, projection.mapping) == reference
