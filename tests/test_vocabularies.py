from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.curating_docs import DOC_PATH, render
from kg.ontology import vocabulary

REPO = Path(__file__).resolve().parents[1]


def test_curating_docs_field_reference_is_current() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    assert text == render(text), "docs/curating.md is stale: run python -m kg.curating_docs"


def test_curating_docs_name_every_field_of_the_format() -> None:
    from kg.loaders.record_schema import field_names

    text = DOC_PATH.read_text(encoding="utf-8")
    missing = [name for name in field_names() if f"`{name}`" not in text]
    assert missing == []


@pytest.mark.parametrize(("family", "written", "expected"), [
    ("role", "wabup", "wakil-bupati"),
    ("role", "Sekda", "sekretaris-daerah"),
    ("role", "Asisten I", "asisten-pemerintahan"),
    ("role", "Kepala Staf Presiden", "kepala-staf-presiden"),
    ("sector", "wisata", "pariwisata"),
    ("sector", "ekraf", "industri-kreatif"),
    ("sector", "Tourism", "pariwisata"),
    ("sector", "dukcapil", "kependudukan"),
    ("event kind", "studi banding", "benchmarking-visit"),
    ("event kind", "kunjungan balasan", "return-visit"),
    ("event kind", "Audiensi", "audience"),
    ("organization kind", "Perumda", "regional-enterprise"),
    ("organization kind", "TP-PKK", "pkk"),
    ("agreement kind", "kesepakatan bersama", "joint-agreement"),
    ("agreement kind", "adendum", "amendment"),
    ("agreement status", "menunggu tanda tangan", "awaiting-signature"),
])
def test_terms_match_by_id_or_label(family: str, written: str, expected: str) -> None:
    vocab = vocabulary()
    match = vocab.match(family, written)
    assert match.iri is not None and vocab.id_of(family, match.iri) == expected


def test_no_label_names_two_terms_of_one_vocabulary() -> None:
    for family, index in vocabulary().labels.items():
        assert {w: sorted(i) for w, i in index.items() if len(i) > 1} == {}, family


def test_sectors_cover_the_government_affairs_of_uu_23_2014() -> None:
    affairs = ["pendidikan", "kesehatan", "pekerjaan-umum", "perumahan", "trantibum", "sosial", "ketenagakerjaan",
               "pemberdayaan-perempuan", "pangan", "pertanahan", "lingkungan", "kependudukan", "pemberdayaan-masyarakat",
               "pengendalian-penduduk", "perhubungan", "kominfo", "koperasi", "investasi", "kepemudaan-olahraga",
               "statistik", "persandian", "kebudayaan", "perpustakaan", "kearsipan", "perikanan", "pariwisata",
               "pertanian", "kehutanan", "energi-sumber-daya-mineral", "perdagangan", "industri", "transmigrasi"]
    sectors = vocabulary().sectors
    assert [a for a in affairs if a not in sectors] == []
    broader = vocabulary().broader
    assert broader[sectors["batik"]] == sectors["kerajinan"]
    assert broader[sectors["kerajinan"]] == sectors["industri-kreatif"]
    assert broader[sectors["sampah"]] == sectors["lingkungan"]


@pytest.mark.parametrize("name", ["roles", "sectors", "organization-kinds", "event-kinds", "agreement-kinds", "statuses"])
def test_kg_vocab_lists_each_vocabulary(name: str) -> None:
    result = CliRunner().invoke(cli, ["vocab", name, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) >= 5
    assert all(row["id"] and row["label_id"] for row in rows)


def test_kg_vocab_search_and_bad_name() -> None:
    result = CliRunner().invoke(cli, ["vocab", "roles", "--search", "wabup", "--format", "csv"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("wakil-bupati,")
    assert CliRunner().invoke(cli, ["vocab", "colours"]).exit_code == 2


def test_a_record_and_the_project_file_can_add_terms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.loaders.records as records
    from kg.errors import RecordError

    project = tmp_path / "vocabulary.yaml"
    project.write_text("sectors:\n  - {id: kampung-tematik, broader: pariwisata, label: Kampung tematik}\n",
                       encoding="utf-8")
    monkeypatch.setattr(records, "project_vocabulary_path", lambda: project)
    records._project_terms.cache_clear()
    try:
        record = tmp_path / "r.yaml"
        base = ("source: {id: s, file: s.txt}\n"
                "organizations:\n  pemda: {kind: local-government, region: Kota Malang}\n"
                "programs:\n  p: {name: Kampung Warna-warni, owner: pemda, topics: [kampung-tematik, damkar-desa]}\n")
        record.write_text(base, encoding="utf-8")
        with pytest.raises(RecordError, match="unknown sector 'damkar-desa'"):
            records.read_record(record)
        record.write_text(base + "vocabulary:\n  sectors:\n"
                                 "    - {id: damkar-desa, broader: pemadam kebakaran, label: Damkar desa}\n",
                          encoding="utf-8")
        loaded = records.read_record(record)
        assert str(loaded.terms[("programs", "p", "topics", 1)]).endswith("/sector/damkar-desa")
        assert str(loaded.terms[("programs", "p", "topics", 0)]).endswith("/sector/kampung-tematik")
    finally:
        records._project_terms.cache_clear()


def test_every_yaml_example_in_the_curating_docs_parses() -> None:
    import re
    import textwrap

    import yaml

    blocks = re.findall(r"```yaml\n(.*?)```", DOC_PATH.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 10
    for block in blocks:
        assert yaml.safe_load(textwrap.dedent(block)) is not None, block
