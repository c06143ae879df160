"""The embedded LadybugDB database: schema from the mapping, COPY load, read-only Cypher, CLI.

Each statement kind kg cypher refuses is run through the CLI: exit 2 with its kind named, no file
written (the COPY/EXPORT target does not exist afterwards), nothing read (the LOAD FROM file's
content is not printed), nothing downloaded (no extension folder under $HOME), the build folder
byte-identical (no .wal, no .shadow), and the database answers afterwards. Control tests show
that LadybugDB's own read-only mode does not stop these statements, so the guard is what holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.cypher_guard import tokenize
from kg.dataset import KnowledgeGraph
from kg.embedded import EmbeddedDatabase, run_cypher, schema_statements, write_embedded
from kg.errors import QueryError
from kg.mapping import property_graph_mapping
from kg.projection import PropertyGraph, project
from kg.sync import LadybugExecutor, count_statements, plan, snapshot, sync
from kg.vocab import ID, JJ


@pytest.fixture(scope="module")
def seed_db(seed_build_dir: Path) -> Path:
    """The seed build's embedded database (as write_embedded wrote it); read it only, tests copy it to change it."""
    return seed_build_dir / "jejaring.lbug"


@pytest.fixture(scope="module")
def seed_build(seed_build_dir: Path) -> Path:
    """A build folder of the seed records with its embedded database, as kg build writes it.

    The run's one seed build (conftest's ``seed_build_dir``: built from a copy of the records,
    so that editing data/records while the tests run does not make it stale); read it only.
    """
    return seed_build_dir


def _kg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256 (names with .wal/.shadow would show up here)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_kg_cypher_counts_regions_without_a_server(seed_build: Path) -> None:
    code, output = _kg("cypher", "MATCH (r:Region) RETURN count(r) AS n", "--format", "json",
                       "--build-dir", str(seed_build))
    assert code == 0, output
    assert '"n": 552' in output


def test_counts_equal_the_projection(seed_graph: KnowledgeGraph, seed_db: Path) -> None:
    projection = project(seed_graph)
    expected = {**projection.node_counts(), **projection.relationship_counts()}
    with EmbeddedDatabase(seed_db) as database:  # opened once: run_cypher opens it for each of the ~100 counts
        for name, cypher in count_statements(projection.mapping).items():
            assert database.run(cypher)[1] == [[expected[name]]], name


def test_schema_is_one_table_per_label_and_type() -> None:
    statements = schema_statements()
    assert sum(s.startswith("CREATE NODE TABLE") for s in statements) == len(property_graph_mapping().nodes)
    assert any("FROM Event TO Region" in s and s.startswith("CREATE REL TABLE IF NOT EXISTS HOST_REGION") for s in statements)


def test_cypher_file_with_typed_params(seed_db: Path, tmp_path: Path) -> None:
    query = tmp_path / "region.cypher"
    query.write_text("// title: a region by name\n"
                     "MATCH (r:Region) WHERE r.name = $name RETURN r.kemendagriCode AS code, r.kind AS kind;\n")
    assert run_cypher(seed_db, query.read_text(), {"name": "Kota Pontianak"}) == (["code", "kind"], [["61.71", "City"]])
    cols, rows = run_cypher(seed_db, "MATCH (e:Event) WHERE e.startDate >= $since RETURN count(e) AS n",
                            {"since": dt.date(2025, 5, 1)})
    assert rows[0][0] > 0


def test_writes_are_refused(seed_db: Path) -> None:
    with pytest.raises(QueryError, match="refused: CREATE writes"):
        run_cypher(seed_db, "CREATE (r:Region {iri: 'x'})")


def test_cli_error_exit_code(seed_build: Path) -> None:
    code, output = _kg("cypher", "MATCH (r:Region) RETURN r.nosuch", "--build-dir", str(seed_build))
    assert code == 2
    assert "Cannot find property nosuch" in output


def test_copy_load_equals_the_sync_statements(seed_graph: KnowledgeGraph, tmp_path: Path) -> None:
    """Awkward values (commas and brackets in lists, newlines, quotes) survive both load paths."""
    graph = KnowledgeGraph(ox.Store())
    graph.store.extend(seed_graph.store)
    gaz = ox.NamedNode(str(ID["source/kemendagri-wilayah"]))
    region = ox.NamedNode(str(ID["region/35.72"]))
    graph.store.add(ox.Quad(region, ox.NamedNode(str(JJ.alias)), ox.Literal('Kota "Patria", [Blitar]'), gaz))
    graph.store.add(ox.Quad(region, ox.NamedNode(str(JJ.officialName)), ox.Literal("Kota Blitar\nline two"), gaz))
    copied = tmp_path / "copy.lbug"
    projection: PropertyGraph = write_embedded(graph, copied)
    synced = LadybugExecutor(tmp_path / "sync.lbug", projection.mapping)
    sync(plan(projection), synced, projection.mapping)
    loaded = LadybugExecutor(copied, projection.mapping)
    try:
        assert snapshot(loaded, projection.mapping) == snapshot(synced, projection.mapping)
        aliases = loaded.query("MATCH (r:Region {kemendagriCode: '35.72'}) RETURN r.alias AS a")[0]["a"]
        assert 'Kota "Patria", [Blitar]' in aliases
    finally:
        loaded.close()
        synced.close()


def test_write_is_atomic(seed_graph: KnowledgeGraph, seed_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "jejaring.lbug"
    shutil.copyfile(seed_db, db)  # the database an earlier write_embedded of the seed graph left
    first = db.stat().st_ino
    write_embedded(seed_graph, db)
    assert db.stat().st_ino != first  # a new file renamed over the old one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jejaring.lbug"]


# -- only reading queries reach the database ---------------------------------------------------

# (statement with {tmp} for a scratch folder, words the refusal must hold)
REFUSED_KINDS = [
    ("COPY (MATCH (r:Region) RETURN r.name) TO '{tmp}/out.csv'", "COPY … TO writes a file"),
    ("COPY Region FROM '{tmp}/input.csv'", "COPY … FROM reads a file"),
    ("LOAD FROM '{tmp}/input.csv' RETURN *", "LOAD FROM reads a file"),
    ("LOAD WITH HEADERS (secret STRING) FROM '{tmp}/input.csv' RETURN *", "LOAD FROM reads a file"),
    ("LOAD EXTENSION '{tmp}/libx.lbug_extension'", "LOAD EXTENSION loads native code"),
    ("INSTALL httpfs", "INSTALL downloads an extension"),
    ("LOAD httpfs", "LOAD EXTENSION loads native code"),
    ("ATTACH '{tmp}/other.lbug' AS other (dbtype lbug)", "ATTACH opens another database"),
    ("DETACH other", "DETACH closes an attached database"),
    ("USE other", "USE switches to another database"),
    ("CHECKPOINT", "CHECKPOINT writes the database file"),
    ("EXPORT DATABASE '{tmp}/export'", "EXPORT DATABASE writes files"),
    ("IMPORT DATABASE '{tmp}/export'", "IMPORT DATABASE writes to the database"),
    ("CREATE (r:Region {{iri: 'x'}})", "CREATE writes to the database"),
    ("MERGE (r:Region {{iri: 'x'}})", "MERGE writes to the database"),
    ("MATCH (r:Region) SET r.name = 'x'", "SET writes to the database"),
    ("MATCH (r:Region) DETACH DELETE r", "DETACH DELETE writes to the database"),
    ("DROP TABLE HOST_REGION", "DROP changes the schema"),
    ("ALTER TABLE Region ADD x INT64", "ALTER changes the schema"),
    ("CALL home_directory='{tmp}'", "CALL home_directory=… changes a setting"),
    ("CALL threads=1", "CALL threads=… changes a setting"),
    ("CALL read_csv('{tmp}/input.csv') RETURN *", "CALL read_csv is not a known read-only function"),
    ("CALL project_graph('g', ['Region'], [])", "CALL project_graph is not a known read-only function"),
    ("CALL db.labels()", "CALL db.… is a Neo4j procedure"),
    ("BEGIN TRANSACTION", "BEGIN TRANSACTION controls transactions"),
    ("MATCH (r:Region) RETURN count(r) AS n; COPY (RETURN 1) TO '{tmp}/out.csv'", "COPY … TO writes a file"),
]
SECRET = "only-in-the-scratch-file-7f3a"


@pytest.mark.parametrize("text, kind", REFUSED_KINDS, ids=[t.split("(")[0][:30] for t, _ in REFUSED_KINDS])
def test_refused_kinds_write_read_and_download_nothing(seed_build: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, text: str, kind: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # where LadybugDB puts downloaded extensions (~/.lbdb)
    (tmp_path / "input.csv").write_text(f"secret\n{SECRET}\n", encoding="utf-8")
    before = _fingerprint(seed_build)
    scratch_before = sorted(p.name for p in tmp_path.iterdir())

    code, output = _kg("cypher", text.format(tmp=tmp_path), "--build-dir", str(seed_build))

    assert code == 2, output
    assert f"refused: {kind}" in output
    assert SECRET not in output
    assert sorted(p.name for p in tmp_path.iterdir()) == scratch_before  # no out.csv, export/, other.lbug
    assert list(home.iterdir()) == []  # no .lbdb/extension
    assert _fingerprint(seed_build) == before  # no .wal, no .shadow, nothing rewritten
    code, output = _kg("cypher", "MATCH (r:Region) RETURN count(r) AS n", "--format", "csv",
                       "--build-dir", str(seed_build))
    assert (code, output) == (0, "n\n552\n")


def _raw_read_only(db: Path, text: str) -> list[list[object]]:
    import ladybug

    database = ladybug.Database(str(db), read_only=True)
    connection = ladybug.Connection(database)
    try:
        result = connection.execute(text)
        assert not isinstance(result, list)
        return [list(row) for row in result.get_all()]
    finally:
        connection.close()
        database.close()


def test_control_ladybug_read_only_mode_alone_writes_and_reads_files(seed_db: Path, tmp_path: Path) -> None:
    """Why the guard exists: with only read_only=True, COPY TO writes and LOAD FROM reads."""
    db = tmp_path / "copy.lbug"
    shutil.copyfile(seed_db, db)
    _raw_read_only(db, f"COPY (MATCH (r:Region) RETURN r.name LIMIT 2) TO '{tmp_path}/out.csv'")
    assert (tmp_path / "out.csv").is_file()
    (tmp_path / "input.csv").write_text(f"secret\n{SECRET}\n", encoding="utf-8")
    assert [SECRET] in _raw_read_only(db, f"LOAD FROM '{tmp_path}/input.csv' RETURN *")
    with pytest.raises(RuntimeError, match="read-only"):
        _raw_read_only(db, "CREATE (r:Region {iri: 'x'})")  # writes to the database itself are refused


def test_control_ladybug_checkpoint_in_read_only_mode_breaks_the_database(seed_db: Path, tmp_path: Path) -> None:
    """Why CHECKPOINT is refused: read-only mode runs it and leaves a file that blocks reopening."""
    db = tmp_path / "copy.lbug"
    shutil.copyfile(seed_db, db)
    # In-process, the failed checkpoint can take the interpreter down with it: use a child process.
    subprocess.run([sys.executable, "-c", "import ladybug, sys\n"
                    "c = ladybug.Connection(ladybug.Database(sys.argv[1], read_only=True))\n"
                    "try:\n    c.execute('CHECKPOINT')\nexcept RuntimeError:\n    pass\n", str(db)],
                   capture_output=True, timeout=120)
    assert {p.name for p in tmp_path.iterdir()} > {"copy.lbug"}  # a .shadow / .wal appeared
    with pytest.raises(RuntimeError, match="read-only mode while checkpoint recovery is pending"):
        _raw_read_only(db, "RETURN 1")


@pytest.mark.parametrize("literal, value", [
    ("'plain'", "plain"), ("'it\\'s'", "it's"), ('"say \\"hi\\""', 'say "hi"'), ("'a\\\\'", "a\\"),
    ("'x; COPY (RETURN 1) TO y'", "x; COPY (RETURN 1) TO y"), ("'/* not a comment */'", "/* not a comment */"),
    ("'// not a comment'", "// not a comment"),
])
def test_engine_and_guard_agree_where_strings_end(seed_db: Path, literal: str, value: str) -> None:
    """The guard's tokens are the engine's: a string the guard sees as one token is one value there."""
    text = f"RETURN {literal} AS s"
    assert [t.kind for t in tokenize(text)] == ["word", "string", "word", "word"]
    assert run_cypher(seed_db, text) == (["s"], [[value]])


def test_comments_never_reach_the_engine(seed_db: Path) -> None:
    assert run_cypher(seed_db, "MATCH (r:Region) // COPY (RETURN 1) TO '/x'\n"
                               "/* ; CHECKPOINT */ RETURN count(r) AS n;") == (["n"], [[552]])


def test_safe_calls_answer(seed_db: Path) -> None:
    columns, rows = run_cypher(seed_db, "CALL show_tables() RETURN name, type ORDER BY name")
    assert ["Region", "NODE"] in rows and ["HOST_REGION", "REL"] in rows
    columns, rows = run_cypher(seed_db, "CALL table_info('Region') RETURN name")
    assert ["kemendagriCode"] in rows


# -- behaves like Neo4j where users notice --------------------------------------------------------

def test_missing_parameter_exits_2_naming_it(seed_build: Path, tmp_path: Path) -> None:
    """The issue's own check, as a user runs it (a separate process, the real entry point).

    The statement is checked before the build is looked for: in a folder without a build the
    answer is still the missing parameter (exit 2), and nothing is created.
    """
    query = "MATCH (r:Region {code: $code}) RETURN r.name"
    for extra in ([], ["--build-dir", str(seed_build)]):
        done = subprocess.run([sys.executable, "-m", "kg", "cypher", query, *extra],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert done.returncode == 2, done.stderr
        assert "missing Cypher parameter $code" in done.stderr and "-p code=VALUE" in done.stderr
        assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_parameters_like_neo4j(seed_db: Path, seed_build: Path) -> None:
    text = "MATCH (r:Region {kemendagriCode: $code}) RETURN r.name AS name"
    with pytest.raises(QueryError, match=r"missing Cypher parameter \$code") as caught:
        run_cypher(seed_db, text, {"name": "Kota Batu"})
    assert caught.value.exit_code == 2
    assert run_cypher(seed_db, text, {"code": "35.79", "unused": 1}) == (["name"], [["Kota Batu"]])
    assert run_cypher(seed_db, "RETURN $x AS x", {"x": None}) == (["x"], [[None]])  # given as null: fine
    code, output = _kg("cypher", text, "-p", "code=35.79", "-p", "unused=1", "--format", "csv",
                       "--build-dir", str(seed_build))
    assert (code, output) == (0, "name\nKota Batu\n")


def test_columns_keep_aliases_and_expressions_as_written(seed_db: Path) -> None:
    columns, rows = run_cypher(seed_db, "MATCH (r:Region) WHERE r.kemendagriCode = '35.79' "
                                        "RETURN r.name, count(*), r.name AS `Region Name`, r.kind AS kind, "
                                        "size(r.alias)  ORDER BY count(*)")
    assert columns == ["r.name", "count(*)", "Region Name", "kind", "size(r.alias)"]
    assert rows == [["Kota Batu", 1, "Kota Batu", "City", 1]]


def test_nodes_relationships_and_paths_are_plain_values(seed_db: Path) -> None:
    _, rows = run_cypher(seed_db, "MATCH (r:Region {kemendagriCode: '35.79'}) RETURN r")
    assert rows == [[{"iri": "https://w3id.org/jejaring/id/region/35.79", "kind": "City", "name": "Kota Batu",
                      "officialName": "Kota Batu", "kemendagriCode": "35.79", "alias": ["Kota Apel"],
                      "latitude": rows[0][0]["latitude"], "longitude": rows[0][0]["longitude"],
                      "sources": ["https://w3id.org/jejaring/id/source/kemendagri-wilayah"]}]]
    assert isinstance(rows[0][0]["latitude"], float)
    _, rows = run_cypher(seed_db, "MATCH (e:Event)-[h:HOST_REGION]->(r:Region {kemendagriCode: '35.79'}) "
                                  "RETURN e.iri AS event, h, [r] AS regions ORDER BY event LIMIT 1")
    event, (start, rtype, end), regions = rows[0]
    assert (start["iri"], rtype, end["iri"]) == (event, "HOST_REGION", "https://w3id.org/jejaring/id/region/35.79")
    assert regions == [end]
    _, rows = run_cypher(seed_db, "MATCH p = (e:Event)-[:HOST_REGION]->(r:Region {kemendagriCode: '35.79'}) "
                                  "RETURN p ORDER BY e.iri LIMIT 1")
    assert [v if isinstance(v, str) else v["iri"] for v in rows[0][0]] == [event, "HOST_REGION", end["iri"]]
    _, rows = run_cypher(seed_db, "MATCH (a:Region {kemendagriCode: '61.71'})-[rs* SHORTEST 1..6]-"
                                  "(b:Region {kemendagriCode: '62.02'}) RETURN rs")
    hops = rows[0][0]
    assert len(hops) >= 2 and all(isinstance(h, tuple) and len(h) == 3 and isinstance(h[1], str) for h in hops)

    def internal(value: object) -> bool:
        if isinstance(value, dict):
            return any(k.startswith("_") for k in value) or any(internal(v) for v in value.values())
        if isinstance(value, (list, tuple)):
            return any(internal(v) for v in value)
        return False

    assert not internal(rows) and all(v is not None for v in start.values())


def test_open_once_answer_many(seed_db: Path) -> None:
    with EmbeddedDatabase(seed_db) as database:
        counts = [database.run("MATCH (r:Region) WHERE r.kind = $kind RETURN count(*) AS n", {"kind": kind})[1][0][0]
                  for kind in ("City", "Regency", "Province")]
        with pytest.raises(QueryError, match="refused: CHECKPOINT"):
            database.run("CHECKPOINT")
        assert database.run("MATCH (r:Region) RETURN count(*) AS n") == (["n"], [[sum(counts)]])


def test_a_runaway_query_stops_at_the_timeout(seed_db: Path) -> None:
    with EmbeddedDatabase(seed_db, timeout=0.3) as database:
        with pytest.raises(QueryError, match="stopped after 0.3 s"):
            database.run("MATCH p = (a:Region)-[*1..8]-(b:Region) RETURN count(*) AS n")
        assert database.run("MATCH (r:Region) RETURN count(*) AS n")[1][0][0] > 0  # still answers
