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
