"""CLI commands of the property-graph mirror: ``kg cypher``, ``kg neo4j push|bulk|script``, ``kg generate``.

Thin click layers over :mod:`kg.embedded`, :mod:`kg.sync`, :mod:`kg.neo4j_export` and
:mod:`kg.generator`; ``kg.cli`` registers them. Library errors (``KGError``) are turned into
messages and exit codes by ``kg.cli.KGGroup``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.cli.base import KGGroup
from kg.cli.options import DEFAULT_BUILD_DIR, build_dir_option, param_option, params_dict, parse_params
from kg.errors import QueryError

__all__ = ["cypher_command", "neo4j_group", "generate_command", "parse_params", "cypher_text", "run_query"]

database_option = click.option("--database", default=None, help="Neo4j database name (server default when omitted).")


def cypher_text(query_or_file: str) -> str:
    """Return the query text: the argument itself, a ``.cypher`` file's content, or stdin for ``-``."""
    if query_or_file == "-":
        return sys.stdin.read()
    path = Path(query_or_file)
    if query_or_file.endswith(".cypher") or (len(query_or_file) < 4096 and "\n" not in query_or_file and path.is_file()):
        if not path.is_file():
            raise QueryError(f"no such Cypher file: {path}")
        return path.read_text(encoding="utf-8")
    return query_or_file


def run_query(text: str, params: dict[str, Any], *, neo4j_uri: str | None = None, database: str | None = None,
              build_dir: Path = DEFAULT_BUILD_DIR) -> tuple[list[str], list[list[Any]]]:
    """Run a read-only Cypher query on the embedded database or, with ``neo4j_uri``, on Neo4j."""
    if neo4j_uri:
        from kg.sync import Neo4jExecutor

        executor = Neo4jExecutor(neo4j_uri, database=database)
        try:
            return executor.fetch(text, params)
        finally:
            executor.close()
    from kg.build import open_build
    from kg.cypher_guard import bind_parameters, check_read_only
    from kg.embedded import run_cypher

    bind_parameters(check_read_only(text), params)  # a refused statement or missing $param: before the build
    return run_cypher(open_build(build_dir).embedded_path, text, params)


@click.command("cypher")
@click.argument("query_or_file")
@param_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--neo4j", "neo4j_uri", default=None, metavar="URI",
              help="Run on Neo4j (neo4j://, neo4j+s://, bolt://) instead of the embedded database; "
                   "credentials from NEO4J_USER / NEO4J_PASSWORD.")
@database_option
@build_dir_option
def cypher_command(query_or_file: str, params: tuple[tuple[str, Any], ...], fmt: str, neo4j_uri: str | None,
                   database: str | None, build_dir: Path) -> None:
    """Run a read-only Cypher query (text, a .cypher file, or - for stdin).

    Runs on the embedded LadybugDB database of the build in BUILD_DIR (read-only; run kg
    build first), or on Neo4j with --neo4j. Parameters are bound as $KEY; a $KEY the query
    uses needs a value. Only reading statements run: writes, COPY, LOAD, INSTALL, ATTACH,
    CHECKPOINT and settings are refused (exit 2). Dialect differences: docs/cypher.md.

    Example: kg cypher "MATCH (r:Region) RETURN count(r) AS n"
    """
    from kg.formatting import format_rows

    columns, rows = run_query(cypher_text(query_or_file), params_dict(params), neo4j_uri=neo4j_uri,
                              database=database, build_dir=build_dir)
    click.echo(format_rows([dict(zip(columns, row)) for row in rows], columns, fmt), nl=False)


@click.group("neo4j", cls=KGGroup)
def neo4j_group() -> None:
    """Mirror the graph into Neo4j: live push, bulk-import CSV, or a cypher-shell script.

    Example: kg neo4j push --uri neo4j://localhost:7687
    """


@neo4j_group.command("push")
@click.option("--uri", envvar="NEO4J_URI", required=True, show_envvar=True,
              help="Neo4j URI; neo4j:// routing URIs work for clusters and Aura.")
@database_option
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True, help="Rows per statement.")
@click.option("--prune/--no-prune", default=True, show_default=True, help="Delete what the dataset no longer has.")
@build_dir_option
def neo4j_push(uri: str, database: str | None, batch_size: int, prune: bool, build_dir: Path) -> None:
    """Sync the graph into Neo4j: constraints, batched MERGE upserts, pruning; prints counts.

    Idempotent: a second run changes nothing. User and password come from NEO4J_USER and
    NEO4J_PASSWORD.

    Example: NEO4J_PASSWORD=secret kg neo4j push --uri neo4j://localhost:7687 --database neo4j
    """
    from kg.build import open_build
    from kg.projection import project
    from kg.sync import Neo4jExecutor, plan, sync

    graph = project(open_build(build_dir))
    batches = plan(graph, batch_size=batch_size, prune=prune)
    executor = Neo4jExecutor(uri, database=database)
    try:
        with click.progressbar(length=len(batches), label="Pushing to Neo4j", file=sys.stderr) as bar:
            report = sync(batches, executor, graph.mapping, progress=lambda _batch: bar.update(1))
    finally:
        executor.close()
    click.echo(f"wrote {report.nodes} nodes and {report.relationships} relationships in {report.batches} batches",
               err=True)
    for name, count in {**report.node_counts, **report.relationship_counts}.items():
        click.echo(f"{name}\t{count}")


@neo4j_group.command("bulk")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the CSV files.")
@click.option("--database", default="neo4j", show_default=True, help="Database the import command targets.")
@build_dir_option
def neo4j_bulk(output: Path, database: str, build_dir: Path) -> None:
    """Write CSV files for neo4j-admin database import full and print the command.

    Example: kg neo4j bulk -o bulk-out
    """
    from kg.build import open_build
    from kg.neo4j_export import write_bulk
    from kg.projection import project

    export = write_bulk(project(open_build(build_dir)), output, database=database)
    click.echo(f"wrote {len(export.node_files) + len(export.relationship_files)} files to {output}", err=True)
    click.echo(export.command)


@neo4j_group.command("script")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Script file to write ('-' for stdout).")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True, help="Rows per statement.")
@build_dir_option
def neo4j_script(output: Path, batch_size: int, build_dir: Path) -> None:
    """Write a cypher-shell script (constraints, upserts, pruning) that mirrors the graph.

    Example: kg neo4j script -o jejaring.cypher && cypher-shell -f jejaring.cypher
    """
    from kg.build import open_build
    from kg.neo4j_export import script_text, write_script
    from kg.projection import project

    graph = project(open_build(build_dir))
    if str(output) == "-":
        click.echo(script_text(graph, batch_size=batch_size), nl=False)
        return
    write_script(graph, output, batch_size=batch_size)
    click.echo(f"wrote {output}", err=True)


@click.command("generate")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the generated YAML records.")
@click.option("-n", "--count", type=click.IntRange(1), default=5000, show_default=True, help="Number of records.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same files).")
def generate_command(output: Path, count: int, seed: int) -> None:
    """Write COUNT realistic, valid, seeded records across the 552 regions (for tests and scale).

    Example: kg generate -o build/generated -n 5000 --seed 1 && kg build build/generated -o build/big
    """
    from kg.generator import write_records

    paths = write_records(output, count=count, seed=seed)
    click.echo(f"wrote {len(paths)} records to {output}", err=True)
