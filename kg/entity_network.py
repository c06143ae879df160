"""The networkx projection of the RDF dataset: every typed entity as a node, ties as edges.

The projection reads the dataset, never the records, so RDF from elsewhere maps the same way.
Families (Region, Person, Organization, Event, Delegation, Agreement, Program, Product,
Sector), their kinds, colours, shapes and legend all come from the ontology through
:func:`map_style`: the top-level Jejaring classes are the families, their subclasses the
kinds, and concept schemes used as topics (the sector scheme) families of their own.
Two kinds of class are not nodes: sources (subclasses of ``prov:Entity``) become each node's
``sources`` list, and posts (``jj:Post``, a reified relation) become a person→organization
edge labelled with the role.

Node attributes: ``iri``, ``label``, ``family``, ``family_label``, ``kind``, ``kind_label``,
``facts`` (list of (property label, value)), ``sources`` (list of (source IRI, headline)),
``date`` (ISO date or None) and, on regions, ``coordinates`` ((lat, lon) or None).
Edge attributes (key = predicate local name): ``predicate``, ``label``, ``date``, ``sources``.
"""

from __future__ import annotations

import colorsys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.vocab import JJ, ONTOLOGY

if TYPE_CHECKING:
    import networkx as nx

    from kg.dataset import KnowledgeGraph

__all__ = [
    "Family",
    "Kind",
    "MapStyle",
    "map_style",
    "local_name",
    "entity_network",
    "neighbourhood",
    "sector_subgraph",
    "subgraph_around",
    "from_region_network",
]

# Colour-blind-friendly hues (Tableau 10), handed to the families in sorted order of their
# local names; shapes likewise. Both are palettes, not a table of family names.
PALETTE = ("#e15759", "#f28e2b", "#d4a72c", "#76b7b2", "#59a14f", "#ff9da7", "#b07aa1",
           "#4e79a7", "#9c755f", "#bab0ac")
SHAPES = ("diamond", "triangle", "star", "square", "dot", "triangleDown", "hexagon", "dot",
          "ellipse", "box")
# The properties that date a node, in order of preference (an event's start, a signing).
DATE_PROPERTIES = (JJ.startDate, JJ.signedOn, JJ.validFrom)


def local_name(iri: str) -> str:
    """Return the part of an IRI after its last ``#`` or ``/``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Kind:
    """A class (or concept scheme) of nodes, with its colour."""

    iri: URIRef
    name: str
    label: str
    colour: str


@dataclass(frozen=True)
class Family:
    """A top-level class of nodes: one shape, one hue, kinds in shades of it."""

    iri: URIRef
    name: str
    label: str
    colour: str
    shape: str
    kinds: dict[URIRef, Kind] = field(default_factory=dict)


@dataclass(frozen=True)
class MapStyle:
    """Families and kinds of the ontology, with the labels of its properties."""

    families: tuple[Family, ...]
    by_class: dict[URIRef, tuple[Family, Kind]]
    property_labels: dict[URIRef, str]
    hubs: frozenset[str]
    language: str

    def family(self, name: str) -> Family:
        """Return the family called ``name`` (a class local name such as the region class's)."""
        for family in self.families:
            if family.name == name:
                return family
        raise KeyError(name)

    def family_of(self, iri: URIRef) -> Family:
        """Return the family of the class ``iri``."""
        return self.by_class[iri][0]


def _label(graph: object, iri: URIRef, language: str) -> str:
    from rdflib import Graph

    assert isinstance(graph, Graph)
    best: dict[str, str] = {}
    for predicate in (SKOS.prefLabel, RDFS.label):
        for value in graph.objects(iri, predicate):
            if isinstance(value, Literal):
                best.setdefault(value.language or "", str(value))
    return best.get(language) or best.get("en") or best.get("") or local_name(str(iri))


def _shade(colour: str, index: int, count: int) -> str:
    """Return shade ``index`` of ``count`` around ``colour`` (darker to lighter)."""
    if count <= 1:
        return colour
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(red, green, blue)
    light = min(0.85, max(0.25, light - 0.18 + 0.36 * index / (count - 1)))
    red, green, blue = colorsys.hls_to_rgb(hue, light, sat)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))


@cache
def map_style(*, language: str = "id") -> MapStyle:
    """Derive node families, kinds, colours, shapes and property labels from the ontology.

    Args:
        language: ``id`` or ``en``: the language of the labels (falls back to English).
    """
    from kg.ontology import ontology_graph

    graph = ontology_graph()
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(JJ))}

    def ancestors(cls: URIRef) -> list[URIRef]:
        return [a for a in graph.transitive_objects(cls, RDFS.subClassOf) if isinstance(a, URIRef)]

    roots = sorted(
        (c for c in classes
         if not any(a in classes for a in ancestors(c) if a != c)
         and PROV.Entity not in ancestors(c) and c != JJ.Post),
        key=str,
    )
    # Concepts that are topics (sectors) are nodes too; roles and statuses are only labels.
    schemes = [JJ.SectorScheme] if (JJ.SectorScheme, RDF.type, SKOS.ConceptScheme) in graph else []
    members: dict[URIRef, list[URIRef]] = {r: [] for r in roots}
    for cls in classes:
        for root in roots:
            if root in ancestors(cls):
                members[root].append(cls)
    entries = [(r, local_name(str(r))) for r in roots] + [(s, local_name(str(s)).removesuffix("Scheme")) for s in schemes]
    entries.sort(key=lambda e: e[1])
    families: list[Family] = []
    by_class: dict[URIRef, tuple[Family, Kind]] = {}
    for index, (iri, name) in enumerate(entries):
        colour = PALETTE[index % len(PALETTE)]
        kinds_iris = sorted(members.get(iri, [iri]), key=lambda c: (c != iri, str(c)))
        label = _label(graph, iri, language)
        kinds = {
            k: Kind(iri=k, name=local_name(str(k)) if k in classes else name,
                    label=_label(graph, k, language) if k in classes else label,
                    colour=_shade(colour, i, len(kinds_iris)))
            for i, k in enumerate(kinds_iris)
        }
        family = Family(iri=iri, name=name, label=label, colour=colour, shape=SHAPES[index % len(SHAPES)], kinds=kinds)
        families.append(family)
        for kind in kinds.values():
            by_class[kind.iri] = (family, kind)
    properties = {
        p: _label(graph, p, language)
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)
    }
    properties[SKOS.broader] = _label(graph, SKOS.broader, language) if (SKOS.broader, None, None) in graph else "broader"
    hubs = frozenset(by_class[c][0].name for c in (JJ.Region, JJ.SectorScheme) if c in by_class)
    return MapStyle(families=tuple(families), by_class=by_class, property_labels=properties, hubs=hubs, language=language)


def _concept_label(iri: URIRef, language: str) -> str:
    from kg.ontology import ontology_graph

    return _label(ontology_graph(), iri, language)


def _text(value: object) -> str:
    if isinstance(value, Literal) and value.datatype == XSD.boolean:
        return "✓" if value.toPython() else "✗"
    return str(value)


def entity_network(graph: KnowledgeGraph, *, language: str = "id") -> nx.MultiDiGraph:
    """Project the dataset's typed entities and their ties into a networkx MultiDiGraph.

    Args:
        graph: The knowledge graph.
        language: Language of the property and class labels (``id`` or ``en``).

    Returns:
        A MultiDiGraph keyed by IRI strings; see the module docstring for attributes.
    """
    import networkx as nx
    import pyoxigraph as ox

    style = map_style(language=language)
    sector_family = style.by_class.get(JJ.SectorScheme)
    ontology = ox.NamedNode(str(ONTOLOGY))
    types: dict[str, str] = {}
    literals: dict[str, list[tuple[str, object]]] = defaultdict(list)
    links: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for quad in graph.store.quads_for_pattern(None, None, None, None):
        if quad.graph_name == ontology or not isinstance(quad.subject, ox.NamedNode):
            continue
        subject, predicate, obj = quad.subject.value, quad.predicate.value, quad.object
        where = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        if predicate == str(RDF.type) and isinstance(obj, ox.NamedNode):
            if URIRef(obj.value) in style.by_class or URIRef(obj.value) in (JJ.Post,) or URIRef(obj.value) in _source_classes():
                types[subject] = obj.value
        elif predicate == str(PROV.wasDerivedFrom) and isinstance(obj, ox.NamedNode):
            sources[subject].add(obj.value)
        elif isinstance(obj, ox.Literal):
            literals[subject].append((predicate, Literal(obj.value, lang=obj.language, datatype=URIRef(obj.datatype.value) if obj.language is None else None)))
        elif isinstance(obj, ox.NamedNode):
            links[(subject, predicate, obj.value)].add(where or "")
        if where is not None:
            sources[subject].add(where)
    headlines = {
        s: next((str(v) for p, v in literals.get(s, []) if p == str(JJ.headline)), None)
        or next((str(v) for p, v in literals.get(s, []) if p == str(JJ.name)), s)
        for s, t in types.items() if URIRef(t) in _source_classes()
    }

    def source_list(iris: Iterable[str]) -> list[tuple[str, str]]:
        return sorted((i, headlines.get(i, i)) for i in set(iris) if i in headlines)

    def name_of(iri: str) -> str:
        values = literals.get(iri, [])
        return next((str(v) for p, v in values if p == str(JJ.name)), None) or local_name(iri)

    g: nx.MultiDiGraph = nx.MultiDiGraph(language=language)
    for iri, cls in types.items():
        if URIRef(cls) not in style.by_class:
            continue
        family, kind = style.by_class[URIRef(cls)]
        facts = sorted(
            ((style.property_labels.get(URIRef(p), local_name(p)), _text(v)) for p, v in literals.get(iri, []) if p != str(JJ.name)),
        )
        values = {p: v for p, v in literals.get(iri, [])}
        date = next((str(values[str(p)]) for p in DATE_PROPERTIES if str(p) in values), None)
        lat, lon = values.get(str(JJ.latitude)), values.get(str(JJ.longitude))
        g.add_node(
            iri, iri=iri, label=name_of(iri), family=family.name, family_label=family.label, kind=kind.name,
            kind_label=kind.label, facts=facts, sources=source_list(sources.get(iri, ())), date=date,
            coordinates=(float(str(lat)), float(str(lon))) if lat is not None and lon is not None else None,
        )
    # Sectors are concepts: a node for each sector some entity has as a topic.
    if sector_family is not None:
        for (s, p, o) in list(links):
            if p == str(JJ.topic) and o not in g:
                g.add_node(o, iri=o, label=_concept_label(URIRef(o), language), family=sector_family[0].name,
                           family_label=sector_family[0].label, kind=sector_family[1].name,
                           kind_label=sector_family[1].label, facts=[], sources=[], date=None, coordinates=None)
    # A delegation is dated by the event it came to.
    for (s, p, o) in links:
        if p == str(JJ.delegation) and o in g and s in g and g.nodes[o]["date"] is None:
            g.nodes[o]["date"] = g.nodes[s]["date"]
    posts: dict[str, dict[str, str]] = defaultdict(dict)
    for (s, p, o), graphs in links.items():
        if types.get(s) == str(JJ.Post):
            posts[s][p] = o
            continue
        if s not in g or o not in g:
            continue
        predicate = URIRef(p)
        date = g.nodes[s]["date"] or g.nodes[o]["date"]
        g.add_edge(s, o, key=local_name(p), predicate=local_name(p), label=style.property_labels.get(predicate, local_name(p)),
                   date=date, sources=source_list(graphs))
    for post, parts in posts.items():
        holder, organization = parts.get(str(JJ.holder)), parts.get(str(JJ.postIn))
        if holder not in g or organization not in g:
            continue
        assert holder is not None and organization is not None
        role = parts.get(str(JJ.role))
        label = _concept_label(URIRef(role), language) if role else style.property_labels.get(JJ.postIn, "postIn")
        attested = next((str(v) for p, v in literals.get(post, []) if p == str(JJ.attestedOn)), None)
        g.add_edge(holder, organization, key=f"{local_name(str(JJ.postIn))}:{label}", predicate=local_name(str(JJ.postIn)),
                   label=label, date=attested, sources=source_list(sources.get(post, ())))
        g.nodes[holder]["facts"].append((_post_label(language), f"{label} — {g.nodes[organization]['label']}"))
    _add_broader_edges(g, style)
    return g


@cache
def _source_classes() -> frozenset[URIRef]:
    from kg.ontology import ontology_graph

    graph = ontology_graph()
    return frozenset(
        c for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and PROV.Entity in set(graph.transitive_objects(c, RDFS.subClassOf))
    )


def _post_label(language: str) -> str:
    from kg.ontology import ontology_graph

    return _label(ontology_graph(), JJ.Post, language)


def _add_broader_edges(g: nx.MultiDiGraph, style: MapStyle) -> None:
    from kg.ontology import vocabulary

    broader = vocabulary().broader
    sectors = [n for n, d in g.nodes(data=True) if d["family"] in style.hubs and URIRef(n) in broader]
    for node in sectors:
        parent = str(broader[URIRef(node)])
        if parent in g:
            g.add_edge(node, parent, key="broader", predicate="broader",
                       label=style.property_labels.get(SKOS.broader, "broader"), date=None, sources=[])


def _undirected_neighbours(g: nx.MultiDiGraph, node: str) -> set[str]:
    return set(g.successors(node)) | set(g.predecessors(node))


def neighbourhood(g: nx.MultiDiGraph, region_iri: str, *, hops: int = 3) -> nx.MultiDiGraph:
    """Return the subgraph within ``hops`` ties of a region, ignoring edge direction.

    Other regions and sectors are shared hubs: they are shown when reached but not walked
    through, so the map stays about this region rather than about everything its province or
    a popular sector touches.

    Args:
        g: The entity network.
        region_iri: The centre.
        hops: How many ties away to go.

    Raises:
        KeyError: The region is not in the network.
    """
    if region_iri not in g:
        raise KeyError(region_iri)
    return subgraph_around(g, [region_iri], hops=hops)


def _language(g: nx.MultiDiGraph) -> str:
    return str(g.graph.get("language", "id"))


def sector_subgraph(g: nx.MultiDiGraph, sector_iri: str) -> nx.MultiDiGraph:
    """Return the entities whose topic is the sector or a narrower one, with their regions.

    Regions are those tied to an entity directly or through one non-hub node (a delegation,
    a host organization), which is kept too.
    """
    from kg.ontology import vocabulary

    broader = vocabulary().broader
    narrower: dict[str, set[str]] = defaultdict(set)
    for narrow, wide in broader.items():
        narrower[str(wide)].add(str(narrow))
    sectors = {sector_iri}
    stack = [sector_iri]
    while stack:
        for child in narrower.get(stack.pop(), ()):
            if child not in sectors:
                sectors.add(child)
                stack.append(child)
    hubs = map_style(language=_language(g)).hubs
    entities = {s for s, o, key in g.edges(keys=True) if o in sectors and g.edges[s, o, key]["predicate"] == local_name(str(JJ.topic))}
    keep = set(entities) | (sectors & set(g.nodes))
    for entity in entities:
        for neighbour in _undirected_neighbours(g, entity):
            if _is_region(g, neighbour):
                keep.add(neighbour)
                continue
            if g.nodes[neighbour]["family"] in hubs:
                continue
            regions = {n for n in _undirected_neighbours(g, neighbour) if _is_region(g, n)}
            if regions:
                keep.add(neighbour)
                keep |= regions
    return g.subgraph(keep).copy()


def _is_region(g: nx.MultiDiGraph, node: str) -> bool:
    style = map_style(language=_language(g))
    return bool(g.nodes[node]["family"] == style.family_of(JJ.Region).name)


def subgraph_around(g: nx.MultiDiGraph, iris: Iterable[str], *, hops: int = 1) -> nx.MultiDiGraph:
    """Return the subgraph around a set of IRIs (e.g. the entities in a question's answer).

    The IRIs themselves are marked ``focus``; their neighbours within ``hops`` are added, not
    walking through regions and sectors. IRIs not in the network are ignored.
    """
    hubs = map_style(language=_language(g)).hubs
    focus = {i for i in iris if i in g}
    seen = set(focus)
    frontier = list(focus)
    for _ in range(hops):
        following: list[str] = []
        for node in frontier:
            if g.nodes[node]["family"] in hubs and node not in focus:
                continue
            for neighbour in _undirected_neighbours(g, node):
                if neighbour not in seen:
                    seen.add(neighbour)
                    following.append(neighbour)
        frontier = following
    sub: nx.MultiDiGraph = g.subgraph(seen).copy()
    for node in focus:
        sub.nodes[node]["focus"] = True
    return sub


def from_region_network(regions: nx.MultiGraph, g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return :func:`kg.network.region_network`'s ties in this module's node and edge format.

    Region nodes take their attributes (label, kind, facts, sources) from the entity network
    ``g``; each tie is labelled with its evidence's kind and keeps its date, evidence and
    sources (with their headlines).
    """
    import networkx as nx

    style = map_style(language=_language(g))
    kinds = {kind.name: kind.label for family in style.families for kind in family.kinds.values()}
    titles = {iri: title for _, data in g.nodes(data=True) for iri, title in data["sources"]}
    out: nx.MultiDiGraph = nx.MultiDiGraph(language=_language(g))
    for node in regions.nodes:
        if node in g:
            out.add_node(node, **g.nodes[node])
    for a, b, key, data in regions.edges(keys=True, data=True):
        if a in out and b in out:
            out.add_edge(a, b, key=key, predicate=data["kind"], label=kinds.get(data["kind"], data["kind"]),
                         date=str(data["date"]) if data.get("date") else None,
                         sources=[(s, titles.get(s, s)) for s in data.get("sources", [])],
                         evidence=data.get("evidence"), evidence_label=data.get("evidence_name"))
    return out
