"""``kg places search`` and the rows behind ``kg regions search``.

Both print one line per result with a mark in brackets saying how it was found: hits
([code], [exact], [spelling], [alias], [cue], [cue-mismatch], [capital]) come first,
suggestions ([partial], [suggestion]) after them. Table, JSON and CSV output carry the same
mark in the ``match`` column and ``hit`` (true for hits, false for suggestions).

This module imports only click at load time; the gazetteer and the place index load inside
the commands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from kg.cli.base import KGGroup
from kg.errors import GazetteerError

if TYPE_CHECKING:
    from kg.gazetteer import Region
    from kg.places import Place, PlaceIndex

__all__ = ["places_group", "region_search_rows", "echo_search_rows", "SEARCH_COLUMNS"]

SEARCH_COLUMNS = ["name", "code", "kind", "kecamatan", "regency", "province", "iso", "aliases", "match", "hit"]

_PLACE_SUGGESTIONS = 8  # at most this many suggestions in all when neither regions nor places match

_FORMATS = click.Choice(["text", "table", "json", "csv"])


def _region_row(region: Region) -> dict[str, Any]:
    from kg.gazetteer import HIT_MATCHES, gazetteer

    province = gazetteer().get(region.province_code).name if region.province_code else ""
    return {"name": region.name, "code": region.code, "kind": region.kind, "kecamatan": "", "regency": "",
            "province": province, "iso": region.iso_code or "", "aliases": "; ".join(region.aliases),
            "match": region.match or "", "hit": region.match in HIT_MATCHES}


def _place_row(place: Place, index: PlaceIndex) -> dict[str, Any]:
    from kg.gazetteer import HIT_MATCHES, gazetteer

    regions = gazetteer()
    kecamatan = index.get(place.parent_code).label if place.kind != "kecamatan" else ""
    return {"name": place.label, "code": place.code, "kind": place.local_term or place.kind, "kecamatan": kecamatan,
            "regency": regions.get(place.regency_code).name, "province": regions.get(place.province_code).name,
            "iso": "", "aliases": "; ".join(index.aliases_of(place.code)),
            "match": place.match or "", "hit": place.match in HIT_MATCHES}


def region_search_rows(text: str, *, with_places: bool, limit: int = 20) -> tuple[list[dict[str, Any]], int]:
    """Return result rows for ``kg regions search`` and how many place hits were left out.

    Region hits come first; place hits (kecamatan, desa, kelurahan) follow when ``with_places``
    is true or no region is a hit; suggestions come last.
    """
    from kg.gazetteer import HIT_MATCHES, gazetteer
    from kg.places import places

    regions = gazetteer().search(text, limit=limit)
    region_hits = [r for r in regions if r.match in HIT_MATCHES]
    index = places()
    try:
        found = index.search(text, limit=limit)
    except GazetteerError:
        found = []  # a qualifier that names no region: the region search above already answered
    place_hits = [p for p in found if p.match in HIT_MATCHES]
    rows = [_region_row(r) for r in region_hits]
    show_places = with_places or not region_hits
    if show_places:
        rows += [_place_row(p, index) for p in place_hits]
    if not rows:
        # Nothing is a hit: regions containing the text, else close region and place names.
        rows += [_region_row(r) for r in regions]
        if all(r.match == "suggestion" for r in regions):
            suggested = [p for p in found if p.match == "suggestion"]
            rows += [_place_row(p, index) for p in suggested[: max(0, _PLACE_SUGGESTIONS - len(rows))]]
    return rows[:limit], 0 if show_places else len(place_hits)


def echo_search_rows(rows: Sequence[dict[str, Any]], fmt: str) -> None:
    """Print result rows as text lines ("Name code (details) [match]"), a table, JSON or CSV."""
    if fmt != "text":
        from kg.formatting import format_rows

        click.echo(format_rows(rows, SEARCH_COLUMNS, fmt), nl=False)
        return
    for row in rows:
        details = ", ".join(str(row[key]) for key in ("kind", "kecamatan", "regency", "province", "iso") if row[key])
        aliases = f"; aliases: {row['aliases']}" if row["aliases"] else ""
        click.echo(f"{row['name']} {row['code']} ({details}{aliases}) [{row['match']}]")


@click.group("places", cls=KGGroup)
def places_group() -> None:
    """Look up places below the regency: kecamatan, desa and kelurahan (Kemendagri list)."""


@places_group.command("search")
@click.argument("text")
@click.option("--within", help="A region or kecamatan code (35.72, 32.08.19) or a region name.")
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True, help="At most this many results.")
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True, help="Output format.")
def places_search(text: str, within: str | None, limit: int, fmt: str) -> None:
    """Print the kecamatan, desa and kelurahan TEXT may name, hits first, then suggestions.

    TEXT is a name with an optional kind word and qualifiers, or a code.

    Example: kg places search "Desa Paniis, Kecamatan Pasawahan, Kabupaten Kuningan"
    """
    from kg.places import places

    index = places()
    found = index.search(text, within=within, limit=limit)
    if not found:
        where = f" inside {within}" if within else ""
        raise GazetteerError(f"no kecamatan, desa or kelurahan matches {text!r}{where}")
    echo_search_rows([_place_row(p, index) for p in found], fmt)
