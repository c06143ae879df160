"""Test data for the map tests: the XSS payload corpus and a record that carries it."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


def xss_payloads() -> list[str]:
    """Return the payloads, one a line (split on ``\\n`` only: some contain U+2028)."""
    text = (DATA / "xss_payloads.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


def write_xss_record(folder: Path) -> Path:
    """Write a valid record whose names, titles and descriptions are the payloads.

    Per payload: a meeting in Kota Pontianak (name, venue, purpose) and a person taking part
    (name, described_as). Plus an organization, a program and a product named by payloads and
    a headline that joins them all.
    """
    payloads = xss_payloads()
    record: dict[str, object] = {
        "source": {"id": "xss-test-source", "file": "xss.txt", "headline": " | ".join(payloads),
                   "publisher": payloads[0], "byline": payloads[1]},
        "organizations": {
            "pemkot": {"kind": "local-government", "region": "Kota Pontianak"},
            "komunitas": {"kind": "community", "name": payloads[2], "region": "Kota Pontianak",
                          "description": payloads[3]},
        },
        "people": {f"p{i}": {"name": p, "key": f"xss-person-{i}", "described_as": p} for i, p in enumerate(payloads)},
        "events": {
            f"e{i}": {"kind": "meeting", "name": p, "venue": p, "purpose": p, "location": "Kota Pontianak",
                      "host": "pemkot", "participants": [f"p{i}"],
                      "date": {"text": f"{i + 1} Mei 2025", "value": f"2025-05-{i + 1:02d}"}}
            for i, p in enumerate(payloads)
        },
        "programs": {"prog": {"name": payloads[4], "owner": "komunitas", "description": payloads[5],
                              "implemented_in": ["Kota Pontianak"]}},
        "products": {"prod": {"name": payloads[6], "regions": ["Kota Pontianak"], "description": payloads[7]}},
    }
    path = folder / "xss_record.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
