"""Project the RDF dataset onto a property graph (nodes and relationships with sources).

The projection reads only the :class:`~kg.dataset.KnowledgeGraph` — never the records — so
RDF from anywhere can be mirrored. It is a pure function of the dataset and the mapping
(:func:`kg.mapping.property_graph_mapping`): a handful of SPARQL queries over Oxigraph, one per
kind of fact, then plain Python grouping. A node's ``sources`` are the named graphs in which
it is the subject of a triple; a relationship's ``sources`` are the graphs that state it
(ontology facts such as sector ``BROADER`` carry the ontology graph's IRI).

A single-valued property stated with different values by different sources keeps the
smallest value, so the projection is deterministic; multi-valued ones are sorted lists.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Union

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from kg.dataset import KnowledgeGraph
from kg.errors import MirrorError
from kg.mapping import Mapping, PropertySpec, property_graph_mapping

__all__ = ["Node", "Relationship", "PropertyGraph", "project"]


@dataclass(frozen=True)
class Node:
    """A property-graph node: one label, its key, kind, properties and sources."""

    label: str
    iri: str
    kind: str
    properties: dict[str, Any]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Relationship:
    """A directed, typed relationship between two nodes, with the sources that state it."""

    type: str
    start: str
    end: str
    start_label: str
    end_label: str
    sources: tuple[str, ...]


@dataclass
class PropertyGraph:
    """The projection: nodes sorted by (label, iri), relationships by (type, start, end)."""

    nodes: list[Node]
    relationships: list[Relationship]
    mapping: Mapping = field(repr=False)
    dangling: int = 0  # relationships dropped because an end is not a node

    def node_counts(self) -> dict[str, int]:
        """Return the number of nodes per label (every mapped label, zero included)."""
        counts = dict.fromkeys(self.mapping.nodes, 0)
        for node in self.nodes:
            counts[node.label] += 1
        return counts

    def relationship_counts(self) -> dict[str, int]:
        """Return the number of relationships per type (every mapped type, zero included)."""
        counts = dict.fromkeys(self.mapping.relationships, 0)
        for rel in self.relationships:
            counts[rel.type] += 1
        return counts

    def node_rows(self, label: str) -> list[dict[str, Any]]:
        """Return the nodes of ``label`` as rows with every key of the label (None when absent)."""
        m = self.mapping
        return [
            {m.key: n.iri, m.kind_key: n.kind, **n.properties, m.sources_key: list(n.sources)}
            for n in self.nodes if n.label == label
        ]

    def relationship_groups(self) -> dict[tuple[str, str, str], list[Relationship]]:
        """Group relationships by (type, start label, end label), in mapping order."""
        groups: dict[tuple[str, str, str], list[Relationship]] = {
            (spec.type, a, b): [] for spec in self.mapping.relationships.values() for a, b in spec.pairs
        }
        for rel in self.relationships:
            groups[(rel.type, rel.start_label, rel.end_label)].append(rel)
        return groups


def _values(terms: Iterable[URIRef]) -> str:
    return " ".join(f"<{t}>" for t in sorted(terms))


def _select(graph: KnowledgeGraph, sparql: str) -> list[tuple[Any, ...]]:
    result = graph.store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return [tuple(solution) for solution in result]  # a solution iterates its values in SELECT order


def _iri_rows(graph: KnowledgeGraph, sparql: str) -> Iterator[list[str]]:
    """The rows of a query whose every value is an IRI, as strings (no Python object per term).

    Oxigraph writes the results as TSV (into a temporary file: at 100,000 records they are
    hundreds of megabytes), where an IRI is ``<…>`` and no IRI holds a tab. Every IRI is
    interned: the many rows naming the same node share one string.
    """
    result = graph.store.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    with tempfile.TemporaryFile() as handle:
        result.serialize(handle, format=ox.QueryResultsFormat.TSV)
        handle.seek(0)
        lines = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
        next(lines, None)  # the header
        for line in lines:
            yield [sys.intern(cell[1:-1]) for cell in line.rstrip("\n").split("\t")]


_Sources = Union[str, set[str]]
"""The graphs stating something: one name (the usual case: no set for it), or several."""


def _add_source(found: dict[Any, _Sources], key: Any, graph: str) -> None:
    seen = found.get(key)
    if seen is None:
        found[key] = graph
    elif isinstance(seen, str):
        if seen != graph:
            found[key] = {seen, graph}
    else:
        seen.add(graph)


def _sorted_sources(found: _Sources | None) -> tuple[str, ...]:
    if found is None:
        return ()
    return (found,) if isinstance(found, str) else tuple(sorted(found))


def _python_value(spec: PropertySpec, term: ox.Literal, subject: str) -> Any:
    text = term.value
    try:
        if spec.type == "INT64":
            return int(text)
        if spec.type == "DOUBLE":
            return float(text)
        if spec.type == "BOOLEAN":
            return text in ("true", "1")
        if spec.type == "DATE":
            return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise MirrorError(f"{subject}: {spec.key} = {text!r} is not a valid {spec.type}") from exc
    return text


def _members(graph: KnowledgeGraph, m: Mapping) -> dict[str, tuple[str, str]]:
    """Return node IRI -> (label, kind)."""
    best: dict[str, tuple[int, str, str]] = {}
    classes: dict[str, tuple[int, str, str]] = {}
    for s, t in _iri_rows(graph, f"SELECT DISTINCT ?s ?t WHERE {{ GRAPH ?g {{ ?s <{RDF.type}> ?t }} "
                                 f"VALUES ?t {{ {_values(m.class_labels)} }} FILTER(isIRI(?s)) }}"):
        key = classes.get(t)
        if key is None:
            cls = URIRef(t)
            key = classes[t] = (-m.class_depth[cls], t.rsplit("#", 1)[-1].rsplit("/", 1)[-1], m.class_labels[cls])
        label = key[2]
        previous = best.get(s)
        if previous is not None and previous[2] != label:
            raise MirrorError(f"{s} is typed as both {previous[2]} and {label}; one label per node")
        if previous is None or key < previous:
            best[s] = key
    members = {iri: (label, kind) for iri, (_, kind, label) in best.items()}
    schemes = {spec.scheme: spec.label for spec in m.nodes.values() if spec.scheme is not None}
    if schemes:
        for s, scheme in _iri_rows(graph, f"SELECT DISTINCT ?s ?scheme WHERE {{ GRAPH ?g {{ ?s <{SKOS.inScheme}> ?scheme }} "
                                          f"VALUES ?scheme {{ {_values(schemes)} }} FILTER(isIRI(?s)) }}"):
            label = schemes[URIRef(scheme)]
            if members.get(s, (label,))[0] != label:
                raise MirrorError(f"{s} is in two node families; one label per node")
            members[s] = (label, label)
    return members


def _node_sources(graph: KnowledgeGraph, members: dict[str, tuple[str, str]]) -> dict[str, _Sources]:
    sources: dict[str, _Sources] = {}
    for s, g in _iri_rows(graph, "SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }"):
        if s in members:
            _add_source(sources, s, g)
    return sources


def _properties(graph: KnowledgeGraph, m: Mapping, members: dict[str, tuple[str, str]]
                ) -> dict[str, dict[str, set[Any]]]:
    """Return node IRI -> key -> set of Python values."""
    by_label_pred: dict[tuple[str, str], list[PropertySpec]] = defaultdict(list)
    plain: set[URIRef] = set()
    valued: set[URIRef] = set()
    for spec in m.nodes.values():
        for prop in spec.properties:
            by_label_pred[(spec.label, str(prop.predicate))].append(prop)
            (valued if prop.value_of is not None else plain).add(prop.predicate)
    found: dict[str, dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))

    def add(rows: list[tuple[Any, ...]]) -> None:
        for s, p, o in rows:
            subject = s.value
            member = members.get(subject)
            if member is None:
                continue
            for prop in by_label_pred.get((member[0], p.value), ()):
                if prop.language is None or o.language == prop.language:
                    found[subject][prop.key].add(_python_value(prop, o, subject))

    add(_select(graph, f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                       f"VALUES ?p {{ {_values(plain)} }} FILTER(isIRI(?s) && isLiteral(?o)) }}"))
    if valued:
        value_preds = {p.value_of for props in by_label_pred.values() for p in props if p.value_of is not None}
        for vp in sorted(v for v in value_preds if v is not None):
            add(_select(graph, f"SELECT DISTINCT ?s ?p ?v WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                               f"GRAPH ?h {{ ?o <{vp}> ?v }} VALUES ?p {{ {_values(valued)} }} "
                               "FILTER(isLiteral(?v)) }"))
    return found


def _relationships(graph: KnowledgeGraph, m: Mapping, members: dict[str, tuple[str, str]]
                   ) -> tuple[list[Relationship], int]:
    by_pred = m.by_predicate()
    grouped: dict[tuple[str, str, str], _Sources] = {}
    for s, p, o, g in _iri_rows(graph, f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                       f"VALUES ?p {{ {_values(by_pred)} }} FILTER(isIRI(?s) && isIRI(?o)) }}"):
        _add_source(grouped, (s, p, o), g)
    spec_of = {str(predicate): spec for predicate, spec in by_pred.items()}
    rels: list[Relationship] = []
    dangling = 0
    bad: set[str] = set()
    for (s, p, o), graphs in grouped.items():
        start, end = members.get(s), members.get(o)
        if start is None or end is None:
            dangling += 1
            continue
        spec = spec_of[p]
        if (start[0], end[0]) not in spec.pairs:
            bad.add(f"{spec.type} ({start[0]})->({end[0]}), e.g. {s} -> {o}")
            continue
        rels.append(Relationship(spec.type, s, o, start[0], end[0], _sorted_sources(graphs)))
    if bad:
        raise MirrorError("relationships whose labels the mapping does not declare (add a pg:pair to "
                          "ontology/mapping.ttl): " + "; ".join(sorted(bad)))
    rels.sort(key=lambda r: (r.type, r.start, r.end))
    return rels, dangling


def project(graph: KnowledgeGraph, *, mapping: Mapping | None = None) -> PropertyGraph:
    """Return the property graph of ``graph`` under ``mapping`` (the shipped one by default).

    Args:
        graph: The RDF dataset (one named graph per source).
        mapping: The property-graph mapping; :func:`property_graph_mapping` by default.

    Raises:
        MirrorError: A node falls in two families, a literal does not fit its type, or a
            relationship joins labels the mapping does not declare.
    """
    m = mapping or property_graph_mapping()
    members = _members(graph, m)
    sources = _node_sources(graph, members)
    values = _properties(graph, m, members)
    nodes = []
    for iri, (label, kind) in members.items():
        props: dict[str, Any] = {}
        found = values.get(iri, {})
        for prop in m.nodes[label].properties:
            vals = found.get(prop.key)
            if not vals:
                props[prop.key] = None
            else:
                props[prop.key] = sorted(vals) if prop.many else min(vals)
        nodes.append(Node(label, iri, kind, props, _sorted_sources(sources.get(iri))))
    nodes.sort(key=lambda n: (n.label, n.iri))
    rels, dangling = _relationships(graph, m, members)
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=m, dangling=dangling)
