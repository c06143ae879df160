"""What every ``kg`` command group shares: user errors become a message and an exit code."""

from __future__ import annotations

from typing import Any

import click

from kg.errors import KGError

__all__ = ["KGGroup"]


class KGGroup(click.Group):
    """A click group that turns library errors into clean messages and exit codes.

    ``KGError`` becomes ``Error: …`` on stderr and its exit code (1 for bad data, 2 for bad
    usage), never a traceback. A group callback cannot do this: it runs before the subcommand.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
