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
            connection, f"MATCH (n:`{label}`) WHERE n.`{m.key}` IN $keys RETURN {columns}", {"keys": batch})]
    return found


def _read_relationships(connection: ladybug.Connection, m: Mapping, wanted: dict[str, set[str]] | None = None
                        ) -> list[Relationship]:
    """Every relationship of the mapping (or those whose both ends are in ``wanted``, by label)."""
    rels = []
    for rtype, spec in m.relationships.items():
        for start, end in spec.pairs:
            query = (f"MATCH (a:`{start}`)-[r:`{rtype}`]->(b:`{end}`) RETURN a.`{m.key}`, b.`{m.key}`, r.`{m.sources_key}`")
            if wanted is None:
                rows = _rows(connection, query)
            else:
                starts, ends = sorted(wanted.get(start, ())), wanted.get(end, set())
                if not starts or not ends:
                    continue
                rows = []
                for offset in range(0, len(starts), _BATCH):
                    rows += [row for row in _rows(
                        connection, f"MATCH (a:`{start}`)-[r:`{rtype}`]->(b:`{end}`) WHERE a.`{m.key}` IN $keys "
                                    f"RETURN a.`{m.key}`, b.`{m.key}`, r.`{m.sources_key}`",
                        {"keys": starts[offset:offset + _BATCH]}) if row[1] in ends]
            rels += [Relationship(rtype, str(a), str(b), start, end, tuple(sources or ())) for a, b, sources in rows]
    rels.sort(key=lambda r: (r.type, r.start, r.end))
    return rels


def _open(path: Path) -> tuple[Any, Any]:
    import ladybug

    from kg.errors import MirrorError

    try:
        database = ladybug.Database(str(path), read_only=True)
    except RuntimeError as exc:
        raise MirrorError(f"cannot open {path}: {exc}") from exc
    return database, ladybug.Connection(database)


def read_projection(path: Path, mapping: Mapping) -> PropertyGraph:
    """Return the projection stored in the embedded database at ``path``, under ``mapping``.

    ``mapping`` is the shipped mapping or a restriction of it
    (:func:`kg.entity_network.restricted_mapping`): the result equals
    :func:`kg.projection.project` of the build's dataset under it.

    Raises:
        MirrorError: The database cannot be opened.
    """
    database, connection = _open(path)
    try:
        nodes = [node for label in mapping.nodes for node in _read_nodes(connection, mapping, label)]
        rels = _read_relationships(connection, mapping)
    finally:
        connection.close()
        database.close()
    nodes.sort(key=lambda n: (n.label, n.iri))
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=mapping)


def read_around(path: Path, mapping: Mapping, seeds: Iterable[str], *, hops: int, stop: Iterable[str] = (),
                skip: Iterable[str] = ()) -> PropertyGraph:
    """Return the part of the stored projection within ``hops`` relationships of ``seeds``.

    The walk ignores direction; it reaches nodes of the ``stop`` labels but does not walk on
    from them (other than from a seed), and never enters nodes of the ``skip`` labels.
    Then one more step adds what the nodes reached point at (their values, a post's role),
    and the sources of everything (the nodes named by its ``sources``). The result holds
    those nodes, as the full projection has them, and every relationship between two of them.

    Raises:
        MirrorError: The database cannot be opened.
    """
    stop_labels, skip_labels = set(stop), set(skip)
    database, connection = _open(path)
    try:
        label_of: dict[str, str] = {}
        for label in mapping.nodes:
            for start in range(0, len(seeds_list := sorted(set(seeds))), _BATCH):
                for (iri,) in _rows(connection, f"MATCH (n:`{label}`) WHERE n.`{mapping.key}` IN $keys RETURN n.`{mapping.key}`",
                                    {"keys": seeds_list[start:start + _BATCH]}):
                    label_of[str(iri)] = label
        seed_set = set(label_of)
        frontier = dict(label_of)
        for _ in range(hops):
            walk = {i: lbl for i, lbl in frontier.items() if lbl not in stop_labels or i in seed_set}
            following = _neighbours(connection, mapping, walk, both=True)
            frontier = {i: lbl for i, lbl in following.items() if i not in label_of and lbl not in skip_labels}
            label_of.update(frontier)
        # What the reached nodes point at (a region's statistics, a post's role and organization).
        pointed = _neighbours(connection, mapping, label_of, both=False)
        label_of.update({i: lbl for i, lbl in pointed.items() if i not in label_of})
        by_label: dict[str, list[str]] = defaultdict(list)
        for iri, label in label_of.items():
            by_label[label].append(iri)
        nodes = [n for label, iris in by_label.items() for n in _read_nodes(connection, mapping, label, sorted(iris))]
        sources = {s for n in nodes for s in n.sources} - set(label_of)
        known = _labels_of(connection, mapping, sources)
        for label in sorted(set(known.values())):
            nodes += _read_nodes(connection, mapping, label, sorted(i for i, lbl in known.items() if lbl == label))
        wanted: dict[str, set[str]] = defaultdict(set)
        for n in nodes:
            wanted[n.label].add(n.iri)
        rels = _read_relationships(connection, mapping, wanted)
    finally:
        connection.close()
        database.close()
    nodes.sort(key=lambda n: (n.label, n.iri))
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=mapping)


def _labels_of(connection: ladybug.Connection, m: Mapping, iris: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    keys = sorted(iris)
    for label in m.nodes:
        for start in range(0, len(keys), _BATCH):
            for (iri,) in _rows(connection, f"MATCH (n:`{label}`) WHERE n.`{m.key}` IN $keys RETURN n.`{m.key}`",
                                {"keys": keys[start:start + _BATCH]}):
                found[str(iri)] = label
    return found


def _neighbours(connection: ladybug.Connection, m: Mapping, nodes: dict[str, str], *, both: bool) -> dict[str, str]:
    """Return the nodes one relationship away from ``nodes`` (IRI -> label): outgoing, or both ways."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for iri, label in nodes.items():
        by_label[label].append(iri)
    found: dict[str, str] = {}
    for rtype, spec in m.relationships.items():
        for start, end in spec.pairs:
            for near, far, arrow in ((start, end, "out"), (end, start, "in")):
                if arrow == "in" and not both:
                    continue
                keys = sorted(by_label.get(near, ()))
                pattern = (f"(a:`{start}`)-[:`{rtype}`]->(b:`{end}`)")
                this, other = ("a", "b") if arrow == "out" else ("b", "a")
                for offset in range(0, len(keys), _BATCH):
                    for (iri,) in _rows(connection, f"MATCH {pattern} WHERE {this}.`{m.key}` IN $keys "
                                                    f"RETURN DISTINCT {other}.`{m.key}`", {"keys": keys[offset:offset + _BATCH]}):
                        found[str(iri)] = far
    return found
