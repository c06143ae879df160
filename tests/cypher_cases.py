"""Shared by the SPARQL-versus-Cypher equivalence tests (embedded database and live Neo4j).

Two answers are the same when they hold the same rows (as a multiset: SPARQL leaves the order
of rows that tie on every ORDER BY key open) and the ORDER BY keys of the SPARQL text come in
the same sequence.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from kg.questions import Answer, Question

# Every SPARQL question with the parameters of tests/test_questions.py, plus the cases where an
# optional parameter is missing (the Cypher text then gets null) and a few edge cases.
SEED_CASES: list[tuple[str, dict[str, str]]] = [
    ("delegations-visiting", {"region": "Pontianak"}),
    ("delegations-visiting", {"region": "Tangsel"}),
    ("delegations-visiting", {"region": "Kota Blitar"}),
    ("visits-by", {"region": "Kotim"}),
    ("visits-by", {"region": "Soppeng"}),
    ("sector-ties", {"sector": "batik"}),
    ("sector-ties", {"sector": "kerajinan"}),
    ("sector-ties", {"sector": "lidah-buaya"}),
    ("sector-ties", {"sector": "ekonomi"}),
    ("agreements-of", {"region": "Kota Blitar"}),
    ("agreements-of", {"region": "Bangkalan"}),
    ("agreements-expiring", {"before": "2031-01-01"}),
    ("agreements-expiring", {"before": "2030-05-05"}),
    ("agreements-expiring", {}),
    ("mou-without-pks", {}),
    ("officials-of", {"region": "Tangsel"}),
    ("officials-of", {"region": "Kota Batu", "date": "2025-06-01"}),
    ("officials-of", {"region": "Kota Batu"}),
    ("partners-of", {"region": "Kota Blitar"}),
    ("partners-of", {"region": "Tangsel"}),
    ("partners-of", {"region": "Kotim"}),
    ("timeline", {"from": "2025-05-01", "to": "2025-12-31"}),
    ("timeline", {}),
    ("timeline", {"region": "Kota Batu"}),
    ("timeline", {"region": "Kota Blitar", "from": "2025-01-01"}),
    ("timeline", {"to": "2025-06-01"}),
    ("programs", {"owner": "Bangkalan"}),
    ("programs", {"sector": "pekerja-migran"}),
    ("programs", {"sector": "umkm"}),
    ("programs", {"sector": "ekonomi", "owner": "Tangsel"}),
    ("programs", {}),
    ("products", {"region": "Bangkalan"}),
    ("products", {"sector": "perikanan"}),
    ("products", {"sector": "kerajinan", "region": "Pangkep"}),
    ("products", {}),
    ("sources-of", {"entity": "Irawati"}),
    ("sources-of", {"entity": "Kota Blitar"}),
    ("sources-of", {"entity": "irawati"}),
    ("sources-of", {"entity": "no such thing"}),
    ("sources-of", {"entity": 'x" } UNION { ?s ?p ?o }'}),
    ("sources-of", {"entity": "<https://w3id.org/jejaring/id/person/irawati>"}),
    ("sources-of", {"entity": "https://w3id.org/jejaring/id/person/irawati"}),
    ("sources-of", {"entity": "Tangsel Terima Kunjungan Dekranasda Soppeng dan Pangkep"}),  # an article's name
    ("sources-of", {"entity": "https://w3id.org/jejaring/id/source/suarakalbar-2025-04-23-kotim-pontianak"}),
    ("learning-network", {}),
    ("learning-network", {"sector": "lidah-buaya"}),
    ("learning-network", {"sector": "ekonomi"}),
    ("region-ties", {}),
    ("region-ties", {"status": "all"}),
    ("region-ties", {"status": "planned"}),
    ("delegations", {}),
    ("delegations", {"host": "Kota Makassar"}),
    ("delegations", {"origin": "Bangli", "status": "cancelled"}),
    ("delegations", {"host": "Jawa Tengah"}),
    ("agreements", {}),
    ("agreements", {"region": "Aceh", "kind": "CooperationAgreement"}),
    ("agreements", {"status": "planned"}),
    ("people", {}),
    ("people", {"body": "DPRD Kota Makassar"}),
    ("people", {"region": "Jawa Tengah", "who": "Ahmad Luthfi"}),
    ("stalled-cooperation", {}),
    ("stalled-cooperation", {"before": "2021-01-01"}),
    ("follow-ups", {}),
    ("follow-ups", {"region": "Kota Blitar"}),
    ("timeline", {"status": "planned"}),
    ("timeline", {"body": "DPRD Kabupaten Bangli"}),
    ("region-sectors", {}),
    ("region-sectors", {"region": "Kota Blitar"}),
]


def order_columns(question: Question) -> list[str]:
    """Return the result columns the SPARQL ORDER BY sorts on (``?sort_date`` is the date)."""
    assert question.sparql is not None
    match = re.search(r"^ORDER BY (.+)$", question.sparql, re.M)
    if match is None:
        return []
    names = [{"sort_date": "date"}.get(v, v) for v in re.findall(r"\?(\w+)", match.group(1))]
    missing = [n for n in names if n not in question.columns]
    assert not missing, f"{question.name}: ORDER BY keys {missing} are not result columns"
    return names


def _row(answer: Answer, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(tuple(v) if isinstance(v, list) else v for v in (row[c] for c in answer.columns))


def assert_same_answer(sparql: Answer, cypher: Answer) -> None:
    """Assert that two answers to one question hold the same rows in the same ORDER BY order."""
    name = sparql.question.name
    assert cypher.columns == sparql.columns, name
    ours, theirs = Counter(_row(sparql, r) for r in sparql.rows), Counter(_row(cypher, r) for r in cypher.rows)
    if ours != theirs:
        only_sparql = list((ours - theirs).elements())[:3]
        only_cypher = list((theirs - ours).elements())[:3]
        raise AssertionError(f"{name}: {len(sparql.rows)} SPARQL rows, {len(cypher.rows)} Cypher rows; "
                             f"only in SPARQL: {only_sparql}; only in Cypher: {only_cypher}")
    keys = order_columns(sparql.question)
    want = [tuple(r[k] for k in keys) for r in sparql.rows]
    got = [tuple(r[k] for k in keys) for r in cypher.rows]
    first = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), None)
    assert first is None, f"{name}: order differs at row {first} on {keys}: SPARQL {want[first]}, Cypher {got[first]}"
