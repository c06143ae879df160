"""The offline HTML page of a map: one file, every script and style inside, all data as text.

pyvis's own template links Bootstrap and Tom Select from CDNs even with
``cdn_resources="in_line"`` (pyvis issues #228/#229) and pastes names into HTML unescaped.
This page instead inlines vis-network, Tom Select and pyvis's ``utils.js`` (select and filter
helpers) from pyvis's installed package, uses a few lines of its own CSS instead of
Bootstrap, and carries the graph as JSON in a ``<script type="application/json">`` block
with ``<``, ``>`` and ``&`` escaped, so no record text can close the block. The page's script
builds the side panel, the legend and the menus with ``textContent`` only. A Content
Security Policy allows exactly the inline scripts shipped here (by hash) and no network
access at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["page", "script_json", "UI_TEXT"]

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "find": "Find", "findPlaceholder": "Find a node…", "reset": "Reset", "filter": "Filter",
        "filterItem": "Show", "node": "nodes", "edge": "ties", "property": "where", "value": "is",
        "family": "type", "kind": "kind", "tie": "tie", "date": "date", "from": "From", "to": "to",
        "facts": "Facts", "sources": "Sources", "ties": "Ties", "legend": "Legend",
        "hint": "Click a node or a tie to see its facts and the articles they come from.",
        "size": "Size: number of ties.", "nodes": "nodes", "edges": "ties", "arranging": "Arranging…",
        "evidence": "Evidence", "more": "more", "network": "Inter-regional cooperation network",
    },
    "id": {
        "find": "Cari", "findPlaceholder": "Cari simpul…", "reset": "Atur ulang", "filter": "Saring",
        "filterItem": "Tampilkan", "node": "simpul", "edge": "hubungan", "property": "dengan", "value": "berisi",
        "family": "jenis", "kind": "subjenis", "tie": "hubungan", "date": "tanggal", "from": "Dari", "to": "sampai",
        "facts": "Fakta", "sources": "Sumber", "ties": "Hubungan", "legend": "Keterangan",
        "hint": "Klik simpul atau garis untuk melihat faktanya dan artikel sumbernya.",
        "size": "Ukuran: jumlah hubungan.", "nodes": "simpul", "edges": "hubungan", "arranging": "Menata…",
        "evidence": "Bukti", "more": "lagi", "network": "Jejaring kerja sama antardaerah",
    },
}

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: object) -> str:
    """Return ``data`` as JSON safe to place inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes (as JSON allows), so no value can
    end the element or open a comment; U+2028/2029 are escaped for old JavaScript parsers.

    >>> script_json({"name": "</script><b>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in _ESCAPES.items():
        text = text.replace(char, escape)
    return text


@cache
def _assets() -> dict[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    files = {
        "vis_js": lib / "vis-9.1.2" / "vis-network.min.js",
        "vis_css": lib / "vis-9.1.2" / "vis-network.css",
        "tom_js": lib / "tom-select" / "tom-select.complete.min.js",
        "tom_css": lib / "tom-select" / "tom-select.css",
        "utils_js": lib / "bindings" / "utils.js",
    }
    assets = {name: path.read_text(encoding="utf-8") for name, path in files.items()}
    for name, text in assets.items():
        # An inlined file must not be able to end its own element.
        if "</script" in text.lower() or "</style" in text.lower():
            raise ValueError(f"{files[name]} cannot be inlined: it contains a closing tag")
    return assets


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


def page(payload: dict[str, Any], *, language: str = "id") -> str:
    """Return the complete HTML page for a map payload from :func:`kg.maps.map_payload`."""
    assets = _assets()
    ui = UI_TEXT.get(language, UI_TEXT["en"])
    data = script_json({**payload, "ui": ui})
    scripts = [assets["vis_js"], assets["tom_js"], assets["utils_js"], _APP_JS]
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_hash(s) for s in scripts),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    title = _escape_text(str(payload["title"]))
    parts = [
        "<!DOCTYPE html>\n<html lang=\"", _escape_text(language), "\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"", policy, "\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<title>", title, "</title>\n",
        "<style>", assets["vis_css"], "</style>\n<style>", assets["tom_css"], "</style>\n<style>", _CSS, "</style>\n",
        "</head>\n<body>\n",
        _BODY.replace("{title}", title),
        "<script type=\"application/json\" id=\"jj-data\">", data, "</script>\n",
    ]
    for script in scripts:
        parts += ["<script>", script, "</script>\n"]
    parts.append("</body>\n</html>\n")
    return "".join(parts)


_BODY = """<header id="jj-header"><h1 id="jj-title">{title}</h1><span id="jj-counts"></span><span id="jj-status"></span></header>
<div id="jj-toolbar">
  <div class="jj-group" id="select-menu"><label for="select-node" data-ui="find"></label><select id="select-node"></select>
    <button type="button" id="jj-reset-select" data-ui="reset"></button></div>
  <div class="jj-group" id="filter-menu"><label for="select-item" data-ui="filter"></label>
    <select id="select-item"></select><select id="select-property"></select><select id="select-value" multiple></select>
    <button type="button" id="jj-filter" data-ui="filter"></button><button type="button" id="jj-reset-filter" data-ui="reset"></button></div>
  <div class="jj-group" id="date-menu"><label for="jj-date-from" data-ui="from"></label><input type="date" id="jj-date-from">
    <label for="jj-date-to" data-ui="to"></label><input type="date" id="jj-date-to">
    <button type="button" id="jj-reset-dates" data-ui="reset"></button></div>
</div>
<main id="jj-main"><div id="mynetwork"></div>
<aside id="jj-panel"><section id="jj-details"><p class="jj-hint" data-ui="hint"></p></section>
<section id="jj-legend-box"><h2 data-ui="legend"></h2><ul id="jj-legend"></ul><p class="jj-hint" data-ui="size"></p></section></aside></main>
"""

_CSS = r"""
*{box-sizing:border-box}
html,body{margin:0;height:100%;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f9fafb}
body{display:flex;flex-direction:column}
#jj-header{display:flex;align-items:baseline;gap:1rem;padding:.6rem 1rem;background:#1f2937;color:#f9fafb}
#jj-header h1{font-size:1.15rem;margin:0;font-weight:600}
#jj-counts,#jj-status{font-size:.85rem;color:#d1d5db}
#jj-toolbar{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:.5rem 1rem;background:#fff;border-bottom:1px solid #e5e7eb;align-items:center}
.jj-group{display:flex;gap:.4rem;align-items:center}
.jj-group label{font-weight:600;font-size:.85rem}
.jj-group .ts-wrapper{min-width:11rem}
#select-menu .ts-wrapper{min-width:18rem}
#select-value+.ts-wrapper,.jj-group .ts-wrapper.multi{min-width:14rem}
button{font:inherit;font-size:.85rem;padding:.3rem .7rem;border:1px solid #d1d5db;border-radius:4px;background:#f3f4f6;cursor:pointer}
button:hover{background:#e5e7eb}
input[type=date]{font:inherit;font-size:.85rem;padding:.2rem .3rem;border:1px solid #d1d5db;border-radius:4px}
#jj-main{flex:1;display:flex;min-height:0}
#mynetwork{flex:1;min-width:0;background:#fff;position:relative}
#jj-panel{width:360px;overflow:auto;border-left:1px solid #e5e7eb;background:#fff;padding:.8rem 1rem}
#jj-panel h2{font-size:1.05rem;margin:.2rem 0 .4rem}
#jj-panel h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#6b7280;margin:1rem 0 .3rem}
.jj-meta{display:flex;align-items:center;gap:.4rem;color:#374151;font-size:.9rem}
.jj-facts{width:100%;border-collapse:collapse;font-size:.85rem}
.jj-facts th{text-align:left;vertical-align:top;color:#6b7280;font-weight:500;padding:.15rem .5rem .15rem 0;width:38%}
.jj-facts td{padding:.15rem 0;word-break:break-word}
.jj-list{margin:0;padding-left:1.1rem;font-size:.85rem}
.jj-list li{margin:.2rem 0;word-break:break-word}
.jj-iri{display:block;color:#6b7280;font-size:.75rem;word-break:break-all}
.jj-hint{color:#6b7280;font-size:.85rem}
#jj-legend{list-style:none;margin:0;padding:0;font-size:.85rem}
#jj-legend li{display:flex;align-items:center;gap:.4rem;margin:.15rem 0}
#jj-legend li.jj-kind{margin-left:1.4rem;font-size:.8rem;color:#374151}
#jj-legend-box{border-top:1px solid #e5e7eb;margin-top:1rem}
svg.jj-swatch{flex:none}
div.vis-tooltip{white-space:pre-line;font:13px system-ui,sans-serif;max-width:24rem}
"""

# The page's own script. It keeps pyvis's global names (network, nodes, edges, allNodes,
# nodeColors, filter) so pyvis's utils.js select and filter helpers work unchanged.
_APP_JS = r"""
var payload = JSON.parse(document.getElementById("jj-data").textContent);
var UI = payload.ui;
var edges, nodes, allNodes, allEdges, nodeColors, network, container;
var highlightActive = false, filterActive = false;
var filter = {item: "", property: "", value: []};
var dateKeep = null, dateFrom = "", dateTo = "";

function el(tag, text, cls) {
  var node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}
function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined; }

function swatch(shape, colour) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 14 14");
  svg.setAttribute("class", "jj-swatch");
  var points = {diamond: "7,1 13,7 7,13 1,7", triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13",
    star: "7,0.5 8.8,5 13.5,5.2 9.8,8.1 11.1,13 7,10.2 2.9,13 4.2,8.1 0.5,5.2 5.2,5",
    hexagon: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"};
  var shapeNode;
  if (own(points, shape)) { shapeNode = document.createElementNS(ns, "polygon"); shapeNode.setAttribute("points", points[shape]); }
  else if (shape === "square" || shape === "box") { shapeNode = document.createElementNS(ns, "rect"); shapeNode.setAttribute("x", "1.5"); shapeNode.setAttribute("y", "1.5"); shapeNode.setAttribute("width", "11"); shapeNode.setAttribute("height", "11"); }
  else if (shape === "ellipse") { shapeNode = document.createElementNS(ns, "ellipse"); shapeNode.setAttribute("cx", "7"); shapeNode.setAttribute("cy", "7"); shapeNode.setAttribute("rx", "6.5"); shapeNode.setAttribute("ry", "4"); }
  else { shapeNode = document.createElementNS(ns, "circle"); shapeNode.setAttribute("cx", "7"); shapeNode.setAttribute("cy", "7"); shapeNode.setAttribute("r", "6"); }
  shapeNode.setAttribute("fill", colour); shapeNode.setAttribute("stroke", "#374151"); shapeNode.setAttribute("stroke-width", "0.6");
  svg.appendChild(shapeNode);
  return svg;
}

function uiText() {
  document.querySelectorAll("[data-ui]").forEach(function (node) { node.textContent = own(UI, node.getAttribute("data-ui")) || ""; });
}

function updateCounts() {
  var shownNodes = network ? network.body.data.nodes.length : nodes.length;
  var shownEdges = network ? network.body.data.edges.length : edges.length;
  document.getElementById("jj-counts").textContent = shownNodes + " " + UI.nodes + " · " + shownEdges + " " + UI.edges;
}

function factsTable(rows) {
  var table = el("table", null, "jj-facts");
  rows.forEach(function (row) { var tr = el("tr"); tr.appendChild(el("th", row[0])); tr.appendChild(el("td", row[1])); table.appendChild(tr); });
  return table;
}

function sourcesList(sources) {
  var list = el("ul", null, "jj-list jj-sources");
  sources.forEach(function (source) { var li = el("li"); li.appendChild(el("span", source[1], "jj-source-title")); li.appendChild(el("span", source[0], "jj-iri")); list.appendChild(li); });
  return list;
}

function showNode(id) {
  var d = own(payload.details, id);
  var box = document.getElementById("jj-details");
  box.replaceChildren();
  if (!d) { box.appendChild(el("p", UI.hint, "jj-hint")); return; }
  box.appendChild(el("h2", d.label, "jj-label"));
  var meta = el("div", null, "jj-meta"); meta.appendChild(swatch(d.shape, d.colour));
  meta.appendChild(el("span", d.family === d.kind ? d.family : d.family + " · " + d.kind)); box.appendChild(meta);
  if (d.date) box.appendChild(el("div", UI.date + ": " + d.date, "jj-hint"));
  if (d.facts.length) { box.appendChild(el("h3", UI.facts)); box.appendChild(factsTable(d.facts)); }
  var ties = edges.get({filter: function (e) { return e.from === id || e.to === id; }});
  if (ties.length) {
    box.appendChild(el("h3", UI.ties + " (" + ties.length + ")"));
    var list = el("ul", null, "jj-list jj-ties");
    ties.slice(0, 40).forEach(function (e) {
      var other = nodes.get(e.from === id ? e.to : e.from);
      var arrow = e.from === id ? " → " : " ← ";
      list.appendChild(el("li", e.tie + arrow + (other ? other.label : "") + (e.date ? " (" + e.date + ")" : "")));
    });
    if (ties.length > 40) list.appendChild(el("li", "… " + (ties.length - 40) + " " + UI.more));
    box.appendChild(list);
  }
  if (d.sources.length) { box.appendChild(el("h3", UI.sources)); box.appendChild(sourcesList(d.sources)); }
}

function showEdge(id) {
  var e = edges.get(id), d = own(payload.edgeDetails, id);
  var box = document.getElementById("jj-details");
  box.replaceChildren();
  if (!e || !d) { box.appendChild(el("p", UI.hint, "jj-hint")); return; }
  var from = nodes.get(e.from), to = nodes.get(e.to);
  box.appendChild(el("h2", d.label, "jj-label"));
  box.appendChild(el("div", (from ? from.label : "") + " → " + (to ? to.label : ""), "jj-meta"));
  if (d.date) box.appendChild(el("div", UI.date + ": " + d.date, "jj-hint"));
  if (d.evidence) { box.appendChild(el("h3", UI.evidence)); box.appendChild(el("div", d.evidence)); }
  if (d.sources.length) { box.appendChild(el("h3", UI.sources)); box.appendChild(sourcesList(d.sources)); }
}

function buildLegend() {
  var list = document.getElementById("jj-legend");
  payload.legend.forEach(function (family) {
    var li = el("li"); li.appendChild(swatch(family.shape, family.colour)); li.appendChild(el("span", family.label)); list.appendChild(li);
    family.kinds.forEach(function (kind) {
      var sub = el("li", null, "jj-kind"); sub.appendChild(swatch(family.shape, kind.colour)); sub.appendChild(el("span", kind.label)); list.appendChild(sub);
    });
  });
}

function inRange(date) {
  if (!date) return true;
  if (dateFrom && date < dateFrom) return false;
  if (dateTo && date > dateTo) return false;
  return true;
}
function nodeShown(node) { return inRange(node.date) && (dateKeep === null || !!node.date || own(dateKeep, node.id) === true); }
function edgeShown(edge) { return inRange(edge.date); }

function applyDates() {
  dateFrom = document.getElementById("jj-date-from").value;
  dateTo = document.getElementById("jj-date-to").value;
  dateKeep = null;
  if (dateFrom || dateTo) {
    dateKeep = {};
    var dated = {};
    edges.forEach(function (e) {
      var a = nodes.get(e.from), b = nodes.get(e.to);
      if (edgeShown(e) && a && b && inRange(a.date) && inRange(b.date)) { dateKeep[e.from] = true; dateKeep[e.to] = true; }
    });
  }
  nodeView.refresh(); edgeView.refresh(); updateCounts();
}

function setupDates() {
  var dates = [];
  payload.nodes.forEach(function (n) { if (n.date) dates.push(n.date); });
  payload.edges.forEach(function (e) { if (e.date) dates.push(e.date); });
  if (!dates.length) { document.getElementById("date-menu").style.display = "none"; return; }
  dates.sort();
  ["jj-date-from", "jj-date-to"].forEach(function (id) {
    var input = document.getElementById(id); input.min = dates[0]; input.max = dates[dates.length - 1];
    input.addEventListener("change", applyDates);
  });
  document.getElementById("jj-date-from").placeholder = dates[0];
  document.getElementById("jj-date-to").placeholder = dates[dates.length - 1];
  document.getElementById("jj-reset-dates").addEventListener("click", function () {
    document.getElementById("jj-date-from").value = ""; document.getElementById("jj-date-to").value = ""; applyDates();
  });
}

function focusNode(id) {
  if (!own(payload.details, id)) return;
  selectNode([id]);
  showNode(id);
  if (!payload.big) network.focus(id, {scale: 1.1, animation: {duration: 400}});
}

function setupMenus() {
  var options = payload.nodes.map(function (n) { return {value: n.id, text: n.label + " — " + n.kind}; });
  var finder = new TomSelect("#select-node", {options: options, maxOptions: 200, create: false, placeholder: UI.findPlaceholder,
    sortField: {field: "text", direction: "asc"}, onChange: function (value) { if (value) focusNode(value); }});
  document.getElementById("jj-reset-select").addEventListener("click", function () {
    finder.clear(true); network.unselectAll(); neighbourhoodHighlight({nodes: []}); showNode(null);
  });
  var properties = {node: [["family", UI.family], ["kind", UI.kind], ["date", UI.date]], edge: [["tie", UI.tie], ["date", UI.date]]};
  var valueControl = new TomSelect("#select-value", {maxItems: null, valueField: "id", labelField: "title", searchField: "title",
    create: false, placeholder: UI.value, onItemAdd: function (value) { filter.value.push(value); }});
  var propControl = new TomSelect("#select-property", {valueField: "id", labelField: "title", searchField: "title", create: false,
    placeholder: UI.property, onChange: function (property) {
      filter.property = property; filter.value = [];
      valueControl.clear(true); valueControl.clearOptions();
      var seen = {};
      var items = filter.item === "edge" ? edges.get() : nodes.get();
      items.forEach(function (item) {
        var v = item[property];
        if (v !== undefined && v !== null && !own(seen, String(v))) { seen[String(v)] = true; valueControl.addOption({id: String(v), title: String(v)}); }
      });
    }});
  var itemControl = new TomSelect("#select-item", {valueField: "id", labelField: "title", create: false, placeholder: UI.filterItem,
    options: [{id: "node", title: UI.node}, {id: "edge", title: UI.edge}],
    onChange: function (item) {
      filter.item = item; filter.property = ""; filter.value = [];
      propControl.clear(true); propControl.clearOptions(); valueControl.clear(true); valueControl.clearOptions();
      (own(properties, item) || []).forEach(function (p) { propControl.addOption({id: p[0], title: p[1]}); });
    }});
  document.getElementById("jj-filter").addEventListener("click", function () { if (filter.value.length) highlightFilter(filter); });
  document.getElementById("jj-reset-filter").addEventListener("click", function () {
    itemControl.clear(true); propControl.clear(true); propControl.clearOptions(); valueControl.clear(true); valueControl.clearOptions();
    filter = {item: "", property: "", value: []}; filterHighlight({nodes: []});
  });
}

function markReady() {
  document.getElementById("jj-status").textContent = "";
  document.body.setAttribute("data-ready", "1");
  window.jjReadyAt = performance.now();
}

uiText();
nodes = new vis.DataSet(payload.nodes);
edges = new vis.DataSet(payload.edges);
nodeColors = {};
allNodes = nodes.get({returnType: "Object"});
for (var nodeId in allNodes) { nodeColors[nodeId] = allNodes[nodeId].color; }
allEdges = edges.get({returnType: "Object"});
var nodeView = new vis.DataView(nodes, {filter: nodeShown});
var edgeView = new vis.DataView(edges, {filter: edgeShown});
container = document.getElementById("mynetwork");
network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, payload.options);
network.on("click", function (params) {
  if (params.nodes.length) { showNode(params.nodes[0]); }
  else if (params.edges.length) { showEdge(params.edges[0]); }
  else { showNode(null); }
  neighbourhoodHighlight(params);
});
network.on("dragEnd", function () { network.storePositions(); });
buildLegend();
setupMenus();
setupDates();
updateCounts();
if (payload.physics && payload.nodes.length > 1) {
  document.getElementById("jj-status").textContent = UI.arranging;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}}); network.storePositions(); network.fit(); markReady();
  });
} else {
  network.once("afterDrawing", markReady);
  network.fit();
}
window.jjShowNode = showNode;
window.jjFocusNode = focusNode;
"""
