"""Apache Jena, a second RDF toolkit, reads every export format and agrees with pySHACL.

Jena 5.6 (RIOT and SHACL) comes from Maven Central through ``tools/servers`` and runs with
``scripts/fuseki.sh riot|shacl``. ``scripts/test.sh`` resolves it; without it these tests skip on
a developer's machine and fail in CI.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from live_servers import REPO, SCRIPTS
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.build import build_graph
from kg.dataset import KnowledgeGraph
from kg.validation import validate_graph

SHACL_CASES = Path(__file__).parent / "data" / "shacl"
SHAPES = REPO / "ontology" / "shapes.ttl"
FORMATS = ("ttl", "trig", "nt", "nq", "jsonld")


@pytest.fixture(scope="module")
def jena() -> Path:
    """The fuseki.sh script that runs Jena's commands (resolving Jena from Maven Central once)."""
    lib = REPO / "tools" / "servers" / "jena" / "target" / "lib"
    if shutil.which("java") is None or not lib.is_dir():
        message = "Jena is not resolved: run scripts/test.sh (java, maven, tools/servers)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SCRIPTS / "fuseki.sh"


def _run(jena: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(jena), *args], capture_output=True, text=True, timeout=300)


def test_riot_parses_every_export_format(jena: Path, seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    files = []
    for fmt in FORMATS:
        path = tmp_path / f"jejaring.{fmt}"
        path.write_bytes(seed_graph.serialize(fmt))  # what `kg export --format FMT` writes
        files.append(path)
    ran = _run(jena, "riot", "--validate", "--count", "--strict", *map(str, files))
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
    assert not re.search(r"\b(WARN|ERROR)\b", ran.stdout + ran.stderr), ran.stdout + ran.stderr
    counts = dict(re.findall(r"jejaring\.(\w+) : (?:Triples|Quads) = ([\d,]+)", ran.stdout + ran.stderr))
    union = len(Graph().parse(data=seed_graph.serialize("nt").decode("utf-8"), format="nt"))
    # Turtle and N-Triples hold the union; TriG, N-Quads and JSON-LD (one @graph per source) the quads
    expected = {"ttl": union, "nt": union, "trig": len(seed_graph), "nq": len(seed_graph), "jsonld": len(seed_graph)}
    assert {fmt: int(n.replace(",", "")) for fmt, n in counts.items()} == expected


def test_riot_rejects_a_broken_file(jena: Path, tmp_path: Path) -> None:
    """The check can fail: a Turtle file with an unterminated literal is refused."""
    broken = tmp_path / "broken.ttl"
    broken.write_text('<urn:x-test:a> <urn:x-test:b> "never closed .\n', encoding="utf-8")
    assert _run(jena, "riot", "--validate", str(broken)).returncode != 0


def _jena_results(jena: Path, graph: KnowledgeGraph, folder: Path) -> set[tuple[str, str | None, str, str]]:
    data = folder / "data.nt"
    data.write_bytes(graph.serialize("nt"))  # the same union, ontology included, that pySHACL checks
    ran = _run(jena, "shacl", "validate", "--shapes", str(SHAPES), "--data", str(data))
    assert ran.returncode in (0, 1), ran.stderr[-3000:]
    report = Graph().parse(data=ran.stdout, format="turtle")
    results = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        results.add((str(report.value(result, SH.focusNode)), str(path) if isinstance(path, URIRef) else None,
                     str(severity).rsplit("#", 1)[-1], str(report.value(result, SH.resultMessage))))
    return results


def _pyshacl_results(graph: KnowledgeGraph) -> set[tuple[str, str | None, str, str]]:
    return {(v.focus, v.path, v.severity, v.message) for v in validate_graph(graph)}


def test_jena_shacl_and_pyshacl_agree_on_the_seed_graph(jena: Path, seed_graph: KnowledgeGraph,
                                                         tmp_path: Path) -> None:
    assert _jena_results(jena, seed_graph, tmp_path) == _pyshacl_results(seed_graph) == set()


@pytest.mark.slow  # a JVM per case; test_shacl_sparql compares every case with pySHACL in the fast subset
@pytest.mark.parametrize("name", sorted(p.name for p in SHACL_CASES.glob("*.yaml")))
def test_jena_shacl_and_pyshacl_agree_on_every_shacl_case(jena: Path, name: str, tmp_path: Path) -> None:
    graph = build_graph([SHACL_CASES / name])
    ours = _pyshacl_results(graph)
    assert ours, f"{name} should violate a shape"
    assert _jena_results(jena, graph, tmp_path) == ours
