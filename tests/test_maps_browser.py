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
from kg.maps import network_map, question_map, region_map, sector_map, write_map
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
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
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
        nodes, edges = self.js("() => [nodes.length, edges.length]")
        shown = self.js("() => [network.body.data.nodes.length, network.body.data.edges.length]")
        assert shown == [nodes, edges]
        return nodes, edges

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests == []
        assert self.dialogs == []


def _open(browser: Any, map_graph: Any, path: Path, **options: Any) -> Page:
    write_map(map_graph.graph, path, title=map_graph.title, **options)
    return Page(browser, path)


def _delegation(g: Any) -> str:
    family = map_style().family_of(JJ.Delegation).name
    return next(n for n, d in g.nodes(data=True) if d["family"] == family and "Kotawaringin Timur" in d["label"])


def test_region_map_pontianak(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path, artifacts_dir: Path) -> None:
    map_graph = region_map(seed_graph, "Pontianak")
    page = _open(browser, map_graph, tmp_path / "pontianak.html")
    assert page.counts() == (map_graph.graph.number_of_nodes(), map_graph.graph.number_of_edges())
    page.page.screenshot(path=str(artifacts_dir / "map-pontianak.png"))

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
    page.page.screenshot(path=str(artifacts_dir / "map-pontianak-selected.png"))
    page.assert_clean()


def test_region_map_geo_and_date_filter(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    map_graph = region_map(seed_graph, "Pontianak")
    page = _open(browser, map_graph, tmp_path / "pontianak-geo.html", geo=True)
    fixed = page.js("() => nodes.get({filter: n => n.fixed}).length")
    assert fixed == sum(1 for _, d in map_graph.graph.nodes(data=True) if d.get("coordinates"))
    # Dates outside the visit hide the visit, its delegation and its dated ties.
    page.page.fill("#jj-date-from", "2025-05-01")
    page.page.dispatch_event("#jj-date-from", "change")
    shown_nodes, shown_edges = page.js("() => [network.body.data.nodes.length, network.body.data.edges.length]")
    assert shown_nodes < map_graph.graph.number_of_nodes() and shown_edges < map_graph.graph.number_of_edges()
    page.page.click("#jj-reset-dates")
    assert page.js("() => network.body.data.nodes.length") == map_graph.graph.number_of_nodes()
    page.assert_clean()


@pytest.mark.parametrize("variant", ["sector", "network", "question"])
def test_other_maps_load(browser: Any, seed_graph: KnowledgeGraph, tmp_path: Path, variant: str) -> None:
    if variant == "sector":
        map_graph = sector_map(seed_graph, "batik")
    elif variant == "network":
        map_graph = network_map(seed_graph)
    else:
        pytest.importorskip("kg.questions")
        map_graph = question_map(seed_graph, "delegations-visiting", {"region": "Pontianak"})
        assert _delegation(map_graph.graph)
    assert map_graph.graph.number_of_nodes() > 3
    page = _open(browser, map_graph, tmp_path / f"{variant}.html")
    assert page.counts() == (map_graph.graph.number_of_nodes(), map_graph.graph.number_of_edges())
    page.assert_clean()


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
