"""The networkx projection: regions as nodes, ties between them as edges.

Built from the answer of the catalog question ``region-ties`` — that is, from the RDF
dataset, never from the records — so the same definition of a tie serves SPARQL users, the
analytics and the maps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.dataset import KnowledgeGraph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["region_network", "simple_region_graph", "region_iri"]


def region_iri(code: str) -> str:
    """Return the IRI (as text) of the region with this code: the node key in the network."""
    from kg.loaders.gazetteer import region_iri_for_code

    return str(region_iri_for_code(code))


def region_network(graph: KnowledgeGraph) -> nx.MultiGraph:
    """Return the cooperation network: one node per tied region, one edge per tie.

    Node attributes: ``code``, ``name``, ``kind`` (province/regency/city), ``latitude``,
    ``longitude``. Edge attributes: ``kind`` (the evidence's class, e.g. StudyVisit),
    ``evidence`` and ``evidence_name``, ``date`` (or None) and ``sources`` (list of IRIs).
    """
    import networkx as nx

    from kg.gazetteer import gazetteer
    from kg.questions import run_question

    cached: nx.MultiGraph | None = getattr(graph, "_region_network", None)
    if cached is not None:
        return cached
    places = gazetteer()
    network: nx.MultiGraph = nx.MultiGraph()
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in run_question(graph, "region-ties").rows:
        for code in (row["code_a"], row["code_b"]):
            region = places.get(code)
            network.add_node(region_iri(code), code=code, name=region.name, kind=region.kind,
                             latitude=region.latitude, longitude=region.longitude)
        key = (region_iri(row["code_a"]), region_iri(row["code_b"]), row["evidence"])
        edge = edges.setdefault(key, {"kind": row["tie_kind"], "evidence": row["evidence"],
                                      "evidence_name": row["evidence_name"], "date": row["date"], "sources": []})
        if row["source"] not in edge["sources"]:
            edge["sources"].append(row["source"])
    for (a, b, evidence), attributes in sorted(edges.items()):
        network.add_edge(a, b, key=evidence, **attributes)
    graph._region_network = network  # type: ignore[attr-defined]
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
