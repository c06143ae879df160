"""The property-graph mapping: ontology classes and properties to labels, types and keys.

The mapping is data. Most of it is derived from ``ontology/jejaring.ttl`` (domains, ranges,
datatypes, class hierarchy); ``ontology/mapping.ttl`` adds the node families and the few
overrides the ontology cannot express. Everything downstream — the projection, the Ladybug
schema, the Neo4j sync, bulk CSV headers and the linter's schema — reads
:func:`property_graph_mapping`, so no label or relationship type is typed in Python.

Run ``python -m kg.mapping`` to regenerate ``docs/property-graph.md``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, VANN

from kg.errors import OntologyError
from kg.ontology import ontology_graph
from kg.resources import ontology_dir

__all__ = [
    "PropertySpec",
    "NodeSpec",
    "RelationshipSpec",
    "Mapping",
    "property_graph_mapping",
    "mapping_markdown",
    "upper_snake",
    "MAPPING_FILE",
]

MAPPING_FILE = "mapping.ttl"


def upper_snake(name: str) -> str:
    """Return ``name`` in UPPER_SNAKE case.

    >>> upper_snake("hostRegion")
    'HOST_REGION'
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def _local(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


@dataclass(frozen=True)
class PropertySpec:
    """A node property: its key, type and the RDF predicate it is read from."""

    key: str
    type: str  # STRING, INT64, DOUBLE, DATE, BOOLEAN (the element type when ``many``)
    predicate: URIRef
    many: bool = False
    language: str | None = None
    value_of: URIRef | None = None  # object property stored as this property of its object
    neo4j_type: str = "string"

    @property
    def ladybug_type(self) -> str:
        """The Ladybug column type, ``STRING[]`` for a list."""
        return f"{self.type}[]" if self.many else self.type

    @property
    def neo4j_header_type(self) -> str:
        """The ``neo4j-admin import`` header type, ``string[]`` for a list."""
        return f"{self.neo4j_type}[]" if self.many else self.neo4j_type


@dataclass(frozen=True)
class NodeSpec:
    """A node label: the classes or scheme of its members and its properties."""

    label: str
    classes: tuple[URIRef, ...]
    scheme: URIRef | None
    properties: tuple[PropertySpec, ...]

    @property
    def keys(self) -> list[str]:
        """Property keys besides ``iri``, ``kind`` and ``sources``, in schema order."""
        return [p.key for p in self.properties]


@dataclass(frozen=True)
class RelationshipSpec:
    """A relationship type, its predicate and the (start label, end label) pairs it joins."""

    type: str
    predicate: URIRef
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Mapping:
    """The whole property-graph mapping."""

    nodes: dict[str, NodeSpec]
    relationships: dict[str, RelationshipSpec]
    key: str = "iri"
    kind_key: str = "kind"
    sources_key: str = "sources"
    class_labels: dict[URIRef, str] = field(default_factory=dict)
    class_depth: dict[URIRef, int] = field(default_factory=dict)
    skipped: frozenset[URIRef] = frozenset()

    def label_of(self, cls: URIRef) -> str | None:
        """Return the node label of instances of ``cls`` (None when unmapped)."""
        return self.class_labels.get(cls)

    def by_predicate(self) -> dict[URIRef, RelationshipSpec]:
        """Return the relationship specs keyed by predicate."""
        return {spec.predicate: spec for spec in self.relationships.values()}

    def property_keys(self) -> list[str]:
        """Every node and relationship property key, sorted (for the Cypher linter)."""
        keys = {self.key, self.kind_key, self.sources_key}
        for spec in self.nodes.values():
            keys.update(spec.keys)
        return sorted(keys)


class _Reader:
    """Derive the mapping from the ontology graph plus the mapping file."""

    def __init__(self, onto: Graph, mapping: Graph) -> None:
        self.onto, self.m = onto, mapping
        self.both = onto + mapping
        self.pg = self._namespace()

    def _namespace(self) -> Namespace:
        for subject in self.m.subjects(VANN.preferredNamespacePrefix, Literal("pg")):
            uri = self.m.value(subject, VANN.preferredNamespaceUri)
            if uri is not None:
                return Namespace(str(uri))
        raise OntologyError(f"{MAPPING_FILE}: no vann:preferredNamespaceUri for prefix 'pg'")

    def one(self, subject: URIRef | BNode, predicate: URIRef) -> str | None:
        value = self.m.value(subject, predicate)
        return None if value is None else str(value)

    def uris(self, subject: URIRef | BNode, predicate: URIRef) -> list[URIRef]:
        return sorted(o for o in self.m.objects(subject, predicate) if isinstance(o, URIRef))

    def families(self) -> dict[URIRef, tuple[str, tuple[URIRef, ...], URIRef | None]]:
        found = {}
        for fam in self.m.subjects(RDF.type, self.pg.NodeFamily):
            assert isinstance(fam, URIRef)
            label = self.one(fam, self.pg.label)
            if label is None:
                raise OntologyError(f"{MAPPING_FILE}: node family {fam} has no pg:label")
            scheme = self.m.value(fam, self.pg.scheme)
            found[fam] = (label, tuple(self.uris(fam, self.pg["class"])), scheme if isinstance(scheme, URIRef) else None)
        return found

    def class_families(self, families: dict[URIRef, tuple[str, tuple[URIRef, ...], URIRef | None]]
                       ) -> tuple[dict[URIRef, URIRef], dict[URIRef, int]]:
        """Map every ontology class below a family root to its family, with its depth."""
        fam_of: dict[URIRef, URIRef] = {}
        depth: dict[URIRef, int] = {}
        for fam, (_, roots, _) in families.items():
            for root in roots:
                stack = [(root, 0)]
                while stack:
                    cls, d = stack.pop()
                    fam_of[cls], depth[cls] = fam, d
                    stack.extend((s, d + 1) for s in self.onto.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef))
        return fam_of, depth

    def property_type(self, subject: URIRef | BNode) -> tuple[str, str]:
        ptype = self.m.value(subject, self.pg.propertyType)
        if ptype is None:
            raise OntologyError(f"{MAPPING_FILE}: no pg:propertyType for {subject}")
        return str(self.m.value(ptype, self.pg.ladybugType)), str(self.m.value(ptype, self.pg.neo4jImportType))


def _families_of(reader: _Reader, term: URIRef, override: URIRef, ontology_term: URIRef,
                 fam_of: dict[URIRef, URIRef]) -> list[URIRef]:
    listed = reader.uris(term, override)
    if listed:
        return listed
    found = {fam_of[c] for c in reader.onto.objects(term, ontology_term) if isinstance(c, URIRef) and c in fam_of}
    return sorted(found)


def _derive(onto: Graph, mapping_graph: Graph) -> Mapping:
    reader = _Reader(onto, mapping_graph)
    pg = reader.pg
    families = reader.families()
    fam_of, depth = reader.class_families(families)
    labels = {fam: spec[0] for fam, spec in families.items()}
    props: dict[URIRef, list[PropertySpec]] = {fam: [] for fam in families}

    for fam in families:
        for extra in reader.uris(fam, pg.property):
            lb_type, n4_type = reader.property_type(extra)
            predicate = mapping_graph.value(extra, pg.predicate)
            assert isinstance(predicate, URIRef)
            props[fam].append(PropertySpec(
                key=reader.one(extra, pg.key) or _local(predicate), type=lb_type, neo4j_type=n4_type,
                predicate=predicate, many=reader.one(extra, pg.multiValued) == "true",
                language=reader.one(extra, pg.language)))

    for prop in sorted(p for p in onto.subjects(RDF.type, OWL.DatatypeProperty) if isinstance(p, URIRef)):
        targets = _families_of(reader, prop, pg.onFamily, RDFS.domain, fam_of)
        if not targets:
            raise OntologyError(f"{MAPPING_FILE}: {prop} has no rdfs:domain; add pg:onFamily")
        rng = onto.value(prop, RDFS.range)
        if not isinstance(rng, URIRef):
            raise OntologyError(f"ontology: {prop} has no rdfs:range")
        lb_type, n4_type = reader.property_type(rng)
        spec = PropertySpec(key=_local(prop), type=lb_type, neo4j_type=n4_type, predicate=prop,
                            many=reader.one(prop, pg.multiValued) == "true")
        for fam in targets:
            props[fam].append(spec)

    relationships: dict[str, RelationshipSpec] = {}
    object_props = sorted(p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef))
    extra_rels = sorted(p for p in mapping_graph.subjects(RDF.type, pg.relationship) if isinstance(p, URIRef))
    for prop in object_props + extra_rels:
        value_of = mapping_graph.value(prop, pg.valueOf)
        if isinstance(value_of, URIRef):
            for fam in _families_of(reader, prop, pg.fromFamily, RDFS.domain, fam_of):
                props[fam].append(PropertySpec(key=_local(prop), type="STRING", predicate=prop, value_of=value_of))
            continue
        explicit = [
            (labels[f], labels[t])
            for pair in mapping_graph.objects(prop, pg.pair)
            for f in reader.uris(pair, pg.fromFamily)  # type: ignore[arg-type]
            for t in reader.uris(pair, pg.toFamily)  # type: ignore[arg-type]
        ]
        starts = _families_of(reader, prop, pg.fromFamily, RDFS.domain, fam_of)
        ends = _families_of(reader, prop, pg.toFamily, RDFS.range, fam_of)
        pairs = sorted(set(explicit) or {(labels[f], labels[t]) for f in starts for t in ends})
        if not pairs:
            raise OntologyError(f"{MAPPING_FILE}: cannot derive (from, to) families for {prop}; add pg:fromFamily/pg:toFamily")
        rtype = reader.one(prop, pg.label) or upper_snake(_local(prop))
        if rtype in relationships:
            raise OntologyError(f"{MAPPING_FILE}: relationship type {rtype} mapped twice")
        relationships[rtype] = RelationshipSpec(type=rtype, predicate=prop, pairs=tuple(pairs))

    nodes: dict[str, NodeSpec] = {}
    for fam, (label, classes, scheme) in sorted(families.items(), key=lambda kv: kv[1][0]):
        seen: dict[str, PropertySpec] = {}
        for spec in props[fam]:
            if spec.key in seen and seen[spec.key] != spec:
                raise OntologyError(f"{MAPPING_FILE}: property {spec.key!r} of {label} is mapped twice")
            seen[spec.key] = spec
        nodes[label] = NodeSpec(label=label, classes=classes, scheme=scheme,
                                properties=tuple(sorted(seen.values(), key=lambda p: p.key)))

    clashes = {label.lower() for label in nodes} & {rtype.lower() for rtype in relationships}
    if clashes:
        # Ladybug keeps node and relationship tables in one case-insensitive catalog.
        raise OntologyError(f"{MAPPING_FILE}: relationship types spell node labels {sorted(clashes)}; "
                            "give them a pg:label")
    head = next(iter(mapping_graph.subjects(RDF.type, OWL.Ontology)))
    skipped = frozenset(p for p in mapping_graph.subjects(pg.skip, Literal(True)) if isinstance(p, URIRef))
    return Mapping(
        nodes=nodes,
        relationships=dict(sorted(relationships.items())),
        key=str(mapping_graph.value(head, pg.keyProperty)),
        kind_key=str(mapping_graph.value(head, pg.kindProperty)),
        sources_key=str(mapping_graph.value(head, pg.sourcesProperty)),
        class_labels={cls: labels[fam] for cls, fam in fam_of.items()},
        class_depth=depth,
        skipped=skipped,
    )


@cache
def property_graph_mapping() -> Mapping:
    """Return the property-graph mapping derived from the ontology and ``mapping.ttl``.

    Raises:
        OntologyError: The mapping file is missing a term or contradicts itself.
    """
    path = ontology_dir() / MAPPING_FILE
    try:
        mapping_graph = Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types on bad Turtle
        raise OntologyError(f"{path}: cannot be parsed: {exc}") from exc
    return _derive(ontology_graph(), mapping_graph)


def _curie(iri: URIRef) -> str:
    graph = ontology_graph()
    try:
        return graph.namespace_manager.curie(iri, generate=False)
    except (KeyError, ValueError):
        return f"<{iri}>"


def mapping_markdown(mapping: Mapping | None = None) -> str:
    """Return the Markdown documentation of the mapping (``docs/property-graph.md``)."""
    m = mapping or property_graph_mapping()
    out = [
        "# Property-graph mapping",
        "",
        "GENERATED by `python -m kg.mapping` from `ontology/jejaring.ttl` and `ontology/mapping.ttl` — do not edit.",
        "",
        f"Every node has `{m.key}` (STRING, the unique key: Ladybug primary key, Neo4j uniqueness constraint),",
        f"`{m.kind_key}` (STRING, the local name of its most specific class) and `{m.sources_key}` (STRING[], the",
        "named graphs — sources — that state it). Every relationship has "
        f"`{m.sources_key}` (STRING[]).",
        "",
        "## Node labels",
        "",
    ]
    for spec in m.nodes.values():
        members = ", ".join(_curie(c) for c in spec.classes) or ""
        if spec.scheme is not None:
            members = f"concepts of {_curie(spec.scheme)}"
        kinds = sorted({_local(c) for c, label in m.class_labels.items() if label == spec.label})
        out += [f"### {spec.label}", "", f"Members: {members}.", ""]
        if kinds:
            out += [f"`{m.kind_key}` values: {', '.join(kinds)}.", ""]
        out += ["| property | type | from |", "|---|---|---|"]
        for prop in spec.properties:
            source = _curie(prop.predicate)
            if prop.language:
                source += f" (@{prop.language})"
            if prop.value_of is not None:
                source += f" → {_curie(prop.value_of)}"
            out.append(f"| `{prop.key}` | {prop.ladybug_type} | {source} |")
        out.append("")
    out += ["## Relationship types", "", "| type | from | (start)-[type]->(end) |", "|---|---|---|"]
    for rel in m.relationships.values():
        pairs = "<br>".join(f"({a})→({b})" for a, b in rel.pairs)
        out.append(f"| `{rel.type}` | {_curie(rel.predicate)} | {pairs} |")
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    """Write the mapping documentation to ``docs/property-graph.md`` (or the given path)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path("docs") / "property-graph.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(mapping_markdown(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
