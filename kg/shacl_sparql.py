"""SHACL-SPARQL constraints evaluated by Oxigraph: one query per constraint for all focus nodes.

pySHACL evaluates a ``sh:sparql`` constraint once per focus node and re-parses its text with
rdflib's pure-Python parser each time (75 of 90 s of a profiled ``kg validate data/records``).
Here each SELECT constraint of a node shape runs once on the Oxigraph store with ``$this``
unbound; the solutions are then kept for the shape's focus nodes only. That equals SHACL's
pre-binding of ``$this`` when ``$this`` occurs only in the query's triple patterns and is
selected, which :func:`sparql_constraints` checks for every constraint it takes over (the
others stay with pySHACL). A result is formed as pySHACL forms it: focus node ``$this``, value
``?value`` (else the focus node), path ``?path``, the shape's severity, and the message with
every ``{?var}`` / ``{$var}`` replaced by the lexical form of the variable's value.

:func:`core_shapes` is the shapes graph without those constraints, for pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.dataset import KnowledgeGraph
from kg.errors import OntologyError

__all__ = ["SparqlConstraint", "SparqlResult", "sparql_constraints", "core_shapes", "evaluate"]

_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` SELECT constraint of a node shape, with what it needs to run alone."""

    shape: str
    node: BNode | URIRef
    severity: str
    messages: tuple[str, ...]
    query: str
    targets: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SparqlResult:
    """One validation result of a SPARQL constraint, as pySHACL would report it."""

    focus: ox.NamedNode | ox.BlankNode
    path: str | None
    value: str | None
    severity: str
    message: str


def _prefix_lines(shapes: Graph, constraint: BNode | URIRef) -> str:
    lines = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines)


def _native(shapes: Graph, shape: URIRef | BNode, constraint: BNode | URIRef) -> bool:
    """True when the constraint can run once for all focus nodes with the same results."""
    select = shapes.value(constraint, SH.select)
    if select is None or (shape, SH.path, None) in shapes:
        return False
    if shapes.value(constraint, SH.deactivated) == Literal(True) or shapes.value(shape, SH.deactivated) == Literal(True):
        return False
    text = str(select)
    where = text.upper().find("WHERE")
    return where > 0 and "$this" in text[:where] and "$PATH" not in text and _this_only_in_top_patterns(text[where:])


def _this_only_in_top_patterns(where: str) -> bool:
    """True when ``$this`` is bound by the top-level group and occurs nowhere but in triple patterns.

    An ``OPTIONAL`` group of the top level may use it too (its left join keeps the binding).
    Inside ``FILTER``, ``BIND``, ``UNION``, ``MINUS`` or a sub-query an unbound ``$this`` means
    something other than a pre-bound one; such constraints stay with pySHACL.
    """
    groups: list[bool] = []  # per open brace: is it an OPTIONAL group?
    parens = 0
    quote = ""
    at_top = False
    for index, char in enumerate(where):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            groups.append(where[:index].rstrip().upper().endswith("OPTIONAL"))
        elif char == "}" and groups:
            groups.pop()
        elif char in "()":
            parens += 1 if char == "(" else -1
        elif where.startswith("$this", index):
            if parens != 0 or not groups or not all(groups[1:]):
                return False
            at_top = at_top or len(groups) == 1
    return at_top


def _constraints(shapes: Graph) -> Iterator[tuple[URIRef | BNode, BNode | URIRef]]:
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if isinstance(shape, (URIRef, BNode)) and isinstance(constraint, (URIRef, BNode)):
            yield shape, constraint


def sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """Return the SPARQL constraints of ``shapes`` that run natively, in a stable order."""
    found = []
    for shape, constraint in _constraints(shapes):
        if not _native(shapes, shape, constraint):
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        messages = tuple(sorted({str(m) for m in shapes.objects(constraint, SH.message)}
                                | {str(m) for m in shapes.objects(shape, SH.message)}))
        targets = tuple(sorted((str(kind), str(target)) for kind in _TARGETS for target in shapes.objects(shape, kind)))
        query = f"{_prefix_lines(shapes, constraint)}\n{shapes.value(constraint, SH.select)}"
        found.append(SparqlConstraint(shape=str(shape), node=constraint, severity=str(severity),
                                      messages=messages, query=query, targets=targets))
    return sorted(found, key=lambda c: (c.shape, c.query))


def core_shapes(shapes: Graph) -> Graph:
    """Return a copy of ``shapes`` without the constraints :func:`sparql_constraints` takes over."""
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    native = {(shape, constraint) for shape, constraint in _constraints(shapes) if _native(shapes, shape, constraint)}
    for triple in shapes:
        if triple[1] == SH.sparql and (triple[0], triple[2]) in native:
            continue
        core.add(triple)
    return core


_FOCUS_QUERIES = {
    str(SH.targetClass): f"SELECT DISTINCT ?focus ?target WHERE {{ ?focus <{RDF.type}>/<{RDFS.subClassOf}>* ?target }}",
    str(SH.targetSubjectsOf): "SELECT DISTINCT ?focus ?target WHERE { ?focus ?target ?any }",
    str(SH.targetObjectsOf): "SELECT DISTINCT ?focus ?target WHERE { ?any ?target ?focus }",
}


def _focus_nodes(constraint: SparqlConstraint, graph: KnowledgeGraph) -> set[ox.NamedNode | ox.BlankNode | ox.Literal]:
    nodes: set[ox.NamedNode | ox.BlankNode | ox.Literal] = set()
    for kind, target in constraint.targets:
        if kind == str(SH.targetNode):
            nodes.add(ox.NamedNode(target))
            continue
        for row in graph.select(_FOCUS_QUERIES[kind], target=URIRef(target)):
            focus = row["focus"]
            if isinstance(focus, (ox.NamedNode, ox.BlankNode, ox.Literal)):
                nodes.add(focus)
    return nodes


def _lexical(term: object) -> str:
    return str(getattr(term, "value", term))


def _message(template: str, row: ox.QuerySolution, variables: list[str]) -> str:
    for name in variables:
        term = row[name]
        if term is not None:
            template = template.replace("{?" + name + "}", _lexical(term)).replace("{$" + name + "}", _lexical(term))
    return template


def evaluate(constraint: SparqlConstraint, graph: KnowledgeGraph) -> list[SparqlResult]:
    """Run one constraint for all its focus nodes at once; return its results.

    Raises:
        OntologyError: The constraint's query does not parse or fails on the data.
    """
    focus_nodes = _focus_nodes(constraint, graph)
    if not focus_nodes:
        return []
    try:
        solutions = graph.store.query(constraint.query)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise OntologyError(f"ontology/shapes.ttl: the SPARQL constraint of {constraint.shape} fails: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise OntologyError(f"ontology/shapes.ttl: the SPARQL constraint of {constraint.shape} is not a SELECT query")
    variables = [variable.value for variable in solutions.variables]
    results: dict[tuple[str, str | None, str | None, str], SparqlResult] = {}
    for row in solutions:
        focus = row["this"]
        if focus not in focus_nodes or not isinstance(focus, (ox.NamedNode, ox.BlankNode)):
            continue
        path = row["path"] if "path" in variables else None
        value = row["value"] if "value" in variables else None
        for template in constraint.messages or ("constraint violated",):
            result = SparqlResult(
                focus=focus,
                path=path.value if isinstance(path, ox.NamedNode) else None,
                value=_lexical(value if value is not None else focus),
                severity=constraint.severity,
                message=_message(template, row, variables),
            )
            results.setdefault((str(focus), result.path, result.value, result.message), result)
    return list(results.values())
