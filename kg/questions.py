"""The named-question catalog: load ``queries/*.rq`` (and ``*.yaml`` for analytics) and run them.

Each question file opens with a comment header in YAML — name, title and description in
Indonesian and English, typed parameters, result columns — followed by plain SPARQL that an
analyst can copy into any triple store over the exported Turtle. Parameters are SPARQL
variables bound by Oxigraph substitutions before evaluation, never pasted into the text; each
question projects its parameters, as Oxigraph requires (``queries/README.md`` says why and how
optional parameters are written).

The typed entry point is :func:`ask`; :func:`run_question` takes text values (the CLI's).
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
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.dataset import KnowledgeGraph, to_term
from kg.errors import GazetteerError, QueryError
from kg.resources import queries_dir

__all__ = ["Parameter", "Question", "Answer", "ParameterValue", "catalog", "get_question", "ask", "run_question",
           "coerce_parameters"]

ParameterValue = str | int | dt.date
"""A question parameter as a caller gives it: text, a whole number or a date."""

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


def _split_header(text: str) -> tuple[str, str]:
    header: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines) and lines[index].startswith("#") and lines[index].strip() != "#":
        # the YAML header ends at the first bare "#": comment lines after it are prose
        line = lines[index]
        header.append(line[2:] if line.startswith("# ") else line[1:])
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
    if isinstance(value, dt.date):
        return Literal(value, datatype=XSD.date)
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
    if isinstance(value, bool):
        raise QueryError(f"expected a whole number, got {value!r}")
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


def coerce_parameters(question: Question, given: Mapping[str, ParameterValue | None]) -> dict[str, Any]:
    """Validate and type the parameters of a question (rdflib terms, by name).

    Values are text as typed on the command line, or already typed: a ``datetime.date`` for a
    date, an ``int`` for an integer. ``None`` means "not given".

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
        raw = given.get(name)
        if raw is None:
            raw = param.default
        if raw is None:
            if param.required:
                raise QueryError(f"{question.name}: parameter {name!r} ({param.type}) is required")
            continue
        try:
            if param.type == "date" and isinstance(raw, dt.date):
                bound[name] = _date(raw)  # type: ignore[arg-type]
            elif param.type == "integer" and isinstance(raw, int):
                bound[name] = _integer(raw)  # type: ignore[arg-type]
            else:
                bound[name] = _COERCERS[param.type](str(raw))
        except (QueryError, GazetteerError) as exc:
            raise QueryError(f"{question.name}: parameter {name!r} ({param.type}): {exc}") from None
    return bound


# -- running --------------------------------------------------------------------------------

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


def ask(graph: KnowledgeGraph, name: str, **params: ParameterValue | None) -> Answer:
    """Answer catalog question ``name`` with typed parameters.

    Args:
        graph: A build (:func:`kg.build.open_build`) or any dataset in the same layout.
        name: The question (``kg questions`` lists them).
        **params: Its parameters: text (regions, sectors, names), ``datetime.date`` for dates
            (text ``YYYY-MM-DD`` and ``today+1y`` work too), ``int`` for whole numbers.

    Example:
        ``ask(build, "agreements-of", region="Kota Blitar")``;
        ``ask(build, "timeline", region="Kotim", **{"from": datetime.date(2025, 1, 1)})``.

    Raises:
        QueryError: Unknown question or a bad parameter (named, with what it accepts).
    """
    question = get_question(name)
    bound = coerce_parameters(question, params)
    if question.engine == "networkx":
        from kg import analytics

        function = getattr(analytics, str(question.function))
        rows = function(graph, **{k: _python(v) for k, v in bound.items()})
        return Answer(question=question, columns=question.columns, rows=rows)
    if question.sparql is None:
        raise QueryError(f"{question.path}: the question has no SPARQL text")
    from kg.sparql import term_to_python

    result = graph.select(question.sparql, **{k: to_term(v) for k, v in bound.items()})
    rows = []
    for solution in result:
        row = {c: term_to_python(solution[c]) for c in question.columns}
        for column in question.list_columns:
            # GROUP_CONCAT has no order in SPARQL: split and sort so answers are stable
            row[column] = sorted(set(row[column].split("|"))) if row[column] else []
        rows.append(row)
    return Answer(question=question, columns=question.columns, rows=rows)


def run_question(graph: KnowledgeGraph, name: str, params: Mapping[str, ParameterValue] | None = None) -> Answer:
    """Run catalog question ``name`` with ``params`` by name (text or typed values, as :func:`ask`).

    Raises:
        QueryError: Unknown question or bad parameter.
    """
    return ask(graph, name, **dict(params or {}))
