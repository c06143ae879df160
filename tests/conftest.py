"""Shared fixtures, each made once per test session, always in temporary folders.

Tests never write into the checkout: a command that needs a build gets ``--build-dir`` of
``seed_build_dir`` (the five seed records, built once).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.build import Build, build_graph, build_outputs, open_build
from kg.dataset import KnowledgeGraph

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
RECORDS = REPO / "data" / "records"
# 1,000 generated records keep the suite within its time budget on two cores;
# JEJARING_GENERATED_COUNT=5000 runs the generated-data tests at the size the issues name.
GENERATED_COUNT = int(os.environ.get("JEJARING_GENERATED_COUNT", "1000"))
GENERATED_SEED = 1


@pytest.fixture(scope="session")
def seed_graph() -> KnowledgeGraph:
    """The knowledge graph of the five seed records (in memory)."""
    return build_graph([RECORDS])


@pytest.fixture(scope="session")
def seed_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder of the five seed records (``kg build``), made once per session; read it only."""
    folder = tmp_path_factory.mktemp("seed-build") / "build"
    build_outputs([RECORDS], folder)
    return folder


@pytest.fixture(scope="session")
def seed_build(seed_build_dir: Path) -> Build:
    """The seed build, opened read-only."""
    return open_build(seed_build_dir)


@pytest.fixture(scope="session")
def generated_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of GENERATED_COUNT generated records (seeded), written once per session."""
    from kg.generator import write_records

    folder = tmp_path_factory.mktemp("generated-records")
    write_records(folder, count=GENERATED_COUNT, seed=GENERATED_SEED)
    return folder


@pytest.fixture(scope="session")
def generated_graph(generated_records: Path) -> KnowledgeGraph:
    """The knowledge graph of the generated records, built once per session."""
    return build_graph([generated_records])


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """A folder for files a person may want to look at after the run (screenshots)."""
    path = REPO / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
