from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_graph
from kg.dataset import KnowledgeGraph
from kg.validation import validate_graph

SHACL = Path(__file__).parent / "data" / "shacl"
VISIT_HOST = ("a visit needs a host (events.*.host), unless it is planned, postponed or cancelled with a destination "
              "(events.*.location) or a joint visit of at least two participants (events.*.participants)")
VISIT_VISITOR = ("a visit needs a visitor (events.*.delegations), unless it is a joint visit of at least two participants "
                 "(events.*.participants)")
EXPECTED = {
    "agreement_one_party.yaml": "an agreement needs at least two parties (agreements.*.parties)",
    "date_before_1945.yaml": "date 1900-04-23 is outside 1945 … next year (attestedOn)\n"
                             "date 1900-04-23 is outside 1945 … next year (startDate)",
    "visit_without_host.yaml": VISIT_HOST,
    "planned_visit_without_destination.yaml": VISIT_HOST,
    "joint_visit_of_one.yaml": VISIT_HOST + "\n" + VISIT_VISITOR,
    "visit_without_visitor.yaml": VISIT_VISITOR,
    "signed_party_not_signed.yaml": "the agreement's status is signed but party Pemerintah Kota Pontianak has not "
                                    "signed: use awaiting-countersignature (agreements.*.status) or mark the party "
                                    "signed (parties[].signed)",
    "amendment_without_target.yaml": "an amendment needs the agreement it amends or extends "
                                     "(agreements.*.amends or extends)",
    "valid_until_before_from.yaml": "valid until 2024-04-22 is before valid from 2025-04-23 (agreements.*.valid_until)",
    "planned_in_the_past.yaml": "the event is planned but ends 2025-04-21, before the article's publication on "
                                "2025-04-24: is its status still right? (events.*.status)",
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


def test_one_run_reports_schema_reference_and_shacl_problems_at_their_lines() -> None:
    from kg.validation import validate_records

    bad = SHACL.parent / "bad"
    report = validate_records([bad / "misspelt_field.yaml", bad / "unknown_person.yaml",
                               SHACL / "amendment_without_target.yaml"])
    lines = report.lines()
    assert not report.ok
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{bad / 'misspelt_field.yaml'}:24",
        f"{bad / 'unknown_person.yaml'}:26",
        f"{SHACL / 'amendment_without_target.yaml'}:25",
    ]
    assert "Input should be" not in "\n".join(lines)


def test_warnings_do_not_fail_validation() -> None:
    from kg.validation import validate_records

    report = validate_records([SHACL / "planned_in_the_past.yaml"])
    assert report.ok
    assert [v.severity for v in report.violations] == ["Warning"]
