"""The projection of the RDF dataset onto the property graph agrees with SPARQL counts."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF, SKOS

from kg.dataset import KnowledgeGraph
from kg.errors import MirrorError
from kg.loaders.gazetteer import GAZETTEER_GRAPH
from kg.projection import PropertyGraph, project
from kg.vocab import ID, JJ, ONTOLOGY, SECTOR


@pytest.fixture(scope="module")
def projection(seed_graph: KnowledgeGraph) -> PropertyGraph:
    return project(seed_graph)


def _count(graph: KnowledgeGraph, sparql: str) -> int:
    return int(next(iter(graph.query(sparql)))[0].value)


def test_node_counts_equal_sparql_counts(seed_graph: KnowledgeGraph, projection: PropertyGraph) -> None:
    counts = projection.node_counts()
    for label, spec in projection.mapping.nodes.items():
        if spec.scheme is not None:
            sparql = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{SKOS.inScheme}> <{spec.scheme}> }}"
        else:
            roots = " ".join(f"<{c}>" for c in spec.classes)
            sparql = ("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t . ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?root "
                      f"VALUES ?root {{ {roots} }} }}")
        assert counts[label] == _count(seed_graph, sparql), label
    assert counts["Region"] == 552


def test_relationship_counts_equal_sparql_counts(seed_graph: KnowledgeGraph, projection: PropertyGraph) -> None:
    counts = projection.relationship_counts()
    for rtype, spec in projection.mapping.relationships.items():
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{spec.predicate}> ?o }} }}"
        assert counts[rtype] == _count(seed_graph, sparql), rtype
    assert counts["IN_PROVINCE"] == 514
    assert projection.dangling == 0


def test_sources_are_the_graphs_that_state_the_fact(projection: PropertyGraph) -> None:
    nodes = {n.iri: n for n in projection.nodes}
    assert nodes[str(ID["region/61.71"])].sources == (str(GAZETTEER_GRAPH),)
    assert nodes[str(SECTOR["batik"])].sources == (str(ONTOLOGY),)
    broader = [r for r in projection.relationships if r.type == "BROADER"]
    # terms of the scheme files come from the ontology; terms a record adds (vocabulary:) from that record
    assert broader and all(r.sources == (str(ONTOLOGY),) or r.sources[0].startswith(str(ID["source/"]))
                           for r in broader)
    visit = next(n for n in projection.nodes if n.kind == "StudyVisit" and "kotim-pontianak" in n.iri)
    assert len(visit.sources) == 1 and "kotim-pontianak" in visit.sources[0]
    assert all(n.sources for n in projection.nodes)


def test_kind_and_typed_values(projection: PropertyGraph) -> None:
    nodes = {n.iri: n for n in projection.nodes}
    pontianak = nodes[str(ID["region/61.71"])]
    assert pontianak.kind == "City" and pontianak.properties["name"] == "Kota Pontianak"
    assert isinstance(pontianak.properties["latitude"], float)
    aceh = nodes[str(ID["region/11"])]
    assert aceh.kind == "Province" and aceh.properties["alias"] == sorted(aceh.properties["alias"])
    delegation = next(n for n in projection.nodes if n.label == "Delegation" and n.properties["size"] == 56)
    assert delegation.kind == "Delegation"
    mou = next(n for n in projection.nodes if n.kind == "MemorandumOfUnderstanding" and n.properties["signedOn"])
    assert mou.properties["status"] == "signed" and mou.properties["cooperationType"] == "KSDD"
    assert {n.kind for n in projection.nodes if n.label == "Region"} == {"City", "Regency", "Province"}


def test_rows_carry_every_key_of_their_label(projection: PropertyGraph) -> None:
    m = projection.mapping
    for label, spec in m.nodes.items():
        for row in projection.node_rows(label):
            assert list(row) == [m.key, m.kind_key, *spec.keys, m.sources_key]


def test_undeclared_label_pair_is_an_error() -> None:
    graph = KnowledgeGraph()
    g = ox.NamedNode(str(ID["source/test"]))
    person, sector = ox.NamedNode(str(ID["person/x"])), ox.NamedNode(str(SECTOR["batik"]))
    graph.store.add(ox.Quad(person, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(JJ.Person)), g))
    graph.store.add(ox.Quad(sector, ox.NamedNode(str(SKOS.inScheme)), ox.NamedNode(str(JJ.SectorScheme)), g))
    graph.store.add(ox.Quad(person, ox.NamedNode(str(JJ.topic)), sector, g))
    with pytest.raises(MirrorError, match=r"TOPIC \(Person\)->\(Sector\)"):
        project(graph)


def test_projection_is_deterministic(seed_graph: KnowledgeGraph, projection: PropertyGraph) -> None:
    again = project(seed_graph)
    assert again.nodes == projection.nodes and again.relationships == projection.relationships
