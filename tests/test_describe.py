"""kg describe: an entity's page from the corpus build — resolution, relations both ways,
hubs and reified statements as qualifiers, status, sources with URLs, both engines alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from kg.build import Build
from kg.cli import cli
from kg.describe import (CONCEPT_VALUED, AmbiguousThing, UnknownThing, describe, fact_set, resolve_thing,
                         to_dict)
from kg.vocab import ID, SOURCE

RECORDS = Path(__file__).resolve().parents[1] / "data" / "records"
KOTIM_EVENT = str(ID["event/suarakalbar-2025-04-23-kotim-pontianak/studi-tiru"])
KOTIM_SOURCE = str(SOURCE["suarakalbar-2025-04-23-kotim-pontianak"])
SISTER_CITY = str(ID["agreement/antara-bali-undated-buleleng-blitar-sister-city/sister-city-blitar-buleleng"])


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def record_urls() -> dict[str, str | None]:
    """The URL of every curated record's source, by source IRI, read from data/records."""
    urls: dict[str, str | None] = {}
    for path in sorted(RECORDS.glob("*.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))["source"]
        urls[str(SOURCE[source["id"]])] = source.get("url")
    return urls


def facts(page: dict[str, Any], relation: str, direction: str) -> list[dict[str, Any]]:
    return [f for g in page["statements"] if (g["relation"], g["direction"]) == (relation, direction) for f in g["facts"]]


def qualifiers(fact: dict[str, Any], relation: str, direction: str = "out") -> list[dict[str, Any]]:
    return [q for q in fact.get("qualifiers", []) if (q["relation"], q["direction"]) == (relation, direction)]


def all_sources(page: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(fact: dict[str, Any]) -> None:
        found.extend(fact["sources"])
        for q in fact.get("qualifiers", []):
            walk(q)
    for group in page["statements"]:
        for fact in group["facts"]:
            walk(fact)
    return found


@pytest.fixture(scope="module")
def pontianak(seed_build_dir: Path) -> dict[str, Any]:
    code, out, err = invoke("describe", "Kota Pontianak", "--format", "json", "--build-dir", str(seed_build_dir))
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_pontianak_lists_the_kotim_delegation_who_received_it_and_its_source(pontianak: dict[str, Any]) -> None:
    assert (pontianak["label"], pontianak["kind"], pontianak["identifiers"]) == (
        "Kota Pontianak", "City", {"kemendagriCode": "61.71"})
    hosted = [f for f in facts(pontianak, "hostRegion", "in") if f["target"]["iri"] == KOTIM_EVENT]
    assert len(hosted) == 1
    visit = hosted[0]
    assert visit["status"] == "held"
    [delegation] = qualifiers(visit, "delegation")
    assert [q["target"]["label"] for q in qualifiers(delegation, "fromRegion")] == ["Kabupaten Kotawaringin Timur"]
    assert [q["target"]["label"] for q in qualifiers(delegation, "leader")] == ["Irawati"]
    assert [q["value"] for q in qualifiers(delegation, "size")] == [56]
    assert [q["target"]["label"] for q in qualifiers(visit, "receivedBy")] == ["Bahasan"]
    [source] = visit["sources"]
    assert source["iri"] == KOTIM_SOURCE
    assert source["title"].startswith("Kotawaringin Timur Belajar ke Pontianak")
    assert source["publisher"] == "Suara Kalbar"
    assert source["url"] == record_urls()[KOTIM_SOURCE]  # the seed record has none: null, not made up


def test_every_source_on_a_page_carries_the_records_url(pontianak: dict[str, Any], seed_build: Build) -> None:
    urls = record_urls()
    pages = [pontianak] + [to_dict(describe(seed_build, thing)) for thing in ("Kota Blitar", "Kabupaten Buleleng")]
    seen = [s for page in pages for s in all_sources(page) if s["iri"] in urls]
    assert any(s["url"] for s in seen), "no page cites a record with a URL; the check would be empty"
    for source in seen:
        assert source["url"] == urls[source["iri"]], source["iri"]


def test_the_exploratory_agreement_shows_its_status_and_parties(pontianak: dict[str, Any]) -> None:
    [agreement] = facts(pontianak, "partyRegion", "in")
    assert agreement["status"] == "exploratory"
    assert agreement["status_label"] == "Penjajakan"  # --lang id is the default
    parties = sorted(q["target"]["label"] for q in qualifiers(agreement, "party"))
    assert parties == ["Pemerintah Kabupaten Kotawaringin Timur", "Pemerintah Kota Pontianak"]


def test_agreement_parties_carry_their_signing_state(seed_build: Build) -> None:
    page = to_dict(describe(seed_build, "Kabupaten Buleleng", lang="en"))
    [sister] = [f for f in facts(page, "partyRegion", "in") if f["target"]["iri"] == SISTER_CITY]
    assert sister["status"] == "awaiting-signature"
    parties = qualifiers(sister, "partyOf", "in")
    assert len(parties) == 2
    for party in parties:
        assert party["status"] is False and party["status_label"] == "not signed yet"
        assert len(qualifiers(party, "partyOrganization")) == 1


def test_an_acting_post_shows_its_qualifier(seed_build: Build) -> None:
    page = to_dict(describe(seed_build, "Iwan Setiawan", lang="en"))
    [post] = facts(page, "holder", "in")
    assert post["status"] == "plt"
    assert [q["target"]["label"] for q in qualifiers(post, "role")] == ["Bupati"]


def test_a_person_page_shows_the_delegation_they_led(seed_build: Build) -> None:
    page = to_dict(describe(seed_build, "irawati"))  # labels match case-insensitively
    [led] = facts(page, "leader", "in")
    assert led["target"]["kind"] == "Delegation"
    events = qualifiers(led, "delegation", "in")
    assert [e["target"]["iri"] for e in events] == [KOTIM_EVENT]


def test_a_source_page_lists_what_it_states(seed_build: Build) -> None:
    page = to_dict(describe(seed_build, f"source:{KOTIM_SOURCE.rsplit('/', 1)[-1]}"))
    assert page["kind"] == "NewsArticle"
    stated = {f["target"]["iri"] for f in facts(page, "wasDerivedFrom", "in")}
    assert KOTIM_EVENT in stated and len(stated) > 10


@pytest.mark.parametrize("thing", ["Kota Pontianak", "61.71", "region:61.71", "<https://w3id.org/jejaring/id/region/61.71>",
                                   "kota pontianak", "Kota Khatulistiwa", "Pemkot Pontianak"])
def test_names_codes_aliases_and_iris_resolve(seed_build: Build, thing: str) -> None:
    assert resolve_thing(seed_build, thing).iri == str(ID["region/61.71"])


def test_labels_of_other_entities_resolve(seed_build: Build) -> None:
    assert resolve_thing(seed_build, "Pemerintah Kota Pontianak").kind == "LocalGovernment"
    assert resolve_thing(seed_build, "Studi tiru Pemkab Kotawaringin").iri == KOTIM_EVENT  # a unique prefix
    assert resolve_thing(seed_build, "Kotim").iri == str(ID["region/62.02"])  # a gazetteer alias


def test_blitar_is_ambiguous_and_exits_2_with_candidates(seed_build_dir: Path, seed_build: Build) -> None:
    code, out, err = invoke("describe", "Blitar", "--build-dir", str(seed_build_dir))
    assert code == 2 and out == ""
    assert "Kota Blitar" in err and "35.72" in err and "Kabupaten Blitar" in err and "35.05" in err
    with pytest.raises(AmbiguousThing) as caught:
        resolve_thing(seed_build, "Blitar")
    assert {c.code for c in caught.value.candidates} == {"35.05", "35.72"}


def test_an_unknown_name_exits_1_with_suggestions(seed_build_dir: Path, seed_build: Build) -> None:
    code, _, err = invoke("describe", "Pontianakk", "--build-dir", str(seed_build_dir))
    assert code == 1 and "nothing in the graph is called 'Pontianakk'" in err and "Kota Pontianak" in err
    with pytest.raises(UnknownThing):
        resolve_thing(seed_build, str(ID["region/99.99"]))


def test_text_and_markdown_group_by_relation_with_numbered_sources(seed_build_dir: Path) -> None:
    code, text, _ = invoke("describe", "Kota Pontianak", "--lang", "en", "--build-dir", str(seed_build_dir))
    assert code == 0
    assert "← host region\n" in text and "received by: Bahasan (Person)" in text and "Suara Kalbar" in text
    code, md, _ = invoke("describe", "Kota Pontianak", "--format", "markdown", "--build-dir", str(seed_build_dir))
    assert code == 0
    assert md.startswith("# Kota Pontianak\n") and "## ← daerah tuan rumah\n" in md and "## Sumber" in md


@pytest.mark.parametrize("thing", [
    "Kota Pontianak", "Irawati", "Kota Blitar", "Kabupaten Buleleng", "Jawa Timur", "Iwan Setiawan",
    KOTIM_EVENT, SISTER_CITY, KOTIM_SOURCE, "Pemerintah Kota Pontianak",
])
def test_both_engines_state_the_same_facts(seed_build: Build, thing: str) -> None:
    sparql = describe(seed_build, thing)
    cypher = describe(seed_build, thing, engine="cypher")
    assert sparql.facts, thing
    assert fact_set(sparql) == fact_set(cypher)
    assert to_dict(sparql)["statements"] == to_dict(cypher)["statements"]


def test_where_the_property_graph_folds_attributes_the_engines_differ_as_documented(seed_build: Build) -> None:
    """Attribute sources are the node's in the property graph; one value of a single-valued property."""
    post = str(ID["post/ahmad-luthfi-jateng/gubernur/local-government/33"])
    sparql, cypher = describe(seed_build, post), describe(seed_build, post, engine="cypher")
    attested = {f.value: set(f.sources) for f in sparql.facts if f.relation == "attestedOn"}
    for fact in (f for f in cypher.facts if f.relation == "attestedOn"):
        assert attested[fact.value] < set(fact.sources)  # the node's sources: a superset
    relations = {(f.direction, f.relation, f.target.iri) for f in sparql.facts if f.target}
    assert relations == {(f.direction, f.relation, f.target.iri) for f in cypher.facts if f.target}


def test_concept_valued_relations_match_the_mapping() -> None:
    from kg.mapping import property_graph_mapping

    mapping = property_graph_mapping()
    valued = {str(p.predicate).rsplit("#", 1)[-1] for spec in mapping.nodes.values() for p in spec.properties
              if p.value_of is not None}
    assert valued == CONCEPT_VALUED


def test_describing_reads_only(seed_build_dir: Path, seed_build: Build) -> None:
    """Neither engine writes into the build (timings: benchmarks/bench_describe.py)."""
    before = {p: p.stat().st_mtime_ns for p in seed_build_dir.rglob("*") if p.is_file()}
    describe(seed_build, "Kota Pontianak")
    describe(seed_build, "Kota Blitar", engine="cypher")
    assert {p: p.stat().st_mtime_ns for p in seed_build_dir.rglob("*") if p.is_file()} == before


def test_a_place_page_shows_what_happens_there() -> None:
    """Places enter a graph only where records reference them (here: the validation graph, which emits them)."""
    from kg.loaders.records import read_records
    from kg.validation import graph_of

    graph = graph_of(read_records([RECORDS]))
    page = to_dict(describe(graph, "Kecamatan Bantargebang", lang="en"))
    assert (page["kind"], page["identifiers"]) == ("Kecamatan", {"kemendagriCode": "32.75.07"})
    assert [f["target"]["label"] for f in facts(page, "withinRegion", "out")] == ["Kota Bekasi"]
    [program] = facts(page, "atPlace", "in")
    assert program["status"] == "running" and program["sources"][0]["url"].startswith("https://")
