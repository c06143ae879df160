"""The ontology as data: the Turtle files loaded once, and the lookups code needs from them.

Record kinds (``kind: study-visit``), sector and role identifiers, cooperation types and
agreement statuses are all read from ``ontology/*.ttl``; Python never retypes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import OntologyError
from kg.resources import ontology_dir
from kg.vocab import JJ

__all__ = ["ontology_graph", "Vocabulary", "vocabulary", "ONTOLOGY_FILES"]

ONTOLOGY_FILES = ("jejaring.ttl", "sectors.ttl", "roles.ttl")


@cache
def ontology_graph() -> Graph:
    """Return the ontology, sector scheme and role scheme as one rdflib graph."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        path = ontology_dir() / name
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types on bad Turtle
            raise OntologyError(f"{path}: cannot be parsed: {exc}") from exc
    return graph


@dataclass(frozen=True)
class Vocabulary:
    """Controlled values records may use, each mapped to its IRI."""

    organization_kinds: dict[str, URIRef]
    event_kinds: dict[str, URIRef]
    agreement_kinds: dict[str, URIRef]
    sectors: dict[str, URIRef]
    roles: dict[str, URIRef]
    cooperation_types: dict[str, URIRef]
    statuses: dict[str, URIRef]
    broader: dict[URIRef, URIRef]

    def label(self, iri: URIRef, *, language: str = "id") -> str:
        """Return the label of an ontology term or concept in ``language``."""
        graph = ontology_graph()
        for predicate in (SKOS.prefLabel, RDFS.label):
            for value in graph.objects(iri, predicate):
                if getattr(value, "language", None) == language:
                    return str(value)
        return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _is_subclass(graph: Graph, cls: URIRef, ancestor: URIRef) -> bool:
    return ancestor in set(graph.transitive_objects(cls, RDFS.subClassOf))


def _concepts(graph: Graph, scheme: URIRef) -> dict[str, URIRef]:
    return {
        str(graph.value(concept, SKOS.notation)): concept
        for concept in graph.subjects(SKOS.inScheme, scheme)
        if isinstance(concept, URIRef)
    }


@cache
def vocabulary() -> Vocabulary:
    """Return the controlled values, read from the ontology files."""
    graph = ontology_graph()
    families: dict[URIRef, dict[str, URIRef]] = {JJ.Organization: {}, JJ.Event: {}, JJ.Agreement: {}}
    for cls, kind in graph.subject_objects(JJ.recordKind):
        assert isinstance(cls, URIRef)
        for root, table in families.items():
            if _is_subclass(graph, cls, root):
                table[str(kind)] = cls
    broader = {
        s: o for s, o in graph.subject_objects(SKOS.broader)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    }
    if not all(families.values()):
        raise OntologyError("the ontology declares no jj:recordKind for some class family")
    return Vocabulary(
        organization_kinds=families[JJ.Organization],
        event_kinds=families[JJ.Event],
        agreement_kinds=families[JJ.Agreement],
        sectors=_concepts(graph, JJ.SectorScheme),
        roles=_concepts(graph, JJ.RoleScheme),
        cooperation_types=_concepts(graph, JJ.CooperationTypeScheme),
        statuses=_concepts(graph, JJ.AgreementStatusScheme),
        broader=broader,
    )
