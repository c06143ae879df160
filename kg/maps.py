"""Network maps for planners: one offline HTML file (pyvis) or a static PNG (matplotlib).

A map is drawn from a subgraph of :func:`kg.entity_network.entity_network`. Colours, shapes
and the legend come from :func:`kg.entity_network.map_style`; sizes from the degree. Small
maps are laid out by vis-network's physics in the browser, which is then switched off once
the picture settles; big maps (more than :data:`BIG_GRAPH` nodes) get their positions from
networkx here and no physics at all, so thousands of nodes open at once. ``geo`` places
regions by their coordinates (a map of Indonesia emerges) and everything else around them.

The page itself (self-contained, escaped) is assembled in :mod:`kg.maps_html`.
"""

from __future__ import annotations

import io
import json
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.dataset import atomic_write
from kg.entity_network import map_style
from kg.vocab import JJ

if TYPE_CHECKING:
    import networkx as nx

    from kg.dataset import KnowledgeGraph

__all__ = ["BIG_GRAPH", "MapGraph", "MapResult", "region_map", "sector_map", "question_map", "network_map", "layout", "map_payload", "render_html", "render_png", "write_map"]

BIG_GRAPH = 500
GEO_SCALE = 60.0  # canvas pixels per degree of latitude/longitude
GEO_CENTRE = (-2.5, 118.0)  # roughly the middle of Indonesia

Position = tuple[float, float]


@dataclass(frozen=True)
class MapResult:
    """What :func:`write_map` wrote."""

    html: Path | None
    png: Path | None
    nodes: int
    edges: int


def _geo_position(coordinates: tuple[float, float]) -> Position:
    lat, lon = coordinates
    return ((lon - GEO_CENTRE[1]) * GEO_SCALE, -(lat - GEO_CENTRE[0]) * GEO_SCALE)


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
                dx, dy = _jitter(node, 40.0)
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
        moved = nx.spring_layout(undirected, pos=pos, fixed=list(fixed) or None, k=30.0, iterations=30, seed=7)
        pos = {n: (float(x), float(y)) for n, (x, y) in moved.items()}
    return pos, set(fixed)


def layout(g: nx.MultiDiGraph, *, geo: bool = False, always: bool = False) -> tuple[dict[str, Position] | None, set[str]]:
    """Return canvas positions (pixels, y down) and the set of nodes pinned in place.

    Args:
        g: The graph to draw.
        geo: Place regions by latitude and longitude.
        always: Compute positions even for a small graph (the PNG needs them; the browser
            lays out small graphs itself).

    Returns:
        ``(positions, fixed)``; positions is None when the browser should lay the graph out.
    """
    import networkx as nx

    big = g.number_of_nodes() > BIG_GRAPH
    if geo:
        return _geo_layout(g, relax=always and not big)
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


def map_payload(g: nx.MultiDiGraph, *, title: str, geo: bool = False, language: str = "id") -> dict[str, Any]:
    """Return everything the page needs: vis nodes and edges (built with pyvis), options,
    entity details for the side panel and the legend.

    Every string here is plain text; :mod:`kg.maps_html` embeds it as JSON and the page
    only ever assigns it with ``textContent``.
    """
    from pyvis.network import Network

    style = map_style(language=language)
    big = g.number_of_nodes() > BIG_GRAPH
    positions, fixed = layout(g, geo=geo)
    net = Network(directed=True, select_menu=True, filter_menu=True, cdn_resources="in_line", heading=title)
    degree = dict(g.degree())
    details: dict[str, Any] = {}
    for node, data in sorted(g.nodes(data=True)):
        family = style.family(data["family"])
        kind = next((k for k in family.kinds.values() if k.name == data["kind"]), None)
        colour = kind.colour if kind is not None else family.colour
        options: dict[str, Any] = {
            "title": f"{data['label']}\n{data['kind_label']}",
            "size": _node_size(degree[node], big=big),
            "color": {"background": colour, "border": "#1f2937" if data.get("focus") else colour,
                      "highlight": {"background": colour, "border": "#111827"}},
            "borderWidth": 4 if data.get("focus") else 1,
            "widthConstraint": {"maximum": 180},
            "family": data["family_label"],
            "kind": data["kind_label"],
        }
        if data.get("date"):
            options["date"] = data["date"]
        if positions is not None:
            options["x"], options["y"] = positions[node]
        if node in fixed:
            options["fixed"] = {"x": True, "y": True}
            options["physics"] = False
        net.add_node(node, label=data["label"], shape=family.shape, **options)
        details[node] = {
            "label": data["label"], "family": data["family_label"], "kind": data["kind_label"],
            "colour": colour, "shape": family.shape, "date": data.get("date"), "iri": data["iri"],
            "facts": [list(f) for f in data["facts"]], "sources": [list(s) for s in data["sources"]],
        }
    places = style.family_of(JJ.Region).name
    sectorish = {n for n, d in g.nodes(data=True) if d["family"] in style.hubs and d["family"] != places}
    parallel: Counter[tuple[str, str]] = Counter()
    edge_sources: dict[str, Any] = {}
    for index, (source, target, data) in enumerate(sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))):
        pair = (min(source, target), max(source, target))
        rank = parallel[pair]
        parallel[pair] += 1
        # A topic is not dated by the event that has it: no date on ties to hubs that are not places.
        quiet = source in sectorish or target in sectorish
        text = f"{data['label']} · {data['date']}" if data.get("date") and not quiet else data["label"]
        edge: dict[str, Any] = {"id": f"e{index}", "title": text, "tie": data["label"], "color": {"color": "#9ca3af", "highlight": "#374151"}}
        if not big:
            edge["label"] = text
        if data.get("date"):
            edge["date"] = data["date"]
        if rank:
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if rank % 2 else "curvedCCW", "roundness": 0.15 * ((rank + 1) // 2)}
        net.add_edge(source, target, **edge)
        edge_sources[f"e{index}"] = {"label": data["label"], "date": data.get("date"),
                                     "sources": [list(s) for s in data.get("sources", [])],
                                     "evidence": data.get("evidence_label")}
    net.options = _vis_options(big=big, geo=geo, laid_out=positions is not None)
    nodes, edges, heading, _height, _width, options = net.get_network_data()
    present: dict[str, set[str]] = defaultdict(set)
    for data in details.values():
        present[data["family"]].add(data["kind"])
    legend = [
        {"label": f.label, "colour": f.colour, "shape": f.shape,
         "kinds": [{"label": k.label, "colour": k.colour} for k in f.kinds.values() if k.label in present[f.label] and k.label != f.label]}
        for f in style.families if f.label in present
    ]
    return {"title": heading, "nodes": nodes, "edges": edges, "options": json.loads(str(options)), "details": details,
            "edgeDetails": edge_sources, "legend": legend, "big": big, "physics": bool(net.options["physics"]["enabled"])}


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
    if big and (laid_out or not geo):
        options["physics"] = {"enabled": False}
    else:
        options["physics"] = {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110, "springConstant": 0.06,
                                 "centralGravity": 0.0 if geo else 0.01, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 50, "fit": True},
        }
    return options


def render_html(g: nx.MultiDiGraph, *, title: str, geo: bool = False, language: str = "id") -> str:
    """Return the map of ``g`` as one self-contained HTML page."""
    from kg.maps_html import page

    return page(map_payload(g, title=title, geo=geo, language=language), language=language)


_MARKERS = {"dot": "o", "square": "s", "diamond": "D", "triangle": "^", "triangleDown": "v", "star": "*",
            "hexagon": "h", "ellipse": "o", "box": "s"}


def render_png(g: nx.MultiDiGraph, *, title: str, geo: bool = False, language: str = "id") -> bytes:
    """Draw ``g`` with matplotlib (Agg, no browser, no global pyplot state) and return PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    style = map_style(language=language)
    positions, _fixed = layout(g, geo=geo, always=True)
    positions = positions or {}
    figure = Figure(figsize=(12, 9), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontsize=14)
    axes.set_axis_off()
    segments = [[(positions[a][0], -positions[a][1]), (positions[b][0], -positions[b][1])] for a, b in g.edges() if a != b]
    axes.add_collection(LineCollection(segments, colors="#9ca3af", linewidths=0.6, alpha=0.7, zorder=1))
    degree = dict(g.degree())
    big = g.number_of_nodes() > BIG_GRAPH
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        family = style.family(data["family"])
        colour = next((k.colour for k in family.kinds.values() if k.name == data["kind"]), family.colour)
        groups[(family.shape, colour)].append(node)
    for (shape, colour), members in groups.items():
        axes.scatter([positions[n][0] for n in members], [-positions[n][1] for n in members],
                     s=[(_node_size(degree[n], big=big) * 1.6) ** 2 / 4 for n in members], c=colour,
                     marker=_MARKERS.get(shape, "o"), edgecolors="#1f2937", linewidths=0.4, zorder=2)
    labelled = sorted(g.nodes, key=lambda n: -degree[n])[: 60 if g.number_of_nodes() > 60 else None]
    for node in labelled:
        x, y = positions[node]
        axes.annotate(str(g.nodes[node]["label"])[:40], (x, -y), fontsize=7, ha="center", va="bottom",
                      xytext=(0, 5), textcoords="offset points", zorder=3)
    present = {d["family"] for _, d in g.nodes(data=True)}
    handles = [Line2D([], [], linestyle="", marker=_MARKERS.get(f.shape, "o"), color=f.colour, markersize=8, label=f.label)
               for f in style.families if f.name in present]
    if handles:
        axes.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    if geo:
        axes.set_aspect("equal")
    axes.autoscale_view()
    axes.margins(0.05)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


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


def region_map(graph: KnowledgeGraph, region: str, *, hops: int = 3, language: str = "id") -> MapGraph:
    """Return the neighbourhood of a region (name, alias or code, e.g. "Pontianak", "61.71").

    Raises:
        GazetteerError: The region is unknown or ambiguous.
    """
    from kg.entity_network import drawable, entity_network, neighbourhood
    from kg.gazetteer import gazetteer
    from kg.loaders.gazetteer import region_iri_for_code

    place = gazetteer().resolve(region)
    g = drawable(entity_network(graph, language=language))
    return MapGraph(neighbourhood(g, str(region_iri_for_code(place.code)), hops=hops), f"{place.name} ({place.code})")


def sector_map(graph: KnowledgeGraph, sector: str, *, language: str = "id") -> MapGraph:
    """Return the entities about a sector id (ontology/sectors.ttl) or a narrower one.

    Raises:
        QueryError: The sector id is unknown.
    """
    from kg.entity_network import drawable, entity_network, sector_subgraph
    from kg.errors import QueryError
    from kg.ontology import vocabulary

    sectors = vocabulary().sectors
    if sector not in sectors:
        close = sorted(s for s in sectors if sector.casefold() in s)
        hint = f" (did you mean {', '.join(close[:5])}?)" if close else ""
        raise QueryError(f"unknown sector {sector!r}{hint}")
    g = drawable(entity_network(graph, language=language))
    return MapGraph(sector_subgraph(g, str(sectors[sector])), vocabulary().label(sectors[sector], language=language))


def question_map(graph: KnowledgeGraph, name: str, params: dict[str, str], *, hops: int = 2,
                 language: str = "id") -> MapGraph:
    """Return the subgraph around the entities named in a catalog question's answer.

    Raises:
        QueryError: Unknown question or bad parameter.
    """
    from kg.entity_network import drawable, entity_network, subgraph_around
    from kg.questions import catalog, run_question

    answer = run_question(graph, name, params)
    iris: set[str] = set()
    for row in answer.rows:
        for value in row.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    iris.add(item)
    g = drawable(entity_network(graph, language=language))
    question = catalog()[name]
    title = question.title.get(language) or question.title.get("en") or name if isinstance(question.title, dict) else str(question.title)
    given = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return MapGraph(subgraph_around(g, iris, hops=hops), f"{title} ({given})" if given else title)


def network_map(graph: KnowledgeGraph, *, language: str = "id") -> MapGraph:
    """Return the whole region-to-region cooperation network (:func:`kg.network.region_network`)."""
    from kg.entity_network import entity_network, from_region_network
    from kg.network import region_network

    g = entity_network(graph, language=language)
    from kg.maps_html import UI_TEXT

    title = UI_TEXT.get(language, UI_TEXT["en"])["network"]
    return MapGraph(from_region_network(region_network(graph), g), title)
