"""Maps without a browser: the entity network, layouts, the self-contained page, PNGs, the CLI."""

from __future__ import annotations

import json
import random
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.build import build_graph
from kg.cli.maps import map_group
from kg.dataset import KnowledgeGraph
from kg.entity_network import drawable, entity_network, map_style, neighbourhood, sector_subgraph, subgraph_around
from kg.gazetteer import gazetteer
from kg.loaders.gazetteer import region_iri_for_code
from kg.basemap import basemap, geo_position
from kg.maps import (BIG_GRAPH, layout, map_payload, network_map, network_payload, region_map, render_html, render_png,
                     sector_map, status_phase, write_map)
from kg.maps_html import script_json
from kg.projection import project
from kg.vocab import JJ, SECTOR
from maps_fixtures import write_xss_record, xss_payloads

PONTIANAK = str(region_iri_for_code("61.71"))
KOTIM = str(region_iri_for_code("62.02"))


def synthetic_graph(size: int, *, seed: int = 3) -> nx.MultiDiGraph:
    """A random graph in the entity network's format, with families taken from the style."""
    style = map_style()
    families = style.families
    rng = random.Random(seed)
    g: nx.MultiDiGraph = nx.MultiDiGraph(language="id")
    for i in range(size):
        family = families[i % len(families)]
        kind = list(family.kinds.values())[i % len(family.kinds)]
        g.add_node(f"n{i}", iri=f"n{i}", label=f"Node {i}", family=family.name, family_label=family.label,
                   kind=kind.name, kind_label=kind.label, facts=[("fact", str(i))], sources=[], date=None,
                   coordinates=None)
    for i in range(1, size):
        g.add_edge(f"n{i}", f"n{rng.randrange(i)}", key="tie", predicate="tie", label="tie", date="2025-01-01", sources=[])
    return g


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in ("src", "href") or (tag == "link" and name == "href"):
                self.refs.append((tag, name, value or ""))


@pytest.fixture(scope="module")
def network(seed_graph: KnowledgeGraph) -> nx.MultiDiGraph:
    return drawable(entity_network(seed_graph))


# -- the entity network -----------------------------------------------------------------------

def test_entity_network_is_the_projection(seed_graph: KnowledgeGraph) -> None:
    projection = project(seed_graph)
    g = entity_network(seed_graph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(projection.nodes), len(projection.relationships))
    assert set(g.nodes) == {n.iri for n in projection.nodes}
    assert sorted((a, b, k) for a, b, k in g.edges(keys=True)) == sorted(
        (r.start, r.end, r.type) for r in projection.relationships)
    by_label: dict[str, int] = {}
    for _, data in g.nodes(data=True):
        by_label[data["family"]] = by_label.get(data["family"], 0) + 1
    assert by_label == {label: count for label, count in projection.node_counts().items() if count}


def test_region_network_is_derived_from_the_projection(seed_graph: KnowledgeGraph) -> None:
    """The region network holds exactly the ties the SPARQL question region-ties answers."""
    from kg.network import region_network
    from kg.questions import run_question

    for happened_only, params in ((True, {}), (False, {"status": "all"})):
        regions = region_network(seed_graph, happened_only=happened_only)
        rows = run_question(seed_graph, "region-ties", params).rows
        expected = {(str(region_iri_for_code(r["code_a"])), str(region_iri_for_code(r["code_b"])), r["evidence"]) for r in rows}
        assert {tuple(sorted((a, b))) + (k,) for a, b, k in regions.edges(keys=True)} == expected
        assert set(regions.nodes) == {x for a, b, _ in expected for x in (a, b)}
        statuses = {(r["evidence"], r["tie_status"]) for r in rows}
        assert {(k, d["status"]) for _, _, k, d in regions.edges(keys=True, data=True)} == statuses
    projected = {n.iri for n in project(seed_graph).nodes}
    assert set(regions.nodes) <= projected


def test_a_restricted_projection_is_the_projection_restricted(seed_graph: KnowledgeGraph) -> None:
    from kg.entity_network import restricted_mapping
    from kg.network import tie_labels

    labels = tie_labels()
    full = project(seed_graph)
    part = project(seed_graph, mapping=restricted_mapping(labels))
    assert part.nodes == [n for n in full.nodes if n.label in labels]
    assert part.relationships == [r for r in full.relationships if r.start_label in labels and r.end_label in labels]
    keys, predicates = {"name", "kemendagriCode"}, {JJ.partyRegion, JJ.inProvince}
    lean = project(seed_graph, mapping=restricted_mapping(labels, keys=keys, predicates=predicates))
    assert [(n.iri, n.sources, n.properties) for n in lean.nodes] == [
        (n.iri, n.sources, {k: v for k, v in n.properties.items() if k in keys}) for n in part.nodes]
    types = {spec.type for spec in full.mapping.relationships.values() if spec.predicate in predicates}
    assert lean.relationships == [r for r in part.relationships if r.type in types] and lean.relationships


def test_a_build_reads_its_projection_back_from_the_embedded_database(seed_graph: KnowledgeGraph, seed_build: Any) -> None:
    """What kg build loaded into jejaring.lbug is the projection: read back, it equals project()."""
    from kg.embedded_projection import embedded_database_of, read_projection
    from kg.entity_network import restricted_mapping
    from kg.mapping import property_graph_mapping
    from kg.network import TIE_KEYS, tie_labels, tie_predicates

    stored = embedded_database_of(seed_build)
    assert stored is not None and embedded_database_of(seed_graph) is None
    for mapping in (property_graph_mapping(), restricted_mapping(tie_labels(), keys=TIE_KEYS, predicates=tie_predicates())):
        read, projected = read_projection(stored, mapping), project(seed_graph, mapping=mapping)
        assert read.nodes == projected.nodes and read.relationships == projected.relationships
        assert read.relationships and any(n.sources for n in read.nodes)
    from kg.network import region_network

    for happened_only in (True, False):  # the lean read of the ties (kinds of sources only) gives the same network
        built, projected = (region_network(g, happened_only=happened_only) for g in (seed_build, seed_graph))
        assert sorted(built.nodes(data=True)) == sorted(projected.nodes(data=True))
        assert sorted(built.edges(keys=True, data=True)) == sorted(projected.edges(keys=True, data=True))
    from_build, in_memory = network_map(seed_build).graph, network_map(seed_graph).graph
    drawn = ("label", "kind", "coordinates", "province", "sources")  # facts: whatever projection was at hand
    assert sorted((n, [d[k] for k in drawn]) for n, d in from_build.nodes(data=True)) == sorted(
        (n, [d[k] for k in drawn]) for n, d in in_memory.nodes(data=True))
    assert sorted(from_build.edges(keys=True, data=True)) == sorted(in_memory.edges(keys=True, data=True))


def test_a_build_without_embedded_database_projects_its_store(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    from kg.build import open_build, write_build
    from kg.embedded_projection import embedded_database_of

    write_build(seed_graph, tmp_path / "build", embedded=False)
    build = open_build(tmp_path / "build")
    assert embedded_database_of(build) is None
    assert network_map(build).graph.number_of_edges() == network_map(seed_graph).graph.number_of_edges() > 0
    assert region_map(build, "Pontianak").graph.number_of_nodes() == region_map(seed_graph, "Pontianak").graph.number_of_nodes()


def _drawn(g: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    nodes = sorted((n, sorted(d.items(), key=lambda kv: kv[0])) for n, d in g.nodes(data=True))
    edges = sorted((a, b, k, sorted(d.items(), key=lambda kv: kv[0])) for a, b, k, d in g.edges(keys=True, data=True))
    return [repr(n) for n in nodes], [repr(e) for e in edges]


@pytest.mark.parametrize("kind, argument", [("region", "Pontianak"), ("region", "Kotim"), ("sector", "batik"),
                                             ("sector", "kerajinan"), ("question", "delegations-visiting")])
def test_a_build_maps_a_neighbourhood_from_the_part_it_reads(seed_graph: KnowledgeGraph, seed_build: Any, kind: str,
                                                              argument: str) -> None:
    """Read around the seeds from jejaring.lbug, the map is the map drawn from the whole network."""
    from kg.maps import question_map

    def draw(graph: Any) -> nx.MultiDiGraph:
        if kind == "region":
            return region_map(graph, argument).graph
        if kind == "sector":
            return sector_map(graph, argument).graph
        return question_map(graph, argument, {"region": "Pontianak"}).graph

    from_build = draw(seed_build)
    assert from_build.number_of_nodes() > 5
    assert _drawn(from_build) == _drawn(draw(seed_graph))


def test_reading_around_a_region_reads_a_part(seed_build: Any) -> None:
    from kg.embedded_projection import embedded_database_of, read_around
    from kg.mapping import property_graph_mapping

    stored = embedded_database_of(seed_build)
    assert stored is not None
    style = map_style()
    part, reached = read_around(stored, property_graph_mapping(), [PONTIANAK], hops=1, stop=style.hubs, skip={"Source"})
    assert reached == 1
    assert read_around(stored, property_graph_mapping(), [PONTIANAK], hops=3, stop=style.hubs, limit=5)[1] == 0
    whole = project(seed_build)
    assert PONTIANAK in {n.iri for n in part.nodes}
    assert len(part.nodes) < len(whole.nodes) / 2
    by_iri = {n.iri: n for n in whole.nodes}
    assert all(by_iri[n.iri] == n for n in part.nodes) and set(part.relationships) <= set(whole.relationships)


def test_drawn_families_come_from_the_mapping(network: nx.MultiDiGraph) -> None:
    from kg.mapping import property_graph_mapping

    style = map_style()
    labels = set(property_graph_mapping().nodes)
    assert {f.name for f in style.all_families} == labels
    assert {f.name for f in style.families} | style.annotations == labels
    assert {style.family_of(c).name for c in (JJ.Post, JJ.NewsArticle)} <= style.annotations
    # roles annotate posts, but an unnamed participant group (drawn) is known only by its role
    assert style.family_of(JJ.RoleScheme).name not in style.annotations
    drawn = {style.family_of(c).name for c in (JJ.Region, JJ.Person, JJ.Organization, JJ.Event, JJ.Delegation,
                                                JJ.Agreement, JJ.Program, JJ.Product, JJ.SectorScheme)}
    assert drawn.isdisjoint(style.annotations)
    assert {d["family"] for _, d in network.nodes(data=True)}.isdisjoint(style.annotations)


def test_families_come_from_the_ontology(network: nx.MultiDiGraph) -> None:
    style = map_style()
    names = {f.name for f in style.families}
    assert {style.family_of(c).name for c in (JJ.Region, JJ.Person, JJ.Organization, JJ.Event, JJ.Delegation,
                                               JJ.Agreement, JJ.Program, JJ.Product, JJ.SectorScheme)} <= names
    assert style.family_of(JJ.StudyVisit) == style.family_of(JJ.Event)
    assert len({f.colour for f in style.families}) == len(style.families)
    assert {d["family"] for _, d in network.nodes(data=True)} <= names
    assert map_style(language="en").family_of(JJ.Person).label == "Person"


def test_kotim_delegation_has_facts_date_and_source(network: nx.MultiDiGraph) -> None:
    delegation = next(n for n, d in network.nodes(data=True) if d["label"] == "Delegasi Pemerintah Kabupaten Kotawaringin Timur")
    data = network.nodes[delegation]
    assert ("jumlah anggota", "56") in data["facts"]
    assert data["date"] == "2025-04-23"
    assert [source[1] for source in data["sources"]] == ["Kotawaringin Timur Belajar ke Pontianak, Bahas UMKM dan Potensi Lidah Buaya"]
    ties = {(d["predicate"], network.nodes[o]["label"]) for _, o, d in network.out_edges(delegation, data=True)}
    assert ("fromRegion", "Kabupaten Kotawaringin Timur") in ties
    assert all(d["date"] == "2025-04-23" and d["sources"] for _, _, d in network.out_edges(delegation, data=True))


def test_posts_become_ties_and_facts(network: nx.MultiDiGraph) -> None:
    irawati = next(n for n, d in network.nodes(data=True) if d["label"] == "Irawati")
    labels = {d["label"] for _, _, d in network.out_edges(irawati, data=True)}
    assert "Wakil Bupati" in labels
    assert any(value.startswith("Wakil Bupati — ") for _, value in network.nodes[irawati]["facts"])


def test_neighbourhood_does_not_walk_through_other_regions(network: nx.MultiDiGraph) -> None:
    sub = neighbourhood(network, PONTIANAK, hops=3)
    assert KOTIM in sub and sub.nodes[PONTIANAK]["focus"]
    assert sub.number_of_nodes() < 30  # not all of Kalimantan Barat nor Kotim's other ties
    with pytest.raises(KeyError):
        neighbourhood(network, "https://example.org/nowhere")


def test_sector_subgraph_includes_narrower_sectors_and_regions(network: nx.MultiDiGraph) -> None:
    sub = sector_subgraph(network, str(SECTOR["kerajinan"]))
    labels = {d["label"] for _, d in sub.nodes(data=True)}
    assert {"Batik", "Kota Pekalongan", "Kabupaten Bangkalan"} <= labels
    assert "Batik Madura" in {d["label"] for _, d in sector_subgraph(network, str(SECTOR["batik"])).nodes(data=True)}


def test_subgraph_around_marks_focus(network: nx.MultiDiGraph) -> None:
    delegation = next(n for n, d in network.nodes(data=True) if "Kotawaringin Timur" in d["label"] and d["kind"] == "Delegation")
    sub = subgraph_around(network, [delegation, "not-an-iri"], hops=1)
    assert sub.nodes[delegation]["focus"] and KOTIM in sub


# -- layout -------------------------------------------------------------------------------------

def test_geo_layout_places_regions_by_coordinates(network: nx.MultiDiGraph) -> None:
    codes = ["61.71", "62.02", "35.72", "91.71", "11.71"]  # Pontianak, Kotim, Blitar, Jayapura, Banda Aceh
    sub = network.subgraph([str(region_iri_for_code(c)) for c in codes]).copy()
    positions, fixed = layout(sub, geo=True)
    assert positions is not None and fixed == set(sub.nodes)
    at = {c: positions[str(region_iri_for_code(c))] for c in codes}
    for code in codes:
        region = gazetteer().get(code)
        assert region.latitude is not None and region.longitude is not None
        assert at[code][0] == pytest.approx((region.longitude - 118.0) * 60.0, abs=0.1)
        assert at[code][1] == pytest.approx(-(region.latitude + 2.5) * 60.0, abs=0.1)
    assert at["11.71"][0] < at["61.71"][0] < at["91.71"][0]  # Aceh west of Pontianak west of Jayapura
    assert at["11.71"][1] < at["61.71"][1] < at["35.72"][1]  # Aceh north of Pontianak north of Blitar


def test_geo_map_pins_regions_and_places_the_rest_nearby(seed_graph: KnowledgeGraph) -> None:
    sub = region_map(seed_graph, "Pontianak").graph
    payload = map_payload(sub, title="t", geo=True)
    assert payload["options"]["physics"] == {"enabled": False}  # laid out here: the page settles at once
    assert all(n.get("fixed") and "x" in n and "y" in n for n in payload["nodes"])
    at = {n["id"]: (n["x"], n["y"]) for n in payload["nodes"]}
    placed = [n for n, d in sub.nodes(data=True) if d.get("coordinates")]
    assert placed
    for node in placed:
        assert at[node] == pytest.approx(geo_position(*sub.nodes[node]["coordinates"]))
    assert payload["basemap"]["features"] and "Natural Earth" in payload["basemap"]["licence"]
    assert all("label" not in e and e["title"] for e in payload["edges"])  # tie labels in tooltips, not piled up


def test_basemap_has_indonesias_provinces() -> None:
    shapes = basemap()
    provinces = shapes.provinces()
    assert len(provinces) >= 33 and {"ID-JT", "ID-KB", "ID-PA", "ID-AC"} <= set(provinces)
    assert "public domain" in shapes.licence
    west, south, east, north = shapes.bounds
    for feature in provinces.values():
        for polygon in feature["geometry"]["coordinates"]:
            assert all(west - 1 <= lon <= east + 1 and south - 1 <= lat <= north + 1 for lon, lat in polygon[0])
    size = (Path(__file__).resolve().parent.parent / "data" / "basemap" / "indonesia.geojson").stat().st_size
    assert size < 400_000


def test_status_phases() -> None:
    assert status_phase("signed") == status_phase("held") == status_phase(None) == status_phase("expired") == "done"
    assert status_phase("planned") == status_phase("proposed") == status_phase("stated") == "planned"
    assert status_phase("cancelled") == "ended"


def test_network_payload_rows_add_up(seed_graph: KnowledgeGraph) -> None:
    g = network_map(seed_graph).graph
    payload = network_payload(g, title="t", geo=True)
    assert payload["mode"] == "regions" and payload["aggregate"] is False  # 14 regions, under the budget
    assert sum(row[5] for row in payload["ties"]) == g.number_of_edges()
    assert len(payload["regions"]) == g.number_of_nodes()
    provinces = {p[0] for p in payload["provinces"]}
    assert all(payload["provinces"][r[2]][0] in provinces for r in payload["regions"])
    assert payload["tieDetails"] and all(len(d[4]) >= 1 for d in payload["tieDetails"])  # every tie has a source


def test_network_png_with_basemap_and_legend_outside(seed_graph: KnowledgeGraph) -> None:
    network = network_map(seed_graph, language="en")
    data = render_png(network.graph, title=network.title, geo=True, language="en")
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 50_000


# -- the page --------------------------------------------------------------------------------------

def test_page_is_self_contained(seed_graph: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "maps" / "pontianak.html"
    write_map(region_map(seed_graph, "Pontianak").graph, out, title="Pontianak", png=tmp_path / "maps" / "p.png")
    html = out.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(html)
    assert parser.refs == []  # no <script src>, no <link href> at all, so no http(s) either
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?https?://", html, re.I)
    assert parser.scripts == 5  # data + vis-network + Tom Select + pyvis utils + ours
    assert "default-src 'none'" in html
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == ["p.png", "pontianak.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]  # no lib/ folder anywhere


def test_png_is_drawn_without_a_browser(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    data = render_png(sector_map(seed_graph, "batik").graph, title="Batik", geo=True)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_script_json_cannot_close_the_element() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_payloads_never_appear_raw_in_the_page(tmp_path: Path) -> None:
    graph = build_graph([write_xss_record(tmp_path)])
    html = render_html(region_map(graph, "Pontianak", hops=2).graph, title=xss_payloads()[0])
    body = html.split('<script type="application/json" id="jj-data">', 1)
    assert "<script>alert(1)</script>" not in body[0]  # the title is escaped
    data = body[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    assert html.count("</script>") == 5


def test_big_graph_is_laid_out_here_without_physics(tmp_path: Path) -> None:
    g = synthetic_graph(3000)
    assert g.number_of_nodes() > BIG_GRAPH
    started = time.perf_counter()
    payload = map_payload(g, title="big")
    elapsed = time.perf_counter() - started
    assert elapsed < 30
    assert payload["options"]["physics"] == {"enabled": False}
    assert payload["options"]["layout"]["improvedLayout"] is False
    assert all("x" in n and "y" in n for n in payload["nodes"])
    assert all("label" not in e for e in payload["edges"])  # ties labelled on hover only
    out = tmp_path / "big.html"
    write_map(g, out, title="big")
    assert out.stat().st_size < 5_000_000


# -- the CLI --------------------------------------------------------------------------------------

def test_cli_region_writes_html_and_png(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    build = tmp_path / "build"
    from kg.build import write_build

    write_build(seed_graph, build)
    out, png = tmp_path / "pontianak.html", tmp_path / "pontianak.png"
    result = CliRunner().invoke(map_group, ["region", "Pontianak", "-o", str(out), "--png", str(png),
                                            "--build-dir", str(build)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Kota Pontianak (61.71)" in result.output
    assert out.stat().st_size > 100_000 and png.stat().st_size > 10_000
    for args, code in ((["sector", "batiq"], 2), (["region", "Blitar"], 1)):
        result = CliRunner().invoke(map_group, [*args, "--build-dir", str(build)], catch_exceptions=False)
        assert result.exit_code == code
        assert "Error:" in result.output


def test_cli_network_geo_reads_the_build_and_writes_one_page(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    from kg.build import write_build

    build = tmp_path / "build"
    write_build(seed_graph, build)
    before = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in build.rglob("*"))
    out = tmp_path / "network.html"
    result = CliRunner().invoke(map_group, ["network", "--geo", "--lang", "en", "-o", str(out), "--build-dir", str(build)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '"mode": "regions"' in html and "Natural Earth" in html and '<html lang="en">' in html
    assert sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in build.rglob("*")) == before
    missing = CliRunner().invoke(map_group, ["network", "--build-dir", str(tmp_path / "nowhere")], catch_exceptions=False)
    assert missing.exit_code == 1 and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("command", ["region", "question", "sector", "network"])
def test_cli_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(map_group, [command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0 and "Example: kg map " + command in result.output
    for option in ("-o, --output", "--png", "--geo", "--build-dir"):
        assert option in result.output


def test_import_kg_maps_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, kg.maps, kg.entity_network, kg.cli.maps; print(sorted(m for m in ('pyvis', 'networkx', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"




# -- over the node budget: sector and question maps show the regions their ties join ------------

def _topics(graph: KnowledgeGraph) -> dict[str, set[str]]:
    """Every entity with a topic, by topic (straight from the dataset, not the projection)."""
    found: dict[str, set[str]] = {}
    for row in graph.query(f"SELECT DISTINCT ?x ?s WHERE {{ ?x <{JJ.topic}> ?s }}"):
        found.setdefault(str(row[1].value), set()).add(str(row[0].value))
    return found


def _ties(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(min(a, b), max(a, b), str(d["evidence"])) for a, b, d in g.edges(data=True)}


@pytest.mark.parametrize("sector", ["industri", pytest.param("kerajinan", marks=pytest.mark.slow)])
def test_a_sector_over_the_budget_maps_the_regions_its_ties_join(generated_graph: KnowledgeGraph, generated_build: Any,
                                                                 sector: str) -> None:
    """industri: more entities than the budget (counted in the database, nothing else read);
    kerajinan: fewer, but more nodes with their regions (the map is drawn, then aggregated)."""
    from kg.entity_network import sector_and_narrower
    from kg.maps import NODE_BUDGET, REGION_VIEW
    from kg.maps_html import UI_TEXT
    from kg.network import region_network
    from kg.ontology import vocabulary

    narrower = sector_and_narrower(str(vocabulary().sectors[sector]))
    topics = _topics(generated_graph)
    about = set().union(*(topics.get(s, set()) for s in narrower))
    assert (len(about) > NODE_BUDGET) == (sector == "industri")
    expected = {(min(a, b), max(a, b), k) for a, b, k in region_network(generated_graph, happened_only=False).edges(keys=True)
                if k in about}
    assert len(expected) > 50
    for graph in (generated_build, generated_graph):
        drawn = sector_map(graph, sector, language="en")
        g = drawn.graph
        assert g.graph["view"] == REGION_VIEW
        assert drawn.title.endswith(UI_TEXT["en"]["aggregatedTitle"])
        assert _ties(g) == expected
        assert set(g.nodes) == {x for a, b, _ in expected for x in (a, b)}
        assert f" {g.number_of_edges()} " in g.graph["note"] and "kg map region" in g.graph["note"]
    # The page's rows add up to those ties; the note is in the page's language.
    payload = network_payload(g, title=drawn.title, geo=True, language="en")
    assert sum(row[5] for row in payload["ties"]) == len(expected)
    assert len(payload["regions"]) == g.number_of_nodes()
    assert payload["note"] == g.graph["note"]
    indonesian = sector_map(generated_build, sector, language="id")
    assert indonesian.title.endswith(UI_TEXT["id"]["aggregatedTitle"])
    assert "entitas" in indonesian.graph.graph["note"] and _ties(indonesian.graph) == expected


@pytest.mark.slow  # the fast subset draws aggregated sector and region maps of the same build
def test_a_question_over_the_budget_maps_the_regions_its_ties_join(generated_graph: KnowledgeGraph,
                                                                   generated_build: Any, tmp_path: Path) -> None:
    from kg.maps import NODE_BUDGET, REGION_VIEW, question_map
    from kg.network import region_network
    from kg.questions import run_question

    answer = run_question(generated_graph, "region-ties", {})
    evidence = {str(row["evidence"]) for row in answer.rows}
    assert len(evidence) > NODE_BUDGET
    expected = {(min(a, b), max(a, b), k) for a, b, k in region_network(generated_graph, happened_only=False).edges(keys=True)
                if k in evidence}
    drawn = question_map(generated_build, "region-ties", {}, language="en")
    assert drawn.graph.graph["view"] == REGION_VIEW
    assert _ties(drawn.graph) == expected
    # The command writes the same page.
    out = tmp_path / "ties.html"
    result = CliRunner().invoke(map_group, ["question", "region-ties", "--build-dir", str(generated_build.dir),
                                            "--lang", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{drawn.graph.number_of_nodes()} nodes, {len(expected)} ties" in result.output
    page = out.read_text(encoding="utf-8")
    assert script_json(drawn.graph.graph["note"])[1:-1] in page


# -- over the node budget: a region map shows the region's ties with its partner regions ---------

@pytest.fixture(scope="module")
def generated_drawable(generated_graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """The whole drawable entity network of the generated records (from the in-memory graph)."""
    return drawable(entity_network(generated_graph))


def _busiest_region(graph: KnowledgeGraph, drawn: nx.MultiDiGraph) -> tuple[str, str, set[tuple[str, str, str]]]:
    """The region with the biggest three-hop neighbourhood (in the whole drawable network):
    its IRI, its code and its ties (every status) in the region network."""
    from kg.network import region_network

    ties = region_network(graph, happened_only=False)
    busiest = max(ties.nodes, key=lambda n: (neighbourhood(drawn, n, hops=3).number_of_nodes(), n))
    return busiest, str(ties.nodes[busiest]["code"]), {(min(a, b), max(a, b), k) for a, b, k in ties.edges(busiest, keys=True)}


@pytest.mark.parametrize("hops", [5, pytest.param(6, marks=pytest.mark.slow)])
def test_a_region_over_the_budget_maps_its_ties_with_its_partners(generated_graph: KnowledgeGraph, generated_build: Any,
                                                                   generated_drawable: nx.MultiDiGraph,
                                                                   tmp_path: Path, hops: int) -> None:
    """The busiest region of the generated records: five or six hops hold more nodes than the
    budget (at 1,000 records no region has as many within three), so the map (from the build,
    which stops reading early, and from the in-memory graph) shows exactly the region
    network's ties of that region, in both languages."""
    from kg.maps import NODE_BUDGET, REGION_VIEW
    from kg.maps_html import UI_TEXT

    centre, code, expected = _busiest_region(generated_graph, generated_drawable)
    assert neighbourhood(generated_drawable, centre, hops=hops).number_of_nodes() > NODE_BUDGET
    assert len(expected) >= 5
    partners = {x for a, b, _ in expected for x in (a, b)}
    for graph in (generated_build, generated_graph):
        drawn = region_map(graph, code, hops=hops, language="en")
        g = drawn.graph
        assert g.graph["view"] == REGION_VIEW and g.graph["focus"] == centre
        assert drawn.title.endswith(UI_TEXT["en"]["aggregatedTitle"]) and f"({code})" in drawn.title
        assert _ties(g) == expected
        assert set(g.nodes) == partners
        note = g.graph["note"]
        assert f" {len(expected)} ties with {len(partners) - 1} partner regions" in note and "--hops" in note
    payload = network_payload(g, title=drawn.title, geo=True, language="en")
    assert sum(row[5] for row in payload["ties"]) == len(expected)
    assert payload["regions"][payload["focus"]][0] == centre
    indonesian = region_map(generated_build, code, hops=hops, language="id")
    assert indonesian.title.endswith(UI_TEXT["id"]["aggregatedTitle"])
    assert "daerah mitra" in indonesian.graph.graph["note"] and _ties(indonesian.graph) == expected
    # The command writes the page, with the note in it.
    out = tmp_path / "region.html"
    result = CliRunner().invoke(map_group, ["region", code, "--hops", str(hops), "--build-dir", str(generated_build.dir),
                                            "--lang", "en", "--geo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(partners)} nodes, {len(expected)} ties" in result.output
    assert script_json(note)[1:-1] in out.read_text(encoding="utf-8")


@pytest.mark.slow  # the fast subset compares region maps drawn from a build with the whole network on the seeds
def test_a_region_under_the_budget_is_drawn_as_before(generated_graph: KnowledgeGraph, generated_build: Any,
                                                       generated_drawable: nx.MultiDiGraph) -> None:
    """The busiest region at three and four hops (under the budget): the map is the
    neighbourhood cut from the whole network, nodes, ties and every attribute."""
    from kg.maps import NODE_BUDGET, REGION_VIEW

    centre, code, _ = _busiest_region(generated_graph, generated_drawable)
    for hops in (3, 4):
        expected = neighbourhood(generated_drawable, centre, hops=hops)
        assert 100 < expected.number_of_nodes() <= NODE_BUDGET
        drawn = region_map(generated_build, code, hops=hops).graph
        assert drawn.graph.get("view") != REGION_VIEW
        assert _drawn(drawn) == _drawn(expected)
