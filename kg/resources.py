"""Find the data folders (ontology, queries, data) shipped with the package.

The wheel carries them under ``kg/_data``; in a checkout the same paths are symbolic links
to the top-level folders, so one lookup serves both.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from kg.errors import KGError

__all__ = ["data_dir", "ontology_dir", "queries_dir", "project_data_dir", "package_data_dir"]


@cache
def data_dir() -> Path:
    """Return the folder holding the packaged ontology, queries and data."""
    return Path(__file__).resolve().parent / "_data"


def ontology_dir() -> Path:
    """Return the folder of ontology Turtle files."""
    return data_dir() / "ontology"


def queries_dir() -> Path:
    """Return the folder of the question catalog."""
    return data_dir() / "queries"


def project_data_dir() -> Path:
    """Return the folder of shipped data (aliases, coordinates, seed records)."""
    return data_dir() / "data"


@cache
def package_data_dir(package: str) -> Path:
    """Return the ``data`` folder shipped inside the installed ``package``, without importing it.

    ``importlib.resources.files`` imports the package first; ``lokal``'s import compiles
    hundreds of regular expressions (0.4 s) that reading its region lists never uses.

    Raises:
        KGError: The package is not installed.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise KGError(f"the package {package!r} is not installed; reinstall jejaring (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"
