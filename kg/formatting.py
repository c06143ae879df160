"""Render result rows as an aligned table, JSON or CSV.

A table can be fitted to a width (``kg ask`` fits 100 columns unless ``--wide``): columns whose
every value is empty or an IRI are left out (JSON and CSV keep them; a footer names them), and
the widest cells are cut with an ellipsis until the lines fit.

>>> print(format_rows([{"a": "x" * 30, "b": "y"}], ["a", "b"], "table", width=20), end="")
a                  b
-----------------  -
xxxxxxxxxxxxxxxx…  y
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["format_rows", "plain_value", "TABLE_WIDTH"]

TABLE_WIDTH = 100
"""The width ``kg ask`` fits its tables to by default."""
_MIN_COLUMN = 6
_GAP = 2


def plain_value(value: Any) -> Any:
    """Return ``value`` as a JSON-friendly Python value (dates as ISO text)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    return value


def _json_value(value: Any) -> Any:
    """What ``json`` writes for a value it has no type for: a date as ISO text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _cell(value: Any) -> str:
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://")) and " " not in text


def _fit(table: list[list[str]], width: int) -> list[int]:
    """Column widths that make the table at most ``width`` wide, narrowing the widest first.

    A column narrows down to its header (and at least a few characters); the caller leaves
    out the last columns while even that is too wide.
    """
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    floor = [max(_MIN_COLUMN, len(h)) for h in table[0]]
    while _too_wide(widths, width):
        narrowable = [i for i in range(len(widths)) if widths[i] > floor[i]]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: widths[i] - floor[i])
        widths[widest] -= 1
    return widths


def _too_wide(widths: list[int], width: int) -> bool:
    return sum(widths) + _GAP * (len(widths) - 1) > width


def _cut(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[:width - 1] + "…"


def format_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *, width: int | None = None) -> str:
    """Return ``rows`` rendered as ``table``, ``json`` or ``csv`` text ending in a newline.

    Args:
        rows: The rows, as dicts by column.
        columns: The columns, in order.
        fmt: ``table``, ``json`` or ``csv``.
        width: For a table, the width to fit (columns of IRIs or nothing but blanks are left
            out and named in a footer; long cells are cut with "…"); None prints everything.
    """
    if fmt == "json":
        # One row a line, each encoded by json's C encoder (``indent`` would use its Python one:
        # 60,233 rows of ``agreements`` took 3.9 s to encode that way, this takes about 0.4 s).
        lines = [json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False, default=_json_value) for r in rows]
        return "[\n" + ",\n".join(f"  {line}" for line in lines) + "\n]\n" if lines else "[]\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buffer.getvalue()
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    shown = list(range(len(columns)))
    hidden: list[str] = []
    if width is not None and rows:
        shown = [i for i in shown if not all(line[i] == "" or _is_iri(line[i]) for line in cells)]
        hidden = [columns[i] for i in range(len(columns)) if i not in shown]
        if not shown:
            shown, hidden = list(range(len(columns))), []
    table = [[columns[i] for i in shown]] + [[line[i] for i in shown] for line in cells]
    if width is None:
        widths = [max(len(line[i]) for line in table) for i in range(len(shown))]
    else:
        widths = _fit(table, width)
        while len(shown) > 1 and _too_wide(widths, width):
            hidden.append(columns[shown.pop()])
            table = [line[:-1] for line in table]
            widths = _fit(table, width)
        hidden.sort(key=list(columns).index)
    lines = ["  ".join(_cut(cell, widths[i]).ljust(widths[i]) for i, cell in enumerate(line)).rstrip() for line in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if hidden:
        lines.append(f"({len(rows)} rows; not shown: {', '.join(hidden)} — use --wide or --format json)")
    return "\n".join(lines) + "\n"
