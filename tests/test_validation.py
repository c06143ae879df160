from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_graph
from kg.dataset import KnowledgeGraph
from kg.validation import validate_graph

SHACL = Path(__file__).parent / "data" / "shacl"
EXPECTED = {
    "agreement_one_party.yaml": "an agreement needs at least two parties (agreements.*.parties)",
    "date_before_1945.yaml": "date 1900-04-23 is outside 1945 … next year (attestedOn)\n"
                             "date 1900-04-23 is outside 1945 … next year (startDate)",
    "visit_without_host.yaml": "a visit needs a host (events.*.host)",
    "visit_without_visitor.yaml": "a visit needs a visitor (events.*.delegations)",
}


def test_seed_graph_conforms(seed_graph: KnowledgeGraph) -> None:
    assert validate_graph(seed_graph) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shacl_violation_message(name: str) -> None:
    violations = validate_graph(build_graph([SHACL / name]))
    assert {v.record_files for v in violations} == {(name,)}
    assert "\n".join(sorted(v.message for v in violations)) == EXPECTED[name]


def test_fact_without_source_is_caught() -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from kg.dataset import TripleBuffer
    from kg.vocab import ID, JJ

    graph = build_graph([SHACL / "agreement_one_party.yaml"])
    orphan = ID["person/nobody"]
    buffer = TripleBuffer()
    buffer.add((orphan, RDF.type, JJ.Person))
    buffer.add((orphan, JJ.name, Literal("Nobody")))
    graph.add_triples(URIRef("urn:x-test:unsourced"), buffer)
    messages = {v.message for v in validate_graph(graph) if v.focus == str(orphan)}
    assert messages == {"a fact with no source: every entity must say which article or list it came from"}
