"""Graph analytics on the cooperation network (catalog questions with ``engine: networkx``).

Each function takes the RDF dataset and typed parameter values and returns rows with the
columns its catalog entry declares.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.dataset import KnowledgeGraph
from kg.network import region_network, simple_region_graph

__all__ = ["most_connected", "potential_partners", "path_between"]


def _code_of(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def most_connected(graph: KnowledgeGraph, *, top: int = 10) -> list[dict[str, Any]]:
    """Rank regions by the weighted number of their ties, then partners; report centralities.

    A tie from evidence naming n regions weighs 1/(n-1), so one ten-party agreement adds 1 to
    each party's strength, as one bilateral agreement does, never more than ten bilateral
    agreements would (which add 10).
    """
    import networkx as nx

    network = region_network(graph)
    simple = simple_region_graph(network)
    if simple.number_of_nodes() == 0:
        return []
    strength = dict(network.degree(weight="weight"))
    degree = nx.degree_centrality(simple)
    betweenness = nx.betweenness_centrality(simple)
    ranked = sorted(simple.nodes, key=lambda n: (-round(strength[n], 9), -simple.degree(n), simple.nodes[n]["code"]))
    rows = []
    for rank, node in enumerate(ranked[:top], start=1):
        rows.append({
            "rank": rank,
            "region_name": simple.nodes[node]["name"],
            "code": simple.nodes[node]["code"],
            "strength": round(strength[node], 4),
            "partners": simple.degree(node),
            "ties": network.degree(node),
            "degree_centrality": round(degree[node], 4),
            "betweenness": round(betweenness[node], 4),
        })
    return rows


def _sector_profiles(graph: KnowledgeGraph) -> tuple[dict[str, set[str]], dict[str, str]]:
    from kg.questions import run_question

    profiles: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in run_question(graph, "region-sectors").rows:
        profiles[row["code"]].add(row["sector"])
        names[row["code"]] = row["region_name"]
    return profiles, names


def potential_partners(graph: KnowledgeGraph, *, region: str) -> list[dict[str, Any]]:
    """Suggest regions that share sectors with ``region`` (an IRI) but have no tie with it yet."""
    code = _code_of(region)
    profiles, names = _sector_profiles(graph)
    mine = profiles.get(code, set())
    network = region_network(graph)
    tied = {_code_of(n) for n in network.neighbors(region)} if region in network else set()
    candidates = []
    for other, sectors in profiles.items():
        shared = mine & sectors
        if other == code or other in tied or not shared:
            continue
        union = mine | sectors
        candidates.append((other, sorted(shared), round(len(shared) / len(union), 4)))
    candidates.sort(key=lambda c: (-len(c[1]), -c[2], c[0]))
    return [
        {"rank": rank, "region_name": names[other], "code": other, "shared_sectors": shared, "score": score,
         "reason": f"shares {len(shared)} sector(s) ({', '.join(shared)}) and has no tie yet"}
        for rank, (other, shared, score) in enumerate(candidates, start=1)
    ]


def path_between(graph: KnowledgeGraph, *, a: str, b: str) -> list[dict[str, Any]]:
    """Return the shortest chain of ties from region ``a`` to region ``b`` (IRIs), one row a step."""
    import networkx as nx

    network = region_network(graph)
    if a not in network or b not in network:
        return []
    try:
        path = nx.shortest_path(simple_region_graph(network), a, b)
    except nx.NetworkXNoPath:
        return []
    rows = []
    for step, node in enumerate(path):
        row: dict[str, Any] = {"step": step, "region_name": network.nodes[node]["name"],
                               "code": network.nodes[node]["code"], "next_region": None,
                               "tie_kind": None, "evidence": None, "source": None}
        if step + 1 < len(path):
            following = path[step + 1]
            ties = sorted(network.get_edge_data(node, following).values(),
                          key=lambda e: (str(e["date"] or ""), e["evidence"]))
            first = ties[0]
            row.update(next_region=network.nodes[following]["name"], tie_kind=first["kind"],
                       evidence=first["evidence"], source=first["sources"][0])
        rows.append(row)
    return rows


