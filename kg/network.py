"""The region network: regions as nodes, ties between them as edges, derived from the projection.

A tie joins two regions through a piece of evidence stated by a news article: a visit or
meeting (the delegation's origin and the host region), an agreement (two of its parties) or a
program (its owner and a region it runs in) — the definition of the catalog question
``region-ties``, applied here to the property graph of :func:`kg.projection.project`, the one
projection every networkx view and map is drawn from.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from kg.dataset import KnowledgeGraph
from kg.vocab import JJ

if TYPE_CHECKING:
    import networkx as nx

    from kg.projection import PropertyGraph

__all__ = ["region_network", "region_network_of", "tie_projection", "simple_region_graph", "region_iri", "tie_labels", "tie_predicates", "tie_sides", "TIE_KEYS",
           "HAPPENED", "happened"]

# The three kinds of tie, as (predicates from the evidence to side a, to side b, date property).
# A path of two predicates walks through an intermediate node (the delegation).
TIE_RULES = (
    ((JJ.delegation, JJ.fromRegion), (JJ.hostRegion,), "startDate"),
    ((JJ.partyRegion,), (JJ.partyRegion,), "signedOn"),
    ((JJ.ownerRegion,), (JJ.implementedIn,), None),
)


def region_iri(code: str) -> str:
    """Return the IRI (as text) of the region with this code: the node key in the network."""
    from kg.loaders.gazetteer import region_iri_for_code

    return str(region_iri_for_code(code))


# Statuses of ties that happened (the catalog's region-ties default); a tie without a status
# happened too. Everything else (planned, proposed, stated, cancelled, …) is not yet or not.
HAPPENED = frozenset({"held", "signed", "in-force", "extended", "amended", "expired", "running"})


def region_network(graph: KnowledgeGraph, *, happened_only: bool = True) -> nx.MultiGraph:
    """Return the cooperation network of ``graph`` (see :func:`region_network_of`).

    Args:
        graph: The dataset.
        happened_only: Only ties that happened (status in :data:`HAPPENED` or none), as the
            catalog question ``region-ties`` answers by default; all ties otherwise.
    """
    network = region_network_of(tie_projection(graph))
    return happened(network) if happened_only else network


_TIE_PROJECTIONS: weakref.WeakKeyDictionary[Any, PropertyGraph] = weakref.WeakKeyDictionary()


def tie_projection(graph: KnowledgeGraph) -> PropertyGraph:
    """Return the share of the projection ties are made of (:func:`tie_labels`, :data:`TIE_KEYS`,
    :func:`tie_predicates`), once per dataset object.

    From a build's embedded database it is read leaner than the projection: sources and
    delegations with their kind only (a region's sources whole), relationships without
    sources — all :func:`region_network_of` and the national map read.
    """
    from kg.embedded_projection import embedded_database_of, read_projection
    from kg.entity_network import projection_of, restricted_mapping

    stored = embedded_database_of(graph)
    if stored is None:
        return projection_of(graph, labels=tie_labels(), keys=TIE_KEYS, predicates=tie_predicates())
    found = _TIE_PROJECTIONS.get(graph)
    if found is None:
        mapping = restricted_mapping(tie_labels(), keys=TIE_KEYS, predicates=tie_predicates())
        bare = {mapping.class_labels[c] for c in (JJ.NewsArticle, JJ.Delegation)}
        found = _TIE_PROJECTIONS[graph] = read_projection(stored, mapping, bare=bare, relationship_sources=False)
    return found


def happened(network: nx.MultiGraph) -> nx.MultiGraph:
    """Return the ties of ``network`` that happened, and the regions they join."""
    import networkx as nx

    cached: nx.MultiGraph | None = network.graph.get("happened")
    if cached is not None:
        return cached
    out: nx.MultiGraph = nx.MultiGraph()
    for a, b, key, data in network.edges(keys=True, data=True):
        if data.get("status") is None or data["status"] in HAPPENED:
            for node in (a, b):
                if node not in out:
                    out.add_node(node, **network.nodes[node])
            out.add_edge(a, b, key=key, **data)
    network.graph["happened"] = out
    return out


# The node properties a tie and its map need (name, code and place of a region; evidence's
# name, date and status; an article's headline and address).
TIE_KEYS = frozenset({"name", "kemendagriCode", "latitude", "longitude", "startDate", "signedOn", "status",
                      "eventStatus", "programStatus", "headline", "url"})
# The properties that hold an evidence's status, in order of preference.
STATUS_KEYS = ("eventStatus", "status", "programStatus")


def tie_predicates() -> frozenset[Any]:
    """Return the predicates of the tie rules, and the region's province (for the maps)."""
    return frozenset({p for side_a, side_b, _ in TIE_RULES for p in (*side_a, *side_b)} | {JJ.inProvince})


def tie_sides() -> list[tuple[Any, ...]]:
    """Return every path of predicates from a tie's evidence to a region on one of its sides
    (a delegation's origin, the host, a party, a program's owner or place), each once."""
    return list(dict.fromkeys(side for side_a, side_b, _ in TIE_RULES for side in (side_a, side_b)))


def tie_labels() -> frozenset[str]:
    """Return the node labels a tie is made of: regions, evidence, delegations, sources."""
    from kg.mapping import property_graph_mapping

    m = property_graph_mapping()
    classes = (JJ.Region, JJ.Event, JJ.Agreement, JJ.Program, JJ.Delegation, JJ.NewsArticle)
    return frozenset(label for c in classes if (label := m.class_labels.get(c)) is not None)


def region_network_of(pg: PropertyGraph) -> nx.MultiGraph:
    """Return the cooperation network: one node per tied region, one edge per tie.

    Node attributes: ``code``, ``name``, ``kind`` (province/regency/city), ``latitude``,
    ``longitude``. Edge attributes (key = the evidence's IRI): ``kind`` (the evidence's
    class, e.g. StudyVisit), ``evidence`` and ``evidence_name``, ``date`` (ISO text or None),
    ``status`` (the evidence's status or None), ``weight`` (1/(n-1) for evidence naming n
    regions) and ``sources`` (news article IRIs). Every
    tie, whatever its status; :func:`happened` keeps those that took place.
    """
    import networkx as nx

    cached: nx.MultiGraph | None = getattr(pg, "_region_network", None)
    if cached is not None:
        return cached
    from kg.entity_network import local_name

    m = pg.mapping
    type_of = {spec.predicate: spec.type for spec in m.relationships.values()}
    nodes = {n.iri: n for n in pg.nodes}
    region_label = m.class_labels[JJ.Region]
    news_kind = local_name(str(JJ.NewsArticle))
    outgoing: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rel in pg.relationships:
        outgoing[(rel.start, rel.type)].append(rel.end)
    # The rules as relationship types (None: the mapping has no such relationship).
    rules = [([type_of.get(p) for p in side_a], [type_of.get(p) for p in side_b], date_key)
             for side_a, side_b, date_key in TIE_RULES]
    code_of = {n.iri: str(n.properties["kemendagriCode"]) for n in pg.nodes if n.label == region_label
               and n.properties.get("kemendagriCode") and n.properties.get("name")}
    news = {n.iri for n in pg.nodes if n.kind == news_kind}

    def walk(start: str, path: list[str | None]) -> list[str]:
        ends = [start]
        for rtype in path:
            ends = [e for s in ends for e in outgoing.get((s, rtype), ())] if rtype else []
        return [e for e in ends if e in code_of]

    # Only a node with a relationship a tie rule starts with can be evidence.
    first_steps = {side_a[0] for side_a, _, _ in rules}
    starts = {start for start, rtype in outgoing if rtype in first_steps}
    ties: dict[tuple[str, str, str], dict[str, Any]] = {}
    for evidence in pg.nodes:
        if evidence.iri not in starts:
            continue
        name = evidence.properties.get("name")
        articles = [s for s in evidence.sources if s in news]
        if not name or not articles:
            continue
        for side_a, side_b, date_key in rules:
            regions_a = walk(evidence.iri, side_a)
            regions_b = walk(evidence.iri, side_b) if regions_a else []
            for ra in regions_a:
                for rb in regions_b:
                    ca, cb = code_of[ra], code_of[rb]
                    if ca == cb:
                        continue
                    a, b = (ra, rb) if ca < cb else (rb, ra)
                    date = evidence.properties.get(date_key) if date_key else None
                    edge = ties.setdefault((a, b, evidence.iri), {
                        "kind": evidence.kind, "evidence": evidence.iri, "evidence_name": str(name),
                        "date": date.isoformat() if isinstance(date, dt.date) else None,
                        "status": next((str(v) for k in STATUS_KEYS if (v := evidence.properties.get(k))), None),
                        "sources": []})
                    for article in articles:
                        if article not in edge["sources"]:
                            edge["sources"].append(article)
    # Each pair of evidence naming n regions weighs 1/(n-1), as region-ties does: every region
    # gains weight 1 in all from one document or meeting, however many parties it has.
    regions_of: dict[str, set[str]] = defaultdict(set)
    for a, b, evidence_iri in ties:
        regions_of[evidence_iri].update((a, b))
    for (a, b, evidence_iri), attributes in ties.items():
        attributes["weight"] = 1.0 / (len(regions_of[evidence_iri]) - 1)
    network: nx.MultiGraph = nx.MultiGraph()
    for _, _, a, b in sorted({(code_of[a], code_of[b], a, b) for a, b, _ in ties}):  # regions in code order
        for iri in (a, b):
            if iri not in network:
                props = nodes[iri].properties
                network.add_node(iri, code=props["kemendagriCode"], name=props["name"], kind=nodes[iri].kind.lower(),
                                 latitude=props.get("latitude"), longitude=props.get("longitude"))
    for (a, b, evidence_iri), attributes in sorted(ties.items()):
        attributes["sources"].sort()
        network.add_edge(a, b, key=evidence_iri, **attributes)
    pg._region_network = network  # type: ignore[attr-defined]
    return network


def simple_region_graph(network: nx.MultiGraph) -> nx.Graph:
    """Collapse parallel ties into one weighted edge (``weight`` = number of ties, ``kinds``)."""
    import networkx as nx

    simple: nx.Graph = nx.Graph()
    simple.add_nodes_from(network.nodes(data=True))
    for a, b, data in network.edges(data=True):
        if simple.has_edge(a, b):
            simple[a][b]["weight"] += 1
            simple[a][b]["kinds"].add(data["kind"])
        else:
            simple.add_edge(a, b, weight=1, kinds={data["kind"]})
    return simple
