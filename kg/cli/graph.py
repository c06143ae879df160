"""``kg build``, ``kg validate`` and ``kg export``: the commands that make and write the graph."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.options import DEFAULT_BUILD_DIR, build_dir_option

__all__ = ["build", "validate", "export"]

records_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


@click.command()
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


@click.command()
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


@click.command()
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
