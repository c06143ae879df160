"""Analysts' questions about the 35 curated articles, answered by the catalog or ``kg describe``.

``tests/corpus_questions.yaml`` holds each question with its answer written by hand from the
article (``../shared/corpus/``), and the route that answers it: a catalog question with its
parameters (``ask`` / ``params``) and the rows that must be in the answer, or ``describe:
THING`` and the facts that must be on its page. Every entry runs on both engines: SPARQL on
the build's Oxigraph store and Cypher on its embedded database (``kg.describe`` with
``engine="cypher"`` for describe entries). No entry carries query text.

Matching: values are compared as text, case-folded with whitespace collapsed; a list column
matches as a set; ``rows`` must each be found in a different answer row; ``exact: true`` also
asks for the number of rows; ``count`` asks for the number of rows alone; ``absent`` rows must
not be found. The answers (about 240 checks, a minute and more on two cores) are marked slow;
the checks of the file itself are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.build import Build
from kg.questions import catalog

QUESTIONS_FILE = Path(__file__).resolve().parent / "corpus_questions.yaml"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
ENTRIES: list[dict[str, Any]] = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
ENGINES = ("sparql", "cypher")


def _text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).casefold()


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, list):
        if not isinstance(actual, tuple):  # a list column holds a tuple
            return False
        return {_text(v) for v in expected} == {_text(v) for v in actual}
    if expected is None:
        return actual is None or actual == () or actual == ""
    return actual is not None and _text(expected) == _text(actual)


def _matches(expected: dict[str, Any], row: dict[str, Any]) -> bool:
    return all(column in row and _same(value, row[column]) for column, value in expected.items())


def check_rows(entry: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """Assert that ``rows`` hold the entry's expected rows (and count, and no absent rows)."""
    label = f"{entry['id']} ({entry['ask']} {entry.get('params') or {}})"
    free = list(rows)
    for expected in entry.get("rows") or []:
        found = next((row for row in free if _matches(expected, row)), None)
        assert found is not None, f"{label}: no row matches {expected}; rows: {[{k: row.get(k) for k in expected} for row in rows][:8]}"
        free.remove(found)
    if entry.get("exact"):
        assert len(rows) == len(entry["rows"]), f"{label}: {len(rows)} rows, expected {len(entry['rows'])}"
    if "count" in entry:
        assert len(rows) == entry["count"], f"{label}: {len(rows)} rows, expected {entry['count']}"
    for unexpected in entry.get("absent") or []:
        assert not any(_matches(unexpected, row) for row in rows), f"{label}: a row matches {unexpected}"


def _flatten(facts: Any) -> Iterator[Any]:
    for fact in facts:
        yield fact
        yield from _flatten(fact.qualifiers)


def check_facts(entry: dict[str, Any], description: Any) -> None:
    """Assert that every expected fact is on the page (at any depth of qualifiers)."""
    facts = list(_flatten(description.facts))
    for expected in entry["facts"]:
        def fits(fact: Any) -> bool:
            if fact.relation != expected["relation"]:
                return False
            if "direction" in expected and fact.direction != expected["direction"]:
                return False
            if "target" in expected:
                return fact.target is not None and _text(fact.target.label or fact.target.iri) == _text(expected["target"])
            if "value" in expected:
                return fact.target is None and _same(expected["value"], fact.value)
            return True
        assert any(fits(f) for f in facts), f"{entry['id']} (describe {entry['describe']!r}): no fact {expected}"


# -- the file itself --------------------------------------------------------------------------

def test_the_file_has_enough_questions_over_enough_articles() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)), "ids repeat"
    assert len(ENTRIES) >= 90
    assert len({e["article"] for e in ENTRIES}) >= 30


def test_every_entry_names_a_route_and_an_answer() -> None:
    questions = catalog()
    for entry in ENTRIES:
        assert entry["question"] and entry["answer"] not in (None, ""), entry["id"]
        assert ("ask" in entry) != ("describe" in entry), f"{entry['id']}: either ask or describe"
        if "ask" in entry:
            assert entry["ask"] in questions, f"{entry['id']}: unknown question {entry['ask']}"
            assert entry.get("rows") or "count" in entry or entry.get("absent"), f"{entry['id']}: no expected rows"
            for row in (entry.get("rows") or []) + (entry.get("absent") or []):
                unknown = set(row) - set(questions[entry["ask"]].columns)
                assert not unknown, f"{entry['id']}: columns {unknown} are not columns of {entry['ask']}"
        else:
            assert entry["facts"], entry["id"]


def test_every_article_number_is_a_corpus_or_seed_article() -> None:
    numbers = {int(p.name[:2]) for p in CORPUS.glob("[0-9][0-9]_*.txt")} if CORPUS.is_dir() else set(range(1, 31))
    for entry in ENTRIES:
        article = entry["article"]
        assert article in numbers or str(article).startswith("seed"), f"{entry['id']}: article {article}"


# -- answers on both engines ------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_build(seed_build: Build) -> Build:
    """The build of every curated record (``data/records``: 5 seeds and 30 corpus articles)."""
    return seed_build


@pytest.fixture(scope="module")
def corpus_database(corpus_build: Build) -> Iterator[Any]:
    """The build's embedded database, opened once (questions do not re-check the build per call)."""
    from kg.embedded import EmbeddedDatabase

    with EmbeddedDatabase(corpus_build.embedded_path) as database:
        yield database


ASK = [e for e in ENTRIES if "ask" in e]
DESCRIBE = [e for e in ENTRIES if "describe" in e]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("entry", ASK, ids=[e["id"] for e in ASK])
def test_catalog_answers(corpus_build: Build, corpus_database: Any, entry: dict[str, Any], engine: str) -> None:
    from kg.cypher_questions import run_question_cypher
    from kg.questions import run_question

    params = {k: str(v) for k, v in (entry.get("params") or {}).items()}
    if engine == "sparql":
        answer = run_question(corpus_build, entry["ask"], params)
    else:
        answer = run_question_cypher(corpus_database, entry["ask"], params, graph=corpus_build)
    check_rows(entry, answer.rows)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("entry", DESCRIBE, ids=[e["id"] for e in DESCRIBE])
def test_describe_answers(corpus_build: Build, entry: dict[str, Any], engine: str) -> None:
    from kg.describe import describe

    check_facts(entry, describe(corpus_build, entry["describe"], engine=engine))  # type: ignore[arg-type]
