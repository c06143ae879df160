"""Options every ``kg`` command shares, defined once: ``--build-dir``, ``--format``, ``--param``.

Only ``click`` is imported here, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

__all__ = ["DEFAULT_BUILD_DIR", "build_dir_option", "format_option", "param_option", "ParamType",
           "parse_params", "params_dict"]

DEFAULT_BUILD_DIR = Path("build")


def _bool(text: str) -> bool:
    return {"true": True, "false": False}[text.lower()]


_TYPES: dict[str, Callable[[str], Any]] = {"str": str, "int": int, "float": float, "date": dt.date.fromisoformat,
                                           "bool": _bool}


def parse_param(item: str) -> tuple[str, Any]:
    """Parse one ``KEY=VALUE`` or ``KEY:TYPE=VALUE`` item (TYPE: str, int, float, date, bool).

    >>> parse_param("region=Pontianak")
    ('region', 'Pontianak')
    >>> parse_param("since:date=2025-01-01")
    ('since', datetime.date(2025, 1, 1))

    Raises:
        ValueError: With what was expected.
    """
    key, sep, value = item.partition("=")
    key, _, type_name = key.strip().partition(":")
    if not sep or not key:
        raise ValueError(f"{item!r}: expected KEY=VALUE or KEY:TYPE=VALUE")
    convert = _TYPES.get(type_name or "str")
    if convert is None:
        raise ValueError(f"{item!r}: unknown type {type_name!r}; expected one of {', '.join(_TYPES)}")
    try:
        return key, convert(value)
    except (ValueError, KeyError):
        raise ValueError(f"{item!r}: {value!r} is not a {type_name}") from None


class ParamType(click.ParamType):  # type: ignore[type-arg]
    """The ``--param`` value type: ``KEY=VALUE`` or ``KEY:TYPE=VALUE``, a (key, value) pair."""

    name = "KEY[:TYPE]=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, Any]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_param(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def params_dict(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Return the ``--param`` pairs as a dict (a later key wins)."""
    return dict(pairs)


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """Parse ``KEY[:TYPE]=VALUE`` items into a dict.

    >>> parse_params(["region=Pontianak", "since:date=2025-01-01", "n:int=3"])
    {'region': 'Pontianak', 'since': datetime.date(2025, 1, 1), 'n': 3}

    Raises:
        QueryError: An item has no ``=``, an unknown type or a value of the wrong type.
    """
    from kg.errors import QueryError

    try:
        return dict(parse_param(item) for item in items)
    except ValueError as exc:
        raise QueryError(f"--param {exc}") from None


build_dir_option = click.option(
    "--build-dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_BUILD_DIR,
    show_default=True, help="Folder of the built graph (written by kg build; read-only here).",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
    help="Output format.",
)
param_option = click.option(
    "--param", "-p", "params", multiple=True, type=ParamType(),
    help="A parameter KEY=VALUE (or KEY:TYPE=VALUE, TYPE str, int, float, date, bool); repeat for several.",
)
