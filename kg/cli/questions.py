"""``kg questions``, ``kg ask`` and ``kg sparql``: the catalog and ad-hoc SPARQL."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from kg.cli.options import build_dir_option, format_option, param_option

__all__ = ["questions", "ask", "sparql", "emit_rows"]


def emit_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *, width: int | None = None) -> None:
    """Print rows as a table, JSON or CSV."""
    from kg.formatting import format_rows

    click.echo(format_rows(rows, columns, fmt, width=width), nl=False)


@click.command()
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
    emit_rows(rows, ["name", "title", "judul", "parameters", "engine"], fmt)


@click.command()
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
@click.option("--live", is_flag=True, help="Evaluate the question's text (SPARQL, or Cypher on the embedded database) even "
                                           "when the build stores the answer (a question asked without parameters, or "
                                           "sector-ties with only its sector).")
@build_dir_option
def ask(name: str, params: tuple[tuple[str, Any], ...], fmt: str, engine: str | None, neo4j_uri: str | None,
        database: str | None, wide: bool, live: bool, build_dir: Path) -> None:
    """Answer catalog question NAME on the built graph (read-only; run kg build first).

    Example: kg ask delegations-visiting --param region=Pontianak --engine cypher
    """
    from kg.answering import answer_question
    from kg.cli.options import params_dict

    answer = answer_question(build_dir, name, params_dict(params), engine=engine,  # type: ignore[arg-type]
                             neo4j_uri=neo4j_uri, database=database, live=live)
    from kg.formatting import TABLE_WIDTH

    emit_rows(answer.rows, answer.columns, fmt, width=None if wide else TABLE_WIDTH)


@click.command()
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
    emit_rows(answer.rows, answer.columns, fmt or "table")
