"""Find the data folders (ontology, queries, data) shipped with the package.

The wheel carries them under ``kg/_data``; in a checkout the same paths are symbolic links
to the top-level folders, so one lookup serves both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir", "ontology_dir", "queries_dir", "project_data_dir"]


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
