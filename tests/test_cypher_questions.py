"""Every SPARQL catalog question gives the same rows through its Cypher text on the embedded database.

On the seed graph (the parameters of tests/test_questions.py, optional parameters missing, edge
cases) and on a generated graph of 5,000 records, with parameters taken from the data: the
most-visited regions, a broad sector (ekonomi) and narrower ones, dates.

rdflib's SPARQL engine is the slow side at 5,000 records (Cypher answers in well under a
second). Measured on 4 cores: region-ties ~16 s (5,000 rows: the UNION is evaluated once per
evidence), sector-ties on ekonomi ~19 s (4,000 rows; so sector-ties runs here on kerajinan,
~6 s, and on ekonomi only over the seed graph), sources-of ~8 s (the name test scans every
jj:name), timeline ~3.5 s even with a region (its FILTER EXISTS runs once per event).
Building the generated graph, its rdflib copy and its embedded database takes ~35 s more.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cypher_cases import SEED_CASES, assert_same_answer

from kg.build import Build
from kg.cypher_questions import run_question_cypher
from kg.dataset import KnowledgeGraph
from kg.embedded import EMBEDDED_FILE, run_cypher
from kg.errors import QueryError
from kg.questions import catalog, run_question

SPARQL_QUESTIONS = sorted(name for name, q in catalog().items() if q.engine == "sparql")


@pytest.fixture(scope="module")
def seed_db(seed_build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed build's embedded database (the seed graph, as write_embedded wrote it),
    alone in its folder: no stored answers beside it, so every question runs its Cypher text."""
    path = tmp_path_factory.mktemp("seed-lbug") / EMBEDDED_FILE
    shutil.copyfile(seed_build_dir / EMBEDDED_FILE, path)
    return path


def test_every_sparql_question_has_a_cypher_text_with_its_header() -> None:
    for name in SPARQL_QUESTIONS:
        question = catalog()[name]
        assert question.cypher, f"{name}: no queries/{name}.cypher"
        for variant, path in question.cypher.items():
            text = path.read_text(encoding="utf-8")
            assert text.startswith(f"// {name} "), path.name
            header = "\n".join(line for line in text.splitlines() if line.startswith("//"))
            assert f"same question as {name}.rq" in header, path.name
            for param in question.parameters:
                assert f"${param.name}" in header and f"${param.name}" in text, f"{path.name}: ${param.name}"
            if variant != "any":
                assert set(question.cypher) == {"neo4j", "ladybug"}, f"{name}: keep both engine variants"


def test_the_cases_cover_every_sparql_question() -> None:
    assert {name for name, _ in SEED_CASES} == set(SPARQL_QUESTIONS)
    assert {name for name, _ in GENERATED_CASES} == set(SPARQL_QUESTIONS)


@pytest.mark.parametrize("name, params", SEED_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SEED_CASES)])
def test_seed_graph_same_rows(seed_graph: KnowledgeGraph, seed_db: Path, name: str, params: dict[str, str]) -> None:
    assert_same_answer(run_question(seed_graph, name, params), run_question_cypher(seed_db, name, params))


def test_networkx_questions_are_handed_to_networkx(seed_graph: KnowledgeGraph, seed_db: Path) -> None:
    for name, params in (("most-connected", {"top": "3"}), ("path-between", {"a": "Surabaya", "b": "Depok"})):
        assert run_question_cypher(seed_db, name, params, graph=seed_graph).rows == run_question(seed_graph, name, params).rows
    with pytest.raises(QueryError, match="graph-analytics question"):
        run_question_cypher(seed_db, "most-connected", {})


def test_bad_parameters_fail_as_for_sparql(seed_db: Path) -> None:
    with pytest.raises(QueryError, match="unknown region 'Nowhere'"):
        run_question_cypher(seed_db, "delegations-visiting", {"region": "Nowhere"})
    with pytest.raises(QueryError, match="parameter 'region' \\(region\\) is required"):
        run_question_cypher(seed_db, "delegations-visiting", {})


def test_build_folder_is_opened_read_only(seed_build_dir: Path, tmp_path: Path) -> None:
    from kg.errors import KGError

    build = seed_build_dir  # kg build's folder, with its embedded database
    before = sorted((p.name, p.stat().st_mtime_ns) for p in build.rglob("*"))
    answer = run_question_cypher(build, "delegations-visiting", {"region": "Pontianak"})
    assert [r["leader"] for r in answer.rows] == ["Irawati"]
    assert sorted((p.name, p.stat().st_mtime_ns) for p in build.rglob("*")) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KGError, match="kg build") as caught:
        run_question_cypher(empty, "delegations-visiting", {"region": "Pontianak"})
    assert caught.value.exit_code == 1 and list(empty.iterdir()) == []


def test_many_questions_on_one_open_database(seed_graph: KnowledgeGraph, seed_db: Path) -> None:
    from kg.embedded import EmbeddedDatabase

    with EmbeddedDatabase(seed_db) as database:
        for name, params in SEED_CASES[:10]:
            assert_same_answer(run_question(seed_graph, name, params), run_question_cypher(database, name, params))


def test_open_question_database_serves_many_questions_with_typed_parameters(seed_graph: KnowledgeGraph,
                                                                          seed_build_dir: Path, tmp_path: Path) -> None:
    import datetime as dt

    from kg.cypher_questions import open_question_database
    from kg.errors import KGError

    build = seed_build_dir  # kg build's folder of the seed records, with its embedded database
    with open_question_database(build) as database:
        for name, params in SEED_CASES[:6]:
            assert_same_answer(run_question(seed_graph, name, params), run_question_cypher(database, name, params))
        typed = run_question_cypher(database, "agreements-expiring", {"before": dt.date(2031, 1, 1)})
        assert typed.rows and typed.rows == run_question_cypher(database, "agreements-expiring",
                                                                {"before": "2031-01-01"}).rows
    with pytest.raises(KGError, match="kg build") as caught:
        open_question_database(tmp_path / "nowhere")
    assert caught.value.exit_code == 1 and not (tmp_path / "nowhere").exists()


# -- 5,000 generated records ------------------------------------------------------------------
# Regions are "@0".."@4": the five regions hosting the most events in the generated data.

GENERATED_CASES: list[tuple[str, dict[str, str]]] = [
    *[(name, {"region": f"@{i}"}) for i in range(5) for name in ("visits-by", "agreements-of", "officials-of", "partners-of")],
    *[("delegations-visiting", {"region": f"@{i}"}) for i in range(3)],
    ("officials-of", {"region": "@0", "date": "2025-06-01"}),
    ("timeline", {"region": "@1", "from": "2025-01-01", "to": "2025-12-31"}),
    ("region-sectors", {"region": "@2"}),
    ("region-ties", {}),
    ("sector-ties", {"sector": "kerajinan"}),  # batik, tenun, anyaman … count for kerajinan
    ("agreements-expiring", {"before": "2027-01-01"}),
    ("agreements-expiring", {}),
    ("mou-without-pks", {}),
    ("programs", {"owner": "@0"}),
    ("programs", {"sector": "ekonomi"}),
    ("programs", {}),
    ("products", {"region": "@3"}),
    ("products", {"sector": "pertanian"}),
    ("products", {}),
    ("learning-network", {}),
    ("learning-network", {"sector": "ekonomi"}),
    ("sources-of", {"entity": "@person"}),
    ("delegations", {"host": "@0"}),
    ("agreements", {"region": "@1"}),
    ("people", {"region": "@2"}),
    ("stalled-cooperation", {}),
    ("follow-ups", {}),
    ("region-ties", {"status": "all"}),
]


@pytest.fixture(scope="module")
def generated(generated_graph: KnowledgeGraph, generated_build: Build, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[KnowledgeGraph, Path, dict[str, str]]:
    """The generated graph, its embedded database, and parameter values picked from the data.

    The database is a copy of the one the run's build of the same records wrote (alone in its
    folder: no stored answers beside it)."""
    db = tmp_path_factory.mktemp("generated-lbug") / EMBEDDED_FILE
    shutil.copyfile(generated_build.embedded_path, db)
    _, top = run_cypher(db, "MATCH (:Event)-[:HOST_REGION]->(r:Region) RETURN r.kemendagriCode AS code, count(*) AS n "
                            "ORDER BY n DESC, code LIMIT 5")
    _, person = run_cypher(db, "MATCH (p:Person) RETURN p.name AS name, size(p.sources) AS n ORDER BY n DESC, name LIMIT 1")
    values = {f"@{i}": code for i, (code, _) in enumerate(top)}
    values["@person"] = person[0][0]
    return generated_graph, db, values


@pytest.mark.slow
@pytest.mark.parametrize("name, params", GENERATED_CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(GENERATED_CASES)])
def test_generated_graph_same_rows(generated: tuple[KnowledgeGraph, Path, dict[str, str]], name: str,
                                   params: dict[str, str]) -> None:
    graph, db, values = generated
    concrete = {key: values.get(value, value) for key, value in params.items()}
    sparql = run_question(graph, name, concrete)
    assert_same_answer(sparql, run_question_cypher(db, name, concrete))
    if not any(value.startswith("@") for value in params.values()):
        assert sparql.rows, f"{name} {concrete}: no rows; the comparison would be empty"


# -- stored answers on the embedded database ---------------------------------------------------

@pytest.mark.parametrize("records", ["seed", pytest.param("generated", marks=pytest.mark.slow)])
def test_a_build_serves_stored_cypher_answers_equal_to_live_runs(records: str, request: pytest.FixtureRequest) -> None:
    """``kg build`` runs the LadybugDB text of every parameter-free question once on the database it
    wrote; the embedded engine serves those rows, which are exactly what running the same text
    gives (``live=True``) and what the SPARQL side answers.

    On the run's seed build (the fast subset), and on the run's build of the generated records
    (slow: every stored question asked three ways over a thousand records)."""
    from kg.answers import CYPHER_ANSWERS_DIR, stored_cypher_questions, stored_cypher_rows, stored_values
    from kg.build import open_build
    from kg.cypher_questions import cypher_text, open_question_database
    from kg.questions import ask

    if records == "seed":
        build = open_build(request.getfixturevalue("seed_build_dir"))
    else:
        build = request.getfixturevalue("generated_build")  # kg build of the generated records, no SHACL
    questions = stored_cypher_questions()
    assert {"agreements", "timeline", "region-ties"} <= {q.name for q in questions}
    assert {f"{CYPHER_ANSWERS_DIR}/{q.name}.json" for q in questions} <= set(build.manifest["outputs"])
    with open_question_database(build.dir) as database:
        for question in questions:
            text = cypher_text(question, "ladybug")
            stored = stored_cypher_rows(build.embedded_path, question, text)
            assert stored is not None, question.name
            served = run_question_cypher(database, question.name)
            live = run_question_cypher(database, question.name, live=True).rows
            assert served.rows == stored == live, question.name
            assert run_question_cypher(build.dir, question.name).rows == live, question.name
            assert_same_answer(ask(build, question.name), served)
            assert stored_cypher_rows(build.embedded_path, question, text + "\n") is None  # another text: live
        # rows served are the caller's to change
        first = run_question_cypher(database, "agreements").rows
        first[0].clear()
        assert run_question_cypher(database, "agreements").rows[0]
        # with a parameter the text runs: the stored answer is the parameter-free one only
        held = run_question_cypher(database, "timeline", {"status": "held"}).rows
        assert held and all(row["status"] == "held" for row in held)
        # sector-ties is stored per sector (stored_per: sector): served, equal to live and to SPARQL
        question = catalog()["sector-ties"]
        text = cypher_text(question, "ladybug")
        sectors = stored_values(question)
        assert {f"{CYPHER_ANSWERS_DIR}/sector-ties/{s}.json" for s in sectors} <= set(build.manifest["outputs"])
        tied = 0
        for ident, iri in sectors.items():
            stored = stored_cypher_rows(build.embedded_path, question, text, {"sector": iri})
            assert stored is not None, ident
            served = run_question_cypher(database, "sector-ties", {"sector": ident})
            live = run_question_cypher(database, "sector-ties", {"sector": ident}, live=True).rows
            assert served.rows == stored == live, ident
            assert_same_answer(ask(build, "sector-ties", sector=ident), served)
            tied += bool(live)
        assert tied >= 3
        assert stored_cypher_rows(build.embedded_path, question, text + "\n", {"sector": sectors["batik"]}) is None


def test_stored_cypher_answers_belong_to_their_database(seed_graph: KnowledgeGraph, seed_build_dir: Path,
                                                        tmp_path: Path) -> None:
    """A database other than the one answered (here: its time changed) is answered live, and a
    build without the embedded database stores no Cypher answers."""
    import os

    from kg.answers import CYPHER_ANSWERS_DIR, stored_cypher_rows
    from kg.build import write_build
    from kg.cypher_questions import cypher_text
    from kg.questions import get_question

    build = tmp_path / "build"
    shutil.copytree(seed_build_dir, build)  # kg build's folder, times kept: its stored answers still hold
    question = get_question("agreements")
    text = cypher_text(question, "ladybug")
    database = build / EMBEDDED_FILE
    stored = stored_cypher_rows(database, question, text)
    assert stored == run_question_cypher(database, "agreements", live=True).rows and stored
    stat = database.stat()
    os.utime(database, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert stored_cypher_rows(database, question, text) is None
    assert run_question_cypher(database, "agreements").rows == stored  # answered live, the same
    bare = tmp_path / "bare"
    write_build(seed_graph, bare, embedded=False)
    assert (bare / "answers").is_dir() and not (bare / CYPHER_ANSWERS_DIR).exists()


def test_cli_ask_cypher_serves_the_stored_answer_and_live_runs_the_text(seed_build_dir: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Served, the answer comes without opening the embedded database; --live opens it and runs
    the text; both print the same."""
    import ladybug
    from click.testing import CliRunner

    from kg.cli import cli

    opened: list[str] = []
    original = ladybug.Database.__init__

    def counting(self: ladybug.Database, path: str, *args: object, **kwargs: object) -> None:
        opened.append(str(path))
        original(self, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ladybug.Database, "__init__", counting)
    runner = CliRunner()
    outputs, opens = [], []
    for extra in ([], ["--live"]):
        before = len(opened)
        result = runner.invoke(cli, ["ask", "mou-without-pks", "--engine", "cypher", "--format", "json",
                                     "--build-dir", str(seed_build_dir), *extra], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
        opens.append(len(opened) - before)
    assert outputs[0] == outputs[1] and "Blitar" in outputs[0]
    assert opens == [0, 1]
