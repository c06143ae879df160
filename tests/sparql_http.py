"""SPARQL 1.1 Protocol helpers for the tests of Fuseki and ``kg serve`` (see tests/test_fuseki.py).

A catalog question's parameters travel as a one-row ``VALUES`` block in every group of its
``WHERE`` clause, built from typed RDF terms; results come back as SPARQL JSON and are read into
the same :class:`~kg.questions.Answer` rows that ``kg ask`` gives.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal, URIRef

from kg.questions import Answer, Question, coerce_parameters

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _term(value: Any) -> str:
    """Write an RDF term as in N-Triples: a short literal with every quote and line break escaped."""
    if isinstance(value, URIRef):
        assert not re.search(r'[\x00-\x20<>"{}|^`\\]', str(value)), f"not an IRI: {value!r}"
        return f"<{value}>"
    if isinstance(value, Literal):
        text = '"' + "".join(_ESCAPES.get(c, c) for c in str(value)) + '"'
        if value.language:
            return f"{text}@{value.language}"
        return f"{text}^^<{value.datatype}>" if value.datatype else text
    raise TypeError(f"cannot bind {value!r}")


def values_block(question: Question, params: dict[str, str]) -> str:
    """Return ``VALUES (?a ?b) { (term term) }`` for the given parameters ('' when none)."""
    bound = coerce_parameters(question, params)
    if not bound:
        return ""
    names = sorted(bound)
    return ("VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
            + " ".join(_term(bound[n]) for n in names) + ") }")


def with_values_in_where(text: str, block: str) -> str:
    """Return ``text`` with ``block`` as the first element of its first WHERE group only."""
    if not block:
        return text
    match = re.search(r"\bWHERE\s*\{", text)
    assert match is not None, "the question has no WHERE clause"
    return text[:match.end()] + "\n  " + block + "\n" + text[match.end():]


def with_values_in_every_group(text: str, block: str) -> str:
    """Return ``text`` with ``block`` as the first element of every group of its WHERE clause.

    Braces inside string literals are left alone; the catalog has no comments or literals
    with braces in its query bodies (checked).
    """
    if not block:
        return text
    match = re.search(r"\bWHERE\s*\{", text)
    assert match is not None, "the question has no WHERE clause"
    out, in_string, escaped = [text[:match.end() - 1]], False, False
    for char in text[match.end() - 1:]:
        out.append(char)
        if escaped:
            escaped = False
        elif in_string and char == "\\":
            escaped = True
        elif char == '"':
            in_string = not in_string
        elif char == "{" and not in_string:
            out.append(" " + block + " ")
    return "".join(out)


def with_trailing_values(text: str, block: str) -> str:
    """Return ``text`` with ``block`` as the grammar's trailing ValuesClause."""
    return text.rstrip() + "\n" + block + "\n"


def _python(binding: dict[str, str] | None) -> Any:
    import pyoxigraph as ox

    from kg.sparql import term_to_python

    if binding is None:
        return None
    if binding["type"] == "uri":
        return binding["value"]
    if binding["type"] == "literal" or binding["type"] == "typed-literal":
        if "datatype" in binding:
            return term_to_python(ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"])))
        return binding["value"]
    return binding["value"]


def ask_over_http(endpoint: str, question: Question, text: str) -> Answer:
    """Send ``text`` with SPARQLWrapper (POST) and read the JSON results as ``kg ask`` does."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(text)
    results = client.queryAndConvert()
    assert isinstance(results, dict)
    rows = []
    for solution in results["results"]["bindings"]:
        row = {c: _python(solution.get(c)) for c in question.columns}
        for column in question.list_columns:
            row[column] = sorted(set(row[column].split("|"))) if row[column] else []
        rows.append(row)
    return Answer(question=question, columns=question.columns, rows=rows)
