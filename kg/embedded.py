"""The embedded Cypher database: LadybugDB (the maintained Kùzu fork), no server needed.

``write_embedded`` derives the schema from the mapping (one NODE table per label with the
union of its properties and ``iri`` as primary key; one REL table per type with every
(FROM, TO) pair the mapping declares), bulk-loads the projection with ``COPY FROM`` CSV, and
swaps the finished file into place, so readers never see a half-written database.
``run_cypher`` answers a query on it, read-only unless asked otherwise.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.dataset import KnowledgeGraph
from kg.errors import MirrorError, QueryError
from kg.mapping import Mapping, NodeSpec, property_graph_mapping
from kg.projection import PropertyGraph, project

if TYPE_CHECKING:
    import ladybug

__all__ = [
    "EMBEDDED_FILE",
    "schema_statements",
    "create_schema",
    "write_embedded",
    "load_projection",
    "ensure_embedded",
    "run_cypher",
    "open_database",
]

EMBEDDED_FILE = "jejaring.lbug"
# List elements Ladybug's CSV list syntax cannot carry verbatim; such rows are loaded by UNWIND.
_UNSAFE_LIST_ELEMENT = re.compile(r"[,\[\]{}'\"\\\n\r]|^\s|\s$")


def _columns(spec: NodeSpec, mapping: Mapping) -> list[tuple[str, str]]:
    return ([(mapping.key, "STRING"), (mapping.kind_key, "STRING")]
            + [(p.key, p.ladybug_type) for p in spec.properties]
            + [(mapping.sources_key, "STRING[]")])


def schema_statements(mapping: Mapping | None = None) -> list[str]:
    """Return the Ladybug DDL for the mapping: NODE tables, then REL tables."""
    m = mapping or property_graph_mapping()
    statements = []
    for label, spec in m.nodes.items():
        cols = ", ".join(f"`{name}` {ctype}" for name, ctype in _columns(spec, m))
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({cols}, PRIMARY KEY(`{m.key}`))")
    for rtype, rel in m.relationships.items():
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.pairs)
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {rtype}({pairs}, `{m.sources_key}` STRING[])")
    return statements


def create_schema(connection: ladybug.Connection, mapping: Mapping | None = None) -> None:
    """Create every table of the mapping on ``connection`` (existing tables are kept)."""
    for statement in schema_statements(mapping):
        connection.execute(statement)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ",".join(_cell(v) for v in value) + "]"
    return str(value) if not hasattr(value, "isoformat") else value.isoformat()


def _list_safe(value: Any) -> bool:
    return not isinstance(value, list) or not any(_UNSAFE_LIST_ELEMENT.search(str(v)) for v in value)


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> bool:
    """Write a CSV file; return True when a field holds a newline (needs the serial reader)."""
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            cells = [_cell(v) for v in row]
            multiline = multiline or any("\n" in c or "\r" in c for c in cells)
            writer.writerow(cells)
    return multiline


def _copy(connection: ladybug.Connection, table: str, path: Path, multiline: bool, extra: str = "") -> None:
    if "'" in str(path):
        raise MirrorError(f"temporary path {path} contains a quote")
    # The dialect is spelt out: Ladybug sniffs it from the first rows otherwise, and a file whose
    # first 2,000 rows hold no quoted field then splits a later "a, b" at the comma.
    options = "header=true, delim=',', quote='\"', escape='\"'" + (", parallel=false" if multiline else "") + extra
    connection.execute(f"COPY {table} FROM '{path}' ({options})")


def load_projection(connection: ladybug.Connection, graph: PropertyGraph, workdir: Path) -> None:
    """Bulk-load ``graph`` into an empty database that has the mapping's schema.

    Rows whose list values Ladybug's CSV syntax cannot carry (commas, brackets, quotes) are
    written with the very statements of :mod:`kg.sync` instead.
    """
    from kg.sync import node_batches, relationship_batches

    m = graph.mapping
    later = []
    for label, spec in m.nodes.items():
        rows = graph.node_rows(label)
        if not rows:
            continue
        header = [name for name, _ in _columns(spec, m)]
        safe: list[dict[str, Any]] = []
        unsafe: list[dict[str, Any]] = []
        for row in rows:
            (safe if all(_list_safe(v) for v in row.values()) else unsafe).append(row)
        path = workdir / f"node_{label}.csv"
        multiline = _write_csv(path, header, [[r[h] for h in header] for r in safe])
        if safe:
            _copy(connection, label, path, multiline)
        for batch in node_batches(label, unsafe, m):  # before any relationship refers to them
            connection.execute(batch.cypher, parameters=batch.parameters)
    for (rtype, start, end), rels in graph.relationship_groups().items():
        safe_rels = [r for r in rels if _list_safe(list(r.sources))]
        unsafe_rels = [r for r in rels if not _list_safe(list(r.sources))]
        if safe_rels:
            path = workdir / f"rel_{rtype}_{start}_{end}.csv"
            multiline = _write_csv(path, ["from", "to", m.sources_key],
                                   [[r.start, r.end, list(r.sources)] for r in safe_rels])
            # Ladybug wants from/to only for a REL table with several (FROM, TO) pairs.
            pair = f", from='{start}', to='{end}'" if len(m.relationships[rtype].pairs) > 1 else ""
            _copy(connection, rtype, path, multiline, pair)
        if unsafe_rels:
            later += relationship_batches(rtype, start, end, unsafe_rels, m)
    for batch in later:
        connection.execute(batch.cypher, parameters=batch.parameters)


def write_embedded(graph: KnowledgeGraph, path: Path, *, mapping: Mapping | None = None) -> PropertyGraph:
    """(Re)write the embedded database at ``path`` from the RDF dataset, atomically.

    The database is built in a temporary file beside ``path`` and renamed over it.

    Returns:
        The projection that was loaded (for counts).

    Raises:
        MirrorError: The projection or the load failed; ``path`` is left untouched.
    """
    import ladybug

    projection = project(graph, mapping=mapping)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, 0o644)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(prefix="jejaring-lbug-") as workdir:
            db = ladybug.Database(str(tmp))
            connection = ladybug.Connection(db)
            try:
                create_schema(connection, projection.mapping)
                load_projection(connection, projection, Path(workdir))
            except RuntimeError as exc:
                raise MirrorError(f"loading the embedded database failed: {exc}") from exc
            finally:
                connection.close()
                db.close()
        Path(f"{path}.wal").unlink(missing_ok=True)  # a stale WAL would be replayed onto the new file
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return projection


def _stale(db: Path, inputs: list[Path]) -> bool:
    if not db.exists():
        return True
    built = db.stat().st_mtime
    return any(p.exists() and p.stat().st_mtime > built for p in inputs)


def ensure_embedded(build_dir: Path) -> Path:
    """Return the embedded database of ``build_dir``, (re)writing it when missing or stale.

    It is stale when the TriG dataset, a seed record or the mapping file is newer; the TriG
    itself is rebuilt first when the records changed (:func:`kg.build.open_graph`).
    """
    from kg.build import DATASET_FILE, default_record_paths, open_graph
    from kg.loaders.records import record_files
    from kg.mapping import MAPPING_FILE
    from kg.resources import ontology_dir

    db = build_dir / EMBEDDED_FILE
    inputs = [build_dir / DATASET_FILE, ontology_dir() / MAPPING_FILE, *record_files(default_record_paths())]
    if not (build_dir / DATASET_FILE).exists() or _stale(db, inputs):
        write_embedded(open_graph(build_dir), db)
    return db


@contextmanager
def open_database(path: Path, *, read_only: bool = True) -> Iterator[ladybug.Connection]:
    """Open the embedded database at ``path`` and yield a connection; close both after."""
    import ladybug

    if not path.exists():
        raise MirrorError(f"no embedded database at {path}; run 'kg build' first")
    try:
        db = ladybug.Database(str(path), read_only=read_only)
    except RuntimeError as exc:
        raise MirrorError(f"cannot open {path}: {exc}") from exc
    connection = ladybug.Connection(db)
    try:
        yield connection
    finally:
        connection.close()
        db.close()


def run_cypher(db_path: Path, text: str, params: dict[str, Any] | None = None, *,
               read_only: bool = True) -> tuple[list[str], list[list[Any]]]:
    """Run one Cypher statement on the embedded database and return (columns, rows).

    Args:
        db_path: The ``.lbug`` file.
        text: One Cypher statement with ``$name`` parameters.
        params: Parameter values (``datetime.date`` for DATE).
        read_only: Open the database read-only (writes are refused by Ladybug).

    Raises:
        QueryError: The statement does not parse, bind or run (writes on a read-only database).
    """
    with open_database(db_path, read_only=read_only) as connection:
        try:
            result = connection.execute(text, parameters=dict(params or {}))
        except RuntimeError as exc:
            raise QueryError(f"Cypher failed on the embedded database: {exc}") from exc
        if isinstance(result, list):
            raise QueryError("run one Cypher statement at a time (found several separated by ';')")
        columns = result.get_column_names()
        return columns, [list(row) for row in result.get_all()]
