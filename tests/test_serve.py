"""``kg serve``: the Oxigraph server, read-only over the seed build, spoken to with SPARQLWrapper.

Each test module run starts ``kg serve --port PORT --timeout 2`` in a folder whose ``build/`` is
the seed build (as a user would, from the project folder) and stops it at the end.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cypher_cases import assert_same_answer
from live_servers import free_port, wait_for_port
from rdflib import Graph
from sparql_http import ask_over_http
from SPARQLWrapper import CSV, JSON, N3, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.build import Build
from kg.questions import get_question, run_question
from kg.sparql import run_sparql

pytestmark = pytest.mark.xdist_group("serve")  # one `kg serve` for the module, also under xdist


@pytest.fixture(scope="module")
def endpoint(seed_build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("project")
    (project / "build").symlink_to(seed_build_dir, target_is_directory=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--timeout", "2"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stderr is not None
        server.stderr.close()


def _client(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("method", ["GET", POST])
def test_a_select_returns_json_results(endpoint: str, seed_build: Build, method: str) -> None:
    results = _client(endpoint, COUNT, JSON, method).queryAndConvert()
    assert isinstance(results, dict)
    _, rows = run_sparql(seed_build, COUNT)
    assert int(results["results"]["bindings"][0]["n"]["value"]) == rows[0]["n"] > 0


def test_a_catalog_question_gives_the_rows_kg_ask_gives(endpoint: str, seed_build: Build) -> None:
    question = get_question("region-ties")
    assert question.sparql is not None
    expected = run_question(seed_build, "region-ties")
    assert expected.rows
    assert_same_answer(expected, ask_over_http(endpoint, question, question.sparql))


@pytest.mark.parametrize("fmt, content_type", [(XML, "application/sparql-results+xml"), (CSV, "text/csv"),
                                               (TSV, "text/tab-separated-values")])
def test_results_in_xml_csv_and_tsv(endpoint: str, fmt: str, content_type: str) -> None:
    query = "SELECT ?name WHERE { ?r <https://w3id.org/jejaring/ontology#kemendagriCode> \"61.71\" ; " \
            "<https://w3id.org/jejaring/ontology#name> ?name }"
    result = _client(endpoint, query, fmt).query()
    assert result.response.headers["Content-Type"].startswith(content_type)
    body = result.response.read().decode("utf-8")
    assert "Kota Pontianak" in body


@pytest.mark.parametrize("fmt, content_type, rdflib_format", [(TURTLE, "text/turtle", "turtle"),
                                                              (N3, "application/n-triples", "nt")])
def test_construct_and_describe_give_rdf(endpoint: str, fmt: str, content_type: str, rdflib_format: str) -> None:
    region = "<https://w3id.org/jejaring/id/region/61.71>"
    for query in (f"CONSTRUCT {{ {region} ?p ?o }} WHERE {{ {region} ?p ?o }}", f"DESCRIBE {region}"):
        client = _client(endpoint, query, fmt)
        if fmt == N3:
            client.addCustomHttpHeader("Accept", content_type)
        result = client.query()
        assert result.response.headers["Content-Type"].startswith(content_type), query
        graph = Graph().parse(data=result.response.read().decode("utf-8"), format=rdflib_format)
        assert len(graph) > 3, query


def test_updates_are_refused(endpoint: str, seed_build: Build) -> None:
    before = run_sparql(seed_build, COUNT)[1][0]["n"]
    update = "INSERT DATA { <urn:x-test:a> <urn:x-test:b> <urn:x-test:c> }"
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint.rsplit("/", 1)[0] + "/update")
    client.setMethod(POST)
    client.setQuery(update)
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        client.query()
    base = endpoint.rsplit("/", 1)[0]
    for request in (
        urllib.request.Request(endpoint, data=update.encode(), method="POST",
                               headers={"Content-Type": "application/sparql-update"}),
        urllib.request.Request(base + "/store?default", data=b"<urn:x-test:a> <urn:x-test:b> <urn:x-test:c> .",
                               method="POST", headers={"Content-Type": "application/n-triples"}),
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        refused.value.close()
        assert 400 <= refused.value.code < 500
    ask = _client(endpoint, "ASK { <urn:x-test:a> ?p ?o }", JSON).queryAndConvert()
    assert isinstance(ask, dict) and ask["boolean"] is False
    assert run_sparql(seed_build, COUNT)[1][0]["n"] == before


def test_a_long_query_is_stopped_by_the_timeout(endpoint: str) -> None:
    """The server was started with --timeout 2: a query that would run for minutes is cancelled.

    Oxigraph streams results, so the status line (200) and the head are sent before the
    cancellation; the body then ends with the error instead of the results.
    """
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER (STR(?a) < STR(?d)) }"
    started = time.monotonic()
    request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": heavy}),
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
        exc.close()
    elapsed = time.monotonic() - started
    assert "cancelled" in body.lower()
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    assert elapsed < 60


def test_serve_refuses_a_missing_build(tmp_path: Path) -> None:
    ran = subprocess.run([sys.executable, "-m", "kg", "serve", "--build-dir", str(tmp_path / "nothing")],
                         capture_output=True, text=True, timeout=60)
    assert ran.returncode == 1
    assert "run `kg build`" in ran.stderr and "Traceback" not in ran.stderr


def test_serve_runs_the_oxigraph_of_the_same_version() -> None:
    import pyoxigraph

    from kg.serve import oxigraph_executable

    program = oxigraph_executable()
    assert shutil.which(program) or Path(program).is_file()
    printed = subprocess.run([program, "--version"], capture_output=True, text=True, check=True).stdout
    assert pyoxigraph.__version__ in printed
