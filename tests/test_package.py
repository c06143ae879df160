"""Packaging rules: generated vocabulary in sync, light imports, data shipped in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from kg.vocabgen import generate_vocab_source

REPO = Path(__file__).parents[1]


def test_vocab_is_generated_from_the_ontology() -> None:
    assert (REPO / "kg" / "vocab.py").read_text(encoding="utf-8") == generate_vocab_source()


def test_import_kg_and_help_stay_light() -> None:
    code = (
        "import sys, kg, kg.cli\n"
        "from click.testing import CliRunner\n"
        "CliRunner().invoke(kg.cli.cli, ['--help'])\n"
        "heavy = {'neo4j', 'pyvis', 'pandas', 'ladybug', 'networkx', 'matplotlib', 'pyshacl', 'pyoxigraph'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_no_iri_literals_outside_vocab() -> None:
    offenders = []
    for path in (REPO / "kg").rglob("*.py"):
        if path.name in ("vocab.py", "vocabgen.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if "https://w3id.org/jejaring" in text:
            offenders.append(path.name)
    assert offenders == []


def test_wheel_ships_ontology_queries_and_records(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(REPO)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("jejaring-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kg/_data/ontology/jejaring.ttl", "kg/_data/ontology/shapes.ttl",
                   "kg/_data/data/aliases.csv", "kg/loaders/records.py", "kg/py.typed"):
        assert needed in names, needed
    assert any(n.startswith("kg/_data/data/records/") and n.endswith(".yaml") for n in names)


def test_docstring_examples_run() -> None:
    import doctest

    import kg
    import kg.gazetteer
    import kg.loaders.records

    for module in (kg, kg.gazetteer, kg.loaders.records):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0, module.__name__


def test_mypy_strict_on_kg(tmp_path: Path) -> None:
    # mypy's own incremental cache, kept outside the checkout: a cold run takes ~10 s of CPU, a warm
    # one under a second (mypy re-checks every module whose source or dependencies changed)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jejaring" / "mypy"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache = tmp_path / "mypy-cache"  # no writable cache folder (mypy fails on one): a cold run
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(cache)], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
