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
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.mapping import Mapping
from kg.projection import Node, PropertyGraph, Relationship

if TYPE_CHECKING:
    import ladybug

    from kg.dataset import KnowledgeGraph

__all__ = ["embedded_database_of", "read_projection", "read_around"]

_BATCH = 5_000  # keys per `IN $keys` lookup


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


def _rows(connection: ladybug.Connection, text: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
    result = connection.execute(text, parameters=params or {})
    if isinstance(result, list):  # one statement at a time: never a list here
        raise TypeError("one statement expected")
    return [list(row) for row in result.get_all()]


def _node_columns(m: Mapping, label: str) -> list[str]:
    return [m.key, m.kind_key, *(p.key for p in m.nodes[label].properties), m.sources_key]


def _node(m: Mapping, label: str, row: list[Any]) -> Node:
    keys = [p.key for p in m.nodes[label].properties]
    values = dict(zip(keys, row[2:-1], strict=True))
    return Node(label, str(row[0]), str(row[1]), values, tuple(row[-1] or ()))


def _read_nodes(connection: ladybug.Connection, m: Mapping, label: str, keys: list[str] | None = None) -> list[Node]:
    columns = ", ".join(f"n.`{c}`" for c in _node_columns(m, label))
    if keys is None:
        return [_node(m, label, row) for row in _rows(connection, f"MATCH (n:`{label}`) RETURN {columns}")]
    found = []
    for start in range(0, len(keys), _BATCH):
        batch = keys[start:start + _BATCH]
        found += [_node(m, label, row) for row in _rows(
            connection, f"UNWIND $keys AS k MATCH (n:`{label}` {{`{m.key}`: k}}) RETURN {columns}", {"keys": batch})]
    return found


def _read_relationships(connection: ladybug.Connection, m: Mapping, *, sources: bool = True) -> list[Relationship]:
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
                lend: Iterable[str] = (), backwards: Iterable[str] = (), limit: int | None = None
                ) -> tuple[PropertyGraph, int]:
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
    projection has them, and every relationship between two of them.

    ``mapping`` must be the mapping the database was written with (the shipped one).

    With a ``limit``, the walk stops before a step that would take it past that many nodes
    (sources not counted), so the part is the part of fewer steps.

    Returns:
        The part, and the number of steps it covers (``hops`` unless the limit stopped it).

    Raises:
        MirrorError: The database cannot be opened.
    """
    stop_labels, skip_labels, free_labels, blocked_types, lending = set(stop), set(skip), set(free), set(blocked), set(lend)
    from kg.embedded import open_database

    with open_database(path) as connection:
        key = mapping.key
        label_of = {str(i): str(lbl) for i, lbl in _batched(
            connection, f"UNWIND $keys AS k MATCH (n) WHERE n.`{key}` = k RETURN n.`{key}`, label(n)", sorted(set(seeds)))}
        seed_set = set(label_of)
        level = dict(label_of)
        reached = hops
        for step in range(hops + 1):
            following: dict[str, str] = {}
            halfway: dict[str, str] = {}
            walk = {i: lbl for i, lbl in level.items() if lbl not in stop_labels or i in seed_set}
            for direction in ("(a)-[r]->(b)", "(a)<-[r]-(b)"):
                for iri, label, _ in _per_label(connection, mapping, walk, direction,
                                                "DISTINCT b.`{key}`, label(b), label(r)"):
                    iri, label = str(iri), str(label)
                    if iri in label_of or label in skip_labels:
                        continue
                    if label in free_labels:
                        if direction.startswith("(a)<"):
                            halfway[iri] = label_of[iri] = label
                    elif step < hops:
                        following[iri] = label
            for iri, label, rtype in _per_label(connection, mapping, halfway, "(a)-[r]->(b)",
                                                "DISTINCT b.`{key}`, label(b), label(r)"):
                iri, label = str(iri), str(label)
                if (iri not in label_of and step < hops and label not in skip_labels | free_labels
                        and rtype not in blocked_types):
                    following[iri] = label
            if limit is not None and following and len(label_of) + len(following) > limit:
                reached = step
                break
            label_of.update(following)
            level = following
        pointing = {i: lbl for i, lbl in label_of.items() if lbl not in free_labels or lbl in lending}
        pointed = _per_label(connection, mapping, pointing, "(a)-[]->(b)", "DISTINCT b.`{key}`, label(b)")
        for rtype in sorted(set(backwards)):
            pointed += _per_label(connection, mapping, pointing, f"(a)<-[:`{rtype}`]-(b)", "DISTINCT b.`{key}`, label(b)")
        for iri, label in pointed:
            label_of.setdefault(str(iri), str(label))
        nodes = _nodes_of(connection, mapping, label_of)
        sources = sorted({s for n in nodes for s in n.sources} - set(label_of))
        more = {str(i): str(lbl) for i, lbl in _batched(
            connection, f"UNWIND $keys AS k MATCH (n) WHERE n.`{key}` = k RETURN n.`{key}`, label(n)", sources)}
        nodes += _nodes_of(connection, mapping, more)
        label_of.update(more)
        rels = [Relationship(str(rtype), str(a), str(b), str(la), str(lb), tuple(srcs or ()))
                for a, rtype, b, la, lb, srcs in _per_label(
                    connection, mapping, label_of, "(a)-[r]->(b)",
                    f"a.`{key}`, label(r), b.`{key}`, label(a), label(b), r.`{mapping.sources_key}`")
                if b in label_of]
    nodes.sort(key=lambda n: (n.label, n.iri))
    rels.sort(key=lambda r: (r.type, r.start, r.end))
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=mapping), reached


def _per_label(connection: ladybug.Connection, m: Mapping, label_of: dict[str, str], pattern: str,
               returns: str) -> list[list[Any]]:
    """Match ``pattern`` from each node ``a`` of ``label_of`` (looked up by key, label by label)."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for iri, label in label_of.items():
        by_label[label].append(iri)
    rows: list[list[Any]] = []
    for label in sorted(by_label):
        start = pattern.replace("(a)", f"(a:`{label}` {{`{m.key}`: k}})", 1)
        rows += _batched(connection, f"UNWIND $keys AS k MATCH {start} RETURN {returns.format(key=m.key)}",
                         sorted(by_label[label]))
    return rows


def _batched(connection: ladybug.Connection, text: str, keys: list[str]) -> list[list[Any]]:
    """Run ``text`` (which reads ``$keys``) for the keys in batches; return all rows."""
    rows: list[list[Any]] = []
    for start in range(0, len(keys), _BATCH):
        rows += _rows(connection, text, {"keys": keys[start:start + _BATCH]})
    return rows


def _nodes_of(connection: ladybug.Connection, m: Mapping, label_of: dict[str, str]) -> list[Node]:
    by_label: dict[str, list[str]] = defaultdict(list)
    for iri, label in label_of.items():
        by_label[label].append(iri)
    return [n for label in sorted(by_label) for n in _read_nodes(connection, m, label, sorted(by_label[label]))]
