"""Validate records in one run — schema, references and SHACL — reported as ``file:line``.

:func:`validate_records` reads every file (schema and reference problems of all files
together), builds the graph of the files that passed, runs the SHACL shapes on it and places
each SHACL result at the line of the record entry that produced its focus node. It also
returns the identity warnings of :mod:`kg.loaders.identity`. :func:`validate_graph` runs the
shapes on any built dataset.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.dataset import KnowledgeGraph, TripleBuffer
from kg.errors import OntologyError, RecordError, RecordProblem
from kg.resources import ontology_dir
from kg.vocab import JJ

if TYPE_CHECKING:
    from kg.loaders.records import LoadedRecord, ReadRecords

__all__ = ["Violation", "ValidationReport", "validate_graph", "validate_records", "shapes_graph", "graph_of",
           "read_graph"]

_RECORD_FILES_OF = f"""
SELECT DISTINCT ?focus ?file WHERE {{
    GRAPH ?g {{ ?focus ?p ?o }}
    ?g <{JJ.recordFile}> ?file .
}} ORDER BY ?file
"""


_NAME_OF = f"SELECT ?focus ?name WHERE {{ ?focus <{JJ.name}> ?name }}"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong, where it was written."""

    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None
    record_files: tuple[str, ...]
    location: str | None = None
    focus_name: str | None = None

    def __str__(self) -> str:
        where = self.location or ", ".join(self.record_files) or "(no record file)"
        severity = "" if self.severity == "Violation" else f"{self.severity.lower()}: "
        prop = f" {self.path.rsplit('#', 1)[-1]}" if self.path else ""
        focus = f"{self.focus_name!r}" if self.focus_name else self.focus
        return f"{where}: {severity}{self.message} (at {focus}{prop})"


@dataclass(frozen=True)
class ValidationReport:
    """Everything one validation run found."""

    problems: list[RecordProblem] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    warnings: list[RecordProblem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        """True when no file has a problem and the graph conforms (warnings allowed)."""
        return not self.problems and not any(v.severity == "Violation" for v in self.violations)

    def lines(self) -> list[str]:
        """Every problem, violation and warning as one ``file:line: message`` line each, by file and line."""
        entries: list[tuple[str, int, str]] = []
        for problem in [*self.problems, *self.warnings]:
            entries.append((str(problem.path), problem.line, str(problem)))
        for violation in self.violations:
            location = violation.location or ""
            file, _, line = location.rpartition(":")
            entries.append((file or location, int(line) if line.isdigit() else 0, str(violation)))
        return [text for _, _, text in sorted(entries)]


@cache
def shapes_graph() -> Graph:
    """Return the SHACL shapes (``ontology/shapes.ttl``)."""
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def _as_rdflib(graph: KnowledgeGraph) -> Graph:
    data = Graph()
    data.parse(data=graph.serialize("nt").decode("utf-8"), format="nt")
    return data


@cache
def _core_shapes() -> Graph:
    from kg.shacl_sparql import core_shapes

    return core_shapes(shapes_graph())


def _results(graph: KnowledgeGraph) -> list[tuple[URIRef | BNode, str | None, str | None, str, str]]:
    """Every SHACL result as (focus, path, value, severity IRI, message).

    pySHACL checks the core constraints; the SPARQL constraints run natively in Oxigraph, one
    query each for all focus nodes (:mod:`kg.shacl_sparql`), with the results pySHACL gives.
    """
    import pyshacl  # heavy: imported only when validating

    from kg.shacl_sparql import evaluate, sparql_constraints

    _conforms, report, text = pyshacl.validate(
        _as_rdflib(graph), shacl_graph=_core_shapes(), inference="none", advanced=True, allow_warnings=True
    )
    if not isinstance(report, Graph):  # pyshacl reports a broken shapes file this way
        raise OntologyError(f"ontology/shapes.ttl cannot be used: {text}")
    found: list[tuple[URIRef | BNode, str | None, str | None, str, str]] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        found.append((focus if isinstance(focus, (URIRef, BNode)) else BNode(str(focus)),
                      str(path) if isinstance(path, URIRef) else None,
                      None if value is None else str(value),
                      str(severity or SH.Violation),
                      str(report.value(result, SH.resultMessage) or "constraint violated")))
    for constraint in sparql_constraints(shapes_graph()):
        for hit in evaluate(constraint, graph):
            node = URIRef(hit.focus.value) if isinstance(hit.focus, ox.NamedNode) else BNode(hit.focus.value)
            found.append((node, hit.path, hit.value, hit.severity, hit.message))
    return found


def validate_graph(graph: KnowledgeGraph, items: Sequence[LoadedRecord] = ()) -> list[Violation]:
    """Validate the union of all graphs against the shapes; return violations, sorted.

    The ontology graph is part of the data, so class targets reach subclasses.

    Args:
        graph: The built dataset.
        items: The records it was built from; when given (and emitted), each violation gets
            the ``file:line`` of the entry that produced its focus node.

    Raises:
        OntologyError: The shapes file cannot be used.
    """
    origins: dict[str, tuple[Path, int]] = {}
    for item in items:
        for iri in item.origins:
            line = item.line_of_iri(iri)
            if line is not None:
                origins.setdefault(str(iri), (item.path, line))
    violations = []
    for focus, path, value, severity, message in _results(graph):
        files: tuple[str, ...] = ()
        names: list[str] = []
        if isinstance(focus, URIRef):
            files = tuple(str(row["file"].value) for row in graph.select(_RECORD_FILES_OF, focus=focus))
            names = [str(row["name"].value) for row in graph.select(_NAME_OF, focus=focus)]
        origin = origins.get(str(focus))
        violations.append(Violation(
            focus=str(focus),
            path=path,
            message=message,
            severity=severity.rsplit("#", 1)[-1],
            value=value,
            record_files=files,
            location=None if origin is None else f"{origin[0]}:{origin[1]}",
            focus_name=min(names) if names else None,
        ))
    return sorted(violations, key=lambda v: (v.record_files, v.focus, v.path or "", v.message))


def _add_base(graph: KnowledgeGraph, place_codes: list[str]) -> KnowledgeGraph:
    """Add the ontology and the gazetteer graph (with the places named) to ``graph``."""
    from kg.gazetteer import gazetteer
    from kg.loaders.gazetteer import GAZETTEER_GRAPH, emit_gazetteer
    from kg.ontology import ONTOLOGY_FILES
    from kg.vocab import ONTOLOGY

    for name in ONTOLOGY_FILES:
        graph.add_turtle(ONTOLOGY, ontology_dir() / name)
    buffer = TripleBuffer()
    emit_gazetteer(gazetteer(), buffer)
    if place_codes:
        from kg.loaders.gazetteer import emit_places

        emit_places(place_codes, buffer)
    graph.add_triples(GAZETTEER_GRAPH, buffer)
    return graph


def graph_of(items: Iterable[LoadedRecord]) -> KnowledgeGraph:
    """Build the dataset of already-read records: ontology, gazetteer, referenced places, records."""
    from kg.loaders.records import emit_record, referenced_place_codes

    items = list(items)
    graph = _add_base(KnowledgeGraph(), referenced_place_codes(items))
    for item in items:
        buffer = TripleBuffer()
        emit_record(item, buffer)
        graph.add_triples(item.source_iri, buffer)
    return graph


def read_graph(paths: Iterable[Path], *, keep_items: bool = False) -> tuple[ReadRecords, KnowledgeGraph]:
    """Read the records of ``paths`` and build their dataset, as ``graph_of(read_records(paths))`` does.

    Many records are read by worker processes (:func:`kg.loaders.records.read_for_build`)
    while this process loads their triples.

    Args:
        paths: Record files or folders.
        keep_items: Keep the loaded records in the result (SHACL needs them).

    Raises:
        RecordError: Any record is invalid (every problem listed); nothing is built.
    """
    from kg.loaders.records import read_for_build

    graph = KnowledgeGraph()
    read = read_for_build(paths, keep_items=keep_items, sink=graph.add_nquads)
    if read.problems:
        raise RecordError(read.problems)
    return read, _add_base(graph, read.place_codes())


def validate_records(paths: Iterable[Path]) -> ValidationReport:
    """Check records in one run: schema and references of every file, then SHACL on the good ones.

    Returns:
        The report: record problems, SHACL violations placed at ``file:line``, identity warnings.
    """
    from kg.loaders.identity import identity_warnings
    from kg.loaders.records import check_records, record_files

    files = record_files(list(paths))
    items, problems = check_records(files)
    violations = validate_graph(graph_of(items), items) if items else []
    return ValidationReport(problems=problems, violations=violations, warnings=identity_warnings(items),
                            files=len(files))
