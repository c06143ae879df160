"""``kg serve``: a read-only SPARQL endpoint over the build (the Oxigraph server)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.errors import KGError

__all__ = ["serve_command"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the loopback default unless others should reach the graph.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="TCP port.")
@click.option("--timeout", "timeout_s", type=click.IntRange(1), default=30, show_default=True,
              help="Seconds after which a query is stopped.")
@click.option("--build-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder of the built graph.")
def serve_command(host: str, port: int, timeout_s: int, build_dir: Path) -> None:
    """Serve the built graph read-only over the SPARQL 1.1 Protocol until stopped (Ctrl-C).

    Queries go to http://HOST:PORT/query (GET or POST); results come as SPARQL JSON, XML, CSV
    or TSV, and CONSTRUCT/DESCRIBE as Turtle or N-Triples, by the Accept header. Updates are
    refused. The default graph is the union of the sources' graphs.

    Example: kg serve --port 7878 & curl -H 'Accept: text/csv' --data-urlencode
    'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    from kg.serve import plan_server, serve

    try:
        plan = plan_server(build_dir, host=host, port=port, timeout_s=timeout_s)
        click.echo(f"serving {plan.store} read-only at {plan.url} (Ctrl-C stops)", err=True)
        serve(plan)
    except KGError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
