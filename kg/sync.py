"""Mirror a property graph into a Cypher database: a pure plan plus small executors.

:func:`plan` turns a :class:`~kg.projection.PropertyGraph` into an ordered list of
:class:`Batch` es — uniqueness constraints, node upserts per label, relationship upserts per
(type, start label, end label), then pruning of relationships and nodes that are no longer
in the dataset. Every statement is plain Cypher that runs unchanged on Neo4j 5 and on
LadybugDB: ``UNWIND $rows AS row MERGE … SET`` with one explicit ``SET`` per property (Ladybug
has no ``SET n += map``), relationship endpoints found by two separate ``MATCH`` clauses, and
``NULL`` literals for properties absent from a whole batch (Ladybug types an all-null column
as STRING). Because every write is an idempotent MERGE and pruning runs last, a sync that is
interrupted and run again converges to the same graph, and a second run changes nothing.

An :class:`Executor` runs batches: :class:`Neo4jExecutor` (official driver, managed write
transactions, so the driver retries transient failures) or :class:`LadybugExecutor` (the
embedded database; the primary key stands in for the constraint).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from kg.errors import MirrorError
from kg.mapping import Mapping
from kg.projection import PropertyGraph, Relationship

if TYPE_CHECKING:
    import ladybug
    import neo4j

__all__ = [
    "Batch",
    "BatchKind",
    "Executor",
    "SyncReport",
    "plan",
    "sync",
    "constraint_statement",
    "node_statement",
    "relationship_statement",
    "count_statements",
    "snapshot",
    "database_counts",
    "Neo4jExecutor",
    "LadybugExecutor",
    "DEFAULT_BATCH_SIZE",
]

DEFAULT_BATCH_SIZE = 1000
BatchKind = Literal["constraint", "nodes", "relationships", "prune-relationships", "prune-nodes"]
_SEP = " "  # IRIs never contain a space, so "start end" identifies a relationship's ends


@dataclass(frozen=True)
class Batch:
    """One Cypher statement with its parameters; ``target`` is the label or type it writes."""

    kind: BatchKind
    target: str
    cypher: str
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """The number of rows (or kept keys) the statement carries."""
        return len(self.parameters.get("rows", self.parameters.get("keep", ())))


def constraint_statement(label: str, key: str) -> str:
    """Return the Neo4j uniqueness constraint on ``label.key``."""
    return f"CREATE CONSTRAINT {label.lower()}_{key} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"


def node_statement(label: str, key: str, keys: Sequence[str], null_keys: Sequence[str] = ()) -> str:
    """Return the upsert of ``label`` nodes from ``$rows``; ``null_keys`` are set to NULL."""
    sets = [f"n.{k} = row.{k}" for k in keys] + [f"n.{k} = NULL" for k in null_keys]
    return f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}}) SET " + ", ".join(sets)


def relationship_statement(rtype: str, start: str, end: str, key: str, sources_key: str) -> str:
    """Return the upsert of ``rtype`` relationships from ``$rows`` of ``src``, ``dst``, sources."""
    return (f"UNWIND $rows AS row MATCH (a:{start}) WHERE a.{key} = row.src "
            f"MATCH (b:{end}) WHERE b.{key} = row.dst "
            f"MERGE (a)-[r:{rtype}]->(b) SET r.{sources_key} = row.{sources_key}")


def _prune_relationships_statement(rtype: str, start: str, end: str, key: str) -> str:
    return (f"MATCH (a:{start})-[r:{rtype}]->(b:{end}) "
            f"WHERE NOT (a.{key} + '{_SEP}' + b.{key}) IN $keep DELETE r")


def _prune_nodes_statement(label: str, key: str) -> str:
    return f"MATCH (n:{label}) WHERE NOT n.{key} IN $keep DETACH DELETE n"


def count_statements(mapping: Mapping) -> dict[str, str]:
    """Return a count query per label and per relationship type (result column ``n``)."""
    queries = {label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in mapping.nodes}
    queries.update({rtype: f"MATCH ()-[r:{rtype}]->() RETURN count(r) AS n" for rtype in mapping.relationships})
    return queries


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


def node_batches(label: str, rows: list[dict[str, Any]], mapping: Mapping, *,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> list[Batch]:
    """Return upsert batches for ``rows`` of ``label`` (all keys present in every row)."""
    batches = []
    for chunk in _chunks(rows, batch_size):
        columns = [k for k in chunk[0] if k != mapping.key]
        present = [k for k in columns if any(row[k] is not None for row in chunk)]
        nulls = [k for k in columns if k not in present]
        trimmed = [{k: row[k] for k in (mapping.key, *present)} for row in chunk]
        batches.append(Batch("nodes", label, node_statement(label, mapping.key, present, nulls), {"rows": trimmed}))
    return batches


def relationship_batches(rtype: str, start: str, end: str, rels: list[Relationship], mapping: Mapping, *,
                         batch_size: int = DEFAULT_BATCH_SIZE) -> list[Batch]:
    """Return upsert batches for relationships of one (type, start label, end label) group."""
    rows = [{"src": r.start, "dst": r.end, mapping.sources_key: list(r.sources)} for r in rels]
    cypher = relationship_statement(rtype, start, end, mapping.key, mapping.sources_key)
    return [Batch("relationships", rtype, cypher, {"rows": chunk}) for chunk in _chunks(rows, batch_size)]


def plan(graph: PropertyGraph, *, batch_size: int = DEFAULT_BATCH_SIZE, prune: bool = True) -> list[Batch]:
    """Return the batches that make a database mirror ``graph`` exactly.

    Args:
        graph: The projection of the RDF dataset.
        batch_size: Rows per UNWIND statement.
        prune: Also delete nodes and relationships that are not in ``graph``.

    Returns:
        Constraints first, then node upserts, relationship upserts and pruning, in that order.
    """
    m = graph.mapping
    batches = [Batch("constraint", label, constraint_statement(label, m.key)) for label in m.nodes]
    for label in m.nodes:
        batches += node_batches(label, graph.node_rows(label), m, batch_size=batch_size)
    groups = graph.relationship_groups()
    for (rtype, start, end), rels in groups.items():
        batches += relationship_batches(rtype, start, end, rels, m, batch_size=batch_size)
    if prune:
        for (rtype, start, end), rels in groups.items():
            keep = sorted({f"{r.start}{_SEP}{r.end}" for r in rels})
            batches.append(Batch("prune-relationships", rtype,
                                 _prune_relationships_statement(rtype, start, end, m.key), {"keep": keep}))
        for label in m.nodes:
            keep = [n.iri for n in graph.nodes if n.label == label]
            batches.append(Batch("prune-nodes", label, _prune_nodes_statement(label, m.key), {"keep": keep}))
    return batches


class Executor(Protocol):
    """Runs a batch on some database."""

    def run(self, batch: Batch) -> None:
        """Run one batch (a constraint may be skipped where the schema already enforces it)."""

    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return its rows."""


@dataclass
class SyncReport:
    """What a sync did: batches run and rows written per kind, and the final counts."""

    batches: int = 0
    nodes: int = 0
    relationships: int = 0
    node_counts: dict[str, int] = field(default_factory=dict)
    relationship_counts: dict[str, int] = field(default_factory=dict)


def database_counts(executor: Executor, mapping: Mapping) -> tuple[dict[str, int], dict[str, int]]:
    """Return the node count per label and relationship count per type in the database."""
    nodes: dict[str, int] = {}
    rels: dict[str, int] = {}
    for name, cypher in count_statements(mapping).items():
        value = int(executor.query(cypher)[0]["n"])
        (nodes if name in mapping.nodes else rels)[name] = value
    return nodes, rels


def snapshot(executor: Executor, mapping: Mapping) -> dict[str, list[tuple[Any, ...]]]:
    """Return every node and relationship in the database, sorted, to compare two mirrors."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    for label, spec in mapping.nodes.items():
        keys = [mapping.key, mapping.kind_key, *spec.keys, mapping.sources_key]
        cypher = f"MATCH (n:{label}) RETURN " + ", ".join(f"n.{k} AS {k}" for k in keys)
        rows = executor.query(cypher)
        state[label] = sorted((tuple(repr(row[k]) for k in keys) for row in rows))
    for rtype, rel in mapping.relationships.items():
        for start, end in rel.pairs:
            cypher = (f"MATCH (a:{start})-[r:{rtype}]->(b:{end}) "
                      f"RETURN a.{mapping.key} AS a, b.{mapping.key} AS b, r.{mapping.sources_key} AS s")
            state[f"{rtype}:{start}:{end}"] = sorted((row["a"], row["b"], repr(row["s"])) for row in executor.query(cypher))
    return state


def sync(batches: Sequence[Batch], executor: Executor, mapping: Mapping, *,
         progress: Callable[[Batch], None] | None = None) -> SyncReport:
    """Run ``batches`` in order on ``executor``; return what was written and the final counts."""
    report = SyncReport()
    for batch in batches:
        executor.run(batch)
        report.batches += 1
        if batch.kind == "nodes":
            report.nodes += batch.size
        elif batch.kind == "relationships":
            report.relationships += batch.size
        if progress is not None:
            progress(batch)
    report.node_counts, report.relationship_counts = database_counts(executor, mapping)
    return report


class LadybugExecutor:
    """Run batches on an embedded LadybugDB file, creating its schema first."""

    def __init__(self, path: Path, mapping: Mapping) -> None:
        import ladybug

        from kg.embedded import create_schema

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db: ladybug.Database = ladybug.Database(str(path))
            self.connection: ladybug.Connection = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise MirrorError(f"cannot open {path}: {exc}") from exc
        create_schema(self.connection, mapping)

    def run(self, batch: Batch) -> None:
        """Run ``batch``; constraints are skipped (the ``iri`` primary key enforces them)."""
        if batch.kind == "constraint":
            return
        if batch.size == 0 and batch.kind in ("nodes", "relationships"):
            return  # Ladybug cannot type an empty UNWIND list
        try:
            self.connection.execute(batch.cypher, parameters=batch.parameters)
        except RuntimeError as exc:
            raise MirrorError(f"Ladybug refused {batch.kind} batch for {batch.target}: {exc}") from exc

    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dicts."""
        result = self.connection.execute(cypher, parameters=parameters or {})
        assert not isinstance(result, list)
        return [dict(row) for row in result.rows_as_dict()]

    def close(self) -> None:
        """Close the connection and the database."""
        self.connection.close()
        self._db.close()


def _native(value: Any) -> Any:
    """Return a value read from Neo4j as plain Python, as the driver's ``Record.data()`` does.

    Temporal types become ``datetime`` objects, a node the dict of its properties, a
    relationship ``(start, TYPE, end)`` and a path ``[node, TYPE, node, …]`` — the same shapes
    the embedded engine returns (:mod:`kg.embedded`).
    """
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return (_native(start) if start is not None else None, value.type,
                _native(end) if end is not None else None)
    if isinstance(value, Path):
        nodes = value.nodes
        out: list[Any] = [_native(nodes[0])]
        for index, rel in enumerate(value.relationships):
            out += [rel.type, _native(nodes[index + 1])]
        return out
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    return value.to_native() if hasattr(value, "to_native") else value


class Neo4jExecutor:
    """Run batches on Neo4j 5 (server, cluster or Aura) in managed write transactions.

    Args:
        uri: ``neo4j://`` (routing), ``neo4j+s://``, ``bolt://`` …
        database: Database name; the server's default when None.
        user: Defaults to ``NEO4J_USER`` (else ``neo4j``).
        password: Defaults to ``NEO4J_PASSWORD``.
    """

    def __init__(self, uri: str, *, database: str | None = None, user: str | None = None,
                 password: str | None = None) -> None:
        import neo4j

        auth = (user or os.environ.get("NEO4J_USER", "neo4j"), password or os.environ.get("NEO4J_PASSWORD", ""))
        self.database = database
        try:
            self.driver: neo4j.Driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError, OSError) as exc:
            raise MirrorError(f"cannot connect to Neo4j at {uri}: {exc}") from exc
        try:
            self.driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError, OSError) as exc:
            self.driver.close()
            raise MirrorError(f"cannot connect to Neo4j at {uri}: {exc}") from exc

    def run(self, batch: Batch) -> None:
        """Run ``batch`` in a managed write transaction (retried by the driver)."""
        import neo4j

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(batch.cypher, batch.parameters).consume()

        try:
            with self.driver.session(database=self.database) as session:
                session.execute_write(work)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise MirrorError(f"Neo4j refused {batch.kind} batch for {batch.target}: {exc}") from exc

    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query in a managed read transaction and return its rows as dicts.

        Neo4j temporal values become Python ``datetime`` objects, as on the embedded database,
        so that :func:`snapshot` compares the two engines value for value.
        """
        import neo4j

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [{k: _native(v) for k, v in record.data().items()} for record in tx.run(cypher, parameters or {})]

        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_read(work)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise MirrorError(f"Neo4j query failed: {exc}") from exc

    def fetch(self, cypher: str, parameters: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run a query in a read transaction (writes are refused); return (columns, rows).

        Neo4j temporal values are converted to Python ``datetime`` objects.

        Raises:
            QueryError: The query failed or tried to write.
        """
        import neo4j

        from kg.errors import QueryError

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(cypher, parameters or {})
            return list(result.keys()), [[_native(v) for v in record.values()] for record in result]

        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(work)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise QueryError(f"Cypher failed on Neo4j: {exc}") from exc

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()
