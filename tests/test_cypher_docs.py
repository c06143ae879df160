"""Every Cypher example of docs/cypher.md says the truth about the engine it is marked for.

Each ``###`` section of "Dialect differences" is one question asked in several forms, each a
```cypher block whose first line says where it runs: ``// both``, ``// LadybugDB`` or
``// Neo4j 5``. On the embedded database of the seed graph, every block marked LadybugDB or both
runs and all of them give the same, non-empty rows; a block marked only Neo4j 5 fails there or
gives other rows (that is why the section exists). Every block marked Neo4j 5 or both passes
Neo4j's own front end (tools/cypher-lint) without errors.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kg.embedded import EmbeddedDatabase
from kg.errors import QueryError
from kg.mapping import property_graph_mapping

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "cypher.md"
LINT = REPO / "tools" / "cypher-lint"
ENGINES = {"// both": {"ladybug", "neo4j"}, "// LadybugDB": {"ladybug"}, "// Neo4j 5": {"neo4j"}}


@dataclass(frozen=True)
class Example:
    section: str
    engines: frozenset[str]
    text: str


def _examples() -> list[Example]:
    text = DOC.read_text(encoding="utf-8")
    dialect = text.split("## Dialect differences", 1)[1].split("\n## ", 1)[0]
    examples = []
    for part in re.split(r"^### ", dialect, flags=re.M)[1:]:
        title = part.splitlines()[0].strip()
        for block in re.findall(r"^```cypher\n(.*?)^```", part, flags=re.M | re.S):
            tag, _, body = block.partition("\n")
            assert tag in ENGINES, f"{title}: a cypher block must start with one of {list(ENGINES)}, not {tag!r}"
            examples.append(Example(title, frozenset(ENGINES[tag]), body.strip()))
    return examples


EXAMPLES = _examples()
SECTIONS = sorted({e.section for e in EXAMPLES})


@pytest.fixture(scope="module")
def database(seed_build_dir: Path) -> Any:
    """The seed build's embedded database (the seed graph, as write_embedded wrote it), opened read-only."""
    with EmbeddedDatabase(seed_build_dir / "jejaring.lbug") as opened:
        yield opened


def test_the_doc_has_examples_for_every_topic_of_the_brief() -> None:
    assert len(SECTIONS) >= 20
    for topic in ("Shortest paths", "CALL db.*", "List comprehensions", "Pattern comprehensions", "EXISTS",
                  "One label or another", "Substrings", "Dates", "Date arithmetic"):
        assert any(topic in s for s in SECTIONS), topic


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_gives_a_form_for_each_engine(section: str) -> None:
    engines = set().union(*(e.engines for e in EXAMPLES if e.section == section))
    assert engines == {"ladybug", "neo4j"}, section


@pytest.mark.parametrize("section", SECTIONS)
def test_embedded_forms_agree_and_neo4j_forms_do_not_run_there(database: EmbeddedDatabase, section: str) -> None:
    answers = []
    for example in (e for e in EXAMPLES if e.section == section and "ladybug" in e.engines):
        columns, rows = database.run(example.text)
        assert rows, f"{section}: no rows from\n{example.text}"
        answers.append((example.text, rows))
    assert answers, f"{section}: nothing runs on the embedded database"
    expected = answers[0][1]
    for text, rows in answers[1:]:
        assert rows == expected, f"{section}: {rows} from\n{text}\nbut {expected} from\n{answers[0][0]}"
    for example in (e for e in EXAMPLES if e.section == section and e.engines == {"neo4j"}):
        try:
            _, rows = database.run(example.text)
        except QueryError:
            continue
        assert rows != expected, f"{section}: marked Neo4j 5 only, yet gives the same rows here:\n{example.text}"


@pytest.mark.slow  # node over every Neo4j form of the doc; test_cypher_lint's control keeps lint.mjs in the fast subset
@pytest.mark.skipif(shutil.which("node") is None or not (LINT / "node_modules").is_dir(),
                    reason="needs node and `npm ci --prefix tools/cypher-lint` (scripts/test.sh does both)")
def test_neo4j_forms_pass_neo4j_front_end() -> None:
    mapping = property_graph_mapping()
    schema = {"labels": list(mapping.nodes), "relationshipTypes": list(mapping.relationships),
              "propertyKeys": mapping.property_keys()}
    neo4j = [e for e in EXAMPLES if "neo4j" in e.engines]
    queries = [{"name": f"{i}: {e.section}", "text": e.text} for i, e in enumerate(neo4j)]
    done = subprocess.run(["node", str(LINT / "lint.mjs")], input=json.dumps({"schema": schema, "queries": queries}),
                          capture_output=True, text=True, check=True, timeout=300)
    results = json.loads(done.stdout)
    assert len(results) == len(queries)
    errors = [f"{r['name']}: {d['message']}" for r in results for d in r["diagnostics"] if d["severity"] == "error"]
    assert not errors, "\n".join(errors)


@pytest.mark.slow  # the control of the test above, runs with it (test_cypher_lint's control is the fast one)
def test_the_linter_rejects_the_embedded_only_dialect() -> None:
    """A control for the test above: LadybugDB-only forms are not Neo4j Cypher by mistake."""
    if shutil.which("node") is None or not (LINT / "node_modules").is_dir():
        pytest.skip("needs node and tools/cypher-lint/node_modules")
    only = [e for e in EXAMPLES if e.engines == {"ladybug"} and any(
        word in e.text for word in ("SHORTEST", "list_", "date_part", "date_trunc", "CAST(", "label(", "show_tables"))]
    assert len(only) >= 8
    queries = [{"name": str(i), "text": e.text} for i, e in enumerate(only)]
    done = subprocess.run(["node", str(LINT / "lint.mjs")],
                          input=json.dumps({"schema": {"labels": [], "relationshipTypes": [], "propertyKeys": []},
                                            "queries": queries}),
                          capture_output=True, text=True, check=True, timeout=300)
    flagged = [r for r in json.loads(done.stdout) if any(d["severity"] == "error" for d in r["diagnostics"])]
    assert len(flagged) == len(queries), [q["text"] for q, r in zip(queries, json.loads(done.stdout))
                                          if not any(d["severity"] == "error" for d in r["diagnostics"])]
