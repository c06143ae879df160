"""Load curated YAML records into a source's named graph.

Reading is in three steps, each reporting every problem with its file and line before
anything is written: parse the YAML with line marks, validate it against the record models,
then resolve every reference (people, organizations, events, agreements, regions, sectors,
roles). Only a record that passes all three is turned into triples.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.errors import GazetteerError, RecordError, RecordProblem
from kg.dataset import TripleBuffer as TripleSink
from kg.gazetteer import Gazetteer, Region, gazetteer
from kg.ontology import Vocabulary, vocabulary
from kg.vocab import ID, JJ, ROLE, SECTOR, SOURCE

from .gazetteer import region_iri_for_code
from .record_schema import MODELS, DateSpec, OrganizationSpec, Record, RefSpec, field_names, model_fields_of
from .yaml_marks import MarkedDocument, PathKey, read_marked_yaml

__all__ = ["LoadedRecord", "read_record", "read_records", "emit_record", "record_files", "slug"]

# Organization kinds that belong to exactly one region and are named after it.
REGION_BOUND_NAMES = {
    "local-government": {"province": "Pemerintah Provinsi {bare}", "regency": "Pemerintah {name}", "city": "Pemerintah {name}"},
    "regional-council": {"province": "DPRD Provinsi {bare}", "regency": "DPRD {name}", "city": "DPRD {name}"},
    "crafts-council": {"province": "Dekranasda Provinsi {bare}", "regency": "Dekranasda {name}", "city": "Dekranasda {name}"},
}


def slug(text: str) -> str:
    """Return a lowercase ASCII identifier for ``text``.

    >>> slug("Leontinus Alpha Edison")
    'leontinus-alpha-edison'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


@dataclass(frozen=True)
class LoadedRecord:
    """A validated record, its line marks and its resolved regions."""

    path: Path
    record: Record
    document: MarkedDocument
    regions: dict[PathKey, Region]
    terms: dict[PathKey, URIRef] = field(default_factory=dict)

    @property
    def source_iri(self) -> URIRef:
        """The IRI of the source, which is also the name of its graph."""
        return SOURCE[self.record.source.id]


def record_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml`` files, sorted, keeping files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


_SHORT_FORMS = {
    "RefSpec": "a people/organizations id or a mapping {who: ..., on_behalf_of: ...}",
    "PartySpec": "an organizations id or a mapping {party: ..., signatory: ..., signed: ...}",
    "DateSpec": "a date: YYYY-MM-DD, YYYY-MM, YYYY or a mapping {text: ..., value: YYYY-MM-DD}",
}
_TYPE_WORDS = {
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number",
    "bool_parsing": "true or false", "bool_type": "true or false",
    "string_type": "text", "list_type": "a list ([a, b] or one '- item' per line)",
    "dict_type": "a mapping of ids to entries", "date_type": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD", "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_from_datetime_inexact": "a date YYYY-MM-DD without a time",
}


def _model_fields(class_name: str) -> str:
    for model in MODELS:
        if model.__name__ == class_name:
            return ", ".join(model_fields_of(model))
    return ""


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_message(err: Any, known: list[str]) -> str:
    """Turn one pydantic error into a curator's message: where, what was expected, what was found."""
    loc = tuple(part for part in err["loc"] if part != "[key]")
    where = ".".join(str(p) for p in loc) or "the file"
    name = str(loc[-1]) if loc else ""
    kind = err["type"]
    found = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown field {name!r} in {'.'.join(str(p) for p in loc[:-1]) or 'the record'}{hint}"
    if kind == "missing":
        return f"missing required field {where!r}"
    if kind in ("value_error", "assertion_error"):
        return f"{where}: {err['msg'].removeprefix('Value error, ').removeprefix('Assertion failed, ')}"
    if kind == "string_pattern_mismatch":
        if "https?" in str(ctx.get("pattern", "")):
            return f"{where}: expected a web address starting with http:// or https://, got {_shown(found)}"
        return f"{where}: expected an id of lowercase letters, digits and hyphens, got {_shown(found)}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(found), options, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{where}: expected one of: {', '.join(options)}; got {_shown(found)}{hint}"
    if kind in ("model_type", "model_attributes_type"):
        class_name = str(ctx.get("class_name", ""))
        expected = _SHORT_FORMS.get(class_name) or f"a mapping with fields {_model_fields(class_name)}"
        return f"{where}: expected {expected}, got {_shown(found)}"
    if kind == "string_too_short":
        return f"{where}: must not be empty"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{where}: expected a number of at least {bound}, got {_shown(found)}"
    if kind in _TYPE_WORDS:
        return f"{where}: expected {_TYPE_WORDS[kind]}, got {_shown(found)}"
    return f"{where}: {err['msg'].removeprefix('Input should be ').removeprefix('Value error, ')}, got {_shown(found)}"


def _validation_problems(doc: MarkedDocument, exc: ValidationError) -> list[RecordProblem]:
    known = sorted(field_names())
    problems: list[RecordProblem] = []
    seen: set[tuple[int, str]] = set()
    for err in exc.errors():
        message = _schema_message(err, known)
        line = doc.line_of(err["loc"])
        if (line, message) not in seen:
            seen.add((line, message))
            problems.append(RecordProblem(doc.path, line, message))
    return problems


class _ReferenceChecker:
    """Resolve every reference in a record, collecting one problem per bad reference."""

    def __init__(self, doc: MarkedDocument, record: Record, places: Gazetteer, vocab: Vocabulary,
                 shared_terms: dict[str, dict[str, URIRef]] | None = None) -> None:
        self.doc, self.record, self.places, self.vocab = doc, record, places, vocab
        self.problems: list[RecordProblem] = []
        self.regions: dict[PathKey, Region] = {}
        self.terms: dict[PathKey, URIRef] = {}
        self.extra: dict[str, dict[str, URIRef]] = {k: dict(v) for k, v in (shared_terms or {}).items()}

    def problem(self, where: PathKey, message: str) -> None:
        self.problems.append(RecordProblem(self.doc.path, self.doc.line_of(where), message))

    def local(self, where: PathKey, value: str | None, table: Mapping[str, object], what: str) -> None:
        if value is not None and value not in table:
            close = difflib.get_close_matches(value, list(table), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            listed = ", ".join(sorted(table)) or "none declared"
            self.problem(where, f"unknown {what} {value!r}{hint}; expected one of: {listed}")

    def any_local(self, where: PathKey, value: str | None, table: Mapping[str, object], what: str) -> None:
        """A local id, or ``<source id>/<id>`` of another record (checked across records)."""
        if value is not None and "/" not in value:
            self.local(where, value, table, what)

    def ref(self, where: PathKey, ref: RefSpec | None) -> None:
        if ref is None:
            return
        both = {**self.record.people, **self.record.organizations}
        self.local(where + ("who",) if ref.on_behalf_of or ref.capacity else where, ref.who, both,
                   "person or organization")
        self.local(where + ("on_behalf_of",), ref.on_behalf_of, both, "person or organization")

    def refs(self, where: PathKey, refs: Iterable[RefSpec]) -> None:
        for i, ref in enumerate(refs):
            self.ref(where + (i,), ref)

    def person_ref(self, where: PathKey, ref: RefSpec | None) -> None:
        if ref is None:
            return
        self.local(where + ("who",) if ref.on_behalf_of else where, ref.who, self.record.people, "person")
        both = {**self.record.people, **self.record.organizations}
        self.local(where + ("on_behalf_of",), ref.on_behalf_of, both, "person or organization")

    def controlled(self, where: PathKey, value: str | None, family: str) -> None:
        if value is None:
            return
        found = self.vocab.match(family, value, self.extra.get(family))
        if found.iri is not None:
            self.terms[where] = found.iri
            return
        command = {"organization kind": "organization-kinds", "event kind": "event-kinds",
                   "agreement kind": "agreement-kinds", "sector": "sectors", "role": "roles",
                   "agreement status": "statuses", "event status": "statuses"}.get(family)
        listing = f"; see `kg vocab {command}`" if command else ""
        if found.candidates:
            self.problem(where, f"{family} {value!r} is ambiguous: it is a label of {', '.join(found.candidates)}; "
                                f"write the id{listing}")
            return
        hint = f" (did you mean {' or '.join(repr(s) for s in found.suggestions)}?)" if found.suggestions else ""
        table = sorted({**self.vocab.table(family), **self.extra.get(family, {})})
        if len(table) <= 40:
            self.problem(where, f"unknown {family} {value!r}{hint}; expected one of: {', '.join(table)}")
        else:
            self.problem(where, f"unknown {family} {value!r}{hint}; expected an id, label or abbreviation{listing}"
                                f"{' (or add it under a broader term in the vocabulary: section)' if family in ('sector', 'role') else ''}")

    def region(self, where: PathKey, text: str | None) -> None:
        if text is None:
            return
        try:
            self.regions[where] = self.places.resolve(text)
        except GazetteerError as exc:
            self.problem(where, str(exc))

    def vocabulary_terms(self) -> None:
        spec = self.record.vocabulary
        if spec is None:
            return
        for family, plural in (("sector", "sectors"), ("role", "roles")):
            namespace = SECTOR if family == "sector" else ROLE
            for i, term in enumerate(getattr(spec, plural)):
                at: PathKey = ("vocabulary", plural, i)
                if term.id in self.vocab.table(family):
                    self.problem(at + ("id",), f"{family} {term.id!r} already exists; use it instead of adding it")
                    continue
                self.controlled(at + ("broader",), term.broader, family)
                self.extra.setdefault(family, {})[term.id] = namespace[term.id]

    def check(self) -> None:
        self.vocabulary_terms()
        r = self.record
        people, orgs, events, agreements = r.people, r.organizations, r.events, r.agreements
        everything: dict[str, object] = {**agreements, **r.programs, **r.products}
        for pid, person in people.items():
            at: PathKey = ("people", pid)
            self.local(at + ("spouse_of",), person.spouse_of, people, "person")
            if person.spouse_of == pid:
                self.problem(at + ("spouse_of",), f"person {pid!r} cannot be their own spouse")
            for i, post in enumerate(person.posts):
                pat: PathKey = at + ("posts", i)
                self.controlled(pat + ("role",), post.role, "role")
                self.local(pat + ("organization",), post.organization, orgs, "organization")
                self.region(pat + ("region",), post.region)
        for oid, org in orgs.items():
            at = ("organizations", oid)
            self.controlled(at + ("kind",), org.kind, "organization kind")
            self.region(at + ("region",), org.region)
            self.local(at + ("part_of",), org.part_of, orgs, "organization")
            if org.part_of == oid:
                self.problem(at + ("part_of",), f"organization {oid!r} cannot be part of itself")
            for i, other in enumerate(org.member_of):
                self.local(at + ("member_of", i), other, orgs, "organization")
            for i, text in enumerate(org.member_regions):
                self.region(at + ("member_regions", i), text)
            kind_iri = self.terms.get(at + ("kind",))
            bound = kind_iri is not None and self.vocab.id_of("organization kind", kind_iri) in REGION_BOUND_NAMES
            if bound and org.region is None and org.name is None:
                self.problem(at, f"organization {oid!r} of kind {org.kind!r} needs 'region:' (or 'name:')")
            if not bound and org.name is None and kind_iri is not None:
                self.problem(at, f"organization {oid!r} needs 'name:'")
        for eid, event in events.items():
            at = ("events", eid)
            self.controlled(at + ("kind",), event.kind, "event kind")
            self.region(at + ("location",), event.location)
            if event.place is not None and event.location is None:
                self.problem(at + ("place",), "'place:' needs 'location:' (the region the place lies in)")
            self.local(at + ("host",), event.host, orgs, "organization")
            for i, oid in enumerate(event.hosts):
                self.local(at + ("hosts", i), oid, orgs, "organization")
            self.local(at + ("organizer",), event.organizer, orgs, "organization")
            for i, oid in enumerate(event.organizers):
                self.local(at + ("organizers", i), oid, orgs, "organization")
            self.local(at + ("part_of",), event.part_of, events, "event")
            if event.part_of == eid:
                self.problem(at + ("part_of",), f"event {eid!r} cannot be part of itself")
            for i, other in enumerate(event.follows):
                self.any_local(at + ("follows", i), other, events, "event")
            for i, other in enumerate(event.concerns):
                self.local(at + ("concerns", i), other, everything, "agreement, program or product")
            self.refs(at + ("received_by",), event.received_by)
            self.ref(at + ("chair",), event.chair)
            for name in ("opened_by", "speakers", "witnesses", "participants"):
                self.refs(at + (name,), getattr(event, name))
            for i, topic in enumerate(event.topics):
                self.controlled(at + ("topics", i), topic, "sector")
            for j, delegation in enumerate(event.delegations):
                dat = at + ("delegations", j)
                self.local(dat + ("from",), delegation.from_, orgs, "organization")
                self.local(dat + ("on_behalf_of",), delegation.on_behalf_of, orgs, "organization")
                self.person_ref(dat + ("leader",), delegation.leader)
                for i, member in enumerate(delegation.members):
                    self.person_ref(dat + ("members", i), member)
                for i, oid in enumerate(delegation.member_organizations):
                    self.local(dat + ("member_organizations", i), oid, orgs, "organization")
        for aid, agreement in agreements.items():
            at = ("agreements", aid)
            self.controlled(at + ("kind",), agreement.kind, "agreement kind")
            self.controlled(at + ("status",), agreement.status, "agreement status")
            self.controlled(at + ("cooperation_type",), agreement.cooperation_type, "cooperation type")
            seen_parties: set[str] = set()
            for i, party in enumerate(agreement.parties):
                pat = at + ("parties", i)
                self.local(pat + ("party",) if party.signatory or party.signed is not None else pat,
                           party.party, orgs, "organization")
                if party.party in seen_parties:
                    self.problem(pat, f"party {party.party!r} is listed twice")
                seen_parties.add(party.party)
                self.person_ref(pat + ("signatory",), party.signatory)
            for i, ref in enumerate(agreement.signatories):
                self.person_ref(at + ("signatories", i), ref)
            self.refs(at + ("witnesses",), agreement.witnesses)
            for i, oid in enumerate(agreement.facilitators):
                self.local(at + ("facilitators", i), oid, orgs, "organization")
            self.local(at + ("signed_at",), agreement.signed_at, events, "event")
            for name in ("based_on", "follows", "amends", "extends"):
                value = getattr(agreement, name)
                self.any_local(at + (name,), value, agreements, "agreement")
                if value == aid:
                    self.problem(at + (name,), f"agreement {aid!r} cannot refer to itself in {name!r}")
            for i, change in enumerate(agreement.history):
                self.controlled(at + ("history", i, "status"), change.status, "agreement status")
            for i, topic in enumerate(agreement.topics):
                self.controlled(at + ("topics", i), topic, "sector")
        for gid, program in r.programs.items():
            at = ("programs", gid)
            self.local(at + ("owner",), program.owner, orgs, "organization")
            for i, oid in enumerate(program.partners):
                self.local(at + ("partners", i), oid, orgs, "organization")
            for i, text in enumerate(program.implemented_in):
                self.region(at + ("implemented_in", i), text)
            for i, topic in enumerate(program.topics):
                self.controlled(at + ("topics", i), topic, "sector")
            for i, aid in enumerate(program.implements):
                self.any_local(at + ("implements", i), aid, agreements, "agreement")
            for i, eid in enumerate(program.discussed_at):
                self.local(at + ("discussed_at", i), eid, events, "event")
        for uid, product in r.products.items():
            at = ("products", uid)
            for i, text in enumerate(product.regions):
                self.region(at + ("regions", i), text)
            for i, sector in enumerate(product.sectors):
                self.controlled(at + ("sectors", i), sector, "sector")
            for i, eid in enumerate(product.discussed_at):
                self.local(at + ("discussed_at", i), eid, events, "event")


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
        raise RecordError(_validation_problems(doc, exc)) from None
    checker = _ReferenceChecker(doc, record, gazetteer(), vocabulary())
    checker.check()
    if checker.problems:
        raise RecordError(checker.problems)
    return LoadedRecord(path=path, record=record, document=doc, regions=checker.regions, terms=checker.terms)


def read_records(paths: Iterable[Path]) -> list[LoadedRecord]:
    """Read every record, reporting the problems of all files together.

    Raises:
        RecordError: If any file has a problem, or two files claim the same source id.
    """
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
    if problems:
        raise RecordError(problems)
    return loaded


def region_iri(region: Region) -> URIRef:
    """Return the stable IRI of a region, derived from its Kemendagri code."""
    return region_iri_for_code(region.code)


class _Emitter:
    """Turn one validated record into triples in its source graph."""

    def __init__(self, item: LoadedRecord, graph: TripleSink, vocab: Vocabulary) -> None:
        self.item, self.vocab = item, vocab
        self.record = item.record
        self.source = item.source_iri
        self.add: Callable[[tuple[URIRef, URIRef, object]], object] = graph.add  # type: ignore[assignment]

    # -- identities ---------------------------------------------------------------------
    def kind_of(self, oid: str) -> str:
        iri = self.item.terms[("organizations", oid, "kind")]
        return self.vocab.id_of("organization kind", iri)

    def org_iri(self, oid: str) -> URIRef:
        org = self.record.organizations[oid]
        region = self.item.regions.get(("organizations", oid, "region"))
        kind = self.kind_of(oid)
        if kind in REGION_BOUND_NAMES and region is not None and org.name is None:
            return ID[f"organization/{kind}/{region.code}"]
        if org.key is not None:
            return ID[f"organization/{org.key}"]
        key = org.short_name or org.name or oid
        return ID[f"organization/{slug(key)}"]

    def org_region(self, oid: str | None) -> Region | None:
        return None if oid is None else self.item.regions.get(("organizations", oid, "region"))

    def person_iri(self, pid: str) -> URIRef:
        person = self.record.people[pid]
        return ID[f"person/{person.key or slug(person.name or pid)}"]

    def event_iri(self, eid: str) -> URIRef:
        return ID[f"event/{self.record.source.id}/{eid}"]

    def agreement_iri(self, aid: str) -> URIRef:
        return ID[f"agreement/{self.record.source.id}/{aid}"]

    def sector_iri(self, sid: str) -> URIRef:
        return self.vocab.sectors[sid]

    # -- helpers ------------------------------------------------------------------------
    def entity(self, iri: URIRef, cls: URIRef, name: str) -> None:
        self.add((iri, RDF.type, cls))
        self.add((iri, JJ.name, Literal(name)))
        self.add((iri, PROV.wasDerivedFrom, self.source))

    def text(self, iri: URIRef, predicate: URIRef, value: str | None) -> None:
        if value is not None:
            self.add((iri, predicate, Literal(value)))

    def date(self, iri: URIRef, spec: DateSpec | None, *, start: URIRef = JJ.startDate,
             end: URIRef | None = JJ.endDate) -> None:
        if spec is None:
            return
        self.add((iri, start, Literal(spec.value, datatype=XSD.date)))
        if spec.end is not None and end is not None:
            self.add((iri, end, Literal(spec.end, datatype=XSD.date)))
        self.add((iri, JJ.dateAsWritten, Literal(spec.text)))
        self.add((iri, JJ.datePrecision, Literal(spec.precision)))
        self.text(iri, JJ.dateInference, spec.inferred)

    # -- sections -----------------------------------------------------------------------
    def emit(self) -> None:
        self.emit_source()
        for oid in self.record.organizations:
            self.emit_organization(oid)
        for pid in self.record.people:
            self.emit_person(pid)
        for eid in self.record.events:
            self.emit_event(eid)
        for aid in self.record.agreements:
            self.emit_agreement(aid)
        for gid in self.record.programs:
            self.emit_program(gid)
        for uid in self.record.products:
            self.emit_product(uid)

    def emit_source(self) -> None:
        s = self.record.source
        name = s.headline or f"{s.publisher or 'unnamed publisher'}: {s.file}"
        self.add((self.source, RDF.type, JJ.NewsArticle))
        self.add((self.source, JJ.name, Literal(name)))
        self.text(self.source, JJ.headline, s.headline)
        self.text(self.source, JJ.publisherName, s.publisher)
        self.text(self.source, JJ.publisherNote, s.publisher_note)
        self.text(self.source, JJ.byline, s.byline)
        self.text(self.source, JJ.sourceFile, s.file)
        self.text(self.source, JJ.recordFile, self.item.path.name)
        self.date(self.source, s.published, start=JJ.publishedOn, end=None)

    def emit_organization(self, oid: str) -> None:
        org: OrganizationSpec = self.record.organizations[oid]
        iri = self.org_iri(oid)
        region = self.org_region(oid)
        name = org.name
        kind = self.kind_of(oid)
        if name is None and region is not None and kind in REGION_BOUND_NAMES:
            name = REGION_BOUND_NAMES[kind][region.kind].format(name=region.name, bare=region.bare_name)
        self.entity(iri, self.item.terms[("organizations", oid, "kind")], name or oid)
        self.text(iri, JJ.shortName, org.short_name)
        self.text(iri, JJ.description, org.description)
        if region is not None:
            predicate = JJ.governs if kind == "local-government" else JJ.servesRegion
            self.add((iri, predicate, region_iri(region)))
        if org.part_of is not None:
            self.add((iri, JJ.partOf, self.org_iri(org.part_of)))

    def emit_person(self, pid: str) -> None:
        person = self.record.people[pid]
        iri = self.person_iri(pid)
        self.entity(iri, JJ.Person, person.name or pid)
        for nick in person.nicknames:
            self.add((iri, JJ.nickname, Literal(nick)))
        for spelling in person.variant_spellings:
            self.add((iri, JJ.variantSpelling, Literal(spelling)))
        self.text(iri, JJ.describedAs, person.described_as)
        for post in person.posts:
            if post.organization is None:
                continue
            org_iri = self.org_iri(post.organization)
            role = self.item.terms[("people", pid, "posts", person.posts.index(post), "role")]
            post_iri = ID[f"post/{(person.key or slug(person.name or pid))}/{slug(str(role).rsplit('/', 1)[-1])}/{str(org_iri).rsplit('organization/', 1)[-1]}"]
            self.entity(post_iri, JJ.Post, f"{self.vocab.label(role)}, {person.name or pid}")
            self.add((post_iri, JJ.holder, iri))
            self.add((post_iri, JJ.postIn, org_iri))
            self.add((post_iri, JJ.role, role))
            region = self.org_region(post.organization)
            if region is not None:
                self.add((post_iri, JJ.postRegion, region_iri(region)))
            self.date(post_iri, post.since, end=None)
            if post.until is not None:
                self.add((post_iri, JJ.endDate, Literal(post.until.value, datatype=XSD.date)))
            attested = self._attestation_date()
            if attested is not None:
                self.add((post_iri, JJ.attestedOn, Literal(attested, datatype=XSD.date)))

    def _attestation_date(self) -> dt.date | None:
        """The day the source shows posts held: its publication date, else its first event."""
        if self.record.source.published is not None:
            return self.record.source.published.value
        dates = [e.date.value for e in self.record.events.values() if e.date is not None]
        return min(dates) if dates else None

    def emit_event(self, eid: str) -> None:
        event = self.record.events[eid]
        iri = self.event_iri(eid)
        cls = self.item.terms[("events", eid, "kind")]
        self.entity(iri, cls, event.name)
        self.date(iri, event.date)
        self.text(iri, JJ.venue, event.venue)
        self.text(iri, JJ.purpose, event.purpose)
        location = self.item.regions.get(("events", eid, "location"))
        if location is not None:
            self.add((iri, JJ.locatedIn, region_iri(location)))
        for host in event.all_hosts:
            self.add((iri, JJ.hostOrganization, self.org_iri(host)))
            host_region = self.org_region(host)
            if host_region is not None:
                self.add((iri, JJ.hostRegion, region_iri(host_region)))
        if event.organizer is not None:
            self.add((iri, JJ.organizer, self.org_iri(event.organizer)))
        if event.part_of is not None:
            self.add((iri, JJ.partOf, self.event_iri(event.part_of)))
        for ref in event.received_by:
            if ref.who in self.record.people:
                self.add((iri, JJ.receivedBy, self.person_iri(ref.who)))
        for ref in event.participants:
            target = self.person_iri(ref.who) if ref.who in self.record.people else self.org_iri(ref.who)
            self.add((iri, JJ.participant, target))
        for i in range(len(event.topics)):
            self.add((iri, JJ.topic, self.item.terms[("events", eid, "topics", i)]))
        learning = event.learning if event.learning is not None else event.kind == "study-visit"
        if learning:
            self.add((iri, JJ.learningPurpose, Literal(True)))
        for index, delegation in enumerate(event.delegations, start=1):
            d_iri = ID[f"delegation/{self.record.source.id}/{eid}/{index}"]
            sender = self.record.organizations[delegation.from_]
            sender_name = sender.short_name or sender.name or self._org_display(delegation.from_)
            self.entity(d_iri, JJ.Delegation, f"Delegasi {sender_name}")
            self.add((iri, JJ.delegation, d_iri))
            self.add((d_iri, JJ.fromOrganization, self.org_iri(delegation.from_)))
            region = self.org_region(delegation.from_)
            if region is not None:
                self.add((d_iri, JJ.fromRegion, region_iri(region)))
            if delegation.leader is not None:
                self.add((d_iri, JJ.leader, self.person_iri(delegation.leader.who)))
            if delegation.size is not None:
                self.add((d_iri, JJ.size, Literal(delegation.size, datatype=XSD.integer)))
            for member in delegation.members:
                self.add((d_iri, JJ.member, self.person_iri(member.who)))
            for oid in delegation.member_organizations:
                self.add((d_iri, JJ.memberOrganization, self.org_iri(oid)))
            self.text(d_iri, JJ.description, delegation.description)

    def _org_display(self, oid: str) -> str:
        region = self.org_region(oid)
        org = self.record.organizations[oid]
        if region is not None and self.kind_of(oid) in REGION_BOUND_NAMES:
            return REGION_BOUND_NAMES[self.kind_of(oid)][region.kind].format(name=region.name, bare=region.bare_name)
        return oid

    def emit_agreement(self, aid: str) -> None:
        agreement = self.record.agreements[aid]
        iri = self.agreement_iri(aid)
        self.entity(iri, self.item.terms[("agreements", aid, "kind")], agreement.name)
        self.add((iri, JJ.status, self.item.terms[("agreements", aid, "status")]))
        if agreement.cooperation_type is not None:
            self.add((iri, JJ.cooperationType, self.item.terms[("agreements", aid, "cooperation_type")]))
        for party in agreement.parties:
            oid = party.party
            self.add((iri, JJ.party, self.org_iri(oid)))
            region = self.org_region(oid)
            if region is not None:
                self.add((iri, JJ.partyRegion, region_iri(region)))
        for ref in agreement.signatories:
            self.add((iri, JJ.signatory, self.person_iri(ref.who)))
        if agreement.signed_at is not None:
            self.add((iri, JJ.signedAt, self.event_iri(agreement.signed_at)))
        if agreement.date is not None:
            self.add((iri, JJ.signedOn, Literal(agreement.date.value, datatype=XSD.date)))
            self.add((iri, JJ.dateAsWritten, Literal(agreement.date.text)))
            self.add((iri, JJ.datePrecision, Literal(agreement.date.precision)))
            self.text(iri, JJ.dateInference, agreement.date.inferred)
        start = agreement.valid_from.value if agreement.valid_from else (agreement.date.value if agreement.date else None)
        if start is not None and agreement.status == "signed":
            self.add((iri, JJ.validFrom, Literal(start, datatype=XSD.date)))
        if agreement.validity_years is not None:
            self.add((iri, JJ.validity, Literal(f"P{agreement.validity_years}Y", datatype=XSD.duration)))
        until = agreement.valid_until.value if agreement.valid_until else None
        if until is None and start is not None and agreement.validity_years is not None:
            until = _add_years(start, agreement.validity_years) - dt.timedelta(days=1)
        if until is not None:
            self.add((iri, JJ.validUntil, Literal(until, datatype=XSD.date)))
        self.text(iri, JJ.scope, agreement.scope)
        self.text(iri, JJ.expectedFollowUp, agreement.expected_follow_up)
        for i in range(len(agreement.topics)):
            self.add((iri, JJ.topic, self.item.terms[("agreements", aid, "topics", i)]))
        if agreement.framework is not None:
            self.add((iri, JJ.follows, self.agreement_iri(agreement.framework)))

    def emit_program(self, gid: str) -> None:
        program = self.record.programs[gid]
        iri = ID[f"program/{slug(program.name)}"]
        self.entity(iri, JJ.Program, program.name)
        self.add((iri, JJ.owner, self.org_iri(program.owner)))
        owner_region = self.org_region(program.owner)
        if owner_region is not None:
            self.add((iri, JJ.ownerRegion, region_iri(owner_region)))
        for i in range(len(program.implemented_in)):
            self.add((iri, JJ.implementedIn, region_iri(self.item.regions[("programs", gid, "implemented_in", i)])))
        for i in range(len(program.topics)):
            self.add((iri, JJ.topic, self.item.terms[("programs", gid, "topics", i)]))
        self.text(iri, JJ.description, program.description)
        self.date(iri, program.started, end=None)
        for aid in program.implements:
            self.add((iri, JJ.implements, self.agreement_iri(aid)))
        for eid in program.discussed_at:
            self.add((iri, JJ.discussedAt, self.event_iri(eid)))

    def emit_product(self, uid: str) -> None:
        product = self.record.products[uid]
        iri = ID[f"product/{slug(product.name)}"]
        self.entity(iri, JJ.Product, product.name)
        for i in range(len(product.regions)):
            self.add((iri, JJ.originRegion, region_iri(self.item.regions[("products", uid, "regions", i)])))
        for i in range(len(product.sectors)):
            self.add((iri, JJ.topic, self.item.terms[("products", uid, "sectors", i)]))
        if product.potential:
            self.add((iri, JJ.potential, Literal(True)))
        self.text(iri, JJ.description, product.description)
        for eid in product.discussed_at:
            self.add((iri, JJ.discussedAt, self.event_iri(eid)))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def emit_record(item: LoadedRecord, graph: TripleSink) -> None:
    """Write the triples of one validated record into ``graph`` (its source's graph)."""
    _Emitter(item, graph, vocabulary()).emit()

