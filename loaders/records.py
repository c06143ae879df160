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

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rdflib import URIRef

from kg.dataset import TripleBuffer as TripleSink
from kg.dataset import nquads
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
    "region_iri", "referenced_place_codes", "project_vocabulary_path", "RecordInput", "ReadRecords",
    "read_for_build",
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
    from kg.build import _record_files  # one listing for the loader and the build's staleness check

    return _record_files(paths)


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


def read_record(path: Path, text: str | None = None) -> LoadedRecord:
    """Read, validate and resolve one record file.

    Args:
        path: The record file.
        text: Its text, when the caller has already read it.

    Raises:
        RecordError: With one ``path:line: message`` per problem found.
    """
    doc = read_marked_yaml(path, text)
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
    read = read_for_build(paths, keep_items=True, emit=False, processes=1)
    return read.items, read.problems


@dataclass(frozen=True)
class RecordInput:
    """A record file as it was read: size and time before reading, SHA-256 of the bytes read."""

    path: Path
    size: int
    mtime_ns: int
    sha256: str


@dataclass
class _FileRead:
    """What reading one file gives: its problems, or what the checks across records need and its triples."""

    path: Path
    problems: list[RecordProblem]
    input: RecordInput | None = None
    source_id: str = ""
    source_line: int = 1
    events: tuple[str, ...] = ()
    agreements: tuple[str, ...] = ()
    references: tuple[tuple[int, str, str], ...] = ()  # (line, "<source id>/<id>", "event"|"agreement")
    place_codes: tuple[str, ...] = ()
    item: LoadedRecord | None = None


@dataclass
class ReadRecords:
    """Every record file of a build, read: the good ones, every problem, and the triples of the good ones."""

    records: list[_FileRead]
    problems: list[RecordProblem]
    inputs: list[RecordInput]
    nquads: list[str]  # N-Quads text (named graph and union) of the records, in chunks
    folders: dict[str, int] = field(default_factory=dict)  # folder walked -> its time before listing
    listed_ns: int = 0  # when the folders were listed

    @property
    def items(self) -> list[LoadedRecord]:
        """The loaded records (only when read with ``keep_items``)."""
        return [r.item for r in self.records if r.item is not None]

    def place_codes(self) -> list[str]:
        """Kemendagri codes of the places the good records name, sorted (:func:`referenced_place_codes`)."""
        return sorted({code for r in self.records for code in r.place_codes})


def _cross_references(item: LoadedRecord) -> Iterator[tuple[int, str, str]]:
    """Every ``<source id>/<id>`` reference of ``item`` to an event or agreement: (line, value, what)."""

    def refs(where: PathKey, value: str | None, what: str) -> Iterator[tuple[int, str, str]]:
        if value is not None and "/" in value:
            yield item.document.line_of(where), value, what

    for eid, event in item.record.events.items():
        for name in ("follows", "before", "in_preparation_for"):
            for i, other in enumerate(getattr(event, name)):
                yield from refs(("events", eid, name, i), other, "event")
    for aid, agreement in item.record.agreements.items():
        for name in ("based_on", "follows", "amends", "extends"):
            yield from refs(("agreements", aid, name), getattr(agreement, name), "agreement")
    for gid, program in item.record.programs.items():
        for i, other in enumerate(program.implements):
            yield from refs(("programs", gid, "implements", i), other, "agreement")


def _read_file(path: Path, keep_item: bool, emit: bool) -> tuple[_FileRead, str]:
    """Read, check and (``emit``) write the triples of one record file."""
    try:
        stat = os.stat(path)
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _FileRead(path, [RecordProblem(path, 1, f"cannot read the file: {exc}")]), ""
    if "\r" in text:  # as reading in text mode does
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    read_as = RecordInput(path, stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())
    try:
        item = read_record(path, text)
    except RecordError as exc:
        return _FileRead(path, list(exc.problems), read_as), ""
    triples = ""
    if emit:
        buffer = TripleSink()
        emit_record(item, buffer)
        triples = nquads(item.source_iri, buffer)
    record = item.record
    sid = record.source.id
    return _FileRead(
        path, [], read_as, source_id=sid, source_line=item.document.line_of(("source", "id")),
        events=tuple(f"{sid}/{e}" for e in record.events), agreements=tuple(f"{sid}/{a}" for a in record.agreements),
        references=tuple(_cross_references(item)), place_codes=tuple(place.code for place in item.places.values()),
        item=item if keep_item else None,
    ), triples


def _read_chunk(task: tuple[list[Path], bool, bool]) -> tuple[list[_FileRead], str]:
    files, keep_items, emit = task
    results, texts = [], []
    for path in files:
        result, triples = _read_file(path, keep_items, emit)
        results.append(result)
        texts.append(triples)
    return results, "".join(texts)


def _die_with_parent() -> None:
    """Pool initializer: end this worker when the build process ends, even by ``kill -9``."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


_PARALLEL_FROM = 400  # files; fewer are read in this process (a worker costs a fork and a pipe)
_CHUNK = 100


def _worker_count(files: int, processes: int | None) -> int:
    if processes is None:
        configured = os.environ.get("JEJARING_BUILD_PROCESSES", "")
        processes = int(configured) if configured.isdigit() else (os.cpu_count() or 1)
        if files < _PARALLEL_FROM:
            processes = 1
    return max(1, min(processes, -(-files // _CHUNK)))


def _chunks(files: list[Path], keep_items: bool, emit: bool, processes: int
            ) -> Iterator[tuple[list[_FileRead], str]]:
    tasks = [(files[i:i + _CHUNK], keep_items, emit) for i in range(0, len(files), _CHUNK)]
    if processes <= 1:
        yield from map(_read_chunk, tasks)
        return
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: read here
        yield from map(_read_chunk, tasks)
        return
    # what every record needs, loaded once before the workers are forked
    gazetteer(), vocabulary(), _project_terms()
    from kg.ontology import ontology_graph

    ontology_graph()
    with context.Pool(processes, initializer=_die_with_parent) as pool:
        yield from pool.imap(_read_chunk, tasks)


def read_for_build(paths: Iterable[Path], *, keep_items: bool = False, emit: bool = True,
                   processes: int | None = None, sink: Callable[[str], None] | None = None) -> ReadRecords:
    """Read every record file as :func:`check_records` does, and write the triples of each.

    Files are read in chunks by worker processes when there are many (``processes``: how many;
    by default one per CPU, or ``JEJARING_BUILD_PROCESSES``); the result is the same in any case.

    Args:
        paths: Record files or folders.
        keep_items: Keep each :class:`LoadedRecord` (SHACL needs them); without, only what the
            build needs crosses back from the workers.
        emit: Write the N-Quads of every good record.
        processes: Worker processes (1: read here).
        sink: Receives each chunk's N-Quads as soon as it is read (a store loading them while
            the workers read on); when omitted they are kept in ``nquads``. Chunks of files
            with problems are passed too: discard what the sink made when there are problems.

    Returns:
        Every file's outcome in the order of :func:`record_files`; ``problems`` as
        :func:`check_records` gives them.
    """
    from kg.build import _record_files

    folders: dict[str, int] = {}
    listed_ns = time.time_ns()
    files = _record_files(paths, folders)
    done: list[_FileRead] = []
    nquads_text: list[str] = []
    for results, text in _chunks(files, keep_items, emit, _worker_count(len(files), processes)):
        done.extend(results)
        if sink is None:
            nquads_text.append(text)
        elif text:
            sink(text)
    problems: list[RecordProblem] = []
    loaded: list[_FileRead] = []
    seen: dict[str, Path] = {}
    for result in done:
        if result.problems:
            problems.extend(result.problems)
            continue
        if result.source_id in seen:
            problems.append(RecordProblem(result.path, result.source_line,
                                          f"source id {result.source_id!r} is already used by {seen[result.source_id]}"))
            continue
        seen[result.source_id] = result.path
        loaded.append(result)
    problems.extend(_cross_record_problems(loaded))
    bad = {p.path for p in problems}
    good = [r for r in loaded if r.path not in bad]
    inputs = [r.input for r in done if r.input is not None]
    return ReadRecords(records=good, problems=problems, inputs=inputs,
                       nquads=nquads_text if len(good) == len(done) else [], folders=folders, listed_ns=listed_ns)


def _cross_record_problems(items: list[_FileRead]) -> list[RecordProblem]:
    """Check ``<source id>/<id>`` references to events and agreements of other records."""
    known = {"event": {e for i in items for e in i.events}, "agreement": {a for i in items for a in i.agreements}}
    problems: list[RecordProblem] = []
    for item in items:
        for line, value, what in item.references:
            if value in known[what]:
                continue
            source = value.split("/", 1)[0]
            hint = "" if any(k.startswith(source + "/") for k in known[what]) else f" (no record has source id {source!r})"
            problems.append(RecordProblem(item.path, line, f"unknown {what} {value!r} in another record{hint}"))
    return problems


def referenced_place_codes(items: Iterable[LoadedRecord]) -> list[str]:
    """Kemendagri codes of the kecamatan, desa and kelurahan the records name (for the gazetteer graph)."""
    return sorted({place.code for item in items for place in item.places.values()})


def emit_record(item: LoadedRecord, graph: TripleSink) -> None:
    """Write the triples of one validated record into ``graph`` (its source's graph)."""
    RecordEmitter(item, graph, vocabulary()).emit()
