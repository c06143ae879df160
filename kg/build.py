"""Build the knowledge graph from curated records and write its files.

``build_graph`` reads and validates every record first (reporting all problems), then loads
the ontology, the gazetteer and one named graph per source. ``write_build`` serializes
everything in memory before it touches the output folder, and writes each file through a
temporary file and a rename, so a failed build leaves the previous output untouched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.dataset import KnowledgeGraph, TripleBuffer, atomic_write
from kg.gazetteer import gazetteer
from kg.loaders.gazetteer import GAZETTEER_GRAPH, emit_gazetteer
from kg.loaders.records import emit_record, read_records
from kg.ontology import ONTOLOGY_FILES
from kg.resources import ontology_dir, project_data_dir
from kg.vocab import ONTOLOGY

__all__ = ["BuildResult", "build_graph", "write_build", "default_record_paths", "DATASET_FILE", "TURTLE_FILE", "STATS_FILE"]

DATASET_FILE = "jejaring.trig"
TURTLE_FILE = "jejaring.ttl"
STATS_FILE = "stats.json"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and counted."""

    output_dir: Path
    files: list[Path]
    stats: dict[str, object]


def default_record_paths() -> list[Path]:
    """Return the shipped seed records folder."""
    return [project_data_dir() / "records"]


def build_graph(paths: Iterable[Path] | None = None) -> KnowledgeGraph:
    """Load records (and the ontology and gazetteer) into a new dataset.

    Args:
        paths: Record files or folders; the shipped seed records by default.

    Raises:
        RecordError: Any record is invalid; nothing is built.
    """
    items = read_records(list(paths) if paths is not None else default_record_paths())
    graph = KnowledgeGraph()
    for name in ONTOLOGY_FILES:
        graph.add_turtle(ONTOLOGY, ontology_dir() / name)
    buffer = TripleBuffer()
    emit_gazetteer(gazetteer(), buffer)
    graph.add_triples(GAZETTEER_GRAPH, buffer)
    for item in items:
        buffer = TripleBuffer()
        emit_record(item, buffer)
        graph.add_triples(item.source_iri, buffer)
    return graph


def graph_stats(graph: KnowledgeGraph) -> dict[str, object]:
    """Return counts of the dataset: quads, triples per graph kind, instances per class."""
    sources = list(graph.iter_sources())
    return {
        "quads": len(graph),
        "named_graphs": len(graph.graph_names()),
        "news_sources": len([s for s in sources if s != str(GAZETTEER_GRAPH)]),
        "classes": graph.class_counts(),
    }


def write_build(graph: KnowledgeGraph, output_dir: Path, *, embedded: bool = False) -> BuildResult:
    """Write the TriG dataset, the merged Turtle and the stats file into ``output_dir``.

    With ``embedded``, also write the embedded Cypher database (LadybugDB) derived from it.
    """
    stats = graph_stats(graph)
    payloads = {
        DATASET_FILE: graph.serialize("trig"),
        TURTLE_FILE: graph.serialize("ttl"),
        STATS_FILE: (json.dumps(stats, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    }
    files = []
    for name, data in payloads.items():
        target = output_dir / name
        atomic_write(target, data)
        files.append(target)
    if embedded:
        from kg.embedded import EMBEDDED_FILE, write_embedded

        write_embedded(graph, output_dir / EMBEDDED_FILE)
        files.append(output_dir / EMBEDDED_FILE)
    return BuildResult(output_dir=output_dir, files=files, stats=stats)


def _newest_input_mtime(paths: Iterable[Path]) -> float:
    from kg.loaders.records import record_files

    files = record_files(paths)
    return max((p.stat().st_mtime for p in files), default=0.0)


def build_outputs(paths: list[Path] | None, output_dir: Path, *, embedded: bool = True) -> BuildResult:
    """Build the graph from ``paths`` and write every output into ``output_dir``.

    Args:
        paths: Record files or folders; the seed records by default.
        output_dir: Where to write.
        embedded: Also write the embedded Cypher database (``jejaring.lbug``).
    """
    graph = build_graph(paths)
    return write_build(graph, output_dir, embedded=embedded)


def open_graph(build_dir: Path, paths: list[Path] | None = None) -> KnowledgeGraph:
    """Return the built graph, building it first if it is missing or older than the records."""
    dataset = build_dir / DATASET_FILE
    sources = paths or default_record_paths()
    if dataset.exists() and dataset.stat().st_mtime >= _newest_input_mtime(sources):
        return KnowledgeGraph.load(dataset)
    build_outputs(paths, build_dir)
    return KnowledgeGraph.load(dataset)
