"""The projection read back from a build's embedded database, whole or around some nodes.

``kg build`` projects the RDF dataset once (:func:`kg.projection.project`) and loads the
property graph into ``jejaring.lbug`` (:mod:`kg.embedded`). Re-projecting the on-disk store for
every map reads every quad again (minutes at 100,000 records); reading the columns a map needs
from the embedded database takes seconds. What comes back is the same
:class:`~kg.projection.PropertyGraph` — same nodes (label, key, kind, properties, sources),
same relationships — so everything downstream (:func:`kg.network.region_network_of`,
:func:`kg.entity_network.network_of_projection`) is unchanged: there is still one projection,
written at build time.

:func:`read_projection` reads every node and relationship of a (restricted) mapping;
:func:`read_around` reads only the nodes within some hops of a few seeds (for the
neighbourhood maps) and the relationships among them. Queries pass their values as
parameters; labels and relationship types come from the mapping, never from input.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence, Set
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from kg.mapping import Mapping
from kg.projection import Node, PropertyGraph, Relationship
from kg.vocab import JJ

if TYPE_CHECKING:
    import ladybug

    from kg.dataset import KnowledgeGraph

__all__ = ["embedded_database_of", "read_projection", "read_around", "read_topics", "read_reachable", "read_pointing"]

_BATCH = 5_000  # keys per `IN $keys` lookup
# How much the engine may grow while a map reads around some nodes before the database is
# closed and opened again: it keeps every table a query touched in memory until it is closed
# (20–60 MB a relationship table at 100,000 records, 1.6 GB for all of them).
ENGINE_GROWTH = 384 * 2**20


class _Reopening:
    """A read-only connection to the database at ``path`` that closes and opens the database
    again before a query once the process has grown by :data:`ENGINE_GROWTH` since it was
    opened (the engine frees what it holds only when closed)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._open: ExitStack | None = None
        self._connection: ladybug.Connection | None = None
        self._opened_at = 0
        self.reopened = 0

    def execute(self, text: str, parameters: dict[str, Any]) -> Any:
        if self._open is not None and _resident() - self._opened_at > ENGINE_GROWTH:
            self.close()
            self.reopened += 1
        if self._open is None or self._connection is None:
            from kg.embedded import open_database

            self._open = ExitStack()
            # One thread: a map asks thousands of small index lookups, which more threads only slow down.
            self._connection = self._open.enter_context(open_database(self._path, threads=1))
            self._opened_at = _resident()
        return self._connection.execute(text, parameters=parameters)

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = self._connection = None


def _resident() -> int:
    """The process's resident memory in bytes (0 where /proc is not there: never reopen)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * 4096
    except (OSError, ValueError, IndexError):
        return 0


def embedded_database_of(graph: KnowledgeGraph) -> Path | None:
    """Return the embedded database written with ``graph`` (a build), or None.

    Only a build opened with :func:`kg.build.open_build` that lists ``jejaring.lbug`` among its
    outputs has one; an in-memory dataset or a build made with ``--no-embedded`` has not.
    """
    path = getattr(graph, "embedded_path", None)
    manifest = getattr(graph, "manifest", None)
    if not isinstance(path, Path) or not isinstance(manifest, dict):
        return None
    if path.name not in manifest.get("outputs", {}) or not path.is_file():
        return None
    return path


_Connection: TypeAlias = Union["ladybug.Connection", _Reopening]


def _rows(connection: _Connection, text: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
    result = connection.execute(text, parameters=params or {})
    if isinstance(result, list):  # one statement at a time: never a list here
        raise TypeError("one statement expected")
    try:
        return [list(row) for row in result.get_all()]
    finally:
        result.close()  # now: a map runs with the garbage collector paused, and the engine's buffers would wait for it


def _node_columns(m: Mapping, label: str) -> list[str]:
    return [m.key, m.kind_key, *(p.key for p in m.nodes[label].properties), m.sources_key]


def _node(m: Mapping, label: str, row: list[Any]) -> Node:
    keys = [p.key for p in m.nodes[label].properties]
    values = dict(zip(keys, row[2:-1], strict=True))
    return Node(label, str(row[0]), str(row[1]), values, tuple(row[-1] or ()))


def _read_nodes(connection: _Connection, m: Mapping, label: str, keys: list[str] | None = None,
                only: Set[str] | None = None) -> list[Node]:
    """The nodes of ``label`` (those of ``keys``); with ``only``, just those properties (the
    others None) and no sources."""
    if only is not None:
        wanted = [p.key for p in m.nodes[label].properties if p.key in only]
        columns = ", ".join(f"n.`{c}`" for c in [m.key, m.kind_key, *wanted])
        every = dict.fromkeys(p.key for p in m.nodes[label].properties)
        return [Node(label, str(row[0]), str(row[1]), {**every, **dict(zip(wanted, row[2:], strict=True))}, ())
                for row in _batched(connection, f"UNWIND $keys AS k MATCH (n:`{label}` {{`{m.key}`: k}}) RETURN {columns}",
                                    keys or [])]
    columns = ", ".join(f"n.`{c}`" for c in _node_columns(m, label))
    if keys is None:
        return [_node(m, label, row) for row in _rows(connection, f"MATCH (n:`{label}`) RETURN {columns}")]
    found = []
    for start in range(0, len(keys), _BATCH):
        batch = keys[start:start + _BATCH]
        found += [_node(m, label, row) for row in _rows(
            connection, f"UNWIND $keys AS k MATCH (n:`{label}` {{`{m.key}`: k}}) RETURN {columns}", {"keys": batch})]
    return found


def _read_relationships(connection: _Connection, m: Mapping, *, sources: bool = True) -> list[Relationship]:
    """Every relationship of the mapping's types and label pairs (with or without sources)."""
    rels = []
    for rtype, spec in m.relationships.items():
        for start, end in spec.pairs:
            listed = f"r.`{m.sources_key}`" if sources else "NULL"
            rows = _rows(connection, f"MATCH (a:`{start}`)-[r:`{rtype}`]->(b:`{end}`) "
                                     f"RETURN a.`{m.key}`, b.`{m.key}`, {listed}")
            rels += [Relationship(rtype, str(a), str(b), start, end, tuple(found or ())) for a, b, found in rows]
    rels.sort(key=lambda r: (r.type, r.start, r.end))
    return rels


def read_projection(path: Path, mapping: Mapping, *, bare: Iterable[str] = (),
                    relationship_sources: bool = True) -> PropertyGraph:
    """Return the projection stored in the embedded database at ``path``, under ``mapping``.

    ``mapping`` is the shipped mapping or a restriction of it
    (:func:`kg.entity_network.restricted_mapping`): the result equals
    :func:`kg.projection.project` of the build's dataset under it.

    Args:
        path: The ``.lbug`` file.
        mapping: The (restricted) mapping.
        bare: Labels whose nodes come with key and kind only (properties None, no sources),
            apart from those another node names as a source, which come whole: for a reader
            that needs less than the projection (the region network needs an article's kind).
        relationship_sources: False leaves every relationship's sources empty.

    Raises:
        MirrorError: The database cannot be opened.
    """
    bare_labels = set(bare)
    from kg.embedded import open_database

    with open_database(path) as connection:
        nodes = [node for label in mapping.nodes if label not in bare_labels
                 for node in _read_nodes(connection, mapping, label)]
        named = {s for n in nodes for s in n.sources}
        for label in sorted(bare_labels & set(mapping.nodes)):
            props = dict.fromkeys(p.key for p in mapping.nodes[label].properties)
            kinds = _rows(connection, f"MATCH (n:`{label}`) RETURN n.`{mapping.key}`, n.`{mapping.kind_key}`")
            nodes += [Node(label, str(iri), str(kind), dict(props), ()) for iri, kind in kinds if iri not in named]
            nodes += _read_nodes(connection, mapping, label, sorted(named & {str(iri) for iri, _ in kinds}))
        rels = _read_relationships(connection, mapping, sources=relationship_sources)
    nodes.sort(key=lambda n: (n.label, n.iri))
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=mapping)


def read_around(path: Path, mapping: Mapping, seeds: Iterable[str], *, hops: int, stop: Iterable[str] = (),
                skip: Iterable[str] = (), free: Iterable[str] = (), blocked: Iterable[str] = (),
                lend: Iterable[str] = (), backwards: Iterable[str] = (), limit: int | None = None,
                probe: bool = False, source_keys: Iterable[str] | None = None) -> tuple[PropertyGraph, int]:
    """Return the part of the stored projection within ``hops`` steps of ``seeds``.

    The walk goes both ways along relationships; entering a node costs one step. A node of
    the ``free`` labels (a post, a participation: what a tie between two of the nodes it
    points at is made of) costs none, is entered only from a node it points at and is left
    only along its own relationships, not those of the ``blocked`` types (a post's role).
    The walk reaches nodes of the ``stop`` labels but does not go on from them (other than
    from a seed), and never enters nodes of the ``skip`` labels. Then one more step adds what
    every node reached points at (a region's statistics; of the free nodes, only those of the
    ``lend`` labels, which lend facts to a node they point at: a post's role and
    organization), the start of every ``backwards`` relationship that ends at one (a
    delegation's event), and the nodes named by their ``sources``. The result holds those nodes as the whole
    projection has them, and every relationship between two of them; with ``source_keys``,
    the news articles named as sources come with those properties only (a map shows an
    article's headline and address: at 100,000 records the 72,955 articles around Kota
    Pontianak took a third of the reading).

    ``mapping`` must be the mapping the database was written with (the shipped one). Every
    step is asked relationship type by relationship type, with both labels named (a pattern
    with an open label or type makes the engine join every table: seconds and gigabytes a
    step at 100,000 records), and the database is opened again whenever the engine has grown by :data:`ENGINE_GROWTH`.

    With a ``limit``, the walk stops before a step that would take it past that many nodes
    (sources not counted), so the part is the part of fewer steps; with ``probe``, it then
    reads nothing more and returns an empty part (the caller shows something else).

    Returns:
        The part, and the number of steps it covers (``hops`` unless the limit stopped it).

    Raises:
        MirrorError: The database cannot be opened.
    """
    stop_labels, skip_labels, free_labels, blocked_types, lending = set(stop), set(skip), set(free), set(blocked), set(lend)
    connection = _Reopening(path)
    try:
        label_of = _labels_of(connection, mapping, sorted(set(seeds)))
        seed_set = set(label_of)
        level = dict(label_of)
        reached = hops
        for step in range(hops + 1):
            following: dict[str, str] = {}
            halfway: dict[str, str] = {}
            walk = {i: lbl for i, lbl in level.items() if lbl not in stop_labels or i in seed_set}

            def over() -> bool:  # past the limit already: the rest of the step would be read in vain
                return limit is not None and bool(following) and len(label_of) + len(following) > limit

            for outgoing in (True, False):
                for rows in _typed_batches(connection, mapping, walk, outgoing=outgoing, skip=skip_labels):
                    for _, rtype, iri, label in rows:
                        if iri in label_of:
                            continue
                        if label in free_labels:
                            if not outgoing:
                                halfway[iri] = label_of[iri] = label
                        elif step < hops:
                            following[iri] = label
                    if over():
                        break
                if over():
                    break
            if step < hops and not over():
                for rows in _typed_batches(connection, mapping, halfway, outgoing=True, skip=skip_labels | free_labels):
                    following.update((iri, label) for _, rtype, iri, label in rows
                                     if iri not in label_of and rtype not in blocked_types)
                    if over():
                        break
            if over():
                reached = step
                if probe:
                    return PropertyGraph(nodes=[], relationships=[], mapping=mapping), reached
                break
            label_of.update(following)
            level = following
        pointing = {i: lbl for i, lbl in label_of.items() if lbl not in free_labels or lbl in lending}
        pointed = _typed(connection, mapping, pointing, outgoing=True)
        pointed += _typed(connection, mapping, pointing, outgoing=False, types=set(backwards))
        for _, _, iri, label in pointed:
            label_of.setdefault(iri, label)
        nodes = _nodes_of(connection, mapping, label_of)
        named = sorted({s for n in nodes for s in n.sources} - set(label_of))
        source_label = mapping.class_labels.get(JJ.NewsArticle)
        sources = (_read_nodes(connection, mapping, source_label, named, only=None if source_keys is None else set(source_keys))
                   if source_label in mapping.nodes else [])
        label_of.update((n.iri, n.label) for n in sources)
        more = _labels_of(connection, mapping, [s for s in named if s not in label_of])
        nodes += sources + _nodes_of(connection, mapping, more)
        label_of.update(more)
        rels = [Relationship(rtype, a, b, label_of[a], label, srcs)
                for a, rtype, b, label, srcs in _typed(connection, mapping, label_of, outgoing=True,
                                                       only=set(label_of.values()), sources=True)
                if b in label_of]
    finally:
        connection.close()
    nodes.sort(key=lambda n: (n.label, n.iri))
    rels.sort(key=lambda r: (r.type, r.start, r.end))
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=mapping), reached


def read_topics(path: Path, mapping: Mapping, topic: str, topics: Iterable[str]) -> set[str]:
    """Return the nodes with a ``topic`` relationship to one of ``topics`` (keys), one query
    per pair of labels the relationship type joins.

    Raises:
        MirrorError: The database cannot be opened.
    """
    connection = _Reopening(path)
    try:
        label_of = _labels_of(connection, mapping, sorted(set(topics)))
        return {iri for _, _, iri, _ in _typed(connection, mapping, label_of, outgoing=False, types={topic})}
    finally:
        connection.close()


def read_pointing(path: Path, mapping: Mapping, keys: Iterable[str], paths: Iterable[Sequence[str]]) -> set[str]:
    """Return the nodes from which one of ``paths`` (relationship types, in order) leads to
    one of ``keys``: each path walked backwards from the keys, type by type (the evidence of
    a region's ties: an event whose delegation comes from it, an agreement it is party to).

    Raises:
        MirrorError: The database cannot be opened.
    """
    connection = _Reopening(path)
    try:
        targets = _labels_of(connection, mapping, sorted(set(keys)))
        found: set[str] = set()
        for types in paths:
            level = dict(targets)
            for rtype in reversed(list(types)):
                level = {iri: label for _, _, iri, label in _typed(connection, mapping, level, outgoing=False,
                                                                   types={rtype})}
            found.update(level)
        return found
    finally:
        connection.close()


def read_reachable(path: Path, mapping: Mapping, keys: Iterable[str], *, steps: int, whole: Iterable[str] = ()
                   ) -> PropertyGraph:
    """Return the part of a (restricted) projection reachable from ``keys`` along its relationships.

    The part holds the nodes of ``keys`` (those of the mapping's labels), every node reached
    from them in at most ``steps`` steps along the mapping's relationships (forwards only),
    every node of the ``whole`` labels, and the relationships among those nodes; each with
    the mapping's properties. The sources these nodes name (other than those of the ``whole``
    labels, which keep their list but are not read) come with key and kind only (properties
    None), as :func:`read_projection` reads ``bare`` labels: what :func:`kg.network.region_network_of`
    needs of the ties of some evidence, read without the rest of the network.

    Raises:
        MirrorError: The database cannot be opened.
    """
    connection = _Reopening(path)
    try:
        whole_labels = [label for label in whole if label in mapping.nodes]
        nodes = [node for label in whole_labels for node in _read_nodes(connection, mapping, label)]
        label_of = {n.iri: n.label for n in nodes}
        found = {i: lbl for i, lbl in _labels_of(connection, mapping, sorted(set(keys))).items() if lbl in mapping.nodes}
        level = {i: lbl for i, lbl in found.items() if i not in label_of}
        for _ in range(steps):
            label_of.update(level)
            following = {iri: label for _, _, iri, label in _typed(connection, mapping, level, outgoing=True)
                         if iri not in label_of}
            level = following
        label_of.update(level)
        read = {i: lbl for i, lbl in label_of.items() if lbl not in whole_labels}
        nodes += _nodes_of(connection, mapping, read)
        rels = [Relationship(rtype, a, b, label_of[a], label, ())
                for a, rtype, b, label in _typed(connection, mapping, label_of, outgoing=True,
                                                 only=set(label_of.values()), pairs=True)
                if b in label_of]
        named = sorted({s for n in nodes if n.label not in whole_labels for s in n.sources} - set(label_of))
        source_label = mapping.class_labels.get(JJ.NewsArticle)  # what sources nearly always are: asked first
        bare = (_read_nodes(connection, mapping, source_label, named, only=frozenset())
                if source_label in mapping.nodes else [])
        known = {n.iri for n in bare}
        others: dict[str, list[str]] = defaultdict(list)
        for iri, label in _labels_of(connection, mapping, [k for k in named if k not in known]).items():
            others[label].append(iri)
        bare += [n for label, keys in sorted(others.items()) for n in _read_nodes(connection, mapping, label, keys,
                                                                                  only=frozenset())]
        nodes += bare
    finally:
        connection.close()
    nodes.sort(key=lambda n: (n.label, n.iri))
    rels.sort(key=lambda r: (r.type, r.start, r.end))
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=mapping)


def _labels_of(connection: _Connection, m: Mapping, keys: list[str]) -> dict[str, str]:
    """Return the label of each node of ``keys`` found: looked up by key label by label (an
    index lookup each; a match without a label reads every table, seconds at 100,000 records)."""
    found: dict[str, str] = {}
    for label in m.nodes:
        rest = [k for k in keys if k not in found]
        if not rest:
            break
        found.update((str(i), label) for (i,) in _batched(
            connection, f"UNWIND $keys AS k MATCH (n:`{label}` {{`{m.key}`: k}}) RETURN n.`{m.key}`", rest))
    return found


def _typed(connection: _Connection, m: Mapping, label_of: dict[str, str], *, outgoing: bool,
           types: set[str] | None = None, skip: Set[str] = frozenset(), only: Set[str] | None = None,
           sources: bool = False, pairs: bool = False) -> list[Any]:
    """All the rows of :func:`_typed_batches`."""
    return [row for rows in _typed_batches(connection, m, label_of, outgoing=outgoing, types=types, skip=skip,
                                           only=only, sources=sources, pairs=pairs) for row in rows]


def _typed_batches(connection: _Connection, m: Mapping, label_of: dict[str, str], *, outgoing: bool,
                   types: set[str] | None = None, skip: Set[str] = frozenset(), only: Set[str] | None = None,
                   sources: bool = False, pairs: bool = False) -> Iterator[list[Any]]:
    """The relationships from (``outgoing``) or to the nodes of ``label_of``, type by type.

    Each query names the relationship type and both labels, so the engine reads only that
    table. Returns ``(node, type, other node, other's label)`` rows (distinct), with the
    relationship's sources as a fifth column when ``sources`` (``pairs``: every relationship,
    the first column filled, no fifth). ``types`` keeps those
    relationship types, ``skip`` leaves out other ends of those labels, ``only`` keeps other
    ends of those labels.
    """
    by_label: dict[str, list[str]] = defaultdict(list)
    for iri, label in label_of.items():
        by_label[label].append(iri)
    key = m.key
    for rtype, spec in m.relationships.items():
        if types is not None and rtype not in types:
            continue
        for start, end in spec.pairs:
            near, far = (start, end) if outgoing else (end, start)
            if near not in by_label or far in skip or (only is not None and far not in only):
                continue
            arrow = f"-[r:`{rtype}`]->" if outgoing else f"<-[r:`{rtype}`]-"
            if sources:
                text = (f"UNWIND $keys AS k MATCH (a:`{near}` {{`{key}`: k}}){arrow}(b:`{far}`) "
                        f"RETURN a.`{key}`, b.`{key}`, r.`{m.sources_key}`")
                yield [(str(a), rtype, str(b), far, tuple(found or ()))
                       for a, b, found in _batched(connection, text, sorted(by_label[near]))]
            elif pairs:
                text = (f"UNWIND $keys AS k MATCH (a:`{near}` {{`{key}`: k}}){arrow}(b:`{far}`) "
                        f"RETURN a.`{key}`, b.`{key}`")
                yield [(str(a), rtype, str(b), far) for a, b in _batched(connection, text, sorted(by_label[near]))]
            else:
                text = (f"UNWIND $keys AS k MATCH (a:`{near}` {{`{key}`: k}}){arrow}(b:`{far}`) "
                        f"RETURN DISTINCT b.`{key}`")
                yield [(None, rtype, str(b), far) for (b,) in _batched(connection, text, sorted(by_label[near]))]


def _batched(connection: _Connection, text: str, keys: list[str]) -> list[list[Any]]:
    """Run ``text`` (which reads ``$keys``) for the keys in batches; return all rows."""
    rows: list[list[Any]] = []
    for start in range(0, len(keys), _BATCH):
        rows += _rows(connection, text, {"keys": keys[start:start + _BATCH]})
    return rows


def _nodes_of(connection: _Connection, m: Mapping, label_of: dict[str, str]) -> list[Node]:
    by_label: dict[str, list[str]] = defaultdict(list)
    for iri, label in label_of.items():
        by_label[label].append(iri)
    return [n for label in sorted(by_label) for n in _read_nodes(connection, m, label, sorted(by_label[label]))]
