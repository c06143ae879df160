from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import RecordError
from kg.loaders.records import read_record, read_records

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = {
    line.split(":", 1)[0]: line
    for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()
}


def test_every_bad_file_has_an_expectation() -> None:
    files = sorted(str(p.relative_to(BAD.parents[2])) for p in BAD.glob("*.yaml"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 10


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=lambda n: Path(n).stem)
def test_bad_record_gives_exact_error(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD.parents[2])
    with pytest.raises(RecordError) as info:
        read_record(Path(name))
    assert str(info.value) == EXPECTED[name]


def test_all_problems_of_a_folder_are_reported_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BAD.parents[2])
    with pytest.raises(RecordError) as info:
        read_records([Path("tests/data/bad")])
    assert len(info.value.problems) == len(EXPECTED)


def test_seed_records_are_valid() -> None:
    records = read_records([Path(__file__).parents[1] / "data" / "records"])
    seeds = [r for r in records if r.path.name[:3] in ("000", "001", "002", "003", "004")]
    assert len(seeds) == 5
    assert len({r.record.source.id for r in records}) == len(records)


def test_duplicate_source_id_is_refused(tmp_path: Path) -> None:
    seed = Path(__file__).parents[1] / "data" / "records" / "002_kotim_studi_tiru_pontianak.yaml"
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RecordError, match="already used by"):
        read_records([tmp_path])


def _minimal(source_id: str, person: str, region: str, extra: str = "", key: str | None = None) -> str:
    key_line = f"    key: {key}\n" if key else ""
    return (f"source:\n  id: {source_id}\n  file: {source_id}.txt\n"
            f"organizations:\n  pemda:\n    kind: local-government\n    region: {region}\n"
            f"people:\n  p:\n    name: {person}\n{key_line}    posts:\n      - {{role: sekda, organization: pemda}}\n"
            f"{extra}")


def test_references_to_another_records_agreement_are_checked(tmp_path: Path) -> None:
    base = ("agreements:\n  pks:\n    kind: pks\n    status: signed\n    name: PKS\n"
            "    parties: [pemda, other]\n")
    first = _minimal("first-source", "Ahmad", "Kota Pontianak",
                     "  \n".join([""]) + base.replace("parties: [pemda, other]", "parties: [pemda]"))
    (tmp_path / "a.yaml").write_text(first, encoding="utf-8")
    ok = _minimal("second-source", "Budi", "Kota Pontianak",
                  "agreements:\n  perubahan:\n    kind: adendum\n    status: signed\n    name: Perubahan pertama\n"
                  "    parties: [pemda]\n    amends: first-source/pks\n    amendment_number: 1\n")
    (tmp_path / "b.yaml").write_text(ok, encoding="utf-8")
    assert len(read_records([tmp_path])) == 2
    (tmp_path / "b.yaml").write_text(ok.replace("first-source/pks", "first-source/mou"), encoding="utf-8")
    with pytest.raises(RecordError) as info:
        read_records([tmp_path])
    assert str(info.value) == f"{tmp_path / 'b.yaml'}:19: unknown agreement 'first-source/mou' in another record"


def test_same_name_in_two_regions_and_a_key_on_one_only_are_warned(tmp_path: Path) -> None:
    from kg.loaders.identity import identity_warnings

    (tmp_path / "a.yaml").write_text(_minimal("a-source", "Ahmad Yani", "Kota Pontianak"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_minimal("b-source", "Ahmad Yani", "Kota Malang"), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(_minimal("c-source", "Ahmad Yani", "Kota Blitar", key="ahmad-yani-blitar"),
                                     encoding="utf-8")
    warnings = [str(w) for w in identity_warnings(read_records([tmp_path]))]
    assert len(warnings) == 2
    assert "one person across" in warnings[0] and "Kota Malang" in warnings[0] and "Kota Pontianak" in warnings[0]
    assert "key ahmad-yani-blitar" in warnings[1]
    assert all(w.startswith(f"{tmp_path / 'a.yaml'}:9: warning: 'Ahmad Yani'") for w in warnings)


def test_short_forms_mean_the_long_forms() -> None:
    from kg.loaders.record_schema import AgreementSpec, DateSpec, EventSpec

    assert DateSpec.model_validate("2025-05").precision == "month"
    assert DateSpec.model_validate(2009).value.isoformat() == "2009-01-01"
    event = EventSpec.model_validate({"kind": "visit", "name": "x", "received_by": ["a", {"who": "b", "on_behalf_of": "c"}],
                                      "duration": "3 hari"})
    assert [r.who for r in event.received_by] == ["a", "b"] and event.duration == "P3D"
    agreement = AgreementSpec.model_validate({"kind": "mou", "status": "signed", "name": "x",
                                              "parties": ["a", {"party": "b", "signatory": "p", "signed": False}]})
    assert agreement.parties[1].signatory is not None and agreement.parties[1].signatory.who == "p"
