"""``kg map …``: interactive network maps (one offline HTML file) and static PNGs.

Register with ``cli.add_command(map_group)``. Every command writes the HTML map to ``-o``
(``-`` for stdout), optionally a PNG (``--png``), and reports what it wrote on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.cli.base import KGGroup
from kg.cli.options import build_dir_option, param_option, params_dict

__all__ = ["map_group"]


def _map_options(default_name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path(default_name),
                         show_default=True, help="HTML file to write ('-' for stdout)."),
            click.option("--png", type=click.Path(dir_okay=False, path_type=Path), default=None,
                         help="Also draw a static PNG (no browser needed)."),
            click.option("--geo", is_flag=True, help="Place regions by latitude and longitude over a map of Indonesia."),
            click.option("--lang", "language", type=click.Choice(["id", "en"]), default="id", show_default=True,
                         help="Language of the labels and of the page."),
            build_dir_option,
        ]
        for option in reversed(options):
            function = option(function)
        return function
    return decorate


def _write(map_graph: Any, output: Path, png: Path | None, geo: bool, language: str) -> None:
    from kg.maps import render_html, write_map

    to_stdout = str(output) == "-"
    result = write_map(map_graph.graph, None if to_stdout else output, title=map_graph.title, png=png, geo=geo,
                       language=language)
    if to_stdout:
        sys.stdout.write(render_html(map_graph.graph, title=map_graph.title, geo=geo, language=language))
    written = ", ".join(str(p) for p in (result.html, result.png) if p is not None) or "stdout"
    click.echo(f"{map_graph.title}: {result.nodes} nodes, {result.edges} ties → {written}", err=True)


def _draw(build_dir: Path, make: Callable[[Any], Any], output: Path, png: Path | None, geo: bool, language: str) -> None:
    """Open the build, make the map with ``make`` and write it, the garbage collector paused
    (a command makes millions of objects and no cycles: the collector would take half its time)."""
    import gc

    from kg.build import open_build

    gc.disable()
    try:
        _write(make(open_build(build_dir)), output, png, geo, language)
    finally:
        gc.enable()


@click.group("map", cls=KGGroup)
def map_group() -> None:
    """Draw network maps planners can open offline: one HTML file, or a PNG.

    Example: kg map region Pontianak -o pontianak.html --png pontianak.png
    """


@map_group.command("region")
@click.argument("region")
@click.option("--hops", type=click.IntRange(1, 6), default=3, show_default=True, help="How many ties away to go.")
@_map_options("region-map.html")
def region_command(region: str, hops: int, output: Path, png: Path | None, geo: bool, language: str,
                   build_dir: Path) -> None:
    """Map a region's neighbourhood: its events, delegations, partners, people, sources.

    REGION is a name, alias or code ("Pontianak", "Kotim", "61.71"). Above 300 nodes the
    map shows the region's ties with its partner regions instead (by province when there
    are many); fewer --hops, or a sector or question map, show the entities themselves.

    Example: kg map region Pontianak --hops 3 -o pontianak.html
    """
    from kg.maps import region_map

    _draw(build_dir, lambda graph: region_map(graph, region, hops=hops, language=language), output, png, geo, language)


@map_group.command("question")
@click.argument("name")
@param_option
@click.option("--hops", type=click.IntRange(0, 4), default=2, show_default=True, help="Context around the answer.")
@_map_options("question-map.html")
def question_command(name: str, params: tuple[tuple[str, Any], ...], hops: int, output: Path, png: Path | None, geo: bool,
                     language: str, build_dir: Path) -> None:
    """Map the entities behind a catalog question's answer.

    Above 300 nodes the map shows the regions the answer's ties join (by province when there
    are many; click one to open it) and says how to see the entities themselves.

    Example: kg map question delegations-visiting --param region=Pontianak -o visits.html
    """
    from kg.maps import question_map

    values = params_dict(params)
    _draw(build_dir, lambda graph: question_map(graph, name, values, hops=hops, language=language), output, png, geo,
          language)


@map_group.command("sector")
@click.argument("sector")
@_map_options("sector-map.html")
def sector_command(sector: str, output: Path, png: Path | None, geo: bool, language: str, build_dir: Path) -> None:
    """Map everything about a sector (or a narrower one) and the regions involved.

    SECTOR is an id from ontology/sectors.ttl, e.g. batik, umkm, kerajinan. Above 300 nodes
    the map shows the regions the ties of those entities join (by province when there are
    many; click one to open it).

    Example: kg map sector batik --geo -o batik.html
    """
    from kg.maps import sector_map

    _draw(build_dir, lambda graph: sector_map(graph, sector, language=language), output, png, geo, language)


@map_group.command("network")
@_map_options("network-map.html")
def network_command(output: Path, png: Path | None, geo: bool, language: str, build_dir: Path) -> None:
    """Map the whole region-to-region cooperation network.

    Above 300 regions the map shows provinces (sized by their ties); click one to open it.
    A time slider and a status filter (signed and held by default) redraw the map.

    Example: kg map network --geo -o network.html --png network.png
    """
    from kg.maps import network_map

    _draw(build_dir, lambda graph: network_map(graph, language=language), output, png, geo, language)
