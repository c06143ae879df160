"""The offline basemap: Indonesia's provinces and its neighbours' coasts, and where maps put them.

The shapes are Natural Earth's (public domain), simplified once by ``tools/make_basemap.py``
into ``data/basemap/indonesia.geojson`` (a few hundred kilobytes, licence noted in the file).
Maps embed them as they are: the browser and matplotlib project longitude and latitude with
:func:`geo_position`, the same equirectangular projection that places regions, so outlines and
nodes share one coordinate system (canvas pixels, y down).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.errors import KGError
from kg.resources import project_data_dir

__all__ = ["GEO_SCALE", "GEO_CENTRE", "Basemap", "basemap", "geo_position", "draw_basemap"]

GEO_SCALE = 60.0  # canvas pixels per degree of latitude/longitude
GEO_CENTRE = (-2.5, 118.0)  # roughly the middle of Indonesia
BASEMAP_FILE = ("basemap", "indonesia.geojson")
PROVINCE_FILL, NEIGHBOUR_FILL, WATER, OUTLINE = "#eef2e6", "#f1f1f1", "#e8f1f8", "#a3a3a3"


def geo_position(latitude: float, longitude: float) -> tuple[float, float]:
    """Return the canvas position (pixels, y down) of a latitude and longitude.

    >>> geo_position(-2.5, 118.0)
    (0.0, -0.0)
    """
    return ((longitude - GEO_CENTRE[1]) * GEO_SCALE, -(latitude - GEO_CENTRE[0]) * GEO_SCALE)


@dataclass(frozen=True)
class Basemap:
    """The shapes (a GeoJSON FeatureCollection), their licence and the window to show."""

    features: list[dict[str, Any]]
    licence: str
    bounds: tuple[float, float, float, float]  # west, south, east, north

    def provinces(self) -> dict[str, dict[str, Any]]:
        """Return the province features by ISO 3166-2 code (``ID-JT``)."""
        return {f["properties"]["iso"]: f for f in self.features if f["properties"]["kind"] == "province"}

    def payload(self) -> dict[str, Any]:
        """Return what a page needs to draw the basemap (shapes, projection, colours)."""
        return {"features": self.features, "licence": self.licence, "scale": GEO_SCALE, "centre": list(GEO_CENTRE),
                "bounds": list(self.bounds),
                "colours": {"province": PROVINCE_FILL, "neighbour": NEIGHBOUR_FILL, "water": WATER, "outline": OUTLINE}}


@cache
def basemap() -> Basemap:
    """Return the shipped basemap.

    Raises:
        KGError: The basemap file is missing or not GeoJSON (a broken installation).
    """
    path = project_data_dir().joinpath(*BASEMAP_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Basemap(features=list(data["features"]), licence=str(data["licence"]),
                       bounds=(float(data["bounds"][0]), float(data["bounds"][1]), float(data["bounds"][2]), float(data["bounds"][3])))
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise KGError(f"{path}: the basemap cannot be read ({exc}); reinstall the package or run tools/make_basemap.py") from exc


def draw_basemap(axes: Any, *, y_down: bool = True) -> None:
    """Draw the provinces and neighbouring coasts on matplotlib ``axes`` under everything else.

    Coordinates are canvas positions from :func:`geo_position`; with ``y_down`` (the default)
    y is negated, as the maps' PNGs plot ``-y``.
    """
    from matplotlib.collections import PolyCollection

    sign = -1.0 if y_down else 1.0
    for kind, fill, zorder in (("neighbour", NEIGHBOUR_FILL, 0.1), ("province", PROVINCE_FILL, 0.2)):
        rings = []
        for feature in basemap().features:
            if feature["properties"]["kind"] != kind:
                continue
            for polygon in feature["geometry"]["coordinates"]:
                x_y = [geo_position(lat, lon) for lon, lat in polygon[0]]
                rings.append([(x, sign * y) for x, y in x_y])
        axes.add_collection(PolyCollection(rings, facecolors=fill, edgecolors=OUTLINE, linewidths=0.4, zorder=zorder))
    axes.set_facecolor(WATER)
