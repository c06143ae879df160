"""Load curated YAML records into a source's named graph.

Reading is in three steps, each reporting every problem with its file and line before
anything is written: parse the YAML with line marks, validate it against the record models
(:mod:`.record_schema`, messages from :mod:`.record_messages`), then resolve every reference
(:mod:`.record_refs`). Only a record that passes all three is turned into triples
(:mod:`.record_rdf`). Across records, references to another record's events and agreements
(``<source id>/<id>``) are checked, and :mod:`.identity` warns about people who may be
merged or split by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rdflib import URIRef

from kg.dataset import TripleBuffer as TripleSink
from kg.errors import RecordError, RecordProblem
from kg.gazetteer import Region, gazetteer
from kg.ontology import vocabulary
from kg.resources import project_data_dir
from kg.vocab import SOURCE

from .record_messages import validation_problems
from .record_rdf import RecordEmitter, region_iri, slug
from .record_refs import ReferenceChecker
from .record_schema import Record, VocabularySpec
from .yaml_marks import MarkedDocument, PathKey, read_marked_yaml

__all__ = [
    "LoadedRecord", "read_record", "read_records", "check_records", "emit_record", "record_files", "slug",
    "region_iri", "referenced_place_codes", "project_vocabulary_path",
]


@dataclass(frozen=True)
class LoadedRecord:
    """A validated record, its line marks and everything its references resolved to."""

    path: Path
    record: Record
    document: MarkedDocument
    regions: dict[PathKey, Region]
    terms: dict[PathKey, URIRef] = field(default_factory=dict)
    places: dict[PathKey, Any] = field(default_factory=dict)
    origins: dict[URIRef, PathKey] = field(default_factory=dict)

    @property
    def source_iri(self) -> URIRef:
        """The IRI of the source, which is also the name of its graph."""
        return SOURCE[self.record.source.id]

    def line_of_iri(self, iri: URIRef) -> int | None:
        """The line of the record entry that minted ``iri`` (known after emission)."""
        where = self.origins.get(iri)
        return None if where is None else self.document.line_of(where)


def record_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml`` files, sorted, keeping files as given.

    >>> [p.name for p in record_files([Path("no-such-folder.yaml")])]
    ['no-such-folder.yaml']
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")
                                and p.name != PROJECT_VOCABULARY))
        else:
            files.append(path)
    return files


PROJECT_VOCABULARY = "vocabulary.yaml"


def project_vocabulary_path() -> Path:
    """The project's own vocabulary additions (same shape as a record's ``vocabulary:``).

    >>> project_vocabulary_path().name
    'vocabulary.yaml'
    """
    return project_data_dir() / PROJECT_VOCABULARY


@cache
def _project_terms() -> Mapping[str, Mapping[str, URIRef]]:
    """Terms ``data/vocabulary.yaml`` adds; checked like a record's vocabulary section."""
    path = project_vocabulary_path()
    if not path.exists():
        return {}
    doc = read_marked_yaml(path)
    try:
        spec = VocabularySpec.model_validate(doc.value or {})
    except ValidationError as exc:
        raise RecordError(validation_problems(doc, exc)) from None
    wrapper = Record.model_construct(source=None, vocabulary=spec)  # only the vocabulary is read
    checker = ReferenceChecker(doc, wrapper, gazetteer(), vocabulary())
    checker.vocabulary_terms()
    if checker.problems:
        raise RecordError(checker.problems)
    return checker.extra


def read_record(path: Path) -> LoadedRecord:
    """Read, validate and resolve one record file.

    Raises:
        RecordError: With one ``path:line: message`` per problem found.
    """
    doc = read_marked_yaml(path)
    if not isinstance(doc.value, dict):
        raise RecordError([RecordProblem(path, 1, "expected a mapping with 'source:' and facts")])
    try:
        record = Record.model_validate(doc.value)
    except ValidationError as exc:
        raise RecordError(validation_problems(doc, exc)) from None
    checker = ReferenceChecker(doc, record, gazetteer(), vocabulary(), _project_terms())
    checker.check()
    if checker.problems:
        raise RecordError(checker.problems)
    return LoadedRecord(path=path, record=record, document=doc, regions=checker.regions, terms=checker.terms,
                        places=checker.sub_places)


def read_records(paths: Iterable[Path]) -> list[LoadedRecord]:
    """Read every record, reporting the problems of all files together.

    Raises:
        RecordError: If any file has a problem, or two files claim the same source id.
    """
    loaded, problems = check_records(paths)
    if problems:
        raise RecordError(problems)
    return loaded


def check_records(paths: Iterable[Path]) -> tuple[list[LoadedRecord], list[RecordProblem]]:
    """Read every record; return the good ones and every problem of the others, without raising."""
    loaded: list[LoadedRecord] = []
    problems: list[RecordProblem] = []
    seen: dict[str, Path] = {}
    for path in record_files(paths):
        try:
            item = read_record(path)
        except RecordError as exc:
            problems.extend(exc.problems)
            continue
        source_id = item.record.source.id
        if source_id in seen:
            problems.append(RecordProblem(path, item.document.line_of(("source", "id")),
                                          f"source id {source_id!r} is already used by {seen[source_id]}"))
            continue
        seen[source_id] = path
        loaded.append(item)
    problems.extend(_cross_record_problems(loaded))
    bad = {p.path for p in problems}
    return [item for item in loaded if item.path not in bad], problems


def _cross_record_problems(items: list[LoadedRecord]) -> list[RecordProblem]:
    """Check ``<source id>/<id>`` references to events and agreements of other records."""
    events = {f"{i.record.source.id}/{e}" for i in items for e in i.record.events}
    agreements = {f"{i.record.source.id}/{a}" for i in items for a in i.record.agreements}
    problems: list[RecordProblem] = []

    def check(item: LoadedRecord, where: PathKey, value: str | None, known: set[str], what: str) -> None:
        if value is None or "/" not in value or value in known:
            return
        source = value.split("/", 1)[0]
        hint = "" if any(k.startswith(source + "/") for k in known) else f" (no record has source id {source!r})"
        problems.append(RecordProblem(item.path, item.document.line_of(where),
                                      f"unknown {what} {value!r} in another record{hint}"))

    for item in items:
        for eid, event in item.record.events.items():
            for name in ("follows", "before", "in_preparation_for"):
                for i, other in enumerate(getattr(event, name)):
                    check(item, ("events", eid, name, i), other, events, "event")
        for aid, agreement in item.record.agreements.items():
            for name in ("based_on", "follows", "amends", "extends"):
                check(item, ("agreements", aid, name), getattr(agreement, name), agreements, "agreement")
        for gid, program in item.record.programs.items():
            for i, other in enumerate(program.implements):
                check(item, ("programs", gid, "implements", i), other, agreements, "agreement")
    return problems


def referenced_place_codes(items: Iterable[LoadedRecord]) -> list[str]:
    """Kemendagri codes of the kecamatan, desa and kelurahan the records name (for the gazetteer graph)."""
    return sorted({place.code for item in items for place in item.places.values()})


def emit_record(item: LoadedRecord, graph: TripleSink) -> None:
    """Write the triples of one validated record into ``graph`` (its source's graph)."""
    RecordEmitter(item, graph, vocabulary()).emit()
