"""The ontology as data: the Turtle files loaded once, and the lookups code needs from them.

Record kinds (``kind: study-visit``), sector and role identifiers, cooperation types and
agreement statuses are all read from ``ontology/*.ttl``; Python never retypes them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import OntologyError
from kg.resources import ontology_dir
from kg.vocab import JJ

__all__ = ["ontology_graph", "Vocabulary", "vocabulary", "ONTOLOGY_FILES", "FAMILIES", "normalize_term", "TermMatch"]

ONTOLOGY_FILES = ("jejaring.ttl", "kinds.ttl", "sectors.ttl", "roles.ttl", "statuses.ttl")

#: The controlled vocabularies a record uses, by the name ``kg vocab`` and messages give them.
FAMILIES = ("organization kind", "event kind", "agreement kind", "sector", "role", "agreement status",
            "event status", "cooperation type", "acting qualifier")


def normalize_term(text: str) -> str:
    """Return the form terms are matched in: casefolded, dots dropped, words joined by hyphens.

    >>> normalize_term("Kunjungan  Kerja"), normalize_term("Wakil_Bupati"), normalize_term("Pj.")
    ('kunjungan-kerja', 'wakil-bupati', 'pj')
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    folded = folded.replace(".", "").replace("'", "")
    return re.sub(r"[^a-z0-9/]+", "-", folded).strip("-")


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
    event_statuses: dict[str, URIRef] = field(default_factory=dict)
    acting_qualifiers: dict[str, URIRef] = field(default_factory=dict)
    labels: dict[str, dict[str, frozenset[URIRef]]] = field(default_factory=dict)
    ids: dict[str, dict[URIRef, str]] = field(default_factory=dict)

    def table(self, family: str) -> dict[str, URIRef]:
        """Return the id → IRI table of a family (one of :data:`FAMILIES`)."""
        return {
            "organization kind": self.organization_kinds, "event kind": self.event_kinds,
            "agreement kind": self.agreement_kinds, "sector": self.sectors, "role": self.roles,
            "agreement status": self.statuses, "event status": self.event_statuses,
            "cooperation type": self.cooperation_types, "acting qualifier": self.acting_qualifiers,
        }[family]

    def match(self, family: str, text: str, extra: dict[str, URIRef] | None = None) -> TermMatch:
        """Find the term of ``family`` whose id, preferred or alternative label is ``text``.

        Args:
            family: One of :data:`FAMILIES`.
            text: What the record says (``wabup``, ``Wakil Bupati``, ``wakil-bupati``).
            extra: Terms a record adds (id → IRI), matched by id.

        Returns:
            The match: ``iri`` set when exactly one term fits, else ``candidates`` (ambiguous)
            or ``suggestions`` (close ids and labels for a did-you-mean).
        """
        table = dict(self.table(family))
        table.update(extra or {})
        if text in table:
            return TermMatch(iri=table[text])
        key = normalize_term(text)
        by_id = {normalize_term(k): v for k, v in table.items()}
        if key in by_id:
            return TermMatch(iri=by_id[key])
        hits = self.labels.get(family, {}).get(key, frozenset())
        if len(hits) == 1:
            return TermMatch(iri=next(iter(hits)))
        ids = {v: k for k, v in table.items()}
        if len(hits) > 1:
            return TermMatch(candidates=tuple(sorted(ids.get(h, str(h)) for h in hits)))
        words = list(by_id) + list(self.labels.get(family, {}))
        close = difflib.get_close_matches(key, words, n=3, cutoff=0.75)
        suggestions: list[str] = []
        for word in close:
            for iri in ([by_id[word]] if word in by_id else sorted(self.labels[family][word])):
                ident = ids.get(iri)
                if ident and ident not in suggestions:
                    suggestions.append(ident)
        return TermMatch(suggestions=tuple(suggestions))

    def id_of(self, family: str, iri: URIRef) -> str:
        """Return the record id of ``iri`` in ``family``."""
        known = self.ids.get(family, {}).get(iri)
        if known is not None:
            return known
        for ident, value in self.table(family).items():
            if value == iri:
                return ident
        return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def label(self, iri: URIRef, *, language: str = "id") -> str:
        """Return the label of an ontology term or concept in ``language``."""
        graph = ontology_graph()
        for predicate in (SKOS.prefLabel, RDFS.label):
            for value in graph.objects(iri, predicate):
                if getattr(value, "language", None) == language:
                    return str(value)
        return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class TermMatch:
    """The outcome of matching a record's word against a vocabulary."""

    iri: URIRef | None = None
    candidates: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


def _label_index(graph: Graph, tables: dict[str, dict[str, URIRef]]) -> dict[str, dict[str, frozenset[URIRef]]]:
    index: dict[str, dict[str, frozenset[URIRef]]] = {}
    for family, table in tables.items():
        words: dict[str, set[URIRef]] = {}
        for iri in table.values():
            for predicate in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, SKOS.hiddenLabel):
                for label in graph.objects(iri, predicate):
                    words.setdefault(normalize_term(str(label)), set()).add(iri)
        index[family] = {word: frozenset(iris) for word, iris in words.items()}
    return index


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
    tables = {
        "organization kind": families[JJ.Organization],
        "event kind": families[JJ.Event],
        "agreement kind": families[JJ.Agreement],
        "sector": _concepts(graph, JJ.SectorScheme),
        "role": _concepts(graph, JJ.RoleScheme),
        "agreement status": _concepts(graph, JJ.AgreementStatusScheme),
        "event status": _concepts(graph, JJ.EventStatusScheme),
        "cooperation type": _concepts(graph, JJ.CooperationTypeScheme),
        "acting qualifier": _concepts(graph, JJ.ActingQualifierScheme),
    }
    return Vocabulary(
        organization_kinds=tables["organization kind"],
        event_kinds=tables["event kind"],
        agreement_kinds=tables["agreement kind"],
        sectors=tables["sector"],
        roles=tables["role"],
        cooperation_types=tables["cooperation type"],
        statuses=tables["agreement status"],
        broader=broader,
        event_statuses=tables["event status"],
        acting_qualifiers=tables["acting qualifier"],
        labels=_label_index(graph, tables),
        ids={family: {iri: ident for ident, iri in table.items()} for family, table in tables.items()},
    )
