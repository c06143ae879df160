from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.errors import GazetteerError
from kg.gazetteer import HIT_MATCHES, gazetteer, normalize_name
from kg.places import places

CASES = list(csv.DictReader((Path(__file__).parent / "data" / "gazetteer_cases.csv").read_text(encoding="utf-8").splitlines()))


def test_all_552_regions_are_present() -> None:
    places = gazetteer()
    kinds = [r.kind for r in places.regions.values()]
    assert len(places) == 552
    assert kinds.count("province") == 38
    assert kinds.count("regency") + kinds.count("city") == 514
    assert all(r.iso_code for r in places.regions.values() if r.kind == "province")
    assert gazetteer().get("35").iso_code == "ID-JI"


def test_case_table_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert sum(row["expected"].startswith("AMBIGUOUS") for row in CASES) >= 5


def test_case_table_covers_every_corpus_article_and_seed() -> None:
    shared = Path(__file__).parents[2] / "shared"
    if not shared.is_dir():
        pytest.skip("../shared (the development corpus) is not next to the checkout")
    articles = {path.name[:2] for path in (shared / "corpus").glob("[0-9][0-9]_*.txt")}
    seeds = {path.name[:3] for path in (shared / "seeds").glob("[0-9][0-9][0-9]_*.txt")}
    sources = {row["source"] for row in CASES}
    assert len(articles) == 30 and len(seeds) == 5
    assert {f"corpus {n}" for n in articles} <= sources
    assert {f"seed {n}" for n in seeds} <= sources


def test_case_texts_are_names_with_cues_not_sentences() -> None:
    assert all(len(row["text"].split()) <= 12 and not row["text"].rstrip().endswith(".") or row["text"] == "  Kota Blitar. "
               for row in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_resolution_case(case: dict[str, str]) -> None:
    found = gazetteer().candidates(case["text"])
    if case["expected"] == "UNKNOWN":
        assert found == []
    elif case["expected"].startswith("AMBIGUOUS:"):
        assert sorted(r.code for r in found) == case["expected"].removeprefix("AMBIGUOUS:").split("|")
    else:
        assert [r.code for r in found] == [case["expected"]]


def test_ambiguous_error_lists_both_candidates_with_codes() -> None:
    with pytest.raises(GazetteerError) as info:
        gazetteer().resolve("Blitar")
    assert "Kabupaten Blitar 35.05" in str(info.value)
    assert "Kota Blitar 35.72" in str(info.value)


def test_unknown_region_suggests_close_names() -> None:
    with pytest.raises(GazetteerError, match="Kota Pontianak 61.71"):
        gazetteer().resolve("Pontianakk")


def test_cues_decide_kind() -> None:
    places = gazetteer()
    assert places.resolve("Pemkot Blitar").code == "35.72"
    assert places.resolve("Wakil Bupati Blitar").code == "35.05"
    assert places.resolve("Gubernur Kalbar").code == "61"


@pytest.mark.parametrize(("text", "code"), [
    ("Pj Gubernur Jambi", "15"), ("Plt Wali Kota Jambi", "15.71"), ("Plh Bupati Malang", "35.07"),
    ("Sekda Kota Probolinggo", "35.74"), ("Setda Kabupaten Pasuruan", "35.14"),
    ("Ketua TP-PKK Kota Blitar", "35.72"), ("Ketua Dekranasda Kabupaten Gorontalo", "75.01"),
    ("DPRD Provinsi Bengkulu", "17"), ("Disbudpar Kota Bengkulu", "17.71"),
    ("Kepala Dinas Pariwisata Kabupaten Blitar", "35.05"), ("Pemko Jambi", "15.71"),
])
def test_acting_prefixes_titles_and_offices_keep_the_kind_cue(text: str, code: str) -> None:
    found = gazetteer().resolve(text)
    assert (found.code, found.match) == (code, "cue")


@pytest.mark.parametrize("text", ["Jambi", "DPRD Jambi", "Sekda Blitar", "Disdukcapil Pasuruan", "Plt Ketua DPRD Probolinggo"])
def test_a_cue_without_a_kind_word_leaves_shared_names_ambiguous(text: str) -> None:
    with pytest.raises(GazetteerError, match="ambiguous") as info:
        gazetteer().resolve(text)
    assert len(info.value.candidates) >= 2


def test_a_wrong_kind_word_right_before_a_unique_name_is_marked_not_dropped() -> None:
    found = gazetteer().resolve("Pemkot Pesisir Selatan")
    assert (found.code, found.match) == ("13.01", "cue-mismatch")
    assert gazetteer().candidates("Kabupaten Antah Berantah, Jawa Barat") == []
    assert gazetteer().candidates("Kota Tua Jakarta") == []


def test_matches_mark_how_each_region_was_found() -> None:
    places = gazetteer()
    assert [r.match for r in places.matches("35.72")] == ["code"]
    assert [r.match for r in places.matches("Kota Blitar")] == ["exact"]
    assert [r.match for r in places.matches("Kotim")] == ["alias"]
    assert [r.match for r in places.matches("Baritokuala")] == ["alias"]
    assert [r.match for r in places.matches("Tanjung Jabung Barat")] == ["exact"]
    assert [r.match for r in places.matches("Tanjungjabung Barat")] == ["spelling"]
    assert [r.match for r in places.matches("Sampit")] == ["capital"]
    assert places.matches("Kotim")[0] == places.get("62.02")  # match never takes part in equality


def test_search_marks_suggestions_apart_from_hits() -> None:
    places = gazetteer()
    assert {r.match for r in places.search("Kotim")} <= HIT_MATCHES
    suggested = places.search("Pontianakk")
    assert suggested and all(r.match == "suggestion" for r in suggested)
    assert "61.71" in [r.code for r in suggested]
    partial = places.search("Kutai")
    assert {r.code for r in partial} >= {"64.02", "64.07", "64.08"}
    assert all(r.match == "partial" for r in partial)


def test_normalize_name_folds_punctuation_and_case() -> None:
    assert normalize_name("KAB.  Kotawaringin-Timur") == "kab kotawaringin timur"


ALIASES = list(csv.DictReader((Path(__file__).parents[1] / "data" / "aliases.csv").read_text(encoding="utf-8").splitlines()))


def test_every_alias_points_to_a_real_region_or_place() -> None:
    assert len(ALIASES) >= 60
    regions = gazetteer().regions
    index = places()
    for row in ALIASES:
        if row["code"] not in regions:
            index.get(row["code"])  # raises for an unknown code


def test_every_alias_names_its_source() -> None:
    known = {"press usage", "Wikipedia id", "Kemendagri", "law (UU 2/2024)", "ISO 3166-2 (pycountry)"}
    assert {row["source"] for row in ALIASES} <= known
    assert all(row["note"].strip() for row in ALIASES)


def test_aliases_are_unique_and_never_another_regions_name() -> None:
    regions = gazetteer().regions.values()
    keys = [normalize_name(row["alias"]) for row in ALIASES]
    assert len(keys) == len(set(keys))
    for row, key in zip(ALIASES, keys):
        others = [r for r in regions if r.code != row["code"] and key in (normalize_name(r.name), normalize_name(r.bare_name))]
        assert others == [], row


def test_every_province_has_a_press_alias_or_a_short_official_name() -> None:
    by_code: dict[str, list[str]] = {}
    for row in ALIASES:
        by_code.setdefault(row["code"], []).append(row["alias"])
    long_names = [r for r in gazetteer().regions.values() if r.kind == "province" and len(r.name.split()) > 1]
    # Papua Pegunungan (2022) has no settled short form in the press yet.
    missing = [r.name for r in long_names if r.code not in by_code and r.code != "95"]
    assert missing == [], missing


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_coordinates_cover_at_least_95_percent() -> None:
    placed = [r for r in gazetteer().regions.values() if r.latitude is not None]
    assert len(placed) / 552 >= 0.95
    assert all(-11.5 <= r.latitude <= 6.5 and 94 <= r.longitude <= 141.5 for r in placed)  # type: ignore[operator]


KNOWN = list(csv.DictReader((Path(__file__).parent / "data" / "known_positions.csv").read_text(encoding="utf-8").splitlines()))


@pytest.mark.parametrize("known", KNOWN, ids=[k["name"] for k in KNOWN])
def test_known_region_lies_within_30_km_of_its_true_position(known: dict[str, str]) -> None:
    region = gazetteer().get(known["code"])
    assert region.latitude is not None and region.longitude is not None
    assert _km(region.latitude, region.longitude, float(known["lat"]), float(known["lon"])) <= 30


def test_unknown_region_that_is_a_place_says_so() -> None:
    with pytest.raises(GazetteerError) as info:
        gazetteer().resolve("Bantargebang")
    message = str(info.value)
    assert message.startswith("unknown region 'Bantargebang'; expected an official region name")
    assert "it names a place below the regency (Kecamatan Bantargebang 32.75.07" in message
    with pytest.raises(GazetteerError) as plain:
        gazetteer().resolve("Atlantis")
    assert "place" not in str(plain.value)


def test_aliases_readme_states_the_current_counts() -> None:
    from collections import Counter

    readme = (Path(__file__).parents[1] / "data" / "aliases.README.md").read_text(encoding="utf-8")
    assert f"({len(ALIASES)} rows:" in readme
    counts = Counter(row["source"] for row in ALIASES)
    assert f"press usage {counts['press usage']}, Wikipedia id {counts['Wikipedia id']}, Kemendagri {counts['Kemendagri']}" in readme


@pytest.mark.parametrize("text", ["Kota Blitar", "  KAB  Bogor ", "Sidomulyo", "", "Way Halim"])
def test_normalize_fast_path_equals_the_full_folding(text: str) -> None:
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.replace("'", "")).encode("ascii", "ignore").decode("ascii").casefold()
    slow = re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_", " ", folded)).strip()
    assert normalize_name(text) == slow


def test_normalize_folds_accents_and_curly_quotes() -> None:
    assert normalize_name("Regapu’u") == normalize_name("Regapu'u") == "regapuu"
    assert normalize_name("Bau-Bau") == "bau bau"
