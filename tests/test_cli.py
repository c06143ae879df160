from __future__ import annotations

import json
from pathlib import Path

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
    assert "news sources\t5" in out
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
    code, out, err = invoke("validate", str(Path(__file__).parent / "data" / "shacl" / "delegation_size_zero.yaml"))
    assert code == 1
    assert "delegation_size_zero.yaml: Violation:" in out
    assert "size must be a whole number of at least 1" in out


def test_export_formats(tmp_path: Path) -> None:
    invoke("build", "-o", str(tmp_path / "b"))
    for fmt in ("ttl", "trig", "nt", "nq", "jsonld"):
        target = tmp_path / f"out.{fmt}"
        code, _, err = invoke("export", "--format", fmt, "-o", str(target), "--build-dir", str(tmp_path / "b"))
        assert code == 0, err
        assert target.stat().st_size > 10_000


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
