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
        "ready": "Ready", "period": "Period", "undated": "undated always shown", "status": "Status",
        "done": "signed / held", "planned": "planned / not yet", "ended": "terminated / cancelled", "png": "Save PNG",
        "print": "Print", "collapse": "Show provinces", "provinces": "provinces", "regions": "regions",
        "lines": "lines", "province": "Province",
        "regionHint": "Provinces are sized by their ties; click a province (or zoom in) to show its regions, double-click a region to fold it back. Click a line to see its ties.",
        "tieCount": "ties", "between": "between", "openArticle": "open the article",
        "basemapCredit": "Basemap: Natural Earth (public domain), simplified.",
        "dashed": "dashed: planned only", "width": "Line width: number of ties.",
        "aggregatedTitle": "regions and their ties",
        "aggregatedSector": "{count} entities are about this sector, more than one map shows readably ({budget}): this map shows the {regions} regions their {ties} ties join (by province when there are many; click a province to open it). For the entities themselves, map a narrower sector or a region (kg map region NAME).",
        "aggregatedQuestion": "The answer and its context hold {count} entities, more than one map shows readably ({budget}): this map shows the {regions} regions joined by the {ties} ties of the answer (by province when there are many; click a province to open it). For the entities themselves, ask with narrower parameters, use fewer --hops, or map a region (kg map region NAME).",
        "aggregatedRegion": "Within {hops} ties of this region lie {count} entities, more than one map shows readably ({budget}): this map shows the region's {ties} ties with {partners} partner regions (by province when there are many; click a province to open it; the time slider and status filter narrow them). For the entities themselves, use fewer --hops, or map a sector or a question about the region (kg map sector ID, kg map question delegations-visiting --param region=NAME).",
        "aggregatedRegionMore": "Within {hops} ties of this region lie more than {count} entities, more than one map shows readably ({budget}): this map shows the region's {ties} ties with {partners} partner regions (by province when there are many; click a province to open it; the time slider and status filter narrow them). For the entities themselves, use fewer --hops, or map a sector or a question about the region (kg map sector ID, kg map question delegations-visiting --param region=NAME).",
        "aggregatedQuestionMore": "The answer and its context hold more than {count} entities, more than one map shows readably ({budget}): this map shows the {regions} regions joined by the {ties} ties of the answer (by province when there are many; click a province to open it). For the entities themselves, ask with narrower parameters, use fewer --hops, or map a region (kg map region NAME).",
    },
    "id": {
        "find": "Cari", "findPlaceholder": "Cari simpul…", "reset": "Atur ulang", "filter": "Saring",
        "filterItem": "Tampilkan", "node": "simpul", "edge": "hubungan", "property": "dengan", "value": "berisi",
        "family": "jenis", "kind": "subjenis", "tie": "hubungan", "date": "tanggal", "from": "Dari", "to": "sampai",
        "facts": "Fakta", "sources": "Sumber", "ties": "Hubungan", "legend": "Keterangan",
        "hint": "Klik simpul atau garis untuk melihat faktanya dan artikel sumbernya.",
        "size": "Ukuran: jumlah hubungan.", "nodes": "simpul", "edges": "hubungan", "arranging": "Menata…",
        "evidence": "Bukti", "more": "lagi", "network": "Jejaring kerja sama antardaerah",
        "ready": "Siap", "period": "Periode", "undated": "yang tak bertanggal selalu tampil", "status": "Status",
        "done": "ditandatangani / terlaksana", "planned": "direncanakan / belum", "ended": "dihentikan / batal",
        "png": "Simpan PNG", "print": "Cetak", "collapse": "Tampilkan provinsi", "provinces": "provinsi",
        "regions": "daerah", "lines": "garis", "province": "Provinsi",
        "regionHint": "Ukuran provinsi menurut jumlah hubungannya; klik provinsi (atau perbesar peta) untuk membuka daerahnya, klik ganda daerah untuk menutupnya kembali. Klik garis untuk melihat hubungannya.",
        "tieCount": "hubungan", "between": "antara", "openArticle": "buka artikel",
        "basemapCredit": "Peta dasar: Natural Earth (domain publik), disederhanakan.",
        "dashed": "putus-putus: hanya rencana", "width": "Tebal garis: jumlah hubungan.",
        "aggregatedTitle": "daerah dan hubungannya",
        "aggregatedSector": "Ada {count} entitas tentang sektor ini, lebih banyak daripada yang terbaca dalam satu peta ({budget}): peta ini menampilkan {regions} daerah yang dihubungkan oleh {ties} hubungan entitas itu (per provinsi bila banyak; klik provinsi untuk membukanya). Untuk melihat entitasnya sendiri, petakan sektor yang lebih sempit atau satu daerah (kg map region NAMA).",
        "aggregatedQuestion": "Jawaban dan konteksnya memuat {count} entitas, lebih banyak daripada yang terbaca dalam satu peta ({budget}): peta ini menampilkan {regions} daerah yang dihubungkan oleh {ties} hubungan dalam jawaban (per provinsi bila banyak; klik provinsi untuk membukanya). Untuk melihat entitasnya sendiri, ajukan pertanyaan dengan parameter yang lebih sempit, kurangi --hops, atau petakan satu daerah (kg map region NAMA).",
        "aggregatedRegion": "Dalam {hops} langkah hubungan dari daerah ini ada {count} entitas, lebih banyak daripada yang terbaca dalam satu peta ({budget}): peta ini menampilkan {ties} hubungan daerah ini dengan {partners} daerah mitra (per provinsi bila banyak; klik provinsi untuk membukanya; penggeser waktu dan saringan status mempersempitnya). Untuk melihat entitasnya sendiri, kurangi --hops, atau petakan sektor atau pertanyaan tentang daerah ini (kg map sector ID, kg map question delegations-visiting --param region=NAMA).",
        "aggregatedRegionMore": "Dalam {hops} langkah hubungan dari daerah ini ada lebih dari {count} entitas, lebih banyak daripada yang terbaca dalam satu peta ({budget}): peta ini menampilkan {ties} hubungan daerah ini dengan {partners} daerah mitra (per provinsi bila banyak; klik provinsi untuk membukanya; penggeser waktu dan saringan status mempersempitnya). Untuk melihat entitasnya sendiri, kurangi --hops, atau petakan sektor atau pertanyaan tentang daerah ini (kg map sector ID, kg map question delegations-visiting --param region=NAMA).",
        "aggregatedQuestionMore": "Jawaban dan konteksnya memuat lebih dari {count} entitas, lebih banyak daripada yang terbaca dalam satu peta ({budget}): peta ini menampilkan {regions} daerah yang dihubungkan oleh {ties} hubungan dalam jawaban (per provinsi bila banyak; klik provinsi untuk membukanya). Untuk melihat entitasnya sendiri, ajukan pertanyaan dengan parameter yang lebih sempit, kurangi --hops, atau petakan satu daerah (kg map region NAMA).",
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
    import importlib.util

    # Found, not imported: importing pyvis imports IPython (half a second per map).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis (the vis-network and Tom Select files it ships) is not installed")
    lib = Path(next(iter(spec.submodule_search_locations))).resolve() / "templates" / "lib"
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


_BODY = """<header id="jj-header"><h1 id="jj-title">{title}</h1><span id="jj-counts"></span><span id="jj-status" role="status"></span></header>
<div id="jj-toolbar">
  <div class="jj-group" id="select-menu"><label for="select-node" data-ui="find"></label><select id="select-node"></select>
    <button type="button" id="jj-reset-select" data-ui="reset"></button></div>
  <div class="jj-group" id="filter-menu"><label for="select-item" data-ui="filter"></label>
    <select id="select-item"></select><select id="select-property"></select><select id="select-value" multiple></select>
    <button type="button" id="jj-filter" data-ui="filter"></button><button type="button" id="jj-reset-filter" data-ui="reset"></button></div>
  <div class="jj-group" id="date-menu"><span class="jj-label" data-ui="period"></span>
    <input type="range" id="jj-time-from" min="0" max="0" value="0" step="1">
    <input type="range" id="jj-time-to" min="0" max="0" value="0" step="1">
    <span id="jj-time-label"></span><button type="button" id="jj-reset-dates" data-ui="reset"></button></div>
  <div class="jj-group" id="status-menu"><span class="jj-label" data-ui="status"></span>
    <label><input type="checkbox" id="jj-phase-done" checked> <span data-ui="done"></span></label>
    <label><input type="checkbox" id="jj-phase-planned"> <span data-ui="planned"></span></label>
    <label><input type="checkbox" id="jj-phase-ended"> <span data-ui="ended"></span></label></div>
  <div class="jj-group" id="action-menu"><button type="button" id="jj-collapse" data-ui="collapse"></button>
    <button type="button" id="jj-png" data-ui="png"></button><button type="button" id="jj-print" data-ui="print"></button></div>
</div>
<main id="jj-main"><div id="mynetwork"></div>
<aside id="jj-panel"><section id="jj-details"><p class="jj-hint" data-ui="hint"></p></section>
<section id="jj-legend-box"><h2 data-ui="legend"></h2><ul id="jj-legend"></ul><p class="jj-hint" id="jj-size-hint" data-ui="size"></p>
<p class="jj-hint" id="jj-credit"></p></section></aside></main>
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
.jj-note{font-size:.9rem;background:#fef3c7;border-left:3px solid #d97706;padding:.4rem .6rem;margin:0 0 .6rem}
#jj-legend{list-style:none;margin:0;padding:0;font-size:.85rem}
#jj-legend li{display:flex;align-items:center;gap:.4rem;margin:.15rem 0}
#jj-legend li.jj-kind{margin-left:1.4rem;font-size:.8rem;color:#374151}
#jj-legend-box{border-top:1px solid #e5e7eb;margin-top:1rem}
svg.jj-swatch{flex:none}
div.vis-tooltip{white-space:pre-line;font:13px system-ui,sans-serif;max-width:24rem}
.jj-label{font-weight:600;font-size:.85rem}
#jj-time-label{font-size:.85rem;min-width:9rem;font-variant-numeric:tabular-nums}
input[type=range]{width:8rem}
#status-menu label{font-weight:400;font-size:.85rem;display:flex;align-items:center;gap:.2rem}
#jj-status{margin-left:auto}
body[data-state=ready] #jj-status{color:#86efac}
.jj-sources a{color:#1d4ed8}
@media print{#jj-toolbar,#jj-details{display:none}#jj-main{display:block}#mynetwork{height:80vh}#jj-panel{width:auto;border:0}}
"""

# The page's own script. It keeps pyvis's global names (network, nodes, edges, allNodes,
# nodeColors, filter) so pyvis's utils.js select and filter helpers work unchanged on entity
# maps. ``payload.mode`` is "entities" (one vis node per entity) or "regions" (the national
# network, rebuilt from tie rows on every filter change, provinces expanding on click).
_APP_JS = r"""
var payload = JSON.parse(document.getElementById("jj-data").textContent);
var UI = payload.ui;
var edges, nodes, allNodes, allEdges, nodeColors, network, container;
var highlightActive = false, filterActive = false;
var filter = {item: "", property: "", value: []};
var months = payload.months || [];
var phaseOn = {done: true, planned: false, ended: false};
var rangeFrom = 0, rangeTo = Math.max(0, months.length - 1);
var fullLabel = {};
var shownNodes = null, shownEdges = null;
window.jjVisible = {nodes: 0, edges: 0, ties: 0};
window.jjBasemap = {features: 0, drawn: 0};

function el(tag, text, cls) {
  var node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}
function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined; }

function swatch(shape, colour, dashed) {
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 14 14");
  svg.setAttribute("class", "jj-swatch");
  var points = {diamond: "7,1 13,7 7,13 1,7", triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13",
    star: "7,0.5 8.8,5 13.5,5.2 9.8,8.1 11.1,13 7,10.2 2.9,13 4.2,8.1 0.5,5.2 5.2,5",
    hexagon: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"};
  var shapeNode;
  if (shape === "line") { shapeNode = document.createElementNS(ns, "line"); shapeNode.setAttribute("x1", "0"); shapeNode.setAttribute("y1", "7"); shapeNode.setAttribute("x2", "14"); shapeNode.setAttribute("y2", "7"); shapeNode.setAttribute("stroke", colour); shapeNode.setAttribute("stroke-width", "3"); if (dashed) shapeNode.setAttribute("stroke-dasharray", "3,2"); svg.appendChild(shapeNode); return svg; }
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

function factsTable(rows) {
  var table = el("table", null, "jj-facts");
  rows.forEach(function (row) { var tr = el("tr"); tr.appendChild(el("th", row[0])); tr.appendChild(el("td", row[1])); table.appendChild(tr); });
  return table;
}

function webUrl(url) { return typeof url === "string" && /^https?:\/\/[^\s]+$/.test(url) ? url : null; }

function sourcesList(sources, count) {
  var list = el("ul", null, "jj-list jj-sources");
  sources.forEach(function (source) {
    var li = el("li"), url = webUrl(source[2]);
    if (url) {
      var link = el("a", source[1], "jj-source-title");
      link.href = url; link.target = "_blank"; link.rel = "noopener noreferrer"; link.title = UI.openArticle;
      li.appendChild(link);
    } else { li.appendChild(el("span", source[1], "jj-source-title")); }
    li.appendChild(el("span", source[0], "jj-iri"));
    list.appendChild(li);
  });
  if (typeof count === "number" && count > sources.length) list.appendChild(el("li", "… " + (count - sources.length) + " " + UI.more));
  return list;
}

function label(id) { var l = own(fullLabel, id); return l === undefined ? "" : l; }

// ---- the basemap, drawn under the network in its own coordinates
var basemapPaths = [];
function setupBasemap() {
  var map = payload.basemap;
  if (!map) return;
  var scale = map.scale, lat0 = map.centre[0], lon0 = map.centre[1];
  map.features.forEach(function (feature) {
    var path = new Path2D();
    feature.geometry.coordinates.forEach(function (polygon) {
      polygon.forEach(function (ring) {
        ring.forEach(function (point, i) {
          var x = (point[0] - lon0) * scale, y = -(point[1] - lat0) * scale;
          if (i === 0) path.moveTo(x, y); else path.lineTo(x, y);
        });
        path.closePath();
      });
    });
    basemapPaths.push({path: path, kind: feature.properties.kind});
  });
  window.jjBasemap.features = basemapPaths.length;
  document.getElementById("jj-credit").textContent = UI.basemapCredit + " " + map.licence;
}
function drawBasemap(ctx) {
  if (!basemapPaths.length) return;
  var map = payload.basemap, scale = network.getScale();
  var b = map.bounds, s = map.scale;
  ctx.save();
  ctx.fillStyle = map.colours.water;
  ctx.fillRect((b[0] - map.centre[1] - 40) * s, -(b[3] - map.centre[0] + 30) * s, (b[2] - b[0] + 80) * s, (b[3] - b[1] + 60) * s);
  ctx.lineWidth = 1 / scale; ctx.strokeStyle = map.colours.outline;
  var drawn = 0;
  basemapPaths.forEach(function (p) {
    ctx.fillStyle = p.kind === "province" ? map.colours.province : map.colours.neighbour;
    ctx.fill(p.path); ctx.stroke(p.path); drawn++;
  });
  ctx.restore();
  window.jjBasemap.drawn = drawn;
}

// ---- time slider and status filter
function monthShown(month) {
  if (!month) return true;
  if (!months.length) return true;
  var i = months.indexOf(month);
  return i < 0 || (i >= rangeFrom && i <= rangeTo);
}
function dateShown(date) { return !date || monthShown(String(date).slice(0, 7)); }
function phaseShown(phase) { return !phase || phaseOn[phase] === true; }
function restricting() { return rangeFrom > 0 || rangeTo < months.length - 1 || !phaseOn.done || phaseOn.planned !== phaseOn.done || phaseOn.ended !== phaseOn.done; }

function setupFilters(apply) {
  var from = document.getElementById("jj-time-from"), to = document.getElementById("jj-time-to");
  var text = document.getElementById("jj-time-label");
  function show() { text.textContent = months.length ? months[rangeFrom] + " – " + months[rangeTo] + " (" + UI.undated + ")" : ""; }
  if (!months.length) { document.getElementById("date-menu").style.display = "none"; }
  [from, to].forEach(function (input) { input.max = String(Math.max(0, months.length - 1)); });
  from.value = "0"; to.value = String(Math.max(0, months.length - 1));
  function moved(event) {
    rangeFrom = Number(from.value); rangeTo = Number(to.value);
    if (rangeFrom > rangeTo) { if (event && event.target === from) { rangeTo = rangeFrom; to.value = String(rangeTo); } else { rangeFrom = rangeTo; from.value = String(rangeFrom); } }
    show(); apply();
  }
  from.addEventListener("input", moved); to.addEventListener("input", moved);
  from.addEventListener("change", moved); to.addEventListener("change", moved);
  document.getElementById("jj-reset-dates").addEventListener("click", function () {
    from.value = "0"; to.value = String(Math.max(0, months.length - 1)); moved(null);
  });
  ["done", "planned", "ended"].forEach(function (phase) {
    var box = document.getElementById("jj-phase-" + phase);
    box.checked = phaseOn[phase];
    box.addEventListener("change", function () { phaseOn[phase] = box.checked; apply(); });
  });
  show();
}

function setCounts(nodeCount, edgeCount, tieCount) {
  window.jjVisible = {nodes: nodeCount, edges: edgeCount, ties: tieCount};
  var text = nodeCount + " " + UI.nodes + " · " + tieCount + " " + UI.edges;
  if (edgeCount !== tieCount) text += " (" + edgeCount + " " + UI.lines + ")";
  document.getElementById("jj-counts").textContent = text;
}

// ---- labels by importance, never stacked
var declutterTimer = null;  // a requestAnimationFrame id
function declutter() {
  if (!network) return;
  var scale = network.getScale();
  var ids = network.body.data.nodes.getIds();
  var positions = network.getPositions(ids);
  var order = ids.map(function (id) { var n = nodes.get(id); return {id: id, n: n}; })
    .sort(function (a, b) { return (b.n.importance || 0) - (a.n.importance || 0); });
  var taken = [], changes = [];
  var baseFont = (payload.options.nodes && payload.options.nodes.font && payload.options.nodes.font.size) || 14;
  order.forEach(function (item) {
    var text = label(item.id), want = "";
    var fixedPx = payload.mode === "regions" ? (item.id.charAt(0) === "p" ? 15 : 12) : 0;
    var font = fixedPx ? fixedPx / scale : ((item.n.font && item.n.font.size) || baseFont), fontPx = font * scale;
    if (text && fontPx >= 6 && positions[item.id]) {
      var p = network.canvasToDOM(positions[item.id]);
      var natural = text.length * font * 0.58, lines = Math.ceil(natural / 180);
      var radius = fixedPx ? item.n.px : (item.n.size || 10) * scale;
      var w = Math.min(natural, 180) * scale, h = lines * fontPx * 1.3, top = p.y + radius + 2;
      var box = [p.x - w / 2, top, p.x + w / 2, top + h];
      var clash = taken.some(function (o) { return box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]; });
      if (!clash) { taken.push(box); want = text; }
    }
    if (fixedPx && Math.abs(((item.n.font && item.n.font.size) || 0) - font) > 0.01 * font) {
      changes.push({id: item.id, label: want, font: {size: font, strokeWidth: 4 / scale}, size: item.n.px / scale});
    } else if ((item.n.label || "") !== want) { changes.push({id: item.id, label: want}); }
  });
  if (changes.length) nodes.update(changes);
  if (payload.mode === "regions") {
    var widths = [];
    edges.forEach(function (e) { var w = e.px / scale; if (Math.abs(w - e.width) > 0.01 * w) widths.push({id: e.id, width: w}); });
    if (widths.length) edges.update(widths);
  }
  window.jjLabelsShown = taken.length;
}
function scheduleDeclutter() {
  // Once per frame, so labels are re-chosen as the view moves and never pile up.
  if (declutterTimer) return;
  declutterTimer = requestAnimationFrame(function () { declutterTimer = null; declutter(); });
}

function markReady() {
  declutter();
  document.getElementById("jj-status").textContent = UI.ready;
  document.body.setAttribute("data-ready", "1");
  document.body.dataset.state = "ready";
  window.jjReadyAt = performance.now();
}

function setupActions() {
  document.getElementById("jj-png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    var out = document.createElement("canvas"); out.width = canvas.width; out.height = canvas.height;
    var ctx = out.getContext("2d"); ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height); ctx.drawImage(canvas, 0, 0);
    var link = document.createElement("a"); link.download = "jejaring-map.png"; link.href = out.toDataURL("image/png"); link.click();
  });
  document.getElementById("jj-print").addEventListener("click", function () { window.print(); });
}

function buildLegendEntities() {
  var list = document.getElementById("jj-legend");
  payload.legend.forEach(function (family) {
    var li = el("li"); li.appendChild(swatch(family.shape, family.colour)); li.appendChild(el("span", family.label)); list.appendChild(li);
    family.kinds.forEach(function (kind) {
      var sub = el("li", null, "jj-kind"); sub.appendChild(swatch(family.shape, kind.colour)); sub.appendChild(el("span", kind.label)); list.appendChild(sub);
    });
  });
}

// =============================================================== entity maps
function keepPositions() {
  // network.storePositions() fails when a filter hides nodes; store what is drawn.
  var pos = network.getPositions();
  nodes.update(Object.keys(pos).map(function (id) { return {id: id, x: pos[id].x, y: pos[id].y}; }));
}
var excluded = {}, touched = {}, edgeOk = {};
function computeEntities() {
  excluded = {}; touched = {}; edgeOk = {};
  nodes.forEach(function (n) { if (!dateShown(n.date) || !phaseShown(n.phase)) excluded[n.id] = true; });
  edges.forEach(function (e) {
    var ok = !excluded[e.from] && !excluded[e.to] && dateShown(e.date) && phaseShown(e.phase);
    if (ok) { edgeOk[e.id] = true; touched[e.from] = true; touched[e.to] = true; }
  });
}
function nodeShown(n) {
  if (excluded[n.id]) return false;
  if (!restricting()) return true;
  return !!(n.date || n.phase || n.borderWidth === 4 || touched[n.id] || !degree[n.id]);
}
function edgeShown(e) { return edgeOk[e.id] === true && nodeShownById(e.from) && nodeShownById(e.to); }
function nodeShownById(id) { var n = nodes.get(id); return !!n && nodeShown(n); }
var degree = {}, nodeView, edgeView;

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
      var other = e.from === id ? e.to : e.from;
      var arrow = e.from === id ? " → " : " ← ";
      list.appendChild(el("li", e.tie + arrow + label(other) + (e.date ? " (" + e.date + ")" : "")));
    });
    if (ties.length > 40) list.appendChild(el("li", "… " + (ties.length - 40) + " " + UI.more));
    box.appendChild(list);
  }
  if (d.sources.length) { box.appendChild(el("h3", UI.sources)); box.appendChild(sourcesList(d.sources, d.sourceCount)); }
}

function showEdge(id) {
  var e = edges.get(id), d = own(payload.edgeDetails, id);
  var box = document.getElementById("jj-details");
  box.replaceChildren();
  if (!e || !d) { box.appendChild(el("p", UI.hint, "jj-hint")); return; }
  box.appendChild(el("h2", d.label, "jj-label"));
  box.appendChild(el("div", label(e.from) + " → " + label(e.to), "jj-meta"));
  if (d.date) box.appendChild(el("div", UI.date + ": " + d.date, "jj-hint"));
  if (d.evidence) { box.appendChild(el("h3", UI.evidence)); box.appendChild(el("div", d.evidence)); }
  if (d.sources.length) { box.appendChild(el("h3", UI.sources)); box.appendChild(sourcesList(d.sources, d.sourceCount)); }
}

function focusNode(id) {
  if (!own(payload.details, id)) return;
  selectNode([id]);
  showNode(id);
  if (!payload.big) network.focus(id, {scale: 1.1, animation: false});
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

function applyEntities() {
  computeEntities(); nodeView.refresh(); edgeView.refresh();
  var n = network.body.data.nodes.length, e = network.body.data.edges.length;
  setCounts(n, e, e); declutter();
}

function startEntities() {
  document.getElementById("jj-collapse").style.display = "none";
  payload.nodes.forEach(function (n) { fullLabel[n.id] = n.label; degree[n.id] = 0; });
  payload.edges.forEach(function (e) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; });
  nodes = new vis.DataSet(payload.nodes);
  edges = new vis.DataSet(payload.edges);
  nodeColors = {};
  allNodes = nodes.get({returnType: "Object"});
  for (var nodeId in allNodes) { nodeColors[nodeId] = allNodes[nodeId].color; }
  allEdges = edges.get({returnType: "Object"});
  computeEntities();
  nodeView = new vis.DataView(nodes, {filter: nodeShown});
  edgeView = new vis.DataView(edges, {filter: edgeShown});
  network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, payload.options);
  network.on("beforeDrawing", drawBasemap);
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { showNode(null); }
    neighbourhoodHighlight(params);
  });
  network.on("dragEnd", function () { keepPositions(); scheduleDeclutter(); });
  network.on("zoom", scheduleDeclutter);
  buildLegendEntities();
  setupMenus();
  setupFilters(applyEntities);
  var n = network.body.data.nodes.length, e = network.body.data.edges.length;
  setCounts(n, e, e);
  if (payload.physics && payload.nodes.length > 1) {
    document.getElementById("jj-status").textContent = UI.arranging;
    var settled = false;
    var finish = function () {
      if (settled) return; settled = true;
      network.setOptions({physics: {enabled: false}}); keepPositions(); network.fit(); markReady();
    };
    network.once("stabilizationIterationsDone", finish);
    network.once("stabilized", finish);
    setTimeout(finish, 8000);
  } else {
    network.once("afterDrawing", markReady);
    network.fit();
    network.redraw();
  }
  window.jjShowNode = showNode;
  window.jjFocusNode = focusNode;
}

// =============================================================== the national network
var expanded = {}, regionRows = [], provinceRows = [], pairTies = {};
function regionNodeId(i) { var p = regionRows[i][2]; return (!payload.aggregate || expanded[p]) ? "r:" + i : "p:" + p; }

function computeRegions() {
  var activity = {}, pairs = {}, ties = 0;
  pairTies = {};
  payload.ties.forEach(function (row, index) {
    if (!phaseShown(payload.phases[row[3]])) return;
    if (row[4] >= 0 && (row[4] < rangeFrom || row[4] > rangeTo)) return;
    ties += row[5];
    var a = regionNodeId(row[0]), b = regionNodeId(row[1]);
    activity[a] = (activity[a] || 0) + row[5]; if (a !== b) activity[b] = (activity[b] || 0) + row[5];
    if (a === b) return;
    var key = a < b ? a + "|" + b : b + "|" + a;
    var pair = pairs[key] || (pairs[key] = {from: a < b ? a : b, to: a < b ? b : a, count: 0, kinds: {}, phases: {}});
    pair.count += row[5];
    pair.kinds[row[2]] = (pair.kinds[row[2]] || 0) + row[5];
    pair.phases[row[3]] = (pair.phases[row[3]] || 0) + row[5];
    (pairTies[key] || (pairTies[key] = [])).push(index);
  });
  return {activity: activity, pairs: pairs, ties: ties};
}

function applyRegions() {
  var state = computeRegions();
  var nodeList = [], edgeList = [], most = {p: 1, r: 1};
  Object.keys(state.activity).forEach(function (id) { var t = id.charAt(0); most[t] = Math.max(most[t], state.activity[id]); });
  Object.keys(state.activity).forEach(function (id) {
    var count = state.activity[id], isProvince = id.charAt(0) === "p", row;
    // Sized by activity relative to the busiest of its kind on screen, so sizes still differ at any scale.
    var px = isProvince ? 6 + 24 * Math.sqrt(count / most.p) : 4 + 14 * Math.sqrt(count / most.r);
    var size = px / network.getScale();
    if (isProvince) { row = provinceRows[Number(id.slice(2))]; }
    else { var r = regionRows[Number(id.slice(2))]; row = [r[0], r[1], r[3], r[4]]; }
    fullLabel[id] = row[1];
    nodeList.push({id: id, label: "", x: row[2], y: row[3], fixed: {x: true, y: true}, physics: false, size: size,
      shape: "dot", importance: count + (isProvince ? 0 : 1e6), count: count, px: px, title: row[1] + "\n" + count + " " + UI.tieCount,
      color: {background: isProvince ? payload.regionColour : "#fde68a", border: "#1f2937", highlight: {background: payload.regionColour, border: "#111827"}},
      borderWidth: isProvince ? 2 : 1, font: {size: isProvince ? 34 : 24, strokeWidth: 5}});
    // A region map over the budget: its region stands out (and its province starts open).
    if (!isProvince && Number(id.slice(2)) === payload.focus) {
      var focused = nodeList[nodeList.length - 1];
      focused.borderWidth = 4; focused.importance += 1e6; focused.color.background = payload.regionColour;
    }
  });
  var heaviest = 1;
  Object.keys(state.pairs).forEach(function (key) { heaviest = Math.max(heaviest, state.pairs[key].count); });
  Object.keys(state.pairs).forEach(function (key) {
    var pair = state.pairs[key], best = -1, bestCount = -1;
    Object.keys(pair.kinds).forEach(function (k) { if (pair.kinds[k] > bestCount) { best = Number(k); bestCount = pair.kinds[k]; } });
    var planned = payload.phases.indexOf("planned");
    var onlyPlanned = pair.phases[planned] === pair.count;
    var summary = Object.keys(pair.kinds).map(function (k) { return payload.kinds[Number(k)][1] + ": " + pair.kinds[k]; }).join("\n");
    var weight = pair.count / heaviest;
    var linePx = 0.6 + 7 * weight;
    edgeList.push({id: key, from: pair.from, to: pair.to, width: linePx / network.getScale(), px: linePx,
      color: {color: payload.kinds[best][2], opacity: 0.2 + 0.7 * Math.sqrt(weight), highlight: "#111827"}, dashes: onlyPlanned,
      title: label(pair.from) + " – " + label(pair.to) + "\n" + pair.count + " " + UI.tieCount + "\n" + summary,
      smooth: {enabled: true, type: "curvedCW", roundness: 0.15}, arrows: {to: {enabled: false}}, count: pair.count});
  });
  nodes.clear(); edges.clear(); nodes.add(nodeList); edges.add(edgeList);
  setCounts(nodeList.length, edgeList.length, state.ties);
  declutter();
}

// An aggregated region, sector or question map says so first, and how to see the entities themselves.
function regionIntro(box) {
  box.replaceChildren();
  if (payload.note) box.appendChild(el("p", payload.note, "jj-note"));
  box.appendChild(el("p", UI.regionHint, "jj-hint"));
}

function showRegionPair(key) {
  var box = document.getElementById("jj-details"), e = key ? edges.get(key) : null;
  box.replaceChildren();
  if (!e) { regionIntro(box); return; }
  box.appendChild(el("h2", label(e.from) + " – " + label(e.to), "jj-label"));
  box.appendChild(el("div", e.count + " " + UI.tieCount, "jj-meta"));
  var rows = own(pairTies, key) || [], byKind = {};
  rows.forEach(function (i) { var row = payload.ties[i]; var k = payload.kinds[row[2]][1] + " · " + UI[payload.phases[row[3]]]; byKind[k] = (byKind[k] || 0) + row[5]; });
  box.appendChild(factsTable(Object.keys(byKind).sort().map(function (k) { return [k, String(byKind[k])]; })));
  if (payload.tieDetails) {
    box.appendChild(el("h3", UI.evidence));
    var list = el("ul", null, "jj-list jj-ties"), sources = [], seen = {};
    rows.slice(0, 60).forEach(function (i) {
      var d = payload.tieDetails[i];
      list.appendChild(el("li", d[0] + " — " + d[1] + (d[2] ? " (" + d[2] + ")" : "")));
      d[4].forEach(function (s) { if (!own(seen, s[0])) { seen[s[0]] = true; sources.push(s); } });
    });
    box.appendChild(list);
    if (sources.length) { box.appendChild(el("h3", UI.sources)); box.appendChild(sourcesList(sources)); }
  }
}

function showRegion(id) {
  var box = document.getElementById("jj-details");
  box.replaceChildren();
  var n = id ? nodes.get(id) : null;
  if (!n) { regionIntro(box); return; }
  box.appendChild(el("h2", label(id), "jj-label"));
  var meta = el("div", null, "jj-meta"); meta.appendChild(swatch("dot", payload.regionColour));
  meta.appendChild(el("span", (id.charAt(0) === "p" ? UI.province : payload.regionLabel) + " · " + n.count + " " + UI.tieCount)); box.appendChild(meta);
  var d = id.charAt(0) === "r" ? own(payload.details, regionRows[Number(id.slice(2))][0]) : null;
  if (d && d.facts.length) { box.appendChild(el("h3", UI.facts)); box.appendChild(factsTable(d.facts)); }
  var partners = edges.get({filter: function (e) { return e.from === id || e.to === id; }}).sort(function (a, b) { return b.count - a.count; });
  if (partners.length) {
    box.appendChild(el("h3", UI.ties + " (" + partners.length + ")"));
    var list = el("ul", null, "jj-list jj-ties");
    partners.slice(0, 40).forEach(function (e) { list.appendChild(el("li", label(e.from === id ? e.to : e.from) + ": " + e.count)); });
    box.appendChild(list);
  }
}

// Zooming in far enough opens the provinces in view; zooming back out folds those again.
var autoExpanded = {}, zoomTimer = null, EXPAND_SCALE = 1.2;
function zoomExpand() {
  zoomTimer = null;
  if (!payload.aggregate) return;
  var scale = network.getScale(), changed = false;
  if (scale >= EXPAND_SCALE) {
    var box = container.getBoundingClientRect();
    var ids = nodes.getIds().filter(function (id) { return id.charAt(0) === "p"; });
    var at = network.getPositions(ids);
    ids.forEach(function (id) {
      var p = network.canvasToDOM(at[id]), index = Number(id.slice(2));
      if (p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height && !expanded[index]) {
        expanded[index] = true; autoExpanded[index] = true; changed = true;
      }
    });
  } else {
    Object.keys(autoExpanded).forEach(function (index) { delete expanded[index]; changed = true; });
    autoExpanded = {};
  }
  if (changed) applyRegions();
}
function scheduleZoomExpand() { if (zoomTimer) clearTimeout(zoomTimer); zoomTimer = setTimeout(zoomExpand, 200); }

function expandProvince(p, zoom) {
  expanded[p] = true; applyRegions();
  if (zoom === false) return;
  var ids = nodes.getIds().filter(function (id) { return id.charAt(0) === "r" && regionRows[Number(id.slice(2))][2] === p; });
  if (ids.length) { network.fit({nodes: ids, animation: false, maxZoomLevel: 4}); declutter(); }
}

function startRegions() {
  document.getElementById("filter-menu").style.display = "none";
  document.getElementById("jj-size-hint").textContent = UI.width;
  if (!payload.aggregate) document.getElementById("jj-collapse").style.display = "none";
  regionRows = payload.regions; provinceRows = payload.provinces;
  if (typeof payload.focus === "number" && regionRows[payload.focus]) expanded[regionRows[payload.focus][2]] = true;
  nodes = new vis.DataSet([]); edges = new vis.DataSet([]);
  network = new vis.Network(container, {nodes: nodes, edges: edges}, payload.options);
  network.on("beforeDrawing", drawBasemap);
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (id.charAt(0) === "p") { expandProvince(Number(id.slice(2))); showRegion(null); } else { showRegion(id); }
    } else if (params.edges.length) { showRegionPair(params.edges[0]); }
    else { showRegion(null); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && params.nodes[0].charAt(0) === "r") {
      delete expanded[regionRows[Number(params.nodes[0].slice(2))][2]]; applyRegions();
    }
  });
  network.on("zoom", function () { scheduleDeclutter(); scheduleZoomExpand(); });
  document.getElementById("jj-collapse").addEventListener("click", function () { expanded = {}; autoExpanded = {}; applyRegions(); network.fit(); });
  var legend = document.getElementById("jj-legend");
  var li = el("li"); li.appendChild(swatch("dot", payload.regionColour)); li.appendChild(el("span", payload.aggregate ? UI.province : payload.regionLabel)); legend.appendChild(li);
  if (payload.aggregate) { var opened = el("li"); opened.appendChild(swatch("dot", "#fde68a")); opened.appendChild(el("span", payload.regionLabel)); legend.appendChild(opened); }
  payload.kinds.forEach(function (k) { var item = el("li"); item.appendChild(swatch("line", k[2])); item.appendChild(el("span", k[1])); legend.appendChild(item); });
  var dashed = el("li"); dashed.appendChild(swatch("line", "#6b7280", true)); dashed.appendChild(el("span", UI.dashed)); legend.appendChild(dashed);
  var options = regionRows.map(function (r, i) { return {value: String(i), text: r[1]}; });
  var finder = new TomSelect("#select-node", {options: options, maxOptions: 200, create: false, placeholder: UI.findPlaceholder,
    sortField: {field: "text", direction: "asc"}, onChange: function (value) {
      if (value === "") return;
      var i = Number(value); expandProvince(regionRows[i][2], false);
      var id = "r:" + i; if (nodes.get(id)) { network.selectNodes([id]); network.focus(id, {scale: 1.5, animation: false}); showRegion(id); }
    }});
  document.getElementById("jj-reset-select").addEventListener("click", function () { finder.clear(true); network.unselectAll(); showRegion(null); });
  setupFilters(applyRegions);
  applyRegions();
  regionIntro(document.getElementById("jj-details"));
  network.once("afterDrawing", markReady);
  network.fit();
  network.redraw();
  window.jjExpand = expandProvince;
  window.jjZoomExpand = zoomExpand;
}

uiText();
container = document.getElementById("mynetwork");
setupBasemap();
setupActions();
if (payload.mode === "regions") { startRegions(); } else { startEntities(); }
"""
