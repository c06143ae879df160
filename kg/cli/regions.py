"""``kg regions search``: the gazetteer of official regions."""

from __future__ import annotations

import click

from kg.cli.base import KGGroup
from kg.errors import KGError

__all__ = ["regions"]


@click.group(cls=KGGroup)
def regions() -> None:
    """Look up official regions (the gazetteer)."""


@regions.command("search")
@click.argument("text")
@click.option("--places/--no-places", "with_places", default=False,
              help="Also list kecamatan, desa and kelurahan of that name (always when no region matches).")
@click.option("--format", "fmt", type=click.Choice(["text", "table", "json", "csv"]), default="text",
              show_default=True, help="Output format.")
def regions_search(text: str, with_places: bool, fmt: str) -> None:
    """Print the regions TEXT may name: a name, alias, code or a name after a title or office.

    One line per result: name, Kemendagri code, kind, province, aliases, and in brackets how
    it was found. Hits ([exact], [alias], [cue] …) come first, suggestions ([partial],
    [suggestion]) last; JSON, CSV and table output carry it in the match and hit columns.

    Example: kg regions search "Plt Bupati Bogor"
    """
    from kg.cli.places import echo_search_rows, region_search_rows

    rows, hidden_places = region_search_rows(text, with_places=with_places)
    if not rows:
        raise KGError(f"no region or place matches {text!r}")
    echo_search_rows(rows, fmt)
    if hidden_places:
        click.echo(f"({hidden_places} kecamatan/desa/kelurahan also named so: add --places)", err=True)
