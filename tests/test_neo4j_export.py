"""Bulk CSV for neo4j-admin and the cypher-shell script."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from kg.cli import KGGroup
from kg.cli.mirror import neo4j_group
from kg.dataset import KnowledgeGraph
from kg.neo4j_export import cypher_literal, script_text, write_bulk
from kg.projection import project

REPO = Path(__file__).resolve().parents[1]


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_bulk_headers_and_command(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    projection = project(seed_graph)
    export = write_bulk(projection, tmp_path)
    assert _header(tmp_path / "nodes_Region.csv") == [
        "iri:ID", ":LABEL", "kind", "alias:string[]", "bpsCode:string", "iso3166Code:string", "kemendagriCode:string",
        "latitude:double", "longitude:double", "name:string", "officialName:string", "sources:string[]"]
    assert "size:long" in _header(tmp_path / "nodes_Delegation.csv")
    assert "startDate:date" in _header(tmp_path / "nodes_Event.csv")
    assert "potential:boolean" in _header(tmp_path / "nodes_Product.csv")
    assert "attestedOn:date[]" in _header(tmp_path / "nodes_Post.csv")
    assert _header(tmp_path / "relationships_HOST_REGION.csv") == [":START_ID", ":END_ID", ":TYPE", "sources:string[]"]
    with (tmp_path / "nodes_Region.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 552
    aceh = next(r for r in rows if r["kemendagriCode:string"] == "11")
    delimiter = export.array_delimiter  # ';' unless a list value holds one
    assert {"NAD", "Nanggroe Aceh Darussalam"} <= set(aceh["alias:string[]"].split(delimiter))
    assert aceh[":LABEL"] == "Region"
    command = export.command
    assert command.startswith("neo4j-admin database import full neo4j --nodes=")
    assert "--relationships=" in command and f"--array-delimiter='{delimiter}'" in command
    labels = {spec.label for spec in projection.mapping.nodes.values()}  # a file per label, even if empty
    assert command.count("--nodes=") == len(labels) and command.count("--relationships=") == len(projection.mapping.relationships)


def test_cli_bulk_prints_the_command(tmp_path: Path) -> None:
    from kg.build import build_outputs

    build_outputs(sorted((REPO / "data" / "records").glob("002_*.yaml")), tmp_path / "build", embedded=False)
    group = KGGroup("kg")
    group.add_command(neo4j_group)
    result = CliRunner().invoke(group, ["neo4j", "bulk", "-o", str(tmp_path / "bulk-out"),
                                        "--build-dir", str(tmp_path / "build")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full neo4j" in result.output
    assert (tmp_path / "bulk-out" / "nodes_Region.csv").exists()


def test_script_is_literal_and_complete(seed_graph: KnowledgeGraph) -> None:
    text = script_text(project(seed_graph))
    assert "$rows" not in text and "$keep" not in text
    labels = {spec.label for spec in project(seed_graph).mapping.nodes.values()}
    assert text.count("CREATE CONSTRAINT") == len(labels)  # one uniqueness constraint per node label
    assert all(f"FOR (n:{label})" in text for label in labels)
    assert 'date("2025-04-23")' in text
    assert "DETACH DELETE" in text


def test_cypher_literal_escapes() -> None:
    assert cypher_literal('a "q"\\ \n') == '"a \\"q\\"\\\\ \\n"'
    assert cypher_literal([1.5, True, None]) == "[1.5, true, null]"
