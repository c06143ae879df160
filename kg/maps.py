"""Network maps for planners: one offline HTML file (vis-network) or a static PNG (matplotlib).

A map is drawn from a subgraph of :func:`kg.entity_network.drawable` (the drawable view of the
one projection). Colours, shapes and the legend come from :func:`kg.entity_network.map_style`;
sizes from the degree. Small maps are laid out by vis-network's physics in the browser, which
is switched off once the picture settles; big maps (more than :data:`BIG_GRAPH` nodes) and
every geographic map get their positions here and no physics at all, so they open at once and
always settle. ``geo`` places regions by their coordinates over the offline basemap
(:mod:`kg.basemap`: provinces and coasts) and everything else around them.

The national network (:func:`network_map`) is a map of its own kind: regions and the ties
between them as compact rows; above :data:`NODE_BUDGET` regions the page aggregates them into
provinces (sized by activity, joined by weighted arcs coloured by kind) that expand on click.
Every map carries a time slider and a status filter (signed and held shown by default,
planned on request). The page itself (self-contained, escaped) is assembled in :mod:`kg.maps_html`.
"""

from __future__ import annotations

import functools
import gc
import io
import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from kg.basemap import GEO_CENTRE, GEO_SCALE, geo_position
from kg.dataset import atomic_write
from kg.entity_network import map_style
from kg.vocab import JJ

if TYPE_CHECKING:
    import networkx as nx

    from kg.dataset import KnowledgeGraph

__all__ = ["BIG_GRAPH", "NODE_BUDGET", "MapGraph", "MapResult", "region_map", "sector_map", "question_map",
           "network_map", "QUESTION_LIMIT", "REGION_LIMIT", "layout", "map_payload", "network_payload", "render_html", "render_png", "write_map",
           "status_phase", "PHASES"]

BIG_GRAPH = 500
NODE_BUDGET = 300  # above this many regions the national map shows provinces
# The side panel lists this many of a node's or a tie's sources and says how many more there
# are: a regional government named in 1,000 articles would otherwise put 1,000 links in the page.
SOURCES_SHOWN = 20
# A region map of a build stops reading around the region once the walk passes this many
# nodes (posts and participations included, sources not) and shows the aggregated view: the
# region's ties (at 100,000 records three hops from Pontianak reach 93,142 nodes). Under it,
# the part is read and the map drawn, or aggregated if it still has more than NODE_BUDGET nodes.
REGION_LIMIT = 4 * NODE_BUDGET
# A question map of a build stops reading around the answer once the walk passes this many
# nodes (posts and participations included) and shows the aggregated view: the map would be
# over the node budget, or near it, and reading the rest (the nodes, their sources) is what
# takes the time at 100,000 records.
QUESTION_LIMIT = 2 * NODE_BUDGET
# What a map shows of a news article (a source): its headline (or name) and address.
_SOURCE_KEYS = frozenset({"headline", "name", "url"})
REGION_VIEW = "regions"  # MapGraph.graph.graph["view"] of the national network
__all__ += ["GEO_SCALE", "GEO_CENTRE"]

Position = tuple[float, float]

# Statuses (concept notations of the event and agreement status schemes) by phase: what did
# not happen yet, what ended early or lapsed; everything else (signed, held, in force, no
# status at all) happened. The map shows "done" by default.
PHASES = ("done", "planned", "ended")
_ENDED = frozenset({"terminated", "cancelled"})


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _gc_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with the cyclic garbage collector paused.

    A map at 100,000 records makes millions of small objects (rows, nodes, ties) and no
    reference cycles; the collector would walk the whole heap again and again meanwhile
    (about half the time). It runs again afterwards, as before.
    """
    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return paused


def status_phase(status: str | None) -> str:
    """Return the phase of a status: ``done`` (it happened, :data:`kg.network.HAPPENED`, or no
    status), ``ended`` (terminated, cancelled) or ``planned`` (not yet: planned, proposed,
    stated, awaiting signature, …).

    >>> [status_phase(s) for s in ("signed", "planned", None, "cancelled", "stated")]
    ['done', 'planned', 'done', 'ended', 'planned']
    """
    from kg.network import HAPPENED

    if status is None or status in HAPPENED:
        return "done"
    if status in _ENDED:
        return "ended"
    return "planned"


@dataclass(frozen=True)
class MapResult:
    """What :func:`write_map` wrote."""

    html: Path | None
    png: Path | None
    nodes: int
    edges: int


def _geo_position(coordinates: tuple[float, float]) -> Position:
    return geo_position(*coordinates)


def _jitter(node: str, radius: float) -> Position:
    rng = random.Random(node)
    angle = rng.uniform(0, 2 * math.pi)
    return (radius * math.cos(angle), radius * math.sin(angle))


def _geo_layout(g: nx.MultiDiGraph, *, relax: bool) -> tuple[dict[str, Position], set[str]]:
    """Place regions by coordinates, others near the centroid of placed neighbours."""
    import networkx as nx

    fixed = {n: _geo_position(d["coordinates"]) for n, d in g.nodes(data=True) if d.get("coordinates")}
    pos: dict[str, Position] = dict(fixed)
    undirected = nx.Graph(g)
    pending = [n for n in g if n not in pos]
    for _ in range(len(pending) + 1):
        progressed = False
        remaining = []
        for node in pending:
            placed = [pos[m] for m in undirected.neighbors(node) if m in pos]
            if placed:
                dx, dy = _jitter(node, 60.0)
                pos[node] = (sum(p[0] for p in placed) / len(placed) + dx, sum(p[1] for p in placed) / len(placed) + dy)
                progressed = True
            else:
                remaining.append(node)
        pending = remaining
        if not pending or not progressed:
            break
    # Whatever is not connected to a placed region waits in a row below the map.
    for index, node in enumerate(sorted(pending)):
        pos[node] = (-1400.0 + 60.0 * (index % 50), 900.0 + 60.0 * (index // 50))
    if relax and len(fixed) < len(pos):
        moved = nx.spring_layout(undirected, pos=pos, fixed=list(fixed) or None, k=45.0, iterations=40, seed=7)
        pos = {n: (float(x), float(y)) for n, (x, y) in moved.items()}
    return pos, set(fixed)


def layout(g: nx.MultiDiGraph, *, geo: bool = False, always: bool = False) -> tuple[dict[str, Position] | None, set[str]]:
    """Return canvas positions (pixels, y down) and the set of nodes pinned in place.

    Args:
        g: The graph to draw.
        geo: Place regions by latitude and longitude (everything else is placed here too, so
            a geographic map never waits for the browser's physics).
        always: Compute positions even for a small graph (the PNG needs them; the browser
            lays out small graphs itself).

    Returns:
        ``(positions, fixed)``; positions is None when the browser should lay the graph out.
    """
    import networkx as nx

    big = g.number_of_nodes() > BIG_GRAPH
    if geo:
        return _geo_layout(g, relax=not big)
    if not (big or always) or g.number_of_nodes() == 0:
        return None, set()
    if big:
        return _sampled_force_layout(g), set()
    spread = 120.0 * math.sqrt(g.number_of_nodes())
    raw = nx.spring_layout(nx.Graph(g), seed=7, iterations=100, scale=spread)
    return {n: (float(x), float(y)) for n, (x, y) in raw.items()}, set()


def _sampled_force_layout(g: nx.MultiDiGraph, *, iterations: int = 120, samples: int = 40,
                          spacing: float = 60.0) -> dict[str, Position]:
    """Lay out a big graph in about a second: Fruchterman-Reingold with sampled repulsion.

    networkx's spring layout is exact and O(n²) per step (half a minute for 3000 nodes on a
    laptop); here every node is pushed away from a random sample of others each step and
    pulled along its ties, which is O(n·samples) and good enough for an overview.
    """
    import numpy as np

    nodes = sorted(g.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    count = len(nodes)
    pairs = np.array([(index[a], index[b]) for a, b in g.edges() if a != b] or [(0, 0)], dtype=np.int64)
    rng = np.random.default_rng(7)
    pos = rng.uniform(-1.0, 1.0, (count, 2)) * math.sqrt(count)
    temperature = math.sqrt(count) / 4
    for step in range(iterations):
        others = rng.integers(0, count, (count, samples))
        delta = pos[:, None, :] - pos[others]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 0.05)
        # Each sample stands for count/samples nodes.
        push = (delta / distance[..., None] ** 2).sum(axis=1) * (count / samples) * 0.02
        pull = np.zeros_like(pos)
        along = pos[pairs[:, 1]] - pos[pairs[:, 0]]
        length = np.linalg.norm(along, axis=1)[:, None]
        np.add.at(pull, pairs[:, 0], along * length)
        np.add.at(pull, pairs[:, 1], -along * length)
        move = push + pull - pos * 0.01  # a little gravity keeps components together
        size = np.maximum(np.linalg.norm(move, axis=1), 1e-9)[:, None]
        pos += move / size * np.minimum(size, temperature)
        temperature = max(0.02, temperature * 0.965)
        del step
    pos -= pos.mean(axis=0)
    pos *= spacing
    return {n: (float(pos[i, 0]), float(pos[i, 1])) for i, n in enumerate(nodes)}


def _node_size(degree: int, *, big: bool) -> float:
    return min(40.0, (6.0 if big else 12.0) + (3.0 if big else 5.0) * math.sqrt(degree))


def _month(date: str | None) -> str | None:
    return date[:7] if date else None


def _ui_kinds(style: Any) -> dict[str, str]:
    return {kind.name: kind.label for family in style.families for kind in family.kinds.values()}


def map_payload(g: nx.MultiDiGraph, *, title: str, geo: bool = False, language: str = "id") -> dict[str, Any]:
    """Return everything an entity map's page needs: vis nodes and edges, options, entity
    details for the side panel, the legend, the months of the time slider and, on a
    geographic map, the basemap.

    Every string here is plain text; :mod:`kg.maps_html` embeds it as JSON and the page
    only ever assigns it with ``textContent``.
    """
    from kg.basemap import basemap

    style = map_style(language=language)
    big = g.number_of_nodes() > BIG_GRAPH
    positions, fixed = layout(g, geo=geo)
    degree = dict(g.degree())
    details: dict[str, Any] = {}
    nodes: list[dict[str, Any]] = []
    for node, data in sorted(g.nodes(data=True)):
        family = style.family(data["family"])
        kind = family.kind(data["kind"])
        colour = kind.colour if kind is not None else family.colour
        vis: dict[str, Any] = {
            "id": node, "label": data["label"], "shape": family.shape,
            "title": f"{data['label']}\n{data['kind_label']}",
            "size": _node_size(degree[node], big=big) * (0.6 if geo else 1.0),
            "color": {"background": colour, "border": "#1f2937" if data.get("focus") else colour,
                      "highlight": {"background": colour, "border": "#111827"}},
            "borderWidth": 4 if data.get("focus") else 1,
            "widthConstraint": {"maximum": 180},
            "family": data["family_label"], "kind": data["kind_label"],
            "phase": status_phase(data.get("status")) if data.get("status") else None,
            "importance": degree[node] + (1000 if data.get("focus") else 0),
        }
        if data.get("date"):
            vis["date"] = data["date"]
        if positions is not None:
            vis["x"], vis["y"] = positions[node]
        if node in fixed or (geo and positions is not None):
            vis["fixed"] = {"x": True, "y": True}
            vis["physics"] = False
        nodes.append(vis)
        details[node] = {
            "label": data["label"], "family": data["family_label"], "kind": data["kind_label"],
            "colour": colour, "shape": family.shape, "date": data.get("date"), "iri": data["iri"],
            "facts": [list(f) for f in data["facts"]], "sources": [list(s) for s in data["sources"][:SOURCES_SHOWN]],
            "sourceCount": len(data["sources"]),
        }
    places = style.family_of(JJ.Region).name
    sectorish = {n for n, d in g.nodes(data=True) if d["family"] in style.hubs and d["family"] != places}
    parallel: Counter[tuple[str, str]] = Counter()
    edge_sources: dict[str, Any] = {}
    edges: list[dict[str, Any]] = []
    for index, (source, target, data) in enumerate(sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))):
        pair = (min(source, target), max(source, target))
        rank = parallel[pair]
        parallel[pair] += 1
        # A topic is not dated by the event that has it: no date on ties to hubs that are not places.
        quiet = source in sectorish or target in sectorish
        text = f"{data['label']} · {data['date']}" if data.get("date") and not quiet else data["label"]
        edge: dict[str, Any] = {"id": f"e{index}", "from": source, "to": target, "title": text, "tie": data["label"],
                                "color": {"color": "#9ca3af", "highlight": "#374151"}}
        # No tie labels on the canvas: they pile up on each other and on node labels. The tooltip,
        # the side panel (a node's ties, a tie's evidence) and the filter menu say what a tie is.
        if data.get("date") and not quiet:
            edge["date"] = data["date"]
        if data.get("status"):
            edge["phase"] = status_phase(data["status"])
        if rank:
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if rank % 2 else "curvedCCW", "roundness": 0.15 * ((rank + 1) // 2)}
        edges.append(edge)
        edge_sources[f"e{index}"] = {"label": data["label"], "date": data.get("date"),
                                     "sources": [list(s) for s in data.get("sources", [])[:SOURCES_SHOWN]],
                                     "sourceCount": len(data.get("sources", [])),
                                     "evidence": data.get("evidence_label")}
    present: dict[str, set[str]] = defaultdict(set)
    for data in details.values():
        present[data["family"]].add(data["kind"])
    legend = [
        {"label": f.label, "colour": f.colour, "shape": f.shape,
         "kinds": [{"label": k.label, "colour": k.colour} for k in f.kinds.values() if k.label in present[f.label] and k.label != f.label]}
        for f in style.families if f.label in present
    ]
    dates = sorted({d for d in [n.get("date") for n in nodes] + [e.get("date") for e in edges] if d})
    options = _vis_options(big=big, geo=geo, laid_out=positions is not None)
    if geo:
        options["nodes"]["font"]["size"] = 11
    return {"mode": "entities", "title": title, "nodes": nodes, "edges": edges, "options": options, "details": details,
            "edgeDetails": edge_sources, "legend": legend, "big": big, "physics": bool(options["physics"]["enabled"]),
            "months": sorted({d[:7] for d in dates}), "geo": geo, "basemap": basemap().payload() if geo else None}


def _vis_options(*, big: bool, geo: bool, laid_out: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "color": "#111827",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 6}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 10, "color": "#4b5563", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
                  "smooth": {"enabled": not big, "type": "continuous"}, "width": 1.2,
                  "selectionWidth": 2},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big, "keyboard": True,
                        "multiselect": False},
        "layout": {"improvedLayout": not (big or laid_out), "randomSeed": 7},
    }
    if laid_out or geo:
        options["physics"] = {"enabled": False}
    else:
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110, "springConstant": 0.06,
                                 "centralGravity": 0.01, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
        }
    return options


def _region_at(g: nx.MultiDiGraph, node: str) -> Position | None:
    """Where a region of the national network sits on a geographic map: at its coordinates,
    else near those of its province (a few regions have none in data/region_coordinates.csv)."""
    coordinates = g.nodes[node].get("coordinates")
    if coordinates:
        return geo_position(*coordinates)
    province = g.graph.get("provinces", {}).get(g.nodes[node].get("province") or "", {}).get("coordinates")
    if province:
        x, y = geo_position(*province)
        dx, dy = _jitter(node, 25.0)
        return (x + dx, y + dy)
    return None


def network_payload(g: nx.MultiDiGraph, *, title: str, geo: bool = False, language: str = "id") -> dict[str, Any]:
    """Return the page data of the national network: regions, provinces and ties as rows.

    Ties are counted per (region a, region b, kind, phase, month); the page sums what the
    time slider and status filter let through. Above :data:`NODE_BUDGET` regions the page
    starts with provinces. Evidence and sources per tie are included while there are at most
    :data:`BIG_GRAPH` ties (the panel shows counts otherwise).
    """
    from kg.basemap import basemap

    style = map_style(language=language)
    provinces: dict[str, dict[str, Any]] = dict(g.graph.get("provinces", {}))
    regions = sorted(g.nodes)
    for node in regions:
        province = g.nodes[node].get("province") or node
        if province not in provinces:
            provinces[province] = {"label": g.nodes[node]["label"], "coordinates": g.nodes[node].get("coordinates")}
    province_ids = sorted(provinces)
    province_index = {p: i for i, p in enumerate(province_ids)}
    if geo:
        position = {n: _region_at(g, n) or (0.0, 900.0) for n in regions}
    else:
        position = dict(layout(g, always=True)[0] or {})
    province_at: dict[str, Position] = {}
    for p in province_ids:
        members = [position[n] for n in regions if (g.nodes[n].get("province") or n) == p]
        coordinates = provinces[p].get("coordinates")
        if geo and coordinates:
            province_at[p] = geo_position(*coordinates)
        elif members:
            province_at[p] = (sum(x for x, _ in members) / len(members), sum(y for _, y in members) / len(members))
        else:
            province_at[p] = (0.0, 0.0)
    index = {n: i for i, n in enumerate(regions)}
    kinds = sorted({d["predicate"] for _, _, d in g.edges(data=True)})
    kind_index = {k: i for i, k in enumerate(kinds)}
    evidence_family = {}
    for kind in kinds:
        family = next((f for f in style.families if f.kind(kind) is not None), None)
        evidence_family[kind] = family
    months = sorted({d["date"][:7] for _, _, d in g.edges(data=True) if d.get("date")})
    month_index = {m: i for i, m in enumerate(months)}
    counts: Counter[tuple[int, int, int, int, int]] = Counter()
    detailed = g.number_of_edges() <= BIG_GRAPH
    tie_details: list[list[Any]] = []
    rows: list[list[Any]] = []
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("evidence")))):
        ia, ib = sorted((index[a], index[b]))
        key = (ia, ib, kind_index[data["predicate"]], PHASES.index(status_phase(data.get("status"))),
               month_index[data["date"][:7]] if data.get("date") else -1)
        if detailed:
            rows.append([*key, 1])
            tie_details.append([data.get("evidence_label") or data["label"], data["label"], data.get("date"),
                                data.get("status"), [list(s) for s in data.get("sources", [])]])
        else:
            counts[key] += 1
    if not detailed:
        rows = [[*key, count] for key, count in sorted(counts.items())]
    region_rows = [[n, g.nodes[n]["label"], province_index[g.nodes[n].get("province") or n],
                    round(position[n][0], 1), round(position[n][1], 1)] for n in regions]
    details = {n: {"label": g.nodes[n]["label"], "kind": g.nodes[n]["kind_label"], "facts": [list(f) for f in g.nodes[n]["facts"]],
                   "sources": [list(s) for s in g.nodes[n]["sources"]][:20]} for n in regions} if len(regions) <= 2 * NODE_BUDGET else {}
    region_family = style.family_of(JJ.Region)
    kind_rows = []
    for kind in kinds:
        family = evidence_family[kind]
        found = family.kind(kind) if family is not None else None
        colour = found.colour if found is not None else family.colour if family is not None else "#6b7280"
        kind_rows.append([kind, found.label if found is not None else kind, colour,
                          family.label if family is not None else kind])
    return {"mode": REGION_VIEW, "title": title, "geo": geo, "basemap": basemap().payload() if geo else None,
            "regions": region_rows, "provinces": [[p, provinces[p]["label"], round(province_at[p][0], 1), round(province_at[p][1], 1)] for p in province_ids],
            "ties": rows, "tieDetails": tie_details if detailed else None, "kinds": kind_rows, "months": months,
            "phases": list(PHASES), "details": details, "budget": NODE_BUDGET, "aggregate": len(regions) > NODE_BUDGET,
            "note": g.graph.get("note"), "focus": index.get(g.graph.get("focus") or ""),
            "regionColour": region_family.colour, "regionShape": region_family.shape, "regionLabel": region_family.label,
            "options": _vis_options(big=True, geo=geo, laid_out=True)}


def render_html(g: nx.MultiDiGraph, *, title: str, geo: bool = False, language: str = "id") -> str:
    """Return the map of ``g`` as one self-contained HTML page."""
    from kg.maps_html import page

    if g.graph.get("view") == REGION_VIEW:
        return page(network_payload(g, title=title, geo=geo, language=language), language=language)
    return page(map_payload(g, title=title, geo=geo, language=language), language=language)


_MARKERS = {"dot": "o", "square": "s", "diamond": "D", "triangle": "^", "triangleDown": "v", "star": "*",
            "hexagon": "h", "ellipse": "o", "box": "s"}


def _png_network(g: nx.MultiDiGraph, *, geo: bool, language: str) -> tuple[nx.MultiDiGraph, dict[str, Position]]:
    """Return what a PNG of the national network draws: regions, or provinces above the budget."""
    import networkx as nx

    if g.number_of_nodes() <= NODE_BUDGET:
        positions, _ = layout(g, geo=geo, always=True)
        if geo:  # a region without coordinates of its own sits by its province, not in a row off the map
            positions = {n: _region_at(g, n) or p for n, p in (positions or {}).items()}
        return g, positions or {}
    payload = network_payload(g, title="", geo=geo, language=language)
    provinces = payload["provinces"]
    province_of = {row[0]: provinces[row[2]][0] for row in payload["regions"]}
    out: nx.MultiDiGraph = nx.MultiDiGraph(language=g.graph.get("language", language))
    style = map_style(language=language)
    region = style.family_of(JJ.Region)
    for iri, label, x, y in provinces:
        out.add_node(iri, label=label, family=region.name, kind=region.name, at=(x, y))
    for a, b, data in g.edges(data=True):
        pa, pb = province_of[a], province_of[b]
        if pa != pb and status_phase(data.get("status")) == "done":
            out.add_edge(pa, pb, **data)
    out.remove_nodes_from([n for n in list(out) if out.degree(n) == 0])
    out.graph["provinces_only"] = True
    return out, {n: out.nodes[n]["at"] for n in out}


def render_png(g: nx.MultiDiGraph, *, title: str, geo: bool = False, language: str = "id") -> bytes:
    """Draw ``g`` with matplotlib (Agg, no browser, no global pyplot state) and return PNG bytes.

    The legend sits outside the plot, labels are never clipped (and never stacked: a label
    that would overlap a more important one is left out), and a geographic map has the
    basemap underneath. The national network above :data:`NODE_BUDGET` regions is drawn as
    provinces joined by ties weighted by their number (signed and held only).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    style = map_style(language=language)
    national = g.graph.get("view") == REGION_VIEW
    if national:
        g, positions = _png_network(g, geo=geo, language=language)
    else:
        positions = layout(g, geo=geo, always=True)[0] or {}
    figure = Figure(figsize=(13, 8), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.02, 0.04, 0.76, 0.88))
    figure.suptitle(title, fontsize=14, x=0.02, ha="left")
    if geo:
        from kg.basemap import draw_basemap

        draw_basemap(axes)
        axes.set_aspect("equal")
        axes.set_xticks([])
        axes.set_yticks([])
        for spine in axes.spines.values():
            spine.set_visible(False)
    else:
        axes.set_axis_off()
    pair_weight: Counter[tuple[str, str]] = Counter((min(a, b), max(a, b)) for a, b in g.edges() if a != b)
    pair_kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for a, b, data in g.edges(data=True):
        pair_kinds[(min(a, b), max(a, b))][str(data.get("predicate", ""))] += 1
    heaviest = max(pair_weight.values(), default=1)
    kind_colour = {k.name: k.colour for f in style.families for k in f.kinds.values()}
    segments = [[(positions[a][0], -positions[a][1]), (positions[b][0], -positions[b][1])] for a, b in pair_weight]
    if national:
        widths = [0.4 + 5.0 * w / heaviest for w in pair_weight.values()]
        colours = [kind_colour.get(pair_kinds[p].most_common(1)[0][0], "#6b7280") for p in pair_weight]
        axes.add_collection(LineCollection(segments, colors=colours, linewidths=widths, alpha=0.45, zorder=1))
    else:
        widths = [0.6 + 1.2 * math.log1p(w) for w in pair_weight.values()]
        axes.add_collection(LineCollection(segments, colors="#6b7280", linewidths=widths, alpha=0.6, zorder=1))
    degree = dict(g.degree())
    big = g.number_of_nodes() > BIG_GRAPH
    most = max(degree.values(), default=1) or 1
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        family = style.family(data["family"])
        kind = family.kind(data["kind"])
        shape = "dot" if national else family.shape
        groups[(shape, family.colour if national else kind.colour if kind is not None else family.colour)].append(node)
    for (shape, colour), members in groups.items():
        sizes = ([30 + 500 * math.sqrt(degree[n] / most) for n in members] if national
                 else [(_node_size(degree[n], big=big) * 1.6) ** 2 / 4 for n in members])
        axes.scatter([positions[n][0] for n in members], [-positions[n][1] for n in members], s=sizes, c=colour,
                     marker=_MARKERS.get(shape, "o"), edgecolors="#1f2937", linewidths=0.4, zorder=2)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [-p[1] for p in positions.values()] or [0.0]
    if national and geo:
        from kg.basemap import basemap

        west, south, east, north = basemap().bounds
        (x0, y0), (x1, y1) = geo_position(north, west), geo_position(south, east)
        xs, ys = xs + [x0, x1], ys + [-y0, -y1]
    pad_x = max(40.0, 0.06 * (max(xs) - min(xs)))
    pad_y = max(40.0, 0.08 * (max(ys) - min(ys)))
    axes.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    axes.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken: list[Any] = []
    for node in sorted(g.nodes, key=lambda n: (-degree[n], str(g.nodes[n]["label"]))):
        x, y = positions[node]
        text = axes.annotate(str(g.nodes[node]["label"])[:40], (x, -y), fontsize=7, ha="center", va="bottom",
                             xytext=(0, 5), textcoords="offset points", zorder=3, annotation_clip=False,
                             bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6})
        box = text.get_window_extent(renderer)
        if any(box.overlaps(other) for other in taken):
            text.remove()
        else:
            taken.append(box)
    present = {d["family"] for _, d in g.nodes(data=True)}
    handles = [Line2D([], [], linestyle="", marker=_MARKERS.get("dot" if national else f.shape, "o"), color=f.colour,
                      markersize=8, label=_ui(language)["province"] if national and g.number_of_nodes() and g.graph.get("provinces_only") else f.label)
               for f in style.families if f.name in present]
    if national:
        kinds = Counter(str(d.get("predicate", "")) for _, _, d in g.edges(data=True))
        labels = {k.name: k.label for f in style.families for k in f.kinds.values()}
        handles += [Line2D([], [], color=kind_colour.get(k, "#6b7280"), linewidth=3, label=labels.get(k, k))
                    for k, _ in kinds.most_common(8)]
    if handles:
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.80, 0.92), fontsize=9, frameon=False,
                      title=_ui(language)["legend"], alignment="left")
    if geo:
        from kg.basemap import basemap

        figure.text(0.80, 0.05, _ui(language)["basemapCredit"], fontsize=6, color="#6b7280", wrap=True)
        del basemap
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.2)
    return buffer.getvalue()


def _ui(language: str) -> dict[str, str]:
    from kg.maps_html import UI_TEXT

    return UI_TEXT.get(language, UI_TEXT["en"])


@_gc_paused
def write_map(g: nx.MultiDiGraph, output: Path | None, *, title: str, png: Path | None = None,
              geo: bool = False, language: str = "id") -> MapResult:
    """Write the HTML map of ``g`` to ``output`` and/or a PNG to ``png``, each atomically.

    Nothing but these files is written (no ``lib/`` folder beside them).
    """
    if output is not None:
        atomic_write(output, render_html(g, title=title, geo=geo, language=language).encode("utf-8"))
    if png is not None:
        atomic_write(png, render_png(g, title=title, geo=geo, language=language))
    return MapResult(html=output, png=png, nodes=g.number_of_nodes(), edges=g.number_of_edges())


# -- the four maps the CLI offers ------------------------------------------------------------------

@dataclass(frozen=True)
class MapGraph:
    """A subgraph ready to draw, with its title."""

    graph: nx.MultiDiGraph
    title: str


def _drawable_near(graph: KnowledgeGraph, seeds: list[str], *, hops: int, language: str,
                   limit: int | None = None, probe: bool = False) -> tuple[nx.MultiDiGraph, int]:
    """Return the drawable entity network, or the part of it a map within ``hops`` of ``seeds`` needs.

    A build with an embedded database gives the part: the stored projection read around the
    seeds (:func:`kg.embedded_projection.read_around`). A drawable tie is one relationship,
    or two through an annotation (a post: holder and organization, never its role; a
    participation), so a walk that steps through annotations for free and stops at regions
    and sectors (never entering sources) reaches every node within ``hops`` ties, and the
    annotations that tie them to each other; one more step brings what their facts name (a
    post's organization and role, a value, the event that dates a delegation). The map
    drawn from it is the map of the whole network. Without an embedded database: the whole
    network. With a ``limit`` (nodes read), fewer hops when the walk would read more; with
    ``probe`` as well, nothing (an empty network) when it would.

    Returns:
        The drawable network (or part), and the hops it holds.
    """
    from kg.embedded_projection import embedded_database_of, read_around
    from kg.entity_network import drawable, entity_network, network_of_projection
    from kg.mapping import property_graph_mapping

    stored = embedded_database_of(graph)
    if stored is None:
        return drawable(entity_network(graph, language=language)), hops
    style = map_style(language=language)
    mapping = property_graph_mapping()
    sources = style.family_of(JJ.NewsArticle).name
    types_of = {spec.predicate: spec.type for spec in mapping.relationships.values()}
    part, reached = read_around(stored, mapping, seeds, hops=hops, limit=limit, probe=probe, stop=style.hubs, skip={sources},
                       free=style.annotations - {sources}, blocked={types_of[JJ.role]}, lend={style.family_of(JJ.Post).name},
                       backwards={types_of[JJ.delegation]}, source_keys=_SOURCE_KEYS)
    # Sources are every node's list already (headlines and links): not nodes of the network,
    # which drawable() would leave out again (73,000 of them around Kota Pontianak at 100,000 records).
    drawn = [label for label in mapping.nodes if label != sources]
    return drawable(network_of_projection(part, language=language, labels=drawn)), reached


@_gc_paused
def region_map(graph: KnowledgeGraph, region: str, *, hops: int = 3, language: str = "id") -> MapGraph:
    """Return the neighbourhood of a region (name, alias or code, e.g. "Pontianak", "61.71").

    Above :data:`NODE_BUDGET` nodes the map is aggregated (:func:`_region_ties`): the region's
    ties with its partner regions, by province. A build stops reading around the region as
    soon as the walk passes :data:`REGION_LIMIT` nodes (nothing of the neighbourhood is read
    then, only the region's ties).

    Raises:
        GazetteerError: The region is unknown or ambiguous.
    """
    from kg.entity_network import neighbourhood
    from kg.gazetteer import gazetteer
    from kg.loaders.gazetteer import region_iri_for_code

    place = gazetteer().resolve(region)
    centre = str(region_iri_for_code(place.code))
    title = f"{place.name} ({place.code})"
    g, reached = _drawable_near(graph, [centre], hops=hops, language=language, limit=REGION_LIMIT, probe=True)
    sub = neighbourhood(g, centre, hops=hops) if reached == hops else None
    if sub is None or sub.number_of_nodes() > NODE_BUDGET:
        return _region_ties(graph, centre, title=title, language=language, hops=hops,
                            count=sub.number_of_nodes() if sub is not None else REGION_LIMIT,
                            note="aggregatedRegion" if sub is not None else "aggregatedRegionMore")
    return MapGraph(sub, title)


def _region_ties(graph: KnowledgeGraph, centre: str, *, title: str, language: str, hops: int, count: int,
                 note: str) -> MapGraph:
    """Return the aggregated view of a region map over the budget: the national network's
    page with the region's ties only (every tie of :func:`kg.network.region_network_of` with
    ``centre`` at one end, whatever its status: the page filters) and its partner regions.

    A build reads the evidence of those ties first (what points at the region along a tie
    rule, :func:`kg.embedded_projection.read_pointing`) and then only their ties and every
    region. The page marks the region (``graph["focus"]``) and says why it is aggregated and
    how to see the entities themselves (``graph["note"]``).
    """
    from kg.embedded_projection import embedded_database_of, read_pointing
    from kg.mapping import property_graph_mapping
    from kg.network import tie_sides

    stored = embedded_database_of(graph)
    evidence: set[str] | None = None
    if stored is not None:
        mapping = property_graph_mapping()
        type_of = {spec.predicate: spec.type for spec in mapping.relationships.values()}
        paths = [[type_of[p] for p in side] for side in tie_sides() if all(p in type_of for p in side)]
        evidence = read_pointing(stored, mapping, [centre], paths)
    view = _region_view(graph, language=language, evidence=evidence)
    view.remove_edges_from([(a, b, k) for a, b, k in list(view.edges(keys=True)) if centre not in (a, b)])
    view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0])
    ui = _ui(language)
    view.graph["focus"] = centre
    grouped = f"{count:,}".replace(",", "." if language == "id" else ",")  # 1,200 / 1.200
    view.graph["note"] = ui[note].format(count=grouped, budget=NODE_BUDGET, hops=hops, ties=view.number_of_edges(),
                                         partners=max(0, view.number_of_nodes() - 1))
    return MapGraph(view, f"{title} — {ui['aggregatedTitle']}")


@_gc_paused
def sector_map(graph: KnowledgeGraph, sector: str, *, language: str = "id") -> MapGraph:
    """Return the entities about a sector id (ontology/sectors.ttl) or a narrower one.

    Above :data:`NODE_BUDGET` nodes the map is aggregated (:func:`_aggregated`): the regions
    the ties of those entities join, by province. A build counts the entities about the
    sector first and reads nothing else when they alone are over the budget.

    Raises:
        QueryError: The sector id is unknown.
    """
    from kg.entity_network import sector_and_narrower, sector_subgraph
    from kg.errors import QueryError
    from kg.ontology import vocabulary

    sectors = vocabulary().sectors
    if sector not in sectors:
        close = sorted(s for s in sectors if sector.casefold() in s)
        hint = f" (did you mean {', '.join(close[:5])}?)" if close else ""
        raise QueryError(f"unknown sector {sector!r}{hint}")
    centre = str(sectors[sector])
    title = vocabulary().label(sectors[sector], language=language)
    narrower = sorted(sector_and_narrower(centre))
    tagged = _about_sectors(graph, narrower)
    if tagged is not None and len(tagged) > NODE_BUDGET:
        return _aggregated(graph, tagged, title=title, language=language, note="aggregatedSector", count=len(tagged))
    g, _ = _drawable_near(graph, narrower, hops=3, language=language)
    sub = sector_subgraph(g, centre)
    if sub.number_of_nodes() > NODE_BUDGET:
        from kg.entity_network import local_name

        topic, wanted = local_name(str(JJ.topic)), set(narrower)
        about = {a for a, b, d in sub.edges(data=True) if d["predicate"] == topic and b in wanted}
        return _aggregated(graph, about, title=title, language=language, note="aggregatedSector", count=len(about))
    return MapGraph(sub, title)


def _about_sectors(graph: KnowledgeGraph, sectors: list[str]) -> set[str] | None:
    """Return the entities whose topic is one of ``sectors``, read from a build's embedded
    database (one query per kind of entity that has a topic); None without one."""
    from kg.embedded_projection import embedded_database_of, read_topics
    from kg.mapping import property_graph_mapping

    stored = embedded_database_of(graph)
    if stored is None:
        return None
    mapping = property_graph_mapping()
    topic = next(spec.type for spec in mapping.relationships.values() if spec.predicate == JJ.topic)
    return read_topics(stored, mapping, topic, sectors)


def _aggregated(graph: KnowledgeGraph, evidence: set[str], *, title: str, language: str, note: str, count: int,
                regions: AbstractSet[str] = frozenset()) -> MapGraph:
    """Return the aggregated view of a map over the budget: the national network's page
    (regions, by province above :data:`NODE_BUDGET` regions, expanding on click) with only the
    ties whose evidence is in ``evidence`` (or, when none is, the ties of ``regions``).

    The page says so (``graph["note"]``, from the interface text ``note``) and how to see the
    entities themselves.
    """
    ui = _ui(language)
    view = _region_view(graph, language=language, evidence=evidence)
    keep = [(a, b, k) for a, b, k, d in view.edges(keys=True, data=True) if d.get("evidence") in evidence]
    if not keep and regions:
        view = _region_view(graph, language=language)
        keep = [(a, b, k) for a, b, k in view.edges(keys=True) if a in regions or b in regions]
    kept = set(keep)
    view.remove_edges_from([e for e in list(view.edges(keys=True)) if e not in kept])
    view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0])
    view.graph["note"] = ui[note].format(count=count, budget=NODE_BUDGET, ties=view.number_of_edges(),
                                         regions=view.number_of_nodes())
    return MapGraph(view, f"{title} — {ui['aggregatedTitle']}")


@_gc_paused
def question_map(graph: KnowledgeGraph, name: str, params: dict[str, Any], *, hops: int = 2,
                 language: str = "id") -> MapGraph:
    """Return the subgraph around the entities named in a catalog question's answer.

    Above :data:`NODE_BUDGET` nodes the map is aggregated (:func:`_aggregated`): the regions
    the ties of the answer's entities join (its events, agreements, programs; or else the
    ties of its regions), by province. A build stops reading around the answer as soon as the
    part read passes :data:`QUESTION_LIMIT` nodes.

    Raises:
        QueryError: Unknown question or bad parameter.
    """
    from kg.entity_network import subgraph_around
    from kg.questions import catalog, run_question

    answer = run_question(graph, name, params)
    iris: set[str] = set()
    for row in answer.rows:
        for value in row.values():
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, str):
                    iris.add(item)
    question = catalog()[name]
    title = question.title.get(language) or question.title.get("en") or name if isinstance(question.title, dict) else str(question.title)
    given = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
    title = f"{title} ({given})" if given else title
    named = sorted(i for i in iris if i.startswith(("http://", "https://")))  # the nodes, not names or codes
    if len(named) > QUESTION_LIMIT:  # the walk would stop before its first step: do not look them up
        return _aggregated(graph, iris, regions=iris, title=title, language=language, note="aggregatedQuestionMore",
                           count=QUESTION_LIMIT)
    g, reached = _drawable_near(graph, named, hops=hops, language=language, limit=QUESTION_LIMIT, probe=True)
    sub = subgraph_around(g, iris, hops=hops) if reached == hops else None
    if sub is None or sub.number_of_nodes() > NODE_BUDGET:
        count = sub.number_of_nodes() if sub is not None else QUESTION_LIMIT
        return _aggregated(graph, iris, regions=iris, title=title, language=language,
                           note="aggregatedQuestion" if sub is not None else "aggregatedQuestionMore", count=count)
    return MapGraph(sub, title)


@_gc_paused
def network_map(graph: KnowledgeGraph, *, language: str = "id") -> MapGraph:
    """Return the whole region-to-region cooperation network (:func:`kg.network.region_network`).

    The graph (``graph["view"] == "regions"``) holds the tied regions, each with its
    ``province``, and ``graph["provinces"]``: every province's label and coordinates.
    """
    return MapGraph(_region_view(graph, language=language), _ui(language)["network"])


def _region_view(graph: KnowledgeGraph, *, language: str, evidence: AbstractSet[str] | None = None) -> nx.MultiDiGraph:
    """Return the national network as :func:`network_map` draws it (every tie: the page filters by status).

    With ``evidence``, a build reads only the ties of that evidence (and every region) from
    its embedded database (:func:`kg.embedded_projection.read_reachable`); other ties may be
    there too, without one.
    """
    from kg.embedded_projection import embedded_database_of, read_reachable
    from kg.entity_network import from_region_network, local_name, network_of_projection, restricted_mapping
    from kg.network import TIE_KEYS, region_network_of, tie_labels, tie_predicates, tie_projection

    stored = embedded_database_of(graph)
    if evidence is not None and stored is not None:
        mapping = restricted_mapping(tie_labels(), keys=TIE_KEYS, predicates=tie_predicates())
        pg = read_reachable(stored, mapping, sorted(evidence), steps=2, whole=[mapping.class_labels[JJ.Region]])
    else:
        pg = tie_projection(graph)
    region_label = pg.mapping.class_labels[JJ.Region]
    regions = network_of_projection(pg, language=language, labels=[region_label])
    out = from_region_network(region_network_of(pg), regions)
    in_province = local_name(str(JJ.inProvince))
    province_kind = local_name(str(JJ.Province))
    for node in out.nodes:
        out.nodes[node]["province"] = next(
            (b for _, b, d in regions.out_edges(node, data=True) if d["predicate"] == in_province), node)
    out.graph["view"] = REGION_VIEW
    out.graph["provinces"] = {n: {"label": d["label"], "coordinates": d.get("coordinates")}
                              for n, d in regions.nodes(data=True) if d["kind"] == province_kind}
    return out
