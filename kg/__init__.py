"""Jejaring: a knowledge graph of Indonesia's inter-regional cooperation.

The public API is re-exported here lazily: ``import kg`` loads nothing heavy (no Oxigraph,
rdflib, networkx, pyvis, neo4j or LadybugDB) until a name is used.

>>> import kg
>>> kg.resolve_region("Kotim").code
'62.02'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "KGError", "RecordError", "GazetteerError", "QueryError", "MirrorError", "OntologyError",
    "KnowledgeGraph", "build_graph", "write_build", "open_graph", "open_build", "Build", "BuildError", "ask",
    "resolve_region", "validate_graph", "catalog", "run_question", "run_sparql",
    "region_network", "run_cypher", "project",
]

_HOME = {
    "KGError": "kg.errors", "RecordError": "kg.errors", "GazetteerError": "kg.errors",
    "QueryError": "kg.errors", "MirrorError": "kg.errors", "OntologyError": "kg.errors",
    "KnowledgeGraph": "kg.dataset",
    "build_graph": "kg.build", "write_build": "kg.build", "open_graph": "kg.build",
    "open_build": "kg.build", "Build": "kg.build", "BuildError": "kg.errors", "ask": "kg.questions",
    "validate_graph": "kg.validation",
    "catalog": "kg.questions", "run_question": "kg.questions",
    "run_sparql": "kg.sparql",
    "region_network": "kg.network",
    "run_cypher": "kg.embedded",
    "project": "kg.projection",
}


def resolve_region(text: str) -> Any:
    """Return the official region ``text`` names (a name, alias, code or cue + name)."""
    from kg.gazetteer import gazetteer

    return gazetteer().resolve(text)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
