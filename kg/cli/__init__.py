"""The ``kg`` command line: a thin layer over the library.

Every command parses options, calls one ``kg`` function and prints or writes. User errors
(``KGError``) become a one-line message and an exit code, never a traceback: 1 for bad data,
2 for bad usage or parameters. One module per command family; shared options live in
:mod:`kg.cli.options`. Command modules import only click at module level: the library loads
inside the commands, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import click

from kg.cli.base import KGGroup
from kg.cli.describe import describe_command
from kg.cli.graph import build, export, validate
from kg.cli.maps import map_group
from kg.cli.mirror import cypher_command, generate_command, neo4j_group
from kg.cli.places import places_group
from kg.cli.questions import ask, questions, sparql
from kg.cli.regions import regions
from kg.cli.serve import serve_command
from kg.cli.vocab import vocab_command

__all__ = ["main", "cli", "KGGroup"]


@click.group(cls=KGGroup)
@click.version_option(package_name="jejaring")
def cli() -> None:
    """Jejaring: a knowledge graph of Indonesia's inter-regional cooperation.

    Example: kg build && kg ask delegations-visiting --param region=Pontianak
    """


for command in (build, validate, export, questions, ask, sparql, regions, places_group, describe_command,
                cypher_command, neo4j_group, generate_command, map_group, serve_command, vocab_command):
    cli.add_command(command)


def main() -> None:
    """Run the ``kg`` command line."""
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
