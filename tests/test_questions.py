"""Every catalog question's expected answer on the five seed records, row by row.

The pins are written for the five seed articles (``data/records/00?_*.yaml``), so this module
builds its own ``seed_graph`` from them (the session fixture of that name holds every curated
record, corpus included; ``tests/test_corpus_questions.py`` asks its questions there).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.dataset import KnowledgeGraph
from kg.errors import QueryError
from kg.questions import catalog, run_question

D = dt.date
RECORDS = Path(__file__).resolve().parent.parent / "data" / "records"


@pytest.fixture(scope="module")
def seed_graph() -> KnowledgeGraph:
    """The five seed records only (000–004), built in memory once for this module."""
    from kg.build import build_graph

    return build_graph(sorted(RECORDS.glob("00[0-4]_*.yaml")))

BLITAR_PARTNERS = ["Kota Bekasi", "Kota Depok", "Kota Palangkaraya", "Kota Samarinda", "Kota Surabaya", "Kota Surakarta"]


def ask(graph: KnowledgeGraph, name: str, columns: list[str], **params: str) -> list[tuple[Any, ...]]:
    return [tuple(row[c] for c in columns) for row in run_question(graph, name, params).rows]


def test_catalog_has_at_least_sixteen_questions_with_both_languages() -> None:
    questions = catalog()
    assert len(questions) >= 16
    for question in questions.values():
        assert question.title["id"] and question.title["en"]
        assert question.description["id"] and question.description["en"]
        assert question.columns


def test_delegations_visiting_pontianak(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "delegations-visiting", ["origin", "origin_code", "leader", "leader_role", "size", "date",
                                                     "precision", "event_kind"], region="Pontianak") == [
        ("Kabupaten Kotawaringin Timur", "62.02", "Irawati", "Wakil Bupati", 56, D(2025, 4, 23), "day", "StudyVisit"),
    ]


def test_delegations_visiting_tangsel_has_two_delegations_in_one_day(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "delegations-visiting", ["origin", "origin_code", "date", "event_kind"], region="Tangsel") == [
        ("Kabupaten Pangkajene dan Kepulauan", "73.10", D(2025, 9, 24), "Visit"),
        ("Kabupaten Soppeng", "73.12", D(2025, 9, 24), "Visit"),
    ]


def test_visits_by_kotim(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "visits-by", ["host", "host_code", "leader", "size", "date", "event_kind"], region="Kotim") == [
        ("Kota Pontianak", "61.71", "Irawati", 56, D(2025, 4, 23), "StudyVisit"),
    ]


def test_sector_ties_batik(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "sector-ties", ["region_a", "region_b", "tie_kind", "topic", "date"], sector="batik") == [
        ("Kota Pekalongan", "Kabupaten Bangkalan", "StatedIntent", "batik", None),
        ("Kota Pekalongan", "Kabupaten Bangkalan", "FocusGroupDiscussion", "batik", D(2026, 2, 13)),
    ]


def test_sector_ties_follow_narrower_sectors_only_downwards(seed_graph: KnowledgeGraph) -> None:
    kerajinan = {(r[0], r[1]) for r in ask(seed_graph, "sector-ties", ["code_a", "code_b"], sector="kerajinan")}
    assert ("33.75", "35.26") in kerajinan  # batik counts for kerajinan
    assert ("36.74", "73.10") in kerajinan
    assert ("61.71", "62.02") in kerajinan
    lidah = ask(seed_graph, "sector-ties", ["code_a", "code_b", "tie_kind"], sector="lidah-buaya")
    assert sorted(lidah) == [("61.71", "62.02", "StatedIntent"), ("61.71", "62.02", "StudyVisit")]


def test_agreements_of_kota_blitar(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "agreements-of", ["status", "partner_code", "signed", "valid_until", "kind", "cooperation_type"],
               region="Kota Blitar")
    assert rows == [
        ("planned", "32.74", None, None, "MemorandumOfUnderstanding", "KSDD"),
        ("planned", "74.71", None, None, "MemorandumOfUnderstanding", "KSDD"),
        ("signed", "32.75", D(2025, 5, 6), D(2030, 5, 5), "MemorandumOfUnderstanding", "KSDD"),
        ("signed", "32.76", D(2025, 5, 6), D(2030, 5, 5), "MemorandumOfUnderstanding", "KSDD"),
        ("signed", "62.71", D(2025, 5, 6), D(2030, 5, 5), "MemorandumOfUnderstanding", "KSDD"),
        ("signed", "64.72", D(2025, 5, 6), D(2030, 5, 5), "MemorandumOfUnderstanding", "KSDD"),
        ("signed", "35.78", D(2025, 5, 6), D(2030, 5, 5), "MemorandumOfUnderstanding", "KSDD"),
        ("signed", "33.72", D(2025, 5, 6), D(2030, 5, 5), "MemorandumOfUnderstanding", "KSDD"),
    ]


def test_agreements_expiring(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "agreements-expiring", ["valid_until", "parties"], before="2031-01-01")
    assert rows == [(D(2030, 5, 5), 2)] * 6
    assert ask(seed_graph, "agreements-expiring", ["valid_until"], before="2030-05-05") == []
    assert ask(seed_graph, "agreements-expiring", ["valid_until"]) == []  # default: within a year from today


def test_mou_without_pks_is_blitars_six(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "mou-without-pks", ["party_a", "party_b", "signed", "valid_until"])
    partners = sorted(a if b == "Pemerintah Kota Blitar" else b for a, b, _, _ in rows)
    assert partners == ["Pemerintah " + p for p in BLITAR_PARTNERS]
    assert {(r[2], r[3]) for r in rows} == {(D(2025, 5, 6), D(2030, 5, 5))}


def test_officials_of_tangsel(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "officials-of", ["person", "role", "organization", "first_attested", "last_attested",
                                             "sources"], region="Tangsel") == [
        ("Raden Roro Truetami Ajeng", "Ketua Dekranasda", "Dekranasda Kota Tangerang Selatan", D(2025, 9, 24),
         D(2025, 9, 24), (TANGSEL_ARTICLE,)),
        ("Bambang Noertjahjo", "Sekretaris Daerah", "Pemerintah Kota Tangerang Selatan", D(2025, 9, 24),
         D(2025, 9, 24), (TANGSEL_ARTICLE,)),
    ]


TANGSEL_ARTICLE = "https://w3id.org/jejaring/id/source/unnamed-2025-09-24-tangsel-dekranasda-soppeng-pangkep"


def test_officials_of_gives_one_row_per_post_with_its_articles_and_dates(tmp_path: Path) -> None:
    """A post reported by several articles is one row: every article, the first and last date."""
    from kg.build import build_graph
    from kg.generator import write_records

    write_records(tmp_path, count=300, seed=1)
    graph = build_graph([tmp_path])
    posts = graph.select(
        "PREFIX jj: <https://w3id.org/jejaring/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT ?code (COUNT(DISTINCT ?source) AS ?n) WHERE { ?post jj:postRegion ?r ; prov:wasDerivedFrom ?source . "
        "?r jj:kemendagriCode ?code } GROUP BY ?post ?code ORDER BY DESC(?n) ?code LIMIT 1")
    code, articles = next((s["code"].value, int(s["n"].value)) for s in posts)
    assert articles >= 3
    rows = run_question(graph, "officials-of", {"region": code}).rows
    assert len(rows) == len({row["post"] for row in rows})
    busiest = max(rows, key=lambda row: len(row["sources"]))
    assert len(busiest["sources"]) == articles
    assert busiest["first_attested"] < busiest["last_attested"]


def test_officials_of_batu_with_a_date(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "officials-of", ["person", "role"], region="Kota Batu", date="2025-06-01")
    assert rows == [("M. Anwar", "Ketua Komite"), ("M. Chori", "Asisten II (Perekonomian dan Pembangunan)"),
                    ("Nurochman", "Wali Kota")]


def test_partners_of_kota_blitar(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "partners-of", ["partner", "tie_kinds", "ties"], region="Kota Blitar")
    assert sorted(rows) == sorted(
        [(p, ("MemorandumOfUnderstanding",), 1) for p in BLITAR_PARTNERS + ["Kota Cirebon", "Kota Kendari"]]
    )


def test_partners_of_tangsel(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "partners-of", ["partner_code", "tie_kinds", "ties"], region="Tangsel") == [
        ("73.10", ("StatedIntent", "Visit"), 2),
        ("73.12", ("StatedIntent", "Visit"), 2),
    ]


def test_timeline_range(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "timeline", ["date", "end_date", "precision", "date_as_written", "event_kind"],
               **{"from": "2025-05-01", "to": "2025-12-31"}) == [
        (D(2025, 5, 6), D(2025, 5, 10), "day", "6-10 Mei 2025", "Signing"),
        (D(2025, 5, 6), D(2025, 5, 10), "day", "6-10 Mei 2025", "Conference"),
        (D(2025, 9, 24), None, "day", "Rabu (24/9)", "Visit"),
    ]


def test_timeline_whole_and_undated_last(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "timeline", ["date", "precision"])
    assert len(rows) == 11
    assert rows[0] == (D(2025, 4, 23), "day")
    assert rows[4] == (D(2026, 2, 13), "day")
    assert rows[5:] == [(None, "undated")] * 6


def test_timeline_for_one_region(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "timeline", ["event_kind", "precision"], region="Kota Batu")
    assert sorted(rows) == sorted([("Visit", "undated"), ("FieldVisit", "undated"), ("FieldVisit", "undated"),
                                   ("Meeting", "undated"), ("CoordinationMeeting", "undated"), ("Meeting", "undated")])


def test_programs_of_bangkalan(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "programs", ["owner_region", "implemented_in", "topics"], owner="Bangkalan") == [
        ("Kabupaten Bangkalan", ("Kabupaten Bangkalan",), ("pembiayaan", "umkm")),
    ]


def test_programs_by_sector(seed_graph: KnowledgeGraph) -> None:
    names = [r[0] for r in ask(seed_graph, "programs", ["name"], sector="pekerja-migran")]
    assert names == ["Perintis Berdaya Connect"]
    assert len(ask(seed_graph, "programs", ["name"], sector="umkm")) == 5


def test_products_of_bangkalan(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "products", ["name", "origin_code", "potential", "sectors"], region="Bangkalan") == [
        ("Batik Madura", "35.26", False, ("batik",)),
        ("Kerajinan lokal Kabupaten Bangkalan", "35.26", True, ("kerajinan",)),
    ]


def test_products_by_sector_include_narrower(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "products", ["name", "origin_code"], sector="perikanan")
    assert ("Ikan koi", "35.72") in rows
    assert len(rows) == 6


def test_sources_of_a_person_and_a_region(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "sources-of", ["about_name", "publisher", "file"], entity="Irawati") == [
        ("Irawati", "Suara Kalbar", "002_f7c015fe40a76e11.txt"),
    ]
    assert ask(seed_graph, "sources-of", ["about_name", "file"], entity="Kota Blitar") == [
        ("Kota Blitar", "001_4b36865a902a0a8d.txt"),
    ]


def test_learning_network(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "learning-network", ["learner_code", "teacher_code", "event_kind", "date", "learner_program"]) == [
        ("62.02", "61.71", "StudyVisit", D(2025, 4, 23), None),
        ("73.10", "36.74", "Visit", D(2025, 9, 24), None),
        ("73.12", "36.74", "Visit", D(2025, 9, 24), None),
    ]
    assert [r[0] for r in ask(seed_graph, "learning-network", ["learner_code"], sector="lidah-buaya")] == ["62.02"]


def test_most_connected(seed_graph: KnowledgeGraph) -> None:
    # Kota Blitar's six signed MoUs count; its two planned ones do not. Tangsel's one meeting with
    # Soppeng and Pangkep (three regions) weighs 1/2 per pair: strength 1 from two partners.
    assert ask(seed_graph, "most-connected", ["rank", "code", "strength", "partners", "ties"], top="3") == [
        (1, "35.72", 6, 6, 6), (2, "36.74", 1, 2, 2), (3, "32.75", 1, 1, 1),
    ]


def test_potential_partners_exclude_existing_ties(seed_graph: KnowledgeGraph) -> None:
    rows = ask(seed_graph, "potential-partners", ["code", "shared_sectors"], region="Kotim")
    codes = [r[0] for r in rows]
    assert "61.71" not in codes  # already tied by the study visit
    assert rows[0] == ("73.12", ["kerajinan", "umkm"])
    assert codes == ["73.12", "35.26", "36.74", "73.10", "35.79", "33.75", "35.72"]


def test_path_between(seed_graph: KnowledgeGraph) -> None:
    assert ask(seed_graph, "path-between", ["step", "code", "next_region", "tie_kind"], a="Surabaya", b="Depok") == [
        (0, "35.78", "Kota Blitar", "MemorandumOfUnderstanding"),
        (1, "35.72", "Kota Depok", "MemorandumOfUnderstanding"),
        (2, "32.76", None, None),
    ]
    assert ask(seed_graph, "path-between", ["step"], a="Surabaya", b="Pontianak") == []


def test_region_ties_cover_every_kind_of_tie(seed_graph: KnowledgeGraph) -> None:
    kinds = {r[0] for r in ask(seed_graph, "region-ties", ["tie_kind"], status="all")}
    assert kinds == {"MemorandumOfUnderstanding", "StudyVisit", "FocusGroupDiscussion", "StatedIntent", "Visit"}


def test_region_ties_count_what_happened_unless_asked(seed_graph: KnowledgeGraph) -> None:
    """By default only held events and signed agreements tie regions; planned and stated ones on request."""
    default = ask(seed_graph, "region-ties", ["tie_kind", "tie_status"])
    assert {status for _, status in default} <= {"held", "signed"} and default
    planned = ask(seed_graph, "region-ties", ["code_a", "code_b", "tie_kind", "tie_status"], status="planned")
    assert sorted(planned) == [("32.74", "35.72", "MemorandumOfUnderstanding", "planned"),
                               ("35.72", "74.71", "MemorandumOfUnderstanding", "planned")]
    every = ask(seed_graph, "region-ties", ["tie_status"], status="all")
    assert len(every) == len(default) + len(planned) + sum(1 for (s,) in every if s in ("stated", "exploratory"))


def test_region_ties_weigh_a_multilateral_agreement_by_its_parties(tmp_path: Path) -> None:
    """Each pair of an n-party agreement weighs 1/(n-1): every party gains weight 1 from it, as from one bilateral."""
    from kg.build import build_graph

    graph = build_graph([RECORDS / "122_kepri_jateng_lampung_malut_kesepakatan.yaml"])
    rows = run_question(graph, "region-ties", {}).rows
    joint = [r for r in rows if r["tie_kind"] == "JointAgreement"]
    assert len(joint) == 6 and {r["weight"] for r in joint} == {1 / 3}
    strength: dict[str, float] = {}
    for row in joint:
        for code in (row["code_a"], row["code_b"]):
            strength[code] = strength.get(code, 0.0) + row["weight"]
    assert sorted(strength) == ["18", "21", "33", "82"] and all(abs(s - 1) < 1e-9 for s in strength.values())
    visits = [r for r in rows if r["evidence_name"] == "Kunjungan kerja Gubernur Maluku Utara, Jawa Tengah dan Lampung ke Kepulauan Riau"]
    assert len(visits) == 3 and {r["weight"] for r in visits} == {1 / 3}


@pytest.mark.parametrize("params, message", [
    ({"region": "Nowhere"}, "unknown region 'Nowhere'"),
    ({"region": "Blitar"}, "Kabupaten Blitar 35.05; Kota Blitar 35.72"),
    ({}, "parameter 'region' (region) is required"),
    ({"region": "Pontianak", "colour": "red"}, "unknown parameter 'colour'; it accepts region (region)"),
])
def test_parameter_errors(seed_graph: KnowledgeGraph, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_question(seed_graph, "delegations-visiting", params)


def test_bad_date_and_bad_sector(seed_graph: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="expected a date as YYYY-MM-DD"):
        run_question(seed_graph, "timeline", {"from": "23/4/2025"})
    with pytest.raises(QueryError, match="unknown sector 'batk'"):
        run_question(seed_graph, "sector-ties", {"sector": "batk"})


@pytest.mark.parametrize("command", [
    ["ask", "delegations-visiting", "--param", "region=Blitar"],
    ["ask", "delegations-visiting", "--param", "region=Nowhere"],
    ["ask", "timeline", "--param", "from=2025-02-30"],
    ["ask", "no-such-question"],
])
def test_cli_parameter_errors_exit_2(command: list[str], seed_build_dir: Path) -> None:
    result = CliRunner().invoke(cli, [*command, "--build-dir", str(seed_build_dir)], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr


INJECTIONS = ['x" } UNION { ?s ?p ?o }', "'} UNION {", '"^^<x:y> . } SELECT * {', "} ; DROP ALL ; {",
              '\\" ) } UNION { ?a ?b ?c FILTER(true', "<https://w3id.org/jejaring/id/person/irawati>"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_in_text_parameter_matches_plain_unknown_value(seed_graph: KnowledgeGraph, payload: str) -> None:
    plain = run_question(seed_graph, "sources-of", {"entity": "no such thing"}).rows
    assert run_question(seed_graph, "sources-of", {"entity": payload}).rows == plain == []


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_in_region_parameter_is_an_unknown_region(seed_graph: KnowledgeGraph, payload: str) -> None:
    with pytest.raises(QueryError, match="unknown region"):
        run_question(seed_graph, "delegations-visiting", {"region": payload})


def test_cli_ask_json_and_csv(seed_build_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["ask", "delegations-visiting", "--param", "region=Pontianak", "--format", "json",
                                 "--build-dir", str(seed_build_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert '"origin": "Kabupaten Kotawaringin Timur"' in result.stdout
    result = runner.invoke(cli, ["ask", "sector-ties", "--param", "sector=batik", "--format", "csv",
                                 "--build-dir", str(seed_build_dir)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Bangkalan" in result.stdout and "Pekalongan" in result.stdout
    result = runner.invoke(cli, ["questions"], catch_exceptions=False)
    assert len(result.stdout.strip().splitlines()) >= 18


def test_cli_ask_table_fits_100_columns_unless_wide(seed_build_dir: Path) -> None:
    runner = CliRunner()
    args = ["ask", "agreements", "--param", "region=Kota Kotamobagu", "--build-dir", str(seed_build_dir)]
    fitted = runner.invoke(cli, args, catch_exceptions=False)
    assert fitted.exit_code == 0, fitted.stderr
    lines = fitted.stdout.splitlines()
    assert lines[0].startswith("signed_on") and "…" in fitted.stdout
    assert max(len(line) for line in lines[:-1]) <= 100
    assert "not shown:" in lines[-1] and "agreement" in lines[-1] and "https://" not in fitted.stdout
    wide = runner.invoke(cli, [*args, "--wide"], catch_exceptions=False)
    assert wide.exit_code == 0
    assert "https://w3id.org/jejaring/id/agreement/" in wide.stdout and "not shown" not in wide.stdout
    assert max(len(line) for line in wide.stdout.splitlines()) > 100
    assert "Tatong Bara (Pemerintah Kota Kotamobagu)" in wide.stdout


@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are refused"),
    ("DELETE WHERE { ?s ?p ?o }", "updates are refused"),
    ("SELEKT * WHERE { ?s ?p ?o }", "not a valid SPARQL query"),
])
def test_sparql_refuses_service_updates_and_nonsense(query: str, message: str, seed_build_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["sparql", query, "--build-dir", str(seed_build_dir)], catch_exceptions=False)
    assert result.exit_code == 2
    assert message in result.stderr


def test_sparql_counts_regions(seed_build_dir: Path) -> None:
    query = ("PREFIX jj: <https://w3id.org/jejaring/ontology#> "
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r jj:kemendagriCode ?code ; a/rdfs:subClassOf* jj:Region }")
    result = CliRunner().invoke(cli, ["sparql", query, "--format", "json", "--build-dir", str(seed_build_dir)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert '"n": 552' in result.stdout


def test_every_sparql_text_parses_on_its_own() -> None:
    from rdflib.plugins.sparql import prepareQuery

    for question in catalog().values():
        if question.sparql:
            prepareQuery(question.sparql)


def test_parameterless_questions_give_the_same_rows_in_oxigraph_over_the_merged_turtle(
        seed_graph: KnowledgeGraph) -> None:
    """A SPARQL consumer loading our Turtle into another store gets the same answers."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(seed_graph.serialize("ttl"), format=ox.RdfFormat.TURTLE)
    for name in ("mou-without-pks", "region-ties"):
        question = catalog()[name]
        ours = run_question(seed_graph, name).rows
        theirs = list(store.query(question.sparql))
        assert len(theirs) == len(ours) > 0, name


def test_learning_network_names_the_program_started_after_the_visit(tmp_path: Any) -> None:
    from kg.build import build_graph
    from kg.cypher_questions import run_question_cypher
    from kg.embedded import write_embedded

    tests = Path(__file__).parent
    graph = build_graph([tests.parent / "data" / "records", tests / "data" / "learning"])
    rows = ask(graph, "learning-network", ["learner_code", "teacher_code", "learner_program", "program_started"])
    assert ("62.02", "61.71", "Klinik UMKM Kotawaringin Timur", D(2025, 7, 1)) in rows
    db = tmp_path / "learning.lbug"
    write_embedded(graph, db)
    cypher = run_question_cypher(db, "learning-network", {})
    assert ("62.02", "Klinik UMKM Kotawaringin Timur", D(2025, 7, 1)) in \
        [tuple(r[c] for c in ("learner_code", "learner_program", "program_started")) for r in cypher.rows]


REFERENCE_PARAMS = {"region": ["Tangsel", "Kota Blitar"], "sector": ["umkm"], "date": ["2025-06-01"],
                    "entity": ["Irawati"], "text": ["Pemerintah Kota Blitar"], "integer": ["3"]}


def _reference_cases() -> list[tuple[str, dict[str, str]]]:
    cases: list[tuple[str, dict[str, str]]] = []
    for name, question in sorted(catalog().items()):
        if question.engine != "sparql":
            continue
        cases.append((name, {p.name: REFERENCE_PARAMS[p.type][0] for p in question.parameters if p.required}))
        for param in question.parameters:
            if not param.required:
                for value in REFERENCE_PARAMS.get(param.type, [])[:1]:
                    cases.append((name, {**cases[-1][1], param.name: value}))
    return cases


@pytest.mark.parametrize("name, params", _reference_cases(), ids=lambda v: v if isinstance(v, str) else "-".join(v))
def test_oxigraph_with_substitutions_answers_as_rdflib_with_bindings(seed_graph: KnowledgeGraph, name: str,
                                                                     params: dict[str, str]) -> None:
    """The query texts mean the same in an engine that binds parameters first (rdflib, the reference)."""
    from decimal import Decimal

    from rdflib import Graph
    from rdflib.plugins.sparql.sparql import NotBoundError

    from kg.questions import coerce_parameters
    from kg.sparql import term_to_python

    question = catalog()[name]
    reference = getattr(test_oxigraph_with_substitutions_answers_as_rdflib_with_bindings, "dataset", None)
    if reference is None:
        reference = Graph()  # the merged graph: no question uses GRAPH
        reference.parse(data=seed_graph.serialize("nt"), format="nt")
        test_oxigraph_with_substitutions_answers_as_rdflib_with_bindings.dataset = reference  # type: ignore[attr-defined]
    try:
        bound = coerce_parameters(question, params)
    except QueryError:
        pytest.skip(f"{params} does not resolve in this catalog version")

    def normal(row: list[object]) -> str:
        row = [float(v) if isinstance(v, (Decimal, float)) else v for v in row]
        for i, column in enumerate(question.columns):
            if column in question.list_columns and isinstance(row[i], str):
                row[i] = sorted(set(str(row[i]).split("|"))) if row[i] else []
        return repr(row)

    ours = sorted(normal([row[c] if not isinstance(row[c], tuple) else "|".join(row[c]) for c in question.columns])
                  for row in run_question(seed_graph, name, params).rows)
    try:
        theirs = sorted(normal([term_to_python(None if s[c] is None else _ox(s[c])) for c in question.columns])
                        for s in reference.query(question.sparql, initBindings=bound))  # type: ignore[union-attr]
    except NotBoundError as exc:  # rdflib cannot aggregate over an unbound value (GROUP_CONCAT, SAMPLE)
        pytest.skip(f"rdflib cannot evaluate {name}: {exc}")
    assert ours == theirs


def _ox(term: Any) -> Any:
    from kg.dataset import to_term

    return to_term(term)


def test_a_build_serves_stored_answers_equal_to_live_evaluation(tmp_path: Path) -> None:
    """``kg build`` answers the parameter-free questions once; ``kg.ask`` serves those rows, which
    are exactly what the live evaluation of the same text gives (``live=True``)."""
    from kg.answers import stored_questions, stored_rows
    from kg.build import build_outputs, open_build
    from kg.generator import write_records
    from kg.questions import ask as ask_question

    write_records(tmp_path / "records", count=150, seed=3)
    build_outputs([tmp_path / "records"], tmp_path / "build", embedded=False, shacl=False)
    build = open_build(tmp_path / "build")
    names = [q.name for q in stored_questions()]
    assert {"agreements", "timeline", "region-ties"} <= set(names)
    assert "agreements-expiring" not in names  # its default date moves with the day
    assert any(name.startswith("answers/") for name in build.manifest["outputs"])
    for question in stored_questions():
        stored = stored_rows(build.dir, question)
        assert stored is not None, question.name
        served = ask_question(build, question.name).rows
        live = ask_question(build, question.name, live=True).rows
        assert served == stored == live, question.name
    # with a parameter the text runs: the stored answer is the parameter-free one only
    held = ask_question(build, "timeline", status="held").rows
    assert held == [row for row in ask_question(build, "timeline", live=True, status="held").rows]
    assert all(row["status"] == "held" for row in held)


def test_a_build_serves_agreements_expiring_from_its_stored_rows_below_the_date(tmp_path: Path) -> None:
    """``agreements-expiring`` (``stored_below: {parameter: before, column: valid_until}``) is answered
    by ``kg build`` for the latest date; asked with a date (or its default, today+1y), ``kg.ask``
    serves the stored rows before that date: the rows the text answers, in its ORDER BY order."""
    from collections import Counter

    from kg.answers import ANSWERS_DIR, LATEST_DATE, stored_below_questions, stored_rows
    from kg.build import build_outputs, open_build
    from kg.generator import write_records
    from kg.questions import ask as ask_question

    write_records(tmp_path / "records", count=300, seed=5)
    build_outputs([tmp_path / "records"], tmp_path / "build", embedded=False, shacl=False)
    build = open_build(tmp_path / "build")
    question = catalog()["agreements-expiring"]
    assert question in stored_below_questions() and question.stored_below == ("before", "valid_until")
    assert f"{ANSWERS_DIR}/agreements-expiring.json" in build.manifest["outputs"]

    def rows_of(key: tuple[str, ...], rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [tuple(row[c] for c in key) for row in rows]

    counts = []
    for before in (dt.date(2000, 1, 1), dt.date(2026, 6, 30), dt.date(2027, 1, 1), dt.date(2035, 1, 1), LATEST_DATE):
        stored = stored_rows(build.dir, question, {"before": before})
        assert stored is not None, before
        served = ask_question(build, "agreements-expiring", before=before).rows
        live = ask_question(build, "agreements-expiring", before=before, live=True).rows
        assert served == stored
        assert Counter(rows_of(question.columns, served)) == Counter(rows_of(question.columns, live)), before
        assert rows_of(("valid_until", "agreement"), served) == rows_of(("valid_until", "agreement"), live), before
        assert all(row["valid_until"] < before for row in served)
        counts.append(len(served))
    assert counts[0] == 0 and 0 < counts[1] < counts[2] < counts[3] <= counts[4]
    default = ask_question(build, "agreements-expiring").rows  # today+1y
    assert Counter(rows_of(question.columns, default)) == Counter(
        rows_of(question.columns, ask_question(build, "agreements-expiring", live=True).rows))
    # a date with a time, another text, or another parameter: the text runs
    assert stored_rows(build.dir, question, {"before": dt.datetime(2030, 1, 1, 12)}) is None
    changed = dataclasses.replace(question, sparql=f"{question.sparql}\n")
    assert stored_rows(build.dir, changed, {"before": dt.date(2030, 1, 1)}) is None
    assert stored_rows(build.dir, question, {"before": dt.date(2030, 1, 1), "other": 1}) is None


def test_a_build_serves_answers_stored_per_sector_equal_to_live_evaluation(tmp_path: Path) -> None:
    """``sector-ties`` (``stored_per: sector``) is answered by ``kg build`` for every sector; asked
    with that parameter alone it is served, and the rows are the live evaluation's, sector by sector.
    A document that names another sector than its file, or a text changed since, is not served."""
    import shutil

    from rdflib import URIRef

    from kg.answers import ANSWERS_DIR, stored_per_value_questions, stored_rows, stored_values
    from kg.build import build_outputs, open_build
    from kg.generator import write_records
    from kg.ontology import vocabulary
    from kg.questions import ask as ask_question

    write_records(tmp_path / "records", count=150, seed=3)
    build_outputs([tmp_path / "records"], tmp_path / "build", embedded=False, shacl=False)
    build = open_build(tmp_path / "build")
    question = catalog()["sector-ties"]
    assert question in stored_per_value_questions()
    sectors = stored_values(question)
    assert len(sectors) == len(vocabulary().sectors) and {"batik", "kerajinan", "umkm"} <= set(sectors)
    assert {f"{ANSWERS_DIR}/sector-ties/{s}.json" for s in sectors} <= set(build.manifest["outputs"])
    answered = 0
    for ident, iri in sectors.items():
        stored = stored_rows(build.dir, question, {"sector": URIRef(iri)})
        assert stored is not None, ident
        live = ask_question(build, "sector-ties", live=True, sector=ident).rows
        assert ask_question(build, "sector-ties", sector=ident).rows == stored == live, ident
        answered += bool(live)
    assert answered >= 5  # most sectors tie nobody in 150 records; enough do to mean something
    batik = ask_question(build, "sector-ties", live=True, sector="batik").rows
    kerajinan = ask_question(build, "sector-ties", live=True, sector="kerajinan").rows
    assert batik and batik != kerajinan and all(row in kerajinan for row in batik)  # batik is narrower
    # a copied build whose kerajinan answer is batik's file: not served, answered live
    copy = tmp_path / "copy"
    shutil.copytree(build.dir, copy)
    shutil.copyfile(copy / ANSWERS_DIR / "sector-ties" / "batik.json", copy / ANSWERS_DIR / "sector-ties" / "kerajinan.json")
    assert stored_rows(copy, question, {"sector": URIRef(sectors["kerajinan"])}) is None
    changed = dataclasses.replace(question, sparql=f"{question.sparql}\n")  # the text changed since the build
    assert stored_rows(build.dir, changed, {"sector": URIRef(sectors["batik"])}) is None
    # other parameters than the stored one: the text runs
    assert stored_rows(build.dir, question, {"sector": URIRef(sectors["batik"]), "other": "x"}) is None
