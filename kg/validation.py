"""SHACL validation of the built dataset, reported in terms a curator can act on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, SH

from kg.dataset import KnowledgeGraph
from kg.errors import OntologyError
from kg.resources import ontology_dir

__all__ = ["Violation", "validate_graph", "shapes_graph"]

_RECORD_FILES_OF = """
PREFIX jj: <https://w3id.org/jejaring/ontology#>
SELECT DISTINCT ?focus ?file WHERE {
    GRAPH ?g { ?focus ?p ?o }
    ?g jj:recordFile ?file .
} ORDER BY ?file
"""


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong, where it was written."""

    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None
    record_files: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.record_files) or "(no record file)"
        path = f" {self.path}" if self.path else ""
        return f"{where}: {self.severity}: {self.focus}{path}: {self.message}"


@cache
def shapes_graph() -> Graph:
    """Return the SHACL shapes (``ontology/shapes.ttl``)."""
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def _as_rdflib(graph: KnowledgeGraph) -> Graph:
    """Copy into rdflib only what the shapes read: the sources' facts and the ontology.

    Of the gazetteer (regions are shipped data, not curated facts) only types and sources
    are kept, which is all a shape asks of a region.
    """
    import pyoxigraph as ox

    from kg.loaders.gazetteer import GAZETTEER_GRAPH

    keep = {str(RDF.type), str(PROV.wasDerivedFrom)}
    gazetteer = str(GAZETTEER_GRAPH)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in graph.named_quads()
               if q.graph_name.value != gazetteer or q.predicate.value in keep]  # type: ignore[union-attr]
    data = Graph()
    data.parse(data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8"), format="nt")
    return data


def validate_graph(graph: KnowledgeGraph) -> list[Violation]:
    """Validate the union of all graphs against the shapes; return violations, sorted.

    The ontology graph is part of the data, so class targets reach subclasses.
    """
    import pyshacl  # heavy: imported only when validating

    _conforms, results, text = pyshacl.validate(
        _as_rdflib(graph), shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(results, Graph):  # pyshacl reports a broken shapes file this way
        raise OntologyError(f"ontology/shapes.ttl cannot be used: {text}")
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        files = tuple(
            str(row["file"].value)
            for row in graph.select(_RECORD_FILES_OF, focus=focus)
        ) if isinstance(focus, URIRef) else ()
        violations.append(Violation(
            focus=str(focus),
            path=str(path) if isinstance(path, URIRef) else None,
            message=str(results.value(result, SH.resultMessage) or "constraint violated"),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            value=None if value is None else str(value),
            record_files=files,
        ))
    return sorted(violations, key=lambda v: (v.record_files, v.focus, v.path or "", v.message))
