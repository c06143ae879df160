"""Ad-hoc, read-only SPARQL 1.1 over the built dataset (Oxigraph).

Only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run; updates and ``SERVICE`` (which would
reach outside this machine) are refused before anything is evaluated.

The project's prefixes (:data:`kg.dataset.PREFIXES`: ``jj:``, ``region:``, ``person:`` …) are
predeclared, so a query copied from the docs needs no ``PREFIX`` lines; a prefix the query
declares itself wins. CONSTRUCT and DESCRIBE answers are RDF (:func:`serialize_triples`).

>>> from kg.vocab import JJ
>>> f"PREFIX jj: <{JJ}>" in with_prefixes("ASK { ?a a jj:Agreement }")
True
>>> with_prefixes("PREFIX jj: <urn:x#> ASK { ?a a jj:A }").count("PREFIX jj:")
1
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from collections.abc import Callable
from typing import Any

import re

from kg.dataset import PREFIXES, KnowledgeGraph
from kg.errors import QueryError

__all__ = ["check_read_only", "run_sparql", "term_to_python", "with_prefixes", "prefix_lines", "SparqlAnswer",
           "answer_sparql", "serialize_triples", "GRAPH_FORMATS", "prefix_table_markdown"]

GRAPH_FORMATS = ("ttl", "nt", "jsonld")
"""The formats of a CONSTRUCT or DESCRIBE answer: Turtle (default), N-Triples, JSON-LD."""

_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


def prefix_lines() -> str:
    """Return the project's prefixes as SPARQL ``PREFIX`` lines, one per line, sorted by name."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(PREFIXES.items()))


def with_prefixes(text: str) -> str:
    """Return ``text`` with ``PREFIX`` lines for the project's prefixes it does not declare itself."""
    declared = {match.group(1) or "" for match in _DECLARED.finditer(text)}
    missing = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(PREFIXES.items()) if name not in declared)
    return missing + text

_XSD_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "integer": int, "int": int, "long": int, "short": int, "nonNegativeInteger": int, "positiveInteger": int,
    "decimal": Decimal, "double": float, "float": float,
    "boolean": lambda text: text == "true",
    "date": dt.date.fromisoformat,
}


def _walk(node: Any) -> Any:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _walk(item)


def check_read_only(text: str) -> None:
    """Refuse updates, ``SERVICE`` clauses and text that is not SPARQL.

    Raises:
        QueryError: With the reason.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        query = prepareQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryError(f"not a valid SPARQL query: {exc}") from None
        raise QueryError("SPARQL updates are refused: kg sparql is read-only") from None
    except Exception as exc:  # rdflib raises assorted errors for odd queries
        raise QueryError(f"not a valid SPARQL query: {exc}") from None
    if any(node.name == "ServiceGraphPattern" for node in _walk(query.algebra)):
        raise QueryError("SERVICE is refused: queries may not reach other endpoints")


def term_to_python(term: Any) -> Any:
    """Return an Oxigraph term as a plain Python value (IRIs as text, typed literals converted)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        convert = _XSD_CONVERTERS.get(datatype)
        if convert is not None and term.datatype.value.startswith("http://www.w3.org/2001/XMLSchema#"):
            try:
                return convert(term.value)
            except ValueError:
                return term.value
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


class SparqlAnswer:
    """What a query answered: ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE).

    Attributes:
        columns: SELECT columns (``ask`` for ASK; subject, predicate, object for graphs).
        rows: SELECT rows as plain Python values (one row for ASK; one per triple for graphs).
        boolean: The ASK answer.
        triples: The CONSTRUCT/DESCRIBE triples (Oxigraph terms).
    """

    def __init__(self, kind: str, columns: list[str], rows: list[dict[str, Any]], *, boolean: bool | None = None,
                 triples: list[Any] | None = None) -> None:
        self.kind = kind
        self.columns = columns
        self.rows = rows
        self.boolean = boolean
        self.triples = triples or []


def answer_sparql(graph: KnowledgeGraph, text: str) -> SparqlAnswer:
    """Run a read-only query with the project's prefixes predeclared; return its answer.

    Raises:
        QueryError: The text is not a read-only query, or it failed.
    """
    import pyoxigraph as ox

    text = with_prefixes(text)
    check_read_only(text)
    result = graph.query(text)
    if isinstance(result, ox.QueryBoolean):
        return SparqlAnswer("ask", ["ask"], [{"ask": bool(result)}], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return SparqlAnswer("select", columns, [{c: term_to_python(solution[c]) for c in columns} for solution in result])
    triples = list(result)
    return SparqlAnswer("graph", ["subject", "predicate", "object"], [
        {"subject": term_to_python(t.subject), "predicate": term_to_python(t.predicate),
         "object": term_to_python(t.object)} for t in triples], triples=triples)


def serialize_triples(triples: list[Any], fmt: str) -> bytes:
    """Serialize CONSTRUCT/DESCRIBE triples as ``ttl`` (with the project's prefixes), ``nt`` or ``jsonld``.

    Raises:
        QueryError: An unknown format.
    """
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    if fmt not in formats:
        raise QueryError(f"a graph answer is written as {', '.join(GRAPH_FORMATS)}, not {fmt}")
    ordered = sorted(triples, key=str)
    used = {t.value for triple in ordered for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)} | {triple.object.datatype.value for triple in ordered
                                                if isinstance(triple.object, ox.Literal)}
    prefixes = {name: iri for name, iri in PREFIXES.items() if any(u.startswith(iri) for u in used)}
    return ox.serialize(ordered, format=formats[fmt], prefixes=prefixes if fmt == "ttl" else None) or b""


def prefix_table_markdown() -> str:
    """Return the predeclared prefixes as the Markdown table ``queries/README.md`` carries."""
    rows = "".join(f"| `{name}:` | `<{iri}>` |\n" for name, iri in sorted(PREFIXES.items()))
    return "| prefix | IRI |\n|---|---|\n" + rows


def run_sparql(graph: KnowledgeGraph, text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a read-only query (project prefixes predeclared); return columns and rows.

    The default graph is the merge of all graphs; ``GRAPH ?g`` reaches each source's graph.

    ASK gives one column ``ask``; CONSTRUCT and DESCRIBE give ``subject``, ``predicate``, ``object``.

    Raises:
        QueryError: The text is not a read-only query, or it failed.
    """
    answer = answer_sparql(graph, text)
    return answer.columns, answer.rows

