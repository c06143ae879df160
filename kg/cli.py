"""The ``kg`` command line: a thin layer over the library.

Every command parses options, calls one ``kg`` function and prints or writes. User errors
(``KGError``) become a one-line message and an exit code, never a traceback: 1 for bad data,
2 for bad usage or parameters.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from kg.cli_base import KGGroup
from kg.cli_options import DEFAULT_BUILD_DIR, build_dir_option, format_option, param_option
from kg.errors import KGError

__all__ = ["main", "cli"]


def _emit_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *, width: int | None = None) -> None:
    from kg.formatting import format_rows

    click.echo(format_rows(rows, columns, fmt, width=width), nl=False)


records_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


@click.group(cls=KGGroup)
@click.version_option(package_name="jejaring")
def cli() -> None:
    """Jejaring: a knowledge graph of Indonesia's inter-regional cooperation.

    Example: kg build && kg ask delegations-visiting --param region=Pontianak
    """


@cli.command()
@records_argument
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_BUILD_DIR,
              show_default=True, help="Output folder.")
@click.option("--no-embedded", is_flag=True, help="Skip the embedded Cypher database (jejaring.lbug).")
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL check (only for generated data known to be valid).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def build(paths: tuple[Path, ...], output: Path, no_embedded: bool, no_shacl: bool, fmt: str) -> None:
    """Build the graph from records (default: the seed records) into OUTPUT, all or nothing.

    Checks every record and the SHACL shapes first (exit 1, nothing written, on any
    problem), then writes the Oxigraph store that read commands open, the TriG dataset,
    the merged Turtle, stats.json, the embedded Cypher database (LadybugDB, no server
    needed) and manifest.json into a fresh folder and swaps it in: an interrupted build
    leaves the previous one whole.

    Example: kg build data/records -o build
    """
    from kg.build import build_outputs

    result = build_outputs(list(paths) or None, output, embedded=not no_embedded, shacl=not no_shacl)
    for warning in result.warnings:
        click.echo(warning, err=True)
    if fmt == "json":
        click.echo(json.dumps(result.stats, indent=2, ensure_ascii=False))
        return
    click.echo(f"quads\t{result.stats['quads']}")
    click.echo(f"named graphs\t{result.stats['named_graphs']}")
    click.echo(f"news sources\t{result.stats['news_sources']}")
    for name, count in result.stats["classes"].items():  # type: ignore[attr-defined]
        click.echo(f"{name}\t{count}")
    for path in result.files:
        click.echo(f"wrote {path}", err=True)


@cli.command()
@records_argument
def validate(paths: tuple[Path, ...]) -> None:
    """Validate records (schema, references, SHACL) in one run; exit 1 on any problem.

    Every problem of every file is printed as file:line: message; warnings do not fail.

    Example: kg validate data/records
    """
    from kg.build import default_record_paths
    from kg.errors import ValidationFailed
    from kg.validation import validate_records

    report = validate_records(list(paths) or default_record_paths())
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise ValidationFailed(f"{len(report.problems)} record problem(s), {len(report.violations)} SHACL violation(s)"
                               f" in {report.files} file(s)")
    click.echo(f"conforms: {report.files} record file(s), records and SHACL shapes agree"
               f"{f'; {len(report.warnings)} warning(s)' if report.warnings else ''}", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "trig", "nt", "nq", "jsonld"]), default="ttl",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (atomically); stdout when omitted or '-'.")
@build_dir_option
def export(fmt: str, output: Path | None, build_dir: Path) -> None:
    """Export the built graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD.

    Example: kg export --format ttl -o jejaring.ttl
    """
    from kg.build import open_build
    from kg.dataset import atomic_write

    data = open_build(build_dir).serialize(fmt)  # type: ignore[arg-type]
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
    else:
        atomic_write(output, data)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@format_option
def questions(fmt: str) -> None:
    """List the question catalog: name, title and parameters.

    Example: kg questions --format json
    """
    from kg.questions import catalog

    rows = [{
        "name": q.name,
        "title": q.title.get("en", ""),
        "judul": q.title.get("id", ""),
        "parameters": ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in q.parameters),
        "engine": q.engine,
    } for q in catalog().values()]
    _emit_rows(rows, ["name", "title", "judul", "parameters", "engine"], fmt)


@cli.command()
@click.argument("name")
@param_option
@format_option
@click.option("--engine", type=click.Choice(["sparql", "cypher"]), default=None,
              help="sparql (default): the question's SPARQL over the RDF graph; cypher: its Cypher text "
                   "(queries/NAME.cypher) on the embedded database, or on Neo4j with --neo4j. "
                   "Graph-analytics questions run in networkx either way.")
@click.option("--neo4j", "neo4j_uri", default=None, metavar="URI",
              help="Answer on Neo4j (neo4j://, neo4j+s://, bolt://; implies --engine cypher); "
                   "credentials from NEO4J_USER / NEO4J_PASSWORD.")
@click.option("--database", default=None, help="Neo4j database name (server default when omitted).")
@click.option("--wide", is_flag=True, help="Table: print every column in full (by default it fits 100 columns, "
                                           "leaving out IRI columns and cutting long cells).")
@build_dir_option
def ask(name: str, params: tuple[tuple[str, Any], ...], fmt: str, engine: str | None, neo4j_uri: str | None,
        database: str | None, wide: bool, build_dir: Path) -> None:
    """Answer catalog question NAME on the built graph (read-only; run kg build first).

    Example: kg ask delegations-visiting --param region=Pontianak --engine cypher
    """
    from kg.cli_options import params_dict
    from kg.questions import get_question

    given = params_dict(params)
    get_question(name)  # fail fast on an unknown name, before building
    engine = engine or ("cypher" if neo4j_uri else "sparql")
    if engine == "sparql" and neo4j_uri:
        raise click.UsageError("--neo4j runs the Cypher text: use it with --engine cypher")
    from kg.build import open_build

    if engine == "cypher":
        from kg.cypher_questions import run_question_cypher

        if neo4j_uri:
            answer = run_question_cypher(build_dir, name, given, neo4j_uri=neo4j_uri, database=database)
        else:
            build = open_build(build_dir)
            answer = run_question_cypher(build.embedded_path, name, given, graph=build)
    else:
        from kg.questions import ask as ask_question

        answer = ask_question(open_build(build_dir), name, **given)
    from kg.formatting import TABLE_WIDTH

    _emit_rows(answer.rows, answer.columns, fmt, width=None if wide else TABLE_WIDTH)


@cli.command()
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "ttl", "nt", "jsonld"]), default=None,
              help="SELECT: table (default), json, csv; CONSTRUCT/DESCRIBE: ttl (default), nt, jsonld "
                   "(or their triples as table/json/csv); ASK prints true or false.")
@click.option("--prefixes", "show_prefixes", is_flag=True,
              help="Print the predeclared prefixes as PREFIX lines and exit.")
@build_dir_option
def sparql(query: str | None, fmt: str | None, show_prefixes: bool, build_dir: Path) -> None:
    """Run read-only SPARQL 1.1 (text or a file) on the built graph; SERVICE and updates are refused.

    The project's prefixes (jj:, region:, person:, … see --prefixes) are predeclared; a PREFIX
    the query declares itself wins.

    Example: kg sparql "SELECT (COUNT(*) AS ?n) WHERE { ?a a jj:Agreement }"
    """
    from kg.sparql import GRAPH_FORMATS, prefix_lines

    if show_prefixes:
        click.echo(prefix_lines(), nl=False)
        return
    if query is None:
        raise click.UsageError("give a QUERY (text or a file), or --prefixes")
    from kg.build import open_build
    from kg.sparql import answer_sparql, check_read_only, serialize_triples, with_prefixes

    path = Path(query)
    text = path.read_text(encoding="utf-8") if len(query) < 4096 and path.is_file() else query
    check_read_only(with_prefixes(text))
    answer = answer_sparql(open_build(build_dir), text)
    if answer.kind == "graph" and (fmt is None or fmt in GRAPH_FORMATS):
        sys.stdout.buffer.write(serialize_triples(answer.triples, fmt or "ttl"))
        return
    if fmt in GRAPH_FORMATS:
        raise click.UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; this query answers rows")
    if answer.kind == "ask" and fmt in (None, "table"):
        click.echo("true" if answer.boolean else "false")
        return
    _emit_rows(answer.rows, answer.columns, fmt or "table")


@cli.group(cls=KGGroup)
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
    from kg.cli_places import echo_search_rows, region_search_rows

    rows, hidden_places = region_search_rows(text, with_places=with_places)
    if not rows:
        raise KGError(f"no region or place matches {text!r}")
    echo_search_rows(rows, fmt)
    if hidden_places:
        click.echo(f"({hidden_places} kecamatan/desa/kelurahan also named so: add --places)", err=True)


def _register_mirror_commands() -> None:
    # kg.cli_mirror imports only click at module level; the drivers load inside the commands
    from kg.cli_mirror import cypher_command, generate_command, neo4j_group

    cli.add_command(cypher_command)    # kg cypher
    cli.add_command(neo4j_group)       # kg neo4j push|bulk|script
    cli.add_command(generate_command)  # kg generate


def _register_map_commands() -> None:
    from kg.cli_maps import map_group

    cli.add_command(map_group)         # kg map region|question|sector|network


_register_mirror_commands()
_register_map_commands()
from kg.cli_places import places_group  # noqa: E402  (imports only click)
cli.add_command(places_group)      # kg places search
cli.add_command(__import__("kg.cli_serve", fromlist=["serve_command"]).serve_command)  # kg serve
cli.add_command(__import__("kg.cli_vocab", fromlist=["vocab_command"]).vocab_command)  # kg vocab
cli.add_command(__import__("kg.cli_describe", fromlist=["describe_command"]).describe_command)  # kg describe


def main() -> None:
    """Run the ``kg`` command line."""
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
