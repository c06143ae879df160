"""Analytics on the cooperation network: what a multilateral tie weighs."""

from __future__ import annotations

from pathlib import Path

import yaml

from kg.build import build_graph
from kg.questions import run_question

# Twenty cities; the first ten sign one ten-party agreement, Kota Bandung signs ten bilateral ones.
CITIES = ["Kota Bogor", "Kota Sukabumi", "Kota Cirebon", "Kota Bekasi", "Kota Depok", "Kota Cimahi",
          "Kota Tasikmalaya", "Kota Banjar", "Kota Serang", "Kota Cilegon"]
PARTNERS = ["Kota Semarang", "Kota Surakarta", "Kota Salatiga", "Kota Magelang", "Kota Tegal",
            "Kota Pekalongan", "Kota Surabaya", "Kota Malang", "Kota Kediri", "Kota Madiun"]
HUB = "Kota Bandung"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _record(source_id: str, agreements: dict[str, list[str]]) -> dict[str, object]:
    regions = sorted({r for parties in agreements.values() for r in parties})
    return {
        "source": {"id": source_id, "file": f"{source_id}.txt", "headline": f"Kerja sama {source_id}",
                   "publisher": "Uji"},
        "organizations": {f"pemkot-{_slug(r)}": {"kind": "local-government", "region": r} for r in regions},
        "agreements": {
            name: {"kind": "mou", "status": "signed", "name": f"MoU {name}",
                   "date": {"text": "2024-05-01", "value": "2024-05-01"},
                   "parties": [f"pemkot-{_slug(r)}" for r in parties]}
            for name, parties in agreements.items()
        },
    }


def test_a_ten_party_agreement_weighs_what_one_bilateral_does(tmp_path: Path) -> None:
    records = {
        "forum": _record("uji-forum-sepuluh", {"mou-sepuluh-kota": CITIES}),
        "pairs": _record("uji-sepuluh-mou", {f"mou-{i}": [HUB, p] for i, p in enumerate(PARTNERS)}),
    }
    for name, record in records.items():
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    rows = run_question(build_graph([tmp_path]), "most-connected", {"top": "30"}).rows
    by_name = {row["region_name"]: row for row in rows}
    assert rows[0]["region_name"] == HUB
    assert by_name[HUB]["strength"] == 10 and by_name[HUB]["partners"] == 10
    for city in CITIES:  # nine partners each, but the one document adds 1, as one bilateral MoU does
        assert by_name[city]["partners"] == 9 and by_name[city]["strength"] == 1
    for partner in PARTNERS:
        assert by_name[partner]["strength"] == 1
    assert len(rows) == 21
