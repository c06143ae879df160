"""Answer a catalog question on the engine the user chose: SPARQL, embedded Cypher or Neo4j.

The one place that routes a question to an engine, so the command line stays a thin layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from kg.errors import QueryError
from kg.questions import Answer, get_question

__all__ = ["Engine", "answer_question"]

Engine = Literal["sparql", "cypher"]


def answer_question(build_dir: Path, name: str, params: Mapping[str, Any] | None = None, *,
                    engine: Engine | None = None, neo4j_uri: str | None = None,
                    database: str | None = None, live: bool = False) -> Answer:
    """Answer catalog question ``name`` on the build in ``build_dir``, read-only.

    Args:
        build_dir: A folder written by ``kg build``.
        name: The question's name (``kg questions``).
        params: Parameter values (text or typed).
        engine: ``sparql`` (the default, the question's SPARQL on the Oxigraph store) or
            ``cypher`` (its Cypher text on the embedded database, or on Neo4j).
        neo4j_uri: Answer on this Neo4j server (implies ``cypher``).
        database: The Neo4j database (the server's default when None).
        live: Evaluate the question's text even when the build stores the answer (:mod:`kg.answers`:
            SPARQL, or Cypher on the embedded database; Neo4j always evaluates it).

    Raises:
        QueryError: Unknown question, bad parameter, or ``sparql`` asked together with Neo4j.
        BuildError: The build is missing or stale.
    """
    get_question(name)  # fail fast on an unknown name, before opening anything
    given = dict(params or {})
    chosen = engine or ("cypher" if neo4j_uri else "sparql")
    if chosen == "sparql" and neo4j_uri:
        raise QueryError("--neo4j runs the Cypher text: use it with --engine cypher")
    from kg.build import open_build

    if chosen == "cypher":
        from kg.cypher_questions import run_question_cypher

        if neo4j_uri:
            return run_question_cypher(build_dir, name, given, neo4j_uri=neo4j_uri, database=database)
        build = open_build(build_dir)
        return run_question_cypher(build.embedded_path, name, given, graph=build, live=live)
    from kg.questions import ask

    return ask(open_build(build_dir), name, live=live, **given)
