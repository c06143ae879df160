"""Shared fixtures, each made once per test session, always in temporary folders.

Tests never write into the checkout: a command that needs a build gets ``--build-dir`` of
``seed_build_dir`` (the curated records, built once).

Under pytest-xdist (``-n auto`` in pyproject's pytest options; ``-n 0`` for one process) the
folders a session fixture writes (the seed build, the generated records) are made once per run
by whichever worker gets there first, under a file lock, and shared read-only by the others
(:func:`shared_folder`).
Tests that change the one live Neo4j database carry ``xdist_group("neo4j")`` so that, with
``--dist loadgroup`` (in the pytest options), they run one after another on one worker.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
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


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """Return the folder ``name`` that ``make(folder)`` fills once per test run, shared by xdist workers.

    Without xdist it is an ordinary session folder. With it, the first worker to take the lock
    writes it into the run's temporary root (the parent of every worker's own folder); the
    others wait for the lock and find it done. A worker that failed half-way leaves no
    ``.done`` mark, so the next one starts the folder afresh.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # pytest-of-USER/pytest-N: one per run, shared by the workers
    folder, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """Workers for ``-n auto`` (pyproject's default): one more than the CPUs, at least two.

    Much of the suite waits on other processes (Neo4j, Fuseki, Chromium, node, kg
    subprocesses), so a worker beyond the cores keeps them busy. PYTEST_XDIST_AUTO_NUM_WORKERS
    overrides it, and ``-n 0`` runs everything in one process (for ``--pdb``).
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist reads it
    return max(2, (os.cpu_count() or 1) + 1)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each xdist_group test its group suffix, as pytest-xdist's ``--dist loadgroup`` means to.

    pytest-xdist 3.8 appends ``@GROUP`` to ``item._nodeid``; pytest 9.2 keeps the node id in
    ``item._id`` (a ``NodeId``), so that has no effect and grouped tests would spread over the
    workers (two of them then changing the one Neo4j database at once). Where the suffix is
    missing it is set here, the way pytest 9.2 holds node ids. Only on xdist workers run with
    ``--dist loadgroup``.

    Then the long work goes first: every group or test with a ``slow`` test in it moves to the
    front (in its own order), so that the one-worker chains (the live Neo4j group) start at
    once instead of finishing the run alone.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = {str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                 for mark in item.iter_markers("xdist_group")}
        suffix = "@" + "_".join(sorted(names))
        if not names or item.nodeid.endswith(suffix):
            continue  # no group, or pytest-xdist's own suffix took effect (pytest before 9.2)
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(item.nodeid + suffix)  # type: ignore[attr-defined]

    def scope(item: pytest.Item) -> str:
        return item.nodeid.rsplit("@", 1)[-1] if "@" in item.nodeid.rsplit("]", 1)[-1] else item.nodeid

    long_scopes = {scope(item) for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: scope(item) not in long_scopes)  # stable: each part keeps its order


@pytest.fixture(scope="session")
def seed_graph() -> KnowledgeGraph:
    """The knowledge graph of the curated records (in memory)."""
    return build_graph([RECORDS])


@pytest.fixture(scope="session")
def seed_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder of the curated records (``kg build``, with its embedded database), made once per run.

    Read it only; tests that need the seed graph's embedded database open its ``jejaring.lbug``
    instead of writing their own. Built from a copy of the records, so that a record edited or
    touched while the tests run (test_cli touches one) does not make it stale.
    """

    def make(folder: Path) -> None:
        records = folder / "records"
        shutil.copytree(RECORDS, records)  # keeps the folder's time: not "changed just now"
        build_outputs([records], folder / "build")

    return shared_folder(tmp_path_factory, "seed-build", make) / "build"


@pytest.fixture(scope="session")
def seed_build(seed_build_dir: Path) -> Build:
    """The seed build, opened read-only."""
    return open_build(seed_build_dir)


@pytest.fixture(scope="session")
def generated_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of GENERATED_COUNT generated records (seeded), written once per run; read it only."""
    from kg.generator import write_records

    return shared_folder(tmp_path_factory, f"generated-records-{GENERATED_COUNT}",
                         lambda folder: write_records(folder, count=GENERATED_COUNT, seed=GENERATED_SEED))


@pytest.fixture(scope="session")
def generated_build(tmp_path_factory: pytest.TempPathFactory, generated_records: Path) -> Build:
    """A build (``kg build``, no SHACL) of the generated records, made once per run, opened read-only."""
    shared = shared_folder(tmp_path_factory, f"generated-build-{GENERATED_COUNT}",
                           lambda folder: build_outputs([generated_records], folder / "build", shacl=False))
    return open_build(shared / "build")


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
