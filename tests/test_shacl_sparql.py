"""The SPARQL constraints run natively in Oxigraph give exactly the results pySHACL gives.

:mod:`kg.shacl_sparql` evaluates each ``sh:sparql`` constraint of ``ontology/shapes.ttl`` once
for all focus nodes; these tests run the whole shapes file through pySHACL (SPARQL included,
one query per focus node as pySHACL does) and compare every result: focus, path, value,
severity and message.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.build import build_graph
from kg.dataset import KnowledgeGraph
from kg.shacl_sparql import core_shapes, sparql_constraints
from kg.validation import _as_rdflib, shapes_graph, validate_graph

SHACL_CASES = Path(__file__).parent / "data" / "shacl"
RECORDS = Path(__file__).parent.parent / "data" / "records"

Result = tuple[str, str | None, str | None, str, str]


def _pyshacl_alone(graph: KnowledgeGraph) -> set[Result]:
    _conforms, report, _text = pyshacl.validate(_as_rdflib(graph), shacl_graph=shapes_graph(), inference="none",
                                                advanced=True, allow_warnings=True)
    assert isinstance(report, Graph)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        found.add((str(report.value(result, SH.focusNode)), str(path) if isinstance(path, URIRef) else None,
                   None if value is None else str(value), str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                   str(report.value(result, SH.resultMessage))))
    return found


def _ours(graph: KnowledgeGraph) -> set[Result]:
    return {(v.focus, v.path, v.value, v.severity, v.message) for v in validate_graph(graph)}


def test_every_sparql_constraint_of_the_shapes_runs_natively() -> None:
    shapes = shapes_graph()
    assert len(sparql_constraints(shapes)) == len(set(shapes.objects(None, SH.sparql)))
    assert not set(core_shapes(shapes).objects(None, SH.sparql))


@pytest.mark.parametrize("name", sorted(p.name for p in SHACL_CASES.glob("*.yaml")))
def test_native_and_pyshacl_results_are_the_same_on_every_shacl_case(name: str) -> None:
    graph = build_graph([SHACL_CASES / name])
    ours = _ours(graph)
    assert ours, f"{name} should violate a shape"
    assert ours == _pyshacl_alone(graph)


@pytest.mark.slow  # pySHACL over every curated record: most of a minute on two cores
def test_native_and_pyshacl_results_are_the_same_on_the_records() -> None:
    graph = build_graph(sorted(RECORDS.glob("*.yaml")))
    assert _ours(graph) == _pyshacl_alone(graph)
