"""The embedded Cypher database: LadybugDB (the maintained Kùzu fork), no server needed.

``write_embedded`` derives the schema from the mapping (one NODE table per label with the
union of its properties and ``iri`` as primary key; one REL table per type with every
(FROM, TO) pair the mapping declares), bulk-loads the projection with ``COPY FROM`` CSV, and
swaps the finished file into place, so readers never see a half-written database.
``run_cypher`` and :class:`EmbeddedDatabase` answer reading queries on it: each statement passes
:mod:`kg.cypher_guard` before it reaches the engine (LadybugDB's own read-only mode still runs
``COPY … TO``, ``LOAD FROM``, ``INSTALL`` and ``CHECKPOINT``), and parameters, column names and
values behave as on Neo4j (docs/cypher.md).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import uuid
from collections import abc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.cypher_guard import bind_parameters, check_read_only
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
    "EmbeddedDatabase",
]

EMBEDDED_FILE = "jejaring.lbug"
# List elements Ladybug's CSV list syntax cannot carry verbatim; such rows are loaded by UNWIND.
_UNSAFE_LIST_ELEMENT = re.compile(r"[,\[\]{}'\"\\\n\r]|^\s|\s$")
# Result column types whose values _Converter rewrites (nodes, relationships, paths, structs, UUIDs).
_CONVERTED_TYPE = re.compile(r"NODE|REL|STRUCT|MAP|UNION|UUID|PATH|ANY")


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


def ensure_embedded(build_dir: Path) -> Path:
    """Return the embedded database of the build in ``build_dir``; it is never (re)written here.

    Raises:
        BuildError: ``build_dir`` holds no up-to-date build (run ``kg build``).
    """
    from kg.build import open_build

    return open_build(build_dir).embedded_path


@contextmanager
def open_database(path: Path, *, read_only: bool = True, threads: int = 0) -> Iterator[ladybug.Connection]:
    """Open the embedded database at ``path`` and yield a connection; close both after.

    ``threads`` caps the engine's threads (0: the engine's default).
    """
    import ladybug

    if not path.exists():
        raise MirrorError(f"no embedded database at {path}; run 'kg build' first")
    try:
        db = ladybug.Database(str(path), read_only=read_only, max_num_threads=threads)
    except RuntimeError as exc:
        raise MirrorError(f"cannot open {path}: {exc}") from exc
    connection = ladybug.Connection(db)
    try:
        yield connection
    finally:
        connection.close()
        db.close()


class EmbeddedDatabase:
    """The embedded database opened read-only once, for many reading queries.

    Every statement passes :func:`kg.cypher_guard.check_read_only` first, so nothing but a
    reading query reaches the engine; parameters are bound as Neo4j binds them and results come
    back as Neo4j's Python driver gives them (:meth:`run`).

    Use it as a context manager, or call :meth:`close`.

    Args:
        path: The ``.lbug`` file.
        timeout: Stop a query after this many seconds (a QueryError); None waits as long as
            it takes. An unbounded ``-[*]-`` pattern can otherwise run for minutes.
    """

    def __init__(self, path: Path, *, timeout: float | None = None) -> None:
        import ladybug

        if not path.is_file():
            raise MirrorError(f"no embedded database at {path}; run 'kg build' first")
        try:
            self._db = ladybug.Database(str(path), read_only=True)
            self._connection = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise MirrorError(f"cannot open {path}: {exc}") from exc
        if timeout is not None:
            self._connection.set_query_timeout(max(1, round(timeout * 1000)))
        self.path = path
        self.timeout = timeout
        self._labels: dict[int, str] | None = None

    def __enter__(self) -> EmbeddedDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and the database."""
        self._connection.close()
        self._db.close()

    def _execute(self, text: str, params: dict[str, Any]) -> ladybug.QueryResult:
        try:
            result = self._connection.execute(text, parameters=params)
        except RuntimeError as exc:
            if str(exc).startswith("Interrupted") and self.timeout is not None:
                raise QueryError(f"the Cypher query was stopped after {self.timeout:g} s (timeout); "
                                 "bound variable-length patterns, e.g. -[*1..3]-") from exc
            raise QueryError(f"Cypher failed on the embedded database: {exc}") from exc
        if isinstance(result, list):  # the guard lets one statement through; keep the type checker sure
            raise QueryError("run one Cypher statement at a time")
        return result

    def run(self, text: str, params: abc.Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run one reading Cypher statement and return (columns, rows) as Neo4j would.

        * A ``$name`` the text uses but ``params`` lacks is an error; unused ``params`` are ignored.
        * Columns are named as Neo4j names them: the alias, else the expression as written
          (``count(*)``, not Ladybug's ``COUNT_STAR()``).
        * Values are plain Python values as ``neo4j.Record.data()`` gives them: a node is the dict
          of its properties (no null ones, no ``_ID``/``_LABEL``), a relationship the triple
          ``(start node, TYPE, end node)``, a path the list ``[node, TYPE, node, …]``, a
          variable-length relationship the list of its relationship triples; dates stay
          ``datetime.date``, UUIDs become strings.

        Args:
            text: One reading statement (see :mod:`kg.cypher_guard`).
            params: Values for the ``$names`` (``datetime.date`` for DATE).

        Raises:
            QueryError: The statement is refused, a parameter is missing, or it fails to run.
        """
        checked = check_read_only(text)
        result = self._execute(checked.text, bind_parameters(checked, params))
        columns = result.get_column_names()
        if len(checked.return_columns) == len(columns):
            columns = list(checked.return_columns)
        raw = [list(row) for row in result.get_all()]
        if not any(_CONVERTED_TYPE.search(t) for t in result.get_column_data_types()):
            return columns, raw  # plain values (strings, numbers, dates, lists of them) come back as they are
        return columns, _Converter(self).rows(raw)

    def labels(self) -> dict[int, str]:
        """Return the node table names by table id (for relationship endpoints)."""
        if self._labels is None:
            result = self._execute("CALL show_tables() RETURN id, name, type", {})
            self._labels = {int(i): str(n) for i, n, t in result.get_all() if t == "NODE"}
        return self._labels

    def nodes_by_id(self, ids: set[tuple[int, int]]) -> dict[tuple[int, int], dict[str, Any]]:
        """Return the raw nodes with the internal ids ``(table, offset)``."""
        found: dict[tuple[int, int], dict[str, Any]] = {}
        for table in sorted({t for t, _ in ids}):
            label = self.labels().get(table)
            if label is None:
                continue
            offsets = sorted(o for t, o in ids if t == table)
            result = self._execute(f"MATCH (n:`{label}`) WHERE offset(id(n)) IN $offsets RETURN n",
                                   {"offsets": offsets})
            for row in result.get_all():
                node: dict[str, Any] = dict(list(row)[0])
                found[_internal_id(node["_ID"])] = node
        return found


def _internal_id(value: dict[str, Any]) -> tuple[int, int]:
    return int(value["table"]), int(value["offset"])


def _is_node(value: dict[str, Any]) -> bool:
    return "_ID" in value and "_LABEL" in value and "_SRC" not in value


def _is_relationship(value: dict[str, Any]) -> bool:
    return "_SRC" in value and "_DST" in value and "_LABEL" in value


def _is_path(value: dict[str, Any]) -> bool:
    return set(value) == {"_NODES", "_RELS"}


class _Converter:
    """Turn Ladybug result values into what ``neo4j.Record.data()`` gives."""

    def __init__(self, database: EmbeddedDatabase) -> None:
        self.database = database
        self.nodes: dict[tuple[int, int], dict[str, Any]] = {}

    def rows(self, rows: list[list[Any]]) -> list[list[Any]]:
        wanted: set[tuple[int, int]] = set()
        for row in rows:
            for value in row:
                self._collect(value, wanted)
        missing = wanted - set(self.nodes)
        if missing:
            self.nodes.update(self.database.nodes_by_id(missing))
        return [[self.value(v) for v in row] for row in rows]

    def _collect(self, value: Any, wanted: set[tuple[int, int]]) -> None:
        """Remember the nodes in ``value`` and the relationship endpoints it needs."""
        if isinstance(value, list):
            for item in value:
                self._collect(item, wanted)
        elif isinstance(value, dict):
            if _is_node(value):
                self.nodes[_internal_id(value["_ID"])] = value
            elif _is_relationship(value):
                wanted.update((_internal_id(value["_SRC"]), _internal_id(value["_DST"])))
            else:
                for item in value.values():
                    self._collect(item, wanted)

    def _properties(self, node: dict[str, Any] | None) -> dict[str, Any] | None:
        if node is None:
            return None
        return {k: self.value(v) for k, v in node.items() if not k.startswith("_") and v is not None}

    def value(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, uuid.UUID):
            return str(value)
        if not isinstance(value, dict):
            return value
        if _is_node(value):
            return self._properties(value)
        if _is_relationship(value):
            return (self._properties(self.nodes.get(_internal_id(value["_SRC"]))), value["_LABEL"],
                    self._properties(self.nodes.get(_internal_id(value["_DST"]))))
        if _is_path(value):
            nodes, rels = value["_NODES"], value["_RELS"]
            if len(nodes) == len(rels) + 1:  # a named path: [node, TYPE, node, …]
                path: list[Any] = [self._properties(nodes[0])]
                for rel, node in zip(rels, nodes[1:]):
                    path += [rel["_LABEL"], self._properties(node)]
                return path
            return [self.value(rel) for rel in rels]  # a variable-length relationship
        return {k: self.value(v) for k, v in value.items()}


def run_cypher(db_path: Path, text: str, params: abc.Mapping[str, Any] | None = None, *,
               timeout: float | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run one reading Cypher statement on the embedded database and return (columns, rows).

    Opens the database read-only for this one statement; keep an :class:`EmbeddedDatabase`
    open to run many. See :meth:`EmbeddedDatabase.run` for what comes back.

    Args:
        db_path: The ``.lbug`` file.
        text: One reading statement with ``$name`` parameters.
        params: Parameter values (``datetime.date`` for DATE); unused ones are ignored.
        timeout: Stop the query after this many seconds (None: no limit).

    Raises:
        QueryError: The statement is refused (anything but a read: see :mod:`kg.cypher_guard`),
            a parameter is missing, or it does not parse, bind or run.
        MirrorError: The database cannot be opened.
    """
    checked = check_read_only(text)  # refuse before the database is even opened
    bind_parameters(checked, params)
    with EmbeddedDatabase(db_path, timeout=timeout) as database:
        return database.run(text, params)
