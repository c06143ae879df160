"""Every Cypher text the project ships or generates passes Neo4j's own front end with zero errors.

One ``node tools/cypher-lint/lint.mjs`` run over all texts: the sync statements, constraints,
count queries, the cypher-shell script, and every catalog file ``queries/*.cypher`` (files
named ``*.ladybug.cypher`` hold the embedded engine's own dialect and are not Neo4j Cypher).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.dataset import KnowledgeGraph
from kg.mapping import property_graph_mapping
from kg.neo4j_export import script_text
from kg.projection import PropertyGraph, project
from kg.sync import count_statements, plan, snapshot

REPO = Path(__file__).resolve().parent.parent
LINT = REPO / "tools" / "cypher-lint"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (LINT / "node_modules").is_dir(),
    reason="needs node and `npm ci --prefix tools/cypher-lint` (scripts/test.sh does both)",
)


def _sample(graph: PropertyGraph) -> PropertyGraph:
    """A few nodes per label and one relationship per type: every statement shape and value type."""
    nodes, seen = [], {}
    for node in graph.nodes:
        if seen.get(node.label, 0) < 3:
            nodes.append(node)
            seen[node.label] = seen.get(node.label, 0) + 1
    rels = list({r.type: r for r in graph.relationships}.values())
    return PropertyGraph(nodes=nodes, relationships=rels, mapping=graph.mapping)


def _texts(seed_graph: KnowledgeGraph) -> dict[str, str]:
    projection = project(seed_graph)
    texts: dict[str, str] = {}
    for batch in plan(projection):
        texts.setdefault(f"{batch.kind}:{batch.target}:{len(texts)}", batch.cypher)
    texts = {name: text for text, name in {t: n for n, t in texts.items()}.items()}  # distinct texts
    texts.update({f"count:{name}": text for name, text in count_statements(projection.mapping).items()})
    texts["script"] = script_text(_sample(projection))
    texts["readme-example"] = "MATCH (r:Region) RETURN count(r) AS n"

    class _Recorder:
        def __init__(self) -> None:
            self.seen: list[str] = []

        def query(self, cypher: str, parameters: dict[str, object] | None = None) -> list[dict[str, object]]:
            self.seen.append(cypher)
            return []

    recorder = _Recorder()
    snapshot(recorder, projection.mapping)  # type: ignore[arg-type]
    texts.update({f"snapshot:{i}": text for i, text in enumerate(recorder.seen)})
    for path in sorted((REPO / "queries").glob("*.cypher")):
        if not path.name.endswith(".ladybug.cypher"):
            texts[f"queries/{path.name}"] = path.read_text(encoding="utf-8")
    return texts


# The texts in four parts, each linted by its own run (Neo4j's front end takes its time: under
# xdist the parts run side by side); every text belongs to exactly one part.
PARTS = {
    "sync-statements": ("constraint", "nodes", "relationships", "prune-relationships", "prune-nodes"),
    "counts-and-snapshot": ("count", "snapshot", "readme-example"),
    "script": ("script",),
    "catalog-files": ("queries",),
}


def _part(name: str) -> str:
    family = name.split(":")[0].split("/")[0]
    return next((part for part, families in PARTS.items() if family in families), f"no part for {name}")


@pytest.fixture(scope="module")
def texts(seed_graph: KnowledgeGraph) -> dict[str, str]:
    return _texts(seed_graph)


def test_every_text_belongs_to_one_part(texts: dict[str, str]) -> None:
    assert {_part(name) for name in texts} == set(PARTS)


@pytest.mark.slow  # Neo4j's front end over some 500 texts: minutes on two cores (the control below stays fast)
@pytest.mark.parametrize("part", PARTS)
def test_all_cypher_texts_lint_clean(texts: dict[str, str], part: str) -> None:
    mapping = property_graph_mapping()
    schema = {"labels": list(mapping.nodes), "relationshipTypes": list(mapping.relationships),
              "propertyKeys": mapping.property_keys()}
    queries = [{"name": name, "text": text} for name, text in texts.items() if _part(name) == part]
    done = subprocess.run(["node", str(LINT / "lint.mjs")], input=json.dumps({"schema": schema, "queries": queries}),
                          capture_output=True, text=True, check=True, timeout=300)
    results = json.loads(done.stdout)
    assert len(results) == len(queries)
    errors = [f"{r['name']}: {d['line']}:{d['column']} {d['message']}" for r in results for d in r["diagnostics"]
              if d["severity"] == "error"]
    assert not errors, "\n".join(errors)
    warnings = [f"{r['name']}: {d['message']}" for r in results for d in r["diagnostics"]
                if not r["name"].startswith("queries/")]
    assert not warnings, "\n".join(warnings)  # our generated statements are warning-free too


def test_the_linter_does_catch_errors() -> None:
    """A control: without it, a linter that never reports anything would pass the test above."""
    queries = [
        {"name": "typo", "text": "MATCH (r:Region) RETRUN r"},
        {"name": "kuzu-only", "text": "MATCH p = (a:Region)-[* SHORTEST 1..6]-(b:Region) RETURN p"},
        {"name": "unknown-function", "text": "MATCH (r:Region) RETURN coalesc(r.name, 'x')"},
        {"name": "fine", "text": "MATCH (r:Region) RETURN count(r) AS n"},
    ]
    schema = {"labels": ["Region"], "relationshipTypes": [], "propertyKeys": ["name"]}
    done = subprocess.run(["node", str(LINT / "lint.mjs")], input=json.dumps({"schema": schema, "queries": queries}),
                          capture_output=True, text=True, check=True, timeout=300)
    errors = {r["name"]: [d for d in r["diagnostics"] if d["severity"] == "error"] for r in json.loads(done.stdout)}
    assert errors["typo"] and errors["kuzu-only"] and errors["unknown-function"]
    assert errors["fine"] == []
