"""Offline Neo4j exports: bulk CSV for ``neo4j-admin database import full`` and a cypher-shell script.

Bulk CSV (Neo4j 5 header format): one node file per label with ``iri:ID`` (one global ID
space — IRIs are unique), ``:LABEL``, typed columns (``size:long``, ``startDate:date``,
``alias:string[]``…), and one relationship file per type with ``:START_ID``, ``:END_ID``,
``:TYPE`` and ``sources:string[]``. :func:`import_command` returns the exact command; since
Neo4j 5.19 the database name comes before the options.

The script holds the very statements of :func:`kg.sync.plan` with each ``$rows``/``$keep``
parameter written out as a Cypher literal, so it needs no ``:param`` and passes Neo4j's linter.
"""

from __future__ import annotations

import csv
import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.dataset import atomic_write
from kg.errors import MirrorError
from kg.projection import PropertyGraph
from kg.sync import DEFAULT_BATCH_SIZE, Batch, plan

__all__ = ["BulkExport", "write_bulk", "import_command", "cypher_literal", "script_text", "write_script"]

_DELIMITER_CHOICES = (";", "|", "\x1f")


@dataclass(frozen=True)
class BulkExport:
    """The files of a bulk export and the options the import command needs."""

    node_files: list[Path]
    relationship_files: list[Path]
    array_delimiter: str
    multiline: bool
    database: str

    @property
    def command(self) -> str:
        """The ``neo4j-admin database import full`` command line for these files."""
        return import_command(self)


def _array_delimiter(graph: PropertyGraph) -> str:
    used: set[str] = set()
    for node in graph.nodes:
        for value in (*node.properties.values(), list(node.sources)):
            if isinstance(value, list):
                used.update(ch for v in value for ch in str(v) if ch in _DELIMITER_CHOICES)
    for choice in _DELIMITER_CHOICES:
        if choice not in used:
            return choice
    raise MirrorError("every array delimiter candidate occurs inside a list value")


def _bulk_cell(value: Any, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return delimiter.join(_bulk_cell(v, delimiter) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write(path: Path, header: list[str], rows: list[list[Any]], delimiter: str) -> bool:
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            cells = [_bulk_cell(v, delimiter) for v in row]
            multiline = multiline or any("\n" in c or "\r" in c for c in cells)
            writer.writerow(cells)
    return multiline


def write_bulk(graph: PropertyGraph, out_dir: Path, *, database: str = "neo4j") -> BulkExport:
    """Write the bulk-import CSV files of ``graph`` into ``out_dir``.

    Returns:
        The files written and the options :func:`import_command` needs.
    """
    m = graph.mapping
    out_dir.mkdir(parents=True, exist_ok=True)
    delimiter = _array_delimiter(graph)
    multiline = False
    node_files, rel_files = [], []
    for label, spec in m.nodes.items():
        header = [f"{m.key}:ID", ":LABEL", m.kind_key]
        header += [f"{p.key}:{p.neo4j_header_type}" for p in spec.properties]
        header.append(f"{m.sources_key}:string[]")
        rows = [[n.iri, n.label, n.kind, *(n.properties[p.key] for p in spec.properties), list(n.sources)]
                for n in graph.nodes if n.label == label]
        path = out_dir / f"nodes_{label}.csv"
        multiline |= _write(path, header, rows, delimiter)
        node_files.append(path)
    for rtype in m.relationships:
        rows = [[r.start, r.end, r.type, list(r.sources)] for r in graph.relationships if r.type == rtype]
        path = out_dir / f"relationships_{rtype}.csv"
        _write(path, [":START_ID", ":END_ID", ":TYPE", f"{m.sources_key}:string[]"], rows, delimiter)
        rel_files.append(path)
    return BulkExport(node_files, rel_files, delimiter, multiline, database)


def import_command(export: BulkExport) -> str:
    """Return the ``neo4j-admin database import full`` command for ``export``.

    The target database must not exist yet (or add ``--overwrite-destination``); create it
    afterwards with ``CREATE DATABASE`` (the default ``neo4j`` database is picked up on restart).
    """
    delimiter = export.array_delimiter if export.array_delimiter.isprintable() else "U+001F"
    parts = ["neo4j-admin database import full", shlex.quote(export.database)]
    parts += [f"--nodes={shlex.quote(str(p.resolve()))}" for p in export.node_files]
    parts += [f"--relationships={shlex.quote(str(p.resolve()))}" for p in export.relationship_files]
    parts.append(f"--array-delimiter={shlex.quote(delimiter)}")
    if export.multiline:
        parts.append("--multiline-fields=true")
    return " ".join(parts)


def cypher_literal(value: Any) -> str:
    """Return ``value`` as a Cypher literal (strings double-quoted, dates as ``date("…")``).

    >>> cypher_literal({"iri": 'a"b', "n": [1, None]})
    '{iri: "a\\\\"b", n: [1, null]}'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return f'date("{value.isoformat()}")'
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{escaped}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise MirrorError(f"cannot write {value!r} as a Cypher literal")


def _inline(batch: Batch) -> str:
    text = batch.cypher
    for name, value in sorted(batch.parameters.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(f"${name}", cypher_literal(value))
    return text


def script_text(graph: PropertyGraph, *, batch_size: int = DEFAULT_BATCH_SIZE) -> str:
    """Return a cypher-shell script that makes a Neo4j database mirror ``graph``."""
    lines = [
        "// Jejaring property graph for cypher-shell, generated by `kg neo4j script`.",
        "// Run: cypher-shell -a neo4j://localhost:7687 -u neo4j -d neo4j -f jejaring.cypher",
        "// Idempotent: constraints, MERGE upserts, then pruning of anything not in the dataset.",
    ]
    for batch in plan(graph, batch_size=batch_size):
        if batch.size == 0 and batch.kind in ("nodes", "relationships"):
            continue
        lines.append(_inline(batch) + ";")
    return "\n".join(lines) + "\n"


def write_script(graph: PropertyGraph, path: Path, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
    """Write :func:`script_text` to ``path`` atomically."""
    atomic_write(path, script_text(graph, batch_size=batch_size).encode("utf-8"))
