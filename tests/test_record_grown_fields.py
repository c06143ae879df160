"""What the second round of record fields writes into the graph, on the corpus records that use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.dataset import KnowledgeGraph
from kg.loaders.records import read_records
from kg.validation import graph_of

RECORDS = Path(__file__).parent.parent / "data" / "records"


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    names = ("102_", "103_", "105_", "107_", "116_", "117_", "119_", "123_", "126_", "127_", "128_", "130_")
    # graph_of emits the referenced kecamatan and desa as kg validate does
    return graph_of(read_records(sorted(p for p in RECORDS.glob("*.yaml") if p.name.startswith(names))))


def _values(graph: KnowledgeGraph, query: str) -> list[tuple[str, ...]]:
    rows = graph.select("PREFIX jj: <https://w3id.org/jejaring/ontology#>\n" + query)
    return sorted(tuple(str(term.value) if term is not None else "" for term in row) for row in rows)


def test_a_joint_field_visit_lies_in_two_regions_and_two_villages(graph: KnowledgeGraph) -> None:
    rows = _values(graph, """SELECT ?region ?place WHERE {
        ?e a jj:FieldVisit ; jj:locatedIn/jj:name ?region ; jj:atPlace/jj:name ?place ; jj:participant ?p }""")
    assert {r[0] for r in rows} == {"Kabupaten Kapuas", "Kabupaten Barito Kuala"}
    assert {r[1] for r in rows} == {"Banama", "Karya Jadi"}


def test_visits_that_did_not_happen_have_destinations_and_no_host(graph: KnowledgeGraph) -> None:
    rows = _values(graph, """SELECT ?name ?where WHERE {
        ?e jj:name ?name ; jj:locatedIn/jj:name ?where ; jj:eventStatus/<http://www.w3.org/2004/02/skos/core#notation> ?s .
        FILTER (?s IN ("planned", "cancelled")) FILTER NOT EXISTS { ?e jj:hostOrganization ?h } }""")
    assert {r[1] for r in rows} == {"Kota Malang", "Daerah Khusus Ibukota Jakarta", "Jawa Barat"}


def test_a_bounded_date_gives_a_latest_day_and_no_signing_day(graph: KnowledgeGraph) -> None:
    rows = _values(graph, """SELECT ?latest ?bound WHERE {
        ?a jj:latestDate ?latest ; jj:dateBound ?bound ; jj:party/jj:governs/jj:name "Kabupaten Lombok Timur" .
        FILTER NOT EXISTS { ?a jj:signedOn ?d } }""")
    assert rows == [("2025-06-15", "before"), ("2025-06-15", "before")]


def test_unclear_councils_keep_their_province(graph: KnowledgeGraph) -> None:
    rows = _values(graph, "SELECT ?name ?province WHERE { ?o jj:name ?name ; jj:certainRegion/jj:name ?province }")
    assert rows == [("DPRD Jambi", "Jambi"), ("DPRD Pasuruan", "Jawa Timur"), ("DPRD Probolinggo", "Jawa Timur")]


def test_route_preparation_learning_adaptation_and_groups(graph: KnowledgeGraph) -> None:
    assert _values(graph, "SELECT DISTINCT ?a ?b WHERE { ?e jj:routeFrom/jj:name ?a ; jj:routeTo/jj:name ?b }") == [
        ("Kota Ambon", "Kota Bitung")]
    assert len(_values(graph, "SELECT ?e ?later WHERE { ?e jj:preparesFor ?later }")) == 2
    assert _values(graph, "SELECT ?l ?f WHERE { ?e jj:learner/jj:name ?l ; jj:learnsFrom/jj:name ?f }") == [
        ("Pemerintah Kabupaten Gunungkidul", "Pemerintah Kota Malang")]
    assert _values(graph, "SELECT ?p WHERE { ?x jj:adaptedFrom/jj:name ?p }") == [("JAKI (Jakarta Kini)",)]
    groups = _values(graph, "SELECT ?role WHERE { ?d jj:memberGroup/jj:groupRole/<http://www.w3.org/2004/02/skos/core#notation> ?role }")
    assert groups == [("camat",), ("kepala-dinas",), ("lurah",)]


def test_statistics_obligations_sites_and_inconsistencies(graph: KnowledgeGraph) -> None:
    assert _values(graph, "SELECT ?v WHERE { ?o jj:statistic [ jj:statisticValue ?v ; jj:startDate ?d ] } ORDER BY ?v") == [
        ("20",), ("4",), ("77",)]
    duties = _values(graph, "SELECT ?duty WHERE { ?p a jj:AgreementParty ; jj:obligation ?duty }")
    assert len(duties) == 4
    assert ("Paniis",) in _values(graph, "SELECT ?p WHERE { ?a jj:siteRegion ?r ; jj:atPlace/jj:name ?p }")
    assert len(_values(graph, "SELECT ?n WHERE { ?s jj:sourceInconsistency ?n }")) == 1
