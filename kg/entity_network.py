"""The networkx view of the property graph: every projected node, every projected relationship.

There is one projection of the RDF dataset, :func:`kg.projection.project` (driven by
``ontology/mapping.ttl``); this module only re-expresses it for networkx and the maps, so the
entity network has exactly the projection's nodes and relationships. Families are the
mapping's node labels (Region, Person, …), kinds the classes below them; colours, shapes and
the legend come from :func:`map_style`, which reads the mapping, so a new family or class
shows up on the maps without code changes.

Three families annotate rather than stand on a map (:attr:`MapStyle.annotations`): sources
(classes below ``prov:Entity``) become each node's ``sources`` list; posts (``jj:Post``, a
reified relation) become a person→organization tie labelled with the role; and a concept
family reached only from those (roles) is just a label. :func:`drawable` applies that to
give the graph the maps draw.

Node attributes: ``iri``, ``label``, ``family``, ``family_label``, ``kind``, ``kind_label``,
``facts`` (list of (property label, value)), ``sources`` (list of (source IRI, headline,
article URL or None)), ``date`` (ISO date or None), ``status`` (a concept notation or None)
and ``coordinates`` ((lat, lon) or None). Edge attributes (key = relationship type):
``predicate`` (the RDF predicate's local name), ``label``, ``date``, ``sources``.
"""

from __future__ import annotations

import colorsys
import dataclasses
import datetime as dt
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg.vocab import JJ

if TYPE_CHECKING:
    import networkx as nx

    from kg.dataset import KnowledgeGraph
    from kg.mapping import Mapping
    from kg.projection import PropertyGraph

__all__ = [
    "Family",
    "Kind",
    "MapStyle",
    "map_style",
    "local_name",
    "projection_of",
    "restricted_mapping",
    "entity_network",
    "drawable",
    "neighbourhood",
    "sector_and_narrower",
    "sector_subgraph",
    "subgraph_around",
    "from_region_network",
]

# Colour-blind-friendly hues (Tableau 10), handed to the drawn families in sorted order of
# their labels; shapes likewise. Both are palettes, not a table of family names.
PALETTE = ("#e15759", "#f28e2b", "#d4a72c", "#76b7b2", "#59a14f", "#ff9da7", "#b07aa1",
           "#4e79a7", "#9c755f", "#bab0ac", "#2f4b7c", "#a05195", "#86bcb6", "#8cd17d")
SHAPES = ("diamond", "triangle", "star", "square", "dot", "triangleDown", "hexagon", "dot",
          "diamond", "square", "triangle", "star", "hexagon", "triangleDown")  # shapes whose label sits outside, so labels can be placed and hidden
ANNOTATION_COLOUR = "#9ca3af"
# The node properties that date a node, in order of preference (an event's start, a signing).
DATE_KEYS = ("startDate", "signedOn", "validFrom")
WEB_SCHEMES = ("http://", "https://")


def local_name(iri: str) -> str:
    """Return the part of an IRI after its last ``#`` or ``/``.

    >>> local_name("http://www.w3.org/ns/org#Organization")
    'Organization'
    """
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
    """A node label of the mapping: one shape, one hue, kinds in shades of it."""

    iri: URIRef
    name: str
    label: str
    colour: str
    shape: str
    kinds: dict[URIRef, Kind] = field(default_factory=dict)

    def kind(self, name: str) -> Kind | None:
        """Return the kind whose class local name is ``name`` (None when unknown)."""
        return next((k for k in self.kinds.values() if k.name == name), None)


@dataclass(frozen=True)
class MapStyle:
    """Families and kinds of the mapping, with the labels of the ontology's properties.

    ``families`` are the families drawn as nodes; ``annotations`` the names of those that
    only annotate (sources, posts, roles), which :func:`drawable` folds into the others.
    """

    families: tuple[Family, ...]
    by_class: dict[URIRef, tuple[Family, Kind]]
    property_labels: dict[URIRef, str]
    hubs: frozenset[str]
    language: str
    annotations: frozenset[str] = frozenset()
    all_families: tuple[Family, ...] = ()

    def family(self, name: str) -> Family:
        """Return the family called ``name`` (a node label such as ``Region``)."""
        for family in self.all_families or self.families:
            if family.name == name:
                return family
        raise KeyError(name)

    def family_of(self, iri: URIRef) -> Family:
        """Return the family of the class (or concept scheme) ``iri``."""
        return self.by_class[iri][0]


def _label(graph: object, iri: URIRef, language: str) -> str:
    from rdflib import Graph

    if not isinstance(graph, Graph):
        raise TypeError("an rdflib Graph is needed")
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


def _annotation_families() -> frozenset[str]:
    """Families that annotate others rather than stand on a map, read off the mapping.

    Sources (classes below ``prov:Entity``); qualified relations (below ``prov:Association``,
    or ``jj:Post``: a node that only points at the things it relates); value families that
    tie to nothing and are reached only from ordinary families (an amount, a status change:
    they become facts of their owner); and concept families reached only from annotations.
    """
    from kg.mapping import property_graph_mapping

    m = property_graph_mapping()
    hidden: set[str] = set()
    qualified: set[str] = set()
    for spec in m.nodes.values():
        for cls in spec.classes:
            ancestors = _ancestors(cls) | {cls}
            if PROV.Entity in ancestors:
                hidden.add(spec.label)
            if JJ.Post in ancestors or PROV.Association in ancestors:
                hidden.add(spec.label)
                qualified.add(spec.label)
    outgoing: dict[str, set[str]] = defaultdict(set)
    incoming: dict[str, set[str]] = defaultdict(set)
    for rel in m.relationships.values():
        for a, b in rel.pairs:
            outgoing[a].add(b)
            incoming[b].add(a)
    for spec in m.nodes.values():
        if spec.scheme is None and not outgoing[spec.label] and incoming[spec.label] and not incoming[spec.label] & qualified:
            hidden.add(spec.label)
    for spec in m.nodes.values():
        if spec.scheme is None:
            continue
        reached_from = {a for a in incoming[spec.label] if a != spec.label}
        if reached_from and reached_from <= hidden:
            hidden.add(spec.label)
    return frozenset(hidden)


@cache
def map_style(*, language: str = "id") -> MapStyle:
    """Derive node families, kinds, colours, shapes and property labels from the mapping.

    Args:
        language: ``id`` or ``en``: the language of the labels (falls back to English).
    """
    from kg.mapping import property_graph_mapping
    from kg.ontology import ontology_graph

    m = property_graph_mapping()
    graph = ontology_graph()
    annotations = _annotation_families()
    members: dict[str, list[URIRef]] = defaultdict(list)
    for cls, label in m.class_labels.items():
        members[label].append(cls)
    drawn = sorted(label for label in m.nodes if label not in annotations)
    families: list[Family] = []
    by_class: dict[URIRef, tuple[Family, Kind]] = {}
    for label in sorted(m.nodes):
        spec = m.nodes[label]
        root = spec.scheme if spec.scheme is not None else spec.classes[0]
        if label in drawn:
            index = drawn.index(label)
            colour, shape = PALETTE[index % len(PALETTE)], SHAPES[index % len(SHAPES)]
        else:
            colour, shape = ANNOTATION_COLOUR, "dot"
        family_label = _label(graph, root, language)
        depth = m.class_depth
        classes = sorted(members.get(label, []), key=lambda c: (depth.get(c, 0) > 0, str(c))) or [root]
        kinds = {
            cls: Kind(iri=cls, name=local_name(str(cls)) if spec.scheme is None else label,
                      label=_label(graph, cls, language) if spec.scheme is None else family_label,
                      colour=_shade(colour, i, len(classes)))
            for i, cls in enumerate(classes)
        }
        family = Family(iri=root, name=label, label=family_label, colour=colour, shape=shape, kinds=kinds)
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
    return MapStyle(families=tuple(f for f in families if f.name not in annotations), by_class=by_class,
                    property_labels=properties, hubs=hubs, language=language, annotations=annotations,
                    all_families=tuple(families))


# -- the projection, once per dataset ----------------------------------------------------------------

_PROJECTIONS: weakref.WeakKeyDictionary[Any, dict[Any, PropertyGraph]] = weakref.WeakKeyDictionary()


def restricted_mapping(labels: Iterable[str], *, keys: Iterable[str] | None = None,
                       predicates: Iterable[URIRef] | None = None) -> Mapping:
    """Return the shipped mapping cut down to some node labels, properties and relationships.

    :func:`kg.projection.project` under it gives exactly the nodes of ``labels`` and the
    relationships between them that the full projection has (same keys, properties and
    sources), at a fraction of the cost on a big dataset.

    Args:
        labels: The node labels to keep.
        keys: Only these node property keys (all by default).
        predicates: Only relationships stated by these predicates (all by default).
    """
    from kg.mapping import property_graph_mapping

    m = property_graph_mapping()
    wanted = set(labels)
    wanted_keys = None if keys is None else set(keys)
    wanted_predicates = None if predicates is None else set(predicates)
    relationships = {}
    for rtype, spec in m.relationships.items():
        if wanted_predicates is not None and spec.predicate not in wanted_predicates:
            continue
        pairs = tuple(pair for pair in spec.pairs if pair[0] in wanted and pair[1] in wanted)
        if pairs:
            relationships[rtype] = dataclasses.replace(spec, pairs=pairs)
    nodes = {
        label: spec if wanted_keys is None else dataclasses.replace(
            spec, properties=tuple(p for p in spec.properties if p.key in wanted_keys))
        for label, spec in m.nodes.items() if label in wanted
    }
    return dataclasses.replace(
        m, nodes=nodes, relationships=relationships,
        class_labels={cls: label for cls, label in m.class_labels.items() if label in wanted},
        class_depth={cls: d for cls, d in m.class_depth.items() if m.class_labels.get(cls) in wanted})


ProjectionKey = tuple[frozenset[str], frozenset[str] | None, frozenset[URIRef] | None] | None


def projection_of(graph: KnowledgeGraph, *, labels: Iterable[str] | None = None, keys: Iterable[str] | None = None,
                  predicates: Iterable[URIRef] | None = None) -> PropertyGraph:
    """Return :func:`kg.projection.project` of ``graph``, computed once per dataset object.

    A build with an embedded database already holds the projection: it is read back from
    there (:func:`kg.embedded_projection.read_projection`, the same property graph, seconds
    instead of minutes at 100,000 records) rather than computed again from the store.

    Args:
        graph: The dataset.
        labels: Only these node labels, ``keys`` and ``predicates`` (see
            :func:`restricted_mapping`); the full projection is reused when at hand.
        keys: See :func:`restricted_mapping`.
        predicates: See :func:`restricted_mapping`.
    """
    from kg.projection import project

    key: ProjectionKey = None if labels is None else (
        frozenset(labels), None if keys is None else frozenset(keys), None if predicates is None else frozenset(predicates))

    def compute() -> PropertyGraph:
        from kg.embedded_projection import embedded_database_of, read_projection
        from kg.mapping import property_graph_mapping

        mapping = property_graph_mapping() if key is None else restricted_mapping(key[0], keys=key[1], predicates=key[2])
        stored = embedded_database_of(graph)
        if stored is not None:
            return read_projection(stored, mapping)
        return project(graph, mapping=mapping)

    try:
        cache_of_graph = _PROJECTIONS.setdefault(graph, {})
    except TypeError:  # not weakly referenceable: no cache
        return compute()
    found = cache_of_graph.get(key) or cache_of_graph.get(None)
    if found is None:
        found = compute()
        cache_of_graph[key] = found
    return found


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _web_url(value: object) -> str | None:
    return value if isinstance(value, str) and value.startswith(WEB_SCHEMES) else None


def entity_network(graph: KnowledgeGraph, *, language: str = "id") -> nx.MultiDiGraph:
    """Return the projection of ``graph`` as a networkx MultiDiGraph.

    It has exactly the nodes and relationships of :func:`kg.projection.project`; see the
    module docstring for attributes.

    Args:
        graph: The knowledge graph.
        language: Language of the property, class and concept labels (``id`` or ``en``).
    """
    return network_of_projection(projection_of(graph), language=language)


def network_of_projection(pg: PropertyGraph, *, language: str = "id", labels: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Return a property graph as a networkx MultiDiGraph (see :func:`entity_network`).

    Args:
        pg: The projection.
        language: Language of the labels.
        labels: Only nodes of these labels (and relationships between them); all by default.
    """
    import networkx as nx

    style = map_style(language=language)
    m = pg.mapping
    predicate_of = {spec.label: {p.key: p.predicate for p in spec.properties} for spec in m.nodes.values()}
    source_family = {f.name for f in style.all_families if f.name in style.annotations and any(
        PROV.Entity in _ancestors(k.iri) for k in f.kinds.values())}
    headlines: dict[str, tuple[str, str | None]] = {}
    for node in pg.nodes:
        if node.label in source_family:
            title = node.properties.get("headline") or node.properties.get("name") or node.iri
            headlines[node.iri] = (str(title), _web_url(node.properties.get("url")))

    listed: dict[tuple[str, ...], list[tuple[str, str, str | None]]] = {}

    def source_list(iris: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
        found = listed.get(iris)
        if found is None:  # many nodes and ties share their sources: sort each tuple once
            found = listed[iris] = sorted((i, *headlines[i]) for i in set(iris) if i in headlines)
        return list(found)

    name_key = "nameEn" if language == "en" else "name"
    wanted = None if labels is None else set(labels)
    g: nx.MultiDiGraph = nx.MultiDiGraph(language=language)
    for node in pg.nodes:
        if wanted is not None and node.label not in wanted:
            continue
        family = style.family(node.label)
        kind = family.kind(node.kind) or next(iter(family.kinds.values()))
        props = node.properties
        name = props.get(name_key) or props.get("name") or local_name(node.iri)
        labels = predicate_of[node.label]
        facts = sorted(
            (style.property_labels.get(labels[key], key), _text(value))
            for key, value in props.items()
            if value is not None and key not in ("name", "nameEn") and value != []
        )
        date = next((props[k].isoformat() for k in DATE_KEYS if isinstance(props.get(k), dt.date)), None)
        lat, lon = props.get("latitude"), props.get("longitude")
        status = props.get("status")
        g.add_node(
            node.iri, iri=node.iri, label=str(name), family=family.name, family_label=family.label, kind=kind.name,
            kind_label=kind.label, facts=facts, sources=source_list(node.sources), date=date,
            status=str(status) if status is not None else None,
            coordinates=(float(lat), float(lon)) if isinstance(lat, float | int) and isinstance(lon, float | int) else None,
        )
    # A delegation is dated by the event it came to.
    delegation_of = {spec.type for spec in m.relationships.values() if spec.predicate == JJ.delegation}
    relationships = pg.relationships if wanted is None else [
        r for r in pg.relationships if r.start_label in wanted and r.end_label in wanted]
    for rel in relationships:
        if rel.type in delegation_of and g.nodes[rel.end]["date"] is None:
            g.nodes[rel.end]["date"] = g.nodes[rel.start]["date"]
    predicates = {spec.type: spec.predicate for spec in m.relationships.values()}
    for rel in relationships:
        predicate = predicates[rel.type]
        date = g.nodes[rel.start]["date"] or g.nodes[rel.end]["date"]
        g.add_edge(rel.start, rel.end, key=rel.type, predicate=local_name(str(predicate)),
                   label=style.property_labels.get(predicate, local_name(str(predicate))), date=date,
                   sources=source_list(rel.sources))
    return g


@cache
def _ancestors(cls: URIRef) -> frozenset[URIRef]:
    from kg.ontology import ontology_graph

    return frozenset(a for a in ontology_graph().transitive_objects(cls, RDFS.subClassOf) if isinstance(a, URIRef))


def _post_label(language: str) -> str:
    from kg.ontology import ontology_graph

    return _label(ontology_graph(), JJ.Post, language)


def drawable(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return the graph the maps draw: annotation families folded into the others.

    Sources are already every node's ``sources``; a post becomes a tie from its holder to
    the organization, labelled with the role (and a fact on the holder); another qualified
    relation (a participation, an agreement's party) becomes ties from the people and
    organizations it names to what it qualifies; a value (an amount, a status change)
    becomes a fact of its owner; roles and the annotation nodes themselves are left out.
    """
    import networkx as nx

    language = _language(g)
    style = map_style(language=language)
    keep = [n for n, d in g.nodes(data=True) if d["family"] not in style.annotations]
    out: nx.MultiDiGraph = nx.MultiDiGraph(language=language)
    out.add_nodes_from((n, {**g.nodes[n], "facts": list(g.nodes[n]["facts"])}) for n in keep)
    out.add_edges_from((a, b, k, d) for a, b, k, d in g.edges(keys=True, data=True) if a in out and b in out)
    post_family = style.family_of(JJ.Post).name if JJ.Post in style.by_class else None
    agents = {style.family_of(c).name for c in (JJ.Person, JJ.Organization) if c in style.by_class}
    holder, post_in, role = (local_name(str(p)) for p in (JJ.holder, JJ.postIn, JJ.role))
    for node, data in g.nodes(data=True):
        if data["family"] not in style.annotations:
            continue
        ends = [(d["predicate"], b) for _, b, d in g.out_edges(node, data=True)]
        if data["family"] == post_family:
            _fold_post(g, out, node, dict(ends), style, holder, post_in, role)
            continue
        drawn = [b for _, b in ends if b in out]
        if drawn:  # a qualified relation
            role_iri = next((b for p, b in ends if p == role and b in g), None)
            label = g.nodes[role_iri]["label"] if role_iri else data["family_label"]
            named = [b for b in drawn if out.nodes[b]["family"] in agents]
            for agent in named:
                for context in (b for b in drawn if out.nodes[b]["family"] not in agents):
                    out.add_edge(agent, context, key=f"{data['family']}:{node}", predicate=data["family"], label=label,
                                 date=out.nodes[context]["date"], sources=list(data["sources"]))
            continue
        for owner, _ in g.in_edges(node):  # a value of its owner
            if owner in out:
                text = " · ".join(x for x in (data["label"], data.get("date") or "") if x and x != local_name(node))
                out.nodes[owner]["facts"].append((data["family_label"], text or data["kind_label"]))
    return out


def _fold_post(g: nx.MultiDiGraph, out: nx.MultiDiGraph, post: str, ends: dict[str, str], style: MapStyle,
               holder: str, post_in: str, role: str) -> None:
    person, organization = ends.get(holder), ends.get(post_in)
    if person is None or organization is None or person not in out or organization not in out:
        return
    data = g.nodes[post]
    role_iri = ends.get(role)
    label = g.nodes[role_iri]["label"] if role_iri in g else style.property_labels.get(JJ.postIn, post_in)
    attested = next((value for name, value in data["facts"] if name == style.property_labels.get(JJ.attestedOn)), None)
    out.add_edge(person, organization, key=f"{post_in}:{label}", predicate=post_in, label=label,
                 date=attested.split(", ")[0] if attested else None, sources=list(data["sources"]))
    out.nodes[person]["facts"].append((_post_label(_language(g)), f"{label} — {out.nodes[organization]['label']}"))


def _undirected_neighbours(g: nx.MultiDiGraph, node: str) -> set[str]:
    return set(g.successors(node)) | set(g.predecessors(node))


def neighbourhood(g: nx.MultiDiGraph, region_iri: str, *, hops: int = 3) -> nx.MultiDiGraph:
    """Return the subgraph within ``hops`` ties of a region, ignoring edge direction.

    Other regions and sectors are shared hubs: they are shown when reached but not walked
    through, so the map stays about this region rather than about everything its province or
    a popular sector touches.

    Args:
        g: The (drawable) entity network.
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


def sector_and_narrower(sector_iri: str) -> set[str]:
    """Return the sector's IRI and those of every sector below it (ontology/sectors.ttl)."""
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
    return sectors


def sector_subgraph(g: nx.MultiDiGraph, sector_iri: str) -> nx.MultiDiGraph:
    """Return the entities whose topic is the sector or a narrower one, with their regions.

    Regions are those tied to an entity directly or through one non-hub node (a delegation,
    a host organization), which is kept too.
    """
    sectors = sector_and_narrower(sector_iri)
    style = map_style(language=_language(g))
    hubs, region = style.hubs, style.family_of(JJ.Region).name
    topic = local_name(str(JJ.topic))
    entities = {s for sector in sectors if sector in g for s, _, d in g.in_edges(sector, data=True) if d["predicate"] == topic}
    keep = set(entities) | {s for s in sectors if s in g and (g.in_degree(s) or s == sector_iri)}
    regions_near: dict[str, set[str]] = {}  # a host organization serves many entities: look once
    for entity in entities:
        for neighbour in _undirected_neighbours(g, entity):
            family = g.nodes[neighbour]["family"]
            if family == region:
                keep.add(neighbour)
                continue
            if family in hubs:
                continue
            regions = regions_near.get(neighbour)
            if regions is None:
                regions = regions_near[neighbour] = {
                    n for n in _undirected_neighbours(g, neighbour) if g.nodes[n]["family"] == region}
            if regions:
                keep.add(neighbour)
                keep |= regions
    return g.subgraph(keep).copy()


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
    ``g``; each tie is labelled with its evidence's kind and keeps its date, status, evidence
    and sources (with their headlines and links).
    """
    import networkx as nx

    style = map_style(language=_language(g))
    kinds = {kind.name: kind.label for family in style.families for kind in family.kinds.values()}
    titles = {s[0]: s for _, data in g.nodes(data=True) for s in data["sources"]}
    out: nx.MultiDiGraph = nx.MultiDiGraph(language=_language(g))
    for node in regions.nodes:
        if node in g:
            out.add_node(node, **g.nodes[node])
    for a, b, key, data in regions.edges(keys=True, data=True):
        if a in out and b in out:
            out.add_edge(a, b, key=key, predicate=data["kind"], label=kinds.get(data["kind"], data["kind"]),
                         date=str(data["date"]) if data.get("date") else None, status=data.get("status"),
                         sources=[titles.get(s, (s, s, None)) for s in data.get("sources", [])],
                         evidence=data.get("evidence"), evidence_label=data.get("evidence_name"))
    return out
