"""The seeded record generator: valid, deterministic, varied, and buildable at the session's size."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import GENERATED_COUNT

from kg.build import build_graph
from kg.dataset import KnowledgeGraph
from kg.generator import generate_records, write_records
from kg.loaders.records import read_records
from kg.projection import project


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    write_records(out, count=200, seed=7)
    return out


def test_generated_records_are_valid(generated: Path) -> None:
    assert len(read_records([generated])) == 200


def test_same_seed_same_records() -> None:
    assert list(generate_records(30, seed=3)) == list(generate_records(30, seed=3))
    assert list(generate_records(30, seed=3)) != list(generate_records(30, seed=4))


def test_records_cover_the_domain(generated: Path) -> None:
    records = [yaml.safe_load(p.read_text()) for p in sorted(generated.glob("*.yaml"))]
    event_kinds = {e["kind"] for r in records for e in r.get("events", {}).values()}
    assert {"visit", "study-visit", "fgd", "signing"} <= event_kinds
    agreements = [a for r in records for a in r.get("agreements", {}).values()]
    assert {a["kind"] for a in agreements} >= {"mou", "pks", "intent"}
    assert any(a["status"] == "planned" for a in agreements)
    assert any("follows" in a for a in agreements)
    dates = [e["date"] for r in records for e in r.get("events", {}).values()]
    assert any(d.get("precision") == "month" for d in dates) and any("inferred" in d for d in dates)
    assert any(r.get("programs") for r in records) and any(r.get("products") for r in records)
    sizes = [d["size"] for r in records for e in r.get("events", {}).values() for d in e.get("delegations", [])]
    assert sizes and min(sizes) >= 1


def test_generated_graph_projects(generated: Path) -> None:
    projection = project(build_graph([generated]))
    counts = projection.relationship_counts()
    for rtype in ("FOLLOWS", "LEADER", "MEMBER", "IMPLEMENTS", "TOPIC", "HAS_DELEGATION", "SIGNATORY"):
        assert counts[rtype] > 0, rtype
    assert projection.dangling == 0


@pytest.mark.slow
def test_the_session_generated_records_build_and_project(generated_records: Path, generated_graph: KnowledgeGraph) -> None:
    """The conftest's GENERATED_COUNT records (1,000; JEJARING_GENERATED_COUNT=5000 for the issue's size) build.

    They are the records the generated-data tests use, generated and built once per session;
    how fast that goes is measured by benchmarks/bench_scale.py, not here.
    """
    count = len(list(generated_records.glob("*.yaml")))
    assert count == GENERATED_COUNT
    projection = project(generated_graph)
    assert projection.node_counts()["Source"] == count + 1  # every record's source and the gazetteer
    assert projection.dangling == 0
