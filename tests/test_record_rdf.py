"""What the grown record format writes into the graph (one rich record, queried with SPARQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.dataset import KnowledgeGraph
from kg.loaders.records import read_records
from kg.validation import graph_of, validate_graph

RICH = Path(__file__).parent / "data" / "records_rich" / "rich.yaml"
PREFIX = "PREFIX jj: <https://w3id.org/jejaring/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return graph_of(read_records([RICH]))


def rows(graph: KnowledgeGraph, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(term.value) for term in row) for row in graph.select(PREFIX + query))


def test_the_rich_record_conforms(graph: KnowledgeGraph) -> None:
    assert [str(v) for v in validate_graph(graph, read_records([RICH])) if v.severity == "Violation"] == []


def test_source_url_authors_and_date_basis(graph: KnowledgeGraph) -> None:
    assert rows(graph, "SELECT ?u ?a ?b ?d WHERE { ?s jj:url ?u ; jj:author ?a ; jj:dateBasis ?b ; jj:dateline ?d }") == [
        ("https://example.org/2025/09/02/berita", "Diko Eno", "url", "Kuningan")]


def test_received_on_behalf_of_someone(graph: KnowledgeGraph) -> None:
    found = rows(graph, """SELECT ?who ?for ?role WHERE {
        ?p a jj:Participation ; jj:agent/jj:name ?who ; jj:onBehalfOf/jj:name ?for ; jj:inRole ?role }""")
    assert found == [("Sekretaris Daerah (Pemerintah Kabupaten Kuningan)", "Dian Rahmat Yanuar", "receivedBy")]


def test_unnamed_office_holder_acting_post_titles_and_spouse(graph: KnowledgeGraph) -> None:
    assert rows(graph, "SELECT ?n WHERE { ?p jj:identifiedByPost true ; jj:name ?n }") == [
        ("Sekretaris Daerah (Pemerintah Kabupaten Kuningan)",)]
    assert rows(graph, "SELECT ?n ?q WHERE { ?post jj:acting/skos:notation ?q ; jj:holder/jj:name ?n }") == [
        ("Dian Rahmat Yanuar", "plt")]
    assert rows(graph, "SELECT ?t WHERE { ?p jj:name 'Effendi Edo' ; jj:honorificTitle ?t }") == [("H.",)]
    assert rows(graph, "SELECT ?a ?b WHERE { ?x jj:spouse ?y . ?x jj:name ?a . ?y jj:name ?b }") == [
        ("Effendi Edo", "Siti Edo"), ("Siti Edo", "Effendi Edo")]


def test_place_below_the_regency(graph: KnowledgeGraph) -> None:
    assert rows(graph, "SELECT ?n ?c WHERE { ?e jj:atPlace ?p . ?p jj:name ?n ; jj:kemendagriCode ?c }") == [
        ("Paniis", "32.08.19.2007")]


def test_partly_signed_amendment_with_its_parties_history_and_term(graph: KnowledgeGraph) -> None:
    assert rows(graph, """SELECT ?party ?signed ?signer WHERE { ?n jj:partyOf ?a ; jj:partyOrganization/jj:name ?party ;
        jj:hasSigned ?signed ; jj:signedBy/jj:name ?signer }""") == [
        ("Pemerintah Kabupaten Kuningan", "false", "Sekretaris Daerah (Pemerintah Kabupaten Kuningan)"),
        ("Pemerintah Kota Cirebon", "true", "Effendi Edo")]
    assert rows(graph, "SELECT ?s WHERE { ?a jj:amendmentNumber 3 ; jj:signatory/jj:name ?s }") == [("Effendi Edo",)]
    assert rows(graph, """SELECT ?old ?status WHERE { ?a jj:amends ?o . ?o jj:name ?old ;
        jj:statusHistory/jj:toStatus/skos:notation ?status }""") == [("PKS sumber mata air Paniis", "signed")]
    assert rows(graph, "SELECT ?v ?u WHERE { ?a jj:amendmentNumber 3 ; jj:validity ?v ; jj:validUntil ?u }") == [
        ("P5Y", "2030-09-01")]
    assert rows(graph, "SELECT ?v ?per WHERE { ?a jj:amount [ jj:amountValue ?v ; jj:perUnit ?per ] }") == [
        ("1500000000", "tahun")]
