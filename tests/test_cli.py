from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

RECORDS = Path(__file__).parents[1] / "data" / "records"
BAD = Path(__file__).parent / "data" / "bad"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_build_prints_counts_and_writes_files(tmp_path: Path) -> None:
    code, out, err = invoke("build", "-o", str(tmp_path))
    assert code == 0, err
    assert f"news sources\t{len(list(RECORDS.glob('*.yaml')))}" in out
    assert "Province\t38" in out
    for name in ("jejaring.trig", "jejaring.ttl", "stats.json"):
        assert (tmp_path / name).stat().st_size > 0
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    assert stats["classes"]["Delegation"] >= 4


def test_build_with_misspelt_field_exits_1_with_file_and_line(tmp_path: Path) -> None:
    code, out, err = invoke("build", str(BAD / "misspelt_field.yaml"), "-o", str(tmp_path))
    assert code == 1
    assert "misspelt_field.yaml:24: unknown field 'delegaton' in events.visit (did you mean 'delegations'?)" in err
    assert "Traceback" not in err
    assert not (tmp_path / "jejaring.ttl").exists()


def test_build_with_unknown_region_names_the_expected_value(tmp_path: Path) -> None:
    code, _, err = invoke("build", str(BAD / "unknown_region.yaml"), "-o", str(tmp_path))
    assert code == 1
    assert "unknown_region.yaml:10: unknown region 'Kota Pontianakk'; expected an official region name" in err
    assert "Kota Pontianak 61.71" in err


def test_regions_search_kotim() -> None:
    code, out, _ = invoke("regions", "search", "Kotim")
    assert code == 0
    assert out.startswith("Kabupaten Kotawaringin Timur 62.02 (regency, Kalimantan Tengah")


def test_regions_search_blitar_lists_both_as_text() -> None:
    code, out, _ = invoke("regions", "search", "Blitar")
    assert code == 0
    assert [line.split(" (")[0] for line in out.splitlines()] == ["Kabupaten Blitar 35.05", "Kota Blitar 35.72"]


def test_regions_search_blitar_lists_both() -> None:
    code, out, _ = invoke("regions", "search", "Blitar", "--format", "json")
    assert code == 0
    assert {(r["name"], r["code"]) for r in json.loads(out)} == {("Kota Blitar", "35.72"), ("Kabupaten Blitar", "35.05")}


def test_validate_exits_0_on_seeds() -> None:
    code, out, err = invoke("validate", str(RECORDS))
    assert code == 0, out + err


def test_validate_exits_1_on_shacl_violation() -> None:
    code, out, err = invoke("validate", str(Path(__file__).parent / "data" / "shacl" / "amendment_without_target.yaml"))
    assert code == 1
    assert "amendment_without_target.yaml:25: an amendment needs the agreement it amends or extends" in out


def test_validate_reports_schema_reference_and_shacl_problems_in_one_run() -> None:
    data = Path(__file__).parent / "data"
    code, out, err = invoke("validate", str(data / "bad" / "size_not_number.yaml"), str(data / "bad" / "unknown_person.yaml"),
                            str(data / "shacl" / "amendment_without_target.yaml"))
    assert code == 1
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in out.splitlines()] == [
        "size_not_number.yaml:27", "unknown_person.yaml:26", "amendment_without_target.yaml:25"]
    assert "Traceback" not in out + err


def test_export_formats(tmp_path: Path, seed_build_dir: Path) -> None:
    for fmt in ("ttl", "trig", "nt", "nq", "jsonld"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = invoke("export", "--format", fmt, "-o", str(target), "--build-dir", str(seed_build_dir))
        assert code == 0, err
        assert target.stat().st_size > 10_000
    assert (tmp_path / "out.trig").read_bytes() == (seed_build_dir / "jejaring.trig").read_bytes()


def tree_state(root: Path) -> dict[str, tuple[str, int]]:
    state = {}
    for path in sorted([root, *root.rglob("*")]):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        state[str(path.relative_to(root))] = (digest, path.lstat().st_mtime_ns)
    return state


def test_reads_never_write_even_when_a_seed_record_is_touched(tmp_path: Path) -> None:
    """kg build one.yaml -o X; touch a seed record; every read command leaves X byte-identical."""
    one = tmp_path / "records" / "one.yaml"
    one.parent.mkdir()
    shutil.copy(sorted(RECORDS.glob("*.yaml"))[0], one)
    target = tmp_path / "X"
    code, _, err = invoke("build", str(one), "-o", str(target))
    assert code == 0, err
    before = tree_state(target)
    seed = sorted(RECORDS.glob("*.yaml"))[1]
    stat = seed.stat()
    try:
        os.utime(seed)  # touch a seed record: nothing may rebuild X from the seeds
        reads = [
            ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
            ["ask", "timeline"],
            ["ask", "partners-of", "--param", "region=Kota Blitar", "--engine", "cypher"],
            ["export", "--format", "nq", "-o", str(tmp_path / "out.nq")],
            ["cypher", "MATCH (n) RETURN count(n) AS n"],
        ]
        for command in reads:
            code, out, err = invoke(*command, "--build-dir", str(target))
            assert code == 0, (command, err)
            assert tree_state(target) == before, command
    finally:
        os.utime(seed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    code, out, _ = invoke("sparql", "PREFIX jj: <https://w3id.org/jejaring/ontology#> "
                          "SELECT (COUNT(?a) AS ?n) WHERE { ?a a jj:NewsArticle }", "--format", "csv",
                          "--build-dir", str(target))
    assert out.splitlines()[1] == "1"  # still the one record, not the five seeds


@pytest.mark.parametrize("command", [
    ["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], ["ask", "timeline"], ["export"],
    ["cypher", "MATCH (n) RETURN n LIMIT 1"], ["neo4j", "script", "-o", "-"],
])
def test_a_build_dir_pointing_nowhere_exits_1_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    nowhere = tmp_path / "nowhere"
    code, _, err = invoke(*command, "--build-dir", str(nowhere))
    assert code == 1
    assert "run `kg build`" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_every_command_has_an_example_in_its_help() -> None:
    def walk(group, prefix):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            yield prefix + [name], command
            if hasattr(command, "commands"):
                yield from walk(command, prefix + [name])

    for path, command in walk(cli, []):
        if hasattr(command, "commands"):
            continue
        code, out, _ = invoke(*path, "--help")
        assert code == 0
        assert "Example:" in out, " ".join(path)


def test_python_dash_m_kg_works() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, check=True)
    assert "Jejaring" in done.stdout
