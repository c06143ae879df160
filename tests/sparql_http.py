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


def parameter_terms(question: Question, params: dict[str, str]) -> dict[str, str]:
    """Return each bound parameter (given or defaulted) as an RDF term in N-Triples syntax."""
    return {name: _term(value) for name, value in sorted(coerce_parameters(question, params).items())}


def values_block(terms: dict[str, str]) -> str:
    """Return ``VALUES (?a ?b) { (term term) }`` ('' when there is nothing to bind)."""
    if not terms:
        return ""
    return "VALUES (" + " ".join(f"?{n}" for n in terms) + ") { (" + " ".join(terms.values()) + ") }"


def with_values_in_where(text: str, block: str) -> str:
    """Return ``text`` with ``block`` as the first element of its first WHERE group only."""
    if not block:
        return text
    match = re.search(r"\bWHERE\s*\{", text)
    assert match is not None, "the question has no WHERE clause"
    return text[:match.end()] + "\n  " + block + "\n" + text[match.end():]


def with_values_in_every_group(text: str, terms: dict[str, str]) -> str:
    """Return ``text`` with the parameters joined into every group of its WHERE clause.

    Each group graph pattern ends with a one-row ``VALUES`` block of every parameter (joined
    after the group's ``BIND`` s, before its ``FILTER`` s, which apply to the whole group; a
    parameter some ``BIND`` assigns joins only the outermost group) and
    starts with one of the parameters no ``BIND … AS ?p`` assigns (SPARQL forbids a ``BIND`` to
    a variable already in scope). Groups that only wrap a sub-``SELECT`` are left alone; string
    literals and comments are skipped.
    """
    if not terms:
        return text
    assigned = set(re.findall(r"\bAS\s+\?(\w+)", text))
    head = values_block({n: t for n, t in terms.items() if n not in assigned})
    tail = values_block(terms)
    # a nested group comes before the outer group's BIND: a parameter the BIND assigns joins
    # only at the end of the outermost group, or the BIND would find it already in scope
    inner_tail = head
    match = re.search(r"\bWHERE\s*\{", text)
    assert match is not None, "the question has no WHERE clause"
    out: list[str] = [text[:match.end() - 1]]
    groups: list[bool] = []  # per open brace: does it get blocks?
    in_string = escaped = in_comment = False
    index = match.end() - 1
    while index < len(text):
        char = text[index]
        if in_comment:
            in_comment = char != "\n"
        elif in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char == "#" and (index == 0 or text[index - 1].isspace()):
            in_comment = True
        elif char == "{":
            plain = not re.match(r"\s*SELECT\b", text[index + 1:], re.IGNORECASE)
            groups.append(plain)
            out.append(char + (" " + head + " " if plain and head else ""))
            index += 1
            continue
        elif char == "}":
            if groups.pop():
                block = tail if not groups else inner_tail
                if block:
                    out.append(" " + block + " ")
        out.append(char)
        index += 1
    assert not groups, "unbalanced braces"
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
    """Send ``text`` with SPARQLWrapper (POST) and read the JSON results as ``kg ask`` does.

    SPARQLWrapper guesses the query form from the first keyword it finds after the prologue,
    comments included: the header of ``region-ties.rq`` made it guess MOVE and send the text as
    an update (Fuseki: 400 "No 'query=' parameter"). The catalog's questions are all SELECT, so
    the form is set after the guess.
    """
    from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(text)
    client.queryType = SELECT
    results = client.queryAndConvert()
    assert isinstance(results, dict)
    rows = []
    for solution in results["results"]["bindings"]:
        row = {c: _python(solution.get(c)) for c in question.columns}
        for column in question.list_columns:
            row[column] = tuple(sorted(set(row[column].split("|")))) if row[column] else ()
        rows.append(row)
    return Answer(question=question, columns=question.columns, rows=rows)
