"""Generate realistic, valid curated records at scale (seeded), across the 552 official regions.

Each generated file is one fictional news article in the curated record format
(``data/records/README.md``): working and study visits with delegations (sizes, leaders
with posts), FGDs and coordination meetings, MoU signings, PKS that follow an MoU, planned
agreements, and programs and products with sectors from ``ontology/sectors.ttl``. Dates vary
in form: with a weekday, month precision only, or without a year (then ``inferred``).
Every region has fixed officials, so people and posts recur across articles as they would in
the news. The same seed always gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml

from kg.errors import GazetteerError
from kg.gazetteer import Region, gazetteer
from kg.ontology import vocabulary

__all__ = ["generate_records", "write_records"]


class _Dumper(yaml.SafeDumper):
    """Write repeated values in full (no YAML anchors), as a curator would."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_FIRST = ("Ahmad Budi Citra Dewi Eko Fitri Gilang Hendra Indah Joko Kartika Lukman Maya Nur Oki Putri Rahmat "
          "Siti Taufik Utami Wahyu Yusuf Zainal Agus Bambang Dian Endang Fajar Hadi Irawati Lestari Mulyadi "
          "Novita Purnomo Rina Sri Tri Wulan Yanti Andi Arief Ratna Syamsul Teguh").split()
_LAST = ("Santoso Wijaya Saputra Hidayat Kurniawan Pratama Nugroho Setiawan Rahman Siregar Nasution Lubis "
         "Harahap Hutapea Pangaribuan Simanjuntak Tanjung Sitompul Wibowo Susanto Gunawan Halim Permana "
         "Rusdi Firmansyah Syahputra Utomo Prasetyo Suharto Mahmud Salim Daeng Mappa Tambunan Manurung").split()
_PUBLISHERS = ("Suara Kalbar", "Kabar Daerah", "Warta Nusantara", "Berita Kota", "Jurnal Otonomi", "Pos Wilayah",
               "Antara Daerah", "Radar Kabupaten", "Kompas Regional", "Tribun Kota")
_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember")
_PRODUCTS = {"batik": "Batik", "tenun": "Kain tenun", "anyaman": "Anyaman bambu", "kuliner": "Keripik",
             "hortikultura": "Buah naga", "perkebunan": "Kopi", "perikanan-budidaya": "Ikan lele",
             "hasil-laut": "Rumput laut", "peternakan": "Telur ayam", "lidah-buaya": "Olahan lidah buaya",
             "kerajinan": "Gerabah", "pertanian": "Beras organik"}
_PROGRAMS = ("Inkubator UMKM", "Pinjaman tanpa bunga", "Kampung Tematik", "Pasar Digital", "Sekolah Wirausaha",
             "Gerakan Ekspor Daerah", "Klinik Usaha", "Desa Wisata Mandiri")
_HEAD = {"city": ("wali-kota", "wakil-wali-kota", "Pemkot"), "regency": ("bupati", "wakil-bupati", "Pemkab"),
         "province": ("gubernur", "wakil-gubernur", "Pemprov")}
_EVENT_KINDS = ("visit", "study-visit", "study-visit", "field-visit", "fgd", "coordination-meeting", "meeting")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


@cache
def _region_text(code: str) -> str:
    """Return a region reference the gazetteer resolves to exactly ``code`` (a name when possible)."""
    region = gazetteer().get(code)
    assert region is not None
    for text in (region.name, f"Provinsi {region.name}"):
        try:
            if gazetteer().resolve(text).code == code:
                return text
        except GazetteerError:
            continue
    return code


class _Article:
    """Build one record: a source plus the organizations and people its facts mention."""

    def __init__(self, rng: random.Random, index: int, day: dt.date, officials: dict[str, list[str]]) -> None:
        self.rng, self.index, self.day, self.officials = rng, index, day, officials
        publisher = rng.choice(_PUBLISHERS)
        self.record: dict[str, Any] = {"source": {
            "id": f"{_slug(publisher)}-{day.isoformat()}-gen-{index:06d}",
            "file": f"gen_{index:06d}.txt", "publisher": publisher,
            "byline": rng.choice(_FIRST) + " " + rng.choice(_LAST),
            "published": {"text": f"{day.day} {_MONTHS[day.month - 1]} {day.year}", "value": day},
        }}
        self.orgs: dict[str, Any] = {}
        self.people: dict[str, Any] = {}

    def government(self, region: Region) -> str:
        oid = f"{_HEAD[region.kind][2].lower()}-{region.code.replace('.', '-')}"
        self.orgs.setdefault(oid, {"kind": "local-government", "region": _region_text(region.code)})
        return oid

    def council(self, region: Region, kind: str = "regional-council") -> str:
        oid = f"{kind}-{region.code.replace('.', '-')}"
        self.orgs.setdefault(oid, {"kind": kind, "region": _region_text(region.code)})
        return oid

    def official(self, region: Region, rank: int) -> str:
        """Add the region's head (rank 0) or deputy (rank 1) with the post, and return the person id."""
        name = self.officials[region.code][rank]
        pid = f"p-{rank}-{region.code.replace('.', '-')}"
        role = _HEAD[region.kind][rank]
        self.people.setdefault(pid, {"name": name, "key": f"{_slug(name)}-{region.code.replace('.', '-')}",
                                     "posts": [{"role": role, "organization": self.government(region)}]})
        return pid

    def date(self) -> dict[str, Any]:
        """Return a date spec in one of the forms news articles use, on or before publication."""
        value = self.day - dt.timedelta(days=self.rng.randint(0, 3))
        form = self.rng.random()
        if form < 0.1:
            return {"text": f"{_MONTHS[value.month - 1]} {value.year}", "value": value.replace(day=1),
                    "precision": "month"}
        if form < 0.2:
            return {"text": f"{_WEEKDAYS[value.weekday()]} ({value.day}/{value.month})", "value": value,
                    "inferred": "The text states no year; taken from the publication date and the weekday."}
        if form < 0.6:
            return {"text": f"{_WEEKDAYS[value.weekday()]} ({value.day}/{value.month}/{value.year})", "value": value}
        return {"text": f"{value.day} {_MONTHS[value.month - 1]} {value.year}", "value": value}

    def done(self) -> dict[str, Any]:
        if self.orgs:
            self.record["organizations"] = self.orgs
        if self.people:
            self.record["people"] = self.people
        return self.record


class _Generator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        # cast: Gazetteer.__iter__ is annotated as returning Iterable rather than Iterator.
        self.regions = sorted(cast("Iterable[Region]", gazetteer()), key=lambda r: r.code)
        self.local = [r for r in self.regions if r.kind != "province"]
        self.sectors = sorted(vocabulary().sectors)
        self.officials = {r.code: [f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}" for _ in range(2)]
                          for r in self.regions}

    def topics(self, k: int = 3) -> list[str]:
        return self.rng.sample(self.sectors, self.rng.randint(1, k))

    def pair(self) -> tuple[Region, Region]:
        a, b = self.rng.sample(self.local, 2)
        return a, b

    def visit(self, art: _Article) -> None:
        guest, host = self.pair()
        kind = self.rng.choice(_EVENT_KINDS)
        host_org, guest_org = art.government(host), art.government(guest)
        rank = self.rng.randint(0, 1)
        leader = art.official(guest, rank)
        event: dict[str, Any] = {
            "kind": kind, "name": f"Kunjungan {art.orgs[guest_org]['region']} ke {art.orgs[host_org]['region']}",
            "date": art.date(), "location": art.orgs[host_org]["region"], "host": host_org,
            "received_by": [art.official(host, self.rng.randint(0, 1))], "topics": self.topics(),
            "purpose": "Learn from the host's practice and explore cooperation between the two regions.",
        }
        if kind in ("visit", "study-visit", "field-visit", "fgd"):
            delegation: dict[str, Any] = {"from": guest_org, "leader": leader, "size": self.rng.randint(4, 80)}
            if self.rng.random() < 0.4:
                delegation["member_organizations"] = [art.council(guest)]
            if self.rng.random() < 0.3:
                delegation["members"] = [art.official(guest, 1 - rank)]
            event["delegations"] = [delegation]
            if kind == "fgd":
                event["venue"] = "Aula Bappeda"
        else:
            event["participants"] = [leader, guest_org]
        art.record["events"] = {"kegiatan": event}
        if self.rng.random() < 0.5:
            sector = self.rng.choice(sorted(_PRODUCTS))
            region = self.rng.choice((guest, host))
            art.record["products"] = {"produk": {
                "name": f"{_PRODUCTS[sector]} {region.name.split(' ', 1)[-1]}", "regions": [_region_text(region.code)],
                "sectors": [sector], "potential": self.rng.random() < 0.3, "discussed_at": ["kegiatan"],
                "description": "A local product the visitors and hosts discussed."}}
        if self.rng.random() < 0.2:
            art.record["agreements"] = {"niat": {
                "kind": "intent", "status": "stated", "name": f"Niat kerja sama {guest.name} dan {host.name}",
                "parties": [guest_org, host_org], "topics": event["topics"][:1], "cooperation_type": "KSDD"}}

    def signing(self, art: _Article, *, with_pks: bool) -> None:
        a, b = self.pair()
        oa, ob = art.government(a), art.government(b)
        signers = [art.official(a, 0), art.official(b, 0)]
        date = art.date()
        topics = self.topics()
        art.record["events"] = {"penandatanganan": {
            "kind": "signing", "name": f"Penandatanganan kerja sama {a.name} dan {b.name}", "date": date,
            "location": art.orgs[ob]["region"], "participants": [*signers, oa, ob], "topics": topics}}
        agreements: dict[str, Any] = {}
        if with_pks:
            signed = date["value"] - dt.timedelta(days=self.rng.randint(120, 700))
            agreements["mou"] = {
                "kind": "mou", "status": "signed", "name": f"MoU {a.name} dan {b.name}", "parties": [oa, ob],
                "date": {"text": f"{signed.day} {_MONTHS[signed.month - 1]} {signed.year}", "value": signed},
                "validity_years": 5, "topics": topics, "cooperation_type": "KSDD"}
            agreements["pks"] = {
                "kind": "pks", "status": "signed", "name": f"PKS {a.name} dan {b.name}", "parties": [oa, ob],
                "signatories": signers, "signed_at": "penandatanganan", "date": date, "validity_years": 3,
                "follows": "mou", "topics": topics[:1], "cooperation_type": "KSDD",
                "scope": "Implementing details, rights and duties for the cooperation agreed in the MoU."}
        else:
            agreements["mou"] = {
                "kind": "mou", "status": "signed", "name": f"MoU {a.name} dan {b.name}", "parties": [oa, ob],
                "signatories": signers, "signed_at": "penandatanganan", "date": date, "validity_years": 5,
                "topics": topics, "cooperation_type": "KSDD",
                "expected_follow_up": "Business-to-business schemes between the two regions' enterprises."}
        art.record["agreements"] = agreements
        if not with_pks and self.rng.random() < 0.3:
            art.record["programs"] = {"program": {
                "name": f"{self.rng.choice(_PROGRAMS)} {a.name} - {b.name}", "owner": oa,
                "implemented_in": sorted({art.orgs[oa]["region"], art.orgs[ob]["region"]}), "topics": topics[:1],
                "implements": ["mou"], "discussed_at": ["penandatanganan"]}}

    def planned(self, art: _Article) -> None:
        a, b = self.pair()
        oa, ob = art.government(a), art.government(b)
        art.official(a, 0)
        art.record["agreements"] = {"rencana": {
            "kind": "mou", "status": "planned", "name": f"Rencana kerja sama {a.name} dan {b.name}",
            "parties": [oa, ob], "topics": self.topics(2), "cooperation_type": "KSDD",
            "scope": "Cooperation still being drafted; its form is not stated."}}

    def program(self, art: _Article) -> None:
        region = self.rng.choice(self.local)
        owner = art.government(region)
        art.official(region, 0)
        name = f"{self.rng.choice(_PROGRAMS)} {region.name}"
        places = [_region_text(region.code)]
        if self.rng.random() < 0.3:
            places.append(_region_text(self.rng.choice(self.local).code))
        art.record["programs"] = {"program": {
            "name": name, "owner": owner, "implemented_in": sorted(set(places)), "topics": self.topics(2),
            "description": "A program the local government runs for small businesses and communities.",
            "started": art.date()}}
        sector = self.rng.choice(sorted(_PRODUCTS))
        art.record["products"] = {"produk": {
            "name": f"{_PRODUCTS[sector]} {region.name.split(' ', 1)[-1]}", "regions": [_region_text(region.code)],
            "sectors": [sector], "potential": self.rng.random() < 0.5}}

    def article(self, index: int) -> dict[str, Any]:
        day = dt.date(2023, 1, 1) + dt.timedelta(days=self.rng.randint(0, 1200))
        art = _Article(self.rng, index, day, self.officials)
        roll = self.rng.random()
        if roll < 0.5:
            self.visit(art)
        elif roll < 0.7:
            self.signing(art, with_pks=False)
        elif roll < 0.8:
            self.signing(art, with_pks=True)
        elif roll < 0.9:
            self.planned(art)
        else:
            self.program(art)
        # a separate stream, so the grown format's features leave the base records unchanged
        _enrich(art, random.Random(self.seed * 1_000_003 + index))
        return art.done()


_TITLES = (["H."], ["Hj."], ["Dr."], ["Ir.", "M.Si"], ["Drs.", "MM"], ["S.Sos."])


def _enrich(art: _Article, extra: random.Random) -> None:
    """Use the grown record format: acting heads, titles, on-behalf-of receptions, planned events, parties."""
    for person in art.people.values():
        if extra.random() < 0.15:
            person["titles"] = list(extra.choice(_TITLES))
        post = person["posts"][0]
        if post["role"] in ("wali-kota", "bupati", "gubernur") and extra.random() < 0.08:
            post["acting"] = extra.choice(("pj", "plt"))
    for event in art.record.get("events", {}).values():
        received = event.get("received_by", [])
        if received and isinstance(received[0], str) and received[0].startswith("p-1-") and extra.random() < 0.4:
            code = received[0].removeprefix("p-1-").replace("-", ".")
            region = gazetteer().get(code)
            if region is not None:
                event["received_by"] = [{"who": received[0], "on_behalf_of": art.official(region, 0)}]
        if event.get("delegations") and extra.random() < 0.06:
            later = art.day + dt.timedelta(days=extra.randint(3, 30))
            event["status"] = "planned"
            event["date"] = {"text": f"{later.day} {_MONTHS[later.month - 1]} {later.year}", "value": later}
    for agreement in art.record.get("agreements", {}).values():
        signers = agreement.get("signatories")
        if signers and len(signers) == len(agreement["parties"]) and extra.random() < 0.3:
            agreement["parties"] = [{"party": party, "signatory": signer}
                                    for party, signer in zip(agreement["parties"], signers)]
            del agreement["signatories"]


def generate_records(count: int, *, seed: int = 1) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``count`` (file name, record) pairs; the same seed gives the same records."""
    generator = _Generator(seed)
    for index in range(count):
        yield f"gen_{index:06d}.yaml", generator.article(index)


def write_records(out_dir: Path, *, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` generated YAML records into ``out_dir`` and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, record in generate_records(count, seed=seed):
        path = out_dir / name
        text = yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(f"# Generated by `kg generate` (fictional).\n{text}", encoding="utf-8")
        paths.append(path)
    return paths
