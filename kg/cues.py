"""Title and office cues that stand before a region name in the press.

News rarely writes a bare region name. It writes "Plt Bupati Bogor", "Sekda Kota Kendari",
"Ketua TP-PKK Kota Malang", "DPRD Jambi", "Disdukcapil Kota Tangsel", "Asisten I Setda Pemkot
Padang" or "Dinas Perindustrian dan Perdagangan Prov. Jawa Timur". A *cue* is everything before
the name: it must start with a known head word (an acting prefix, a title, a government body or
an office abbreviation) and may contain any words after that (the name of a dinas, a bureau,
a commission). The last *kind word* in the cue (Kota, Kabupaten, Provinsi, Pemkot, Pemko,
Pemkab, Pemprov, Bupati, Wali Kota, Gubernur …) says which kind of region the name means.

The word lists are data of the language, not of one article; they are checked by
``tests/test_gazetteer.py`` against every region named in the development corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["RegionKind", "Cue", "KIND_WORDS", "HEAD_WORDS", "cue_splits", "kind_prefix"]

RegionKind = Literal["province", "regency", "city"]

# A token that names the kind of region that follows (after normalize_name: lower case, no dots).
KIND_WORDS: dict[str, RegionKind] = {
    # city
    "kota": "city", "kotamadya": "city", "kodya": "city", "pemkot": "city", "pemko": "city",
    "walikota": "city", "walkot": "city", "wawali": "city", "wawalkot": "city", "sekkot": "city",
    # regency
    "kabupaten": "regency", "kab": "regency", "kabupatan": "regency", "pemkab": "regency",
    "bupati": "regency", "wabup": "regency", "sekkab": "regency",
    # province
    "provinsi": "province", "propinsi": "province", "prov": "province", "prop": "province",
    "pemprov": "province", "pemprop": "province", "gubernur": "province", "wagub": "province",
    "gub": "province", "sekdaprov": "province",
}

# The canonical word that, before a bare name, gives the official name of that kind.
_KIND_PREFIX: dict[RegionKind, str] = {"city": "kota", "regency": "kabupaten", "province": "provinsi"}

# Words a cue may start with. Kind words count too.
HEAD_WORDS: frozenset[str] = frozenset(KIND_WORDS) | frozenset({
    # acting and deputy prefixes
    "pj", "pjs", "plt", "plh", "penjabat", "pelaksana", "wakil", "mantan", "calon",
    # titles and posts
    "wali", "sekda", "sekdakab", "sekdakot", "setda", "sekretaris", "sekretariat", "asisten",
    "staf", "staff", "tenaga", "kepala", "kadis", "kaban", "kabid", "kabag", "kasubag", "kasubbag",
    "kasi", "kasie", "ketua", "anggota", "camat", "lurah", "istri", "suami", "ibu", "bunda",
    "direktur", "dirut", "kapolres", "kapolresta", "kapolda", "dandim", "danrem", "kajari",
    "kajati", "sekwan", "setwan", "inspektur", "rektor",
    # bodies of a regional government and their umbrella words
    "pemerintah", "pemda", "pemdakab", "pemdakot", "dprd", "dprk", "dpra", "dprp", "dprpb", "dpr",
    "dekranasda", "pkk", "tp", "tim", "dwp", "forkopimda", "rombongan", "delegasi", "jajaran",
    "pimpinan", "humas", "protokol", "prokopim", "promkopim", "kantor", "balai", "gedung",
    "dinas", "badan", "biro", "bagian", "bidang", "upt", "uptd", "unit", "satuan", "satpol",
    "rsud", "pdam", "perumda", "bumd", "kpu", "bawaslu", "baznas", "inspektorat", "kwarcab",
    "kwarda", "bank",
    # office abbreviations (dinas and badan), as the press writes them
    "bappeda", "bappedalitbang", "bapelitbangda", "bapenda", "bpbd", "bkd", "bkpsdm", "bkpp",
    "bpkad", "bpkd", "bpkpd", "bpka", "kesbangpol", "bakesbangpol", "bappenda",
    "dinkes", "disdik", "disdikbud", "dikbud", "disdikpora", "dispar", "disparbud", "disbudpar",
    "disporapar", "disparpora", "dispora", "disbud", "diskominfo", "diskominfotik", "diskominfosan",
    "diskominfostandi", "kominfo", "disdukcapil", "dukcapil", "dispendukcapil", "dishub", "dlh",
    "dlhk", "dkpp", "disperindag", "disperindagkop", "disperkim", "disperkimtan", "dpkp", "disnaker",
    "disnakertrans", "disnakerin", "disnakkeswan", "disnak", "distan", "distanak", "dtphp", "dkp",
    "diskanlut", "dpupr", "pupr", "dpu", "dpupkp", "dpuppr", "dpmptsp", "dpmpptsp", "dpmd", "dpmdes",
    "dinsos", "dinsosp3a", "dp3a", "dp3ap2kb", "dppkb", "disperpusip", "dispussip", "dispusip",
    "diskop", "diskopukm", "diskopumkm", "diskumdag", "disbun", "dishut", "disdag", "disperin",
    "dpkpp", "dkppp", "disketapang", "dispertan", "dispertapa", "damkar",
    "disdamkar", "diskes", "bapperida", "bkpsdmd", "setdakab", "setdakot", "setdaprov",
})


@dataclass(frozen=True)
class Cue:
    """The words before a region name: their text and the kind of region they imply."""

    text: str
    kind: RegionKind | None
    kind_word_last: bool = False
    """True when the cue ends with its kind word ("Pemkot", "Sekda Kota"), right before the name."""


def _kind_of(tokens: list[str]) -> RegionKind | None:
    kind: RegionKind | None = None
    for token in tokens:
        kind = KIND_WORDS.get(token, kind)
    return kind


def kind_prefix(kind: RegionKind) -> str:
    """Return the word that starts the official name of a region of this kind ("kota" …).

    >>> kind_prefix("city")
    'kota'
    """
    return _KIND_PREFIX[kind]


def cue_splits(normalized: str) -> Iterator[tuple[Cue, str]]:
    """Yield every (cue, name) split of a normalized text, longest name first.

    Only splits whose cue starts with a head word are yielded; the name is never empty.

    >>> [(c.text, c.kind, n) for c, n in cue_splits("plt bupati bogor")]
    [('plt', None, 'bupati bogor'), ('plt bupati', 'regency', 'bogor')]
    """
    tokens = normalized.split()
    if not tokens or tokens[0] not in HEAD_WORDS:
        return
    for i in range(1, len(tokens)):
        prefix = tokens[:i]
        yield Cue(" ".join(prefix), _kind_of(prefix), prefix[-1] in KIND_WORDS), " ".join(tokens[i:])
