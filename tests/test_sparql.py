"""kg sparql: predeclared prefixes, Turtle/N-Triples/JSON-LD for graph answers, true/false for ASK,
refused updates and SERVICE, and a queries/README.md whose prefix list is the code's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import Build
from kg.cli import cli
from kg.dataset import PREFIXES
from kg.sparql import answer_sparql, prefix_lines, prefix_table_markdown, with_prefixes

README = Path(__file__).resolve().parents[1] / "queries" / "README.md"
PONTIANAK_NAME = "CONSTRUCT { ?r jj:name ?n } WHERE { ?r jj:kemendagriCode '61.71' ; jj:name ?n }"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_issue_query_runs_without_a_prefix_line(seed_build_dir: Path, seed_build: Build) -> None:
    code, out, err = invoke("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a a jj:Agreement }", "--format", "json",
                            "--build-dir", str(seed_build_dir))
    assert code == 0, err
    direct = seed_build.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{PREFIXES['jj']}Agreement> }}")
    assert json.loads(out) == [{"n": int(next(iter(direct))[0].value)}]


def test_prefixed_names_of_every_prefix_resolve(seed_build: Build) -> None:
    answer = answer_sparql(seed_build, "SELECT (COUNT(*) AS ?n) WHERE { ?a a/rdfs:subClassOf* jj:Agreement }")
    assert answer.rows[0]["n"] > 0
    answer = answer_sparql(seed_build, "ASK { region:61.71 jj:kemendagriCode '61.71' }")
    assert answer.kind == "ask" and answer.boolean is True
    for name in PREFIXES:
        assert answer_sparql(seed_build, f"ASK {{ ?s ?p {name}:x }}").kind == "ask"


def test_a_prefix_the_query_declares_wins(seed_build: Build) -> None:
    text = "PREFIX jj: <urn:elsewhere#> SELECT (COUNT(*) AS ?n) WHERE { ?r jj:kemendagriCode ?c }"
    assert with_prefixes(text).count("PREFIX jj:") == 1
    assert answer_sparql(seed_build, text).rows == [{"n": 0}]
    assert answer_sparql(seed_build, text.replace("urn:elsewhere#", PREFIXES["jj"])).rows[0]["n"] > 500


def test_prefixes_flag_prints_prefix_lines_that_parse() -> None:
    code, out, _ = invoke("sparql", "--prefixes")
    assert code == 0 and out == prefix_lines()
    assert len(out.splitlines()) == len(PREFIXES)
    store = ox.Store()
    store.query(out + "ASK { ?s jj:name ?o }")  # every line is valid SPARQL prologue


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_construct_prints_rdf_that_parses_back(seed_build_dir: Path, fmt: str) -> None:
    args = ["sparql", PONTIANAK_NAME, "--build-dir", str(seed_build_dir)]
    code, out, err = invoke(*args, *([] if fmt == "ttl" else ["--format", fmt]))  # Turtle by default
    assert code == 0, err
    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    triples = list(ox.parse(out.encode(), format=formats[fmt]))
    assert [(t.subject.value, t.object.value) for t in triples] == [(PREFIXES["region"] + "61.71", "Kota Pontianak")]
    if fmt == "ttl":
        assert "region:61.71 jj:name" in out and "@prefix person:" not in out  # only the prefixes it uses


def test_describe_prints_turtle_and_rows_on_request(seed_build_dir: Path) -> None:
    code, out, _ = invoke("sparql", "DESCRIBE region:61.71", "--build-dir", str(seed_build_dir))
    assert code == 0 and "region:61.71" in out
    assert len(list(ox.parse(out.encode(), format=ox.RdfFormat.TURTLE))) > 3
    code, out, _ = invoke("sparql", PONTIANAK_NAME, "--format", "csv", "--build-dir", str(seed_build_dir))
    assert out.splitlines()[0] == "subject,predicate,object"


def test_ask_prints_true_or_false(seed_build_dir: Path) -> None:
    for text, want in (("ASK { ?e jj:hostRegion region:61.71 }", "true"), ("ASK { region:61.71 jj:hostRegion ?x }", "false")):
        code, out, _ = invoke("sparql", text, "--build-dir", str(seed_build_dir))
        assert (code, out) == (0, want + "\n")


@pytest.mark.parametrize("text, message", [
    ("INSERT DATA { jj:a jj:b jj:c }", "updates are refused"),
    ("DELETE WHERE { ?s jj:name ?o }", "updates are refused"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
])
def test_updates_and_service_stay_refused(seed_build_dir: Path, text: str, message: str) -> None:
    code, _, err = invoke("sparql", text, "--build-dir", str(seed_build_dir))
    assert code == 2 and message in err and "Traceback" not in err


def test_rdf_formats_for_rows_are_a_usage_error(seed_build_dir: Path) -> None:
    code, _, err = invoke("sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "ttl",
                          "--build-dir", str(seed_build_dir))
    assert code == 2 and "CONSTRUCT and DESCRIBE" in err
    code, _, err = invoke("sparql", "--build-dir", str(seed_build_dir))
    assert code == 2 and "--prefixes" in err


def test_queries_readme_states_sparql_1_1_and_lists_the_current_prefixes() -> None:
    text = README.read_text(encoding="utf-8")
    assert "SPARQL 1.1" in text
    match = re.search(r"<!-- prefixes:begin[^>]*-->\n(.*?)<!-- prefixes:end -->", text, re.S)
    assert match, "queries/README.md lost its generated prefix table"
    assert match.group(1) == prefix_table_markdown(), "regenerate the table with kg.sparql.prefix_table_markdown()"
