"""The property-graph mapping: derived from the ontology, documented, free of clashes."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import OWL, RDF

from kg.mapping import mapping_markdown, property_graph_mapping, upper_snake
from kg.ontology import ontology_graph
from kg.vocab import JJ

REPO = Path(__file__).resolve().parent.parent
LABELS = {"Region", "Person", "Organization", "Post", "Event", "Delegation", "Agreement", "Program", "Product",
          "Sector", "Role", "Source", "Place", "Participation", "AgreementParty", "StatusChange", "MonetaryAmount", "Correction",
          "ParticipantGroup", "Statistic"}


def test_docs_table_is_generated_from_the_mapping() -> None:
    committed = (REPO / "docs" / "property-graph.md").read_text(encoding="utf-8")
    assert committed == mapping_markdown(), "run `python -m kg.mapping` to regenerate docs/property-graph.md"


def test_one_label_per_node_family() -> None:
    assert set(property_graph_mapping().nodes) == LABELS


def test_relationship_types_derive_from_object_properties() -> None:
    m = property_graph_mapping()
    assert m.relationships["HOST_REGION"].predicate == JJ.hostRegion
    assert m.relationships["HOST_REGION"].pairs == (("Event", "Region"),)
    assert m.relationships["IN_PROVINCE"].pairs == (("Region", "Region"),)
    assert ("Sector", "Sector") in m.relationships["BROADER"].pairs
    assert set(m.relationships["TOPIC"].pairs) == {(f, "Sector") for f in ("Event", "Agreement", "Program", "Product")}
    assert m.relationships["FOLLOWS"].pairs == (("Agreement", "Agreement"),)  # domain/range subclasses lifted


def test_every_object_property_is_a_relationship_or_a_value() -> None:
    m = property_graph_mapping()
    mapped = {spec.predicate for spec in m.relationships.values()}
    mapped |= {p.predicate for spec in m.nodes.values() for p in spec.properties}
    for prop in ontology_graph().subjects(RDF.type, OWL.ObjectProperty):
        assert prop in mapped, prop


def test_datatype_properties_are_typed_from_their_ranges() -> None:
    props = {(label, p.key): p for label, spec in property_graph_mapping().nodes.items() for p in spec.properties}
    assert props[("Delegation", "size")].ladybug_type == "INT64"
    assert props[("Delegation", "size")].neo4j_header_type == "long"
    assert props[("Event", "startDate")].ladybug_type == "DATE"
    assert props[("Region", "latitude")].ladybug_type == "DOUBLE"
    assert props[("Product", "potential")].ladybug_type == "BOOLEAN"
    assert props[("Region", "alias")].ladybug_type == "STRING[]"
    assert props[("Region", "alias")].neo4j_header_type == "string[]"
    assert props[("Agreement", "status")].value_of is not None


def test_no_relationship_type_spells_a_label() -> None:
    # LadybugDB's catalog is case-insensitive across node and relationship tables.
    m = property_graph_mapping()
    assert not {label.lower() for label in m.nodes} & {t.lower() for t in m.relationships}
    assert "HAS_DELEGATION" in m.relationships and "HAS_ROLE" in m.relationships


def test_upper_snake() -> None:
    assert upper_snake("hostRegion") == "HOST_REGION"
    assert upper_snake("inProvince") == "IN_PROVINCE"
    assert upper_snake("topic") == "TOPIC"
