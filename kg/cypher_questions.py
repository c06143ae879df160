"""Answer catalog questions with their Cypher texts, on the embedded database or on Neo4j.

Every SPARQL question ``queries/<name>.rq`` has a Cypher text ``queries/<name>.cypher`` that
runs unchanged on Neo4j 5 and on the embedded LadybugDB and returns the same rows as the
SPARQL answer. Where the two dialects truly differ, a question keeps one text per engine side
by side, ``<name>.neo4j.cypher`` and ``<name>.ladybug.cypher``; the engine's own text wins over
the shared one.

Parameters are validated and typed exactly as for SPARQL (:func:`kg.questions.coerce_parameters`),
then passed as Cypher values: IRIs as strings, ``xsd:date`` as ``datetime.date``, integers as
``int``, names as strings; a missing optional parameter is passed as null to Neo4j and written
as ``NULL`` in the text for LadybugDB, which would otherwise plan the statement again at every
run (:func:`absent_as_null`). Rows are normalised
like :func:`kg.questions.run_question` does (list columns sorted, without repeats), so the two
answers compare equal.

On the embedded database, a question asked without parameters whose answer the build stores
(:mod:`kg.answers`: ``answers/cypher/<name>.json``, answered by ``kg build`` with the same text
on the same database) is served from it; ``live=True`` runs the text. Neo4j always runs it.

The graph-analytics questions (``engine: networkx``) have no Cypher text: they are computed
with networkx from the RDF graph whatever the engine, so this module hands them to
:func:`kg.questions.run_question`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef

from kg.dataset import KnowledgeGraph
from kg.errors import QueryError
from kg.questions import Answer, ParameterValue, Question, coerce_parameters, get_question, run_question

if TYPE_CHECKING:
    from kg.embedded import EmbeddedDatabase

__all__ = ["ENGINES", "absent_as_null", "cypher_parameters", "cypher_text", "question_cypher_path", "normalise_rows",
           "open_question_database", "run_question_cypher"]

ENGINES = ("ladybug", "neo4j")
_SHARED = "any"  # the key of ``<name>.cypher`` in Question.cypher


def _cypher_value(term: Any) -> Any:
    if term is None or isinstance(term, URIRef):
        return None if term is None else str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (dt.date, int, float, bool, str)) else str(term)
    return str(term)


def cypher_parameters(question: Question, given: Mapping[str, ParameterValue | None] | None = None) -> dict[str, Any]:
    """Validate and type ``given`` for ``question``, as Cypher parameter values.

    Every declared parameter is present; a missing optional one is None (null in Cypher).

    Raises:
        QueryError: An unknown, missing or malformed parameter.
    """
    bound = coerce_parameters(question, given or {})
    return {p.name: _cypher_value(bound.get(p.name)) for p in question.parameters}


def question_cypher_path(question: Question, engine: str) -> Path:
    """Return the Cypher file of ``question`` for ``engine`` (its own variant, else the shared text).

    Raises:
        QueryError: Unknown engine, or the question has no Cypher text.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown Cypher engine {engine!r}; expected one of: {', '.join(ENGINES)}")
    path = question.cypher.get(engine) or question.cypher.get(_SHARED)
    if path is None:
        raise QueryError(f"{question.name} has no Cypher text (queries/{question.name}.cypher)")
    return path


def cypher_text(question: Question, engine: str) -> str:
    """Return the Cypher text of ``question`` that ``engine`` runs (:func:`question_cypher_path`).

    Raises:
        QueryError: Unknown engine, or the question has no Cypher text.
    """
    return question_cypher_path(question, engine).read_text(encoding="utf-8")


def normalise_rows(question: Question, columns: list[str], rows: list[list[Any]]) -> list[dict[str, Any]]:
    """Return ``rows`` as dicts keyed by the question's columns, list columns sorted.

    Raises:
        QueryError: The Cypher text returned other columns than the question declares.
    """
    if tuple(columns) != question.columns:
        raise QueryError(f"{question.name}: the Cypher text returns {columns}, "
                         f"the question declares {list(question.columns)}")
    result = []
    list_columns = question.list_columns
    for values in rows:
        row = dict(zip(columns, values))
        for column in list_columns:
            items = row[column]
            if items:
                unique = set(items)
                unique.discard(None)
                row[column] = tuple(sorted(unique))
            else:
                row[column] = ()
        result.append(row)
    return result


def absent_as_null(text: str, values: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """Write each parameter whose value is None as the literal ``NULL``, for LadybugDB.

    LadybugDB types a parameter at its first use when it plans a statement; a null value has no
    type, so a statement run with one is planned again at every run (100–200 ms per catalog
    question on 10,000 records, more than running it). With ``NULL`` written in its place the
    plan is made once. Only absent (None) parameters are written; every given value stays a
    bound parameter, and the text is otherwise unchanged (the ``$name`` tokens are found by
    :func:`kg.cypher_guard.tokenize`, so a ``$`` inside a string or a comment is left alone).

    >>> absent_as_null("MATCH (r:Region) WHERE r.iri = $region OR $region IS NULL RETURN $code AS c",
    ...                {"region": None, "code": "35.72"})
    ('MATCH (r:Region) WHERE r.iri = NULL OR NULL IS NULL RETURN $code AS c', {'code': '35.72'})
    """
    from kg.cypher_guard import tokenize

    absent = {name for name, value in values.items() if value is None}
    if not absent:
        return text, dict(values)
    pieces, position = [], 0
    for token in tokenize(text):
        if token.kind == "param" and token.text in absent:
            pieces += [text[position:token.start], "NULL"]
            position = token.end
    pieces.append(text[position:])
    return "".join(pieces), {name: value for name, value in values.items() if name not in absent}


def _is_database_file(where: Path) -> bool:
    from kg.embedded import EMBEDDED_FILE

    return where.suffix == Path(EMBEDDED_FILE).suffix


def _embedded_database(where: Path) -> Path:
    from kg.build import open_build

    return where if _is_database_file(where) else open_build(where).embedded_path


def open_question_database(where: Path, *, timeout: float | None = None) -> EmbeddedDatabase:
    """Open the embedded database of a build folder (or an ``.lbug`` file) once, read-only.

    Pass the result to :func:`run_question_cypher` to answer many questions without reopening
    the database for each (opening it costs more than answering a narrow question); close it
    after, or use it as a context manager.

    Raises:
        BuildError: ``where`` is a build folder without an up-to-date build.
        MirrorError: The database cannot be opened.
    """
    from kg.embedded import EmbeddedDatabase

    return EmbeddedDatabase(_embedded_database(where), timeout=timeout)


def run_question_cypher(where: Path | EmbeddedDatabase, name: str,
                        params: Mapping[str, ParameterValue] | None = None, *,
                        neo4j_uri: str | None = None, database: str | None = None,
                        graph: KnowledgeGraph | None = None, live: bool = False) -> Answer:
    """Run catalog question ``name`` through its Cypher text.

    Args:
        where: A build folder (opened read-only, as for ``kg cypher``; a missing or stale build
            is an error that says to run ``kg build``), an ``.lbug`` file (either is opened for
            this one question), or an open :class:`~kg.embedded.EmbeddedDatabase`
            (:func:`open_question_database`: to answer many questions without reopening it).
            Ignored for the Cypher text when ``neo4j_uri`` is given.
        name: The question.
        params: Text or typed values (``datetime.date``, ``int``), validated and typed as for SPARQL.
        neo4j_uri: Run on this Neo4j server (credentials from ``NEO4J_USER`` / ``NEO4J_PASSWORD``)
            in a read transaction instead of the embedded database.
        database: The Neo4j database (the server's default when None).
        graph: The RDF graph for the networkx questions; by default the graph of the build
            folder ``where``.
        live: Run the text even when the build stores the answer (a question asked without
            parameters, or with only the one its header stores answers per value of:
            :mod:`kg.answers`; only the embedded database has stored answers).

    Raises:
        QueryError: Unknown question, bad parameter, no Cypher text, or the query failed.
        MirrorError: The embedded database cannot be opened or Neo4j cannot be reached.
        BuildError: ``where`` is a build folder without an up-to-date build.
    """
    question = get_question(name)
    if question.engine == "networkx":
        # Graph analytics are engine-independent: networkx over the RDF cooperation network.
        if graph is None:
            if not isinstance(where, Path) or _is_database_file(where):
                raise QueryError(f"{name} is a graph-analytics question; give the build folder or the graph")
            from kg.build import open_build

            graph = open_build(where)
        return run_question(graph, name, params)
    values = cypher_parameters(question, params)
    text = cypher_text(question, "neo4j" if neo4j_uri else "ladybug")
    if neo4j_uri:
        from kg.sync import Neo4jExecutor

        executor = Neo4jExecutor(neo4j_uri, database=database)
        try:
            columns, rows = executor.fetch(text, values)
        finally:
            executor.close()
    else:
        database_path = _embedded_database(where) if isinstance(where, Path) else where.path
        if not live:
            from kg.answers import stored_cypher_rows

            given = {key: value for key, value in values.items() if value is not None}
            stored = stored_cypher_rows(database_path, question, text, given)
            if stored is not None:
                return Answer(question=question, columns=question.columns, rows=stored)
        if isinstance(where, Path):
            from kg.embedded import run_cypher

            columns, rows = run_cypher(database_path, *absent_as_null(text, values))
        else:
            columns, rows = where.run(*absent_as_null(text, values))
    return Answer(question=question, columns=question.columns, rows=normalise_rows(question, columns, rows))
