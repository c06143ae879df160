"""The embedded LadybugDB database: schema from the mapping, COPY load, read-only Cypher, CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import KGGroup
from kg.cli_mirror import cypher_command, parse_params
from kg.dataset import KnowledgeGraph
from kg.embedded import ensure_embedded, run_cypher, schema_statements, write_embedded
from kg.errors import QueryError
from kg.projection import PropertyGraph, project
from kg.sync import LadybugExecutor, count_statements, plan, snapshot, sync
from kg.vocab import ID, JJ


def _cli() -> KGGroup:
    group = KGGroup("kg")
    group.add_command(cypher_command)
    return group


@pytest.fixture(scope="module")
def seed_db(seed_graph: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lbug") / "jejaring.lbug"
    write_embedded(seed_graph, path)
    return path


def test_kg_cypher_counts_regions_without_a_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(_cli(), ["cypher", "MATCH (r:Region) RETURN count(r) AS n", "--format", "json",
                                         "--build-dir", str(tmp_path / "build")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert '"n": 552' in result.output
    assert (tmp_path / "build" / "jejaring.lbug").exists()


def test_counts_equal_the_projection(seed_graph: KnowledgeGraph, seed_db: Path) -> None:
    projection = project(seed_graph)
    expected = {**projection.node_counts(), **projection.relationship_counts()}
    for name, cypher in count_statements(projection.mapping).items():
        assert run_cypher(seed_db, cypher)[1] == [[expected[name]]], name


def test_schema_is_one_table_per_label_and_type() -> None:
    statements = schema_statements()
    assert sum(s.startswith("CREATE NODE TABLE") for s in statements) == 12
    assert any("FROM Event TO Region" in s and s.startswith("CREATE REL TABLE IF NOT EXISTS HOST_REGION") for s in statements)


def test_cypher_file_with_typed_params(seed_db: Path, tmp_path: Path) -> None:
    query = tmp_path / "region.cypher"
    query.write_text("// title: a region by name\n"
                     "MATCH (r:Region) WHERE r.name = $name RETURN r.kemendagriCode AS code, r.kind AS kind;\n")
    assert run_cypher(seed_db, query.read_text(), parse_params(["name=Kota Pontianak"])) == (["code", "kind"], [["61.71", "City"]])
    cols, rows = run_cypher(seed_db, "MATCH (e:Event) WHERE e.startDate >= $since RETURN count(e) AS n",
                            parse_params(["since:date=2025-05-01"]))
    assert rows[0][0] > 0


def test_writes_are_refused(seed_db: Path) -> None:
    with pytest.raises(QueryError, match="refused: CREATE writes"):
        run_cypher(seed_db, "CREATE (r:Region {iri: 'x'})")


def test_cli_error_exit_code(tmp_path: Path, seed_db: Path) -> None:
    build = tmp_path / "b"
    build.mkdir()
    os.link(seed_db, build / "jejaring.lbug")
    (build / "jejaring.trig").write_text("")
    os.utime(build / "jejaring.lbug", None)
    result = CliRunner().invoke(_cli(), ["cypher", "MATCH (r:Region) RETURN r.nosuch", "--build-dir", str(build)])
    assert result.exit_code == 2
    assert "Cannot find property nosuch" in result.output
    result = CliRunner().invoke(_cli(), ["cypher", "MATCH (r) RETURN r", "-p", "x"])
    assert result.exit_code == 2 and "expected NAME=VALUE" in result.output


def test_copy_load_equals_the_sync_statements(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    """Awkward values (commas and brackets in lists, newlines, quotes) survive both load paths."""
    graph = KnowledgeGraph(ox.Store())
    graph.store.extend(seed_graph.store)
    gaz = ox.NamedNode(str(ID["source/kemendagri-wilayah"]))
    region = ox.NamedNode(str(ID["region/35.72"]))
    graph.store.add(ox.Quad(region, ox.NamedNode(str(JJ.alias)), ox.Literal('Kota "Patria", [Blitar]'), gaz))
    graph.store.add(ox.Quad(region, ox.NamedNode(str(JJ.officialName)), ox.Literal("Kota Blitar\nline two"), gaz))
    copied = tmp_path / "copy.lbug"
    projection: PropertyGraph = write_embedded(graph, copied)
    synced = LadybugExecutor(tmp_path / "sync.lbug", projection.mapping)
    sync(plan(projection), synced, projection.mapping)
    loaded = LadybugExecutor(copied, projection.mapping)
    try:
        assert snapshot(loaded, projection.mapping) == snapshot(synced, projection.mapping)
        aliases = loaded.query("MATCH (r:Region {kemendagriCode: '35.72'}) RETURN r.alias AS a")[0]["a"]
        assert 'Kota "Patria", [Blitar]' in aliases
    finally:
        loaded.close()
        synced.close()


def test_write_is_atomic_and_ensure_rewrites_when_stale(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    from kg.build import write_build

    write_build(seed_graph, tmp_path)
    db = ensure_embedded(tmp_path)
    first = db.stat().st_mtime_ns
    assert ensure_embedded(tmp_path) == db and db.stat().st_mtime_ns == first
    os.utime(tmp_path / "jejaring.trig", (db.stat().st_mtime + 10,) * 2)
    ensure_embedded(tmp_path)
    assert db.stat().st_mtime_ns != first
    assert sorted(p.name for p in tmp_path.iterdir() if "lbug" in p.name) == ["jejaring.lbug"]
