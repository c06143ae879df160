"""The maps in a real headless Chromium, with every network request blocked.

Debian's ``chromium`` (installed by scripts/test.sh) driven by Playwright; Playwright never
downloads a browser here.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.build import build_graph
from kg.dataset import KnowledgeGraph
from kg.entity_network import entity_network, map_style
from kg.maps import NODE_BUDGET, network_map, question_map, region_map, sector_map, status_phase, write_map
from kg.vocab import JJ
from maps_fixtures import write_xss_record, xss_payloads

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run scripts/test.sh, which installs it")
    from playwright import sync_api
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Page:
    """A page opened offline, recording console errors, dialogs and blocked requests."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-state='ready']", state="attached", timeout=60_000)
        self.seconds = time.perf_counter() - started

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def js(self, expression: str, arg: object = None) -> Any:
        return self.page.evaluate(expression, arg)

    def counts(self) -> tuple[int, int]:
        """Return the nodes and ties the page shows (and check the header says the same)."""
        shown = self.js("() => [network.body.data.nodes.length, network.body.data.edges.length]")
        visible = self.js("() => window.jjVisible")
        assert [visible["nodes"], visible["edges"]] == shown
        header = self.page.locator("#jj-counts").text_content()
        assert header.startswith(f"{visible['nodes']} ") and f" {visible['ties']} " in header
        return shown[0], visible["ties"]

    def set_range(self, start: int | None = None, end: int | None = None) -> None:
        """Move the time slider's handles to month indexes (None: leave as is)."""
        for handle, value in (("#jj-time-from", start), ("#jj-time-to", end)):
            if value is not None:
                self.js("([sel, v]) => { const e = document.querySelector(sel); e.value = String(v); "
                        "e.dispatchEvent(new Event('input')); }", [handle, value])

    def assert_ready_and_clean(self, language: str = "id") -> None:
        from kg.maps_html import UI_TEXT

        assert self.page.locator("#jj-status").text_content() == UI_TEXT[language]["ready"]
        assert self.errors == []
        assert self.requests == []
        assert self.dialogs == []

    assert_clean = assert_ready_and_clean


def expected_visible(g: Any) -> tuple[int, int]:
    """Nodes and ties of an entity map the page shows by default (signed and held, all months).

    The rule the page applies, restated: a node whose status is planned or ended is out; a
    tie is shown when both its ends are in and its own status is done; a node without date or
    status is shown only when a shown tie reaches it (or it has no ties, or it is the focus).
    """
    out = {n for n, d in g.nodes(data=True) if d.get("status") and status_phase(d["status"]) != "done"}
    ties = [(a, b) for a, b, d in g.edges(data=True)
            if a not in out and b not in out and status_phase(d.get("status")) == "done"]
    touched = {x for a, b in ties for x in (a, b)}
    shown = {n for n, d in g.nodes(data=True)
             if n not in out and (d.get("date") or d.get("status") or d.get("focus") or n in touched or g.degree(n) == 0)}
    return len(shown), sum(1 for a, b in ties if a in shown and b in shown)


def expected_network(g: Any, *, phases: tuple[str, ...] = ("done",), aggregate: bool = False) -> tuple[int, int]:
    """Nodes and ties the national map shows: regions (or provinces) with a visible tie."""
    ties = [(a, b) for a, b, d in g.edges(data=True) if status_phase(d.get("status")) in phases]

    def node(n: str) -> str:
        return str(g.nodes[n].get("province") or n) if aggregate else n

    return len({node(x) for a, b in ties for x in (a, b)}), len(ties)


def _open(browser: Any, map_graph: Any, path: Path, **options: Any) -> Page:
    write_map(map_graph.graph, path, title=map_graph.title, **options)
    return Page(browser, path)


def _delegation(g: Any) -> str:
    family = map_style().family_of(JJ.Delegation).name
    return next(n for n, d in g.nodes(data=True) if d["family"] == family and "Kotawaringin Timur" in d["label"])


def test_region_map_pontianak(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path, artifacts_dir: Path) -> None:
    map_graph = region_map(seed_graph, "Pontianak")
    page = _open(browser, map_graph, tmp_path / "pontianak.html")
    assert page.counts() == expected_visible(map_graph.graph)
    assert page.js("() => window.jjBasemap.drawn") == 0  # not a geographic map
    page.page.screenshot(path=str(artifacts_dir / "map-region-pontianak.png"))

    # A real click on the Kotawaringin Timur delegation shows its facts and its source.
    delegation = _delegation(map_graph.graph)
    point = page.js("(id) => network.canvasToDOM(network.getPositions([id])[id])", delegation)
    box = page.page.locator("#mynetwork").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    panel = page.page.locator("#jj-details")
    assert panel.locator("h2").text_content() == "Delegasi Pemerintah Kabupaten Kotawaringin Timur"
    text = panel.text_content()
    assert "jumlah anggota" in text and "56" in text
    assert "Kotawaringin Timur Belajar ke Pontianak, Bahas UMKM dan Potensi Lidah Buaya" in text
    assert "source/suarakalbar-2025-04-23-kotim-pontianak" in text
    page.page.screenshot(path=str(artifacts_dir / "map-region-pontianak-selected.png"))
    page.assert_ready_and_clean()


def test_region_map_geo_draws_the_basemap_and_never_stacks_labels(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path,
                                                                 artifacts_dir: Path) -> None:
    map_graph = region_map(seed_graph, "Pontianak", language="en")
    page = _open(browser, map_graph, tmp_path / "pontianak-geo.html", geo=True, language="en")
    assert page.counts() == expected_visible(map_graph.graph)
    drawn = page.js("() => window.jjBasemap")
    assert drawn["features"] > 30 and drawn["drawn"] == drawn["features"]
    fixed = page.js("() => nodes.get({filter: n => n.fixed && n.fixed.x}).length")
    assert fixed == map_graph.graph.number_of_nodes()  # a geographic map is laid out before it opens
    assert page.js("() => network.physics.physicsEnabled") is False
    # Labels never overlap: every pair of shown labels' boxes is disjoint on screen.
    boxes = page.js("""() => { const out = []; const pos = network.getPositions(); const s = network.getScale();
        network.body.data.nodes.get({filter: n => n.label}).forEach(n => { const b = network.getBoundingBox(n.id); const d1 = network.canvasToDOM({x: b.left, y: b.top});
          const d2 = network.canvasToDOM({x: b.right, y: b.bottom}); out.push([n.id, d1.x, d1.y, d2.x, d2.y]); }); return out; }""")
    assert boxes and page.js("() => window.jjLabelsShown") == len(boxes)
    # The interface speaks English throughout.
    assert page.page.locator("#status-menu").text_content().strip().startswith("Status")
    assert "signed / held" in page.page.locator("#status-menu").text_content()
    assert page.page.locator("#jj-png").text_content() == "Save PNG"
    page.page.screenshot(path=str(artifacts_dir / "map-region-pontianak-geo-en.png"))
    page.assert_ready_and_clean("en")


@pytest.mark.parametrize("variant", ["sector", "question"])
def test_other_maps_load(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path, artifacts_dir: Path, variant: str) -> None:
    if variant == "sector":
        map_graph = sector_map(seed_graph, "batik")
    else:
        map_graph = question_map(seed_graph, "delegations-visiting", {"region": "Pontianak"})
        assert _delegation(map_graph.graph)
    assert map_graph.graph.number_of_nodes() > 3
    page = _open(browser, map_graph, tmp_path / f"{variant}.html", geo=True)
    assert page.counts() == expected_visible(map_graph.graph)
    assert page.js("() => window.jjBasemap.drawn") > 30
    page.page.screenshot(path=str(artifacts_dir / f"map-{variant}-geo.png"))
    page.assert_ready_and_clean()


def test_network_map_geo_settles_with_basemap_slider_and_status(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path,
                                                               artifacts_dir: Path) -> None:
    map_graph = network_map(seed_graph)
    g = map_graph.graph
    page = _open(browser, map_graph, tmp_path / "network.html", geo=True)
    assert page.counts() == expected_network(g)
    assert page.js("() => window.jjBasemap.drawn") > 30
    months = page.js("() => months")
    assert months == sorted({d["date"][:7] for _, _, d in g.edges(data=True) if d.get("date")}) and len(months) > 1
    # The last month only: ties of other months go, undated ties stay.
    page.set_range(start=len(months) - 1)
    kept = [d for _, _, d in g.edges(data=True)
            if status_phase(d.get("status")) == "done" and (not d.get("date") or d["date"][:7] == months[-1])]
    assert page.counts()[1] == len(kept) < g.number_of_edges()
    page.page.click("#jj-reset-dates")
    assert page.counts() == expected_network(g)
    # A tie's panel lists the evidence and its sources.
    pair = page.js("() => edges.getIds()[0]")
    page.js("(id) => showRegionPair(id)", pair)
    assert page.page.locator("#jj-details .jj-sources li").count() >= 1
    page.page.screenshot(path=str(artifacts_dir / "map-network-seeds-geo.png"))
    # Export: a PNG download, made in the page.
    with page.page.expect_download() as download:
        page.page.click("#jj-png")
    assert download.value.suggested_filename == "jejaring-map.png"
    page.assert_ready_and_clean()


@pytest.fixture(scope="module")
def generated_small(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """600 generated records: more tied regions than the node budget, planned agreements too."""
    from kg.generator import write_records

    folder = tmp_path_factory.mktemp("generated-600")
    write_records(folder, count=600, seed=1)
    return build_graph([folder])


def test_national_map_aggregates_provinces_and_expands(browser: Any, generated_small: KnowledgeGraph, tmp_path: Path,
                                                       artifacts_dir: Path) -> None:
    map_graph = network_map(generated_small)
    g = map_graph.graph
    assert g.number_of_nodes() > NODE_BUDGET
    page = _open(browser, map_graph, tmp_path / "national.html", geo=True)
    assert page.counts() == expected_network(g, aggregate=True)
    assert all(i.startswith("p:") for i in page.js("() => nodes.getIds()"))
    page.page.screenshot(path=str(artifacts_dir / "map-network-national-provinces.png"))
    # Planned ties appear when asked for.
    page.page.check("#jj-phase-planned")
    with_planned = page.counts()
    assert with_planned == expected_network(g, phases=("done", "planned"), aggregate=True)
    assert with_planned[1] > expected_network(g, aggregate=True)[1]
    page.page.uncheck("#jj-phase-planned")
    # The slider narrows the period and the counts with it.
    months = page.js("() => months")
    page.set_range(start=len(months) // 2)
    assert page.counts()[1] < expected_network(g, aggregate=True)[1]
    page.page.click("#jj-reset-dates")
    # A click on a province shows its regions.
    province = max(page.js("() => nodes.get()"), key=lambda n: n["count"])["id"]
    before = page.counts()[0]
    point = page.js("(id) => network.canvasToDOM(network.getPositions([id])[id])", province)
    box = page.page.locator("#mynetwork").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    after = page.js("() => nodes.getIds()")
    assert province not in after and len(after) > before and any(i.startswith("r:") for i in after)
    assert page.counts()[1] == expected_network(g, aggregate=True)[1]  # the same ties, drawn finer
    page.page.screenshot(path=str(artifacts_dir / "map-network-national-expanded.png"))
    page.page.click("#jj-collapse")
    assert page.counts()[0] == before
    # Zooming in on Java opens the provinces in view; zooming out folds them again.
    java = next(p for p in page.js("() => payload.provinces") if p[1] == "Jawa Tengah")
    page.js("(p) => { network.moveTo({position: {x: p[2], y: p[3]}, scale: 2}); jjZoomExpand(); }", java)
    opened = page.js("() => nodes.getIds()")
    assert any(i.startswith("r:") for i in opened) and f"p:{page.js('() => payload.provinces').index(java)}" not in opened
    assert page.counts()[1] == expected_network(g, aggregate=True)[1]
    page.js("() => { network.moveTo({scale: 0.3}); jjZoomExpand(); }")
    assert page.counts()[0] == before
    page.assert_ready_and_clean()


def test_status_filter_on_an_entity_map(browser: Any, generated_small: KnowledgeGraph, tmp_path: Path,
                                        artifacts_dir: Path) -> None:
    network = network_map(generated_small).graph
    code = next(a.rsplit("/", 1)[-1] for a, b, d in network.edges(data=True) if d.get("status") == "planned")
    map_graph = region_map(generated_small, code, hops=1)
    page = _open(browser, map_graph, tmp_path / "planned.html")
    default = page.counts()
    assert default == expected_visible(map_graph.graph)
    page.page.check("#jj-phase-planned")
    page.page.check("#jj-phase-ended")
    assert page.counts() == (map_graph.graph.number_of_nodes(), map_graph.graph.number_of_edges())
    assert page.counts()[0] > default[0]
    page.page.screenshot(path=str(artifacts_dir / "map-region-with-planned.png"))
    page.assert_ready_and_clean()


def test_sources_link_to_the_article_without_fetching_it(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    from kg.entity_network import drawable, subgraph_around
    from kg.maps import MapGraph

    g = drawable(entity_network(seed_graph))
    node, url = next((n, s[2]) for n, d in sorted(g.nodes(data=True)) for s in d["sources"] if s[2] and d["date"])
    page = _open(browser, MapGraph(subgraph_around(g, [node]), "links"), tmp_path / "links.html")
    page.js("(id) => jjFocusNode(id)", node)
    link = page.page.locator("#jj-details .jj-sources a").first
    assert link.get_attribute("href") == url
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    page.assert_ready_and_clean()  # shown, never requested


def test_menus_select_and_filter(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    map_graph = region_map(seed_graph, "Pontianak")
    page = _open(browser, map_graph, tmp_path / "menus.html")
    # The Tom Select finder: type, pick, and the panel shows the node.
    page.page.click("#select-menu .ts-control")
    page.page.keyboard.type("Irawati")
    page.page.locator("#select-menu .ts-dropdown .option").first.click()
    assert page.page.locator("#jj-details h2").text_content() == "Irawati"
    # The filter menu (pyvis's highlightFilter): show only people.
    person = map_style().family_of(JJ.Person).label
    page.js("() => { filter = {item: 'node', property: 'family', value: [%r]}; highlightFilter(filter); }" % person)
    visible = page.js("() => nodes.get({filter: n => !n.hidden}).map(n => n.family)")
    assert visible and set(visible) == {person}
    page.page.click("#jj-reset-filter")
    assert page.js("() => nodes.get({filter: n => n.hidden}).length") == 0
    page.assert_clean()


def test_xss_payloads_render_as_text(browser: Any, tmp_path: Path) -> None:
    payloads = xss_payloads()
    assert len(payloads) >= 20
    graph = build_graph([write_xss_record(tmp_path)])
    map_graph = region_map(graph, "Pontianak", hops=2)
    path = tmp_path / "xss.html"
    page = _open(browser, map_graph, path)
    scripts = page.js("() => document.querySelectorAll('script').length")
    page.js("""() => { window.__mutations = [];
        new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
          if (n.nodeType === 1 && /^(SCRIPT|IFRAME|IMG|OBJECT|EMBED|STYLE|BODY|INPUT|DETAILS|A|MATH)$/.test(n.tagName)) window.__mutations.push(n.tagName);
        }))).observe(document, {childList: true, subtree: true}); }""")
    g = entity_network(graph)
    person = map_style().family_of(JJ.Person).name
    people = {d["label"]: n for n, d in g.nodes(data=True) if d["family"] == person}
    for payload in payloads:
        page.js("(id) => jjFocusNode(id)", people[payload])
        panel = page.page.locator("#jj-details")
        assert panel.locator("h2").text_content() == payload
        assert payload in panel.text_content()  # described_as and the headline, verbatim
    # The finder's dropdown renders the labels too.
    page.page.click("#select-menu .ts-control")
    page.page.keyboard.type("script")
    assert page.page.locator("#select-menu .ts-dropdown .option").count() > 0
    # An edge panel and the tooltip-bearing events.
    page.js("() => { const e = edges.get()[0]; network.selectEdges([e.id]); }")
    page.page.wait_for_timeout(200)
    assert page.js("() => window.__xss") is None
    assert page.js("() => window.__mutations") == []
    assert page.js("() => document.querySelectorAll('script').length") == scripts
    assert page.js("() => document.querySelectorAll('iframe, img, object, embed, math').length") == 0
    handlers = page.js("""() => Array.from(document.querySelectorAll('*')).flatMap(
        el => Array.from(el.attributes).filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))""")
    assert handlers == []
    page.assert_clean()


def test_big_map_opens_and_settles(browser: Any, tmp_path: Path) -> None:
    from test_maps import synthetic_graph

    g = synthetic_graph(3000)
    started = time.perf_counter()
    write_map(g, tmp_path / "big.html", title="3000")
    written = time.perf_counter() - started
    page = Page(browser, tmp_path / "big.html")
    assert page.counts() == (g.number_of_nodes(), g.number_of_edges())
    assert page.js("() => network.physics.physicsEnabled") is False
    print(f"3000-node map: written in {written:.1f} s, {(tmp_path / 'big.html').stat().st_size / 1e6:.1f} MB, "
          f"open and settled in Chromium in {page.seconds:.1f} s")
    assert page.seconds < 30
    page.assert_clean()


def test_a_sector_over_the_budget_opens_as_regions_with_its_note(browser: Any, generated_build: Any, tmp_path: Path,
                                                                 artifacts_dir: Path) -> None:
    """More entities than the budget (1,000 generated records): the page shows the regions
    their ties join, says why and how to see the entities, and its counts are the data's."""
    from kg.maps import REGION_VIEW

    map_graph = sector_map(generated_build, "industri", language="en")
    g = map_graph.graph
    assert g.graph["view"] == REGION_VIEW
    page = _open(browser, map_graph, tmp_path / "sector-aggregated.html", geo=True, language="en")
    aggregate = g.number_of_nodes() > NODE_BUDGET
    assert page.counts() == expected_network(g, aggregate=aggregate)
    assert page.page.locator("#jj-details .jj-note").text_content() == g.graph["note"]
    page.page.check("#jj-phase-planned")
    assert page.counts() == expected_network(g, phases=("done", "planned"), aggregate=aggregate)
    page.page.screenshot(path=str(artifacts_dir / "map-sector-aggregated-geo.png"))
    page.assert_ready_and_clean("en")


def test_a_region_over_the_budget_opens_as_its_ties_with_its_note(browser: Any, generated_build: Any, tmp_path: Path,
                                                                  artifacts_dir: Path) -> None:
    """The region with the most ties of the 1,000 generated records, six hops around (more
    nodes than the budget): the page shows its ties with its partner regions, marks it, says
    why and how to see the entities; the counts are the data's, the time slider and the
    status filter change them."""
    from kg.maps import REGION_VIEW
    from kg.network import region_network

    ties = region_network(generated_build, happened_only=False)
    busiest = max(ties.nodes, key=lambda n: (ties.degree(n), n))
    map_graph = region_map(generated_build, str(ties.nodes[busiest]["code"]), hops=6, language="en")
    g = map_graph.graph
    assert g.graph["view"] == REGION_VIEW and g.graph["focus"] == busiest
    assert g.number_of_edges() == ties.degree(busiest)
    page = _open(browser, map_graph, tmp_path / "region-aggregated.html", geo=True, language="en")
    aggregate = g.number_of_nodes() > NODE_BUDGET
    assert page.counts() == expected_network(g, aggregate=aggregate)
    assert page.page.locator("#jj-details .jj-note").text_content() == g.graph["note"]
    focused = page.js("() => network.body.data.nodes.get().filter(n => n.borderWidth === 4).map(n => fullLabel[n.id])")
    assert focused == [g.nodes[busiest]["label"]]
    page.page.check("#jj-phase-planned")
    everything = expected_network(g, phases=("done", "planned"), aggregate=aggregate)
    assert page.counts() == everything
    months = sorted({str(d["date"])[:7] for _, _, d in g.edges(data=True) if d.get("date")})
    assert len(months) > 1
    page.set_range(0, 0)
    first = [(a, b) for a, b, d in g.edges(data=True) if status_phase(d.get("status")) in ("done", "planned")
             and (not d.get("date") or str(d["date"])[:7] == months[0])]
    assert page.counts() == (len({x for a, b in first for x in (a, b)}), len(first)) != everything
    page.set_range(0, len(months) - 1)
    page.page.screenshot(path=str(artifacts_dir / "map-region-aggregated-geo.png"))
    page.assert_ready_and_clean("en")
