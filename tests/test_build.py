from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build_graph, write_build
from kg.dataset import KnowledgeGraph
from kg.errors import RecordError

PREFIX = "PREFIX jj: <https://w3id.org/jejaring/ontology#>\n"


def rows(graph: KnowledgeGraph, sparql: str, **bindings: object) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in graph.query(PREFIX + sparql, bindings=bindings))  # type: ignore[arg-type]


def test_kotim_delegation_visited_pontianak(seed_graph: KnowledgeGraph) -> None:
    found = rows(seed_graph, """
        SELECT ?from ?size ?leader ?leaderRole ?date ?host ?receiver ?receiverRole WHERE {
          ?event a jj:StudyVisit ; jj:delegation ?d ; jj:startDate ?date ;
                 jj:hostRegion/jj:kemendagriCode ?host ; jj:receivedBy ?r .
          ?d jj:fromRegion/jj:name ?from ; jj:size ?size ; jj:leader ?l .
          ?l jj:name ?leader . ?post jj:holder ?l ; jj:role ?lr .
          ?lr <http://www.w3.org/2004/02/skos/core#notation> ?leaderRole .
          ?r jj:name ?receiver . ?rpost jj:holder ?r ; jj:role ?rr .
          ?rr <http://www.w3.org/2004/02/skos/core#notation> ?receiverRole .
        }""")
    assert found == [("Kabupaten Kotawaringin Timur", "56", "Irawati", "wakil-bupati", "2025-04-23",
                      "61.71", "Bahasan", "wakil-wali-kota")]


def test_blitar_holds_six_signed_mous_valid_five_years(seed_graph: KnowledgeGraph) -> None:
    found = rows(seed_graph, """
        SELECT ?partner ?validity ?until WHERE {
          ?a a jj:MemorandumOfUnderstanding ; jj:status jj:Signed ;
             jj:partyRegion ?blitar , ?p ; jj:validity ?validity ; jj:validUntil ?until .
          ?blitar jj:kemendagriCode "35.72" .
          ?p jj:name ?partner . FILTER (?p != ?blitar)
        }""")
    assert [r[0] for r in found] == ["Kota Bekasi", "Kota Depok", "Kota Palangkaraya", "Kota Samarinda",
                                     "Kota Surabaya", "Kota Surakarta"]
    assert {r[1] for r in found} == {"P5Y"}
    assert {r[2][:4] for r in found} == {"2030"}


def test_blitar_planned_cooperation_with_cirebon_and_kendari(seed_graph: KnowledgeGraph) -> None:
    found = rows(seed_graph, """
        SELECT ?partner WHERE {
          ?a jj:status jj:Planned ; jj:partyRegion ?b , ?p .
          ?b jj:kemendagriCode "35.72" . ?p jj:name ?partner . FILTER (?p != ?b)
        }""")
    assert found == [("Kota Cirebon",), ("Kota Kendari",)]


def test_bangkalan_runs_zero_interest_loans_for_umkm(seed_graph: KnowledgeGraph) -> None:
    found = rows(seed_graph, """
        SELECT ?name WHERE {
          ?p a jj:Program ; jj:name ?name ; jj:ownerRegion/jj:kemendagriCode "35.26" ;
             jj:topic <https://w3id.org/jejaring/id/sector/umkm> , <https://w3id.org/jejaring/id/sector/pembiayaan> .
        }""")
    assert len(found) == 1
    assert "0" in found[0][0] or "bunga" in found[0][0].lower()


def test_pekalongan_and_bangkalan_met_on_batik_and_umkm(seed_graph: KnowledgeGraph) -> None:
    found = rows(seed_graph, """
        SELECT ?date ?kind WHERE {
          ?e jj:startDate ?date ; a ?kind ; jj:hostRegion/jj:kemendagriCode "35.26" ;
             jj:delegation/jj:fromRegion/jj:kemendagriCode "33.75" ;
             jj:topic <https://w3id.org/jejaring/id/sector/batik> , <https://w3id.org/jejaring/id/sector/umkm> .
          FILTER (?kind = jj:FocusGroupDiscussion)
        }""")
    assert found == [("2026-02-13", "https://w3id.org/jejaring/ontology#FocusGroupDiscussion")]


def test_every_fact_graph_has_a_source_description(seed_graph: KnowledgeGraph) -> None:
    unsourced = rows(seed_graph, """
        SELECT ?s WHERE {
          GRAPH ?g { ?s a ?c }
          FILTER (?c NOT IN (jj:NewsArticle, jj:Gazetteer))
          FILTER (STRSTARTS(STR(?g), "https://w3id.org/jejaring/id/source/"))
          FILTER NOT EXISTS { GRAPH ?g { ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?g } }
        }""")
    assert unsourced == []


def test_build_twice_gives_byte_identical_output(tmp_path: Path) -> None:
    first = write_build(build_graph(), tmp_path / "a")
    second = write_build(build_graph(), tmp_path / "b")
    for a, b in zip(first.files, second.files):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_turtle_parses_with_rdflib_and_rapper_to_the_same_count(tmp_path: Path) -> None:
    result = write_build(build_graph(), tmp_path)
    turtle = tmp_path / "jejaring.ttl"
    rdflib_count = len(Graph().parse(turtle, format="turtle"))
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) must be installed by scripts/test.sh"
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(turtle)], capture_output=True, text=True, check=True)
    rapper_count = int(done.stderr.split("returned")[1].split("triples")[0])
    assert rapper_count == rdflib_count > 5000
    assert result.stats["quads"] >= rdflib_count


def test_trig_round_trips_through_rdflib(tmp_path: Path, seed_graph: KnowledgeGraph) -> None:
    write_build(seed_graph, tmp_path)
    reloaded = KnowledgeGraph.load(tmp_path / "jejaring.trig")
    assert len(reloaded) == len(seed_graph)
    assert reloaded.graph_names() == seed_graph.graph_names()


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    result = write_build(build_graph(), tmp_path)
    before = {p.name: p.read_bytes() for p in result.files}
    bad = Path(__file__).parent / "data" / "bad" / "misspelt_field.yaml"
    with pytest.raises(RecordError):
        write_build(build_graph([bad]), tmp_path)
    assert {p.name: p.read_bytes() for p in result.files} == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_stats_count_classes(seed_graph: KnowledgeGraph) -> None:
    counts = seed_graph.class_counts()
    assert counts["Province"] == 38
    assert counts["Regency"] + counts["City"] == 514
    assert counts["NewsArticle"] == 5
    assert counts["MemorandumOfUnderstanding"] == 8
