"""The RDF dataset: one Oxigraph store, one query method.

Oxigraph (``pyoxigraph``) parses, serializes and answers SPARQL an order of magnitude faster
than rdflib on this project's scale, so it is the only store. One named graph per source, one
for the gazetteer and one for the ontology; the **default graph is their union**, written once
when the dataset is made (Oxigraph joins a real default graph far faster than
``use_default_graph_as_union``: 0.6 s against 91 s for ``region-ties`` on 5,000 records), so a
query without ``GRAPH`` sees every fact and ``GRAPH ?g`` still sees each source's own graph.

Loaders still produce rdflib terms (:class:`TripleBuffer`); they are converted on the way in.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import Union

import pyoxigraph as ox
from rdflib import URIRef
from rdflib import Literal as RDFLiteral
from rdflib.term import Node
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.errors import QueryError
from kg.vocab import ID, JJ, ROLE, SECTOR, SOURCE

__all__ = ["KnowledgeGraph", "TripleBuffer", "ExportFormat", "EXPORT_FORMATS", "PREFIXES", "atomic_write",
           "QueryResult", "BindingValue", "to_term", "nt_term", "nquads"]

QueryResult = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]
"""What :meth:`KnowledgeGraph.query` returns: solutions (SELECT), a boolean (ASK) or triples."""

BindingValue = Union[ox.NamedNode, ox.Literal, URIRef, RDFLiteral, dt.date, bool, int, float, Decimal, str]
"""A value a query variable can be bound to; Python values become typed literals."""

ExportFormat = TypingLiteral["ttl", "trig", "nt", "nq", "jsonld"]
EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}

PREFIXES: dict[str, str] = {
    "jj": str(JJ),
    "region": str(ID["region/"]),
    "org": str(ORG),
    "person": str(ID["person/"]),
    "event": str(ID["event/"]),
    "agreement": str(ID["agreement/"]),
    "sector": str(SECTOR),
    "role": str(ROLE),
    "source": str(SOURCE),
    "prov": str(PROV),
    "schema": str(SDO),
    "skos": str(SKOS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
}


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader (or a crash) never sees a half-written file: either the old content or the new.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class TripleBuffer(list[tuple[URIRef, URIRef, Node]]):
    """Triples collected by a loader (it only calls ``add``), added to the store in one go."""

    def add(self, triple: tuple[URIRef, URIRef, Node]) -> None:
        """Collect one triple."""
        self.append(triple)


# Characters an N-Triples IRI cannot hold; such an IRI goes through Oxigraph, which rejects it.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


_WRITTEN_IRIS: dict[str, str] = {}  # most IRIs recur (predicates, classes, a record's own entities)


def _nt_iri(iri: str) -> str:
    written = _WRITTEN_IRIS.get(iri)
    if written is None:
        if _NOT_IN_IRI.search(iri) is not None:
            ox.NamedNode(iri)  # raises ValueError with Oxigraph's reason
            raise ValueError(f"not an IRI N-Quads can carry: {iri!r}")
        if len(_WRITTEN_IRIS) >= 100_000:
            _WRITTEN_IRIS.clear()
        written = _WRITTEN_IRIS[iri] = f"<{iri}>"
    return written


def nt_term(term: Node) -> str:
    r"""Return an rdflib IRI or literal in N-Triples syntax (what :func:`_to_ox` would give Oxigraph).

    >>> print(nt_term(RDFLiteral('say "hi"', lang="en")), nt_term(URIRef("urn:x")))
    "say \"hi\""@en <urn:x>
    """
    if isinstance(term, URIRef):
        return _nt_iri(str(term))
    if isinstance(term, RDFLiteral):  # rdflib's checks and conversions are done: only the text is needed
        text = f'"{str(term).translate(_LITERAL_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{_nt_iri(str(term.datatype))}"
        return text
    raise TypeError(f"blank nodes are not used in Jejaring graphs: {term!r}")


def nquads(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Return ``triples`` as N-Quads text: each in the named graph ``name`` and in the default graph.

    The default graph of a :class:`KnowledgeGraph` is the union of its named graphs, so every
    triple is written twice; loading the text with :meth:`KnowledgeGraph.add_nquads` is
    the same as :meth:`KnowledgeGraph.add_triples`, without a Python object per term.

    >>> print(nquads(URIRef("urn:g"), [(URIRef("urn:s"), URIRef("urn:p"), RDFLiteral(1))]), end="")
    <urn:s> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:g> .
    <urn:s> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
    """
    graph = f" {_nt_iri(str(name))} .\n"
    cores = [f"{nt_term(s)} {nt_term(p)} {nt_term(o)}" for s, p, o in triples]
    return graph.join(cores) + graph + " .\n".join(cores) + " .\n" if cores else ""


def _copy_after_prefix(source: Path, prefix: Path, target: Path) -> bool:
    """Copy what follows ``prefix``'s content in ``source`` into ``target``; False if ``source``
    does not start with it (then nothing is written)."""
    block = 1 << 20
    with source.open("rb") as whole, prefix.open("rb") as start:
        while chunk := start.read(block):
            if whole.read(len(chunk)) != chunk:
                return False
        with target.open("wb") as out:
            shutil.copyfileobj(whole, out, block)
    return True


def _sort_lines(source: Path, target: Path, workdir: Path) -> None:
    """Sort the lines of ``source`` as bytes into ``target`` (GNU ``sort`` when there is one)."""
    command = ["sort", "--buffer-size=512M", f"--temporary-directory={workdir}", "-o", str(target), str(source)]
    try:
        done = subprocess.run(command, env={**os.environ, "LC_ALL": "C"}, capture_output=True, check=False)
    except OSError:
        done = None
    if done is None or done.returncode != 0:
        lines = source.read_bytes().split(b"\n")
        lines.pop()  # after the last newline
        lines.sort()
        target.write_bytes(b"".join(line + b"\n" for line in lines))
    source.unlink()


def _to_ox(term: Node) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RDFLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"blank nodes are not used in Jejaring graphs: {term!r}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_DEFAULT = ox.DefaultGraph()


def to_term(value: BindingValue) -> ox.NamedNode | ox.Literal:
    """Return ``value`` as an Oxigraph term for a query binding.

    Oxigraph and rdflib terms keep their meaning; ``datetime.date`` becomes ``xsd:date``,
    ``bool`` ``xsd:boolean``, ``int`` ``xsd:integer``, ``float`` ``xsd:double``, ``Decimal``
    ``xsd:decimal`` and ``str`` a plain literal (never an IRI).

    >>> to_term(dt.date(2025, 4, 23))
    <Literal value=2025-04-23 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>
    >>> to_term("Irawati").value
    'Irawati'
    """
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, (URIRef, RDFLiteral)):
        return _to_ox(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(_XSD + "double"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "decimal"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise QueryError(f"cannot bind a value of type {type(value).__name__}: {value!r}")


class KnowledgeGraph:
    """An RDF dataset: one named graph per source, and their union as the default graph.

    Args:
        store: An Oxigraph store that already holds a dataset in this layout (a persistent
            build's store, opened read-only, for instance); a new empty in-memory store when
            omitted.
    """

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = store if store is not None else ox.Store()

    # -- reading and writing ----------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KnowledgeGraph:
        """Load a dataset from a TriG or N-Quads file written by :meth:`serialize`."""
        graph = cls()
        graph.store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
        graph.store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in graph.store])
        return graph

    def add_triples(self, name: URIRef, triples: TripleBuffer) -> None:
        """Add collected triples to the named graph ``name`` (and the union) in one bulk operation."""
        self.add_nquads(nquads(name, triples))

    def add_nquads(self, data: bytes | str) -> None:
        """Add N-Quads text (:func:`nquads` writes it) as it is: named graphs and the union alike."""
        if data:
            self.store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)

    def add_turtle(self, name: URIRef, path: Path) -> None:
        """Parse a Turtle file straight into the named graph ``name`` (and the union)."""
        graph_name = ox.NamedNode(str(name))
        self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph_name)
        self.store.extend([ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
                           for q in self.store.quads_for_pattern(None, None, None, graph_name)])

    def _count(self, pattern: str) -> int:
        result = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        assert isinstance(result, ox.QuerySolutions)
        term = next(iter(result))[0]
        return int(term.value) if term is not None else 0

    def __len__(self) -> int:
        """The number of quads in the named graphs (the union is not counted)."""
        return self._count("GRAPH ?g { ?s ?p ?o }")

    def triple_count(self) -> int:
        """Return the number of distinct triples (the size of the union)."""
        return self._count("?s ?p ?o")

    def graph_names(self) -> list[str]:
        """Return the names of the named graphs, sorted."""
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    # -- querying -------------------------------------------------------------------------------
    def query(self, sparql: str, **bindings: BindingValue | None) -> QueryResult:
        """Run SPARQL with values bound as Oxigraph substitutions, never pasted into the text.

        The default graph is the union of all graphs; ``GRAPH ?g`` reaches each source's graph.
        A binding whose value is ``None`` is left unbound. Every bound variable must be
        projected by the query's ``SELECT`` (Oxigraph's rule); see ``queries/README.md`` for
        what that means for filters.

        Raises:
            QueryError: The text does not parse, a bound variable is not projected, or the
                evaluation failed.
        """
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(name): to_term(value) for name, value in bindings.items() if value is not None}
        try:
            return self.store.query(sparql, substitutions=substitutions or None)
        except SyntaxError as exc:
            raise QueryError(f"not a valid SPARQL query: {exc}") from None
        except (ValueError, OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def select(self, sparql: str, **bindings: BindingValue | None) -> ox.QuerySolutions:
        """Run a SELECT query as :meth:`query` does and return its solutions.

        Raises:
            QueryError: As :meth:`query`, or the text is not a SELECT query.
        """
        result = self.query(sparql, **bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return result

    # -- exporting ------------------------------------------------------------------------------
    def _write_sorted_lines(self, dataset: bool, target: Path, workdir: Path) -> None:
        """Write the N-Quads lines of the named graphs (``dataset``) or the N-Triples lines of the
        union into ``target``, sorted.

        Sorting the lines gives the order of sorting the quads by ``str``: a quad's line is its
        ``str`` and `` .``, and no line is a prefix of another. Oxigraph writes the lines (no
        Python object per quad) and ``sort`` orders them on disk, so a large dataset is never
        held in memory twice.
        """
        union = workdir / "union.nt"
        self.store.dump(output=str(union), format=ox.RdfFormat.N_TRIPLES, from_graph=_DEFAULT)
        if not dataset:
            _sort_lines(union, target, workdir)
            return
        everything, named = workdir / "all.nq", workdir / "named.nq"
        self.store.dump(output=str(everything), format=ox.RdfFormat.N_QUADS)
        if not _copy_after_prefix(everything, union, named):  # the dump did not start with the union
            ox.serialize((q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph)),
                         output=str(named), format=ox.RdfFormat.N_QUADS)
        everything.unlink()
        _sort_lines(named, target, workdir)

    def serialize(self, fmt: ExportFormat, output: Path | None = None) -> bytes:
        """Serialize the dataset; the same content always gives the same bytes.

        ``ttl``, ``nt`` and ``jsonld`` write the union (every graph merged into one); ``trig``
        and ``nq`` keep the named graphs (the union is implied, not written). Statements are
        written sorted (as their N-Quads lines sort).

        Args:
            fmt: The format.
            output: Write into this file (and return ``b""``) instead of returning the bytes;
                a large dataset is then never held in memory.
        """
        rdf_format = EXPORT_FORMATS[fmt]
        dataset = rdf_format.supports_datasets
        with tempfile.TemporaryDirectory(prefix=".jejaring-sort-",
                                         dir=None if output is None else output.parent) as tmp:
            lines = Path(tmp) / "sorted"
            self._write_sorted_lines(dataset, lines, Path(tmp))
            if fmt in ("nt", "nq"):
                if output is None:
                    return lines.read_bytes()
                os.replace(lines, output)
                return b""
            line_format = ox.RdfFormat.N_QUADS if dataset else ox.RdfFormat.N_TRIPLES
            items = ox.parse(path=str(lines), format=line_format)
            prefixes = PREFIXES if fmt in ("ttl", "trig") else None
            if output is None:
                return ox.serialize(items, format=rdf_format, prefixes=prefixes) or b""
            ox.serialize(items, output=str(output), format=rdf_format, prefixes=prefixes)
            return b""

    def class_counts(self) -> dict[str, int]:
        """Count the instances of each Jejaring class (by asserted type), sorted by name."""
        counts: Counter[str] = Counter()
        rdf_type = ox.NamedNode(str(RDF.type))
        for quad in self.store.quads_for_pattern(None, rdf_type, None, _DEFAULT):
            cls = quad.object
            if isinstance(cls, ox.NamedNode) and cls.value.startswith(str(JJ)):
                counts[cls.value[len(str(JJ)):]] += 1
        return dict(sorted(counts.items()))

    def iter_sources(self) -> Iterator[str]:
        """Yield the IRIs of the named graphs that hold a source's facts."""
        for name in self.graph_names():
            if name.startswith(str(SOURCE)):
                yield name

    def named_quads(self, graphs: Iterable[str] | None = None) -> Iterator[ox.Quad]:
        """Yield the quads of the named graphs ``graphs`` (every named graph when omitted)."""
        for name in (self.graph_names() if graphs is None else graphs):
            yield from self.store.quads_for_pattern(None, None, None, ox.NamedNode(name))
