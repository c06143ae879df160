"""Shared fixtures: the seed graph is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_graph
from kg.dataset import KnowledgeGraph

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
RECORDS = REPO / "data" / "records"
GENERATED_COUNT = 5000
GENERATED_SEED = 1


@pytest.fixture(scope="session")
def seed_graph() -> KnowledgeGraph:
    """The knowledge graph of the five seed records."""
    return build_graph([RECORDS])


@pytest.fixture(scope="session")
def generated_graph(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """The knowledge graph of 5,000 generated records (seeded), built once per session."""
    from kg.generator import write_records

    folder = tmp_path_factory.mktemp("generated-records")
    write_records(folder, count=GENERATED_COUNT, seed=GENERATED_SEED)
    return build_graph([folder])


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """A folder for files a person may want to look at after the run (screenshots)."""
    path = REPO / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
