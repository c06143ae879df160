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
from decimal import Decimal, InvalidOperation
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
STORED_PER_TYPES = ("sector",)
"""The parameter types whose values a build can enumerate (``stored_per:`` in a question's header):
the sector scheme's concepts, 89 ids in ``ontology/sectors.ttl``. See :mod:`kg.answers`."""


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
    stored_per: str | None = None
    stored_below: tuple[str, str] | None = None


@dataclass(frozen=True)
class Answer:
    """The rows a question returned, with its columns in order.

    A row is a dict by column. A list column (``lists:`` in the question's header) holds a
    tuple of its distinct values, sorted; the other values are text, numbers, booleans, dates
    or None. Every value is immutable, so rows served from a build share them safely.
    """

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
    stored_per = meta.get("stored_per")
    if stored_per is not None and not any(p.name == stored_per and p.type in STORED_PER_TYPES for p in params):
        raise QueryError(f"{path}: stored_per names {stored_per!r}, expected a parameter of type "
                         f"{' or '.join(STORED_PER_TYPES)}")
    below = meta.get("stored_below")
    stored_below = None
    if below is not None:
        if not (isinstance(below, dict) and set(below) == {"parameter", "column"}
                and any(p.name == below["parameter"] and p.type == "date" for p in params)
                and below["column"] in (meta.get("columns") or ())):
            raise QueryError(f"{path}: stored_below is {below!r}, expected {{parameter: <a date parameter>, "
                             f"column: <a column>}}")
        stored_below = (str(below["parameter"]), str(below["column"]))
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
        stored_per=None if stored_per is None else str(stored_per),
        stored_below=stored_below,
    )


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the catalog's headers parse in a tenth of the time."""


def _load_entry(path: Path, header: str, sparql: str | None) -> dict[str, Question]:
    try:
        meta = yaml.load(header, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
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
    from kg.gazetteer import gazetteer
    from kg.loaders.gazetteer import region_iri_for_code

    # what _region accepts, without the close-name suggestions a failed resolve computes (0.3 s)
    found = gazetteer().matches(value)
    return region_iri_for_code(found[0].code) if len(found) == 1 else Literal(value)


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


def ask(graph: KnowledgeGraph, name: str, *, live: bool = False, **params: ParameterValue | None) -> Answer:
    """Answer catalog question ``name`` with typed parameters.

    Args:
        graph: A build (:func:`kg.build.open_build`) or any dataset in the same layout.
        name: The question (``kg questions`` lists them).
        live: Evaluate the question's text even when the build stores its answer (a question
            asked without parameters, or with only the parameter its header names in
            ``stored_per`` or ``stored_below``, such as ``sector-ties``' sector or
            ``agreements-expiring``'s date; see :mod:`kg.answers`).
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
    build_dir = getattr(graph, "dir", None)
    if not live and isinstance(build_dir, Path):
        from kg.answers import stored_rows

        stored = stored_rows(build_dir, question, bound)
        if stored is not None:
            return Answer(question=question, columns=question.columns, rows=stored)
    runs = _runs_by_entity(graph, question, bound)
    rows = [row for run in runs for row in _select_rows(graph, question, run)]
    if len(runs) > 1:
        rows = _merged(question, rows)
    return Answer(question=question, columns=question.columns, rows=rows)


def _select_rows(graph: KnowledgeGraph, question: Question, bound: Mapping[str, Any]) -> list[dict[str, Any]]:
    from kg.sparql import term_to_python

    if question.sparql is None:
        raise QueryError(f"{question.path}: the question has no SPARQL text")
    terms = {k: to_term(v) for k, v in bound.items()}
    order = _final_order(question.sparql)
    solutions: list[Any] = []
    if order is not None:
        text, keys = order
        result = graph.select(text, **terms)
        projected = {v.value for v in result.variables}
        if all(name in projected for name, _ in keys):
            solutions = _sorted_solutions(list(result), keys)
        else:
            order = None
    if order is None:
        solutions = list(graph.select(question.sparql, **terms))
    rows = []
    for solution in solutions:
        row = {c: term_to_python(solution[c]) for c in question.columns}
        for column in question.list_columns:
            # GROUP_CONCAT has no order in SPARQL: split and sort so answers are stable
            row[column] = tuple(sorted(set(row[column].split("|")))) if row[column] else ()
        rows.append(row)
    return rows


_FINAL_ORDER = re.compile(
    r"\n\s*ORDER\s+BY((?:\s+(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+))+)\s*$", re.IGNORECASE)
_ORDER_TERM = re.compile(r"(?:(ASC|DESC)\s*\(\s*)?\?(\w+)", re.IGNORECASE)


def _final_order(sparql: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """Split a text ending in ``ORDER BY`` plain variables into the text without it and its keys.

    Oxigraph 0.5.13 compares sort keys by reading their strings from the store at every
    comparison, which costs more than the rest of some questions (officials-of on 10,000
    records: 220 of 255 ms); :func:`_sorted_solutions` sorts the same way in memory.
    """
    match = _FINAL_ORDER.search(sparql)
    if match is None:
        return None
    keys = [(m.group(2), (m.group(1) or "").upper() == "DESC") for m in _ORDER_TERM.finditer(match.group(1))]
    return sparql[:match.start()] + "\n", keys


def _term_order(term: Any) -> tuple[Any, ...]:
    """A sort key that orders Oxigraph terms as SPARQL ``ORDER BY`` does (unbound first, then
    blank nodes, IRIs, literals; numbers by value, strings and dates by their text)."""
    import pyoxigraph as ox

    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    datatype = term.datatype.value if isinstance(term, ox.Literal) else ""
    if datatype.rsplit("#", 1)[-1] in _NUMERIC and datatype.startswith(str(XSD)):
        try:
            return (3, 0, Decimal(term.value), "")
        except InvalidOperation:  # NaN, INF: after the numbers
            return (3, 1, term.value, "")
    language = getattr(term, "language", None) or ""
    return (3, 2, term.value, datatype, language)


_NUMERIC = {"integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
            "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
            "unsignedShort", "unsignedByte"}


def _sorted_solutions(solutions: list[Any], keys: list[tuple[str, bool]]) -> list[Any]:
    """Solutions sorted by ``keys`` (variable, descending), the first key first; stable."""
    for name, descending in reversed(keys):
        solutions.sort(key=lambda solution: _term_order(solution[name]), reverse=descending)
    return solutions


def _name_spellings(name: str) -> list[str]:
    """The spellings of a name tried as exact look-ups: as typed, lower, upper and title case."""
    return list(dict.fromkeys([name, name.lower(), name.upper(), name.title(), name[:1].upper() + name[1:]]))


def _things_named(graph: KnowledgeGraph, name: str) -> list[URIRef]:
    """The IRIs whose ``jj:name`` is one of :func:`_name_spellings` of ``name`` (index look-ups)."""
    import pyoxigraph as ox

    from kg.vocab import JJ

    lookup = f"SELECT DISTINCT ?thing ?name WHERE {{ ?thing <{JJ.name}> ?name }}"
    found: dict[str, None] = {}
    for spelling in _name_spellings(name):
        for solution in graph.select(lookup, name=Literal(spelling)):
            thing = solution["thing"]
            if isinstance(thing, ox.NamedNode):
                found[thing.value] = None
    return [URIRef(iri) for iri in sorted(found)]


def _runs_by_entity(graph: KnowledgeGraph, question: Question, bound: dict[str, Any]) -> list[dict[str, Any]]:
    """The bindings to run a question with: one run, or one per IRI an entity's name resolves to.

    An ``entity`` parameter given as a name matches every thing of that name, ignoring case;
    the question text does it by comparing every name in the store. Looking the name up as
    typed, in lower, upper and title case finds the same things from the index, so the text
    then runs once per IRI found. A name stored in none of those spellings keeps the text's
    comparison. (Only a name stored in two spellings, one of them among these, would differ:
    the other spelling is not found.)
    """
    for param in question.parameters:
        value = bound.get(param.name)
        if param.type == "entity" and isinstance(value, Literal):
            things = _things_named(graph, str(value))
            if things:
                return [{**bound, param.name: thing} for thing in things]
    return [bound]


_ORDER_KEY = re.compile(r"(DESC|ASC)?\s*\(?\s*\?(\w+)\s*\)?", re.IGNORECASE)


def _order_keys(sparql: str) -> list[tuple[str, bool]]:
    """The ``ORDER BY`` variables of a text (name, descending), when they are plain variables."""
    match = re.search(r"\bORDER\s+BY\s+(.+?)\s*(?:LIMIT|OFFSET|$)", sparql, re.IGNORECASE | re.DOTALL)
    if not match:
        return []
    return [(m.group(2), (m.group(1) or "").upper() == "DESC") for m in _ORDER_KEY.finditer(match.group(1))]


def _merged(question: Question, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of several runs as one answer, sorted as the text's ``ORDER BY`` (and distinct if it is)."""
    merged = rows
    if re.search(r"\bSELECT\s+DISTINCT\b", question.sparql or "", re.IGNORECASE):
        unique: dict[str, dict[str, Any]] = {}
        for row in rows:
            unique.setdefault(repr([row[c] for c in question.columns]), row)
        merged = list(unique.values())
    for name, descending in reversed(_order_keys(question.sparql or "")):
        if name in question.columns:
            # SPARQL sorts unbound values first
            merged.sort(key=lambda row: (row[name] is not None, "" if row[name] is None else row[name]),
                        reverse=descending)
    return merged


def run_question(graph: KnowledgeGraph, name: str, params: Mapping[str, ParameterValue] | None = None) -> Answer:
    """Run catalog question ``name`` with ``params`` by name (text or typed values, as :func:`ask`).

    Raises:
        QueryError: Unknown question or bad parameter.
    """
    given: dict[str, Any] = dict(params or {})
    return ask(graph, name, **given)
