"""The statement guard of kg cypher: what counts as a reading query, without a database.

The database-level proof (each refused kind writes, reads and downloads nothing, and the
database still opens) is in tests/test_embedded.py; this file pins the lexical rules.
"""

from __future__ import annotations

import pytest

from kg.cypher_guard import SAFE_CALLS, bind_parameters, check_read_only, tokenize
from kg.errors import QueryError
from kg.questions import catalog

READS = [
    "MATCH (r:Region) RETURN count(r) AS n",
    "OPTIONAL MATCH (r:Region) RETURN r.name",
    "WITH 1 AS x RETURN x",
    "UNWIND [1, 2] AS x RETURN x",
    "RETURN 1",
    "CALL show_tables() RETURN name",
    "call TABLE_INFO('Region') RETURN *",
    "EXPLAIN MATCH (r:Region) RETURN r.name",
    "PROFILE MATCH (r:Region) RETURN r.name",
    "MATCH (r:Region) RETURN r.name;",
    "MATCH (r:Region) RETURN r.name ;  // a trailing comment\n",
    # Keywords inside strings, comments, backtick names and as property keys are not statements.
    "MATCH (r:Region) WHERE r.name = 'COPY x TO y; CHECKPOINT' RETURN r",
    'MATCH (r:Region) WHERE r.name = "LOAD FROM \\" INSTALL" RETURN r',
    "MATCH (r:Region) // CREATE (x)\nRETURN r",
    "MATCH (r:Region) /* ; DROP TABLE Region; */ RETURN r",
    "MATCH (r:Region) RETURN r.`set` AS `create`",
    "MATCH (r:Region) RETURN r.set, r.load, {`copy`: 1}.copy",
    "MATCH (r:Region) WHERE r.name STARTS WITH 'Kota' AND r.kind IN ['City'] RETURN r.name ORDER BY r.name SKIP 1 LIMIT 2",
    "MATCH (r:Region) RETURN r.name UNION MATCH (r:Region) RETURN r.name",
]

# (text, words the refusal message must hold)
REFUSED = [
    ("COPY (MATCH (r:Region) RETURN r.name) TO '/tmp/x.csv'", "COPY … TO writes a file"),
    ("COPY Region FROM '/tmp/x.csv'", "COPY … FROM reads a file"),
    ("LOAD FROM '/etc/passwd' RETURN *", "LOAD FROM reads a file"),
    ("LOAD WITH HEADERS (a STRING) FROM '/etc/passwd' RETURN *", "LOAD FROM reads a file"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV reads a file"),
    ("LOAD EXTENSION httpfs", "LOAD EXTENSION"),
    ("LOAD httpfs", "LOAD EXTENSION"),
    ("INSTALL httpfs", "INSTALL downloads an extension"),
    ("UNINSTALL httpfs", "UNINSTALL"),
    ("UPDATE httpfs", "UPDATE"),
    ("ATTACH '/tmp/other.lbug' AS o (dbtype lbug)", "ATTACH opens another database"),
    ("DETACH o", "DETACH closes"),
    ("USE o", "USE switches"),
    ("CHECKPOINT", "CHECKPOINT writes the database file"),
    ("checkpoint;", "CHECKPOINT"),
    ("EXPORT DATABASE '/tmp/out'", "EXPORT DATABASE writes files"),
    ("IMPORT DATABASE '/tmp/out'", "IMPORT DATABASE"),
    ("CREATE (r:Region {iri: 'x'})", "CREATE writes"),
    ("MATCH (r:Region) CREATE (r)-[:X]->(r)", "CREATE writes"),
    ("MERGE (r:Region {iri: 'x'})", "MERGE writes"),
    ("MATCH (r:Region) SET r.name = 'x'", "SET writes"),
    ("MATCH (r:Region) DELETE r", "DELETE writes"),
    ("MATCH (r:Region) DETACH DELETE r", "DETACH DELETE writes"),
    ("MATCH (r:Region) REMOVE r.name", "REMOVE writes"),
    ("MATCH (r:Region) FOREACH (x IN [1] | SET r.name = 'x')", "FOREACH"),
    ("DROP TABLE Region", "DROP changes the schema"),
    ("ALTER TABLE Region ADD x INT64", "ALTER changes the schema"),
    ("COMMENT ON TABLE Region IS 'x'", "COMMENT ON"),
    ("CREATE MACRO m(x) AS x", "CREATE"),
    ("RETURN nextval('seq')", "nextval"),
    ("BEGIN TRANSACTION", "BEGIN TRANSACTION"),
    ("COMMIT", "COMMIT"),
    ("ROLLBACK", "ROLLBACK"),
    ("CALL threads=1", "CALL threads=… changes a setting"),
    ("CALL home_directory='/tmp'", "changes a setting"),
    ("CALL spill_to_disk = true", "changes a setting"),
    ("CALL read_csv('/etc/passwd') RETURN *", "CALL read_csv is not a known read-only function"),
    ("CALL file_info('/etc/passwd') RETURN *", "not a known read-only function"),
    ("CALL project_graph('g', ['Region'], [])", "not a known read-only function"),
    ("CALL current_setting('home_directory') RETURN *", "not a known read-only function"),
    ("CALL show_tables", "not a known read-only function"),
    ("CALL db.labels()", "Neo4j procedure"),
    ("CALL { MATCH (r:Region) RETURN r } RETURN r", "CALL { … } subqueries"),
    ("MATCH (r:Region) CALL show_tables() RETURN r", None),  # allowed: a safe CALL mid-query
    ("RETURN {copy: 1} AS m", "COPY"),  # a keyword as a map key needs backticks: refused, never guessed
    ("SHOW TABLES", "starting with 'SHOW' is not a reading query"),
    ("PROFILE CHECKPOINT", "CHECKPOINT"),
    ("EXPLAIN", "not a reading query"),
    # Tricks: the keyword hides behind a comment, a string end or a number.
    ("RETURN 1 AS x /* */ ; COPY (RETURN 1) TO '/tmp/x.csv'", "COPY … TO"),
    ("RETURN 'a\\\\'; COPY (RETURN 1) TO '/tmp/x.csv'", "COPY … TO"),
    ("RETURN 1. COPY", "COPY"),
    ("MATCH (r:Region) RETURN r // x\nUNION CALL threads=1", "changes a setting"),
    ("RETURN 1 AS x // a comment ends at a carriage return too\rCALL threads=1", "changes a setting"),
]


@pytest.mark.parametrize("text", READS)
def test_reading_queries_pass(text: str) -> None:
    checked = check_read_only(text)
    assert ";" not in checked.text.rstrip() or "'" in checked.text  # a trailing ';' is dropped
    assert "CREATE (x)" not in checked.text and "DROP TABLE" not in checked.text  # comments are blanked


@pytest.mark.parametrize("text, message", REFUSED, ids=[t[:40] for t, _ in REFUSED])
def test_refused_statements_name_their_kind(text: str, message: str | None) -> None:
    if message is None:
        check_read_only(text)
        return
    with pytest.raises(QueryError) as caught:
        check_read_only(text)
    assert caught.value.exit_code == 2
    assert message in str(caught.value)
    assert str(caught.value).startswith("refused: ")


def test_one_statement_at_a_time() -> None:
    with pytest.raises(QueryError, match="one Cypher statement at a time.*line 2, column 9"):
        check_read_only("RETURN 1\nRETURN 2; RETURN 3")
    with pytest.raises(QueryError, match="empty Cypher query"):
        check_read_only("  // nothing\n ;")


def test_unterminated_tokens_are_refused() -> None:
    for text, what in (("RETURN 'abc", "string"), ('RETURN "abc\\"', "string"), ("RETURN `abc", "backtick name"),
                       ("RETURN 1 /* x", "/\\* comment"), ("RETURN $", "without a parameter name")):
        with pytest.raises(QueryError, match=what):
            check_read_only(text)


def test_tokens_keep_offsets_and_values() -> None:
    text = "MATCH (n) WHERE n.x = 'it\\'s' AND n.`a``b` = $p RETURN n // done"
    tokens = tokenize(text)
    assert [(t.kind, t.text) for t in tokens if t.kind in ("string", "name", "param", "comment")] == [
        ("string", "it\\'s"), ("name", "a`b"), ("param", "p"), ("comment", "// done")]
    assert all(text[t.start:t.end].endswith(t.text[-1:]) for t in tokens if t.kind in ("word", "number", "symbol"))


def test_parameters_outside_strings_and_comments() -> None:
    checked = check_read_only("MATCH (r:Region) WHERE r.name = $name OR r.kind = $`the kind` OR r.x = $0 "
                              "// $comment\nRETURN '$string' AS s, $name AS again")
    assert checked.parameters == ("name", "the kind", "0")


def test_bind_parameters_like_neo4j() -> None:
    checked = check_read_only("MATCH (r:Region {kemendagriCode: $code}) WHERE r.kind = $kind RETURN r.name")
    with pytest.raises(QueryError, match=r"missing Cypher parameters \$code, \$kind: .*-p code=VALUE -p kind=VALUE") as caught:
        bind_parameters(checked, {"other": 1})
    assert caught.value.exit_code == 2
    assert bind_parameters(checked, {"code": "35.72", "kind": None, "extra": 3}) == {"code": "35.72", "kind": None}


@pytest.mark.parametrize("text, columns", [
    ("MATCH (r:Region) RETURN r.name, count(*) AS n", ("r.name", "n")),
    ("MATCH (r:Region) RETURN DISTINCT r.kind AS `the kind`, count(*)  ORDER BY count(*) LIMIT 3", ("the kind", "count(*)")),
    ("MATCH (r:Region) WITH r.kind AS k, count(*) AS n RETURN k, n, [x IN [1, 2] | x * n] AS xs", ("k", "n", "xs")),
    ("MATCH (r:Region) RETURN r.name AS a UNION MATCH (r:Region) RETURN r.name AS a", ("a",)),
    ("MATCH (r:Region) WHERE EXISTS { MATCH (r)<-[:HOST_REGION]-(e) RETURN e } RETURN collect(r.name)[0]",
     ("collect(r.name)[0]",)),
    ("MATCH (r:Region) RETURN *", ()),
    ("CALL show_tables() RETURN *", ()),
    ("EXPLAIN MATCH (r:Region) RETURN r.name", ()),  # the engine answers with the plan, not r.name
])
def test_return_columns_as_neo4j_names_them(text: str, columns: tuple[str, ...]) -> None:
    assert check_read_only(text).return_columns == columns


def test_every_catalog_cypher_text_passes_the_guard() -> None:
    texts = [path for q in catalog().values() for path in q.cypher.values()]
    assert len(texts) >= 10
    for path in texts:
        check_read_only(path.read_text(encoding="utf-8"))


def test_safe_calls_are_lower_case_names() -> None:
    assert all(name == name.lower() and name.isidentifier() for name in SAFE_CALLS)
