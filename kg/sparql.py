"""Ad-hoc, read-only SPARQL over the built dataset (Oxigraph).

Only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) run; updates and ``SERVICE`` (which would
reach outside this machine) are refused before anything is evaluated.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from collections.abc import Callable
from typing import Any

from kg.dataset import KnowledgeGraph
from kg.errors import QueryError

__all__ = ["check_read_only", "run_sparql", "term_to_python"]

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


def run_sparql(graph: KnowledgeGraph, text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a read-only query; return columns and rows.

    The default graph is the merge of all graphs; ``GRAPH ?g`` reaches each source's graph.

    ASK gives one column ``ask``; CONSTRUCT and DESCRIBE give ``subject``, ``predicate``, ``object``.

    Raises:
        QueryError: The text is not a read-only query, or it failed.
    """
    import pyoxigraph as ox

    check_read_only(text)
    result = graph.query(text)
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [{"ask": bool(result)}]
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return columns, [{c: term_to_python(solution[c]) for c in columns} for solution in result]
    columns = ["subject", "predicate", "object"]
    return columns, [{"subject": term_to_python(t.subject), "predicate": term_to_python(t.predicate),
                      "object": term_to_python(t.object)} for t in result]
