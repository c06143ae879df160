"""Describe one thing: everything the graph states about it, as a Wikidata-style item page.

``kg describe THING`` resolves a name, alias, code or IRI to one entity of the build, then
gathers the facts around it: its label, kind and identifiers (Kemendagri, BPS, ISO codes),
its attributes, and every relation **outgoing and incoming**, each with the sources (articles)
that state it. Where the other end of a relation is a *hub* — an event, delegation,
agreement, program, post, participation, agreement party, status change or amount — its own
facts come along as qualifiers, and those of the reified nodes behind it one level further,
so a region's page shows the delegations it received with who led and who received them,
and the agreements it is party to with their status and signatories.

Two engines give the same facts (:func:`fact_set`): ``sparql`` reads the persistent Oxigraph
store with a handful of queries and the entity bound as a substitution; ``cypher`` reads the
embedded property graph (LadybugDB), where every node and relationship carries ``sources``.
Two differences are inherent to the property graph and documented in ``docs/describe.md``:
an attribute's sources there are the sources of its node, and a single-valued property that
two sources state differently keeps one value.

>>> fact = Fact(relation="name", direction="out", value="Kota Pontianak", sources=("s",))
>>> fact.key()
('out', 'name', None, 'Kota Pontianak', ('s',))
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS

from kg.dataset import PREFIXES, KnowledgeGraph
from kg.errors import KGError, QueryError
from kg.vocab import JJ, ONTOLOGY, SOURCE

__all__ = ["to_dict", "relation_label", "Ref", "Fact", "SourceInfo", "Description", "Candidate", "AmbiguousThing", "UnknownThing",
           "describe", "resolve_thing", "fact_set", "HUB_FAMILIES", "REIFIED_FAMILIES", "CONCEPT_VALUED",
           "STATUS_RELATIONS", "IDENTIFIER_RELATIONS"]

Engine = Literal["sparql", "cypher"]
Language = Literal["id", "en"]

_JJ = str(JJ)
_FAMILY_ROOTS: dict[str, tuple[str, ...]] = {
    "Region": (str(JJ.Region),), "Person": (str(JJ.Person),), "Organization": (str(JJ.Organization),),
    "Post": (str(JJ.Post),), "Event": (str(JJ.Event),), "Delegation": (str(JJ.Delegation),),
    "Agreement": (str(JJ.Agreement),), "Program": (str(JJ.Program),), "Product": (str(JJ.Product),),
    "Source": (str(JJ.NewsArticle), str(JJ.Gazetteer)), "Place": (str(JJ.Place),),
    "Participation": (str(JJ.Participation),), "AgreementParty": (str(JJ.AgreementParty),),
    "StatusChange": (str(JJ.StatusChange),), "MonetaryAmount": (str(JJ.MonetaryAmount),),
    "Correction": (str(JJ.Correction),), "ParticipantGroup": (str(JJ.ParticipantGroup),),
    "Statistic": (str(JJ.Statistic),),
}
"""Node families (the property graph's labels) by their root classes, as in ``ontology/mapping.ttl``."""
_CONCEPT_FAMILIES = {str(JJ.SectorScheme): "Sector", str(JJ.RoleScheme): "Role"}

HUB_FAMILIES = frozenset({"Event", "Delegation", "Agreement", "Program", "Post", "Participation", "AgreementParty",
                          "StatusChange", "MonetaryAmount"})
"""Families whose facts come along as qualifiers when an entity is related to one of them."""
REIFIED_FAMILIES = frozenset({"Delegation", "Post", "Participation", "AgreementParty", "StatusChange",
                              "MonetaryAmount"})
"""Families that stand for a statement about others; followed one level beyond a hub."""
CONCEPT_VALUED = frozenset({"status", "eventStatus", "cooperationType", "acting", "toStatus"})
"""Object properties stored as their concept's ``skos:notation`` (``pg:valueOf`` in the mapping)."""
STATUS_RELATIONS = ("status", "eventStatus", "programStatus", "toStatus", "acting", "hasSigned")
"""Qualifiers shown as a fact's status: event/agreement/program status, acting post, signing state."""
IDENTIFIER_RELATIONS = ("kemendagriCode", "bpsCode", "iso3166Code", "url", "documentNumber")
"""Attributes shown as identifiers in the page header."""
_LABEL_PREDICATES = (str(JJ.name), str(RDFS.label), str(SDO.name), str(SKOS.prefLabel))
_SOURCE_FIELDS = {"headline": str(JJ.headline), "name": str(JJ.name), "publisher": str(JJ.publisherName),
                  "published": str(JJ.publishedOn), "url": str(JJ.url), "updated": str(JJ.updatedOn)}


# -- the model ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """Another entity a fact points to: its IRI, label (``jj:name``) and kind (most specific class)."""

    iri: str
    label: str | None
    kind: str | None


@dataclass(frozen=True)
class Fact:
    """One statement: a relation (ontology local name) in a direction, to an entity or a value.

    ``sources`` are the named graphs (articles) stating it; ``qualifiers`` are the facts of the
    hub the relation leads to (its date, status, delegations …), nested one level for reified
    nodes.
    """

    relation: str
    direction: Literal["out", "in"]
    target: Ref | None = None
    value: Any = None
    sources: tuple[str, ...] = ()
    qualifiers: tuple[Fact, ...] = ()

    def key(self) -> tuple[Any, ...]:
        """The identity of the fact without qualifiers: direction, relation, target IRI, value, sources."""
        return (self.direction, self.relation, self.target.iri if self.target else None, self.value, self.sources)

    @property
    def status(self) -> Any:
        """The first status-like qualifier (or own value for a status attribute), else ``None``."""
        for name in STATUS_RELATIONS:
            for q in self.qualifiers:
                if q.relation == name and q.target is None:
                    return q.value
        return None


@dataclass(frozen=True)
class SourceInfo:
    """An article (or the gazetteer) that states facts: title, publisher, dates and URL."""

    iri: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    kind: str | None


@dataclass
class Description:
    """Everything the graph states about one entity."""

    entity: Ref
    family: str | None
    facts: list[Fact]
    sources: dict[str, SourceInfo]
    entity_sources: tuple[str, ...]
    engine: str
    lang: str
    labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def identifiers(self) -> dict[str, Any]:
        """The identifier attributes (Kemendagri code …), by relation."""
        return {f.relation: f.value for f in self.facts
                if f.direction == "out" and f.target is None and f.relation in IDENTIFIER_RELATIONS}

    def groups(self) -> list[tuple[str, str, list[Fact]]]:
        """Facts grouped by (direction, relation), attributes first, then outgoing, then incoming."""
        grouped: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for fact in self.facts:
            grouped[(fact.direction, fact.relation)].append(fact)

        def order(item: tuple[tuple[str, str], list[Fact]]) -> tuple[int, str]:
            (direction, relation), facts = item
            rank = 0 if facts[0].target is None else (1 if direction == "out" else 2)
            return rank, relation
        return [(d, r, sorted(fs, key=_fact_sort)) for (d, r), fs in sorted(grouped.items(), key=order)]


def _fact_sort(fact: Fact) -> tuple[str, str, str]:
    label = (fact.target.label or fact.target.iri) if fact.target else str(fact.value)
    return label.casefold(), fact.target.iri if fact.target else "", ",".join(fact.sources)


def fact_set(description: Description) -> set[tuple[Any, ...]]:
    """Return the facts as a set of hashable tuples, qualifiers included (engine comparisons)."""
    def flat(fact: Fact) -> tuple[Any, ...]:
        target = (fact.target.iri, fact.target.label, fact.target.kind) if fact.target else None
        return (fact.direction, fact.relation, target, _hashable(fact.value), fact.sources,
                frozenset(flat(q) for q in fact.qualifiers))
    return {flat(f) for f in description.facts}


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


# -- what both engines return ----------------------------------------------------------------------

@dataclass
class _Node:
    iri: str
    kind: str | None = None
    label: str | None = None
    family: str | None = None
    sources: set[str] = field(default_factory=set)
    attributes: dict[tuple[str, Any], set[str]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class _Neighbourhood:
    """Nodes (with attributes where fetched) and relationships (start, relation, end) -> sources."""

    nodes: dict[str, _Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    expanded: set[str] = field(default_factory=set)

    def node(self, iri: str) -> _Node:
        found = self.nodes.get(iri)
        if found is None:
            found = self.nodes[iri] = _Node(iri)
        return found


def _plain(value: Any) -> Any:
    """A JSON-friendly attribute value: dates as ISO text, decimals as floats."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _ref(hood: _Neighbourhood, iri: str) -> Ref:
    node = hood.nodes.get(iri) or _Node(iri)
    return Ref(iri, node.label, node.kind)


def _attribute_facts(node: _Node) -> list[Fact]:
    return [Fact(relation, "out", value=value, sources=tuple(sorted(sources)))
            for (relation, value), sources in node.attributes.items()]


def _edge_facts(hood: _Neighbourhood, iri: str, *, came_from: str | None, depth: int) -> list[Fact]:
    facts: list[Fact] = []
    for (start, relation, end), sources in hood.edges.items():
        if start == iri and end != came_from:
            other, direction = end, "out"
        elif end == iri and start != came_from:
            other, direction = start, "in"
        else:
            continue
        facts.append(Fact(relation, direction, target=_ref(hood, other), sources=tuple(sorted(sources)),  # type: ignore[arg-type]
                          qualifiers=_qualifiers(hood, other, came_from=iri, depth=depth)))
    return facts


def _qualifiers(hood: _Neighbourhood, iri: str, *, came_from: str, depth: int) -> tuple[Fact, ...]:
    node = hood.nodes.get(iri)
    if depth <= 0 or node is None or iri not in hood.expanded:
        return ()
    if depth == 1 and node.family not in REIFIED_FAMILIES:
        return ()
    facts = _attribute_facts(node) + _edge_facts(hood, iri, came_from=came_from, depth=depth - 1)
    return tuple(sorted(facts, key=lambda f: (f.direction, f.relation, *_fact_sort(f))))


def _assemble(hood: _Neighbourhood, iri: str, engine: str) -> tuple[Ref, str | None, list[Fact], tuple[str, ...]]:
    node = hood.nodes[iri]
    facts = _attribute_facts(node) + _edge_facts(hood, iri, came_from=None, depth=2)
    return Ref(iri, node.label, node.kind), node.family, facts, tuple(sorted(node.sources))


# -- terms: labels, class depth and families from the ontology -----------------------------------

@dataclass(frozen=True)
class _Terms:
    labels: dict[tuple[str, str], str]          # (local name or notation, lang) -> label
    depth: dict[str, int]                        # class local name -> number of superclasses
    family: dict[str, str]                       # class local name -> family

    def label(self, name: str, lang: str) -> str:
        return self.labels.get((name, lang)) or self.labels.get((name, "en")) or name


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _solutions(store: ox.Store, text: str, **bindings: ox.NamedNode | ox.Literal) -> list[ox.QuerySolution]:
    result = store.query(text, substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    return list(result)


def _values(iris: Iterable[str]) -> str:
    """A VALUES list of vocabulary constants (from kg.vocab, never user input)."""
    return " ".join(f"<{i}>" for i in sorted(iris))


def _load_terms(store: ox.Store) -> _Terms:
    labels: dict[tuple[str, str], str] = {}
    for row in _solutions(store, f"""SELECT ?t ?l ?n WHERE {{
            {{ ?t <{RDFS.label}> ?l }} UNION {{ ?t <{SKOS.prefLabel}> ?l OPTIONAL {{ ?t <{SKOS.notation}> ?n }} }}
            FILTER(isIRI(?t) && (LANG(?l) = "id" || LANG(?l) = "en")) }}"""):
        term, label, notation = row["t"], row["l"], row["n"]
        assert isinstance(label, ox.Literal) and isinstance(term, ox.NamedNode)
        lang = label.language or "en"
        labels.setdefault((_local(term.value), lang), label.value)
        if isinstance(notation, ox.Literal):
            labels.setdefault((notation.value, lang), label.value)
    roots = {root: fam for fam, rs in _FAMILY_ROOTS.items() for root in rs}
    family: dict[str, str] = {}
    depth: dict[str, int] = {}
    for row in _solutions(store, f"""SELECT ?c ?root (COUNT(DISTINCT ?sup) AS ?d) WHERE {{
            ?c <{RDFS.subClassOf}>* ?root . VALUES ?root {{ {_values(roots)} }}
            ?c <{RDFS.subClassOf}>* ?sup . ?c a <{OWL.Class}> }} GROUP BY ?c ?root"""):
        c, root, d = row["c"], row["root"], row["d"]
        assert isinstance(c, ox.NamedNode) and isinstance(root, ox.NamedNode) and isinstance(d, ox.Literal)
        family[_local(c.value)] = roots[root.value]
        depth[_local(c.value)] = int(d.value)
    for scheme, fam in _CONCEPT_FAMILIES.items():
        family[fam] = fam
    return _Terms(labels, depth, family)


@cache
def _ontology_store() -> ox.Store:
    from kg.ontology import ONTOLOGY_FILES
    from kg.resources import ontology_dir

    store = ox.Store()
    for name in ONTOLOGY_FILES:
        store.bulk_load(path=str(ontology_dir() / name), format=ox.RdfFormat.TURTLE)
    return store


@cache
def _file_terms() -> _Terms:
    return _load_terms(_ontology_store())


_BUILD_TERMS: dict[int, _Terms] = {}


def _build_terms(graph: KnowledgeGraph) -> _Terms:
    key = id(graph.store)
    if key not in _BUILD_TERMS:
        _BUILD_TERMS[key] = _load_terms(graph.store)
    return _BUILD_TERMS[key]


# -- resolving THING -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """One entity a name may mean: label, kind, code (regions, places) and IRI."""

    iri: str
    label: str
    kind: str
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.label} ({self.kind}; {self.code or self.iri})"


class AmbiguousThing(KGError):
    """THING names several entities; the message lists them (exit 2: be more precise)."""

    exit_code = 2

    def __init__(self, thing: str, candidates: Sequence[Candidate]) -> None:
        self.candidates = list(candidates)
        listed = "\n".join(f"  {c}" for c in self.candidates)
        super().__init__(f"{thing!r} is ambiguous; it may mean:\n{listed}\n"
                         "give the full name (Kota/Kabupaten …), the code or the IRI")


class UnknownThing(KGError):
    """Nothing in the graph is called THING; the message suggests close names (exit 1)."""

    def __init__(self, thing: str, suggestions: Sequence[str]) -> None:
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {'; '.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(f"nothing in the graph is called {thing!r}{hint}")


_LABEL_QUERY = f"""SELECT DISTINCT ?e ?l ?t ?code ?q WHERE {{
    ?e <{JJ.name}>|<{RDFS.label}>|<{SDO.name}>|<{SKOS.prefLabel}>|<{JJ.alias}>|<{JJ.shortName}>|<{JJ.otherName}> ?l .
    FILTER(isIRI(?e) && LCASE(STR(?l)) = LCASE(STR(?q)))
    OPTIONAL {{ ?e a ?t }} OPTIONAL {{ ?e <{JJ.kemendagriCode}> ?code }}
}}"""
_EXACT_QUERY = f"""SELECT DISTINCT ?e ?l ?t ?code WHERE {{
    ?e <{JJ.name}>|<{RDFS.label}>|<{SDO.name}>|<{JJ.alias}>|<{JJ.shortName}>|<{JJ.otherName}> ?l .
    FILTER(isIRI(?e)) OPTIONAL {{ ?e a ?t }} OPTIONAL {{ ?e <{JJ.kemendagriCode}> ?code }}
}}"""
_PREFIX_QUERY = f"""SELECT DISTINCT ?e ?l ?t ?code ?q WHERE {{
    ?e <{JJ.name}>|<{RDFS.label}>|<{SDO.name}>|<{SKOS.prefLabel}> ?l .
    FILTER(isIRI(?e) && STRSTARTS(LCASE(STR(?l)), LCASE(STR(?q))))
    OPTIONAL {{ ?e a ?t }} OPTIONAL {{ ?e <{JJ.kemendagriCode}> ?code }}
}} LIMIT 50"""
_CODE_QUERY = f"""SELECT ?e ?l ?t ?code WHERE {{
    ?e <{JJ.kemendagriCode}> ?code ; a ?t . OPTIONAL {{ ?e <{JJ.name}> ?l }}
}}"""
_EXISTS_QUERY = "SELECT ?e ?t ?l WHERE { ?e ?p ?o OPTIONAL { ?e a ?t } OPTIONAL { ?e <" + str(JJ.name) + "> ?l } } LIMIT 5"


_Row = tuple[Any, Any, Any, Any]


def _rows(solutions: Iterable[ox.QuerySolution]) -> list[_Row]:
    return [(s["e"], s["l"], s["t"], s["code"]) for s in solutions]


def _candidates(rows: Iterable[_Row], terms: _Terms) -> list[Candidate]:
    best: dict[str, Candidate] = {}
    for e, label, t, code in rows:
        if not isinstance(e, ox.NamedNode) or e.value.startswith(_JJ) or e.value.startswith(str(ONTOLOGY)):
            continue  # ontology terms are not things to describe
        kind = _local(t.value) if isinstance(t, ox.NamedNode) else ""
        previous = best.get(e.value)
        if previous is not None and terms.depth.get(previous.kind, 0) >= terms.depth.get(kind, 0):
            continue
        best[e.value] = Candidate(e.value, label.value if isinstance(label, ox.Literal) else e.value, kind,
                                  code.value if isinstance(code, ox.Literal) else None)
    return sorted(best.values(), key=lambda c: (c.label.casefold(), c.iri))


def _expand_iri(thing: str) -> str | None:
    text = thing.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return text
    prefix, sep, rest = text.partition(":")
    if sep and prefix in PREFIXES and " " not in text:
        return PREFIXES[prefix] + rest
    return None


def resolve_thing(graph: KnowledgeGraph, thing: str) -> Candidate:
    """Return the one entity of ``graph`` that ``thing`` names.

    Tried in order: an IRI (``<…>``, ``https://…`` or a project prefix such as ``region:61.71``);
    a Kemendagri code; an exact label, alias or short name (case-insensitive); the gazetteer
    (names with cues such as "Pemkot Blitar", aliases, spellings) and the place index; then a
    label prefix.

    Raises:
        AmbiguousThing: Several entities fit (exit 2); the error lists them.
        UnknownThing: None does (exit 1); the error suggests close names.
    """
    from kg.gazetteer import normalize_name

    terms = _build_terms(graph)
    text = thing.strip()
    if not text:
        raise QueryError("describe what? give a name, alias, code or IRI")
    iri = _expand_iri(text)
    if iri is not None:
        rows = _solutions(graph.store, _EXISTS_QUERY, e=ox.NamedNode(iri))
        if not rows:
            raise UnknownThing(text, [])
        found = _candidates([(ox.NamedNode(iri), r["l"], r["t"], None) for r in rows], terms)
        return found[0] if found else Candidate(iri, iri, "")
    if _is_code(text):
        found = _candidates(_rows(_solutions(graph.store, _CODE_QUERY, code=ox.Literal(text))), terms)
        if len(found) == 1:
            return found[0]
    exact = _candidates(_rows(_solutions(graph.store, _EXACT_QUERY, l=ox.Literal(text))), terms)
    if not exact:  # the same, case-insensitively (a scan of every label)
        exact = _candidates(_rows(_solutions(graph.store, _LABEL_QUERY, q=ox.Literal(text))), terms)
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise AmbiguousThing(text, exact)
    suggestions: list[str] = []
    for resolved in (_resolve_region(text, suggestions), _resolve_place(text, suggestions)):
        if resolved is None:
            continue
        if isinstance(resolved, list):
            raise AmbiguousThing(text, resolved)
        rows = _solutions(graph.store, _EXISTS_QUERY, e=ox.NamedNode(resolved.iri))
        if rows:
            return resolved
        raise UnknownThing(text, [f"{resolved} is known, but the build states nothing about it"])
    prefixed = _candidates(_rows(_solutions(graph.store, _PREFIX_QUERY, q=ox.Literal(text))), terms)
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise AmbiguousThing(text, prefixed)
    for word in normalize_name(text).split() if not suggestions else []:
        partial = _candidates(_rows(_solutions(graph.store, _PREFIX_QUERY, q=ox.Literal(word))), terms)
        suggestions += [str(c) for c in partial[:5 - len(suggestions)]]
    raise UnknownThing(text, suggestions)


def _is_code(text: str) -> bool:
    parts = text.split(".")
    return all(p.isdigit() for p in parts) and 1 <= len(parts) <= 4


def _resolve_region(text: str, suggestions: list[str]) -> Candidate | list[Candidate] | None:
    from kg.errors import GazetteerError
    from kg.gazetteer import gazetteer
    from kg.loaders.gazetteer import region_iri_for_code

    gaz = gazetteer()
    try:
        region = gaz.resolve(text)
    except GazetteerError as exc:
        found = gaz.matches(text)
        if len(found) > 1:
            return [Candidate(str(region_iri_for_code(r.code)), r.name, r.kind.title(), r.code) for r in found]
        suggestions.extend(f"{name} ({code})" for code, name in exc.candidates)
        return None
    return Candidate(str(region_iri_for_code(region.code)), region.name, region.kind.title(), region.code)


def _resolve_place(text: str, suggestions: list[str]) -> Candidate | list[Candidate] | None:
    from kg.errors import GazetteerError
    from kg.loaders.gazetteer import place_iri
    from kg.places import places

    index = places()
    try:
        place = index.resolve(text)
    except GazetteerError as exc:
        if "ambiguous" in str(exc):
            return [Candidate(str(place_iri(code)), label, "Place", code) for code, label in exc.candidates]
        suggestions.extend(f"{label} ({code})" for code, label in exc.candidates if len(suggestions) < 8)
        return None
    return Candidate(str(place_iri(place.code)), place.label, place.kind.title(), place.code)


# -- the SPARQL engine ----------------------------------------------------------------------------

_SKIP = f"<{PROV.wasDerivedFrom}>, <{RDF.type}>"
_STATEMENTS_QUERY = f"""SELECT ?x ?p ?o ?g ?dir ?ol ?ot ?on ?os WHERE {{
    {{ GRAPH ?g {{ ?x ?p ?o }} VALUES ?dir {{ "out" }} }}
    UNION {{ GRAPH ?g {{ ?o ?p ?x }} FILTER(?p NOT IN ({_SKIP})) VALUES ?dir {{ "in" }} }}
    OPTIONAL {{ ?o <{JJ.name}> ?ol }} OPTIONAL {{ ?o <{SKOS.prefLabel}> ?ol FILTER(LANG(?ol) = "id") }}
    OPTIONAL {{ ?o a ?ot }} OPTIONAL {{ ?o <{SKOS.notation}> ?on }} OPTIONAL {{ ?o <{SKOS.inScheme}> ?os }}
}}"""
"""Every statement of one node ``?x`` (bound): outgoing, and incoming but for sources and types,
with the other end's label, type, notation and concept scheme."""


def _kept(predicate: str) -> bool:
    """Predicates the property graph keeps: the ontology's, and ``skos:broader``."""
    return predicate.startswith(_JJ) or predicate == str(SKOS.broader)


def _sparql_value(term: ox.Literal) -> Any:
    from kg.sparql import term_to_python

    return _plain(term_to_python(term))


def _kind_of(types: Iterable[str], terms: _Terms) -> str | None:
    kinds = [_local(t) for t in types if t.startswith(_JJ)]
    return max(kinds, key=lambda k: (terms.depth.get(k, 0), k)) if kinds else None


def _sparql_neighbourhood(graph: KnowledgeGraph, iri: str, terms: _Terms) -> _Neighbourhood:
    """Read the entity, the hubs next to it and the reified nodes behind those: one bound query per node."""
    hood = _Neighbourhood()
    types: dict[str, set[str]] = defaultdict(set)
    schemes: dict[str, str] = {}

    def family(node_iri: str) -> str | None:
        if node_iri in schemes:
            return schemes[node_iri]
        kind = _kind_of(types.get(node_iri, ()), terms)
        return terms.family.get(kind) if kind else None

    def read(node_iri: str) -> set[str]:
        """Read one node's statements; return the IRIs at their other ends."""
        node = hood.node(node_iri)
        hood.expanded.add(node_iri)
        others: set[str] = set()
        for row in _solutions(graph.store, _STATEMENTS_QUERY, x=ox.NamedNode(node_iri)):
            p, o, g, direction = row["p"], row["o"], row["g"], row["dir"]
            assert isinstance(p, ox.NamedNode) and isinstance(g, ox.NamedNode) and isinstance(direction, ox.Literal)
            label, otype, notation, scheme = row["ol"], row["ot"], row["on"], row["os"]
            if isinstance(o, ox.NamedNode):
                other = hood.node(o.value)
                if isinstance(label, ox.Literal) and (other.label is None or label.value < other.label):
                    other.label = label.value
                if isinstance(otype, ox.NamedNode):
                    types[o.value].add(otype.value)
                if isinstance(scheme, ox.NamedNode) and scheme.value in _CONCEPT_FAMILIES:
                    schemes[o.value] = _CONCEPT_FAMILIES[scheme.value]
            if direction.value == "in":
                if _kept(p.value) and isinstance(o, ox.NamedNode):
                    hood.edges[(o.value, _local(p.value), node_iri)].add(g.value)
                    others.add(o.value)
                continue
            node.sources.add(g.value)
            if p.value == str(RDF.type) and isinstance(o, ox.NamedNode):
                types[node_iri].add(o.value)
            elif not _kept(p.value):
                continue
            elif isinstance(o, ox.Literal):
                node.attributes[(_local(p.value), _sparql_value(o))].add(g.value)
            elif _local(p.value) in CONCEPT_VALUED:
                if isinstance(notation, ox.Literal):
                    node.attributes[(_local(p.value), notation.value)].add(g.value)
            elif isinstance(o, ox.NamedNode):
                hood.edges[(node_iri, _local(p.value), o.value)].add(g.value)
                others.add(o.value)
        return others

    hubs = sorted(o for o in read(iri) if family(o) in HUB_FAMILIES)
    behind: set[str] = set()
    for hub in hubs:
        behind |= read(hub)
    for node_iri in sorted(behind - hood.expanded - {iri}):
        if family(node_iri) in REIFIED_FAMILIES:
            read(node_iri)
    for node_iri, node in hood.nodes.items():
        node.family = family(node_iri)
        node.kind = schemes.get(node_iri) or _kind_of(types.get(node_iri, ()), terms)
        if node.label is None and node_iri in hood.expanded:
            node.label = _first_label(node)
    # only relationships the property graph has: both ends are nodes of a family
    for key in [k for k in hood.edges if hood.nodes[k[0]].family is None or hood.nodes[k[2]].family is None]:
        del hood.edges[key]
    _source_statements(graph, iri, hood)
    return hood


def _first_label(node: _Node) -> str | None:
    names = sorted(v for (k, v), _ in node.attributes.items() if k == "name" and isinstance(v, str))
    return names[0] if names else None


def _source_statements(graph: KnowledgeGraph, iri: str, hood: _Neighbourhood) -> None:
    """A source's page lists the entities it states (``prov:wasDerivedFrom``) as incoming facts."""
    if hood.nodes[iri].family != "Source":
        return
    rows = _solutions(graph.store, f"""SELECT ?x ?s ?ol ?ot ?os WHERE {{ GRAPH ?x {{ ?s <{PROV.wasDerivedFrom}> ?x }}
        OPTIONAL {{ ?s <{JJ.name}> ?ol }} OPTIONAL {{ ?s <{SKOS.prefLabel}> ?ol FILTER(LANG(?ol) = "id") }}
        OPTIONAL {{ ?s a ?ot }} OPTIONAL {{ ?s <{SKOS.inScheme}> ?os }} }}""", x=ox.NamedNode(iri))
    terms = _build_terms(graph)
    types: dict[str, set[str]] = defaultdict(set)
    schemes: dict[str, str] = {}
    for row in rows:
        s, label, otype, scheme = row["s"], row["ol"], row["ot"], row["os"]
        assert isinstance(s, ox.NamedNode)
        node = hood.node(s.value)
        if isinstance(label, ox.Literal) and (node.label is None or label.value < node.label):
            node.label = label.value
        if isinstance(otype, ox.NamedNode):
            types[s.value].add(otype.value)
        if isinstance(scheme, ox.NamedNode) and scheme.value in _CONCEPT_FAMILIES:
            schemes[s.value] = _CONCEPT_FAMILIES[scheme.value]
    for s_iri in set(types) | set(schemes):
        node = hood.nodes[s_iri]
        if node.family is None:
            node.kind = schemes.get(s_iri) or _kind_of(types.get(s_iri, ()), terms)
            node.family = schemes.get(s_iri) or (terms.family.get(node.kind) if node.kind else None)
        if node.family is not None:
            hood.edges[(s_iri, "wasDerivedFrom", iri)].add(iri)


def _sparql_sources(graph: KnowledgeGraph, iris: Iterable[str]) -> dict[str, SourceInfo]:
    infos: dict[str, SourceInfo] = {}
    for iri in sorted(iris):
        values: dict[str, str] = {}
        kind = None
        for quad in graph.store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph()):
            if quad.predicate.value == str(RDF.type) and isinstance(quad.object, ox.NamedNode):
                kind = _local(quad.object.value)
            for key, predicate in _SOURCE_FIELDS.items():
                if quad.predicate.value == predicate and isinstance(quad.object, ox.Literal):
                    values.setdefault(key, quad.object.value)
        infos[iri] = _source_info(iri, values, kind)
    return infos


def _source_info(iri: str, values: dict[str, Any], kind: str | None) -> SourceInfo:
    published = values.get("published")
    return SourceInfo(iri, values.get("headline") or values.get("name"), values.get("publisher"),
                      _plain(published) if published is not None else None, values.get("url"), kind)


# -- the Cypher engine ----------------------------------------------------------------------------

_CYPHER_SUBJECT = "MATCH (n {iri: $iri}) RETURN n"
_CYPHER_LEVELS = (
    "MATCH (n {iri: $iri})-[r]-(m) RETURN r, r.sources AS sources",
    "MATCH (n {iri: $iri})-[]-(h) WHERE h.kind IN $hubs "
    "MATCH (h)-[r]-(m) RETURN DISTINCT h.iri AS hub, r, r.sources AS sources",
    "MATCH (n {iri: $iri})-[]-(h)-[]-(k) WHERE h.kind IN $hubs AND k.kind IN $reified AND k.iri <> $iri "
    "MATCH (k)-[r]-(m) RETURN DISTINCT k.iri AS hub, r, r.sources AS sources",
)
_CYPHER_SOURCE = "MATCH (s) WHERE list_contains(s.sources, $iri) AND s.iri <> $iri RETURN s"
_NODE_KEYS = ("iri", "kind", "sources")


class _CypherReader:
    def __init__(self, database: Any, terms: _Terms) -> None:
        from kg.mapping import property_graph_mapping

        self.database = database
        self.terms = terms
        mapping = property_graph_mapping()
        self.relation = {spec.type: _local(str(spec.predicate)) for spec in mapping.relationships.values()}
        self.properties = {(label, prop.key): prop for label, spec in mapping.nodes.items() for prop in spec.properties}

    def kinds(self, families: Iterable[str]) -> list[str]:
        wanted = set(families)
        return sorted(kind for kind, fam in self.terms.family.items() if fam in wanted)

    def take(self, hood: _Neighbourhood, props: dict[str, Any], *, attributes: bool) -> _Node:
        node = hood.node(props["iri"])
        node.kind = props.get("kind")
        node.family = self.terms.family.get(node.kind) if node.kind else None
        node.label = props.get("name")
        node.sources = set(props.get("sources") or ())
        if attributes and node.family is not None:
            hood.expanded.add(node.iri)
            node.attributes.clear()
            for key, value in props.items():
                spec = self.properties.get((node.family, key))
                if key in _NODE_KEYS or value is None or spec is None or not str(spec.predicate).startswith(_JJ):
                    continue
                relation = _local(str(spec.predicate))
                for item in value if isinstance(value, list) else [value]:
                    node.attributes[(relation, _plain(item))].update(node.sources)
        return node

    def neighbourhood(self, iri: str) -> _Neighbourhood:
        hood = _Neighbourhood()
        _, rows = self.database.run(_CYPHER_SUBJECT, {"iri": iri})
        if not rows:
            raise UnknownThing(iri, ["the embedded database has no node with this IRI"])
        self.take(hood, rows[0][0], attributes=True)
        params = {"iri": iri, "hubs": self.kinds(HUB_FAMILIES), "reified": self.kinds(REIFIED_FAMILIES)}
        for level, text in enumerate(_CYPHER_LEVELS):
            _, rows = self.database.run(text, params)
            for row in rows:
                (start, rel_type, end), sources = row[-2], row[-1]
                hub = row[0] if level else iri
                for props in (start, end):
                    if props["iri"] == hub:
                        self.take(hood, props, attributes=True)
                    elif props["iri"] not in hood.expanded:
                        self.take(hood, props, attributes=False)
                hood.edges[(start["iri"], self.relation[rel_type], end["iri"])].update(sources or ())
        if hood.nodes[iri].family == "Source":
            _, rows = self.database.run(_CYPHER_SOURCE, {"iri": iri})
            for (props,) in rows:
                node = self.take(hood, props, attributes=props["iri"] in hood.expanded)
                if node.family is not None:
                    hood.edges[(node.iri, "wasDerivedFrom", iri)].add(iri)
        return hood

    def sources(self, iris: Iterable[str]) -> dict[str, SourceInfo]:
        wanted = sorted(iris)
        _, rows = self.database.run("MATCH (s:Source) WHERE s.iri IN $iris RETURN s", {"iris": wanted})
        infos = {}
        for (props,) in rows:
            values = {"headline": props.get("headline"), "name": props.get("name"), "url": props.get("url"),
                      "publisher": props.get("publisherName"), "published": props.get("publishedOn")}
            infos[props["iri"]] = _source_info(props["iri"], values, props.get("kind"))
        for iri in wanted:
            infos.setdefault(iri, SourceInfo(iri, None, None, None, None, None))
        return infos


# -- describe -------------------------------------------------------------------------------------

def _all_sources(facts: Iterable[Fact]) -> set[str]:
    found: set[str] = set()
    for fact in facts:
        found.update(fact.sources)
        found.update(_all_sources(fact.qualifiers))
    return found


def describe(graph: KnowledgeGraph, thing: str, *, engine: Engine = "sparql", lang: Language = "id",
             embedded_path: Path | None = None) -> Description:
    """Return everything ``graph`` states about ``thing``.

    Args:
        graph: An opened build (:func:`kg.build.open_build`) or any dataset in the build layout.
        thing: A name, alias, code or IRI (see :func:`resolve_thing`).
        engine: ``sparql`` (the Oxigraph store) or ``cypher`` (the embedded property graph).
        lang: The language of relation and kind labels (``id`` or ``en``).
        embedded_path: The ``.lbug`` database for ``cypher`` (the build's own by default).

    Raises:
        AmbiguousThing: ``thing`` names several entities (exit 2).
        UnknownThing: ``thing`` names none (exit 1).
        QueryError: A bad engine or language.
    """
    if engine not in ("sparql", "cypher"):
        raise QueryError(f"unknown engine {engine!r}; expected sparql or cypher")
    if lang not in ("id", "en"):
        raise QueryError(f"unknown language {lang!r}; expected id or en")
    found = resolve_thing(graph, thing)
    if engine == "sparql":
        terms = _build_terms(graph)
        hood = _sparql_neighbourhood(graph, found.iri, terms)
        entity, family, facts, entity_sources = _assemble(hood, found.iri, engine)
        sources = _sparql_sources(graph, _all_sources(facts) | set(entity_sources))
    else:
        from kg.embedded import EmbeddedDatabase

        terms = _file_terms()
        path = embedded_path or getattr(graph, "embedded_path", None)
        if path is None:
            raise QueryError("the cypher engine needs a build with an embedded database")
        with EmbeddedDatabase(path) as database:
            reader = _CypherReader(database, terms)
            hood = reader.neighbourhood(found.iri)
            entity, family, facts, entity_sources = _assemble(hood, found.iri, engine)
            sources = reader.sources(_all_sources(facts) | set(entity_sources))
    labels = {name: terms.label(name, lang) for name in _names_in(facts, entity)}
    return Description(entity, family, facts, sources, entity_sources, engine, lang, labels)


def _names_in(facts: Iterable[Fact], entity: Ref) -> set[str]:
    names = {entity.kind} if entity.kind else set()
    for fact in facts:
        names.add(fact.relation)
        if fact.target and fact.target.kind:
            names.add(fact.target.kind)
        if fact.relation in CONCEPT_VALUED and isinstance(fact.value, str):
            names.add(fact.value)
        names |= _names_in(fact.qualifiers, entity)
    return names


# -- output ---------------------------------------------------------------------------------------

def relation_label(description: Description, relation: str, direction: str) -> str:
    """The human label of a relation in the description's language; incoming ones read "← label".

    An incoming fact is read from the other end: "← host region: Studi tiru …" says the study
    visit has this region as its host region.
    """
    label = description.labels.get(relation, relation)
    return f"← {label}" if direction == "in" else label


def _value_label(description: Description, fact: Fact) -> Any:
    if fact.relation in CONCEPT_VALUED and isinstance(fact.value, str):
        return description.labels.get(fact.value, fact.value)
    return fact.value


_SIGNED = {("id", True): "sudah menandatangani", ("id", False): "belum menandatangani",
           ("en", True): "signed", ("en", False): "not signed yet"}


def _status_label(description: Description, status: Any) -> str:
    if isinstance(status, bool):
        return _SIGNED[(description.lang, status)]
    return description.labels.get(str(status), str(status))


def _source_dict(info: SourceInfo) -> dict[str, Any]:
    return {"iri": info.iri, "title": info.title, "publisher": info.publisher, "date": info.published,
            "url": info.url}


def _fact_dict(description: Description, fact: Fact) -> dict[str, Any]:
    item: dict[str, Any] = {"relation": fact.relation, "direction": fact.direction,
                            "label": relation_label(description, fact.relation, fact.direction)}
    if fact.target is not None:
        item["target"] = {"iri": fact.target.iri, "label": fact.target.label, "kind": fact.target.kind,
                          "kind_label": description.labels.get(fact.target.kind or "", fact.target.kind)}
    else:
        item["value"] = fact.value
        if fact.relation in CONCEPT_VALUED:
            item["value_label"] = _value_label(description, fact)
    status = fact.status
    if status is not None:
        item["status"] = status
        item["status_label"] = _status_label(description, status)
    item["sources"] = [_source_dict(description.sources[s]) for s in fact.sources if s in description.sources]
    if fact.qualifiers:
        item["qualifiers"] = [_fact_dict(description, q) for q in fact.qualifiers]
    return item


def to_dict(description: Description) -> dict[str, Any]:
    """Return the description as plain JSON-ready data (the ``--format json`` output).

    Keys: ``iri``, ``label``, ``kind``, ``kind_label``, ``family``, ``identifiers``, ``engine``,
    ``lang``, ``sources`` (of the entity itself) and ``statements``: one group per relation and
    direction, attributes first, each fact with its ``target`` (or ``value``), ``status``,
    ``sources`` (title, publisher, date, URL) and ``qualifiers``.
    """
    d = description
    return {
        "iri": d.entity.iri, "label": d.entity.label, "kind": d.entity.kind,
        "kind_label": d.labels.get(d.entity.kind or "", d.entity.kind), "family": d.family,
        "identifiers": d.identifiers, "engine": d.engine, "lang": d.lang,
        "sources": [_source_dict(d.sources[s]) for s in d.entity_sources if s in d.sources],
        "statements": [{"relation": relation, "direction": direction,
                        "label": relation_label(d, relation, direction),
                        "facts": [_fact_dict(d, f) for f in facts]} for direction, relation, facts in d.groups()],
    }
