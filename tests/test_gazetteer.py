from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.errors import GazetteerError
from kg.gazetteer import gazetteer, normalize_name

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


def test_normalize_name_folds_punctuation_and_case() -> None:
    assert normalize_name("KAB.  Kotawaringin-Timur") == "kab kotawaringin timur"


def test_every_alias_points_to_a_real_region() -> None:
    rows = list(csv.DictReader((Path(__file__).parents[1] / "data" / "aliases.csv").read_text(encoding="utf-8").splitlines()))
    assert len(rows) >= 60
    codes = gazetteer().regions
    assert all(row["code"] in codes for row in rows)


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
