"""Every catalog ``.rq`` question over HTTP on Apache Jena Fuseki gives the rows ``kg ask`` gives.

``scripts/test.sh`` builds the seed and corpus records, starts Fuseki (``scripts/fuseki.sh``) on
their TriG export and exports FUSEKI_URL and FUSEKI_DATA; in CI these tests fail, not skip,
without it. Queries go over the SPARQL 1.1 Protocol with SPARQLWrapper.

**Parameters.** The SPARQL 1.1 Protocol has no way to bind variables: a query request carries
``query``, ``default-graph-uri`` and ``named-graph-uri`` and nothing else, and Fuseki adds no
binding parameter of its own (Jena's initial bindings exist only in its Java API). So a question
without parameters is sent exactly as written. A question with parameters is sent with one-row
``VALUES`` data blocks built from typed RDF terms (IRIs and literals written with N-Triples
escaping, never user text spliced into the query), joined into **every group graph pattern**
of the ``WHERE`` clause: at its end (after the group's ``BIND`` s, which may assign a parameter
such as ``agreements``' ``?kind``, and before its ``FILTER`` s, which apply to the whole group)
and at its start for parameters no ``BIND`` assigns (so ``BIND`` expressions see them).
Every ``FILTER``, ``OPTIONAL`` and ``EXISTS`` then sees the value, as with Oxigraph's
substitutions. One block at the top of ``WHERE`` is not enough: SPARQL evaluates groups
bottom-up, so a ``FILTER`` inside a nested group (``sources-of``) runs before the outer join and
sees the parameter unbound. The grammar's trailing ``VALUES`` after the whole query is worse: it
is joined after the ``WHERE`` clause and grouping (SPARQL 1.1 §18.2.4.3), so a ``FILTER``
testing an optional parameter with ``COALESCE(?p != ?p, true)`` lets every row through;
:func:`test_where_the_values_block_goes_matters` shows both on real questions.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request

import pytest
from cypher_cases import SEED_CASES, assert_same_answer
from live_servers import require_env

from sparql_http import (ask_over_http, parameter_terms, values_block, with_trailing_values,
                         with_values_in_every_group, with_values_in_where)

from kg.dataset import KnowledgeGraph
from kg.questions import get_question, run_question

pytestmark = pytest.mark.fuseki

SPARQL_CASES = [(name, params) for name, params in SEED_CASES if get_question(name).engine == "sparql"]


@pytest.fixture(scope="module")
def endpoint() -> str:
    base = require_env("FUSEKI_URL", "start Fuseki with scripts/fuseki.sh start FILE (scripts/test.sh does)")
    return base + "/query"


def test_fuseki_serves_the_seed_dataset(endpoint: str, seed_graph: KnowledgeGraph) -> None:
    """The server holds the same quads as the seed graph, and its default graph is their union."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(JSON)
    counts = {}
    for name, text in {"quads": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                       "graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}.items():
        client.setQuery(text)
        result = client.queryAndConvert()
        assert isinstance(result, dict)
        counts[name] = int(result["results"]["bindings"][0]["n"]["value"])
    assert counts["quads"] == len(seed_graph)
    assert counts["graphs"] == len(list(seed_graph.graph_names()))
    data = os.environ.get("FUSEKI_DATA")
    if data:
        assert data.endswith(".trig")


@pytest.mark.parametrize("name, params", SPARQL_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SPARQL_CASES)])
def test_catalog_question_same_rows_on_fuseki(endpoint: str, seed_graph: KnowledgeGraph, name: str,
                                              params: dict[str, str]) -> None:
    question = get_question(name)
    assert question.sparql is not None
    terms = parameter_terms(question, params)
    text = with_values_in_every_group(question.sparql, terms)
    if not terms:
        assert text == question.sparql  # sent exactly as written
    assert_same_answer(run_question(seed_graph, name, params), ask_over_http(endpoint, question, text))


def test_where_the_values_block_goes_matters(endpoint: str, seed_graph: KnowledgeGraph) -> None:
    """A trailing block restricts nothing the FILTERs let through; one at the top misses nested FILTERs."""
    timeline = get_question("timeline")
    assert timeline.sparql is not None
    params = {"region": "Kota Batu"}
    expected = run_question(seed_graph, "timeline", params)
    everything = run_question(seed_graph, "timeline", {})
    assert 0 < len(expected.rows) < len(everything.rows)
    terms = parameter_terms(timeline, params)
    block = values_block(terms)
    assert_same_answer(expected, ask_over_http(endpoint, timeline, with_values_in_every_group(timeline.sparql, terms)))
    trailing = ask_over_http(endpoint, timeline, with_trailing_values(timeline.sparql, block))
    assert len(trailing.rows) == len(everything.rows)

    sources = get_question("sources-of")
    assert sources.sparql is not None
    params = {"entity": "Irawati"}
    expected = run_question(seed_graph, "sources-of", params)
    assert expected.rows
    terms = parameter_terms(sources, params)
    block = values_block(terms)
    assert_same_answer(expected, ask_over_http(endpoint, sources, with_values_in_every_group(sources.sparql, terms)))
    assert ask_over_http(endpoint, sources, with_values_in_where(sources.sparql, block)).rows == []


def test_a_hostile_text_parameter_stays_one_literal(endpoint: str, seed_graph: KnowledgeGraph) -> None:
    question = get_question("sources-of")
    params = {"entity": 'x" } UNION { ?s ?p ?o } #\n'}
    terms = parameter_terms(question, params)
    block = values_block(terms)
    assert block == 'VALUES (?entity) { ("x\\" } UNION { ?s ?p ?o } #\\n") }'  # one literal, escaped
    assert question.sparql is not None
    answer = ask_over_http(endpoint, question, with_values_in_every_group(question.sparql, terms))
    assert answer.rows == run_question(seed_graph, "sources-of", params).rows == []


def test_fuseki_refuses_updates(endpoint: str) -> None:
    base = endpoint.rsplit("/", 1)[0]
    body = "update=INSERT DATA { <urn:x-test:a> <urn:x-test:b> <urn:x-test:c> }".encode()
    for path in ("/update", "/query", ""):
        request = urllib.request.Request(base + path, data=body, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        refused.value.close()
        assert refused.value.code in (400, 404, 405)
    request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode(
        {"query": "ASK { <urn:x-test:a> ?p ?o }"}), headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.load(response)["boolean"] is False
