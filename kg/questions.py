"""The named-question catalog: load ``queries/*.rq`` (and ``*.yaml`` for analytics) and run them.

Each question file opens with a comment header in YAML — name, title and description in
Indonesian and English, typed parameters, result columns — followed by plain SPARQL that an
analyst can copy into any triple store over the exported Turtle. Parameters are SPARQL
variables bound before evaluation (rdflib ``initBindings``), never pasted into the text.

Why rdflib's engine for questions with parameters: Oxigraph applies substitutions after
projection (as a join on the results), so a ``FILTER (?date >= ?from)`` cannot see ``?from``
and an optional parameter cannot be left unbound. rdflib binds them first, which is what the
questions mean. A question run with nothing to bind (and ad-hoc ``kg sparql``) runs on
Oxigraph, which is much faster.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.dataset import KnowledgeGraph
from kg.errors import GazetteerError, QueryError
from kg.resources import queries_dir

__all__ = ["Parameter", "Question", "Answer", "catalog", "run_question", "coerce_parameters", "question_graph"]

PARAMETER_TYPES = ("region", "sector", "date", "integer", "entity", "text")


@dataclass(frozen=True)
class Parameter:
    """A typed question parameter."""

    name: str
    type: str
    required: bool
    default: str | None
    description: dict[str, str]


@dataclass(frozen=True)
class Question:
    """One catalog entry."""

    name: str
    title: dict[str, str]
    description: dict[str, str]
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    engine: str  # "sparql" or "networkx"
    sparql: str | None
    path: Path
    function: str | None = None
    cypher: dict[str, Path] = field(default_factory=dict)
    list_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """The rows a question returned, with its columns in order."""

    question: Question
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]


_HEADER_LINE = re.compile(r"^#( ?)(.*)$")


def _split_header(text: str) -> tuple[str, str]:
    header: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines) and lines[index].startswith("#") and lines[index].strip() != "#":
        # the YAML header ends at the first bare "#": comment lines after it are prose
        match = _HEADER_LINE.match(lines[index])
        assert match is not None
        header.append(match.group(2))
        index += 1
    body = lines[index:]
    return "\n".join(header), "\n".join(body).strip() + "\n"


def _question_from(path: Path, meta: dict[str, Any], sparql: str | None) -> Question:
    params = []
    for name, spec in (meta.get("parameters") or {}).items():
        kind = spec.get("type", "text")
        if kind not in PARAMETER_TYPES:
            raise QueryError(f"{path}: parameter {name!r} has unknown type {kind!r}")
        params.append(Parameter(
            name=name,
            type=kind,
            required=bool(spec.get("required", False)),
            default=None if spec.get("default") is None else str(spec["default"]),
            description=dict(spec.get("description") or {}),
        ))
    cypher = {
        p.name.removeprefix(path.stem).removesuffix(".cypher").lstrip(".") or "any": p
        for p in sorted(path.parent.glob(f"{path.stem}*.cypher"))
        if p.name == f"{path.stem}.cypher" or p.name.startswith(f"{path.stem}.")
    }
    return Question(
        name=str(meta["name"]),
        title=dict(meta["title"]),
        description=dict(meta["description"]),
        parameters=tuple(params),
        columns=tuple(meta["columns"]),
        engine=str(meta.get("engine", "sparql")),
        sparql=sparql,
        path=path,
        function=meta.get("function"),
        cypher=cypher,
        list_columns=tuple(meta.get("lists") or ()),
    )


def _load_entry(path: Path, header: str, sparql: str | None) -> dict[str, Question]:
    try:
        meta = yaml.safe_load(header)
        question = _question_from(path, meta, sparql)
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise QueryError(f"{path}: the question header is not valid: {exc}") from exc
    return {question.name: question}


@cache
def catalog(directory: Path | None = None) -> dict[str, Question]:
    """Return every question of the catalog, by name."""
    folder = directory or queries_dir()
    questions: dict[str, Question] = {}
    for path in sorted(folder.glob("*.rq")):
        header, body = _split_header(path.read_text(encoding="utf-8"))
        questions.update(_load_entry(path, header, body))
    for path in sorted(folder.glob("*.yaml")):
        questions.update(_load_entry(path, path.read_text(encoding="utf-8"), None))
    for name, question in questions.items():
        if question.path.stem != name:
            raise QueryError(f"{question.path}: name {name!r} differs from the file name")
    return questions


def get_question(name: str) -> Question:
    """Return the question called ``name``.

    Raises:
        QueryError: No such question; the message lists the catalog.
    """
    questions = catalog()
    if name not in questions:
        raise QueryError(f"unknown question {name!r}; expected one of: {', '.join(sorted(questions))}")
    return questions[name]


# -- parameters -----------------------------------------------------------------------------

def _region(value: str) -> URIRef:
    from kg.gazetteer import gazetteer
    from kg.loaders.gazetteer import region_iri_for_code

    return region_iri_for_code(gazetteer().resolve(value).code)


def _sector(value: str) -> URIRef:
    from kg.gazetteer import normalize_name
    from kg.ontology import vocabulary

    vocab = vocabulary()
    if value in vocab.sectors:
        return vocab.sectors[value]
    wanted = normalize_name(value)
    for ident, iri in vocab.sectors.items():
        if wanted in (normalize_name(ident), normalize_name(vocab.label(iri)), normalize_name(vocab.label(iri, language="en"))):
            return iri
    raise QueryError(f"unknown sector {value!r}; expected one of: {', '.join(sorted(vocab.sectors))}")


_RELATIVE = re.compile(r"^today([+-]\d+)([dy])$")


def _date(value: str) -> Literal:
    relative = _RELATIVE.match(value.replace(" ", ""))
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        today = dt.date.today()
        day = today + dt.timedelta(days=amount) if unit == "d" else today.replace(year=today.year + amount)
        return Literal(day, datatype=XSD.date)
    try:
        return Literal(dt.date.fromisoformat(value), datatype=XSD.date)
    except ValueError:
        raise QueryError(f"expected a date as YYYY-MM-DD (or today+1y), got {value!r}") from None


def _integer(value: str) -> Literal:
    try:
        number = int(value)
    except ValueError:
        raise QueryError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise QueryError(f"expected a whole number of at least 1, got {number}")
    return Literal(number, datatype=XSD.integer)


def _entity(value: str) -> URIRef | Literal:
    """An IRI, a region name, or an entity's name (matched later, in the query, as a literal)."""
    if value.startswith(("http://", "https://")) and not re.search(r"[\s<>\"{}|\\^`]", value):
        return URIRef(value)
    try:
        return _region(value)
    except GazetteerError:
        return Literal(value)


_COERCERS: dict[str, Callable[[str], Any]] = {
    "region": _region,
    "sector": _sector,
    "date": _date,
    "integer": _integer,
    "entity": _entity,
    "text": Literal,
}


def coerce_parameters(question: Question, given: Mapping[str, str]) -> dict[str, Any]:
    """Validate and type the parameters of a question.

    Raises:
        QueryError: An unknown, missing or malformed parameter, named with what it accepts.
    """
    known = {p.name: p for p in question.parameters}
    unknown = sorted(set(given) - set(known))
    if unknown:
        accepted = ", ".join(f"{p.name} ({p.type})" for p in question.parameters) or "no parameters"
        raise QueryError(f"{question.name}: unknown parameter {unknown[0]!r}; it accepts {accepted}")
    bound: dict[str, Any] = {}
    for name, param in known.items():
        raw = given.get(name, param.default)
        if raw is None:
            if param.required:
                raise QueryError(f"{question.name}: parameter {name!r} ({param.type}) is required")
            continue
        try:
            bound[name] = _COERCERS[param.type](str(raw))
        except (QueryError, GazetteerError) as exc:
            raise QueryError(f"{question.name}: parameter {name!r} ({param.type}): {exc}") from None
    return bound


# -- running --------------------------------------------------------------------------------

def question_graph(graph: KnowledgeGraph) -> Graph:
    """Return an rdflib copy of the merged dataset for the question engine (cached per dataset)."""
    cached = getattr(graph, "_question_graph", None)
    if cached is None:
        cached = Graph()
        cached.parse(data=graph.serialize("nt").decode("utf-8"), format="nt")
        graph._question_graph = cached  # type: ignore[attr-defined]
    return cached


def _python(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, (dt.date, int, float, bool, str)):
            return python
        return str(value)
    return str(value)


def run_question(graph: KnowledgeGraph, name: str, params: Mapping[str, str] | None = None) -> Answer:
    """Run catalog question ``name`` with ``params`` (text values, validated and typed here).

    Raises:
        QueryError: Unknown question or bad parameter.
    """
    question = get_question(name)
    bound = coerce_parameters(question, params or {})
    if question.engine == "networkx":
        from kg import analytics

        function = getattr(analytics, str(question.function))
        rows = function(graph, **{k: _python(v) for k, v in bound.items()})
        return Answer(question=question, columns=question.columns, rows=rows)
    assert question.sparql is not None
    if bound:
        result = question_graph(graph).query(question.sparql, initBindings=bound)
        solutions = [{c: _python(s.asdict().get(c)) for c in question.columns} for s in result]  # type: ignore[union-attr]
    else:
        # Nothing to bind: Oxigraph gives the same answer an order of magnitude faster.
        from kg.sparql import term_to_python

        answer = graph.query_store().query(question.sparql)
        solutions = [{c: term_to_python(s[c]) for c in question.columns} for s in answer]  # type: ignore[union-attr]
    rows = []
    for row in solutions:
        for column in question.list_columns:
            # GROUP_CONCAT has no order in SPARQL: split and sort so answers are stable
            row[column] = sorted(set(row[column].split("|"))) if row[column] else []
        rows.append(row)
    return Answer(question=question, columns=question.columns, rows=rows)
